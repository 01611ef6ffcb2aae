"""The Sun's position for a place and time, and the visible horizon of an observer aloft.

Conventions
-----------
- Times are POSIX seconds UTC (``time_utc_s``); see :mod:`duskfall.timeutil`.
- ``elevation_deg`` is the *geometric* (airless) topocentric elevation of the Sun's
  centre above the observer's astronomical horizontal, positive up. Refraction is not
  added to it; instead the horizon an observer actually sees is expressed in the same
  geometric terms by :func:`visible_horizon_elevation_deg`, so that "the Sun is on the
  visible horizon" is a comparison of two geometric angles.
- ``azimuth_deg`` is measured from true north through east, 0-360.
- Functions broadcast over arrays of times and places; a scalar in gives a float out.

Model
-----
Solar coordinates from the low-precision formulas of Meeus (1998, ch. 25, accurate to
0.01 deg over 1950-2050) with the nutation in longitude and the aberration, Greenwich
sidereal time from Meeus eq. 12.4, and the Sun's horizontal parallax (8.794"). An error
of 0.01 deg in elevation moves a sunset by about 3 s at the equator.

References
----------
Meeus, J. (1998). Astronomical Algorithms, 2nd ed. Willmann-Bell. Chapters 12, 13, 25.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from duskfall import atmosphere
from duskfall.constants import (
    EARTH_MEAN_RADIUS_M,
    STANDARD_HORIZON_REFRACTION_DEG,
)
from duskfall.errors import OutOfRangeError

_J2000_JD = 2_451_545.0
_UNIX_EPOCH_JD = 2_440_587.5
_SUN_HORIZONTAL_PARALLAX_DEG = 8.794 / 3600.0  # Meeus (1998) ch. 40, at 1 au

TERRESTRIAL_REFRACTION_COEFFICIENT = 0.13
"""Coefficient k of terrestrial refraction: ratio of the Earth's radius to the radius of
curvature of a near-horizontal ray. 0.13 is the classic geodetic value for the standard
atmosphere (Gauss; Bomford, Geodesy, 4th ed., 1980, sec. 3.15)."""


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


def solar_position(time_utc_s, latitude_deg, longitude_deg) -> SolarPosition:
    """Geometric topocentric elevation and azimuth of the Sun's centre.

    Parameters
    ----------
    time_utc_s
        POSIX time [s], UTC.
    latitude_deg
        Geodetic latitude [deg], north positive, -90 to 90.
    longitude_deg
        Longitude [deg], east positive, -180 to 360.

    Returns
    -------
    SolarPosition
        ``elevation_deg`` (geometric, parallax included, no refraction) and
        ``azimuth_deg`` (from true north through east).

    Raises
    ------
    OutOfRangeError
        For a latitude or longitude outside its range.

    Examples
    --------
    >>> import datetime as dt
    >>> from duskfall.timeutil import utc_seconds
    >>> t = utc_seconds(dt.datetime(2018, 3, 10, 8, 10, tzinfo=dt.UTC))
    >>> round(solar_position(t, 24.4, 54.6).elevation_deg, 1)
    62.6
    """
    lat = np.radians(check_latitude(latitude_deg))
    lon = check_longitude(longitude_deg)
    jd = np.asarray(time_utc_s, dtype=float) / 86_400.0 + _UNIX_EPOCH_JD
    d = jd - _J2000_JD
    t = d / 36_525.0

    # Meeus (1998) eqs. 25.2-25.8 and 25.6 (apparent longitude) and 22.2 (obliquity).
    mean_longitude = 280.46646 + 36_000.76983 * t + 0.0003032 * t**2
    mean_anomaly = np.radians(357.52911 + 35_999.05029 * t - 0.0001537 * t**2)
    centre = (
        (1.914602 - 0.004817 * t - 0.000014 * t**2) * np.sin(mean_anomaly)
        + (0.019993 - 0.000101 * t) * np.sin(2 * mean_anomaly)
        + 0.000289 * np.sin(3 * mean_anomaly)
    )
    node = np.radians(125.04 - 1_934.136 * t)
    nutation_longitude = -0.00478 * np.sin(node)
    apparent_longitude = np.radians(mean_longitude + centre - 0.00569 + nutation_longitude)
    mean_obliquity = 23.0 + (26.0 + (21.448 - 46.8150 * t) / 60.0) / 60.0
    obliquity = np.radians(mean_obliquity + 0.00256 * np.cos(node))
    right_ascension = np.arctan2(
        np.cos(obliquity) * np.sin(apparent_longitude), np.cos(apparent_longitude)
    )
    declination = np.arcsin(np.sin(obliquity) * np.sin(apparent_longitude))

    # Apparent sidereal time at Greenwich: Meeus eq. 12.4 plus the equation of the equinoxes.
    sidereal = (
        280.46061837
        + 360.98564736629 * d
        + 0.000387933 * t**2
        + nutation_longitude * np.cos(obliquity)
    )
    hour_angle = np.radians(sidereal + lon) - right_ascension

    sin_elevation = np.sin(lat) * np.sin(declination) + np.cos(lat) * np.cos(declination) * np.cos(
        hour_angle
    )
    elevation = np.degrees(np.arcsin(np.clip(sin_elevation, -1.0, 1.0)))
    elevation = elevation - _SUN_HORIZONTAL_PARALLAX_DEG * np.cos(np.radians(elevation))
    azimuth = np.degrees(
        np.arctan2(
            np.sin(hour_angle),
            np.cos(hour_angle) * np.sin(lat) - np.tan(declination) * np.cos(lat),
        )
    )
    azimuth = (azimuth + 180.0) % 360.0
    return SolarPosition(_scalar_or_array(elevation), _scalar_or_array(azimuth))


def horizon_dip_deg(height_above_ground_m):
    """Dip of the visible horizon below the observer's horizontal [deg], positive.

    ``arccos(R / (R + h))`` for a geometric horizon, reduced by terrestrial refraction:
    a ray of curvature ``k / R`` gives ``dip = sqrt(2 h (1 - k) / R)`` to first order.

    Parameters
    ----------
    height_above_ground_m
        Height of the eye above the surrounding terrain [m], at least 0.
    """
    h = np.maximum(np.asarray(height_above_ground_m, dtype=float), 0.0)
    dip = np.degrees(
        np.sqrt(2.0 * h * (1.0 - TERRESTRIAL_REFRACTION_COEFFICIENT) / EARTH_MEAN_RADIUS_M)
    )
    return _scalar_or_array(dip)


def visible_horizon_elevation_deg(altitude_m, ground_elevation_m=0.0):
    """Geometric elevation [deg] of a distant object seen on the observer's visible horizon.

    For an observer at ``altitude_m`` over terrain at ``ground_elevation_m``, a ray that
    grazes the terrain and reaches the eye arrives from ``-dip`` in apparent terms. The
    Sun that sends this ray is lower still by the refraction along the whole grazing path:
    the horizontal refraction R0 = 34' from space down to the tangent point, and again on
    the way up from the tangent point to the observer, less the part of the atmosphere
    above the observer, which the second leg does not cross. The second leg's bending is
    taken proportional to the pressure (air mass) between the tangent point and the eye,
    ``R0 (1 - p(h)/p(ground))``. At the ground this gives ``-R0`` (the standard -34'); at
    25,000 ft over the sea, about -3.5 deg.

    Parameters
    ----------
    altitude_m
        Observer's altitude [m MSL].
    ground_elevation_m
        Elevation of the terrain out to the horizon [m MSL].

    Returns
    -------
    float or ndarray
        Geometric elevation of the visible horizon [deg], negative.
    """
    altitude = np.asarray(altitude_m, dtype=float)
    ground = np.asarray(ground_elevation_m, dtype=float)
    pressure_ratio = np.asarray(atmosphere.pressure_pa(altitude)) / np.asarray(
        atmosphere.pressure_pa(np.minimum(ground, altitude))
    )
    refraction = STANDARD_HORIZON_REFRACTION_DEG * (2.0 - pressure_ratio)
    elevation = -(np.asarray(horizon_dip_deg(altitude - ground)) + refraction)
    return _scalar_or_array(elevation)
