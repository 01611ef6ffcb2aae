"""The spot: the jump run and the exit point upwind of the target.

In a wind that depends on altitude (and time) only, the path of the jumper relative to
the exit point is the same wherever the exit is; so the exit is the aim point minus the
displacement to the opening point (or, aiming at the landing, to the pure-drift landing:
the centre of the canopy's reach), found from one trajectory with no iteration. The
canopy's reachable area comes with that trajectory
(:attr:`duskfall.fall.Trajectory.reach_radius_m`): no second simulation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from duskfall import fall
from duskfall.errors import InconsistentInputError, OutOfRangeError, check_range
from duskfall.fall import Jump, Trajectory
from duskfall.notices import Notice, merge
from duskfall.release.geometry import (
    IGRF_FIRST_YEAR,
    IGRF_LAST_YEAR,
    GeoPoint,
    locate,
    magnetic_declination_deg,
    unit_vector,
)
from duskfall.winds import ConstantWind, WindProfile, wind_direction_speed

REACH_RESERVE_FRACTION = 0.25
"""Share of the canopy's reach kept in reserve when drawing the green-light zone: the
pilot flies a landing pattern and corrects errors with it. A planning choice, not a
physical constant (:class:`SpotOptions`)."""

DEFAULT_GROUP_SEPARATION_M = 300.0
"""Ground distance between the exits of successive groups [m]: the 1,000 ft commonly used
at drop zones for groups of similar fall rate (more in strong upper winds)."""

MAX_GROUPS = 50
"""Most groups on one pass."""

CALM_MPS = 1.0
"""Below this wind speed at exit (and on average below it) a jump run has no preferred
direction [m/s]."""


@dataclass(frozen=True)
class SpotOptions:
    """How the spot is chosen: the aim, the groups, the green-light zone's margins."""

    aim: str = "opening"
    """``"opening"``: the canopy opens over the aim point; ``"landing"``: the centre of the
    canopy's reach (the pure-drift landing) is over it, so a round canopy or cargo lands
    on it without steering, and a ram-air canopy has it as far inside its reach as it can
    be, whichever way the winds and the exit err (holding into the wind all the way down,
    it would land upwind of it)."""
    aim_offset_m: tuple[float, float] = (0.0, 0.0)
    """(east, north) [m] of the aim point from the target."""
    groups: int = 1
    """Groups exiting on one pass."""
    group_separation_m: float = DEFAULT_GROUP_SEPARATION_M
    """Ground distance between successive groups' exits [m]."""
    target_radius_m: float = 100.0
    """Radius of the landing area [m], added to the reach for the green-light zone."""
    reach_reserve_fraction: float = REACH_RESERVE_FRACTION
    """Share of the canopy's reach kept in reserve (0 to less than 1)."""

    def __post_init__(self):
        if self.aim not in _AIMED:
            raise OutOfRangeError("aim", self.aim, "opening or landing")
        check_range("group_separation_m", self.group_separation_m, 0, unit="m")
        check_range("target_radius_m", self.target_radius_m, 0, unit="m")
        for value in self.aim_offset_m:
            check_range("aim_offset_m", value, -100_000, 100_000, unit="m")
        if isinstance(self.groups, bool) or not isinstance(self.groups, int | np.integer):
            raise OutOfRangeError("groups", self.groups, f"a whole number, 1 to {MAX_GROUPS}")
        check_range("groups", self.groups, 1, MAX_GROUPS)
        check_range(
            "reach_reserve_fraction",
            self.reach_reserve_fraction,
            0,
            1,
            high_inclusive=False,
            allowed="0 to less than 1",
        )


@dataclass(frozen=True)
class JumpRun:
    """The aircraft's pass over the release point."""

    track_deg_true: float
    """Ground track [deg true, 0-360)."""
    heading_deg_true: float
    """Heading flown to hold the track (wind correction included) [deg true]."""
    ground_speed_mps: float
    """Ground speed along the track [m/s]."""
    airspeed_mps: float
    """True airspeed [m/s]."""
    exit_wind_east_mps: float
    exit_wind_north_mps: float
    """The wind at the exit altitude and time (toward east and north) [m/s]."""
    notices: tuple[Notice, ...] = ()


def _wind_at(wind: WindProfile, altitude_m: float, time_utc_s: float | None):
    east, north = wind.velocity_enu_mps(altitude_m, time_utc_s)
    return float(np.ravel(east)[0]), float(np.ravel(north)[0])


def _into_the_wind(wind, exit_altitude_m, ground_elevation_m, time_utc_s, we, wn):
    """The track into the wind at exit, else into the mean wind; north if calm."""
    direction, speed = wind_direction_speed(we, wn)
    if speed >= CALM_MPS:
        return float(direction), ()
    levels = np.linspace(ground_elevation_m, exit_altitude_m, 50)
    me, mn = wind.velocity_enu_mps(levels, time_utc_s)
    direction, speed = wind_direction_speed(float(np.mean(me)), float(np.mean(mn)))
    if speed >= CALM_MPS:
        return float(direction), ()
    return 0.0, (Notice("calm-jump-run", "warn", {"track_deg": 0.0}),)


def find_jump_run(
    wind: WindProfile | None,
    exit_altitude_m: float,
    ground_elevation_m: float,
    time_utc_s: float | None,
    airspeed_mps: float,
    track_deg: float | None = None,
) -> JumpRun:
    """The jump run: its track (by default into the wind at the exit altitude), the
    heading that holds it against the crosswind, and the ground speed.

    Parameters
    ----------
    wind
        The wind; calm if None.
    exit_altitude_m, ground_elevation_m
        [m MSL]
    time_utc_s
        Time over the release point [POSIX s] (time-dependent winds), or None.
    airspeed_mps
        True airspeed [m/s]; 0 for a balloon (the heading is then the track).
    track_deg
        Ground track [deg true]; None for into the wind.

    Raises
    ------
    InconsistentInputError
        Naming ``jump run`` when the crosswind at exit is at least the airspeed, or the
        aircraft makes no headway along the track.
    """
    wind = wind or ConstantWind(source="calm (no wind given)")
    check_range("airspeed_mps", airspeed_mps, 0, fall.jump.MAX_AIRSPEED_MPS, unit="m/s")
    we, wn = _wind_at(wind, exit_altitude_m, time_utc_s)
    notices: tuple[Notice, ...] = ()
    if track_deg is None:
        track_deg, notices = _into_the_wind(
            wind, exit_altitude_m, ground_elevation_m, time_utc_s, we, wn
        )
    track_deg = check_range("track_deg", track_deg, 0, 360, unit="deg true")
    track = unit_vector(track_deg)
    cross = we * track[1] - wn * track[0]  # wind component toward the right of the track
    along = we * track[0] + wn * track[1]
    if airspeed_mps <= 0.0:
        heading, ground_speed = track_deg % 360.0, along
    else:
        wind_speed = float(np.hypot(we, wn))
        too_strong = {
            "wind": (
                f"{wind_speed:.1f} m/s at exit",
                f"a wind at exit the aircraft can fly the jump run in (its airspeed is "
                f"{airspeed_mps:.1f} m/s true)",
                "is too strong for the jump run",
            )
        }
        if abs(cross) >= airspeed_mps:
            raise InconsistentInputError(
                "jump run",
                round(track_deg, 1),
                f"a track whose crosswind at exit is below the airspeed ({airspeed_mps:.0f} m/s)",
                "cannot be flown",
                others=too_strong,
            )
        # Crab into the crosswind: the air velocity's rightward part cancels the wind's.
        correction = -float(np.degrees(np.arcsin(cross / airspeed_mps)))
        ground_speed = float(airspeed_mps * np.cos(np.radians(correction)) + along)
        heading = (track_deg + correction) % 360.0
        if ground_speed <= 0:
            raise InconsistentInputError(
                "jump run",
                round(track_deg, 1),
                "a track on which the aircraft makes headway against the wind at exit",
                f"has a ground speed of {ground_speed:.1f} m/s",
                others=too_strong,
            )
    return JumpRun(
        float(track_deg) % 360.0,
        float(heading),
        float(ground_speed),
        float(airspeed_mps),
        we,
        wn,
        notices,
    )


@dataclass(frozen=True)
class GroupExit:
    """The exit of one group on jump run."""

    index: int
    """0 for the first group out."""
    point: GeoPoint
    along_track_m: float
    """Distance along the jump run from the release point [m]; negative before it."""
    time_from_release_s: float
    """Time from the aircraft's passage over the release point [s]; negative before it."""
    in_green_zone: bool
    """True if the group can still reach the target under canopy from this exit."""


@dataclass(frozen=True)
class ReleasePoint:
    """Where to exit so that the jumper opens over (or lands on) the target."""

    target: GeoPoint
    ground_elevation_m: float
    exit_altitude_m: float
    deploy_altitude_m: float
    aim: str
    """``"opening"`` or ``"landing"`` (:class:`SpotOptions`): the canopy's opening or the
    centre of its reach over the aim point."""
    aim_point: GeoPoint
    """The point the aim refers to: the target plus the requested offset."""
    release_point: GeoPoint
    """The exit point: where the aircraft must be when the (single) jumper leaves."""
    deploy_point: GeoPoint
    """Where deployment starts (the pull), at the deploy altitude."""
    opening_point: GeoPoint
    """Where the canopy is fully open and flying, at the end of deployment."""
    landing_point: GeoPoint
    """Where the jumper lands without steering toward the target (a ram-air canopy
    holding into the wind, a round canopy drifting)."""
    opening_altitude_m: float
    """Altitude at full inflation (the end of deployment) [m MSL]."""
    canopy: str
    """Canopy model name (``ram-air`` or ``round``)."""
    canopy_time_s: float
    """Time from full inflation to the ground [s]."""
    reach_center: GeoPoint
    """Where the canopy would land flying with no airspeed (pure drift): the centre of the
    reachable area."""
    reach_radius_m: float
    """Radius of the canopy's reachable area [m]: the distance flown through the air from
    the start of deployment to the ground."""
    target_reachable: bool
    reach_margin_m: float
    """Reach radius minus the distance from the centre of the reach to the target [m]."""
    jump_run_track_deg_true: float
    """Ground track of the jump run [deg true]."""
    aircraft_heading_deg_true: float
    """Heading the aircraft flies to hold the track (wind correction included) [deg]."""
    magnetic_declination_deg: float | None
    """East positive [deg], IGRF-14; None where the date is unknown or out of range."""
    aircraft_true_airspeed_mps: float
    ground_speed_mps: float
    """Aircraft ground speed along the jump run [m/s]."""
    exit_wind_from_deg: float
    exit_wind_speed_mps: float
    green_light: GeoPoint | None
    """First exit point along the jump run from which the target can still be reached
    (with the reach reserve); None if there is none."""
    red_light: GeoPoint | None
    """Last such exit point."""
    groups: tuple[GroupExit, ...]
    exit_time_utc_s: float | None
    """Time the aircraft passes the release point [POSIX s], if given."""
    trajectory: Trajectory
    """The nominal jump, relative to the exit point; ``trajectory.jump`` is the jump."""
    wind_source: str
    wind_valid_time_utc_s: float | None
    options: SpotOptions = field(default_factory=SpotOptions)
    notices: tuple[Notice, ...] = field(default=())

    @property
    def jump_run_track_deg_magnetic(self) -> float | None:
        """Jump-run track [deg magnetic], or None without a declination."""
        if self.magnetic_declination_deg is None:
            return None
        return (self.jump_run_track_deg_true - self.magnetic_declination_deg) % 360.0

    @property
    def aircraft_heading_deg_magnetic(self) -> float | None:
        """Aircraft heading [deg magnetic], or None without a declination."""
        if self.magnetic_declination_deg is None:
            return None
        return (self.aircraft_heading_deg_true - self.magnetic_declination_deg) % 360.0

    @property
    def green_to_red_s(self) -> float | None:
        """Time from green light to red light at the jump-run ground speed [s]."""
        if self.green_light is None or self.ground_speed_mps <= 0:
            return None
        track = unit_vector(self.jump_run_track_deg_true)
        length = (self.red_light.east_m - self.green_light.east_m) * track[0] + (
            self.red_light.north_m - self.green_light.north_m
        ) * track[1]
        return float(length / self.ground_speed_mps)

    def reachable_area(self, points: int = 72) -> list[GeoPoint]:
        """The boundary of the canopy's reachable area: a circle of ``points`` points."""
        angles = np.linspace(0.0, 2 * np.pi, points, endpoint=False)
        return [
            locate(
                self.target.latitude_deg,
                self.target.longitude_deg,
                self.reach_center.east_m + self.reach_radius_m * np.sin(a),
                self.reach_center.north_m + self.reach_radius_m * np.cos(a),
            )
            for a in angles
        ]


_AIMED = {"opening": "opening", "landing": "drift"}
"""The point of the jump each aim puts over the aim point (:func:`_relative_points`)."""


def _relative_points(trajectory: Trajectory) -> dict[str, np.ndarray]:
    """The jump's points relative to its exit point [m]."""
    origin = np.array([trajectory.east_m[0], trajectory.north_m[0]])
    points = {
        "deploy": (trajectory.deploy_east_m, trajectory.deploy_north_m),
        "opening": (trajectory.opening_east_m, trajectory.opening_north_m),
        "landing": (trajectory.landing_east_m, trajectory.landing_north_m),
        "drift": (trajectory.drift_east_m, trajectory.drift_north_m),
    }
    return {name: np.array(value) - origin for name, value in points.items()}


def _green_zone(to_target, reach, track_deg, options: SpotOptions):
    """(start, end) along the track [m] of the exits from which the target is within the
    reach less its reserve plus the landing area's radius, or None."""
    track = unit_vector(track_deg)
    radius = reach * (1.0 - options.reach_reserve_fraction) + options.target_radius_m
    projection = float(to_target @ track)
    discriminant = projection**2 - float(to_target @ to_target) + radius**2
    if discriminant < 0:
        return None
    half = float(np.sqrt(discriminant))
    return projection - half, projection + half


def _group_exits(where, exit_point, track_deg, zone, ground_speed, options):
    track = unit_vector(track_deg)
    exits = []
    for index in range(options.groups):
        along = (index - (options.groups - 1) / 2.0) * options.group_separation_m
        inside = zone is not None and zone[0] - 1e-6 <= along <= zone[1] + 1e-6
        seconds = along / ground_speed if ground_speed > 0 else float("nan")
        exits.append(GroupExit(index, where(exit_point + along * track), along, seconds, inside))
    return tuple(exits)


def _zone_notices(zone, exits, reach, margin, options, ground_speed) -> list[Notice]:
    found = []
    if margin < 0:
        found.append(Notice("target-beyond-reach", "warn", {"miss_m": -margin, "reach_m": reach}))
    if zone is None:
        found.append(Notice("no-exit-reaches-target", "warn"))
    outside = [g.index + 1 for g in exits if not g.in_green_zone]
    reserve = {"reserve_fraction": options.reach_reserve_fraction}
    if outside and zone is not None and options.groups == 1:
        found.append(Notice("release-outside-green-zone", "warn", reserve))
    elif outside and zone is not None:
        found.append(Notice("groups-outside-green-zone", "warn", {"groups": tuple(outside)}))
    if options.groups > 1 and ground_speed <= 0:
        found.append(Notice("no-ground-speed", "warn"))
    return found


def _declination(lat, lon, when, ground) -> tuple[float | None, list[Notice]]:
    if when is None:
        return None, [Notice("no-declination-date", "info")]
    declination = magnetic_declination_deg(lat, lon, when, ground)
    if declination is None:
        years = {"first_year": IGRF_FIRST_YEAR, "last_year": IGRF_LAST_YEAR}
        return None, [Notice("declination-out-of-range", "info", years, "IGRF-14")]
    return declination, []


def _wind_notices(trajectory: Trajectory) -> list[Notice]:
    """What the wind source says about itself and about the span of this jump."""
    jump = trajectory.jump
    wind = jump.wind
    found = [
        w if isinstance(w, Notice) else Notice("wind-source-note", "warn", {"text": str(w)})
        for w in getattr(wind, "warnings", ())
    ]
    found.extend(getattr(wind, "notices", ()))
    exit_time = jump.exit.time_utc_s
    if exit_time is not None:
        end = exit_time + trajectory.landing_time_s
        for check in ("time_notices", "validity_notices"):
            method = getattr(wind, check, None)
            if callable(method):
                found.extend(method(exit_time, end))
    return found


def release_point(
    trajectory: Trajectory,
    target_latitude_deg: float,
    target_longitude_deg: float,
    run: JumpRun,
    options: SpotOptions | None = None,
) -> ReleasePoint:
    """The release point of a jump already simulated on its jump run.

    Parameters
    ----------
    trajectory
        The jump (:func:`duskfall.fall.simulate_jump`) with the exit heading of ``run``.
    target_latitude_deg, target_longitude_deg
        The target [deg].
    run
        The jump run (:func:`find_jump_run`).
    options
        Aim, groups and margins (:class:`SpotOptions`); the defaults if None.

    Returns
    -------
    ReleasePoint
    """
    options = options or SpotOptions()
    jump = trajectory.jump
    rel = _relative_points(trajectory)
    exit_point = np.asarray(options.aim_offset_m, dtype=float) - rel[_AIMED[options.aim]]
    lat, lon = float(target_latitude_deg), float(target_longitude_deg)

    def where(offset: np.ndarray) -> GeoPoint:
        return locate(lat, lon, float(offset[0]), float(offset[1]))

    reach = trajectory.reach_radius_m
    center = exit_point + rel["drift"]
    margin = reach - float(np.hypot(*center))
    zone = _green_zone(-center, reach, run.track_deg_true, options)
    exits = _group_exits(where, exit_point, run.track_deg_true, zone, run.ground_speed_mps, options)
    wind = jump.wind or ConstantWind(source="calm (no wind given)")
    wind_time = getattr(wind, "valid_time_utc_s", None)
    exit_time = jump.exit.time_utc_s
    when = exit_time if exit_time is not None else wind_time
    declination, declination_notices = _declination(lat, lon, when, trajectory.ground_elevation_m)
    exit_from, exit_speed = wind_direction_speed(run.exit_wind_east_mps, run.exit_wind_north_mps)
    green = red = None
    if zone is not None:
        track = unit_vector(run.track_deg_true)
        green, red = (where(exit_point + s * track) for s in zone)
    return ReleasePoint(
        target=GeoPoint(lat, lon, 0.0, 0.0),
        ground_elevation_m=trajectory.ground_elevation_m,
        exit_altitude_m=trajectory.exit_altitude_m,
        deploy_altitude_m=trajectory.deploy_altitude_m,
        aim=options.aim,
        aim_point=where(np.asarray(options.aim_offset_m, dtype=float)),
        release_point=where(exit_point),
        deploy_point=where(exit_point + rel["deploy"]),
        opening_point=where(exit_point + rel["opening"]),
        landing_point=where(exit_point + rel["landing"]),
        opening_altitude_m=trajectory.opening_altitude_m,
        canopy=trajectory.canopy,
        canopy_time_s=float(trajectory.landing_time_s - trajectory.opening_time_s),
        reach_center=where(center),
        reach_radius_m=float(reach),
        target_reachable=bool(margin >= 0),
        reach_margin_m=float(margin),
        jump_run_track_deg_true=run.track_deg_true,
        aircraft_heading_deg_true=run.heading_deg_true,
        magnetic_declination_deg=declination,
        aircraft_true_airspeed_mps=run.airspeed_mps,
        ground_speed_mps=run.ground_speed_mps,
        exit_wind_from_deg=float(exit_from),
        exit_wind_speed_mps=float(exit_speed),
        green_light=green,
        red_light=red,
        groups=exits,
        exit_time_utc_s=None if exit_time is None else float(exit_time),
        trajectory=trajectory,
        wind_source=str(getattr(wind, "source", type(wind).__name__)),
        wind_valid_time_utc_s=wind_time,
        options=options,
        notices=merge(
            run.notices,
            _wind_notices(trajectory),
            trajectory.notices,
            _zone_notices(zone, exits, reach, margin, options, run.ground_speed_mps),
            declination_notices,
        ),
    )


def find_release_point(
    jump: Jump,
    target_latitude_deg: float,
    target_longitude_deg: float,
    *,
    track_deg: float | None = None,
    options: SpotOptions | None = None,
) -> ReleasePoint:
    """Find the exit point upwind of the target, the jump run and the green-light zone.

    Parameters
    ----------
    jump
        The jump (:class:`duskfall.fall.Jump`): exit altitude, true airspeed and time,
        the body, the canopy, the ground and the wind. Its exit heading is replaced by the
        jump run's.
    target_latitude_deg, target_longitude_deg
        The target (landing area or opening point reference) [deg].
    track_deg
        Ground track of the jump run [deg true]; by default into the wind at the exit
        altitude (the aircraft flies toward where the wind comes from).
    options
        Aim, groups and margins (:class:`SpotOptions`).

    Returns
    -------
    ReleasePoint

    Raises
    ------
    OutOfRangeError, InconsistentInputError
        For a bad aim, negative speeds or separations, a jump run that cannot be flown,
        and everything :func:`duskfall.fall.simulate_jump` refuses.

    Notes
    -----
    Moving the exit along the jump run by ``s`` moves every point of the jump by ``s``
    along the track; the green light is the first exit from which the target still lies
    within the canopy's reach (less the reserve, plus the landing area's radius), the red
    light the last.

    Examples
    --------
    >>> from duskfall.fall import Body, Exit, Jump
    >>> from duskfall.winds import ConstantWind
    >>> jump = Jump(Exit(4000.0), 1200.0, Body(90.0), 50.0, wind=ConstantWind(270.0, 10.0))
    >>> spot = find_release_point(jump, 24.4, 54.6, options=SpotOptions(aim="landing"))
    >>> round(spot.release_point.bearing_deg)  # upwind: west of the target
    270
    """
    if not isinstance(jump, Jump):
        raise OutOfRangeError("jump", type(jump).__name__, "a duskfall.fall.Jump")
    options = options or SpotOptions()
    exit_ = jump.exit
    run = find_jump_run(
        jump.wind,
        exit_.altitude_m,
        jump.ground_elevation_m,
        exit_.time_utc_s,
        exit_.airspeed_mps,
        track_deg,
    )
    trajectory = fall.simulate_jump(jump.with_exit(heading_deg=run.heading_deg_true))
    return release_point(trajectory, target_latitude_deg, target_longitude_deg, run, options)
