"""Read quantities written the way aviation people write them: ``25000ft``, ``130kt``.

The numeric core works in SI; these helpers convert at the edges (command line and
scenario files). A bare number takes the documented default unit of its field.
Altitudes are above mean sea level unless the text says ``AGL`` (``4000ftAGL``).
"""

from __future__ import annotations

import math
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

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_QUANTITY = re.compile(rf"^\s*({_NUMBER})\s*([a-zA-Z/^0-9]*)\s*$")
_ALTITUDE = re.compile(rf"^\s*({_NUMBER})\s*([a-zA-Z]*?)\s*(AGL|MSL)?\s*$", re.IGNORECASE)


def _allowed(kind: str, default_unit: str) -> str:
    spellings = ", ".join(UNITS[kind])
    return f"a number with a unit ({spellings}); a bare number is in {default_unit}"


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
        If the text is not a finite number followed by a known unit of that kind.

    Examples
    --------
    >>> parse_quantity("130kt", "speed", "kt", "--aircraft-speed")
    66.87777777777778
    """
    factors = UNITS[kind]
    if isinstance(text, int | float):
        number, unit = float(text), ""
    else:
        match = _QUANTITY.match(str(text))
        if match is None:
            raise UnitError(field, text, _allowed(kind, default_unit))
        number, unit = float(match.group(1)), match.group(2)
    unit = unit or default_unit
    factor = factors.get(unit, factors.get(unit.lower()))
    if factor is None:
        raise UnitError(field, text, _allowed(kind, default_unit), f"has an unknown {kind} unit")
    if not math.isfinite(number):
        raise UnitError(field, text, _allowed(kind, default_unit), "is not a finite number")
    return number * factor


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
        If the text is not a number with a length unit.
    """
    allowed = (
        f"a number with a length unit ({', '.join(UNITS['length'])}), MSL unless followed "
        f"by AGL (e.g. 25000ft, 4000ftAGL); a bare number is in {default_unit}"
    )
    if isinstance(text, int | float):
        return Altitude(parse_quantity(text, "length", default_unit, field), False)
    match = _ALTITUDE.match(str(text))
    if match is None:
        raise UnitError(field, text, allowed)
    number, unit, reference = match.groups()
    try:
        value_m = parse_quantity(number + (unit or ""), "length", default_unit, field)
    except UnitError:
        raise UnitError(field, text, allowed) from None
    return Altitude(value_m, bool(reference) and reference.upper() == "AGL")


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
        If the text is not of that form, or the direction is outside [0, 360].
    """
    allowed = "DIRECTION@SPEED, direction FROM in degrees true 0-360 (e.g. 270@20kt)"
    parts = str(text).split("@")
    if len(parts) != 2:
        raise UnitError(field, text, allowed)
    try:
        direction = float(parts[0])
    except ValueError:
        raise UnitError(field, text, allowed) from None
    if not (0.0 <= direction <= 360.0):
        raise UnitError(field, text, allowed, "has a direction outside 0-360 degrees")
    speed = parse_quantity(parts[1], "speed", default_speed_unit, field)
    if speed < 0:
        raise UnitError(field, text, allowed, "has a negative speed")
    return direction % 360.0, speed
