"""A simulated jump (and its comparison with a FlySight log) as JSON, text and CSV.

Pure renderers: rounding and display units live here; the figures come from
:class:`duskfall.fall.Trajectory` and :class:`duskfall.io.flysight.FlySightJump`.
"""

from __future__ import annotations

import csv
from typing import IO, Any

from rich.console import Console
from rich.table import Table

from duskfall import __version__
from duskfall.constants import FOOT_M
from duskfall.fall import STAGE_NAMES, Trajectory
from duskfall.io.flysight import FlySightJump
from duskfall.reports.formatting import AVIATION, UnitSystem, rounded
from duskfall.reports.terminal import notice_line
from duskfall.reports.wording import notice_to_dict

CSV_COLUMNS = (
    "time_s",
    "stage",
    "east_m",
    "north_m",
    "altitude_m",
    "velocity_east_mps",
    "velocity_north_mps",
    "velocity_up_mps",
    "airspeed_mps",
    "mach",
    "dynamic_pressure_pa",
)
"""Columns of the trajectory CSV (``latitude_deg``, ``longitude_deg`` follow when the
origin is known)."""


def trajectory_to_dict(
    trajectory: Trajectory, origin: tuple[float, float] | None = None, units=AVIATION
) -> dict[str, Any]:
    """The summary of a simulated jump as a JSON-ready dict.

    Keys carry their unit; altitudes are metres MSL; positions metres East/North of the
    frame's origin (the ground below the exit). With ``origin`` (latitude, longitude of
    that point, degrees) the landing point is also given in degrees.
    """
    t = trajectory
    data: dict[str, Any] = {
        "duskfall_version": __version__,
        "exit_altitude_m": rounded(t.exit_altitude_m, 1),
        "deploy_altitude_m": rounded(t.deploy_altitude_m, 1),
        "ground_elevation_m": rounded(t.ground_elevation_m, 1),
        "deploy_altitude_agl_m": rounded(t.deploy_altitude_m - t.ground_elevation_m, 1),
        "mass_kg": rounded(t.mass_kg, 2),
        "posture": t.posture,
        "cda_m2": rounded(t.cda_m2, 4),
        "canopy": t.canopy,
        "freefall_duration_s": rounded(t.freefall_duration_s, 2),
        "max_speed_mps": rounded(t.max_speed_mps, 2),
        "max_speed_time_s": rounded(t.max_speed_time_s, 2),
        "max_speed_altitude_m": rounded(t.max_speed_altitude_m, 0),
        "max_airspeed_mps": rounded(t.max_airspeed_mps, 2),
        "max_mach": rounded(t.max_mach, 3),
        "time_to_95_percent_terminal_s": rounded(t.time_to_95_percent_terminal_s, 2),
        "deploy_east_m": rounded(t.deploy_east_m, 1),
        "deploy_north_m": rounded(t.deploy_north_m, 1),
        "opening_time_s": rounded(t.opening_time_s, 2),
        "opening_altitude_m": rounded(t.opening_altitude_m, 1),
        "landing_time_s": rounded(t.landing_time_s, 1),
        "landing_east_m": rounded(t.landing_east_m, 1),
        "landing_north_m": rounded(t.landing_north_m, 1),
        "drift_m": rounded(t.drift_m, 1),
        "reach_radius_m": rounded(t.reach_radius_m, 1),
        "warnings": [notice_to_dict(n, units) for n in t.notices],
    }
    if origin is not None:
        import pymap3d

        lat, lon, _ = pymap3d.enu2geodetic(
            t.landing_east_m, t.landing_north_m, 0.0, origin[0], origin[1], t.ground_elevation_m
        )
        data["origin_lat"], data["origin_lon"] = origin
        data["landing_lat"] = round(float(lat), 6)
        data["landing_lon"] = round(float(lon), 6)
    return data


def jump_to_dict(jump: FlySightJump) -> dict[str, Any]:
    """The figures found in a FlySight log as a JSON-ready dict (same keys as a
    trajectory where the quantity is the same)."""
    return {
        "file": jump.log.name,
        "format": jump.log.format,
        "ground_elevation_m": rounded(jump.ground_elevation_m, 1),
        "exit_altitude_m": rounded(jump.exit_altitude_m, 1),
        "deploy_altitude_m": rounded(jump.deploy_altitude_m, 1),
        "exit_ground_speed_mps": rounded(jump.exit_ground_speed_mps, 1),
        "exit_track_deg": rounded(jump.exit_track_deg, 0),
        "freefall_duration_s": rounded(jump.freefall_duration_s, 2),
        "max_speed_mps": rounded(jump.max_speed_mps, 2),
        "max_speed_time_s": rounded(jump.max_speed_time_s, 2),
        "max_speed_altitude_m": rounded(jump.max_speed_altitude_m, 0),
        "landing_time_s": rounded(jump.landing_time_s, 1),
        "landing_east_m": rounded(jump.landing_east_m, 1),
        "landing_north_m": rounded(jump.landing_north_m, 1),
        "opening_duration_s": rounded(jump.opening_duration_s, 1),
        "opening_altitude_loss_m": rounded(jump.opening_altitude_loss_m, 0),
        "canopy_sink_mps": rounded(jump.canopy_sink_mps, 2),
        "cda_per_kg_m2": rounded(jump.cda_per_kg_m2, 5),
    }


COMPARED = (
    "freefall_duration_s",
    "max_speed_mps",
    "max_speed_time_s",
    "max_speed_altitude_m",
    "landing_time_s",
)
"""Figures compared between a log and its simulation."""


def comparison_to_dict(
    trajectory: Trajectory, jump: FlySightJump, units: UnitSystem = AVIATION
) -> dict[str, Any]:
    """A simulation of a logged jump beside the log: both summaries and the differences
    (model minus log) of the shared figures."""
    model = trajectory_to_dict(trajectory, units=units)
    logged = jump_to_dict(jump)
    return {
        "duskfall_version": __version__,
        "model": model,
        "flysight": logged,
        "difference": {
            key: rounded(getattr(trajectory, key) - getattr(jump, key), 2) for key in COMPARED
        },
        "warnings": model["warnings"],
    }


def _speed(mps: float, units: UnitSystem) -> str:
    return units.fall_rate(mps) + ("" if units.metric else f" ({mps:.1f} m/s)")


def render_trajectory(
    trajectory: Trajectory, console: Console, units: UnitSystem = AVIATION
) -> None:
    """Print the summary of a simulated jump."""
    t = trajectory
    console.print(
        f"[bold]duskfall fall[/bold]  {t.posture}, {t.mass_kg:g} kg, CdA {t.cda_m2:.3f} m^2, "
        f"{t.canopy} canopy"
    )
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="cyan", no_wrap=True)
    table.add_column()
    ground = t.ground_elevation_m
    table.add_row(
        "Exit / deployment",
        f"{units.altitude(t.exit_altitude_m)} MSL / "
        f"{units.altitude(t.deploy_altitude_m - ground)} AGL "
        f"(ground {units.altitude(ground)} MSL)",
    )
    table.add_row("Free fall", f"{t.freefall_duration_s:.1f} s")
    table.add_row(
        "Peak fall rate",
        f"{_speed(t.max_speed_mps, units)} at {units.altitude(t.max_speed_altitude_m)}, "
        f"{t.max_speed_time_s:.1f} s after exit",
    )
    table.add_row("Peak airspeed", f"{_speed(t.max_airspeed_mps, units)}, Mach {t.max_mach:.2f}")
    t95 = t.time_to_95_percent_terminal_s
    table.add_row("95 % of terminal", "never" if t95 is None else f"{t95:.1f} s after exit")
    table.add_row(
        "Deployment point",
        f"{t.deploy_east_m:,.0f} m east, {t.deploy_north_m:,.0f} m north of the origin",
    )
    table.add_row(
        "Landing",
        f"{t.landing_time_s:.0f} s after exit, {t.landing_east_m:,.0f} m east, "
        f"{t.landing_north_m:,.0f} m north ({t.drift_m:,.0f} m from the exit point)",
    )
    console.print(table)
    for notice in t.notices:
        console.print(notice_line(notice, units))


def render_comparison(
    trajectory: Trajectory, jump: FlySightJump, console: Console, units: UnitSystem = AVIATION
) -> None:
    """Print a simulated jump beside the FlySight log it reproduces."""
    metric = units.metric
    console.print(
        f"[bold]duskfall fall[/bold] vs FlySight log {jump.log.name} ({jump.log.format}): "
        f"exit {units.altitude(jump.exit_altitude_m)} MSL, deployment "
        f"{units.altitude(jump.deploy_altitude_m)} MSL, ground "
        f"{units.altitude(jump.ground_elevation_m)} MSL"
    )
    console.print(
        f"model: {trajectory.posture}, CdA/m {trajectory.cda_m2 / trajectory.mass_kg:.5f} m^2/kg "
        f"(log, quasi-steady: {jump.cda_per_kg_m2:.5f})"
    )
    table = Table(pad_edge=False)
    table.add_column("", style="cyan", no_wrap=True)
    table.add_column("log", justify="right")
    table.add_column("model", justify="right")
    table.add_column("model - log", justify="right")
    rows = (
        ("Free fall, s", "freefall_duration_s", 1.0),
        ("Peak fall rate, m/s", "max_speed_mps", 1.0),
        ("Peak, s after exit", "max_speed_time_s", 1.0),
        (
            f"Peak, {'m' if metric else 'ft'} MSL",
            "max_speed_altitude_m",
            1.0 if metric else 1 / FOOT_M,
        ),
        ("Landing, s after exit", "landing_time_s", 1.0),
    )
    for label, key, factor in rows:
        logged = getattr(jump, key) * factor
        model = getattr(trajectory, key) * factor
        digits = 0 if "MSL" in label else 1
        table.add_row(
            label, f"{logged:,.{digits}f}", f"{model:,.{digits}f}", f"{model - logged:+,.{digits}f}"
        )
    console.print(table)
    for notice in trajectory.notices:
        console.print(notice_line(notice, units))


def write_trajectory_csv(
    trajectory: Trajectory, stream: IO[str], origin: tuple[float, float] | None = None
) -> None:
    """Write every sample of a trajectory as CSV (header row, SI units in the names).

    ``stage`` is written as its name (freefall, deployment, canopy). With ``origin``
    (latitude, longitude of the frame's origin, degrees) latitude and longitude columns
    are added.
    """
    t = trajectory
    columns = list(CSV_COLUMNS)
    lat = lon = None
    if origin is not None:
        lat, lon = t.geodetic(*origin)
        columns += ["latitude_deg", "longitude_deg"]
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    for i in range(t.time_s.size):
        row = [
            f"{t.time_s[i]:.3f}",
            STAGE_NAMES[int(t.stage[i])],
            f"{t.east_m[i]:.2f}",
            f"{t.north_m[i]:.2f}",
            f"{t.altitude_m[i]:.2f}",
            f"{t.velocity_east_mps[i]:.3f}",
            f"{t.velocity_north_mps[i]:.3f}",
            f"{t.velocity_up_mps[i]:.3f}",
            f"{t.airspeed_mps[i]:.3f}",
            f"{t.mach[i]:.4f}",
            f"{t.dynamic_pressure_pa[i]:.1f}",
        ]
        if lat is not None:
            row += [f"{lat[i]:.7f}", f"{lon[i]:.7f}"]
        writer.writerow(row)
