"""``duskfall plan``: the exit window for one attempt."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from duskfall import planning, reports
from duskfall.cli._app import OutputFormat, Units, When, app
from duskfall.errors import InputError
from duskfall.io.scenario import load_mapping

# Command-line options and the scenario-file keys they override.
OPTION_KEYS = {
    "--lat": ("site", "lat"),
    "--lon": ("site", "lon"),
    "--ground-elevation": ("site", "ground_elevation"),
    "--date": ("attempt", "date"),
    "--at": ("attempt", "at"),
    "--light": ("attempt", "light"),
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
}


def apply_overrides(mapping: dict, options: dict[str, object]) -> dict:
    """Set the scenario-file keys of the options that were given (jumper options apply to
    the lead jumper); return the mapping."""
    for option, value in options.items():
        if value is None:
            continue
        section, key = OPTION_KEYS[option]
        if section == "jumpers":
            jumpers = mapping.setdefault("jumpers", [{}])
            jumpers[0][key] = value
        else:
            mapping.setdefault(section, {})[key] = value
    if (options.get("--lat") is not None or options.get("--lon") is not None) and (
        "name" not in mapping.get("site", {}) or mapping.get("_seed")
    ):
        mapping["site"]["name"] = "custom site"
    mapping.pop("_seed", None)
    return mapping


def _option_of(field: str, options: dict[str, object]) -> str | None:
    for option, (section, key) in OPTION_KEYS.items():
        if options.get(option) is None:
            continue
        if field == f"{section}.{key}" or (section == "jumpers" and field == f"jumpers.0.{key}"):
            return option
    return None


@app.command()
def plan(
    scenario_file: Annotated[
        Path | None,
        typer.Argument(
            help="Scenario file (TOML or JSON); the built-in seed if omitted.", show_default=False
        ),
    ] = None,
    example: Annotated[
        bool, typer.Option("--example", help="Print a commented scenario template and exit.")
    ] = False,
    lat: Annotated[float | None, typer.Option(help="Site latitude [deg, north +].")] = None,
    lon: Annotated[float | None, typer.Option(help="Site longitude [deg, east +].")] = None,
    date: Annotated[str | None, typer.Option(help="Local date of the attempt, YYYY-MM-DD.")] = None,
    exit_altitude: Annotated[
        str | None, typer.Option(help="Exit altitude, MSL unless AGL (25000ft, 7.62km). Bare: ft.")
    ] = None,
    deploy_altitude: Annotated[
        str | None, typer.Option(help="Deployment altitude (4000ftAGL, 1269m). Bare: ft MSL.")
    ] = None,
    action_end_altitude: Annotated[
        str | None, typer.Option(help="Altitude where the shot ends; default: deployment.")
    ] = None,
    ground_elevation: Annotated[
        str | None, typer.Option(help="Ground elevation MSL (50m, 164ft). Bare: ft.")
    ] = None,
    mass: Annotated[
        str | None, typer.Option(help="Jumper mass with equipment (90kg, 200lb). Bare: kg.")
    ] = None,
    posture: Annotated[str | None, typer.Option(help="belly, sit, head-down, track, ...")] = None,
    cda: Annotated[str | None, typer.Option(help="Drag area (0.5m2); default: posture's.")] = None,
    light: Annotated[
        str | None, typer.Option(help="Light band: lowsun, sunlit, golden, blue, or LOW..HIGH deg.")
    ] = None,
    pick: Annotated[str | None, typer.Option(help="middle, earliest or latest exit.")] = None,
    aircraft: Annotated[
        str | None, typer.Option(help=f"Aircraft type: {', '.join(planning.AIRCRAFT)}.")
    ] = None,
    aircraft_speed: Annotated[
        str | None, typer.Option(help="Jump-run indicated airspeed (130kt). Bare: kt.")
    ] = None,
    heading: Annotated[float | None, typer.Option(help="Jump-run heading [deg true].")] = None,
    wind: Annotated[
        str | None,
        typer.Option(help='Winds aloft "0ft:270@8kt,10000ft:280@25kt" (from, deg true).'),
    ] = None,
    at: Annotated[When | None, typer.Option(help="Dusk or dawn.")] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text or json.")
    ] = OutputFormat.text,
    units: Annotated[Units, typer.Option(help="Units of the text report.")] = Units.aviation,
    report: Annotated[
        Path | None,
        typer.Option(help="Also write the plan as a self-contained HTML report with figures."),
    ] = None,
) -> None:
    """Plan the exit for one attempt: the built-in seed scenario, a scenario file, or either
    with options overriding it."""
    if example:
        typer.echo(planning.EXAMPLE_TOML, nl=False)
        return
    if scenario_file is None:
        mapping = planning.example_mapping()
        mapping["_seed"] = True
    else:
        mapping = load_mapping(scenario_file)
    options = {
        "--lat": lat,
        "--lon": lon,
        "--ground-elevation": ground_elevation,
        "--date": date,
        "--at": at.value if at else None,
        "--light": light,
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
    }
    if aircraft is not None and aircraft_speed is None:
        # A new type flies its own jump-run speed unless one is given.
        mapping.get("aircraft", {}).pop("jump_run_speed", None)
    mapping = apply_overrides(mapping, options)
    try:
        scenario = planning.scenario_from_mapping(mapping)
    except InputError as error:
        option = _option_of(error.field, options)
        if option is None:
            raise
        value = options[option]
        raise type(error)(option, value, error.allowed, error.problem) from None
    if report is not None:
        from duskfall.cli.report import check_outputs, write_report

        check_outputs(report, field="--report")
    result = planning.make_plan(scenario)
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(reports.plan_to_dict(result), indent=2))
    else:
        reports.render_plan(result, Console(), metric=units is Units.metric)
    if report is not None:
        for path in write_report(result, report, metric=units is Units.metric, field="--report"):
            typer.echo(f"wrote {path}", err=True)
