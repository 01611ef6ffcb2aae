"""The plan as a terminal report (rich), in aviation units by default."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from duskfall.constants import KNOT_MPS
from duskfall.light import Window
from duskfall.planning import DISCLAIMER, Plan
from duskfall.reports import wording
from duskfall.reports.formatting import AVIATION, UnitSystem, clock, duration
from duskfall.reports.release import release_table
from duskfall.reports.terminal import STATUS_STYLE, notice_line


def _light_table(plan: Plan, units: UnitSystem) -> Table:
    scenario = plan.scenario
    zone = plan.timezone
    event = "Sunset" if scenario.at == "dusk" else "Sunrise"
    exit_alt = units.altitude(scenario.exit_altitude_m)
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


def _timeline_table(plan: Plan, units: UnitSystem) -> Table:
    table = Table(title="Timeline", title_justify="left", pad_edge=False)
    table.add_column("", style="cyan", no_wrap=True)
    table.add_column("Local", justify="right", no_wrap=True)
    table.add_column("UTC", justify="right", no_wrap=True)
    table.add_column("Altitude", justify="right", no_wrap=True)
    table.add_column("", style="dim")
    for event in plan.events:
        style = "bold green" if event.code == "green-light" else None
        table.add_row(
            wording.event_name(event, units),
            clock(event.time_utc_s, plan.timezone),
            clock(event.time_utc_s),
            units.altitude(event.altitude_m),
            wording.event_detail(event, units),
            style=style,
        )
    return table


def _checks_table(plan: Plan, units: UnitSystem) -> Table:
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
            Text(check.severity.upper(), style=STATUS_STYLE[check.severity]),
            wording.check_name(check),
            wording.describe(check, units),
        )
    return table


def _speeds(plan: Plan, units: UnitSystem) -> str:
    """The jump-run speeds: ``130 KIAS = 194 KTAS``, or ``IAS 66.9 m/s = TAS 99.9 m/s``."""
    ias = plan.scenario.aircraft.preset.jump_run_ias_mps
    tas = plan.jump_run.airspeed_mps
    if units.metric:
        return f"IAS {ias:.1f} m/s = TAS {tas:.1f} m/s"
    return f"{ias / KNOT_MPS:.0f} KIAS = {tas / KNOT_MPS:.0f} KTAS"


def _facts_table(plan: Plan, units: UnitSystem) -> Table:
    scenario = plan.scenario
    site = scenario.site
    preset = scenario.aircraft.preset
    facts = Table(show_header=False, box=None, pad_edge=False)
    facts.add_column(style="cyan", no_wrap=True)
    facts.add_column()
    deploy = scenario.deploy_altitude_of(scenario.jumper)
    facts.add_row(
        "Exit / deployment",
        f"{units.altitude(scenario.exit_altitude_m)} MSL / "
        f"{units.altitude(deploy - site.ground_elevation_m)} AGL",
    )
    for jumper, trajectory in zip(scenario.jumpers, plan.trajectories, strict=True):
        speed = trajectory.max_speed_mps
        peak = units.fall_rate(speed) + ("" if units.metric else f" ({speed:.1f} m/s)")
        facts.add_row(
            f"Jumper {jumper.name}",
            f"{jumper.posture}, {jumper.mass_kg:g} kg: free fall "
            f"{trajectory.freefall_duration_s:.1f} s, peak {peak} at "
            f"{units.altitude(trajectory.max_speed_altitude_m)}"
            f", {trajectory.max_speed_time_s:.0f} s after exit",
        )
    facts.add_row(
        "Action",
        f"{plan.action_duration_s:.1f} s, exit to "
        f"{units.altitude(scenario.action_end_altitude_m or deploy)} MSL",
    )
    facts.add_row(
        "Aircraft",
        f"{preset.name}, {_speeds(plan, units)} at exit, heading "
        f"{plan.release.jump_run_track_deg_true:03.0f} true",
    )
    if plan.timeline is not None:
        facts.add_row(
            "Time above",
            ", ".join(
                f"{units.altitude(metres)} {duration(seconds)}"
                for metres, seconds in plan.timeline.exposure_s.items()
                if seconds > 0
            )
            or "-",
        )
    return facts


def render_plan(plan: Plan, console: Console, units: UnitSystem = AVIATION) -> None:
    """Print the plan: light, exit, timeline, go/no-go, notices."""
    scenario = plan.scenario
    site = scenario.site
    header = Text.assemble(
        ("duskfall plan  ", "bold"),
        site.name,
        "\n",
        f"{site.latitude_deg:.4f}, {site.longitude_deg:.4f}, ground "
        f"{units.altitude(site.ground_elevation_m)} MSL, {scenario.date} {scenario.at}, ",
        (plan.timezone, "dim"),
    )
    parts = [header, _light_table(plan, units), _facts_table(plan, units)]
    if plan.suggestions:
        parts.append(Text("What would make it fit:", style="bold"))
        parts += [Text(f"  - {wording.suggestion_text(s, units)}") for s in plan.suggestions]
    if plan.timeline is not None:
        parts.append(_timeline_table(plan, units))
        parts.append(release_table(plan.release, plan.dispersion, units))
    parts.append(_checks_table(plan, units))
    parts += [notice_line(notice, units) for notice in plan.notices]
    parts.append(Text(DISCLAIMER, style="dim"))
    console.print(Group(*parts))
