"""Read quantities written the way aviation people write them: ``25000ft``, ``130kt``.

The numeric core works in SI; these helpers convert at the edges (command line and
scenario files). A bare number takes the documented default unit of its field.
Altitudes are above mean sea level unless the text says ``AGL`` (``4000ftAGL``).
"""

from __future__ import annotations

import math
import numbers
import re
from typing import NamedTuple

from duskfall.constants import (
    FOOT_M,
    KNOT_MPS,
    MPH_MPS,
    NAUTICAL_MILE_M,
    POUND_KG,
    STATUTE_MILE_M,
)
from duskfall.errors import UnitError

#: Factor to SI for each unit spelling, per kind of quantity.
UNITS: dict[str, dict[str, float]] = {
    "length": {
        "m": 1.0,
        "km": 1000.0,
        "ft": FOOT_M,
        "nm": NAUTICAL_MILE_M,
        "mi": STATUTE_MILE_M,
    },
    "speed": {
        "m/s": 1.0,
        "mps": 1.0,
        "km/h": 1000.0 / 3600.0,
        "kmh": 1000.0 / 3600.0,
        "kt": KNOT_MPS,
        "kts": KNOT_MPS,
        "kn": KNOT_MPS,
        "mph": MPH_MPS,
        "ft/min": FOOT_M / 60.0,
        "fpm": FOOT_M / 60.0,
    },
    "mass": {"kg": 1.0, "lb": POUND_KG, "lbs": POUND_KG},
    "area": {"m2": 1.0, "m^2": 1.0, "ft2": FOOT_M**2, "ft^2": FOOT_M**2},
    "angle": {"deg": 1.0},
    "duration": {"s": 1.0, "min": 60.0, "h": 3600.0},
}

#: Largest magnitude of each kind of quantity [SI]: far beyond anything a jump planner
#: is given, so that the arithmetic stays finite and a slip of the keyboard ("1e30ft") is
#: refused here; each input's physical range is checked where it is used.
MAX_MAGNITUDE: dict[str, float] = {
    # The Earth's equator, 2 pi a with a = 6,378,137 m (WGS 84): no length on Earth is longer.
    "length": 40_075_017.0,
    # Escape speed from the Earth's surface, 11.2 km/s: nothing that falls is faster.
    "speed": 11_200.0,
    # Maximum take-off mass of the heaviest aircraft flown, the Antonov An-225: 640 t.
    "mass": 640_000.0,
    # A square kilometre: a thousand times the largest parachutes flown (the Orion
    # capsule's mains, 116 ft across, are about 1,000 m^2).
    "area": 1.0e6,
    # Ten full turns.
    "angle": 3600.0,
    # A leap year.
    "duration": 366 * 86400.0,
}

#: ASCII digits only: a number is read the same way in every locale and script. Every
#: part of these patterns can match a given character in one way only, so that a long
#: hostile text ("1111...1!") is refused in linear time (no catastrophic backtracking).
_NUMBER = r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
_QUANTITY = re.compile(rf"({_NUMBER})\s*([a-zA-Z][a-zA-Z/^0-9]*)?")
_LENGTH = re.compile(rf"({_NUMBER})\s*([a-zA-Z]*)")
_DIRECTION = re.compile(_NUMBER)


def _allowed(kind: str, default_unit: str) -> str:
    spellings = ", ".join(UNITS[kind])
    return f"a number with a unit ({spellings}); a bare number is in {default_unit}"


def _shown(value):
    """``value`` for a message: long texts cut, so that one bad input gives one short line."""
    if isinstance(value, str) and len(value) > 60:
        return value[:60] + "..."
    return value


def _number(value, field: str, allowed: str) -> float:
    """A finite float from a real number (int, float, numpy scalar); bools and other
    types are refused."""
    if isinstance(value, bool):
        raise UnitError(field, value, allowed, "is a bool (true/false), not a quantity")
    if not isinstance(value, numbers.Real):
        raise UnitError(
            field, _shown(value), allowed, f"is a {type(value).__name__}, not a quantity"
        )
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise UnitError(field, _shown(value), allowed, "is not a finite number")
    return number


def parse_quantity(text: str | float, kind: str, default_unit: str, field: str) -> float:
    """Read ``text`` as a quantity of ``kind`` and return it in SI.

    Parameters
    ----------
    text
        ``"25000ft"``, ``"7.62 km"``, ``"130kt"``, ``"90kg"`` or a bare number.
    kind
        ``"length"``, ``"speed"``, ``"mass"``, ``"area"``, ``"angle"`` or ``"duration"``.
    default_unit
        Unit of a bare number (one of ``UNITS[kind]``).
    field
        Name of the input, for the error message.

    Returns
    -------
    float
        The value in SI units [m, m/s, kg, m^2, deg, s].

    Raises
    ------
    UnitError
        If the text is not a finite number followed by a known unit of that kind, is a
        bool (``True`` is not 1), or exceeds :data:`MAX_MAGNITUDE` of the kind.

    Examples
    --------
    >>> parse_quantity("130kt", "speed", "kt", "--aircraft-speed")
    66.87777777777778
    """
    factors = UNITS[kind]
    allowed = _allowed(kind, default_unit)
    if not isinstance(text, str):
        number, unit = _number(text, field, allowed), ""
    else:
        match = _QUANTITY.fullmatch(text.strip())
        if match is None:
            raise UnitError(field, _shown(text), allowed)
        number, unit = float(match.group(1)), match.group(2) or ""
    unit = unit or default_unit
    factor = factors.get(unit, factors.get(unit.lower()))
    if factor is None:
        raise UnitError(field, _shown(text), allowed, f"has an unknown {kind} unit")
    if not math.isfinite(number):
        raise UnitError(field, _shown(text), allowed, "is not a finite number")
    value = number * factor
    if not abs(value) <= MAX_MAGNITUDE[kind]:
        raise UnitError(
            field,
            _shown(text),
            f"{allowed}; at most {MAX_MAGNITUDE[kind]:g} in SI units",
            "is absurdly large",
        )
    return value


class Altitude(NamedTuple):
    """An altitude as written: a length and whether it is above ground level."""

    value_m: float
    """The length in metres [m]."""
    above_ground: bool
    """True if the value was written with ``AGL``; MSL otherwise."""

    def msl_m(self, ground_elevation_m: float) -> float:
        """The altitude above mean sea level [m], given the site's ground elevation [m]."""
        return self.value_m + ground_elevation_m if self.above_ground else self.value_m


def parse_altitude(text: str | float, field: str, default_unit: str = "ft") -> Altitude:
    """Read an altitude: ``25000ft`` (MSL), ``4000ftAGL``, ``1.2kmAGL``, ``7620m``.

    Parameters
    ----------
    text
        A number with an optional length unit and an optional ``AGL``/``MSL`` suffix.
    field
        Name of the input, for the error message.
    default_unit
        Unit of a bare number; feet for aviation users.

    Returns
    -------
    Altitude
        The length in metres and whether it is above ground level.

    Raises
    ------
    UnitError
        If the text is not a number with a length unit (a bool is refused), or exceeds
        the length of the equator.
    """
    allowed = (
        f"a number with a length unit ({', '.join(UNITS['length'])}), MSL unless followed "
        f"by AGL (e.g. 25000ft, 4000ftAGL); a bare number is in {default_unit}"
    )
    if not isinstance(text, str):
        return Altitude(parse_quantity(text, "length", default_unit, field), False)
    stripped = text.strip()
    reference = stripped[-3:].upper() if stripped[-3:].upper() in {"AGL", "MSL"} else None
    match = _LENGTH.fullmatch(stripped[:-3].rstrip() if reference else stripped)
    if match is None:
        raise UnitError(field, _shown(text), allowed)
    number, unit = match.groups()
    try:
        value_m = parse_quantity(number + (unit or ""), "length", default_unit, field)
    except UnitError as error:
        # The allowed units are listed; say more only when the number itself is wrong.
        problem = None if "unit" in error.problem else error.problem
        raise UnitError(field, _shown(text), allowed, problem) from None
    return Altitude(value_m, reference == "AGL")


def parse_wind(text: str, field: str, default_speed_unit: str = "kt") -> tuple[float, float]:
    """Read a wind written ``DIR@SPEED`` as forecasts print it: ``270@20kt``.

    Parameters
    ----------
    text
        Direction the wind blows FROM in degrees true, ``@``, speed with optional unit.
    field
        Name of the input, for the error message.
    default_speed_unit
        Unit of a bare speed; knots.

    Returns
    -------
    tuple of float
        (direction_from_deg, speed_mps).

    Raises
    ------
    UnitError
        If the text is not of that form (a text: numbers and bools are refused), the
        direction is not a number from 0 to 360, or the speed is negative or not finite.

    Examples
    --------
    >>> direction, speed = parse_wind("270@20kt", "--wind")
    >>> direction, round(speed, 3)
    (270.0, 10.289)
    """
    allowed = "DIRECTION@SPEED, direction FROM in degrees true 0-360 (e.g. 270@20kt)"
    if not isinstance(text, str):
        raise UnitError(field, _shown(text), allowed, f"is a {type(text).__name__}, not a text")
    parts = text.split("@")
    if len(parts) != 2:
        raise UnitError(field, _shown(text), allowed)
    # str.strip() removes what float() does not (\x1c-\x1f): convert what was matched.
    direction_text = parts[0].strip()
    if _DIRECTION.fullmatch(direction_text) is None:
        raise UnitError(field, _shown(text), allowed, "has no direction in degrees")
    direction = float(direction_text)
    if not (0.0 <= direction <= 360.0):
        raise UnitError(field, _shown(text), allowed, "has a direction outside 0-360 degrees")
    try:
        speed = parse_quantity(parts[1], "speed", default_speed_unit, field)
    except UnitError as error:
        raise UnitError(field, _shown(text), allowed, f"{error.problem} (the speed)") from None
    if speed < 0:
        raise UnitError(field, _shown(text), allowed, "has a negative speed")
    return direction % 360.0, speed
