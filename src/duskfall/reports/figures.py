"""Figures of a plan (matplotlib): the light and the fall, the Sun's elevation, the Sun's
direction seen from above, the fall profile (with the camera flyer's separation from the
performer), the ground track.

Every function takes result objects and returns a :class:`matplotlib.figure.Figure`; none
computes physics (what they draw comes from :mod:`duskfall.planning.figure_data` and from the
plan's trajectories, Sun (``plan.sun``) and formation (``plan.formation``)). Times are
shown in the site's local time, altitudes in feet with metres on the opposite axis (or the
reverse with ``metric=True``), speeds in mph.
Colours are the Okabe-Ito palette, distinguishable with the common colour-vision
deficiencies (Okabe, M. and Ito, K. (2008), Color Universal Design,
https://jfly.uni-koeln.de/color/).

Labels are placed clear of the lines by :func:`duskfall.reports.labels.place_labels`.

matplotlib is imported when a figure is made, not when this module is imported, and
figures are drawn on the non-interactive Agg canvas without pyplot (no global state, no
window).

Examples
--------
>>> from duskfall.planning import SEED_SCENARIO, make_plan
>>> figures = plan_figures(make_plan(SEED_SCENARIO))
>>> list(figures)
['light_and_fall', 'sun_elevation', 'sun_direction', 'fall_profile', 'ground_track']
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
from duskfall.planning.camera import SunView
from duskfall.planning.figure_data import (
    SUNSET_EDGE_DEG,
    LightSeries,
    TrackSeries,
    make_light_series,
    make_track_series,
)
from duskfall.reports import wording
from duskfall.reports.formatting import AVIATION, METRIC, clock, window_length
from duskfall.reports.labels import LEADER, Place, along, place_labels
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
    # Ticks every 20 or 60 minutes too: a span of two to three hours is under the three
    # hourly ticks asked for and over maxticks half-hourly ones, and matplotlib warned
    # that it had no interval for it (a golden hour at 70 N).
    locator.intervald[dates.MINUTELY] = [1, 2, 5, 10, 15, 20, 30, 60]
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
            f"{clock(window.end_utc_s, zone, seconds=False)} ({window_length(window)})",
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


def _sun_band_and_window(ax: Axes, series: LightSeries, low: float, high: float) -> None:
    """The plan's band shaded across, and the exit window down."""
    band = series.band
    ax.axhspan(
        low if band.lower_deg is None else band.lower_deg,
        high if band.upper_deg is None else band.upper_deg,
        color=OKABE_ITO["orange"],
        alpha=0.25,
        linewidth=0,
        label=f"{band.name} band ({_band_range(band)})",
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
            label=f"exit window ({window_length(window)})",
        )


def _sun_lines(ax: Axes, series: LightSeries, metric: bool) -> None:
    """The Sun at the ground and at the exit altitude, and the planned exit."""
    x = _dates(series.time_utc_s)
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
            label=f"planned exit {clock(series.exit_time_utc_s, series.timezone)}",
        )


def _sun_horizon_labels(ax: Axes, series: LightSeries, narrow: bool) -> list:
    """The visible horizon dashed and named, the sunsets (sunrises) marked and labelled;
    the labels (the horizon's slides along its line)."""
    x = _dates(series.time_utc_s)
    ax.axhline(SUNSET_EDGE_DEG, color="0.35", linewidth=0.8, linestyle=(0, (4, 2)))
    horizon_label = ax.annotate(
        _wrap("upper limb on the visible horizon", 20 if narrow else 60),
        (x[0], SUNSET_EDGE_DEG),
        xytext=(4, -3),
        textcoords="offset points",
        va="top",
        fontsize="small",
        color="0.25",
    )
    labels = [(horizon_label, along(np.linspace(x[0], x[-1], 10, endpoint=False), SUNSET_EDGE_DEG))]
    word = "sunset" if series.at == "dusk" else "sunrise"
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
                f"{word}, {where}\n{clock(when, series.timezone)}",
                (_date(when), SUNSET_EDGE_DEG),
                xytext=(6, 6),
                textcoords="offset points",
                fontsize="small",
                color=colour,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.8, "lw": 0},
                arrowprops=LEADER,
            )
        )
    return labels


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
    values = np.concatenate([series.sun_ground_deg, series.sun_exit_deg])
    low = float(np.floor(values.min())) - 0.5
    high = float(np.ceil(values.max())) + 0.5
    _sun_band_and_window(ax, series, low, high)
    labels = _sun_horizon_labels(ax, series, layout.name == "phone")
    _sun_lines(ax, series, metric)
    ax.set_xlim(x[0], x[-1])
    ax.set_ylim(low, high)
    ax.set_ylabel(_wrap("Sun's centre above the visible horizon [deg]", layout.wrap_label - 6))
    _local_time_axis(ax, series.timezone, float(series.time_utc_s[0]), layout.max_time_ticks)
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

FORMATION_COLOURS = {
    "vertical": OKABE_ITO["black"],
    "horizontal": OKABE_ITO["blue"],
    "meet": OKABE_ITO["bluish green"],
    "closing": OKABE_ITO["reddish purple"],
    "limit": OKABE_ITO["vermillion"],
    "closest": OKABE_ITO["orange"],
}
"""The formation panel's lines and event markers."""


def _delays(plan: Plan) -> tuple[float, ...]:
    """Each jumper's exit after the green light [s] (none: all at once)."""
    return plan.exit_delays_s or (0.0,) * len(plan.trajectories)


def _formation_of(plan: Plan):
    """The plan's formation, if both are ever in free fall together."""
    formation = plan.formation
    return formation if formation is not None and formation.together else None


def _profile_axes(figure: Figure, formation, layout: Layout) -> dict[str, Axes]:
    """The panels, top to bottom, sharing the time axis: altitude, (with a formation)
    the separation, speed, Mach number."""
    names = ["altitude", *(["separation"] if formation is not None else []), "speed", "mach"]
    ratios = {"altitude": 1.25, "separation": 1.0, "speed": 1.0, "mach": 0.75}
    axes = figure.subplots(len(names), 1, sharex=True, height_ratios=[ratios[n] for n in names])
    return dict(zip(names, axes, strict=True))


def _jumper_lines(axes: dict, plan: Plan, end_s: float, metric: bool) -> None:
    """Every jumper's altitude, fall rate, airspeed and Mach number from its own exit
    (timed from the green light), and its deployment marked."""
    per, _ = _altitude_unit(metric)
    speed_per = 1.0 if metric else MPH_MPS
    scenario = plan.scenario
    several = len(scenario.jumpers) > 1
    for index, (jumper, t, delay) in enumerate(
        zip(scenario.jumpers, plan.trajectories, _delays(plan), strict=True)
    ):
        colour = JUMPER_COLOURS[index % len(JUMPER_COLOURS)]
        name = jumper.name if several else f"{jumper.posture}, {jumper.mass_kg:g} kg"
        keep = t.time_s + delay <= end_s
        time = t.time_s[keep] + delay
        axes["altitude"].plot(time, t.altitude_m[keep] / per, color=colour, lw=2.0, label=name)
        axes["speed"].plot(
            time,
            t.fall_rate_mps[keep] / speed_per,
            color=colour,
            linewidth=2.0,
            label=f"{name}: fall rate" if several else "fall rate",
        )
        axes["speed"].plot(
            time,
            t.airspeed_mps[keep] / speed_per,
            color=colour,
            linewidth=1.3,
            linestyle=(0, (4, 2)),
            label=f"{name}: airspeed" if several else "airspeed",
        )
        axes["mach"].plot(time, t.mach[keep], color=colour, linewidth=2.0, label=name)
        axes["altitude"].plot(
            [delay + t.freefall_duration_s],
            [t.deploy_altitude_m / per],
            marker="o",
            markersize=7,
            markerfacecolor="white",
            markeredgewidth=1.8,
            color=colour,
            zorder=5,
        )


def _peak_label(ax: Axes, plan: Plan, metric: bool, layout: Layout):
    """The lead's peak fall rate, marked and labelled; the label."""
    t, delay = plan.trajectory, _delays(plan)[0]
    speed_per = 1.0 if metric else MPH_MPS
    at = (delay + t.max_speed_time_s, t.max_speed_mps / speed_per)
    ax.plot(*([v] for v in at), marker="o", color=JUMPER_COLOURS[0], zorder=5)
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
    return ax.annotate(
        "\n".join(lines),
        at,
        xytext=(30, -38),
        textcoords="offset points",
        va="top",
        fontsize="small",
        arrowprops={"arrowstyle": "-", "color": "0.3", "lw": 0.8},
    )


def _stages(axes: dict, plan: Plan, end_s: float, metric: bool):
    """The lead's free fall and deployment shaded in every panel and named over the
    altitude; the deployment's label."""
    per, _ = _altitude_unit(metric)
    lead, delay = plan.trajectory, _delays(plan)[0]
    deployed_s = delay + lead.freefall_duration_s
    opened_s = delay + lead.opening_time_s
    for ax in axes.values():
        ax.axvspan(delay, deployed_s, color=OKABE_ITO["sky blue"], alpha=0.12, lw=0)
        ax.axvspan(deployed_s, opened_s, color=OKABE_ITO["orange"], alpha=0.25, lw=0)
        ax.axvline(deployed_s, color=OKABE_ITO["black"], linewidth=1.2)
    altitude_ax = axes["altitude"]
    for name, middle in (
        ("free fall", 0.5 * (delay + deployed_s)),
        ("canopy", 0.5 * (opened_s + end_s)),
    ):
        altitude_ax.annotate(
            name,
            (middle, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, -4),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize="small",
            color="0.3",
        )
    deploy_altitude = plan.scenario.deploy_altitude_of(plan.scenario.jumper)
    return altitude_ax.annotate(
        f"deployment {lead.freefall_duration_s:.1f} s\nat {_altitude_text(deploy_altitude, metric)}"
        " MSL",
        (deployed_s, deploy_altitude / per),
        xytext=(6, 8),
        textcoords="offset points",
        fontsize="small",
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.85, "lw": 0},
        arrowprops=LEADER,
    )


def _separation_at(formation, time_s: float) -> float:
    """The vertical separation at a time after the green light [m]."""
    return float(np.interp(time_s, formation.time_s, formation.vertical_separation_m))


def _formation_events(formation, metric: bool) -> list[tuple[str, float, float, str]]:
    """(key, time [s], vertical separation [m], legend text) of the formation's events
    that happen: the closest approach, the meet, the closing, the limit passed."""
    units = METRIC if metric else AVIATION
    f = formation
    found = [
        (
            "closest",
            f.closest_approach_time_s,
            f"closest approach, {wording.length(f.closest_approach_m, units)} apart",
        ),
        ("meet", f.meet_time_s, f"level at {units.altitude(f.meet_altitude_m)}"),
        (
            "closing",
            f.closing_time_s,
            f"within {wording.length(f.closing_distance_m, units)} at "
            f"{units.altitude(f.closing_altitude_m)}",
        ),
        (
            "limit",
            f.limit_passed_time_s,
            f"more than {wording.length(f.separation_limit_m, units)} apart from "
            f"{units.altitude(f.limit_passed_altitude_m)}",
        ),
    ]
    return [
        (key, when, 0.0 if key == "meet" else _separation_at(f, when), f"{text} ({when:.1f} s)")
        for key, when, text in found
        if when is not None
    ]


EVENT_MARKERS = {"closest": "*", "meet": "D", "closing": "o", "limit": "X"}
"""The markers of the formation's events (:func:`_formation_events`)."""


def _separation_panel(ax: Axes, formation, metric: bool) -> list:
    """The camera flyer's height above the performer and their horizontal distance over
    time, the closing distance and the limit, the events marked; its legend entries."""
    per, unit = _altitude_unit(metric)
    units = METRIC if metric else AVIATION
    limit, closing = formation.separation_limit_m / per, formation.closing_distance_m / per
    ax.axhspan(-closing, closing, color=FORMATION_COLOURS["meet"], alpha=0.25, lw=0)
    for sign in (-1, 1):
        ax.axhline(sign * limit, color=FORMATION_COLOURS["limit"], lw=1.0, ls=(0, (5, 2)))
    (vertical,) = ax.plot(
        formation.time_s,
        formation.vertical_separation_m / per,
        color=FORMATION_COLOURS["vertical"],
        linewidth=2.0,
        label=f"{formation.flyer} above {formation.subject}",
    )
    (horizontal,) = ax.plot(
        formation.time_s,
        formation.horizontal_separation_m / per,
        color=FORMATION_COLOURS["horizontal"],
        linewidth=1.4,
        linestyle=(0, (1, 1.2)),
        label="apart horizontally",
    )
    handles = [vertical, horizontal]
    for key, when, height, text in _formation_events(formation, metric):
        (marker,) = ax.plot(
            [when],
            [height / per],
            marker=EVENT_MARKERS[key],
            markersize=9,
            color=FORMATION_COLOURS[key],
            markeredgecolor="black",
            linestyle="none",
            zorder=6,
            label=text,
        )
        handles.append(marker)
    ax.axvline(
        formation.action_end_time_s, color=WINDOW_PATH_COLOUR, linewidth=1.0, linestyle=(0, (1, 2))
    )
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    closed = wording.length(formation.closing_distance_m, units)
    handles += [
        Patch(color=FORMATION_COLOURS["meet"], alpha=0.25, label=f"within {closed} vertically"),
        Line2D(
            [],
            [],
            color=FORMATION_COLOURS["limit"],
            lw=1.0,
            ls=(0, (5, 2)),
            label=f"the separation limit, {wording.length(formation.separation_limit_m, units)}",
        ),
        Line2D([], [], color=WINDOW_PATH_COLOUR, lw=1.0, ls=(0, (1, 2)), label="end of the action"),
    ]
    ax.set_ylabel(_wrap(f"separation [{unit}]", 14))
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    if not metric:
        second = ax.secondary_yaxis("right", functions=(lambda f: f * FOOT_M, lambda m: m / FOOT_M))
        second.set_ylabel("[m]")
        second.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    return handles


def _profile_labels(axes: dict, plan: Plan, metric: bool, layout: Layout, end_s: float) -> None:
    """Axis names, units and limits, and the panels' legends."""
    several = len(plan.scenario.jumpers) > 1
    _altitude_axes(axes["altitude"], metric)
    speed_ax = axes["speed"]
    if metric:
        speed_ax.set_ylabel("speed [m/s]")
    else:
        speed_ax.set_ylabel("speed [mph]")
        second = speed_ax.secondary_yaxis(
            "right", functions=(lambda v: v * MPH_MPS, lambda v: v / MPH_MPS)
        )
        second.set_ylabel("[m/s]")
    speed_ax.set_ylim(bottom=0)
    # On a phone the panels are narrow: the legends go where they cover the fewest lines.
    speed_ax.legend(
        loc="upper right" if layout.name == "wide" else "best",
        ncols=2 if several and layout.name == "wide" else 1,
        fontsize="small" if layout.name == "phone" else None,
    )
    mach_ax = axes["mach"]
    mach_ax.set_ylabel("Mach number")
    mach_ax.set_ylim(bottom=0)
    staggered = any(_delays(plan))
    start = "the green light" if staggered else "exit"
    when = ""
    if plan.exit_time_utc_s is not None:
        local = clock(plan.exit_time_utc_s, plan.timezone)
        when = f"; {'green light' if staggered else 'exit'} at {local} local"
    mach_ax.set_xlabel(_wrap(f"time after {start} [s]{when}", layout.wrap_title + 10))
    mach_ax.set_xlim(0.0, end_s)
    if several:
        axes["altitude"].legend(loc="center right", title="deployment: open circles")


@_styled
def fall_profile_figure(plan: Plan, metric: bool = False, layout: str | Layout = "wide") -> Figure:
    """Altitude, speed (mph) and Mach number against time, for every jumper, with
    deployment marked, from the exit until the last canopy lands; with a camera flyer
    and a performer in free fall together, their separation too.

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
        Times are after the exit, or after the green light when the jumpers leave at
        different times (each jumper from its own exit). The separation panel
        (``plan.formation``) shows the camera flyer's height above the performer and
        their horizontal distance, the closing distance shaded, the separation limit
        dashed, and the closest approach, the meet, the closing and the limit passed
        marked.
    """
    formation = _formation_of(plan)
    wide = layout.name == "wide"
    height = (7.4 if wide else 9.5) + (2.6 if wide else 5.0) * (formation is not None)
    figure = _new_figure(layout.width_in, height)
    axes = _profile_axes(figure, formation, layout)
    delays = _delays(plan)
    end_s = max(d + t.landing_time_s for d, t in zip(delays, plan.trajectories, strict=True))
    _jumper_lines(axes, plan, end_s, metric)
    labels = [_stages(axes, plan, end_s, metric), _peak_label(axes["speed"], plan, metric, layout)]
    if formation is not None:
        handles = _separation_panel(axes["separation"], formation, metric)
        figure.legend(
            handles=handles,
            labels=[_wrap(h.get_label(), layout.wrap_label) for h in handles],
            loc="outside lower center",
            ncols=layout.legend_columns,
            title=_wrap(
                f"{formation.flyer} and {formation.subject} in free fall together",
                layout.wrap_label + 10,
            ),
        )
    _profile_labels(axes, plan, metric, layout, end_s)
    lead = plan.trajectory
    axes["altitude"].set_title(
        _wrap(
            f"Fall profile: exit at {_altitude_text(plan.scenario.exit_altitude_m, metric)} MSL, "
            f"{lead.freefall_duration_s:.0f} s of free fall, landing "
            f"{lead.landing_time_s:.0f} s after exit",
            layout.wrap_title,
        ),
        loc="left",
    )
    place_labels(figure, labels)
    return figure


# --- Maps: the ground track and the Sun's direction ------------------------------------------


OUTLINE_STYLES = {
    "canopy's reach from the opening": (OKABE_ITO["bluish green"], (0, (1, 1.5)), 1.4),
    "openings, 50 %": (OKABE_ITO["vermillion"], "-", 1.6),
    "openings, 95 %": (OKABE_ITO["vermillion"], (0, (5, 2)), 1.4),
    "landings, 95 %": (OKABE_ITO["sky blue"], "-", 1.6),
}
"""Colour, dash and width of the outlines of :class:`duskfall.planning.figure_data.TrackSeries`."""

SUN_COLOUR = OKABE_ITO["orange"]
"""The Sun's rays on the map (the disc at their ends: yellow)."""

RAY_FRACTION = 1.2
"""Length of the Sun's ray at exit, as a share of the span of the points it is drawn
among (the one at deployment is drawn a little shorter, so that two rays that nearly
coincide both show their ends)."""

MIN_MAP_SPAN_M = 400.0
"""The smallest width a map shows [m]."""

MAP_MARGIN = 0.62
"""Half the width of a map, as a share of the span of what it shows."""

NORTH_PLACES = tuple(
    Place(0.0, -34.0, "center", "top", (x, y))
    for y in (0.97, 0.3)
    for x in (0.06, 0.94, 0.5, 0.25, 0.75)
)
"""Where the north arrow may stand: its tip near a corner of the map (axes fraction), its
"N" below it."""


@dataclass(frozen=True)
class _Scale:
    """Distances on a map: metres per unit drawn, and the unit's name."""

    per_m: float
    unit: str

    def __call__(self, metres) -> np.ndarray:
        return np.asarray(metres, dtype=float) / self.per_m


def _distance_scale(nautical: bool, metric: bool) -> _Scale:
    """Nautical miles (aviation units), or kilometres."""
    return _Scale(NAUTICAL_MILE_M, "NM") if nautical and not metric else _Scale(1000.0, "km")


def _map_axes(layout: Layout, wide_height_in: float, phone_height_in: float):
    """A figure with a map and a winds panel: side by side on a page, stacked on a
    phone; (figure, map, winds)."""
    if layout.name == "wide":
        figure = _new_figure(layout.width_in, wide_height_in)
        grid = figure.add_gridspec(1, 2, width_ratios=(3.2, 1.0))
        return figure, figure.add_subplot(grid[0, 0]), figure.add_subplot(grid[0, 1])
    figure = _new_figure(layout.width_in, phone_height_in)
    grid = figure.add_gridspec(2, 1, height_ratios=(3.0, 1.6))
    return figure, figure.add_subplot(grid[0, 0]), figure.add_subplot(grid[1, 0])


def _points(east, north) -> np.ndarray:
    """(east, north) pairs [m], for framing a map."""
    return np.column_stack([np.ravel(east), np.ravel(north)]).astype(float)


def _draw_dispersion(ax: Axes, track: TrackSeries, scale: _Scale) -> None:
    """The openings of the simulated jumps, as dots."""
    if track.dispersion_deploy_east_m is None:
        return
    ax.plot(
        scale(track.dispersion_deploy_east_m),
        scale(track.dispersion_deploy_north_m),
        linestyle="none",
        marker=".",
        markersize=2.5,
        alpha=0.35,
        color=OKABE_ITO["orange"],
        label=f"openings of {track.dispersion.members} simulated jumps",
    )


def _draw_outlines(ax: Axes, track: TrackSeries, scale: _Scale) -> list[np.ndarray]:
    """The canopy's reach and the dispersion ellipses; their points."""
    extent = []
    for outline in track.outlines:
        colour, style, width = OUTLINE_STYLES.get(outline.label, ("0.3", "-", 1.2))
        ax.plot(
            scale(outline.east_m),
            scale(outline.north_m),
            color=colour,
            linestyle=style,
            linewidth=width,
            label=outline.label,
        )
        extent.append(_points(outline.east_m, outline.north_m))
    return extent


def _draw_jumper(ax: Axes, jumper, index: int, prefix: str, scale: _Scale) -> None:
    """One jumper's ground track: free fall solid, canopy dotted, deployment and
    landing marked."""
    colour = JUMPER_COLOURS[index % len(JUMPER_COLOURS)]
    canopy = jumper.stage >= 1
    # The canopy line starts where the free-fall line ends, so the track is unbroken.
    start = int(np.argmax(canopy)) if canopy.any() else jumper.stage.size
    ax.plot(
        scale(jumper.east_m[: start + 1]),
        scale(jumper.north_m[: start + 1]),
        color=colour,
        linewidth=2.4 if index == 0 else 1.5,
        zorder=3 + index,
        label=f"{prefix}free fall",
    )
    if canopy.any():
        ax.plot(
            scale(jumper.east_m[start - 1 :]),
            scale(jumper.north_m[start - 1 :]),
            color=colour,
            linestyle=(0, (1.5, 1.2)),
            linewidth=1.8 if index == 0 else 1.3,
            zorder=3 + index,
            label=f"{prefix}deployment and canopy, without steering",
        )
    _draw_deployment(ax, jumper, colour, f"{prefix}deployment", scale)
    ax.plot(
        scale(jumper.landing_east_m),
        scale(jumper.landing_north_m),
        marker="X",
        markersize=10,
        color=colour,
        markeredgecolor="white",
        linestyle="none",
        label=f"{prefix}landing without steering",
    )


def _draw_deployment(ax: Axes, jumper, colour: str, label: str, scale: _Scale) -> None:
    ax.plot(
        scale(jumper.deploy_east_m),
        scale(jumper.deploy_north_m),
        marker="o",
        markersize=9,
        markerfacecolor="white",
        markeredgewidth=2.0,
        color=colour,
        linestyle="none",
        zorder=6,
        label=label,
    )


def _draw_jumpers(ax: Axes, track: TrackSeries, scale: _Scale) -> list[np.ndarray]:
    """Every jumper's ground track, the lead first; their points."""
    several = len(track.tracks) > 1
    for index, jumper in enumerate(track.tracks):
        _draw_jumper(ax, jumper, index, f"{jumper.label}: " if several else "", scale)
    return [_points(jumper.east_m, jumper.north_m) for jumper in track.tracks]


def _jump_run_label(track: TrackSeries, metric: bool) -> str:
    speed = track.aircraft_ground_speed_mps
    return (
        f"jump run, track {track.jump_run_track_deg:03.0f}° true (heading "
        f"{track.aircraft_heading_deg:03.0f}°), "
        + (f"{speed:.0f} m/s" if metric else f"{speed / KNOT_MPS:.0f} kt")
        + " over the ground"
    )


def _draw_jump_run(ax: Axes, track: TrackSeries, scale: _Scale, metric: bool) -> None:
    """The jump run up to the exit (on to the red light, if there is one), with an
    arrowhead in the direction of flight."""
    east, north = track.jump_run_east_m, track.jump_run_north_m
    if track.green_light_east_m is not None:
        east = np.append(east, track.green_light_east_m[1])
        north = np.append(north, track.green_light_north_m[1])
    (line,) = ax.plot(
        scale(east),
        scale(north),
        color=OKABE_ITO["black"],
        linewidth=1.2,
        linestyle=(0, (6, 3)),
        label=_jump_run_label(track, metric),
    )
    line.set_gid("jump-run")
    # An arrowhead on the jump run, a little before the exit: the direction of flight.
    run_e, run_n = track.jump_run_east_m, track.jump_run_north_m
    ax.annotate(
        "",
        (scale(run_e[-3]), scale(run_n[-3])),
        xytext=(scale(run_e[-4]), scale(run_n[-4])),
        arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.2, "mutation_scale": 16},
    )


def _draw_green_light(
    ax: Axes, track: TrackSeries, scale: _Scale, ends: bool = False
) -> list[np.ndarray]:
    """The green-light zone on the jump run (``ends``: the green and red lights marked);
    its points."""
    if track.green_light_east_m is None:
        return []
    east, north = track.green_light_east_m, track.green_light_north_m
    ax.plot(
        scale(east),
        scale(north),
        color=OKABE_ITO["bluish green"],
        linewidth=6,
        alpha=0.6,
        solid_capstyle="butt",
        zorder=1.5,
        label="green-light zone: exits that can still reach the target",
    )
    if ends:
        for i, (name, colour, marker) in enumerate(
            (
                ("green light: first exit", OKABE_ITO["bluish green"], "o"),
                ("red light (stop): last exit", OKABE_ITO["vermillion"], "s"),
            )
        ):
            ax.plot(
                scale(east[i]),
                scale(north[i]),
                marker=marker,
                markersize=8,
                color=colour,
                markeredgecolor="black",
                linestyle="none",
                zorder=5,
                label=name,
            )
    return [_points(east, north)]


def _draw_exit_and_target(ax: Axes, track: TrackSeries, scale: _Scale) -> None:
    ax.plot(
        scale(track.exit_east_m),
        scale(track.exit_north_m),
        marker="^",
        markersize=11,
        color=OKABE_ITO["black"],
        markerfacecolor=OKABE_ITO["yellow"],
        linestyle="none",
        zorder=6,
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


def _frame(ax: Axes, scale: _Scale, points: np.ndarray, fill: bool = False) -> float:
    """Frame the points with a margin, north up and east to the right at one scale:
    square, or (``fill``) as wide or as tall as the axes' box; the half width of the
    square [m]."""
    low, high = points.min(axis=0), points.max(axis=0)
    half = MAP_MARGIN * max(float(np.max(high - low)), MIN_MAP_SPAN_M)
    centre = 0.5 * (low + high)
    corners = scale([centre - half, centre + half])
    if not fill:
        ax.set_xlim(*corners[:, 0])
        ax.set_ylim(*corners[:, 1])
        ax.set_aspect("equal", adjustable="box")
        return half
    # The limits are left to matplotlib, on these corners alone (not on the long jump
    # run), widened to the box's shape when it is drawn: called after the last line.
    ax.dataLim.set_points(corners)
    ax.set_xmargin(0.0)
    ax.set_ymargin(0.0)
    ax.autoscale(True)
    ax.set_aspect("equal", adjustable="datalim")
    return half


def _north_arrow(ax: Axes):
    """An arrow pointing north with an "N", near the map's upper left corner; the label
    (to be placed clear of the lines among :data:`NORTH_PLACES`)."""
    place = NORTH_PLACES[0]
    return ax.annotate(
        "N",
        place.xy,
        xycoords="axes fraction",
        xytext=(place.dx_pt, place.dy_pt),
        textcoords="offset points",
        ha=place.ha,
        va=place.va,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.5, "shrinkA": 1, "shrinkB": 0},
    )


def _map_legend(figure: Figure, ax: Axes, layout: Layout, columns: int | None = None) -> None:
    """The map's legend under the figure, in ``columns`` (the layout's by default)."""
    handles, names = ax.get_legend_handles_labels()
    columns = columns or layout.legend_columns
    figure.legend(
        handles=handles,
        labels=[_wrap(n, layout.wrap_label * layout.legend_columns // columns) for n in names],
        loc="outside lower center",
        ncols=columns,
    )


def _map_title(ax: Axes, first: str, track: TrackSeries, layout: Layout) -> None:
    """The map's title over the site's name and position. The name may be long: it is
    wrapped to the map's width, on its own lines, so that it never runs into the winds'
    panel."""
    ax.set_title(
        first
        + "\n"
        + _wrap(
            f"{track.site_name} ({track.latitude_deg:.4f}, {track.longitude_deg:.4f})",
            layout.wrap_title - (15 if layout.name == "wide" else 0),
        ),
        loc="left",
    )


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
    scale = _distance_scale(nautical, metric)
    figure, ax, wind_ax = _map_axes(layout, 7.4, 12.5)
    extent = [_points([track.exit_east_m, 0.0], [track.exit_north_m, 0.0])]
    _draw_dispersion(ax, track, scale)
    extent += _draw_outlines(ax, track, scale)
    extent += _draw_jumpers(ax, track, scale)
    _draw_jump_run(ax, track, scale, metric)
    extent += _draw_green_light(ax, track, scale)
    _draw_exit_and_target(ax, track, scale)
    # Frame the jump itself (the jump run is long).
    _frame(ax, scale, np.concatenate(extent))
    ax.set_xlabel(f"east of the target [{scale.unit}]")
    ax.set_ylabel(f"north of the target [{scale.unit}]")
    north = _north_arrow(ax)
    _map_legend(figure, ax, layout)
    _map_title(ax, "Ground track", track, layout)
    _wind_panel(wind_ax, track, metric)
    place_labels(figure, [(north, NORTH_PLACES)])
    return figure


def relative_bearing_text(relative_deg: float, side: str) -> str:
    """The Sun against the jump run in words, from the nearer end of the run: ahead,
    ``4.7° left of the jump run``; behind, ``4.7° left of dead astern``; on either side,
    its angle off the run.

    Parameters
    ----------
    relative_deg
        The Sun's bearing from the jump run's track [deg], positive to the right
        (:func:`duskfall.planning.camera.relative_bearing_deg`).
    side
        ``ahead``, ``behind``, ``left`` or ``right``
        (:func:`duskfall.planning.camera.side_of`).

    Examples
    --------
    >>> relative_bearing_text(-4.66, "ahead"), relative_bearing_text(0.01, "ahead")
    ('ahead, 4.7° left of the jump run', 'dead ahead, on the jump run')
    >>> relative_bearing_text(-175.3, "behind"), relative_bearing_text(80.0, "right")
    ('behind, 4.7° left of dead astern', 'right, 80.0° off the jump run')
    """
    turn = "right" if relative_deg > 0 else "left"
    if side == "ahead":
        off, line = abs(relative_deg), "the jump run"
        if round(off, 1) == 0:
            return "dead ahead, on the jump run"
    elif side == "behind":
        off, line = 180.0 - abs(relative_deg), "dead astern"
        if round(off, 1) == 0:
            return "dead astern"
    else:
        return f"{side}, {abs(relative_deg):.1f}° off the jump run"
    return f"{side}, {off:.1f}° {turn} of {line}"


def sun_height_text(elevation_above_horizon_deg: float) -> str:
    """``3.7° above the horizon`` (the jumper's visible horizon), or ``below``."""
    where = "above" if elevation_above_horizon_deg >= 0 else "below"
    return f"{abs(elevation_above_horizon_deg):.1f}° {where} the horizon"


def _ray_end(origin: tuple[float, float], azimuth_deg: float, length_m: float):
    """The point ``length_m`` from ``origin`` toward ``azimuth_deg`` (true, clockwise
    from north) [m east, m north]."""
    angle = np.radians(azimuth_deg)
    return origin[0] + length_m * np.sin(angle), origin[1] + length_m * np.cos(angle)


def _draw_sun_ray(ax: Axes, origin, at, length_m: float, when: str, scale: _Scale, narrow: bool):
    """A ray toward the Sun from ``origin`` [m], ending in a disc (at exit solid, at
    deployment dashed); its label (``narrow``: on more lines) and its end [m]."""
    end = _ray_end(origin, at.azimuth_deg, length_m)
    style = "-" if when == "exit" else (0, (4, 2))
    (line,) = ax.plot(
        scale([origin[0], end[0]]),
        scale([origin[1], end[1]]),
        color=SUN_COLOUR,
        linewidth=2.6 if when == "exit" else 1.8,
        linestyle=style,
        solid_capstyle="butt",
        zorder=4,
        label=f"the Sun's direction at {when}: azimuth {at.azimuth_deg:05.1f}° true",
    )
    line.set_gid(f"sun-{when}")
    ax.plot(
        scale(end[0]),
        scale(end[1]),
        marker="o",
        markersize=13 if when == "exit" else 10,
        markerfacecolor=OKABE_ITO["yellow"],
        markeredgecolor=SUN_COLOUR,
        markeredgewidth=2.0,
        linestyle="none",
        zorder=5,
    )
    words = (
        f"Sun at {when}",
        f"{at.azimuth_deg:03.0f}° true",
        sun_height_text(at.elevation_above_horizon_deg),
    )
    label = ax.annotate(
        "\n".join(words) if narrow else f"{words[0]}\n{words[1]}, {words[2]}",
        (scale(end[0]), scale(end[1])),
        xytext=(0, 12),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize="small",
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.85, "lw": 0},
        arrowprops=LEADER,
        zorder=7,
    )
    return label, end


def _nice_length(length: float) -> float:
    """The largest of 1, 2, 5 times a power of ten at most ``length``.

    Examples
    --------
    >>> _nice_length(0.74), _nice_length(3.1), _nice_length(12.0)
    (0.5, 2.0, 10.0)
    """
    power = 10.0 ** np.floor(np.log10(length))
    return float(max(step * power for step in (1.0, 2.0, 5.0) if step * power <= length))


def _scale_text(length: float, scale: _Scale) -> str:
    """``0.5 NM``, ``2 km``, ``500 m``."""
    if scale.unit == "km" and length < 1.0:
        return f"{length * 1000:,.0f} m"
    return f"{length:g} {scale.unit}"


def _scale_bar(ax: Axes, scale: _Scale, half_m: float):
    """A scale bar under the map's lower left corner, about a quarter of its width, in
    the map's unit; the bar (an ``AnchoredSizeBar``)."""
    from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

    length = _nice_length(float(scale(half_m)) / 2.0)
    bar = AnchoredSizeBar(
        ax.transData,
        length,
        _scale_text(length, scale),
        loc="upper left",
        bbox_to_anchor=(0.0, -0.01),
        bbox_transform=ax.transAxes,
        frameon=False,
        size_vertical=0,
        pad=0.1,
        borderpad=0.2,
        sep=3,
        fontproperties={"size": "small"},
    )
    bar.size_bar.get_children()[0].set_linewidth(2.5)
    ax.add_artist(bar)
    return bar


def _sun_title(sun: SunView, layout: Layout) -> str:
    at = sun.exit
    return "The Sun and the jump run\n" + _wrap(
        f"at exit the Sun is {relative_bearing_text(at.relative_to_jump_run_deg, at.side)}, "
        f"{sun_height_text(at.elevation_above_horizon_deg)}",
        layout.wrap_title - (15 if layout.name == "wide" else 0),
    )


@_styled
def sun_direction_figure(
    track: TrackSeries,
    sun: SunView,
    nautical: bool = True,
    metric: bool = False,
    layout: str | Layout = "wide",
) -> Figure:
    """The Sun's direction seen from above, north up: the target, the release point,
    the green and red lights on the jump run, the lead jumper's deployment, the Sun's
    direction at exit (from the release point) and at deployment (from the deployment),
    a scale bar and the winds by altitude.

    Parameters
    ----------
    track
        From :func:`duskfall.planning.figure_data.make_track_series`.
    sun
        The plan's Sun (``plan.sun``, :class:`duskfall.planning.camera.SunView`).
    nautical
        The scale in nautical miles (aviation units) instead of kilometres.
    metric
        The scale in kilometres or metres, wind-panel altitudes in metres and wind
        speeds in m/s.
    layout
        ``"wide"`` (a page: the winds beside the map) or ``"phone"`` (the winds below).

    Returns
    -------
    matplotlib.figure.Figure
        The rays are drawn on the map's own axes, whose aspect is equal: their direction
        on the page is the Sun's azimuth.
    """
    scale = _distance_scale(nautical, metric)
    figure, ax, wind_ax = _map_axes(layout, 4.8, 11.5)
    lead = track.tracks[0]
    release = (track.exit_east_m, track.exit_north_m)
    deployment = (float(lead.deploy_east_m), float(lead.deploy_north_m))
    extent = [_points(*zip(release, (0.0, 0.0), deployment, strict=True))]
    _draw_jump_run(ax, track, scale, metric)
    extent += _draw_green_light(ax, track, scale, ends=True)
    _draw_exit_and_target(ax, track, scale)
    _draw_deployment(ax, lead, JUMPER_COLOURS[0], f"deployment ({lead.label})", scale)
    points = np.concatenate(extent)
    length = RAY_FRACTION * max(float(np.max(np.ptp(points, axis=0))), MIN_MAP_SPAN_M)
    labels = []
    narrow = layout.name == "phone"
    for origin, at, when, share in (
        (release, sun.exit, "exit", 1.0),
        (deployment, sun.deployment, "deployment", 0.6),
    ):
        label, end = _draw_sun_ray(ax, origin, at, share * length, when, scale, narrow)
        labels.append(label)
        extent.append(_points([end[0]], [end[1]]))
    half = _frame(ax, scale, np.concatenate(extent), fill=True)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    _scale_bar(ax, scale, half)
    north = _north_arrow(ax)
    _map_legend(figure, ax, layout, 3 if layout.name == "wide" else None)
    ax.set_title(_sun_title(sun, layout), loc="left")
    _wind_panel(wind_ax, track, metric)
    place_labels(figure, [(north, NORTH_PLACES), *labels])
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
    "sun_direction": "The Sun's direction and the jump run",
    "fall_profile": "Fall profile",
    "ground_track": "Ground track and winds aloft",
}
"""Names of the figures of :func:`plan_figures`, in order, with their captions' titles."""


def plan_figures(plan: Plan, metric: bool = False, layout: str = "wide") -> dict[str, Figure]:
    """Every figure of a plan, by name (the keys of :data:`FIGURE_TITLES`, in order; the
    Sun's direction only for a plan with an exit, which has ``plan.sun``)."""
    series = make_light_series(plan)
    track = make_track_series(plan)
    made = {
        "light_and_fall": light_and_fall_figure(series, metric=metric, layout=layout),
        "sun_elevation": sun_elevation_figure(series, metric=metric, layout=layout),
    }
    if plan.sun is not None:
        made["sun_direction"] = sun_direction_figure(
            track, plan.sun, nautical=not metric, metric=metric, layout=layout
        )
    made["fall_profile"] = fall_profile_figure(plan, metric=metric, layout=layout)
    made["ground_track"] = ground_track_figure(
        track, nautical=not metric, metric=metric, layout=layout
    )
    return made


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
