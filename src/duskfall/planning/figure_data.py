"""Time series and ground tracks that show a plan: what the figures draw.

The figures (:mod:`duskfall.reports.figures`) never compute physics; everything physical
they show is computed here, from a :class:`~duskfall.planning.Plan`, with the same light,
sun and wind models the plan used:

- :func:`make_light_series` -> :class:`LightSeries`: over the evening (or morning) of the
  plan, the shadow altitude, the altitudes of the edges of the sky's light bands, the
  Sun's elevation above the visible horizon at the ground and at the exit altitude, and
  the planned trajectories in absolute time (with the action at the exit window's edges).
- :func:`make_track_series` -> :class:`TrackSeries`: the ground track of every jumper,
  the jump run, and the winds by altitude, in the plan's local east-north frame.

Conventions: times are POSIX seconds UTC (``*_utc_s``); altitudes metres MSL; positions
metres east and north of the ground point below the exit (the frame of
:class:`duskfall.fall.Trajectory`); winds as the vector the air moves toward, with the
direction FROM also given for labels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from duskfall import light
from duskfall.light import LightBand
from duskfall.notices import Notice, merge
from duskfall.planning.plan import Plan
from duskfall.release import Dispersion, ReleasePoint
from duskfall.winds import wind_direction_speed

_BANDS = light.LIGHT_BANDS
SUNSET_EDGE_DEG = _BANDS["sunlit"].lower_deg
"""Elevation on the band scale at which the Sun's upper limb is on the visible horizon
[deg]: the lower edge of :data:`duskfall.light.LIGHT_BANDS` ``["sunlit"]``."""

NAUTICAL_DUSK_DEG = -12.0
"""End of nautical twilight: the Sun's centre 12 deg below the horizon (U.S. Naval
Observatory, "Rise, Set, and Twilight Definitions")."""

SKY_BANDS: tuple[LightBand, ...] = (
    LightBand("high sun", _BANDS["lowsun"].upper_deg, None, "the Sun above the low-sun band"),
    LightBand(
        "low sun",
        SUNSET_EDGE_DEG,
        _BANDS["lowsun"].upper_deg,
        "direct, low sun, down to the last sliver of the disc (the lowsun band)",
    ),
    LightBand(
        "golden, Sun set",
        _BANDS["golden"].lower_deg,
        SUNSET_EDGE_DEG,
        "the part of the golden hour after the disc has gone",
    ),
    LightBand("blue hour", _BANDS["blue"].lower_deg, _BANDS["blue"].upper_deg, "the blue band"),
    LightBand(
        "nautical twilight",
        NAUTICAL_DUSK_DEG,
        _BANDS["blue"].lower_deg,
        "from the blue hour to the end of nautical twilight",
    ),
    LightBand("dark", None, NAUTICAL_DUSK_DEG, "after nautical twilight"),
)
"""Disjoint bands of the Sun's elevation on the band scale of :mod:`duskfall.light`
(measured from the observer's visible horizon), from the highest to the lowest, that a
figure shades to show the sky's light at every altitude. Their edges are those of
:data:`duskfall.light.LIGHT_BANDS`, with the end of nautical twilight."""

PADDING_S = 15 * 60.0
"""Time shown before the first and after the last event of the plan [s]."""

DEFAULT_POINTS = 481
"""Samples of a light series in time: 481 over the seed's 80 minutes is one every 10 s."""


@dataclass(frozen=True)
class BandEdge:
    """Where the Sun stands at one elevation above the visible horizon, over time."""

    elevation_deg: float
    """The edge: the Sun's centre this high above the observer's visible horizon [deg]."""
    altitude_m: np.ndarray
    """Altitude at which the Sun stands at the edge [m MSL], one per sample time. Above
    it the Sun is higher (dusk and dawn alike: the horizon falls as one climbs). The
    ground elevation where the Sun is above the edge everywhere in the column, ``inf``
    where it is below the edge up to the series' ceiling."""


@dataclass(frozen=True)
class Path:
    """A jumper's path in absolute time."""

    label: str
    time_utc_s: np.ndarray
    altitude_m: np.ndarray
    """[m MSL]"""
    stage: np.ndarray | None = None
    """0 free fall, 1 deployment, 2 canopy (see :data:`duskfall.fall.STAGE_NAMES`), or
    None for an action segment."""


@dataclass(frozen=True)
class LightSeries:
    """The light of the plan's evening (or morning) at every altitude, and the jump in it.

    Made by :func:`make_light_series`.
    """

    timezone: str
    """IANA time zone of the site, for local-time axes."""
    date: dt.date
    """Local date of the attempt."""
    at: str
    """``"dusk"`` or ``"dawn"``."""
    time_utc_s: np.ndarray
    """Sample times [POSIX s]."""
    ground_elevation_m: float
    exit_altitude_m: float
    ceiling_m: float
    """Highest altitude the series describes [m MSL]."""
    shadow_altitude_m: np.ndarray
    """Lowest altitude in direct sun (upper limb above the visible horizon) [m MSL], from
    :func:`duskfall.light.shadow_altitude_m`; ``inf`` above the ceiling."""
    sky_bands: tuple[LightBand, ...]
    """The bands shaded, highest first (:data:`SKY_BANDS`)."""
    band: LightBand
    """The plan's light band."""
    edges: dict[float, BandEdge]
    """Altitude of every edge of the sky bands and of the plan's band, by elevation."""
    sun_ground_deg: np.ndarray
    """Sun's centre on the band scale (above the visible horizon) at the ground [deg]."""
    sun_exit_deg: np.ndarray
    """Sun's centre above the visible horizon at the exit altitude [deg]."""
    paths: tuple[Path, ...]
    """Every jumper's jump from the planned exit, exit to landing; empty without a fit."""
    window_paths: tuple[Path, ...]
    """The lead jumper's action segment from the exit window's first and last exits (the
    action grazes the band's edges there); empty without an exit window."""
    exit_time_utc_s: float | None
    exit_window: light.Window | None
    light_window: light.Window | None
    """The plan's light band at the exit altitude."""
    sunset_ground_utc_s: float | None
    sunset_exit_utc_s: float | None
    drawn: bool = True
    """False when there is no planned exit and the jump is not drawn."""

    def edge(self, elevation_deg: float | None) -> np.ndarray | None:
        """Altitudes [m MSL] of an edge over time, or None for an open edge."""
        return None if elevation_deg is None else self.edges[float(elevation_deg)].altitude_m


def _span(plan: Plan) -> tuple[float, float]:
    """The times worth showing: the plan's light, windows and jump, padded."""
    anchors = [plan.sunset_ground_utc_s, plan.sunset_exit_utc_s]
    for window in (plan.light_window, plan.exit_window):
        if window is not None:
            anchors += [window.start_utc_s, window.end_utc_s]
    if plan.exit_time_utc_s is not None:
        anchors += [plan.exit_time_utc_s, plan.exit_time_utc_s + plan.trajectory.landing_time_s]
    anchors = [a for a in anchors if a is not None]
    if not anchors:
        # No sunset and no window (polar day or night): the half day the plan searched.
        scenario = plan.scenario
        if scenario.search_start_utc_s is not None:
            return scenario.search_start_utc_s, scenario.search_end_utc_s
        return plan.half_day.start_utc_s, plan.half_day.end_utc_s
    return min(anchors) - PADDING_S, max(anchors) + PADDING_S


def make_light_series(
    plan: Plan,
    start_utc_s: float | None = None,
    end_utc_s: float | None = None,
    points: int = DEFAULT_POINTS,
    ceiling_m: float | None = None,
) -> LightSeries:
    """The light over the plan's evening (morning) at every altitude, and the jump in it.

    Parameters
    ----------
    plan
        A plan from :func:`duskfall.planning.make_plan`.
    start_utc_s, end_utc_s
        The times to cover [POSIX s]; by default from :data:`PADDING_S` before the first
        to :data:`PADDING_S` after the last of the plan's sunsets, windows and jump.
    points
        Number of sample times.
    ceiling_m
        Highest altitude described [m MSL]; by default 30 % above the exit altitude (over
        the ground).

    Returns
    -------
    LightSeries

    Examples
    --------
    >>> from duskfall.planning import SEED_SCENARIO, make_plan
    >>> series = make_light_series(make_plan(SEED_SCENARIO), points=11)
    >>> series.time_utc_s.shape, len(series.paths)
    ((11,), 1)
    """
    scenario = plan.scenario
    site = scenario.site
    where = (site.latitude_deg, site.longitude_deg)
    ground = site.ground_elevation_m
    default_start, default_end = _span(plan)
    start = default_start if start_utc_s is None else float(start_utc_s)
    end = default_end if end_utc_s is None else float(end_utc_s)
    times = np.linspace(start, end, int(points))
    exit_m = scenario.exit_altitude_m
    ceiling = ground + 1.3 * (exit_m - ground) if ceiling_m is None else float(ceiling_m)

    band = scenario.band
    elevations = {b.lower_deg for b in SKY_BANDS} | {b.upper_deg for b in SKY_BANDS}
    elevations |= {band.lower_deg, band.upper_deg}
    edges = {
        float(e): BandEdge(float(e), light.band_edge_altitude_m(times, e, *where, ground, ceiling))
        for e in sorted(e for e in elevations if e is not None)
    }

    paths: list[Path] = []
    window_paths: list[Path] = []
    if plan.exit_time_utc_s is not None:
        delays = plan.exit_delays_s or (0.0,) * len(plan.trajectories)
        for jumper, trajectory, delay in zip(
            scenario.jumpers, plan.trajectories, delays, strict=True
        ):
            paths.append(
                Path(
                    jumper.name,
                    plan.exit_time_utc_s + delay + trajectory.time_s,
                    trajectory.altitude_m,
                    trajectory.stage,
                )
            )
    if plan.exit_window is not None:
        action_s, action_m = plan.trajectory.action_segment(scenario.action_end_altitude_m)
        for label, edge in (
            ("first exit", plan.exit_window.start_utc_s),
            ("last exit", plan.exit_window.end_utc_s),
        ):
            if edge is not None:
                window_paths.append(Path(label, edge + action_s, action_m))

    return LightSeries(
        timezone=plan.timezone,
        date=scenario.date,
        at=scenario.at,
        time_utc_s=times,
        ground_elevation_m=ground,
        exit_altitude_m=exit_m,
        ceiling_m=ceiling,
        shadow_altitude_m=np.asarray(
            light.shadow_altitude_m(times, *where, ground, ceiling_m=ceiling)
        ),
        sky_bands=SKY_BANDS,
        band=band,
        edges=edges,
        sun_ground_deg=np.asarray(light.sun_above_horizon_deg(times, *where, ground, ground)),
        sun_exit_deg=np.asarray(light.sun_above_horizon_deg(times, *where, exit_m, ground)),
        paths=tuple(paths),
        window_paths=tuple(window_paths),
        exit_time_utc_s=plan.exit_time_utc_s,
        exit_window=plan.exit_window,
        light_window=plan.light_window,
        sunset_ground_utc_s=plan.sunset_ground_utc_s,
        sunset_exit_utc_s=plan.sunset_exit_utc_s,
        drawn=bool(paths),
    )


# --- Ground track ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Track:
    """One jumper's ground track, in metres east and north of the target."""

    label: str
    east_m: np.ndarray
    north_m: np.ndarray
    altitude_m: np.ndarray
    stage: np.ndarray
    """0 free fall, 1 deployment, 2 canopy."""
    deploy_east_m: float
    deploy_north_m: float
    landing_east_m: float
    landing_north_m: float
    """Where the jumper lands without steering for the target [m]."""


@dataclass(frozen=True)
class WindLevels:
    """The wind at a few altitudes, for arrows."""

    altitude_m: np.ndarray
    """[m MSL]"""
    east_mps: np.ndarray
    """Toward the east [m/s]."""
    north_mps: np.ndarray
    """Toward the north [m/s]."""
    direction_from_deg: np.ndarray
    """Where the wind comes from [deg true]."""
    speed_mps: np.ndarray
    source: str


@dataclass(frozen=True)
class Outline:
    """A closed curve on the map (a dispersion ellipse, the canopy's reach) [m]."""

    label: str
    east_m: np.ndarray
    north_m: np.ndarray


@dataclass(frozen=True)
class TrackSeries:
    """What a map of the jump shows, in metres east and north of the target (the site).

    Made by :func:`make_track_series`.
    """

    site_name: str
    latitude_deg: float
    longitude_deg: float
    """The target, the frame's origin [deg]."""
    tracks: tuple[Track, ...]
    """Every jumper, the lead first."""
    exit_east_m: float
    exit_north_m: float
    """The exit: the release point, or the ground point below the exit over the site when
    there is no release point."""
    jump_run_east_m: np.ndarray
    jump_run_north_m: np.ndarray
    """The aircraft's ground track over the scenario's jump-run time up to the exit [m]."""
    jump_run_track_deg: float
    """Ground track of the jump run [deg true]."""
    aircraft_heading_deg: float
    """Heading flown on jump run [deg true]."""
    aircraft_ground_speed_mps: float
    winds: WindLevels
    green_light_east_m: tuple[float, float] | None = None
    green_light_north_m: tuple[float, float] | None = None
    """Ends of the green-light zone on the jump run (first and last exits from which the
    target can be reached under canopy) [m], or None."""
    outlines: tuple[Outline, ...] = ()
    """The canopy's reach and the dispersion ellipses."""
    dispersion_deploy_east_m: np.ndarray | None = None
    dispersion_deploy_north_m: np.ndarray | None = None
    """Every Monte Carlo member's deployment point [m], or None without a dispersion."""
    release: ReleasePoint | None = None
    """The release point (:func:`duskfall.release.find_release_point`), or None."""
    dispersion: Dispersion | None = None
    """The Monte Carlo dispersion (:func:`duskfall.release.dispersion`), or None."""
    notices: tuple[Notice, ...] = ()


def _shifted(trajectory, label: str, east_m: float, north_m: float) -> Track:
    """A trajectory moved so that its exit is at (``east_m``, ``north_m``)."""
    de = east_m - float(trajectory.east_m[0])
    dn = north_m - float(trajectory.north_m[0])
    return Track(
        label,
        trajectory.east_m + de,
        trajectory.north_m + dn,
        trajectory.altitude_m,
        trajectory.stage,
        trajectory.deploy_east_m + de,
        trajectory.deploy_north_m + dn,
        trajectory.landing_east_m + de,
        trajectory.landing_north_m + dn,
    )


def make_track_series(plan: Plan, levels: int = 8) -> TrackSeries:
    """The plan's ground tracks from the release point, the jump run, the green-light
    zone, the canopy's reach, the dispersion and the winds by altitude.

    Parameters
    ----------
    plan
        A plan from :func:`duskfall.planning.make_plan`; its release point
        (``plan.release``), dispersion (``plan.dispersion``) and wind (``plan.wind``) are
        drawn as they are.
    levels
        Number of altitudes, ground to exit, at which the wind is given.

    Returns
    -------
    TrackSeries
        In metres east and north of the site, which is the target. Every jumper exits at
        the release point; the jump run is the aircraft's ground track over the
        scenario's jump-run time before the exit.
    """
    scenario = plan.scenario
    site = scenario.site
    wind = plan.wind
    ground = site.ground_elevation_m
    exit_m = scenario.exit_altitude_m
    heights = np.linspace(ground, exit_m, int(levels))
    if wind is None:
        east = north = np.zeros_like(heights)
        source = "calm (no wind given)"
    else:
        east, north = wind.velocity_enu_mps(heights, plan.exit_time_utc_s)
        east = np.broadcast_to(np.asarray(east, dtype=float), heights.shape).copy()
        north = np.broadcast_to(np.asarray(north, dtype=float), heights.shape).copy()
        source = str(getattr(wind, "source", type(wind).__name__))
    direction, speed = wind_direction_speed(east, north)

    spot = plan.release
    spread = plan.dispersion
    notices = list(spot.notices)
    exit_point = np.array([spot.release_point.east_m, spot.release_point.north_m])
    track_deg = spot.jump_run_track_deg_true
    heading_deg = spot.aircraft_heading_deg_true
    rad = np.radians(track_deg)
    ground_velocity = spot.ground_speed_mps * np.array([np.sin(rad), np.cos(rad)])
    # Every trajectory is in the frame of the green light; the lead exits at the release
    # point, a jumper with an exit delay further along the jump run.
    lead = plan.trajectories[0]
    tracks = tuple(
        _shifted(
            t,
            j.name,
            exit_point[0] + float(t.east_m[0] - lead.east_m[0]),
            exit_point[1] + float(t.north_m[0] - lead.north_m[0]),
        )
        for j, t in zip(scenario.jumpers, plan.trajectories, strict=True)
    )
    green_east = green_north = None
    if spot.green_light is not None:
        green_east = (spot.green_light.east_m, spot.red_light.east_m)
        green_north = (spot.green_light.north_m, spot.red_light.north_m)
    outlines: list[Outline] = []
    if spot.reach_radius_m > 0:
        angle = np.linspace(0.0, 2 * np.pi, 145)
        outlines.append(
            Outline(
                "canopy's reach from the opening",
                spot.reach_center.east_m + spot.reach_radius_m * np.sin(angle),
                spot.reach_center.north_m + spot.reach_radius_m * np.cos(angle),
            )
        )
    if spread is not None:
        notices.extend(spread.notices)
        for name, shape in (
            ("openings, 50 %", spread.deploy_ellipse_50),
            ("openings, 95 %", spread.deploy_ellipse_95),
            ("landings, 95 %", spread.landing_ellipse_95),
        ):
            outlines.append(Outline(name, *shape.boundary(145)))

    run = np.linspace(-scenario.aircraft.jump_run_s, 0.0, 25)
    return TrackSeries(
        site_name=site.name,
        latitude_deg=site.latitude_deg,
        longitude_deg=site.longitude_deg,
        tracks=tracks,
        exit_east_m=float(exit_point[0]),
        exit_north_m=float(exit_point[1]),
        jump_run_east_m=exit_point[0] + ground_velocity[0] * run,
        jump_run_north_m=exit_point[1] + ground_velocity[1] * run,
        jump_run_track_deg=float(track_deg),
        aircraft_heading_deg=float(heading_deg),
        aircraft_ground_speed_mps=float(np.hypot(*ground_velocity)),
        winds=WindLevels(
            heights,
            east,
            north,
            np.asarray(direction, dtype=float),
            np.asarray(speed, dtype=float),
            source,
        ),
        green_light_east_m=green_east,
        green_light_north_m=green_north,
        outlines=tuple(outlines),
        dispersion_deploy_east_m=None if spread is None else spread.deploy_east_m,
        dispersion_deploy_north_m=None if spread is None else spread.deploy_north_m,
        release=spot,
        dispersion=spread,
        notices=merge(notices),
    )
