"""A date is the local date at the site, everywhere: the plan, the light and the season
of 1 June at Kiritimati (UTC+14, 157 W), Tonga (UTC+13, 175 W) and Pago Pago (UTC-11,
171 W) are the evenings of the local 1 June (IANA time zone database: the zones'
offsets). Longitudes written 180 to 360 east are the same west longitudes."""

import datetime as dt
import json

import numpy as np
import pytest

from duskfall import light, planning, season, timeutil
from duskfall.cli import main
from duskfall.io.scenario_file import example_mapping, scenario_from_mapping

SITES = [
    pytest.param(1.87, -157.4, "Pacific/Kiritimati", 14, id="Kiritimati UTC+14"),
    pytest.param(-21.1, -175.2, "Pacific/Tongatapu", 13, id="Tonga UTC+13"),
    pytest.param(-14.3, -170.7, "Pacific/Pago_Pago", -11, id="Pago Pago UTC-11"),
    pytest.param(24.4, 54.6, "Asia/Dubai", 4, id="Abu Dhabi UTC+4"),
]
DATE = dt.date(2024, 6, 1)


def scenario(lat, lon, date=DATE):
    mapping = example_mapping()
    mapping["site"].update(lat=lat, lon=lon, name="site")
    mapping["attempt"]["date"] = date
    mapping["dispersion"]["members"] = 0
    return scenario_from_mapping(mapping)


def local_date(utc_s, zone):
    return timeutil.local_datetime(utc_s, zone).date()


@pytest.mark.parametrize(("lat", "lon", "zone", "hours"), SITES)
def test_the_plan_is_the_evening_of_the_local_date(lat, lon, zone, hours):
    plan = planning.make_plan(scenario(lat, lon))
    assert plan.timezone == zone
    offset = timeutil.local_datetime(plan.exit_time_utc_s, zone).utcoffset()
    assert offset == dt.timedelta(hours=hours)
    assert local_date(plan.exit_time_utc_s, zone) == DATE
    assert local_date(plan.sunset_ground_utc_s, zone) == DATE


@pytest.mark.parametrize(("lat", "lon", "zone", "hours"), SITES)
def test_the_light_of_a_day_is_the_local_day(lat, lon, zone, hours):
    day = light.find_day_light(DATE, lat, lon, 7620.0, 0.0)
    assert local_date(day.sunset_utc_s[0], zone) == DATE
    dawn = light.find_day_light(DATE, lat, lon, 0.0, 0.0, at="dawn")
    assert local_date(dawn.sunset_utc_s[0], zone) == DATE


@pytest.mark.parametrize(("lat", "lon", "zone", "hours"), SITES)
def test_every_day_of_a_season_is_its_local_day(lat, lon, zone, hours):
    scan = season.scan_season(scenario(lat, lon), "2024-05-30", "2024-06-02")
    assert scan.fits.all()
    for date, exit_time in zip(scan.date, scan.exit_time_utc_s, strict=True):
        assert local_date(exit_time, zone) == date.astype(dt.date)


def test_the_solar_date_across_the_date_line():
    """Kiritimati's local 1 June has its mean solar noon on 31 May by the UTC count."""
    solar = timeutil.solar_dates(np.datetime64("2024-06-01"), -157.4, "Pacific/Kiritimati")
    assert solar == np.datetime64("2024-05-31")
    assert timeutil.solar_dates(np.datetime64("2024-06-01"), 54.6, "Asia/Dubai") == (
        np.datetime64("2024-06-01")
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "--lon", "300", "--lat", "40"],
        ["light", "--lon", "359"],
        ["season", "--lon", "359.9", "--from", "2018-03-01", "--to", "2018-03-02"],
        ["plan", "--lon", "300", "--lat", "40", "--format", "json"],
    ],
)
def test_longitudes_written_east_to_360(capsys, argv):
    """300 E is 60 W: the command answers for 60 W (the same time zone and times)."""
    assert main(argv) == 0
    out = capsys.readouterr().out
    if "json" in argv:
        west = planning.make_plan(scenario(40.0, -60.0, dt.date(2018, 3, 10)))
        data = json.loads(out)
        assert data["local_timezone"] == west.timezone
        assert data["exit_time_utc"] == timeutil.iso_utc(west.exit_time_utc_s)
