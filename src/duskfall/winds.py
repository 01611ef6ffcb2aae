"""Winds aloft: one interface, several sources.

A wind profile is any object with a method ``velocity_enu_mps(altitude_m, time_utc_s)``
returning the east and north components [m/s] of the air's motion (the direction the
air moves *toward*) at geometric altitudes [m MSL]. At the edges, winds are written as
forecasts print them: direction FROM in degrees true and speed in knots; convert with
:func:`wind_components`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from duskfall.errors import OutOfRangeError

MAX_WIND_SPEED_MPS = 100.0
"""Largest wind speed accepted [m/s]. The strongest jet-stream winds measured are about
110 m/s; a larger value is almost certainly a unit mistake."""


class WindProfile(Protocol):
    """Anything that gives the wind vector at altitudes and times."""

    def velocity_enu_mps(self, altitude_m, time_utc_s=None) -> tuple[np.ndarray, np.ndarray]:
        """East and north components of the wind [m/s] at ``altitude_m`` [m MSL]."""
        ...


def wind_components(direction_from_deg, speed_mps):
    """East and north components [m/s] of a wind blowing FROM ``direction_from_deg``.

    A wind "from 270 at 20 kt" moves the air toward the east: ``(+10.3, 0.0)`` m/s.
    """
    direction = np.radians(np.asarray(direction_from_deg, dtype=float))
    speed = np.asarray(speed_mps, dtype=float)
    return -speed * np.sin(direction), -speed * np.cos(direction)


def _check_speed(speed_mps, field: str) -> None:
    speed = np.asarray(speed_mps, dtype=float)
    if np.any(~np.isfinite(speed)) or np.any(speed < 0) or np.any(speed > MAX_WIND_SPEED_MPS):
        bad = speed[~np.isfinite(speed) | (speed < 0) | (speed > MAX_WIND_SPEED_MPS)]
        raise OutOfRangeError(field, float(bad.flat[0]), f"0 to {MAX_WIND_SPEED_MPS:.0f} m/s")


@dataclass(frozen=True)
class ConstantWind:
    """The same wind at every altitude and time."""

    direction_from_deg: float = 0.0
    """Direction the wind blows from [deg true]."""
    speed_mps: float = 0.0
    """Wind speed [m/s]."""
    source: str = "constant"

    def __post_init__(self):
        _check_speed(self.speed_mps, "wind speed")

    def velocity_enu_mps(self, altitude_m, time_utc_s=None):
        east, north = wind_components(self.direction_from_deg, self.speed_mps)
        shape = np.shape(altitude_m)
        return np.full(shape, float(east)), np.full(shape, float(north))


@dataclass(frozen=True)
class LayeredWind:
    """Winds given at a few altitudes, interpolated linearly in east/north components.

    Below the lowest and above the highest level the end values are held; the profile
    records that as extrapolation in :meth:`extrapolated`.
    """

    altitude_m: tuple[float, ...]
    """Levels [m MSL], strictly increasing."""
    direction_from_deg: tuple[float, ...]
    speed_mps: tuple[float, ...]
    source: str = "table"
    _east: np.ndarray = field(init=False, repr=False, compare=False)
    _north: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        altitude = np.asarray(self.altitude_m, dtype=float)
        if altitude.ndim != 1 or altitude.size < 1 or np.any(np.diff(altitude) <= 0):
            raise OutOfRangeError(
                "wind altitudes", list(self.altitude_m), "at least one level, strictly increasing"
            )
        if not (len(self.direction_from_deg) == len(self.speed_mps) == altitude.size):
            raise OutOfRangeError(
                "wind levels", len(self.speed_mps), f"{altitude.size} directions and speeds"
            )
        _check_speed(self.speed_mps, "wind speed")
        east, north = wind_components(self.direction_from_deg, self.speed_mps)
        object.__setattr__(self, "_east", np.atleast_1d(east))
        object.__setattr__(self, "_north", np.atleast_1d(north))

    def velocity_enu_mps(self, altitude_m, time_utc_s=None):
        levels = np.asarray(self.altitude_m, dtype=float)
        return (
            np.interp(altitude_m, levels, self._east),
            np.interp(altitude_m, levels, self._north),
        )

    def extrapolated(self, low_m: float, high_m: float) -> bool:
        """True if the span ``low_m``-``high_m`` [m] reaches beyond the table's levels."""
        return low_m < self.altitude_m[0] or high_m > self.altitude_m[-1]
