"""Light bands, windows and the exit-window search.

Authorities: skyfield + DE421 for the ground sunset (same -0.8333 deg definition);
the geometry of the window edges (analytic: the margin is zero at each edge).
"""

import datetime as dt

import numpy as np
import pytest

from duskfall import light, sun
from duskfall.errors import InputError
from duskfall.timeutil import local_noon_utc_s, utc_seconds

ABU_DHABI = (24.4, 54.6)


def test_ground_sunset_against_skyfield(skyfield_sun):
    """Skyfield's find_settings (-0.8333 deg) at 24.4 N 54.6 E on 2018-03-10."""
    from skyfield import almanac

    timescale, observer, body, _ = skyfield_sun(*ABU_DHABI)
    start = local_noon_utc_s(dt.date(2018, 3, 10), ABU_DHABI[1])
    times, _ = almanac.find_settings(
        observer, body, timescale.utc(2018, 3, 10, 8), timescale.utc(2018, 3, 10, 20)
    )
    oracle = utc_seconds(times[0].utc_datetime())
    ours = light.find_sunset(*ABU_DHABI, 0.0, 0.0, start, start + 43_200)
    assert ours == pytest.approx(oracle, abs=5.0)  # Meeus low precision: a few seconds


def test_sunset_at_25000ft_is_12_to_17_minutes_later():
    """DESIGN: at 25,000 ft the sun sets 12-17 min after the ground at low latitudes."""
    start = local_noon_utc_s(dt.date(2018, 3, 10), ABU_DHABI[1])
    ground = light.find_sunset(*ABU_DHABI, 50.0, 50.0, start, start + 43_200)
    high = light.find_sunset(*ABU_DHABI, 7620.0, 50.0, start, start + 43_200)
    assert 12 * 60 <= high - ground <= 17 * 60


def test_find_windows_analytic_sine():
    """sin(2 pi t / 100) >= 0 on [0, 50] and [100, 150] within [0, 160]."""
    windows = light.find_windows(lambda t: np.sin(2 * np.pi * np.asarray(t) / 100), 0.0, 160.0, 7)
    assert windows[0].start_utc_s is None  # holds at the start: no edge inside
    assert windows[0].end_utc_s == pytest.approx(50.0, abs=light.TIME_TOLERANCE_S)
    assert windows[1].start_utc_s == pytest.approx(100.0, abs=light.TIME_TOLERANCE_S)
    assert windows[1].end_utc_s == pytest.approx(150.0, abs=light.TIME_TOLERANCE_S)


def test_exit_window_edges_sit_on_the_band_edges():
    """At the window's opening the exit point is at the band's top; at its closing the
    deployment point is at the band's bottom (dusk: the Sun sinks through the band)."""
    band = light.LIGHT_BANDS["lowsun"]
    tau = np.array([0.0, 50.0, 100.0])
    altitudes = np.array([7620.0, 4500.0, 1269.0])
    start = local_noon_utc_s(dt.date(2018, 3, 10), ABU_DHABI[1])
    (window,) = light.find_exit_window(
        tau, altitudes, band, *ABU_DHABI, 50.0, start, start + 43_200
    )
    at_exit = light.sun_above_horizon_deg(window.start_utc_s, *ABU_DHABI, 7620.0, 50.0)
    at_deploy = light.sun_above_horizon_deg(window.end_utc_s + 100.0, *ABU_DHABI, 1269.0, 50.0)
    assert at_exit == pytest.approx(6.0, abs=1e-3)
    assert at_deploy == pytest.approx(band.lower_deg, abs=1e-3)


def test_shadow_altitude_at_sunset_times():
    """The shadow altitude at the sunset time for 25,000 ft is 25,000 ft."""
    start = local_noon_utc_s(dt.date(2018, 3, 10), ABU_DHABI[1])
    t = light.find_sunset(*ABU_DHABI, 7620.0, 50.0, start, start + 43_200)
    assert light.shadow_altitude_m(t, *ABU_DHABI, 50.0) == pytest.approx(7620.0, abs=1.0)
    assert light.shadow_altitude_m(t - 3600, *ABU_DHABI, 50.0) == 50.0
    assert np.isinf(light.shadow_altitude_m(t + 6 * 3600, *ABU_DHABI, 50.0))


def test_polar_night_has_no_sunset():
    start = local_noon_utc_s(dt.date(2018, 12, 21), 15.0)
    assert light.find_sunset(80.0, 15.0, 0.0, 0.0, start, start + 43_200) is None


@pytest.mark.parametrize("spec", ["xyz", "3..1", "1..", "-100..0"])
def test_bad_band(spec):
    with pytest.raises(InputError, match="light"):
        light.light_band(spec)


def test_custom_band():
    band = light.light_band("-1..2")
    assert (band.lower_deg, band.upper_deg) == (-1.0, 2.0)


def test_visible_horizon_lowers_with_altitude():
    values = sun.visible_horizon_elevation_deg(np.array([0.0, 1000.0, 7620.0, 20000.0]))
    assert np.all(np.diff(values) < 0)
