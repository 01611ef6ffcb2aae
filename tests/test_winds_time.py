"""An hourly forecast in time: the two profiles around each time, weighed linearly.

Authority: linear interpolation worked by hand (a profile whose winds grow by a known
amount per hour and per metre), at scalar and array times, across brackets and beyond
the first and last hour (held)."""

import numpy as np
import pytest

from duskfall.winds import LayeredWind, TimeLayeredWind

EXACT = 1e-12
"""Sums of a few products of small numbers: equal to rounding [m/s]."""


def _hourly(hours: int = 5) -> TimeLayeredWind:
    """From 270 (toward east) at 10 + h m/s at the ground and 20 + h at 1,000 m, h the
    hour; from 360 (toward south) at 1 m/s on top, so the north component is -1."""
    profiles = []
    for h in range(hours):
        profiles.append(
            LayeredWind(
                (0.0, 1000.0, 2000.0),
                (270.0, 270.0, 360.0),
                (10.0 + h, 20.0 + h, 1.0),
                valid_time_utc_s=3600.0 * h,
            )
        )
    return TimeLayeredWind(tuple(profiles), 0.0)


def expected_east(altitude_m, time_utc_s):
    """By hand: (10 + h) + (10 altitude / 1,000) below 1,000 m, h clipped to 0-4."""
    hours = np.clip(np.asarray(time_utc_s) / 3600.0, 0.0, 4.0)
    return 10.0 + hours + 10.0 * np.asarray(altitude_m) / 1000.0


def test_scalar_time_scalar_altitude():
    east, north = _hourly().velocity_enu_mps(250.0, 5400.0)  # 1.5 h: 11.5 + 2.5
    assert isinstance(east, float)
    assert east == pytest.approx(14.0, abs=EXACT)
    assert north == pytest.approx(0.0, abs=EXACT)


def test_arrays_of_times_across_brackets_and_beyond():
    wind = _hourly()
    times = np.array([-600.0, 0.0, 1800.0, 3600.0, 9000.0, 14_400.0, 20_000.0])
    altitudes = np.linspace(0.0, 900.0, times.size)
    east, north = wind.velocity_enu_mps(altitudes, times)
    assert east == pytest.approx(expected_east(altitudes, times), abs=EXACT)
    assert north == pytest.approx(np.zeros(times.size), abs=EXACT)


def test_one_time_for_many_altitudes_and_broadcasting():
    wind = _hourly()
    altitudes = np.array([[0.0, 500.0], [900.0, 2000.0]])
    east, north = wind.velocity_enu_mps(altitudes, 7200.0)
    assert east.shape == (2, 2)
    assert east[0] == pytest.approx(expected_east(altitudes[0], 7200.0), abs=EXACT)
    assert north[1, 1] == pytest.approx(-1.0, abs=EXACT)
    east, _ = wind.velocity_enu_mps(500.0, np.array([0.0, 3600.0, 5400.0]))
    assert east == pytest.approx([15.0, 16.0, 16.5], abs=EXACT)


def test_default_time_is_the_reference_time():
    wind = TimeLayeredWind(_hourly().profiles, 7200.0)
    assert wind.velocity_enu_mps(0.0) == pytest.approx((12.0, 0.0), abs=EXACT)


def test_single_profile():
    only = _hourly(1)
    assert only.velocity_enu_mps(1000.0, 1e6) == pytest.approx((20.0, 0.0), abs=EXACT)
