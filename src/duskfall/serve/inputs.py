"""A request's scenario as the commands' inputs.

Every endpoint takes a scenario as a JSON object with the keys of a scenario file
(:mod:`duskfall.io.scenario_file`): ``POST /api/plan`` and ``/api/season`` read it as a
file is read. ``/api/light`` and ``/api/release`` read the keys that stand for their
options (:data:`LIGHT_KEYS`, :data:`RELEASE_KEYS`), plus a ``light`` or ``release``
table of the options a scenario file has no key for; a key they do not read is not
used, but it is checked as a file's key would be (its section and name known, its value
of the right type and unit), so a typing mistake is never silently ignored. A release is
for one jumper at the given jump-run speed, so the keys that would change it and that
``duskfall release`` cannot take are refused (:data:`RELEASE_REFUSED`). Errors name the
keys as the request wrote them (``site.lat``, ``jumpers.0.mass``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from duskfall import sun
from duskfall.commands import SEASON_KEYS, LightOptions, ReleaseOptions
from duskfall.errors import InconsistentInputError, InputError
from duskfall.io.scenario_file import OTHER_SECTIONS, SECTIONS

# Keys of /api/light: (section, key) -> the field of LightOptions.
LIGHT_KEYS = {
    ("site", "lat"): "lat",
    ("site", "lon"): "lon",
    ("site", "ground_elevation"): "ground_elevation",
    ("attempt", "date"): "date",
    ("attempt", "at"): "at",
    ("attempt", "light"): "light",
    ("jump", "exit_altitude"): "altitude",
    ("light", "horizon"): "horizon",
    ("light", "from"): "from_date",
    ("light", "to"): "to_date",
}

# Keys of /api/release: (section, key) -> the field of ReleaseOptions; the site's lat and
# lon make its target.
RELEASE_KEYS = {
    ("site", "ground_elevation"): "ground_elevation",
    ("jump", "exit_altitude"): "exit_altitude",
    ("jump", "deploy_altitude"): "deploy_altitude",
    ("jumpers", "mass"): "mass",
    ("jumpers", "posture"): "posture",
    ("jumpers", "cda"): "cda",
    ("aircraft", "jump_run_speed"): "aircraft_speed",
    ("aircraft", "heading"): "jump_run",
    ("winds", "levels"): "wind",
    ("dispersion", "members"): "members",
    ("dispersion", "seed"): "seed",
    ("dispersion", "landing_radius"): "radius",
    **{
        ("release", name): name
        for name in (
            "time",
            "aim",
            "offset",
            "canopy",
            "groups",
            "separation",
            "wind_error",
            "cda_spread",
            "exit_time_error",
            "exit_along_error",
            "exit_cross_error",
            "light_window",
        )
    },
}

RELEASE_REFUSED = {
    ("aircraft", "type"): "aircraft.jump_run_speed (the release point does not know the type)",
    ("aircraft", "jump_run_true_airspeed"): "aircraft.jump_run_speed (indicated airspeed)",
    ("jumpers", "deploy_altitude"): "jump.deploy_altitude",
    ("jumpers", "exit_delay"): "one jumper leaving at the green light",
}
"""Keys that would change a release point but that ``duskfall release`` cannot take, and
what to give instead. ``aircraft.type`` is accepted with ``aircraft.jump_run_speed``."""

# The type of each option as the command line's parser checks it.
_NUMBERS = {"lat", "lon", "jump_run", "cda_spread"}
_WHOLE = {"members", "seed", "groups"}
_TEXTS = {"date", "at", "light", "horizon", "from_date", "to_date", "posture", "wind"}
_TEXTS |= {"time", "aim", "offset", "canopy", "light_window"}


def _kind_error(field: str, value: Any, name: str) -> InputError | None:
    """The error of a value of the wrong JSON type for option ``name``, or None."""
    if name in _NUMBERS and (isinstance(value, bool) or not isinstance(value, int | float)):
        return InputError(field, value, "a number", "is not a number")
    if name in _WHOLE and (isinstance(value, bool) or not isinstance(value, int)):
        return InputError(field, value, "a whole number", "is not a whole number")
    if name in _TEXTS and not isinstance(value, str):
        return InputError(field, value, "a text string", "is not a text")
    if name not in _NUMBERS | _WHOLE | _TEXTS and (
        isinstance(value, bool) or not isinstance(value, str | int | float)
    ):
        return InputError(field, value, "a number with a unit, such as 50m", "is not a quantity")
    return None


def _tables(mapping: dict[str, Any], own: str | None) -> Iterator[tuple[str, str, str, Any]]:
    """(section, key, field, value) of every key of the mapping, refusing what a scenario
    file refuses: an unknown section or key, a section that is not a table."""
    if not isinstance(mapping, dict):
        raise InputError("body", None, "a JSON object of scenario keys", "is not an object")
    known = [*SECTIONS, *OTHER_SECTIONS, *([own] if own else [])]
    for section, tables in mapping.items():
        if section not in known:
            raise InputError(section, tables, ", ".join(known), "is not a known key")
        if section in OTHER_SECTIONS or section == own:
            continue
        if section == "jumpers":
            if not isinstance(tables, list) or not tables:
                raise InputError(section, tables, "a list of jumper tables", "is not a list")
            rows = [(f"jumpers.{i}", table) for i, table in enumerate(tables)]
        else:
            rows = [(section, tables)]
        for prefix, table in rows:
            if not isinstance(table, dict):
                raise InputError(prefix, table, f"a [{section}] table", "is not a table")
            for key, value in table.items():
                if key not in SECTIONS[section]:
                    raise InputError(
                        f"{prefix}.{key}", value, ", ".join(SECTIONS[section]), "is not a known key"
                    )
                yield section, key, f"{prefix}.{key}", value


def _check_value(section: str, key: str, field: str, value: Any) -> None:
    """A key the endpoint does not read, checked as a scenario file checks it."""
    _, convert = SECTIONS[section][key]
    convert(value, field, 0.0)


def _own_table(mapping: dict[str, Any], own: str, keys: dict) -> dict[str, Any]:
    table = mapping.get(own, {})
    names = [key for section, key in keys if section == own]
    if not isinstance(table, dict):
        raise InputError(own, table, f"a [{own}] table of {', '.join(names)}", "is not a table")
    for key, value in table.items():
        if key not in names:
            raise InputError(f"{own}.{key}", value, ", ".join(names), "is not a known key")
    return table


def _read(
    mapping: dict[str, Any], own: str, keys: dict, refused: dict | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """The options given by the mapping, and the field (key) that gave each."""
    values: dict[str, Any] = {}
    fields: dict[str, str] = {}
    refused = refused or {}
    has_speed = "jump_run_speed" in (mapping.get("aircraft") or {})
    for section, key, field, value in _tables(mapping, own):
        if field.startswith("jumpers.") and not field.startswith("jumpers.0."):
            raise InputError("jumpers", None, "one jumper", "holds more than one jumper")
        if (section, key) in refused and not (key == "type" and has_speed):
            raise InputError(field, value, refused[(section, key)], "is not read by a release")
        name = keys.get((section, key))
        if name is None:
            _check_value(section, key, field, value)
            continue
        values[name], fields[name] = value, field
    for key, value in _own_table(mapping, own, keys).items():
        values[keys[(own, key)]], fields[keys[(own, key)]] = value, f"{own}.{key}"
    for name, value in values.items():
        error = _kind_error(fields[name], value, name)
        if error is not None:
            raise error
    return values, fields


def light_options(mapping: dict[str, Any]) -> tuple[LightOptions, dict[str, str]]:
    """``duskfall light``'s inputs from a request's scenario (:data:`LIGHT_KEYS`), and
    the option -> key names for its errors (:func:`named_after_keys`).

    Raises
    ------
    InputError
        Naming the key.
    """
    values, fields = _read(mapping, "light", LIGHT_KEYS)
    return dataclasses.replace(LightOptions(), **values), _option_names(LIGHT_KEYS, fields)


def release_options(mapping: dict[str, Any]) -> tuple[ReleaseOptions, dict[str, str]]:
    """``duskfall release``'s inputs from a request's scenario (:data:`RELEASE_KEYS`;
    the target is the site), and the option -> key names for its errors.

    Raises
    ------
    InputError
        Naming the key.
    """
    values, fields = _read(mapping, "release", RELEASE_KEYS, RELEASE_REFUSED)
    site = mapping.get("site") or {}
    if "lat" in site or "lon" in site:
        lat, lon = site.get("lat"), site.get("lon")
        for key, value in (("lat", lat), ("lon", lon)):
            error = _kind_error(f"site.{key}", value, "lat")
            if error is not None:
                raise error
        sun.check_latitude(lat, "site.lat")
        sun.check_longitude(lon, "site.lon")
        values["target"], fields["target"] = f"{lat!r},{lon!r}", "site.lat"
    return dataclasses.replace(ReleaseOptions(), **values), _option_names(RELEASE_KEYS, fields)


OPTIONS = {"from_date": "--from", "to_date": "--to"}
"""Options whose names are not their fields' (the others: ``--`` and the field with dashes)."""


def _option_names(keys: dict, fields: dict[str, str]) -> dict[str, str]:
    """Option (``--mass``) -> the key that gave it (``jumpers.0.mass``), or that would have
    (for an error about a value that is missing)."""
    names = {}
    for (section, key), name in keys.items():
        option = OPTIONS.get(name, f"--{name.replace('_', '-')}")
        prefix = "jumpers.0" if section == "jumpers" else section
        names[option] = fields.get(name, f"{prefix}.{key}")
    if "target" in fields:
        names["--target"] = fields["target"]
    return names


def season_settings(table: dict[str, Any]) -> dict[str, Any]:
    """The settings of a request's ``season`` table (None where not given); the server
    reads no files, so ``weather_file`` is refused.

    Raises
    ------
    InputError
        Naming ``season.weather_file``.
    """
    if "weather_file" in table:
        raise InputError(
            "season.weather_file",
            table["weather_file"],
            "season.weather: a probability 0-1 or 12 monthly values",
            "is a file, and the server reads no files",
        )
    return {key: table.get(key) for key in SEASON_KEYS}


@contextmanager
def named_after_keys(names: dict[str, str]):
    """Re-raise an error named after an option (``--mass``) under the request's key
    (``jumpers.0.mass``); an option the request did not give keeps the option's name
    (its default was used)."""
    try:
        yield
    except InconsistentInputError as error:
        others = {names.get(f, f): rest for f, rest in error.others.items()}
        field = names.get(error.field, error.field)
        raise InconsistentInputError(
            field, error.value, error.allowed, error.problem, others
        ) from None
    except InputError as error:
        head, _, tail = error.field.partition(" ")
        if head not in names:
            raise
        field = names[head] + (f" {tail}" if tail else "")
        raise type(error)(field, error.value, error.allowed, error.problem) from None
