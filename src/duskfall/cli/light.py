"""``duskfall light``: sunset, twilights and light-band windows for an observer aloft."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import track

from duskfall import commands
from duskfall.cli._app import Units, When, app, unit_system_of
from duskfall.reports import light as report


class LightFormat(StrEnum):
    """Output formats of ``duskfall light``."""

    text = "text"
    json = "json"
    csv = "csv"


class Horizon(StrEnum):
    """What band elevations are measured from."""

    visible = "visible"
    astronomical = "astronomical"


_DEFAULT = commands.LightOptions()


# A subcommand takes one parameter per command-line option (typer declares them so).
@app.command("light")
def light_command(
    lat: Annotated[float, typer.Option(help="Latitude [deg, north +].")] = _DEFAULT.lat,
    lon: Annotated[float, typer.Option(help="Longitude [deg, east +].")] = _DEFAULT.lon,
    date: Annotated[str | None, typer.Option(help="Local date, YYYY-MM-DD.")] = None,
    altitude: Annotated[
        str | None,
        typer.Option(
            help="Observer's altitude, MSL unless AGL (25000ft, 7.62km). Bare: ft. "
            "[default: 25000ft]"
        ),
    ] = None,
    ground_elevation: Annotated[
        str | None,
        typer.Option(help="Terrain out to the horizon, MSL (50m, 164ft). Bare: ft. [default: 0m]"),
    ] = None,
    at: Annotated[When, typer.Option(help="Dusk or dawn.")] = When.dusk,
    light: Annotated[
        str, typer.Option(help="Band to highlight: sunlit, lowsun, golden, blue, or LOW..HIGH.")
    ] = _DEFAULT.light,
    horizon: Annotated[
        Horizon, typer.Option(help="Measure bands from the visible horizon or the horizontal.")
    ] = Horizon.visible,
    from_date: Annotated[
        str | None, typer.Option("--from", help="First date of a range, YYYY-MM-DD.")
    ] = None,
    to_date: Annotated[
        str | None, typer.Option("--to", help="Last date of a range, YYYY-MM-DD.")
    ] = None,
    output_format: Annotated[
        LightFormat, typer.Option("--format", help="text, json or csv.")
    ] = LightFormat.text,
    units: Annotated[Units, typer.Option(help="Units of the text report.")] = Units.aviation,
) -> None:
    """Sunset, twilights and light windows for an observer at altitude, for a date or range."""

    def progress(chunks):
        return track(
            chunks,
            description="Computing",
            console=Console(stderr=True),
            transient=True,
            disable=not sys.stderr.isatty(),
        )

    options = commands.LightOptions(
        lat,
        lon,
        date,
        altitude,
        ground_elevation,
        at.value,
        light,
        horizon.value,
        from_date,
        to_date,
    )
    result, single, band = commands.day_light(options, progress)
    unit_system = unit_system_of(units)
    if output_format is LightFormat.json:
        typer.echo(json.dumps(report.day_light_to_dict(result, single, unit_system), indent=2))
    elif output_format is LightFormat.csv:
        typer.echo(report.day_light_to_csv(result), nl=False)
    else:
        report.render_day_light(result, Console(), band.name, unit_system)
