"""``duskfall release``: the release point upwind of the target, and its dispersion."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from duskfall import commands
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
from duskfall.cli._scenario import Station
from duskfall.reports import geo
from duskfall.reports.release import release_to_dict, render_release

_DEFAULT = commands.ReleaseOptions()


# A subcommand takes one parameter per command-line option (typer declares them so).
@app.command("release")
def release_command(
    target: Annotated[
        str, typer.Option(help="Target LAT,LON [deg] (landing area).")
    ] = _DEFAULT.target,
    wind_file: Annotated[
        Path | None,
        typer.Option(
            help="Winds: a sounding (University of Wyoming text list, NOAA GSL), an FB "
            "winds-aloft forecast, an Open-Meteo answer, a CSV/TOML table, or a NetCDF/GRIB2 "
            "forecast."
        ),
    ] = None,
    station: Station = None,
    wind: Annotated[
        str | None,
        typer.Option(
            help="Winds: one 270@20kt for every altitude, or levels on one line: "
            '"0ft:270@8kt,10000ft:280@25kt" (MSL unless AGL).'
        ),
    ] = None,
    time: Annotated[
        str | None,
        typer.Option(help="Exit time, ISO-8601 with offset (2018-03-10T14:22:38Z)."),
    ] = None,
    ground_elevation: Annotated[
        str, typer.Option(help="Target elevation MSL. Bare: ft.")
    ] = _DEFAULT.ground_elevation,
    exit_altitude: Annotated[
        str, typer.Option(help="Exit altitude. Bare: ft MSL.")
    ] = _DEFAULT.exit_altitude,
    deploy_altitude: Annotated[
        str, typer.Option(help="Deployment altitude (4000ftAGL). Bare: ft MSL.")
    ] = _DEFAULT.deploy_altitude,
    mass: Annotated[str, typer.Option(help="Jumper and equipment. Bare: kg.")] = _DEFAULT.mass,
    posture: Annotated[
        str, typer.Option(help="belly, sit, head-down, track...")
    ] = _DEFAULT.posture,
    cda: Annotated[str | None, typer.Option(help="Drag area (0.5m2). Default: posture.")] = None,
    aircraft_speed: Annotated[
        str, typer.Option(help="Jump-run indicated airspeed. Bare: kt.")
    ] = _DEFAULT.aircraft_speed,
    jump_run: Annotated[
        float | None, typer.Option(help="Jump-run track [deg true]. Default: into the wind.")
    ] = None,
    aim: Annotated[
        str,
        typer.Option(
            help="opening (the canopy opens over the aim point) or landing (the centre of "
            "the canopy's reach over it: a round canopy lands on it unsteered)."
        ),
    ] = _DEFAULT.aim,
    offset: Annotated[
        str | None, typer.Option(help="Aim point from the target: DISTANCE@BEARING (300m@090).")
    ] = None,
    canopy: Annotated[str, typer.Option(help="ram-air or round.")] = _DEFAULT.canopy,
    groups: Annotated[int, typer.Option(help="Groups exiting on one pass.")] = _DEFAULT.groups,
    separation: Annotated[
        str, typer.Option(help="Ground distance between groups.")
    ] = _DEFAULT.separation,
    members: Annotated[
        int, typer.Option(help="Monte Carlo members for the dispersion (0: none).")
    ] = _DEFAULT.members,
    seed: Annotated[int, typer.Option(help="Random seed of the dispersion.")] = _DEFAULT.seed,
    wind_error: Annotated[
        str,
        typer.Option(
            help='Wind error per component: "3kt" or "0ft:3kt,25000ft:5kt" (default: the plan\'s).'
        ),
    ] = _DEFAULT.wind_error,
    cda_spread: Annotated[
        float, typer.Option(help="Relative CdA spread (0.1 = 10 %).")
    ] = _DEFAULT.cda_spread,
    exit_time_error: Annotated[
        str, typer.Option(help="Exit time error (s).")
    ] = _DEFAULT.exit_time_error,
    exit_along_error: Annotated[
        str, typer.Option(help="Exit error along track.")
    ] = _DEFAULT.exit_along_error,
    exit_cross_error: Annotated[
        str, typer.Option(help="Exit error across track.")
    ] = _DEFAULT.exit_cross_error,
    radius: Annotated[str, typer.Option(help="Landing area radius.")] = _DEFAULT.radius,
    light_window: Annotated[
        str | None,
        typer.Option(help="Exit times that keep the action in the light: START..END (ISO)."),
    ] = None,
    geojson: GeoJsonOut = None,
    kml: KmlOut = None,
    kmz: KmzOut = None,
    gpx: GpxOut = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text or json.")
    ] = OutputFormat.text,
    units: Annotated[Units, typer.Option(help="Units of the text report.")] = Units.aviation,
) -> None:
    """Find the release point upwind of the target, the jump run and the landing dispersion."""
    given = dict(locals())  # the parameters, named as the fields of ReleaseOptions
    names = [field.name for field in dataclasses.fields(commands.ReleaseOptions)]
    options = commands.ReleaseOptions(**{name: given[name] for name in names})
    spot, spread = commands.find_release(options)
    unit_system = unit_system_of(units)
    geo.write_exports(
        spot,
        spread,
        unit_system,
        {"--geojson": geojson, "--kml": kml, "--kmz": kmz, "--gpx": gpx},
    )
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(release_to_dict(spot, spread, unit_system), indent=2))
    else:
        render_release(spot, Console(), spread, unit_system)
