"""Where the plan's jumpers and aircraft are on the Earth, and the light at those places.

The exit window is computed at the target, one place for the whole action (the one
engine, :func:`duskfall.light.find_exit_windows`). The jumpers are elsewhere: they leave
at the release point, upwind of the target, and the forward throw and the wind carry
them on; the aircraft flies its jump run towards the release point. This module puts
every sample at its own latitude and longitude, from the release point
(:meth:`duskfall.fall.Trajectory.geodetic`), and measures the light there.

Frames
------
Every trajectory of a plan is in one East-North-Up frame whose origin is on the ground
below the aircraft at the green light (the first exit); a jumper who leaves ``d``
seconds later exits ``d`` times the ground speed further along the jump run. The release
point is where the lead jumper (the first of the scenario) exits, so the frame's origin
is the release point less the lead's exit offset.

The light as a time
-------------------
The difference of the Sun's elevation at a place and at the target is given as a time:
the light at the place is the target's light ``shift_s`` later (positive: a lower Sun at
dusk, a higher one at dawn). Divided by the Sun's rate at the target; good to a few
milliseconds while the shift is under a minute (the rate changes by under 0.1 % a
minute near the horizon). An edge of the exit window that is bound at a place moves by
``-shift_s`` there.

The aircraft on its jump run moves across the Earth at its ground speed. Flying towards
a low Sun it climbs the Sun's elevation by its angular speed over the Earth,
``v / (R + h)`` radians a second (a Sun on the horizon dead ahead): a westbound aircraft
slows its own sunset.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from duskfall import light, sun
from duskfall.constants import SUNSET_ELEVATION_DEG
from duskfall.fall import Trajectory
from duskfall.release import GeoPoint, JumpRun, ReleasePoint, locate, unit_vector

RATE_STEP_S = 0.5
"""Half-width of the central difference that gives the aircraft's own Sun rate [s] (the
same as :data:`duskfall.sun.RATE_STEP_S`)."""


# --- Positions at any time ----------------------------------------------------------------


def distinct_samples(time_s: np.ndarray) -> np.ndarray:
    """Indices of strictly increasing sample times (an event can repeat a grid time)."""
    keep = np.ones(time_s.size, dtype=bool)
    keep[1:] = np.diff(time_s) > 0
    return np.nonzero(keep)[0]


def hermite(time_s, sample_time_s, value, rate):
    """Cubic Hermite interpolation of a sampled quantity from its values and its rates.

    Parameters
    ----------
    time_s
        Where to interpolate [s]; clipped to the samples' span.
    sample_time_s
        Increasing sample times [s].
    value, rate
        The quantity and its time derivative at the samples (e.g. altitude [m] and
        vertical speed [m/s]).

    Returns
    -------
    float or ndarray

    Notes
    -----
    Exact for a cubic; for a trajectory sampled every 0.5 s it errs by centimetres
    (the error of a cubic Hermite is ``h^4 max|y''''| / 384``).

    Examples
    --------
    >>> import numpy as np
    >>> t = np.array([0.0, 1.0, 2.0])
    >>> round(float(hermite(1.5, t, t**3, 3 * t**2)), 6)
    3.375
    """
    t = np.asarray(sample_time_s, dtype=float)
    y = np.asarray(value, dtype=float)
    dy = np.asarray(rate, dtype=float)
    x = np.clip(np.asarray(time_s, dtype=float), t[0], t[-1])
    i = np.clip(np.searchsorted(t, x, side="right") - 1, 0, t.size - 2)
    h = t[i + 1] - t[i]
    s = (x - t[i]) / h
    s2, s3 = s * s, s * s * s
    result = (
        (2 * s3 - 3 * s2 + 1) * y[i]
        + (s3 - 2 * s2 + s) * h * dy[i]
        + (-2 * s3 + 3 * s2) * y[i + 1]
        + (s3 - s2) * h * dy[i + 1]
    )
    return float(result) if result.ndim == 0 else result


def position_at(trajectory: Trajectory, time_s):
    """East, north [m] and altitude [m MSL] of a jumper ``time_s`` after its exit [s]
    (Hermite interpolation of the samples with their velocities; held at the ends)."""
    keep = distinct_samples(trajectory.time_s)
    t = trajectory.time_s[keep]
    return (
        hermite(time_s, t, trajectory.east_m[keep], trajectory.velocity_east_mps[keep]),
        hermite(time_s, t, trajectory.north_m[keep], trajectory.velocity_north_mps[keep]),
        hermite(time_s, t, trajectory.altitude_m[keep], trajectory.velocity_up_mps[keep]),
    )


def frame_origin(release: ReleasePoint, lead: Trajectory) -> GeoPoint:
    """The ground point below the aircraft at the green light, on the ellipsoid and in
    the target's plane (module notes, Frames)."""
    return locate(
        release.target.latitude_deg,
        release.target.longitude_deg,
        release.release_point.east_m - float(lead.east_m[0]),
        release.release_point.north_m - float(lead.north_m[0]),
    )


def geodetic(origin: GeoPoint, east_m, north_m, altitude_m, ground_elevation_m: float):
    """Latitude and longitude [deg] of points of the plan's frame (module notes)."""
    import pymap3d  # WGS84 ENU to geodetic, as Trajectory.geodetic

    up = np.asarray(altitude_m, dtype=float) - ground_elevation_m
    lat, lon, _ = pymap3d.enu2geodetic(
        east_m, north_m, up, origin.latitude_deg, origin.longitude_deg, ground_elevation_m
    )
    return np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)


@dataclass(frozen=True)
class Pair:
    """The performer and the camera flyer: names, trajectories in the plan's frame, and
    exits after the green light [s]."""

    subject_name: str
    subject: Trajectory
    subject_delay_s: float
    flyer_name: str | None = None
    flyer: Trajectory | None = None
    flyer_delay_s: float = 0.0

    def subject_at(self, after_s):
        """The performer's east, north [m] and altitude [m MSL] ``after_s`` after the
        green light [s]."""
        return position_at(self.subject, np.asarray(after_s, dtype=float) - self.subject_delay_s)

    def flyer_at(self, after_s):
        """The camera flyer's position ``after_s`` after the green light [s]."""
        return position_at(self.flyer, np.asarray(after_s, dtype=float) - self.flyer_delay_s)


# --- The light at the real positions ---------------------------------------------------------


@dataclass(frozen=True)
class PlaceLight:
    """The light along one jumper's action at its own positions and at the target."""

    name: str
    time_utc_s: np.ndarray
    """Times from the jumper's exit to the end of its action [POSIX s]."""
    latitude_deg: np.ndarray
    longitude_deg: np.ndarray
    altitude_m: np.ndarray
    """Where the jumper is [deg, deg, m MSL]."""
    above_horizon_deg: np.ndarray
    """The Sun's centre above the jumper's visible horizon there [deg]."""
    above_horizon_at_target_deg: np.ndarray
    """The same for an observer at that altitude over the target [deg]."""
    shift_s: np.ndarray
    """The light there is the target's this much later [s] (module notes)."""

    @property
    def exit_shift_s(self) -> float:
        """:attr:`shift_s` at the exit [s]."""
        return float(self.shift_s[0])

    @property
    def action_end_shift_s(self) -> float:
        """:attr:`shift_s` at the end of the action [s]."""
        return float(self.shift_s[-1])

    @property
    def largest_shift_s(self) -> float:
        """The largest shift along the action, with its sign [s]."""
        return float(self.shift_s[np.argmax(np.abs(self.shift_s))])


@dataclass(frozen=True)
class AircraftLight:
    """The aircraft's own light on its jump run, from the stand-by red light (the run's
    start) to the last exit."""

    time_utc_s: np.ndarray
    latitude_deg: np.ndarray
    longitude_deg: np.ndarray
    """Where the aircraft is [deg]."""
    altitude_m: float
    """Its altitude (the exit altitude) [m MSL]."""
    above_horizon_deg: np.ndarray
    """The Sun above its visible horizon [deg]."""
    above_horizon_at_green_light_deg: np.ndarray
    """The same for an observer held at the green-light point [deg]."""
    shift_s: np.ndarray
    """The aircraft's light is the green-light point's this much later [s]."""
    sun_rate_deg_s: float
    """Rate of the Sun's elevation seen from the aircraft at the green light [deg/s]."""
    fixed_sun_rate_deg_s: float
    """The same for an observer fixed at the green-light point [deg/s]."""

    @property
    def rate_change(self) -> float:
        """How much the aircraft's motion changes the Sun's rate: ``own / fixed - 1``
        (negative: the Sun moves slower for the aircraft, as for a westbound run at dusk)."""
        return self.sun_rate_deg_s / self.fixed_sun_rate_deg_s - 1.0

    @property
    def red_light_shift_s(self) -> float:
        """:attr:`shift_s` at the stand-by red light, the jump run's start [s]."""
        return float(self.shift_s[0])


@dataclass(frozen=True)
class PositionLight:
    """The light at the plan's real positions against the light at the target."""

    origin: GeoPoint
    """The ground point below the green light (module notes, Frames)."""
    jumpers: tuple[PlaceLight, ...]
    """Every jumper's action, in the scenario's order."""
    aircraft: AircraftLight
    opening_shift_s: float
    closing_shift_s: float
    """The shifts at the places where the exit window's opening and closing are bound
    [s]; at the real positions those edges come ``shift_s`` earlier."""


def _here_and_there(when, latitude_deg, longitude_deg, there, altitude_m, ground_elevation_m):
    """:func:`duskfall.light.sun_above_horizon_deg` at the places and at ``there`` (a
    latitude and longitude), at the same times and altitudes: one call for both (a
    call's time is mostly its own, not its points'). Arrays, broadcast together."""
    values = (when, latitude_deg, longitude_deg, altitude_m, ground_elevation_m)
    inputs = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in values))
    when, lat, lon, altitude, ground = (np.stack([v, v]) for v in inputs)
    lat[1], lon[1] = there
    if np.ndim(ground_elevation_m) == 0:
        ground = float(ground_elevation_m)  # one terrain: its horizon is kept
    found = np.asarray(light.sun_above_horizon_deg(when, lat, lon, altitude, ground))
    return found[0], found[1]


def _shift_s(place_deg, target_deg, time_utc_s, latitude_deg, longitude_deg) -> np.ndarray:
    rate = np.asarray(sun.elevation_rate_deg_s(time_utc_s, latitude_deg, longitude_deg))
    return (np.asarray(place_deg) - np.asarray(target_deg)) / rate


def place_light(
    name: str,
    trajectory: Trajectory,
    exit_utc_s: float,
    action_end_altitude_m: float | None,
    origin: GeoPoint,
    target: tuple[float, float],
) -> PlaceLight:
    """The light along one jumper's action at its positions and at the target.

    Parameters
    ----------
    name
        The jumper.
    trajectory
        Its trajectory, in the plan's frame (module notes).
    exit_utc_s
        Its exit [POSIX s].
    action_end_altitude_m
        Where the action ends [m MSL]; None for the deployment.
    origin
        The frame's origin (:func:`frame_origin`).
    target
        The target's latitude and longitude [deg].
    """
    time_s, altitude_m = trajectory.action_segment(action_end_altitude_m)
    east, north, _ = position_at(trajectory, time_s)
    ground = trajectory.ground_elevation_m
    lat, lon = geodetic(origin, east, north, altitude_m, ground)
    when = exit_utc_s + time_s
    here, there = _here_and_there(when, lat, lon, target, altitude_m, ground)
    return PlaceLight(
        name, when, lat, lon, altitude_m, here, there, _shift_s(here, there, when, *target)
    )


def aircraft_light(
    run: JumpRun,
    origin: GeoPoint,
    green_light_utc_s: float,
    jump_run_s: float,
    last_exit_s: float,
    altitude_m: float,
    ground_elevation_m: float,
    points: int = 61,
) -> AircraftLight:
    """The aircraft's light on its jump run, from the stand-by red light to the last exit.

    Parameters
    ----------
    run
        The jump run (its track and ground speed).
    origin
        The ground point below the green light (:func:`frame_origin`).
    green_light_utc_s
        The green light [POSIX s].
    jump_run_s
        Stand-by red light to green light [s].
    last_exit_s
        The last jumper's exit after the green light [s].
    altitude_m, ground_elevation_m
        The aircraft's altitude and the terrain [m MSL].
    points
        Samples along the run.
    """
    track = unit_vector(run.track_deg_true)
    after = np.linspace(-jump_run_s, last_exit_s, points)
    when = green_light_utc_s + after

    def where(seconds):
        along = run.ground_speed_mps * np.asarray(seconds, dtype=float)
        return geodetic(origin, along * track[0], along * track[1], altitude_m, ground_elevation_m)

    lat, lon = where(after)
    green = (origin.latitude_deg, origin.longitude_deg)
    here, fixed = _here_and_there(when, lat, lon, green, altitude_m, ground_elevation_m)
    steps = np.array([-RATE_STEP_S, RATE_STEP_S])
    step_lat, step_lon = where(steps)
    ahead = np.asarray(sun.solar_position(green_light_utc_s + steps, step_lat, step_lon)[0])
    own_rate = float((ahead[1] - ahead[0]) / (2 * RATE_STEP_S))
    fixed_rate = float(sun.elevation_rate_deg_s(green_light_utc_s, *green))
    return AircraftLight(
        when,
        lat,
        lon,
        float(altitude_m),
        here,
        fixed,
        _shift_s(here, fixed, when, *green),
        own_rate,
        fixed_rate,
    )


def light_at_positions(
    names: Sequence[str],
    trajectories: Sequence[Trajectory],
    delays_s: Sequence[float],
    green_light_utc_s: float,
    release: ReleasePoint,
    run: JumpRun,
    jump_run_s: float,
    action_end_altitude_m: float | None,
    binding: tuple[int, int],
    at: str,
) -> PositionLight:
    """The light at every jumper's real positions and at the aircraft's on its jump run.

    Parameters
    ----------
    names, trajectories, delays_s
        Every jumper, its trajectory (in the plan's frame) and its exit after the green
        light [s]; the lead first.
    green_light_utc_s
        The green light [POSIX s].
    release
        The lead's release point (the target and where the lead exits).
    run, jump_run_s
        The jump run and its length before the green light [s].
    action_end_altitude_m
        Where the action ends [m MSL]; None for each jumper's deployment.
    binding
        The jumpers whose windows bind the exit window's opening and closing.
    at
        ``dusk`` or ``dawn``: at dusk the window opens on the band's upper edge at the
        exit and closes on its lower edge at the end of the action; at dawn the reverse.

    Returns
    -------
    PositionLight
    """
    origin = frame_origin(release, trajectories[0])
    target = (release.target.latitude_deg, release.target.longitude_deg)
    places = tuple(
        place_light(n, t, green_light_utc_s + d, action_end_altitude_m, origin, target)
        for n, t, d in zip(names, trajectories, delays_s, strict=True)
    )
    lead = trajectories[0]
    aircraft = aircraft_light(
        run,
        origin,
        green_light_utc_s,
        jump_run_s,
        max(delays_s),
        lead.exit_altitude_m,
        lead.ground_elevation_m,
    )
    opening, closing = places[binding[0]], places[binding[1]]
    if at == "dusk":
        shifts = opening.exit_shift_s, closing.action_end_shift_s
    else:
        shifts = opening.action_end_shift_s, closing.exit_shift_s
    return PositionLight(origin, places, aircraft, *shifts)


def sun_is_up(above_horizon_deg) -> np.ndarray:
    """Whether the Sun's upper limb is above the visible horizon (USNO's sunset: the
    centre 0.8333 deg below it)."""
    return np.asarray(above_horizon_deg) > SUNSET_ELEVATION_DEG
