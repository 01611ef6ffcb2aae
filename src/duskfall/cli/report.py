"""``duskfall report``: the plan as one self-contained HTML page (and PDF) with figures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from duskfall import planning
from duskfall.cli._app import KmlOut, KmzOut, Units, app, unit_system_of
from duskfall.cli._scenario import (
    Horizon,
    JudgeAt,
    Light,
    ScenarioFile,
    Station,
    WindFile,
    load_scenario,
    plan_scenario,
)
from duskfall.errors import InputError

IMAGE_FORMATS = ("png", "svg")


def check_outputs(output: Path, pdf: bool = False, field: str = "--output") -> None:
    """Refuse, before any work, a report that cannot be written.

    Raises
    ------
    InputError
        If the output's folder does not exist, or a PDF is asked for without WeasyPrint.
    """
    if not output.parent.is_dir():
        raise InputError(
            field, str(output), "a file in an existing folder", "cannot be written (no folder)"
        )
    if pdf:
        from duskfall.reports import html

        if not html.pdf_available():
            raise InputError(
                "--pdf",
                str(output.with_suffix(".pdf")),
                'WeasyPrint installed: pip install "duskfall[pdf]"',
                "cannot be written without WeasyPrint",
            )


def check_paths(paths: dict[str, Path | None]) -> None:
    """Refuse, before any work, each file asked for (by its option) that cannot be
    written (:func:`check_outputs`)."""
    for option, path in paths.items():
        if path is not None:
            check_outputs(path, field=option)


def write_report(
    plan: planning.Plan,
    output: Path,
    pdf: bool = False,
    units=None,
    images: str = "png",
    field: str = "--output",
) -> list[Path]:
    """Write the HTML report (and its PDF beside it); return the paths written."""
    check_outputs(output, pdf, field)
    # Imported here: matplotlib is loaded only when a report is asked for.
    from duskfall.reports import html
    from duskfall.reports.formatting import AVIATION

    text = html.render_html(plan, image_format=images, units=units or AVIATION)
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(
            field, str(output), "a writable file path", f"cannot be written ({error.strerror})"
        ) from None
    written = [output]
    if pdf:
        written.append(html.write_pdf(text, output.with_suffix(".pdf")))
    return written


# A subcommand takes one parameter per command-line option (typer declares them so).
@app.command("report")
def report(
    scenario_file: ScenarioFile = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path(
        "plan.html"
    ),
    pdf: Annotated[
        bool,
        typer.Option(
            "--pdf",
            help='Also write a PDF beside it, same name (needs WeasyPrint: "duskfall[pdf]").',
        ),
    ] = False,
    images: Annotated[str, typer.Option(help="Embedded figure format: png or svg.")] = "png",
    units: Annotated[Units, typer.Option(help="Units of the report.")] = Units.aviation,
    kml: KmlOut = None,
    kmz: KmzOut = None,
    light: Light = None,
    judge_at: JudgeAt = None,
    horizon: Horizon = None,
    wind_file: WindFile = None,
    station: Station = None,
) -> None:
    """Write the plan as one self-contained, print-friendly HTML page with figures.

    The page holds the scenario, the go/no-go list, the timeline, the light and exit
    windows, the release point and the warnings.
    """
    if images not in IMAGE_FORMATS:
        raise InputError("--images", images, " or ".join(IMAGE_FORMATS))
    check_outputs(output, pdf)
    check_paths({"--kml": kml, "--kmz": kmz})
    options = {
        "--light": light,
        "--judge-at": judge_at,
        "--horizon": horizon,
        "--wind-file": wind_file,
        "--station": station,
    }
    scenario = load_scenario(scenario_file, options)
    plan = plan_scenario(scenario, options)
    unit_system = unit_system_of(units)
    for path in write_report(plan, output, pdf=pdf, units=unit_system, images=images):
        typer.echo(f"wrote {path}")
    if kml is not None or kmz is not None:
        from duskfall.reports import geo

        exports = {"--kml": kml, "--kmz": kmz}
        for path in geo.write_exports(plan.release, plan.dispersion, unit_system, exports):
            typer.echo(f"wrote {path}")
