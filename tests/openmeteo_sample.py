"""An Open-Meteo pressure-level response in the documented format, built for the tests.

Not an authority: a fixture shaped as the API documents its JSON return object
(https://open-meteo.com/en/docs, "JSON Return Object", "Pressure Level Variables"), with
geopotential heights and temperatures of the ICAO standard atmosphere (Doc 7488: 288.15 K,
-6.5 K/km to 11 km, then 216.65 K), winds that vary with level and hour, and the values
rounded as the API writes them. Times: local, 00:00-23:00 of 2018-03-10 in Asia/Dubai
(UTC+4), as a request with ``timezone=auto`` returns them.
"""

from __future__ import annotations

import datetime as dt
import json
import math

LEVELS_HPA = (1000, 975, 950, 925, 900, 850, 800, 700, 600, 500, 400, 300, 250, 200)
OFFSET_S = 4 * 3600
FIRST_LOCAL = dt.datetime(2018, 3, 10, 0, 0)


def standard_height_gpm(pressure_hpa: float) -> float:
    """Geopotential height [gpm] of a pressure in the ICAO standard atmosphere."""
    if pressure_hpa >= 226.32:
        return 288.15 / 0.0065 * (1 - (pressure_hpa / 1013.25) ** (1 / 5.25588))
    return 11_000.0 + 287.053 * 216.65 / 9.80665 * math.log(226.32 / pressure_hpa)


def standard_temperature_c(height_gpm: float) -> float:
    return (288.15 - 0.0065 * min(height_gpm, 11_000.0)) - 273.15


def wind_kt(level_hpa: int, hour: int) -> tuple[float, float]:
    """(direction FROM [deg], speed [kt]): veering and strengthening with height."""
    height = standard_height_gpm(level_hpa)
    return (260.0 + height / 500.0) % 360.0, 8.0 + height / 300.0 + hour / 4.0


def response(
    hours: int = 24,
    levels=LEVELS_HPA,
    speed_unit: str = "kn",
    timeformat: str = "iso8601",
    temperature_unit: str = "°C",
    cloud: bool = True,
    elevation: float = 52.0,
    model: str | None = None,
) -> dict:
    """The response as a dict (``json.dumps`` it to get the file)."""
    size = {"kn": 1.0, "km/h": 1.852, "m/s": 1852 / 3600, "mp/h": 1852 / 1609.344}[speed_unit]
    suffix = f"_{model}" if model else ""
    units = {"time": timeformat}
    hourly: dict[str, list] = {}
    first = FIRST_LOCAL.replace(tzinfo=dt.UTC).timestamp() - OFFSET_S
    if timeformat == "unixtime":
        hourly["time"] = [int(first + 3600 * h) for h in range(hours)]
    else:
        hourly["time"] = [
            (FIRST_LOCAL + dt.timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M") for h in range(hours)
        ]
    for level in levels:
        height = standard_height_gpm(level)
        keys = {
            v: f"{v}_{level}hPa{suffix}"
            for v in (
                "temperature",
                "cloud_cover",
                "wind_speed",
                "wind_direction",
                "geopotential_height",
            )
        }
        celsius = [standard_temperature_c(height) + h / 10 for h in range(hours)]
        hourly[keys["temperature"]] = [
            round(c if temperature_unit == "°C" else c * 1.8 + 32, 1) for c in celsius
        ]
        units[keys["temperature"]] = temperature_unit
        if cloud:
            hourly[keys["cloud_cover"]] = [(level // 10 + 5 * h) % 101 for h in range(hours)]
            units[keys["cloud_cover"]] = "%"
        hourly[keys["wind_speed"]] = [round(wind_kt(level, h)[1] * size, 1) for h in range(hours)]
        units[keys["wind_speed"]] = speed_unit
        hourly[keys["wind_direction"]] = [round(wind_kt(level, h)[0]) for h in range(hours)]
        units[keys["wind_direction"]] = "°"
        hourly[keys["geopotential_height"]] = [round(height + 2 * h, 1) for h in range(hours)]
        units[keys["geopotential_height"]] = "m"
    return {
        "latitude": 24.375,
        "longitude": 54.625,
        "generationtime_ms": 1.2,
        "utc_offset_seconds": OFFSET_S,
        "timezone": "Asia/Dubai",
        "timezone_abbreviation": "GMT+4",
        "elevation": elevation,
        "hourly_units": units,
        "hourly": hourly,
    }


def response_text(**options) -> str:
    return json.dumps(response(**options), ensure_ascii=False)
