"""Where the Sun is on the sky: its apparent geocentric place, fast, from 1900 to 2100.

The model is the IAU's, through ERFA (the open copy of the IAU SOFA library, via
``pyerfa``):

- the Earth's heliocentric and barycentric position and velocity from ``epv00``
  (a fit to JPL DE405, within 4.6 km of it heliocentrically over 1900-2100);
- the Sun's geocentric direction with the annual aberration (``ab``, Explanatory
  Supplement 2013, eq. 7.40); the light-time (the Sun moves 6 km about the barycentre in
  the 8.3 minutes, 0.008") and the gravitational deflection (zero for the Sun itself)
  are left out;
- the IAU 2000B precession-nutation (``c2i00b``, within 1 mas of IAU 2000A) to the
  Celestial Intermediate System, whose right ascension is counted from the CIO, so that
  the hour angle is the Earth Rotation Angle plus the longitude minus that right
  ascension (IERS Conventions 2010, ch. 5). Polar motion (under 0.5") is left out.

Against skyfield with JPL DE421 the topocentric elevation agrees within 1" (mostly the
0.3" of the diurnal aberration, also left out here): under 0.1 s in sunrise and sunset
times (tests/test_sun_oracle.py).

Speed: one ERFA evaluation costs about 30 microseconds, too slow for scans of millions
of positions. So the coordinates are computed once per day (0 h UT1) and cached in
blocks of :data:`BLOCK_DAYS` days; in between they come from four-point Lagrange
interpolation, which errs by less than 1e-6 degrees (the fastest terms, the 13.7-day
nutation and the Earth's monthly wobble about the Earth-Moon barycentre, are 0.2" and
6" in size). Few scattered times are computed directly instead.

Time scales
-----------
Inside duskfall times are POSIX seconds UTC. The Earth's rotation needs UT1, which
differs from UTC by less than 0.9 s since 1972 (the IERS keeps it so with leap
seconds) and by about 0.1 s before (UTC was then steered to UT2). Unless told the
difference (``ut1_minus_utc_s``, published weekly in IERS Bulletin A), duskfall takes
UT1 = UTC: events move by that difference, at most 0.9 s. Terrestrial Time for the
ephemeris is UT1 + Delta T from the polynomials of Espenak and Meeus (2006); an error of
a minute in Delta T moves the Sun by 2.5" along the ecliptic, about 0.15 s in sunset.

References
----------
IAU SOFA Board (2021). IAU SOFA Software Collection, issue 2021-05-12. ERFA 2.0.
Petit, G. and Luzum, B. (eds.) (2010). IERS Conventions (2010). IERS Technical Note 36.
Urban, S. E. and Seidelmann, P. K. (eds.) (2013). Explanatory Supplement to the
Astronomical Almanac, 3rd ed. University Science Books.
Espenak, F. and Meeus, J. (2006). Five Millennium Canon of Solar Eclipses: -1999 to
+3000. NASA/TP-2006-214141, section 2.6 (polynomial expressions for Delta T).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache

import erfa
import numpy as np

from duskfall.arrays import frozen
from duskfall.errors import OutOfRangeError

SECONDS_PER_DAY = 86_400.0
UNIX_EPOCH_JD = 2_440_587.5
"""Julian date of 1970-01-01T00:00 [d]."""
J2000_JD = 2_451_545.0
"""Julian date of the epoch J2000.0, 2000-01-01T12:00 TT [d]."""

ASTRONOMICAL_UNIT_M = 149_597_870_700.0
"""The astronomical unit [m], exact by IAU 2012 Resolution B2."""
SPEED_OF_LIGHT_AU_PER_DAY = 299_792_458.0 * SECONDS_PER_DAY / ASTRONOMICAL_UNIT_M
"""The speed of light [au/d] (c = 299,792,458 m/s exactly, SI)."""
EARTH_EQUATORIAL_RADIUS_M = 6_378_137.0
"""Equatorial radius of the WGS84 ellipsoid [m], for the Sun's parallax (NIMA TR8350.2)."""

ERA_AT_J2000_TURNS = 0.7790572732640
"""Earth Rotation Angle at J2000.0 UT1 [turns] (IAU 2000 Resolution B1.8)."""
ERA_RATE_TURNS_PER_DAY = 1.00273781191135448
"""Rate of the Earth Rotation Angle [turns per UT1 day] (IAU 2000 Resolution B1.8)."""

FIRST_TIME_UTC_S = -2_208_988_800.0
"""1900-01-01T00:00Z [POSIX s]: the start of the span of ERFA's ``epv00``."""
LAST_TIME_UTC_S = 4_133_980_800.0 + 2 * SECONDS_PER_DAY
"""2101-01-03T00:00Z [POSIX s]: the end of the span of ``epv00`` (2100) with two days
for evening events of 31 December 2100 west of Greenwich."""

BLOCK_DAYS = 512
"""Days per cached block of daily coordinates (with 3 days of padding on each side)."""
_PAD = 3
DIRECT_BELOW = 256
"""Times falling in a block not yet cached are computed directly when there are fewer
than this many of them (a block costs ~518 direct evaluations)."""


@dataclass(frozen=True)
class SunCoordinates:
    """The Sun's apparent geocentric place, in the Celestial Intermediate System."""

    right_ascension_rad: np.ndarray
    """Right ascension from the CIO [rad]; unwrapped (continuous) within a block."""
    declination_rad: np.ndarray
    """Declination [rad]."""
    distance_au: np.ndarray
    """Geocentric distance [au]."""


def delta_t_s(year):
    """Delta T = TT - UT1 [s] for a decimal year, 1941-2150.

    The polynomials of Espenak and Meeus (2006, NASA/TP-2006-214141, section 2.6) for
    1941-1961, 1961-1986, 1986-2005, 2005-2050 and 2050-2150 (the last two are
    extrapolations: in 2025 the 2005-2050 one is 5 s above the observed 69 s). Errors of
    a minute would move sunsets by 0.15 s; see the module notes.
    """
    y = np.asarray(year, dtype=float)
    t = y - 2000.0
    u1 = y - 1950.0
    u2 = y - 1975.0
    value = np.select(
        [y < 1961.0, y < 1986.0, y < 2005.0, y < 2050.0],
        [
            29.07 + 0.407 * u1 - u1**2 / 233.0 + u1**3 / 2547.0,
            45.45 + 1.067 * u2 - u2**2 / 260.0 - u2**3 / 718.0,
            63.86
            + 0.3345 * t
            - 0.060374 * t**2
            + 0.0017275 * t**3
            + 0.000651814 * t**4
            + 0.00002373599 * t**5,
            62.92 + 0.32217 * t + 0.005589 * t**2,
        ],
        -20.0 + 32.0 * ((y - 1820.0) / 100.0) ** 2 - 0.5628 * (2150.0 - y),
    )
    return float(value) if value.ndim == 0 else value


def check_time(time_utc_s, field: str = "time_utc_s") -> np.ndarray:
    """Return ``time_utc_s`` as an array, or raise if any is outside 1900-2100."""
    t = np.asarray(time_utc_s, dtype=float)
    bad = ~np.isfinite(t) | (t < FIRST_TIME_UTC_S) | (t > LAST_TIME_UTC_S)
    if np.any(bad):
        raise OutOfRangeError(
            field,
            float(t[bad].flat[0]) if t.ndim else float(t),
            "POSIX seconds from 1900-01-01 to 2101-01-02 (the span of the solar ephemeris)",
        )
    return t


def earth_rotation_angle_rad(ut1_s):
    """Earth Rotation Angle [rad, 0 to 2 pi] at POSIX-like seconds of UT1 ``ut1_s``.

    ``2 pi (0.7790572732640 + 1.00273781191135448 Tu)``, Tu the UT1 days from J2000.0
    (IAU 2000 Resolution B1.8; ERFA ``era00``). The whole days of Tu only add whole
    turns, so they are left out of the first term for precision.
    """
    days = np.asarray(ut1_s, dtype=float) / SECONDS_PER_DAY
    whole = np.floor(days)
    tu = days + (UNIX_EPOCH_JD - J2000_JD)  # whole days + 0.5 + the day fraction
    turns = (days - whole) + 0.5 + ERA_AT_J2000_TURNS + (ERA_RATE_TURNS_PER_DAY - 1.0) * tu
    return 2.0 * np.pi * np.mod(turns, 1.0)


def sun_coordinates_direct(ut1_s) -> SunCoordinates:
    """The Sun's apparent geocentric coordinates, computed with ERFA at each time.

    Parameters
    ----------
    ut1_s
        Seconds of UT1 since 1970-01-01 (POSIX seconds when UT1 = UTC) [s].
    """
    ut1 = np.asarray(ut1_s, dtype=float)
    days = ut1 / SECONDS_PER_DAY
    year = 1970.0 + days / 365.2425
    tt_days = days + np.asarray(delta_t_s(year)) / SECONDS_PER_DAY
    whole = np.floor(tt_days)
    jd1 = whole + UNIX_EPOCH_JD
    jd2 = tt_days - whole
    with warnings.catch_warnings():
        # epv00 warns beyond 1900-2100; only the padding days of the last block are.
        warnings.simplefilter("ignore", erfa.ErfaWarning)
        heliocentric, barycentric = erfa.epv00(jd1, jd2)
    position = -heliocentric["p"]
    distance = np.sqrt(np.sum(position * position, axis=-1))
    velocity = barycentric["v"] / SPEED_OF_LIGHT_AU_PER_DAY
    reciprocal_lorentz = np.sqrt(1.0 - np.sum(velocity * velocity, axis=-1))
    proper = erfa.ab(position / distance[..., None], velocity, distance, reciprocal_lorentz)
    to_cirs = erfa.c2i00b(jd1, jd2)
    x, y, z = np.moveaxis(np.einsum("...ij,...j->...i", to_cirs, proper), -1, 0)
    return SunCoordinates(np.arctan2(y, x), np.arcsin(np.clip(z, -1.0, 1.0)), distance)


_BLOCKS: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
_MAX_BLOCKS = 512  # 700 years of daily nodes, 13 MB


def _block(index: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Daily nodes of block ``index``: days index*BLOCK_DAYS - 3 .. +BLOCK_DAYS + 3."""
    cached = _BLOCKS.get(index)
    if cached is not None:
        return cached
    first = index * BLOCK_DAYS - _PAD
    days = np.arange(first, first + BLOCK_DAYS + 2 * _PAD + 1, dtype=float)
    coordinates = sun_coordinates_direct(days * SECONDS_PER_DAY)
    ra = np.unwrap(coordinates.right_ascension_rad)
    result = frozen(ra, coordinates.declination_rad, coordinates.distance_au)
    if len(_BLOCKS) >= _MAX_BLOCKS:
        _BLOCKS.pop(next(iter(_BLOCKS)))
    _BLOCKS[index] = result
    return result


def daily_nodes(first_day: int, last_day: int) -> tuple[np.ndarray, ...]:
    """Coordinates at 0 h UT1 of days ``first_day - 3 .. last_day + 3`` (POSIX day numbers).

    Returns ``(days, right_ascension_rad, declination_rad, distance_au)``, read-only;
    the right ascension is continuous (unwrapped) over the whole span. The last spans
    asked for are kept: a plan asks for the same day's a few hundred times.
    """
    return _daily_nodes(int(first_day), int(last_day))


@lru_cache(maxsize=256)
def _daily_nodes(first_day: int, last_day: int) -> tuple[np.ndarray, ...]:
    first_block = (first_day - _PAD) // BLOCK_DAYS
    last_block = (last_day + _PAD) // BLOCK_DAYS
    days, ra, dec, dist = [], [], [], []
    for index in range(first_block, last_block + 1):
        block_ra, block_dec, block_dist = _block(index)
        block_days = np.arange(block_ra.size) + index * BLOCK_DAYS - _PAD
        keep = slice(_PAD, _PAD + BLOCK_DAYS)
        if index == first_block:
            keep = slice(0, _PAD + BLOCK_DAYS)
        if index == last_block:
            keep = slice(keep.start, block_ra.size)
        days.append(block_days[keep])
        ra.append(block_ra[keep])
        dec.append(block_dec[keep])
        dist.append(block_dist[keep])
    days_all = np.concatenate(days)
    select = (days_all >= first_day - _PAD) & (days_all <= last_day + _PAD)
    ra_all = np.unwrap(np.concatenate(ra))
    return frozen(
        days_all[select],
        ra_all[select],
        np.concatenate(dec)[select],
        np.concatenate(dist)[select],
    )


def _lagrange_weights(fraction: np.ndarray) -> tuple[np.ndarray, ...]:
    """Weights of nodes -1, 0, 1, 2 for cubic interpolation at ``fraction`` in [0, 1)."""
    f = fraction
    return (
        -f * (f - 1.0) * (f - 2.0) / 6.0,
        (f + 1.0) * (f - 1.0) * (f - 2.0) / 2.0,
        -(f + 1.0) * f * (f - 2.0) / 2.0,
        (f + 1.0) * f * (f - 1.0) / 6.0,
    )


def _interpolate(ut1: np.ndarray) -> SunCoordinates:
    days = ut1 / SECONDS_PER_DAY
    whole = np.floor(days)
    first, last = int(whole.min()), int(whole.max())
    node_days, ra, dec, dist = daily_nodes(first, last + 1)
    index = (whole - node_days[0]).astype(np.intp)
    weights = _lagrange_weights(days - whole)
    out = []
    for table in (ra, dec, dist):
        value = weights[0] * table[index - 1]
        for k in (1, 2, 3):
            value = value + weights[k] * table[index + k - 1]
        out.append(value)
    return SunCoordinates(*out)


def sun_coordinates(ut1_s) -> SunCoordinates:
    """The Sun's apparent geocentric coordinates at seconds of UT1 ``ut1_s`` [s].

    Interpolated in the cached daily tables (error below 1e-6 deg), or computed directly
    for a few times scattered over blocks that are not cached yet. Same shape as the
    input. The right ascension may differ from the direct one by whole turns.
    """
    ut1 = np.asarray(ut1_s, dtype=float)
    if ut1.size == 0:
        empty = np.zeros(ut1.shape)
        return SunCoordinates(empty, empty.copy(), empty.copy())
    flat = ut1.reshape(-1)
    blocks = np.floor(flat / SECONDS_PER_DAY).astype(np.int64) // BLOCK_DAYS
    unique, counts = np.unique(blocks, return_counts=True)
    cached = {key for key in unique.tolist() if key in _BLOCKS}
    direct_blocks = [
        b
        for b, c in zip(unique.tolist(), counts.tolist(), strict=True)
        if c < DIRECT_BELOW and b not in cached
    ]
    if not direct_blocks:
        result = _interpolate(flat)
    elif len(direct_blocks) == unique.size:
        result = sun_coordinates_direct(flat)
    else:
        direct = np.isin(blocks, direct_blocks)
        a = sun_coordinates_direct(flat[direct])
        b = _interpolate(flat[~direct])
        parts = []
        for x, y in zip(
            (a.right_ascension_rad, a.declination_rad, a.distance_au),
            (b.right_ascension_rad, b.declination_rad, b.distance_au),
            strict=True,
        ):
            merged = np.empty(flat.shape)
            merged[direct] = x
            merged[~direct] = y
            parts.append(merged)
        result = SunCoordinates(*parts)
    return SunCoordinates(
        result.right_ascension_rad.reshape(ut1.shape),
        result.declination_rad.reshape(ut1.shape),
        result.distance_au.reshape(ut1.shape),
    )


@dataclass(frozen=True)
class DailyExpansion:
    """Taylor coefficients of the Sun's coordinates about 0 h UT1 of each day.

    With ``x`` the time since that instant in days (-1 to 2), ``hour_angle_base(x) =
    h0 + h1 x + h2 x^2 + h3 x^3`` is the Earth Rotation Angle minus the right ascension
    [rad] (add the longitude for the hour angle), and ``sin_dec(x)`` and ``cos_dec(x)``
    the sine and cosine of the declination, each a cubic in ``x``. The truncation
    error is below 1e-6 deg over that span (derivatives from five-point differences
    of the daily nodes). The parallax term is per day.
    """

    hour_angle: tuple[np.ndarray, ...]
    sin_dec: tuple[np.ndarray, ...]
    cos_dec: tuple[np.ndarray, ...]
    parallax_rad: np.ndarray
    """Horizontal parallax of the Sun, equatorial radius over distance [rad]."""


def _derivatives(table: np.ndarray, i: np.ndarray) -> tuple[np.ndarray, ...]:
    """Value and first three derivatives [per day] at node ``i`` (five-point stencils)."""
    m2, m1, p0, p1, p2 = (table[i + k] for k in (-2, -1, 0, 1, 2))
    d1 = (m2 - 8.0 * m1 + 8.0 * p1 - p2) / 12.0
    d2 = (-m2 + 16.0 * m1 - 30.0 * p0 + 16.0 * p1 - p2) / 12.0
    d3 = (-m2 + 2.0 * m1 - 2.0 * p1 + p2) / 2.0
    return p0, d1, d2 / 2.0, d3 / 6.0


def daily_expansion(day) -> DailyExpansion:
    """Taylor coefficients (see :class:`DailyExpansion`) for POSIX day numbers ``day``.

    ``day`` is an integer array (days since 1970-01-01 of UT1); the coefficients have
    its shape.
    """
    day = np.asarray(day, dtype=np.int64)
    first, last = int(day.min()), int(day.max())
    node_days, ra, dec, dist = daily_nodes(first, last)
    index = (day - int(node_days[0])).astype(np.intp)
    sin_table, cos_table = np.sin(dec), np.cos(dec)
    a0, a1, a2, a3 = _derivatives(ra, index)
    era0 = earth_rotation_angle_rad(day * SECONDS_PER_DAY)
    rate = 2.0 * np.pi * ERA_RATE_TURNS_PER_DAY
    hour_angle = (np.mod(era0 - a0, 2.0 * np.pi), rate - a1, -a2, -a3)
    parallax = EARTH_EQUATORIAL_RADIUS_M / (dist[index] * ASTRONOMICAL_UNIT_M)
    return DailyExpansion(
        hour_angle,
        _derivatives(sin_table, index),
        _derivatives(cos_table, index),
        parallax,
    )
