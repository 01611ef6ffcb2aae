"""``duskfall light``: sunset, twilights and light-band windows for an observer aloft."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import numpy as np
import typer
from rich.console import Console
from rich.progress import track

from duskfall import light as light_model
from duskfall import sun, timeutil
from duskfall.cli._app import Units, When, app, named_after_options, unit_system_of
from duskfall.errors import InputError
from duskfall.reports import light as report
from duskfall.units import parse_altitude, parse_quantity


class LightFormat(StrEnum):
    """Output formats of ``duskfall light``."""

    text = "text"
    json = "json"
    csv = "csv"


class Horizon(StrEnum):
    """What band elevations are measured from."""

    visible = "visible"
    astronomical = "astronomical"


CHUNK_DAYS = 366
"""Dates computed per step of a long range (one step of the progress bar)."""


# A subcommand takes one parameter per command-line option (typer declares them so).
@app.command("light")
def light_command(
    lat: Annotated[float, typer.Option(help="Latitude [deg, north +].")] = 24.4,
    lon: Annotated[float, typer.Option(help="Longitude [deg, east +].")] = 54.6,
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
    ] = "golden",
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
    sun.check_latitude(lat, "--lat")
    sun.check_longitude(lon, "--lon")
    given = {"--altitude": altitude, "--ground-elevation": ground_elevation}
    ground = parse_quantity(ground_elevation or "0m", "length", "ft", "--ground-elevation")
    sun.check_ground(ground, "--ground-elevation")
    altitude_m = parse_altitude(altitude or "25000ft", "--altitude").msl_m(ground)
    sun.check_altitude(altitude_m, "--altitude")
    band = light_model.light_band(light, "--light")
    bands = list(light_model.LIGHT_BANDS.values())
    if band.name not in light_model.LIGHT_BANDS:
        bands.append(band)

    if from_date is not None or to_date is not None:
        if date is not None:
            raise InputError("--date", date, "either --date or --from and --to", "is ambiguous")
        if from_date is None or to_date is None:
            missing = "--from" if from_date is None else "--to"
            raise InputError(missing, None, "a date YYYY-MM-DD with the other end", "is missing")
        dates = timeutil.date_range(from_date, to_date, "--from", "--to")
        single = False
    else:
        dates = np.array([np.datetime64(timeutil.parse_date(date or "2018-03-10", "--date"))])
        single = True

    chunks = [dates[i : i + CHUNK_DAYS] for i in range(0, dates.size, CHUNK_DAYS)]
    if len(chunks) > 1:
        chunks = track(
            chunks,
            description="Computing",
            console=Console(stderr=True),
            transient=True,
            disable=not sys.stderr.isatty(),
        )
    with named_after_options(given, _OPTION_OF_FIELD):
        result = light_model.join_day_light(
            [
                light_model.find_day_light(
                    chunk, lat, lon, altitude_m, ground, at.value, horizon.value, bands
                )
                for chunk in chunks
            ]
        )
    unit_system = unit_system_of(units)
    if output_format is LightFormat.json:
        typer.echo(json.dumps(report.day_light_to_dict(result, single, unit_system), indent=2))
    elif output_format is LightFormat.csv:
        typer.echo(report.day_light_to_csv(result), nl=False)
    else:
        report.render_day_light(result, Console(), band.name, unit_system)


# Fields named by the light engine's errors and the options that set them.
_OPTION_OF_FIELD = {"altitude_m": "--altitude", "ground_elevation_m": "--ground-elevation"}
