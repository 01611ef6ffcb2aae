"""The U.S. Standard Atmosphere 1976 (identical to ICAO 1993 below 32 km), vectorised.

Functions take the geometric altitude above mean sea level [m] as a scalar or an array
and return the same shape: a float for a scalar. The layer formulas come from the
``ambiance`` package, which implements the 1976 standard (NOAA-S/T 76-1562) from
-5,004 m to 81,020 m; the tests check it against the published tables.

References
----------
U.S. Standard Atmosphere, 1976. NOAA-S/T 76-1562, NOAA/NASA/USAF, Washington DC, 1976.
"""

from __future__ import annotations

import numpy as np
from ambiance import Atmosphere

from duskfall.constants import EARTH_RADIUS_US1976_M, STANDARD_GRAVITY_MPS2
from duskfall.errors import OutOfRangeError

MIN_ALTITUDE_M = -5004.0
"""Lowest geometric altitude of the model [m] (ambiance's lower limit)."""
MAX_ALTITUDE_M = 81020.0
"""Highest geometric altitude of the model [m] (ambiance's upper limit; the 1976 standard
changes its formulation at 86 km)."""

SEA_LEVEL_DENSITY_KGPM3 = 1.225
"""Standard sea-level density rho0 [kg/m^3] (US 1976, Table 1; ICAO Doc 7488)."""


def _check(altitude_m, field: str) -> np.ndarray:
    h = np.asarray(altitude_m, dtype=float)
    bad = ~np.isfinite(h) | (h < MIN_ALTITUDE_M) | (h > MAX_ALTITUDE_M)
    if np.any(bad):
        value = h[bad].flat[0] if h.ndim else float(h)
        raise OutOfRangeError(
            field, float(value), f"{MIN_ALTITUDE_M:.0f} m to {MAX_ALTITUDE_M:.0f} m MSL"
        )
    return h


def _property(altitude_m, name: str):
    h = _check(altitude_m, "altitude_m")
    value = getattr(Atmosphere(h.ravel()), name).reshape(h.shape)
    return float(value) if value.ndim == 0 else value


def temperature_k(altitude_m):
    """Air temperature [K] at geometric altitude ``altitude_m`` [m MSL]."""
    return _property(altitude_m, "temperature")


def pressure_pa(altitude_m):
    """Air pressure [Pa] at geometric altitude ``altitude_m`` [m MSL]."""
    return _property(altitude_m, "pressure")


def density_kgpm3(altitude_m):
    """Air density [kg/m^3] at geometric altitude ``altitude_m`` [m MSL].

    Examples
    --------
    >>> round(density_kgpm3(7620.0), 4)   # 25,000 ft
    0.5495
    """
    return _property(altitude_m, "density")


def speed_of_sound_mps(altitude_m):
    """Speed of sound [m/s] at geometric altitude ``altitude_m`` [m MSL]."""
    return _property(altitude_m, "speed_of_sound")


def gravity_mps2(altitude_m):
    """Acceleration of gravity [m/s^2] at geometric altitude ``altitude_m`` [m].

    The inverse-square law of the 1976 standard, ``g0 (r0 / (r0 + z))^2`` with
    r0 = 6,356,766 m (NOAA-S/T 76-1562, eq. 17). Latitude and centrifugal terms
    (about 0.5 % between equator and pole) are ignored, as in the standard.
    """
    h = np.asarray(altitude_m, dtype=float)
    g = STANDARD_GRAVITY_MPS2 * (EARTH_RADIUS_US1976_M / (EARTH_RADIUS_US1976_M + h)) ** 2
    return float(g) if g.ndim == 0 else g


def true_airspeed_mps(equivalent_airspeed_mps, altitude_m):
    """True airspeed [m/s] of an aircraft flying at an equivalent airspeed [m/s].

    ``TAS = EAS sqrt(rho0 / rho(z))``. For the jump-run speeds of transport aircraft
    (under 250 kt) indicated, calibrated and equivalent airspeed differ by less than 2 %
    and are taken as equal.
    """
    rho = np.asarray(density_kgpm3(altitude_m))
    tas = np.asarray(equivalent_airspeed_mps, dtype=float) * np.sqrt(SEA_LEVEL_DENSITY_KGPM3 / rho)
    return float(tas) if tas.ndim == 0 else tas
