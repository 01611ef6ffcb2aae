"""The release point: where the aircraft must be at the green light, and how sure we are.

Military planners call it the HARP (high-altitude release point) or CARP (computed air
release point); drop zones call it the spot. The same trajectory that the plan times
(free fall with drag through the standard atmosphere, deployment, canopy) is integrated
through the winds aloft; the jumper's displacement from the exit point does not depend
on where the exit is (the winds are taken at the drop zone and vary with altitude and
time only), so the exit point is the aim point minus that displacement, found with one
trajectory and no iteration.

- :func:`find_release_point` -> :class:`ReleasePoint`: the exit point (lat/lon, distance
  and bearing from the target), the jump-run track and the aircraft's heading (true and
  magnetic), the green- and red-light points, the exits of several groups, and the
  canopy's reachable area at opening.
- :func:`dispersion` -> :class:`Dispersion`: a Monte Carlo ensemble over wind error by
  altitude, drag-area spread, exit-time and exit-position error, with an explicit seed:
  landing and opening ellipses (50 % and 95 %), the probability of landing within a
  radius of the target and the probability that the action stays in the light window.

Conventions: positions in a local east-north plane with its origin at the target [m];
headings and bearings in degrees clockwise from true north; magnetic values from the
International Geomagnetic Reference Field (IGRF-14, through ``ppigrf``).

References
----------
Alken, P. et al. (2021), International Geomagnetic Reference Field: the thirteenth
generation, Earth Planets Space 73, 49, doi:10.1186/s40623-020-01288-x; IGRF-14
coefficients: IAGA (2024), doi:10.5281/zenodo.14012302.

Karney, C. F. F. (2013), Algorithms for geodesics, J. Geodesy 87, 43-55,
doi:10.1007/s00190-012-0578-z (geographiclib: positions on the WGS84 ellipsoid).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from duskfall import fall
from duskfall.errors import InconsistentInputError, OutOfRangeError
from duskfall.winds import ConstantWind, WindError, WindProfile, perturb, wind_direction_speed

REACH_RESERVE_FRACTION = 0.25
"""Share of the canopy's reach kept in reserve when drawing the green-light zone: the
pilot flies a landing pattern and corrects errors with it. A planning choice, not a
physical constant; pass another to :func:`find_release_point`."""

DEFAULT_GROUP_SEPARATION_M = 300.0
"""Ground distance between the exits of successive groups [m]: the 1,000 ft commonly used
at drop zones for groups of similar fall rate (more in strong upper winds)."""

IGRF_FIRST_YEAR = 1900
IGRF_LAST_YEAR = 2030
"""Years covered by IGRF-14 (definitive to 2020, secular variation to 2030)."""


# --- Geometry ----------------------------------------------------------------------------


def _geodesic():
    from geographiclib.geodesic import Geodesic

    return Geodesic.WGS84


@dataclass(frozen=True)
class GeoPoint:
    """A point near the target: on the ellipsoid and in the target's east-north plane."""

    latitude_deg: float
    longitude_deg: float
    east_m: float
    """East of the target [m]."""
    north_m: float
    """North of the target [m]."""

    @property
    def distance_m(self) -> float:
        """Distance from the target [m]."""
        return float(np.hypot(self.east_m, self.north_m))

    @property
    def bearing_deg(self) -> float:
        """Bearing from the target [deg true, 0-360)."""
        if self.distance_m == 0.0:
            return 0.0
        return float(np.degrees(np.arctan2(self.east_m, self.north_m)) % 360.0)


def locate(
    target_latitude_deg: float, target_longitude_deg: float, east_m: float, north_m: float
) -> GeoPoint:
    """The point ``east_m``, ``north_m`` [m] from the target, with its latitude/longitude.

    The east-north offset is taken as a geodesic from the target (distance and azimuth) on
    the WGS84 ellipsoid (Karney 2013); over the few tens of km of a jump the difference
    between the tangent plane and the ellipsoid is below a millimetre.
    """
    distance = float(np.hypot(east_m, north_m))
    azimuth = float(np.degrees(np.arctan2(east_m, north_m)))
    if distance == 0.0:
        return GeoPoint(float(target_latitude_deg), float(target_longitude_deg), 0.0, 0.0)
    line = _geodesic().Direct(target_latitude_deg, target_longitude_deg, azimuth, distance)
    longitude = (line["lon2"] + 180.0) % 360.0 - 180.0
    return GeoPoint(float(line["lat2"]), float(longitude), float(east_m), float(north_m))


def magnetic_declination_deg(
    latitude_deg: float, longitude_deg: float, time_utc_s: float, altitude_m: float = 0.0
) -> float | None:
    """Magnetic declination [deg, east positive] from IGRF-14, or None outside 1900-2030.

    Magnetic heading = true heading - declination ("east is least").

    Parameters
    ----------
    latitude_deg, longitude_deg
        The place (geodetic) [deg].
    time_utc_s
        When [POSIX s].
    altitude_m
        Height above the ellipsoid [m] (the difference from MSL does not matter here).

    Examples
    --------
    >>> round(magnetic_declination_deg(24.4, 54.6, 1520700000.0), 1)
    2.0
    """
    when = dt.datetime.fromtimestamp(float(time_utc_s), dt.UTC).replace(tzinfo=None)
    if not (IGRF_FIRST_YEAR <= when.year < IGRF_LAST_YEAR):
        return None
    import ppigrf

    east, north, _ = ppigrf.igrf(longitude_deg, latitude_deg, altitude_m / 1000.0, when)
    return float(np.degrees(np.arctan2(np.ravel(east)[0], np.ravel(north)[0])))


def _unit(bearing_deg: float) -> np.ndarray:
    angle = np.radians(bearing_deg)
    return np.array([np.sin(angle), np.cos(angle)])


# --- Release point -------------------------------------------------------------------------


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
    """``"opening"``: the canopy opens over the aim point; ``"landing"``: the jumper lands
    on it without steering (a round canopy or cargo)."""
    aim_point: GeoPoint
    """The point the aim refers to: the target plus the requested offset."""
    release_point: GeoPoint
    """The exit point: where the aircraft must be when the (single) jumper leaves."""
    deploy_point: GeoPoint
    """Where deployment starts (the pull), at the deploy altitude."""
    opening_point: GeoPoint
    """Where the canopy is open and flying, at the end of deployment."""
    landing_point: GeoPoint
    """Where the jumper lands without steering toward the target (a ram-air canopy
    holding into the wind, a round canopy drifting)."""
    opening_altitude_m: float
    """Altitude at the end of deployment [m MSL]."""
    canopy: str
    """Canopy model name (``ram-air`` or ``round``)."""
    canopy_time_s: float
    """Time from the end of deployment to the ground [s]."""
    reach_center: GeoPoint
    """Where the canopy would land flying with no airspeed (pure drift): the centre of the
    reachable area."""
    reach_radius_m: float
    """Radius of the canopy's reachable area [m]: the distance flown through the air from
    the opening to the ground; any point that close to the centre can be reached."""
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
    trajectory: fall.Trajectory
    """The nominal jump, relative to the exit point."""
    wind_source: str
    wind_valid_time_utc_s: float | None
    warnings: tuple[str, ...] = field(default=())

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
        track = _unit(self.jump_run_track_deg_true)
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


def _wind_at(wind: WindProfile, altitude_m: float, time_utc_s: float | None):
    east, north = wind.velocity_enu_mps(altitude_m, time_utc_s)
    return float(np.ravel(east)[0]), float(np.ravel(north)[0])


def _jump_run(
    wind: WindProfile,
    exit_altitude_m: float,
    ground_elevation_m: float,
    time_utc_s: float | None,
    track_deg: float | None,
    airspeed_mps: float,
    warnings: list[str],
) -> tuple[float, float, float]:
    """(track, heading, ground speed) of the jump run."""
    we, wn = _wind_at(wind, exit_altitude_m, time_utc_s)
    if track_deg is None:
        direction, speed = wind_direction_speed(we, wn)
        if speed < 1.0:
            levels = np.linspace(ground_elevation_m, exit_altitude_m, 50)
            me, mn = wind.velocity_enu_mps(levels, time_utc_s)
            direction, speed = wind_direction_speed(float(np.mean(me)), float(np.mean(mn)))
            if speed < 1.0:
                direction = 0.0
                warnings.append(
                    "calm winds: no preferred jump-run direction; north assumed, give one"
                )
        track_deg = float(direction)
    track = _unit(track_deg)
    cross = we * track[1] - wn * track[0]  # wind component toward the right of the track
    along = we * track[0] + wn * track[1]
    if airspeed_mps <= 0.0:
        return float(track_deg) % 360.0, float(track_deg) % 360.0, along
    if abs(cross) >= airspeed_mps:
        raise InconsistentInputError(
            "jump run",
            round(track_deg, 1),
            f"a track whose crosswind at exit is below the airspeed ({airspeed_mps:.0f} m/s)",
            "cannot be flown",
        )
    # Crab into the crosswind: the air velocity's rightward part cancels the wind's.
    correction = -float(np.degrees(np.arcsin(cross / airspeed_mps)))
    ground_speed = float(airspeed_mps * np.cos(np.radians(correction)) + along)
    if ground_speed <= 0:
        raise InconsistentInputError(
            "jump run",
            round(track_deg, 1),
            "a track on which the aircraft makes headway against the wind at exit",
            f"has a ground speed of {ground_speed:.1f} m/s",
        )
    return float(track_deg) % 360.0, (track_deg + correction) % 360.0, ground_speed


def _stage_end(trajectory: fall.Trajectory, stage: int) -> int:
    return int(np.nonzero(trajectory.stage == stage)[0][-1])


class _Engine:
    """The fall engine for one nominal jump: the trajectory and the canopy's reach.

    The reach comes from two more jumps that differ only in the canopy's fixed heading
    (h and h + 180 deg): in a wind that depends on altitude and time only, a canopy of
    airspeed V(z) flying heading u lands at C + R u, with C the pure-drift point and R
    the integral of V over the canopy flight; so C is the midpoint of the two landings
    and R half their distance.
    """

    def __init__(
        self,
        exit_altitude_m,
        deploy_altitude_m,
        ground_elevation_m,
        mass_kg,
        cda_m2,
        posture,
        airspeed_mps,
        heading_deg,
        wind,
        exit_time_utc_s,
        canopy,
    ):
        if canopy not in fall.CANOPIES:
            raise OutOfRangeError("canopy", canopy, ", ".join(fall.CANOPIES))
        self.canopy = canopy
        self.kwargs = {
            "ground_elevation_m": ground_elevation_m,
            "mass_kg": mass_kg,
            "aircraft_speed_mps": airspeed_mps,
            "aircraft_heading_deg": heading_deg,
            "wind": wind,
        }
        self.exit_altitude_m = exit_altitude_m
        self.deploy_altitude_m = deploy_altitude_m
        self.cda_m2 = cda_m2
        self.posture = posture
        self.exit_time_utc_s = exit_time_utc_s

    def trajectory(self) -> fall.Trajectory:
        trajectory = fall.simulate_jump(
            self.exit_altitude_m,
            self.deploy_altitude_m,
            cda_m2=self.cda_m2,
            posture=self.posture,
            canopy=self.canopy,
            exit_time_utc_s=self.exit_time_utc_s,
            **self.kwargs,
        )
        self.cda_m2 = trajectory.cda_m2
        return trajectory

    def reach(self, trajectory: fall.Trajectory) -> tuple[np.ndarray, float]:
        """(centre (east, north) [m] in the trajectory's frame, radius [m])."""
        if fall.CANOPIES[self.canopy].airspeed_mps == 0.0:
            return np.array([trajectory.east_m[-1], trajectory.north_m[-1]]), 0.0
        pair = fall.simulate_ensemble(
            self.exit_altitude_m,
            self.deploy_altitude_m,
            cda_m2=self.cda_m2,
            posture=self.posture,
            canopy=self.canopy,
            canopy_heading_deg=np.array([0.0, 180.0]),
            exit_time_utc_s=self.exit_time_utc_s,
            **self.kwargs,
        )
        east, north = pair.landing_east_m, pair.landing_north_m
        center = np.array([east.mean(), north.mean()])
        return center, float(0.5 * np.hypot(east[1] - east[0], north[1] - north[0]))


def find_release_point(
    target_latitude_deg: float,
    target_longitude_deg: float,
    ground_elevation_m: float,
    exit_altitude_m: float,
    deploy_altitude_m: float,
    *,
    wind: WindProfile | None = None,
    mass_kg: float = 90.0,
    cda_m2: float | None = None,
    posture: str = "belly",
    aircraft_airspeed_mps: float = 0.0,
    jump_run_track_deg: float | None = None,
    aim: str = "opening",
    aim_offset_m: tuple[float, float] = (0.0, 0.0),
    canopy: str = "ram-air",
    groups: int = 1,
    group_separation_m: float = DEFAULT_GROUP_SEPARATION_M,
    target_radius_m: float = 100.0,
    reach_reserve_fraction: float = REACH_RESERVE_FRACTION,
    exit_time_utc_s: float | None = None,
) -> ReleasePoint:
    """Find the exit point upwind of the target, the jump run and the green-light zone.

    Parameters
    ----------
    target_latitude_deg, target_longitude_deg
        The target (landing area or opening point reference) [deg].
    ground_elevation_m
        Elevation of the target [m MSL].
    exit_altitude_m, deploy_altitude_m
        Exit and deployment altitudes [m MSL].
    wind
        Wind profile (:mod:`duskfall.winds`); calm by default.
    mass_kg, cda_m2, posture
        The jumper, as in :func:`duskfall.fall.simulate_jump`.
    aircraft_airspeed_mps
        True airspeed on jump run [m/s] (the forward throw); 0 for a balloon or hover.
    jump_run_track_deg
        Ground track of the jump run [deg true]; by default into the wind at the exit
        altitude (the aircraft flies toward where the wind comes from).
    aim
        ``"opening"`` (default): the canopy is open and flying over the aim point;
        ``"landing"``: the jumper lands on it drifting without steering.
    aim_offset_m
        (east, north) [m] of the aim point from the target; (0, 0) for the target itself.
    canopy
        Canopy model: ``"ram-air"`` (flies forward: a reachable area) or ``"round"``.
    groups
        Number of groups exiting on one pass.
    group_separation_m
        Ground distance between successive groups' exits [m].
    target_radius_m
        Radius of the landing area [m], added to the reach for the green-light zone.
    reach_reserve_fraction
        Share of the canopy's reach kept in reserve for the green-light zone (0-1).
    exit_time_utc_s
        Time over the release point [POSIX s]: picks time-dependent winds and the date of
        the magnetic declination (the wind's valid time is used if this is None).

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
    In a wind that depends on altitude (and time) only, the path of the jumper relative
    to the exit point is the same wherever the exit is; so the exit is the aim point
    minus the displacement to the opening (or landing) point. Moving the exit along the
    jump run by ``s`` moves every point of the jump by ``s`` along the track; the green
    light is the first exit from which the target still lies within the canopy's reach
    (less the reserve, plus the landing area's radius), the red light the last.

    Examples
    --------
    >>> from duskfall.winds import ConstantWind
    >>> spot = find_release_point(24.4, 54.6, 50.0, 4000.0, 1200.0,
    ...                           wind=ConstantWind(270.0, 10.0), aim="landing")
    >>> round(spot.release_point.bearing_deg)  # upwind: west of the target
    270
    """
    if aim not in ("opening", "landing"):
        raise OutOfRangeError("aim", aim, "opening or landing")
    for name, value in (
        ("aircraft airspeed", aircraft_airspeed_mps),
        ("group separation", group_separation_m),
        ("target radius", target_radius_m),
    ):
        if not (np.isfinite(value) and value >= 0):
            raise OutOfRangeError(name, value, "a non-negative finite number")
    if not (isinstance(groups, int | np.integer) and 1 <= groups <= 50):
        raise OutOfRangeError("groups", groups, "1 to 50 groups")
    if not 0.0 <= reach_reserve_fraction < 1.0:
        raise OutOfRangeError("reach reserve", reach_reserve_fraction, "0 to less than 1")
    wind = wind or ConstantWind(source="calm (no wind given)")
    warnings: list[str] = list(getattr(wind, "warnings", ()))
    wind_time = getattr(wind, "valid_time_utc_s", None)
    when = exit_time_utc_s if exit_time_utc_s is not None else wind_time

    track_deg, heading_deg, ground_speed = _jump_run(
        wind,
        exit_altitude_m,
        ground_elevation_m,
        exit_time_utc_s,
        jump_run_track_deg,
        aircraft_airspeed_mps,
        warnings,
    )
    engine = _Engine(
        exit_altitude_m,
        deploy_altitude_m,
        ground_elevation_m,
        mass_kg,
        cda_m2,
        posture,
        aircraft_airspeed_mps,
        heading_deg,
        wind,
        exit_time_utc_s,
        canopy,
    )
    trajectory = engine.trajectory()
    warnings.extend(trajectory.warnings)
    coverage = getattr(wind, "coverage_warnings", None)
    if coverage is not None:
        warnings.extend(coverage(ground_elevation_m, exit_altitude_m))
    time_check = getattr(wind, "time_warnings", None)
    if time_check is not None and exit_time_utc_s is not None:
        warnings.extend(time_check(exit_time_utc_s, exit_time_utc_s + trajectory.landing_time_s))

    deploy = int(np.searchsorted(trajectory.time_s, trajectory.freefall_duration_s))
    opening = _stage_end(trajectory, 1)
    rel = {
        "deploy": np.array([trajectory.east_m[deploy], trajectory.north_m[deploy]]),
        "opening": np.array([trajectory.east_m[opening], trajectory.north_m[opening]]),
        "landing": np.array([trajectory.east_m[-1], trajectory.north_m[-1]]),
    }
    origin = np.array([trajectory.east_m[0], trajectory.north_m[0]])
    rel = {name: value - origin for name, value in rel.items()}
    center_rel, reach = engine.reach(trajectory)
    aim_point = np.asarray(aim_offset_m, dtype=float)
    exit_point = aim_point - rel[aim]
    lat, lon = float(target_latitude_deg), float(target_longitude_deg)

    def where(offset: np.ndarray) -> GeoPoint:
        return locate(lat, lon, float(offset[0]), float(offset[1]))

    landing = exit_point + rel["landing"]
    center = exit_point + center_rel - origin
    canopy_time = float(trajectory.landing_time_s - trajectory.time_s[opening])
    to_target = -center
    margin = reach - float(np.hypot(*to_target))
    if margin < 0:
        warnings.append(
            f"the target is {-margin:.0f} m beyond the canopy's reach (reach {reach:.0f} m): "
            "aim the opening upwind of the target or land elsewhere"
        )

    # Green-light zone: exits s along the track for which |d - s t| <= R, with d the
    # target minus the centre of the reach of the nominal exit.
    track = _unit(track_deg)
    radius = reach * (1.0 - reach_reserve_fraction) + target_radius_m
    projection = float(to_target @ track)
    discriminant = projection**2 - float(to_target @ to_target) + radius**2
    green = red = None
    if discriminant >= 0:
        half = float(np.sqrt(discriminant))
        green = where(exit_point + (projection - half) * track)
        red = where(exit_point + (projection + half) * track)
        zone = (projection - half, projection + half)
    else:
        zone = None
        warnings.append("no exit on this jump run reaches the target under canopy")

    group_exits = []
    for index in range(groups):
        along = (index - (groups - 1) / 2.0) * group_separation_m
        inside = zone is not None and zone[0] - 1e-6 <= along <= zone[1] + 1e-6
        group_exits.append(
            GroupExit(
                index,
                where(exit_point + along * track),
                along,
                along / ground_speed if ground_speed > 0 else float("nan"),
                inside,
            )
        )
    outside = [g.index + 1 for g in group_exits if not g.in_green_zone]
    if outside and zone is not None and groups == 1:
        warnings.append(
            "the release point is outside the green-light zone: the target is beyond the "
            f"canopy's reach less its {reach_reserve_fraction:.0%} reserve"
        )
    elif outside and zone is not None:
        warnings.append(
            f"group(s) {', '.join(map(str, outside))} exit outside the green-light zone: "
            "fewer groups or a smaller separation"
        )
    if groups > 1 and ground_speed <= 0:
        warnings.append("no ground speed along the jump run: group exit times are undefined")

    declination = None
    if when is None:
        warnings.append("no date for the magnetic declination: magnetic headings omitted")
    else:
        declination = magnetic_declination_deg(lat, lon, when, ground_elevation_m)
        if declination is None:
            warnings.append(
                f"magnetic declination: IGRF-14 covers {IGRF_FIRST_YEAR}-{IGRF_LAST_YEAR}; "
                "magnetic headings omitted"
            )
    exit_from, exit_speed = wind_direction_speed(*_wind_at(wind, exit_altitude_m, when))
    return ReleasePoint(
        target=GeoPoint(lat, lon, 0.0, 0.0),
        ground_elevation_m=float(ground_elevation_m),
        exit_altitude_m=float(exit_altitude_m),
        deploy_altitude_m=float(deploy_altitude_m),
        aim=aim,
        aim_point=where(aim_point),
        release_point=where(exit_point),
        deploy_point=where(exit_point + rel["deploy"]),
        opening_point=where(exit_point + rel["opening"]),
        landing_point=where(landing),
        opening_altitude_m=float(trajectory.altitude_m[opening]),
        canopy=canopy,
        canopy_time_s=canopy_time,
        reach_center=where(center),
        reach_radius_m=float(reach),
        target_reachable=bool(margin >= 0),
        reach_margin_m=float(margin),
        jump_run_track_deg_true=float(track_deg),
        aircraft_heading_deg_true=float(heading_deg),
        magnetic_declination_deg=declination,
        aircraft_true_airspeed_mps=float(aircraft_airspeed_mps),
        ground_speed_mps=float(ground_speed),
        exit_wind_from_deg=float(exit_from),
        exit_wind_speed_mps=float(exit_speed),
        green_light=green,
        red_light=red,
        groups=tuple(group_exits),
        exit_time_utc_s=exit_time_utc_s,
        trajectory=trajectory,
        wind_source=str(getattr(wind, "source", type(wind).__name__)),
        wind_valid_time_utc_s=wind_time,
        warnings=tuple(dict.fromkeys(warnings)),
    )


# --- Dispersion ----------------------------------------------------------------------------


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
        major = _unit(self.orientation_deg)
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
            value = getattr(self, name)
            if not (np.isfinite(value) and value >= 0):
                raise OutOfRangeError(name, value, "a non-negative standard deviation")


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
    warnings: tuple[str, ...] = ()

    @property
    def standard_error(self) -> float:
        """Largest standard error of the probabilities (at p = 0.5) [1]: 0.5 / sqrt(N)."""
        return 0.5 / np.sqrt(self.members)


def _window_edge(window, name: str):
    value = getattr(window, name, None) if not isinstance(window, tuple | list) else None
    if isinstance(window, tuple | list):
        value = window[0 if name == "start_utc_s" else 1]
    return None if value is None else float(value)


def dispersion(
    release: ReleasePoint,
    *,
    members: int = 1000,
    seed: int = 0,
    uncertainty: Uncertainty | None = None,
    wind: WindProfile | None = None,
    mass_kg: float = 90.0,
    cda_m2: float | None = None,
    posture: str = "belly",
    radius_m: float = 100.0,
    light_window=None,
) -> Dispersion:
    """Monte Carlo dispersion of the jump planned by :func:`find_release_point`.

    Parameters
    ----------
    release
        The nominal release point (its exit, jump run, canopy and exit time are used).
    members
        Ensemble size N.
    seed
        Seed of the random generator: the same seed gives the same answer.
    uncertainty
        Error model; :class:`Uncertainty` defaults if None.
    wind
        The best-estimate wind (the same that found the release point); calm if None.
    mass_kg, cda_m2, posture
        The jumper, as given to :func:`find_release_point` (``cda_m2`` None: from the
        posture).
    radius_m
        Radius of the landing area [m] for :attr:`Dispersion.p_land_within_radius`.
    light_window
        Exit times that keep the nominal action in the light: a window with
        ``start_utc_s`` and ``end_utc_s`` (e.g. from :func:`duskfall.light.find_exit_window`)
        or a (start, end) pair [POSIX s]; an edge may be None (open). Requires the
        release point's ``exit_time_utc_s``.

    Returns
    -------
    Dispersion

    Raises
    ------
    OutOfRangeError
        For fewer than 10 members or a negative radius; InconsistentInputError for a
        light window without an exit time.

    Notes
    -----
    Members differ by a wind error profile (:class:`duskfall.winds.WindError`, drawn
    every 250 m from the ground to the exit), a log-normal drag area, an exit time and an
    exit position (along and across the jump run). All members are integrated together
    by :func:`duskfall.fall.simulate_ensemble`, their canopies flying a fixed heading, so
    that each member's pure-drift point is its landing point less the reach radius along
    that heading. The jumper then steers for the target: a member lands on it when it is
    within the reach, else at the nearest point of the reach. The reach radius is the
    nominal jump's (it depends on the canopy and the opening altitude, which all members
    share).

    A member's action is in the light if it exits no earlier than the window opens and
    its action ends no later than the nominal action ending at the window's close: a
    longer free fall (a smaller drag area) ends later, in the lower, darker air. This is
    first-order in the spread of the free-fall time about the nominal.
    """
    if not (isinstance(members, int | np.integer) and members >= 10):
        raise OutOfRangeError("members", members, "at least 10 members")
    if not (np.isfinite(radius_m) and radius_m >= 0):
        raise OutOfRangeError("radius", radius_m, "a non-negative radius [m]")
    if light_window is not None and release.exit_time_utc_s is None:
        raise InconsistentInputError(
            "light window", light_window, "a release point with an exit time", "needs one"
        )
    uncertainty = uncertainty or Uncertainty()
    wind = wind or ConstantWind()
    rng = np.random.default_rng(seed)
    n = int(members)
    warnings: list[str] = []

    nominal = release.trajectory
    cda_nominal = nominal.cda_m2 if cda_m2 is None else cda_m2
    cda = cda_nominal * np.exp(uncertainty.cda_relative * rng.standard_normal(n))
    track = _unit(release.jump_run_track_deg_true)
    right = np.array([track[1], -track[0]])
    along = uncertainty.exit_along_track_m * rng.standard_normal(n)
    across = uncertainty.exit_cross_track_m * rng.standard_normal(n)
    exit_east = release.release_point.east_m + along * track[0] + across * right[0]
    exit_north = release.release_point.north_m + along * track[1] + across * right[1]
    exit_times = None
    if release.exit_time_utc_s is not None:
        exit_times = release.exit_time_utc_s + uncertainty.exit_time_s * rng.standard_normal(n)
    perturbed = perturb(
        wind,
        uncertainty.wind,
        n,
        rng,
        min(release.ground_elevation_m, release.deploy_altitude_m) - 10.0,
        release.exit_altitude_m + 10.0,
    )
    heading = release.jump_run_track_deg_true
    ensemble = fall.simulate_ensemble(
        release.exit_altitude_m,
        release.deploy_altitude_m,
        release.ground_elevation_m,
        mass_kg=mass_kg,
        cda_m2=cda,
        aircraft_speed_mps=release.aircraft_true_airspeed_mps,
        aircraft_heading_deg=release.aircraft_heading_deg_true,
        exit_east_m=exit_east,
        exit_north_m=exit_north,
        wind=perturbed,
        exit_time_utc_s=exit_times,
        posture=posture,
        canopy=release.canopy,
        canopy_heading_deg=heading,
    )
    warnings.extend(ensemble.warnings)
    reach = release.reach_radius_m
    center_east = ensemble.landing_east_m - reach * track[0]
    center_north = ensemble.landing_north_m - reach * track[1]
    if fall.CANOPIES[release.canopy].airspeed_mps == 0.0:
        center_east, center_north = ensemble.landing_east_m, ensemble.landing_north_m
    miss = np.hypot(center_east, center_north)
    reachable = miss <= reach
    shrink = np.where(reachable, 0.0, 1.0 - reach / np.maximum(miss, 1e-9))
    landing_east = center_east * shrink
    landing_north = center_north * shrink
    distance = np.hypot(landing_east, landing_north)

    p_light = None
    if light_window is not None:
        start = _window_edge(light_window, "start_utc_s")
        end = _window_edge(light_window, "end_utc_s")
        late = ensemble.freefall_duration_s - nominal.freefall_duration_s
        inside = np.ones(n, dtype=bool)
        if start is not None:
            inside &= exit_times >= start
        if end is not None:
            inside &= exit_times + late <= end
        p_light = float(np.mean(inside))

    return Dispersion(
        members=n,
        seed=int(seed),
        radius_m=float(radius_m),
        landing_east_m=landing_east,
        landing_north_m=landing_north,
        deploy_east_m=np.asarray(ensemble.deploy_east_m),
        deploy_north_m=np.asarray(ensemble.deploy_north_m),
        reach_east_m=center_east,
        reach_north_m=center_north,
        exit_time_utc_s=exit_times,
        freefall_duration_s=np.asarray(ensemble.freefall_duration_s),
        landing_ellipse_50=ellipse(landing_east, landing_north, 0.5),
        landing_ellipse_95=ellipse(landing_east, landing_north, 0.95),
        deploy_ellipse_50=ellipse(ensemble.deploy_east_m, ensemble.deploy_north_m, 0.5),
        deploy_ellipse_95=ellipse(ensemble.deploy_east_m, ensemble.deploy_north_m, 0.95),
        p_land_within_radius=float(np.mean(distance <= radius_m)),
        p_target_reachable=float(np.mean(reachable)),
        p_action_in_light=p_light,
        uncertainty=uncertainty,
        warnings=tuple(dict.fromkeys(warnings)),
    )
