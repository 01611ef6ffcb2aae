"""The light of a whole half day for an observer aloft: sunset, twilights, band windows,
on one or many dates, from the events of :mod:`duskfall.light.windows`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from duskfall import sun, timeutil
from duskfall.errors import InconsistentInputError, InputError
from duskfall.light.bands import (
    _SUNSET,
    LIGHT_BANDS,
    TWILIGHT_LIMITS_DEG,
    LightBand,
    check_horizon,
    light_band,
)
from duskfall.light.events import weather_uncertainty_s
from duskfall.light.windows import (
    Places,
    Window,
    action_edges,
    crossing_times,
    point_action,
    refine_edge_times,
)
from duskfall.notices import Notice


@dataclass(frozen=True)
class DayLight:
    """The light of one half day (dusk or dawn) for an observer aloft, for one or more dates.

    Every array has one element per date. Times are POSIX seconds (NaN: no such event).
    """

    date: np.ndarray
    """The local dates (``datetime64[D]``)."""
    at: str
    latitude_deg: float
    longitude_deg: float
    altitude_m: float
    ground_elevation_m: float
    horizon: str
    sunset_utc_s: np.ndarray
    """Sunset (dawn: sunrise) for the observer: upper limb on the visible horizon, whatever
    the bands' :attr:`horizon`."""
    sunset_ground_utc_s: np.ndarray
    """The same for an observer on the ground."""
    twilight_utc_s: dict[str, np.ndarray]
    """End of civil, nautical and astronomical twilight (dawn: their start)."""
    windows: dict[str, list[list[Window]]]
    """Per band name, per date, the windows of that half day (at most one)."""
    weather_uncertainty_s: np.ndarray
    """One standard deviation of the sunset time from the day's refraction [s]."""
    bands: dict[str, LightBand] = field(default_factory=dict)
    """The bands of :attr:`windows`, by name."""
    notices: tuple[Notice, ...] = field(default=())


def join_day_light(parts: Sequence[DayLight]) -> DayLight:
    """One :class:`DayLight` from several for consecutive date ranges of the same observer."""
    first = parts[0]
    return DayLight(
        date=np.concatenate([p.date for p in parts]),
        at=first.at,
        latitude_deg=first.latitude_deg,
        longitude_deg=first.longitude_deg,
        altitude_m=first.altitude_m,
        ground_elevation_m=first.ground_elevation_m,
        horizon=first.horizon,
        sunset_utc_s=np.concatenate([p.sunset_utc_s for p in parts]),
        sunset_ground_utc_s=np.concatenate([p.sunset_ground_utc_s for p in parts]),
        twilight_utc_s={
            name: np.concatenate([p.twilight_utc_s[name] for p in parts])
            for name in first.twilight_utc_s
        },
        windows={name: [w for p in parts for w in p.windows[name]] for name in first.windows},
        weather_uncertainty_s=np.concatenate([p.weather_uncertainty_s for p in parts]),
        bands=first.bands,
        notices=tuple(w for p in parts for w in p.notices),
    )


def point_event_times(places, target_deg, altitude_m, ground_m, horizon="visible", refine=True):
    """When the Sun crosses ``target_deg`` (band scale) for an observer at ``altitude_m``,
    each half day of ``places``: the event solver, checked against the half day's
    extremes and refined on the full model; (times [POSIX s], NaN where there is none;
    status). The one way every sunset, sunrise and twilight is found."""
    times, status = crossing_times(places, target_deg, altitude_m, horizon)
    if refine:
        action = point_action(altitude_m, ground_m, horizon)
        times, _, _ = refine_edge_times(times, action, places, target_deg, "upper")
    return times, status


def _checked_observer(altitude_m, ground_elevation_m) -> float:
    """The observer's altitude [m MSL], refused below the ground (naming both)."""
    ground = float(sun.check_ground(ground_elevation_m))
    altitude_m = float(sun.check_altitude(altitude_m))
    if altitude_m < ground:
        raise InconsistentInputError(
            "altitude_m",
            altitude_m,
            f"at or above the ground elevation ({ground:,.0f} m MSL)",
            "is below the ground",
            others={
                "ground_elevation_m": (
                    ground_elevation_m,
                    f"at or below the observer's altitude ({altitude_m:,.0f} m MSL)",
                    "is above the observer",
                )
            },
        )
    return altitude_m


def _band_windows(point, band: LightBand, places: Places) -> list[list[Window]]:
    """Each date's window of ``band`` for an observer held at one altitude (``point``,
    :func:`point_action`): one window, or none."""
    edges = action_edges(point, band, places)
    return [
        [Window(_opt(start), _opt(end))] if exists else []
        for start, end, exists in zip(edges.start_utc_s, edges.end_utc_s, edges.exists, strict=True)
    ]


def find_day_light(
    date,
    latitude_deg: float,
    longitude_deg: float,
    altitude_m: float = 0.0,
    ground_elevation_m: float = 0.0,
    at: str = "dusk",
    horizon: str = "visible",
    bands: Sequence[LightBand | str] | None = None,
    zone: str | None = None,
) -> DayLight:
    """Sunset, twilights and band windows for an observer aloft, on one or many dates.

    Parameters
    ----------
    date
        Local date(s) at the site: a :class:`datetime.date`, a sequence of them or a
        ``datetime64`` array.
    latitude_deg, longitude_deg, altitude_m, ground_elevation_m
        The observer [deg, deg, m MSL, m MSL].
    at
        ``"dusk"`` or ``"dawn"``.
    horizon
        ``"visible"`` (default) or ``"astronomical"`` (see the module notes): the horizon
        of the bands and the twilights; the sunsets are on the visible horizon either way.
    bands
        Bands to find windows of; default all of :data:`LIGHT_BANDS`.
    zone
        IANA time zone of the local dates; by default the site's
        (:func:`duskfall.timeutil.timezone_name`).

    Returns
    -------
    DayLight
        With one element per date, each date's half day being that of
        :func:`duskfall.timeutil.half_day`; a window edge is None where the band already
        holds at its start, or still holds at its end. Every time is the event solver's,
        refined on the full solar model (the same times as the plan's).

    Examples
    --------
    >>> import datetime as dt
    >>> from duskfall.timeutil import iso_utc
    >>> light = find_day_light(dt.date(2018, 3, 10), 24.4, 54.6, 7620.0, 50.0)
    >>> iso_utc(light.sunset_utc_s[0]), iso_utc(light.twilight_utc_s["civil"][0])
    ('2018-03-10T14:41:37Z', '2018-03-10T15:04:20Z')
    """
    check_horizon(horizon)
    if at not in ("dusk", "dawn"):
        raise InputError("at", at, "dusk or dawn")
    altitude_m = _checked_observer(altitude_m, ground_elevation_m)
    single = isinstance(date, dt.date)
    local = sun.days_since_epoch([date] if single else date).reshape(-1).astype("datetime64[D]")
    zone = zone or timeutil.timezone_name(latitude_deg, longitude_deg)
    solar = timeutil.solar_dates(local, longitude_deg, zone)
    sun.days_since_epoch(solar)
    places = Places(solar, latitude_deg, longitude_deg, ground_elevation_m, at)
    band_list = [light_band(b) for b in (bands if bands is not None else LIGHT_BANDS)]
    # Sunset is the upper limb on the visible horizon whatever the bands' horizon: with
    # the astronomical one an observer aloft still sees the Sun after it crosses the
    # astronomical horizontal (the seed at 25,000 ft: 13 min).
    sunset, sunset_status = point_event_times(places, _SUNSET, altitude_m, ground_elevation_m)
    sunset_ground, _ = point_event_times(places, _SUNSET, ground_elevation_m, ground_elevation_m)
    twilight = {
        name: point_event_times(places, value, altitude_m, ground_elevation_m, horizon)[0]
        for name, value in TWILIGHT_LIMITS_DEG.items()
    }
    point = point_action(altitude_m, ground_elevation_m, horizon)
    windows = {band.name: _band_windows(point, band, places) for band in band_list}
    event = "sunset" if at == "dusk" else "sunrise"
    notices = [
        Notice(
            "no-sunset",
            "info",
            {"date": str(local[i]), "event": event, "sun_above": bool(sunset_status[i] == 1)},
        )
        for i in np.flatnonzero(sunset_status != sun.EVENT)
    ]
    return DayLight(
        date=local,
        at=at,
        latitude_deg=float(latitude_deg),
        longitude_deg=float(longitude_deg),
        altitude_m=float(altitude_m),
        ground_elevation_m=float(ground_elevation_m),
        horizon=horizon,
        sunset_utc_s=sunset,
        sunset_ground_utc_s=sunset_ground,
        twilight_utc_s=twilight,
        windows=windows,
        weather_uncertainty_s=np.asarray(
            weather_uncertainty_s(sunset, latitude_deg, longitude_deg), dtype=float
        ).reshape(local.size),
        bands={band.name: band for band in band_list},
        notices=tuple(notices),
    )


def _opt(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None
