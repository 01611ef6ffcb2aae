"""The exit window of every day of a season, from one simulation of each jumper.

With a wind that does not depend on the date the trajectories are the same every day, so
each jumper is simulated once (:meth:`duskfall.planning.Scenario.jump_of`) and the
exit-window engine (:func:`duskfall.light.find_exit_windows`, the plan's own) finds the
windows of all the dates at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from duskfall import fall, light, timeutil
from duskfall.constants import SUNSET_ELEVATION_DEG
from duskfall.errors import InputError
from duskfall.light import LightBand, Places, Window
from duskfall.notices import Notice, merge
from duskfall.planning import (
    Scenario,
    action_of,
    choose_exit_times,
    simulate_jumpers,
    takeoff_before_exit_s,
)
from duskfall.winds import WindProfile, is_time_dependent

MAX_SEASON_DAYS = timeutil.MAX_DATE_RANGE_DAYS
"""Longest season scanned [days]: 20 years."""

CHUNK_DAYS = 366
"""Days computed per step (one step of a progress callback)."""


@dataclass(frozen=True)
class SeasonScan:
    """The exit window of every day of a season (one element per date in every array).

    Times are POSIX seconds UTC, NaN where there is no such time. A window edge is open
    (``*_open`` True, time NaN) when the band already holds at the start of the half day
    (noon at dusk, midnight at dawn) or still holds at its end.
    """

    scenario: Scenario
    """The scenario (its date is the season's first day)."""
    date: np.ndarray
    """Local dates (``datetime64[D]``)."""
    at: str
    band: LightBand
    timezone: str
    """IANA time zone of the site (for reports)."""
    window_start_utc_s: np.ndarray
    """Opening of the exit window (every jumper's whole action in the band)."""
    window_end_utc_s: np.ndarray
    """Closing of the exit window."""
    start_open: np.ndarray
    """The window is open at the start of the half day (no opening edge)."""
    end_open: np.ndarray
    """The window is still open at the end of the half day (no closing edge)."""
    fits: np.ndarray
    """The whole action fits in the band that day (bool)."""
    slack_s: np.ndarray
    """Length of the exit window [s]: the freedom in the exit time; NaN if an edge is open
    or the action does not fit."""
    shortfall_s: np.ndarray
    """By how much the action misses the band [s], where it does."""
    exit_time_utc_s: np.ndarray
    """The planned exit (the scenario's pick: middle, earliest or latest)."""
    takeoff_time_utc_s: np.ndarray
    """Take-off, worked back from the exit through the aircraft's climb."""
    light_window_start_utc_s: np.ndarray
    """The band at the exit altitude: start (NaN if open or absent)."""
    light_window_end_utc_s: np.ndarray
    """The band at the exit altitude: end."""
    light_window_exists: np.ndarray
    """The band occurs at the exit altitude that half day (bool)."""
    sunset_exit_utc_s: np.ndarray
    """Sunset (dawn: sunrise) for an observer at the exit altitude."""
    exit_elevation_deg: np.ndarray
    """The Sun on the band scale at the planned exit, where the light is judged (the lead
    jumper's visible horizon by default) [deg]."""
    deploy_elevation_deg: np.ndarray
    """The same at the lead jumper's deployment [deg]."""
    reason: tuple[str, ...]
    """Why the action does not fit: ``""`` where it does, else ``no-light``,
    ``shortfall`` or ``band-ends-early`` (the reports word them)."""
    action_duration_s: float
    """The lead jumper's action, exit to the action's end [s]."""
    freefall_duration_s: float
    """The lead jumper's free fall, exit to deployment [s]."""
    takeoff_before_exit_s: float
    """Take-off to exit [s] (climb and level-off, from the plan's timeline)."""
    max_refinement_s: float
    """Largest move of a window edge by the full-model check after the envelope shortcut
    [s] (:mod:`duskfall.light.windows`): how good the shortcut was."""
    trajectories: tuple[fall.Trajectory, ...] = ()
    """Every jumper's trajectory, simulated once for the whole season."""
    notices: tuple[Notice, ...] = field(default=())

    def __len__(self) -> int:
        return int(self.date.size)

    def window(self, i: int) -> Window | None:
        """The exit window of day ``i`` (None if the action does not fit)."""
        if not self.fits[i]:
            return None
        return Window(_opt(self.window_start_utc_s[i]), _opt(self.window_end_utc_s[i]))

    def light_window(self, i: int) -> Window | None:
        """The band at the exit altitude on day ``i`` (None if it does not occur)."""
        if not self.light_window_exists[i]:
            return None
        return Window(_opt(self.light_window_start_utc_s[i]), _opt(self.light_window_end_utc_s[i]))


def _opt(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


season_dates = timeutil.date_range
"""Every local date of a season (:func:`duskfall.timeutil.date_range`)."""


def _places(scenario: Scenario, dates: np.ndarray) -> Places:
    site = scenario.site
    solar = timeutil.solar_dates(dates, site.longitude_deg, scenario.timezone)
    return Places(
        solar,
        np.float64(site.latitude_deg),
        np.float64(site.longitude_deg),
        np.float64(site.ground_elevation_m),
        scenario.at,
    )


def _half_days(places: Places, longitude_deg: float, at: str):
    days = places.dates.astype(np.int64)
    noon = timeutil.mean_solar_noon_utc_s(days, longitude_deg)
    return (noon, noon + 43_200.0) if at == "dusk" else (noon - 43_200.0, noon)


def _band_scale(times, scenario: Scenario, lead) -> tuple[np.ndarray, np.ndarray]:
    """The Sun on the band scale at exit and at opening, where the scenario judges the
    light [deg] (NaN on days without an exit)."""
    site = scenario.site
    judged = light.judged_action(
        [0.0, lead.freefall_duration_s],
        [scenario.exit_altitude_m, lead.deploy_altitude_m],
        site.ground_elevation_m,
        scenario.judge_at,
        scenario.horizon,
    )
    elevations = []
    for offset_s, altitude in zip(judged.time_s, judged.altitude_m, strict=True):
        at = times + offset_s
        safe = np.where(np.isfinite(at), at, 0.0)
        elevation = light.sun_above_horizon_deg(
            safe,
            site.latitude_deg,
            site.longitude_deg,
            altitude,
            site.ground_elevation_m,
            scenario.horizon,
        )
        elevations.append(np.where(np.isfinite(at), elevation, np.nan))
    return elevations[0], elevations[1]


def _reasons(windows) -> tuple[str, ...]:
    return tuple(windows.reason(i) for i in range(windows.fits.size))


def _scan_chunk(scenario, dates, actions, delays_s, trajectories, takeoff_before) -> dict:
    site = scenario.site
    places = _places(scenario, dates)
    windows = light.find_exit_windows(actions, scenario.band, places, delays_s=delays_s)
    sunset, _ = light.point_event_times(
        places, SUNSET_ELEVATION_DEG, scenario.exit_altitude_m, site.ground_elevation_m
    )
    half_start, half_end = _half_days(places, site.longitude_deg, scenario.at)
    fits = windows.fits
    exit_time = np.where(
        fits,
        choose_exit_times(windows.start_utc_s, windows.end_utc_s, scenario, half_start, half_end),
        np.nan,
    )
    lead = trajectories[0]
    # at the lead jumper's own exit, its delay after the green light (as the plan has it)
    sun_exit, sun_opening = _band_scale(exit_time + delays_s[0], scenario, lead)
    return {
        "window_start_utc_s": windows.start_utc_s,
        "window_end_utc_s": windows.end_utc_s,
        "start_open": windows.start_open,
        "end_open": windows.end_open,
        "fits": fits,
        "slack_s": windows.slack_s,
        "shortfall_s": windows.shortfall_s,
        "exit_time_utc_s": exit_time,
        "takeoff_time_utc_s": exit_time - takeoff_before,
        "light_window_start_utc_s": windows.light_start_utc_s,
        "light_window_end_utc_s": windows.light_end_utc_s,
        "light_window_exists": windows.light_exists,
        "sunset_exit_utc_s": sunset,
        "exit_elevation_deg": sun_exit,
        "deploy_elevation_deg": sun_opening,
        "reason": _reasons(windows),
        "_moved": windows.max_refinement_s,
        "_notices": windows.notices,
    }


def _join(parts: list[dict]) -> dict:
    joined = {}
    for key in parts[0]:
        if key.startswith("_"):
            continue
        if key == "reason":
            joined[key] = tuple(r for p in parts for r in p[key])
        else:
            joined[key] = np.concatenate([p[key] for p in parts])
    return joined


def _season_scenario(scenario: Scenario, dates, at, wind) -> tuple[Scenario, list[Notice]]:
    notices = []
    if at is not None:
        if at not in ("dusk", "dawn"):
            raise InputError("at", at, "dusk or dawn")
        scenario = scenario.model_copy(update={"at": at})
    if scenario.search_start_utc_s is not None:
        notices.append(Notice("search-range-ignored", "info"))
        scenario = scenario.model_copy(
            update={"search_start_utc_s": None, "search_end_utc_s": None}
        )
    if is_time_dependent(wind):
        raise InputError(
            "wind",
            getattr(wind, "source", "wind"),
            "a wind that does not change with time (the season simulates the jump once)",
            "changes with time",
        )
    return scenario.model_copy(update={"date": dates[0].astype(dt.date)}), notices


def _validity_notices(scenario: Scenario, dates, wind) -> list[Notice]:
    """A ``wind-outside-validity`` warning when the season's half days reach beyond the
    period a wind forecast is for: its winds are used on every day."""
    validity = getattr(wind, "validity_notices", None)
    if not callable(validity):
        return []
    first = scenario.half_day(dates[0].astype(dt.date)).start_utc_s
    last = scenario.half_day(dates[-1].astype(dt.date)).end_utc_s
    return list(validity(first, last))


def scan_season(
    scenario: Scenario,
    first,
    last,
    at: str | None = None,
    wind: WindProfile | None = None,
    progress: Callable[[int], None] | None = None,
) -> SeasonScan:
    """The exit window, exit and take-off of every day from ``first`` to ``last``.

    Parameters
    ----------
    scenario
        The scenario (site, jump, jumpers, light band, aircraft, winds); its date and
        search range are ignored.
    first, last
        First and last local dates (``datetime.date`` or ``YYYY-MM-DD``), inclusive, at
        most 20 years apart.
    at
        ``"dusk"`` or ``"dawn"``; by default the scenario's.
    wind
        A wind profile; by default the scenario's wind table, or calm air. It must not
        change with time (the trajectory is simulated once).
    progress
        Called with the number of days done after each block of :data:`CHUNK_DAYS`.

    Returns
    -------
    SeasonScan
        One element per day: the windows of :func:`duskfall.planning.make_plan` for each
        date (the same engine).

    Raises
    ------
    InputError
        For a bad date range (:func:`season_dates`), a bad ``at``, a wind that changes
        with time.

    Examples
    --------
    >>> import datetime as dt
    >>> from duskfall.planning import SEED_SCENARIO
    >>> scan = scan_season(SEED_SCENARIO, dt.date(2018, 3, 1), dt.date(2018, 3, 10))
    >>> len(scan), bool(scan.fits.all())
    (10, True)
    """
    dates = season_dates(first, last)
    wind = wind if wind is not None else scenario.wind_profile()
    scenario, notices = _season_scenario(scenario, dates, at, wind)
    notices += _validity_notices(scenario, dates, wind)
    # the plan's jumpers: their delays (a meet altitude's included) and falls, kept
    _, trajectories, delays = simulate_jumpers(scenario, wind)
    actions = [action_of(scenario, t) for t in trajectories]
    takeoff_before = takeoff_before_exit_s(scenario)
    parts = []
    for begin in range(0, dates.size, CHUNK_DAYS):
        chunk = dates[begin : begin + CHUNK_DAYS]
        parts.append(_scan_chunk(scenario, chunk, actions, delays, trajectories, takeoff_before))
        if progress is not None:
            progress(begin + chunk.size)
    return SeasonScan(
        scenario=scenario,
        date=dates,
        at=scenario.at,
        band=scenario.band,
        timezone=scenario.timezone,
        action_duration_s=actions[0].duration_s,
        freefall_duration_s=float(trajectories[0].freefall_duration_s),
        takeoff_before_exit_s=float(takeoff_before),
        max_refinement_s=max(p["_moved"] for p in parts),
        trajectories=trajectories,
        notices=merge(notices, *(p["_notices"] for p in parts), *(t.notices for t in trajectories)),
        **_join(parts),
    )
