"""Weather aloft carried by wind profiles: temperature and cloud cover by level, validity.

Authority: hand-computed linear interpolations (in altitude and in time) and running
maxima; the defaults leave every existing profile unchanged.
"""

import numpy as np
import pytest

from duskfall.errors import InputError
from duskfall.reports import wording
from duskfall.reports.formatting import AVIATION, METRIC
from duskfall.winds import LayeredWind, TimeLayeredWind

LEVELS = (0.0, 1000.0, 3000.0)


def _wind(**fields) -> LayeredWind:
    return LayeredWind(LEVELS, (270.0, 280.0, 290.0), (5.0, 10.0, 20.0), **fields)


def test_defaults_change_nothing():
    wind = _wind()
    assert wind.temperature_k is None
    assert not wind.has_temperature
    assert wind.temperature_k_at(500.0) is None
    assert wind.cloud_cover_at(500.0) is None
    assert wind.validity_notices(0.0, 1e9) == ()
    assert wind.notices == ()


def test_temperature_linear_between_known_levels_held_beyond_scalar_and_array():
    wind = _wind(temperature_k=(None, 280.0, 270.0))
    assert wind.temperature_k_at(2000.0) == 275.0
    assert isinstance(wind.temperature_k_at(2000.0), float)
    assert wind.temperature_k_at(0.0) == 280.0  # held below the lowest known level
    assert wind.temperature_k_at(9000.0) == 270.0  # and above the highest
    assert np.array_equal(wind.temperature_k_at(np.array([1000.0, 2500.0])), [280.0, 272.5])
    assert wind.temperature_span_m == (1000.0, 3000.0)


def test_max_cloud_cover_at_and_below():
    wind = _wind(cloud_cover=(0.2, 0.9, 0.1))
    assert wind.cloud_cover_at(2000.0) == pytest.approx(0.5)
    assert wind.max_cloud_cover_below(500.0) == pytest.approx(0.55)  # the value at 500 m
    assert wind.max_cloud_cover_below(2000.0) == pytest.approx(0.9)  # the 1,000 m level
    below = wind.max_cloud_cover_below(np.array([0.0, 500.0, 3000.0, 5000.0]))
    assert below == pytest.approx([0.2, 0.55, 0.9, 0.9])


def test_time_interpolation_of_the_weather():
    early = _wind(valid_time_utc_s=0.0, temperature_k=(290, 280, 270), cloud_cover=(0, 1, 0))
    late = _wind(valid_time_utc_s=3600.0, temperature_k=(292, 282, 272), cloud_cover=(0, 0, 0))
    wind = TimeLayeredWind((early, late), 0.0)
    assert wind.temperature_k_at(1000.0, 900.0) == pytest.approx(280.5)
    assert wind.temperature_k_at(np.array([0.0, 1000.0]), 1800.0) == pytest.approx([291, 281])
    assert wind.temperature_k_at(1000.0, np.array([0.0, 3600.0])) == pytest.approx([280, 282])
    assert wind.cloud_cover_at(1000.0, 1800.0) == pytest.approx(0.5)
    # Cloud does not average away: the larger of the two hours around the time.
    assert wind.max_cloud_cover_below(2000.0, 1800.0) == pytest.approx(1.0)
    assert wind.temperature_k_at(1000.0, 99_999.0) == pytest.approx(282.0)  # held


def test_validity_notice_and_its_wording():
    wind = _wind(valid_from_utc_s=1_520_690_400.0, valid_to_utc_s=1_520_715_600.0)
    assert wind.validity_notices(1_520_700_000.0) == ()
    (notice,) = wind.validity_notices(1_520_716_000.0, 1_520_716_100.0)
    assert notice.severity == "warn"
    assert notice.values["valid_to_utc_s"] == 1_520_715_600.0
    for units in (AVIATION, METRIC):
        text = wording.describe(notice, units)
        assert "2018-03-10T14:00:00Z to 2018-03-10T21:00:00Z" in text


@pytest.mark.parametrize(
    ("fields", "word"),
    [
        ({"temperature_k": (280.0, 270.0)}, "one value per wind level"),
        ({"temperature_k": (280.0, 270.0, 20.0)}, "150 to 350"),
        ({"temperature_k": (280.0, True, 270.0)}, "a number"),
        ({"cloud_cover": (0.0, 50.0, 0.0)}, "0 to 1"),
        ({"cloud_cover": (0.0, float("nan"), 0.0)}, "0 to 1"),
        ({"valid_from_utc_s": 10.0, "valid_to_utc_s": 5.0}, "ends after it starts"),
        ({"valid_from_utc_s": float("inf")}, "finite"),
    ],
)
def test_bad_weather_values_are_refused(fields, word):
    with pytest.raises(InputError, match=word):
        _wind(**fields)
