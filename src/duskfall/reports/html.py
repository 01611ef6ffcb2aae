"""The plan as one self-contained HTML page: tables, checks and the figures embedded.

The markup is in Jinja2 templates (``templates/``, autoescaped) and the styles in one style
sheet (``templates/report.css``) inlined when the page is rendered; this module only words
the plan into plain data for them (:func:`page_context`). The partials of
``templates/_macros.html.j2`` (a summary box, a table, the checks, the timeline, the
release table, a figure, the shortfall box) take that data alone, so other pages can reuse
them.

The page needs nothing else: no scripts, no fonts, no style sheets or images from
elsewhere (the figures are base64 ``data:`` URIs), so it can be mailed, opened offline on
a tablet at the drop zone and printed (print styles keep figures and tables whole on A4
pages). On a phone its tables become cards and every figure is drawn again in a narrow
layout that the browser picks (``<picture>``). :func:`write_pdf` prints it to PDF with
WeasyPrint, an optional dependency (``pip install "duskfall[pdf]"``).

Like every renderer, this module computes no physics: the figures' series come from
:mod:`duskfall.planning.figure_data`, the numbers from the plan. Times are shown in the site's
local time and in UTC; altitudes in feet (or metres), speeds in mph and knots, distances
in nautical miles (or metres and kilometres).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from duskfall import __version__
from duskfall.constants import KNOT_MPS
from duskfall.errors import InputError
from duskfall.light import Window
from duskfall.notices import merge
from duskfall.planning import DISCLAIMER, Plan
from duskfall.planning.figure_data import (
    LightSeries,
    TrackSeries,
    make_light_series,
    make_track_series,
)
from duskfall.reports import figures as figures_module
from duskfall.reports import wording
from duskfall.reports.formatting import (
    AVIATION,
    UnitSystem,
    clock,
    duration,
    ellipse_text,
    slack_text,
    window_close_note,
    window_length,
)

if TYPE_CHECKING:
    import jinja2
    from matplotlib.figure import Figure

IMAGE_FORMATS = ("png", "svg")

REPORT_DPI = 150.0
"""Resolution of PNG figures [dots per inch]: sharp on a tablet and on paper at the
page's width (10 in figures print about 7 in wide: 210 dpi)."""

PHONE_DPI_SCALE = 2.0
"""A phone figure (4.2 in) is drawn at this many times the wide figure's resolution: a
phone shows it about 350 CSS px wide on a screen of two or three device pixels per CSS
pixel, so it gets about as many pixels as the wide figure."""

TEMPLATES = "templates"
"""The folder of the page's templates and style sheet, inside this package."""

STYLESHEET = "report.css"


# --- What the templates are given ----------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A table cell: its text, a CSS class (``num`` for numbers, ``lead`` for the first
    cell of a card on a phone) and a small note below it (a source)."""

    text: str
    css: str = ""
    note: str = ""


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    css: str = ""
    """``highlight`` for the planned exit, ``inline`` to set numbers side by side on a
    phone."""


@dataclass(frozen=True)
class TableData:
    """A table for the ``table`` macro: a header (each cell's label on a phone) and rows."""

    header: tuple[str, ...]
    rows: tuple[Row, ...]
    css: str = "cards"


@dataclass(frozen=True)
class FigureImage:
    """One rendering of a figure."""

    data_uri: str
    width_in: float
    """Width of the figure [in]."""
    smallest_font_pt: float
    """Its smallest text [pt] (:func:`duskfall.reports.figures.smallest_font_pt`)."""


@dataclass(frozen=True)
class ReportFigure:
    """One embedded figure: wide (for a page, a tablet and paper) and, optionally, for a
    phone (chosen by the browser below 40 rem)."""

    name: str
    title: str
    caption: str
    data_uri: str
    width_in: float = 10.0
    smallest_font_pt: float = 0.0
    phone: FigureImage | None = None


@dataclass(frozen=True)
class Section:
    """A titled section with a table, or a sentence when there is none."""

    title: str
    table: TableData | None = None
    absent: str = ""
    exposure: str = ""


@dataclass(frozen=True)
class Shortfall:
    """The top of a page whose action does not fit: by how much, and what would fit."""

    title: str
    headline: str
    suggestions: tuple[str, ...] = field(default_factory=tuple)


def _text_row(*texts: str, numeric: set[int] | None = None, css: str = "") -> Row:
    """A row of plain cells; the first leads a card on a phone; ``numeric`` right-aligned."""
    numeric = numeric or set()
    cells = tuple(
        Cell(text, "num" if i in numeric else ("lead" if i == 0 else ""))
        for i, text in enumerate(texts)
    )
    return Row(cells, css)


def _both(utc_s: float | None, zone: str) -> str:
    """``18:22:38 local (14:22:38 UTC)``."""
    if utc_s is None:
        return "-"
    return f"{clock(utc_s, zone)} local ({clock(utc_s)} UTC)"


def _window_text(window: Window | None, zone: str) -> str:
    if window is None:
        return "none"
    start = "open" if window.start_utc_s is None else clock(window.start_utc_s, zone)
    end = "open" if window.end_utc_s is None else clock(window.end_utc_s, zone)
    return f"{start} to {end} local ({window_length(window)})"


def _wind_text(direction_from_deg: float, speed_mps: float, units: UnitSystem) -> str:
    """``from 290° 55 kt``, or ``calm`` below half a knot."""
    if speed_mps < 0.5 * KNOT_MPS:
        return "calm"
    return f"from {direction_from_deg:03.0f}° {units.speed(speed_mps)}"


def _where(metres: float, units: UnitSystem) -> str:
    """A distance from the target as the text report gives it: ``0.46 NM (849 m)``, or
    ``849 m`` in metric."""
    text = units.distance(metres)
    return text if units.metric else f"{text} ({metres:,.0f} m)"


# --- Sections ------------------------------------------------------------------------------


def _checks_section(plan: Plan, units: UnitSystem) -> Section:
    rows = tuple(
        Row(
            (
                Cell(check.severity.upper(), f"status {check.severity}"),
                Cell(wording.check_name(check), "lead"),
                Cell(wording.describe(check, units), "", check.source or ""),
            )
        )
        for check in plan.checks
    )
    table = TableData(("status", "check", "detail and source"), rows, "cards checks")
    return Section(f"Go / no-go: {'GO' if plan.go else 'NO-GO'}", table)


def _window_rows(name: str, window: Window | None, zone: str) -> list[Row]:
    if window is None:
        return [_text_row(name, "-", "-", "none", numeric={1, 2}, css="inline")]
    return [
        _text_row(
            f"{name} opens",
            clock(window.start_utc_s, zone),
            clock(window.start_utc_s),
            "" if window.start_utc_s is not None else "no edge that day",
            numeric={1, 2},
            css="inline",
        ),
        _text_row(
            f"{name} closes",
            clock(window.end_utc_s, zone),
            clock(window.end_utc_s),
            window_close_note(window.start_utc_s, window.end_utc_s),
            numeric={1, 2},
            css="inline",
        ),
    ]


def _light_table(plan: Plan, units: UnitSystem) -> TableData:
    scenario = plan.scenario
    zone = plan.timezone
    word = "Sunset" if scenario.at == "dusk" else "Sunrise"
    exit_alt = units.altitude(scenario.exit_altitude_m)
    lag = "" if plan.sunset_exit_utc_s is not None else "none that day"
    if plan.sunset_ground_utc_s is not None and plan.sunset_exit_utc_s is not None:
        after = plan.sunset_exit_utc_s - plan.sunset_ground_utc_s
        lag = f"{duration(abs(after))} {'later' if after >= 0 else 'earlier'}"
    rows = [
        _text_row(
            f"{word}, ground",
            clock(plan.sunset_ground_utc_s, zone),
            clock(plan.sunset_ground_utc_s),
            "" if plan.sunset_ground_utc_s is not None else "none that day",
            numeric={1, 2},
            css="inline",
        ),
        _text_row(
            f"{word}, {exit_alt}",
            clock(plan.sunset_exit_utc_s, zone),
            clock(plan.sunset_exit_utc_s),
            lag,
            numeric={1, 2},
            css="inline",
        ),
    ]
    rows += _window_rows(wording.light_window_name(scenario, units), plan.light_window, zone)
    rows += _window_rows("Exit window", plan.exit_window, zone)
    if plan.fits:
        rows.append(
            _text_row(
                "EXIT (green light)",
                clock(plan.exit_time_utc_s, zone),
                clock(plan.exit_time_utc_s),
                f"slack {slack_text(plan.slack_before_s, plan.slack_after_s)}",
                numeric={1, 2},
                css="inline highlight",
            )
        )
    return TableData(("", "local", "UTC", ""), tuple(rows))


def _timeline_section(plan: Plan, units: UnitSystem) -> Section:
    if plan.timeline is None:
        return Section("Timeline", absent="No timeline: the action does not fit in the light.")
    rows = tuple(
        _text_row(
            wording.event_name(e, units),
            clock(e.time_utc_s, plan.timezone),
            clock(e.time_utc_s),
            units.altitude(e.altitude_m),
            wording.event_detail(e, units),
            numeric={1, 2, 3},
            css="inline" + (" highlight" if e.code == "green-light" else ""),
        )
        for e in plan.events
    )
    exposure = ", ".join(
        f"{units.altitude(metres)}: {duration(seconds)}"
        for metres, seconds in plan.timeline.exposure_s.items()
        if seconds > 0
    )
    table = TableData(("event", "local", "UTC", "altitude", ""), rows)
    return Section("Timeline", table, exposure=exposure)


def _latlon(point) -> str:
    return f"{point.latitude_deg:.5f}, {point.longitude_deg:.5f}"


def _release_rows(spot, units: UnitSystem) -> list[Row]:
    point = spot.release_point
    magnetic = spot.jump_run_track_deg_magnetic
    rows = [
        (
            "release point (exit)",
            _latlon(point),
            f"{_where(point.distance_m, units)} from the "
            f"target, bearing {point.bearing_deg:03.0f}° true",
        ),
        (
            "jump-run track",
            f"{spot.jump_run_track_deg_true:03.0f}° true"
            + ("" if magnetic is None else f", {magnetic:03.0f}° magnetic"),
            f"aircraft heading {spot.aircraft_heading_deg_true:03.0f}° true, "
            f"{units.speed(spot.ground_speed_mps)} over the ground",
        ),
        (
            "wind at exit",
            _wind_text(spot.exit_wind_from_deg, spot.exit_wind_speed_mps, units),
            spot.wind_source,
        ),
        (
            "opening",
            _latlon(spot.opening_point),
            f"at {units.altitude(spot.opening_altitude_m)} MSL, "
            f"{_where(spot.opening_point.distance_m, units)} from the target",
        ),
        (
            "canopy reach",
            f"{spot.reach_radius_m:,.0f} m",
            (
                "the target is within reach"
                if spot.target_reachable
                else "the target is OUT OF REACH"
            )
            + f" (margin {spot.reach_margin_m:,.0f} m)",
        ),
    ]
    if spot.green_light is not None:
        length = spot.green_to_red_s
        rows.append(
            (
                "green-light zone",
                f"{_latlon(spot.green_light)} to {_latlon(spot.red_light)}",
                "" if length is None else f"{duration(length)} of exits along the jump run",
            )
        )
    return [Row((Cell(a, "lead"), Cell(b, "coordinates"), Cell(c))) for a, b, c in rows]


def _dispersion_row(spread) -> Row:
    ellipse = spread.deploy_ellipse_95
    light = (
        ""
        if spread.p_action_in_light is None
        else f"; the whole action in the light in {spread.p_action_in_light:.1%}"
    )
    return Row(
        (
            Cell(f"dispersion ({spread.members:,} simulated jumps, seed {spread.seed})", "lead"),
            Cell(f"{spread.p_land_within_radius:.1%} land within {spread.radius_m:.0f} m"),
            Cell(
                f"target reachable in {spread.p_target_reachable:.1%}{light}; "
                f"openings 95 %: {ellipse_text(ellipse)}"
            ),
        )
    )


def _release_section(track: TrackSeries, units: UnitSystem) -> Section:
    spot = track.release
    if spot is None:
        words = "; ".join(wording.describe(n, units) for n in track.notices)
        absent = "No release point could be found: " + (words or "see the warnings")
        return Section("Release point", absent=absent)
    rows = _release_rows(spot, units)
    if track.dispersion is not None:
        rows.append(_dispersion_row(track.dispersion))
    return Section("Release point and jump run", TableData(("", "where", ""), tuple(rows)))


def _scenario_table(plan: Plan, units: UnitSystem) -> TableData:
    scenario = plan.scenario
    site = scenario.site
    band = scenario.band
    ground = site.ground_elevation_m
    deploy = scenario.deploy_altitude_of(scenario.jumper)
    rows = [
        (
            "site",
            f"{site.name}: {site.latitude_deg:.4f}, {site.longitude_deg:.4f}, ground "
            f"{units.altitude(ground)} MSL ({plan.timezone})",
        ),
        ("attempt", f"{scenario.date.isoformat()}, {scenario.at}, pick the {scenario.pick} exit"),
        ("light band", str(band) + (f": {band.description}" if band.description else "")),
        ("exit", f"{units.altitude(scenario.exit_altitude_m)} MSL"),
        (
            "action ends",
            f"{units.altitude(scenario.action_end_altitude_m or deploy)} MSL, "
            f"{plan.action_duration_s:.1f} s after exit",
        ),
    ]
    for jumper, trajectory in zip(scenario.jumpers, plan.trajectories, strict=True):
        own = scenario.deploy_altitude_of(jumper)
        rows.append(
            (
                f"jumper: {jumper.name}",
                f"{jumper.posture}, {jumper.mass_kg:g} kg; deployment at "
                f"{units.altitude(own - ground)} AGL ({units.altitude(own)} MSL) after "
                f"{trajectory.freefall_duration_s:.1f} s of free fall; peak fall rate "
                f"{units.fall_rate(trajectory.max_speed_mps)} at "
                f"{units.altitude(trajectory.max_speed_altitude_m)}",
            )
        )
    preset = scenario.aircraft.preset
    rows.append(
        (
            "aircraft",
            f"{preset.name}, {units.speed(preset.jump_run_ias_mps)} indicated, "
            f"{wording.jump_run(plan.release)}",
        )
    )
    if scenario.winds:
        winds = ", ".join(
            f"{units.altitude(level.altitude_m)}: "
            f"{_wind_text(level.direction_from_deg, level.speed_mps, units)}"
            for level in scenario.winds
        )
    else:
        winds = wording.wind_summary(plan.wind_used)
    rows.append(("winds aloft (from)", winds))
    return TableData(("", ""), tuple(Row((Cell(a, "lead"), Cell(b))) for a, b in rows))


def _summary_items(plan: Plan, track: TrackSeries, units: UnitSystem) -> list[tuple[str, str]]:
    scenario = plan.scenario
    zone = plan.timezone
    items = []
    if plan.fits:
        items += [
            ("planned exit", _both(plan.exit_time_utc_s, zone)),
            ("exit window", _window_text(plan.exit_window, zone)),
            (
                "slack",
                slack_text(plan.slack_before_s, plan.slack_after_s),
            ),
            ("take-off", _both(plan.takeoff_time_utc_s, zone)),
        ]
    else:
        items.append(("planned exit", "none: the action does not fit"))
    items += _jumper_items(plan, units)
    items.append(("action", f"{plan.action_duration_s:.1f} s in the {scenario.band.name} band"))
    items.append(("the shot", wording.shot_line(plan)))
    if plan.light_levels is not None:
        items.append(("brightness", wording.brightness_line(plan.light_levels)))
    if track.release is not None:
        point = track.release.release_point
        items.append(
            (
                "release point",
                f"{_where(point.distance_m, units)} at {point.bearing_deg:03.0f}° from the target",
            )
        )
    return items


def _jumper_items(plan: Plan, units: UnitSystem) -> list[tuple[str, str]]:
    """Every jumper's free fall and deployment (each jumper's own, from the timeline when
    there is one)."""
    scenario = plan.scenario
    several = len(scenario.jumpers) > 1
    deployments = {
        event.values.get("jumper", scenario.jumper.name): event.time_utc_s
        for event in plan.events
        if event.code == "deployment"
    }
    items = []
    for jumper, trajectory in zip(scenario.jumpers, plan.trajectories, strict=True):
        peak = units.fall_rate(trajectory.max_speed_mps)
        text = (
            f"{trajectory.freefall_duration_s:.1f} s, peak {peak}; "
            f"deployment at {units.altitude(trajectory.deploy_altitude_m)}"
        )
        if jumper.name in deployments:  # the timeline's: after the jumper's own exit
            text += f", {clock(deployments[jumper.name], plan.timezone)} local"
        items.append((f"free fall, {jumper.name}" if several else "free fall", text))
    return items


def _shortfall(plan: Plan, units: UnitSystem) -> Shortfall | None:
    """The lead of a page whose action does not fit: the light check's words, and the
    suggestions."""
    if plan.fits:
        return None
    light = next((c for c in plan.checks if c.code == "light"), None)
    headline = wording.describe(light, units) if light is not None else "the action does not fit"
    if plan.shortfall_s is not None:
        headline += f" ({duration(plan.shortfall_s)} short)"
    return Shortfall(
        "The action does not fit in the light",
        headline[0].upper() + headline[1:] + ".",
        tuple(wording.suggestion_text(s, units) for s in plan.suggestions),
    )


# --- The Sun and the formation ----------------------------------------------------------------


@dataclass(frozen=True)
class SunSection:
    """The Sun's direction: a line to read first, a table (exit, the action's end,
    deployment), the camera's view and the diagram."""

    line: str
    table: TableData
    camera: TableData | None = None
    figure: ReportFigure | None = None


@dataclass(frozen=True)
class FormationSection:
    """The camera flyer and the performer in free fall together: a line and a table (the
    figures are in the fall profile)."""

    line: str
    table: TableData
    figure: ReportFigure | None = None


def _sun_words(at) -> str:
    """``azimuth 265° true, 3.7° above the horizon, ahead, 4.7° left of the jump run``."""
    return (
        f"azimuth {at.azimuth_deg:03.0f}° true, "
        f"{figures_module.sun_height_text(at.elevation_above_horizon_deg)}, "
        f"{figures_module.relative_bearing_text(at.relative_to_jump_run_deg, at.side)}"
    )


def _sun_row(name: str, at, zone: str) -> Row:
    return _text_row(
        name,
        clock(at.time_utc_s, zone),
        f"{at.azimuth_deg:05.1f}° true",
        f"{at.elevation_above_horizon_deg:+.1f}°",
        figures_module.relative_bearing_text(at.relative_to_jump_run_deg, at.side)
        + f" ({at.clock} o'clock)",
        numeric={1, 2, 3},
        css="inline",
    )


def _lighting_words(view) -> str:
    """``front-lit (phase angle 37°)``, or ``no line of sight``."""
    if not view.lighting:
        return "no line of sight"
    if view.lighting == "in shadow":  # no Sun to light a side: its angle says nothing
        return "in shadow (the Sun below the performer's horizon)"
    return f"{view.lighting} (the Sun {view.sun_angle_deg:.0f}° off the line of sight)"


def _camera_table(camera, zone: str) -> TableData:
    sight = (
        f"from {camera.flyer} to {camera.subject}"
        if camera.line_of_sight == "flyer"
        else f"level, toward {camera.heading_deg:03.0f}° true"
    )
    lit = ", ".join(
        f"{name} {seconds:.0f} s" for name, seconds in camera.lighting_s.items() if seconds
    )
    rows = [
        ("line of sight", sight),
        ("lighting at the start", _lighting_words(camera.start)),
        ("lighting at the end", _lighting_words(camera.end)),
        ("over the shot", lit or "no line of sight"),
    ]
    if camera.in_frame_s is not None:
        frame = f"{camera.field_of_view_deg:g}° frame (16:9)"
        if camera.first_in_frame_utc_s is None:
            rows.append(("the Sun in the frame", f"never, in a {frame}"))
        else:
            rows.append(
                (
                    "the Sun in the frame",
                    f"{camera.in_frame_s:.1f} s in a {frame}, "
                    f"{clock(camera.first_in_frame_utc_s, zone)} to "
                    f"{clock(camera.last_in_frame_utc_s, zone)} local",
                )
            )
    return TableData(("", ""), tuple(Row((Cell(a, "lead"), Cell(b))) for a, b in rows))


def _sun_section(plan: Plan, figure: ReportFigure | None) -> SunSection | None:
    """The Sun's direction at exit, at the action's end and at deployment, against the
    jump run, and the camera's view; None without a planned exit."""
    sun = plan.sun
    if sun is None:
        return None
    zone = plan.timezone
    rows = [_sun_row("exit", sun.exit, zone)]
    if abs(sun.action_end.time_utc_s - sun.deployment.time_utc_s) > 0.5:
        rows.append(_sun_row("end of the action", sun.action_end, zone))
    rows.append(_sun_row("deployment", sun.deployment, zone))
    header = ("", "local", "azimuth", "above the horizon", "against the jump run")
    line = f"Sun at exit: {_sun_words(sun.exit)}"
    camera = sun.camera
    if camera is not None:
        line += f"; the camera sees the performer {_lighting_words(camera.start)}"
    return SunSection(
        line + ".",
        TableData(header, tuple(rows)),
        None if camera is None else _camera_table(camera, zone),
        figure,
    )


def _exit_order(f, units: UnitSystem) -> str:
    if f.exit_separation_s == 0:
        return f"{f.subject} and {f.flyer} together, at the green light"
    later, first = (f.subject, f.flyer) if f.exit_separation_s < 0 else (f.flyer, f.subject)
    return (
        f"{later} {abs(f.exit_separation_s):.1f} s after {first} "
        f"({wording.length(f.exit_separation_m, units)} along the jump run)"
    )


def _after(seconds: float) -> str:
    return f"{seconds:.1f} s after the green light"


def _formation_rows(f, units: UnitSystem) -> list[tuple[str, str]]:
    length = wording.length
    rows = [("exits", _exit_order(f, units))]
    if f.requested_meet_altitude_m is not None:
        rows.append(("asked to meet at", units.altitude(f.requested_meet_altitude_m)))
    if f.faster is not None:
        rows.append(("falls faster", f"{f.faster} (more mass per drag area than {f.slower})"))
    if f.meet_time_s is not None:
        rows.append(
            (
                "level",
                f"at {units.altitude(f.meet_altitude_m)}, {_after(f.meet_time_s)}, "
                f"{length(f.meet_horizontal_separation_m, units)} apart horizontally",
            )
        )
    else:
        rows.append(("level", "never"))
    if f.closing_time_s is not None:
        rows.append(
            (
                f"within {length(f.closing_distance_m, units)}",
                f"from {units.altitude(f.closing_altitude_m)} ({f.faster or f.flyer}'s altitude), "
                f"{_after(f.closing_time_s)}, for {f.within_closing_distance_s:.1f} s",
            )
        )
    else:
        rows.append((f"within {length(f.closing_distance_m, units)}", "never (vertically)"))
    if f.closest_approach_m is not None:
        rows.append(
            (
                "closest approach",
                f"{length(f.closest_approach_m, units)}, {_after(f.closest_approach_time_s)}, "
                f"at {units.altitude(f.closest_approach_altitude_m)}",
            )
        )
    rows += _formation_end_rows(f, units)
    return rows


def _formation_end_rows(f, units: UnitSystem) -> list[tuple[str, str]]:
    """The separation limit, the separation at the action's end, and the drag that
    keeps them level."""
    length = wording.length
    limit = length(f.separation_limit_m, units)
    rows = []
    if f.limit_passed_time_s is not None:
        rows.append(
            (
                f"more than {limit} apart",
                f"from {units.altitude(f.limit_passed_altitude_m)}, "
                f"{_after(f.limit_passed_time_s)}, before the action ends",
            )
        )
    end = f.vertical_separation_at_action_end_m
    if end is not None:
        above, below = (f.flyer, f.subject) if end > 0 else (f.subject, f.flyer)
        rows.append(
            (
                "at the action's end",
                f"{above} {length(end, units)} above {below}, "
                f"{length(f.horizontal_separation_at_action_end_m, units)} apart horizontally "
                f"({_after(f.action_end_time_s)})",
            )
        )
    if f.slower_level_cda_m2 is not None:
        rows.append(
            (
                "to stay level",
                f"{f.slower} must hold a drag area of "
                f"{_drag(f.slower_level_cda_m2, f.slower_level_posture)}, or {f.faster} one of "
                f"{_drag(f.faster_level_cda_m2, f.faster_level_posture)}",
            )
        )
    return rows


def _drag(cda_m2: float, posture: str | None) -> str:
    """``0.34 m² (sit)``, or ``0.34 m² (no listed posture)``."""
    return f"{cda_m2:.2f} m² ({posture or 'no listed posture'})"


def _formation_section(plan: Plan, units: UnitSystem) -> FormationSection | None:
    """The camera flyer and the performer, worded in ``units``; None with one jumper."""
    f = plan.formation
    if f is None:
        return None
    if not f.together:
        line = f"{f.flyer} and {f.subject} are never in free fall together."
    else:
        line = (
            f"{f.flyer} and {f.subject} in free fall together: their separation is drawn "
            "in the fall profile above, times from the green light."
        )
    rows = _formation_rows(f, units) if f.together else [("exits", _exit_order(f, units))]
    table = TableData(("", ""), tuple(Row((Cell(a, "lead"), Cell(b))) for a, b in rows))
    return FormationSection(line, table)


# --- Figures -------------------------------------------------------------------------------


CAPTIONS = {
    "light_and_fall": (
        "Altitude against local time. Each shade is the light at that altitude and minute "
        "(the Sun's elevation above the visible horizon seen from there); the black line is "
        "the shadow altitude, below which the Sun has set. The thick line is the planned "
        "jump (the lead jumper; the others thinner, each in its own colour); the dashed grey "
        "lines are the action from the first and last exits of the window, which graze the "
        "band's edges."
    ),
    "light_and_fall_no_fit": (
        "Altitude against local time. Each shade is the light at that altitude and minute "
        "(the Sun's elevation above the visible horizon seen from there); the black line is "
        "the shadow altitude, below which the Sun has set; the hatched region is the plan's "
        "band. No jump is drawn: the action does not fit in the band on this day, so there "
        "is no planned exit and no exit window."
    ),
    "sun_elevation": (
        "The Sun's elevation above the visible horizon at the ground and at the exit "
        "altitude: up high the horizon dips and the Sun sets later."
    ),
    "fall_profile": (
        "Altitude, speed and Mach number against time after exit, until the last canopy "
        "lands; the shaded strip is the deployment."
    ),
    "ground_track": (
        "Seen from above, north up, around the target: the jump from the release point, "
        "the jump run and its green-light zone, the canopy's reach, the spread of openings "
        "of simulated jumps with wind, drag and exit errors, and the winds by altitude."
    ),
    "sun_direction": (
        "Seen from above, north up: the Sun's direction at exit (the solid ray, from the "
        "release point) and at deployment (dashed, from the opening), against the jump run "
        "with its green and red lights and the target. Each wind arrow points where the air "
        "goes and is labelled with the direction it comes from."
    ),
}


def _caption(name: str, series: LightSeries) -> str:
    if name == "light_and_fall" and not series.drawn:
        return CAPTIONS["light_and_fall_no_fit"]
    return CAPTIONS[name]


def _makers(plan: Plan, series: LightSeries, track: TrackSeries, metric: bool):
    """How to draw each figure of the report, by name, in report order (the Sun's
    direction only with a planned exit)."""
    makers = {
        "light_and_fall": lambda layout: figures_module.light_and_fall_figure(
            series, metric=metric, layout=layout
        ),
        "sun_elevation": lambda layout: figures_module.sun_elevation_figure(
            series, metric=metric, layout=layout
        ),
        "fall_profile": lambda layout: figures_module.fall_profile_figure(
            plan, metric=metric, layout=layout
        ),
        "ground_track": lambda layout: figures_module.ground_track_figure(
            track, nautical=not metric, metric=metric, layout=layout
        ),
    }
    if plan.sun is not None:
        makers["sun_direction"] = lambda layout: figures_module.sun_direction_figure(
            track, plan.sun, nautical=not metric, metric=metric, layout=layout
        )
    return {name: makers[name] for name in figures_module.FIGURE_TITLES if name in makers}


def _image(figure: Figure, image_format: str, dpi: float) -> FigureImage:
    return FigureImage(
        figures_module.figure_data_uri(figure, image_format, dpi),
        float(figure.get_size_inches()[0]),
        figures_module.smallest_font_pt(figure),
    )


def make_figures(
    plan: Plan,
    series: LightSeries | None = None,
    track: TrackSeries | None = None,
    image_format: str = "png",
    metric: bool = False,
    dpi: float | None = None,
    phone: bool = True,
) -> list[ReportFigure]:
    """Every figure of the report, rendered and encoded, in report order: each wide and,
    with ``phone``, in the phone layout too (:data:`duskfall.reports.figures.LAYOUTS`).
    The Sun's direction is drawn only for a plan with an exit (``plan.sun``)."""
    if image_format not in IMAGE_FORMATS:
        raise InputError("image format", image_format, " or ".join(IMAGE_FORMATS))
    series = series or make_light_series(plan)
    track = track or make_track_series(plan)
    dpi = dpi or REPORT_DPI
    result = []
    for name, make in _makers(plan, series, track, metric).items():
        wide = _image(make("wide"), image_format, dpi)
        small = _image(make("phone"), image_format, dpi * PHONE_DPI_SCALE) if phone else None
        result.append(
            ReportFigure(
                name,
                figures_module.FIGURE_TITLES[name],
                _caption(name, series),
                wide.data_uri,
                wide.width_in,
                wide.smallest_font_pt,
                small,
            )
        )
    return result


# --- The page ------------------------------------------------------------------------------


@cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the report's templates (autoescaping on, undefined
    names are errors)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("duskfall.reports", TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def stylesheet() -> str:
    """The report's style sheet (``templates/report.css``), as it is inlined."""
    return files("duskfall.reports").joinpath(TEMPLATES, STYLESHEET).read_text("utf-8")


def page_context(
    plan: Plan,
    figures: dict[str, ReportFigure],
    track: TrackSeries,
    units: UnitSystem = AVIATION,
) -> dict[str, Any]:
    """Everything the page template is given, worded in ``units``."""
    from markupsafe import Markup

    scenario = plan.scenario
    site = scenario.site
    warnings = [wording.describe(n, units) for n in merge(plan.notices, track.notices)]
    return {
        "version": __version__,
        "title": f"duskfall plan: {site.name}, {scenario.date.isoformat()} {scenario.at}",
        "stylesheet": Markup(stylesheet()),
        "site_name": site.name,
        "subtitle": (
            f"{scenario.date:%A %d %B %Y}, {scenario.at}; {site.latitude_deg}, "
            f"{site.longitude_deg}; exit at {units.altitude(scenario.exit_altitude_m)} MSL; "
            f"local time is {plan.timezone}"
        ),
        "verdict": "GO" if plan.go else "NO-GO",
        "verdict_css": "go" if plan.go else "no-go",
        "summary_items": _summary_items(plan, track, units),
        "shortfall_box": _shortfall(plan, units),
        "checks_section": _checks_section(plan, units),
        "light_table": _light_table(plan, units),
        "figures": figures,
        "timeline_section": _timeline_section(plan, units),
        "release_section": _release_section(track, units),
        "scenario_table": _scenario_table(plan, units),
        "warnings": warnings,
        "disclaimer": DISCLAIMER,
        # The Sun's direction and the camera flyer's formation: sections of their own
        # (templates/_sun.html.j2, _formation.html.j2), shown when a plan carries them.
        "sun": _sun_section(plan, figures.get("sun_direction")),
        "formation": _formation_section(plan, units),
    }


def render_html(
    plan: Plan,
    image_format: str = "png",
    units: UnitSystem = AVIATION,
    dpi: float | None = None,
    track: TrackSeries | None = None,
) -> str:
    """The plan as one self-contained HTML page.

    Parameters
    ----------
    plan
        A plan from :func:`duskfall.planning.make_plan`.
    image_format
        ``"png"`` (default) or ``"svg"`` for the embedded figures.
    units
        Aviation units (default) or metric.
    dpi
        Resolution of PNG figures [dots per inch]; :data:`REPORT_DPI` if None.
    track
        The ground track and release point, if already made
        (:func:`duskfall.planning.figure_data.make_track_series`).

    Returns
    -------
    str
        The HTML document.
    """
    track = track or make_track_series(plan)
    made = make_figures(plan, None, track, image_format, units.metric, dpi)
    context = page_context(plan, {f.name: f for f in made}, track, units)
    return environment().get_template("report.html.j2").render(context)


def write_html(plan: Plan, path: str | Path, **options) -> Path:
    """Write :func:`render_html` to ``path``; return the path.

    Raises
    ------
    InputError
        If the file cannot be written.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise InputError(
            "output", str(path), "a file in an existing folder", "cannot be written (no folder)"
        )
    text = render_html(plan, **options)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(
            "output", str(path), "a writable file path", f"cannot be written ({error.strerror})"
        ) from None
    return path


def pdf_available() -> bool:
    """True if WeasyPrint (the optional ``pdf`` extra) can be imported."""
    try:
        _import_weasyprint()
    except (ImportError, OSError):
        return False
    return True


def _import_weasyprint():
    """WeasyPrint, imported without its warnings about optional system libraries (a
    missing HarfBuzz-Subset only makes its PDFs larger)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import weasyprint
    return weasyprint


def write_pdf(html: str, path: str | Path) -> Path:
    """Print an HTML report to PDF with WeasyPrint; return the path.

    Raises
    ------
    InputError
        If WeasyPrint is not installed or the file cannot be written.
    """
    path = Path(path)
    try:
        weasyprint = _import_weasyprint()
    except (ImportError, OSError):
        raise InputError(
            "--pdf",
            str(path),
            'WeasyPrint installed: pip install "duskfall[pdf]"',
            "cannot be written without WeasyPrint",
        ) from None
    try:
        weasyprint.HTML(string=html).write_pdf(path)
    except OSError as error:
        raise InputError(
            "--pdf", str(path), "a writable file path", f"cannot be written ({error.strerror})"
        ) from None
    return path
