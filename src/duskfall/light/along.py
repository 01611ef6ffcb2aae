"""The light along a trajectory, and the altitude of a band edge over time (the shadow
altitude is the edge at which the Sun's upper limb sits on the visible horizon)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from duskfall import sun
from duskfall.light.bands import (
    SUNSET_ELEVATION_DEG,
    LightBand,
    band_margin_deg,
    horizon_offset_deg,
    light_band,
    light_phase,
    sun_above_horizon_deg,
)


@dataclass(frozen=True)
class LightAlong:
    """The light seen by a jumper along a trajectory, for one exit time."""

    time_utc_s: np.ndarray
    """Times [POSIX s]."""
    elevation_deg: np.ndarray
    """The Sun's band-scale elevation for the jumper at each instant [deg]."""
    in_band: np.ndarray
    """Whether the light is inside the band at each instant."""
    phase: np.ndarray
    """Day, civil/nautical/astronomical twilight or night at each instant."""

    @property
    def all_in_band(self) -> bool:
        """True if the whole trajectory is inside the band."""
        return bool(np.all(self.in_band))


def light_along(
    exit_utc_s: float,
    time_s,
    altitude_m,
    band: LightBand | str,
    latitude_deg: float,
    longitude_deg: float,
    ground_elevation_m: float = 0.0,
    horizon: str = "visible",
) -> LightAlong:
    """The light at every instant of a trajectory (times after exit, altitudes).

    Parameters
    ----------
    exit_utc_s
        Exit time [POSIX s].
    time_s, altitude_m
        The trajectory: times after exit [s] and altitudes [m MSL], same shape
        (e.g. ``Trajectory.time_s`` and ``Trajectory.altitude_m``).
    band
        A :class:`LightBand` or its name.
    latitude_deg, longitude_deg, ground_elevation_m
        The site.
    horizon
        ``"visible"`` (default) or ``"astronomical"``.
    """
    band = light_band(band)
    times = float(exit_utc_s) + np.asarray(time_s, dtype=float)
    above = np.asarray(
        sun_above_horizon_deg(
            times, latitude_deg, longitude_deg, altitude_m, ground_elevation_m, horizon
        )
    )
    return LightAlong(
        times, above, band_margin_deg(band, above) >= 0, np.asarray(light_phase(above))
    )


# --- Events for arrays of dates and sites --------------------------------------------------


HORIZON_GRID_POINTS = 4001
"""Points of the table through which the visible horizon is inverted to find the altitude
of a band edge. The table is uniform in the square root of the height above the ground,
in which the horizon's elevation is nearly linear (the dip grows as the square root of
the height), and is interpolated linearly: the edge altitudes it gives put the Sun on
the edge within 1e-5 deg, 0.1 m or better (tests/test_light.py)."""


def band_edge_altitude_m(
    time_utc_s,
    elevation_deg: float,
    latitude_deg: float,
    longitude_deg: float,
    ground_elevation_m: float = 0.0,
    ceiling_m: float = 80_000.0,
):
    """Altitude [m MSL] at which the Sun stands at ``elevation_deg`` on the band scale
    (measured from the observer's visible horizon, :func:`sun_above_horizon_deg`).

    Above the returned altitude the Sun is higher on that scale than the edge: the
    visible horizon falls monotonically as one climbs.

    Parameters
    ----------
    time_utc_s
        POSIX time(s) [s].
    elevation_deg
        The edge [deg on the band scale].
    latitude_deg, longitude_deg
        The place [deg].
    ground_elevation_m
        Terrain elevation out to the horizon [m MSL].
    ceiling_m
        Highest altitude considered [m MSL].

    Returns
    -------
    float or ndarray
        The ground elevation where even the ground sees the Sun above the edge; ``inf``
        where even the ceiling sees it below.

    Notes
    -----
    The band-scale elevation is the Sun's geometric elevation plus an offset that
    depends on the altitude only; the offset is tabulated once on
    :data:`HORIZON_GRID_POINTS` altitudes and inverted by linear interpolation.
    """
    root = np.linspace(0.0, np.sqrt(ceiling_m - ground_elevation_m), HORIZON_GRID_POINTS)
    grid = ground_elevation_m + root**2
    times = np.asarray(time_utc_s, dtype=float)
    elevation = np.asarray(sun.solar_position(times, latitude_deg, longitude_deg).elevation_deg)
    offset = np.asarray(horizon_offset_deg(grid, ground_elevation_m))
    wanted = elevation_deg - elevation
    altitude = np.interp(wanted, offset, grid)
    altitude = np.where(wanted <= offset[0], float(ground_elevation_m), altitude)
    altitude = np.where(wanted > offset[-1], np.inf, altitude)
    return float(altitude) if altitude.ndim == 0 else altitude


def shadow_altitude_m(
    time_utc_s, latitude_deg, longitude_deg, ground_elevation_m=0.0, ceiling_m=80_000.0
):
    """Lowest altitude [m MSL] in direct sun (upper limb above the visible horizon).

    The band edge at the sunset elevation (:func:`band_edge_altitude_m`): the ground
    elevation when the Sun is up at the ground, inf when even ``ceiling_m`` is in shadow.

    Examples
    --------
    >>> import datetime as dt
    >>> from duskfall.timeutil import utc_seconds
    >>> t = utc_seconds(dt.datetime(2018, 3, 10, 14, 35, tzinfo=dt.UTC))
    >>> round(shadow_altitude_m(t, 24.4, 54.6, 50.0))   # 7 minutes after ground sunset
    1951
    """
    return band_edge_altitude_m(
        time_utc_s, SUNSET_ELEVATION_DEG, latitude_deg, longitude_deg, ground_elevation_m, ceiling_m
    )
