"""``duskfall season``: the exit window of every day of a range, and the odds of the shot."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress

from duskfall import season, timeutil
from duskfall.cli._app import Units, app, unit_system_of
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

DEFAULT_DAYS = 30
"""Days scanned from the scenario's date when no range is given."""

# Keys of the scenario file's optional [season] table and the options they stand for.
SEASON_KEYS = {
    "from": "--from",
    "to": "--to",
    "weather": "--weather",
    "weather_file": "--weather-file",
    "p_success": "--p-success",
    "shots": "--shots",
    "deadline": "--deadline",
    "blocked": "--blocked",
    "members": "--members",
    "seed": "--seed",
}

# Library field names of season.season_odds and the options that set them.
_ODDS_FIELDS = {
    "weather": "weather",
    "p_success": "p_success",
    "shots_needed": "shots",
    "deadline": "deadline",
    "blocked": "blocked",
    "members": "members",
    "seed": "seed",
}


class SeasonFormat(StrEnum):
    """Output formats of ``duskfall season``."""

    text = "text"
    json = "json"
    csv = "csv"


def _field_name(key: str, from_file: set[str]) -> str:
    return f"season.{key}" if key in from_file else SEASON_KEYS[key]


def _parse_weather(value: Any, field: str) -> Any:
    """A constant or 12 monthly values: ``0.8`` or ``"0.9,0.9,...,0.8"`` or a list."""
    if isinstance(value, list):
        return value
    text = str(value)
    if "," in text:
        parts = [p.strip() for p in text.split(",")]
        try:
            return [float(p) for p in parts]
        except ValueError:
            raise InputError(
                field, value, "a probability 0-1, or 12 monthly values separated by commas"
            ) from None
    try:
        return float(text)
    except ValueError:
        raise InputError(
            field, value, "a probability 0-1, or 12 monthly values separated by commas"
        ) from None


def read_weather_file(path: str | Path, field: str = "--weather-file") -> dict[str, float]:
    """Daily weather probabilities from a CSV file of ``date,probability`` rows (a header
    row is allowed)."""
    allowed = "a CSV file of date,probability rows (YYYY-MM-DD, 0 to 1)"
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(field, str(path), allowed, f"cannot be read ({error.strerror})") from None
    table: dict[str, float] = {}
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if len(row) < 2:
            raise InputError(
                field, f"line {number}: {','.join(row)}", allowed, "has no probability"
            )
        date, value = row[0].strip(), row[1].strip()
        try:
            probability = float(value)
        except ValueError:
            if number == 1:
                continue  # a header row
            raise InputError(field, f"line {number}: {value}", allowed, "is not a number") from None
        table[timeutil.parse_date(date, f"{field} line {number}").isoformat()] = probability
    if not table:
        raise InputError(field, str(path), allowed, "has no rows")
    return table


def _blocked(items: list[str], field: str) -> list[tuple[str, str] | str]:
    """``2018-03-01..2018-04-11`` ranges or single dates."""
    result: list[tuple[str, str] | str] = []
    for item in items:
        text = str(item).strip()
        if ".." in text:
            first, last = (part.strip() for part in text.split("..", 1))
            result.append((first, last))
        else:
            result.append(text)
    return result


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
    best: Annotated[int, typer.Option(help="How many best days to list.")] = 10,
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
    mapping = read_mapping(scenario_file)
    table = mapping.pop("season", {}) or {}
    if not isinstance(table, dict):
        raise InputError("season", table, "a [season] table", "is not a table")
    for key in table:
        if key not in SEASON_KEYS:
            raise InputError(
                f"season.{key}", table[key], ", ".join(SEASON_KEYS), "is not a known key"
            )
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
    from_file = {key for key in table if given.get(key) is None}
    settings = {
        key: given[key] if given[key] is not None else table.get(key) for key in SEASON_KEYS
    }
    if "weather_file" in from_file and scenario_file is not None:
        # A path in the scenario file is relative to the scenario file, not to the shell.
        settings["weather_file"] = Path(scenario_file).parent / str(settings["weather_file"])

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

    first = settings["from"] if settings["from"] is not None else scenario.date
    first = timeutil.parse_date(first, name("from") if settings["from"] is not None else "date")
    last = settings["to"]
    if last is None:
        last = first + dt.timedelta(days=DEFAULT_DAYS - 1)
    dates = season.season_dates(first, last, name("from"), name("to"))
    first, last = dates[0].astype(dt.date), dates[-1].astype(dt.date)

    scan = _scan(scenario, first, last, options)

    odds_keys = ("weather", "weather_file", "p_success", "shots", "deadline", "blocked")
    odds_keys += ("members", "seed")
    odds = None
    if any(settings[key] is not None for key in odds_keys):
        if settings["weather"] is not None and settings["weather_file"] is not None:
            raise InputError(
                name("weather_file"),
                str(settings["weather_file"]),
                "either --weather or --weather-file",
                "is ambiguous",
            )
        if settings["weather_file"] is not None:
            weather_value: Any = read_weather_file(settings["weather_file"], name("weather_file"))
            weather_name = name("weather_file")
        elif settings["weather"] is not None:
            weather_value = _parse_weather(settings["weather"], name("weather"))
            weather_name = name("weather")
        else:
            weather_value, weather_name = 1.0, name("weather")
        blocked_value = settings["blocked"] or []
        if isinstance(blocked_value, str):
            blocked_value = [blocked_value]
        arguments = {
            "weather": weather_value,
            "p_success": 1.0 if settings["p_success"] is None else settings["p_success"],
            "shots_needed": 1 if settings["shots"] is None else settings["shots"],
            "deadline": settings["deadline"],
            "blocked": _blocked(blocked_value, name("blocked")),
            "members": 10_000 if settings["members"] is None else settings["members"],
            "seed": 0 if settings["seed"] is None else settings["seed"],
        }
        try:
            odds = season.season_odds(scan, **arguments)
        except InputError as error:
            head = error.field.split(" ", 1)
            key = _ODDS_FIELDS.get(head[0])
            if key is None:
                raise
            option = weather_name if key == "weather" else name(key)
            field = option + (f" ({head[1]})" if len(head) > 1 else "")
            raise type(error)(field, error.value, error.allowed, error.problem) from None

    if output_format is SeasonFormat.json:
        from duskfall.reports.season import season_to_dict

        typer.echo(json.dumps(season_to_dict(scan, odds, best, unit_system_of(units)), indent=2))
    elif output_format is SeasonFormat.csv:
        from duskfall.reports.season import season_to_csv

        typer.echo(season_to_csv(scan, odds, unit_system_of(units)), nl=False)
    else:
        from duskfall.reports.season import render_season

        render_season(scan, Console(), odds, best, unit_system_of(units))
    if figure is not None:
        from duskfall.reports.season_figures import season_calendar_figure

        figure_object = season_calendar_figure(scan, odds)
        try:
            figure_object.savefig(figure, dpi=150, bbox_inches="tight")
        except (OSError, ValueError) as error:
            raise InputError(
                "--figure", str(figure), "a writable .png, .svg or .pdf path", f"failed: {error}"
            ) from None
        finally:
            import matplotlib.pyplot as plt

            plt.close(figure_object)
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
