"""Windows in time: the one exit-window engine, and a generic finder.

:func:`find_exit_windows` is the engine every caller uses (the plan for one date, the
season for a calendar, the atlas for a grid of places): for the actions of the jumpers
(times after exit and the altitudes where their light is judged) and a light band, the
exit times of each half day that keep every action inside the band, with the band's own
window at the exit altitude.

Why the edges are events
------------------------
Along a free fall the Sun's elevation above the jumper's *visible* horizon,
``e(t) = e_sun(t) + D(h(t))``, is dominated by the horizon depression ``D``, which
shrinks as the jumper falls: ``dD/dh`` is 1.7e-4 deg/m at 25,000 ft and grows lower down
(``D ~ sqrt(h)``), so at a fall rate of 75 m/s the jumper's horizon rises by
0.013 deg/s, against at most 0.0042 deg/s (15.04 deg/h) for the Sun. Hence ``e``
decreases monotonically along the fall, at dusk and at dawn, and the binding points of
the action are its ends: the exit (for the band's upper edge) and the end of the action
(for its lower edge). A day's exit window is then

- at dusk: ``[t_upper(exit altitude), t_lower(end altitude) - T]``,
- at dawn: ``[t_lower(end altitude) - T, t_upper(exit altitude)]``,

where ``t_edge(h)`` is when the Sun crosses a band edge for an observer at ``h``
(:func:`duskfall.light.find_light_events`, vectorised over days and places) and ``T``
the action's duration.

Where it does not quite hold: right after exit the jumper falls slowly (the vertical
speed starts at zero), and for the first two or three seconds a rising Sun (dawn)
outruns the rising horizon: the highest light of the action comes about 2.5 s after
exit and is 0.004 deg above the light at exit, which moves the window's edge by about
1 s. :func:`envelope_offsets_deg` computes that excess exactly for the day's rate of
the Sun (the envelope of ``r tau + D(h(tau))`` over the action, for a linear Sun), and
the edges are moved by it. With ``refine`` the engine then checks every edge against
the full model (the Sun's position at every sample of the action) and refines it by
Newton steps; :attr:`ExitWindows.max_refinement_s` records how far that moved an edge
(hundredths of a second in the tests). The same holds for an action judged at a fixed
altitude (the exit, the ground) or against the astronomical horizontal: ``D`` is then
constant along the action and only the Sun moves.

Near polar day and night the event solver can misjudge a grazing crossing; every
crossing is checked against the Sun's extremes in the half day (:func:`reclassify`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from duskfall import ephemeris, sun, timeutil
from duskfall.errors import InconsistentInputError, InputError
from duskfall.light.bands import LightBand, check_horizon, horizon_offset_deg
from duskfall.light.events import find_light_events
from duskfall.notices import Notice

TIME_TOLERANCE_S = 0.01
"""Precision to which :func:`find_windows` refines edges [s]; well below the 1 s the solar
model and the day's weather allow."""

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
band edge (polar days) and the edge is left where the shortcut put it, with a notice."""


@dataclass(frozen=True)
class Window:
    """An interval of time. An edge is None where the search interval cut it."""

    start_utc_s: float | None
    end_utc_s: float | None

    @property
    def duration_s(self) -> float | None:
        """Length [s], or None if an edge is open."""
        if self.start_utc_s is None or self.end_utc_s is None:
            return None
        return self.end_utc_s - self.start_utc_s


def find_windows(
    margin: Callable[[np.ndarray], np.ndarray],
    start_utc_s: float,
    end_utc_s: float,
    step_s: float = 60.0,
) -> list[Window]:
    """Intervals in ``[start, end]`` where ``margin(t) >= 0``: the generic finder for any
    condition that is a continuous function of time.

    ``margin`` must be vectorised over time. Sign changes are bracketed on a grid of
    ``step_s`` and refined with Brent's method to :data:`TIME_TOLERANCE_S`. Edges that
    coincide with the ends of the search interval are returned as None. Windows shorter
    than the grid step that start and end between two grid points can be missed.
    """
    from scipy.optimize import brentq  # the generic finder only: the engine needs no scipy

    grid = np.append(np.arange(start_utc_s, end_utc_s, step_s), end_utc_s)
    values = np.asarray(margin(grid), dtype=float)
    inside = values >= 0

    def root(i: int) -> float:
        return brentq(
            lambda t: float(margin(np.array([t]))[0]), grid[i], grid[i + 1], xtol=TIME_TOLERANCE_S
        )

    windows = []
    start = None if inside[0] else np.nan
    for i in range(grid.size - 1):
        if inside[i] == inside[i + 1]:
            continue
        edge = root(i)
        if inside[i + 1]:
            start = edge
        else:
            windows.append(Window(start, edge))
            start = np.nan
    if inside[-1]:
        windows.append(Window(start, None))
    return windows


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
        The action: times after exit [s] and the altitudes where the light is judged
        [m MSL].
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
        horizon_offset_deg(np.asarray(action_altitude_m, dtype=float), ground_elevation_m, horizon),
        dtype=float,
    )
    rate = np.asarray(rate_deg_s, dtype=float)
    values = rate[..., None] * tau + depression
    upper = values.max(axis=-1) - depression[0]
    lower = values.min(axis=-1) - values[..., -1]
    if rate.ndim == 0:
        return float(upper), float(lower)
    return upper, lower


@dataclass(frozen=True, eq=False)
class Action:
    """What the light must hold through: times after exit and where the light is judged.

    ``altitude_m`` is the jumper's own altitude at each time by default (the light at the
    jumper's visible horizon); a constant array judges it at a fixed altitude (the exit,
    the ground); ``horizon="astronomical"`` measures from the astronomical horizontal.
    A single sample (time 0) is the light at one altitude: the band's own window there.
    """

    time_s: np.ndarray
    """Times after exit [s], from 0 to the end of the action."""
    altitude_m: np.ndarray
    """Altitudes where the light is judged at those times [m MSL]."""
    ground_elevation_m: float = 0.0
    """Terrain out to the horizon [m MSL]."""
    horizon: str = "visible"

    @property
    def duration_s(self) -> float:
        """Exit to the end of the action [s]."""
        return float(self.time_s[-1])

    @property
    def exit_altitude_m(self) -> float:
        return float(self.altitude_m[0])

    @property
    def end_altitude_m(self) -> float:
        return float(self.altitude_m[-1])

    @cached_property
    def offset_deg(self) -> np.ndarray:
        """The band-scale offset of the horizon along the action [deg]."""
        return np.asarray(
            horizon_offset_deg(self.altitude_m, self.ground_elevation_m, self.horizon), dtype=float
        )

    @cached_property
    def tables(self) -> tuple[np.ndarray, np.ndarray]:
        """(upper, lower) envelope offsets on :data:`RATE_GRID` [deg]."""
        return envelope_offsets_deg(
            self.time_s, self.altitude_m, self.ground_elevation_m, RATE_GRID, self.horizon
        )


JUDGE_AT = ("jumper", "exit", "ground")
"""Where the light of an action is judged: at the jumper's own altitude all along (his
visible horizon sinks as he falls), at the exit altitude throughout, or at the ground."""


def check_judge_at(judge_at: str, field: str = "judge_at") -> str:
    """Return ``judge_at`` if it is one of :data:`JUDGE_AT`, else raise InputError."""
    if judge_at not in JUDGE_AT:
        raise InputError(field, judge_at, ", ".join(JUDGE_AT))
    return judge_at


def judged_action(
    time_s,
    altitude_m,
    ground_elevation_m: float,
    judge_at: str = "jumper",
    horizon: str = "visible",
) -> Action:
    """The action of a fall (times after exit, the jumper's altitudes) with its light
    judged where asked.

    Parameters
    ----------
    time_s, altitude_m
        Times after exit [s] and the jumper's altitudes then [m MSL], exit first.
    ground_elevation_m
        Terrain out to the horizon [m MSL].
    judge_at
        ``"jumper"`` (the light at his own altitude all along), ``"exit"`` (at the exit
        altitude throughout) or ``"ground"`` (on the ground).
    horizon
        ``"visible"`` or ``"astronomical"`` (:data:`duskfall.light.HORIZONS`).

    Examples
    --------
    >>> action = judged_action([0.0, 60.0], [7620.0, 3000.0], 50.0, "exit")
    >>> action.altitude_m.tolist()
    [7620.0, 7620.0]
    """
    check_judge_at(judge_at)
    check_horizon(horizon)
    times = np.asarray(time_s, dtype=float)
    altitudes = np.asarray(altitude_m, dtype=float)
    if judge_at == "exit":
        altitudes = np.full(altitudes.shape, float(altitudes[0]))
    elif judge_at == "ground":
        altitudes = np.full(altitudes.shape, float(ground_elevation_m))
    return Action(times, altitudes, float(ground_elevation_m), horizon)


def point_action(altitude_m: float, ground_elevation_m: float, horizon: str = "visible") -> Action:
    """The light at one altitude (an action of one instant)."""
    return Action(np.zeros(1), np.full(1, float(altitude_m)), float(ground_elevation_m), horizon)


# --- Crossings of band edges -------------------------------------------------------------------


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
    half day (:func:`duskfall.timeutil.mean_solar_noon_utc_s`); the transits are clamped
    to the half day. The Sun's declination drifts by under 0.2 deg in a half day, which
    moves the true extremes by seconds. ``dates`` are solar dates; broadcasts dates,
    latitudes and longitudes.
    """
    days = np.asarray(dates, dtype="datetime64[D]").astype(np.int64)
    noon = timeutil.mean_solar_noon_utc_s(days, longitude_deg)
    start, end = (noon, noon + 43_200.0) if at == "dusk" else (noon - 43_200.0, noon)
    transit = noon + _transit_offset_s(dates)
    lower_transit = transit + 43_200.0 if at == "dusk" else transit - 43_200.0
    highest = sun.solar_position(np.clip(transit, start, end), latitude_deg, longitude_deg)
    lowest = sun.solar_position(np.clip(lower_transit, start, end), latitude_deg, longitude_deg)
    return np.asarray(lowest.elevation_deg), np.asarray(highest.elevation_deg)


def reclassify(times, status, target_deg, extremes):
    """Check a crossing's status against the extremes of the light in the half day.

    Where the light stays above the band edge all the half day (its lowest is above), or
    below it, there is no crossing, whatever the solver said.

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


@dataclass(frozen=True)
class Places:
    """Dates and places broadcast together: solar dates (:func:`duskfall.timeutil.
    solar_dates`) of shape (D, 1...) against sites of shape (S...)."""

    dates: np.ndarray
    latitude_deg: np.ndarray
    longitude_deg: np.ndarray
    ground_elevation_m: np.ndarray
    at: str
    _events: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def extremes(self):
        return half_day_extremes_deg(self.dates, self.latitude_deg, self.longitude_deg, self.at)


def _events(places: Places, target_deg, altitude_m, horizon: str):
    """Event times and status of a band-scale target for observers at ``altitude_m``
    (remembered per target and altitude for the places: an action's exit and the band's
    own window at the exit altitude share their events)."""
    scalar_target = np.ndim(target_deg) == 0
    key = None
    if scalar_target:
        altitude_key = float(altitude_m) if np.ndim(altitude_m) == 0 else id(altitude_m)
        key = (float(target_deg), altitude_key, horizon)
        if key in places._events:
            return places._events[key]
    events = find_light_events(
        places.dates,
        places.latitude_deg,
        places.longitude_deg,
        target_deg,
        altitude_m=altitude_m,
        ground_elevation_m=places.ground_elevation_m,
        at=places.at,
        horizon=horizon,
        workers=1,
    )
    result = (np.asarray(events.time_utc_s, dtype=float), np.asarray(events.status))
    if key is not None:
        places._events[key] = result
    return result


def _checked(places: Places, times, status, target_deg, altitude_m, horizon):
    offset = np.asarray(horizon_offset_deg(altitude_m, places.ground_elevation_m, horizon))
    lowest, highest = places.extremes
    return reclassify(times, status, target_deg, (lowest + offset, highest + offset))


def crossing_times(places: Places, target_deg: float, altitude_m, horizon: str = "visible"):
    """When the Sun crosses ``target_deg`` on the band scale for observers at
    ``altitude_m``, each half day: (times [POSIX s], NaN where none; status)."""
    times, status = _events(places, target_deg, altitude_m, horizon)
    return _checked(places, times, status, target_deg, altitude_m, horizon)


def refine_edge_times(times, action: Action, places: Places, edge_deg: float, kind: str):
    """Newton steps on the full model for exit times of one kind of edge.

    ``kind`` "upper": the highest light along the action (exit at ``t``) equals the
    edge; "lower": the lowest light does. Returns the refined times, the largest accepted
    move [s] and whether a step was refused (the Sun grazing the edge).
    """
    t = np.array(times, dtype=float)
    valid = np.isfinite(t)
    if not np.any(valid):
        return t, 0.0, False
    flat = np.broadcast_to(valid, t.shape)
    lat = np.broadcast_to(places.latitude_deg, t.shape)[flat]
    lon = np.broadcast_to(places.longitude_deg, t.shape)[flat]
    exits = t[flat]
    start = exits.copy()
    refused = np.zeros(exits.size, dtype=bool)
    tau_offset = 0.0 if kind == "upper" else action.duration_s
    for _ in range(4):
        when = exits[:, None] + action.time_s[None, :]
        e = np.asarray(sun.solar_position(when, lat[:, None], lon[:, None]).elevation_deg)
        e = e + action.offset_deg[None, :]
        extreme = e.max(axis=1) if kind == "upper" else e.min(axis=1)
        rate = np.asarray(sun.elevation_rate_deg_s(exits + tau_offset, lat, lon))
        with np.errstate(divide="ignore", invalid="ignore"):
            step = -(extreme - edge_deg) / rate
        bad = ~np.isfinite(step) | (np.abs(step) > REFINE_MAX_STEP_S)
        refused |= bad
        step = np.where(bad | refused, 0.0, step)
        exits = exits + step
        if np.all(np.abs(step) < REFINE_TOLERANCE_S):
            break
    t[flat] = exits
    moved = float(np.max(np.abs(exits - start))) if exits.size else 0.0
    return t, moved, bool(np.any(refused))


def _shifted_target(places: Places, action: Action, target, key: str, altitude):
    """Event times of ``target`` for observers at ``altitude``, moved by the envelope
    offset of the action for the day's Sun rate, and the status of the nominal events."""
    table = action.tables[0 if key == "upper" else 1]
    sign = -1.0 if places.at == "dusk" else 1.0
    nominal, status = _events(places, target, altitude, action.horizon)
    if not np.any(table[RATE_GRID * sign >= 0] != 0.0):
        return nominal, status  # the light is monotone along the action: no correction
    rate = np.asarray(sun.elevation_rate_deg_s(nominal, places.latitude_deg, places.longitude_deg))
    shift = np.interp(rate, RATE_GRID, table)
    shift = np.where(np.isfinite(shift), shift, 0.0)
    times, _ = _events(places, target - shift, altitude, action.horizon)
    return np.where(np.isfinite(times), times, nominal), status


@dataclass(frozen=True)
class Edges:
    """Exit-window edges of one action over dates and places (arrays of one shape).

    ``start_utc_s``/``end_utc_s`` are NaN where the window is open on that side or does
    not exist; ``exists`` is False where the band never holds the whole action's light
    at its binding end.
    """

    start_utc_s: np.ndarray
    end_utc_s: np.ndarray
    start_open: np.ndarray
    end_open: np.ndarray
    exists: np.ndarray
    moved_s: float = 0.0
    refused: bool = False


def window_edges(at, upper_t, upper_s, lower_t, lower_s) -> Edges:
    """Window edges from the upper- and lower-edge crossings and their status.

    ``upper_t`` is the exit time at which the highest light of the action crosses the
    upper edge, ``lower_t`` the one at which the lowest light crosses the lower edge
    (each checked with :func:`reclassify`).
    """
    above, below = sun.ALWAYS_ABOVE, sun.ALWAYS_BELOW
    if at == "dusk":
        # The Sun goes down: it enters the band through the upper edge, leaves through the lower.
        start_open, end_open = upper_s == below, lower_s == above
        never = (upper_s == above) | (lower_s == below)
        start_t, end_t = upper_t, lower_t
    else:
        start_open, end_open = lower_s == above, upper_s == below
        never = (lower_s == below) | (upper_s == above)
        start_t, end_t = lower_t, upper_t
    exists = ~never
    return Edges(
        np.where(exists & ~start_open, start_t, np.nan),
        np.where(exists & ~end_open, end_t, np.nan),
        exists & start_open,
        exists & end_open,
        exists,
    )


def action_edges(action: Action, band: LightBand, places: Places, refine: bool = True) -> Edges:
    """The exit-window edges of one action, every date and place (module notes)."""
    upper, lower = band.upper_deg, band.lower_deg
    shape = np.broadcast_shapes(
        places.dates.shape, np.shape(places.latitude_deg), np.shape(places.longitude_deg)
    )
    moved, refused = 0.0, False
    upper_t = np.full(shape, np.nan)
    upper_s = np.full(shape, sun.ALWAYS_BELOW, dtype=np.int8)
    if upper is not None:
        exit_m = action.exit_altitude_m
        upper_t, status = _shifted_target(places, action, upper, "upper", exit_m)
        if refine:
            upper_t, moved, refused = refine_edge_times(upper_t, action, places, upper, "upper")
        upper_t, upper_s = _checked(places, upper_t, status, upper, exit_m, action.horizon)
    lower_t = np.full(shape, np.nan)
    lower_s = np.full(shape, sun.ALWAYS_ABOVE, dtype=np.int8)
    if lower is not None:
        end_m = action.end_altitude_m
        lower_t, status = _shifted_target(places, action, lower, "lower", end_m)
        lower_t = lower_t - action.duration_s
        if refine:
            lower_t, m, r = refine_edge_times(lower_t, action, places, lower, "lower")
            moved, refused = max(moved, m), refused or r
        lower_t, lower_s = _checked(places, lower_t, status, lower, end_m, action.horizon)
    edges = window_edges(places.at, upper_t, upper_s, lower_t, lower_s)
    return Edges(
        edges.start_utc_s,
        edges.end_utc_s,
        edges.start_open,
        edges.end_open,
        edges.exists,
        moved,
        refused,
    )


@dataclass(frozen=True)
class ExitWindows:
    """Exit windows of one or more actions (every jumper's), over dates and places.

    Every array has the broadcast shape of the dates and the places. Times are POSIX
    seconds, NaN where there is no such time; an open edge (``*_open`` True) is one the
    band already holds at the start of the half day (noon at dusk, midnight at dawn) or
    still holds at its end.
    """

    start_utc_s: np.ndarray
    """Opening of the exit window (every action wholly in the band)."""
    end_utc_s: np.ndarray
    """Closing of the exit window."""
    start_open: np.ndarray
    end_open: np.ndarray
    fits: np.ndarray
    """Every action fits in the band that half day."""
    shortfall_s: np.ndarray
    """By how much the actions miss the band [s], where the band occurs but they do not
    fit; NaN elsewhere."""
    light_start_utc_s: np.ndarray
    light_end_utc_s: np.ndarray
    light_exists: np.ndarray
    """The band at the exit altitude (where the light is judged at exit): its window."""
    max_refinement_s: float = 0.0
    """Largest move of an edge by the full-model check after the envelope shortcut [s]."""
    notices: tuple[Notice, ...] = field(default=())
    opening_action: np.ndarray | None = None
    """Which action's own (delayed) opening is the window's: the latest."""
    closing_action: np.ndarray | None = None
    """Which action's own (delayed) closing is the window's: the earliest."""

    @property
    def slack_s(self) -> np.ndarray:
        """Length of the exit window [s]; NaN if an edge is open or it does not fit."""
        with np.errstate(invalid="ignore"):
            return np.where(self.fits, self.end_utc_s - self.start_utc_s, np.nan)

    def reason(self, index=()) -> str:
        """Why the actions do not fit at ``index``: ``""`` where they do, ``no-light``
        (the band does not occur at the exit altitude), ``shortfall`` (they miss it by
        :attr:`shortfall_s`) or ``band-ends-early`` (it is gone before they end); the
        reports word them."""
        if self.fits[index]:
            return ""
        if not self.light_exists[index]:
            return "no-light"
        return "shortfall" if np.isfinite(self.shortfall_s[index]) else "band-ends-early"

    def window(self, index=()) -> Window | None:
        """The exit window at ``index`` (None if the actions do not fit there)."""
        if not self.fits[index]:
            return None
        return Window(_opt(self.start_utc_s[index]), _opt(self.end_utc_s[index]))

    def light_window(self, index=()) -> Window | None:
        """The band's window at the exit altitude at ``index`` (None if it does not occur)."""
        if not self.light_exists[index]:
            return None
        return Window(_opt(self.light_start_utc_s[index]), _opt(self.light_end_utc_s[index]))


def _opt(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _intersect(parts: Sequence[Edges]):
    """Every action together: the latest opening and the earliest closing."""
    start_open = np.all([p.start_open for p in parts], axis=0)
    end_open = np.all([p.end_open for p in parts], axis=0)
    starts = [np.where(p.start_open, -np.inf, p.start_utc_s) for p in parts]
    ends = [np.where(p.end_open, np.inf, p.end_utc_s) for p in parts]
    # NaN (no window for that action) propagates: it is caught by ``exists``.
    start = np.max(starts, axis=0)
    end = np.min(ends, axis=0)
    exists = np.all([p.exists for p in parts], axis=0)
    # the actions whose own edges bind (an action without a window binds nothing)
    opening = np.argmax(np.where(np.isnan(starts), -np.inf, starts), axis=0)
    closing = np.argmin(np.where(np.isnan(ends), np.inf, ends), axis=0)
    return (
        np.where(np.isfinite(start), start, np.nan),
        np.where(np.isfinite(end), end, np.nan),
        start_open,
        end_open,
        exists,
        opening,
        closing,
    )


def find_exit_windows(
    actions: Sequence[Action],
    band: LightBand,
    places: Places,
    refine: bool = True,
    delays_s: Sequence[float] | None = None,
) -> ExitWindows:
    """The exit windows that keep every action in the band, every date and place.

    Parameters
    ----------
    actions
        One :class:`Action` per jumper. The first one's exit altitude, ground and horizon
        give the band's own window at the exit altitude.
    band
        The light band.
    places
        Solar dates and sites, broadcast (:class:`Places`).
    refine
        Check every edge against the full model and refine it (module notes); the atlas
        leaves it out for speed.
    delays_s
        Each action's exit after the green light [s] (all at it by default): the
        windows are of green-light times, each action's own edges moved back by its
        delay before they are intersected (a jumper leaving 60 s after the green light
        needs the green light 60 s before its own window closes).

    Returns
    -------
    ExitWindows
    """
    if delays_s is not None and (
        len(delays_s) != len(actions) or not all(math.isfinite(d) and d >= 0 for d in delays_s)
    ):
        raise InconsistentInputError(
            "delays_s",
            tuple(delays_s),
            f"one delay per action ({len(actions)}), each a finite 0 s or more",
            f"has {len(delays_s)} delays for {len(actions)} actions"
            if len(delays_s) != len(actions)
            else "has a negative or non-finite delay",
        )
    parts = [action_edges(action, band, places, refine) for action in actions]
    if delays_s is not None:
        parts = [
            replace(part, start_utc_s=part.start_utc_s - delay, end_utc_s=part.end_utc_s - delay)
            if delay
            else part
            for part, delay in zip(parts, delays_s, strict=True)
        ]
    start, end, start_open, end_open, exists, opening, closing = _intersect(parts)
    lead = actions[0]
    light = action_edges(
        point_action(lead.exit_altitude_m, lead.ground_elevation_m, lead.horizon),
        band,
        places,
        refine,
    )
    ordered = np.isnan(start) | np.isnan(end) | (end > start)
    fits = exists & ordered & light.exists
    with np.errstate(invalid="ignore"):
        shortfall = np.where(exists & ~ordered & light.exists, start - end, np.nan)
    notices = ()
    if any(p.refused for p in parts) or light.refused:
        notices = (Notice("window-edge-unrefined", "info"),)
    return ExitWindows(
        start_utc_s=start,
        end_utc_s=end,
        start_open=np.where(fits, start_open, False),
        end_open=np.where(fits, end_open, False),
        fits=fits,
        shortfall_s=shortfall,
        light_start_utc_s=light.start_utc_s,
        light_end_utc_s=light.end_utc_s,
        light_exists=light.exists,
        max_refinement_s=max([p.moved_s for p in parts] + [light.moved_s]),
        notices=notices,
        opening_action=opening,
        closing_action=closing,
    )
