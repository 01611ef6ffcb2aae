"""When the Sun passes elevations on the band scale, for arrays of dates and sites."""

from __future__ import annotations

import numpy as np

from duskfall import sun
from duskfall.light.bands import horizon_offset_deg

REFRACTION_SPREAD_DEG = 0.108
"""Standard deviation of the refraction of the setting Sun from day to day [deg]:
0.108 deg over 135 sunsets timed at Edmonton (Sampson et al. 2003, PASP 115, 1256).
Sunrises spread more (0.184 deg) and cold months most."""


def find_light_events(
    date,
    latitude_deg,
    longitude_deg,
    elevation_deg,
    altitude_m=0.0,
    ground_elevation_m=0.0,
    at: str = "dusk",
    horizon: str = "visible",
    ut1_minus_utc_s=0.0,
    workers: int | None = None,
) -> sun.ElevationEvents:
    """When the Sun passes band-scale elevations for observers aloft, for arrays of dates.

    The library entry point for scans (season and atlas): a thin layer over
    :func:`duskfall.sun.find_elevation_times` that measures the targets from each
    observer's visible horizon.

    Parameters
    ----------
    date
        Local calendar date(s): :class:`datetime.date`, a sequence of them or a
        ``numpy.datetime64`` array, 1950-2100.
    latitude_deg, longitude_deg
        Site(s) [deg].
    elevation_deg
        Target(s) on the band scale [deg] (module notes): -0.8333 sunset (the upper limb
        on the visible horizon), -6 civil dusk, +6 and -4 the golden hour's edges...
    altitude_m
        Observer's altitude [m MSL], -500 to 100,000.
    ground_elevation_m
        Terrain elevation out to the horizon [m MSL], -500 to 9,000.
    at
        ``"dusk"`` (the Sun going down) or ``"dawn"``.
    horizon
        ``"visible"`` (default) or ``"astronomical"``.
    ut1_minus_utc_s
        UT1 - UTC [s], 0 by default.
    workers
        Threads (default: all CPUs).

    Returns
    -------
    duskfall.sun.ElevationEvents
        Times [POSIX s] (NaN where the event does not happen) and status (0 event,
        +1 the Sun stays above the target, -1 it stays below), of the broadcast shape
        of all the arguments.

    Notes
    -----
    Shape the inputs for broadcasting. For S sites, D dates and E events::

        events = find_light_events(
            dates[None, :, None],                  # (1, D, 1) datetime64[D]
            lat[:, None, None], lon[:, None, None],  # (S, 1, 1)
            np.array([-0.8333, -6.0])[None, None, :],  # (1, 1, E)
            altitude_m=altitude[:, None, None],
        )
        events.time_utc_s.shape == (S, D, E)

    The horizon depression is computed once per distinct (altitude, terrain) pair of
    the input arrays, the event times at about 0.1 microsecond each.

    Examples
    --------
    >>> import datetime as dt
    >>> from duskfall.timeutil import iso_utc
    >>> day = dt.date(2018, 3, 10)
    >>> ground = find_light_events(day, 24.4, 54.6, -0.8333, 50.0, 50.0)
    >>> aloft = find_light_events(day, 24.4, 54.6, -0.8333, 7620.0, 50.0)
    >>> iso_utc(ground.time_utc_s), round((aloft.time_utc_s - ground.time_utc_s) / 60, 1)
    ('2018-03-10T14:28:15Z', 13.4)
    """
    offset = np.asarray(horizon_offset_deg(altitude_m, ground_elevation_m, horizon))
    target = np.asarray(elevation_deg, dtype=float) - offset
    return sun.find_elevation_times(
        date, latitude_deg, longitude_deg, target, at, ut1_minus_utc_s, workers
    )


def weather_uncertainty_s(time_utc_s, latitude_deg, longitude_deg):
    """One standard deviation of an event time near the horizon from the weather [s].

    :data:`REFRACTION_SPREAD_DEG` divided by the rate at which the Sun's elevation
    changes at that time and place (:func:`duskfall.sun.elevation_rate_deg_s`); tens of
    seconds at low and middle latitudes, more where the Sun sets at a slant. NaN where
    ``time_utc_s`` is NaN.
    """
    rate = np.abs(np.asarray(sun.elevation_rate_deg_s(time_utc_s, latitude_deg, longitude_deg)))
    with np.errstate(invalid="ignore"):
        result = REFRACTION_SPREAD_DEG / np.maximum(rate, 1e-9)
    return float(result) if result.ndim == 0 else result
