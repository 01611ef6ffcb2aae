"""Scenario files (TOML or JSON) as a jump team writes them: the mapping and its units.

Values carry their units (``"25000ft"``, ``"4000ftAGL"``, ``"130kt"``, ``"90kg"``);
altitudes are MSL unless they say AGL, resolved against the site's ground elevation;
bare numbers take the documented default unit of their key (feet, knots, kilograms,
seconds). The file is read into a plain mapping, command-line overrides are applied to
that mapping, and :func:`scenario_from_mapping` converts it to the validated SI
:class:`~duskfall.planning.Scenario`. Reading the file itself is
:func:`duskfall.io.scenario.load_mapping`.

``EXAMPLE_TOML`` is the seed scenario as a commented template
(``duskfall plan --example > scenario.toml``); reading it gives ``SEED_SCENARIO``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from duskfall import timeutil
from duskfall.constants import FOOT_M
from duskfall.errors import InconsistentInputError, InputError
from duskfall.planning.scenario import Scenario, make_scenario
from duskfall.units import parse_altitude, parse_quantity
from duskfall.winds import parse_wind_levels

EXAMPLE_TOML = """\
# duskfall scenario: the film shot, a HALO jump from 25,000 ft at dusk over the UAE desert.
# Altitudes are MSL unless they say AGL; bare numbers: feet, knots, kilograms, seconds.

[site]
name = "Desert drop zone near Abu Dhabi, UAE"
lat = 24.4                  # degrees, north positive
lon = 54.6                  # degrees, east positive
ground_elevation = "50m"    # MSL

[attempt]
date = 2018-03-10           # local date of the attempt
at = "dusk"                 # dusk or dawn
light = "lowsun"            # sunlit, lowsun, golden, blue, "LOW..HIGH" in degrees,
                            # or a brightness: "300..3000lux", "EV6..EV9"
# judge_at = "jumper"       # where the light is judged: jumper, exit or ground
# horizon = "visible"       # band elevations from the visible horizon, or "astronomical"
pick = "middle"             # exit in the middle of the window, or "earliest" / "latest"
min_slack = "60s"           # slack wanted on each side of the exit
# Search an explicit time range instead of the evening (local time of the site if no offset):
# from = 2018-03-10T17:30:00
# to = 2018-03-10T19:00:00

[jump]
exit_altitude = "25000ft"
deploy_altitude = "4000ftAGL"
# action_end_altitude = "10000ft"   # the shot ends here; by default at deployment

[[jumpers]]
name = "performer"
mass = "90kg"               # with equipment
posture = "belly"           # belly, sit, head-down, track, ...
# cda = "0.5m2"             # drag area; by default from the posture
# deploy_altitude = "4500ftAGL"

# A second jumper (a camera flyer) is another [[jumpers]] table:
# [[jumpers]]
# name = "camera"
# mass = "100kg"
# posture = "sit"
# exit_delay = "3s"         # leaves this long after the green light (aircraft flies on)

# [camera]                  # the line the camera looks along, for the Sun in the frame
# flyer = "camera"          # who carries it; by default the second jumper
# heading = 265             # a fixed, level line of sight, degrees true; by default
#                           # from the camera flyer to the performer
# field_of_view = 70        # the lens's horizontal field of view, degrees (16:9 frame)

# [formation]               # the camera flyer and the performer, with two jumpers
# meet_at = "20000ft"       # level here: the plan works out the exit separation
# closing_distance = "10ft" # "closed" within this vertical distance
# separation_limit = "100ft" # warn when they drift this far apart vertically

[aircraft]
type = "C-17A"              # C-17A, C-130J, DHC-6, C208B
jump_run_speed = "130kt"    # indicated airspeed on jump run
# jump_run_true_airspeed = "195kt"   # or the true airspeed, if the pilot gives that
heading = 270               # jump-run track, degrees true; leave out for into the wind
# climb = ["10000ft:3000fpm", "20000ft:2200fpm", "25000ft:1500fpm"]  # operator's figures
# service_ceiling = "45000ft"
# level_off_before_exit = "10min"
# jump_run = "2min"

# [winds]
# levels = "0ft:270@8kt,10000ft:280@25kt,25000ft:290@45kt"
# Or a wind file instead of levels (a path relative to this file's folder): an Open-Meteo
# response (duskfall winds fetch), an FB winds-aloft forecast, a sounding, a CSV/TOML
# table, a NetCDF/GRIB2 forecast. An hourly forecast gives the winds at the planned exit.
# wind_file = "winds.json"
# station = "ABI"           # the station of an FB forecast that lists several

[dispersion]
members = 1000              # Monte Carlo members for the landing ellipse; 0 to skip
seed = 0                    # same seed, same answer
landing_radius = "100m"     # radius of the landing area
"""


def _not_bool(value, field: str, allowed: str) -> None:
    """A bool is not a quantity (TOML's ``true`` would otherwise read as 1)."""
    if isinstance(value, bool):
        raise InputError(field, value, allowed, "is not a number")


def _length(default: str = "ft"):
    def convert(value, field, ground):
        _not_bool(value, field, f"a length such as 100{default}")
        return parse_quantity(value, "length", default, field)

    return convert


def _altitude(value, field, ground):
    _not_bool(value, field, "an altitude such as 25000ft or 4000ftAGL")
    return parse_altitude(value, field).msl_m(ground)


def _number(kind: str, default: str):
    def convert(value, field, ground):
        _not_bool(value, field, f"a number with a {kind} unit (bare: {default})")
        return parse_quantity(value, kind, default, field)

    return convert


def _plain(value, field, ground):
    return value


def _whole(value, field, ground):
    """A whole number as TOML and JSON write one (not a bool, not a text)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(field, value, "a whole number (not quoted)", "is not a whole number")
    return value


def _float(value, field, ground):
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(field, value, "a number", "is not a number")
    return float(value)


def _text(value, field, ground):
    if not isinstance(value, str):
        raise InputError(field, value, "a text string", "is not a text")
    return value


def _date(value, field, ground):
    return timeutil.parse_date(value if isinstance(value, dt.date) else str(value), field)


def _climb(value, field, ground):
    allowed = 'a list of "ALTITUDE:RATE" bands, e.g. ["10000ft:2500fpm", "25000ft:1500fpm"]'
    if not isinstance(value, list) or not value:
        raise InputError(field, value, allowed, "is not a list of bands")
    bands = []
    for item in value:
        parts = str(item).split(":")
        if len(parts) != 2:
            raise InputError(field, item, allowed, "is not ALTITUDE:RATE")
        top = parse_altitude(parts[0], field).msl_m(ground)
        rate = parse_quantity(parts[1], "speed", "fpm", field)
        if not rate > 0:
            raise InputError(field, item, allowed + ", each rate above 0", "climbs at no rate")
        if bands and top <= bands[-1][0]:
            raise InputError(
                field, item, allowed + ", tops increasing", "is not above the band before"
            )
        bands.append((top, rate))
    return tuple(bands)


def _wind_levels(text: Any, field: str, ground_elevation_m: float) -> list[dict[str, float]]:
    """The one-line wind table (:func:`duskfall.winds.parse_wind_levels`) as the
    scenario's wind levels (altitude MSL [m], direction FROM [deg true], speed [m/s])."""
    if not isinstance(text, str):
        raise InputError(field, text, 'a text like "0ft:270@8kt,10000ft:280@25kt"', "is not a text")
    profile = parse_wind_levels(text, ground_elevation_m, field)
    return [
        {"altitude_m": a, "direction_from_deg": d, "speed_mps": v}
        for a, d, v in zip(
            profile.altitude_m, profile.direction_from_deg, profile.speed_mps, strict=True
        )
    ]


# For each section of the file: key -> (internal path, converter).
Converter = Callable[[Any, str, float], Any]
SECTIONS: dict[str, dict[str, tuple[tuple[str, ...], Converter]]] = {
    "site": {
        "name": (("site", "name"), _text),
        "lat": (("site", "latitude_deg"), _float),
        "lon": (("site", "longitude_deg"), _float),
        "ground_elevation": (("site", "ground_elevation_m"), _length()),
    },
    "attempt": {
        "date": (("date",), _date),
        "at": (("at",), _text),
        "light": (("light",), _text),
        "judge_at": (("judge_at",), _text),
        "horizon": (("horizon",), _text),
        "pick": (("pick",), _text),
        "min_slack": (("min_slack_s",), _number("duration", "s")),
        "from": (("search_start_utc_s",), _plain),
        "to": (("search_end_utc_s",), _plain),
    },
    "jump": {
        "exit_altitude": (("exit_altitude_m",), _altitude),
        "deploy_altitude": (("deploy_altitude_m",), _altitude),
        "action_end_altitude": (("action_end_altitude_m",), _altitude),
    },
    "jumpers": {
        "name": (("name",), _text),
        "mass": (("mass_kg",), _number("mass", "kg")),
        "posture": (("posture",), _text),
        "cda": (("cda_m2",), _number("area", "m2")),
        "deploy_altitude": (("deploy_altitude_m",), _altitude),
        "exit_delay": (("exit_delay_s",), _number("duration", "s")),
    },
    "aircraft": {
        "type": (("aircraft", "type"), _text),
        "jump_run_speed": (("aircraft", "indicated_airspeed_mps"), _number("speed", "kt")),
        "jump_run_true_airspeed": (("aircraft", "true_airspeed_mps"), _number("speed", "kt")),
        "heading": (("aircraft", "heading_deg"), _float),
        "climb": (("aircraft", "climb"), _climb),
        "service_ceiling": (("aircraft", "service_ceiling_m"), _length()),
        "level_off_before_exit": (
            ("aircraft", "level_off_before_exit_s"),
            _number("duration", "s"),
        ),
        "jump_run": (("aircraft", "jump_run_s"), _number("duration", "s")),
        "turnaround": (("aircraft", "turnaround_s"), _number("duration", "s")),
    },
    "winds": {
        "levels": (("winds",), _plain),
        "wind_file": (("wind_file",), _text),
        "station": (("wind_station",), _text),
    },
    "camera": {
        "flyer": (("camera", "flyer"), _text),
        "heading": (("camera", "heading_deg"), _float),
        "field_of_view": (("camera", "field_of_view_deg"), _float),
    },
    "formation": {
        "meet_at": (("formation", "meet_altitude_m"), _altitude),
        "closing_distance": (("formation", "closing_distance_m"), _length()),
        "separation_limit": (("formation", "separation_limit_m"), _length()),
    },
    "dispersion": {
        "members": (("members",), _whole),
        "seed": (("seed",), _whole),
        "landing_radius": (("landing_radius_m",), _length("m")),
    },
}


OTHER_SECTIONS = ("season",)
"""Sections of a scenario file read by other commands (``[season]``: ``duskfall season``'s
range and odds); a single plan ignores them."""


def _unknown(field: str, value: Any, known) -> InputError:
    return InputError(field, value, ", ".join(known), "is not a known key")


def _time(value: Any, field: str, zone: str) -> float:
    """An aware date-time, or a naive one in the site's local time zone (the file's
    explicit convention), as POSIX seconds."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise InputError(
                field,
                value,
                "an ISO date-time such as 2018-03-10T17:30:00+04:00",
                "is not a date-time",
            ) from None
    if not isinstance(value, dt.datetime):
        raise InputError(
            field, value, "an ISO date-time such as 2018-03-10T17:30:00+04:00", "is not a date-time"
        )
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(zone))
    return timeutil.utc_seconds(value, field)


def scenario_from_mapping(mapping: dict[str, Any]) -> Scenario:
    """Convert a scenario file's mapping (sections of unit-bearing values) to a Scenario.

    Raises
    ------
    InputError
        Naming the key by its dotted path in the file (``jump.exit_altitude``), the value
        and what is allowed: unknown keys, wrong units, missing fields, values out of range.
    """
    if not isinstance(mapping, dict):
        raise InputError("scenario", mapping, "a table of sections", "is not a table")
    for section in mapping:
        if section not in SECTIONS and section not in OTHER_SECTIONS:
            raise _unknown(section, mapping[section], [*SECTIONS, *OTHER_SECTIONS])
    site = mapping.get("site", {})
    ground_text = site.get("ground_elevation", 0.0) if isinstance(site, dict) else 0.0
    ground = _length()(ground_text, "site.ground_elevation", 0.0)

    data: dict[str, Any] = {}
    reverse = {}
    for section, keys in SECTIONS.items():
        if section not in mapping:
            continue
        tables = mapping[section]
        if section == "jumpers":
            if not isinstance(tables, list):
                raise InputError(
                    "jumpers", tables, "one or more [[jumpers]] tables", "is not a list of tables"
                )
            data["jumpers"] = []
            for i, table in enumerate(tables):
                if not isinstance(table, dict):
                    raise InputError(
                        f"jumpers.{i}", table, "a [[jumpers]] table of keys", "is not a table"
                    )
                jumper = {}
                for key, value in table.items():
                    field = f"jumpers.{i}.{key}"
                    if key not in keys:
                        raise _unknown(field, value, keys)
                    path, convert = keys[key]
                    jumper[path[0]] = convert(value, field, ground)
                    reverse[f"jumpers.{i}.{path[0]}"] = field
                data["jumpers"].append(jumper)
            continue
        if not isinstance(tables, dict):
            raise InputError(section, tables, f"a [{section}] table", "is not a table")
        for key, value in tables.items():
            field = f"{section}.{key}"
            if key not in keys:
                raise _unknown(field, value, keys)
            path, convert = keys[key]
            target = data
            for part in path[:-1]:
                target = target.setdefault(part, {})
            target[path[-1]] = convert(value, field, ground)
            reverse[".".join(path)] = field

    if "winds" in data:
        data["winds"] = _wind_levels(data["winds"], "winds.levels", ground)
    if "search_start_utc_s" in data or "search_end_utc_s" in data:
        lat = data.get("site", {}).get("latitude_deg", 0.0)
        lon = data.get("site", {}).get("longitude_deg", 0.0)
        zone = timeutil.timezone_name(lat, lon)
        for key, name in (
            ("search_start_utc_s", "attempt.from"),
            ("search_end_utc_s", "attempt.to"),
        ):
            if key in data:
                data[key] = _time(data[key], name, zone)

    try:
        return make_scenario(data)
    except InconsistentInputError as error:
        others = {
            _file_key(name, reverse): (_raw(mapping, _file_key(name, reverse), value), *rest)
            for name, (value, *rest) in error.others.items()
        }
        key = _file_key(error.field, reverse)
        others |= _ground_under(mapping, data, key, error.value, others)
        raise InconsistentInputError(
            key, _raw(mapping, key, error.value), error.allowed, error.problem, others
        ) from None
    except InputError as error:
        key = _file_key(error.field, reverse)
        value = _raw(mapping, key, error.value)  # as written: "2000kg", not 2000.0
        if isinstance(value, dict | list):  # a whole table: what the check found in it
            value = error.value
        raise type(error)(key, value, error.allowed, error.problem) from None


def _ground_under(mapping, data, key: str, exit_m: float, others: dict) -> dict:
    """An exit at or below a deployment altitude written above the ground is also said of
    the ground elevation, which raised it (``--ground-elevation 9000m`` under the seed's
    4000ftAGL): the conflict is then named after the ground when the user gave it. Not
    when the exit is above the ground too: the ground moves both."""
    if key != "jump.exit_altitude" or "site.ground_elevation" in others:
        return {}
    if _written_above_ground(_raw(mapping, key, None), key):
        return {}
    openings = [
        (opening.value_m, written, other)
        for other in others
        if other.endswith("deploy_altitude")
        and (written := _raw(mapping, other, None)) is not None
        and _written_above_ground(written, other)
        and (opening := parse_altitude(written, other))
    ]
    if not openings:
        return {}
    height, written, _ = max(openings)
    highest = exit_m - height
    ground = data.get("site", {}).get("ground_elevation_m", 0.0)
    return {
        "site.ground_elevation": (
            _raw(mapping, "site.ground_elevation", ground),
            f"below {highest:,.0f} m ({highest / FOOT_M:,.0f} ft) MSL, the exit altitude less "
            f"the deployment's {written}",
            f"puts the deployment altitude ({written}) at or above the exit altitude",
        )
    }


def _written_above_ground(written, field: str) -> bool:
    """True for an altitude written with AGL (``4000ftAGL``); False for any other value."""
    if not isinstance(written, str):
        return False
    try:
        return parse_altitude(written, field).above_ground
    except InputError:
        return False


def _file_key(field: str, reverse: dict[str, str]) -> str:
    """The file's key (``jump.exit_altitude``) of an internal field (``exit_altitude_m``)."""
    parts = field.split(".")
    prefixes = (".".join(parts[:n]) for n in range(len(parts), 0, -1))
    return next((reverse[p] for p in prefixes if p in reverse), None) or _file_name_of(field)


def _raw(mapping: dict[str, Any], key: str, default: Any) -> Any:
    """The value the file (or the options) gave for ``key``, as written."""
    node: Any = mapping
    for part in key.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return default
    if isinstance(node, dt.date | dt.time):
        return node.isoformat()  # a TOML date or time, as the file spells it
    return node


def _file_name_of(field: str) -> str:
    """The file's key for an internal field name, for missing fields."""
    for section, keys in SECTIONS.items():
        for key, (path, _) in keys.items():
            if ".".join(path) == field or (
                section == "jumpers"
                and field.endswith("." + path[0])
                and field.startswith("jumpers.")
            ):
                if section == "jumpers":
                    return f"{field.rsplit('.', 1)[0]}.{key}"
                return f"{section}.{key}"
    return {"jumpers": "jumpers"}.get(field, field)


def resolve_paths(mapping: dict[str, Any], folder: str | Path) -> dict[str, Any]:
    """Make the file paths of a scenario file's mapping (``winds.wind_file``) relative to
    ``folder``, the scenario file's own, as the file's reader means them; return the
    mapping. Absolute paths and values that are not text are left as they are."""
    winds = mapping.get("winds")
    path = winds.get("wind_file") if isinstance(winds, dict) else None
    if isinstance(path, str) and path.strip():
        winds["wind_file"] = str(Path(folder) / path)
    return mapping


def example_mapping() -> dict[str, Any]:
    """The seed scenario as a file mapping (from :data:`EXAMPLE_TOML`)."""
    return tomllib.loads(EXAMPLE_TOML)
