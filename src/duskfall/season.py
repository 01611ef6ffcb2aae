"""One attempt a day: the exit window of every day of a season, and the odds of the shot.

The light window comes once each evening (or morning), and the aircraft cannot climb back
to the exit altitude inside it, so a production gets one chance per day. This module
turns the single plan (:func:`duskfall.planning.make_plan`) into a calendar
(:func:`scan_season`) and the calendar into odds (:func:`season_odds`): with a daily
chance that the weather allows a jump, a chance that an attempt gets the shot, a number
of shots needed, a deadline and blocked dates, how likely is the production to be done
in time, on which day, after how many attempts.

Why the season needs no plan per day
------------------------------------
With the scenario's winds (which do not depend on the date) the trajectory is the same
every day, so it is simulated once. What changes from day to day is the Sun. Along a
free fall the Sun's elevation above the jumper's *visible* horizon,
``e(t) = e_sun(t) + D(h(t))`` (:mod:`duskfall.light`), is dominated by the horizon
depression ``D``, which shrinks as the jumper falls: ``dD/dh`` is 1.7e-4 deg/m at
25,000 ft and grows lower down (``D ~ sqrt(h)``), so at a fall rate of 75 m/s the
jumper's horizon rises by 0.013 deg/s, against at most 0.0042 deg/s
(15.04 deg/h) for the Sun. Hence ``e`` decreases monotonically along the fall, at dusk
and at dawn, and the binding points of the action are its ends: the exit (for the band's
upper edge) and the end of the action (for its lower edge). A day's exit window is then

- at dusk: ``[t_upper(exit altitude), t_lower(end altitude) - T]``,
- at dawn: ``[t_lower(end altitude) - T, t_upper(exit altitude)]``,

where ``t_edge(h)`` is when the Sun crosses a band edge for an observer at ``h``
(:func:`duskfall.light.find_light_events`, vectorised over days) and ``T`` the
action's duration.

Where it does not quite hold: right after exit the jumper falls slowly (the vertical
speed starts at zero), and for the first two or three seconds a rising Sun (dawn)
outruns the rising horizon: the highest light of the action comes about 2.5 s after
exit and is 0.004 deg above the light at exit, which moves the window's edge by about
1 s. :func:`envelope_offsets_deg` computes that excess exactly for the day's rate of
the Sun (the envelope of ``r tau + D(h(tau))`` over the action, for a linear Sun), and
the edges are moved by it. The scan then checks every edge against the full model (the
margin of :func:`duskfall.light.find_exit_window`, the Sun's position at every sample
of the action) and refines it by Newton steps; :attr:`SeasonScan.max_refinement_s`
records how far the check had to move an edge (hundredths of a second in the tests).

References
----------
Fall rate: :func:`duskfall.fall.simulate_jump`. Dip of the horizon:
:func:`duskfall.sun.horizon_depression_deg` (ray-traced, 1976 standard atmosphere).
The finishing-day distribution of independent daily chances is a Poisson binomial (the
negative binomial when every day has the same chance): Feller, W. (1968), An
Introduction to Probability Theory and Its Applications, vol. 1, 3rd ed., ch. VI.8.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from duskfall import ephemeris, light, sun, timeutil
from duskfall.constants import FOOT_M
from duskfall.errors import InconsistentInputError, InputError, OutOfRangeError
from duskfall.light import LightBand, Window
from duskfall.planning import Scenario, make_plan
from duskfall.planning.plan import choose_exit, takeoff_before_exit_s
from duskfall.winds import WindProfile

MAX_SEASON_DAYS = 7305
"""Longest season scanned [days]: 20 years (20 x 365.25)."""

CHUNK_DAYS = 366
"""Days computed per step (one step of a progress callback)."""

SUN_RATE_LIMIT_DEG_S = 15.0411 / 3600.0
"""Fastest rate of change of the Sun's elevation [deg/s]: the Earth's rotation,
360.9856 deg per 24 h of UT1 (IERS Conventions 2010, Earth Rotation Angle), reached
for a Sun on the celestial equator crossing the horizon at the equator."""

RATE_GRID = np.linspace(-1.1 * SUN_RATE_LIMIT_DEG_S, 1.1 * SUN_RATE_LIMIT_DEG_S, 221)
"""Rates of the Sun's elevation [deg/s] at which the envelope offsets are tabulated
(spacing 4.6e-5 deg/s; the offsets are piecewise linear in the rate)."""

REFINE_TOLERANCE_S = 0.005
"""Newton steps on an edge stop when the step is below this [s]."""

REFINE_MAX_STEP_S = 120.0
"""Largest Newton step accepted on an edge [s]; larger steps mean the Sun grazes the
band edge (polar days) and the edge is left where the shortcut put it, with a warning."""

_RATE_STEP_S = 0.5


# --- The envelope of the light along an action ----------------------------------------------


def envelope_offsets_deg(
    action_time_s, action_altitude_m, ground_elevation_m, rate_deg_s, horizon: str = "visible"
):
    """How far the light along an action strays beyond its ends, for a linear Sun [deg].

    For a Sun whose elevation changes at ``rate_deg_s`` (negative at dusk), the band-scale
    elevation along the action is ``e(0) + r tau + D(h(tau)) - D(h(0))``. Returns

    - ``upper``: ``max_tau [r tau + D(h(tau))] - D(h(0))`` >= 0, how much higher than at
      exit the light gets during the action, and
    - ``lower``: ``min_tau [r tau + D(h(tau))] - [r T + D(h(T))]`` <= 0, how much lower
      than at the action's end.

    Both are 0 when the light decreases monotonically along the action (module notes).

    Parameters
    ----------
    action_time_s, action_altitude_m
        The action segment: times after exit [s] and altitudes [m MSL].
    ground_elevation_m
        Terrain elevation [m MSL].
    rate_deg_s
        Rate of the Sun's elevation [deg/s]; any shape.
    horizon
        ``"visible"`` or ``"astronomical"`` (then ``D = 0`` and only a rising Sun at
        dawn makes the envelope differ from the ends).

    Returns
    -------
    tuple of float or ndarray
        ``(upper, lower)`` [deg], of the shape of ``rate_deg_s``.
    """
    tau = np.asarray(action_time_s, dtype=float)
    depression = np.asarray(
        light.horizon_offset_deg(
            np.asarray(action_altitude_m, dtype=float), ground_elevation_m, horizon
        ),
        dtype=float,
    )
    rate = np.asarray(rate_deg_s, dtype=float)
    values = rate[..., None] * tau + depression
    upper = values.max(axis=-1) - depression[0]
    lower = values.min(axis=-1) - values[..., -1]
    if rate.ndim == 0:
        return float(upper), float(lower)
    return upper, lower


def envelope_table(action_time_s, action_altitude_m, ground_elevation_m, horizon="visible"):
    """:func:`envelope_offsets_deg` on :data:`RATE_GRID`, for interpolation in scans."""
    return envelope_offsets_deg(
        action_time_s, action_altitude_m, ground_elevation_m, RATE_GRID, horizon
    )


def sun_rate_deg_s(time_utc_s, latitude_deg, longitude_deg):
    """Rate of change of the Sun's elevation [deg/s] at the given times (central difference
    over 1 s of :func:`duskfall.sun.solar_position`); NaN where the time is NaN."""
    t = np.asarray(time_utc_s, dtype=float)
    valid = np.isfinite(t)
    safe = np.where(valid, t, 0.0)
    after = sun.solar_position(safe + _RATE_STEP_S, latitude_deg, longitude_deg).elevation_deg
    before = sun.solar_position(safe - _RATE_STEP_S, latitude_deg, longitude_deg).elevation_deg
    rate = (np.asarray(after) - np.asarray(before)) / (2 * _RATE_STEP_S)
    return np.where(valid, rate, np.nan)


# --- The season scan ---------------------------------------------------------------------------


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
    """The Sun above the lead jumper's visible horizon at the planned exit [deg]."""
    deploy_elevation_deg: np.ndarray
    """The same at the lead jumper's deployment [deg]."""
    reason: tuple[str, ...]
    """Why the action does not fit ('' where it does)."""
    action_duration_s: float
    """The lead jumper's action, exit to the action's end [s]."""
    freefall_duration_s: float
    """The lead jumper's free fall, exit to deployment [s]."""
    takeoff_before_exit_s: float
    """Take-off to exit [s] (climb and level-off, from the plan's timeline)."""
    max_refinement_s: float
    """Largest move of a window edge by the full-model check after the envelope shortcut
    [s] (module notes): how good the shortcut was."""
    warnings: tuple[str, ...] = field(default=())

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


def season_dates(first, last, field_first: str = "from", field_last: str = "to") -> np.ndarray:
    """Every local date from ``first`` to ``last`` inclusive (``datetime64[D]``).

    Raises
    ------
    InputError
        If a date is invalid or outside 1950-2100, ``last`` is before ``first``, or the
        range is longer than 20 years (:data:`MAX_SEASON_DAYS`).
    """
    start = timeutil.parse_date(first, field_first)
    end = timeutil.parse_date(last, field_last)
    if end < start:
        raise InconsistentInputError(
            field_last,
            str(end),
            f"a date on or after {field_first} ({start})",
            "is before the start",
        )
    days = (end - start).days + 1
    if days > MAX_SEASON_DAYS:
        raise OutOfRangeError(
            field_last,
            str(end),
            f"at most 20 years ({MAX_SEASON_DAYS} days) after {field_first} ({start})",
            f"makes a range of {days} days",
        )
    return np.arange(np.datetime64(start), np.datetime64(end) + 1)


@dataclass(frozen=True)
class _Action:
    """One jumper's action and what the scan needs of it."""

    time_s: np.ndarray
    altitude_m: np.ndarray
    upper_table: np.ndarray
    lower_table: np.ndarray
    freefall_s: float
    """Exit to deployment [s]."""

    @property
    def duration_s(self) -> float:
        return float(self.time_s[-1])

    @property
    def end_altitude_m(self) -> float:
        return float(self.altitude_m[-1])


def _band_scale(times, latitude_deg, longitude_deg, offset_deg):
    return (
        np.asarray(sun.solar_position(times, latitude_deg, longitude_deg).elevation_deg)
        + offset_deg
    )


def _edge_times(dates, site, altitudes, targets, at, *, rates=None, tables=None, sign=None):
    """Event times of band edges (targets [deg], one per column, observer at ``altitudes``),
    shifted by the envelope offsets for the day's Sun rate if tables are given."""
    target = np.broadcast_to(np.asarray(targets, dtype=float), (dates.size, len(altitudes)))
    if tables is not None:
        shift = np.column_stack(
            [np.interp(rates[:, k], RATE_GRID, tables[k]) for k in range(len(altitudes))]
        )
        target = target - np.where(np.isfinite(shift), shift, 0.0)
    events = light.find_light_events(
        dates[:, None],
        site.latitude_deg,
        site.longitude_deg,
        target,
        altitude_m=np.asarray(altitudes, dtype=float)[None, :],
        ground_elevation_m=site.ground_elevation_m,
        at=at,
        workers=1,
    )
    return np.asarray(events.time_utc_s, dtype=float), np.asarray(events.status)


def _refine(times, action: _Action, site, edge_deg, kind: str, tau_offset: float):
    """Newton steps on the full model for edges of one kind.

    ``kind`` "upper": the highest light along the action (exit at ``t``) equals the
    edge; "lower": the lowest light does. ``times`` are exit times (NaN: skip). Returns
    refined times and the largest accepted move [s] and whether any step was refused.
    """
    t = np.array(times, dtype=float)
    valid = np.isfinite(t)
    if not np.any(valid):
        return t, 0.0, False
    index = np.flatnonzero(valid)
    exits = t[index]
    offset = np.asarray(
        light.horizon_offset_deg(action.altitude_m, site.ground_elevation_m), dtype=float
    )
    start = exits.copy()
    refused = np.zeros(exits.size, dtype=bool)
    for _ in range(4):
        e = _band_scale(
            exits[:, None] + action.time_s[None, :], site.latitude_deg, site.longitude_deg, offset
        )
        extreme = e.max(axis=1) if kind == "upper" else e.min(axis=1)
        rate = sun_rate_deg_s(exits + tau_offset, site.latitude_deg, site.longitude_deg)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = -(extreme - edge_deg) / rate
        bad = ~np.isfinite(step) | (np.abs(step) > REFINE_MAX_STEP_S)
        refused |= bad
        step = np.where(bad | refused, 0.0, step)
        exits = exits + step
        if np.all(np.abs(step) < REFINE_TOLERANCE_S):
            break
    t[index] = exits
    moved = float(np.max(np.abs(exits - start))) if exits.size else 0.0
    return t, moved, bool(np.any(refused))


def _scan_chunk(scenario, dates, actions, band, takeoff_before_exit_s):
    site = scenario.site
    at = scenario.at
    exit_m = scenario.exit_altitude_m
    n, jumpers = dates.size, len(actions)
    upper, lower = band.upper_deg, band.lower_deg
    sunset = sun.sunset_elevation_deg(exit_m, site.ground_elevation_m)
    sunset_band = sunset + light.horizon_offset_deg(exit_m, site.ground_elevation_m)

    # Light window at the exit altitude, and sunset aloft.
    columns = [upper if upper is not None else 0.0, lower if lower is not None else 0.0]
    columns.append(float(sunset_band))
    lw_times, lw_status = _edge_times(dates, site, [exit_m] * 3, columns, at)
    up_t, lo_t = lw_times[:, 0], lw_times[:, 1]
    up_s = lw_status[:, 0] if upper is not None else np.full(n, sun.ALWAYS_BELOW)
    lo_s = lw_status[:, 1] if lower is not None else np.full(n, sun.ALWAYS_ABOVE)
    lowest, highest = half_day_extremes_deg(dates, site.latitude_deg, site.longitude_deg, at)

    def check(times, status, target, altitude_m):
        if target is None:
            return times, status
        offset = float(light.horizon_offset_deg(altitude_m, site.ground_elevation_m))
        return reclassify(times, status, target, (lowest + offset, highest + offset))

    up_t, up_s = check(up_t, up_s, upper, exit_m)
    lo_t, lo_s = check(lo_t, lo_s, lower, exit_m)
    light_start, light_end, _, _, light_exists = window_edges(at, up_t, up_s, lo_t, lo_s)

    # Each jumper's exit window: nominal events, the Sun's rate there, envelope-shifted events.
    starts = np.full((n, jumpers), np.nan)
    ends = np.full((n, jumpers), np.nan)
    start_open = np.zeros((n, jumpers), dtype=bool)
    end_open = np.zeros((n, jumpers), dtype=bool)
    exists = np.ones((n, jumpers), dtype=bool)
    moved = 0.0
    refused = False
    for j, action in enumerate(actions):
        altitudes = [exit_m, action.end_altitude_m]
        targets = [upper if upper is not None else 0.0, lower if lower is not None else 0.0]
        nominal, _ = _edge_times(dates, site, altitudes, targets, at)
        rates = np.column_stack(
            [
                sun_rate_deg_s(nominal[:, 0], site.latitude_deg, site.longitude_deg),
                sun_rate_deg_s(nominal[:, 1], site.latitude_deg, site.longitude_deg),
            ]
        )
        times, status = _edge_times(
            dates,
            site,
            altitudes,
            targets,
            at,
            rates=rates,
            tables=[action.upper_table, action.lower_table],
        )
        if upper is None:
            status[:, 0] = sun.ALWAYS_BELOW
        if lower is None:
            status[:, 1] = sun.ALWAYS_ABOVE
        upper_exit = times[:, 0]
        lower_exit = times[:, 1] - action.duration_s
        if upper is not None:
            upper_exit, m, r = _refine(upper_exit, action, site, upper, "upper", 0.0)
            moved, refused = max(moved, m), refused or r
        if lower is not None:
            lower_exit, m, r = _refine(lower_exit, action, site, lower, "lower", action.duration_s)
            moved, refused = max(moved, m), refused or r
        upper_exit, upper_s = check(upper_exit, status[:, 0], upper, exit_m)
        lower_exit, lower_s = check(lower_exit, status[:, 1], lower, action.end_altitude_m)
        s, e, so, eo, ex = window_edges(at, upper_exit, upper_s, lower_exit, lower_s)
        starts[:, j], ends[:, j], start_open[:, j], end_open[:, j], exists[:, j] = s, e, so, eo, ex

    # Every jumper together: the latest opening and the earliest closing.
    all_start_open = start_open.all(axis=1)
    all_end_open = end_open.all(axis=1)
    # NaN (no window for that jumper) propagates: it is caught by ``exists``.
    start = np.where(start_open, -np.inf, starts).max(axis=1)
    end = np.where(end_open, np.inf, ends).min(axis=1)
    start = np.where(np.isfinite(start), start, np.nan)
    end = np.where(np.isfinite(end), end, np.nan)
    exists_all = exists.all(axis=1)
    ordered = np.isnan(start) | np.isnan(end) | (end > start)
    fits = exists_all & ordered & light_exists
    with np.errstate(invalid="ignore"):
        slack = np.where(fits, end - start, np.nan)
        shortfall = np.where(exists_all & ~ordered & light_exists, start - end, np.nan)

    exit_time = np.full(n, np.nan)
    for i in np.flatnonzero(fits):
        window = Window(_opt(start[i]), _opt(end[i]))
        day = scenario
        if window.start_utc_s is None and window.end_utc_s is None:
            day = scenario.model_copy(update={"date": dates[i].astype(dt.date)})
        exit_time[i] = choose_exit(window, day)
    takeoff = exit_time - takeoff_before_exit_s

    lead = actions[0]
    exit_offset = float(light.horizon_offset_deg(exit_m, site.ground_elevation_m))
    deploy_m = scenario.deploy_altitude_of(scenario.jumper)
    deploy_offset = float(light.horizon_offset_deg(deploy_m, site.ground_elevation_m))
    safe = np.where(fits, exit_time, 0.0)
    exit_elev = np.where(
        fits, _band_scale(safe, site.latitude_deg, site.longitude_deg, exit_offset), np.nan
    )
    deploy_elev = np.where(
        fits,
        _band_scale(safe + lead.freefall_s, site.latitude_deg, site.longitude_deg, deploy_offset),
        np.nan,
    )

    reasons = []
    altitude_text = f"{exit_m / FOOT_M:,.0f} ft"
    for i in range(n):
        if fits[i]:
            reasons.append("")
        elif not light_exists[i]:
            reasons.append(f"no {band.name} light at {altitude_text}")
        elif np.isfinite(shortfall[i]):
            reasons.append(f"the action misses the {band.name} band by {shortfall[i]:.0f} s")
        else:
            reasons.append(f"the {band.name} band does not reach the end of the action")
    warnings = []
    if refused:
        warnings.append(
            "on some days the Sun grazes a band edge and the full-model check could not "
            "refine the window edge; those edges rest on the envelope shortcut"
        )
    return {
        "window_start_utc_s": start,
        "window_end_utc_s": end,
        "start_open": np.where(fits, all_start_open, False),
        "end_open": np.where(fits, all_end_open, False),
        "fits": fits,
        "slack_s": slack,
        "shortfall_s": shortfall,
        "exit_time_utc_s": exit_time,
        "takeoff_time_utc_s": takeoff,
        "light_window_start_utc_s": light_start,
        "light_window_end_utc_s": light_end,
        "light_window_exists": light_exists,
        "sunset_exit_utc_s": np.where(lw_status[:, 2] == sun.EVENT, lw_times[:, 2], np.nan),
        "exit_elevation_deg": exit_elev,
        "deploy_elevation_deg": deploy_elev,
        "reason": tuple(reasons),
        "_moved": moved,
        "_warnings": tuple(warnings),
    }


def half_day_bounds(dates, longitude_deg, at: str):
    """The search interval of the planner for each date [POSIX s]: from the mean local noon
    to 12 hours later at dusk, from 12 hours before to the noon at dawn (the interval of
    :func:`duskfall.planning.make_plan`; :func:`duskfall.timeutil.local_noon_utc_s`,
    vectorised). Broadcasts dates against longitudes."""
    days = np.asarray(dates, dtype="datetime64[D]").astype(np.int64).astype(float)
    lon = np.mod(np.asarray(longitude_deg, dtype=float) + 180.0, 360.0) - 180.0
    noon = days * 86_400.0 + 43_200.0 - lon / 15.0 * 3600.0
    return (noon, noon + 43_200.0) if at == "dusk" else (noon - 43_200.0, noon)


def _transit_offset_s(dates) -> np.ndarray:
    """Apparent minus mean noon [s] of each date (the equation of time, negated), from the
    Sun's hour angle at 12:00 UT1 on the Greenwich meridian; within seconds anywhere."""
    days = np.asarray(dates, dtype="datetime64[D]").astype(np.int64)
    unique, inverse = np.unique(days, return_inverse=True)
    t = unique * ephemeris.SECONDS_PER_DAY + 43_200.0
    right_ascension = ephemeris.sun_coordinates(t).right_ascension_rad
    hour_angle = ephemeris.earth_rotation_angle_rad(t) - right_ascension
    hour_angle = np.mod(hour_angle + np.pi, 2.0 * np.pi) - np.pi
    offset = -hour_angle / (2.0 * np.pi) * ephemeris.SECONDS_PER_DAY
    return offset[inverse].reshape(days.shape)


def half_day_extremes_deg(dates, latitude_deg, longitude_deg, at: str):
    """The Sun's lowest and highest geometric elevation within each half day [deg].

    The extremes of a day come at the Sun's lower and upper transit, which the equation
    of time moves up to 16.5 minutes away from the mean midnight and noon that bound the
    half day (:func:`half_day_bounds`); the transits are clamped to the half day. The
    Sun's declination drifts by under 0.2 deg in a half day, which moves the true
    extremes by seconds. Broadcasts dates, latitudes and longitudes.
    """
    start, end = half_day_bounds(dates, longitude_deg, at)
    transit = (start if at == "dusk" else end) + _transit_offset_s(dates)
    lower_transit = transit + 43_200.0 if at == "dusk" else transit - 43_200.0
    highest = sun.solar_position(np.clip(transit, start, end), latitude_deg, longitude_deg)
    lowest = sun.solar_position(np.clip(lower_transit, start, end), latitude_deg, longitude_deg)
    return np.asarray(lowest.elevation_deg), np.asarray(highest.elevation_deg)


def reclassify(times, status, target_deg, extremes):
    """Check a crossing's status against the extremes of the light in the half day.

    Near polar day and night the event solver can misjudge a grazing crossing: put it
    beyond noon or midnight, or find one the Sun never makes. Where the light stays above
    the band edge all the half day (its lowest is above), or below it, there is no
    crossing, whatever the solver said.

    Parameters
    ----------
    times, status
        Crossing times [POSIX s] and the solver's status.
    target_deg
        The band edge [deg, band scale].
    extremes
        The lowest and highest light in the half day for that observer [deg, band
        scale] (:func:`half_day_extremes_deg` plus the horizon offset).

    Returns
    -------
    times, status
        Times NaN where there is no crossing in the half day.
    """
    lowest, highest = extremes
    above = lowest >= target_deg
    below = ~above & (highest <= target_deg)
    fixed = np.where(above, sun.ALWAYS_ABOVE, np.where(below, sun.ALWAYS_BELOW, status))
    fixed = fixed.astype(np.int8)
    return np.where(fixed == sun.EVENT, times, np.nan), fixed


def window_edges(at, upper_t, upper_s, lower_t, lower_s):
    """Window edges from the upper- and lower-edge crossings and their status.

    ``upper_t`` is the exit time at which the highest light of the action crosses the
    upper edge, ``lower_t`` the one at which the lowest light crosses the lower edge
    (each checked with :func:`reclassify`). Returns start, end (NaN where open or none),
    start_open, end_open, exists.
    """
    above, below = sun.ALWAYS_ABOVE, sun.ALWAYS_BELOW
    if at == "dusk":
        # The Sun goes down: it enters the band through the upper edge, leaves through the lower.
        start_open = upper_s == below
        end_open = lower_s == above
        never = (upper_s == above) | (lower_s == below)
        start_t, end_t = upper_t, lower_t
    else:
        start_open = lower_s == above
        end_open = upper_s == below
        never = (lower_s == below) | (upper_s == above)
        start_t, end_t = lower_t, upper_t
    exists = ~never
    start = np.where(exists & ~start_open, start_t, np.nan)
    end = np.where(exists & ~end_open, end_t, np.nan)
    return start, end, exists & start_open, exists & end_open, exists


def _actions(scenario: Scenario, wind: WindProfile | None):
    """The plan of the first day (for its trajectories and timeline) and each jumper's action."""
    # The trajectories do not depend on the band; with one that always holds, the plan
    # fits and skips its search for suggestions (seconds on a day that does not fit).
    reference = make_plan(scenario.model_copy(update={"members": 0, "light": "-90..90"}), wind)
    ground = scenario.site.ground_elevation_m
    actions = []
    for trajectory in reference.trajectories:
        times, altitudes = trajectory.action_segment(scenario.action_end_altitude_m)
        upper, lower = envelope_table(times, altitudes, ground)
        actions.append(
            _Action(times, altitudes, upper, lower, float(trajectory.freefall_duration_s))
        )
    return reference, actions


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
        depend on the date (the trajectory is simulated once).
    progress
        Called with the number of days done after each block of :data:`CHUNK_DAYS`.

    Returns
    -------
    SeasonScan
        One element per day. The windows are those of :func:`duskfall.planning.make_plan`
        for each date (tests/test_season.py checks sampled days to 0.05 s).

    Raises
    ------
    InputError
        For a bad date range (:func:`season_dates`) or a bad ``at``.

    Examples
    --------
    >>> import datetime as dt
    >>> from duskfall.planning import SEED_SCENARIO
    >>> scan = scan_season(SEED_SCENARIO, dt.date(2018, 3, 1), dt.date(2018, 3, 10))
    >>> len(scan), bool(scan.fits.all())
    (10, True)
    """
    dates = season_dates(first, last)
    if at is not None:
        if at not in ("dusk", "dawn"):
            raise InputError("at", at, "dusk or dawn")
        scenario = scenario.model_copy(update={"at": at})
    warnings = []
    if scenario.search_start_utc_s is not None:
        warnings.append(
            "the scenario's search range (attempt.from/to) is ignored: the season searches "
            "every evening (or morning)"
        )
        scenario = scenario.model_copy(
            update={"search_start_utc_s": None, "search_end_utc_s": None}
        )
    scenario = scenario.model_copy(update={"date": dates[0].astype(dt.date)})
    reference, actions = _actions(scenario, wind)
    lead = reference.trajectory
    warnings += [w for t in reference.trajectories for w in t.warnings]
    takeoff_before = takeoff_before_exit_s(scenario)

    parts = []
    done = 0
    for begin in range(0, dates.size, CHUNK_DAYS):
        chunk = dates[begin : begin + CHUNK_DAYS]
        parts.append(_scan_chunk(scenario, chunk, actions, scenario.band, takeoff_before))
        done += chunk.size
        if progress is not None:
            progress(done)
    joined = {}
    for key in parts[0]:
        if key.startswith("_"):
            continue
        if key == "reason":
            joined[key] = tuple(r for p in parts for r in p[key])
        else:
            joined[key] = np.concatenate([p[key] for p in parts])
    moved = max(p["_moved"] for p in parts)
    for part in parts:
        warnings += [w for w in part["_warnings"] if w not in warnings]
    return SeasonScan(
        scenario=scenario,
        date=dates,
        at=scenario.at,
        band=scenario.band,
        timezone=reference.timezone,
        action_duration_s=actions[0].duration_s,
        freefall_duration_s=float(lead.freefall_duration_s),
        takeoff_before_exit_s=float(takeoff_before),
        max_refinement_s=moved,
        warnings=tuple(dict.fromkeys(warnings)),
        **joined,
    )


# --- Odds: weather, success, shots needed, deadline ----------------------------------------------

MAX_MEMBERS = 1_000_000
"""Most Monte Carlo members accepted."""

_MEMBER_BLOCK_ELEMENTS = 1 << 22
"""Members x days drawn at a time (bounds the memory to tens of MB)."""


def _probability(value, field: str) -> float:
    try:
        p = float(value)
    except (TypeError, ValueError):
        raise InputError(field, value, "a probability from 0 to 1", "is not a number") from None
    if not (0.0 <= p <= 1.0):
        raise OutOfRangeError(field, value, "a probability from 0 to 1")
    return p


def daily_weather(weather, dates, field: str = "weather") -> np.ndarray:
    """The chance that the weather allows a jump, for every date [0-1].

    Parameters
    ----------
    weather
        A constant; a sequence of 12 monthly values (January first, a climatology); or
        a mapping of dates (``datetime.date`` or ``YYYY-MM-DD``) to values covering
        every date.
    dates
        The dates (``datetime64[D]``).
    field
        Name of the input for error messages.

    Raises
    ------
    InputError
        For a value outside [0, 1], a table that is not 12 values, or a missing date.
    """
    dates = np.asarray(dates, dtype="datetime64[D]")
    if isinstance(weather, Mapping):
        table = {}
        for key, value in weather.items():
            day = timeutil.parse_date(key, f"{field} date")
            table[np.datetime64(day)] = _probability(value, f"{field} {day}")
        missing = [d for d in dates if d not in table]
        if missing:
            raise InputError(
                field,
                str(missing[0]),
                "a probability for every date of the season",
                f"has no value for {missing[0]} ({len(missing)} dates missing)",
            )
        return np.array([table[d] for d in dates])
    if isinstance(weather, str) or not isinstance(weather, Sequence | np.ndarray):
        return np.full(dates.size, _probability(weather, field))
    values = list(weather)
    if len(values) != 12:
        raise InputError(
            field, weather, "a constant, or 12 monthly values (January first)", "is not 12 values"
        )
    monthly = np.array([_probability(v, f"{field} month {k + 1}") for k, v in enumerate(values)])
    months = dates.astype("datetime64[M]").astype(int) % 12
    return monthly[months]


def blocked_days(dates, blocked, field: str = "blocked") -> np.ndarray:
    """Which dates are blocked (bool array): ``blocked`` holds dates or ``(first, last)``
    pairs, inclusive (e.g. six weeks of an injury). Dates outside the season are ignored."""
    dates = np.asarray(dates, dtype="datetime64[D]")
    mask = np.zeros(dates.size, dtype=bool)
    for item in blocked:
        if isinstance(item, tuple | list):
            if len(item) != 2:
                raise InputError(field, item, "dates or (first, last) pairs", "is not a pair")
            first = timeutil.parse_date(item[0], field)
            last = timeutil.parse_date(item[1], field)
        else:
            first = last = timeutil.parse_date(item, field)
        if last < first:
            raise InconsistentInputError(
                field, f"{first}..{last}", "a range whose end is on or after its start"
            )
        mask |= (dates >= np.datetime64(first)) & (dates <= np.datetime64(last))
    return mask


@dataclass(frozen=True)
class SeasonOdds:
    """The odds of a season with one attempt a day (one element per date in the arrays).

    An attempt happens on a day that fits (the action fits in the light), is not blocked
    and whose weather allows a jump; it gets the shot with ``p_success``. The production
    is done when ``shots_needed`` shots are in the can.
    """

    date: np.ndarray
    """Local dates (``datetime64[D]``)."""
    p_weather: np.ndarray
    """Chance that the weather allows a jump [0-1]."""
    blocked: np.ndarray
    """Blocked dates (bool)."""
    p_shot: np.ndarray
    """Chance of getting a shot that day: fits x not blocked x weather x success."""
    p_success: float
    """Chance that an attempt gets the shot."""
    shots_needed: int
    deadline: dt.date
    """Done by the end of this date counts as in time."""
    members: int
    seed: int
    p_finish: np.ndarray
    """Fraction of members whose last shot is in the can on that date."""
    p_done_by_deadline: float
    p_done_by_deadline_se: float
    """Standard error of the Monte Carlo estimate, sqrt(p (1 - p) / members)."""
    p_done_in_season: float
    expected_attempts: float
    """Mean number of attempts made, until done or to the end of the season."""
    expected_attempts_when_done: float | None
    """Mean number of attempts among the members that finish (None if none does)."""
    p_done_by_deadline_unblocked: float | None
    """The same members with no blocked dates (the effect of a shutdown); None without
    blocked dates."""
    warnings: tuple[str, ...] = ()

    @property
    def p_done_by(self) -> np.ndarray:
        """Fraction of members done by the end of each date."""
        return np.cumsum(self.p_finish)

    def finish_date_quantile(self, q: float) -> np.datetime64 | None:
        """The first date by which a fraction ``q`` of the members are done (None if never)."""
        reached = np.flatnonzero(self.p_done_by >= q - 1e-12)
        return self.date[reached[0]] if reached.size else None

    @property
    def shutdown_cost(self) -> float | None:
        """How much the blocked dates lower the chance of finishing by the deadline."""
        if self.p_done_by_deadline_unblocked is None:
            return None
        return self.p_done_by_deadline_unblocked - self.p_done_by_deadline


def season_odds(
    scan: SeasonScan,
    weather=1.0,
    p_success: float = 1.0,
    shots_needed: int = 1,
    deadline=None,
    blocked=(),
    members: int = 10_000,
    seed: int = 0,
) -> SeasonOdds:
    """Monte Carlo of a season with one attempt a day: when is the last shot in the can?

    Parameters
    ----------
    scan
        The season (:func:`scan_season`): which days fit.
    weather
        Chance that the weather allows a jump: a constant, 12 monthly values or a
        mapping of dates (:func:`daily_weather`).
    p_success
        Chance that an attempt gets the shot [0-1].
    shots_needed
        Successful shots needed, 1 to the number of days of the season.
    deadline
        Last date that counts as in time (``datetime.date`` or ``YYYY-MM-DD``), within the
        season; by default its last day.
    blocked
        Dates or ``(first, last)`` ranges with no attempt (:func:`blocked_days`).
    members
        Monte Carlo members (seasons drawn), 1 to 1,000,000.
    seed
        Seed of the random generator (numpy PCG64): same seed, same answer.

    Returns
    -------
    SeasonOdds

    Raises
    ------
    InputError
        Naming the field, for probabilities outside [0, 1], more shots than days, a
        deadline outside the season, bad dates, members or seed.

    Notes
    -----
    Each member draws, for every day, whether the weather allows a jump and whether an
    attempt succeeds; days are independent. The finishing day then follows a Poisson
    binomial law, the negative binomial when every day has the same chance (the tests
    check the Monte Carlo against it). With blocked dates the same draws are replayed
    without them (common random numbers), so the effect of the shutdown is estimated
    with much less noise than two independent runs would give.

    Examples
    --------
    >>> import datetime as dt
    >>> from duskfall.planning import SEED_SCENARIO
    >>> scan = scan_season(SEED_SCENARIO, dt.date(2018, 3, 1), dt.date(2018, 3, 10))
    >>> odds = season_odds(scan, weather=0.5, shots_needed=1, seed=1)
    >>> round(odds.p_done_by_deadline, 2)   # 1 - 0.5**10
    1.0
    """
    dates = scan.date
    n = dates.size
    p_s = _probability(p_success, "p_success")
    p_w = daily_weather(weather, dates, "weather")
    if isinstance(shots_needed, bool) or not isinstance(shots_needed, int | np.integer):
        raise InputError("shots_needed", shots_needed, f"a whole number from 1 to {n}")
    if not (1 <= shots_needed <= n):
        raise OutOfRangeError(
            "shots_needed", shots_needed, f"1 to {n} (one attempt a day, {n} days in the season)"
        )
    first, last = dates[0].astype(dt.date), dates[-1].astype(dt.date)
    end = last if deadline is None else timeutil.parse_date(deadline, "deadline")
    if not (first <= end <= last):
        raise OutOfRangeError("deadline", str(end), f"a date of the season, {first} to {last}")
    if isinstance(members, bool) or not isinstance(members, int | np.integer):
        raise InputError("members", members, f"a whole number from 1 to {MAX_MEMBERS:,}")
    if not (1 <= members <= MAX_MEMBERS):
        raise OutOfRangeError("members", members, f"1 to {MAX_MEMBERS:,}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError("seed", seed, "a non-negative whole number")
    block = blocked_days(dates, blocked, "blocked")
    possible = np.asarray(scan.fits, dtype=bool) & ~block
    unblocked_possible = np.asarray(scan.fits, dtype=bool)
    deadline_index = int((np.datetime64(end) - dates[0]).astype(int))
    has_block = bool(np.any(block & unblocked_possible))

    rng = np.random.default_rng(seed)
    finish_counts = np.zeros(n + 1, dtype=np.int64)  # last slot: not done in the season
    attempts_total = 0.0
    attempts_done = 0.0
    done_by_deadline = 0
    done_by_deadline_unblocked = 0
    step = max(1, _MEMBER_BLOCK_ELEMENTS // n)
    for begin in range(0, members, step):
        m = min(step, members - begin)
        weather_ok = rng.random((m, n)) < p_w
        success_draw = rng.random((m, n)) < p_s
        finish, attempts = _first_finish(weather_ok & possible, success_draw, shots_needed)
        np.add.at(finish_counts, np.where(finish < 0, n, finish), 1)
        attempts_total += float(attempts.sum())
        attempts_done += float(attempts[finish >= 0].sum())
        done_by_deadline += int(np.count_nonzero((finish >= 0) & (finish <= deadline_index)))
        if has_block:
            other, _ = _first_finish(weather_ok & unblocked_possible, success_draw, shots_needed)
            done_by_deadline_unblocked += int(
                np.count_nonzero((other >= 0) & (other <= deadline_index))
            )
    done = int(finish_counts[:n].sum())
    p_done = done_by_deadline / members
    warnings = []
    if not np.any(possible):
        warnings.append("no day of the season allows an attempt")
    return SeasonOdds(
        date=dates,
        p_weather=p_w,
        blocked=block,
        p_shot=np.where(possible, p_w * p_s, 0.0),
        p_success=p_s,
        shots_needed=int(shots_needed),
        deadline=end,
        members=int(members),
        seed=int(seed),
        p_finish=finish_counts[:n] / members,
        p_done_by_deadline=p_done,
        p_done_by_deadline_se=math.sqrt(p_done * (1.0 - p_done) / members),
        p_done_in_season=done / members,
        expected_attempts=attempts_total / members,
        expected_attempts_when_done=attempts_done / done if done else None,
        p_done_by_deadline_unblocked=done_by_deadline_unblocked / members if has_block else None,
        warnings=tuple(warnings),
    )


def _first_finish(attempt: np.ndarray, success_draw: np.ndarray, needed: int):
    """Index of the day each member gets its last needed shot (-1: not in the season),
    and the attempts made until then (or in the whole season)."""
    success = attempt & success_draw
    count = np.cumsum(success, axis=1, dtype=np.int32)
    done = count[:, -1] >= needed
    finish = np.where(done, np.argmax(count >= needed, axis=1), -1)
    tried = np.cumsum(attempt, axis=1, dtype=np.int32)
    rows = np.arange(attempt.shape[0])
    attempts = np.where(done, tried[rows, np.maximum(finish, 0)], tried[:, -1])
    return finish, attempts


def best_days(scan: SeasonScan, odds: SeasonOdds | None = None, count: int = 10) -> np.ndarray:
    """Indices of the best days, best first: the highest chance of getting the shot that
    day (weather x success, 0 when blocked or when the action does not fit), then the
    most slack. Days that do not fit are left out; a window open at an edge counts as
    the most slack."""
    chance = np.asarray(scan.fits, dtype=float) if odds is None else odds.p_shot
    slack = np.where(np.isnan(scan.slack_s) & scan.fits, np.inf, scan.slack_s)
    order = np.lexsort((-np.nan_to_num(slack, nan=-np.inf), -chance))
    keep = [i for i in order if chance[i] > 0 and scan.fits[i]]
    return np.asarray(keep[: max(int(count), 0)], dtype=int)
