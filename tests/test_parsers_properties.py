"""Property-based tests of every parser of files and quantities: whatever comes in, the
project's own error (an InputError) or a valid result comes out, never another exception.

Authority: the contract of :mod:`duskfall.errors` ("every error raised for bad input is an
InputError") and the physical ranges each reader documents, checked on every result.
Inputs are drawn by hypothesis from arbitrary text and bytes and from the formats' own
shapes filled with hostile cells (missing-data codes, 1e999, nan, bools, deep nesting).
The budget is small here (derandomised, a few hundred examples per property);
``scripts/fuzz_parsers.py`` runs the same parsers on 100,000 inputs and more.
"""

from __future__ import annotations

import json
import math
import string

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duskfall import atmosphere
from duskfall.errors import InputError
from duskfall.io import flysight, soundings, text, windtable
from duskfall.io.scenario import load_mapping
from duskfall.units import MAX_MAGNITUDE, UNITS, parse_altitude, parse_quantity, parse_wind
from duskfall.winds import MAX_WIND_SPEED_MPS

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,  # the same examples on every run: no unseeded randomness in tests
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Cells that have broken parsers: missing-data codes, overflow, non-numbers, unicode.
HOSTILE = [
    "999", "9999", "99999", "-9999", "32767", "-32768", "1e999", "-1e999", "nan", "NaN",
    "inf", "-inf", "1_000", "0x10", "", " ", "true", "false", "٣٠٠", "\u2028", "\x0c",
    "9999999", "-50000", "1e-400", "4294967.295", "3.0e38", "١", "-0", "+", ".", "e5",
]  # fmt: skip
NUMBERS = st.one_of(
    st.integers(-100_000, 100_000).map(str),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: f"{x:.3f}"),
)
CELLS = st.one_of(st.sampled_from(HOSTILE), NUMBERS, st.text(max_size=6))
FIELD = "x"


def _file(folder, name: str, data: bytes | str):
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def _run(call, *args, **kwargs):
    """(result, None) of ``call``, or (None, error) if it raised an InputError; any other
    exception goes through and fails the test."""
    try:
        return call(*args, **kwargs), None
    except InputError as error:
        return None, error


def _check_wind(wind) -> None:
    """A valid profile (or each profile of a time series): levels inside the atmosphere,
    increasing; speeds and directions in range."""
    for profile in getattr(wind, "profiles", (wind,)):  # a TimeLayeredWind: each time
        z = np.asarray(profile.altitude_m)
        assert np.all(np.isfinite(z))
        assert np.all(np.diff(z) > 0)
        assert z.min() >= atmosphere.MIN_ALTITUDE_M
        assert z.max() <= atmosphere.MAX_ALTITUDE_M
        speed = np.asarray(profile.speed_mps)
        assert np.all((speed >= 0) & (speed <= MAX_WIND_SPEED_MPS))
        direction = np.asarray(profile.direction_from_deg)
        assert np.all((direction >= 0) & (direction <= 360))


# --- units ---------------------------------------------------------------------------------

QUANTITY_TEXT = st.one_of(
    st.text(max_size=20),
    st.from_regex(r"\A\s?[-+]?[0-9]{0,6}\.?[0-9]{0,3}([eE][-+]?[0-9]{1,4})?\s?[a-zA-Z/^2]{0,5}"
                  r"\s?(AGL|MSL|agl)?\s?\Z"),
    st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE), st.sampled_from(["", "ft", "m", "kt"])),
)  # fmt: skip
ANY_VALUE = st.one_of(
    QUANTITY_TEXT,
    st.floats(),
    st.integers(),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
)


@SETTINGS
@given(value=ANY_VALUE, kind=st.sampled_from(sorted(UNITS)))
def test_parse_quantity_gives_a_finite_bounded_value_or_a_unit_error(value, kind):
    default = next(iter(UNITS[kind]))
    result, error = _run(parse_quantity, value, kind, default, FIELD)
    if error is not None:
        assert error.field == FIELD
        return
    assert isinstance(result, float)
    assert math.isfinite(result)
    assert abs(result) <= MAX_MAGNITUDE[kind]
    assert not isinstance(value, bool)


@SETTINGS
@given(value=ANY_VALUE)
def test_parse_altitude(value):
    result, error = _run(parse_altitude, value, FIELD)
    if error is not None:
        assert error.field == FIELD
        return
    assert math.isfinite(result.value_m)
    assert isinstance(result.above_ground, bool)


@SETTINGS
@given(
    value=st.one_of(
        st.builds(lambda d, s: f"{d}@{s}", QUANTITY_TEXT, QUANTITY_TEXT), st.text(), ANY_VALUE
    )
)
def test_parse_wind(value):
    result, error = _run(parse_wind, value, FIELD)
    if error is not None:
        assert error.field == FIELD
        return
    direction, speed = result
    assert 0.0 <= direction < 360.0
    assert 0.0 <= speed <= MAX_MAGNITUDE["speed"]


# --- text, TOML, JSON, scenario files -------------------------------------------------------

JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.floats(), st.integers(), st.text(max_size=8)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)
NESTING = st.builds(
    lambda opener, depth: opener * depth,
    st.sampled_from(["[", "{", '{"a":', "a = [", "[[a]]\n", "a."]),
    st.integers(1, 3000),
)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_decode_text(data):
    result, error = _run(text.decode_text, data, "f.txt", FIELD, "a file")
    if error is not None:
        assert error.field == FIELD
        return
    assert isinstance(result, str)
    assert "\x00" not in result


@SETTINGS
@given(
    source=st.one_of(
        st.text(max_size=200),
        JSON_VALUES.map(lambda v: json.dumps(v)),
        NESTING,
        st.builds(lambda k, v: f"{k} = {v}\n", st.text(string.ascii_letters, min_size=1),
                  st.sampled_from(["1e999", "nan", "-inf", "9" * 30, "true", '"\\u0000"'])),
    )
)  # fmt: skip
def test_scenario_files(folder, source):
    for suffix in (".json", ".toml"):
        path = _file(folder, "scenario" + suffix, source)
        data, error = _run(load_mapping, path)
        if error is not None:
            assert error.field.startswith("scenario file")
            continue
        assert isinstance(data, dict)
        text.check_structure(data, path, "again")  # what is returned passes the checks


# --- wind tables -------------------------------------------------------------------------

CSV_HEADERS = st.sampled_from(
    [
        "altitude_ft,direction_deg,speed_kt",
        "altitude,direction,speed",
        "altitude_m_agl,direction_deg,speed_mps",
        "altitude_ft,altitude_m,direction_deg,speed_kt",
        "speed_kt,direction_deg,altitude_ft,notes",
        "height,direction,speed",
    ]
)
CSV_CELLS = st.one_of(CELLS, st.sampled_from(["3000ftAGL", "25kt", "12m/s", "7.6km", '"1,0"']))


@st.composite
def csv_tables(draw):
    header = draw(CSV_HEADERS)
    width = header.count(",") + 1
    rows = draw(
        st.lists(
            st.lists(CSV_CELLS, min_size=width - 1, max_size=width + 1).map(",".join), max_size=6
        )
    )
    comment = draw(st.sampled_from(["", "# winds\n", "\n\n"]))
    return comment + header + "\n" + "\n".join(rows) + draw(st.sampled_from(["", "\n", "\r\n"]))


TOML_LITERALS = st.sampled_from(
    ['"0ft"', '"25000ft"', '"3000ftAGL"', "270", "360.0", '"8kt"', "45", "true", "false",
     '"false"', "1e999", "nan", "-inf", "-50000", "[1, 2]", "{a = 1}", "2018-03-10",
     "2018-03-10T12:00:00Z", "2018-03-10T12:00:00", '"12m/s"', "9223372036854775807", '""']
)  # fmt: skip
TOML_KEYS = st.sampled_from(
    ["altitude", "altitude_ft", "altitude_m", "agl", "direction_deg", "direction", "speed",
     "speed_kt", "speed_mps", "temperature"]
)  # fmt: skip


@st.composite
def toml_tables(draw):
    top = draw(st.sampled_from(["", 'source = "DZ"\n', "valid_time = 2018-03-10T12:00:00Z\n",
                                "valid_time = 1900-01-01T00:00:00Z\n", "level = 3\n"]))  # fmt: skip
    levels = []
    for _ in range(draw(st.integers(0, 4))):
        keys = draw(st.lists(TOML_KEYS, max_size=5, unique=True))
        levels.append("[[level]]\n" + "".join(f"{k} = {draw(TOML_LITERALS)}\n" for k in keys))
    return top + "\n".join(levels)


@SETTINGS
@given(source=st.one_of(csv_tables(), st.text(max_size=120), st.binary(max_size=60)))
def test_read_wind_csv(folder, source):
    path = _file(folder, "winds.csv", source)
    wind, error = _run(windtable.read_wind_csv, path, ground_elevation_m=50.0)
    if error is not None:
        assert error.field.startswith("wind file")
        return
    _check_wind(wind)


@SETTINGS
@given(source=st.one_of(toml_tables(), st.text(max_size=120), NESTING))
def test_read_wind_toml(folder, source):
    path = _file(folder, "winds.toml", source)
    wind, error = _run(windtable.read_wind_toml, path, ground_elevation_m=50.0)
    if error is not None:
        assert error.field.startswith("wind file")
        return
    _check_wind(wind)


# --- soundings ------------------------------------------------------------------------------


def _uwyo_line(cells: list[str]) -> str:
    return "".join(f"{cell:>7}"[-7:] for cell in cells)


@st.composite
def uwyo_texts(draw):
    rows = draw(st.lists(st.lists(CELLS, min_size=4, max_size=4), max_size=6))
    title = draw(st.sampled_from(["12Z 10 Mar 2018", "99Z 40 Xyz 0000", "00Z 1 Jan 2100"]))
    obs = draw(st.sampled_from(["180310/1200", "991399/9999", "000000/0000", "nan"]))
    lat = draw(CELLS)
    lines = [
        f"41217 OMAA Observations at {title}",
        _uwyo_line(["PRES", "HGHT", "DRCT", "SKNT"]),
        _uwyo_line(["hPa", "m", "deg", "knot"]),
        *(_uwyo_line(row) for row in rows),
        "Station information and sounding indices",
        f"    Observation time: {obs}",
        f"    Station latitude: {lat}",
        "   Station longitude: 54.65",
    ]
    return "\n".join(lines[: draw(st.integers(2, len(lines)))]) + "\n"


@st.composite
def gsl_texts(draw):
    def token():
        return draw(st.one_of(CELLS.filter(lambda c: c.strip() and " " not in c), NUMBERS))

    header = f"254 {token()} {token()} {draw(st.sampled_from(['MAR', 'FEB', 'xyz']))} {token()}"
    lines = [
        header,
        f"1 99999 41217 {draw(st.sampled_from(['24.43N', '95N', 'nan', '54.65E']))} 54.65E 27",
        f"2 99999 99999 99999 {token()} 99999 99999",
        f"3 OMAA 99999 {draw(st.sampled_from(['kt', 'ms', 'mph']))}",
    ]
    for _ in range(draw(st.integers(0, 6))):
        code = draw(st.sampled_from(["4", "5", "6", "7", "8", "9", "x"]))
        lines.append(" ".join([code, *(token() for _ in range(draw(st.integers(5, 7))))]))
    return "\n".join(lines) + "\n"


@SETTINGS
@given(source=st.one_of(uwyo_texts(), gsl_texts(), st.text(max_size=200)))
def test_soundings(source):
    for parse in (soundings.parse_uwyo, soundings.parse_gsl):
        wind, error = _run(parse, source, (24.4, 54.6), "s.txt", FIELD)
        if error is not None:
            assert error.field.startswith(FIELD)
            continue
        _check_wind(wind)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=100), uwyo_texts().map(str.encode)))
def test_read_sounding_bytes(folder, data):
    wind, error = _run(soundings.read_sounding, _file(folder, "s.txt", data), field=FIELD)
    if error is not None:
        assert error.field.startswith(FIELD)
        return
    _check_wind(wind)


# --- FlySight logs --------------------------------------------------------------------------

FS_TIMES = st.one_of(
    st.sampled_from(["2024-08-31T08:11:50.800Z", "2024-13-01T00:00:00Z", "1970-01-01T00:00:00Z",
                     "2024", "yesterday", "", "9999-12-31T23:59:59Z", "2024-02-30T00:00:00Z"]),
    st.integers(0, 59).map(lambda s: f"2024-08-31T08:11:{s:02d}.000Z"),
)  # fmt: skip


@st.composite
def flysight_texts(draw):
    columns = ["time", "lat", "lon", "hMSL", "velN", "velE", "velD", "vAcc", "gpsFix", "numSV"]
    if draw(st.booleans()):
        columns = draw(st.permutations(columns))[: draw(st.integers(6, len(columns)))]
    rows = []
    for i in range(draw(st.integers(0, 14))):
        cells = [
            draw(FS_TIMES) if c == "time" and draw(st.booleans()) else f"2024-08-31T08:11:{i:02d}Z"
            if c == "time" else draw(CELLS) if draw(st.booleans()) else draw(NUMBERS)
            for c in columns
        ]  # fmt: skip
        rows.append(",".join(cells))
    if draw(st.booleans()):
        return "\n".join(
            ["$FLYS,1", "$COL,GNSS," + ",".join(columns), *("$GNSS," + r for r in rows)]
        )
    return "\n".join([",".join(columns), "units", *rows]) + "\n"


@SETTINGS
@given(source=st.one_of(flysight_texts(), st.text(max_size=200)))
def test_parse_flysight_and_find_jump(source):
    log, error = _run(flysight.parse_flysight, source, "LOG.CSV")
    if error is not None:
        assert error.field == "FlySight log LOG.CSV"
        return
    for column, values in (("lat", log.latitude_deg), ("hMSL", log.altitude_m)):
        low, high, _ = flysight.RANGES[column]
        assert np.all(np.isfinite(values))
        assert np.all((values >= low) & (values <= high))
    assert np.all(np.diff(log.time_utc_s) > 0)
    jump, error = _run(flysight.find_jump, log)
    if error is None:
        assert jump.kind in flysight.FLIGHT_KINDS


@settings(SETTINGS, max_examples=60)
@given(data=st.binary(max_size=300))
def test_read_flysight_bytes(folder, data):
    log, error = _run(flysight.read_flysight, _file(folder, "TRACK.CSV", data))
    assert (log is None) != (error is None)


# --- Gridded forecasts (NetCDF; GRIB files are decoded in a child process, too slow for
# --- this budget: scripts/fuzz_parsers.py and test_io_winds_edges.py cover them) --------


@pytest.fixture(scope="module")
def netcdf_bytes(tmp_path_factory):
    xarray = pytest.importorskip("xarray")
    pytest.importorskip("scipy")
    shape = (2, 3, 2, 2)
    heights = np.array([100.0, 1500.0, 5800.0])[None, :, None, None]
    dims = ("time", "level", "latitude", "longitude")
    path = tmp_path_factory.mktemp("netcdf") / "seed.nc"
    xarray.Dataset(
        {
            "u": (dims, np.full(shape, 5.0), {"standard_name": "eastward_wind"}),
            "v": (dims, np.zeros(shape), {"standard_name": "northward_wind"}),
            "z": (
                dims,
                np.broadcast_to(heights * 9.80665, shape),
                {"standard_name": "geopotential"},
            ),
        },
        coords={
            "time": np.array(["2018-03-10T09:00", "2018-03-10T12:00"], dtype="datetime64[ns]"),
            "level": [1000, 850, 500],
            "latitude": [24.0, 25.0],
            "longitude": [54.0, 55.0],
        },
    ).to_netcdf(path, engine="scipy")
    return path.read_bytes()


@settings(SETTINGS, max_examples=80)
@given(
    changes=st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 255)), max_size=4),
    cut=st.one_of(st.none(), st.integers(0, 2000)),
)
def test_read_gridded_netcdf(folder, netcdf_bytes, changes, cut):
    from duskfall.io.gridded import read_gridded

    data = bytearray(netcdf_bytes)
    for position, value in changes:
        data[position % len(data)] = value
    path = _file(folder, "forecast.nc", bytes(data[:cut]))
    wind, error = _run(read_gridded, path, 24.4, 54.6, 1520676000.0 + 3600.0, field=FIELD)
    if error is not None:
        assert error.field.startswith(FIELD)
        return
    _check_wind(wind)
