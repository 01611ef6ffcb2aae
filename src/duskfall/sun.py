"""The Sun for a place and time, the visible horizon aloft, and fast event times.

Conventions
-----------
- Times are POSIX seconds UTC (``time_utc_s``); see :mod:`duskfall.timeutil`. UT1 is
  taken equal to UTC unless ``ut1_minus_utc_s`` is given (see :mod:`duskfall.ephemeris`).
- ``elevation_deg`` is the *geometric* (airless) topocentric elevation of the Sun's
  centre above the observer's astronomical horizontal (the plane normal to the WGS84
  ellipsoid), positive up, with the annual aberration and the parallax. Refraction is
  not added to it; the horizon an observer actually sees is expressed in the same
  geometric terms by :func:`visible_horizon_elevation_deg`, so that "the Sun is on the
  visible horizon" is a comparison of two geometric angles.
- ``azimuth_deg`` is measured from true north through east, 0-360.
- Functions broadcast over arrays of times and places; a scalar in gives a float out.

Model
-----
The Sun's apparent place from the IAU models in ERFA (:mod:`duskfall.ephemeris`),
interpolated from daily nodes; the hour angle from the Earth Rotation Angle. Within 1"
of skyfield with JPL DE421, that is within 0.1 s in event times, 1950-2100.

Events
------
:func:`find_elevation_times` is the vectorised solver for scans: for arrays of dates,
sites and target elevations it returns the time, on the evening (dusk) or morning
(dawn) of each date, at which the Sun's centre passes the target elevation. Every
sunrise, sunset, twilight and light-band edge is such a target (see
:func:`duskfall.light.find_light_events` for targets measured from the visible horizon
at altitude).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from duskfall import ephemeris, refraction
from duskfall.constants import (
    STANDARD_HORIZON_REFRACTION_DEG,
    SUN_SEMIDIAMETER_DEG,
)
from duskfall.errors import InputError, OutOfRangeError, check_range
from duskfall.timeutil import FIRST_DATE, LAST_DATE

check_altitude = refraction.check_altitude
check_ground = refraction.check_ground

_EPOCH_DATE = dt.date(1970, 1, 1)
_FIRST_DAY = (FIRST_DATE - _EPOCH_DATE).days
_LAST_DAY = (LAST_DATE - _EPOCH_DATE).days


class SolarPosition(NamedTuple):
    """Topocentric position of the Sun's centre, geometric (no refraction)."""

    elevation_deg: float | np.ndarray
    """Elevation above the astronomical horizontal [deg], positive up."""
    azimuth_deg: float | np.ndarray
    """Azimuth from true north through east [deg], 0-360."""


def check_latitude(latitude_deg, field: str = "latitude_deg") -> np.ndarray:
    """Return ``latitude_deg`` as an array, or raise if any is outside [-90, 90]."""
    lat = np.asarray(latitude_deg, dtype=float)
    bad = ~np.isfinite(lat) | (np.abs(lat) > 90.0)
    if np.any(bad):
        raise OutOfRangeError(field, float(lat[bad].flat[0]), "-90 to 90 degrees")
    return lat


def check_longitude(longitude_deg, field: str = "longitude_deg") -> np.ndarray:
    """Return ``longitude_deg`` as an array, or raise if any is outside [-180, 360)."""
    lon = np.asarray(longitude_deg, dtype=float)
    bad = ~np.isfinite(lon) | (lon < -180.0) | (lon >= 360.0)
    if np.any(bad):
        raise OutOfRangeError(field, float(lon[bad].flat[0]), "-180 to 360 (exclusive) degrees")
    return lon


def _scalar_or_array(value: np.ndarray):
    return float(value) if np.ndim(value) == 0 else value


def solar_position(time_utc_s, latitude_deg, longitude_deg, ut1_minus_utc_s=0.0) -> SolarPosition:
    """Geometric topocentric elevation and azimuth of the Sun's centre.

    Parameters
    ----------
    time_utc_s
        POSIX time [s], UTC, 1900-2100.
    latitude_deg
        Geodetic latitude [deg], north positive, -90 to 90.
    longitude_deg
        Longitude [deg], east positive, -180 to 360.
    ut1_minus_utc_s
        UT1 - UTC [s] (IERS Bulletin A); 0 by default, which errs by at most 0.9 s.

    Returns
    -------
    SolarPosition
        ``elevation_deg`` (geometric, aberration and parallax included, no refraction)
        and ``azimuth_deg`` (from true north through east). Arrays broadcast.

    Raises
    ------
    OutOfRangeError
        For a time, latitude or longitude outside its range.

    Notes
    -----
    Diurnal aberration (up to 0.32") and polar motion (under 0.5") are left out.
    Speed: about 5-10 million positions per second for large arrays
    (benchmarks/bench_sun.py).

    Examples
    --------
    >>> import datetime as dt
    >>> from duskfall.timeutil import utc_seconds
    >>> t = utc_seconds(dt.datetime(2018, 3, 10, 8, 10, tzinfo=dt.UTC))
    >>> round(solar_position(t, 24.4, 54.6).elevation_deg, 3)
    61.026
    """
    ut1 = ephemeris.check_time(time_utc_s) + np.asarray(ut1_minus_utc_s, dtype=float)
    phi = np.radians(check_latitude(latitude_deg))
    lam = np.radians(check_longitude(longitude_deg))
    sun = ephemeris.sun_coordinates(ut1)
    hour_angle = ephemeris.earth_rotation_angle_rad(ut1) + lam - sun.right_ascension_rad
    sin_dec, cos_dec = np.sin(sun.declination_rad), np.cos(sun.declination_rad)
    sin_phi, cos_phi = np.sin(phi), np.cos(phi)
    cos_h = np.cos(hour_angle)
    elevation = np.arcsin(np.clip(sin_phi * sin_dec + cos_phi * cos_dec * cos_h, -1.0, 1.0))
    parallax = ephemeris.EARTH_EQUATORIAL_RADIUS_M / (
        sun.distance_au * ephemeris.ASTRONOMICAL_UNIT_M
    )
    elevation = elevation - parallax * np.cos(elevation)
    azimuth = np.arctan2(
        -cos_dec * np.sin(hour_angle), sin_dec * cos_phi - cos_dec * cos_h * sin_phi
    )
    return SolarPosition(
        _scalar_or_array(np.degrees(elevation)),
        _scalar_or_array(np.mod(np.degrees(azimuth), 360.0)),
    )


RATE_STEP_S = 0.5
"""Half-width of the central difference of :func:`elevation_rate_deg_s` [s]: the Sun's
elevation is smooth on that scale, so the difference errs by under 1e-9 of the rate."""


def elevation_rate_deg_s(time_utc_s, latitude_deg, longitude_deg):
    """Rate of change of the Sun's geometric elevation [deg/s] at a place and time.

    A central difference over ``2 RATE_STEP_S`` of :func:`solar_position`: the one
    Sun-rate of the library (the weather's spread of event times, the refinement of
    window edges, the envelope of an action). NaN where the time is NaN.

    Examples
    --------
    >>> round(elevation_rate_deg_s(1520692095.0, 24.4, 54.6) * 60, 3)  # deg/min, sunset
    -0.227
    """
    t, lat, lon = np.broadcast_arrays(
        np.asarray(time_utc_s, dtype=float), latitude_deg, longitude_deg
    )
    valid = np.isfinite(t)
    safe = np.where(valid, t, 0.0)
    # Both ends in one call (most of a call's time is its own, not its points')
    steps = np.array([RATE_STEP_S, -RATE_STEP_S]).reshape((2,) + (1,) * t.ndim)
    ends = solar_position(safe + steps, lat, lon).elevation_deg
    rate = np.where(valid, (ends[0] - ends[1]) / (2 * RATE_STEP_S), np.nan)
    return _scalar_or_array(rate)


# --- The visible horizon ----------------------------------------------------------------


def horizon_dip_deg(altitude_m, ground_elevation_m=0.0):
    """Apparent dip of the visible horizon below the observer's horizontal [deg].

    Ray-traced through the standard atmosphere (:func:`duskfall.refraction.apparent_dip_deg`):
    1.755' sqrt(h / m) near the ground, as in Bowditch's table; 2.615 deg at 25,000 ft.
    """
    return refraction.apparent_dip_deg(altitude_m, ground_elevation_m)


def visible_horizon_elevation_deg(altitude_m, ground_elevation_m=0.0):
    """Geometric elevation [deg] of a distant object seen on the observer's visible horizon.

    ``-(theta(h, g) + R1(g))``: the angle at the Earth's centre between the observer and
    the tangent point of the grazing ray (apparent dip plus the bending of the ray below
    the observer, :func:`duskfall.refraction.horizon_central_angle_deg`), plus the
    horizontal refraction of the light from space down to the tangent point (34' at
    sea level, :func:`duskfall.refraction.horizontal_refraction_deg`).

    Parameters
    ----------
    altitude_m
        Observer's altitude [m MSL], -500 to 100,000; taken at the terrain if below it.
    ground_elevation_m
        Elevation of the terrain (or sea) out to the horizon [m MSL], -500 to 9,000.

    Returns
    -------
    float or ndarray
        Geometric elevation of the visible horizon [deg], negative: -0.567 at sea level,
        -3.614 at 25,000 ft over the sea.

    Examples
    --------
    >>> round(visible_horizon_elevation_deg(0.0), 4)
    -0.5667
    >>> round(visible_horizon_elevation_deg(7620.0), 3)
    -3.614
    """
    theta = np.asarray(refraction.horizon_central_angle_deg(altitude_m, ground_elevation_m))
    r1 = np.asarray(refraction.horizontal_refraction_deg(ground_elevation_m))
    return _scalar_or_array(-(theta + r1))


def horizon_depression_deg(altitude_m, ground_elevation_m=0.0):
    """How much lower the visible horizon is than a sea-level observer's [deg].

    ``-visible_horizon_elevation_deg(h, g) - 34'``: 0 at sea level, 3.047 deg at
    25,000 ft over the sea, -0.095 deg on terrain at 2,000 m (less air, less
    refraction). Light bands (:mod:`duskfall.light`) are measured from the visible
    horizon by adding this to the Sun's geometric elevation, so that at sea level they
    keep their almanac definitions.
    """
    elevation = np.asarray(visible_horizon_elevation_deg(altitude_m, ground_elevation_m))
    return _scalar_or_array(-elevation - STANDARD_HORIZON_REFRACTION_DEG)


def sunset_elevation_deg(altitude_m=0.0, ground_elevation_m=0.0):
    """Geometric elevation of the Sun's centre at sunrise or sunset for an observer [deg].

    The upper limb on the visible horizon: ``visible_horizon_elevation_deg - 16'``;
    -0.8333 deg at sea level (USNO), -3.881 deg at 25,000 ft.
    """
    horizon = np.asarray(visible_horizon_elevation_deg(altitude_m, ground_elevation_m))
    return _scalar_or_array(horizon - SUN_SEMIDIAMETER_DEG)


# --- Event times, vectorised ---------------------------------------------------------------

EVENT = 0
"""Status: the event happens that half day."""
ALWAYS_ABOVE = 1
"""Status: the Sun stays above the target elevation the whole half day (polar day)."""
ALWAYS_BELOW = -1
"""Status: the Sun stays below the target elevation the whole half day (polar night)."""


@dataclass(frozen=True)
class ElevationEvents:
    """Times at which the Sun's centre passes target elevations, one per date and site.

    ``time_utc_s`` is NaN (None for a scalar) where the event does not happen, and
    ``status`` says why: :data:`EVENT`, :data:`ALWAYS_ABOVE` or :data:`ALWAYS_BELOW`.
    """

    time_utc_s: np.ndarray | float | None
    """Time of the event [POSIX s, UTC]."""
    status: np.ndarray | int
    """0 event, +1 the Sun stays above the target, -1 it stays below."""


def days_since_epoch(date) -> np.ndarray:
    """Dates as integer days since 1970-01-01, checked against 1950-01-01..2100-12-31.

    Accepts a :class:`datetime.date`, a sequence of them, or a ``numpy.datetime64`` array.
    """
    allowed = f"dates from {FIRST_DATE} to {LAST_DATE}"
    if isinstance(date, dt.datetime):
        raise OutOfRangeError("date", date, allowed, "is a datetime, not a date")
    if isinstance(date, dt.date):
        days = np.asarray((date - _EPOCH_DATE).days, dtype=np.int64)
    else:
        array = np.asarray(
            list(date) if isinstance(date, Iterable) and not isinstance(date, np.ndarray) else date
        )
        if array.dtype == object:
            if any(isinstance(d, dt.datetime) for d in array.flat):
                raise OutOfRangeError("date", date, allowed, "holds datetimes, not dates")
            array = array.astype("datetime64[D]")
        if not np.issubdtype(array.dtype, np.datetime64):
            raise InputError("date", date, allowed + " (datetime.date or numpy.datetime64)")
        days = array.astype("datetime64[D]").astype(np.int64)
    bad = (days < _FIRST_DAY) | (days > _LAST_DAY)
    if np.any(bad):
        first_bad = _EPOCH_DATE + dt.timedelta(
            days=int(days[bad].flat[0]) if days.ndim else int(days)
        )
        raise OutOfRangeError("date", str(first_bad), allowed)
    return days


def _solve_block(day, sin_phi, cos_phi, lam, sin_target, sign, coefficients, dut1):
    """Event times on one block of the broadcast arrays (see find_elevation_times)."""
    h0, h1, h2, h3 = coefficients.hour_angle
    s0, s1, s2, s3 = coefficients.sin_dec
    c0, c1, c2, c3 = coefficients.cos_dec

    def hour_angle(x):
        return h0 + lam + x * (h1 + x * (h2 + x * h3))

    # Mean local noon of the date, as a fraction of its UT1 day: 0 to 1.
    noon = 0.5 - lam / (2.0 * np.pi)
    hour_angle_noon = np.mod(hour_angle(noon) + np.pi, 2.0 * np.pi) - np.pi
    rate = h1 + noon * (2.0 * h2 + 3.0 * h3 * noon)

    # Pass 1: declination at noon, fixed.
    sin_dec = s0 + noon * (s1 + noon * (s2 + noon * s3))
    cos_dec = c0 + noon * (c1 + noon * (c2 + noon * c3))
    cos_target = (sin_target - sin_phi * sin_dec) / (cos_phi * cos_dec)
    target = sign * np.arccos(np.clip(cos_target, -1.0, 1.0))
    x = noon + (target - hour_angle_noon) / rate

    # Pass 2: a Newton step on H(x) - H_target(x), with the declination moving.
    sin_dec = s0 + x * (s1 + x * (s2 + x * s3))
    cos_dec = c0 + x * (c1 + x * (c2 + x * c3))
    cos_target = (sin_target - sin_phi * sin_dec) / (cos_phi * cos_dec)
    clipped = np.clip(cos_target, -1.0, 1.0)
    target = sign * np.arccos(clipped)
    sin_h = sign * np.sqrt(1.0 - clipped * clipped)
    hour = hour_angle_noon + (hour_angle(x) - hour_angle(noon))
    dec_rate = (s1 + x * (2.0 * s2 + 3.0 * s3 * x)) / cos_dec
    d_cos_target = (sin_target * sin_dec - sin_phi) / (cos_phi * cos_dec * cos_dec)
    # dH_target/dx; bounded near the grazing case, where sin(H) -> 0.
    target_rate = (
        -d_cos_target
        * dec_rate
        / np.where(np.abs(sin_h) > 1e-3, sin_h, np.copysign(1e-3, sign * np.ones_like(sin_h)))
    )
    hour_rate = h1 + x * (2.0 * h2 + 3.0 * h3 * x)
    x = x - (hour - target) / (hour_rate - target_rate)

    time = (day + x) * ephemeris.SECONDS_PER_DAY - dut1
    status = np.where(
        cos_target > 1.0, ALWAYS_BELOW, np.where(cos_target < -1.0, ALWAYS_ABOVE, EVENT)
    )
    return np.where(status == EVENT, time, np.nan), status.astype(np.int8)


_BLOCK_ELEMENTS = 1 << 15


def find_elevation_times(
    date,
    latitude_deg,
    longitude_deg,
    elevation_deg,
    at: str = "dusk",
    ut1_minus_utc_s=0.0,
    workers: int | None = None,
) -> ElevationEvents:
    """When the Sun's centre passes a geometric elevation, on the evening or morning of dates.

    The vectorised event solver for scans: every argument broadcasts against the others
    (numpy rules), so ``date`` of shape (D,), sites of shape (S, 1) and targets of shape
    (S, 1, E) give results of shape (S, D, E).

    Parameters
    ----------
    date
        Local calendar date(s): :class:`datetime.date`, a sequence of them or a
        ``numpy.datetime64`` array; 1950-01-01 to 2100-12-31.
    latitude_deg, longitude_deg
        Site(s) [deg]; latitude -90 to 90, longitude -180 to 360 (east positive).
    elevation_deg
        Target geometric (airless, topocentric) elevation of the Sun's centre [deg]:
        -0.8333 for the almanac's sunset, -6 for civil dusk; for an observer aloft use
        :func:`sunset_elevation_deg` or :func:`duskfall.light.find_light_events`.
    at
        ``"dusk"``: the Sun going down, between the apparent noon nearest the mean local
        noon of the date and the following midnight; ``"dawn"``: the Sun coming up,
        between the midnight before that noon and the noon.
    ut1_minus_utc_s
        UT1 - UTC [s]; 0 by default (errs by at most 0.9 s).
    workers
        Threads to use (the arithmetic releases the GIL); default: the number of CPUs.

    Returns
    -------
    ElevationEvents
        Times [POSIX s] (NaN where there is no event) and a status per element.

    Notes
    -----
    The method: the Sun's right ascension and declination are cubic polynomials of time
    about 0 h UT1 of each date (:func:`duskfall.ephemeris.daily_expansion`), so the hour
    angle ``H(t)`` is a polynomial too. For a fixed declination the event's hour angle
    is ``H* = +-arccos((sin e - sin phi sin dec) / (cos phi cos dec))`` (+ at dusk, - at
    dawn). Pass 1 takes the declination at mean noon; pass 2 is one Newton step on
    ``H(t) - H*(t)`` with the declination at the pass-1 time and its rate of change.
    The result is within 0.01 s of the root of the full position model at latitudes up
    to 65 deg (tests/test_sun_events.py); at higher latitudes within minutes of the
    polar day or night the root is poorly conditioned (the Sun grazes the target) and
    the error grows, to about a second.

    ``status`` comes from the second pass: +1 if the Sun stays above the target that
    half day (e.g. the midnight sun), -1 if it stays below (e.g. no civil dusk in a
    northern summer night at 60 N).

    Cost: about 0.1 microsecond per event with two threads, e.g. a year of six dusk
    events for 10,000 sites in about a second (benchmarks/bench_sun.py).

    Examples
    --------
    >>> import datetime as dt
    >>> from duskfall.timeutil import iso_utc
    >>> events = find_elevation_times(dt.date(2018, 3, 10), 24.4, 54.6, -0.8333)
    >>> iso_utc(events.time_utc_s)
    '2018-03-10T14:28:16Z'
    """
    if at not in ("dusk", "dawn"):
        raise InputError("at", at, "dusk or dawn")
    sign = 1.0 if at == "dusk" else -1.0
    day = days_since_epoch(date)
    lat = check_latitude(latitude_deg)
    lon = check_longitude(longitude_deg)
    target = np.asarray(elevation_deg, dtype=float)
    bad = ~np.isfinite(target) | (np.abs(target) > 90.0)
    if np.any(bad):
        raise OutOfRangeError("elevation_deg", float(target[bad].flat[0]), "-90 to 90 degrees")
    # IERS keeps |UT1 - UTC| under 0.9 s by its leap seconds
    dut1 = np.asarray(check_range("ut1_minus_utc_s", ut1_minus_utc_s, -0.9, 0.9, unit="s"))
    shape = np.broadcast_shapes(day.shape, lat.shape, lon.shape, target.shape, dut1.shape)

    # The UT1 day on which the mean local noon falls is the date itself, once the
    # longitude is brought into [-180, 180).
    lam = np.radians(np.mod(lon + 180.0, 360.0) - 180.0)
    phi = np.radians(lat)
    coefficients = ephemeris.daily_expansion(day)
    # Topocentric target -> geocentric: the parallax lowers the Sun by p cos(e).
    e = np.radians(target)
    sin_target = np.sin(e + coefficients.parallax_rad * np.cos(e))
    args = [
        np.broadcast_to(day.astype(float), day.shape),
        np.sin(phi),
        np.cos(phi),
        lam,
        sin_target,
    ]
    expansion = [coefficients.hour_angle, coefficients.sin_dec, coefficients.cos_dec]

    if len(shape) == 0:
        time, status = _solve_block(*args, sign, coefficients, dut1)
        time = float(time)
        return ElevationEvents(None if np.isnan(time) else time, int(status))

    ndim = len(shape)

    def padded(a):
        a = np.asarray(a)
        return a.reshape((1,) * (ndim - a.ndim) + a.shape)

    args = [padded(a) for a in args]
    expansion = [tuple(padded(c) for c in group) for group in expansion]
    dut1_p = padded(dut1)
    rows = shape[0]
    per_row = int(np.prod(shape[1:], dtype=np.int64)) or 1
    step = max(1, _BLOCK_ELEMENTS // per_row)
    times = np.empty(shape)
    statuses = np.empty(shape, dtype=np.int8)

    def take(a, sl):
        return a[sl] if a.shape[0] == rows and rows > 1 else a

    def run(start):
        sl = slice(start, min(start + step, rows))
        block = ephemeris.DailyExpansion(
            *(tuple(take(c, sl) for c in group) for group in expansion),
            parallax_rad=coefficients.parallax_rad,
        )
        t, s = _solve_block(*(take(a, sl) for a in args), sign, block, take(dut1_p, sl))
        times[sl] = t
        statuses[sl] = s

    starts = range(0, rows, step)
    threads = workers or os.cpu_count() or 1
    if threads > 1 and len(starts) > 1:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(run, starts))
    else:
        for start in starts:
            run(start)
    return ElevationEvents(times, statuses)
