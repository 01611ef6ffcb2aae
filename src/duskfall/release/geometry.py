"""Geometry near the target: points on the ellipsoid and in the target's east-north plane,
and the magnetic declination.

References
----------
Karney, C. F. F. (2013), Algorithms for geodesics, J. Geodesy 87, 43-55,
doi:10.1007/s00190-012-0578-z (geographiclib: positions on the WGS84 ellipsoid).

Alken, P. et al. (2021), International Geomagnetic Reference Field: the thirteenth
generation, Earth Planets Space 73, 49, doi:10.1186/s40623-020-01288-x; IGRF-14
coefficients: IAGA (2024), doi:10.5281/zenodo.14012302; evaluated with ``pyIGRF14``, a
packaging of the IAGA's own synthesis routine (numpy only: no start-up cost).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

IGRF_FIRST_YEAR = 1900
IGRF_LAST_YEAR = 2030
"""Years covered by IGRF-14 (definitive to 2020, secular variation to 2030)."""


def _geodesic():
    from geographiclib.geodesic import Geodesic

    return Geodesic.WGS84


AT_TARGET_M = 1e-3
"""Closer to the target than this [m] a point has no direction from it: its bearing is 0.
In calm air the landing lands on the opening point to within 1e-12 m of rounding, whose
direction changes with the machine's floating-point paths."""


@dataclass(frozen=True)
class GeoPoint:
    """A point near the target: on the ellipsoid and in the target's east-north plane."""

    latitude_deg: float
    longitude_deg: float
    east_m: float
    """East of the target [m]."""
    north_m: float
    """North of the target [m]."""

    @property
    def distance_m(self) -> float:
        """Distance from the target [m]."""
        return float(np.hypot(self.east_m, self.north_m))

    @property
    def bearing_deg(self) -> float:
        """Bearing from the target [deg true, 0-360); 0 within :data:`AT_TARGET_M` of it."""
        if self.distance_m < AT_TARGET_M:
            return 0.0
        return float(np.degrees(np.arctan2(self.east_m, self.north_m)) % 360.0)


def locate(
    target_latitude_deg: float, target_longitude_deg: float, east_m: float, north_m: float
) -> GeoPoint:
    """The point ``east_m``, ``north_m`` [m] from the target, with its latitude/longitude.

    The east-north offset is taken as a geodesic from the target (distance and azimuth) on
    the WGS84 ellipsoid (Karney 2013); over the few tens of km of a jump the difference
    between the tangent plane and the ellipsoid is below a millimetre.
    """
    distance = float(np.hypot(east_m, north_m))
    azimuth = float(np.degrees(np.arctan2(east_m, north_m)))
    if distance == 0.0:
        return GeoPoint(float(target_latitude_deg), float(target_longitude_deg), 0.0, 0.0)
    line = _geodesic().Direct(target_latitude_deg, target_longitude_deg, azimuth, distance)
    longitude = (line["lon2"] + 180.0) % 360.0 - 180.0
    return GeoPoint(float(line["lat2"]), float(longitude), float(east_m), float(north_m))


def magnetic_declination_deg(
    latitude_deg: float, longitude_deg: float, time_utc_s: float, altitude_m: float = 0.0
) -> float | None:
    """Magnetic declination [deg, east positive] from IGRF-14, or None outside 1900-2030.

    Magnetic heading = true heading - declination ("east is least").

    Parameters
    ----------
    latitude_deg, longitude_deg
        The place (geodetic) [deg].
    time_utc_s
        When [POSIX s].
    altitude_m
        Height above the ellipsoid [m] (the difference from MSL does not matter here).

    Examples
    --------
    >>> round(magnetic_declination_deg(24.4, 54.6, 1520700000.0), 1)
    2.0
    """
    when = dt.datetime.fromtimestamp(float(time_utc_s), dt.UTC)
    if not (IGRF_FIRST_YEAR <= when.year < IGRF_LAST_YEAR):
        return None
    import pyIGRF14  # the IAGA's synthesis routine (igrf14syn) on the IGRF-14 coefficients

    start = dt.datetime(when.year, 1, 1, tzinfo=dt.UTC)
    length = dt.datetime(when.year + 1, 1, 1, tzinfo=dt.UTC) - start
    year = when.year + (when - start) / length
    declination, *_ = pyIGRF14.igrf_value(
        float(latitude_deg), float(longitude_deg), altitude_m / 1000.0, year
    )
    return float(declination)


def unit_vector(bearing_deg: float) -> np.ndarray:
    """(east, north) unit vector of a bearing [deg true]."""
    angle = np.radians(bearing_deg)
    return np.array([np.sin(angle), np.cos(angle)])
