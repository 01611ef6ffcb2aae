"""Radiosonde and model soundings in the common text formats.

Two formats, both as their archives serve them as plain text:

- The University of Wyoming upper-air archive, "Text: List" (``TEXT:LIST``): a fixed-
  width table with the columns ``PRES HGHT TEMP DWPT ... DRCT SKNT ...`` (pressure [hPa],
  geopotential height [m], wind direction [deg true], speed [knot]; the archive's page
  "Description of Sounding Columns"), then "Station information and sounding indices"
  (station, observation time ``yymmdd/hhmm``, latitude, longitude, elevation). An HTML
  page saved from the site (the table inside ``<PRE>``) reads as well.
- The NOAA GSL (formerly FSL/GSD) sounding format of the RAOB archive and of its model
  soundings (RAP, HRRR, GFS): four identification lines (``254`` or the model name with
  hour, day, month, year; ``1`` station line WBAN, WMO, latitude, longitude, elevation;
  ``2`` checks; ``3`` station identifier, sonde type and wind-speed units ``kt`` or
  ``ms``), then data lines of type 4 (mandatory level), 5 (significant), 6 (wind),
  7 (tropopause), 8 (maximum wind) and 9 (surface): pressure [tenths of hPa], height
  [m], temperature and dew point [tenths of deg C], wind direction [deg], wind speed;
  99999 (32767 in the original format) where missing (NOAA GSL, "GSD Sounding data
  format", raob_format.html).

Every value is checked where it is read: numbers are ASCII decimals (never ``nan`` or
``inf``), pressures lie above 0 up to 1,100 hPa, heights within the standard atmosphere's
range, directions 0-360 degrees, speeds up to :data:`duskfall.winds.MAX_WIND_SPEED_MPS`;
the missing-data codes of :data:`SENTINELS` outside those ranges are missing data; the
observation time must exist and lie within the dates duskfall plans for; the station's
latitude within 90 degrees. Anything else is refused with the line it is on.

Heights come from the data, never from standard pressure levels: both formats give
geopotential heights [gpm], converted here to geometric altitude with the 1976 standard's
Earth radius, ``z = r0 H / (r0 - H)`` (NOAA-S/T 76-1562, eq. 18; 9 m at 25,000 ft). A
level with a wind but no height (GSL significant levels often lack one) gets its height
by interpolation in the logarithm of pressure between the nearest levels that have one,
which is the hypsometric equation with the layer's mean temperature; levels that cannot
be placed that way are dropped with a warning.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path

import numpy as np

from duskfall import timeutil
from duskfall.atmosphere import MAX_ALTITUDE_M, MIN_ALTITUDE_M, geometric_from_geopotential_m
from duskfall.constants import EARTH_RADIUS_US1976_M, KNOT_MPS
from duskfall.errors import InputError, OutOfRangeError
from duskfall.io.text import read_text, shown, split_lines
from duskfall.winds import MAX_WIND_SPEED_MPS, LayeredWind

#: Distance from the target beyond which a sounding is flagged as unrepresentative [m].
#: Radiosonde stations are typically 300-500 km apart over land (WMO GUAN spacing); a
#: station more than 100 km away samples other air, most of all in the boundary layer.
FAR_STATION_M = 100_000.0

MAX_SOUNDING_BYTES = 16 * 2**20
"""Largest sounding file read [bytes]: 16 MiB (a month of twice-daily soundings from the
University of Wyoming is about 1 MiB)."""

SENTINELS = frozenset({999.0, 9999.0, 99999.0, -999.0, -9999.0, -99999.0, 32767.0, -32768.0})
"""Numbers that sounding files and the programs that write them use for "missing" (99999
in NOAA GSL files, 32767 in the original FSL format, -9999 and 999/9999 in many others).
Where one lies outside the physical range of its column (a direction of 999, a height of
99999 m) it is read as missing, never as a number: a direction of 999 is not 279 degrees.
Inside the range (999 hPa, 9999 m) it is a measurement."""

MAX_PRESSURE_HPA = 1100.0
"""Highest pressure accepted [hPa]. The highest sea-level pressure recorded is 1084.8 hPa
(Tosontsengel, Mongolia, 19 December 2001: WMO World Weather and Climate Extremes
Archive)."""


def _geopotential_m(altitude_m: float) -> float:
    """Geopotential height [gpm] of a geometric altitude [m] (US 1976, eq. 18 inverted)."""
    return EARTH_RADIUS_US1976_M * altitude_m / (EARTH_RADIUS_US1976_M + altitude_m)


HEIGHT_RANGE_GPM = (
    float(np.ceil(_geopotential_m(MIN_ALTITUDE_M))),
    float(np.floor(_geopotential_m(MAX_ALTITUDE_M))),
)
"""Heights a sounding level may have [gpm]: the standard atmosphere's range (-5,004 m to
81,020 m geometric) in geopotential metres, rounded inward to the metre."""

#: Physical range of each value read from a sounding (pressure [hPa] above the lower
#: bound, the others inclusive), with its words for messages.
_RANGES = {
    "pressure": (0.0, MAX_PRESSURE_HPA, f"above 0 up to {MAX_PRESSURE_HPA:,.0f} hPa"),
    "height": (*HEIGHT_RANGE_GPM, f"{HEIGHT_RANGE_GPM[0]:,.0f} to {HEIGHT_RANGE_GPM[1]:,.0f} m"),
    "direction": (0.0, 360.0, "0 to 360 degrees true"),
    "wind speed": (
        0.0,
        MAX_WIND_SPEED_MPS,
        f"0 to {MAX_WIND_SPEED_MPS:.0f} m/s ({MAX_WIND_SPEED_MPS / KNOT_MPS:.0f} kt)",
    ),
}
_UNITS = {"pressure": "hPa", "height": "m", "direction": "degrees", "wind speed": "m/s"}

#: A number as the formats write it: ASCII digits, optional sign, point and exponent
#: (never ``nan``, ``inf`` or ``1_000``, which Python's float() would take).
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?")

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}


def geometric_altitude_m(geopotential_height_m):
    """Geometric altitude [m] of a geopotential height [gpm] (US 1976, eq. 18); see
    :func:`duskfall.atmosphere.geometric_from_geopotential_m`."""
    return np.asarray(geometric_from_geopotential_m(geopotential_height_m), dtype=float)


def _great_circle_m(lat1, lon1, lat2, lon2) -> float:
    from geographiclib.geodesic import Geodesic

    return float(Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"])


def _profile(
    pressure_hpa: list[float | None],
    height_gpm: list[float | None],
    direction_deg: list[float | None],
    speed_mps: list[float | None],
    source: str,
    valid_time_utc_s: float | None,
    station: tuple[float, float] | None,
    target: tuple[float, float] | None,
    path: str,
    field: str,
    extra_warnings: list[str],
) -> LayeredWind:
    warnings = list(extra_warnings)
    p = np.array([np.nan if v is None else v for v in pressure_hpa], dtype=float)
    h = np.array([np.nan if v is None else v for v in height_gpm], dtype=float)
    d = np.array([np.nan if v is None else v for v in direction_deg], dtype=float)
    s = np.array([np.nan if v is None else v for v in speed_mps], dtype=float)
    # Heights missing where a pressure is known: interpolate in ln(p) between levels
    # that have both (the hypsometric equation with the layer's mean temperature).
    known = np.isfinite(p) & np.isfinite(h) & (p > 0)
    fill = ~np.isfinite(h) & np.isfinite(p) & (p > 0)
    if np.any(fill) and np.count_nonzero(known) >= 2:
        order = np.argsort(-np.log(p[known]))
        logp = -np.log(p[known])[order]
        heights = h[known][order]
        inside = fill & (-np.log(np.where(p > 0, p, 1.0)) >= logp[0])
        inside &= -np.log(np.where(p > 0, p, 1.0)) <= logp[-1]
        h[inside] = np.interp(-np.log(p[inside]), logp, heights)
    has_wind = np.isfinite(d) & np.isfinite(s)
    usable = has_wind & np.isfinite(h)
    dropped = int(np.count_nonzero(has_wind & ~usable))
    if dropped:
        warnings.append(
            f"{dropped} wind level(s) of {source} have no height and no pressure between "
            "levels with heights: dropped"
        )
    if np.count_nonzero(usable) < 2:
        raise InputError(
            field,
            path,
            "a sounding with winds at two or more levels with heights",
            f"has {np.count_nonzero(usable)} usable wind level(s)",
        )
    z = geometric_altitude_m(h[usable])
    east = -s[usable] * np.sin(np.radians(d[usable]))
    north = -s[usable] * np.cos(np.radians(d[usable]))
    order = np.argsort(z, kind="stable")
    z, east, north = z[order], east[order], north[order]
    # Repeated heights (a mandatory level that is also a significant one): keep the first.
    keep = np.concatenate([[True], np.diff(z) > 0])
    z, east, north = z[keep], east[keep], north[keep]
    if station is not None and target is not None:
        distance = _great_circle_m(*station, *target)
        if distance > FAR_STATION_M:
            warnings.append(
                f"{source} was launched {distance / 1000:.0f} km from the target: its winds "
                "may not represent the drop zone"
            )
    return LayeredWind.from_components(
        z,
        east,
        north,
        source=source,
        valid_time_utc_s=valid_time_utc_s,
        warnings=tuple(warnings),
    )


def _decimal(token: str) -> float | None:
    """The finite number written in ``token``, or None if it is not one."""
    if not _DECIMAL.fullmatch(token):
        return None
    value = float(token)
    return value if np.isfinite(value) else None


def _reading(raw: float | None, name: str, factor: float, missing, where: str, line: str):
    """``raw`` times ``factor`` if inside the physical range of ``name``; None if missing
    (a code of the format, or a sentinel outside the range); else an error."""
    if raw is None or raw in missing:
        return None
    value = raw * factor
    low, high, words = _RANGES[name]
    if (low < value if name == "pressure" else low <= value) and value <= high:
        return value
    if raw in SENTINELS:
        return None
    raise OutOfRangeError(
        where,
        shown(line.strip()),
        f"a {name} {words}, or a missing-data code (99999)",
        f"has a {name} of {value:,.1f} {_UNITS[name]}",
    )


def _observation_time(fields: tuple, where: str, line: str) -> float:
    """POSIX seconds [s] of (year, month, day, hour, minute), refused if impossible or
    outside the dates duskfall plans for."""
    try:
        when = dt.datetime(*(int(v) for v in fields), tzinfo=dt.UTC)
    except (ValueError, OverflowError):
        raise InputError(
            where, shown(line.strip()), "a real date and time (UTC)", "has an impossible time"
        ) from None
    first, last = timeutil.FIRST_DATE, timeutil.LAST_DATE
    if not first <= when.date() <= last:
        raise OutOfRangeError(
            where, shown(line.strip()), f"an observation time from {first} to {last}"
        )
    return timeutil.utc_seconds(when)


def _station(latitude: float, longitude: float, where: str, line: str) -> tuple[float, float]:
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 360.0):
        raise OutOfRangeError(
            where,
            shown(line.strip()),
            "a station at latitude -90 to 90 and longitude -180 to 360 degrees",
        )
    return latitude, longitude


# --- University of Wyoming TEXT:LIST ---------------------------------------------------

_UWYO_TITLE = re.compile(r"Observations at ([0-9]{2})Z ([0-9]{1,2}) (\w{3}) ([0-9]{4})", re.I)
_UWYO_OBS_TIME = re.compile(
    r"Observation time:\s*([0-9]{2})([0-9]{2})([0-9]{2})/([0-9]{2})([0-9]{2})"
)
_UWYO_FIELD = re.compile(r"^\s*(Station [a-z]+|Station identifier):\s*(\S+)", re.I)


def is_uwyo(text: str) -> bool:
    """True if ``text`` looks like a University of Wyoming TEXT:LIST sounding."""
    return bool(re.search(r"^[ \t]*PRES[ \t]+HGHT[ \t]+TEMP", text, re.M))


def _uwyo_columns(lines: list[str], path: str, field: str):
    """(index of the header line, column names, {name: (start, end)}, speed column,
    factor to m/s) of a TEXT:LIST table."""
    header_index = next(
        (i for i, line in enumerate(lines) if re.match(r"^\s*PRES\s+HGHT", line)), None
    )
    if header_index is None:
        raise InputError(field, path, "a University of Wyoming TEXT:LIST sounding", "has no table")
    header = lines[header_index]
    names = header.split()
    ends = [m.end() for m in re.finditer(r"\S+", header)]
    starts = [0, *ends[:-1]]
    column = {name: (start, end) for name, start, end in zip(names, starts, ends, strict=True)}
    for needed in ("PRES", "HGHT", "DRCT"):
        if needed not in column:
            raise InputError(field, path, f"a table with a {needed} column", "lacks it")
    if "SKNT" in column:
        return header_index, names, column, "SKNT", KNOT_MPS
    if "SPED" in column:
        return header_index, names, column, "SPED", 1.0
    raise InputError(field, path, "a table with a SKNT or SPED column", "has no wind speed")


def _uwyo_rows(lines, header_index, names, column, speed_column, speed_factor, field):
    """The table's (pressure, height, direction, speed) lists and whether a line after
    the table ended it (else the file may be truncated)."""

    def value(line: str, name: str, number: int) -> float | None:
        start, end = column[name]
        cell = line[start:end].strip()
        if not cell:
            return None
        number_value = _decimal(cell)
        if number_value is None:
            raise InputError(
                f"{field} line {number}", shown(line.strip()), f"a number in column {name}"
            )
        return number_value

    readings = ([], [], [], [])
    index = header_index + 1
    # Skip the units line and the dashed rules around it: data lines start with a number.
    while index < len(lines) and not re.match(r"^\s*[0-9]", lines[index]):
        index += 1
    for number in range(index + 1, len(lines) + 1):
        line = lines[number - 1]
        if not line.strip():
            continue
        if not re.match(r"^\s*-?[0-9]", line):
            return readings, True
        where = f"{field} line {number}"
        if len(line.rstrip()) > column[names[-1]][1] + 1:
            raise InputError(where, shown(line.strip()), "the fixed-width columns of the header")
        for target, name, kind, factor in zip(
            readings,
            ("PRES", "HGHT", "DRCT", speed_column),
            ("pressure", "height", "direction", "wind speed"),
            (1.0, 1.0, 1.0, speed_factor),
            strict=True,
        ):
            target.append(_reading(value(line, name, number), kind, factor, (), where, line))
    return readings, False


def _uwyo_time(lines: list[str], field: str) -> float | None:
    for number, line in enumerate(lines, start=1):
        match = _UWYO_OBS_TIME.search(line)
        if match:
            yy, month, day, hour, minute = (int(v) for v in match.groups())
            year = 1900 + yy if yy >= 69 else 2000 + yy  # as strptime's %y
            return _observation_time(
                (year, month, day, hour, minute), f"{field} line {number}", line
            )
    for number, line in enumerate(lines, start=1):
        title = _UWYO_TITLE.search(line)
        if title:
            month = _MONTHS.get(title.group(3).lower())
            if month is None:
                raise InputError(
                    f"{field} line {number}", shown(line.strip()), "a month such as Mar"
                )
            fields = (title.group(4), month, title.group(2), title.group(1), 0)
            return _observation_time(fields, f"{field} line {number}", line)
    return None


def _uwyo_station(lines: list[str], field: str) -> tuple[dict, tuple[float, float] | None]:
    meta, where = {}, {}
    for number, line in enumerate(lines, start=1):
        match = _UWYO_FIELD.match(line)
        if match:
            meta[match.group(1).lower()] = match.group(2)
            where[match.group(1).lower()] = (number, line)
    if "station latitude" not in meta or "station longitude" not in meta:
        return meta, None
    latitude = _decimal(meta["station latitude"])
    longitude = _decimal(meta["station longitude"])
    number, line = where["station latitude" if latitude is None else "station longitude"]
    if latitude is None or longitude is None:
        raise InputError(f"{field} line {number}", shown(line.strip()), "a number of degrees")
    return meta, _station(latitude, longitude, f"{field} line {number}", line)


def parse_uwyo(
    text: str,
    target: tuple[float, float] | None = None,
    path: str = "sounding",
    field: str = "wind file",
) -> LayeredWind:
    """Winds of a University of Wyoming TEXT:LIST sounding (see the module docstring).

    Parameters
    ----------
    text
        The file's text (an HTML page from the archive is accepted).
    target
        (latitude, longitude) [deg] of the drop zone, to flag a distant station.
    path, field
        For messages.

    Raises
    ------
    InputError
        If there is no table, a data line cannot be read or has a value outside its
        physical range (naming the line; :data:`SENTINELS` outside the range are read
        as missing), the observation time or the station's position is impossible, or
        fewer than two levels have winds.
    """
    lines = split_lines(re.sub(r"<[^<>\n]*>", "", text))
    header_index, names, column, speed_column, factor = _uwyo_columns(lines, path, field)
    named = f"{field} {Path(path).name}"  # messages about a line name the file
    readings, ended = _uwyo_rows(lines, header_index, names, column, speed_column, factor, named)
    if not readings[0]:
        raise InputError(field, path, "a sounding with data lines", "has none")
    meta, station = _uwyo_station(lines, named)
    warnings = []
    if not ended and "station latitude" not in meta:
        warnings.append(
            f"{path}: the sounding has no station information after its table; the file may "
            "be truncated"
        )
    valid = _uwyo_time(lines, named)
    name = meta.get("station identifier") or meta.get("station number") or Path(path).name
    when = "" if valid is None else " " + timeutil.utc_datetime(valid).strftime("%Y-%m-%d %H:%MZ")
    source = f"radiosonde {name}{when} (University of Wyoming list)"
    return _profile(*readings, source, valid, station, target, path, field, warnings)


# --- NOAA GSL (RAOB / model) format ------------------------------------------------------

_MISSING = frozenset({99999.0, 32767.0})
"""The GSL format's codes for missing data (99999; 32767 in the original FSL format)."""
MAX_GSL_LINES = 99_998
"""Largest line count a GSL file may announce on its line of type 2: the field has five
digits and 99999 means missing."""
_COORD = re.compile(r"^([-+]?[0-9]{1,3}(?:\.[0-9]+)?)([NSEW])?$", re.I)
_GSL_HEADER = re.compile(r"^\S+\s+([0-9]{1,2})\s+([0-9]{1,2})\s+([A-Za-z]{3,9})\s+([0-9]{4})\s*$")


def is_gsl(text: str) -> bool:
    """True if ``text`` looks like a NOAA GSL sounding (RAOB or model)."""
    first = [line.split()[0] for line in split_lines(text) if line.split()]
    return "1" in first and "3" in first and any(code in {"4", "5", "9"} for code in first)


def _gsl_number(token: str, where: str, line: str) -> float:
    value = _decimal(token)
    if value is None:
        raise InputError(
            where,
            shown(line.strip()),
            "a GSL sounding line: type 1-9 and its numbers (99999 where missing)",
            f"has {shown(token, 20)!r} where a number belongs",
        )
    return value


def _coordinate(token: str, where: str, line: str) -> tuple[float, bool]:
    """(value, explicit hemisphere) of a GSL latitude/longitude token like ``80.22W``."""
    match = _COORD.match(token)
    if not match:
        raise InputError(
            where, shown(line.strip()), "a latitude or longitude such as 24.43N or 80.22W"
        )
    value = float(match.group(1))
    hemisphere = (match.group(2) or "").upper()
    if hemisphere in {"S", "W"}:
        value = -abs(value)
    return value, bool(hemisphere) or value < 0


def _gsl_start(lines: list[str], path: str, field: str, named: str) -> tuple[int, str, float]:
    """(index of the header line, its type, valid time [POSIX s]) of the first sounding."""
    for i, line in enumerate(lines):
        tokens = line.split()
        if len(tokens) >= 5 and tokens[3].lower()[:3] in _MONTHS and tokens[1].isdigit():
            match = _GSL_HEADER.match(line.strip())
            month = _MONTHS.get(tokens[3].lower()[:3])
            if match is None or month is None:
                raise InputError(
                    f"{named} line {i + 1}", shown(line.strip()), "TYPE HOUR DAY MONTH YEAR"
                )
            hour, day, _, year = match.groups()
            valid = _observation_time((year, month, day, hour, 0), f"{named} line {i + 1}", line)
            return i, tokens[0], valid
    raise InputError(
        field, path, "a NOAA GSL sounding (a header line: TYPE HOUR DAY MONTH YEAR)", None
    )


def _gsl_line_count(tokens: list[str], where: str, line: str) -> int | None:
    if len(tokens) <= 4:
        return None
    count = _gsl_number(tokens[4], where, line)
    if count in _MISSING:
        return None
    if not (count == int(count) and 0 <= count <= MAX_GSL_LINES):
        raise OutOfRangeError(
            where, shown(line.strip()), f"a line count from 0 to {MAX_GSL_LINES:,} (or 99999)"
        )
    return int(count)


def _gsl_units(tokens: list[str], where: str, line: str) -> float:
    units = tokens[-1].lower()
    if units in {"ms", "m/s"}:
        return 1.0
    if units in {"kt", "kts"}:
        return KNOT_MPS
    raise InputError(where, shown(line.strip()), "wind-speed units kt or ms at the end of line 3")


class _GslSounding:
    """What the lines of one GSL sounding say, gathered line by line."""

    def __init__(self, name: str):
        self.speed_factor = KNOT_MPS
        self.station: tuple[float, float] | None = None
        self.station_name = name
        self.expected_lines: int | None = None
        self.readings: tuple[list, list, list, list] = ([], [], [], [])
        self.count = 1  # the header line

    def identification(self, code: str, tokens: list[str], where: str, line: str) -> None:
        if len(tokens) < 2:
            raise InputError(where, shown(line.strip()), f"a GSL line of type {code}")
        if code == "1":
            if len(tokens) < 5:
                raise InputError(where, shown(line.strip()), "1 WBAN WMO LAT LON ELEV")
            latitude, explicit_lat = _coordinate(tokens[3], where, line)
            longitude, explicit_lon = _coordinate(tokens[4], where, line)
            if explicit_lon or explicit_lat:
                self.station = _station(latitude, longitude, where, line)
        elif code == "2":
            self.expected_lines = _gsl_line_count(tokens, where, line)
        else:
            if not tokens[1].isdigit():
                self.station_name = tokens[1]
            self.speed_factor = _gsl_units(tokens, where, line)

    def data(self, tokens: list[str], where: str, line: str) -> None:
        if len(tokens) < 7:
            raise InputError(
                where,
                shown(line.strip()),
                "TYPE PRESSURE HEIGHT TEMP DEWPT DIRECTION SPEED (99999 where missing)",
                "is short",
            )
        p, h, _, _, d, s = (_gsl_number(t, where, line) for t in tokens[1:7])
        for target, raw, kind, factor in zip(
            self.readings,
            (p, h, d, s),
            ("pressure", "height", "direction", "wind speed"),
            (0.1, 1.0, 1.0, self.speed_factor),
            strict=True,
        ):
            target.append(_reading(raw, kind, factor, _MISSING, where, line))


def parse_gsl(
    text: str,
    target: tuple[float, float] | None = None,
    path: str = "sounding",
    field: str = "wind file",
) -> LayeredWind:
    """Winds of the first sounding in a NOAA GSL sounding file (see the module docstring).

    Parameters
    ----------
    text
        The file's text.
    target
        (latitude, longitude) [deg] of the drop zone, to flag a distant station.
    path, field
        For messages.

    Raises
    ------
    InputError
        If the identification lines are missing or impossible (a time that does not
        exist, a latitude beyond 90 degrees, a line count that is not a count), a data
        line cannot be read or has a value outside its physical range (naming the line;
        99999, 32767 and :data:`SENTINELS` outside the range are read as missing), the
        number of lines announced on line type 2 is not there (truncated), or fewer than
        two levels have winds.
    """
    lines = split_lines(text)
    named = f"{field} {Path(path).name}"  # messages about a line name the file
    start, kind, valid = _gsl_start(lines, path, field, named)
    sounding = _GslSounding(Path(path).name)
    seen_data = False
    for number in range(start + 2, len(lines) + 1):
        line = lines[number - 1]
        tokens = line.split()
        if not tokens:
            continue
        if seen_data and (tokens[0] == "254" or not tokens[0].isdigit()):
            break  # the next sounding in a multi-sounding file
        sounding.count += 1
        code, where = tokens[0], f"{named} line {number}"
        if code in {"1", "2", "3"} and not seen_data:
            sounding.identification(code, tokens, where, line)
        elif code in {"4", "5", "6", "7", "8", "9"}:
            seen_data = True
            sounding.data(tokens, where, line)
        else:
            raise InputError(
                where,
                shown(line.strip()),
                "a GSL sounding line: type 1-9 and its numbers (99999 where missing)",
                "has an unknown line type",
            )
    if not seen_data:
        raise InputError(field, path, "a GSL sounding with data lines (types 4-9)", "has none")
    # Line type 2 announces the number of lines of the sounding, identification included.
    expected = sounding.expected_lines
    if expected is not None and sounding.count < expected:
        raise InputError(
            field,
            path,
            f"{expected} lines as announced on its line of type 2",
            f"is truncated: {sounding.count} lines",
        )
    when = timeutil.utc_datetime(valid).strftime("%Y-%m-%d %H:%MZ")
    what = "radiosonde" if kind == "254" else f"{shown(kind, 20)} model sounding"
    source = f"{what} {sounding.station_name} {when} (NOAA GSL format)"
    return _profile(*sounding.readings, source, valid, sounding.station, target, path, field, [])


def read_sounding(
    path: str | Path,
    target: tuple[float, float] | None = None,
    field: str = "wind file",
) -> LayeredWind:
    """Read a sounding file in either format, recognised by its content.

    Parameters
    ----------
    path
        A University of Wyoming TEXT:LIST file (or saved page) or a NOAA GSL file.
    target
        (latitude, longitude) [deg] of the drop zone, to flag a distant station.
    field
        Name of the input, for error messages.

    Returns
    -------
    LayeredWind
        Geometric altitudes [m MSL]; ``source`` names the station and time,
        ``valid_time_utc_s`` the launch (model valid) time, ``warnings`` what was dropped.

    Raises
    ------
    InputError
        If the file cannot be read (too large, binary, not UTF-8: see
        :func:`duskfall.io.text.read_text`) or is in neither format.
    """
    text = read_text(path, field, "a sounding or wind table", MAX_SOUNDING_BYTES)
    if is_uwyo(text):
        return parse_uwyo(text, target, str(path), field)
    if is_gsl(text):
        return parse_gsl(text, target, str(path), field)
    raise InputError(
        field,
        str(path),
        "a University of Wyoming TEXT:LIST or NOAA GSL sounding, a CSV/TOML wind table, or a "
        "NetCDF/GRIB forecast",
        "is in no format duskfall reads",
    )


__all__ = ["geometric_altitude_m", "parse_gsl", "parse_uwyo", "read_sounding"]
