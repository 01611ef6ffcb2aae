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
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import tomllib
from pathlib import Path

from duskfall.errors import InputError, OutOfRangeError, UnitError
from duskfall.io._text import read_text as _read_text
from duskfall.timeutil import utc_seconds
from duskfall.units import parse_altitude, parse_quantity
from duskfall.winds import MAX_WIND_SPEED_MPS, LayeredWind

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


def _column_unit(name: str, kind: str) -> tuple[str | None, bool]:
    """(default unit, AGL) from a column name like ``altitude_ft_agl`` or ``speed_kt``."""
    parts = name.strip().lower().split("_")
    agl = "agl" in parts
    table = _ALTITUDE_UNITS if kind == "length" else _SPEED_UNITS
    for part in parts[1:]:
        if part in table:
            return table[part], agl
    return None, agl


def _level(
    altitude, direction, speed, ground_elevation_m, where, altitude_unit, agl, speed_unit
) -> tuple[float, float, float]:
    field = f"{where}"
    text = str(altitude).strip()
    parsed = parse_altitude(text, f"{field} altitude", altitude_unit or "ft")
    if agl and not parsed.above_ground:
        parsed = parsed._replace(above_ground=True)
    try:
        direction_deg = float(direction)
    except (TypeError, ValueError):
        raise UnitError(
            f"{field} direction", direction, "degrees true 0-360 the wind blows FROM"
        ) from None
    if not 0.0 <= direction_deg <= 360.0:
        raise OutOfRangeError(f"{field} direction", direction, "0 to 360 degrees true")
    speed_mps = parse_quantity(
        speed if isinstance(speed, int | float) else str(speed).strip(),
        "speed",
        speed_unit or "kt",
        f"{field} speed",
    )
    if not 0.0 <= speed_mps <= MAX_WIND_SPEED_MPS:
        raise OutOfRangeError(
            f"{field} speed", speed, f"0 to {MAX_WIND_SPEED_MPS:.0f} m/s (194 kt)"
        )
    return parsed.msl_m(ground_elevation_m), direction_deg % 360.0, speed_mps


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
        If the file cannot be read, lacks the altitude/direction/speed columns, has a
        row that cannot be read (the message names the line), or a speed over 100 m/s.
    """
    text = _read_text(path, field)
    rows = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    reader = csv.reader(io.StringIO("\n".join(rows)))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise InputError(field, str(path), "a CSV table with a header row", "is empty") from None

    def column(prefix: str) -> int:
        matches = [i for i, name in enumerate(header) if name.startswith(prefix)]
        if not matches:
            raise InputError(
                field,
                str(path),
                "columns altitude, direction and speed (e.g. altitude_ft,direction_deg,speed_kt)",
                f"has no {prefix} column (header: {','.join(header)})",
            )
        return matches[0]

    ia, idir, isp = column("altitude"), column("direction"), column("speed")
    altitude_unit, agl = _column_unit(header[ia], "length")
    speed_unit, _ = _column_unit(header[isp], "speed")
    levels = []
    for number, row in enumerate(reader, start=2):
        if len(row) < len(header):
            raise InputError(
                f"{field} line {number}",
                ",".join(row),
                f"{len(header)} values ({','.join(header)})",
                "is truncated",
            )
        levels.append(
            _level(
                row[ia],
                row[idir],
                row[isp],
                ground_elevation_m,
                f"{field} line {number}",
                altitude_unit,
                agl,
                speed_unit,
            )
        )
    return _profile(levels, path, f"wind table {Path(path).name}", valid_time_utc_s, field)


def read_wind_toml(
    path: str | Path, ground_elevation_m: float = 0.0, field: str = "wind file"
) -> LayeredWind:
    """Read a TOML wind table (see the module docstring for the layout).

    Each ``[[level]]`` has ``altitude`` (or ``altitude_ft`` / ``altitude_m``, with
    ``agl = true`` for heights above the ground), ``direction_deg`` and ``speed`` (or
    ``speed_kt`` / ``speed_mps``). The optional top-level ``valid_time`` is an offset
    date-time (``2018-03-10T12:00:00Z``); a local date-time without offset is refused.

    Raises
    ------
    InputError
        If the file cannot be read or parsed, a level lacks a key, or a value is bad.
    """
    text = _read_text(path, field)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(
            field, str(path), "a valid TOML file", f"cannot be parsed ({error})"
        ) from None
    valid_time = data.get("valid_time")
    valid_time_utc_s = None
    if valid_time is not None:
        if not isinstance(valid_time, dt.datetime):
            raise InputError(
                f"{field} valid_time", valid_time, "an offset date-time, 2018-03-10T12:00:00Z"
            )
        valid_time_utc_s = utc_seconds(valid_time, f"{field} valid_time")
    raw_levels = data.get("level", data.get("levels"))
    if not isinstance(raw_levels, list):
        raise InputError(field, str(path), "[[level]] tables", "has no [[level]] table")
    levels = []
    for number, level in enumerate(raw_levels, start=1):
        where = f"{field} level {number}"
        if not isinstance(level, dict):
            raise InputError(where, level, "a table with altitude, direction_deg and speed")
        agl = bool(level.get("agl", False))
        altitude, altitude_unit = None, None
        for key, unit in (("altitude", None), ("altitude_ft", "ft"), ("altitude_m", "m")):
            if key in level:
                altitude, altitude_unit = level[key], unit
        speed, speed_unit = None, None
        for key, unit in (("speed", None), ("speed_kt", "kt"), ("speed_mps", "m/s")):
            if key in level:
                speed, speed_unit = level[key], unit
        direction = level.get("direction_deg", level.get("direction"))
        for name, value in (("altitude", altitude), ("direction_deg", direction), ("speed", speed)):
            if value is None:
                raise InputError(f"{where} {name}", None, "a value", "is missing")
        levels.append(
            _level(
                altitude,
                direction,
                speed,
                ground_elevation_m,
                where,
                altitude_unit,
                agl,
                speed_unit,
            )
        )
    source = str(data.get("source", f"wind table {Path(path).name}"))
    return _profile(levels, path, source, valid_time_utc_s, field)
