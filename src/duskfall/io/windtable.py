"""Manual wind tables: CSV and TOML files of altitude, direction FROM and speed.

A drop zone's winds-aloft table, a pilot report, a forecast copied by hand. Values are
written the way aviation people write them: altitudes MSL unless they say AGL, bare
altitudes in feet, directions FROM in degrees true, bare speeds in knots. Units may sit
in each cell (``10000ft``, ``3000ftAGL``, ``25kt``, ``12m/s``) or in the column name
(``altitude_ft``, ``altitude_m_agl``, ``speed_kt``, ``speed_mps``).

CSV (a header row, then one level per row; ``#`` starts a comment line)::

    altitude_ft,direction_deg,speed_kt
    0,270,8
    10000,280,25
    25000,290,45

TOML (``source`` and ``valid_time`` optional; ``valid_time`` an offset date-time)::

    source = "DZ winds aloft, 10 March 2018"
    valid_time = 2018-03-10T12:00:00Z

    [[level]]
    altitude = "0ft"
    direction_deg = 270
    speed = "8kt"

    [[level]]
    altitude = "25000ft"
    direction_deg = 290
    speed = "45kt"

Values are checked where they are read, with the line or key in the message: types are
strict (in TOML ``agl`` is a bool, ``true`` or ``false``, never the text ``"false"``; a
direction is a number, never a bool); a value under a name that gives the unit is a
bare number; altitudes lie within the standard atmosphere (:data:`ALTITUDE_RANGE`),
directions 0-360, speeds within :data:`duskfall.winds.MAX_WIND_SPEED_MPS`; unknown or
repeated keys and CSV rows with more or fewer values than the header are refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
from pathlib import Path

from duskfall import timeutil
from duskfall.atmosphere import MAX_ALTITUDE_M, MIN_ALTITUDE_M
from duskfall.constants import FOOT_M, KNOT_MPS
from duskfall.errors import InputError, NaiveDatetimeError, OutOfRangeError, UnitError
from duskfall.io.text import parse_toml, read_text, shown, split_lines
from duskfall.units import parse_altitude, parse_quantity
from duskfall.winds import MAX_WIND_SPEED_MPS, LayeredWind

MAX_TABLE_BYTES = 2**20
"""Largest wind table read [bytes]: 1 MiB (a table of a hundred levels is 3 kB)."""

#: Column-name suffixes that give the unit of bare numbers.
_ALTITUDE_UNITS = {"ft": "ft", "m": "m", "km": "km"}
_SPEED_UNITS = {
    "kt": "kt",
    "kts": "kt",
    "knots": "kt",
    "mps": "m/s",
    "ms": "m/s",
    "kmh": "km/h",
    "mph": "mph",
}

#: Keys of a TOML ``[[level]]`` table: the altitude, direction and speed may each be
#: given under one of these names (the unit in the name, or in the value).
_LEVEL_KEYS = {
    "altitude": (("altitude", None), ("altitude_ft", "ft"), ("altitude_m", "m")),
    "direction_deg": (("direction_deg", None), ("direction", None)),
    "speed": (("speed", None), ("speed_kt", "kt"), ("speed_mps", "m/s")),
}
_TOP_KEYS = ("source", "valid_time", "level", "levels")

_BARE_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")

ALTITUDE_RANGE = (
    f"{MIN_ALTITUDE_M / FOOT_M:,.0f} ft to {MAX_ALTITUDE_M / FOOT_M:,.0f} ft MSL "
    f"({MIN_ALTITUDE_M:,.0f} m to {MAX_ALTITUDE_M:,.0f} m, the standard atmosphere's range)"
)
"""The altitudes a wind level may have, in words."""
SPEED_RANGE = f"0 to {MAX_WIND_SPEED_MPS / KNOT_MPS:.0f} kt ({MAX_WIND_SPEED_MPS:.0f} m/s)"
"""The wind speeds a level may have, in words."""


def _column_unit(name: str, kind: str) -> tuple[str | None, bool]:
    """(default unit, AGL) from a column name like ``altitude_ft_agl`` or ``speed_kt``."""
    parts = name.strip().lower().split("_")
    agl = "agl" in parts
    table = _ALTITUDE_UNITS if kind == "length" else _SPEED_UNITS
    for part in parts[1:]:
        if part in table:
            return table[part], agl
    return None, agl


def _scalar(value, field: str, example: str):
    """``value`` if it is a number or a text; a bool, a table or an array is refused."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        kind = "a bool" if isinstance(value, bool) else f"a {type(value).__name__}"
        raise InputError(field, shown(value), f"a number or a text such as {example}", f"is {kind}")
    return value


def _bare(value, unit: str | None, field: str, name: str) -> None:
    """Refuse a unit in the value when the key or column ``name`` already gives one."""
    if unit is not None and isinstance(value, str) and not _BARE_NUMBER.fullmatch(value.strip()):
        raise UnitError(
            field,
            shown(value),
            f"a bare number in {unit}: the name {name} gives the unit (or name it without one)",
            "is not a bare number",
        )


def _altitude_m(value, unit, agl, ground_elevation_m, field, name) -> float:
    _scalar(value, field, "25000ft or 3000ftAGL")
    _bare(value, unit, field, name)
    parsed = parse_altitude(value, field, unit or "ft")
    if agl:
        if isinstance(value, str) and value.strip().upper().endswith("MSL"):
            raise InputError(field, value, f"heights above the ground: {name} says AGL", "says MSL")
        parsed = parsed._replace(above_ground=True)
    altitude_m = parsed.msl_m(ground_elevation_m)
    if not MIN_ALTITUDE_M <= altitude_m <= MAX_ALTITUDE_M:
        raise OutOfRangeError(field, shown(value), ALTITUDE_RANGE)
    return altitude_m


def _direction_deg(value, field) -> float:
    _scalar(value, field, "270")
    direction_deg = parse_quantity(value, "angle", "deg", field)
    if not 0.0 <= direction_deg <= 360.0:
        raise OutOfRangeError(field, shown(value), "0 to 360 degrees true the wind blows FROM")
    return direction_deg % 360.0


def _speed_mps(value, unit, field, name) -> float:
    _scalar(value, field, "25kt or 12m/s")
    _bare(value, unit, field, name)
    speed_mps = parse_quantity(value, "speed", unit or "kt", field)
    if not 0.0 <= speed_mps <= MAX_WIND_SPEED_MPS:
        raise OutOfRangeError(field, shown(value), SPEED_RANGE)
    return speed_mps


def _profile(levels, path, source, valid_time_utc_s, field) -> LayeredWind:
    if not levels:
        raise InputError(field, str(path), "a table with at least one wind level", "has none")
    levels.sort()
    altitudes = [level[0] for level in levels]
    for a, b in itertools.pairwise(altitudes):
        if a == b:
            raise OutOfRangeError(
                field, str(path), "one row per altitude", f"repeats the level at {a:.0f} m"
            )
    return LayeredWind(
        tuple(altitudes),
        tuple(level[1] for level in levels),
        tuple(level[2] for level in levels),
        source=source,
        valid_time_utc_s=valid_time_utc_s,
    )


def _csv_row(line: str, field: str, number: int) -> list[str]:
    try:
        return [cell.strip() for cell in next(csv.reader([line]))]
    except (csv.Error, StopIteration) as error:
        raise InputError(
            f"{field} line {number}", shown(line), "comma-separated values", f"is not CSV ({error})"
        ) from None


def _csv_header(rows, path, field, named) -> tuple[list[str], int, int, int]:
    if not rows:
        raise InputError(field, str(path), "a CSV table with a header row", "is empty")
    number, header = rows[0]
    header = [name.lower() for name in header]

    def column(prefix: str) -> int:
        matches = [i for i, name in enumerate(header) if name.startswith(prefix)]
        if len(matches) != 1:
            found = "has no" if not matches else "has more than one"
            raise InputError(
                f"{named} line {number}",
                shown(",".join(header)),
                "one column each of altitude, direction and speed "
                "(e.g. altitude_ft,direction_deg,speed_kt)",
                f"{found} {prefix} column",
            )
        return matches[0]

    return header, column("altitude"), column("direction"), column("speed")


def read_wind_csv(
    path: str | Path,
    ground_elevation_m: float = 0.0,
    valid_time_utc_s: float | None = None,
    field: str = "wind file",
) -> LayeredWind:
    """Read a CSV wind table (see the module docstring for the layout).

    Parameters
    ----------
    path
        The file.
    ground_elevation_m
        Elevation of the drop zone [m MSL], for AGL altitudes.
    valid_time_utc_s
        When the table is valid [POSIX s], if known.
    field
        Name of the input, for error messages.

    Returns
    -------
    LayeredWind

    Raises
    ------
    InputError
        If the file cannot be read (too large, binary, not UTF-8), lacks one column each
        of altitude, direction and speed, or has a row that cannot be read: a wrong number
        of values, a value that is not a number of the column's unit, an altitude outside
        the standard atmosphere's range or a speed outside 0-250 kt (the message names
        the line).
    """
    text = read_text(path, field, "a CSV wind table", MAX_TABLE_BYTES)
    named = f"{field} {Path(path).name}"  # messages about a line name the file
    rows = [
        (number, _csv_row(line, named, number))
        for number, line in enumerate(split_lines(text), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    header, ia, idir, isp = _csv_header(rows, path, field, named)
    altitude_unit, agl = _column_unit(header[ia], "length")
    speed_unit, _ = _column_unit(header[isp], "speed")
    levels = []
    for number, row in rows[1:]:
        where = f"{named} line {number}"
        if len(row) != len(header):
            raise InputError(
                where,
                shown(",".join(row)),
                f"{len(header)} values ({','.join(header)})",
                "is truncated" if len(row) < len(header) else f"has {len(row)} values",
            )
        levels.append(
            (
                _altitude_m(
                    row[ia], altitude_unit, agl, ground_elevation_m, f"{where} altitude", header[ia]
                ),
                _direction_deg(row[idir], f"{where} direction"),
                _speed_mps(row[isp], speed_unit, f"{where} speed", header[isp]),
            )
        )
    return _profile(levels, path, f"wind table {Path(path).name}", valid_time_utc_s, field)


def _toml_valid_time(data: dict, field: str) -> float | None:
    valid_time = data.get("valid_time")
    if valid_time is None:
        return None
    allowed = "an offset date-time, 2018-03-10T12:00:00Z (TOML's own, unquoted, or quoted)"
    if isinstance(valid_time, str):  # the same written as text: read as ISO 8601
        try:
            valid_time = dt.datetime.fromisoformat(valid_time.strip())
        except ValueError:
            raise InputError(
                f"{field} valid_time", valid_time, allowed, "is not an ISO 8601 date-time"
            ) from None
    if not isinstance(valid_time, dt.datetime):
        raise InputError(f"{field} valid_time", valid_time, allowed, "is not a date-time")
    if valid_time.tzinfo is None:
        raise NaiveDatetimeError(f"{field} valid_time", data["valid_time"])
    valid_time_utc_s = timeutil.utc_seconds(valid_time, f"{field} valid_time")
    first, last = timeutil.FIRST_DATE, timeutil.LAST_DATE
    if not first <= valid_time.astimezone(dt.UTC).date() <= last:
        raise OutOfRangeError(
            f"{field} valid_time", valid_time.isoformat(), f"a date-time from {first} to {last}"
        )
    return valid_time_utc_s


def _toml_pick(level: dict, name: str, where: str) -> tuple[str, object, str | None]:
    """(key, value, unit of the key) of the one key of ``level`` that gives ``name``."""
    present = [(key, unit) for key, unit in _LEVEL_KEYS[name] if key in level]
    spellings = ", ".join(key for key, _ in _LEVEL_KEYS[name])
    if not present:
        raise InputError(f"{where} {name}", None, f"a value under one of {spellings}", "is missing")
    if len(present) > 1:
        raise InputError(
            f"{where} {name}",
            ", ".join(key for key, _ in present),
            f"one of {spellings}",
            "is given twice",
        )
    key, unit = present[0]
    return key, level[key], unit


def _toml_level(level, where: str, ground_elevation_m: float) -> tuple[float, float, float]:
    if not isinstance(level, dict):
        raise InputError(where, shown(level), "a table with altitude, direction_deg and speed")
    known = {key for spellings in _LEVEL_KEYS.values() for key, _ in spellings} | {"agl"}
    unknown = sorted(set(level) - known)
    if unknown:
        raise InputError(
            f"{where} {unknown[0]}",
            shown(level[unknown[0]]),
            f"the keys {', '.join(sorted(known))}",
            "is not a key of a wind level",
        )
    agl = level.get("agl", False)
    if not isinstance(agl, bool):
        raise InputError(f"{where} agl", agl, "true or false (not quoted)", "is not a bool")
    key, altitude, altitude_unit = _toml_pick(level, "altitude", where)
    altitude_m = _altitude_m(
        altitude, altitude_unit, agl, ground_elevation_m, f"{where} {key}", key
    )
    key, direction, _ = _toml_pick(level, "direction_deg", where)
    direction_deg = _direction_deg(direction, f"{where} {key}")
    key, speed, speed_unit = _toml_pick(level, "speed", where)
    return altitude_m, direction_deg, _speed_mps(speed, speed_unit, f"{where} {key}", key)


def read_wind_toml(
    path: str | Path, ground_elevation_m: float = 0.0, field: str = "wind file"
) -> LayeredWind:
    """Read a TOML wind table (see the module docstring for the layout).

    Each ``[[level]]`` has one of ``altitude`` (a number in feet or a text with its unit),
    ``altitude_ft``, ``altitude_m`` (bare numbers), with ``agl = true`` (a TOML bool) for
    heights above the ground; ``direction_deg`` (a number, degrees true FROM); and one of
    ``speed``, ``speed_kt``, ``speed_mps``. The optional top-level ``source`` is a text and
    ``valid_time`` an offset date-time (``2018-03-10T12:00:00Z``); a local date-time
    without offset is refused. Other keys are refused (a misspelt ``agl`` would otherwise
    turn heights above the ground into heights above the sea).

    Raises
    ------
    InputError
        If the file cannot be read or parsed (see :func:`duskfall.io.text.parse_toml`), a
        key is unknown, missing or given twice, or a value has the wrong type (a text
        where a bool is needed, a bool where a number is) or lies outside its range.
    """
    text = read_text(path, field, "a TOML wind table", MAX_TABLE_BYTES)
    data = parse_toml(text, path, field)
    named = f"{field} {Path(path).name}"  # messages about a key name the file
    unknown = sorted(set(data) - set(_TOP_KEYS))
    if unknown:
        raise InputError(
            f"{named} {unknown[0]}",
            shown(data[unknown[0]]),
            f"the keys {', '.join(_TOP_KEYS)}",
            "is not a key of a wind table",
        )
    valid_time_utc_s = _toml_valid_time(data, named)
    if "level" in data and "levels" in data:
        raise InputError(field, str(path), "[[level]] tables (or levels), not both", "has both")
    raw_levels = data.get("level", data.get("levels"))
    if not isinstance(raw_levels, list):
        raise InputError(field, str(path), "[[level]] tables", "has no [[level]] table")
    levels = [
        _toml_level(level, f"{named} level {number}", ground_elevation_m)
        for number, level in enumerate(raw_levels, start=1)
    ]
    source = data.get("source", f"wind table {Path(path).name}")
    if not isinstance(source, str):
        raise InputError(f"{named} source", shown(source), "a text", "is not a text")
    return _profile(levels, path, source, valid_time_utc_s, field)
