"""Light at altitude: bands of sun elevation, the shadow altitude, and windows in time.

A *light band* is an interval of the Sun's elevation measured from the observer's own
visible horizon (what a camera beside the jumper sees): ``e_vis = e - e_h(z)``, where
``e`` is the Sun's geometric elevation and ``e_h(z)`` the geometric elevation of the
visible horizon from altitude ``z`` (:func:`duskfall.sun.visible_horizon_elevation_deg`).
At dusk the band sweeps up through the sky: a falling jumper is lit after the ground
below has gone into shadow.

Searches follow one pattern: a continuous function of time whose sign says "inside",
and a generic finder (:func:`find_windows`) that brackets its sign changes on a grid and
refines each one with Brent's method.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from duskfall import sun
from duskfall.constants import SUN_SEMIDIAMETER_DEG
from duskfall.errors import InputError

TIME_TOLERANCE_S = 0.01
"""Precision to which window edges are refined [s]; well below the 1 s the solar model
and the day's weather allow."""


@dataclass(frozen=True)
class LightBand:
    """An interval of the Sun's centre elevation above the observer's visible horizon."""

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


LIGHT_BANDS: dict[str, LightBand] = {
    "sunlit": LightBand(
        "sunlit",
        -SUN_SEMIDIAMETER_DEG,
        None,
        "any part of the disc above the visible horizon: the jumper is in direct sun",
    ),
    "lowsun": LightBand(
        "lowsun",
        -SUN_SEMIDIAMETER_DEG,
        6.0,
        "direct, low sun: from 6 deg above the visible horizon down to the last sliver "
        "of the disc (upper limb on the horizon). The seed scenario's dusk look.",
    ),
    "golden": LightBand(
        "golden",
        -4.0,
        6.0,
        "golden hour, +6 to -4 deg (the convention of PhotoPills and most photographers' "
        "planners, here from the visible horizon)",
    ),
    "blue": LightBand("blue", -6.0, -4.0, "blue hour, -4 to -6 deg"),
}

_CUSTOM = re.compile(r"^\s*([-+]?\d*\.?\d+)\s*\.\.\s*([-+]?\d*\.?\d+)\s*$")


def light_band(spec: str | LightBand, field: str = "light") -> LightBand:
    """A band from its name in :data:`LIGHT_BANDS` or a custom ``"LOW..HIGH"`` in degrees.

    Raises
    ------
    InputError
        If the name is unknown or the range is malformed or empty.
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


def sun_above_horizon_deg(
    time_utc_s, latitude_deg, longitude_deg, altitude_m, ground_elevation_m=0.0
):
    """Elevation [deg] of the Sun's centre above the observer's visible horizon.

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
    """
    elevation = sun.solar_position(time_utc_s, latitude_deg, longitude_deg).elevation_deg
    return elevation - sun.visible_horizon_elevation_deg(altitude_m, ground_elevation_m)


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

    Returns
    -------
    list of Window
        Exit-time windows; empty if the action never fits.

    Notes
    -----
    The margin of an exit time ``t`` is the smallest distance, over the action segment,
    between the Sun's elevation above the jumper's visible horizon and the nearer band
    edge. It is continuous in ``t``, so the window edges are its zeros.
    """
    tau = np.asarray(action_time_s, dtype=float)
    horizon = np.asarray(sun.visible_horizon_elevation_deg(action_altitude_m, ground_elevation_m))

    def margin(exit_times: np.ndarray) -> np.ndarray:
        times = np.asarray(exit_times, dtype=float)[:, None] + tau[None, :]
        elevation = sun.solar_position(times, latitude_deg, longitude_deg).elevation_deg
        above = elevation - horizon[None, :]
        result = np.full(times.shape, np.inf)
        if band.lower_deg is not None:
            result = np.minimum(result, above - band.lower_deg)
        if band.upper_deg is not None:
            result = np.minimum(result, band.upper_deg - above)
        return result.min(axis=1)

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
    horizon = sun.visible_horizon_elevation_deg(altitude_m, ground_elevation_m)

    def margin(t):
        elevation = sun.solar_position(t, latitude_deg, longitude_deg).elevation_deg
        return elevation - horizon + SUN_SEMIDIAMETER_DEG

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

    Returns the ground elevation when the Sun is up at the ground, and inf when even
    ``ceiling_m`` is in shadow. Vectorised over time by bisection in altitude (the
    horizon falls monotonically with altitude), to 0.1 m.
    """
    elevation = np.asarray(
        sun.solar_position(time_utc_s, latitude_deg, longitude_deg).elevation_deg
    )
    target = elevation + SUN_SEMIDIAMETER_DEG
    low = np.full(elevation.shape, float(ground_elevation_m))
    high = np.full(elevation.shape, float(ceiling_m))
    lit_low = target >= sun.visible_horizon_elevation_deg(low, ground_elevation_m)
    lit_high = target >= sun.visible_horizon_elevation_deg(high, ground_elevation_m)
    for _ in range(40):
        mid = 0.5 * (low + high)
        lit = target >= sun.visible_horizon_elevation_deg(mid, ground_elevation_m)
        high = np.where(lit, mid, high)
        low = np.where(lit, low, mid)
    result = np.where(lit_low, float(ground_elevation_m), np.where(lit_high, high, np.inf))
    return float(result) if result.ndim == 0 else result
