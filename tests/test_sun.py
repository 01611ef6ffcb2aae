"""Solar position and horizon against independent references.

Dates are drawn after 1972: before then skyfield reads UTC with the 1972 offset from TAI,
which puts its UT1 about 7 s away from the UTC of the day.

Authorities: skyfield 1.4x with the JPL DE421 ephemeris (test-only oracle); the
Bowditch dip formula (American Practical Navigator, Table 22, dip = 1.76' sqrt(h m)).
"""

import datetime as dt

import numpy as np
import pytest

from duskfall import sun
from duskfall.constants import FOOT_M
from duskfall.errors import OutOfRangeError
from duskfall.timeutil import utc_seconds

# The IAU models through ERFA agree with DE421 within 1.2" (test_sun_oracle.py); skyfield
# is given UTC here, so its UT1 - UTC (under 0.9 s, 3.8" of rotation) is in the tolerance.
POSITION_TOLERANCE_DEG = 12 / 3600


def test_random_positions_against_skyfield_de421(skyfield_sun):
    rng = np.random.default_rng(20180310)
    latitudes = rng.uniform(-65, 65, 40)
    longitudes = rng.uniform(-180, 180, 40)
    seconds = rng.uniform(
        utc_seconds(dt.datetime(1972, 1, 1, tzinfo=dt.UTC)),
        utc_seconds(dt.datetime(2045, 1, 1, tzinfo=dt.UTC)),
        40,
    )
    for lat, lon, s in zip(latitudes, longitudes, seconds, strict=True):
        timescale, observer, body, _ = skyfield_sun(lat, lon)
        when = timescale.from_datetime(dt.datetime.fromtimestamp(s, dt.UTC))
        altitude, azimuth, _ = observer.at(when).observe(body).apparent().altaz()
        ours = sun.solar_position(s, lat, lon)
        assert ours.elevation_deg == pytest.approx(altitude.degrees, abs=POSITION_TOLERANCE_DEG)
        # An error e in position moves the azimuth by up to e / cos(elevation).
        difference = (ours.azimuth_deg - azimuth.degrees + 180) % 360 - 180
        tolerance = POSITION_TOLERANCE_DEG / max(np.cos(np.radians(altitude.degrees)), 0.1)
        assert difference == pytest.approx(0, abs=tolerance)


def test_scalar_and_array_agree():
    times = utc_seconds(dt.datetime(2018, 3, 10, 14, tzinfo=dt.UTC)) + np.arange(0, 3600, 600.0)
    array = sun.solar_position(times, 24.4, 54.6)
    assert isinstance(sun.solar_position(times[2], 24.4, 54.6).elevation_deg, float)
    assert array.elevation_deg[2] == sun.solar_position(times[2], 24.4, 54.6).elevation_deg


def test_dip_against_bowditch_at_25000ft():
    """Bowditch: dip [arcmin] = 1.76 sqrt(h [m]) (standard terrestrial refraction). At
    25,000 ft the ray climbs through thinner air, where the US 1976 profile bends it less
    (k = 0.14 on average against 0.17 at sea level): the dip is 2.1 % larger."""
    h = 25_000 * FOOT_M
    assert sun.horizon_dip_deg(h) == pytest.approx(1.76 * np.sqrt(h) / 60, rel=0.025)


def test_visible_horizon_at_ground_is_standard_refraction():
    """At sea level the visible horizon is where refraction of 34' puts it."""
    assert sun.visible_horizon_elevation_deg(0.0, 0.0) == pytest.approx(-34 / 60)


@pytest.mark.parametrize(("lat", "lon"), [(91, 0), (-90.5, 0), (0, 360), (0, -181)])
def test_bad_coordinates_name_the_field(lat, lon):
    with pytest.raises(OutOfRangeError, match=r"(latitude|longitude)_deg"):
        sun.solar_position(0.0, lat, lon)
