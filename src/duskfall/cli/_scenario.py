"""What the scenario-based subcommands share: the scenario file argument, the options that
override its keys, and loading it all into a validated scenario.

``duskfall plan``, ``duskfall season`` and ``duskfall report`` take the same scenario (the
built-in seed, or a TOML/JSON file) and the same overriding options; an error in a value
that came from an option names the option, one that came from the file names the key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from duskfall import planning
from duskfall.cli._app import When
from duskfall.errors import InconsistentInputError, InputError
from duskfall.io import scenario_file as scenario_keys
from duskfall.io.scenario import load_mapping
from duskfall.io.windfile import check_station, read_wind_file
from duskfall.units import parse_quantity

ScenarioFile = Annotated[
    Path | None,
    typer.Argument(
        help="Scenario file (TOML or JSON); the built-in seed if omitted.", show_default=False
    ),
]
Lat = Annotated[float | None, typer.Option(help="Site latitude [deg, north +].")]
Lon = Annotated[float | None, typer.Option(help="Site longitude [deg, east +].")]
Date = Annotated[str | None, typer.Option(help="Local date of the attempt, YYYY-MM-DD.")]
ExitAltitude = Annotated[
    str | None, typer.Option(help="Exit altitude, MSL unless AGL (25000ft, 7.62km). Bare: ft.")
]
DeployAltitude = Annotated[
    str | None, typer.Option(help="Deployment altitude (4000ftAGL, 1269m). Bare: ft MSL.")
]
ActionEndAltitude = Annotated[
    str | None, typer.Option(help="Altitude where the shot ends; default: deployment.")
]
GroundElevation = Annotated[
    str | None, typer.Option(help="Ground elevation MSL (50m, 164ft). Bare: ft.")
]
Mass = Annotated[
    str | None, typer.Option(help="Jumper mass with equipment (90kg, 200lb). Bare: kg.")
]
Posture = Annotated[str | None, typer.Option(help="belly, sit, head-down, track, ...")]
Cda = Annotated[str | None, typer.Option(help="Drag area (0.5m2); default: posture's.")]
Light = Annotated[
    str | None,
    typer.Option(
        help="Light band: lowsun, sunlit, golden, blue, LOW..HIGH deg, or a brightness "
        "300..3000lux or EV6..EV9."
    ),
]
JudgeAt = Annotated[
    str | None,
    typer.Option(
        help="Where the light is judged: jumper (his own altitude all along), exit (the exit "
        "altitude) or ground."
    ),
]
Horizon = Annotated[
    str | None,
    typer.Option(
        help="Band elevations from the visible horizon (default) or the astronomical horizontal."
    ),
]
Pick = Annotated[str | None, typer.Option(help="middle, earliest or latest exit.")]
Aircraft = Annotated[
    str | None, typer.Option(help=f"Aircraft type: {', '.join(planning.AIRCRAFT)}.")
]
AircraftSpeed = Annotated[
    str | None, typer.Option(help="Jump-run indicated airspeed (130kt). Bare: kt.")
]
INTO_WIND = "into-wind"
"""``--heading into-wind``: the jump run into the wind at the exit altitude, whatever
track the scenario gives."""

HEADING_ALLOWED = f"0 to 360 degrees true, or {INTO_WIND}"
"""What ``--heading`` takes (the command line has no "unset": it says into-wind)."""

Heading = Annotated[
    str | None,
    typer.Option(
        help=f"Jump-run track [deg true], or {INTO_WIND} (the default when the scenario "
        "gives none)."
    ),
]
Wind = Annotated[
    str | None,
    typer.Option(help='Winds aloft "0ft:270@8kt,10000ft:280@25kt" (from, deg true).'),
]
WindFile = Annotated[
    Path | None,
    typer.Option(
        help="Winds from a file: an Open-Meteo response (duskfall winds fetch), an FB "
        "winds-aloft forecast, a sounding, a CSV/TOML table or a NetCDF/GRIB2 forecast; an "
        "hourly forecast is taken at the planned exit."
    ),
]
Station = Annotated[
    str | None, typer.Option(help="Station of an FB forecast that lists several (ABI).")
]
At = Annotated[When | None, typer.Option(help="Dusk or dawn.")]
CameraHeading = Annotated[
    float | None,
    typer.Option(help="Camera's level line of sight [deg true]; default: flyer to performer."),
]
FieldOfView = Annotated[
    float | None, typer.Option(help="Camera's horizontal field of view [deg], 0-180.")
]
MeetAt = Annotated[
    str | None,
    typer.Option(
        help="Altitude where camera flyer and performer are level (20000ft); "
        "sets their exit separation."
    ),
]

# Command-line options and the scenario-file keys they override.
OPTION_KEYS = {
    "--lat": ("site", "lat"),
    "--lon": ("site", "lon"),
    "--ground-elevation": ("site", "ground_elevation"),
    "--date": ("attempt", "date"),
    "--at": ("attempt", "at"),
    "--light": ("attempt", "light"),
    "--judge-at": ("attempt", "judge_at"),
    "--horizon": ("attempt", "horizon"),
    "--pick": ("attempt", "pick"),
    "--exit-altitude": ("jump", "exit_altitude"),
    "--deploy-altitude": ("jump", "deploy_altitude"),
    "--action-end-altitude": ("jump", "action_end_altitude"),
    "--mass": ("jumpers", "mass"),
    "--posture": ("jumpers", "posture"),
    "--cda": ("jumpers", "cda"),
    "--aircraft": ("aircraft", "type"),
    "--aircraft-speed": ("aircraft", "jump_run_speed"),
    "--heading": ("aircraft", "heading"),
    "--wind": ("winds", "levels"),
    "--wind-file": ("winds", "wind_file"),
    "--station": ("winds", "station"),
    "--camera-heading": ("camera", "heading"),
    "--field-of-view": ("camera", "field_of_view"),
    "--meet-at": ("formation", "meet_at"),
}


def read_mapping(scenario_file: Path | None) -> dict[str, Any]:
    """The scenario file's mapping, or the seed's when no file is given; the file's paths
    (``winds.wind_file``) are relative to its folder."""
    if scenario_file is None:
        return scenario_keys.example_mapping()
    return scenario_keys.resolve_paths(load_mapping(scenario_file), Path(scenario_file).parent)


_WIND_KEYS = {"--wind": ("levels",), "--wind-file": ("wind_file", "station")}
"""The [winds] keys each wind option replaces: winds come from a table or from a file."""


def _replace_winds(mapping: dict, options: dict[str, Any]) -> None:
    """A wind option replaces the file's winds of the other kind; both options at once are
    refused."""
    given = [option for option in _WIND_KEYS if options.get(option) is not None]
    if len(given) == 2:
        raise InconsistentInputError(
            "--wind-file",
            str(options["--wind-file"]),
            "one of --wind (levels or one DIR@SPEED) or --wind-file (a file)",
            "is given with --wind",
        )
    winds = mapping.get("winds")
    if not given or not isinstance(winds, dict):
        return
    other = "--wind-file" if given[0] == "--wind" else "--wind"
    for key in _WIND_KEYS[other]:
        if key != "station" or options.get("--station") is None:
            winds.pop(key, None)


def apply_overrides(mapping: dict, options: dict[str, Any], seed: bool = False) -> dict:
    """Set the scenario-file keys of the options that were given (jumper options apply to
    the lead jumper); return the mapping. A new aircraft type flies its own jump-run speed
    unless one is given; a new place on the seed is a "custom site"."""
    if options.get("--aircraft") is not None and options.get("--aircraft-speed") is None:
        mapping.get("aircraft", {}).pop("jump_run_speed", None)
    _replace_winds(mapping, options)
    for option, value in options.items():
        if value is None:
            continue
        section, key = OPTION_KEYS[option]
        if option == "--heading":
            value = _track(value)
            if value == INTO_WIND:
                mapping.get(section, {}).pop(key, None)
                continue
        value = value.value if isinstance(value, When) else value
        value = str(value) if isinstance(value, Path) else value
        if section == "jumpers":
            mapping.setdefault("jumpers", [{}])[0][key] = value
        else:
            mapping.setdefault(section, {})[key] = value
    moved = options.get("--lat") is not None or options.get("--lon") is not None
    if moved and (seed or "name" not in mapping.get("site", {})):
        mapping["site"]["name"] = "custom site"
    return mapping


def _track(text: str) -> float | str:
    """``--heading``: a track [deg] (``270``, ``270deg``) or :data:`INTO_WIND`."""
    if text.strip().lower() == INTO_WIND:
        return INTO_WIND
    try:
        return parse_quantity(text, "angle", "deg", "--heading")
    except InputError as error:
        raise InputError("--heading", text, HEADING_ALLOWED, error.problem) from None


def _option_of(field: str, options: dict[str, Any]) -> str | None:
    for option, (section, key) in OPTION_KEYS.items():
        if options.get(option) is None:
            continue
        if field == f"{section}.{key}" or (section == "jumpers" and field == f"jumpers.0.{key}"):
            return option
    return None


def load_scenario(
    scenario_file: Path | None, options: dict[str, Any], mapping: dict | None = None
) -> planning.Scenario:
    """Validate the scenario (file or seed) with the options applied.

    Parameters
    ----------
    scenario_file
        The file given on the command line, or None for the seed.
    options
        Option name (``--lat``) to value, None where the option was not given.
    mapping
        The file's mapping, if the caller has already read it.

    Raises
    ------
    InputError
        Naming the option when the bad value came from one, else the file's key.
    """
    if mapping is None:
        mapping = read_mapping(scenario_file)
    mapping = apply_overrides(mapping, options, seed=scenario_file is None)
    try:
        return scenario_keys.scenario_from_mapping(mapping)
    except InputError as error:
        option = _option_of(error.field, options)
        if option is None and isinstance(error, InconsistentInputError):
            # A conflict between two values: name the one the user gave on the command line.
            other = next((f for f in error.others if _option_of(f, options)), None)
            if other is not None:
                error, option = error.said_of(other), _option_of(other, options)
        if option is None:
            raise
        value = options[option]
        value = value.value if isinstance(value, When) else value
        value = str(value) if isinstance(value, Path) else value
        allowed = HEADING_ALLOWED if option == "--heading" else error.allowed
        raise type(error)(option, value, allowed, error.problem) from None


def wind_reader(
    scenario: planning.Scenario,
    field: str = "winds.wind_file",
    station_field: str = "winds.station",
):
    """The scenario's wind file as a function of time: ``read(time_utc_s)`` reads it with
    :func:`duskfall.io.windfile.read_wind_file` for that time (the planned exit), at the
    site, with the scenario's station; None when the scenario has no wind file. Pass it
    to :func:`duskfall.planning.make_plan` as ``wind_at``.

    Parameters
    ----------
    scenario
        The scenario (its ``wind_file``, ``wind_station`` and site).
    field, station_field
        The names of the file and the station in messages (``--wind-file``,
        ``--station``).

    Raises
    ------
    InputError
        At once, naming ``station_field``, for a station given with a file that is not an
        FB product. When called: for a file that cannot be read, of another product, a
        station that is not in it, a time outside a gridded forecast's valid times
        (naming ``field``).
    """
    if scenario.wind_file is None:
        return None
    site = scenario.site
    check_station(scenario.wind_station, scenario.wind_file, station_field, field)

    def read(time_utc_s: float | None):
        try:
            return read_wind_file(
                scenario.wind_file,
                site.ground_elevation_m,
                target=(site.latitude_deg, site.longitude_deg),
                time_utc_s=time_utc_s,
                field=field,
                station=scenario.wind_station,
                station_field=station_field,
            )
        except InputError as error:
            if error.field not in ("time", "target"):
                raise
            where = f"{field} {Path(scenario.wind_file).name}"
            raise type(error)(where, error.value, error.allowed, error.problem) from None

    return read


def wind_fields(options: dict[str, Any]) -> tuple[str, str]:
    """The names of the wind file and its station in messages: the options if given (a
    station missing from a file given on the command line is ``--station``), else the
    scenario file's keys."""
    on_line = options.get("--wind-file") is not None
    file_field = "--wind-file" if on_line else "winds.wind_file"
    station = "--station" if on_line or options.get("--station") is not None else "winds.station"
    return file_field, station


def plan_scenario(scenario: planning.Scenario, options: dict[str, Any], sweep_hours=False):
    """The plan of a scenario whose winds may be in a file (read for the planned exit).

    Raises
    ------
    InputError
        Naming the wind file's option or key for a file that cannot be read or a planned
        exit outside its period; ``--sweep-hours`` for a sweep of winds without hours.
    """
    file_field, station_field = wind_fields(options)
    wind_at = wind_reader(scenario, file_field, station_field)
    try:
        return planning.make_plan(
            scenario, wind_at=wind_at, wind_field=file_field, sweep_hours=sweep_hours
        )
    except InconsistentInputError as error:
        if error.field != "jump run":
            raise
        raise _jump_run_error(error, options) from None
    except InputError as error:
        if error.field != "sweep":
            raise
        raise type(error)("--sweep-hours", error.value, error.allowed, error.problem) from None


def _jump_run_error(error: InconsistentInputError, options: dict[str, Any]) -> InputError:
    """A jump run that cannot be flown, named after what the user gave: the winds (too
    strong for the aircraft), the track, or the scenario's own keys."""
    for option in ("--wind", "--wind-file"):
        if options.get(option) is not None and "wind" in error.others:
            said = error.said_of("wind")
            return InconsistentInputError(option, options[option], said.allowed, said.problem)
    if options.get("--heading") is not None:
        return InconsistentInputError(
            "--heading", options["--heading"], error.allowed, error.problem
        )
    return error
