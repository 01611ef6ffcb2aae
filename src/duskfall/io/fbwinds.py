"""US winds and temperatures aloft forecasts (FB, formerly FD) as the NWS issues them.

The product is text: a header, a line of levels, and one line per station::

    000
    FBUS31 KWNO 091359
    FD1US1
    DATA BASED ON 091200Z
    VALID 091800Z   FOR USE 1400-2100Z. TEMPS NEG ABV 24000

    FT  3000    6000    9000   12000   18000   24000  30000  34000  39000
    ABI      2024+06 2317+10 2316+04 2527-11 2535-23 254939 254849 750456
    ICT 9900 2714+09 2718+03 2624-02 2540-15 2551-27 256542 257352 257159

- ``DATA BASED ON ddhhmmZ``: the model run; ``VALID ddhhmmZ``: the time the forecast is
  for; ``FOR USE hhmm-hhmmZ``: the period it is meant to be used in (around the valid
  time, possibly across midnight). The product gives the day of the month only: the
  month and year come from a time the caller gives (the planned exit), the nearest
  such day to it.
- ``FT``: the levels in feet. Levels below 18,000 ft are altitudes above mean sea level;
  levels at and above 18,000 ft are **pressure altitudes** (flight levels).
- Each group is ``DDff`` or ``DDff±TT``: direction FROM in tens of degrees true, speed in
  knots, temperature in degrees Celsius. Above 24,000 ft (``TEMPS NEG ABV 24000``) the
  temperature has no sign and is negative (``254939``: 250 at 49 kt, -39 C). Directions
  51-86 mean speeds of 100-199 kt (subtract 50 from the direction, add 100 to the
  speed: ``750456`` is 250 at 104 kt, -56 C); ``DD99`` with a direction of 51-86 means
  199 kt or more. ``9900`` is light and variable (less than 5 kt).
- Winds are not forecast within 1,500 ft of the station's elevation, temperatures not
  within 2,500 ft nor at 3,000 ft: those groups are left blank.

References
----------
FAA, Aviation Weather Handbook, FAA-H-8083-28 (2022), chapter 27 (Forecasts), the FB
product; FAA/NWS, Aviation Weather Services, AC 00-45 (the coding rules quoted in the
Wikipedia article "Winds aloft"); US Navy, Meteorology and Flight Planning (P-1246),
p. 2-50 (encoding and omission rules).
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from duskfall.atmosphere import geometric_from_geopotential_m
from duskfall.constants import FOOT_M, KNOT_MPS
from duskfall.errors import InputError
from duskfall.io.text import read_text
from duskfall.notices import Notice
from duskfall.timeutil import utc_seconds
from duskfall.winds import MAX_WIND_SPEED_MPS, LayeredWind

PRESSURE_ALTITUDE_FROM_FT = 18_000
"""FB levels at and above this [ft] are pressure altitudes (AC 00-45H; FAA-H-8083-28)."""

MAX_SPEED_KT = MAX_WIND_SPEED_MPS / KNOT_MPS
"""Largest wind accepted [kt]: :data:`duskfall.winds.MAX_WIND_SPEED_MPS` (250 kt)."""

_LEVEL_RANGE_FT = (1_000, 60_000)
_FT_LINE = re.compile(r"^\s*FT((?:\s+\d+)+)\s*$")
_VALID = re.compile(r"\bVALID\s+(\d{6})Z", re.IGNORECASE)
_BASED = re.compile(r"\bBASED\s+ON\s+(\d{6})Z", re.IGNORECASE)
_FOR_USE = re.compile(r"\bFOR\s+USE\s+(\d{4})\s*-\s*(\d{4})Z", re.IGNORECASE)
_NEG_ABOVE = re.compile(r"\bTEMPS\s+NEG\s+ABV\s+(\d{4,5})\b", re.IGNORECASE)
_WMO = re.compile(r"^\s*\(?(?:Extracted from\s+)?(FB[A-Z]{2}\d{2}\s+[A-Z]{4}\s+\d{6})\)?\s*$")
_STATION = re.compile(r"^[A-Z0-9]{3,4}$")
_GROUP = re.compile(r"^(\d{2})(\d{2})(?:([+-]?)(\d{2}))?$")


@dataclass(frozen=True)
class _Block:
    """One product: its header, its levels and its station lines (by identifier)."""

    header: str
    levels_ft: tuple[int, ...]
    label_ends: tuple[int, ...]
    stations: dict[str, tuple[int, str]]
    """Station identifier -> (line number, line)."""


def is_fb(text: str) -> bool:
    """True if ``text`` looks like an FB winds-aloft product (an FT line and a VALID time)."""
    lines = text.splitlines()
    return any(_FT_LINE.match(line) for line in lines) and _VALID.search(text) is not None


def fb_stations(text: str, path: str = "FB winds", field: str = "wind file") -> tuple[str, ...]:
    """The station identifiers of an FB product, in the order of the file.

    Raises
    ------
    InputError
        If the text is not an FB product.
    """
    return tuple(station for block in _blocks(text, path, field) for station in block.stations)


def list_fb_stations(path: str | Path, field: str = "wind file") -> tuple[str, ...]:
    """The station identifiers of the FB file ``path`` (see :func:`fb_stations`)."""
    return fb_stations(read_text(path, field), str(path), field)


def read_fb_winds(
    path: str | Path,
    station: str | None = None,
    near_utc_s: float | None = None,
    field: str = "wind file",
    station_field: str = "station",
) -> LayeredWind:
    """Read one station's winds and temperatures from an FB file (see :func:`parse_fb`)."""
    text = read_text(path, field)
    return parse_fb(text, station, near_utc_s, str(path), field, station_field)


def parse_fb(
    text: str,
    station: str | None = None,
    near_utc_s: float | None = None,
    path: str = "FB winds",
    field: str = "wind file",
    station_field: str = "station",
) -> LayeredWind:
    """One station's profile from the text of an FB winds and temperatures aloft product.

    Parameters
    ----------
    text
        The product as issued (several products, one after the other, are allowed).
    station
        Station identifier as written in the product (``ABI``; a leading ``K`` of an
        ICAO identifier is not part of it). May be omitted when the file has one station.
    near_utc_s
        A time near the forecast [POSIX s] (the planned exit): the product gives days of
        the month only, and the valid time is placed on the nearest such day. Without
        it the profile has no valid time and no validity.
    path
        Name of the file, for messages and the profile's ``source``.
    field
        Name of the input, for messages (``--wind-file``).
    station_field
        Name of the station input, for messages (``--station``).

    Returns
    -------
    LayeredWind
        Altitudes [m MSL]: levels below 18,000 ft are MSL altitudes; levels at and above
        18,000 ft are pressure altitudes, placed where the 1976 standard atmosphere has
        that pressure (the geometric altitude of that geopotential altitude, eq. 18 of
        NOAA-S/T 76-1562); on a day warmer or colder than standard the real pressure
        level lies higher or lower, by about 4 % of its height per 10 C of mean
        difference. Speeds [m/s], directions FROM [deg true], temperatures [K] where the
        product gives them; ``valid_time_utc_s`` the VALID time, ``model_run_utc_s`` the
        DATA BASED ON time, ``valid_from_utc_s``/``valid_to_utc_s`` the FOR USE window.
        Light and variable levels are calm (speed 0) with a ``wind-light-variable``
        notice.

    Raises
    ------
    InputError
        If the text is not an FB product, the station is missing or not in it, a group
        cannot be read, or a wind exceeds 250 kt (the message names the file, the station
        and the level).

    Examples
    --------
    >>> text = '''DATA BASED ON 091200Z
    ... VALID 091800Z   FOR USE 1400-2100Z. TEMPS NEG ABV 24000
    ... FT  3000    6000    9000   12000   18000   24000  30000  34000  39000
    ... ABI      2024+06 2317+10 2316+04 2527-11 2535-23 254939 254849 750456'''
    >>> wind = parse_fb(text, "ABI")
    >>> round(wind.speed_mps[-1] / 0.514444)  # 39,000 ft: 250 at 104 kt
    104
    """
    blocks = _blocks(text, path, field)
    block, name = _choose(blocks, station, path, field, station_field)
    number, line = block.stations[name]
    where = f"{field} {Path(path).name} station {name}"
    levels, groups = _assign(block, line, number, where)
    neg_above = _neg_above(block.header)
    rows = [
        _decode(g, ft, neg_above, f"{where} {ft} ft") for ft, g in zip(levels, groups, strict=True)
    ]
    times = _times(block.header, near_utc_s, path, field)
    source = f"FB winds aloft {_product_name(block.header, path)}, station {name}"
    altitudes = tuple(_altitude_m(ft) for ft in levels)
    calm = [a for a, row in zip(altitudes, rows, strict=True) if row[3]]
    notices = ()
    if calm:
        values = {"source": source, "altitudes_m": tuple(calm)}
        notices = (Notice("wind-light-variable", "info", values, source=source),)
    return LayeredWind(
        altitudes,
        tuple(row[0] for row in rows),
        tuple(row[1] for row in rows),
        source=source,
        valid_time_utc_s=times[0],
        model_run_utc_s=times[1],
        temperature_k=tuple(row[2] for row in rows),
        valid_from_utc_s=times[2],
        valid_to_utc_s=times[3],
        notices=notices,
    )


def _altitude_m(level_ft: int) -> float:
    """Altitude [m MSL] of an FB level [ft]: MSL below 18,000 ft, else pressure altitude
    converted in the 1976 standard atmosphere (pressure altitude is the standard's
    geopotential altitude of that pressure)."""
    if level_ft < PRESSURE_ALTITUDE_FROM_FT:
        return level_ft * FOOT_M
    return float(geometric_from_geopotential_m(level_ft * FOOT_M))


# --- Structure: blocks, levels, stations --------------------------------------------------


def _blocks(text: str, path: str, field: str) -> list[_Block]:
    lines = text.expandtabs(8).splitlines()
    starts = [i for i, line in enumerate(lines) if _FT_LINE.match(line)]
    if not starts or _VALID.search(text) is None:
        raise InputError(
            field,
            path,
            "an FB winds and temperatures aloft forecast (a VALID ddhhmmZ line and an FT line "
            "of levels)",
            "is not an FB winds-aloft forecast",
        )
    blocks = []
    for k, start in enumerate(starts):
        header_from = starts[k - 1] + 1 if k else 0
        header = "\n".join(lines[header_from:start])
        if k and _VALID.search(header) is None:
            # A second FT line without its own header continues the product above.
            header = blocks[-1].header
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        levels, label_ends = _levels(lines[start], start + 1, path, field)
        stations = {}
        for number in range(start + 1, end):
            tokens = lines[number].split()
            if len(tokens) >= 2 and _STATION.match(tokens[0]) and tokens[1][:1].isdigit():
                stations[tokens[0]] = (number + 1, lines[number])
        blocks.append(_Block(header, levels, label_ends, stations))
    return blocks


def _levels(line: str, number: int, path: str, field: str) -> tuple[tuple[int, ...], tuple]:
    matches = list(re.finditer(r"\d+", line))
    levels = tuple(int(m.group()) for m in matches)
    low, high = _LEVEL_RANGE_FT
    if any(not (low <= v <= high) for v in levels) or any(
        b <= a for a, b in itertools.pairwise(levels)
    ):
        raise InputError(
            f"{field} {Path(path).name} line {number}",
            line.strip(),
            f"FT and increasing levels from {low} to {high} ft",
            "is not a line of FB levels",
        )
    return levels, tuple(m.end() for m in matches)


def _choose(
    blocks: list[_Block], station, path: str, field: str, station_field: str
) -> tuple[_Block, str]:
    names = [name for block in blocks for name in block.stations]
    if not names:
        raise InputError(field, path, "an FB forecast with station lines", "has no stations")
    if station is None:
        if len(names) == 1:
            return _owner(blocks, names[0]), names[0]
        raise InputError(
            station_field, None, f"one of {_listing(names)}", f"is needed: {path} has {len(names)}"
        )
    if not isinstance(station, str) or not station.strip():
        raise InputError(station_field, station, f"one of {_listing(names)}")
    wanted = station.strip().upper()
    if names.count(wanted) > 1:
        raise InputError(
            station_field, station, "a station listed once", f"appears twice in {path}"
        )
    if wanted in names:
        return _owner(blocks, wanted), wanted
    hint = ""
    if len(wanted) == 4 and wanted[1:] in names:
        hint = f" (FB products name it {wanted[1:]})"
    raise InputError(
        station_field, station, f"one of {_listing(names)}{hint}", f"is not in {Path(path).name}"
    )


def _owner(blocks: list[_Block], name: str) -> _Block:
    return next(block for block in blocks if name in block.stations)


def _listing(names: list[str], most: int = 12) -> str:
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _assign(block: _Block, line: str, number: int, where: str) -> tuple[list[int], list[str]]:
    """The levels of the groups of a station line.

    Groups end under the end of their level's label in the product as issued; a blank
    level is one with no group under it. Where the columns do not line up (a product
    retyped by hand), the groups are taken as the highest levels: blanks in the product
    are the levels near the station, the lowest ones.
    """
    matches = list(re.finditer(r"\S+", line))[1:]
    ends = block.label_ends
    levels = list(block.levels_ft)
    if len(matches) > len(levels):
        raise InputError(
            f"{where} (line {number})",
            line.strip(),
            f"at most {len(levels)} groups, one per level of the FT line",
            f"has {len(matches)} groups",
        )
    if all(m.end() in ends for m in matches):
        chosen = [levels[ends.index(m.end())] for m in matches]
    else:
        chosen = levels[len(levels) - len(matches) :]
    return chosen, [m.group() for m in matches]


# --- Groups ------------------------------------------------------------------------------


def _decode(group: str, level_ft: int, neg_above_ft: int, where: str):
    """(direction FROM [deg], speed [m/s], temperature [K] or None, light and variable)."""
    match = _GROUP.match(group)
    allowed = (
        "DDff or DDff+TT (e.g. 2714+09)"
        if level_ft <= neg_above_ft
        else "DDffTT, temperature without sign, negative (e.g. 254939)"
    )
    if match is None:
        raise InputError(where, group, allowed, "is not an FB group")
    dd, ff, sign, tt = int(match[1]), int(match[2]), match[3], match[4]
    if tt is not None and (level_ft > neg_above_ft) != (sign == ""):
        raise InputError(where, group, allowed, "is not written as issued at this level")
    temperature = None if tt is None else _temperature_k(sign, int(tt))
    if dd == 99 and ff == 0:
        return 0.0, 0.0, temperature, True
    if 1 <= dd <= 36:
        direction, speed_kt = dd * 10.0, float(ff)
    elif 51 <= dd <= 86:
        direction, speed_kt = (dd - 50) * 10.0, 100.0 + ff
    else:
        raise InputError(
            where,
            group,
            "DD 01-36 (tens of degrees true), 51-86 (speeds of 100-199 kt), or 9900 (light "
            "and variable)",
            "has a direction code that does not exist",
        )
    if dd >= 51 and ff == 99:
        # The product's code for 199 kt or more: a lower bound, not a wind to plan with.
        raise InputError(
            where,
            group,
            f"winds of 0 to {MAX_SPEED_KT:.0f} kt ({MAX_WIND_SPEED_MPS:.0f} m/s) given as a speed",
            "is 199 kt or more (the product gives only a lower bound)",
        )
    if speed_kt > MAX_SPEED_KT:
        raise InputError(
            where,
            group,
            f"winds of 0 to {MAX_SPEED_KT:.0f} kt ({MAX_WIND_SPEED_MPS:.0f} m/s)",
            f"is {speed_kt:.0f} kt",
        )
    return direction % 360.0, speed_kt * KNOT_MPS, temperature, False


def _temperature_k(sign: str, tt: int) -> float:
    celsius = float(tt) if sign == "+" else -float(tt)
    return round(celsius + 273.15, 2)


def _neg_above(header: str) -> int:
    match = _NEG_ABOVE.search(header)
    return int(match[1]) if match else 24_000


# --- Times -------------------------------------------------------------------------------


def _product_name(header: str, path: str) -> str:
    for line in header.splitlines():
        match = _WMO.match(line)
        if match:
            return " ".join(match[1].split())
    return Path(path).name


def _times(header: str, near_utc_s: float | None, path: str, field: str):
    """(valid, based on, for use from, for use to) [POSIX s], None without ``near_utc_s``."""
    where = f"{field} {Path(path).name}"
    valid = _VALID.search(header)
    if valid is None:
        raise InputError(where, path, "a header with VALID ddhhmmZ before the FT line", "has none")
    day, hour, minute = _ddhhmm(valid[1], f"{where} VALID")
    based = _BASED.search(header)
    based_parts = None if based is None else _ddhhmm(based[1], f"{where} DATA BASED ON")
    use = _FOR_USE.search(header)
    use_parts = None if use is None else (_hhmm(use[1], where), _hhmm(use[2], where))
    if near_utc_s is None:
        return None, None, None, None
    valid_s = _nearest_day(day, hour, minute, near_utc_s)
    based_s = None
    if based_parts is not None:
        # The run precedes the valid time (by up to two days): the latest such day.
        based_s = _nearest_day(*based_parts, valid_s - 86_400.0)
        while based_s > valid_s:
            based_s = _nearest_day(*based_parts, based_s - 20 * 86_400.0)
    if use_parts is None:
        return valid_s, based_s, None, None
    seconds = (hour * 60 + minute) * 60
    start = valid_s - (seconds - use_parts[0]) % 86_400
    end = valid_s + (use_parts[1] - seconds) % 86_400
    return valid_s, based_s, start, end


def _ddhhmm(text: str, where: str) -> tuple[int, int, int]:
    day, hour, minute = int(text[:2]), int(text[2:4]), int(text[4:])
    if not (1 <= day <= 31 and hour <= 23 and minute <= 59):
        raise InputError(where, text + "Z", "ddhhmmZ: day 01-31, hour 00-23, minute 00-59")
    return day, hour, minute


def _hhmm(text: str, where: str) -> int:
    hour, minute = int(text[:2]), int(text[2:])
    # 2400 is written for the midnight that ends a window.
    if not ((hour <= 23 and minute <= 59) or text == "2400"):
        raise InputError(f"{where} FOR USE", text, "hhmm: hour 00-23, minute 00-59")
    return (hour * 60 + minute) * 60


def _nearest_day(day: int, hour: int, minute: int, near_utc_s: float) -> float:
    """POSIX seconds of day ``day`` at hh:mm UTC in the month nearest to ``near_utc_s``."""
    allowed = "a time from 1901 to 2999 [POSIX s]"
    if not (np.isfinite(near_utc_s) and -2.1e9 < near_utc_s < 3.2e10):
        raise InputError("time", near_utc_s, allowed)
    near = dt.datetime.fromtimestamp(float(near_utc_s), dt.UTC)
    candidates = []
    for step in (-1, 0, 1):
        year, month = divmod(near.year * 12 + near.month - 1 + step, 12)
        if day <= calendar.monthrange(year, month + 1)[1]:
            when = dt.datetime(year, month + 1, day, hour, minute, tzinfo=dt.UTC)
            candidates.append(utc_seconds(when))
    return min(candidates, key=lambda t: abs(t - near_utc_s))


__all__ = [
    "PRESSURE_ALTITUDE_FROM_FT",
    "fb_stations",
    "is_fb",
    "list_fb_stations",
    "parse_fb",
    "read_fb_winds",
]
