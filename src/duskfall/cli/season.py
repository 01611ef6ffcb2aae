"""``duskfall season``: the exit window of every day of a range, and the odds of the shot."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress

from duskfall import commands, season
from duskfall.cli._app import Units, app, check_figure_path, save_figure, unit_system_of
from duskfall.cli._scenario import (
    ActionEndAltitude,
    Aircraft,
    AircraftSpeed,
    At,
    Cda,
    DeployAltitude,
    ExitAltitude,
    GroundElevation,
    Heading,
    Horizon,
    JudgeAt,
    Lat,
    Light,
    Lon,
    Mass,
    Posture,
    ScenarioFile,
    Station,
    Wind,
    WindFile,
    load_scenario,
    read_mapping,
    wind_fields,
    wind_reader,
)
from duskfall.errors import InputError

# The [season] keys and their reading are shared with the server (duskfall.commands).
DEFAULT_DAYS = commands.DEFAULT_DAYS
SEASON_KEYS = commands.SEASON_KEYS
read_weather_file = commands.read_weather_file


class SeasonFormat(StrEnum):
    """Output formats of ``duskfall season``."""

    text = "text"
    json = "json"
    csv = "csv"


def _field_name(key: str, from_file: set[str]) -> str:
    return f"season.{key}" if key in from_file else SEASON_KEYS[key]


# A subcommand takes one parameter per command-line option (typer declares them so).
@app.command("season")
def season_command(
    scenario_file: ScenarioFile = None,
    from_date: Annotated[
        str | None,
        typer.Option("--from", help="First date, YYYY-MM-DD (default: the scenario's date)."),
    ] = None,
    to_date: Annotated[
        str | None, typer.Option("--to", help=f"Last date (default: {DEFAULT_DAYS} days).")
    ] = None,
    at: At = None,
    lat: Lat = None,
    lon: Lon = None,
    ground_elevation: GroundElevation = None,
    light: Light = None,
    judge_at: JudgeAt = None,
    horizon: Horizon = None,
    exit_altitude: ExitAltitude = None,
    deploy_altitude: DeployAltitude = None,
    action_end_altitude: ActionEndAltitude = None,
    mass: Mass = None,
    posture: Posture = None,
    cda: Cda = None,
    aircraft: Aircraft = None,
    aircraft_speed: AircraftSpeed = None,
    heading: Heading = None,
    wind: Wind = None,
    wind_file: WindFile = None,
    station: Station = None,
    weather: Annotated[
        str | None,
        typer.Option(
            help="Chance the weather allows a jump: 0-1, or 12 monthly values (Jan first)."
        ),
    ] = None,
    weather_file: Annotated[
        Path | None, typer.Option(help="CSV of date,probability: the weather chance per day.")
    ] = None,
    p_success: Annotated[
        float | None, typer.Option("--p-success", help="Chance an attempt gets the shot, 0-1.")
    ] = None,
    shots: Annotated[int | None, typer.Option(help="Successful shots needed.")] = None,
    deadline: Annotated[
        str | None, typer.Option(help="Last date that counts as in time (default: --to).")
    ] = None,
    blocked: Annotated[
        list[str] | None,
        typer.Option(help="Dates with no attempt: YYYY-MM-DD or FIRST..LAST (repeatable)."),
    ] = None,
    members: Annotated[int | None, typer.Option(help="Monte Carlo seasons drawn.")] = None,
    seed: Annotated[int | None, typer.Option(help="Random seed (same seed, same answer).")] = None,
    best: Annotated[int, typer.Option(min=0, help="How many best days to list.")] = 10,
    output_format: Annotated[
        SeasonFormat, typer.Option("--format", help="text, json or csv.")
    ] = SeasonFormat.text,
    units: Annotated[Units, typer.Option(help="Units of the text report.")] = Units.aviation,
    figure: Annotated[
        Path | None, typer.Option(help="Also draw the season calendar (PNG, SVG or PDF).")
    ] = None,
) -> None:
    """Scan every day of a range: exit window, slack, exit and take-off, and the odds.

    Each day gives its window, slack, exit and take-off times, the light at exit and at
    opening, or why it does not fit; with odds, when the last shot is likely in the can.
    """
    check_figure_path(figure)
    mapping = read_mapping(scenario_file)
    table = commands.season_table(mapping)
    given = {
        "from": from_date,
        "to": to_date,
        "weather": weather,
        "weather_file": weather_file,
        "p_success": p_success,
        "shots": shots,
        "deadline": deadline,
        "blocked": blocked or None,
        "members": members,
        "seed": seed,
    }
    settings, from_file = _settings(table, given, scenario_file)

    options = {
        "--lat": lat,
        "--lon": lon,
        "--ground-elevation": ground_elevation,
        "--light": light,
        "--judge-at": judge_at,
        "--horizon": horizon,
        "--exit-altitude": exit_altitude,
        "--deploy-altitude": deploy_altitude,
        "--action-end-altitude": action_end_altitude,
        "--mass": mass,
        "--posture": posture,
        "--cda": cda,
        "--aircraft": aircraft,
        "--aircraft-speed": aircraft_speed,
        "--heading": heading,
        "--wind": wind,
        "--wind-file": wind_file,
        "--station": station,
        "--at": at,
    }
    scenario = load_scenario(scenario_file, options, mapping)

    def name(key: str) -> str:
        return _field_name(key, from_file)

    first, last = commands.season_range(scenario, settings, name)
    scan = _scan(scenario, first, last, options)
    odds = commands.season_odds_of(scan, settings, name)
    _print_season(scan, odds, best, unit_system_of(units), output_format)
    if figure is not None:
        _write_calendar(scan, odds, figure)


def _settings(table: dict, given: dict, scenario_file) -> tuple[dict, set[str]]:
    """The season's settings, each from its option if given, else from the scenario's
    ``[season]`` table; and the keys taken from the file (their errors name the key)."""
    from_file = {key for key in table if given.get(key) is None}
    settings = {
        key: given[key] if given[key] is not None else table.get(key) for key in SEASON_KEYS
    }
    if "weather_file" in from_file and scenario_file is not None:
        # A path in the scenario file is relative to the scenario file, not to the shell.
        settings["weather_file"] = Path(scenario_file).parent / str(settings["weather_file"])
    return settings, from_file


def _print_season(scan, odds, best: int, unit_system, output_format) -> None:
    if output_format is SeasonFormat.json:
        from duskfall.reports.season import season_to_dict

        typer.echo(json.dumps(season_to_dict(scan, odds, best, unit_system), indent=2))
    elif output_format is SeasonFormat.csv:
        from duskfall.reports.season import season_to_csv

        typer.echo(season_to_csv(scan, odds, unit_system), nl=False)
    else:
        from duskfall.reports.season import render_season

        render_season(scan, Console(), odds, best, unit_system)


def _write_calendar(scan, odds, figure: Path) -> None:
    """The season calendar figure, written to ``--figure``."""
    from duskfall.reports.season_figures import season_calendar_figure

    save_figure(season_calendar_figure(scan, odds), figure, dpi=150, bbox_inches="tight")
    typer.echo(f"wrote {figure}", err=True)


def _season_wind(scenario, first: dt.date, options: dict[str, Any]):
    """The wind file's winds for the season (read for the middle of its first half day:
    an FB product is dated by it), or None for the scenario's own winds."""
    file_field, station_field = wind_fields(options)
    read = wind_reader(scenario, file_field, station_field)
    if read is None:
        return None, file_field
    half = scenario.half_day(first)
    return read(0.5 * (half.start_utc_s + half.end_utc_s)), file_field


def _scan(scenario, first: dt.date, last: dt.date, options: dict[str, Any]) -> season.SeasonScan:
    wind, field = _season_wind(scenario, first, options)
    days = (last - first).days + 1
    try:
        if days <= season.CHUNK_DAYS or not sys.stderr.isatty():
            return season.scan_season(scenario, first, last, wind=wind)
        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("Scanning the season", total=days)
            return season.scan_season(
                scenario,
                first,
                last,
                wind=wind,
                progress=lambda done: progress.update(task, completed=done),
            )
    except InputError as error:
        if error.field != "wind" or wind is None:
            raise
        raise type(error)(field, error.value, error.allowed, error.problem) from None
