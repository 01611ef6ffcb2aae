"""The one place where times are converted.

Inside duskfall a time is a float: seconds since 1970-01-01T00:00:00 UTC (POSIX time,
no leap seconds), named ``*_utc_s``. At the edges, timezone-aware datetimes come in and
go out; naive datetimes are refused (there is no guessing of time zones), and the
library never reads the clock. Local time is only for reports, from the site's time
zone found offline from its coordinates.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

import numpy as np

from duskfall.errors import NaiveDatetimeError, OutOfRangeError

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


def local_noon_utc_s(date: dt.date, longitude_deg: float) -> float:
    """POSIX seconds [s] of mean local solar noon on ``date`` at ``longitude_deg``.

    Searches for a day's events are anchored here rather than at the UTC date, so that
    "the evening of 10 March" means the same evening at every longitude. The apparent
    noon differs from this by the equation of time (at most about 16.5 minutes).
    """
    midnight = dt.datetime(date.year, date.month, date.day, tzinfo=UTC)
    # Longitudes from 180 to 360 are west longitudes written east: 300 E is 60 W.
    longitude = (float(longitude_deg) + 180.0) % 360.0 - 180.0
    return utc_seconds(midnight) + 43_200.0 - longitude / 15.0 * 3600.0


@cache
def _finder():
    from timezonefinder import TimezoneFinder

    # In memory: the coordinate files are read once and closed, not kept mapped.
    return TimezoneFinder(in_memory=True)


@cache
def timezone_name(latitude_deg: float, longitude_deg: float) -> str:
    """IANA time zone name at a place, found offline from its coordinates.

    Over the open sea, where no zone polygon exists, the nautical zone ``Etc/GMT±N``
    of the longitude is returned.
    """
    name = _finder().timezone_at(lat=float(latitude_deg), lng=float(longitude_deg))
    if name is None:
        offset = round(float(longitude_deg) / 15.0)
        name = "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"
    return name


def local_datetime(utc_s: float, zone: str) -> dt.datetime:
    """The aware local datetime in IANA zone ``zone`` of POSIX seconds ``utc_s``."""
    return utc_datetime(utc_s).astimezone(ZoneInfo(zone))
