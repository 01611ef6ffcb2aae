"""``duskfall winds fetch``: download a forecast of the winds aloft to a file.

The only command that touches the network. It writes the server's answer unchanged (the
file is the provenance), after reading it back as a wind profile, so that a file that
exists is one the other commands can use.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from duskfall.cli._app import app
from duskfall.io import fetch, openmeteo
from duskfall.timeutil import iso_utc

winds_app = typer.Typer(
    name="winds",
    help="Winds aloft: fetch a forecast to a file (the only command that uses the network).",
    no_args_is_help=True,
)
app.add_typer(winds_app, name="winds")


class Source(StrEnum):
    """Forecast servers (:data:`duskfall.io.fetch.SOURCES`)."""

    open_meteo = "open-meteo"
    open_meteo_historical = "open-meteo-historical"


@winds_app.command("fetch")
def fetch_command(
    lat: Annotated[float, typer.Option(help="Latitude of the drop zone, degrees (north +).")],
    lon: Annotated[float, typer.Option(help="Longitude of the drop zone, degrees (east +).")],
    date: Annotated[str, typer.Option(help="Local date at the drop zone, YYYY-MM-DD.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write (JSON), e.g. winds.json.")
    ],
    source: Annotated[
        Source,
        typer.Option(help="open-meteo (forecasts) or open-meteo-historical (past days)."),
    ] = Source.open_meteo,
    model: Annotated[
        str | None, typer.Option(help="Open-Meteo model (gfs_seamless, icon_seamless...).")
    ] = None,
    url: Annotated[
        str | None, typer.Option(help="Server or mirror, e.g. https://api.open-meteo.com.")
    ] = None,
    timeout: Annotated[
        float, typer.Option(help="Longest wait for the whole answer, in seconds.")
    ] = fetch.DEFAULT_TIMEOUT_S,
) -> None:
    """Download the hourly winds, temperatures and cloud cover on pressure levels for one
    local day at the drop zone, and write the answer unchanged to a file."""
    where = str(output)

    def check(body: bytes):
        return openmeteo.parse_open_meteo(body, target=(lat, lon), path=where, field="-o")

    result = fetch.fetch_open_meteo(
        lat,
        lon,
        date,
        output,
        model=model,
        base_url=url,
        source=source.value,
        timeout_s=timeout,
        check=check,
    )
    wind = result.checked
    times = wind.valid_times_utc_s
    levels = len(wind.profiles[0].altitude_m)
    typer.echo(
        f"wrote {result.path} ({result.size_bytes} bytes): {wind.source}, "
        f"{len(times)} hours {iso_utc(times[0])} to {iso_utc(times[-1])}, {levels} levels"
    )
