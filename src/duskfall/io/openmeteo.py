"""Open-Meteo forecasts on pressure levels: a JSON response saved from its API.

The forecast API (``/v1/forecast``) and the historical-forecast API answer a request for
hourly pressure-level variables with one JSON object (abridged)::

    {"latitude": 24.375, "longitude": 54.625, "elevation": 52.0,
     "utc_offset_seconds": 14400, "timezone": "Asia/Dubai", "timezone_abbreviation": "GMT+4",
     "hourly_units": {"time": "iso8601", "wind_speed_850hPa": "kn",
                      "wind_direction_850hPa": "°", "geopotential_height_850hPa": "m",
                      "temperature_850hPa": "°C", "cloud_cover_850hPa": "%", ...},
     "hourly": {"time": ["2018-03-10T00:00", "2018-03-10T01:00", ...],
                "wind_speed_850hPa": [12.3, 13.0, ...], ...}}

The reader takes any set of levels ``<L>hPa`` with ``wind_speed_<L>hPa``,
``wind_direction_<L>hPa`` and ``geopotential_height_<L>hPa`` (and, if present,
``temperature_<L>hPa`` and ``cloud_cover_<L>hPa``), in any ``wind_speed_unit`` (the
units are read from ``hourly_units``), with times in either ``timeformat``: ISO-8601
local times (the response's ``utc_offset_seconds`` is subtracted: the API applies one
offset to the whole response) or ``unixtime`` (UTC seconds). Keys with a model suffix
(``wind_speed_850hPa_gfs_seamless``, from a request with ``models=``) are read when the
file holds one model.

Heights: ``geopotential_height`` is the model's geopotential height [gpm] of the pressure
surface at that hour, converted to geometric altitude with the 1976 standard's Earth
radius, ``z = r0 H / (r0 - H)`` (NOAA-S/T 76-1562, eq. 18; 9 m at 25,000 ft). Levels
below the response's ``elevation`` (the ground there, from a 90 m elevation model) hold
values the model extrapolated under the terrain: they are left out, with a notice.

References
----------
Open-Meteo, Weather Forecast API documentation: "Pressure Level Variables", "API
Documentation" (``wind_speed_unit``, ``timeformat``, ``timezone``) and "JSON Return
Object" (https://open-meteo.com/en/docs); the units the API writes in ``hourly_units``
(``km/h``, ``m/s``, ``mp/h``, ``kn``; ``°C``, ``°F``; ``%``; ``m``) are those of its
open-source server (``SiUnit`` abbreviations, open-meteo/open-meteo on GitHub).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
from geographiclib.geodesic import Geodesic

from duskfall.atmosphere import geometric_from_geopotential_m
from duskfall.constants import KNOT_MPS, MPH_MPS
from duskfall.errors import InputError
from duskfall.io.text import decode_text, parse_json, read_text
from duskfall.notices import Notice
from duskfall.timeutil import iso_utc
from duskfall.winds import CLOUD_COVER, MAX_WIND_SPEED_MPS, LayeredWind, TimeLayeredWind

SPEED_UNITS = {"km/h": 1.0 / 3.6, "m/s": 1.0, "mp/h": MPH_MPS, "kn": KNOT_MPS}
"""Wind speed units of ``hourly_units`` and their size [m/s] (km/h: 1/3.6 exactly; the
international knot and mile, NIST SP 811)."""

MAX_HOURS = 24 * 400
"""Most hours read from one file (a year and a month): bounds the memory used."""

HEIGHT_RANGE_M = (-1_000.0, 60_000.0)
"""Geopotential heights accepted [gpm]: 1,000 hPa can lie below sea level in a deep low;
the highest level the API offers (10 hPa) is near 31 km."""

TEMPERATURE_RANGE_K = (150.0, 350.0)
"""Temperatures accepted [K] (see :data:`duskfall.winds.TEMPERATURE_K`)."""

FAR_FROM_TARGET_M = 50_000.0
"""Distance [m] beyond which the response's point is flagged as far from the target: the
API answers with the centre of the model's grid cell, a few km from the requested point,
never tens of km."""

_KEY = re.compile(
    r"^(wind_speed|wind_direction|geopotential_height|temperature|cloud_cover)_"
    r"(\d{1,4})hPa(?:_([a-z0-9_]+))?$"
)
_NEEDED = ("wind_speed", "wind_direction", "geopotential_height")


def is_open_meteo(text: str) -> bool:
    """True if ``text`` looks like an Open-Meteo JSON response (an object with hourly
    pressure-level winds)."""
    head = text.lstrip()
    return head.startswith("{") and '"hourly"' in text and "hPa" in text


def read_open_meteo(
    path: str | Path,
    time_utc_s: float | None = None,
    target: tuple[float, float] | None = None,
    field: str = "wind file",
) -> TimeLayeredWind:
    """Read a saved Open-Meteo response (see :func:`parse_open_meteo`)."""
    return parse_open_meteo(
        read_text(path, field, "an Open-Meteo forecast (JSON)"),
        time_utc_s,
        target,
        str(path),
        field,
    )


def parse_open_meteo(
    text: str | bytes,
    time_utc_s: float | None = None,
    target: tuple[float, float] | None = None,
    path: str = "Open-Meteo response",
    field: str = "wind file",
) -> TimeLayeredWind:
    """Hourly wind profiles from the text of an Open-Meteo pressure-level response.

    Parameters
    ----------
    text
        The JSON response, as saved.
    time_utc_s
        The time the winds are wanted by default [POSIX s] (the planned exit): must lie
        within the response's hours. Default: the first hour.
    target
        (latitude, longitude) [deg] of the drop zone: a response for a point more than
        50 km away gets a ``wind-far-from-target`` notice.
    path
        Name of the file, for messages and the ``source``.
    field
        Name of the input, for messages (``--wind-file``).

    Returns
    -------
    TimeLayeredWind
        One :class:`LayeredWind` per hour: geometric altitudes [m MSL] of the levels above
        the ground, speeds [m/s], directions FROM [deg true], temperatures [K] and cloud
        cover (fraction 0-1) where the response has them; valid from the first hour to
        the last.

    Raises
    ------
    InputError
        If the text is not an Open-Meteo response with pressure-level winds, a level
        lacks a variable, a value is null, not a number or out of range (winds over
        250 kt), heights do not increase upward, or ``time_utc_s`` lies outside the hours.
        The message names the file, the key and the hour.

    Examples
    --------
    >>> text = '''{"utc_offset_seconds": 0, "elevation": 10,
    ...  "hourly_units": {"time": "unixtime", "wind_speed_850hPa": "kn",
    ...   "wind_direction_850hPa": "°", "geopotential_height_850hPa": "m",
    ...   "wind_speed_700hPa": "kn", "wind_direction_700hPa": "°",
    ...   "geopotential_height_700hPa": "m"},
    ...  "hourly": {"time": [1520704800], "wind_speed_850hPa": [20],
    ...   "wind_direction_850hPa": [270], "geopotential_height_850hPa": [1500],
    ...   "wind_speed_700hPa": [30], "wind_direction_700hPa": [280],
    ...   "geopotential_height_700hPa": [3100]}}'''
    >>> wind = parse_open_meteo(text)
    >>> round(wind.profiles[0].speed_mps[0] / 0.514444)
    20
    """
    name = Path(path).name
    where = f"{field} {name}"
    data = _json(text, path, field)
    hourly, units = _tables(data, where)
    model, levels = _levels(hourly, where)
    times = _times(hourly, units, data, where)
    columns = {key: _column(hourly, units, key, len(times), where) for key in _keys(levels, model)}
    elevation = _optional_number(data, "elevation", (-1_000.0, 9_000.0), where)
    source = _source(data, model, name)
    profiles, dropped = [], set()
    for k, when in enumerate(times):
        profile, below = _profile(columns, levels, model, k, when, elevation, source, where)
        profiles.append(profile)
        dropped |= below
    notices = _notices(data, target, source, elevation, dropped, where)
    reference = times[0] if time_utc_s is None else float(time_utc_s)
    if not times[0] <= reference <= times[-1]:
        raise InputError(
            where,
            iso_utc(reference) if abs(reference) < 1e11 else reference,
            f"a time from {iso_utc(times[0])} to {iso_utc(times[-1])}, the hours of the file",
            "is outside the forecast's hours",
        )
    return TimeLayeredWind(tuple(profiles), reference, source=source, notices=notices)


# --- The JSON and its tables -------------------------------------------------------------


def _json(text: str | bytes, path: str, field: str) -> dict:
    if isinstance(text, bytes):
        text = decode_text(text, path, field, "a JSON response of Open-Meteo")
    data = parse_json(text, path, field)
    if isinstance(data, list):
        raise InputError(
            field, path, "the response for one location", "holds several locations (a list)"
        )
    if not isinstance(data, dict):
        raise InputError(field, path, "a JSON object from Open-Meteo", "is not a JSON object")
    if data.get("error") is True:
        reason = str(data.get("reason", "no reason given"))[:200]
        raise InputError(
            field, path, "a forecast saved from Open-Meteo", f"is an error answer ({reason})"
        )
    return data


def _tables(data: dict, where: str) -> tuple[dict, dict]:
    hourly, units = data.get("hourly"), data.get("hourly_units")
    if not isinstance(hourly, dict):
        raise InputError(
            where,
            type(hourly).__name__ if hourly is not None else None,
            "an Open-Meteo response with an 'hourly' object of pressure-level variables",
            "has no 'hourly' table",
        )
    if not isinstance(units, dict):
        raise InputError(
            f"{where} hourly_units", None, "the units of every hourly variable", "is missing"
        )
    return hourly, units


def _number(value, where: str) -> float:
    """A JSON number as a finite float; null, booleans, strings and overflows refused."""
    if value is None:
        raise InputError(where, None, "a number", "is missing (null)")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(where, value, "a number")
    try:
        number = float(value)
    except OverflowError:
        number = float("inf")
    if not np.isfinite(number):
        raise InputError(where, str(value)[:30], "a finite number")
    return number


def _optional_number(data: dict, key: str, limits: tuple[float, float], where: str):
    if data.get(key) is None:
        return None
    number = _number(data[key], f"{where} {key}")
    if not limits[0] <= number <= limits[1]:
        raise InputError(f"{where} {key}", data[key], f"{limits[0]:g} to {limits[1]:g}")
    return number


def _times(hourly: dict, units: dict, data: dict, where: str) -> list[float]:
    values = hourly.get("time")
    if not isinstance(values, list) or not values:
        raise InputError(f"{where} hourly.time", values, "a list of times", "is missing or empty")
    if len(values) > MAX_HOURS:
        raise InputError(
            f"{where} hourly.time", f"{len(values)} hours", f"at most {MAX_HOURS} hours"
        )
    kind = units.get("time", "iso8601")
    if kind not in ("iso8601", "unixtime"):
        raise InputError(f"{where} hourly_units.time", kind, "iso8601 or unixtime")
    offset = _offset(data, where)
    times = [
        _time(value, kind, offset, f"{where} hourly.time[{k}]") for k, value in enumerate(values)
    ]
    for k in range(1, len(times)):
        if times[k] <= times[k - 1]:
            raise InputError(
                f"{where} hourly.time[{k}]", values[k], "times in increasing order", "repeats"
            )
    return times


def _offset(data: dict, where: str) -> float:
    offset = data.get("utc_offset_seconds")
    zone = data.get("timezone")
    if offset is None:
        if zone in (None, "GMT", "UTC"):
            return 0.0
        raise InputError(
            f"{where} utc_offset_seconds",
            None,
            "the offset the API applied to the local times (the response always has it)",
            f"is missing for timezone {zone!r}",
        )
    seconds = _number(offset, f"{where} utc_offset_seconds")
    if not -12 * 3600 <= seconds <= 14 * 3600:
        raise InputError(f"{where} utc_offset_seconds", offset, "-43200 to 50400 (UTC-12 to +14)")
    return seconds


def _time(value, kind: str, offset_s: float, where: str) -> float:
    allowed = "a local time YYYY-MM-DDTHH:MM" if kind == "iso8601" else "UNIX seconds (timeformat)"
    if kind == "unixtime":
        seconds = _number(value, where)
    else:
        if not isinstance(value, str):
            raise InputError(where, value, allowed)
        try:
            when = dt.datetime.fromisoformat(value)
        except ValueError:
            raise InputError(where, value, allowed) from None
        if when.tzinfo is None:
            seconds = when.replace(tzinfo=dt.UTC).timestamp() - offset_s
        else:
            seconds = when.timestamp()
    # The years the rest of duskfall knows (timeutil.FIRST_DATE to LAST_DATE).
    if not -631_152_000.0 <= seconds <= 4_133_980_799.0:
        raise InputError(where, value, f"{allowed} from 1950 to 2100")
    return seconds


# --- Levels and values -------------------------------------------------------------------


def _levels(hourly: dict, where: str) -> tuple[str | None, list[int]]:
    found: dict[str | None, dict[int, set[str]]] = {}
    for key in hourly:
        match = _KEY.match(str(key))
        if match:
            found.setdefault(match[3], {}).setdefault(int(match[2]), set()).add(match[1])
    models = [m for m, levels in found.items() if any("wind_speed" in v for v in levels.values())]
    if not models:
        raise InputError(
            where,
            ", ".join(sorted(map(str, hourly))[:8]) or "no variables",
            "hourly wind_speed_<L>hPa, wind_direction_<L>hPa and geopotential_height_<L>hPa",
            "has no pressure-level winds",
        )
    if len(models) > 1:
        names = ", ".join(sorted(m or "(no suffix)" for m in models))
        raise InputError(where, names, "the variables of one model", "holds several models")
    model = models[0]
    levels = found[model]
    for level in sorted(levels):
        for needed in _NEEDED:
            if needed not in levels[level]:
                raise InputError(
                    f"{where} hourly.{_key(needed, level, model)}",
                    None,
                    "wind speed, wind direction and geopotential height at every level",
                    "is missing",
                )
    if len(levels) < 2:
        raise InputError(where, f"{len(levels)} level", "two pressure levels or more")
    if any(not 1 <= level <= 1100 for level in levels):
        raise InputError(where, sorted(levels), "pressure levels from 1 to 1100 hPa")
    return model, sorted(levels, reverse=True)


def _key(variable: str, level: int, model: str | None) -> str:
    return f"{variable}_{level}hPa" + (f"_{model}" if model else "")


def _keys(levels: list[int], model: str | None):
    for level in levels:
        for variable in (*_NEEDED, "temperature", "cloud_cover"):
            yield _key(variable, level, model)


def _column(hourly: dict, units: dict, key: str, count: int, where: str):
    """The values of ``key`` in SI (m/s, deg, gpm, K, fraction), or None if absent."""
    if key not in hourly:
        return None
    values = hourly[key]
    place = f"{where} hourly.{key}"
    if not isinstance(values, list) or len(values) != count:
        size = len(values) if isinstance(values, list) else type(values).__name__
        raise InputError(place, size, f"a list of {count} values, one per hour")
    variable = _KEY.match(key)[1]
    unit = units.get(key)
    convert, limits, shown = _unit(variable, unit, f"{where} hourly_units.{key}")
    column = []
    for k, value in enumerate(values):
        number = convert(_number(value, f"{place}[{k}]"))
        if not limits[0] <= number <= limits[1]:
            raise InputError(f"{place}[{k}]", value, shown, "is out of range")
        column.append(number)
    return column


def _unit(variable: str, unit, where: str):
    """(to SI, SI limits, allowed range in the file's unit) of a variable's unit."""
    if not isinstance(unit, str):
        raise InputError(where, unit, "the unit as a string (kn, °, m, °C, %)")
    if variable == "wind_speed":
        if unit not in SPEED_UNITS:
            raise InputError(where, unit, f"one of {', '.join(SPEED_UNITS)}")
        size = SPEED_UNITS[unit]
        limit = (
            f"0 to {MAX_WIND_SPEED_MPS / size:.0f} {unit} ({MAX_WIND_SPEED_MPS:.0f} m/s, "
            f"{MAX_WIND_SPEED_MPS / KNOT_MPS:.0f} kt)"
        )
        return (lambda v: v * size), (0.0, MAX_WIND_SPEED_MPS), limit
    if variable == "wind_direction":
        if unit != "°":
            raise InputError(where, unit, "° (degrees true)")
        return (lambda v: v), (0.0, 360.0), "0 to 360°"
    if variable == "geopotential_height":
        if unit not in ("m", "gpm"):
            raise InputError(where, unit, "m (geopotential metres)")
        low, high = HEIGHT_RANGE_M
        return (lambda v: v), HEIGHT_RANGE_M, f"{low:g} to {high:g} m"
    if variable == "temperature":
        celsius = {"°C": lambda v: v + 273.15, "°F": lambda v: (v - 32.0) / 1.8 + 273.15}
        if unit not in celsius:
            raise InputError(where, unit, "°C or °F")
        return celsius[unit], TEMPERATURE_RANGE_K, "-123 to +77 °C (150 to 350 K)"
    if unit != "%":
        raise InputError(where, unit, "% (cloud cover)")
    return (lambda v: v / 100.0), CLOUD_COVER, "0 to 100 %"


def _profile(columns, levels, model, k, when, elevation, source, where):
    """The hour ``k``'s profile, and the levels left out below the ground."""
    height = [columns[_key("geopotential_height", level, model)][k] for level in levels]
    for a in range(1, len(levels)):
        if height[a] <= height[a - 1]:
            raise InputError(
                f"{where} hourly at {iso_utc(when)}",
                f"{levels[a - 1]} hPa at {height[a - 1]:g} m, {levels[a]} hPa at {height[a]:g} m",
                "geopotential heights that increase as the pressure decreases",
                "has heights that do not increase",
            )
    altitude = np.atleast_1d(geometric_from_geopotential_m(np.asarray(height)))
    keep = [i for i in range(len(levels)) if elevation is None or altitude[i] >= elevation]
    if len(keep) < 2:
        raise InputError(
            f"{where} hourly at {iso_utc(when)}",
            f"{len(keep)} level(s) above the ground at {elevation:g} m",
            "two pressure levels or more above the ground",
        )

    def values(variable):
        column = [columns[_key(variable, levels[i], model)] for i in keep]
        if all(c is None for c in column):
            return None
        return tuple(None if c is None else c[k] for c in column)

    profile = LayeredWind(
        tuple(float(altitude[i]) for i in keep),
        values("wind_direction"),
        values("wind_speed"),
        source=source,
        valid_time_utc_s=when,
        temperature_k=values("temperature"),
        cloud_cover=values("cloud_cover"),
    )
    return profile, {levels[i] for i in range(len(levels)) if i not in keep}


def _source(data: dict, model: str | None, name: str) -> str:
    where = ""
    lat, lon = data.get("latitude"), data.get("longitude")
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lat, lon)):
        where = f" at {float(lat):.3f},{float(lon):.3f}"
    return f"Open-Meteo {model or 'forecast'}{where} ({name})"


def _notices(data, target, source, elevation, dropped, where) -> tuple[Notice, ...]:
    notices = []
    if dropped:
        values = {"source": source, "levels_hpa": tuple(sorted(dropped, reverse=True))}
        values["elevation_m"] = elevation
        notices.append(Notice("wind-levels-below-ground", "info", values, source=source))
    lat = _optional_number(data, "latitude", (-90.0, 90.0), where)
    lon = _optional_number(data, "longitude", (-180.0, 360.0), where)
    if target is not None and lat is not None and lon is not None:
        distance = Geodesic.WGS84.Inverse(target[0], target[1], lat, lon)["s12"]
        if distance > FAR_FROM_TARGET_M:
            values = {"source": source, "distance_m": distance, "latitude_deg": lat}
            values["longitude_deg"] = lon
            notices.append(Notice("wind-far-from-target", "warn", values, source=source))
    return tuple(notices)


__all__ = ["SPEED_UNITS", "is_open_meteo", "parse_open_meteo", "read_open_meteo"]
