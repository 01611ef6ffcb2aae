"""The season (:class:`duskfall.season.SeasonScan`, :class:`~duskfall.season.SeasonOdds`)
and the atlas as JSON-ready dicts, CSV and terminal tables.

JSON keys carry their unit; times are ISO-8601 strings, UTC ending in ``Z`` (``_utc``)
or local with their offset (``_local``), to the second; ``null`` where there is no such
time (no window that day, or an edge that is open: the band already holds at noon, or
still holds at midnight). Probabilities are fractions from 0 to 1.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table
from rich.text import Text

from duskfall import __version__
from duskfall.light import light_phase
from duskfall.reports import wording
from duskfall.reports.formatting import (
    AVIATION,
    UnitSystem,
    altitude,
    clock,
    duration,
    shown_length,
)
from duskfall.reports.terminal import notice_line
from duskfall.reports.wording import notice_to_dict
from duskfall.season import SeasonOdds, SeasonScan, best_days
from duskfall.timeutil import iso_utc, local_datetime

PROBABILITY_DIGITS = 4
"""Decimals of probabilities in JSON and CSV."""


def _num(value, digits: int = 1) -> float | None:
    if value is None or not np.isfinite(value):
        return None
    return round(float(value), digits)


def _local(utc_s, zone: str) -> str | None:
    if utc_s is None or not np.isfinite(utc_s):
        return None
    return local_datetime(round(float(utc_s)), zone).isoformat()


def _window(start, end, exists: bool) -> dict[str, Any] | None:
    if not exists:
        return None
    both = np.isfinite(start) and np.isfinite(end)
    return {
        "start_utc": iso_utc(start) if np.isfinite(start) else None,
        "end_utc": iso_utc(end) if np.isfinite(end) else None,
        "duration_s": round(float(end - start), 1) if both else None,
    }


def _phase(elevation) -> str | None:
    return None if not np.isfinite(elevation) else str(light_phase(float(elevation)))


def season_day_dicts(
    scan: SeasonScan, odds: SeasonOdds | None = None, units: UnitSystem = AVIATION
) -> list[dict[str, Any]]:
    """One JSON-ready dict per date."""
    zone = scan.timezone
    days = []
    for i, date in enumerate(scan.date):
        day = {
            "date": str(date),
            "fits": bool(scan.fits[i]),
            "exit_window": _window(
                scan.window_start_utc_s[i], scan.window_end_utc_s[i], bool(scan.fits[i])
            ),
            "slack_s": _num(scan.slack_s[i]),
            "exit_time_utc": iso_utc(scan.exit_time_utc_s[i]),
            "exit_time_local": _local(scan.exit_time_utc_s[i], zone),
            "takeoff_time_utc": iso_utc(scan.takeoff_time_utc_s[i]),
            "takeoff_time_local": _local(scan.takeoff_time_utc_s[i], zone),
            "light_window": _window(
                scan.light_window_start_utc_s[i],
                scan.light_window_end_utc_s[i],
                bool(scan.light_window_exists[i]),
            ),
            "sunset_exit_altitude_utc": iso_utc(scan.sunset_exit_utc_s[i]),
            "sun_at_exit_deg": _num(scan.exit_elevation_deg[i], 2),
            "light_at_exit": _phase(scan.exit_elevation_deg[i]),
            "sun_at_deployment_deg": _num(scan.deploy_elevation_deg[i], 2),
            "light_at_deployment": _phase(scan.deploy_elevation_deg[i]),
            "shortfall_s": _num(scan.shortfall_s[i]),
            "why_not": _reason(scan, i, units) or None,
        }
        if odds is not None:
            day["p_weather"] = round(float(odds.p_weather[i]), PROBABILITY_DIGITS)
            day["blocked"] = bool(odds.blocked[i])
            day["p_shot"] = round(float(odds.p_shot[i]), PROBABILITY_DIGITS)
            if odds.blocked[i] and scan.fits[i]:
                day["why_not"] = "blocked"
        days.append(day)
    return days


def odds_to_dict(odds: SeasonOdds, units: UnitSystem = AVIATION) -> dict[str, Any]:
    """The Monte Carlo: the finishing-day distribution and the chance of being in time."""
    p = PROBABILITY_DIGITS

    def quantile(q: float) -> str | None:
        date = odds.finish_date_quantile(q)
        return None if date is None else str(date)

    done_by = odds.p_done_by
    shutdown = None
    if odds.p_done_by_deadline_unblocked is not None:
        shutdown = {
            "p_done_by_deadline_without_blocked": round(odds.p_done_by_deadline_unblocked, p),
            "change": round(-odds.shutdown_cost, p),
        }
    return {
        "members": odds.members,
        "seed": odds.seed,
        "p_success": odds.p_success,
        "shots_needed": odds.shots_needed,
        "deadline": odds.deadline.isoformat(),
        "blocked_days": int(np.count_nonzero(odds.blocked)),
        "p_done_by_deadline": round(odds.p_done_by_deadline, p),
        "p_done_by_deadline_se": round(odds.p_done_by_deadline_se, p),
        "p_done_in_season": round(odds.p_done_in_season, p),
        "p_not_done_in_season": round(1.0 - odds.p_done_in_season, p),
        "expected_attempts": round(odds.expected_attempts, 2),
        "expected_attempts_when_done": _num(odds.expected_attempts_when_done, 2),
        "finish_date_p10": quantile(0.1),
        "finish_date_p50": quantile(0.5),
        "finish_date_p90": quantile(0.9),
        "finish_distribution": [
            {
                "date": str(date),
                "p_finish": round(float(odds.p_finish[i]), p),
                "p_done_by": round(float(done_by[i]), p),
            }
            for i, date in enumerate(odds.date)
        ],
        "shutdown": shutdown,
        "warnings": [notice_to_dict(n, units) for n in odds.notices],
    }


def season_to_dict(
    scan: SeasonScan, odds: SeasonOdds | None = None, best: int = 10, units: UnitSystem = AVIATION
) -> dict[str, Any]:
    """The JSON contract of ``duskfall season``: the scenario, a ``days`` list, the
    ``best_days`` and, with odds, ``monte_carlo``."""
    scenario = scan.scenario
    site = scenario.site
    band = scan.band
    deploy = scenario.deploy_altitude_of(scenario.jumper)
    days = season_day_dicts(scan, odds, units)
    ranked = ranked_days(scan, odds, best)
    data: dict[str, Any] = {
        "duskfall_version": __version__,
        "from": str(scan.date[0]),
        "to": str(scan.date[-1]),
        "at": scan.at,
        "site": {
            "name": site.name,
            "lat": site.latitude_deg,
            "lon": site.longitude_deg,
            "ground_elevation_m": site.ground_elevation_m,
        },
        "local_timezone": scan.timezone,
        "light_band": {"name": band.name, "lower_deg": band.lower_deg, "upper_deg": band.upper_deg},
        "exit_altitude_m": round(scenario.exit_altitude_m, 1),
        "deploy_altitude_m": round(deploy, 1),
        "action_end_altitude_m": round(scenario.action_end_altitude_m or deploy, 1),
        "action_duration_s": round(scan.action_duration_s, 1),
        "freefall_duration_s": round(scan.freefall_duration_s, 1),
        "takeoff_before_exit_s": round(scan.takeoff_before_exit_s, 0),
        "days_total": len(scan),
        "days_fit": int(np.count_nonzero(scan.fits)),
        "max_refinement_s": round(scan.max_refinement_s, 3),
        "days": days,
        "best_days": [
            {
                "date": days[i]["date"],
                "slack_s": days[i]["slack_s"],
                "exit_time_local": days[i]["exit_time_local"],
                "p_shot": days[i].get("p_shot"),
                "after_deadline": late if odds is not None else None,
            }
            for i, late in ranked
        ],
        "warnings": [notice_to_dict(n, units) for n in scan.notices],
    }
    if odds is not None:
        data["monte_carlo"] = odds_to_dict(odds, units)
    return data


def season_to_csv(
    scan: SeasonScan, odds: SeasonOdds | None = None, units: UnitSystem = AVIATION
) -> str:
    """One row per date: the flat keys of the JSON days, windows as start, end, length."""
    header = [
        "date",
        "fits",
        "exit_window_start_utc",
        "exit_window_end_utc",
        "slack_s",
        "slack",
        "exit_time_utc",
        "exit_time_local",
        "takeoff_time_utc",
        "takeoff_time_local",
        "light_window_start_utc",
        "light_window_end_utc",
        "light_window_duration_s",
        "sun_at_exit_deg",
        "light_at_exit",
        "sun_at_deployment_deg",
        "light_at_deployment",
        "shortfall_s",
        "why_not",
    ]
    if odds is not None:
        header += ["p_weather", "blocked", "p_shot", "p_finish", "p_done_by"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    done_by = odds.p_done_by if odds is not None else None
    for i, day in enumerate(season_day_dicts(scan, odds, units)):
        window = day["exit_window"] or {}
        band = day["light_window"] or {}
        row = [
            day["date"],
            day["fits"],
            window.get("start_utc"),
            window.get("end_utc"),
            day["slack_s"],
            _slack(scan, i) if day["fits"] else None,
            day["exit_time_utc"],
            day["exit_time_local"],
            day["takeoff_time_utc"],
            day["takeoff_time_local"],
            band.get("start_utc"),
            band.get("end_utc"),
            band.get("duration_s"),
            day["sun_at_exit_deg"],
            day["light_at_exit"],
            day["sun_at_deployment_deg"],
            day["light_at_deployment"],
            day["shortfall_s"],
            day["why_not"],
        ]
        if odds is not None:
            row += [
                day["p_weather"],
                day["blocked"],
                day["p_shot"],
                round(float(odds.p_finish[i]), PROBABILITY_DIGITS),
                round(float(done_by[i]), PROBABILITY_DIGITS),
            ]
        writer.writerow(["" if value is None else value for value in row])
    return out.getvalue()


def _reason(scan: SeasonScan, i: int, units: UnitSystem) -> str:
    return wording.season_reason(
        scan.reason[i],
        scan.band.name,
        scan.scenario.exit_altitude_m,
        scan.shortfall_s[i],
        units,
    )


def _duration(seconds) -> str:
    """A duration as the plan words it (``20 min 28 s``, ``10 h 34 min``); ``open`` for an
    open edge."""
    return duration(None if seconds is None or not np.isfinite(seconds) else float(seconds))


def _slack(scan: SeasonScan, i: int) -> str:
    """Day ``i``'s slack as the edges beside it show it apart (:func:`shown_length`)."""
    return shown_length(scan.window_start_utc_s[i], scan.window_end_utc_s[i])


def ranked_days(scan: SeasonScan, odds: SeasonOdds | None, count: int) -> list[tuple[int, bool]]:
    """The best days to show, as (index, after the deadline): the best days up to the
    deadline first, then, to make up ``count``, the best after it; without odds, the best
    of the season (:func:`duskfall.season.best_days`)."""
    ranked = [int(i) for i in best_days(scan, odds, len(scan))]
    if odds is None:
        return [(i, False) for i in ranked[: max(int(count), 0)]]
    deadline = np.datetime64(odds.deadline)
    dates = scan.date.astype("datetime64[D]")
    within = [(i, False) for i in ranked if dates[i] <= deadline]
    after = [(i, True) for i in ranked if dates[i] > deadline]
    return (within + after)[: max(int(count), 0)]


def render_season(
    scan: SeasonScan,
    console: Console,
    odds: SeasonOdds | None = None,
    best: int = 10,
    units: UnitSystem = AVIATION,
) -> None:
    """A compact calendar: one line per day, then the odds and the best days."""
    metric = units.metric
    scenario = scan.scenario
    site = scenario.site
    zone = scan.timezone
    deploy = scenario.deploy_altitude_of(scenario.jumper)
    console.print(
        Text.assemble(
            ("duskfall season  ", "bold"),
            f"{site.name}, {site.latitude_deg:.4f}, {site.longitude_deg:.4f}; "
            f"{scan.date[0]} to {scan.date[-1]}, {scan.at}, {scan.band.name} band; exit "
            f"{altitude(scenario.exit_altitude_m, metric)} MSL, action "
            f"{scan.action_duration_s:.0f} s to "
            f"{altitude(scenario.action_end_altitude_m or deploy, metric)}"
            f"; take-off {scan.takeoff_before_exit_s / 60:.0f} min before exit. Local times, ",
            (zone, "dim"),
        )
    )
    table = Table(
        pad_edge=False, box=None, header_style="bold", padding=(0, 1), collapse_padding=True
    )
    # "T/O" (take-off, in the legend below): "Take-off" made a blocked day's note one
    # column too wide for an 80-column terminal with the odds shown ("blocke").
    for name in ("Date", "Exit window", "Slack", "Exit", "T/O", "Sun", "Open"):
        table.add_column(name, justify="left" if name == "Date" else "right", no_wrap=True)
    if odds is not None:
        table.add_column("P", justify="right", no_wrap=True)
    table.add_column("", overflow="fold", min_width=7)
    for i, date in enumerate(scan.date):
        blocked = odds is not None and bool(odds.blocked[i])
        if scan.fits[i]:
            start, end = scan.window_start_utc_s[i], scan.window_end_utc_s[i]
            cells = [
                f"{clock(start, zone) if np.isfinite(start) else 'open'}-"
                f"{clock(end, zone) if np.isfinite(end) else 'open'}",
                _slack(scan, i),
                clock(scan.exit_time_utc_s[i], zone),
                clock(scan.takeoff_time_utc_s[i], zone)[:5],
                f"{scan.exit_elevation_deg[i]:+.1f}",
                f"{scan.deploy_elevation_deg[i]:+.1f}",
            ]
            note = "blocked" if blocked else ""
            style = "dim" if blocked else None
        else:
            cells = ["-"] * 6
            note = _reason(scan, i, units)
            style = "dim"
        row = [str(date), *cells]
        if odds is not None:
            row.append(f"{odds.p_shot[i]:.2f}")
        row.append(note)
        table.add_row(*row, style=style)
    console.print(table)
    console.print(
        Text(
            f"{int(np.count_nonzero(scan.fits))} of {len(scan)} days fit. Slack: the exit "
            "window's length. T/O: take-off. Sun, Open: the Sun's elevation at exit and at "
            "opening [deg], "
            f"{wording.judged_at(scan.scenario.judge_at, scan.scenario.horizon)}."
            + (" P: the chance of getting the shot that day." if odds is not None else ""),
            style="dim",
        )
    )
    if odds is not None:
        _render_odds(odds, console, units)
    ranked = ranked_days(scan, odds, best)
    if ranked:
        names = ", ".join(
            f"{scan.date[i]} ({_slack(scan, i)} slack"
            + (f", P {odds.p_shot[i]:.2f}" if odds is not None else "")
            + (", after the deadline)" if late else ")")
            for i, late in ranked
        )
        heading = "Best days: "
        if odds is not None and ranked[0][1]:
            heading = f"Best days (none fits by the deadline, {odds.deadline}): "
        console.print(Text.assemble((heading, "bold"), names))
    for notice in scan.notices:
        console.print(notice_line(notice, units))


def _render_odds(odds: SeasonOdds, console: Console, units: UnitSystem) -> None:
    def when(q: float) -> str:
        date = odds.finish_date_quantile(q)
        share = f"{100 * q:.0f} %" if q != 0.5 else "half"
        return f"{share} not within the season" if date is None else f"{share} by {date}"

    lines = [
        Text.assemble(
            ("Odds ", "bold"),
            f"({odds.members:,} seasons drawn, seed {odds.seed}): {odds.shots_needed} shot(s) "
            f"needed, P(success per attempt) {odds.p_success:g}",
        ),
        Text(
            f"  done by {odds.deadline}: {odds.p_done_by_deadline:.1%} "
            f"(+-{odds.p_done_by_deadline_se:.1%}); in the season: {odds.p_done_in_season:.1%}"
        ),
        Text(f"  last shot in the can: {when(0.1)}, {when(0.5)}, {when(0.9)}"),
        Text(f"  expected attempts: {odds.expected_attempts:.1f}"),
    ]
    if odds.p_done_by_deadline_unblocked is not None:
        lines.append(
            Text(
                f"  without the {int(np.count_nonzero(odds.blocked))} blocked days: "
                f"{odds.p_done_by_deadline_unblocked:.1%} by the deadline (the shutdown costs "
                f"{odds.shutdown_cost:.1%})"
            )
        )
    for line in lines:
        console.print(line)
    for notice in odds.notices:
        console.print(notice_line(notice, units))


# --- Atlas -------------------------------------------------------------------------------------


def atlas_summary(atlas, outputs: list[str] | None = None) -> dict[str, Any]:
    """A JSON-ready summary of a computed atlas: its grid, dates, what each cell-day is,
    and the longest exit window."""
    status = atlas["status"].values
    length = atlas["exit_window_s"].values
    flags = atlas["status"].attrs.get("flag_meanings", "").split()
    values = list(atlas["status"].attrs.get("flag_values", range(len(flags))))
    counts = {
        name: int(np.count_nonzero(status == code))
        for code, name in zip(values, flags, strict=True)
    }
    longest = None
    finite = np.where(np.isfinite(length), length, -np.inf)
    if finite.size and np.isfinite(finite.max()) and finite.max() > 0:
        d, y, x = np.unravel_index(int(np.argmax(finite)), finite.shape)
        longest = {
            "duration_s": round(float(length[d, y, x]), 1),
            "lat": float(atlas["lat"][y]),
            "lon": float(atlas["lon"][x]),
            "date": str(atlas["date"].values[d].astype("datetime64[D]")),
        }
    lat = atlas["lat"].values
    dates = atlas["date"].values.astype("datetime64[D]")
    step = float(lat[1] - lat[0]) if lat.size > 1 else 180.0
    return {
        "duskfall_version": __version__,
        "outputs": list(outputs or []),
        "at": atlas.attrs.get("at"),
        "light_band": atlas.attrs.get("light_band"),
        "judge_at": atlas.attrs.get("judge_at"),
        "horizon": atlas.attrs.get("horizon"),
        "exit_altitude_m": atlas.attrs.get("exit_altitude_m"),
        "grid_deg": step,
        "lat_cells": int(lat.size),
        "lon_cells": int(atlas["lon"].size),
        "from": str(dates[0]),
        "to": str(dates[-1]),
        "days": int(dates.size),
        "cell_days": int(status.size),
        "status_counts": counts,
        "longest_exit_window": longest,
    }


def render_atlas_summary(
    summary: dict[str, Any], console: Console, units: UnitSystem = AVIATION
) -> None:
    """The atlas summary as a few lines of text."""
    console.print(
        Text.assemble(
            ("duskfall atlas  ", "bold"),
            f"{summary['light_band']} band at {summary['at']}, exit "
            f"{units.altitude(summary['exit_altitude_m'])}; {summary['grid_deg']:g} deg grid "
            f"({summary['lat_cells']} x {summary['lon_cells']}), {summary['from']} to "
            f"{summary['to']}: {summary['cell_days']:,} cell-days",
        )
    )
    total = max(summary["cell_days"], 1)
    for name, count in summary["status_counts"].items():
        console.print(f"  {name.replace('_', ' '):<16} {count:>12,}  {count / total:6.1%}")
    longest = summary["longest_exit_window"]
    if longest:
        console.print(
            f"  longest exit window: {_duration(longest['duration_s'])} at "
            f"{longest['lat']:+.2f}, {longest['lon']:+.2f} on {longest['date']}"
        )
    for path in summary["outputs"]:
        console.print(f"  wrote {path}")
