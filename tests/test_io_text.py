"""Reading text and structured files: whatever the bytes, one clear error or the data.

Authorities: RFC 3629 (UTF-8: 0xff never appears; a lone surrogate is not a character),
RFC 8259 (JSON: no NaN or Infinity; names within an object should be unique), TOML 1.0
(toml.io/en/v1.0.0: integers are 64-bit, larger ones are an error; inf and nan are
floats, which no duskfall input accepts), and Python's own limits (a RecursionError at
about a thousand levels of nesting, a ValueError for integers of more than 4,300 digits)
that must never reach the user.
"""

import contextlib
import json
import time

import pytest

from duskfall.errors import InputError
from duskfall.io import scenario, text
from duskfall.io.scenario import load_mapping


def _file(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


# --- read_text -------------------------------------------------------------------------


def test_utf8_with_bom_and_crlf(tmp_path):
    path = _file(tmp_path, "t.csv", b"\xef\xbb\xbfa,b\r\n1,2\r\n")
    assert text.read_text(path, "f") == "a,b\r\n1,2\r\n"
    assert text.split_lines(text.read_text(path, "f")) == ["a,b", "1,2", ""]


def test_line_numbers_count_line_feeds_only():
    """A form feed or a Unicode line separator stays inside its line (str.splitlines
    would split there and shift every later line number)."""
    assert text.split_lines("a\x0cb\u2028c\nd") == ["a\x0cb\u2028c", "d"]


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"alt\n0,1\xff\n", r"is not UTF-8 \(byte 0xff at line 2, column 4\)"),
        (b"alt\n\xe9\n", r"is not UTF-8 \(byte 0xe9 at line 2, column 1\)"),  # Latin-1
        (b"\xef\xbb\xbf\xc3", r"is not UTF-8 \(byte 0xc3 at line 1, column 4\)"),
        (b"ab\ncd\x00", r"is binary \(a NUL byte at line 2, column 3\)"),
        ("a,b".encode("utf-16"), r"is binary"),
    ],
)
def test_bytes_that_are_not_utf8_text(tmp_path, data, match):
    path = _file(tmp_path, "bad.txt", data)
    with pytest.raises(InputError, match=match) as caught:
        text.read_text(path, "wind file", "a wind table")
    assert str(caught.value).startswith(f"wind file: '{path}'")
    assert "allowed: UTF-8 text: a wind table" in str(caught.value)


def test_size_is_bounded_before_reading(tmp_path):
    path = _file(tmp_path, "big.txt", b"x" * 2000)
    with pytest.raises(InputError, match=r"is too large \(0\.0 MiB\).*at most 0\.0 MiB"):
        text.read_text(path, "f", "a file", max_bytes=1000)
    assert text.read_text(path, "f", max_bytes=2000) == "x" * 2000


def test_special_file_is_bounded_too():
    """/dev/zero reports a size of 0 and never ends: at most max_bytes + 1 are read."""
    with pytest.raises(InputError, match="is too large"):
        text.read_bytes("/dev/zero", "f", "a file", max_bytes=1000)


@pytest.mark.parametrize("name", ["missing.txt", ".", "nul\x00name"])
def test_unreadable_paths(tmp_path, name):
    with pytest.raises(InputError, match="cannot be read"):
        text.read_text(tmp_path / name if "\x00" not in name else name, "f")


# --- TOML and JSON -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "match"),
    [
        ("a = " + "[" * 1000 + "]" * 1000, "is nested too deep"),
        ("a = " + "{b = " * 1000 + "1" + "}" * 1000, "is nested too deep"),
        ("a." * 100 + "b = 1", r"line 1: .* is nested too deep; allowed: keys of at most 32"),
        ("x = 1\n" + '"a".' * 40 + "b = 1", r"s\.toml line 2: .* is nested too deep"),
        ("a." * 32 + "b = 1", "is nested too deep"),  # 33 parts
        ("mass = 1e999", r"mass: inf is not a finite number"),
        ("[jump]\nmass = nan", r"jump\.mass: nan is not a finite number"),
        ("x = [1, 2, -inf]", r"x\[2\]: -inf is not a finite number"),
        ("n = 9223372036854775808", r"n: '9223372036854775808' is too large"),
        ("n = 1" + "0" * 5000, "is not valid TOML"),
        ('name = "\\u001b[31mred"', "holds a control character"),
        ("[[level]\n", r"is not valid TOML: .*line 1"),
    ],
)
def test_toml_edges(tmp_path, source, match):
    with pytest.raises(InputError, match=match) as caught:
        text.parse_toml(source, tmp_path / "s.toml", "scenario file")
    assert str(caught.value).startswith("scenario file")


@pytest.mark.parametrize(
    ("source", "match"),
    [
        ("[" * 100_000 + "]" * 100_000, "is nested too deep"),
        ('{"a": ' * 50 + "1" + "}" * 50, "nested at most 32 deep"),
        ('{"mass": NaN}', "NaN is not a number JSON allows"),
        ('{"mass": -Infinity}', "-Infinity is not a number JSON allows"),
        ('{"jump": {"mass": 1e999}}', r"jump\.mass: inf is not a finite number"),
        ('{"mass": 80, "mass": true}', "the key 'mass' appears twice"),
        ('{"name": "\\ud800"}', r"name: '\\ud800' is not text"),
        ('{"seed": ' + "9" * 5000 + "}", "is not valid JSON"),
        ('{"seed": 1e308, "x": 18446744073709551616}', r"x: '18446744073709551616' is too large"),
        ("{'single': 1}", r"is not valid JSON: .*line 1 column 2"),
    ],
)
def test_json_edges(tmp_path, source, match):
    with pytest.raises(InputError, match=match):
        text.parse_json(source, tmp_path / "s.json", "scenario file")


def test_valid_structures_pass_unchanged(tmp_path):
    data = {"a": [1, 2.5, "x\ty"], "b": {"c": True, "d": -(2**63) + 1}}
    assert text.parse_json(json.dumps(data), tmp_path / "s.json", "f") == data
    assert text.parse_toml('a = [1, 2.5, "x\\ty"]\n', tmp_path / "s.toml", "f") == {
        "a": [1, 2.5, "x\ty"]
    }


# --- Scenario files ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "match"),
    [
        ("s.toml", b'[site]\nname = "Caf\xe9"\n', r"is not UTF-8 \(byte 0xe9 at line 2"),
        ("s.toml", b"\x00\x01\x02", "is binary"),
        ("s.json", b'{"jumpers": [' * 1000 + b"]}" * 1000, "is nested too deep"),
        ("s.toml", b"a = " + b"[" * 1000 + b"]" * 1000, "is nested too deep"),
        ("s.json", b'{"jump": {"exit_altitude": 1e999}}', r"jump\.exit_altitude: inf"),
        ("s.toml", b"[jump]\nexit_altitude = nan\n", r"jump\.exit_altitude: nan"),
        ("s.json", b"[1, 2]", "holds a list"),
        ("s.json", b'{"site": {"lat": 24.4}, "site": {}}', "appears twice"),
        ("s.toml", b"[site]\nlat = 24.4\n[site", "is not valid TOML"),
    ],
)
def test_scenario_files_that_are_not_scenarios(tmp_path, name, data, match):
    path = _file(tmp_path, name, data)
    with pytest.raises(InputError, match=match) as caught:
        load_mapping(path)
    assert str(caught.value).startswith("scenario file")
    assert "\n" not in str(caught.value)


def test_huge_scenario_file(tmp_path):
    path = _file(tmp_path, "s.toml", "# " + "x" * scenario.MAX_SCENARIO_BYTES + "\n")
    with pytest.raises(InputError, match=r"is too large \(1\.0 MiB\)"):
        load_mapping(path)


# --- Hostile sizes: refused in linear time ------------------------------------------------

#: A bound far above what a linear parse of these inputs takes (milliseconds) and far
#: below what a quadratic one takes (minutes: a 300,000-part dotted key kept tomllib busy
#: for more than five minutes before it was refused up front).
LINEAR_S = 5.0


@pytest.mark.parametrize(
    "source",
    [
        "a." * 300_000 + "b = 1",
        "[" + "a." * 300_000 + "b]",
        "x = {" + "b." * 300_000 + "c = 1}",
        '"a".' * 200_000 + "b = 1",
        "a" * 1_000_000,
        "x = [" + "1.5, " * 150_000 + "]",
    ],
)
def test_toml_hostile_sizes_are_quick(tmp_path, source):
    start = time.perf_counter()
    with contextlib.suppress(InputError):  # refused, or read (the array of floats)
        text.parse_toml(source, tmp_path / "s.toml", "f")
    assert time.perf_counter() - start < LINEAR_S
