"""Open-Meteo pressure-level responses: units, times, heights, weather aloft, bad answers.

Authorities: the Open-Meteo API documentation (https://open-meteo.com/en/docs:
"Pressure Level Variables" for the keys and units, "API Documentation" for
``wind_speed_unit`` (kmh, ms, mph, kn) and ``timeformat`` (ISO local times, or unixtime
"in GMT+0"), "JSON Return Object" for ``utc_offset_seconds``, ``timezone`` and
``elevation``, "Errors" for the ``{"error": true, "reason": ...}`` object); the units'
definitions (km/h = 1/3.6 m/s; the international knot, 1852 m/h, and mile, 1609.344 m);
the 1976 standard's z = r0 H / (r0 - H), r0 = 6,356,766 m (NOAA-S/T 76-1562, eq. 18);
hand-computed linear interpolations. The response itself is a fixture built in
``tests/openmeteo_sample.py`` in the documented format.
"""

import copy
import datetime as dt
import json

import numpy as np
import pytest

from duskfall.constants import KNOT_MPS
from duskfall.errors import InputError
from duskfall.io.openmeteo import parse_open_meteo, read_open_meteo
from duskfall.io.windfile import read_wind_file
from duskfall.reports import wording
from duskfall.reports.formatting import AVIATION
from duskfall.timeutil import iso_utc
from duskfall.winds import TimeLayeredWind, wind_components
from openmeteo_sample import LEVELS_HPA, response, response_text

R0 = 6_356_766.0
ONE_CM_PER_S = 0.01
ONE_CM = 0.01


def _posix(text: str) -> float:
    return dt.datetime.fromisoformat(text).timestamp()


def _parse(data: dict, **options) -> TimeLayeredWind:
    return parse_open_meteo(json.dumps(data, ensure_ascii=False), path="om.json", **options)


def test_a_profile_per_hour_with_times_in_utc():
    """ISO times are local; the API applied utc_offset_seconds (14,400 s) to them."""
    wind = parse_open_meteo(response_text())
    assert len(wind.profiles) == 24
    assert iso_utc(wind.valid_times_utc_s[0]) == "2018-03-09T20:00:00Z"  # 00:00 at UTC+4
    assert iso_utc(wind.valid_times_utc_s[-1]) == "2018-03-10T19:00:00Z"
    assert wind.reference_time_utc_s == wind.valid_times_utc_s[0]


def test_unixtime_is_utc_whatever_the_timezone():
    """Docs: with timeformat=unixtime all timestamps are in GMT+0."""
    iso = parse_open_meteo(response_text())
    unix = parse_open_meteo(response_text(timeformat="unixtime"))
    assert unix.valid_times_utc_s == iso.valid_times_utc_s


@pytest.mark.parametrize("unit", ["kn", "km/h", "m/s", "mp/h"])
def test_every_wind_speed_unit_gives_the_same_wind(unit):
    """The same wind written in each documented unit reads back the same, within the
    rounding of the file (0.1 of the unit: at most 0.05 m/s)."""
    knots = parse_open_meteo(response_text(speed_unit="kn")).profiles[5]
    other = parse_open_meteo(response_text(speed_unit=unit)).profiles[5]
    # Each file rounds to 0.1 of its unit: 0.05 kt + 0.05 km/h (or mph, m/s) at most apart.
    assert other.speed_mps == pytest.approx(knots.speed_mps, abs=0.05 * KNOT_MPS + 0.05)
    assert knots.speed_mps[0] == pytest.approx(
        round(8.0 + 110.902 / 300.0 + 5 / 4.0, 1) * KNOT_MPS, abs=ONE_CM_PER_S
    )


def test_geopotential_heights_become_geometric_altitudes():
    """US 1976 eq. 18 on the file's heights: 300 hPa at 9,164 gpm is 9,177 m."""
    data = response()
    wind = _parse(data)
    height = data["hourly"]["geopotential_height_300hPa"][3]
    level = LEVELS_HPA.index(300)
    assert wind.profiles[3].altitude_m[level] == pytest.approx(
        R0 * height / (R0 - height), abs=ONE_CM
    )
    assert wind.profiles[3].altitude_m[level] - height == pytest.approx(13.2, abs=0.1)


def test_temperature_and_cloud_cover_by_level_and_hour():
    """°C and °F both become kelvin; % becomes a fraction; linear in altitude and time."""
    celsius = parse_open_meteo(response_text())
    fahrenheit = parse_open_meteo(response_text(temperature_unit="°F"))
    first = celsius.profiles[0]
    # Both files round to 0.1 of their unit: 0.05 K + 0.05 F (0.028 K) at most apart.
    assert first.temperature_k == pytest.approx(fahrenheit.profiles[0].temperature_k, abs=0.08)
    data = response()
    t850 = data["hourly"]["temperature_850hPa"][0] + 273.15
    t800 = data["hourly"]["temperature_800hPa"][0] + 273.15
    z850, z800 = first.altitude_m[5], first.altitude_m[6]
    middle = (z850 + z800) / 2
    assert celsius.temperature_k_at(middle) == pytest.approx((t850 + t800) / 2, abs=1e-9)
    # Half an hour later: half-way to the next hour's values (0.1 C warmer there).
    halfway = celsius.valid_times_utc_s[0] + 1800.0
    later = celsius.profiles[1].temperature_k_at(middle)
    assert celsius.temperature_k_at(middle, halfway) == pytest.approx(
        (celsius.temperature_k_at(middle) + later) / 2, abs=1e-9
    )
    cover = data["hourly"]["cloud_cover_850hPa"][0] / 100
    assert first.cloud_cover_at(z850) == pytest.approx(cover)
    below = [data["hourly"][f"cloud_cover_{p}hPa"][0] / 100 for p in LEVELS_HPA[:7]]
    assert first.max_cloud_cover_below(z800) == pytest.approx(max(below))


def test_winds_interpolate_in_time_between_the_hours():
    wind = parse_open_meteo(response_text())
    z = wind.profiles[4].altitude_m[8]
    t4 = wind.valid_times_utc_s[4]
    e4, n4 = wind.profiles[4].velocity_enu_mps(z)
    e5, n5 = wind.profiles[5].velocity_enu_mps(z)
    east, north = wind.velocity_enu_mps(z, t4 + 900.0)
    assert east == pytest.approx(0.75 * e4 + 0.25 * e5, abs=1e-9)
    assert north == pytest.approx(0.75 * n4 + 0.25 * n5, abs=1e-9)


def test_file_without_temperature_or_cloud():
    data = response(cloud=False)
    for key in [k for k in data["hourly"] if k.startswith("temperature")]:
        del data["hourly"][key]
    wind = _parse(data)
    assert not wind.has_temperature
    assert wind.temperature_k_at(5000.0) is None
    assert wind.cloud_cover_at(5000.0) is None
    assert wind.max_cloud_cover_below(5000.0) is None


def test_levels_below_the_ground_are_left_out_with_a_notice():
    wind = _parse(response(elevation=300.0))
    assert all(p.altitude_m[0] > 300.0 for p in wind.profiles)
    (notice,) = wind.notices
    assert notice.code == "wind-levels-below-ground"
    assert notice.values["levels_hpa"] == (1000,)
    assert "1000 hPa" in wording.describe(notice, AVIATION)


def test_validity_and_the_planned_exit():
    wind = parse_open_meteo(response_text(), time_utc_s=_posix("2018-03-10T14:22:38+00:00"))
    assert iso_utc(wind.reference_time_utc_s) == "2018-03-10T14:22:38Z"
    assert wind.validity_notices(_posix("2018-03-10T14:22:38+00:00")) == ()
    (notice,) = wind.validity_notices(_posix("2018-03-10T19:30:00+00:00"))
    assert notice.code == "wind-outside-validity"
    with pytest.raises(InputError, match=r"om.json.*outside the forecast's hours"):
        _parse(response(), time_utc_s=_posix("2018-03-11T12:00:00+00:00"))


def test_one_model_suffix_is_read_and_a_far_point_flagged():
    wind = _parse(response(model="gfs_seamless"), target=(25.5, 54.6))
    assert "gfs_seamless" in wind.source
    (notice,) = wind.notices
    assert notice.code == "wind-far-from-target"
    assert notice.values["distance_m"] == pytest.approx(124_000, rel=0.01)
    assert _parse(response(), target=(24.4, 54.6)).notices == ()


def test_dispatcher_reads_it_by_content_and_by_suffix(tmp_path):
    for name in ("forecast.txt", "forecast.json"):
        path = tmp_path / name
        path.write_text(response_text(), encoding="utf-8")
        wind = read_wind_file(path, target=(24.4, 54.6), time_utc_s=_posix("2018-03-10T14:00Z"))
        assert isinstance(wind, TimeLayeredWind)
        assert name in wind.source
    assert read_open_meteo(path).valid_times_utc_s == wind.valid_times_utc_s


def test_direction_and_speed_become_components():
    wind = parse_open_meteo(response_text(speed_unit="m/s"))
    data = response(speed_unit="m/s")
    speed = data["hourly"]["wind_speed_500hPa"][2]
    direction = data["hourly"]["wind_direction_500hPa"][2]
    profile = wind.profiles[2]
    z = profile.altitude_m[LEVELS_HPA.index(500)]
    assert profile.velocity_enu_mps(z) == pytest.approx(wind_components(direction, speed), abs=1e-9)


def _broken(change) -> dict:
    data = copy.deepcopy(response(hours=3))
    change(data)
    return data


def _set(key, index, value):
    def change(data):
        data["hourly"][key][index] = value

    return change


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (_set("wind_speed_850hPa", 1, None), ["hourly.wind_speed_850hPa[1]", "null"]),
        (_set("wind_speed_850hPa", 1, "12"), ["wind_speed_850hPa[1]", "'12'"]),
        (_set("wind_speed_850hPa", 1, True), ["wind_speed_850hPa[1]", "True"]),
        (_set("wind_speed_850hPa", 1, 300), ["wind_speed_850hPa[1]", "0 to 250 kn"]),
        (_set("wind_direction_500hPa", 0, 400), ["wind_direction_500hPa[0]", "0 to 360"]),
        (_set("temperature_500hPa", 0, 120), ["temperature_500hPa[0]", "°C"]),
        (_set("cloud_cover_500hPa", 0, 130), ["cloud_cover_500hPa[0]", "0 to 100 %"]),
        (_set("geopotential_height_700hPa", 2, 100.0), ["heights that do not increase"]),
        (lambda d: d["hourly"].pop("wind_direction_700hPa"), ["wind_direction_700hPa", "missing"]),
        (lambda d: d["hourly_units"].update(wind_speed_850hPa="furlongs"), ["furlongs", "kn"]),
        (lambda d: d["hourly"]["wind_speed_850hPa"].pop(), ["wind_speed_850hPa", "3 values"]),
        (lambda d: d["hourly"]["time"].reverse(), ["hourly.time", "increasing"]),
        (_set("time", 0, "yesterday"), ["hourly.time[0]", "YYYY-MM-DDTHH:MM"]),
        (lambda d: d.pop("hourly"), ["'hourly' table"]),
        (lambda d: d.pop("hourly_units"), ["hourly_units"]),
        (lambda d: d.update(utc_offset_seconds=10**6), ["utc_offset_seconds"]),
        (lambda d: d.pop("utc_offset_seconds"), ["utc_offset_seconds", "Asia/Dubai"]),
        (lambda d: d.update(elevation=1e9), ["elevation"]),
    ],
)
def test_bad_answers_one_error_naming_the_file_and_key(change, words):
    with pytest.raises(InputError) as caught:
        _parse(_broken(change))
    message = str(caught.value)
    assert "om.json" in message
    assert "\n" not in message
    for word in words:
        assert word in message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"error": true, "reason": "Latitude must be in range of -90 to 90°."}', ["error answer"]),
        ("[" + response_text(hours=1) + "]", ["several locations"]),
        ('{"hourly": {"time": [1]}, "hourly_units": {}}', ["no pressure-level winds"]),
        ("{not json", ["is not valid JSON", "line 1 column 2"]),
        ('{"a": NaN}', ["is not valid JSON", "NaN"]),
        ('{"a": 1, "a": 2}', ["appears twice"]),
        ("[" * 100_000, ["nested too deep"]),
    ],
)
def test_answers_that_are_not_forecasts(text, words):
    with pytest.raises(InputError) as caught:
        parse_open_meteo(text, path="om.json")
    for word in words:
        assert word in str(caught.value)


def test_two_models_in_one_file_are_refused():
    data = response(hours=2)
    other = response(hours=2, model="icon_seamless")
    data["hourly"].update({k: v for k, v in other["hourly"].items() if k != "time"})
    data["hourly_units"].update(other["hourly_units"])
    with pytest.raises(InputError, match="several models"):
        _parse(data)


def test_a_week_of_hours():
    """A week of 14 levels reads into 168 profiles; the winds are finite everywhere."""
    wind = parse_open_meteo(response_text(hours=168))
    assert len(wind.profiles) == 168
    z = np.linspace(0.0, 12_000.0, 50)
    east, north = wind.velocity_enu_mps(z, wind.valid_times_utc_s[100] + 1234.0)
    assert np.all(np.isfinite(east))
    assert np.all(np.isfinite(north))
