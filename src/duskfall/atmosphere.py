"""The U.S. Standard Atmosphere 1976 (identical to ICAO 1993 below 32 km), vectorised.

Functions take the geometric altitude above mean sea level [m] as a scalar or an array
and return the same shape: a float for a scalar. The layer formulas come from the
``ambiance`` package, which implements the 1976 standard (NOAA-S/T 76-1562) from
-5,004 m to 81,020 m; the tests check it against the published tables.

The integrator of :mod:`duskfall.fall` evaluates density and the speed of sound
hundreds of times per jump, so it reads them from :class:`US1976Table`: ambiance
evaluated once on a 10 m grid (plus every layer boundary), then linear interpolation.
Its largest error against ambiance is below 1e-6 (relative) for density and the speed of
sound over the whole range (checked in the tests). :class:`UniformAtmosphere` is a
constant-density air for analytic checks and teaching.

References
----------
U.S. Standard Atmosphere, 1976. NOAA-S/T 76-1562, NOAA/NASA/USAF, Washington DC, 1976.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

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


# Layer bases of the 1976 standard in geopotential metres (NOAA-S/T 76-1562, Table 4):
# the temperature gradient changes there, so the interpolation table has a node on each.
_LAYER_BASES_GEOPOTENTIAL_M = (0.0, 11_000.0, 20_000.0, 32_000.0, 47_000.0, 51_000.0, 71_000.0)

TABLE_STEP_M = 10.0
"""Spacing of the interpolation table of :class:`US1976Table` [m]. Linear interpolation
of a quantity with scale height H errs by about step^2 / (8 H^2): 2e-7 for H = 7 km."""


def geometric_from_geopotential_m(geopotential_m):
    """Geometric altitude [m] of a geopotential altitude [m'].

    ``z = r0 H / (r0 - H)`` with r0 = 6,356,766 m (NOAA-S/T 76-1562, eq. 18).
    """
    h = np.asarray(geopotential_m, dtype=float)
    z = EARTH_RADIUS_US1976_M * h / (EARTH_RADIUS_US1976_M - h)
    return float(z) if z.ndim == 0 else z


@dataclass(frozen=True)
class US1976Table:
    """The 1976 standard atmosphere as a precomputed table, for the integrator's hot path.

    Built once from ambiance (the reference implementation used by the functions of this
    module) on a grid of :data:`TABLE_STEP_M` plus the layer boundaries; evaluated by linear
    interpolation (:func:`numpy.interp`, about 1 microsecond per call). Outside
    ``min_altitude_m``..``max_altitude_m`` values are held at the ends: callers check the
    range (:func:`duskfall.fall.simulate_jump` refuses exits above it).

    Use :func:`us1976_table` to get the shared instance.
    """

    altitude_m: np.ndarray = field(repr=False)
    """Table nodes [m], increasing."""
    density_table_kgpm3: np.ndarray = field(repr=False)
    speed_of_sound_table_mps: np.ndarray = field(repr=False)
    min_altitude_m: float = MIN_ALTITUDE_M
    max_altitude_m: float = MAX_ALTITUDE_M
    name: str = "US Standard Atmosphere 1976 (table)"

    def density_kgpm3(self, altitude_m):
        """Air density [kg/m^3] at geometric altitude ``altitude_m`` [m MSL]."""
        return np.interp(altitude_m, self.altitude_m, self.density_table_kgpm3)

    def speed_of_sound_mps(self, altitude_m):
        """Speed of sound [m/s] at geometric altitude ``altitude_m`` [m MSL]."""
        return np.interp(altitude_m, self.altitude_m, self.speed_of_sound_table_mps)

    def gravity_mps2(self, altitude_m):
        """Inverse-square gravity of the standard [m/s^2] (see :func:`gravity_mps2`)."""
        ratio = EARTH_RADIUS_US1976_M / (EARTH_RADIUS_US1976_M + altitude_m)
        return STANDARD_GRAVITY_MPS2 * ratio * ratio


@cache
def us1976_table() -> US1976Table:
    """The shared :class:`US1976Table` (built on first use, about 3 ms)."""
    grid = np.arange(MIN_ALTITUDE_M, MAX_ALTITUDE_M, TABLE_STEP_M)
    bases = geometric_from_geopotential_m(np.array(_LAYER_BASES_GEOPOTENTIAL_M))
    nodes = np.unique(np.concatenate([grid, bases, [MAX_ALTITUDE_M]]))
    air = Atmosphere(nodes)
    return US1976Table(
        altitude_m=nodes,
        density_table_kgpm3=np.asarray(air.density, dtype=float),
        speed_of_sound_table_mps=np.asarray(air.speed_of_sound, dtype=float),
    )


@dataclass(frozen=True)
class UniformAtmosphere:
    """Air of the same density and speed of sound everywhere, under uniform gravity.

    Not a model of the real atmosphere: it exists for analytic checks (the tanh law of a
    fall in constant density) and for teaching. Defaults are the standard sea-level
    values (NOAA-S/T 76-1562, Table 1).
    """

    density: float = SEA_LEVEL_DENSITY_KGPM3
    """Air density [kg/m^3]."""
    speed_of_sound: float = 340.294
    """Speed of sound [m/s] (sea-level standard, 340.294 m/s)."""
    gravity: float = STANDARD_GRAVITY_MPS2
    """Acceleration of gravity [m/s^2]."""
    min_altitude_m: float = -np.inf
    max_altitude_m: float = np.inf
    name: str = "uniform atmosphere"

    def density_kgpm3(self, altitude_m):
        """The constant density [kg/m^3], shaped like ``altitude_m``."""
        return np.full(np.shape(altitude_m), self.density)

    def speed_of_sound_mps(self, altitude_m):
        """The constant speed of sound [m/s], shaped like ``altitude_m``."""
        return np.full(np.shape(altitude_m), self.speed_of_sound)

    def gravity_mps2(self, altitude_m):
        """The constant gravity [m/s^2], shaped like ``altitude_m``."""
        return np.full(np.shape(altitude_m), self.gravity)
