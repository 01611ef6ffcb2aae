"""The solar model against ephemerides we did not compute.

Authorities
-----------
- skyfield 1.4x with the JPL DE421 ephemeris (test-only oracle), 1950-2050: positions
  and sunset / twilight times (``almanac.find_settings`` with the same horizon).
- astronomy-engine 2.1 (VSOP87-based, independent code), 2050-2100, where DE421 ends.
- NREL SPA as implemented by pvlib (Reda and Andreas 2008), positions 2050-2100.

Time scales: duskfall takes UT1 = UTC (see duskfall.ephemeris). skyfield reads UTC before
1972 with the 1972 offset from TAI and predicts its own UT1 - UTC after its tables, so it
is given our UTC as UT1 (``ts.ut1_jd``) and its results are read back as UT1: the
ephemerides are compared alone, in one time scale. astronomy-engine's ``Time`` is UT1.
"""

import datetime as dt

import numpy as np
import pytest

from duskfall import sun
from duskfall.timeutil import local_noon_utc_s

ONE_SECOND = 1.0
ONE_ARCSECOND_DEG = 1 / 3600
POSITION_TOLERANCE_DEG = 2 * ONE_ARCSECOND_DEG
"""2": what separates the models (Delta T predictions after 2020, diurnal aberration);
0.1-0.2 s of time at the horizon."""
UNIX_EPOCH_JD = 2_440_587.5
J2000_POSIX_S = 946_728_000.0  # 2000-01-01T12:00Z, astronomy-engine's time origin


def posix_from_ut1_jd(jd):
    return (np.asarray(jd) - UNIX_EPOCH_JD) * 86_400.0


def random_cases(seed, n, first_year, last_year, max_latitude=65.0):
    rng = np.random.default_rng(seed)
    first = (dt.date(first_year, 1, 1) - dt.date(1970, 1, 1)).days
    last = (dt.date(last_year, 12, 31) - dt.date(1970, 1, 1)).days
    return (
        rng.uniform(-max_latitude, max_latitude, n),
        rng.uniform(-180.0, 180.0, n),
        rng.integers(first, last, n).astype("datetime64[D]"),
    )


def test_positions_against_skyfield_de421_1950_2050(skyfield_sun):
    from skyfield.api import wgs84

    timescale, _, body, ephemeris = skyfield_sun(0.0, 0.0)
    rng = np.random.default_rng(20180310)
    n = 400
    lat, lon = rng.uniform(-65, 65, n), rng.uniform(-180, 180, n)
    seconds = rng.uniform(-631_152_000.0, 2_524_608_000.0, n)  # 1950-2050
    when = timescale.ut1_jd(seconds / 86_400.0 + UNIX_EPOCH_JD)
    observer = ephemeris["earth"] + wgs84.latlon(lat, lon)
    altitude, azimuth, _ = observer.at(when).observe(body).apparent().altaz()
    ours = sun.solar_position(seconds, lat, lon)
    assert np.max(np.abs(ours.elevation_deg - altitude.degrees)) < POSITION_TOLERANCE_DEG
    # An error e in position moves the azimuth by e / cos(elevation).
    turn = (ours.azimuth_deg - azimuth.degrees + 180.0) % 360.0 - 180.0
    assert np.max(np.abs(turn * np.cos(altitude.radians))) < POSITION_TOLERANCE_DEG


@pytest.mark.parametrize(
    ("target_deg", "seed"), [(-0.8333, 1), (-6.0, 2), (-3.881, 3)], ids=["sunset", "civil", "25kft"]
)
def test_dusk_events_against_skyfield_find_settings(skyfield_sun, target_deg, seed):
    """Random sites and dates 1950-2050, |lat| <= 65: within 1 s of skyfield's root for
    the same geometric elevation of the Sun's centre (the horizon model is not tested
    here: the 25,000 ft target is our model's sunset elevation, given to both)."""
    from skyfield import almanac

    lat, lon, dates = random_cases(seed, 120, 1950, 2049)
    ours = sun.find_elevation_times(dates, lat, lon, target_deg)
    timescale, *_ = skyfield_sun(0.0, 0.0)
    worst = 0.0
    for i in range(lat.size):
        if ours.status[i] != sun.EVENT:
            continue
        _, observer, body, _ = skyfield_sun(lat[i], lon[i])
        noon = local_noon_utc_s(dates[i].astype(object), lon[i])
        start = timescale.ut1_jd(noon / 86_400.0 + UNIX_EPOCH_JD - 0.05)
        end = timescale.ut1_jd(noon / 86_400.0 + UNIX_EPOCH_JD + 0.55)
        times, crosses = almanac.find_settings(observer, body, start, end, target_deg)
        oracle = posix_from_ut1_jd(times.ut1[crosses])
        assert oracle.size == 1, (lat[i], lon[i], dates[i])
        worst = max(worst, abs(ours.time_utc_s[i] - oracle[0]))
    assert worst < ONE_SECOND


def test_dawn_events_against_skyfield_find_risings(skyfield_sun):
    from skyfield import almanac

    lat, lon, dates = random_cases(7, 80, 1950, 2049)
    ours = sun.find_elevation_times(dates, lat, lon, -0.8333, at="dawn")
    timescale, *_ = skyfield_sun(0.0, 0.0)
    for i in range(lat.size):
        _, observer, body, _ = skyfield_sun(lat[i], lon[i])
        noon = local_noon_utc_s(dates[i].astype(object), lon[i])
        start = timescale.ut1_jd(noon / 86_400.0 + UNIX_EPOCH_JD - 0.55)
        end = timescale.ut1_jd(noon / 86_400.0 + UNIX_EPOCH_JD + 0.05)
        times, crosses = almanac.find_risings(observer, body, start, end, -0.8333)
        oracle = posix_from_ut1_jd(times.ut1[crosses])
        assert ours.time_utc_s[i] == pytest.approx(oracle[0], abs=ONE_SECOND)


def test_sunsets_2050_2100_against_astronomy_engine():
    """Beyond DE421: astronomy-engine's SearchAltitude for the same -0.8333 deg and -6 deg."""
    astronomy = pytest.importorskip("astronomy")
    lat, lon, dates = random_cases(2100, 150, 2050, 2100)
    for target in (-0.8333, -6.0):
        ours = sun.find_elevation_times(dates, lat, lon, target)
        for i in range(lat.size):
            if ours.status[i] != sun.EVENT:
                continue
            noon = local_noon_utc_s(dates[i].astype(object), lon[i])
            start = astronomy.Time((noon - 1800.0 - J2000_POSIX_S) / 86_400.0)
            found = astronomy.SearchAltitude(
                astronomy.Body.Sun,
                astronomy.Observer(lat[i], lon[i], 0.0),
                astronomy.Direction.Set,
                start,
                1.0,
                target,
            )
            oracle = found.ut * 86_400.0 + J2000_POSIX_S
            assert ours.time_utc_s[i] == pytest.approx(oracle, abs=ONE_SECOND)


def test_positions_2050_2100_against_nrel_spa():
    """pvlib's SPA (Reda and Andreas 2004), topocentric, no refraction (pressure 0)."""
    spa = pytest.importorskip("pvlib.spa")
    rng = np.random.default_rng(2)
    n = 300
    lat, lon = rng.uniform(-65, 65, n), rng.uniform(-180, 180, n)
    seconds = rng.uniform(2_524_608_000.0, 4_133_894_400.0, n)  # 2050-2100
    year = 1970 + seconds / 31_556_952.0
    delta_t = sun.ephemeris.delta_t_s(year)  # the same Delta T, so UT1 and TT agree
    elevations = []
    for i in range(n):
        result = spa.solar_position_numpy(
            np.array([seconds[i]]), lat[i], lon[i], 0.0, 0.0, 10.0, delta_t[i], 0.0, 1
        )
        elevations.append(90.0 - result[1][0])  # zenith without refraction
    ours = sun.solar_position(seconds, lat, lon).elevation_deg
    assert np.max(np.abs(ours - np.array(elevations))) < POSITION_TOLERANCE_DEG


def test_first_and_last_dates_are_supported(skyfield_sun):
    """1950-01-01 against skyfield, 2100-12-31 against astronomy-engine."""
    astronomy = pytest.importorskip("astronomy")
    from skyfield import almanac

    first = sun.find_elevation_times(dt.date(1950, 1, 1), 51.48, 0.0, -0.8333)
    timescale, observer, body, _ = skyfield_sun(51.48, 0.0)
    times, _ = almanac.find_settings(
        observer,
        body,
        timescale.ut1(1950, 1, 1, 12),
        timescale.ut1(1950, 1, 1, 23),
        -0.8333,
    )
    assert first.time_utc_s == pytest.approx(posix_from_ut1_jd(times.ut1[0]), abs=ONE_SECOND)

    last = sun.find_elevation_times(dt.date(2100, 12, 31), -33.9, 151.2, -0.8333)
    found = astronomy.SearchAltitude(
        astronomy.Body.Sun,
        astronomy.Observer(-33.9, 151.2, 0.0),
        astronomy.Direction.Set,
        astronomy.Time.Make(2100, 12, 31, 0, 0, 0),
        1.0,
        -0.8333,
    )
    assert last.time_utc_s == pytest.approx(found.ut * 86_400.0 + J2000_POSIX_S, abs=ONE_SECOND)
