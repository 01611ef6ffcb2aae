"""The plan as a terminal report (rich), in aviation units by default."""

from __future__ import annotations

import math

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from duskfall.constants import KNOT_MPS
from duskfall.light import Window
from duskfall.planning import DISCLAIMER, Plan
from duskfall.reports import wording
from duskfall.reports.formatting import (
    AVIATION,
    UnitSystem,
    clock,
    duration,
    slack_text,
    window_close_note,
)
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
        note = window_close_note(window.start_utc_s, window.end_utc_s)
        row(f"{name} closes", window.end_utc_s, note)

    row(
        f"{event}, ground",
        plan.sunset_ground_utc_s,
        "none that day" if plan.sunset_ground_utc_s is None else "",
    )
    lag = ""
    if plan.sunset_ground_utc_s is not None and plan.sunset_exit_utc_s is not None:
        lag = f"{duration(abs(plan.sunset_exit_utc_s - plan.sunset_ground_utc_s))} from ground"
    if not lag and plan.sunset_exit_utc_s is None:
        lag = "none that day"
    row(f"{event}, {exit_alt}", plan.sunset_exit_utc_s, lag)
    window_rows(wording.light_window_name(scenario, units), plan.light_window, "no light window")
    window_rows("Exit window", plan.exit_window, "the action does not fit")
    if plan.fits:
        row(
            "EXIT",
            plan.exit_time_utc_s,
            f"slack {slack_text(plan.slack_before_s, plan.slack_after_s)}",
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


def _sun_at(at, first: bool) -> str:
    """``265° true, 3.7° above the horizon, ahead (12 o'clock, 5° left of the jump run)``."""
    turn = at.relative_to_jump_run_deg
    side = "right" if turn > 0 else "left"
    off = f"{abs(turn):.0f}° {side} of the jump run" if round(abs(turn)) else "on the jump run"
    where = "above" if at.elevation_above_horizon_deg >= 0 else "below"
    horizon = " the horizon" if first else ""
    return (
        f"{at.azimuth_deg:03.0f}° true, {abs(at.elevation_above_horizon_deg):.1f}° {where}"
        f"{horizon}, {at.side} ({at.clock} o'clock, {off})"
    )


def _sun_line(plan: Plan) -> str:
    """The Sun at exit, at the end of the action and at deployment."""
    sun = plan.sun
    parts = [f"at exit {_sun_at(sun.exit, True)}"]
    if abs(sun.action_end.time_utc_s - sun.deployment.time_utc_s) > 0.5:
        parts.append(f"at the action's end {_sun_at(sun.action_end, False)}")
    parts.append(f"at deployment {_sun_at(sun.deployment, False)}")
    return "; ".join(parts)


def _camera_line(plan: Plan) -> str:
    """Where the camera looks, the lighting it gives and the Sun in frame."""
    camera = plan.sun.camera
    zone = plan.timezone
    line = (
        f"{camera.flyer} to {camera.subject}"
        if camera.line_of_sight == "flyer"
        else f"level at {camera.heading_deg:03.0f}° true"
    )
    start, end = camera.start, camera.end
    text = f"{line}: {start.lighting or 'no line of sight'} at the start"
    if start.lighting and start.lighting != "in shadow":
        text += f" (Sun {start.sun_angle_deg:.0f}° off the line of sight)"
    text += f", {end.lighting or 'no line of sight'} at the end"
    lit = ", ".join(
        f"{name} {seconds:.0f} s" for name, seconds in camera.lighting_s.items() if seconds
    )
    text += f"; {lit}" if lit else ""
    if camera.in_frame_s is not None:
        view = f"Sun in a {camera.field_of_view_deg:g}° frame"
        if camera.first_in_frame_utc_s is None:
            text += f"; no {view}"
        else:
            text += (
                f"; {view} {camera.in_frame_s:.1f} s, {clock(camera.first_in_frame_utc_s, zone)}"
                f" to {clock(camera.last_in_frame_utc_s, zone)}"
            )
    return text


def _formation_line(plan: Plan, units: UnitSystem) -> str:
    """Who leaves first, where they are level, how close, and what keeps them level."""
    f = plan.formation
    length = wording.length
    if f.exit_separation_s == 0:
        text = f"{f.subject} and {f.flyer} exit together"
    else:
        later, first = (f.subject, f.flyer) if f.exit_separation_s < 0 else (f.flyer, f.subject)
        text = (
            f"{later} exits {abs(f.exit_separation_s):.1f} s after {first} "
            f"({length(f.exit_separation_m, units)} along the jump run)"
        )
    if not f.together:
        return text + "; never in free fall together"
    if f.meet_time_s is not None:
        text += (
            f"; level at {units.altitude(f.meet_altitude_m)}, {f.meet_time_s:.1f} s after the "
            f"green light, {length(f.meet_horizontal_separation_m, units)} apart horizontally"
        )
    else:
        text += "; never level"
    if f.closing_time_s is not None:
        text += (
            f"; within {length(f.closing_distance_m, units)} vertically for "
            f"{f.within_closing_distance_s:.1f} s"
        )
    text += f"; closest {length(f.closest_approach_m, units)}"
    end = f.vertical_separation_at_action_end_m
    if end is not None:
        above = f.flyer if end > 0 else f.subject
        below = f.subject if end > 0 else f.flyer
        text += f"; at the action's end {above} {length(end, units)} above {below}"
    if f.slower_level_cda_m2 is not None:
        posture = f" ({f.slower_level_posture})" if f.slower_level_posture else ""
        text += f"; to stay level {f.slower} must hold {f.slower_level_cda_m2:.2f} m²{posture}"
    return text


def _positions_line(plan: Plan) -> str:
    """The light at the real positions, and the aircraft's own on its jump run."""
    positions = plan.light_at_positions
    aircraft = positions.aircraft
    pace = "slower" if aircraft.rate_change < 0 else "faster"
    shift = aircraft.red_light_shift_s
    return (
        "exit window at the jumpers' own positions (against the target's): opens "
        f"{wording.earlier(positions.opening_shift_s)}, closes "
        f"{wording.earlier(positions.closing_shift_s)}; on the jump run "
        f"the aircraft's own Sun moves {abs(aircraft.rate_change) * 100:.0f} % {pace} (at the "
        f"stand-by red light its light is the green-light point's {abs(shift):.0f} s "
        f"{'later' if shift >= 0 else 'earlier'})"
    )


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
        f"{preset.name}, {_speeds(plan, units)} at exit, {wording.jump_run(plan.release)}",
    )
    facts.add_row("The shot", wording.shot_line(plan))
    if plan.light_levels is not None:
        facts.add_row("Brightness", wording.brightness_line(plan.light_levels))
    facts.add_row("Winds", wording.wind_summary(plan.wind_used))
    if plan.sun is not None:
        facts.add_row("Sun", _sun_line(plan))
        if plan.sun.camera is not None:
            facts.add_row("Camera", _camera_line(plan))
    if plan.formation is not None:
        facts.add_row("Formation", _formation_line(plan, units))
    if plan.light_at_positions is not None:
        facts.add_row("Real positions", _positions_line(plan))
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


def _bearing_distance(east_m: float, north_m: float, units: UnitSystem) -> str:
    """``0.35 NM at 270°``: a ground distance and the bearing it lies at."""
    bearing = math.degrees(math.atan2(east_m, north_m)) % 360.0
    return f"{units.distance(math.hypot(east_m, north_m))} at {bearing:03.0f}°"


def _sweep_table(plan: Plan, units: UnitSystem) -> Table:
    """The spot at each forecast hour: release point, free fall, jump run, exit wind."""
    table = Table(
        title="The spot hour by hour (exit on the hour)",
        title_justify="left",
        pad_edge=False,
        caption="release point from the target; free fall from exit to deployment "
        "(forward throw and wind drift)",
        caption_justify="left",
    )
    for name in ("Local", "UTC", "Release point", "Free fall", "Jump run", "Heading"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column(f"Wind at {units.altitude(plan.scenario.exit_altitude_m)}", no_wrap=True)
    table.add_column("", style="dim")
    used = plan.wind_used.valid_times_utc_s if plan.wind_used is not None else ()
    mark = f"exit {clock(plan.exit_time_utc_s, plan.timezone, seconds=False)}"
    for hour in plan.sweep:
        point = hour.release_point
        table.add_row(
            clock(hour.time_utc_s, plan.timezone, seconds=False),
            clock(hour.time_utc_s, seconds=False),
            _bearing_distance(point.east_m, point.north_m, units),
            _bearing_distance(hour.freefall_east_m, hour.freefall_north_m, units),
            f"{hour.jump_run_track_deg_true:03.0f}°",
            f"{hour.aircraft_heading_deg_true:03.0f}°",
            f"{hour.exit_wind_from_deg:03.0f}° at {units.speed(hour.exit_wind_speed_mps)}",
            mark if used and hour.time_utc_s == used[0] else "",
            style="bold" if hour.time_utc_s in used else None,
        )
    return table


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
    if plan.sweep:
        parts.append(_sweep_table(plan, units))
    parts.append(_checks_table(plan, units))
    parts += [notice_line(notice, units) for notice in plan.notices]
    parts.append(Text(DISCLAIMER, style="dim"))
    console.print(Group(*parts))
