"""The U.S. Standard Atmosphere 1976 (identical to ICAO 1993 below 32 km), vectorised.

Functions take the geometric altitude above mean sea level [m] as a scalar or an array
and return the same shape: a float for a scalar. The values come from the ``ambiance``
package, which implements the 1976 standard (NOAA-S/T 76-1562) from -5,004 m to
81,020 m: evaluated on a 10 m grid (plus every layer boundary) and shipped as a table
(:class:`US1976Table`, ``duskfall/data/us1976.npz``), read by linear interpolation. So
neither a plan nor the integrator of :mod:`duskfall.fall`, which evaluates density and
the speed of sound hundreds of times per jump, pays for importing ambiance (and scipy)
or for evaluating its layer formulas. The interpolation errs by under 2e-6 (relative)
against ambiance over the whole range, and the tests check both the table against
ambiance and ambiance against the published tables. :class:`UniformAtmosphere` is a
constant-density air for analytic checks and teaching.

References
----------
U.S. Standard Atmosphere, 1976. NOAA-S/T 76-1562, NOAA/NASA/USAF, Washington DC, 1976.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cache, cached_property
from importlib import resources

import numpy as np

from duskfall.arrays import read_only
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
    table = us1976_table()
    value = np.interp(h, table.altitude_m, table.columns[name])
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


TABLE_FILE = "us1976.npz"
"""The table of :func:`us1976_table`, shipped in ``duskfall/data`` (made by
``scripts/make_tables.py``; tests/test_atmosphere.py checks it against ambiance)."""

COLUMNS = ("temperature", "pressure", "density", "speed_of_sound")
"""Quantities of the table, by ambiance's names: [K], [Pa], [kg/m^3], [m/s]."""


@dataclass(frozen=True)
class US1976Table:
    """The 1976 standard atmosphere as a table, for every evaluation of the library.

    Computed by ambiance (the reference implementation of NOAA-S/T 76-1562) on a grid of
    :data:`TABLE_STEP_M` plus the layer boundaries, and shipped with the package (so that
    a plan does not pay for importing ambiance and scipy); evaluated by linear
    interpolation (:func:`numpy.interp`, about 1 microsecond per call), which errs by
    under 2e-6 (relative) against ambiance itself (2e-7 below 50 km). Outside ``min_altitude_m`` to
    ``max_altitude_m`` values are held at the ends: callers check the range
    (:func:`duskfall.fall.simulate_jump` refuses exits above it).

    Use :func:`us1976_table` to get the shared instance.
    """

    altitude_m: np.ndarray = field(repr=False)
    """Table nodes [m], increasing."""
    columns: dict[str, np.ndarray] = field(repr=False)
    """Each quantity of :data:`COLUMNS` at the nodes."""
    min_altitude_m: float = MIN_ALTITUDE_M
    max_altitude_m: float = MAX_ALTITUDE_M
    name: str = "US Standard Atmosphere 1976 (table)"

    def __post_init__(self):
        # Read-only copies: the lookup's slopes are made from them once.
        object.__setattr__(self, "altitude_m", read_only(self.altitude_m))
        columns = {name: read_only(values) for name, values in self.columns.items()}
        object.__setattr__(self, "columns", columns)

    @property
    def density_table_kgpm3(self) -> np.ndarray:
        return self.columns["density"]

    @property
    def speed_of_sound_table_mps(self) -> np.ndarray:
        return self.columns["speed_of_sound"]

    def density_kgpm3(self, altitude_m):
        """Air density [kg/m^3] at geometric altitude ``altitude_m`` [m MSL]."""
        return self._interp(altitude_m, "density")

    def speed_of_sound_mps(self, altitude_m):
        """Speed of sound [m/s] at geometric altitude ``altitude_m`` [m MSL]."""
        return self._interp(altitude_m, "speed_of_sound")

    def __reduce__(self):
        # The shared table pickles as a call for it: a plan's jumps carry their air to
        # the server's worker processes and back, and into the digests of kept falls
        # (duskfall.fall.kept). Another pickles by what it is made of (its lookup is
        # made again on first use).
        if self is us1976_table():
            return (us1976_table, ())
        return (type(self), tuple(getattr(self, f.name) for f in fields(self) if f.init))

    @cached_property
    def _lookup(self) -> _EvenLookup | None:
        return _EvenLookup.of(self.altitude_m, self.columns)

    def _interp(self, altitude_m, name: str):
        """:func:`numpy.interp` on the table, to the last bit; an ensemble's altitudes
        (:data:`EVEN_LOOKUP_SIZE` or more) are looked up on the even grid instead of
        searched for (twice as fast for 1,000 members in any order)."""
        lookup = self._lookup if np.size(altitude_m) >= EVEN_LOOKUP_SIZE else None
        if lookup is None:
            return np.interp(altitude_m, self.altitude_m, self.columns[name])
        return lookup(np.asarray(altitude_m, dtype=float), name)

    def gravity_mps2(self, altitude_m):
        """Inverse-square gravity of the standard [m/s^2] (see :func:`gravity_mps2`)."""
        ratio = EARTH_RADIUS_US1976_M / (EARTH_RADIUS_US1976_M + altitude_m)
        return STANDARD_GRAVITY_MPS2 * ratio * ratio


EVEN_LOOKUP_SIZE = 256
"""Arrays of altitudes at least this long are looked up on the table's even grid
(:class:`_EvenLookup`); shorter ones are searched by :func:`numpy.interp`, faster for a
few values. Measured for altitudes in no order: 64 took 7 us searched and 12 us looked
up, 1,000 took 64 us and 22 us; the two cross near 130."""


@dataclass(frozen=True)
class _EvenLookup:
    """Linear interpolation on nodes that lie on an even grid, with at most one more node
    (a layer base) between two of its points: the interval of an altitude is found by
    arithmetic and one comparison each way, not by a binary search, and the value is
    ``numpy.interp``'s, to the last bit (the same slope, the same sum; held beyond the
    ends, NaN for NaN)."""

    first_m: float
    last_m: float
    guide: np.ndarray
    """Index of the last node at or below each point of the even grid."""
    nodes: np.ndarray
    """The nodes and a last +inf (so the node above the top is never reached)."""
    values: dict[str, np.ndarray]
    slopes: dict[str, np.ndarray]
    """Each column's slope on each interval, and 0 above the top node."""

    @classmethod
    def of(cls, nodes: np.ndarray, columns: dict[str, np.ndarray]) -> _EvenLookup | None:
        """The lookup of a table, or None unless every point of the even grid of
        :data:`TABLE_STEP_M` from its first node is a node, with at most one more node
        between two of them."""
        first, last = float(nodes[0]), float(nodes[-1])
        points = first + np.arange(int((last - first) // TABLE_STEP_M) + 1) * TABLE_STEP_M
        guide = np.searchsorted(nodes, points, side="right") - 1
        if not np.array_equal(nodes[guide], points):
            return None
        between = np.diff(np.append(guide, nodes.size - 1))
        if between.size == 0 or np.max(between) > 2:
            return None
        gaps = np.diff(nodes)
        slopes = {k: np.append(np.diff(v) / gaps, 0.0) for k, v in columns.items()}
        padded = np.append(nodes, np.inf)
        return cls(first, last, guide, padded, dict(columns), slopes)

    def __call__(self, altitude_m: np.ndarray, name: str) -> np.ndarray:
        nodes = self.nodes
        held = np.minimum(np.maximum(altitude_m, self.first_m), self.last_m)  # np.clip, cheaper
        with np.errstate(invalid="ignore"):  # NaN: any bucket, and NaN comes out
            bucket = ((held - self.first_m) * (1.0 / TABLE_STEP_M)).astype(np.intp)
        np.maximum(bucket, 0, out=bucket)
        np.minimum(bucket, self.guide.size - 1, out=bucket)
        j = self.guide.take(bucket)  # take: indexing's values, faster
        j += held >= nodes.take(j + 1)  # a layer base in the step, or rounding below
        j -= held < nodes.take(j)  # rounding above a node
        return self.values[name].take(j) + self.slopes[name].take(j) * (held - nodes.take(j))


def table_nodes() -> np.ndarray:
    """Altitudes of the table [m]: every :data:`TABLE_STEP_M` and the layer bases."""
    grid = np.arange(MIN_ALTITUDE_M, MAX_ALTITUDE_M, TABLE_STEP_M)
    bases = geometric_from_geopotential_m(np.array(_LAYER_BASES_GEOPOTENTIAL_M))
    return np.unique(np.concatenate([grid, bases, [MAX_ALTITUDE_M]]))


def compute_us1976_columns(altitude_m) -> dict[str, np.ndarray]:
    """The 1976 standard at ``altitude_m`` [m] by ambiance (the ``test`` extra): the
    reference the shipped table is made from and checked against."""
    from ambiance import Atmosphere

    air = Atmosphere(np.asarray(altitude_m, dtype=float))
    return {name: np.asarray(getattr(air, name), dtype=float) for name in COLUMNS}


@cache
def us1976_table() -> US1976Table:
    """The shared :class:`US1976Table`, read from the package's data on first use."""
    source = resources.files("duskfall").joinpath("data", TABLE_FILE)
    with source.open("rb") as stream, np.load(stream) as data:
        nodes = np.array(data["altitude_m"])
        columns = {name: np.array(data[name]) for name in COLUMNS}
    return US1976Table(altitude_m=nodes, columns=columns)


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
