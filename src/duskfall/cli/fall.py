"""``duskfall fall``: simulate one jump, or compare the model with a FlySight log."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from duskfall import atmosphere
from duskfall import fall as fall_model
from duskfall.cli._app import Units, app, named_after_options, typed_options, unit_system_of
from duskfall.errors import (
    InconsistentInputError,
    InputError,
    UnitError,
    check_range,
)
from duskfall.io import flysight
from duskfall.reports import trajectory as report
from duskfall.units import parse_altitude, parse_quantity
from duskfall.winds import parse_uniform_wind, parse_wind_levels


class FallFormat(StrEnum):
    """Output formats of ``duskfall fall``."""

    text = "text"
    json = "json"
    csv = "csv"


def _wind(values: list[str], ground_m: float):
    """``DIR@SPEED`` (uniform) or several ``ALT:DIR@SPEED`` levels (layered)."""
    if not values:
        return None
    if len(values) == 1 and ":" not in values[0]:
        return parse_uniform_wind(values[0], "--wind")
    for value in values:
        if ":" not in value:
            raise UnitError(
                "--wind",
                value,
                "one DIR@SPEED, or several ALTITUDE:DIR@SPEED levels (0ftAGL:270@10kt)",
                "mixes a uniform wind with levels",
            )
    return parse_wind_levels(",".join(values), ground_m, "--wind")


# A subcommand takes one parameter per command-line option (typer declares them so).
@app.command("fall")
def fall_command(
    ctx: typer.Context,
    exit_altitude: Annotated[
        str, typer.Option(help="Exit altitude, MSL unless AGL (25000ft, 7.62km). Bare: ft.")
    ] = "25000ft",
    deploy_altitude: Annotated[
        str, typer.Option(help="Deployment altitude (4000ftAGL, 1269m). Bare: ft MSL.")
    ] = "4000ftAGL",
    ground_elevation: Annotated[
        str, typer.Option(help="Ground elevation MSL (50m, 164ft). Bare: ft.")
    ] = "0ft",
    mass: Annotated[
        str, typer.Option(help="Jumper mass with equipment (90kg, 200lb). Bare: kg.")
    ] = "90kg",
    posture: Annotated[
        str, typer.Option(help=f"Body position: {', '.join(fall_model.POSTURES)}.")
    ] = "belly",
    cda: Annotated[
        str | None,
        typer.Option(help="Drag area (0.5, 0.5m2, 5.4ft2); overrides the posture's. Bare: m^2."),
    ] = None,
    aircraft_speed: Annotated[
        str,
        typer.Option(
            help="Aircraft indicated airspeed at exit (130kt; 0kt for a balloon). Bare: kt."
        ),
    ] = "0kt",
    true_airspeed: Annotated[
        bool, typer.Option("--tas", help="The aircraft speed is a true airspeed.")
    ] = False,
    aircraft_heading: Annotated[
        float, typer.Option(help="Aircraft true heading at exit [deg].")
    ] = 0.0,
    wind: Annotated[
        list[str] | None,
        typer.Option(
            help="Wind FROM: DIR@SPEED (270@20kt), or repeat ALT:DIR@SPEED for levels "
            "(0ftAGL:270@10kt --wind 10000ft:260@30kt)."
        ),
    ] = None,
    canopy: Annotated[
        str, typer.Option(help=f"Canopy: {', '.join(fall_model.CANOPIES)}.")
    ] = "ram-air",
    canopy_heading: Annotated[
        float | None,
        typer.Option(help="True heading flown under canopy [deg]; default: into the wind."),
    ] = None,
    lat: Annotated[
        float | None, typer.Option(help="Latitude of the ground below the exit [deg].")
    ] = None,
    lon: Annotated[
        float | None, typer.Option(help="Longitude of the ground below the exit [deg].")
    ] = None,
    flysight_log: Annotated[
        Path | None,
        typer.Option(
            "--flysight",
            help="Compare with a FlySight log: simulate its jump (exit, deployment, ground and "
            "exit speed from the log) and print both.",
        ),
    ] = None,
    fit: Annotated[
        bool, typer.Option("--fit", help="With --flysight: fit the drag area to the log.")
    ] = False,
    sample_interval: Annotated[
        float, typer.Option(help="Spacing of trajectory samples [s].")
    ] = 0.5,
    output_format: Annotated[
        FallFormat, typer.Option("--format", help="text, json, or csv (all samples).")
    ] = FallFormat.text,
    trajectory_csv: Annotated[
        Path | None, typer.Option("--trajectory", help="Write all samples to this CSV file.")
    ] = None,
    units: Annotated[Units, typer.Option(help="Units of the text report.")] = Units.aviation,
) -> None:
    """Simulate one jump: free fall, deployment, canopy, landing (or replay a FlySight log)."""
    origin = _checked_kinds_and_place(posture, canopy, lat, lon)
    mass_kg = parse_quantity(mass, "mass", "kg", "--mass")
    cda_m2 = None if cda is None else parse_quantity(cda, "area", "m2", "--cda")
    given = {
        "--exit-altitude": exit_altitude,
        "--deploy-altitude": deploy_altitude,
        "--ground-elevation": ground_elevation,
        "--aircraft-speed": aircraft_speed,
        "--mass": mass,
        "--cda": cda,
        "--sample-interval": sample_interval,
        "--aircraft-heading": aircraft_heading,
        "--canopy-heading": canopy_heading,
    }
    with named_after_options(given, _OPTION_OF_FIELD, typed_options(ctx)):
        check_range(
            "body.mass_kg", mass_kg, 0, fall_model.MAX_MASS_KG, low_inclusive=False, unit="kg"
        )
        if cda_m2 is not None:
            check_range(
                "body.cda_m2", cda_m2, 0, fall_model.MAX_CDA_M2, low_inclusive=False, unit="m2"
            )
        if canopy_heading is not None:
            check_range("canopy_heading_deg", canopy_heading, 0, 360, unit="deg")
        check_range("exit.heading_deg", aircraft_heading, 0, 360, unit="deg")
    if fit and flysight_log is None:
        raise InconsistentInputError(
            "--fit",
            "--fit",
            "with --flysight LOG: the log the drag area is fitted to",
            "needs a log",
        )
    console = Console()
    unit_system = unit_system_of(units)

    if flysight_log is not None:
        logged, trajectory = _replay(flysight_log, fit, cda_m2, mass_kg, posture)
        _write_csv(trajectory, trajectory_csv, origin)
        _print(
            output_format,
            trajectory,
            origin,
            lambda: report.comparison_to_dict(trajectory, logged, unit_system),
            lambda: report.render_comparison(trajectory, logged, console, unit_system),
        )
        return

    ground_m = parse_quantity(ground_elevation, "length", "ft", "--ground-elevation")
    exit_m = parse_altitude(exit_altitude, "--exit-altitude").msl_m(ground_m)
    deploy_m = parse_altitude(deploy_altitude, "--deploy-altitude").msl_m(ground_m)
    speed = parse_quantity(aircraft_speed, "speed", "kt", "--aircraft-speed")
    with named_after_options(given, _OPTION_OF_FIELD, typed_options(ctx)):
        tas = speed if true_airspeed else atmosphere.true_airspeed_mps(speed, exit_m)
        jump = fall_model.Jump(
            exit=fall_model.Exit(exit_m, airspeed_mps=tas, heading_deg=aircraft_heading),
            deploy_altitude_m=deploy_m,
            body=fall_model.Body(mass_kg, posture, cda_m2),
            ground_elevation_m=ground_m,
            canopy=canopy,
            canopy_heading_deg=canopy_heading,
            wind=_wind(wind or [], ground_m),
        )
        trajectory = fall_model.simulate_jump(jump, sample_interval_s=sample_interval)
    _write_csv(trajectory, trajectory_csv, origin)
    _print(
        output_format,
        trajectory,
        origin,
        lambda: report.trajectory_to_dict(trajectory, origin, unit_system),
        lambda: report.render_trajectory(trajectory, console, unit_system),
    )


def _checked_kinds_and_place(posture: str, canopy: str, lat, lon) -> tuple[float, float] | None:
    """Refuse a posture or canopy duskfall does not model, and a place given by half or
    off the globe; return the place (``--lat``, ``--lon``), or None."""
    if posture not in fall_model.POSTURES:
        raise InputError("--posture", posture, "one of " + ", ".join(fall_model.POSTURES))
    if canopy not in fall_model.CANOPIES:
        raise InputError("--canopy", canopy, "one of " + ", ".join(fall_model.CANOPIES))
    if (lat is None) != (lon is None):
        raise InputError("--lat/--lon", lat if lon is None else lon, "both or neither")
    if lat is None:
        return None
    check_range("--lat", lat, -90, 90, allowed="-90 to 90 degrees")
    check_range("--lon", lon, -180, 360, allowed="-180 to 360 degrees")
    return lat, lon


def _replay(log: Path, fit: bool, cda_m2: float | None, mass_kg: float, posture: str):
    """A FlySight log's jump, and the model's fall of it: with the drag area fitted to
    the log (``--fit``), given (``--cda``), or the posture's."""
    jump = flysight.find_jump(flysight.read_flysight(log))
    if fit:
        cda_per_kg = flysight.fit_cda_per_kg(jump)
    elif cda_m2 is not None:
        cda_per_kg = cda_m2 / mass_kg
    else:
        cda_per_kg = fall_model.POSTURES[posture].cda_per_kg_m2
    return jump, flysight.simulate_log(jump, cda_per_kg, mass_kg=mass_kg, posture=posture)


def _print(output_format, trajectory, origin, to_dict, render) -> None:
    """The answer in ``--format``: JSON (``to_dict()``), the trajectory as CSV, or text
    (``render()``)."""
    if output_format is FallFormat.json:
        typer.echo(json.dumps(to_dict(), indent=2))
    elif output_format is FallFormat.csv:
        report.write_trajectory_csv(trajectory, sys.stdout, origin)
    else:
        render()


# Fields named by the fall engine's errors and the options that set them.
_OPTION_OF_FIELD = {
    "exit.altitude_m": "--exit-altitude",
    "altitude_m": "--exit-altitude",
    "deploy_altitude_m": "--deploy-altitude",
    "ground_elevation_m": "--ground-elevation",
    "exit.airspeed_mps": "--aircraft-speed",
    "body.mass_kg": "--mass",
    "body.cda_m2": "--cda",
    "sample_interval_s": "--sample-interval",
    "exit.heading_deg": "--aircraft-heading",
    "canopy_heading_deg": "--canopy-heading",
}


def _write_csv(trajectory, path: Path | None, origin) -> None:
    if path is None:
        return
    try:
        with open(path, "w", encoding="utf-8", newline="") as stream:
            report.write_trajectory_csv(trajectory, stream, origin)
    except OSError as error:
        raise InputError(
            "--trajectory",
            str(path),
            "a writable file path",
            f"cannot be written ({error.strerror})",
        ) from None
