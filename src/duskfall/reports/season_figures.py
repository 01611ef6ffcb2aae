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
    usable = scan.fits & ~blocked
    width = 0.8
    ax.bar(
        x[usable],
        (high - low)[usable],
        bottom=low[usable],
        width=width,
        color=COLOURS["window"],
        label="exit window",
    )
    if np.any(scan.fits & blocked):
        both = scan.fits & blocked
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
    ax.set_ylabel(f"local time [h], {zone}")
    ax.set_title(
        f"{scan.band.name} band at {scan.at}: exit window by day "
        f"({scan.action_duration_s:.0f} s of action)"
    )
    ax.legend(loc="best", ncols=2)
    ax.xaxis_date()
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
            f"{odds.shots_needed} shot(s) needed: {odds.p_done_by_deadline:.0%} done by "
            f"{odds.deadline}"
        )
        lower.legend(loc="upper left")
    axes[-1].xaxis.set_major_formatter(
        mdates.ConciseDateFormatter(axes[-1].xaxis.get_major_locator())
    )
    return figure


def atlas_figure(atlas) -> Figure:
    """A computed atlas as two images: the longest exit window of the period in each cell
    (latitude-longitude), and the longest by latitude and month.

    Cells where a window has an open edge on some day (the band holds through noon or
    midnight, near the poles) are hatched; grey cells never have a window.
    """
    from matplotlib import colormaps, colors

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

    figure, axes = _figure(9.0, 8.0, 2)
    for ax in axes:
        ax.grid(False)
    cmap = colormaps["viridis"].with_extremes(bad="#DDDDDD")
    # A logarithmic scale: tens of minutes at low latitudes, hours near the poles.
    finite = longest[np.isfinite(longest) & (longest > 0)]
    top = float(finite.max()) if finite.size else 10.0
    bottom = min(float(finite.min()) if finite.size else 1.0, top / 10.0)
    norm = colors.LogNorm(vmin=max(bottom, 0.1), vmax=top)
    image = axes[0].pcolormesh(lon, lat, longest, cmap=cmap, norm=norm, shading="nearest")
    if np.any(any_open):
        axes[0].contourf(
            lon, lat, any_open.astype(float), levels=[0.5, 1.5], hatches=["///"], colors="none"
        )
    axes[0].set_xlabel("longitude [deg]")
    axes[0].set_ylabel("latitude [deg]")
    band = atlas.attrs.get("light_band", "")
    at = atlas.attrs.get("at", "")
    axes[0].set_title(f"Longest {at} exit window, {band} band [min] (hatched: open edges)")
    figure.colorbar(image, ax=axes[0], label="minutes")
    ax = axes[1]
    image = ax.pcolormesh(present, lat, by_month, cmap=cmap, norm=norm, shading="nearest")
    if np.any(open_month):
        ax.contourf(
            present,
            lat,
            open_month.astype(float),
            levels=[0.5, 1.5],
            hatches=["///"],
            colors="none",
        )
    ax.set_xticks(present)
    ax.set_xlabel("month")
    ax.set_ylabel("latitude [deg]")
    ax.set_title("Longest exit window by latitude and month [min] (hatched: open edges)")
    figure.colorbar(image, ax=ax, label="minutes")
    return figure
