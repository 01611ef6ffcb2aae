"""The plan as a terminal report (rich), in aviation units by default."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from duskfall.constants import FOOT_M, KNOT_MPS, MPH_MPS
from duskfall.light import Window
from duskfall.planning import Plan
from duskfall.timeutil import local_datetime, utc_datetime


def _clock(utc_s: float | None, zone: str | None = None) -> str:
    if utc_s is None:
        return "-"
    when = local_datetime(round(utc_s), zone) if zone else utc_datetime(round(utc_s))
    return f"{when:%H:%M:%S}"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "open"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def _altitude(metres: float, metric: bool) -> str:
    return f"{metres:,.0f} m" if metric else f"{metres / FOOT_M:,.0f} ft"


def _times_table(plan: Plan, metric: bool) -> Table:
    scenario = plan.scenario
    zone = plan.timezone
    event = "Sunset" if scenario.at == "dusk" else "Sunrise"
    exit_alt = _altitude(scenario.exit_altitude_m, metric)
    table = Table(title_justify="left", pad_edge=False)
    table.add_column("", style="cyan", no_wrap=True)
    table.add_column("Local", justify="right", no_wrap=True)
    table.add_column("UTC", justify="right", no_wrap=True)
    table.add_column("", style="dim")

    def row(name: str, utc_s: float | None, note: str = "", style: str | None = None) -> None:
        table.add_row(name, _clock(utc_s, zone), _clock(utc_s), note, style=style)

    def window_rows(name: str, window: Window | None, absent: str) -> None:
        if window is None:
            table.add_row(name, "-", "-", absent)
            return
        row(
            f"{name} opens",
            window.start_utc_s,
            "" if window.start_utc_s is not None else "no edge that day",
        )
        row(f"{name} closes", window.end_utc_s, f"{_duration(window.duration_s)} long")

    row(
        f"{event}, ground",
        plan.sunset_ground_utc_s,
        "none that day" if plan.sunset_ground_utc_s is None else "",
    )
    lag = ""
    if plan.sunset_ground_utc_s is not None and plan.sunset_exit_utc_s is not None:
        lag = f"{_duration(abs(plan.sunset_exit_utc_s - plan.sunset_ground_utc_s))} from ground"
    row(f"{event}, {exit_alt}", plan.sunset_exit_utc_s, lag or "none that day")
    window_rows(f"Light ({scenario.band.name}) at exit", plan.light_window, "no light window")
    window_rows("Exit window", plan.exit_window, "the action does not fit")
    if plan.fits:
        row(
            "EXIT",
            plan.exit_time_utc_s,
            f"slack -{_duration(plan.slack_before_s)}, +{_duration(plan.slack_after_s)}",
            style="bold green",
        )
    return table


def render_plan(plan: Plan, console: Console, metric: bool = False) -> None:
    """Print the plan: sunsets, light window, fall, exit time, slack, warnings."""
    scenario = plan.scenario
    site = scenario.site
    trajectory = plan.trajectory
    console.print(
        f"[bold]duskfall plan[/bold]  {site.name}\n"
        f"{site.latitude_deg:.4f}, {site.longitude_deg:.4f}, ground "
        f"{_altitude(site.ground_elevation_m, metric)} MSL  {scenario.date} {scenario.at}  "
        f"[dim]{plan.timezone}[/dim]"
    )
    console.print(_times_table(plan, metric))

    facts = Table(show_header=False, box=None, pad_edge=False)
    facts.add_column(style="cyan", no_wrap=True)
    facts.add_column()
    facts.add_row(
        "Exit / deployment",
        f"{_altitude(scenario.exit_altitude_m, metric)} MSL / "
        f"{_altitude(scenario.deploy_altitude_m - site.ground_elevation_m, metric)} AGL",
    )
    facts.add_row("Jumper", f"{scenario.jumper.posture}, {scenario.jumper.mass_kg:g} kg")
    facts.add_row(
        "Aircraft",
        f"{scenario.aircraft.name}, "
        f"{scenario.aircraft.indicated_airspeed_mps / KNOT_MPS:.0f} KIAS = "
        f"{trajectory.max_airspeed_mps / KNOT_MPS:.0f} KTAS at exit",
    )
    facts.add_row(
        "Free fall",
        f"{_duration(trajectory.freefall_duration_s)} ({trajectory.freefall_duration_s:.1f} s)",
    )
    speed = trajectory.max_speed_mps
    facts.add_row(
        "Peak fall rate",
        f"{speed / MPH_MPS:.0f} mph ({speed:.1f} m/s) at "
        f"{_altitude(trajectory.max_speed_altitude_m, metric)}, "
        f"{trajectory.max_speed_time_s:.0f} s after exit",
    )
    facts.add_row("Action fits", "[green]yes[/green]" if plan.fits else "[red]no[/red]")
    console.print(facts)
    for warning in plan.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}")
