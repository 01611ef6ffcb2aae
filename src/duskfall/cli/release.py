"""``duskfall release``: the release point upwind of the target, and its dispersion."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from duskfall import atmosphere, fall, release
from duskfall.cli._app import OutputFormat, Units, app, named_after_options, unit_system_of
from duskfall.errors import (
    InconsistentInputError,
    InputError,
    OutOfRangeError,
    UnitError,
    check_range,
)
from duskfall.io.windfile import read_wind_file
from duskfall.reports import geo
from duskfall.reports.release import release_to_dict, render_release
from duskfall.timeutil import utc_seconds
from duskfall.units import parse_altitude, parse_quantity
from duskfall.winds import WindError, parse_wind_levels

SEED_TARGET = (24.4, 54.6)
"""The seed scenario's drop zone (desert near Abu Dhabi)."""


def _target(text: str) -> tuple[float, float]:
    allowed = "LAT,LON in degrees, north and east positive (e.g. 24.4,54.6)"
    parts = text.split(",")
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise UnitError("--target", text, allowed) from None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 360.0):
        raise OutOfRangeError("--target", text, allowed)
    return lat, lon


def _time(text: str, field: str) -> float:
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            field, text, "an ISO-8601 time with its offset, e.g. 2018-03-10T14:22:38Z"
        ) from None
    return utc_seconds(when, field)


def _duration(text: str, field: str) -> float:
    return parse_quantity(text, "duration", "s", field)


def _offset(text: str) -> tuple[float, float]:
    """``300m@090``: distance and bearing FROM the target of the aim point."""
    parts = text.split("@")
    allowed = "DISTANCE@BEARING of the aim point from the target, e.g. 300m@090"
    if len(parts) != 2:
        raise UnitError("--offset", text, allowed)
    distance = parse_quantity(parts[0], "length", "m", "--offset")
    try:
        bearing = float(parts[1])
    except ValueError:
        raise UnitError("--offset", text, allowed) from None
    check_range("--offset", bearing, 0, 360, allowed=allowed)
    check_range("--offset", distance, 0, 100_000, allowed=allowed)
    angle = math.radians(bearing)
    return distance * math.sin(angle), distance * math.cos(angle)


def _wind_error(text: str, ground_m: float) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """``0ft:3kt,25000ft:8kt`` or a single ``5kt``: sigma per component by altitude."""
    if ":" not in text:
        sigma = parse_quantity(text, "speed", "kt", "--wind-error")
        return (0.0,), (sigma,)
    levels = []
    for part in text.split(","):
        altitude, _, speed = part.partition(":")
        levels.append(
            (
                parse_altitude(altitude.strip(), "--wind-error").msl_m(ground_m),
                parse_quantity(speed.strip(), "speed", "kt", "--wind-error"),
            )
        )
    levels.sort()
    return tuple(a for a, _ in levels), tuple(s for _, s in levels)


# A subcommand takes one parameter per command-line option (typer declares them so).
@app.command("release")
def release_command(
    target: Annotated[
        str, typer.Option(help="Target LAT,LON [deg] (landing area).")
    ] = f"{SEED_TARGET[0]},{SEED_TARGET[1]}",
    wind_file: Annotated[
        Path | None,
        typer.Option(
            help="Winds: a sounding (University of Wyoming text list, NOAA GSL), a CSV/TOML "
            "table, or a NetCDF/GRIB2 forecast."
        ),
    ] = None,
    wind: Annotated[
        str | None,
        typer.Option(
            help="Winds: one 270@20kt for every altitude, or levels on one line: "
            '"0ft:270@8kt,10000ft:280@25kt" (MSL unless AGL).'
        ),
    ] = None,
    time: Annotated[
        str | None,
        typer.Option(help="Exit time, ISO-8601 with offset (2018-03-10T14:22:38Z)."),
    ] = None,
    ground_elevation: Annotated[str, typer.Option(help="Target elevation MSL. Bare: ft.")] = "50m",
    exit_altitude: Annotated[str, typer.Option(help="Exit altitude. Bare: ft MSL.")] = "25000ft",
    deploy_altitude: Annotated[
        str, typer.Option(help="Deployment altitude (4000ftAGL). Bare: ft MSL.")
    ] = "4000ftAGL",
    mass: Annotated[str, typer.Option(help="Jumper and equipment. Bare: kg.")] = "90kg",
    posture: Annotated[str, typer.Option(help="belly, sit, head-down, track...")] = "belly",
    cda: Annotated[str | None, typer.Option(help="Drag area (0.5m2). Default: posture.")] = None,
    aircraft_speed: Annotated[
        str, typer.Option(help="Jump-run indicated airspeed. Bare: kt.")
    ] = "130kt",
    jump_run: Annotated[
        float | None, typer.Option(help="Jump-run track [deg true]. Default: into the wind.")
    ] = None,
    aim: Annotated[str, typer.Option(help="opening (over the aim point) or landing.")] = "opening",
    offset: Annotated[
        str | None, typer.Option(help="Aim point from the target: DISTANCE@BEARING (300m@090).")
    ] = None,
    canopy: Annotated[str, typer.Option(help="ram-air or round.")] = "ram-air",
    groups: Annotated[int, typer.Option(help="Groups exiting on one pass.")] = 1,
    separation: Annotated[str, typer.Option(help="Ground distance between groups.")] = "300m",
    members: Annotated[
        int, typer.Option(help="Monte Carlo members for the dispersion (0: none).")
    ] = 1000,
    seed: Annotated[int, typer.Option(help="Random seed of the dispersion.")] = 0,
    wind_error: Annotated[
        str,
        typer.Option(help='Wind error per component: "3kt" or "0ft:3kt,25000ft:5kt".'),
    ] = "0ft:3kt,33000ft:5kt",
    cda_spread: Annotated[float, typer.Option(help="Relative CdA spread (0.1 = 10 %).")] = 0.10,
    exit_time_error: Annotated[str, typer.Option(help="Exit time error (s).")] = "15s",
    exit_along_error: Annotated[str, typer.Option(help="Exit error along track.")] = "100m",
    exit_cross_error: Annotated[str, typer.Option(help="Exit error across track.")] = "50m",
    radius: Annotated[str, typer.Option(help="Landing area radius.")] = "100m",
    light_window: Annotated[
        str | None,
        typer.Option(help="Exit times that keep the action in the light: START..END (ISO)."),
    ] = None,
    geojson: Annotated[Path | None, typer.Option(help="Write a GeoJSON file.")] = None,
    kml: Annotated[
        Path | None, typer.Option(help="Write a KML file (Google Earth, styled).")
    ] = None,
    kmz: Annotated[Path | None, typer.Option(help="Write the KML zipped as a KMZ file.")] = None,
    gpx: Annotated[Path | None, typer.Option(help="Write a GPX file.")] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text or json.")
    ] = OutputFormat.text,
    units: Annotated[Units, typer.Option(help="Units of the text report.")] = Units.aviation,
) -> None:
    """Find the release point upwind of the target, the jump run and the landing dispersion."""
    lat, lon = _target(target)
    ground = parse_quantity(ground_elevation, "length", "ft", "--ground-elevation")
    exit_m = parse_altitude(exit_altitude, "--exit-altitude").msl_m(ground)
    deploy_m = parse_altitude(deploy_altitude, "--deploy-altitude").msl_m(ground)
    exit_time = None if time is None else _time(time, "--time")
    profile = _profile(wind_file, wind, ground, lat, lon, exit_time)
    given = {
        "--exit-altitude": exit_altitude,
        "--deploy-altitude": deploy_altitude,
        "--ground-elevation": ground_elevation,
        "--mass": mass,
        "--cda": cda,
        "--aircraft-speed": aircraft_speed,
        "--posture": posture,
        "--canopy": canopy,
        "--aim": aim,
        "--groups": groups,
        "--separation": separation,
        "--radius": radius,
        "--jump-run": jump_run,
        "--members": members,
        "--seed": seed,
        "--cda-spread": cda_spread,
        "--exit-time-error": exit_time_error,
        "--exit-along-error": exit_along_error,
        "--exit-cross-error": exit_cross_error,
    }
    with named_after_options(given, _OPTION_OF_FIELD):
        ias = parse_quantity(aircraft_speed, "speed", "kt", "--aircraft-speed")
        jump = fall.Jump(
            exit=fall.Exit(
                exit_m, airspeed_mps=atmosphere.true_airspeed_mps(ias, exit_m), time_utc_s=exit_time
            ),
            deploy_altitude_m=deploy_m,
            body=fall.Body(
                parse_quantity(mass, "mass", "kg", "--mass"),
                posture,
                None if cda is None else parse_quantity(cda, "area", "m2", "--cda"),
            ),
            ground_elevation_m=ground,
            canopy=canopy,
            wind=profile,
        )
        options = release.SpotOptions(
            aim=aim,
            aim_offset_m=(0.0, 0.0) if offset is None else _offset(offset),
            groups=groups,
            group_separation_m=parse_quantity(separation, "length", "m", "--separation"),
            target_radius_m=parse_quantity(radius, "length", "m", "--radius"),
        )
        spot = release.find_release_point(jump, lat, lon, track_deg=jump_run, options=options)
        spread = _dispersion(
            spot, members, seed, ground, exit_time, light_window, wind_error, given
        )
    unit_system = unit_system_of(units)
    geo.write_exports(
        spot,
        spread,
        unit_system,
        {"--geojson": geojson, "--kml": kml, "--kmz": kmz, "--gpx": gpx},
    )
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(release_to_dict(spot, spread, unit_system), indent=2))
    else:
        render_release(spot, Console(), spread, unit_system)


_OPTION_OF_FIELD = {
    "exit.altitude_m": "--exit-altitude",
    "deploy_altitude_m": "--deploy-altitude",
    "ground_elevation_m": "--ground-elevation",
    "body.mass_kg": "--mass",
    "body.cda_m2": "--cda",
    "exit.airspeed_mps": "--aircraft-speed",
    "airspeed_mps": "--aircraft-speed",
    "posture": "--posture",
    "canopy": "--canopy",
    "aim": "--aim",
    "groups": "--groups",
    "group_separation_m": "--separation",
    "target_radius_m": "--radius",
    "radius_m": "--radius",
    "track_deg": "--jump-run",
    "jump run": "--jump-run",
    "members": "--members",
    "seed": "--seed",
    "cda_relative": "--cda-spread",
    "exit_time_s": "--exit-time-error",
    "exit_along_track_m": "--exit-along-error",
    "exit_cross_track_m": "--exit-cross-error",
}
"""Fields named by the library's errors and the options that set them."""


def _profile(wind_file, wind, ground, lat, lon, exit_time):
    allowed = "one of --wind-file PATH or --wind (270@20kt, or ALT:DIR@SPEED levels)"
    if wind_file is None and wind is None:
        raise InputError("--wind", None, allowed, "is missing (the release point needs winds)")
    if wind_file is not None and wind is not None:
        raise InconsistentInputError("--wind", wind, allowed, "is given with --wind-file")
    if wind_file is None:
        return parse_wind_levels(wind, ground, "--wind")
    try:
        return read_wind_file(
            wind_file, ground, target=(lat, lon), time_utc_s=exit_time, field="--wind-file"
        )
    except InputError as error:
        option = {"time": "--time", "target": "--target"}.get(error.field)
        if option is None:
            raise
        raise type(error)(option, error.value, error.allowed, error.problem) from None


def _light_window(light_window: str | None, exit_time: float | None):
    if light_window is None:
        return None
    if exit_time is None:
        raise InputError("--light-window", light_window, "a window with --time", "needs --time")
    start, _, end = light_window.partition("..")
    if not end:
        raise InputError("--light-window", light_window, "START..END, ISO-8601 times")
    return (_time(start, "--light-window"), _time(end, "--light-window"))


def _dispersion(spot, members, seed, ground, exit_time, light_window, wind_error, given):
    if members == 0:
        return None
    check_range("members", members, release.MIN_MEMBERS, release.MAX_MEMBERS)
    check_range("seed", seed, 0, 2**63 - 1, allowed="a non-negative whole number")
    altitudes, sigmas = _wind_error(wind_error, ground)
    if len(altitudes) == 1:
        altitudes, sigmas = (0.0, 1.0), (sigmas[0], sigmas[0])
    uncertainty = release.Uncertainty(
        wind=WindError(altitudes, sigmas),
        cda_relative=given["--cda-spread"],
        exit_time_s=_duration(given["--exit-time-error"], "--exit-time-error"),
        exit_along_track_m=parse_quantity(
            given["--exit-along-error"], "length", "m", "--exit-along-error"
        ),
        exit_cross_track_m=parse_quantity(
            given["--exit-cross-error"], "length", "m", "--exit-cross-error"
        ),
    )
    return release.dispersion(
        spot,
        members=members,
        seed=seed,
        uncertainty=uncertainty,
        radius_m=parse_quantity(given["--radius"], "length", "m", "--radius"),
        light_window=_light_window(light_window, exit_time),
    )
