"""The vectorised event solver: against root finding on the position model, polar
cases, the date line, the ends of the supported range, scalar and array inputs.

Authority for the solver: Brent's method on ``solar_position`` (the same model, solved a
different way); the ephemeris itself is checked in test_sun_oracle.py.
"""

import datetime as dt

import numpy as np
import pytest
from scipy.optimize import brentq

from duskfall import light, sun
from duskfall.errors import InputError, OutOfRangeError
from duskfall.timeutil import local_noon_utc_s

SOLVER_TOLERANCE_S = 0.01


def brent_root(date, lat, lon, target, at):
    noon = local_noon_utc_s(date, lon)
    grid = (
        np.arange(noon - 1800.0, noon + 45_000.0, 600.0)
        if at == "dusk"
        else np.arange(noon - 45_000.0, noon + 1800.0, 600.0)
    )
    values = sun.solar_position(grid, lat, lon).elevation_deg - target
    falling = np.flatnonzero((values[:-1] >= 0) & (values[1:] < 0))
    rising = np.flatnonzero((values[:-1] < 0) & (values[1:] >= 0))
    k = falling[0] if at == "dusk" else rising[-1]
    return brentq(
        lambda t: sun.solar_position(t, lat, lon).elevation_deg - target,
        grid[k],
        grid[k + 1],
        xtol=1e-4,
    )


@pytest.mark.parametrize("at", ["dusk", "dawn"])
def test_solver_against_brent_on_the_position_model(at):
    rng = np.random.default_rng(65 if at == "dusk" else 66)
    n = 150
    lat, lon = rng.uniform(-65, 65, n), rng.uniform(-180, 180, n)
    days = rng.integers(-7305, 47482, n).astype("datetime64[D]")  # 1950-2099
    target = rng.choice([6.0, -0.8333, -3.881, -4.0, -6.0, -12.0], n)
    events = sun.find_elevation_times(days, lat, lon, target, at=at)
    checked = 0
    for i in range(n):
        if events.status[i] != sun.EVENT:
            continue
        root = brent_root(days[i].astype(object), lat[i], lon[i], target[i], at)
        assert events.time_utc_s[i] == pytest.approx(root, abs=SOLVER_TOLERANCE_S)
        checked += 1
    assert checked > 120


@pytest.mark.parametrize(
    ("lat", "date", "status"),
    [
        (70.0, dt.date(2018, 6, 21), sun.ALWAYS_ABOVE),  # midnight sun
        (70.0, dt.date(2018, 12, 21), sun.ALWAYS_BELOW),  # polar night
        (-89.0, dt.date(2018, 12, 21), sun.ALWAYS_ABOVE),
        (-89.0, dt.date(2018, 6, 21), sun.ALWAYS_BELOW),
    ],
)
def test_polar_day_and_night_come_back_as_data(lat, date, status):
    events = sun.find_elevation_times(date, lat, 15.0, -0.8333)
    assert events.time_utc_s is None
    assert events.status == status
    day = light.find_day_light(date, lat, 15.0)
    assert np.isnan(day.sunset_utc_s[0])
    assert day.notices[0].code == "no-sunset"


def test_70n_in_june_has_sunset_aloft_but_no_civil_dusk():
    """On 2018-05-10 at 70 N the Sun sets (about 22:40 local) but never gets 6 deg
    below: civil twilight lasts all night."""
    day = light.find_day_light(dt.date(2018, 5, 10), 70.0, 15.0)
    assert day.sunset_utc_s[0] == pytest.approx(
        brent_root(dt.date(2018, 5, 10), 70.0, 15.0, -0.8333, "dusk"), abs=1.0
    )
    assert np.isnan(day.twilight_utc_s["civil"][0])
    (window,) = day.windows["civil"][0]
    assert window.end_utc_s is None


def test_the_date_line():
    """179.9 E on 11 March and 179.9 W on 10 March see the same evening; 179.9 W lies
    0.2 deg further east, so its Sun sets 48 s earlier."""
    east = sun.find_elevation_times(dt.date(2018, 3, 11), -17.8, 179.9, -0.8333).time_utc_s
    west = sun.find_elevation_times(dt.date(2018, 3, 10), -17.8, -179.9, -0.8333).time_utc_s
    assert east - west == pytest.approx(0.2 / 360.98 * 86_400, abs=2.0)
    # 300 E is 60 W.
    a = sun.find_elevation_times(dt.date(2018, 3, 10), 40.0, 300.0, -6.0).time_utc_s
    b = sun.find_elevation_times(dt.date(2018, 3, 10), 40.0, -60.0, -6.0).time_utc_s
    assert a == pytest.approx(b, abs=1e-6)


def test_scalar_and_array_inputs_agree():
    dates = np.array(["2018-03-10", "2030-07-01"], dtype="datetime64[D]")
    lat = np.array([24.4, -33.9, 51.5])[:, None, None]
    lon = np.array([54.6, 151.2, -0.1])[:, None, None]
    targets = np.array([6.0, -0.8333, -6.0])
    grid = sun.find_elevation_times(dates[None, :, None], lat, lon, targets)
    assert grid.time_utc_s.shape == (3, 2, 3)
    for i, j, k in np.ndindex(3, 2, 3):
        one = sun.find_elevation_times(
            dates[j].astype(object), float(lat[i, 0, 0]), float(lon[i, 0, 0]), targets[k]
        )
        assert isinstance(one.time_utc_s, float)
        assert one.time_utc_s == grid.time_utc_s[i, j, k]
    threads = sun.find_elevation_times(dates[None, :, None], lat, lon, targets, workers=1)
    np.testing.assert_array_equal(threads.time_utc_s, grid.time_utc_s)


def test_dates_as_python_dates_and_datetime64_agree():
    a = sun.find_elevation_times([dt.date(2018, 3, 10), dt.date(2018, 3, 11)], 24.4, 54.6, -6.0)
    b = sun.find_elevation_times(
        np.array(["2018-03-10", "2018-03-11"], dtype="datetime64[D]"), 24.4, 54.6, -6.0
    )
    np.testing.assert_array_equal(a.time_utc_s, b.time_utc_s)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"date": dt.date(1949, 12, 31)}, "date"),
        ({"date": dt.date(2101, 1, 1)}, "date"),
        ({"date": dt.datetime(2018, 3, 10, tzinfo=dt.UTC)}, "date"),
        ({"latitude_deg": 91.0}, "latitude_deg"),
        ({"longitude_deg": 360.0}, "longitude_deg"),
        ({"elevation_deg": 95.0}, "elevation_deg"),
        ({"at": "noon"}, "at"),
    ],
)
def test_bad_input_names_the_field(kwargs, field):
    args = {
        "date": dt.date(2018, 3, 10),
        "latitude_deg": 24.4,
        "longitude_deg": 54.6,
        "elevation_deg": -0.8333,
    }
    args.update(kwargs)
    with pytest.raises(InputError, match=field):
        sun.find_elevation_times(**args)


def test_times_outside_the_ephemeris_are_refused():
    with pytest.raises(OutOfRangeError, match="time_utc_s"):
        sun.solar_position(-2.3e9, 0.0, 0.0)


def test_positions_scalar_and_array_agree():
    times = 1_520_690_400.0 + np.arange(0.0, 3600.0, 600.0)
    array = sun.solar_position(times, 24.4, 54.6)
    for k, t in enumerate(times):
        one = sun.solar_position(t, 24.4, 54.6)
        assert isinstance(one.elevation_deg, float)
        assert one.elevation_deg == pytest.approx(array.elevation_deg[k], abs=1e-9)
        assert one.azimuth_deg == pytest.approx(array.azimuth_deg[k], abs=1e-9)


def test_module_examples_run():
    import doctest

    from duskfall import ephemeris, refraction

    for module in (sun, light, refraction, ephemeris):
        assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize("dut1", [float("nan"), float("inf"), 1e6, -1.0])
def test_ut1_minus_utc_beyond_the_iers_bound_is_refused(dut1):
    """IERS keeps UT1 - UTC within 0.9 s; NaN gave no event with the status of one."""
    with pytest.raises(InputError, match="ut1_minus_utc_s"):
        sun.find_elevation_times(dt.date(2018, 3, 10), 24.4, 54.6, -0.8333, "dusk", dut1)
