"""The visible horizon from altitude: the ray trace and why the Sun sets later up high.

Authorities
-----------
- The closed form of a power-law atmosphere n ~ r^-k (constant refraction coefficient
  k), where the ray equation integrates exactly: theta = arccos((r_g/r)^(1-k)) / (1-k).
- Bowditch, The American Practical Navigator (NGA Pub. 9, 2019), Table 22: dip of the
  sea horizon, 1.76' sqrt(h / m).
- Bennett, G. G. (1982), J. Navigation 35, 255: R = cot(h + 7.31 / (h + 4.4)) arcmin at
  10 C and 1010 hPa, a fit to the Pulkovo tables.
- astronomy-engine 2.1 ``SearchRiseSet(..., metersAboveGround)``: dip and refraction of
  an observer aloft from Sweer (1938), independent code and model.
"""

import datetime as dt

import numpy as np
import pytest

from duskfall import light, refraction, sun
from duskfall.constants import EARTH_MEAN_RADIUS_M, FOOT_M
from duskfall.errors import OutOfRangeError
from duskfall.timeutil import local_noon_utc_s

ONE_ARCSECOND_RAD = np.radians(1 / 3600)
ABU_DHABI = (24.4, 54.6)
SEED_DATE = dt.date(2018, 3, 10)
J2000_POSIX_S = 946_728_000.0


@pytest.mark.parametrize("k", [0.0, 0.13, 0.17, 0.5])
@pytest.mark.parametrize("height_m", [100.0, 7620.0, 30_000.0])
def test_ray_integrator_against_power_law_closed_form(k, height_m):
    ground = EARTH_MEAN_RADIUS_M

    def refractivity(r):
        return 1.0003 * (np.asarray(r) / ground) ** (-k) - 1.0

    edges = np.linspace(0.0, np.sqrt(height_m), 2001)
    theta = refraction.central_angle_rad(refractivity, ground, edges)[-1]
    exact = np.arccos((ground / (ground + height_m)) ** (1 - k)) / (1 - k)
    assert theta == pytest.approx(exact, abs=0.01 * ONE_ARCSECOND_RAD)


@pytest.mark.parametrize("height_m", [2.0, 10.0, 30.0, 100.0])
def test_dip_against_bowditch_table_22(height_m):
    """Bowditch: 1.76' sqrt(h), for the standard terrestrial refraction (k ~ 0.16-0.17).
    The US 1976 lapse rate at sea level gives k = 0.170."""
    assert sun.horizon_dip_deg(height_m) * 60 == pytest.approx(1.76 * np.sqrt(height_m), rel=0.01)


def test_horizontal_refraction_against_bennett():
    """Bennett's 34.5' at 10 C, 1010 hPa is 34.0' at the standard 15 C, 1013.25 hPa
    (refraction scales with P/T). The ray trace of the US 1976 atmosphere gives 33.0':
    its 6.5 K/km lapse rate bends a grazing ray less than the Pulkovo tables' air.
    Horizontal refraction changes by several minutes of arc with the weather."""
    bennett = 1 / np.tan(np.radians(7.31 / 4.4)) * (1013.25 / 1010) * (283.15 / 288.15)
    assert bennett == pytest.approx(34.0, abs=0.05)
    assert refraction.horizontal_refraction_us1976_deg(0.0) * 60 == pytest.approx(bennett, rel=0.04)
    assert refraction.horizontal_refraction_deg(0.0) * 60 == pytest.approx(34.0)


def test_sea_level_horizon_is_the_almanac_horizon():
    assert sun.visible_horizon_elevation_deg(0.0) == pytest.approx(-34 / 60)
    assert sun.sunset_elevation_deg(0.0) == pytest.approx(-50 / 60)
    assert sun.horizon_depression_deg(0.0) == pytest.approx(0.0, abs=1e-12)


def test_horizon_decomposition_at_25000ft():
    """The angle at the Earth's centre is the apparent dip plus the bending below the
    observer. Refraction lifts the horizon the jumper sees (the dip is smaller than the
    airless arccos(R / (R + h))), but the Sun behind that horizon is lower still."""
    h = 25_000 * FOOT_M
    theta = refraction.horizon_central_angle_deg(h)
    dip = refraction.apparent_dip_deg(h)
    airless = np.degrees(np.arccos(EARTH_MEAN_RADIUS_M / (EARTH_MEAN_RADIUS_M + h)))
    assert dip == pytest.approx(2.615, abs=0.001)
    assert theta == pytest.approx(3.048, abs=0.001)
    assert dip < airless < theta
    # theta = dip + bending below the observer: 26' of extra refraction.
    assert (theta - dip) * 60 == pytest.approx(25.9, abs=0.1)


def test_table_interpolation_against_direct_integration():
    rng = np.random.default_rng(4)
    for ground, above in zip(rng.uniform(-500, 9000, 12), rng.uniform(0, 40_000, 12), strict=True):
        radius = EARTH_MEAN_RADIUS_M + ground
        edges = np.linspace(0.0, np.sqrt(above), 4001)
        direct = refraction.central_angle_rad(refraction._us1976_refractivity, radius, edges)[-1]
        table = np.radians(refraction.horizon_central_angle_deg(ground + above, ground))
        assert table == pytest.approx(direct, abs=0.01 * ONE_ARCSECOND_RAD)


def _sunset(date, lat, lon, altitude_m):
    return light.find_light_events(date, lat, lon, -0.8333, altitude_m, 0.0).time_utc_s


def test_sunset_at_25000ft_lags_the_ground_by_13_4_minutes_and_why():
    """Seed: 24.4 N 54.6 E, 2018-03-10, sea-level horizon. The jumper's horizon is 3.048
    deg lower (2.615 deg of dip and 0.432 deg of extra refraction below the jumper) and
    the Sun sinks at 0.227 deg/min there and then: 3.048 / 0.227 = 13.4 min."""
    h = 25_000 * FOOT_M
    ground = _sunset(SEED_DATE, *ABU_DHABI, 0.0)
    aloft = _sunset(SEED_DATE, *ABU_DHABI, h)
    lag_min = (aloft - ground) / 60
    assert lag_min == pytest.approx(13.4, abs=0.05)
    e1 = sun.solar_position(ground, *ABU_DHABI).elevation_deg
    e2 = sun.solar_position(aloft, *ABU_DHABI).elevation_deg
    rate = (e1 - e2) / lag_min
    assert rate == pytest.approx(0.227, abs=0.001)
    assert e1 - e2 == pytest.approx(sun.horizon_depression_deg(h), abs=1e-6)


@pytest.mark.parametrize(
    ("lat", "low", "high"),
    [(0.0, 12.0, 13.5), (15.0, 12.5, 14.0), (24.4, 13.3, 15.1), (35.0, 14.8, 17.4)],
)
def test_lag_at_25000ft_is_12_to_17_minutes_at_low_and_middle_latitudes(lat, low, high):
    """DESIGN: 12-17 minutes at low and middle latitudes; longer at the solstices and
    towards the poles, where the Sun sets at a slant."""
    lags = [
        (_sunset(d, lat, 54.6, 7620.0) - _sunset(d, lat, 54.6, 0.0)) / 60
        for d in (dt.date(2018, 3, 20), dt.date(2018, 6, 21), dt.date(2018, 12, 21))
    ]
    assert low <= min(lags)
    assert max(lags) <= high


@pytest.mark.parametrize("lat", [0.0, 24.4, 45.0, 55.0])
@pytest.mark.parametrize("date", [dt.date(2018, 3, 10), dt.date(2018, 6, 21)])
def test_lag_at_25000ft_against_astronomy_engine(lat, date):
    """astronomy-engine's metersAboveGround (Sweer's refraction coefficient,
    k = 0.144 for this ray) puts the horizon 0.02 deg (0.7 %) higher than our ray trace
    through the US 1976 profile: the lags agree within 1 %, 5-12 s, well inside the
    weather's tens of seconds."""
    astronomy = pytest.importorskip("astronomy")
    lon = 54.6
    noon = local_noon_utc_s(date, lon)
    start = astronomy.Time((noon - 1800.0 - J2000_POSIX_S) / 86_400.0)
    ground = astronomy.SearchRiseSet(
        astronomy.Body.Sun, astronomy.Observer(lat, lon, 0.0), astronomy.Direction.Set, start, 1.0
    )
    aloft = astronomy.SearchRiseSet(
        astronomy.Body.Sun,
        astronomy.Observer(lat, lon, 7620.0),
        astronomy.Direction.Set,
        start,
        1.0,
        metersAboveGround=7620.0,
    )
    theirs = (aloft.ut - ground.ut) * 86_400.0
    ours = _sunset(date, lat, lon, 7620.0) - _sunset(date, lat, lon, 0.0)
    assert ours == pytest.approx(theirs, rel=0.01)


def test_mountains_of_the_terrain_lower_the_refraction():
    """Terrain at 2,000 m: 28.3' of horizontal refraction (ray trace scaled to 34' at sea
    level) against astronomy-engine's 34' x density ratio 0.822 = 27.9'."""
    assert refraction.horizontal_refraction_deg(2000.0) * 60 == pytest.approx(27.9, abs=0.5)


def test_scalar_and_array_horizon_agree():
    heights = np.array([0.0, 1000.0, 7620.0, 20_000.0, 100_000.0])
    array = sun.visible_horizon_elevation_deg(heights, 50.0)
    for h, value in zip(heights, array, strict=True):
        scalar = sun.visible_horizon_elevation_deg(h, 50.0)
        assert isinstance(scalar, float)
        assert scalar == pytest.approx(value, abs=1e-12)
    assert np.all(np.diff(array) < 0)
    mixed = sun.visible_horizon_elevation_deg(heights, np.array([0.0, 0.0, 50.0, 50.0, 9000.0]))
    assert mixed[2] == pytest.approx(array[2], abs=1e-12)


@pytest.mark.parametrize(
    ("altitude", "ground", "field"),
    [(-600.0, 0.0, "altitude_m"), (100_001.0, 0.0, "altitude_m"), (0.0, 9500.0, "ground")],
)
def test_bad_altitudes_name_the_field(altitude, ground, field):
    with pytest.raises(sun.OutOfRangeError, match=field):
        sun.visible_horizon_elevation_deg(altitude, ground)


TRACE_REBUILD_RTOL = 1e-9
TRACE_REBUILD_ATOL = 1e-12
"""The shipped horizon tables against the ray trace run again here: one build of numpy
measured 2.5e-10 relative, 3.9e-14 absolute (the tables' units, at the zeros of their
first column); four times and 25 times that."""


def test_shipped_horizon_tables_are_the_ray_trace():
    """The horizon tables shipped with the package are the ray trace through ambiance's
    1976 standard (scripts/make_tables.py), to :data:`TRACE_REBUILD_RTOL`: numpy's exp and
    power differ in the last bit from one build to another, and the trace's adaptive steps
    carry that to a few parts in 1e10."""
    from duskfall import refraction

    shipped = refraction._tables()
    for ours, fresh in zip(shipped, refraction.compute_tables(), strict=True):
        np.testing.assert_allclose(ours, fresh, rtol=TRACE_REBUILD_RTOL, atol=TRACE_REBUILD_ATOL)


def test_one_observers_horizon_is_kept_and_the_same_as_in_an_array():
    """A single observer's horizon (kept: a plan asks for it hundreds of times) is the
    array's value to the last bit, and a bad altitude or ground is still refused."""
    heights = np.array([0.0, 1500.0, 7620.0, 30_000.0])
    angles = refraction.horizon_central_angle_deg(heights, 50.0)
    for height, angle in zip(heights, angles, strict=True):
        assert refraction.horizon_central_angle_deg(float(height), 50.0) == angle
        hits = refraction._central_angle_at.cache_info().hits
        assert refraction.horizon_central_angle_deg(float(height), 50.0) == angle
        assert refraction._central_angle_at.cache_info().hits == hits + 1  # kept
    grounds = np.array([-100.0, 0.0, 2000.0])
    bending = refraction.horizontal_refraction_deg(grounds)
    for ground, value in zip(grounds, bending, strict=True):
        assert refraction.horizontal_refraction_deg(float(ground)) == value
    for _ in range(2):
        with pytest.raises(OutOfRangeError):
            refraction.horizon_central_angle_deg(200_000.0, 0.0)
        with pytest.raises(OutOfRangeError):
            refraction.horizontal_refraction_deg(10_000.0)
