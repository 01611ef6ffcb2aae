"""Wind files at the edges: strict types, physical ranges and missing-data codes.

Authorities: TOML 1.0 (a bool is ``true``/``false``; ``"false"`` is a string, which is
true in Python: the silent wrong answer refused here); the formats' descriptions (NOAA
GSL "GSD Sounding data format": 99999 where missing, 32767 in the original FSL format,
a five-digit line count on line type 2; University of Wyoming TEXT:LIST: blank cells
where missing); the range of the 1976 standard atmosphere (ambiance: -5,004 m to
81,020 m, NOAA-S/T 76-1562) for every wind level; the Gregorian calendar (there is no
hour 25 and no 40 March); and ecCodes/cfgrib, whose own messages must not reach the
user.
"""

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from duskfall.constants import FOOT_M, KNOT_MPS
from duskfall.errors import InputError, OutOfRangeError
from duskfall.io import soundings, windtable
from duskfall.io.soundings import read_sounding
from duskfall.io.windtable import read_wind_csv, read_wind_toml
from duskfall.winds import MAX_WIND_SPEED_MPS, LayeredWind

LEVEL = '[[level]]\naltitude = "0ft"\ndirection_deg = 270\nspeed = "8kt"\n'


def _toml(tmp_path, level_text, top=""):
    path = tmp_path / "winds.toml"
    path.write_text(top + LEVEL + "\n[[level]]\n" + level_text + "\n")
    return path


def _csv(tmp_path, text):
    path = tmp_path / "winds.csv"
    path.write_text(text)
    return path


# --- TOML tables: strict types -----------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "match"),
    [
        # A string is not a bool: "false" would be truthy and make the level AGL.
        (
            'altitude_ft = 3000\nagl = "false"\ndirection_deg = 280\nspeed_kt = 20',
            r"level 2 agl: 'false' is not a bool; allowed: true or false",
        ),
        (
            "altitude_ft = 3000\nagl = 1\ndirection_deg = 280\nspeed_kt = 20",
            r"level 2 agl: 1 is not a bool",
        ),
        # A bool is not a number: true would be a wind from 001 degrees.
        (
            'altitude = "3000ft"\ndirection_deg = true\nspeed = "20kt"',
            r"level 2 direction_deg: True is a bool",
        ),
        ('altitude = true\ndirection_deg = 280\nspeed = "20kt"', r"level 2 altitude: True is a"),
        ('altitude = "3000ft"\ndirection_deg = 280\nspeed = false', r"level 2 speed: False is a"),
        ('altitude = [3000]\ndirection_deg = 280\nspeed = "20kt"', r"level 2 altitude: \[3000\]"),
        (
            'altitude = 2018-03-10\ndirection_deg = 280\nspeed = "20kt"',
            r"level 2 altitude: .* is a date",
        ),
        # Non-finite numbers (TOML floats inf and nan; 1e999 overflows to inf).
        (
            'altitude = "3000ft"\ndirection_deg = nan\nspeed = "20kt"',
            r"level\[1\]\.direction_deg: nan",
        ),
        ('altitude = "3000ft"\ndirection_deg = 280\nspeed_kt = inf', r"level\[1\]\.speed_kt: inf"),
        (
            "altitude_ft = 1e999\ndirection_deg = 280\nspeed_kt = 20",
            r"level\[1\]\.altitude_ft: inf",
        ),
        # Keys: misspelt, given twice, a unit that contradicts the key's.
        (
            "altitude_ft = 3000\nagll = true\ndirection_deg = 280\nspeed_kt = 20",
            r"level 2 agll: True is not a key of a wind level; allowed: the keys agl, altitude",
        ),
        (
            'altitude = "3000ft"\naltitude_m = 900\ndirection_deg = 280\nspeed_kt = 20',
            r"level 2 altitude: 'altitude, altitude_m' is given twice",
        ),
        (
            'altitude_ft = "7620m"\ndirection_deg = 280\nspeed_kt = 20',
            r"level 2 altitude_ft: '7620m' is not a bare number.*bare number in ft",
        ),
        (
            'altitude = "3000ftMSL"\nagl = true\ndirection_deg = 280\nspeed_kt = 20',
            r"level 2 altitude: '3000ftMSL' says MSL",
        ),
    ],
)
def test_toml_types_are_strict(tmp_path, level, match):
    with pytest.raises(InputError, match=match) as caught:
        read_wind_toml(_toml(tmp_path, level))
    assert str(caught.value).startswith("wind file")


def test_toml_bool_agl_is_honoured(tmp_path):
    """The same level with a real TOML bool: 3,000 ft above a 50 m ground."""
    path = _toml(tmp_path, "altitude_ft = 3000\nagl = true\ndirection_deg = 280\nspeed_kt = 20")
    wind = read_wind_toml(path, ground_elevation_m=50.0)
    assert wind.altitude_m[1] == pytest.approx(3000 * FOOT_M + 50.0)
    path = _toml(tmp_path, "altitude_ft = 3000\nagl = false\ndirection_deg = 280\nspeed_kt = 20")
    assert read_wind_toml(path, ground_elevation_m=50.0).altitude_m[1] == pytest.approx(914.4)


@pytest.mark.parametrize(
    ("top", "match"),
    [
        (
            "station = 'OMAA'\n",
            r"wind file winds.toml station: 'OMAA' is not a key of a wind table",
        ),
        ("source = 12\n", r"wind file winds.toml source: 12 is not a text"),
        ("valid_time = 1900-03-10T12:00:00Z\n", r"valid_time: .* allowed: a date-time from 1950"),
        ("valid_time = 2018-03-10\n", r"valid_time: .* allowed: an offset date-time"),
    ],
)
def test_toml_top_level_keys(tmp_path, top, match):
    path = _toml(tmp_path, 'altitude = "3000ft"\ndirection_deg = 280\nspeed = "20kt"', top)
    with pytest.raises(InputError, match=match):
        read_wind_toml(path)


# --- Physical ranges (CSV and TOML) -------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "match"),
    [
        ("-50000,270,8", r"line 3 altitude: '-50000' is out of range; allowed: -16,417 ft"),
        ("300000ft,270,8", "line 3 altitude: '300000ft' is out of range"),
        ("1e30,270,8", "line 3 altitude: '1e30' is absurdly large"),
        ("10000,999,8", r"line 3 direction: '999' is out of range; allowed: 0 to 360"),
        ("10000,-1,8", "line 3 direction"),
        ("10000,nan,8", "line 3 direction: 'nan' is not a valid quantity"),
        ("10000,270,-1", "line 3 speed: '-1' is out of range"),
        ("10000,270,inf", "line 3 speed: 'inf' is not a bare number"),
        ("10000,270,251", r"line 3 speed: '251' is out of range; allowed: 0 to 250 kt"),
        ("2,000,90,10", r"line 3: '2,000,90,10' has 4 values; allowed: 3 values"),
        ("10000,270,8,", "line 3: .* has 4 values"),
    ],
)
def test_csv_ranges(tmp_path, row, match):
    path = _csv(tmp_path, f"altitude,direction_deg,speed_kt\n0,270,8\n{row}\n")
    with pytest.raises(InputError, match=match):
        read_wind_csv(path)


def test_speed_limit_is_the_engines(tmp_path):
    """The table's limit is the one the fall engine checks (MAX_WIND_SPEED_MPS): 250 kt
    is read, more refused, in the file's own line, not later in the simulation."""
    top = MAX_WIND_SPEED_MPS / KNOT_MPS
    path = _csv(tmp_path, f"altitude_ft,direction_deg,speed_kt\n0,270,8\n1000,270,{top:.3f}\n")
    assert read_wind_csv(path).speed_mps[1] == pytest.approx(MAX_WIND_SPEED_MPS, abs=1e-3)
    path = _csv(tmp_path, "altitude_ft,direction_deg,speed_mps\n0,270,8\n1000,270,128.7\n")
    with pytest.raises(OutOfRangeError, match="line 3 speed"):
        read_wind_csv(path)


def test_toml_level_below_the_atmosphere(tmp_path):
    path = _toml(tmp_path, "altitude_ft = -50000\ndirection_deg = 280\nspeed_kt = 20")
    with pytest.raises(OutOfRangeError, match=r"level 2 altitude_ft: -50000 is out of range"):
        read_wind_toml(path)


def test_csv_line_numbers_count_comments_and_blank_lines(tmp_path):
    path = _csv(tmp_path, "# DZ winds\n\naltitude_ft,direction_deg,speed_kt\n0,270,8\n10,x,8\n")
    with pytest.raises(InputError, match=r"wind file winds.csv line 5 direction: 'x'"):
        read_wind_csv(path)


@pytest.mark.parametrize(
    ("header", "match"),
    [
        ("altitude_ft,altitude_m,direction_deg,speed_kt", "has more than one altitude column"),
        ("altitude_ft,direction_deg,speed_kt,speed_mps", "has more than one speed column"),
    ],
)
def test_csv_ambiguous_columns(tmp_path, header, match):
    with pytest.raises(InputError, match=match):
        read_wind_csv(_csv(tmp_path, header + "\n0,0,270,8\n"))


def test_csv_unit_in_cell_contradicting_column(tmp_path):
    path = _csv(tmp_path, "altitude_ft,direction_deg,speed_kt\n0,270,8\n7620m,270,8\n")
    with pytest.raises(InputError, match=r"line 3 altitude: '7620m' is not a bare number"):
        read_wind_csv(path)


def test_layered_wind_refuses_levels_outside_the_atmosphere():
    with pytest.raises(OutOfRangeError, match=r"wind altitude: -15240.0 is out of range"):
        LayeredWind((-50_000 * FOOT_M, 0.0), (270.0, 270.0), (5.0, 5.0))
    with pytest.raises(OutOfRangeError, match="wind direction"):
        LayeredWind((0.0, 1000.0), (270.0, 400.0), (5.0, 5.0))


# --- Soundings: missing-data codes, heights, times -----------------------------------------


def _uwyo(rows, extra=(), obs_time="180310/1200"):
    names = ["PRES", "HGHT", "TEMP", "DWPT", "DRCT", "SKNT"]
    lines = [
        "41217 OMAA Abu Dhabi International Airport Observations at 12Z 10 Mar 2018",
        "-" * 42,
        "".join(f"{n:>7}" for n in names),
        "".join(f"{u:>7}" for u in ["hPa", "m", "C", "C", "deg", "knot"]),
        "-" * 42,
        *("".join(f"{v:>7}" for v in row) for row in rows),
        "Station information and sounding indices",
        "                         Station identifier: OMAA",
        f"                           Observation time: {obs_time}",
        *extra,
    ]
    return "\n".join(lines) + "\n"


ROWS = [
    ("1012.0", "27", "25.0", "15.0", "300", "8"),
    ("1000.0", "131", "24.0", "14.0", "310", "10"),
    ("500.0", "5850", "-10.1", "-30.1", "270", "30"),
    ("400.0", "7570", "-21.9", "-40.9", "260", "50"),
]


def _sounding(tmp_path, text):
    path = tmp_path / "sounding.txt"
    path.write_text(text)
    return path


@pytest.mark.parametrize("code", ["999", "9999", "-9999", "32767"])
def test_uwyo_direction_code_is_missing_not_a_direction(tmp_path, code):
    """A direction of 999 is 'missing', not 999 mod 360 = 279 degrees: the level has no
    wind and is left out."""
    rows = [*ROWS[:2], ("500.0", "5850", "-10.1", "-30.1", code, "30"), ROWS[3]]
    wind = read_sounding(_sounding(tmp_path, _uwyo(rows)))
    assert len(wind.altitude_m) == 3
    assert not any(abs(d - 279.0) < 1 for d in wind.direction_from_deg)


@pytest.mark.parametrize(
    ("row", "match"),
    [
        (("500.0", "9999999", "-10", "-30", "270", "30"), r"line 8.* has a height of 9,999,999"),
        (("500.0", "5850", "-10", "-30", "400", "30"), r"line 8.* has a direction of 400"),
        (("500.0", "5850", "-10", "-30", "270", "nan"), r"line 8.*a number in column SKNT"),
        (("500.0", "5850", "-10", "-30", "270", "1e999"), r"line 8.*a number in column SKNT"),
        (("5000.0", "5850", "-10", "-30", "270", "30"), r"line 8.* has a pressure of 5,000"),
        (("500.0", "5850", "-10", "-30", "270", "-5"), r"line 8.* has a wind speed of -2.6"),
    ],
)
def test_uwyo_values_out_of_range(tmp_path, row, match):
    path = _sounding(tmp_path, _uwyo([*ROWS[:2], row, ROWS[3]]))
    with pytest.raises(InputError, match=match):
        read_sounding(path)


def test_uwyo_height_code_is_missing(tmp_path):
    """A height of 99999 is missing: the level's height comes from ln p interpolation."""
    rows = [*ROWS[:2], ("500.0", "99999", "-10.1", "-30.1", "270", "30"), ROWS[3]]
    wind = read_sounding(_sounding(tmp_path, _uwyo(rows)))
    h500 = 131 + (7570 - 131) * np.log(1000 / 500) / np.log(1000 / 400)
    assert wind.altitude_m[2] == pytest.approx(soundings.geometric_altitude_m(h500), abs=0.01)


@pytest.mark.parametrize(
    ("obs_time", "extra", "match"),
    [
        ("181332/2500", (), r"line 12: .* has an impossible time"),
        ("180230/1200", (), "has an impossible time"),  # 30 February
        ("180310/1200", ("    Station latitude: 95.0", "   Station longitude: 54.65"), "latitude"),
        ("180310/1200", ("    Station latitude: nan", "   Station longitude: 54.65"), "degrees"),
    ],
)
def test_uwyo_impossible_identification(tmp_path, obs_time, extra, match):
    with pytest.raises(InputError, match=match):
        read_sounding(_sounding(tmp_path, _uwyo(ROWS, extra, obs_time)))


def test_uwyo_title_date_impossible(tmp_path):
    text = _uwyo(ROWS).replace("12Z 10 Mar", "12Z 40 Mar").replace("Observation time", "Obs")
    with pytest.raises(InputError, match=r"line 1: .* has an impossible time"):
        read_sounding(_sounding(tmp_path, text))


GSL = """\
    254     12     10      MAR    2018
      1  99999  41217  24.43N 54.65E    27   1115
      2  99999  99999  99999     10  99999  99999
      3           OMAA                  99999     kt
      9  10120     27    250    150    300      8
      4  10000    131    240    140    310     10
      4   7000   3150     60    -50    280     25
      4   5000   5850   -101   -301    270     30
      6  99999   7000  99999  99999    265     40
      4   4000   7570   -219   -409    260     50
"""


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        ("254     12", "254     99999999999999999999", r"line 1: .* allowed: TYPE HOUR DAY"),
        ("254     12", "254     25", r"line 1: .* has an impossible time"),
        ("10      MAR", "31      FEB", "has an impossible time"),
        ("MAR    2018", "MAR    1949", r"line 1: .* allowed: an observation time from 1950"),
        ("99999     10  99999", "99999    inf  99999", r"line 3: .* has 'inf' where a number"),
        ("99999     10  99999", "99999  1e999  99999", "line 3: .* where a number"),
        ("99999     10  99999", "99999 123456  99999", r"line 3: .* a line count from 0 to"),
        ("99999     10  99999", "99999   10.5  99999", r"line 3: .* a line count"),
        ("24.43N", "95.00N", r"line 2: .* a station at latitude -90 to 90"),
        ("99999     kt", "99999    mph", r"line 4: .* wind-speed units kt or ms"),
        ("5850   -101", "5850    nan", r"line 8: .* has 'nan' where a number"),
        ("5850   -101", "9999999 -101", r"line 8: .* has a height of 9,999,999"),
        ("270     30", "400     30", r"line 8: .* has a direction of 400"),
    ],
)
def test_gsl_identification_and_values(tmp_path, old, new, match):
    assert old in GSL
    with pytest.raises(InputError, match=match) as caught:
        read_sounding(_sounding(tmp_path, GSL.replace(old, new, 1)))
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("code", "levels"), [("99999", 5), ("32767", 5), ("999", 5), ("-9999", 5)])
def test_gsl_missing_codes(tmp_path, code, levels):
    """99999 and 32767 are the format's missing codes; 999 and -9999 are not directions
    either: the 500 hPa level has no wind, and the six levels with winds of GSL above
    become five."""
    wind = read_sounding(_sounding(tmp_path, GSL.replace("270     30", f"{code:>5}     30")))
    assert len(wind.altitude_m) == levels
    assert wind.valid_time_utc_s == dt.datetime(2018, 3, 10, 12, tzinfo=dt.UTC).timestamp()
    assert not any(abs(d - 279.0) < 1 for d in wind.direction_from_deg)


def test_sounding_pressure_999_hpa_is_a_measurement(tmp_path):
    """Inside its column's range a code value is a measurement: 999 hPa is a pressure."""
    rows = [("1012.0", "27", "25", "15", "300", "8"), ("999.0", "131", "24", "14", "310", "10")]
    wind = read_sounding(_sounding(tmp_path, _uwyo([*rows, ROWS[2]])))
    assert len(wind.altitude_m) == 3


# --- Gridded: a corrupt GRIB file --------------------------------------------------------


@pytest.fixture
def grib_bytes(tmp_path):
    pytest.importorskip("eccodes")
    pytest.importorskip("cfgrib")
    from test_io_winds_grib import _write_grib

    path = tmp_path / "good.grib2"
    _write_grib(path)
    return path.read_bytes()


def _corrupt(data: bytes, how: str) -> bytes:
    if how == "truncated":
        return data[: len(data) // 2 + 37]
    if how == "sections":
        return data[:200] + b"\xff" * 60 + data[260:]
    if how == "header":
        return data[:20] + b"\x00" * 10 + data[30:]
    return b"GRIB" + bytes(range(256)) * 4


@pytest.mark.parametrize("how", ["truncated", "sections", "header", "garbage"])
def test_corrupt_grib_gives_one_line(tmp_path, grib_bytes, capfd, how):
    """cfgrib logs a traceback for a corrupt message and ecCodes prints ECCODES ERROR
    lines on the standard error: neither reaches the user, who gets one InputError (never
    a file read in part: a truncated file would lose levels or times)."""
    from duskfall.io.gridded import read_gridded

    path = tmp_path / "bad.grib2"
    path.write_bytes(_corrupt(grib_bytes, how))
    with pytest.raises(InputError, match=r"^wind file: .*bad\.grib2' cannot be read") as caught:
        read_gridded(path, 24.4, 54.6, dt.datetime(2018, 3, 10, 10, tzinfo=dt.UTC).timestamp())
    assert "\n" not in str(caught.value)
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_grib_that_aborts_eccodes_gives_one_line(tmp_path, capfd):
    """tests/reference/grib_ecCodes_abort.grib2 (found by scripts/fuzz_parsers.py: one bit
    changed in a valid file) makes ecCodes 2.50 free memory twice and abort the process
    that reads it. The file is decoded in a child process: the user gets one line, and
    this process lives on."""
    pytest.importorskip("eccodes")
    pytest.importorskip("cfgrib")
    from duskfall.io.gridded import read_gridded

    path = Path(__file__).parent / "reference" / "grib_ecCodes_abort.grib2"
    with pytest.raises(InputError, match=r"grib_ecCodes_abort\.grib2' cannot be read"):
        read_gridded(path, 24.4, 54.6, dt.datetime(2018, 3, 10, 10, tzinfo=dt.UTC).timestamp())
    assert capfd.readouterr() == ("", "")


def test_good_grib_is_read_quietly(tmp_path, grib_bytes, capfd):
    from duskfall.io.gridded import read_gridded

    path = tmp_path / "good.grib2"
    path.write_bytes(grib_bytes)
    time = dt.datetime(2018, 3, 10, 10, tzinfo=dt.UTC).timestamp()
    assert read_gridded(path, 24.4, 54.6, time).valid_times_utc_s
    assert capfd.readouterr() == ("", "")


def test_gridded_levels_above_the_atmosphere_are_dropped(tmp_path):
    """A model's top levels (0.01 hPa is near 80 km geopotential) are left out with a
    warning; the levels below are read."""
    xarray = pytest.importorskip("xarray")
    pytest.importorskip("scipy")
    from duskfall.io.gridded import read_gridded

    heights = np.array([100.0, 1500.0, 5800.0, 85_000.0])
    shape = (4, 2, 2)
    dataset = xarray.Dataset(
        {
            "u": (("level", "lat", "lon"), np.full(shape, 5.0)),
            "v": (("level", "lat", "lon"), np.zeros(shape)),
            "gh": (("level", "lat", "lon"), np.broadcast_to(heights[:, None, None], shape)),
        },
        coords={"level": [1000, 850, 500, 0.01], "lat": [24.0, 25.0], "lon": [54.0, 55.0]},
    )
    path = tmp_path / "top.nc"
    dataset.to_netcdf(path, engine="scipy")
    wind = read_gridded(path, 24.4, 54.6)
    assert len(wind.altitude_m) == 3
    assert any("outside the standard atmosphere" in w for w in wind.warnings)


def test_windtable_has_no_reader_of_its_own_text():
    """Every reader reads text through duskfall.io.text (one bound, one decoder)."""
    assert not hasattr(windtable, "_read_text")
    assert soundings.read_text is windtable.read_text


@pytest.mark.parametrize(
    "source",
    [
        "\n" * 1_000_000,
        ("   PRES" + " " * 100_000 + "\n") * 20,
        "<" * 1_000_000 + "\n   PRES   HGHT   TEMP\n",
        "   PRES   HGHT   TEMP   DRCT   SKNT\n" + "a" * 1_000_000 + "\nObservations at" * 1000,
        "254 1 1 MAR 2018\n1 " + "9" * 1_000_000 + "\n",
    ],
)
def test_soundings_hostile_sizes_are_quick(tmp_path, source):
    """Linear time on megabyte-long lines (patterns without catastrophic backtracking)."""
    import contextlib
    import time

    path = _sounding(tmp_path, source)
    start = time.perf_counter()
    with contextlib.suppress(InputError):
        read_sounding(path)
    assert time.perf_counter() - start < 5.0
