"""Unit parsers at the edges: every malformed, non-finite, absurd or wrongly typed value
is one UnitError naming the field.

Authorities: the parsers' documented grammar (a decimal number in ASCII digits, an
optional unit of the kind, an optional AGL/MSL); IEEE 754 (1e999 overflows to infinity,
nan is not a number: neither is a measurement); TOML and JSON, where true is a bool and
not the number 1; and the magnitudes no input can reach (MAX_MAGNITUDE: the equator's
40,075 km, the Earth's escape speed of 11.2 km/s, the An-225's 640 t).
"""

import math
import time

import pytest

from duskfall.constants import FOOT_M, KNOT_MPS
from duskfall.errors import UnitError
from duskfall.units import MAX_MAGNITUDE, parse_altitude, parse_quantity, parse_wind


@pytest.mark.parametrize("value", [True, False])
def test_bools_are_not_quantities(value):
    """In a TOML or JSON file `mass = true` is a bool: it must not become 1 kg."""
    with pytest.raises(UnitError, match=r"^jumpers\.0\.mass: (True|False) is a bool"):
        parse_quantity(value, "mass", "kg", "jumpers.0.mass")
    with pytest.raises(UnitError, match="is a bool"):
        parse_altitude(value, "jump.exit_altitude")
    with pytest.raises(UnitError, match="is a bool"):
        parse_wind(value, "winds.levels")


@pytest.mark.parametrize(
    "value", [math.inf, -math.inf, math.nan, 1e308 * 10, 10**400, "1e999ft", "-1e999"]
)
def test_non_finite_numbers(value):
    with pytest.raises(UnitError, match=r"^--exit-altitude: .*(not a finite|not a valid)"):
        parse_altitude(value, "--exit-altitude")
    with pytest.raises(UnitError, match=r"^--aircraft-speed: "):
        parse_quantity(value, "speed", "kt", "--aircraft-speed")


@pytest.mark.parametrize(
    "text",
    ["nan", "NaN ft", "inf", "-inf", "infinity", "Infinity kt", "", " ", "ft", "kt", "25,000ft",
     "25 000ft", "1_000ft", "0x10", "1e", ".", "-", "+", "--5ft", "5ft5", "5 f t", "5ft AGL AGL",
     "٣٠٠٠ft", "２５０００ft", "5\x00ft", "1e5e5", "5..0ft"],
)  # fmt: skip
def test_malformed_texts_name_the_field(text):
    with pytest.raises(UnitError, match=r"^--exit-altitude: ") as caught:
        parse_altitude(text, "--exit-altitude")
    assert caught.value.field == "--exit-altitude"
    assert "\n" not in str(caught.value)
    with pytest.raises(UnitError, match=r"^--separation: "):
        parse_quantity(text, "length", "m", "--separation")


@pytest.mark.parametrize("value", [None, [25000], {"ft": 1}, b"25000", object()])
def test_other_types_are_refused(value):
    with pytest.raises(UnitError, match=r"^--mass: .* not a quantity"):
        parse_quantity(value, "mass", "kg", "--mass")


@pytest.mark.parametrize(
    ("text", "kind", "unit"),
    [
        ("1e30ft", "length", "ft"),
        ("40076km", "length", "m"),
        ("25000kt", "speed", "kt"),
        ("1e300kg", "mass", "kg"),
        ("2e6m2", "area", "m2"),
        ("3601deg", "angle", "deg"),
        ("367d", "duration", "s"),
        ("1e9", "duration", "s"),
    ],
)
def test_absurd_magnitudes(text, kind, unit):
    with pytest.raises(UnitError, match=r"^x: .*(absurdly large|unknown)"):
        parse_quantity(text, kind, unit, "x")


def test_largest_magnitudes_are_read():
    """Up to MAX_MAGNITUDE a value is read (the caller checks its own physical range)."""
    for kind, top in MAX_MAGNITUDE.items():
        unit = {"length": "m", "speed": "m/s", "mass": "kg", "area": "m2", "angle": "deg"}
        value = parse_quantity(top, kind, unit.get(kind, "s"), "x")
        assert value == pytest.approx(top)
        assert parse_quantity(-top, kind, unit.get(kind, "s"), "x") == pytest.approx(-top)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("270@20kt", (270.0, 20 * KNOT_MPS)),
        (" 270 @ 20 kt ", (270.0, 20 * KNOT_MPS)),
        ("270 \x1c@20", (270.0, 20 * KNOT_MPS)),  # found by the fuzzer: float() kept \x1c
        ("360@0", (0.0, 0.0)),
        ("0@5m/s", (0.0, 5.0)),
        ("090.5@10", (90.5, 10 * KNOT_MPS)),
    ],
)
def test_winds_that_are_read(text, expected):
    assert parse_wind(text, "--wind") == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("270@-5kt", "negative speed"),
        ("270@1e999", "not a finite number"),
        ("270@inf", "not a valid quantity"),
        ("nan@5", "no direction"),
        ("inf@5", "no direction"),
        ("1_80@5", "no direction"),
        ("361@5", "outside 0-360"),
        ("-1@5", "outside 0-360"),
        ("270@5@6", "not a valid quantity"),
        ("270", "not a valid quantity"),
        ("@", "no direction"),
        ("270@20furlongs", "unknown speed unit"),
        ("270@30000kt", "absurdly large"),
        ("٢٧٠@5", "no direction"),
    ],
)
def test_winds_that_are_refused(text, problem):
    with pytest.raises(UnitError, match=rf"^--wind: .*{problem}") as caught:
        parse_wind(text, "--wind")
    assert caught.value.value == text


@pytest.mark.parametrize("value", [270, 270.0, None, ["270@5"]])
def test_wind_must_be_text(value):
    with pytest.raises(UnitError, match=r"^--wind: .*not a text"):
        parse_wind(value, "--wind")


@pytest.mark.parametrize(
    ("text", "field", "kind", "unit", "expected"),
    [
        # The command line's angle options (--grid) and distances (--offset): edge values.
        ("0.25", "--grid", "angle", "deg", 0.25),
        ("-0", "--grid", "angle", "deg", 0.0),
        ("360deg", "--grid", "angle", "deg", 360.0),
        ("+.5e1", "--grid", "angle", "deg", 5.0),
        ("0", "--offset", "length", "m", 0.0),
        ("0.5nm", "--offset", "length", "m", 926.0),
        ("1e-300m", "--offset", "length", "m", 1e-300),
    ],
)
def test_command_line_edge_values_are_read(text, field, kind, unit, expected):
    assert parse_quantity(text, kind, unit, field) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "field", "kind", "unit"),
    [
        ("1e999", "--grid", "angle", "deg"),
        ("nan", "--grid", "angle", "deg"),
        ("3600.1", "--grid", "angle", "deg"),
        ("1e999m", "--offset", "length", "m"),
        ("1e999s", "--scheduler-timeout", "duration", "s"),
        ("1e999", "--wind-error", "speed", "kt"),
        ("true", "--mass", "mass", "kg"),
        ("1e999ft", "--ground-elevation", "length", "ft"),
    ],
)
def test_command_line_edge_values_are_refused(text, field, kind, unit):
    with pytest.raises(UnitError, match=rf"^{field}: "):
        parse_quantity(text, kind, unit, field)


def test_long_text_is_cut_in_the_message():
    with pytest.raises(UnitError) as caught:
        parse_altitude("9" * 10_000 + "furlongs", "--altitude")
    assert len(str(caught.value)) < 400


def test_altitude_reference_is_kept():
    assert parse_altitude("3000 ft agl", "x").msl_m(100.0) == pytest.approx(3000 * FOOT_M + 100)
    assert parse_altitude(-1000, "x").msl_m(0.0) == pytest.approx(-1000 * FOOT_M)


#: Far above a linear parse (milliseconds), far below a quadratic one: before the number
#: pattern was made unambiguous, "1" * 20,000 + "!" took 95 s to refuse.
LINEAR_S = 5.0


@pytest.mark.parametrize(
    "text",
    ["1" * 200_000 + "!", " " * 200_000 + "1!", "1." + "1" * 200_000 + ".", "1" + " " * 200_000
     + "AGL" + " " * 200_000 + "!", "1e" + "1" * 200_000 + "!", "1" + "ft" * 100_000 + "AGL!"],
)  # fmt: skip
def test_long_hostile_texts_are_refused_quickly(text):
    start = time.perf_counter()
    for parse in (
        lambda: parse_altitude(text, "x"),
        lambda: parse_quantity(text, "length", "m", "x"),
        lambda: parse_wind(text + "@" + text, "x"),
    ):
        with pytest.raises(UnitError):
            parse()
    assert time.perf_counter() - start < LINEAR_S
