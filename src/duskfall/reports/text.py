"""The plan as a terminal report (rich), in aviation units by default."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from duskfall.constants import KNOT_MPS, MPH_MPS
from duskfall.light import Window
from duskfall.planning import DISCLAIMER, Plan
from duskfall.reports.formatting import altitude, clock, duration
from duskfall.reports.release import release_table

STATUS_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red"}


def _light_table(plan: Plan, metric: bool) -> Table:
    scenario = plan.scenario
    zone = plan.timezone
    event = "Sunset" if scenario.at == "dusk" else "Sunrise"
    exit_alt = altitude(scenario.exit_altitude_m, metric)
    table = Table(title="Light", title_justify="left", pad_edge=False)
    table.add_column("", style="cyan", no_wrap=True)
    table.add_column("Local", justify="right", no_wrap=True)
    table.add_column("UTC", justify="right", no_wrap=True)
    table.add_column("", style="dim")

    def row(name: str, utc_s: float | None, note: str = "", style: str | None = None) -> None:
        table.add_row(name, clock(utc_s, zone), clock(utc_s), note, style=style)

    def window_rows(name: str, window: Window | None, absent: str) -> None:
        if window is None:
            table.add_row(name, "-", "-", absent)
            return
        row(
            f"{name} opens",
            window.start_utc_s,
            "" if window.start_utc_s is not None else "no edge that day",
        )
        row(f"{name} closes", window.end_utc_s, f"{duration(window.duration_s)} long")

    row(
        f"{event}, ground",
        plan.sunset_ground_utc_s,
        "none that day" if plan.sunset_ground_utc_s is None else "",
    )
    lag = ""
    if plan.sunset_ground_utc_s is not None and plan.sunset_exit_utc_s is not None:
        lag = f"{duration(abs(plan.sunset_exit_utc_s - plan.sunset_ground_utc_s))} from ground"
    row(f"{event}, {exit_alt}", plan.sunset_exit_utc_s, lag or "none that day")
    window_rows(f"{scenario.band.name} at {exit_alt}", plan.light_window, "no light window")
    window_rows("Exit window", plan.exit_window, "the action does not fit")
    if plan.fits:
        row(
            "EXIT",
            plan.exit_time_utc_s,
            f"slack -{duration(plan.slack_before_s)}, +{duration(plan.slack_after_s)}",
            style="bold green",
        )
    return table


def _timeline_table(plan: Plan, metric: bool) -> Table:
    table = Table(title="Timeline", title_justify="left", pad_edge=False)
    table.add_column("", style="cyan", no_wrap=True)
    table.add_column("Local", justify="right", no_wrap=True)
    table.add_column("UTC", justify="right", no_wrap=True)
    table.add_column("Altitude", justify="right", no_wrap=True)
    table.add_column("", style="dim")
    for event in plan.timeline:
        style = "bold green" if event.name.startswith("green light") else None
        table.add_row(
            event.name,
            clock(event.time_utc_s, plan.timezone),
            clock(event.time_utc_s),
            altitude(event.altitude_m, metric),
            event.detail,
            style=style,
        )
    return table


def _checks_table(plan: Plan) -> Table:
    table = Table(
        title=f"Go / no-go: {'GO' if plan.go else 'NO-GO'}",
        title_justify="left",
        pad_edge=False,
        show_header=False,
    )
    table.add_column(no_wrap=True)
    table.add_column(style="cyan", no_wrap=True)
    table.add_column()
    for check in plan.checks:
        table.add_row(
            Text(check.status.upper(), style=STATUS_STYLE[check.status]), check.name, check.detail
        )
    return table


def _facts_table(plan: Plan, metric: bool) -> Table:
    scenario = plan.scenario
    site = scenario.site
    preset = scenario.aircraft.preset
    facts = Table(show_header=False, box=None, pad_edge=False)
    facts.add_column(style="cyan", no_wrap=True)
    facts.add_column()
    deploy = scenario.deploy_altitude_of(scenario.jumper)
    facts.add_row(
        "Exit / deployment",
        f"{altitude(scenario.exit_altitude_m, metric)} MSL / "
        f"{altitude(deploy - site.ground_elevation_m, metric)} AGL",
    )
    for jumper, trajectory in zip(scenario.jumpers, plan.trajectories, strict=True):
        speed = trajectory.max_speed_mps
        facts.add_row(
            f"Jumper {jumper.name}",
            f"{jumper.posture}, {jumper.mass_kg:g} kg: free fall "
            f"{trajectory.freefall_duration_s:.1f} s, peak {speed / MPH_MPS:.0f} mph "
            f"({speed:.1f} m/s) at {altitude(trajectory.max_speed_altitude_m, metric)}"
            f", {trajectory.max_speed_time_s:.0f} s after exit",
        )
    facts.add_row(
        "Action",
        f"{plan.action_duration_s:.1f} s, exit to "
        f"{altitude(scenario.action_end_altitude_m or deploy, metric)} MSL",
    )
    tas = scenario.jump_run_true_airspeed_mps()
    facts.add_row(
        "Aircraft",
        f"{preset.name}, {preset.jump_run_ias_mps / KNOT_MPS:.0f} KIAS = "
        f"{tas / KNOT_MPS:.0f} KTAS at exit, heading "
        f"{plan.release.jump_run_track_deg_true:03.0f} true",
    )
    if plan.exposure_s:
        facts.add_row(
            "Time above",
            ", ".join(
                f"{feet:,} ft {duration(seconds)}"
                for feet, seconds in plan.exposure_s.items()
                if seconds > 0
            )
            or "-",
        )
    return facts


def render_plan(plan: Plan, console: Console, metric: bool = False) -> None:
    """Print the plan: light, exit, timeline, go/no-go, warnings."""
    scenario = plan.scenario
    site = scenario.site
    header = Text.assemble(
        ("duskfall plan  ", "bold"),
        site.name,
        "\n",
        f"{site.latitude_deg:.4f}, {site.longitude_deg:.4f}, ground "
        f"{altitude(site.ground_elevation_m, metric)} MSL, {scenario.date} {scenario.at}, ",
        (plan.timezone, "dim"),
    )
    parts = [header, _light_table(plan, metric), _facts_table(plan, metric)]
    if plan.suggestions:
        parts.append(Text("What would make it fit:", style="bold"))
        parts += [Text(f"  - {s}") for s in plan.suggestions]
    if plan.timeline:
        parts.append(_timeline_table(plan, metric))
        parts.append(release_table(plan.release, plan.dispersion, metric))
    parts.append(_checks_table(plan))
    parts += [Text.assemble(("warning: ", "yellow"), w) for w in dict.fromkeys(plan.warnings)]
    parts.append(Text(DISCLAIMER, style="dim"))
    console.print(Group(*parts))
