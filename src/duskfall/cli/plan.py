"""``duskfall plan``: the exit window for one attempt."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from duskfall import reports
from duskfall.cli._app import (
    GeoJsonOut,
    GpxOut,
    KmlOut,
    KmzOut,
    OutputFormat,
    Units,
    app,
    unit_system_of,
)
from duskfall.cli._scenario import (
    ActionEndAltitude,
    Aircraft,
    AircraftSpeed,
    At,
    CameraHeading,
    Cda,
    Date,
    DeployAltitude,
    ExitAltitude,
    FieldOfView,
    GroundElevation,
    Heading,
    Horizon,
    JudgeAt,
    Lat,
    Light,
    Lon,
    Mass,
    MeetAt,
    Pick,
    Posture,
    ScenarioFile,
    Station,
    Wind,
    WindFile,
    load_scenario,
    plan_scenario,
)
from duskfall.cli.report import check_paths, write_report
from duskfall.io import scenario_file as scenario_file_module
from duskfall.reports import geo


# A subcommand takes one parameter per command-line option (typer declares them so).
@app.command()
def plan(
    scenario_file: ScenarioFile = None,
    example: Annotated[
        bool,
        typer.Option(
            "--example",
            help="Print a scenario template and exit (TOML, or JSON with --format json).",
        ),
    ] = False,
    lat: Lat = None,
    lon: Lon = None,
    date: Date = None,
    exit_altitude: ExitAltitude = None,
    deploy_altitude: DeployAltitude = None,
    action_end_altitude: ActionEndAltitude = None,
    ground_elevation: GroundElevation = None,
    mass: Mass = None,
    posture: Posture = None,
    cda: Cda = None,
    light: Light = None,
    judge_at: JudgeAt = None,
    horizon: Horizon = None,
    pick: Pick = None,
    aircraft: Aircraft = None,
    aircraft_speed: AircraftSpeed = None,
    heading: Heading = None,
    wind: Wind = None,
    wind_file: WindFile = None,
    station: Station = None,
    sweep_hours: Annotated[
        bool,
        typer.Option(
            "--sweep-hours",
            help="Also list the spot at each forecast hour of the evening (an hourly "
            "forecast): release point, free fall, jump run.",
        ),
    ] = False,
    at: At = None,
    camera_heading: CameraHeading = None,
    field_of_view: FieldOfView = None,
    meet_at: MeetAt = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text or json.")
    ] = OutputFormat.text,
    units: Annotated[Units, typer.Option(help="Units of the text report.")] = Units.aviation,
    report: Annotated[
        Path | None,
        typer.Option(help="Also write the plan as a self-contained HTML report with figures."),
    ] = None,
    geojson: GeoJsonOut = None,
    kml: KmlOut = None,
    kmz: KmzOut = None,
    gpx: GpxOut = None,
) -> None:
    """Plan the exit for one attempt (the seed scenario, or a scenario file).

    Options override the scenario's values; without a file the built-in seed is planned.
    """
    if example:
        if output_format is OutputFormat.json:
            mapping = scenario_file_module.example_mapping()
            typer.echo(json.dumps(mapping, indent=2, default=str))
        else:
            typer.echo(scenario_file_module.EXAMPLE_TOML, nl=False)
        return
    options = {
        "--lat": lat,
        "--lon": lon,
        "--ground-elevation": ground_elevation,
        "--date": date,
        "--at": at,
        "--light": light,
        "--judge-at": judge_at,
        "--horizon": horizon,
        "--pick": pick,
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
        "--camera-heading": camera_heading,
        "--field-of-view": field_of_view,
        "--meet-at": meet_at,
    }
    scenario = load_scenario(scenario_file, options)
    exports = {"--geojson": geojson, "--kml": kml, "--kmz": kmz, "--gpx": gpx}
    check_paths({"--report": report, **exports})
    result = plan_scenario(scenario, options, sweep_hours)
    unit_system = unit_system_of(units)
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(reports.plan_to_dict(result, unit_system), indent=2))
    else:
        reports.render_plan(result, Console(), unit_system)
    written = (
        [] if report is None else write_report(result, report, units=unit_system, field="--report")
    )
    written += geo.write_exports(result.release, result.dispersion, unit_system, exports)
    for path in written:
        typer.echo(f"wrote {path}", err=True)
