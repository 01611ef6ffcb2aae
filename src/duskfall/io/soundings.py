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

from duskfall.constants import EARTH_RADIUS_US1976_M, KNOT_MPS
from duskfall.errors import InputError
from duskfall.io._text import read_text as _read_text
from duskfall.timeutil import utc_seconds
from duskfall.winds import MAX_WIND_SPEED_MPS, LayeredWind

#: Distance from the target beyond which a sounding is flagged as unrepresentative [m].
#: Radiosonde stations are typically 300-500 km apart over land (WMO GUAN spacing); a
#: station more than 100 km away samples other air, most of all in the boundary layer.
FAR_STATION_M = 100_000.0

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}


def geometric_altitude_m(geopotential_height_m):
    """Geometric altitude [m] of a geopotential height [gpm] (US 1976, eq. 18)."""
    h = np.asarray(geopotential_height_m, dtype=float)
    return EARTH_RADIUS_US1976_M * h / (EARTH_RADIUS_US1976_M - h)


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


def _check_speed(speed_mps: float, field: str, line_number: int, line: str) -> None:
    if not (0 <= speed_mps <= MAX_WIND_SPEED_MPS):
        raise InputError(
            f"{field} line {line_number}",
            line.strip(),
            f"wind speeds 0 to {MAX_WIND_SPEED_MPS:.0f} m/s (194 kt)",
            f"has a wind speed of {speed_mps:.1f} m/s",
        )


# --- University of Wyoming TEXT:LIST ---------------------------------------------------

_UWYO_TITLE = re.compile(
    r"^\s*(\d{5})?\s*(\w+)?.*Observations at (\d{2})Z (\d{1,2}) (\w{3}) (\d{4})", re.I
)
_UWYO_OBS_TIME = re.compile(r"Observation time:\s*(\d{6})/(\d{4})")
_UWYO_FIELD = re.compile(r"^\s*(Station [a-z]+|Station identifier):\s*(\S+)", re.I)


def is_uwyo(text: str) -> bool:
    """True if ``text`` looks like a University of Wyoming TEXT:LIST sounding."""
    return bool(re.search(r"^\s*PRES\s+HGHT\s+TEMP", text, re.M))


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
        If there is no table, a data line cannot be read (naming the line), a wind
        exceeds 100 m/s, or fewer than two levels have winds.
    """
    text = re.sub(r"<[^>]+>", "", text)
    lines = text.splitlines()
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
        speed_column, speed_factor = "SKNT", KNOT_MPS
    elif "SPED" in column:
        speed_column, speed_factor = "SPED", 1.0
    else:
        raise InputError(field, path, "a table with a SKNT or SPED column", "has no wind speed")

    def value(line: str, name: str, number: int) -> float | None:
        start, end = column[name]
        cell = line[start:end].strip()
        if not cell:
            return None
        try:
            return float(cell)
        except ValueError:
            raise InputError(
                f"{field} line {number}", line.strip(), f"a number in column {name}", None
            ) from None

    pressure, height, direction, speed = [], [], [], []
    index = header_index + 1
    # Skip the units line and the dashed rules around it: data lines start with a number.
    while index < len(lines) and not re.match(r"^\s*\d", lines[index]):
        index += 1
    ended = False
    for number in range(index + 1, len(lines) + 1):
        line = lines[number - 1]
        if not line.strip():
            continue
        if not re.match(r"^\s*-?\d", line):
            ended = True
            break
        if len(line.rstrip()) > column[names[-1]][1] + 1:
            raise InputError(
                f"{field} line {number}", line.strip(), "the fixed-width columns of the header"
            )
        p = value(line, "PRES", number)
        h = value(line, "HGHT", number)
        d = value(line, "DRCT", number)
        s = value(line, speed_column, number)
        if s is not None:
            s *= speed_factor
            _check_speed(s, field, number, line)
        pressure.append(p)
        height.append(h)
        direction.append(d)
        speed.append(s)
    if not pressure:
        raise InputError(field, path, "a sounding with data lines", "has none")
    warnings = []
    meta = {}
    for line in lines:
        match = _UWYO_FIELD.match(line)
        if match:
            meta[match.group(1).lower()] = match.group(2)
    if not ended and "station latitude" not in meta:
        warnings.append(
            f"{path}: the sounding has no station information after its table; the file may "
            "be truncated"
        )
    valid = None
    match = _UWYO_OBS_TIME.search(text)
    if match:
        stamp = dt.datetime.strptime(match.group(1) + match.group(2), "%y%m%d%H%M")
        valid = utc_seconds(stamp.replace(tzinfo=dt.UTC))
    else:
        title = next((_UWYO_TITLE.match(line) for line in lines if _UWYO_TITLE.match(line)), None)
        if title:
            month = _MONTHS.get(title.group(5).lower())
            if month:
                valid = utc_seconds(
                    dt.datetime(
                        int(title.group(6)),
                        month,
                        int(title.group(4)),
                        int(title.group(3)),
                        tzinfo=dt.UTC,
                    )
                )
    station = None
    try:
        station = (float(meta["station latitude"]), float(meta["station longitude"]))
    except (KeyError, ValueError):
        station = None
    name = meta.get("station identifier") or meta.get("station number") or Path(path).name
    when = (
        ""
        if valid is None
        else " " + dt.datetime.fromtimestamp(valid, dt.UTC).strftime("%Y-%m-%d %H:%MZ")
    )
    source = f"radiosonde {name}{when} (University of Wyoming list)"
    return _profile(
        pressure, height, direction, speed, source, valid, station, target, path, field, warnings
    )


# --- NOAA GSL (RAOB / model) format ------------------------------------------------------

_MISSING = {99999.0, 32767.0}
_COORD = re.compile(r"^([-+]?\d+(?:\.\d+)?)([NSEW])?$", re.I)


def is_gsl(text: str) -> bool:
    """True if ``text`` looks like a NOAA GSL sounding (RAOB or model)."""
    first = [line.split()[0] for line in text.splitlines() if line.split()]
    return "1" in first and "3" in first and any(code in {"4", "5", "9"} for code in first)


def _number(token: str) -> float | None:
    value = float(token)
    return None if value in _MISSING else value


def _coordinate(token: str) -> tuple[float, bool]:
    """(value, explicit hemisphere) of a GSL latitude/longitude token like ``80.22W``."""
    match = _COORD.match(token)
    if not match:
        raise ValueError(token)
    value = float(match.group(1))
    hemisphere = (match.group(2) or "").upper()
    if hemisphere in {"S", "W"}:
        value = -abs(value)
    return value, bool(hemisphere) or value < 0


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
        If the identification lines are missing, a data line cannot be read (naming the
        line), the number of lines announced on line type 2 is not there (truncated), a
        wind exceeds 100 m/s, or fewer than two levels have winds.
    """
    lines = text.splitlines()
    start = None
    header_tokens: list[str] = []
    for i, line in enumerate(lines):
        tokens = line.split()
        if len(tokens) >= 5 and tokens[3].lower()[:3] in _MONTHS and tokens[1].isdigit():
            start, header_tokens = i, tokens
            break
    if start is None:
        raise InputError(
            field, path, "a NOAA GSL sounding (a header line: TYPE HOUR DAY MONTH YEAR)", None
        )
    kind = header_tokens[0]
    valid = None
    try:
        valid = utc_seconds(
            dt.datetime(
                int(header_tokens[4]),
                _MONTHS[header_tokens[3].lower()[:3]],
                int(header_tokens[2]),
                int(header_tokens[1]),
                tzinfo=dt.UTC,
            )
        )
    except (ValueError, KeyError):
        raise InputError(
            f"{field} line {start + 1}", lines[start].strip(), "TYPE HOUR DAY MONTH YEAR"
        ) from None
    speed_factor = KNOT_MPS
    station = None
    station_name = Path(path).name
    expected_lines = None
    pressure, height, direction, speed = [], [], [], []
    seen_data = False
    count = 1
    for number in range(start + 2, len(lines) + 1):
        line = lines[number - 1]
        tokens = line.split()
        if not tokens:
            continue
        if seen_data and (tokens[0] == "254" or not tokens[0].isdigit()):
            break  # the next sounding in a multi-sounding file
        count += 1
        code = tokens[0]
        try:
            if code == "1" and not seen_data:
                latitude, explicit_lat = _coordinate(tokens[3])
                longitude, explicit_lon = _coordinate(tokens[4])
                if explicit_lon or explicit_lat:
                    station = (latitude, longitude)
            elif code == "2" and not seen_data:
                lines_value = _number(tokens[4]) if len(tokens) > 4 else None
                expected_lines = None if lines_value is None else int(lines_value)
            elif code == "3" and not seen_data:
                if len(tokens) >= 2 and not tokens[1].isdigit():
                    station_name = tokens[1]
                units = tokens[-1].lower()
                speed_factor = 1.0 if units in {"ms", "m/s"} else KNOT_MPS
            elif code in {"4", "5", "6", "7", "8", "9"}:
                seen_data = True
                if len(tokens) < 7:
                    raise ValueError("short line")
                p, h, _, _, d, s = (_number(t) for t in tokens[1:7])
                if s is not None:
                    s *= speed_factor
                    _check_speed(s, field, number, line)
                pressure.append(None if p is None else p / 10.0)
                height.append(h)
                direction.append(d)
                speed.append(s)
            else:
                raise ValueError("unknown line type")
        except InputError:
            raise
        except (ValueError, IndexError):
            raise InputError(
                f"{field} line {number}",
                line.strip(),
                "a GSL sounding line: type 1-9 and its numbers (99999 where missing)",
            ) from None
    if not seen_data:
        raise InputError(field, path, "a GSL sounding with data lines (types 4-9)", "has none")
    # Line type 2 announces the number of lines of the sounding, identification included.
    if expected_lines is not None and count < expected_lines:
        raise InputError(
            field,
            path,
            f"{expected_lines} lines as announced on its line of type 2",
            f"is truncated: {count} lines",
        )
    when = dt.datetime.fromtimestamp(valid, dt.UTC).strftime("%Y-%m-%d %H:%MZ")
    what = "radiosonde" if kind == "254" else f"{kind} model sounding"
    source = f"{what} {station_name} {when} (NOAA GSL format)"
    return _profile(
        pressure, height, direction, speed, source, valid, station, target, path, field, []
    )


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
        If the file cannot be read or is in neither format.
    """
    text = _read_text(path, field)
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
