"""The one place where times are converted.

Inside duskfall a time is a float: seconds since 1970-01-01T00:00:00 UTC (POSIX time,
no leap seconds), named ``*_utc_s``. At the edges, timezone-aware datetimes come in and
go out; naive datetimes are refused (there is no guessing of time zones), and the
library never reads the clock. Local time is only for reports, from the site's time
zone found offline from its coordinates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

import numpy as np

from duskfall.errors import InconsistentInputError, NaiveDatetimeError, OutOfRangeError

UTC = dt.UTC
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)

#: Dates the solar model is validated for (see sun.py).
FIRST_DATE = dt.date(1950, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)


def utc_seconds(when: dt.datetime, field: str = "time") -> float:
    """POSIX seconds [s] of an aware datetime; naive datetimes are refused.

    Raises
    ------
    NaiveDatetimeError
        If ``when`` has no time zone.
    """
    if not isinstance(when, dt.datetime):
        raise OutOfRangeError(field, when, "a timezone-aware datetime", "is not a datetime")
    if when.tzinfo is None or when.tzinfo.utcoffset(when) is None:
        raise NaiveDatetimeError(field, when)
    return (when - _EPOCH).total_seconds()


def utc_datetime(utc_s: float) -> dt.datetime:
    """The aware UTC datetime of POSIX seconds ``utc_s`` [s], to the microsecond."""
    return _EPOCH + dt.timedelta(seconds=float(utc_s))


def iso_utc(utc_s: float | None, digits: int = 0) -> str | None:
    """ISO-8601 UTC string (``2018-03-10T14:32:05Z``) of POSIX seconds, or None for None.

    ``digits`` is the number of decimals of the second (rounded, not truncated).
    """
    if utc_s is None or not np.isfinite(utc_s):
        return None
    rounded = round(float(utc_s), digits)
    text = utc_datetime(rounded).strftime("%Y-%m-%dT%H:%M:%S")
    if digits > 0:
        fraction = f"{rounded - np.floor(rounded):.{digits}f}"[1:]
        text += fraction
    return text + "Z"


def parse_date(text: str | dt.date, field: str = "date") -> dt.date:
    """A calendar date from ``YYYY-MM-DD`` within the supported range.

    Raises
    ------
    OutOfRangeError
        If the text is not a valid date or is outside 1950-01-01 .. 2100-12-31.
    """
    allowed = f"a date YYYY-MM-DD from {FIRST_DATE} to {LAST_DATE}"
    if isinstance(text, dt.datetime):
        raise OutOfRangeError(field, text, allowed, "is a datetime, not a date")
    if isinstance(text, dt.date):
        date = text
    else:
        try:
            date = dt.date.fromisoformat(str(text).strip())
        except ValueError:
            raise OutOfRangeError(field, text, allowed, "is not a valid date") from None
    if not (FIRST_DATE <= date <= LAST_DATE):
        raise OutOfRangeError(field, str(text), allowed)
    return date


MAX_DATE_RANGE_DAYS = 7305
"""Longest range of dates computed at once [days]: 20 years (20 x 365.25)."""


def date_range(first, last, field_first: str = "from", field_last: str = "to") -> np.ndarray:
    """Every local date from ``first`` to ``last`` inclusive (``datetime64[D]``).

    Raises
    ------
    InputError
        If a date is invalid or outside 1950-2100, ``last`` is before ``first``, or the
        range is longer than 20 years (:data:`MAX_DATE_RANGE_DAYS`).
    """
    start = parse_date(first, field_first)
    end = parse_date(last, field_last)
    if end < start:
        raise InconsistentInputError(
            field_last,
            str(end),
            f"a date on or after {field_first} ({start})",
            "is before the start",
        )
    days = (end - start).days + 1
    if days > MAX_DATE_RANGE_DAYS:
        raise OutOfRangeError(
            field_last,
            str(end),
            f"at most 20 years ({MAX_DATE_RANGE_DAYS} days) after {field_first} ({start})",
            f"makes a range of {days} days",
        )
    return np.arange(np.datetime64(start), np.datetime64(end) + 1)


def wrap_longitude_deg(longitude_deg):
    """A longitude in [-180, 180) [deg]: those written 180-360 east are west longitudes
    (300 E is 60 W)."""
    value = (np.asarray(longitude_deg, dtype=float) + 180.0) % 360.0 - 180.0
    return float(value) if value.ndim == 0 else value


def mean_solar_noon_utc_s(days, longitude_deg):
    """POSIX seconds [s] of mean local solar noon of UTC calendar days (integer days since
    1970-01-01) at ``longitude_deg``: 12:00 UT less the longitude at 15 deg per hour.

    This is the anchor of :func:`duskfall.sun.find_elevation_times`: its "date" is such a
    solar date, whose noon may fall on another local calendar day than the date itself
    near the date line (:func:`solar_dates`).
    """
    return (
        np.asarray(days, dtype=float) * 86_400.0
        + 43_200.0
        - (np.asarray(wrap_longitude_deg(longitude_deg)) / 15.0 * 3600.0)
    )


def local_noon_utc_s(date: dt.date, longitude_deg: float) -> float:
    """POSIX seconds [s] of mean local solar noon of the calendar day ``date`` (as a UTC
    day) at ``longitude_deg``: :func:`mean_solar_noon_utc_s` of one date.

    The apparent noon differs from this by the equation of time (at most about 16.5
    minutes). For the half day of a *local* date use :func:`half_day`.
    """
    return float(mean_solar_noon_utc_s((date - _EPOCH.date()).days, longitude_deg))


def _offsets_s(days: np.ndarray, zone: str | None) -> np.ndarray:
    """UTC offset [s] of ``zone`` at 12:00 local of each day (0 for None: UTC)."""
    if zone is None:
        return np.zeros(days.shape)
    tz = ZoneInfo(zone)
    unique, inverse = np.unique(days, return_inverse=True)
    offsets = np.array(
        [
            tz.utcoffset(dt.datetime(1970, 1, 1, 12) + dt.timedelta(days=int(d))).total_seconds()
            for d in unique
        ]
    )
    return offsets[inverse].reshape(days.shape)


def solar_dates(local_dates, longitude_deg, zone: str | None):
    """The solar dates (``datetime64[D]``) whose mean solar noon at ``longitude_deg``
    falls on each local calendar date in time zone ``zone``.

    "The evening of 1 June" at a site means the evening of its local 1 June. The event
    solver counts its days by the UTC date of the mean solar noon, which is the local
    date everywhere but where the zone's offset and the longitude disagree by more than
    about 12 hours (Kiritimati at UTC+14 and 157 W: the local 1 June's noon is on
    31 May by that count). This returns the date to give the solver.
    """
    days = np.asarray(local_dates, dtype="datetime64[D]").astype(np.int64)
    local_noon = mean_solar_noon_utc_s(days, longitude_deg) + _offsets_s(days, zone)
    shift = np.floor(local_noon / 86_400.0).astype(np.int64) - days
    return (days - shift).astype("datetime64[D]")


@dataclass(frozen=True)
class HalfDay:
    """The evening (dusk) or morning (dawn) of a local date at a site."""

    local_date: dt.date
    solar_date: dt.date
    """The date the event solver anchors this half day on (:func:`solar_dates`)."""
    at: str
    start_utc_s: float
    """Mean solar noon at dusk; 12 hours before it at dawn [POSIX s]."""
    end_utc_s: float
    """12 hours after mean solar noon at dusk; the noon at dawn [POSIX s]."""


def half_day(local_date: dt.date, longitude_deg: float, zone: str | None, at: str) -> HalfDay:
    """The half day every search of a local date uses: from mean solar noon to 12 hours
    later at dusk, from 12 hours before it to the noon at dawn, the noon being that of
    the local date in time zone ``zone`` (None: UTC).

    Examples
    --------
    >>> import datetime as dt
    >>> day = half_day(dt.date(2024, 6, 1), -157.4, "Pacific/Kiritimati", "dusk")
    >>> day.solar_date, iso_utc(day.start_utc_s)
    (datetime.date(2024, 5, 31), '2024-05-31T22:29:36Z')
    """
    solar = solar_dates(np.datetime64(local_date), longitude_deg, zone)
    solar_day = solar.astype(dt.date)
    days = (solar_day - _EPOCH.date()).days
    noon = float(mean_solar_noon_utc_s(days, longitude_deg))
    bounds = (noon, noon + 43_200.0) if at == "dusk" else (noon - 43_200.0, noon)
    return HalfDay(local_date, solar_day, at, *bounds)


@cache
def _finder():
    from timezonefinder import TimezoneFinder

    # In memory: the coordinate files are read once and closed, not kept mapped.
    return TimezoneFinder(in_memory=True)


@lru_cache(maxsize=4096)  # bounded: a long-running server sees many sites
def timezone_name(latitude_deg: float, longitude_deg: float) -> str:
    """IANA time zone name at a place, found offline from its coordinates.

    Over the open sea, where no zone polygon exists, the nautical zone ``Etc/GMT±N``
    of the longitude is returned.
    """
    longitude = wrap_longitude_deg(longitude_deg)
    name = _finder().timezone_at(lat=float(latitude_deg), lng=longitude)
    if name is None:
        offset = round(longitude / 15.0)
        name = "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"
    return name


def local_datetime(utc_s: float, zone: str) -> dt.datetime:
    """The aware local datetime in IANA zone ``zone`` of POSIX seconds ``utc_s``."""
    return utc_datetime(utc_s).astimezone(ZoneInfo(zone))
