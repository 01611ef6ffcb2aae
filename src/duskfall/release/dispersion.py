"""Dispersion: where the jumpers open and land when the wind, the body and the exit vary.

A Monte Carlo ensemble over wind error by altitude, drag-area spread, exit-time and
exit-position error, with an explicit seed, from the release point's own jump (its
trajectory keeps the :class:`~duskfall.fall.Jump`): landing and opening ellipses (50 %
and 95 %), the probability of landing within a radius of the target and the probability
that the action stays in the light window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import numpy as np

from duskfall import fall
from duskfall.errors import InconsistentInputError, OutOfRangeError, check_range
from duskfall.notices import Notice, merge
from duskfall.release.geometry import unit_vector
from duskfall.release.spot import ReleasePoint
from duskfall.winds import ConstantWind, WindError, is_time_dependent, perturb

MIN_MEMBERS = 10
MAX_MEMBERS = 100_000
"""Members of a dispersion ensemble: at least 10 for an ellipse, at most 100,000 (about
6 s and 100 MB on one core; the probabilities' standard error is then 0.16 %)."""

MEMBERS_ALLOWED = f"0 (no Monte Carlo), or {MIN_MEMBERS} to {MAX_MEMBERS:,} ensemble members"
"""What a plan's or a release's member count may be (0 skips the dispersion)."""

DISPERSION_RTOL = 1e-5
"""Relative tolerance of the members' integration (:func:`duskfall.fall.simulate_ensemble`),
ten times a single jump's: the members' openings and landings move by under a metre
(their spread is hundreds of metres), their free-fall times by under 2 ms and the
opening ellipses by under 0.1 % (tests/test_release.py), for a third fewer steps (the
seed's 1,000 members: 23 free-fall and 6 canopy steps instead of 34 and 9)."""

_landings = partial(fall.simulate_ensemble, peaks=False)
"""The members' fall as the dispersion needs it: where they open and land, without the
peaks (a fifth less work; the notices are the same). Called with
:data:`DISPERSION_RTOL`, read at each call."""


@dataclass(frozen=True)
class Ellipse:
    """An ellipse that holds a given share of the ensemble's points."""

    probability: float
    """Share of the members inside (0-1)."""
    center_east_m: float
    center_north_m: float
    """Centre (the ensemble mean) east and north of the target [m]."""
    semi_major_m: float
    semi_minor_m: float
    orientation_deg: float
    """Azimuth of the major axis [deg true, 0-180)."""

    def boundary(self, points: int = 72) -> tuple[np.ndarray, np.ndarray]:
        """(east, north) [m] of ``points`` points on the ellipse, counter-clockwise."""
        angle = np.linspace(0.0, 2 * np.pi, points, endpoint=False)
        major = unit_vector(self.orientation_deg)
        minor = np.array([-major[1], major[0]])  # 90 deg counter-clockwise of the major
        along = self.semi_major_m * np.cos(angle)
        across = self.semi_minor_m * np.sin(angle)
        east = self.center_east_m + along * major[0] + across * minor[0]
        north = self.center_north_m + along * major[1] + across * minor[1]
        return east, north


def ellipse(east_m, north_m, probability: float) -> Ellipse:
    """The ellipse centred on the mean, shaped by the covariance, holding ``probability``.

    The shape is the covariance ellipse; its size is the ``probability`` quantile of the
    members' Mahalanobis distances, so that it holds that share of the points whatever
    their distribution (for a bivariate normal this tends to the chi-square radius
    ``sqrt(-2 ln(1 - p))``: 1.177 for 50 %, 2.448 for 95 %).

    Parameters
    ----------
    east_m, north_m
        Points [m], (N,) each.
    probability
        Share to hold, 0 < p < 1.
    """
    if not 0.0 < probability < 1.0:
        raise OutOfRangeError("probability", probability, "between 0 and 1 (exclusive)")
    points = np.stack([np.asarray(east_m, float), np.asarray(north_m, float)])
    center = points.mean(axis=1)
    if points.shape[1] < 3:
        raise OutOfRangeError("members", points.shape[1], "at least 3 points for an ellipse")
    covariance = np.cov(points)
    values, vectors = np.linalg.eigh(covariance)
    values = np.clip(values, 0.0, None)
    deviation = points - center[:, None]
    scale = float(np.sqrt(values.max())) if values.max() > 0 else 0.0
    if scale == 0.0:
        return Ellipse(probability, float(center[0]), float(center[1]), 0.0, 0.0, 0.0)
    # Mahalanobis distance; a degenerate (line-like) cloud gets a tiny floor on its minor
    # variance (1 mm^2) so that the distance stays defined.
    floor = np.maximum(values, 1e-6)
    projected = vectors.T @ deviation
    distance = np.sqrt(np.sum(projected**2 / floor[:, None], axis=0))
    k = float(np.quantile(distance, probability))
    major = vectors[:, 1]
    orientation = float(np.degrees(np.arctan2(major[0], major[1])) % 180.0)
    return Ellipse(
        probability,
        float(center[0]),
        float(center[1]),
        k * float(np.sqrt(values[1])),
        k * float(np.sqrt(values[0])),
        orientation,
    )


@dataclass(frozen=True)
class Uncertainty:
    """What may go wrong, for :func:`dispersion`. Standard deviations; all Gaussian."""

    wind: WindError = field(default_factory=WindError)
    """Wind error by altitude (each component)."""
    cda_relative: float = 0.10
    """Relative spread of the drag area (log-normal, median the nominal) [1]. Body
    position varies from jump to jump: 10 % in CdA is about 5 % in terminal speed."""
    exit_time_s: float = 15.0
    """Error of the exit time against the plan [s]: the aircraft early or late on the
    timeline."""
    exit_along_track_m: float = 100.0
    """Error of the exit position along the jump run [m]: spotting and the reaction to
    the green light (1 s at 75 m/s is 75 m)."""
    exit_cross_track_m: float = 50.0
    """Error of the exit position across the jump run [m]: navigation."""

    def __post_init__(self):
        for name in ("cda_relative", "exit_time_s", "exit_along_track_m", "exit_cross_track_m"):
            check_range(name, getattr(self, name), 0, allowed="a non-negative standard deviation")


@dataclass(frozen=True)
class Dispersion:
    """Where N jumpers land when everything varies as :class:`Uncertainty` says."""

    members: int
    seed: int
    radius_m: float
    """Radius of the landing area for :attr:`p_land_within_radius` [m]."""
    landing_east_m: np.ndarray
    landing_north_m: np.ndarray
    """Landing points [m from the target], (N,): each jumper steers for the target and
    lands on it if it is within the canopy's reach, else as close as the reach allows."""
    deploy_east_m: np.ndarray
    deploy_north_m: np.ndarray
    """Where deployment starts [m from the target], (N,)."""
    reach_east_m: np.ndarray
    reach_north_m: np.ndarray
    """Centres of each member's reachable area [m from the target], (N,)."""
    exit_time_utc_s: np.ndarray | None
    """Each member's exit time [POSIX s], or None without a planned exit time."""
    freefall_duration_s: np.ndarray
    landing_ellipse_50: Ellipse
    landing_ellipse_95: Ellipse
    deploy_ellipse_50: Ellipse
    deploy_ellipse_95: Ellipse
    p_land_within_radius: float
    p_target_reachable: float
    p_action_in_light: float | None
    """Share of members whose whole action is in the light window, or None if no window
    was given."""
    uncertainty: Uncertainty
    notices: tuple[Notice, ...] = ()

    @property
    def standard_error(self) -> float:
        """Largest standard error of the probabilities (at p = 0.5) [1]: 0.5 / sqrt(N)."""
        return 0.5 / np.sqrt(self.members)


def _window_edges(window) -> tuple[float | None, float | None]:
    """(start, end) [POSIX s] of a light window: an object with ``start_utc_s`` and
    ``end_utc_s``, or a (start, end) pair; an edge may be None (open)."""
    if isinstance(window, tuple | list):
        start, end = window
    else:
        start, end = window.start_utc_s, window.end_utc_s
    return (None if start is None else float(start)), (None if end is None else float(end))


def _draw_exits(release: ReleasePoint, uncertainty: Uncertainty, n: int, rng):
    """Each member's drag area, exit point and exit time."""
    nominal = release.trajectory
    cda = nominal.cda_m2 * np.exp(uncertainty.cda_relative * rng.standard_normal(n))
    largest = float(cda.max())
    if largest > fall.MAX_CDA_M2:
        # a member's body would be refused naming the drag area nobody gave
        raise OutOfRangeError(
            "cda_relative",
            uncertainty.cda_relative,
            f"a spread whose members keep under {fall.MAX_CDA_M2:g} m2 of drag area "
            f"(about {np.log(fall.MAX_CDA_M2 / nominal.cda_m2) / 4:.2g} or less for "
            f"{nominal.cda_m2:.2g} m2)",
            f"draws a member with {largest:.3g} m2",
        )
    track = unit_vector(release.jump_run_track_deg_true)
    right = np.array([track[1], -track[0]])
    along = uncertainty.exit_along_track_m * rng.standard_normal(n)
    across = uncertainty.exit_cross_track_m * rng.standard_normal(n)
    east = release.release_point.east_m + along * track[0] + across * right[0]
    north = release.release_point.north_m + along * track[1] + across * right[1]
    times = None
    if release.exit_time_utc_s is not None:
        times = release.exit_time_utc_s + uncertainty.exit_time_s * rng.standard_normal(n)
    return cda, east, north, times


def _steer(ensemble: fall.Ensemble):
    """Landing points when each jumper steers for the target: on it if it is within the
    canopy's reach of the pure-drift point, else at the nearest point of the reach."""
    center_east, center_north = ensemble.drift_east_m, ensemble.drift_north_m
    reach = ensemble.reach_radius_m
    miss = np.hypot(center_east, center_north)
    reachable = miss <= reach
    shrink = np.where(reachable, 0.0, 1.0 - reach / np.maximum(miss, 1e-9))
    return center_east * shrink, center_north * shrink, reachable


def _in_light(light_window, exit_times, late) -> float:
    start, end = _window_edges(light_window)
    inside = np.ones(late.size, dtype=bool)
    if start is not None:
        inside &= exit_times >= start
    if end is not None:
        inside &= exit_times + late <= end
    return float(np.mean(inside))


def _members_fall(jump: fall.Jump, exit_times_utc_s) -> fall.Ensemble:
    """The fall (:data:`_landings`) of the members of ``jump`` with exits at
    ``exit_times_utc_s`` [POSIX s] (None, or one per member).

    In a steady wind (not :func:`duskfall.winds.is_time_dependent`) the fall does not
    depend on the exit times, so it is simulated without them and kept
    (:func:`duskfall.fall.kept`): the same jump planned on another day, at another minute
    or in another light band (a page's calendar and its season strip) does not fall
    again. The answer is the same to the last bit (tests/test_release.py).
    """
    if is_time_dependent(jump.wind):
        return _landings(jump.with_exit(time_utc_s=exit_times_utc_s), DISPERSION_RTOL)
    return fall.kept(_landings, jump.with_exit(time_utc_s=None), DISPERSION_RTOL)


def _checked(release: ReleasePoint, members, radius_m, light_window) -> tuple[int, float]:
    """The member count and the landing radius, checked; a light window needs an exit
    time."""
    if isinstance(members, bool) or not isinstance(members, int | np.integer):
        allowed = f"a whole number, {MIN_MEMBERS} to {MAX_MEMBERS:,}"
        raise OutOfRangeError("members", members, allowed)
    check_range("members", members, MIN_MEMBERS, MAX_MEMBERS)
    radius_m = check_range("radius_m", radius_m, 0, unit="m")
    if light_window is not None and release.exit_time_utc_s is None:
        raise InconsistentInputError(
            "light window", light_window, "a release point with an exit time", "needs one"
        )
    return int(members), radius_m


def _members(release: ReleasePoint, uncertainty: Uncertainty, n: int, seed):
    """The ``n`` members drawn with ``seed`` (drag areas, exits, then wind errors, in
    that order from one generator) and their fall; and their exit times (or None)."""
    rng = np.random.default_rng(seed)
    jump = release.trajectory.jump
    cda, east, north, times = _draw_exits(release, uncertainty, n, rng)
    wind = perturb(
        jump.wind or ConstantWind(),
        uncertainty.wind,
        n,
        rng,
        min(release.ground_elevation_m, release.deploy_altitude_m) - 10.0,
        release.exit_altitude_m + 10.0,
    )
    # The drift point and the reach do not depend on the canopy's heading: a fixed one is
    # the cheapest to integrate (holding into each member's wind costs a third more).
    ensemble = _members_fall(
        jump.replace(wind=wind, canopy_heading_deg=0.0)
        .with_body(cda_m2=cda)
        .with_exit(east_m=east, north_m=north),
        times,
    )
    return ensemble, times


def dispersion(
    release: ReleasePoint,
    *,
    members: int = 1000,
    seed: int = 0,
    uncertainty: Uncertainty | None = None,
    radius_m: float = 100.0,
    light_window=None,
) -> Dispersion:
    """Monte Carlo dispersion of the jump of a release point.

    Parameters
    ----------
    release
        The nominal release point (:func:`~duskfall.release.find_release_point`): its
        jump (``release.trajectory.jump``: body, canopy, wind), exit point, jump run and
        exit time are the nominal members'.
    members
        Ensemble size N, 10 to 100,000.
    seed
        Seed of the random generator: the same seed gives the same answer.
    uncertainty
        Error model; :class:`Uncertainty` defaults if None.
    radius_m
        Radius of the landing area [m] for :attr:`Dispersion.p_land_within_radius`.
    light_window
        Exit times that keep the nominal action in the light: a window with
        ``start_utc_s`` and ``end_utc_s`` (e.g. from the plan) or a (start, end) pair
        [POSIX s]; an edge may be None (open). Requires the release point's exit time.

    Returns
    -------
    Dispersion

    Raises
    ------
    OutOfRangeError
        For members outside 10-100,000 or a negative radius; InconsistentInputError for a
        light window without an exit time.

    Notes
    -----
    Members differ by a wind error profile (:class:`duskfall.winds.WindError`, drawn
    every 250 m from the ground to the exit), a log-normal drag area, an exit time and an
    exit position (along and across the jump run). All members are integrated together
    by :func:`duskfall.fall.simulate_ensemble` (at :data:`DISPERSION_RTOL`), which gives
    each member's pure-drift point and canopy reach; the jumper then steers for the
    target and lands on it when it is within the reach, else at the nearest point of the
    reach.

    A member's action is in the light if it exits no earlier than the window opens and
    its action ends no later than the nominal action ending at the window's close: a
    longer free fall (a smaller drag area) ends later, in the lower, darker air. This is
    first-order in the spread of the free-fall time about the nominal.
    """
    n, radius_m = _checked(release, members, radius_m, light_window)
    uncertainty = uncertainty or Uncertainty()
    nominal = release.trajectory
    ensemble, times = _members(release, uncertainty, n, seed)
    landing_east, landing_north, reachable = _steer(ensemble)
    distance = np.hypot(landing_east, landing_north)
    p_light = None
    if light_window is not None:
        late = ensemble.freefall_duration_s - nominal.freefall_duration_s
        p_light = _in_light(light_window, times, late)
    deploy_east, deploy_north = ensemble.deploy_east_m, ensemble.deploy_north_m
    return Dispersion(
        members=n,
        seed=int(seed),
        radius_m=float(radius_m),
        landing_east_m=landing_east,
        landing_north_m=landing_north,
        deploy_east_m=np.asarray(deploy_east),
        deploy_north_m=np.asarray(deploy_north),
        reach_east_m=ensemble.drift_east_m,
        reach_north_m=ensemble.drift_north_m,
        exit_time_utc_s=times,
        freefall_duration_s=np.asarray(ensemble.freefall_duration_s),
        landing_ellipse_50=ellipse(landing_east, landing_north, 0.5),
        landing_ellipse_95=ellipse(landing_east, landing_north, 0.95),
        deploy_ellipse_50=ellipse(deploy_east, deploy_north, 0.5),
        deploy_ellipse_95=ellipse(deploy_east, deploy_north, 0.95),
        p_land_within_radius=float(np.mean(distance <= radius_m)),
        p_target_reachable=float(np.mean(reachable)),
        p_action_in_light=p_light,
        uncertainty=uncertainty,
        notices=merge(ensemble.notices),
    )
