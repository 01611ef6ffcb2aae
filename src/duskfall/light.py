"""Light at altitude: bands of sun elevation, the shadow altitude, and windows in time.

Elevation above the visible horizon
-----------------------------------
Light bands are intervals of the Sun's elevation measured, by default, from the
observer's own visible horizon (``horizon="visible"``): what a camera beside the jumper
sees. In numbers, ``e_band = e + D(h, g)``, where ``e`` is the Sun's geometric elevation
(:func:`duskfall.sun.solar_position`) and ``D`` how much lower the visible horizon from
altitude ``h`` over terrain at ``g`` is than a sea-level observer's
(:func:`duskfall.sun.horizon_depression_deg`: 0 at sea level, 3.05 deg at 25,000 ft).
So at sea level every band keeps its almanac definition (sunset at -0.8333 deg, civil
dusk at -6 deg, of the Sun's centre), and aloft the whole scale sinks with the horizon:
a jumper at 25,000 ft sees the Sun set when its geometric elevation is -3.88 deg.
``horizon="astronomical"`` measures from the astronomical horizontal instead
(``e_band = e``), as photographers' planners do, whatever the altitude.

Named bands (:data:`LIGHT_BANDS`), in degrees of the Sun's centre:

========== ============== ===========================================================
sunlit     above -0.8333   any part of the disc above the visible horizon (USNO)
lowsun     -0.8333 to +6   direct, low sun
golden     -4 to +6        golden hour (PhotoPills' definition)
blue       -6 to -4        blue hour (PhotoPills' definition)
civil      -6 to -0.8333   civil twilight (USNO: centre 6 deg below the horizon)
nautical   -12 to -6       nautical twilight (USNO)
astronomical -18 to -12    astronomical twilight (USNO)
========== ============== ===========================================================

Searches
--------
Two ways, one model. :func:`find_windows` brackets the sign changes of any continuous
function of time on a grid and refines them with Brent's method (the planner uses it
for the light along a whole trajectory). :func:`find_light_events` and
:func:`find_day_light` use the vectorised solver of :func:`duskfall.sun.find_elevation_times`
for arrays of dates and sites (scans, ``duskfall light --from --to``).

Precision
---------
Times are computed to better than 0.1 s for the standard atmosphere. The weather of the
day changes the refraction near the horizon: at sunset the standard deviation is
0.11 deg (:data:`REFRACTION_SPREAD_DEG`), so sunset and the band edges near the horizon
are uncertain by tens of seconds (:func:`weather_uncertainty_s`).

References
----------
U.S. Naval Observatory, Astronomical Applications Department: "Rise, Set, and Twilight
Definitions" (sunset: upper limb on the horizon with 34' of refraction; civil, nautical,
astronomical twilight: centre 6, 12, 18 deg below the horizon).
PhotoPills: golden hour from +6 to -4 deg, blue hour from -4 to -6 deg of the Sun's centre.
Sampson, R. D. et al. (2003). Variability in the astronomical refraction of the rising
and setting Sun. PASP 115, 1256-1261. doi:10.1086/378214
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import brentq

from duskfall import sun
from duskfall.constants import SUN_SEMIDIAMETER_DEG, SUNSET_ELEVATION_DEG
from duskfall.errors import InputError

TIME_TOLERANCE_S = 0.01
"""Precision to which window edges are refined [s]; well below the 1 s the solar model
and the day's weather allow."""

REFRACTION_SPREAD_DEG = 0.108
"""Standard deviation of the refraction of the setting Sun from day to day [deg]:
0.108 deg over 135 sunsets timed at Edmonton (Sampson et al. 2003, PASP 115, 1256).
Sunrises spread more (0.184 deg) and cold months most."""

HORIZONS = ("visible", "astronomical")
"""What band elevations are measured from: the observer's visible horizon (default) or
the astronomical horizontal (no dip, no altitude)."""


@dataclass(frozen=True)
class LightBand:
    """An interval of the Sun's centre elevation above the horizon (see module notes)."""

    name: str
    lower_deg: float | None
    """Lowest elevation of the Sun's centre in the band [deg]; None for no lower limit."""
    upper_deg: float | None
    """Highest elevation [deg]; None for no upper limit."""
    description: str = ""

    def __str__(self) -> str:
        lo = "-inf" if self.lower_deg is None else f"{self.lower_deg:+.2f}"
        hi = "+inf" if self.upper_deg is None else f"{self.upper_deg:+.2f}"
        return f"{self.name} ({lo}..{hi} deg)"


_SUNSET = SUNSET_ELEVATION_DEG  # -0.8333: 16' semidiameter + 34' refraction (USNO)

LIGHT_BANDS: dict[str, LightBand] = {
    "sunlit": LightBand(
        "sunlit",
        _SUNSET,
        None,
        "any part of the disc above the visible horizon: the jumper is in direct sun",
    ),
    "lowsun": LightBand(
        "lowsun",
        _SUNSET,
        6.0,
        "direct, low sun: from 6 deg above the visible horizon down to the last sliver "
        "of the disc. The seed scenario's dusk look.",
    ),
    "golden": LightBand("golden", -4.0, 6.0, "golden hour, +6 to -4 deg (PhotoPills' convention)"),
    "blue": LightBand("blue", -6.0, -4.0, "blue hour, -4 to -6 deg (PhotoPills' convention)"),
    "civil": LightBand(
        "civil", -6.0, _SUNSET, "civil twilight: from sunset to the centre 6 deg below (USNO)"
    ),
    "nautical": LightBand("nautical", -12.0, -6.0, "nautical twilight, -6 to -12 deg (USNO)"),
    "astronomical": LightBand(
        "astronomical", -18.0, -12.0, "astronomical twilight, -12 to -18 deg (USNO)"
    ),
}

TWILIGHT_LIMITS_DEG = {"civil": -6.0, "nautical": -12.0, "astronomical": -18.0}
"""Elevation of the Sun's centre at the end of each twilight at dusk (start at dawn)."""

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)"
_CUSTOM = re.compile(rf"^\s*({_NUMBER})\s*\.\.\s*({_NUMBER})\s*$")


def light_band(spec: str | LightBand, field: str = "light") -> LightBand:
    """A band from its name in :data:`LIGHT_BANDS` or a custom ``"LOW..HIGH"`` in degrees.

    Raises
    ------
    InputError
        If the name is unknown or the range is malformed, empty or outside -90..90.

    Examples
    --------
    >>> light_band("-1..2")
    LightBand(name='-1..2', lower_deg=-1.0, upper_deg=2.0, description='custom band')
    """
    if isinstance(spec, LightBand):
        return spec
    allowed = f"one of {', '.join(LIGHT_BANDS)} or a range LOW..HIGH in degrees (e.g. -1..2)"
    if spec in LIGHT_BANDS:
        return LIGHT_BANDS[spec]
    match = _CUSTOM.match(str(spec))
    if match is None:
        raise InputError(field, spec, allowed, "is not a known light band")
    lower, upper = float(match.group(1)), float(match.group(2))
    if not (-90.0 <= lower < upper <= 90.0):
        raise InputError(field, spec, allowed, "is an empty or impossible range")
    return LightBand(spec.strip(), lower, upper, "custom band")


def check_horizon(horizon: str, field: str = "horizon") -> str:
    """Return ``horizon`` if it is one of :data:`HORIZONS`, else raise InputError."""
    if horizon not in HORIZONS:
        raise InputError(field, horizon, " or ".join(HORIZONS))
    return horizon


def horizon_offset_deg(altitude_m, ground_elevation_m=0.0, horizon: str = "visible"):
    """What to add to the Sun's geometric elevation to measure it on the band scale [deg].

    :func:`duskfall.sun.horizon_depression_deg` for the visible horizon, 0 for the
    astronomical one (after checking the altitudes).
    """
    check_horizon(horizon)
    depression = sun.horizon_depression_deg(altitude_m, ground_elevation_m)
    if horizon == "astronomical":
        return depression * 0.0
    return depression


def sun_above_horizon_deg(
    time_utc_s,
    latitude_deg,
    longitude_deg,
    altitude_m,
    ground_elevation_m=0.0,
    horizon: str = "visible",
):
    """Elevation [deg] of the Sun's centre on the band scale for an observer aloft.

    Parameters
    ----------
    time_utc_s
        POSIX time [s].
    latitude_deg, longitude_deg
        The place [deg].
    altitude_m
        Observer's altitude [m MSL].
    ground_elevation_m
        Terrain elevation out to the horizon [m MSL].
    horizon
        ``"visible"`` (default) or ``"astronomical"``; see the module notes.

    Returns
    -------
    float or ndarray
        -0.8333 when the upper limb is on the observer's visible horizon.
    """
    elevation = sun.solar_position(time_utc_s, latitude_deg, longitude_deg).elevation_deg
    return elevation + horizon_offset_deg(altitude_m, ground_elevation_m, horizon)


PHASES = ("day", "civil twilight", "nautical twilight", "astronomical twilight", "night")


def light_phase(elevation_deg):
    """Name of the light at a band-scale elevation: day, civil/nautical/astronomical
    twilight or night (USNO limits -0.8333, -6, -12, -18 deg). Vectorised."""
    e = np.asarray(elevation_deg, dtype=float)
    index = np.digitize(-e, [-_SUNSET, 6.0, 12.0, 18.0])
    if np.ndim(index) == 0:
        return PHASES[int(index)]
    return np.asarray(PHASES, dtype=object)[index]


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
    """Intervals in ``[start, end]`` where ``margin(t) >= 0``.

    ``margin`` must be continuous and vectorised over time. Sign changes are bracketed on
    a grid of ``step_s`` and refined with Brent's method to :data:`TIME_TOLERANCE_S`.
    Edges that coincide with the ends of the search interval are returned as None (the
    condition holds there but has no edge inside the interval). Windows shorter than the
    grid step that start and end between two grid points can be missed; choose ``step_s``
    smaller than the shortest window of interest.
    """
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


def _band_margin(band: LightBand, above: np.ndarray) -> np.ndarray:
    result = np.full(np.shape(above), np.inf)
    if band.lower_deg is not None:
        result = np.minimum(result, above - band.lower_deg)
    if band.upper_deg is not None:
        result = np.minimum(result, band.upper_deg - above)
    return result


def find_exit_window(
    action_time_s: np.ndarray,
    action_altitude_m: np.ndarray,
    band: LightBand,
    latitude_deg: float,
    longitude_deg: float,
    ground_elevation_m: float,
    start_utc_s: float,
    end_utc_s: float,
    step_s: float = 30.0,
    horizon: str = "visible",
) -> list[Window]:
    """Exit times for which the whole action segment stays inside the light band.

    Parameters
    ----------
    action_time_s
        Times after exit [s] of the action segment (from 0 to its end).
    action_altitude_m
        The jumper's altitude at those times [m MSL].
    band
        The light band.
    latitude_deg, longitude_deg, ground_elevation_m
        The site.
    start_utc_s, end_utc_s
        Search interval for the exit time [s, POSIX].
    step_s
        Grid step of the search [s].
    horizon
        ``"visible"`` (default) or ``"astronomical"``.

    Returns
    -------
    list of Window
        Exit-time windows; empty if the action never fits.

    Notes
    -----
    The margin of an exit time ``t`` is the smallest distance, over the action segment,
    between the Sun's band-scale elevation for the jumper and the nearer band edge. It
    is continuous in ``t``, so the window edges are its zeros.
    """
    tau = np.asarray(action_time_s, dtype=float)
    offset = np.asarray(
        horizon_offset_deg(np.asarray(action_altitude_m, dtype=float), ground_elevation_m, horizon)
    )

    def margin(exit_times: np.ndarray) -> np.ndarray:
        times = np.asarray(exit_times, dtype=float)[:, None] + tau[None, :]
        elevation = sun.solar_position(times, latitude_deg, longitude_deg).elevation_deg
        return _band_margin(band, elevation + offset[None, :]).min(axis=1)

    return find_windows(margin, start_utc_s, end_utc_s, step_s)


def find_sunset(
    latitude_deg: float,
    longitude_deg: float,
    altitude_m: float,
    ground_elevation_m: float,
    start_utc_s: float,
    end_utc_s: float,
    at: str = "dusk",
) -> float | None:
    """Time [s, POSIX] the Sun's upper limb crosses the observer's visible horizon.

    At dusk the last setting in the interval, at dawn the first rising; None if the Sun
    does not set (rise) inside the interval (polar day or night).
    """
    target = sun.sunset_elevation_deg(altitude_m, ground_elevation_m)

    def margin(t):
        return sun.solar_position(t, latitude_deg, longitude_deg).elevation_deg - target

    windows = find_windows(margin, start_utc_s, end_utc_s, step_s=300.0)
    if at == "dusk":
        ends = [w.end_utc_s for w in windows if w.end_utc_s is not None]
        return ends[-1] if ends else None
    starts = [w.start_utc_s for w in windows if w.start_utc_s is not None]
    return starts[0] if starts else None


def shadow_altitude_m(
    time_utc_s, latitude_deg, longitude_deg, ground_elevation_m=0.0, ceiling_m=80_000.0
):
    """Lowest altitude [m MSL] in direct sun (upper limb above the visible horizon).

    The ground elevation when the Sun is up at the ground, inf when even ``ceiling_m``
    is in shadow. Vectorised over time: the horizon's depression grows monotonically
    with altitude, so the altitude is found by bisection to 1 mm (50 halvings of 80 km).

    Examples
    --------
    >>> import datetime as dt
    >>> from duskfall.timeutil import utc_seconds
    >>> t = utc_seconds(dt.datetime(2018, 3, 10, 14, 35, tzinfo=dt.UTC))
    >>> round(shadow_altitude_m(t, 24.4, 54.6, 50.0))   # 7 minutes after ground sunset
    1951
    """
    elevation = np.asarray(
        sun.solar_position(time_utc_s, latitude_deg, longitude_deg).elevation_deg, dtype=float
    )
    ground = float(ground_elevation_m)
    ceiling = float(ceiling_m)
    limb = elevation + SUN_SEMIDIAMETER_DEG

    def lit(altitude):
        return limb >= sun.visible_horizon_elevation_deg(altitude, ground)

    low = np.full(elevation.shape, ground)
    high = np.full(elevation.shape, ceiling)
    lit_low = lit(low)
    lit_high = lit(high)
    for _ in range(50):
        mid = 0.5 * (low + high)
        above = lit(mid)
        high = np.where(above, mid, high)
        low = np.where(above, low, mid)
    result = np.where(lit_low, ground, np.where(lit_high, high, np.inf))
    return float(result) if result.ndim == 0 else result


@dataclass(frozen=True)
class LightAlong:
    """The light seen by a jumper along a trajectory, for one exit time."""

    time_utc_s: np.ndarray
    """Times [POSIX s]."""
    elevation_deg: np.ndarray
    """The Sun's band-scale elevation for the jumper at each instant [deg]."""
    in_band: np.ndarray
    """Whether the light is inside the band at each instant."""
    phase: np.ndarray
    """Day, civil/nautical/astronomical twilight or night at each instant."""

    @property
    def all_in_band(self) -> bool:
        """True if the whole trajectory is inside the band."""
        return bool(np.all(self.in_band))


def light_along(
    exit_utc_s: float,
    time_s,
    altitude_m,
    band: LightBand | str,
    latitude_deg: float,
    longitude_deg: float,
    ground_elevation_m: float = 0.0,
    horizon: str = "visible",
) -> LightAlong:
    """The light at every instant of a trajectory (times after exit, altitudes).

    Parameters
    ----------
    exit_utc_s
        Exit time [POSIX s].
    time_s, altitude_m
        The trajectory: times after exit [s] and altitudes [m MSL], same shape
        (e.g. ``Trajectory.time_s`` and ``Trajectory.altitude_m``).
    band
        A :class:`LightBand` or its name.
    latitude_deg, longitude_deg, ground_elevation_m
        The site.
    horizon
        ``"visible"`` (default) or ``"astronomical"``.
    """
    band = light_band(band)
    times = float(exit_utc_s) + np.asarray(time_s, dtype=float)
    above = np.asarray(
        sun_above_horizon_deg(
            times, latitude_deg, longitude_deg, altitude_m, ground_elevation_m, horizon
        )
    )
    return LightAlong(times, above, _band_margin(band, above) >= 0, np.asarray(light_phase(above)))


# --- Events for arrays of dates and sites --------------------------------------------------


def find_light_events(
    date,
    latitude_deg,
    longitude_deg,
    elevation_deg,
    altitude_m=0.0,
    ground_elevation_m=0.0,
    at: str = "dusk",
    horizon: str = "visible",
    ut1_minus_utc_s=0.0,
    workers: int | None = None,
) -> sun.ElevationEvents:
    """When the Sun passes band-scale elevations for observers aloft, for arrays of dates.

    The library entry point for scans (season and atlas): a thin layer over
    :func:`duskfall.sun.find_elevation_times` that measures the targets from each
    observer's visible horizon.

    Parameters
    ----------
    date
        Local calendar date(s): :class:`datetime.date`, a sequence of them or a
        ``numpy.datetime64`` array, 1950-2100.
    latitude_deg, longitude_deg
        Site(s) [deg].
    elevation_deg
        Target(s) on the band scale [deg] (module notes): -0.8333 sunset (the upper limb
        on the visible horizon), -6 civil dusk, +6 and -4 the golden hour's edges...
    altitude_m
        Observer's altitude [m MSL], -500 to 100,000.
    ground_elevation_m
        Terrain elevation out to the horizon [m MSL], -500 to 9,000.
    at
        ``"dusk"`` (the Sun going down) or ``"dawn"``.
    horizon
        ``"visible"`` (default) or ``"astronomical"``.
    ut1_minus_utc_s
        UT1 - UTC [s], 0 by default.
    workers
        Threads (default: all CPUs).

    Returns
    -------
    duskfall.sun.ElevationEvents
        Times [POSIX s] (NaN where the event does not happen) and status (0 event,
        +1 the Sun stays above the target, -1 it stays below), of the broadcast shape
        of all the arguments.

    Notes
    -----
    Shape the inputs for broadcasting. For S sites, D dates and E events::

        events = find_light_events(
            dates[None, :, None],                  # (1, D, 1) datetime64[D]
            lat[:, None, None], lon[:, None, None],  # (S, 1, 1)
            np.array([-0.8333, -6.0])[None, None, :],  # (1, 1, E)
            altitude_m=altitude[:, None, None],
        )
        events.time_utc_s.shape == (S, D, E)

    The horizon depression is computed once per distinct (altitude, terrain) pair of
    the input arrays, the event times at about 0.1 microsecond each.

    Examples
    --------
    >>> import datetime as dt
    >>> from duskfall.timeutil import iso_utc
    >>> day = dt.date(2018, 3, 10)
    >>> ground = find_light_events(day, 24.4, 54.6, -0.8333, 50.0, 50.0)
    >>> aloft = find_light_events(day, 24.4, 54.6, -0.8333, 7620.0, 50.0)
    >>> iso_utc(ground.time_utc_s), round((aloft.time_utc_s - ground.time_utc_s) / 60, 1)
    ('2018-03-10T14:28:15Z', 13.4)
    """
    offset = np.asarray(horizon_offset_deg(altitude_m, ground_elevation_m, horizon))
    target = np.asarray(elevation_deg, dtype=float) - offset
    return sun.find_elevation_times(
        date, latitude_deg, longitude_deg, target, at, ut1_minus_utc_s, workers
    )


def weather_uncertainty_s(time_utc_s, latitude_deg, longitude_deg):
    """One standard deviation of an event time near the horizon from the weather [s].

    :data:`REFRACTION_SPREAD_DEG` divided by the rate at which the Sun's elevation
    changes at that time and place; tens of seconds at low and middle latitudes, more
    where the Sun sets at a slant. NaN where ``time_utc_s`` is NaN.
    """
    t = np.asarray(time_utc_s, dtype=float)
    valid = np.isfinite(t)
    safe = np.where(valid, t, 0.0)
    e1 = np.asarray(sun.solar_position(safe - 30.0, latitude_deg, longitude_deg).elevation_deg)
    e2 = np.asarray(sun.solar_position(safe + 30.0, latitude_deg, longitude_deg).elevation_deg)
    rate = np.abs(e2 - e1) / 60.0
    result = np.where(valid, REFRACTION_SPREAD_DEG / np.maximum(rate, 1e-9), np.nan)
    return float(result) if result.ndim == 0 else result


@dataclass(frozen=True)
class DayLight:
    """The light of one half day (dusk or dawn) for an observer aloft, for one or more dates.

    Every array has one element per date. Times are POSIX seconds (NaN: no such event).
    """

    date: np.ndarray
    """The local dates (``datetime64[D]``)."""
    at: str
    latitude_deg: float
    longitude_deg: float
    altitude_m: float
    ground_elevation_m: float
    horizon: str
    sunset_utc_s: np.ndarray
    """Sunset (dawn: sunrise) for the observer: upper limb on the visible horizon."""
    sunset_ground_utc_s: np.ndarray
    """The same for an observer on the ground."""
    twilight_utc_s: dict[str, np.ndarray]
    """End of civil, nautical and astronomical twilight (dawn: their start)."""
    windows: dict[str, list[list[Window]]]
    """Per band name, per date, the windows of that half day (at most one)."""
    weather_uncertainty_s: np.ndarray
    """One standard deviation of the sunset time from the day's refraction [s]."""
    bands: dict[str, LightBand] = field(default_factory=dict)
    """The bands of :attr:`windows`, by name."""
    warnings: tuple[str, ...] = field(default=())


def join_day_light(parts: Sequence[DayLight]) -> DayLight:
    """One :class:`DayLight` from several for consecutive date ranges of the same observer."""
    first = parts[0]
    return DayLight(
        date=np.concatenate([p.date for p in parts]),
        at=first.at,
        latitude_deg=first.latitude_deg,
        longitude_deg=first.longitude_deg,
        altitude_m=first.altitude_m,
        ground_elevation_m=first.ground_elevation_m,
        horizon=first.horizon,
        sunset_utc_s=np.concatenate([p.sunset_utc_s for p in parts]),
        sunset_ground_utc_s=np.concatenate([p.sunset_ground_utc_s for p in parts]),
        twilight_utc_s={
            name: np.concatenate([p.twilight_utc_s[name] for p in parts])
            for name in first.twilight_utc_s
        },
        windows={name: [w for p in parts for w in p.windows[name]] for name in first.windows},
        weather_uncertainty_s=np.concatenate([p.weather_uncertainty_s for p in parts]),
        bands=first.bands,
        warnings=tuple(w for p in parts for w in p.warnings),
    )


def _one_window(enter, leave, enter_status, leave_status, band, at) -> list[Window]:
    """The window of one half day. ``enter``/``leave`` are the crossing times of the edge
    by which the Sun comes into the band and goes out of it (NaN: no crossing)."""
    # Status of an edge: +1 the Sun stays above it, -1 below it, 0 crosses it.
    # Dusk: enter = upper edge, leave = lower edge; dawn: enter = lower, leave = upper.
    entering_edge_missing = band.upper_deg is None if at == "dusk" else band.lower_deg is None
    leaving_edge_missing = band.lower_deg is None if at == "dusk" else band.upper_deg is None
    if at == "dusk":
        never_enters = enter_status == sun.ALWAYS_ABOVE  # stays above the upper edge
        already_in = entering_edge_missing or enter_status == sun.ALWAYS_BELOW
        never_leaves = leaving_edge_missing or leave_status == sun.ALWAYS_ABOVE
        never_in = leave_status == sun.ALWAYS_BELOW  # below the lower edge all along
    else:
        never_enters = enter_status == sun.ALWAYS_BELOW  # stays below the lower edge
        already_in = entering_edge_missing or enter_status == sun.ALWAYS_ABOVE
        never_leaves = leaving_edge_missing or leave_status == sun.ALWAYS_BELOW
        never_in = leave_status == sun.ALWAYS_ABOVE  # above the upper edge all along
    if never_enters or never_in:
        return []
    start = None if already_in else float(enter)
    end = None if never_leaves else float(leave)
    return [Window(start, end)]


def find_day_light(
    date,
    latitude_deg: float,
    longitude_deg: float,
    altitude_m: float = 0.0,
    ground_elevation_m: float = 0.0,
    at: str = "dusk",
    horizon: str = "visible",
    bands: Sequence[LightBand | str] | None = None,
) -> DayLight:
    """Sunset, twilights and band windows for an observer aloft, on one or many dates.

    Parameters
    ----------
    date
        A :class:`datetime.date`, a sequence of them or a ``datetime64`` array.
    latitude_deg, longitude_deg, altitude_m, ground_elevation_m
        The observer [deg, deg, m MSL, m MSL].
    at
        ``"dusk"`` or ``"dawn"``.
    horizon
        ``"visible"`` (default) or ``"astronomical"`` (see the module notes).
    bands
        Bands to find windows of; default all of :data:`LIGHT_BANDS`.

    Returns
    -------
    DayLight
        With one element per date. The half day runs from the apparent noon nearest the
        mean local noon of the date to the following midnight (dusk), or from the
        midnight before to that noon (dawn); a window edge is None where the band
        already holds at its start, or still holds at its end.

    Examples
    --------
    >>> import datetime as dt
    >>> from duskfall.timeutil import iso_utc
    >>> light = find_day_light(dt.date(2018, 3, 10), 24.4, 54.6, 7620.0, 50.0)
    >>> iso_utc(light.sunset_utc_s[0]), iso_utc(light.twilight_utc_s["civil"][0])
    ('2018-03-10T14:41:37Z', '2018-03-10T15:04:20Z')
    """
    check_horizon(horizon)
    if at not in ("dusk", "dawn"):
        raise InputError("at", at, "dusk or dawn")
    single = isinstance(date, dt.date)
    days = sun.days_since_epoch([date] if single else date).reshape(-1)
    band_list = [light_band(b) for b in (bands if bands is not None else LIGHT_BANDS)]
    targets = [_SUNSET]
    for value in TWILIGHT_LIMITS_DEG.values():
        targets.append(value)
    for band in band_list:
        for edge in (band.upper_deg, band.lower_deg):
            if edge is not None:
                targets.append(edge)
    unique_targets = sorted(set(targets))
    index = {value: k for k, value in enumerate(unique_targets)}
    dates = days.astype("datetime64[D]")
    events = find_light_events(
        dates[:, None],
        latitude_deg,
        longitude_deg,
        np.array(unique_targets)[None, :],
        altitude_m,
        ground_elevation_m,
        at,
        horizon,
        workers=1,
    )
    ground = find_light_events(
        dates,
        latitude_deg,
        longitude_deg,
        _SUNSET,
        ground_elevation_m,
        ground_elevation_m,
        at,
        horizon,
        workers=1,
    )
    times = np.asarray(events.time_utc_s).reshape(days.size, len(unique_targets))
    status = np.asarray(events.status).reshape(days.size, len(unique_targets))
    windows = {}
    for band in band_list:
        per_day = []
        for i in range(days.size):
            upper = index.get(band.upper_deg) if band.upper_deg is not None else None
            lower = index.get(band.lower_deg) if band.lower_deg is not None else None
            up_t = times[i, upper] if upper is not None else np.nan
            lo_t = times[i, lower] if lower is not None else np.nan
            up_s = status[i, upper] if upper is not None else sun.EVENT
            lo_s = status[i, lower] if lower is not None else sun.EVENT
            enter, leave, s_enter, s_leave = (
                (up_t, lo_t, up_s, lo_s) if at == "dusk" else (lo_t, up_t, lo_s, up_s)
            )
            per_day.append(_one_window(enter, leave, s_enter, s_leave, band, at))
        windows[band.name] = per_day
    sunset = times[:, index[_SUNSET]]
    event = "sunset" if at == "dusk" else "sunrise"
    sunset_status = status[:, index[_SUNSET]]
    warnings = [
        f"no {event} on {dates[i]}: the Sun stays "
        + ("above" if sunset_status[i] == sun.ALWAYS_ABOVE else "below")
        + " the horizon all that half day"
        for i in np.flatnonzero(sunset_status != sun.EVENT)
    ]
    return DayLight(
        date=dates,
        at=at,
        latitude_deg=float(latitude_deg),
        longitude_deg=float(longitude_deg),
        altitude_m=float(altitude_m),
        ground_elevation_m=float(ground_elevation_m),
        horizon=horizon,
        sunset_utc_s=sunset,
        sunset_ground_utc_s=np.asarray(ground.time_utc_s, dtype=float).reshape(days.size),
        twilight_utc_s={
            name: times[:, index[value]] for name, value in TWILIGHT_LIMITS_DEG.items()
        },
        windows=windows,
        weather_uncertainty_s=np.asarray(
            weather_uncertainty_s(sunset, latitude_deg, longitude_deg), dtype=float
        ).reshape(days.size),
        bands={band.name: band for band in band_list},
        warnings=tuple(warnings),
    )
