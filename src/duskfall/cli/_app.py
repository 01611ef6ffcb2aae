"""The typer application and what every subcommand shares: option types, units, errors."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from duskfall import __version__

app = typer.Typer(
    name="duskfall",
    help="Plan a skydive that must happen in a given light.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    """Output formats every subcommand offers (some add csv)."""

    text = "text"
    json = "json"


class Units(StrEnum):
    """Units of text reports."""

    aviation = "aviation"
    metric = "metric"


class When(StrEnum):
    """Evening or morning."""

    dusk = "dusk"
    dawn = "dawn"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"duskfall {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Plan a skydive that must happen in a given light: when to exit, from where, in what light."""
