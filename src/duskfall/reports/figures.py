"""Figures of a plan (matplotlib): the light and the fall, the Sun, the fall profile, the
ground track.

Every function takes result objects and returns a :class:`matplotlib.figure.Figure`; none
computes physics (what they draw comes from :mod:`duskfall.planning.figure_data` and from the
plan's trajectories). Times are shown in the site's local time, altitudes in feet with
metres on the opposite axis (or the reverse with ``metric=True``), speeds in mph.
Colours are the Okabe-Ito palette, distinguishable with the common colour-vision
deficiencies (Okabe, M. and Ito, K. (2008), Color Universal Design,
https://jfly.uni-koeln.de/color/).

matplotlib is imported when a figure is made, not when this module is imported, and
figures are drawn on the non-interactive Agg canvas without pyplot (no global state, no
window).

Examples
--------
>>> from duskfall.planning import SEED_SCENARIO, make_plan
>>> figures = plan_figures(make_plan(SEED_SCENARIO))
>>> sorted(figures)
['fall_profile', 'ground_track', 'light_and_fall', 'sun_elevation']
"""

from __future__ import annotations

import base64
import io
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from duskfall.constants import FOOT_M, KNOT_MPS, MPH_MPS, NAUTICAL_MILE_M
from duskfall.errors import InputError
from duskfall.planning import Plan
from duskfall.planning.figure_data import (
    SUNSET_EDGE_DEG,
    LightSeries,
    TrackSeries,
    make_light_series,
    make_track_series,
)
from duskfall.reports.formatting import clock, duration
from duskfall.reports.labels import LEADER, along, place_labels
from duskfall.timeutil import local_datetime, utc_datetime

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
"""The eight colours of Okabe and Ito (2008)."""

SKY_COLOURS = (
    ("#F0E442", 0.30),  # sun above +6 deg
    ("#E69F00", 0.55),  # low sun
    ("#D55E00", 0.35),  # golden, the disc below the horizon
    ("#56B4E9", 0.55),  # blue hour
    ("#0072B2", 0.60),  # nautical twilight
    ("#1F2A44", 0.80),  # dark
)
"""Fill colour and opacity of each of :data:`duskfall.planning.figure_data.SKY_BANDS`, from the
highest band to the lowest: light to dark, so that the order reads without colour."""

STAGE_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish green"])
"""Free fall, deployment, canopy."""

EXIT_WINDOW_COLOUR = OKABE_ITO["bluish green"]
"""The exit-window bar and the green-light zone."""

WINDOW_PATH_COLOUR = "#4d4d4d"
"""The action from the exit window's first and last exits (dark grey)."""

JUMPER_COLOURS = (
    OKABE_ITO["blue"],
    OKABE_ITO["reddish purple"],
    OKABE_ITO["sky blue"],
    OKABE_ITO["black"],
)
"""Each jumper's line, the lead first: none is the colour of the exit window or green-light
zone (bluish green) or of the openings and their ellipses (orange, vermillion)."""

STYLE = {
    "font.size": 9.5,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 9.5,
    "axes.grid": True,
    "grid.alpha": 0.35,
    "grid.linewidth": 0.6,
    "legend.fontsize": 8.5,
    "legend.title_fontsize": 8.5,
    "legend.framealpha": 0.9,
    "svg.hashsalt": "duskfall",
    "svg.fonttype": "path",
}
"""matplotlib settings of every figure (``svg.hashsalt``: SVG ids without random numbers)."""


@dataclass(frozen=True)
class Layout:
    """How big a figure is drawn and how its text fits: for a wide page, or for a phone."""

    name: str
    width_in: float
    """Width of the figure [in]."""
    rc: dict[str, Any]
    """matplotlib settings over :data:`STYLE`."""
    legend_columns: int
    wrap_title: int
    """Characters per line of long titles."""
    wrap_label: int
    """Characters per line of legend entries."""
    max_time_ticks: int
    """Most clock-time ticks on a time axis."""


LAYOUTS = {
    "wide": Layout("wide", 10.0, {}, 2, 60, 70, 12),
    "phone": Layout(
        "phone",
        4.2,
        {
            "font.size": 11.5,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "legend.fontsize": 10,
            "legend.title_fontsize": 10,
        },
        1,
        34,
        40,
        6,
    ),
}
"""The figure layouts. A wide figure is 10 in across, shown about 1,000 px wide on a screen
(its smallest text, "small" 7.9 pt, is then about 11 px) and 7.3 in on A4; a phone
figure is 4.2 in across, shown about 350 px wide on a 390 px phone, with text large enough
(its smallest, 9.6 pt, is about 11 px) to be read there without zooming."""


# --- Helpers -------------------------------------------------------------------------------


def _styled(function: Callable[..., Figure]) -> Callable[..., Figure]:
    """Build the figure under :data:`STYLE` (rcParams are read when artists are made)."""

    @wraps(function)
    def wrapper(*args: Any, layout: str | Layout = "wide", **kwargs: Any) -> Figure:
        import matplotlib

        chosen = layout if isinstance(layout, Layout) else _layout(layout)
        with matplotlib.rc_context(STYLE | chosen.rc):
            return function(*args, layout=chosen, **kwargs)

    return wrapper


def _layout(name: str) -> Layout:
    if name not in LAYOUTS:
        raise InputError("figure layout", name, " or ".join(LAYOUTS))
    return LAYOUTS[name]


def _wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters (none broken)."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def smallest_font_pt(figure: Figure) -> float:
    """The size of the smallest visible text of a figure [pt] (tick labels, legends,
    labels): what a reader must be able to read."""
    from matplotlib.text import Text

    sizes = [
        text.get_fontsize()
        for text in figure.findobj(Text)
        if text.get_visible() and text.get_text().strip()
    ]
    return float(min(sizes))


def _new_figure(width_in: float, height_in: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _dates(utc_s) -> np.ndarray:
    """matplotlib date numbers of POSIX times."""
    from matplotlib import dates

    values = np.atleast_1d(np.asarray(utc_s, dtype=float))
    return np.asarray(dates.date2num([utc_datetime(t) for t in values]))


def _date(utc_s: float) -> float:
    return float(_dates(utc_s)[0])


def _local_time_axis(ax: Axes, zone: str, sample_utc_s: float, maxticks: int = 12) -> None:
    """Format the x axis as local clock time in ``zone``."""
    from zoneinfo import ZoneInfo

    from matplotlib import dates

    tz = ZoneInfo(zone)
    locator = dates.AutoDateLocator(tz=tz, minticks=3, maxticks=maxticks)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(dates.DateFormatter("%H:%M", tz=tz))
    ax.set_xlabel(f"local time, {_zone_label(zone, sample_utc_s)}")


def _zone_label(zone: str, utc_s: float) -> str:
    """``Asia/Dubai, UTC+04:00`` on the date of ``utc_s``."""
    offset = local_datetime(utc_s, zone).strftime("%z")
    return f"{zone}, UTC{offset[:3]}:{offset[3:]}"


def _altitude_unit(metric: bool) -> tuple[float, str]:
    """Metres per display unit and its name."""
    return (1.0, "m") if metric else (FOOT_M, "ft")


def _altitude_axes(ax: Axes, metric: bool, label: str = "altitude") -> None:
    """Label the altitude axis; in aviation units, metres on the right too (a metric
    figure shows metres only)."""
    from matplotlib.ticker import FuncFormatter

    if metric:
        ax.set_ylabel(f"{label} [m MSL]")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        return
    else:
        ax.set_ylabel(f"{label} [ft MSL]")
        second = ax.secondary_yaxis("right", functions=(lambda f: f * FOOT_M, lambda m: m / FOOT_M))
        second.set_ylabel("[m MSL]")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    second.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))


def _altitude_text(metres: float, metric: bool) -> str:
    per, unit = _altitude_unit(metric)
    return f"{metres / per:,.0f} {unit}"


def _degrees(value: float) -> str:
    """``+6°``, ``-0.83°``, ``0°``."""
    if round(value, 2) == 0:
        return "0°"
    return f"{value:+.2f}".rstrip("0").rstrip(".") + "°"


# --- Light and fall ------------------------------------------------------------------------


@_styled
def light_and_fall_figure(
    series: LightSeries, metric: bool = False, layout: str | Layout = "wide"
) -> Figure:
    """Altitude against local time: the light bands of the sky, the shadow altitude, the
    planned jump and the exit window.

    Parameters
    ----------
    series
        From :func:`duskfall.planning.figure_data.make_light_series`.
    metric
        Altitudes in metres (feet on the secondary axis) instead of feet.
    layout
        ``"wide"`` (a page) or ``"phone"`` (:data:`LAYOUTS`).

    Returns
    -------
    matplotlib.figure.Figure
        Without a planned exit (the action does not fit), no jump is drawn and the title
        says so.
    """
    per, _ = _altitude_unit(metric)
    figure = _new_figure(layout.width_in, 6.2 if layout.name == "wide" else 10.5)
    ax = figure.add_subplot()
    x = _dates(series.time_utc_s)
    handles = _sky(ax, series, per)
    handles += _band_lines(ax, series, per)
    handles += _jump_lines(ax, series, per)
    labels = _light_markers(ax, series, per, metric, layout.name == "phone")
    zone = series.timezone
    ax.set_xlim(x[0], x[-1])
    ax.set_ylim(series.ground_elevation_m / per, series.ceiling_m / per)
    ax.set_axisbelow(False)
    ax.grid(True, color="white", alpha=0.5)
    _local_time_axis(ax, zone, float(series.time_utc_s[0]), layout.max_time_ticks)
    _altitude_axes(ax, metric)
    title = f"Light and fall: {series.date:%d %B %Y}, {series.at}, {series.band.name} band"
    if not series.paths:
        title += ": the action does not fit, no jump drawn"
    ax.set_title(_wrap(title, layout.wrap_title), loc="left")
    figure.legend(
        handles=handles,
        labels=[_wrap(h.get_label(), layout.wrap_label) for h in handles],
        loc="outside lower center",
        ncols=layout.legend_columns,
        title=_wrap(
            "Light at each altitude: Sun's elevation above that altitude's visible horizon",
            layout.wrap_label + 10,
        ),
    )
    place_labels(figure, labels)
    return figure


SKY_LABELS = {"golden, Sun set": {"dusk": "golden, after sunset", "dawn": "golden, before sunrise"}}
"""Names of sky bands that differ at dusk and at dawn."""


def _sky_name(name: str, at: str) -> str:
    return SKY_LABELS.get(name, {}).get(at, name)


def _clipper(series: LightSeries, per: float):
    ground, ceiling = series.ground_elevation_m, series.ceiling_m

    def clip(altitude: np.ndarray | None, fallback: float) -> np.ndarray:
        if altitude is None:
            return np.full(series.time_utc_s.shape, fallback / per)
        return np.clip(np.where(np.isinf(altitude), ceiling, altitude), ground, ceiling) / per

    return clip


def _sky(ax: Axes, series: LightSeries, per: float) -> list:
    """Shade the sky's light bands and draw the shadow altitude; their legend entries."""
    from matplotlib.patches import Patch

    x = _dates(series.time_utc_s)
    ground, ceiling = series.ground_elevation_m, series.ceiling_m
    clip = _clipper(series, per)
    handles = []
    for band, (colour, alpha) in zip(series.sky_bands, SKY_COLOURS, strict=True):
        bottom = clip(series.edge(band.lower_deg), ground)
        top = clip(series.edge(band.upper_deg), ceiling)
        ax.fill_between(x, bottom, top, color=colour, alpha=alpha, linewidth=0)
        name = _sky_name(band.name, series.at)
        handles.append(Patch(color=colour, alpha=alpha, label=f"{name} ({_band_range(band)})"))
    shadow = np.where(np.isinf(series.shadow_altitude_m), np.nan, series.shadow_altitude_m)
    (line,) = ax.plot(
        x,
        np.where(shadow <= ground + 0.5, np.nan, shadow) / per,
        color=OKABE_ITO["black"],
        linewidth=2.2,
        label="shadow altitude (Sun's upper limb on the visible horizon)",
    )
    handles.append(line)
    return handles


def _band_lines(ax: Axes, series: LightSeries, per: float) -> list:
    """Hatch the plan's band and dash its edges; their legend entries."""
    x = _dates(series.time_utc_s)
    ground, ceiling = series.ground_elevation_m, series.ceiling_m
    clip = _clipper(series, per)
    band = series.band
    patch = ax.fill_between(
        x,
        clip(series.edge(band.lower_deg), ground),
        clip(series.edge(band.upper_deg), ceiling),
        facecolor="none",
        edgecolor=(0.0, 0.0, 0.0, 0.28),
        hatch="//",
        linewidth=0,
        label=f"the plan's {band.name} band ({_band_range(band)})",
    )
    handles = [patch]
    for edge, style in ((band.lower_deg, (0, (6, 2, 1, 2))), (band.upper_deg, (0, (5, 2)))):
        if edge is None or abs(edge - SUNSET_EDGE_DEG) < 1e-9:
            continue
        altitude = series.edge(edge)
        altitude = np.where(np.isinf(altitude) | (altitude <= ground + 0.5), np.nan, altitude)
        (line,) = ax.plot(
            x,
            altitude / per,
            color=OKABE_ITO["black"],
            linestyle=style,
            linewidth=1.4,
            label=f"{'lower' if edge == band.lower_deg else 'upper'} edge of the {band.name} "
            f"band: Sun {_degrees(edge)} above the visible horizon",
        )
        handles.append(line)
    return handles


def _jump_lines(ax: Axes, series: LightSeries, per: float) -> list:
    """The action from the window's edges, every jumper's jump and the exit window bar.

    The lead jumper is drawn thick, the others thinner on top of it, each in its own
    colour (:data:`JUMPER_COLOURS`), so that lines that coincide all stay visible."""
    handles = []
    line = None
    for path in series.window_paths:
        (line,) = ax.plot(
            _dates(path.time_utc_s),
            path.altitude_m / per,
            color=WINDOW_PATH_COLOUR,
            linewidth=1.5,
            linestyle=(0, (2, 1.5)),
            label="the action from the first and last exits of the window",
        )
    if line is not None:
        handles.append(line)
    for index, path in enumerate(series.paths):
        free = path.stage == 0
        colour = JUMPER_COLOURS[index % len(JUMPER_COLOURS)]
        width = 3.2 if index == 0 else 1.6
        (line,) = ax.plot(
            _dates(path.time_utc_s[free]),
            path.altitude_m[free] / per,
            color=colour,
            linewidth=width,
            solid_capstyle="butt",
            zorder=3 + index,
            label=f"planned jump, {path.label}: free fall",
        )
        handles.append(line)
        (line,) = ax.plot(
            _dates(path.time_utc_s[~free]),
            path.altitude_m[~free] / per,
            color=colour,
            linewidth=1.4 if index == 0 else 1.1,
            linestyle=(0, (1, 1)),
            zorder=3 + index,
            label=f"planned jump, {path.label}: deployment and canopy",
        )
        handles.append(line)
    window = series.exit_window
    if window is not None:
        zone = series.timezone
        start = window.start_utc_s if window.start_utc_s is not None else series.time_utc_s[0]
        end = window.end_utc_s if window.end_utc_s is not None else series.time_utc_s[-1]
        exit_y = series.exit_altitude_m / per
        (line,) = ax.plot(
            [_date(start), _date(end)],
            [exit_y, exit_y],
            color=EXIT_WINDOW_COLOUR,
            linewidth=6,
            solid_capstyle="butt",
            alpha=0.9,
            zorder=2.5,
            label=f"exit window {clock(window.start_utc_s, zone, seconds=False)}-"
            f"{clock(window.end_utc_s, zone, seconds=False)} ({duration(window.duration_s)})",
        )
        handles.append(line)
    return handles


def _light_markers(
    ax: Axes, series: LightSeries, per: float, metric: bool, narrow: bool = False
) -> list:
    """The planned exit and the sunsets (sunrises), marked and labelled; the labels
    (``narrow``: on more, shorter lines, for a phone)."""
    breaks = "\n" if narrow else " "
    zone = series.timezone
    exit_y = series.exit_altitude_m / per
    box = {"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.85, "lw": 0}
    labels = []
    if series.exit_time_utc_s is not None:
        ax.plot(
            [_date(series.exit_time_utc_s)],
            [exit_y],
            marker="v",
            markersize=10,
            color=OKABE_ITO["black"],
            markerfacecolor="white",
            linestyle="none",
            zorder=6,
        )
        labels.append(
            ax.annotate(
                f"EXIT{breaks}{clock(series.exit_time_utc_s, zone)}",
                (_date(series.exit_time_utc_s), exit_y),
                xytext=(0, 12),
                textcoords="offset points",
                ha="center",
                fontweight="bold",
                bbox=box,
                zorder=7,
                arrowprops=LEADER,
            )
        )
    word = "sunset" if series.at == "dusk" else "sunrise"
    for when, altitude, where in (
        (series.sunset_ground_utc_s, series.ground_elevation_m, "ground"),
        (
            series.sunset_exit_utc_s,
            series.exit_altitude_m,
            _altitude_text(series.exit_altitude_m, metric),
        ),
    ):
        if when is None:
            continue
        ax.plot(
            [_date(when)],
            [altitude / per],
            marker="o",
            color=OKABE_ITO["black"],
            linestyle="none",
            zorder=5,
        )
        labels.append(
            ax.annotate(
                f"{word},{breaks}{where}\n{clock(when, zone)}",
                (_date(when), altitude / per),
                xytext=(6, 6),
                textcoords="offset points",
                fontsize="small",
                bbox=box,
                zorder=7,
                arrowprops=LEADER,
            )
        )
    return labels


def _band_range(band) -> str:
    if band.lower_deg is None:
        return f"below {_degrees(band.upper_deg)}"
    if band.upper_deg is None:
        return f"above {_degrees(band.lower_deg)}"
    return f"{_degrees(band.lower_deg)} to {_degrees(band.upper_deg)}"


# --- Sun -----------------------------------------------------------------------------------


@_styled
def sun_elevation_figure(
    series: LightSeries, metric: bool = False, layout: str | Layout = "wide"
) -> Figure:
    """The Sun's elevation above the visible horizon against local time, at the ground and
    at the exit altitude, with the plan's light band and exit window.

    Parameters
    ----------
    series
        From :func:`duskfall.planning.figure_data.make_light_series`.
    metric
        The exit altitude in metres in the labels.
    layout
        ``"wide"`` (a page) or ``"phone"`` (:data:`LAYOUTS`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure = _new_figure(layout.width_in, 4.6 if layout.name == "wide" else 6.4)
    ax = figure.add_subplot()
    x = _dates(series.time_utc_s)
    zone = series.timezone
    band = series.band
    values = np.concatenate([series.sun_ground_deg, series.sun_exit_deg])
    low = float(np.floor(values.min())) - 0.5
    high = float(np.ceil(values.max())) + 0.5
    band_low = low if band.lower_deg is None else band.lower_deg
    band_high = high if band.upper_deg is None else band.upper_deg
    ax.axhspan(
        band_low,
        band_high,
        color=OKABE_ITO["orange"],
        alpha=0.25,
        linewidth=0,
        label=f"{band.name} band ({_band_range(band)})",
    )
    ax.axhline(SUNSET_EDGE_DEG, color="0.35", linewidth=0.8, linestyle=(0, (4, 2)))
    horizon_label = ax.annotate(
        _wrap("upper limb on the visible horizon", 20 if layout.name == "phone" else 60),
        (x[0], SUNSET_EDGE_DEG),
        xytext=(4, -3),
        textcoords="offset points",
        va="top",
        fontsize="small",
        color="0.25",
    )
    window = series.exit_window
    if window is not None:
        start = window.start_utc_s if window.start_utc_s is not None else series.time_utc_s[0]
        end = window.end_utc_s if window.end_utc_s is not None else series.time_utc_s[-1]
        ax.axvspan(
            _date(start),
            _date(end),
            color=OKABE_ITO["bluish green"],
            alpha=0.18,
            linewidth=0,
            label=f"exit window ({duration(window.duration_s)})",
        )
    ax.plot(
        x,
        series.sun_ground_deg,
        color=OKABE_ITO["vermillion"],
        linewidth=2.0,
        label=f"at the ground ({_altitude_text(series.ground_elevation_m, metric)} MSL)",
    )
    ax.plot(
        x,
        series.sun_exit_deg,
        color=OKABE_ITO["blue"],
        linewidth=2.0,
        linestyle=(0, (6, 2)),
        label=f"at the exit altitude ({_altitude_text(series.exit_altitude_m, metric)} MSL)",
    )
    if series.exit_time_utc_s is not None:
        ax.axvline(
            _date(series.exit_time_utc_s),
            color=OKABE_ITO["black"],
            linewidth=1.2,
            label=f"planned exit {clock(series.exit_time_utc_s, zone)}",
        )
    word = "sunset" if series.at == "dusk" else "sunrise"
    # The horizon's label names its line: it may slide along it, above or below.
    labels = [(horizon_label, along(np.linspace(x[0], x[-1], 10, endpoint=False), SUNSET_EDGE_DEG))]
    for when, where, colour in (
        (series.sunset_ground_utc_s, "ground", OKABE_ITO["vermillion"]),
        (series.sunset_exit_utc_s, "exit altitude", OKABE_ITO["blue"]),
    ):
        if when is None:
            continue
        ax.plot(
            [_date(when)], [SUNSET_EDGE_DEG], marker="o", color=colour, linestyle="none", zorder=5
        )
        labels.append(
            ax.annotate(
                f"{word}, {where}\n{clock(when, zone)}",
                (_date(when), SUNSET_EDGE_DEG),
                xytext=(6, 6),
                textcoords="offset points",
                fontsize="small",
                color=colour,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.8, "lw": 0},
                arrowprops=LEADER,
            )
        )
    ax.set_xlim(x[0], x[-1])
    ax.set_ylim(low, high)
    ax.set_ylabel(_wrap("Sun's centre above the visible horizon [deg]", layout.wrap_label - 6))
    _local_time_axis(ax, zone, float(series.time_utc_s[0]), layout.max_time_ticks)
    ax.set_title(
        _wrap("The Sun seen from the ground and from the exit altitude", layout.wrap_title),
        loc="left",
    )
    if layout.name == "wide":
        ax.legend(loc="upper right" if series.at == "dusk" else "upper left")
    else:
        handles, names = ax.get_legend_handles_labels()
        figure.legend(
            handles=handles,
            labels=[_wrap(n, layout.wrap_label) for n in names],
            loc="outside lower center",
            ncols=1,
        )
    place_labels(figure, labels)
    return figure


# --- Fall profile --------------------------------------------------------------------------


@_styled
def fall_profile_figure(plan: Plan, metric: bool = False, layout: str | Layout = "wide") -> Figure:
    """Altitude, speed (mph) and Mach number against time after exit, for every jumper,
    with deployment marked, from the exit until the last canopy lands.

    Parameters
    ----------
    plan
        A plan from :func:`duskfall.planning.make_plan`.
    metric
        Altitudes in metres and speeds in m/s only (no feet, no mph).
    layout
        ``"wide"`` (a page) or ``"phone"`` (:data:`LAYOUTS`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    per, _ = _altitude_unit(metric)
    figure = _new_figure(layout.width_in, 7.4 if layout.name == "wide" else 9.5)
    axes = figure.subplots(3, 1, sharex=True, height_ratios=(1.25, 1.0, 0.75))
    altitude_ax, speed_ax, mach_ax = axes
    scenario = plan.scenario
    colours = JUMPER_COLOURS
    lead = plan.trajectory
    end_s = max(t.landing_time_s for t in plan.trajectories)
    for index, (jumper, t) in enumerate(zip(scenario.jumpers, plan.trajectories, strict=True)):
        colour = colours[index % len(colours)]
        name = (
            jumper.name if len(scenario.jumpers) > 1 else f"{jumper.posture}, {jumper.mass_kg:g} kg"
        )
        keep = t.time_s <= end_s
        time = t.time_s[keep]
        altitude_ax.plot(time, t.altitude_m[keep] / per, color=colour, linewidth=2.0, label=name)
        speed_per = 1.0 if metric else MPH_MPS
        speed_ax.plot(
            time,
            t.fall_rate_mps[keep] / speed_per,
            color=colour,
            linewidth=2.0,
            label=f"{name}: fall rate" if len(scenario.jumpers) > 1 else "fall rate",
        )
        speed_ax.plot(
            time,
            t.airspeed_mps[keep] / speed_per,
            color=colour,
            linewidth=1.3,
            linestyle=(0, (4, 2)),
            label=f"{name}: airspeed" if len(scenario.jumpers) > 1 else "airspeed",
        )
        mach_ax.plot(time, t.mach[keep], color=colour, linewidth=2.0, label=name)
        altitude_ax.plot(
            [t.freefall_duration_s],
            [t.deploy_altitude_m / per],
            marker="o",
            markersize=7,
            markerfacecolor="white",
            markeredgewidth=1.8,
            color=colour,
            zorder=5,
        )
        if index == 0:
            speed_ax.plot(
                [t.max_speed_time_s],
                [t.max_speed_mps / speed_per],
                marker="o",
                color=colour,
                zorder=5,
            )
            peak = (
                f"{t.max_speed_mps:.1f} m/s"
                if metric
                else f"{t.max_speed_mps / MPH_MPS:.0f} mph ({t.max_speed_mps:.1f} m/s)"
            )
            height = _altitude_text(t.max_speed_altitude_m, metric)
            after = f"{t.max_speed_time_s:.0f} s after exit"
            lines = (
                [f"peak fall rate {peak}", f"at {height}, {after}"]
                if layout.name == "wide"
                else ["peak fall rate", peak, f"at {height},", after]
            )
            peak_label = speed_ax.annotate(
                "\n".join(lines),
                (t.max_speed_time_s, t.max_speed_mps / speed_per),
                xytext=(30, -38),
                textcoords="offset points",
                va="top",
                fontsize="small",
                arrowprops={"arrowstyle": "-", "color": "0.3", "lw": 0.8},
            )

    opened_s = lead.opening_time_s
    for ax in axes:
        ax.axvspan(0.0, lead.freefall_duration_s, color=OKABE_ITO["sky blue"], alpha=0.12, lw=0)
        ax.axvspan(lead.freefall_duration_s, opened_s, color=OKABE_ITO["orange"], alpha=0.25, lw=0)
        ax.axvline(lead.freefall_duration_s, color=OKABE_ITO["black"], linewidth=1.2)
    deploy_altitude = scenario.deploy_altitude_of(scenario.jumper)
    deploy_label = altitude_ax.annotate(
        f"deployment {lead.freefall_duration_s:.1f} s\nat {_altitude_text(deploy_altitude, metric)}"
        " MSL",
        (lead.freefall_duration_s, deploy_altitude / per),
        xytext=(6, 8),
        textcoords="offset points",
        fontsize="small",
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.85, "lw": 0},
        arrowprops=LEADER,
    )
    altitude_ax.annotate(
        "free fall",
        (0.5 * lead.freefall_duration_s, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(0, -4),
        textcoords="offset points",
        ha="center",
        va="top",
        fontsize="small",
        color="0.3",
    )
    altitude_ax.annotate(
        "canopy",
        (0.5 * (opened_s + end_s), 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(0, -4),
        textcoords="offset points",
        ha="center",
        va="top",
        fontsize="small",
        color="0.3",
    )
    _altitude_axes(altitude_ax, metric)
    if metric:
        speed_ax.set_ylabel("speed [m/s]")
    else:
        speed_ax.set_ylabel("speed [mph]")
        second = speed_ax.secondary_yaxis(
            "right", functions=(lambda v: v * MPH_MPS, lambda v: v / MPH_MPS)
        )
        second.set_ylabel("[m/s]")
    speed_ax.set_ylim(bottom=0)
    speed_ax.legend(
        loc="upper right",
        ncols=2 if len(scenario.jumpers) > 1 and layout.name == "wide" else 1,
        fontsize="small" if layout.name == "phone" else None,
    )
    mach_ax.set_ylabel("Mach number")
    mach_ax.set_ylim(bottom=0)
    mach_ax.set_xlabel(
        "time after exit [s]"
        + (
            f"; exit at {clock(plan.exit_time_utc_s, plan.timezone)} local"
            if plan.exit_time_utc_s is not None
            else ""
        )
    )
    mach_ax.set_xlim(0.0, end_s)
    if len(scenario.jumpers) > 1:
        altitude_ax.legend(loc="lower left", title="deployment: open circles")
    altitude_ax.set_title(
        _wrap(
            f"Fall profile: exit at {_altitude_text(scenario.exit_altitude_m, metric)} MSL, "
            f"{lead.freefall_duration_s:.0f} s of free fall, landing "
            f"{lead.landing_time_s:.0f} s after exit",
            layout.wrap_title,
        ),
        loc="left",
    )
    place_labels(figure, [deploy_label, peak_label])
    return figure


# --- Ground track --------------------------------------------------------------------------


OUTLINE_STYLES = {
    "canopy's reach from the opening": (OKABE_ITO["bluish green"], (0, (1, 1.5)), 1.4),
    "openings, 50 %": (OKABE_ITO["vermillion"], "-", 1.6),
    "openings, 95 %": (OKABE_ITO["vermillion"], (0, (5, 2)), 1.4),
    "landings, 95 %": (OKABE_ITO["sky blue"], "-", 1.6),
}
"""Colour, dash and width of the outlines of :class:`duskfall.planning.figure_data.TrackSeries`."""


@_styled
def ground_track_figure(
    track: TrackSeries,
    nautical: bool = False,
    metric: bool = False,
    layout: str | Layout = "wide",
) -> Figure:
    """The jump seen from above: ground tracks from the release point to the landing over a
    local east/north grid centred on the target, the jump run and its green-light zone,
    the canopy's reach, the dispersion ellipses and the winds by altitude.

    Parameters
    ----------
    track
        From :func:`duskfall.planning.figure_data.make_track_series`.
    nautical
        Distances in nautical miles instead of kilometres.
    metric
        Wind-panel altitudes in metres and wind speeds in m/s (instead of ft and kt).
    layout
        ``"wide"`` (a page: the winds beside the map) or ``"phone"`` (the winds below).

    Returns
    -------
    matplotlib.figure.Figure
    """
    nautical = nautical and not metric
    distance_per, distance_unit = (NAUTICAL_MILE_M, "NM") if nautical else (1000.0, "km")
    if layout.name == "wide":
        figure = _new_figure(layout.width_in, 7.4)
        grid = figure.add_gridspec(1, 2, width_ratios=(3.2, 1.0))
        ax = figure.add_subplot(grid[0, 0])
        wind_ax = figure.add_subplot(grid[0, 1])
    else:
        figure = _new_figure(layout.width_in, 12.5)
        grid = figure.add_gridspec(2, 1, height_ratios=(3.0, 1.6))
        ax = figure.add_subplot(grid[0, 0])
        wind_ax = figure.add_subplot(grid[1, 0])

    def scaled(values):
        return np.asarray(values, dtype=float) / distance_per

    xs = [track.exit_east_m, 0.0]
    ys = [track.exit_north_m, 0.0]
    if track.dispersion_deploy_east_m is not None:
        ax.plot(
            scaled(track.dispersion_deploy_east_m),
            scaled(track.dispersion_deploy_north_m),
            linestyle="none",
            marker=".",
            markersize=2.5,
            alpha=0.35,
            color=OKABE_ITO["orange"],
            label=f"openings of {track.dispersion.members} simulated jumps",
        )
    for outline in track.outlines:
        colour, style, width = OUTLINE_STYLES.get(outline.label, ("0.3", "-", 1.2))
        ax.plot(
            scaled(outline.east_m),
            scaled(outline.north_m),
            color=colour,
            linestyle=style,
            linewidth=width,
            label=outline.label,
        )
        xs += [float(np.min(outline.east_m)), float(np.max(outline.east_m))]
        ys += [float(np.min(outline.north_m)), float(np.max(outline.north_m))]

    colours = JUMPER_COLOURS
    several = len(track.tracks) > 1
    for index, jumper in enumerate(track.tracks):
        colour = colours[index % len(colours)]
        prefix = f"{jumper.label}: " if several else ""
        canopy = jumper.stage >= 1
        # The canopy line starts where the free-fall line ends, so the track is unbroken.
        start = int(np.argmax(canopy)) if canopy.any() else jumper.stage.size
        ax.plot(
            scaled(jumper.east_m[: start + 1]),
            scaled(jumper.north_m[: start + 1]),
            color=colour,
            linewidth=2.4 if index == 0 else 1.5,
            zorder=3 + index,
            label=f"{prefix}free fall",
        )
        if canopy.any():
            ax.plot(
                scaled(jumper.east_m[start - 1 :]),
                scaled(jumper.north_m[start - 1 :]),
                color=colour,
                linestyle=(0, (1.5, 1.2)),
                linewidth=1.8 if index == 0 else 1.3,
                zorder=3 + index,
                label=f"{prefix}deployment and canopy, without steering",
            )
        ax.plot(
            scaled(jumper.deploy_east_m),
            scaled(jumper.deploy_north_m),
            marker="o",
            markersize=9,
            markerfacecolor="white",
            markeredgewidth=2.0,
            color=colour,
            linestyle="none",
            label=f"{prefix}deployment",
        )
        ax.plot(
            scaled(jumper.landing_east_m),
            scaled(jumper.landing_north_m),
            marker="X",
            markersize=10,
            color=colour,
            markeredgecolor="white",
            linestyle="none",
            label=f"{prefix}landing without steering",
        )
        xs += [float(np.min(jumper.east_m)), float(np.max(jumper.east_m))]
        ys += [float(np.min(jumper.north_m)), float(np.max(jumper.north_m))]

    ax.plot(
        scaled(track.jump_run_east_m),
        scaled(track.jump_run_north_m),
        color=OKABE_ITO["black"],
        linewidth=1.2,
        linestyle=(0, (6, 3)),
        label=f"jump run, track {track.jump_run_track_deg:03.0f}° true (heading "
        f"{track.aircraft_heading_deg:03.0f}°), "
        + (
            f"{track.aircraft_ground_speed_mps:.0f} m/s"
            if metric
            else f"{track.aircraft_ground_speed_mps / KNOT_MPS:.0f} kt"
        )
        + " over the ground",
    )
    # An arrowhead on the jump run, a little before the exit: the direction of flight.
    ax.annotate(
        "",
        (scaled(track.jump_run_east_m[-3]), scaled(track.jump_run_north_m[-3])),
        xytext=(scaled(track.jump_run_east_m[-4]), scaled(track.jump_run_north_m[-4])),
        arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.2, "mutation_scale": 16},
    )
    if track.green_light_east_m is not None:
        xs += list(track.green_light_east_m)
        ys += list(track.green_light_north_m)
        ax.plot(
            scaled(track.green_light_east_m),
            scaled(track.green_light_north_m),
            color=OKABE_ITO["bluish green"],
            linewidth=6,
            alpha=0.6,
            solid_capstyle="butt",
            zorder=1.5,
            label="green-light zone: exits that can still reach the target",
        )
    ax.plot(
        scaled(track.exit_east_m),
        scaled(track.exit_north_m),
        marker="^",
        markersize=11,
        color=OKABE_ITO["black"],
        markerfacecolor=OKABE_ITO["yellow"],
        linestyle="none",
        label="release point (exit)" if track.release is not None else "exit, over the site",
    )
    ax.plot(
        0.0,
        0.0,
        marker="+",
        markersize=18,
        markeredgewidth=2.2,
        color=OKABE_ITO["black"],
        linestyle="none",
        zorder=6,
        label=f"target: {track.site_name}",
    )

    # Frame the jump itself (the jump run is long) with some margin, square.
    span = max(np.ptp(xs), np.ptp(ys), 400.0)
    centre = (0.5 * (min(xs) + max(xs)), 0.5 * (min(ys) + max(ys)))
    half = 0.62 * span
    ax.set_xlim(scaled(centre[0] - half), scaled(centre[0] + half))
    ax.set_ylim(scaled(centre[1] - half), scaled(centre[1] + half))
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(f"east of the target [{distance_unit}]")
    ax.set_ylabel(f"north of the target [{distance_unit}]")
    ax.annotate(
        "",
        (0.05, 0.92),
        xytext=(0.05, 0.80),
        xycoords="axes fraction",
        textcoords="axes fraction",
        arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.5},
    )
    ax.annotate("N", (0.05, 0.93), xycoords="axes fraction", ha="center", fontweight="bold")
    handles, names = ax.get_legend_handles_labels()
    figure.legend(
        handles=handles,
        labels=[_wrap(n, layout.wrap_label) for n in names],
        loc="outside lower center",
        ncols=layout.legend_columns,
    )
    # The site's name may be long: it is wrapped to the map's width, on its own lines, so
    # that it never runs into the winds' panel.
    ax.set_title(
        "Ground track\n"
        + _wrap(
            f"{track.site_name} ({track.latitude_deg:.4f}, {track.longitude_deg:.4f})",
            layout.wrap_title - (15 if layout.name == "wide" else 0),
        ),
        loc="left",
    )
    _wind_panel(wind_ax, track, metric)
    return figure


def _wind_panel(ax: Axes, track: TrackSeries, metric: bool) -> None:
    """Arrows of where the air moves, one per altitude, labelled "from DDD° SS kt"."""
    from matplotlib.transforms import offset_copy

    winds = track.winds
    per, unit = _altitude_unit(metric)
    speed_per, speed_unit = (1.0, "m/s") if metric else (KNOT_MPS, "kt")
    heights = winds.altitude_m / per
    strongest = float(np.max(winds.speed_mps)) if winds.speed_mps.size else 0.0
    step = float(np.min(np.diff(heights))) if heights.size > 1 else 1.0
    for height, east, north, direction, speed in zip(
        heights,
        winds.east_mps,
        winds.north_mps,
        winds.direction_from_deg,
        winds.speed_mps,
        strict=True,
    ):
        if speed > 0.05:
            # The arrow is drawn in points on the page, so that its direction is the
            # wind's direction on a north-up map whatever the panel's aspect; its length
            # grows with the speed, from a readable minimum.
            length = 10.0 + 24.0 * speed / strongest
            along = (length * east / speed, length * north / speed)
            head = offset_copy(
                ax.transData, fig=ax.figure, x=along[0] / 2, y=along[1] / 2, units="points"
            )
            ax.annotate(
                "",
                (0.0, height),
                xycoords=head,
                xytext=(-along[0], -along[1]),
                textcoords="offset points",
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": OKABE_ITO["blue"],
                    "lw": 1.8,
                    "shrinkA": 0,
                    "shrinkB": 0,
                },
            )
            text = f"from {direction:03.0f}° {speed / speed_per:.0f} {speed_unit}"
        else:
            ax.plot([0.0], [height], marker="o", color=OKABE_ITO["blue"], markersize=4)
            text = "calm"
        ax.annotate(
            text,
            (0.9, height),
            xytext=(0, 0),
            textcoords="offset points",
            va="center",
            fontsize="small",
        )
    ax.set_xlim(-0.9, 2.6)
    if heights.size > 1:
        ax.set_ylim(heights[0] - 0.6 * step, heights[-1] + 0.6 * step)
    ax.set_xticks([])
    ax.grid(False)
    ax.set_ylabel(f"altitude [{unit} MSL]")
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    ax.set_title("Winds aloft", loc="left")
    ax.set_xlabel(f"arrows: where the air moves\n(north up); {winds.source}", fontsize="small")


# --- All figures, files ----------------------------------------------------------------------

FIGURE_TITLES = {
    "light_and_fall": "Light and fall",
    "sun_elevation": "The Sun from the ground and from the exit altitude",
    "fall_profile": "Fall profile",
    "ground_track": "Ground track and winds aloft",
}
"""Names of the figures of :func:`plan_figures`, in report order, with their captions' titles."""


def plan_figures(plan: Plan, metric: bool = False, layout: str = "wide") -> dict[str, Figure]:
    """Every figure of a plan, by name (the keys of :data:`FIGURE_TITLES`, in order)."""
    series = make_light_series(plan)
    return {
        "light_and_fall": light_and_fall_figure(series, metric=metric, layout=layout),
        "sun_elevation": sun_elevation_figure(series, metric=metric, layout=layout),
        "fall_profile": fall_profile_figure(plan, metric=metric, layout=layout),
        "ground_track": ground_track_figure(
            make_track_series(plan), nautical=not metric, metric=metric, layout=layout
        ),
    }


def figure_bytes(figure: Figure, image_format: str = "png", dpi: float = 150.0) -> bytes:
    """The figure as PNG or SVG bytes (SVG without a creation date)."""
    if image_format not in ("png", "svg"):
        raise ValueError(f"image format {image_format!r}: allowed png or svg")
    import matplotlib

    buffer = io.BytesIO()
    metadata = {"Date": None} if image_format == "svg" else {"Software": "duskfall"}
    with matplotlib.rc_context(STYLE):
        figure.savefig(buffer, format=image_format, dpi=dpi, metadata=metadata)
    return buffer.getvalue()


def figure_data_uri(figure: Figure, image_format: str = "png", dpi: float = 150.0) -> str:
    """``data:image/...;base64,...`` of the figure, for embedding in HTML."""
    mime = {"png": "image/png", "svg": "image/svg+xml"}[image_format]
    encoded = base64.b64encode(figure_bytes(figure, image_format, dpi)).decode("ascii")
    return f"data:{mime};base64,{encoded}"


def save_figure(figure: Figure, path: str | Path, dpi: float = 150.0) -> Path:
    """Write the figure to ``path``, PNG or SVG by its suffix; return the path."""
    path = Path(path)
    image_format = path.suffix.lower().lstrip(".")
    path.write_bytes(figure_bytes(figure, image_format, dpi))
    return path
