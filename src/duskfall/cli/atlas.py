"""``duskfall atlas``: the exit window for every grid cell and day, written with xarray.

xarray, Dask and the NetCDF writer come with the ``scale`` extra and are imported when
the command runs, not when the command line starts.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from duskfall import atmosphere, fall, sun
from duskfall.cli._app import (
    When,
    app,
    check_figure_path,
    named_after_options,
    save_figure,
    typed_options,
)
from duskfall.errors import InputError
from duskfall.light import light_band
from duskfall.units import parse_altitude, parse_quantity

NETCDF_SUFFIXES = (".nc", ".nc4", ".netcdf")
ZARR_SUFFIX = ".zarr"


class AtlasFormat(StrEnum):
    """Output formats of the summary of ``duskfall atlas``."""

    text = "text"
    json = "json"


def _write(dataset, path: Path) -> None:
    """Write the atlas as NetCDF-4 (h5netcdf) or Zarr (if the zarr package is installed)."""
    suffix = path.suffix.lower()
    allowed = f"a {', '.join(NETCDF_SUFFIXES)} file, or {ZARR_SUFFIX} with zarr installed"
    if suffix == ZARR_SUFFIX:
        try:
            import zarr  # noqa: F401
        except ImportError:
            raise InputError(
                "--output", str(path), allowed, "needs the zarr package, which is not installed"
            ) from None
        dataset.to_zarr(path, mode="w")
        return
    if suffix not in NETCDF_SUFFIXES:
        raise InputError("--output", str(path), allowed, "has an unknown suffix")
    encoding = {
        name: {"zlib": True, "complevel": 1, "shuffle": True}
        for name in ("exit_window_s", "light_window_s", "status")
    }
    try:
        dataset.to_netcdf(path, engine="h5netcdf", encoding=encoding)
    except OSError as error:
        raise InputError("--output", str(path), "a writable path", f"failed ({error})") from None


_OPTION_OF_FIELD = {
    "body.mass_kg": "--mass",
    "body.cda_m2": "--cda",
    "exit.airspeed_mps": "--aircraft-speed",
    "exit.altitude_m": "--exit-altitude",
    "deploy_altitude_m": "--deploy-altitude",
    "deploy_altitude_agl_m": "--deploy-altitude",
    "ground_elevation_m": "--ground-elevation",
    "judge_at": "--judge-at",
    "horizon": "--horizon",
}
"""Fields named by the library's errors and the options that set them."""


def _atlas_dates(year, from_date, to_date):
    """The dates of ``--year``, or of ``--from`` to ``--to``: one of the two, whole."""
    from duskfall import atlas as atlas_model  # imported with the command (xarray, dask)
    from duskfall.season import season_dates

    if year is not None and (from_date is not None or to_date is not None):
        raise InputError("--year", year, "either --year or --from and --to", "is ambiguous")
    if year is not None:
        return atlas_model.year_dates(year, "--year")
    if from_date is not None and to_date is not None:
        return season_dates(from_date, to_date, "--from", "--to")
    missing = "--to" if from_date is not None else "--from" if to_date is not None else "--year"
    raise InputError(missing, None, "--year YYYY, or --from and --to dates", "is missing")


def _written(result, output: Path | None, figure: Path | None) -> list[str]:
    """Write the atlas to ``--output`` and its figure to ``--figure``; the paths written."""
    outputs = []
    if output is not None:
        _write(result, output)
        outputs.append(str(output))
    if figure is not None:
        from duskfall.reports.season_figures import atlas_figure

        save_figure(atlas_figure(result), figure, dpi=150)
        outputs.append(str(figure))
    return outputs


def _progress_callback():
    """A rich progress bar over the Dask tasks of a local computation (on a terminal)."""
    from dask.callbacks import Callback
    from rich.progress import Progress

    class _Bar(Callback):
        def __init__(self):
            super().__init__()
            self.progress = Progress(console=Console(stderr=True), transient=True)
            self.task = None

        def _start_state(self, dsk, state):
            total = sum(len(state[key]) for key in ("ready", "waiting", "running", "finished"))
            self.progress.start()
            self.task = self.progress.add_task("Computing the atlas", total=total)

        def _posttask(self, key, result, dsk, state, worker_id):
            self.progress.advance(self.task)

        def _finish(self, dsk, state, errored):
            self.progress.stop()

    return _Bar()


# A subcommand takes one parameter per command-line option (typer declares them so).
@app.command("atlas")
def atlas_command(
    ctx: typer.Context,
    exit_altitude: Annotated[
        str, typer.Option(help="Exit altitude, MSL unless AGL (25000ft). Bare: ft.")
    ] = "25000ft",
    deploy_altitude: Annotated[
        str, typer.Option(help="Deployment altitude: the action's end (4000ftAGL).")
    ] = "4000ftAGL",
    light: Annotated[
        str, typer.Option(help="Light band: lowsun, sunlit, golden, blue, or LOW..HIGH.")
    ] = "lowsun",
    at: Annotated[When, typer.Option(help="Dusk or dawn.")] = When.dusk,
    judge_at: Annotated[
        str,
        typer.Option(
            help="Where the light is judged: jumper (his own altitude), exit altitude, or ground."
        ),
    ] = "jumper",
    horizon: Annotated[
        str, typer.Option(help="Band elevations from the visible horizon or astronomical.")
    ] = "visible",
    grid: Annotated[str, typer.Option(help="Grid step (1deg); must divide 180 deg.")] = "1deg",
    allow_fine_grid: Annotated[
        bool, typer.Option("--allow-fine-grid", help="Accept a grid finer than 0.01 deg.")
    ] = False,
    year: Annotated[int | None, typer.Option(help="Every day of this year.")] = None,
    from_date: Annotated[
        str | None, typer.Option("--from", help="First date (instead of --year).")
    ] = None,
    to_date: Annotated[str | None, typer.Option("--to", help="Last date.")] = None,
    ground_elevation: Annotated[
        str, typer.Option(help="Ground elevation of every cell, MSL (0m). Bare: ft.")
    ] = "0m",
    mass: Annotated[str, typer.Option(help="Jumper mass with equipment (90kg).")] = "90kg",
    posture: Annotated[str, typer.Option(help="belly, sit, head-down, track, ...")] = "belly",
    cda: Annotated[str | None, typer.Option(help="Drag area (0.5m2).")] = None,
    aircraft_speed: Annotated[
        str, typer.Option(help="Jump-run indicated airspeed (130kt): the forward throw.")
    ] = "130kt",
    scheduler: Annotated[
        str,
        typer.Option(
            help="threads, processes, synchronous, or a Dask scheduler (tcp://host:8786)."
        ),
    ] = "threads",
    workers: Annotated[
        int | None, typer.Option(help="Local threads or processes (default: the CPUs).")
    ] = None,
    scheduler_timeout: Annotated[
        str, typer.Option(help="How long to try to reach a scheduler (10s).")
    ] = "10s",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the atlas: .nc (NetCDF-4) or .zarr."),
    ] = None,
    figure: Annotated[
        Path | None, typer.Option(help="Also draw the world map and latitude-month figure.")
    ] = None,
    output_format: Annotated[
        AtlasFormat, typer.Option("--format", help="Summary as text or json.")
    ] = AtlasFormat.text,
) -> None:
    """The exit window for every grid cell and day of a year (or range), as NetCDF/Zarr."""
    from duskfall import atlas as atlas_model
    from duskfall.reports.season import atlas_summary, render_atlas_summary

    ground = parse_quantity(ground_elevation, "length", "ft", "--ground-elevation")
    sun.check_ground(ground, "--ground-elevation")
    exit_m = parse_altitude(exit_altitude, "--exit-altitude").msl_m(ground)
    sun.check_altitude(exit_m, "--exit-altitude")
    deploy = parse_altitude(deploy_altitude, "--deploy-altitude")
    deploy_m = deploy.msl_m(ground)
    grid_deg = parse_quantity(grid, "angle", "deg", "--grid")
    atlas_model.atlas_grid(grid_deg, allow_fine_grid, "--grid")
    check_figure_path(figure)
    if posture not in fall.POSTURES:
        raise InputError("--posture", posture, ", ".join(fall.POSTURES))
    mass_kg = parse_quantity(mass, "mass", "kg", "--mass")
    cda_m2 = None if cda is None else parse_quantity(cda, "area", "m2", "--cda")
    speed = parse_quantity(aircraft_speed, "speed", "kt", "--aircraft-speed")
    given = {
        "--judge-at": judge_at,
        "--horizon": horizon,
        "--mass": mass,
        "--cda": cda,
        "--aircraft-speed": aircraft_speed,
        "--exit-altitude": exit_altitude,
        "--deploy-altitude": deploy_altitude,
        "--ground-elevation": ground_elevation,
    }
    typed = typed_options(ctx)
    with named_after_options(given, _OPTION_OF_FIELD, typed):
        jump = fall.Jump(
            exit=fall.Exit(exit_m, airspeed_mps=atmosphere.true_airspeed_mps(speed, exit_m)),
            deploy_altitude_m=deploy_m,
            body=fall.Body(mass_kg, posture, cda_m2),
            ground_elevation_m=ground,
        ).checked()  # now, before a scheduler is reached
    timeout_s = parse_quantity(scheduler_timeout, "duration", "s", "--scheduler-timeout")
    dates = _atlas_dates(year, from_date, to_date)
    if workers is not None and workers < 1:
        raise InputError("--workers", workers, "1 or more")
    local = scheduler in ("threads", "processes", "synchronous")
    if not local:
        # Fail before computing anything if the cluster cannot be reached.
        try:
            client = atlas_model.connect_scheduler(scheduler, timeout_s)
        except InputError as error:
            allowed = f"threads, processes, synchronous, or {error.allowed}"
            raise type(error)("--scheduler", error.value, allowed, error.problem) from None
    try:
        with named_after_options(given, _OPTION_OF_FIELD, typed):
            dataset = atlas_model.make_atlas(
                jump,
                light_band(light, "--light"),
                deploy_altitude_agl_m=deploy.value_m if deploy.above_ground else None,
                dates=dates,
                at=at.value,
                grid_deg=grid_deg,
                ground_elevation_m=ground,
                allow_fine_grid=allow_fine_grid,
                judge_at=judge_at,
                horizon=horizon,
            )
        if local:
            bar = _progress_callback() if sys.stderr.isatty() else None
            if bar is not None:
                with bar:
                    result = atlas_model.compute_atlas(dataset, scheduler, workers)
            else:
                result = atlas_model.compute_atlas(dataset, scheduler, workers)
        else:
            result = atlas_model.compute_atlas(dataset, client)
    finally:
        if not local:
            client.close()
    summary = atlas_summary(result, _written(result, output, figure))
    summary["scheduler"] = scheduler if local else "distributed"
    if output_format is AtlasFormat.json:
        typer.echo(json.dumps(summary, indent=2))
    else:
        render_atlas_summary(summary, Console())
