"""The visible horizon from altitude: a ray traced through the 1976 standard atmosphere.

An observer at altitude ``h`` above flat terrain (or sea) at elevation ``g`` sees the
horizon along a ray that grazes the terrain at a tangent point and bends on its way up,
because the air thins with height. The Sun is on that horizon when its light reaches
the tangent point horizontally: it has come down from space through the whole
atmosphere (bending by the *horizontal refraction* ``R1(g)``) and then climbs to the
observer. In a spherically symmetric atmosphere the angle at the Earth's centre between
the tangent point and the observer, ``theta(h, g)``, is exactly the apparent dip of the
horizon plus the bending of the climbing leg, and the Sun on the visible horizon has the
geometric (airless) elevation ``-(theta + R1)``.

Both come from Bouguer's invariant ``n r sin(z) = K`` (Born and Wolf, Principles of
Optics, sec. 3.2.1): for the grazing ray ``K = n(g) (R + g)``, and

    theta(h) = integral from R+g to R+h of K dr / (r sqrt(n^2 r^2 - K^2)),
    apparent dip = arccos(K / (n(h) (R + h))),
    R1 = theta(top of the atmosphere) - arccos(K / r_top).

The integrable singularity at the tangent point is removed by ``r = R + g + s^2``;
the integral is summed with six-point Gauss-Legendre panels (tests/test_refraction.py
checks it against the closed form of a power-law atmosphere, ``n ~ r^-k``, to 0.001").

Inputs: the density of the U.S. Standard Atmosphere 1976 (:mod:`duskfall.atmosphere`;
zero above its upper limit, 81 km, where ``n - 1`` is 3e-9) and the Gladstone-Dale law
``n - 1 = c rho`` with ``c`` from Edlen's formula for standard air at 550 nm, the middle
of the visible spectrum. Earth: a sphere of the mean radius (6,371 km); the radius of
curvature along the line of sight varies from 6,335 to 6,400 km with latitude and
azimuth, which changes ``theta`` by up to 0.25 % (about 2 s of sunset time at 25,000 ft).

Results at 25,000 ft (7,620 m) over the sea: apparent dip 2.615 deg, bending below the
observer 0.432 deg, theta 3.048 deg. The horizontal refraction of the standard
atmosphere at sea level is 33.0'. Almanacs use 34' (a conventional mean of real
atmospheres, whose lapse rate near the ground changes it by several minutes of arc from
day to day), so :func:`horizontal_refraction_deg` scales the ray-traced value to 34' at
sea level: ground-level sunrise and sunset are then the published ones, and higher
terrain gets less refraction in the proportion of the standard atmosphere.

Precision: the real atmosphere of the day differs from the standard one. For an
observer at altitude the bending below the observer (0.4 deg at 25,000 ft) and the
horizontal refraction (0.57 deg) each vary by several percent with temperature and
lapse rate: tens of seconds in the time of sunset aloft. The dip itself is geometry.

References
----------
Edlen, B. (1966). The refractive index of air. Metrologia 2(2), 71-80.
doi:10.1088/0026-1394/2/2/002
U.S. Standard Atmosphere, 1976. NOAA-S/T 76-1562.
Young, A. T. (2006). Understanding astronomical refraction. The Observatory 126, 82-115.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from importlib import resources

import numpy as np

from duskfall import atmosphere
from duskfall.arrays import frozen
from duskfall.constants import EARTH_MEAN_RADIUS_M, STANDARD_HORIZON_REFRACTION_DEG
from duskfall.errors import OutOfRangeError

GLADSTONE_DALE_M3_PER_KG = 2.77825e-4 / 1.2250
"""Gladstone-Dale constant of dry air at 550 nm [m^3/kg]: ``n - 1 = c rho``. Edlen
(1966) gives (n - 1) 1e8 = 8342.13 + 2406030 / (130 - s^2) + 15997 / (38.9 - s^2) for
standard air (15 C, 101,325 Pa, density 1.2250 kg/m^3), s = 1/wavelength in 1/um:
27,782.5 at 0.55 um."""

MIN_GROUND_M = -500.0
"""Lowest terrain elevation accepted [m MSL] (the Dead Sea shore is at -430 m)."""
MAX_GROUND_M = 9_000.0
"""Highest terrain elevation accepted [m MSL] (Everest is 8,849 m)."""
MAX_ALTITUDE_M = 100_000.0
"""Highest observer altitude accepted [m MSL]; air above 81 km does not bend light."""
MIN_ALTITUDE_M = -500.0
"""Lowest observer altitude accepted [m MSL]."""

_TOP_M = atmosphere.MAX_ALTITUDE_M
_GROUND_STEP_M = 100.0
_GROUND_GRID_M = np.arange(
    MIN_GROUND_M - 2 * _GROUND_STEP_M, MAX_GROUND_M + 3 * _GROUND_STEP_M, 100
)
_S_STEP = (
    0.25  # panel width in s = sqrt(height above ground / m): 0.25 = 6 cm at 0 m, 160 m at 100 km
)
_S_MAX = np.sqrt(MAX_ALTITUDE_M - MIN_GROUND_M + 1_000.0)
_GAUSS_ORDER = 6


def refractive_index(altitude_m):
    """Refractive index of standard air at 550 nm at geometric altitude ``altitude_m`` [m].

    ``1 + c rho(z)`` with the US 1976 density, and 1 above 81,020 m.
    """
    z = np.asarray(altitude_m, dtype=float)
    inside = z <= _TOP_M
    rho = np.where(inside, atmosphere.density_kgpm3(np.where(inside, z, 0.0)), 0.0)
    n = 1.0 + GLADSTONE_DALE_M3_PER_KG * rho
    return float(n) if n.ndim == 0 else n


def central_angle_rad(
    refractivity: Callable[[np.ndarray], np.ndarray],
    ground_radius_m: float,
    s_edges: np.ndarray,
) -> np.ndarray:
    """Cumulative angle at the Earth's centre along a ray grazing ``ground_radius_m`` [rad].

    Parameters
    ----------
    refractivity
        ``n - 1`` as a function of the distance from the Earth's centre [m], vectorised.
    ground_radius_m
        Radius of the tangent point [m].
    s_edges
        Increasing panel edges in ``s = sqrt(r - ground_radius_m)`` [m^0.5], from 0.

    Returns
    -------
    ndarray
        ``theta`` [rad] at each edge (0 at the first).

    Notes
    -----
    ``theta(r) = integral K dr / (r sqrt(n^2 r^2 - K^2))`` with ``K = n(r_g) r_g``,
    written in ``s`` so that the integrand is finite at the tangent point:
    ``n r - K = (n - n_g) r + n_g s^2``. Requires ``n r`` to increase with ``r`` (no
    ducting), true of the standard atmosphere by a factor of six.
    """
    nodes, weights = np.polynomial.legendre.leggauss(_GAUSS_ORDER)
    a = s_edges[:-1, None]
    b = s_edges[1:, None]
    s = 0.5 * (a + b) + 0.5 * (b - a) * nodes
    r = ground_radius_m + s * s
    ground_refractivity = float(refractivity(np.array([ground_radius_m]))[0])
    n_ground = 1.0 + ground_refractivity
    k = n_ground * ground_radius_m
    n = 1.0 + refractivity(r)
    excess = (refractivity(r) - ground_refractivity) * r / (s * s) + n_ground
    integrand = 2.0 * k / (r * np.sqrt(excess * (n * r + k)))
    panels = (integrand * (0.5 * (b - a) * weights)).sum(axis=1)
    return np.concatenate([[0.0], np.cumsum(panels)])


TABLE_FILE = "horizon_us1976.npz"
"""The ray-traced tables of :func:`compute_tables`, shipped in ``duskfall/data`` (made by
``scripts/make_tables.py``; tests/test_sun_refraction.py checks them against a fresh
computation): about half a second of integration saved at every start."""


def _us1976_refractivity(radius_m: np.ndarray) -> np.ndarray:
    z = np.asarray(radius_m) - EARTH_MEAN_RADIUS_M
    inside = z <= _TOP_M
    rho = atmosphere.compute_us1976_columns(np.where(inside, z, 0.0))["density"]
    return GLADSTONE_DALE_M3_PER_KG * np.where(inside, rho, 0.0)


@cache
def _tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """theta on the grid (ground elevation x s) [rad] and R1 per ground elevation [rad],
    read from the package's data."""
    source = resources.files("duskfall").joinpath("data", TABLE_FILE)
    with source.open("rb") as stream, np.load(stream) as data:
        return frozen(*(np.array(data[name]) for name in ("edges", "theta", "r1")))


def compute_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """theta on the grid (ground elevation x s) [rad] and R1 per ground elevation [rad],
    ray-traced through the density of ambiance's 1976 standard (the ``test`` extra)."""
    edges = np.arange(0.0, _S_MAX + _S_STEP, _S_STEP)
    theta = np.empty((_GROUND_GRID_M.size, edges.size))
    r1 = np.empty(_GROUND_GRID_M.size)
    for i, ground in enumerate(_GROUND_GRID_M):
        ground_radius = EARTH_MEAN_RADIUS_M + ground
        theta[i] = central_angle_rad(_us1976_refractivity, ground_radius, edges)
        top = ground_radius + edges[-1] ** 2
        k = (1.0 + float(_us1976_refractivity(np.array([ground_radius]))[0])) * ground_radius
        r1[i] = theta[i, -1] - np.arccos(k / top)
    return edges, theta, r1


def _cubic_weights(f: np.ndarray) -> tuple[np.ndarray, ...]:
    return (
        -f * (f - 1.0) * (f - 2.0) / 6.0,
        (f + 1.0) * (f - 1.0) * (f - 2.0) / 2.0,
        -(f + 1.0) * f * (f - 2.0) / 2.0,
        (f + 1.0) * f * (f - 1.0) / 6.0,
    )


def _ground_position(ground: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    x = (ground - _GROUND_GRID_M[0]) / _GROUND_STEP_M
    i = np.clip(np.floor(x).astype(np.intp), 1, _GROUND_GRID_M.size - 3)
    return i, _cubic_weights(x - i)


@lru_cache(maxsize=64)
def _ground_row(ground_elevation_m: float) -> np.ndarray:
    """theta over the s grid for one terrain elevation [rad] (cubic in the elevation)."""
    _, theta, _ = _tables()
    i, w = _ground_position(np.array(ground_elevation_m))
    return frozen(sum(w[a] * theta[int(i) + a - 1] for a in range(4)))[0]


def check_altitude(altitude_m, field: str = "altitude_m") -> np.ndarray:
    """Return ``altitude_m`` as an array, or raise if any is outside -500 m .. 100 km."""
    h = np.asarray(altitude_m, dtype=float)
    bad = ~np.isfinite(h) | (h < MIN_ALTITUDE_M) | (h > MAX_ALTITUDE_M)
    if np.any(bad):
        raise OutOfRangeError(
            field, float(h[bad].flat[0]) if h.ndim else float(h), "-500 m to 100,000 m MSL"
        )
    return h


def check_ground(ground_elevation_m, field: str = "ground_elevation_m") -> np.ndarray:
    """Return ``ground_elevation_m`` as an array, or raise if outside -500 m .. 9,000 m."""
    g = np.asarray(ground_elevation_m, dtype=float)
    bad = ~np.isfinite(g) | (g < MIN_GROUND_M) | (g > MAX_GROUND_M)
    if np.any(bad):
        raise OutOfRangeError(
            field, float(g[bad].flat[0]) if g.ndim else float(g), "-500 m to 9,000 m MSL"
        )
    return g


def _scalar_or_array(value: np.ndarray):
    return float(value) if np.ndim(value) == 0 else value


def horizon_central_angle_deg(altitude_m, ground_elevation_m=0.0):
    """Angle at the Earth's centre from the observer to the visible horizon [deg].

    Equal to the apparent dip of the horizon plus the bending of the ray between the
    tangent point and the observer: the amount by which the Sun must sink, below its
    position when it sets for an observer on the ground, to set for this observer.
    Observers below the terrain are taken at its surface (0).

    Parameters
    ----------
    altitude_m
        Observer's altitude [m MSL], -500 to 100,000.
    ground_elevation_m
        Elevation of the terrain (or sea) out to the horizon [m MSL], -500 to 9,000.

    Examples
    --------
    >>> round(horizon_central_angle_deg(7620.0), 3)   # 25,000 ft over the sea
    3.048
    """
    if np.ndim(altitude_m) == 0 and np.ndim(ground_elevation_m) == 0:
        return _central_angle_at(float(altitude_m), float(ground_elevation_m))
    return _central_angle_deg(altitude_m, ground_elevation_m)


@lru_cache(maxsize=1024)
def _central_angle_at(altitude_m: float, ground_elevation_m: float) -> float:
    """:func:`horizon_central_angle_deg` of one observer, kept: a plan asks for the same
    few observers' horizons hundreds of times."""
    return float(_central_angle_deg(altitude_m, ground_elevation_m))


def _central_angle_deg(altitude_m, ground_elevation_m):
    h = check_altitude(altitude_m)
    g = check_ground(ground_elevation_m)
    h, g = np.broadcast_arrays(h, g)
    edges, theta, _ = _tables()
    s = np.sqrt(np.maximum(h - g, 0.0)) / _S_STEP
    j = np.clip(np.floor(s).astype(np.intp), 1, edges.size - 3)
    wj = _cubic_weights(s - j)
    if g.size and np.all(g == g.flat[0]):
        # One terrain elevation (the usual case): interpolate its row once.
        row = _ground_row(float(g.flat[0]))
        value = sum(wj[b] * row[j + b - 1] for b in range(4))
    else:
        i, wi = _ground_position(g)
        value = np.zeros(h.shape)
        for a in range(4):
            part = sum(wj[b] * theta[i + a - 1, j + b - 1] for b in range(4))
            value = value + wi[a] * part
    # Near the tangent point theta grows like sqrt(h - g): interpolate over s from 0.
    value = np.where(h <= g, 0.0, value)
    return _scalar_or_array(np.degrees(value))


def horizontal_refraction_us1976_deg(ground_elevation_m=0.0):
    """Refraction of a ray from space grazing terrain at ``ground_elevation_m`` [deg].

    Ray-traced through the standard atmosphere (33.0' at sea level). See
    :func:`horizontal_refraction_deg` for the value used for sunrise and sunset.
    """
    if np.ndim(ground_elevation_m) == 0:
        return _refraction_at(float(ground_elevation_m))
    return _refraction_deg(ground_elevation_m)


@lru_cache(maxsize=256)
def _refraction_at(ground_elevation_m: float) -> float:
    """:func:`horizontal_refraction_us1976_deg` of one terrain elevation, kept."""
    return float(_refraction_deg(ground_elevation_m))


def _refraction_deg(ground_elevation_m):
    g = check_ground(ground_elevation_m)
    _, _, r1 = _tables()
    i, w = _ground_position(g)
    value = sum(w[k] * r1[i + k - 1] for k in range(4))
    return _scalar_or_array(np.degrees(value))


def horizontal_refraction_deg(ground_elevation_m=0.0):
    """Horizontal refraction for the Sun on the horizon of terrain at ``g`` [deg].

    The almanacs' 34' at sea level (Explanatory Supplement 2013, sec. 15.4), scaled
    with elevation as the ray trace through the standard atmosphere scales: 28.3' at
    2,000 m. See the module notes.
    """
    scale = STANDARD_HORIZON_REFRACTION_DEG / horizontal_refraction_us1976_deg(0.0)
    return _scalar_or_array(
        scale * np.asarray(horizontal_refraction_us1976_deg(ground_elevation_m))
    )


def apparent_dip_deg(altitude_m, ground_elevation_m=0.0):
    """Apparent dip of the visible horizon below the observer's horizontal [deg].

    ``arccos(n(g) (R + g) / (n(h) (R + h)))``, exact for a spherically symmetric
    atmosphere (Bouguer's invariant). 0 for observers at or below the terrain.

    Examples
    --------
    >>> round(apparent_dip_deg(7620.0), 3)
    2.615
    """
    h = check_altitude(altitude_m)
    g = check_ground(ground_elevation_m)
    h, g = np.broadcast_arrays(h, g)
    top = np.maximum(h, g)
    ratio = (np.asarray(refractive_index(g)) * (EARTH_MEAN_RADIUS_M + g)) / (
        np.asarray(refractive_index(top)) * (EARTH_MEAN_RADIUS_M + top)
    )
    return _scalar_or_array(np.degrees(np.arccos(np.minimum(ratio, 1.0))))
