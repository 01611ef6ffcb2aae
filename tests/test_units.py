"""Unit parsing at the edges. Authority: the exact definitions (1959 international foot
and pound; 1929 nautical mile)."""

import pytest

from duskfall.errors import UnitError
from duskfall.units import parse_altitude, parse_quantity, parse_wind


@pytest.mark.parametrize(
    ("text", "kind", "default", "expected"),
    [
        ("25000ft", "length", "ft", 7620.0),
        ("7.62km", "length", "ft", 7620.0),
        ("25000", "length", "ft", 7620.0),
        ("130kt", "speed", "kt", 130 * 1852 / 3600),
        ("200mph", "speed", "kt", 200 * 0.44704),
        ("90kg", "mass", "kg", 90.0),
        ("200lb", "mass", "kg", 200 * 0.45359237),
        ("0.5m2", "area", "m2", 0.5),
    ],
)
def test_quantities(text, kind, default, expected):
    assert parse_quantity(text, kind, default, "x") == pytest.approx(expected, rel=1e-12)


def test_altitude_agl_and_msl():
    assert parse_altitude("4000ftAGL", "alt").msl_m(50.0) == pytest.approx(1219.2 + 50.0)
    assert parse_altitude("1.2kmAGL", "alt").msl_m(50.0) == pytest.approx(1250.0)
    assert parse_altitude("25000ft", "alt").msl_m(50.0) == pytest.approx(7620.0)
    assert parse_altitude("7620mMSL", "alt").msl_m(50.0) == pytest.approx(7620.0)


@pytest.mark.parametrize("text", ["banana", "12furlongs", "ft", "1e999ft", ""])
def test_bad_quantities_name_the_field(text):
    with pytest.raises(UnitError, match="--exit-altitude"):
        parse_altitude(text, "--exit-altitude")


def test_wind():
    direction, speed = parse_wind("270@20kt", "--wind")
    assert direction == 270.0
    assert speed == pytest.approx(20 * 1852 / 3600)
    with pytest.raises(UnitError, match="--wind"):
        parse_wind("400@20kt", "--wind")
