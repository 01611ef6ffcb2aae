"""``duskfall plan``: the exit window for one attempt."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from duskfall import planning, reports
from duskfall.cli._app import OutputFormat, Units, When, app
from duskfall.errors import InputError
from duskfall.units import Altitude, parse_altitude, parse_quantity

# Scenario fields that command-line options override, for error messages.
_OPTION_OF_FIELD = {
    "site.latitude_deg": "--lat",
    "site.longitude_deg": "--lon",
    "site.ground_elevation_m": "--ground-elevation",
    "date": "--date",
    "exit_altitude_m": "--exit-altitude",
    "deploy_altitude_m": "--deploy-altitude",
    "jumper.mass_kg": "--mass",
    "jumper.posture": "--posture",
    "jumper.cda_m2": "--cda",
    "light": "--light",
    "aircraft.indicated_airspeed_mps": "--aircraft-speed",
}


@app.command()
def plan(
    lat: Annotated[float | None, typer.Option(help="Site latitude [deg, north +].")] = None,
    lon: Annotated[float | None, typer.Option(help="Site longitude [deg, east +].")] = None,
    date: Annotated[str | None, typer.Option(help="Local date of the attempt, YYYY-MM-DD.")] = None,
    exit_altitude: Annotated[
        str | None, typer.Option(help="Exit altitude, MSL unless AGL (25000ft, 7.62km). Bare: ft.")
    ] = None,
    deploy_altitude: Annotated[
        str | None, typer.Option(help="Deployment altitude (4000ftAGL, 1269m). Bare: ft MSL.")
    ] = None,
    ground_elevation: Annotated[
        str | None, typer.Option(help="Ground elevation MSL (50m, 164ft). Bare: ft.")
    ] = None,
    mass: Annotated[
        str | None, typer.Option(help="Jumper mass with equipment (90kg, 200lb). Bare: kg.")
    ] = None,
    posture: Annotated[str | None, typer.Option(help="belly, sit, head-down or track.")] = None,
    light: Annotated[
        str | None, typer.Option(help="Light band: lowsun, sunlit, golden, blue, or LOW..HIGH deg.")
    ] = None,
    aircraft_speed: Annotated[
        str | None, typer.Option(help="Jump-run indicated airspeed (130kt). Bare: kt.")
    ] = None,
    at: Annotated[When | None, typer.Option(help="Dusk or dawn.")] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text or json.")
    ] = OutputFormat.text,
    units: Annotated[Units, typer.Option(help="Units of the text report.")] = Units.aviation,
) -> None:
    """Plan the exit for one attempt (the built-in seed scenario unless overridden)."""
    seed = planning.SEED_SCENARIO
    data = seed.model_dump()
    ground = seed.site.ground_elevation_m
    if ground_elevation is not None:
        ground = parse_quantity(ground_elevation, "length", "ft", "--ground-elevation")
        data["site"]["ground_elevation_m"] = ground
    if lat is not None:
        data["site"]["latitude_deg"] = lat
    if lon is not None:
        data["site"]["longitude_deg"] = lon
    if lat is not None or lon is not None:
        data["site"]["name"] = "custom site"
    if date is not None:
        data["date"] = date
    if exit_altitude is not None:
        data["exit_altitude_m"] = parse_altitude(exit_altitude, "--exit-altitude").msl_m(ground)
    seed_deploy = Altitude(seed.deploy_altitude_m - seed.site.ground_elevation_m, True)
    deploy = (
        parse_altitude(deploy_altitude, "--deploy-altitude") if deploy_altitude else seed_deploy
    )
    data["deploy_altitude_m"] = deploy.msl_m(ground)
    if mass is not None:
        data["jumper"]["mass_kg"] = parse_quantity(mass, "mass", "kg", "--mass")
    if posture is not None:
        data["jumper"]["posture"] = posture
    if light is not None:
        data["light"] = light
    if aircraft_speed is not None:
        data["aircraft"]["indicated_airspeed_mps"] = parse_quantity(
            aircraft_speed, "speed", "kt", "--aircraft-speed"
        )
    if at is not None:
        data["at"] = at.value
    try:
        scenario = planning.make_scenario(data)
    except InputError as error:
        option = _OPTION_OF_FIELD.get(error.field)
        if option is None:
            raise
        given = {
            "--lat": lat,
            "--lon": lon,
            "--date": date,
            "--exit-altitude": exit_altitude,
            "--deploy-altitude": deploy_altitude,
            "--ground-elevation": ground_elevation,
            "--mass": mass,
            "--posture": posture,
            "--light": light,
            "--aircraft-speed": aircraft_speed,
        }.get(option)
        raise type(error)(
            option, given if given is not None else error.value, error.allowed, error.problem
        ) from None
    result = planning.make_plan(scenario)
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(reports.plan_to_dict(result), indent=2))
    else:
        reports.render_plan(result, Console(), metric=units is Units.metric)
