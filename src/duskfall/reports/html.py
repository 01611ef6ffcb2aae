"""The plan as one self-contained HTML page: tables, checks and the figures embedded.

The page needs nothing else: no scripts, no fonts, no style sheets or images from
elsewhere (the figures are base64 ``data:`` URIs), so it can be mailed, opened offline on
a tablet at the drop zone and printed (print styles keep figures and tables whole on the
page). :func:`write_pdf` prints it to PDF with WeasyPrint, an optional dependency
(``pip install "duskfall[pdf]"``).

Like every renderer, this module computes no physics: the figures' series come from
:mod:`duskfall.planning.figure_data`, the numbers from the plan. Times are shown in the site's
local time and in UTC; altitudes in feet (or metres), speeds in mph and knots.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

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
from duskfall.reports.formatting import AVIATION, UnitSystem, altitude, clock, duration

if TYPE_CHECKING:
    from matplotlib.figure import Figure

IMAGE_FORMATS = ("png", "svg")

REPORT_DPI = 150.0
"""Resolution of PNG figures [dots per inch]: sharp on a tablet and on paper at the
page's width (10 in figures print about 7 in wide: 210 dpi)."""

CSS = """
:root { --go: #009E73; --warn: #B07800; --fail: #D55E00; --ink: #1a1a1a; --rule: #c8c8c8; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: var(--ink); margin: 0 auto; padding: 1.2rem; max-width: 62rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; border-bottom: 2px solid var(--ink); }
.subtitle { color: #444; margin: 0 0 .8rem; }
.verdict { display: inline-block; font-weight: 700; font-size: 1.1rem; padding: .15rem .7rem;
  border-radius: .3rem; color: #fff; }
.verdict.go { background: var(--go); }
.verdict.no-go { background: var(--fail); }
.summary { display: flex; flex-wrap: wrap; gap: .4rem 1rem; margin: .8rem 0; padding: 0; }
.summary div { flex: 1 1 13rem; border-left: 4px solid var(--rule); padding: .1rem .6rem; }
.summary dt { font-size: .8rem; color: #555; }
.summary dd { margin: 0; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; font-size: .92rem; }
th, td { border: 1px solid var(--rule); padding: .25rem .45rem; text-align: left;
  vertical-align: top; }
th { background: #f2f2f2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.highlight td { font-weight: 700; background: #eaf6f1; }
.status { font-weight: 700; white-space: nowrap; }
.status.pass { color: var(--go); }
.status.warn { color: var(--warn); }
.status.fail { color: var(--fail); }
.source { color: #555; font-size: .8rem; }
figure { margin: 1rem 0; }
figure img { width: 100%; height: auto; border: 1px solid #e4e4e4; }
figcaption { font-size: .88rem; color: #333; }
ul.warnings li { margin: .2rem 0; }
footer { margin-top: 2rem; font-size: .8rem; color: #555; border-top: 1px solid var(--rule);
  padding-top: .5rem; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, tr, .summary { break-inside: avoid; page-break-inside: avoid; }
  .verdict { color: #000; background: none !important; border: 2px solid #000; }
  a { color: inherit; text-decoration: none; }
}
"""


@dataclass(frozen=True)
class ReportFigure:
    """One embedded figure."""

    name: str
    title: str
    caption: str
    data_uri: str


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _both(utc_s: float | None, zone: str) -> str:
    """``18:22:38 local (14:22:38 UTC)``."""
    if utc_s is None:
        return "-"
    return f"{clock(utc_s, zone)} local ({clock(utc_s)} UTC)"


def _table(
    header: list[str],
    rows: list[list[str]],
    numeric: set[int] | None = None,
    highlight: set[int] | None = None,
) -> str:
    """An HTML table; cells are escaped here."""
    numeric = numeric or set()
    highlight = highlight or set()
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    head = f"<thead><tr>{head}</tr></thead>" if any(header) else ""
    body = []
    for index, row in enumerate(rows):
        cells = "".join(
            f'<td class="num">{_e(c)}</td>' if i in numeric else f"<td>{_e(c)}</td>"
            for i, c in enumerate(row)
        )
        css = ' class="highlight"' if index in highlight else ""
        body.append(f"<tr{css}>{cells}</tr>")
    return f"<table>{head}<tbody>{''.join(body)}</tbody></table>"


def _summary(items: list[tuple[str, str]]) -> str:
    cells = "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in items)
    return f'<dl class="summary">{cells}</dl>'


def _window_text(window: Window | None, zone: str) -> str:
    if window is None:
        return "none"
    start = "open" if window.start_utc_s is None else clock(window.start_utc_s, zone)
    end = "open" if window.end_utc_s is None else clock(window.end_utc_s, zone)
    return f"{start} to {end} local ({duration(window.duration_s)})"


def _wind_text(direction_from_deg: float, speed_mps: float, units: UnitSystem) -> str:
    """``from 290° 55 kt``, or ``calm`` below half a knot."""
    if speed_mps < 0.5 * KNOT_MPS:
        return "calm"
    return f"from {direction_from_deg:03.0f}° {units.speed(speed_mps)}"


def _checks_section(plan: Plan, units: UnitSystem) -> str:
    rows = []
    for check in plan.checks:
        source = f'<div class="source">{_e(check.source)}</div>' if check.source else ""
        detail = wording.describe(check, units)
        rows.append(
            f'<tr><td class="status {check.severity}">{_e(check.severity.upper())}</td>'
            f"<td>{_e(wording.check_name(check))}</td><td>{_e(detail)}{source}</td></tr>"
        )
    verdict = "GO" if plan.go else "NO-GO"
    return (
        f'<section id="checks"><h2>Go / no-go: {verdict}</h2>'
        "<table><thead><tr><th>status</th><th>check</th><th>detail and source</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _light_section(plan: Plan, units: UnitSystem) -> str:
    metric = units.metric
    scenario = plan.scenario
    zone = plan.timezone
    word = "Sunset" if scenario.at == "dusk" else "Sunrise"
    exit_alt = altitude(scenario.exit_altitude_m, metric)
    rows = [
        [
            f"{word}, ground",
            clock(plan.sunset_ground_utc_s, zone),
            clock(plan.sunset_ground_utc_s),
            "",
        ],
        [
            f"{word}, {exit_alt}",
            clock(plan.sunset_exit_utc_s, zone),
            clock(plan.sunset_exit_utc_s),
            ""
            if plan.sunset_ground_utc_s is None or plan.sunset_exit_utc_s is None
            else f"{duration(abs(plan.sunset_exit_utc_s - plan.sunset_ground_utc_s))} later",
        ],
    ]
    for name, window in (
        (f"{scenario.band.name} at {exit_alt}", plan.light_window),
        ("Exit window", plan.exit_window),
    ):
        if window is None:
            rows.append([name, "-", "-", "none"])
            continue
        rows.append(
            [
                f"{name} opens",
                clock(window.start_utc_s, zone),
                clock(window.start_utc_s),
                "" if window.start_utc_s is not None else "no edge that day",
            ]
        )
        rows.append(
            [
                f"{name} closes",
                clock(window.end_utc_s, zone),
                clock(window.end_utc_s),
                f"{duration(window.duration_s)} long",
            ]
        )
    highlight = set()
    if plan.fits:
        highlight.add(len(rows))
        rows.append(
            [
                "EXIT (green light)",
                clock(plan.exit_time_utc_s, zone),
                clock(plan.exit_time_utc_s),
                f"slack {duration(plan.slack_before_s)} before, "
                f"{duration(plan.slack_after_s)} after",
            ]
        )
    table = _table(["", "local", "UTC", ""], rows, numeric={1, 2}, highlight=highlight)
    return f'<section id="light"><h2>Light and the exit window</h2>{table}</section>'


def _timeline_section(plan: Plan, units: UnitSystem) -> str:
    if plan.timeline is None:
        return (
            '<section id="timeline"><h2>Timeline</h2><p>No timeline: the action does '
            "not fit in the light.</p></section>"
        )
    highlight = {i for i, e in enumerate(plan.events) if e.code == "green-light"}
    rows = [
        [
            wording.event_name(e, units),
            clock(e.time_utc_s, plan.timezone),
            clock(e.time_utc_s),
            units.altitude(e.altitude_m),
            wording.event_detail(e, units),
        ]
        for e in plan.events
    ]
    exposure = ", ".join(
        f"{units.altitude(metres)}: {duration(seconds)}"
        for metres, seconds in plan.timeline.exposure_s.items()
        if seconds > 0
    )
    extra = f"<p>Time above: {_e(exposure)}.</p>" if exposure else ""
    table = _table(
        ["event", "local", "UTC", "altitude", ""], rows, numeric={1, 2, 3}, highlight=highlight
    )
    return f'<section id="timeline"><h2>Timeline</h2>{table}{extra}</section>'


def _release_section(track: TrackSeries, units: UnitSystem, figure_html: str) -> str:
    metric = units.metric
    spot = track.release
    if spot is None:
        words = "; ".join(wording.describe(n, units) for n in track.notices)
        body = "<p>No release point could be found: " + _e(words or "see the warnings") + "</p>"
        return f'<section id="release"><h2>Release point</h2>{body}{figure_html}</section>'
    point = spot.release_point
    rows = [
        [
            "release point (exit)",
            f"{point.latitude_deg:.5f}, {point.longitude_deg:.5f}",
            f"{units.distance(point.distance_m)} from the target, "
            f"bearing {point.bearing_deg:03.0f}° true",
        ],
        [
            "jump-run track",
            f"{spot.jump_run_track_deg_true:03.0f}° true"
            + (
                ""
                if spot.jump_run_track_deg_magnetic is None
                else f", {spot.jump_run_track_deg_magnetic:03.0f}° magnetic"
            ),
            f"aircraft heading {spot.aircraft_heading_deg_true:03.0f}° true, "
            f"{units.speed(spot.ground_speed_mps)} over the ground",
        ],
        [
            "wind at exit",
            _wind_text(spot.exit_wind_from_deg, spot.exit_wind_speed_mps, units),
            spot.wind_source,
        ],
        [
            "opening",
            f"{spot.opening_point.latitude_deg:.5f}, {spot.opening_point.longitude_deg:.5f}",
            f"at {altitude(spot.opening_altitude_m, metric)} MSL, "
            f"{spot.opening_point.distance_m:.0f} m from the target",
        ],
        [
            "canopy reach",
            f"{spot.reach_radius_m:,.0f} m",
            (
                "the target is within reach"
                if spot.target_reachable
                else "the target is OUT OF REACH"
            )
            + f" (margin {spot.reach_margin_m:,.0f} m)",
        ],
    ]
    if spot.green_light is not None:
        length = spot.green_to_red_s
        rows.append(
            [
                "green-light zone",
                f"{spot.green_light.latitude_deg:.5f}, {spot.green_light.longitude_deg:.5f} "
                f"to {spot.red_light.latitude_deg:.5f}, {spot.red_light.longitude_deg:.5f}",
                "" if length is None else f"{duration(length)} of exits along the jump run",
            ]
        )
    spread = track.dispersion
    if spread is not None:
        rows.append(
            [
                f"dispersion ({spread.members} simulated jumps, seed {spread.seed})",
                f"{100 * spread.p_land_within_radius:.0f} % land within {spread.radius_m:.0f} m",
                f"target reachable in {100 * spread.p_target_reachable:.0f} %"
                + (
                    ""
                    if spread.p_action_in_light is None
                    else "; the whole action in the light in "
                    f"{100 * spread.p_action_in_light:.0f} %"
                )
                + f"; openings 95 % ellipse {spread.deploy_ellipse_95.semi_major_m:,.0f} x "
                f"{spread.deploy_ellipse_95.semi_minor_m:,.0f} m",
            ]
        )
    table = _table(["", "where", ""], rows)
    return (
        f'<section id="release"><h2>Release point and jump run</h2>{table}{figure_html}</section>'
    )


def _scenario_section(plan: Plan, units: UnitSystem) -> str:
    metric = units.metric
    scenario = plan.scenario
    site = scenario.site
    preset = scenario.aircraft.preset
    band = scenario.band
    deploy = scenario.deploy_altitude_of(scenario.jumper)
    rows = [
        [
            "site",
            f"{site.name}: {site.latitude_deg:.4f}, {site.longitude_deg:.4f}, ground "
            f"{altitude(site.ground_elevation_m, metric)} MSL ({plan.timezone})",
        ],
        ["attempt", f"{scenario.date.isoformat()}, {scenario.at}, pick the {scenario.pick} exit"],
        ["light band", str(band) + (f": {band.description}" if band.description else "")],
        ["exit", f"{altitude(scenario.exit_altitude_m, metric)} MSL"],
        [
            "deployment",
            f"{altitude(deploy - site.ground_elevation_m, metric)} AGL "
            f"({altitude(deploy, metric)} MSL)",
        ],
        [
            "action ends",
            f"{altitude(scenario.action_end_altitude_m or deploy, metric)} MSL, "
            f"{plan.action_duration_s:.1f} s after exit",
        ],
    ]
    for jumper, trajectory in zip(scenario.jumpers, plan.trajectories, strict=True):
        speed = trajectory.max_speed_mps
        rows.append(
            [
                f"jumper: {jumper.name}",
                f"{jumper.posture}, {jumper.mass_kg:g} kg; free fall "
                f"{trajectory.freefall_duration_s:.1f} s, peak fall rate "
                f"{units.fall_rate(speed)} at {altitude(trajectory.max_speed_altitude_m, metric)}",
            ]
        )
    rows.append(
        [
            "aircraft",
            f"{preset.name}, {units.speed(preset.jump_run_ias_mps)} indicated, heading "
            f"{plan.release.jump_run_track_deg_true:03.0f}° true",
        ]
    )
    if scenario.winds:
        winds = ", ".join(
            f"{altitude(level.altitude_m, metric)}: "
            f"{_wind_text(level.direction_from_deg, level.speed_mps, units)}"
            for level in scenario.winds
        )
    else:
        winds = "calm (no wind given)"
    rows.append(["winds aloft (from)", winds])
    return f'<section id="scenario"><h2>Scenario</h2>{_table(["", ""], rows)}</section>'


def _figure_html(figure: ReportFigure) -> str:
    return (
        f'<figure id="figure-{_e(figure.name)}" class="plot">'
        f'<img src="{figure.data_uri}" alt="{_e(figure.title)}">'
        f"<figcaption><strong>{_e(figure.title)}.</strong> {_e(figure.caption)}</figcaption>"
        "</figure>"
    )


CAPTIONS = {
    "light_and_fall": (
        "Altitude against local time. Each shade is the light at that altitude and minute "
        "(the Sun's elevation above the visible horizon seen from there); the black line is "
        "the shadow altitude, below which the Sun has set. The thick line is the planned "
        "jump; the dashed lines are the action from the first and last exits of the window, "
        "which graze the band's edges."
    ),
    "sun_elevation": (
        "The Sun's elevation above the visible horizon at the ground and at the exit "
        "altitude: up high the horizon dips and the Sun sets later."
    ),
    "fall_profile": (
        "Altitude, speed and Mach number against time after exit; the shaded strip is the "
        "deployment."
    ),
    "ground_track": (
        "Seen from above, north up, around the target: the jump from the release point, "
        "the jump run and its green-light zone, the canopy's reach, the spread of openings "
        "of simulated jumps with wind, drag and exit errors, and the winds by altitude."
    ),
}


def make_figures(
    plan: Plan,
    series: LightSeries | None = None,
    track: TrackSeries | None = None,
    image_format: str = "png",
    metric: bool = False,
    dpi: float | None = None,
) -> list[ReportFigure]:
    """Every figure of the report, rendered and encoded, in report order."""
    if image_format not in IMAGE_FORMATS:
        raise InputError("image format", image_format, " or ".join(IMAGE_FORMATS))
    series = series or make_light_series(plan)
    track = track or make_track_series(plan)
    makers = {
        "light_and_fall": lambda: figures_module.light_and_fall_figure(series, metric=metric),
        "sun_elevation": lambda: figures_module.sun_elevation_figure(series, metric=metric),
        "fall_profile": lambda: figures_module.fall_profile_figure(plan, metric=metric),
        "ground_track": lambda: figures_module.ground_track_figure(track, metric=metric),
    }
    result = []
    for name, make in makers.items():
        figure: Figure = make()
        result.append(
            ReportFigure(
                name,
                figures_module.FIGURE_TITLES[name],
                CAPTIONS[name],
                figures_module.figure_data_uri(figure, image_format, dpi or REPORT_DPI),
            )
        )
    return result


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
    scenario = plan.scenario
    site = scenario.site
    zone = plan.timezone
    track = track or make_track_series(plan)
    metric = units.metric
    figures = {f.name: f for f in make_figures(plan, None, track, image_format, metric, dpi)}
    lead = plan.trajectory
    verdict = "GO" if plan.go else "NO-GO"
    items = [
        (
            "planned exit",
            _both(plan.exit_time_utc_s, zone) if plan.fits else "the action does not fit",
        ),
        ("exit window", _window_text(plan.exit_window, zone)),
        (
            "slack",
            "-"
            if not plan.fits
            else f"{duration(plan.slack_before_s)} before, {duration(plan.slack_after_s)} after",
        ),
        ("take-off", _both(plan.takeoff_time_utc_s, zone)),
        (
            "free fall",
            f"{lead.freefall_duration_s:.1f} s, peak {units.fall_rate(lead.max_speed_mps)}",
        ),
        ("action", f"{plan.action_duration_s:.1f} s in the {scenario.band.name} band"),
    ]
    if plan.shortfall_s is not None:
        items.append(("misses the light by", duration(plan.shortfall_s)))
    if track.release is not None:
        point = track.release.release_point
        items.append(
            (
                "release point",
                f"{units.distance(point.distance_m)} at {point.bearing_deg:03.0f}° from the target",
            )
        )
    warnings = [wording.describe(n, units) for n in merge(plan.notices, track.notices)]
    warning_html = (
        '<ul class="warnings">' + "".join(f"<li>{_e(w)}</li>" for w in warnings) + "</ul>"
        if warnings
        else "<p>None.</p>"
    )
    suggestions = ""
    if plan.suggestions:
        suggestions = (
            "<h3>What would make it fit</h3><ul>"
            + "".join(f"<li>{_e(wording.suggestion_text(s, units))}</li>" for s in plan.suggestions)
            + "</ul>"
        )
    title = f"duskfall plan: {site.name}, {scenario.date.isoformat()} {scenario.at}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="duskfall {_e(__version__)}">',
        f"<title>{_e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(site.name)}</h1>",
        f'<p class="subtitle">{_e(scenario.date.strftime("%A %d %B %Y"))}, {_e(scenario.at)}; '
        f"{_e(site.latitude_deg)}, {_e(site.longitude_deg)}; exit at "
        f"{_e(altitude(scenario.exit_altitude_m, metric))} MSL; local time is {_e(zone)}</p>",
        f'<p><span class="verdict {"go" if plan.go else "no-go"}">{verdict}</span></p>',
        _summary(items),
        "</header>",
        "<main>",
        _checks_section(plan, units),
        _light_section(plan, units),
        _figure_html(figures["light_and_fall"]),
        _figure_html(figures["sun_elevation"]),
        _timeline_section(plan, units),
        _release_section(track, units, _figure_html(figures["ground_track"])),
        '<section id="fall"><h2>The fall</h2>',
        _figure_html(figures["fall_profile"]),
        "</section>",
        _scenario_section(plan, units),
        f'<section id="warnings"><h2>Warnings</h2>{warning_html}{suggestions}</section>',
        "</main>",
        f"<footer><p>{_e(DISCLAIMER)}</p><p>duskfall {_e(__version__)}</p></footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


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
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def write_pdf(html: str, path: str | Path) -> Path:
    """Print an HTML report to PDF with WeasyPrint; return the path.

    Raises
    ------
    InputError
        If WeasyPrint is not installed or the file cannot be written.
    """
    path = Path(path)
    try:
        import weasyprint
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
