"""The typer application and what every subcommand shares: option types, units, errors."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from duskfall import __version__
from duskfall.commands import named_after_options  # noqa: F401  (the subcommands use it)

app = typer.Typer(
    name="duskfall",
    help="Plan a skydive that must happen in a given light.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Help texts are plain text, never rich markup: their bracketed units ("[deg]",
    # "[m MSL]") are shown as written instead of being read as style tags and dropped.
    rich_markup_mode=None,
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


GeoJsonOut = Annotated[Path | None, typer.Option("--geojson", help="Write a GeoJSON file.")]
KmlOut = Annotated[
    Path | None, typer.Option("--kml", help="Write a KML file (Google Earth, styled).")
]
KmzOut = Annotated[Path | None, typer.Option("--kmz", help="Write the KML zipped as a KMZ file.")]
GpxOut = Annotated[Path | None, typer.Option("--gpx", help="Write a GPX file.")]
"""The map exports of a release point (:func:`duskfall.reports.geo.write_exports`), for
``release``, ``plan`` and ``report``."""


def unit_system_of(units: Units):
    """The reports' :class:`~duskfall.reports.formatting.UnitSystem` of a ``--units`` choice."""
    from duskfall.reports.formatting import UNIT_SYSTEMS

    return UNIT_SYSTEMS[units.value]


FIGURE_SUFFIXES = (".png", ".svg", ".pdf")
"""The files ``--figure`` writes."""


def check_figure_path(path) -> None:
    """Refuse, before any work, a ``--figure`` path of another kind or in no folder."""
    from duskfall.errors import InputError

    if path is None:
        return
    allowed = "a writable .png, .svg or .pdf path"
    if path.suffix.lower() not in FIGURE_SUFFIXES:
        raise InputError("--figure", str(path), allowed, "is not a .png, .svg or .pdf file")
    if not path.parent.is_dir():
        raise InputError("--figure", str(path), allowed, "cannot be written (no folder)")


def save_figure(figure, path, **options) -> None:
    """Write a matplotlib ``figure`` to ``--figure``'s ``path`` and close it; a path that
    cannot be written is refused naming ``--figure``."""
    import matplotlib.pyplot as plt

    from duskfall.errors import InputError

    try:
        figure.savefig(path, **options)
    except (OSError, ValueError) as error:
        raise InputError(
            "--figure", str(path), "a writable .png, .svg or .pdf path", f"failed: {error}"
        ) from None
    finally:
        plt.close(figure)


def typed_options(ctx: typer.Context) -> set[str]:
    """The options the user typed on the command line (not left at their defaults)."""
    typed = set()
    for param in ctx.command.params:
        source = ctx.get_parameter_source(param.name)
        if source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP"):
            typed.update(getattr(param, "opts", ()))
    return typed


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
