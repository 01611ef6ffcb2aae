"""One time policy: aware in, naive refused, no clock."""

import datetime as dt

import pytest

from duskfall import timeutil
from duskfall.errors import NaiveDatetimeError, OutOfRangeError


def test_naive_refused():
    with pytest.raises(NaiveDatetimeError, match="exit_time"):
        timeutil.utc_seconds(dt.datetime(2018, 3, 10, 14), "exit_time")


def test_aware_round_trip():
    when = dt.datetime(2018, 3, 10, 18, 22, 38, tzinfo=dt.timezone(dt.timedelta(hours=4)))
    seconds = timeutil.utc_seconds(when)
    assert timeutil.iso_utc(seconds) == "2018-03-10T14:22:38Z"
    assert timeutil.utc_datetime(seconds) == when


def test_timezone_found_offline():
    assert timeutil.timezone_name(24.4, 54.6) == "Asia/Dubai"
    assert timeutil.timezone_name(0.0, -140.0) == "Etc/GMT+9"  # open Pacific


def test_local_noon_anchor():
    """Mean solar noon at 54.6 E is 12:00 - 54.6/15 h = 08:21:36 UTC."""
    noon = timeutil.local_noon_utc_s(dt.date(2018, 3, 10), 54.6)
    assert timeutil.iso_utc(noon) == "2018-03-10T08:21:36Z"


@pytest.mark.parametrize("text", ["2018-13-01", "1949-12-31", "2101-01-01", "tomorrow"])
def test_bad_dates(text):
    with pytest.raises(OutOfRangeError, match="date"):
        timeutil.parse_date(text)


def test_local_noon_east_longitudes_beyond_180():
    """300 E is 60 W: noon there is 16:00 UTC on the same date."""
    west = timeutil.local_noon_utc_s(dt.date(2018, 3, 10), -60.0)
    assert timeutil.local_noon_utc_s(dt.date(2018, 3, 10), 300.0) == west
    assert timeutil.iso_utc(west) == "2018-03-10T16:00:00Z"
