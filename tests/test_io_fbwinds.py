"""FB (formerly FD) winds and temperatures aloft: published decoding examples, group by group.

Authorities (quoted below beside each group, and listed in tests/reference/SOURCES.md):

- FAA/NWS Aviation Weather Services (AC 00-45), as quoted in the Wikipedia article
  "Winds aloft": ``3127`` is 310 degrees at 27 kt; ``731960`` is 230 degrees at 119 kt,
  -60 C; ``7799`` is 270 degrees at 199 kt or more; ``9900`` is light and variable.
- US Navy, Meteorology and Flight Planning (P-1246), p. 2-50: ``7345`` is 230 degrees at
  145 kt; ``7399`` is 230 degrees at 199 kt; no wind within 1,500 ft of the surface, no
  temperature within 2,500 ft nor at 3,000 ft.
- US Navy flight manual P-304, chapter 2 (Meteorology flight planning): ``2435+07`` is
  240 degrees at 35 kt, +7 C; ``274650`` (above 24,000 ft) is 270 degrees at 46 kt, -50 C.
- The humbleaviation.com FB walk-through (based on 091200Z, valid 091800Z for use
  1400-2100Z): ABI 12,000 ft 200 degrees at 24 kt +6 C, 18,000 ft 230 degrees at 31 kt
  -10 C, 39,000 ft ``750456`` 250 degrees at 104 kt, -56 C; ICT 3,000 ft ``9900``; no ABI
  group at 3,000 ft.
- Pressure altitude (levels at and above 18,000 ft) is the standard atmosphere's
  geopotential altitude of a pressure: p = 101,325 Pa (1 - 0.0065 H / 288.15)^5.25588
  below 11 km (ICAO Doc 7488; US 1976 eq. 33a), checked through ambiance.
"""

import contextlib
import datetime as dt
import io
import re
from pathlib import Path

import numpy as np
import pytest
from ambiance import Atmosphere

from duskfall.constants import FOOT_M, KNOT_MPS
from duskfall.errors import InputError
from duskfall.io.fbwinds import fb_stations, list_fb_stations, parse_fb, read_fb_winds
from duskfall.io.windfile import read_wind_file
from duskfall.reports import wording
from duskfall.reports.formatting import AVIATION, METRIC
from duskfall.timeutil import iso_utc

ONE_CM_PER_S = 0.01
HALF_PASCAL = 0.5
KELVIN = 273.15

HEADER = """000
FBUS31 KWNO 091359
FD1US1
DATA BASED ON 091200Z
VALID 091800Z   FOR USE 1400-2100Z. TEMPS NEG ABV 24000

FT  3000    6000    9000   12000   18000   24000  30000  34000  39000
"""
# Station lines in the layout of the product as issued: each group ends under the end of
# its level's label; ABI's 3,000 ft group is blank (the station is within 1,500 ft of it).
ABI = "ABI      1907+13 2012+09 2024+06 2331-10 2445-22 254937 255046 750456"
ICT = "ICT 9900 2714+09 2718+03 2624-02 2540-15 2551-27 256542 257352 257159"
PRODUCT = HEADER + ABI + "\n" + ICT + "\n"

MARCH_2018 = dt.datetime(2018, 3, 9, 12, tzinfo=dt.UTC).timestamp()


def _posix(text: str) -> float:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC).timestamp()


def _single(group: str, level_ft: int) -> tuple[float, float, float | None]:
    """Decode one group at one level through the reader: (direction, kt, C or None)."""
    text = f"VALID 091800Z FOR USE 1400-2100Z. TEMPS NEG ABV 24000\nFT {level_ft}\nXYZ {group}\n"
    wind = parse_fb(text, "XYZ")
    temperature = wind.temperature_k[0]
    return (
        wind.direction_from_deg[0],
        wind.speed_mps[0] / KNOT_MPS,
        None if temperature is None else round(temperature - KELVIN, 6),
    )


@pytest.mark.parametrize(
    ("group", "level_ft", "expected"),
    [
        ("3127", 3000, (310.0, 27.0, None)),  # AC 00-45 (Wikipedia "Winds aloft")
        ("731960", 34000, (230.0, 119.0, -60.0)),  # AC 00-45 (Wikipedia "Winds aloft")
        ("7345", 24000, (230.0, 145.0, None)),  # US Navy P-1246 p. 2-50
        ("2435+07", 9000, (240.0, 35.0, 7.0)),  # US Navy P-304
        ("274650", 30000, (270.0, 46.0, -50.0)),  # US Navy P-304, above 24,000 ft
        ("2024+06", 12000, (200.0, 24.0, 6.0)),  # humbleaviation, ABI 12,000 ft
        ("2331-10", 18000, (230.0, 31.0, -10.0)),  # humbleaviation, ABI 18,000 ft
        ("750456", 39000, (250.0, 104.0, -56.0)),  # humbleaviation, ABI 39,000 ft
    ],
)
def test_published_decoding_examples(group, level_ft, expected):
    direction, speed_kt, temperature_c = _single(group, level_ft)
    assert direction == expected[0]
    assert speed_kt == pytest.approx(expected[1], abs=1e-9)
    assert temperature_c == expected[2]


def test_light_and_variable_9900_is_calm_with_a_notice():
    """AC 00-45 / P-1246: 9900 means light and variable, less than 5 kt."""
    wind = parse_fb(PRODUCT, "ICT")
    assert wind.speed_mps[0] == 0.0
    (notice,) = wind.notices
    assert notice.code == "wind-light-variable"
    assert notice.values["altitudes_m"] == (pytest.approx(3000 * FOOT_M),)
    assert "3,000 ft" in wording.describe(notice, AVIATION)
    assert "914 m" in wording.describe(notice, METRIC)


@pytest.mark.parametrize("group", ["7799", "7399"])
def test_199_kt_or_more_is_refused_as_a_lower_bound(group):
    """AC 00-45: 7799 is 270 at 199 kt or more; P-1246: 7399 is 230 at 199 kt. The code
    gives only a lower bound, not a wind to plan with: refused, naming the station and
    level."""
    text = f"VALID 091800Z\nFT 12000\nXYZ {group}\n"
    with pytest.raises(InputError, match=r"XYZ 12000 ft.*199 kt or more.*0 to 250 kt"):
        parse_fb(text, "XYZ")


def test_whole_product_humbleaviation_station_abi():
    """ABI: blank at 3,000 ft; 12,000 ft 200 at 24 +6 C; 18,000 ft 230 at 31 -10 C;
    39,000 ft 250 at 104 kt -56 C (humbleaviation walk-through)."""
    wind = parse_fb(PRODUCT, "ABI", near_utc_s=MARCH_2018, path="fb.txt")
    assert len(wind.altitude_m) == 8
    assert wind.altitude_m[0] == pytest.approx(6000 * FOOT_M)
    by_level = dict(zip((6, 9, 12, 18, 24, 30, 34, 39), range(8), strict=True))
    k = by_level[12]
    assert (wind.direction_from_deg[k], wind.speed_mps[k] / KNOT_MPS) == pytest.approx((200, 24))
    assert wind.temperature_k[k] == pytest.approx(6 + KELVIN)
    k = by_level[18]
    assert (wind.direction_from_deg[k], wind.speed_mps[k] / KNOT_MPS) == pytest.approx((230, 31))
    assert wind.temperature_k[k] == pytest.approx(-10 + KELVIN)
    assert wind.speed_mps[-1] / KNOT_MPS == pytest.approx(104)
    assert wind.temperature_k[-1] == pytest.approx(-56 + KELVIN)
    assert wind.source == "FB winds aloft FBUS31 KWNO 091359, station ABI"


def test_temperatures_missing_near_the_station_are_none():
    """P-1246: no temperature at 3,000 ft; the accessor uses the levels that have one."""
    wind = parse_fb(PRODUCT, "ICT")
    assert wind.temperature_k[0] is None
    assert wind.temperature_span_m == pytest.approx((6000 * FOOT_M, wind.altitude_m[-1]))
    assert wind.temperature_k_at(3000 * FOOT_M) == pytest.approx(9 + KELVIN)  # held below
    assert wind.temperature_k_at(7500 * FOOT_M) == pytest.approx((9 + 3) / 2 + KELVIN)


def test_pressure_altitude_levels_sit_at_their_standard_pressure():
    """At and above 18,000 ft the levels are pressure altitudes: the altitude returned
    has, in the 1976 standard (ambiance), the pressure of that pressure altitude in the
    ICAO formula; below 18,000 ft they are MSL altitudes."""
    wind = parse_fb(PRODUCT, "ABI")
    levels_ft = np.array([6000, 9000, 12000, 18000, 24000, 30000, 34000, 39000])
    altitude = np.array(wind.altitude_m)
    assert altitude[:3] == pytest.approx(levels_ft[:3] * FOOT_M)
    for level_ft, z in zip(levels_ft[3:], altitude[3:], strict=True):
        h = level_ft * FOOT_M
        expected = 101_325.0 * (1 - 0.0065 * h / 288.15) ** 5.25588 if h < 11_000 else None
        if expected is None:  # isothermal layer above 11 km (US 1976 eq. 33b)
            p11 = 101_325.0 * (1 - 0.0065 * 11_000 / 288.15) ** 5.25588
            expected = p11 * np.exp(-9.80665 * 0.0289644 * (h - 11_000) / (8.31432 * 216.65))
        assert Atmosphere(z).pressure[0] == pytest.approx(expected, abs=5 * HALF_PASCAL)
    # 500 hPa is near 18,289 ft in the standard atmosphere: 18,000 ft lies below it.
    assert Atmosphere(altitude[3]).pressure[0] > 50_000.0


def test_validity_from_the_header_dated_by_a_nearby_time():
    wind = parse_fb(PRODUCT, "ABI", near_utc_s=MARCH_2018)
    assert iso_utc(wind.valid_time_utc_s) == "2018-03-09T18:00:00Z"
    assert iso_utc(wind.model_run_utc_s) == "2018-03-09T12:00:00Z"
    assert iso_utc(wind.valid_from_utc_s) == "2018-03-09T14:00:00Z"
    assert iso_utc(wind.valid_to_utc_s) == "2018-03-09T21:00:00Z"
    assert wind.validity_notices(_posix("2018-03-09T18:20")) == ()
    (late,) = wind.validity_notices(_posix("2018-03-09T22:00"), _posix("2018-03-09T22:05"))
    assert late.code == "wind-outside-validity"
    text = wording.describe(late, AVIATION)
    assert "2018-03-09T14:00:00Z to 2018-03-09T21:00:00Z" in text
    assert "2018-03-09T22:00:00Z" in text


def test_for_use_window_across_midnight_and_month():
    """VALID 010000Z FOR USE 2100-0600Z: from 21:00 on the last day of the previous month
    (a 12-hour forecast's window, AC 00-45) to 06:00; the run on the 30th at 12Z."""
    text = PRODUCT.replace("091200Z", "301200Z").replace("091800Z", "010000Z")
    text = text.replace("1400-2100Z", "2100-0600Z")
    wind = parse_fb(text, "ABI", near_utc_s=_posix("2018-04-30T20:00"))
    assert iso_utc(wind.valid_time_utc_s) == "2018-05-01T00:00:00Z"
    assert iso_utc(wind.valid_from_utc_s) == "2018-04-30T21:00:00Z"
    assert iso_utc(wind.valid_to_utc_s) == "2018-05-01T06:00:00Z"
    assert iso_utc(wind.model_run_utc_s) == "2018-04-30T12:00:00Z"


def test_without_a_time_there_is_no_validity():
    wind = parse_fb(PRODUCT, "ABI")
    assert wind.valid_time_utc_s is None
    assert wind.valid_from_utc_s is None
    assert wind.validity_notices(MARCH_2018) == ()


def test_columns_retyped_by_hand_fall_back_to_the_highest_levels():
    """Single spaces (a product copied by hand): blanks are the lowest levels."""
    text = "VALID 091800Z\nFT 3000 6000 9000 12000\nABI 1907+13 2012+09 2024+06\n"
    wind = parse_fb(text, "abi")
    assert wind.altitude_m == pytest.approx((6000 * FOOT_M, 9000 * FOOT_M, 12000 * FOOT_M))


def test_stations_listed_and_files_read_by_content(tmp_path):
    path = tmp_path / "winds aloft.txt"
    path.write_text(PRODUCT)
    assert list_fb_stations(path) == ("ABI", "ICT")
    assert fb_stations(PRODUCT) == ("ABI", "ICT")
    wind = read_wind_file(path, station="ICT", time_utc_s=MARCH_2018, field="--wind-file")
    assert wind.source.endswith("station ICT")
    assert read_fb_winds(path, "ABI").altitude_m == parse_fb(PRODUCT, "ABI").altitude_m


def test_two_products_in_one_file():
    second = PRODUCT.replace("FBUS31", "FBUS33").replace("ABI ", "ELP ").replace("ICT ", "PHX ")
    both = PRODUCT + "\n" + second.replace("091800Z", "091900Z")
    assert fb_stations(both) == ("ABI", "ICT", "ELP", "PHX")
    wind = parse_fb(both, "PHX", near_utc_s=MARCH_2018)
    assert iso_utc(wind.valid_time_utc_s) == "2018-03-09T19:00:00Z"
    assert "FBUS33" in wind.source


@pytest.mark.parametrize(
    ("text", "station", "words"),
    [
        ("METAR KABI 091752Z 18012KT 10SM CLR 24/08 A2992", "ABI", ["not an FB"]),
        (PRODUCT, "XYZ", ["station", "XYZ", "not in fb.txt", "ABI, ICT"]),
        (PRODUCT, "KABI", ["FB products name it ABI"]),
        (PRODUCT, None, ["station", "is needed", "ABI, ICT"]),
        (HEADER + "ABI      1907+13 20X2+09\n", "ABI", ["ABI 9000 ft", "20X2+09"]),
        (HEADER + "ABI 4012\n", "ABI", ["ABI 3000 ft", "direction code"]),
        (HEADER + "ABI 9950\n", "ABI", ["direction code"]),
        (HEADER + "ABI 0010\n", "ABI", ["direction code"]),
        (HEADER.replace("FT  3000", "FT 3000 ") + "ABI 1907 1907+13 " + "1907 " * 8, "ABI", []),
        (HEADER + "ABI      1907+13 2012+09 2024+06 2331-10 2445-22 2549-37", "ABI", []),
        (HEADER + "ABI       190713\n", "ABI", ["ABI 6000 ft", "DDff or DDff+TT"]),
        ("VALID 091800Z\nFT 6000 3000\nABI 1907\n", "ABI", ["line 2", "increasing levels"]),
        ("VALID 091800Z\nFT 90000\nABI 1907\n", "ABI", ["from 1000 to 60000 ft"]),
        ("VALID 321800Z\nFT 3000\nABI 1907\n", "ABI", ["VALID", "321800Z"]),
        ("VALID 091800Z FOR USE 1400-2500Z\nFT 3000\nABI 1907\n", "ABI", ["FOR USE", "2500"]),
    ],
)
def test_bad_products_one_error_naming_file_station_and_value(text, station, words):
    with pytest.raises(InputError) as caught:
        parse_fb(text, station, near_utc_s=MARCH_2018, path="fb.txt")
    message = str(caught.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_too_many_groups_and_a_sign_above_24000_ft():
    with pytest.raises(InputError, match="at most 9 groups"):
        parse_fb(HEADER + "ABI" + " 1907+13" * 10 + "\n", "ABI")
    with pytest.raises(InputError, match=r"ABI 30000 ft.*not written as issued"):
        parse_fb(HEADER + "ABI      1907+13 2012+09 2024+06 2331-10 2445-22 2549-37\n", "ABI")


def test_docs_winds_fb_example_prints_what_its_text_says():
    """The FB example of docs/winds.md runs and prints the figures quoted after it."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "winds.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    (block,) = [b for b in blocks if "parse_fb" in b]
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(block, "docs/winds.md", "exec"), {})
    printed = output.getvalue()
    assert "2018-03-09T14:00:00Z to 2018-03-09T21:00:00Z" in printed
    assert "-24.4 C at 25,000 ft" in printed
    assert "-24.4 C at\n25,000 ft" in text or "-24.4 C at 25,000 ft" in text
