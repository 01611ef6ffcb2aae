"""The light of a dusk or dawn (:class:`duskfall.light.DayLight`) as JSON, text and CSV.

JSON keys carry their unit; times are ISO-8601 UTC strings ending in ``Z``, to the
second (the model is good to 0.1 s, the weather of the day to tens of seconds:
``weather_uncertainty_s``); ``null`` where an event does not happen. At dawn the keys
say ``sunrise`` and ``twilight_start`` instead of ``sunset`` and ``twilight_end``.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from duskfall import __version__
from duskfall.light import LIGHT_BANDS, DayLight, Window
from duskfall.reports.formatting import AVIATION, UnitSystem, clock, window_length
from duskfall.reports.terminal import notice_line
from duskfall.reports.wording import notice_to_dict
from duskfall.timeutil import iso_utc, timezone_name

PRECISION_NOTE = (
    "times are for the standard atmosphere and a flat horizon; the refraction of the day "
    "moves events near the horizon by tens of seconds (weather_uncertainty_s, one standard "
    "deviation)"
)


def _time(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def _window(window: Window) -> dict[str, Any]:
    duration = window.duration_s
    return {
        "start_utc": iso_utc(window.start_utc_s),
        "end_utc": iso_utc(window.end_utc_s),
        "duration_s": None if duration is None else round(float(duration), 1),
    }


def _keys(at: str) -> tuple[str, str]:
    return ("sunset", "end") if at == "dusk" else ("sunrise", "start")


def day_dicts(light: DayLight) -> list[dict[str, Any]]:
    """One JSON-ready dict per date."""
    event, edge = _keys(light.at)
    days = []
    for i, date in enumerate(light.date):
        uncertainty = light.weather_uncertainty_s[i]
        day = {
            "date": str(date),
            "at": light.at,
            f"{event}_utc": iso_utc(_time(light.sunset_utc_s[i])),
            f"{event}_ground_utc": iso_utc(_time(light.sunset_ground_utc_s[i])),
        }
        for name, times in light.twilight_utc_s.items():
            day[f"{name}_twilight_{edge}_utc"] = iso_utc(_time(times[i]))
        day["windows"] = {
            name: [_window(w) for w in per_day[i]] for name, per_day in light.windows.items()
        }
        day["weather_uncertainty_s"] = (
            None if not np.isfinite(uncertainty) else round(float(uncertainty))
        )
        days.append(day)
    return days


def _header(light: DayLight, units: UnitSystem) -> dict[str, Any]:
    return {
        "duskfall_version": __version__,
        "site": {
            "lat": light.latitude_deg,
            "lon": light.longitude_deg,
            "ground_elevation_m": round(light.ground_elevation_m, 1),
        },
        "altitude_m": round(light.altitude_m, 1),
        "horizon": light.horizon,
        "local_timezone": timezone_name(light.latitude_deg, light.longitude_deg),
        "bands": {
            name: {
                "lower_deg": band.lower_deg,
                "upper_deg": band.upper_deg,
                **(
                    {"lower_lux": band.lower_lux, "upper_lux": band.upper_lux}
                    if hasattr(band, "lower_lux")
                    else {}
                ),
            }
            for name, band in light.bands.items()
        },
        "precision": PRECISION_NOTE,
        "warnings": [notice_to_dict(n, units) for n in light.notices],
    }


def day_light_to_dict(
    light: DayLight, single: bool = True, units: UnitSystem = AVIATION
) -> dict[str, Any]:
    """The JSON contract: for one date the day's keys at the top level, for several a
    ``days`` list; the site, altitude, horizon, bands and warnings in both."""
    header = _header(light, units)
    days = day_dicts(light)
    if single and len(days) == 1:
        return {**header, **days[0]}
    return {**header, "days": days}


def day_light_to_csv(light: DayLight) -> str:
    """One row per date: events, then start, end and duration of each band's window."""
    event, edge = _keys(light.at)
    names = list(light.windows)
    header = ["date", f"{event}_utc", f"{event}_ground_utc"]
    header += [f"{name}_twilight_{edge}_utc" for name in light.twilight_utc_s]
    for name in names:
        header += [f"{name}_start_utc", f"{name}_end_utc", f"{name}_duration_s"]
    header.append("weather_uncertainty_s")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for day in day_dicts(light):
        row = [day["date"], day[f"{event}_utc"], day[f"{event}_ground_utc"]]
        row += [day[f"{name}_twilight_{edge}_utc"] for name in light.twilight_utc_s]
        for name in names:
            windows = day["windows"][name]
            first = windows[0] if windows else {"start_utc": None, "end_utc": None}
            row += [first["start_utc"], first["end_utc"], first.get("duration_s")]
        row.append(day["weather_uncertainty_s"])
        writer.writerow(["" if value is None else value for value in row])
    return out.getvalue()


def render_day_light(
    light: DayLight, console: Console, band: str | None = None, units: UnitSystem = AVIATION
) -> None:
    """A terminal report: the events and windows of one date, or one row per date."""
    zone = timezone_name(light.latitude_deg, light.longitude_deg)
    event, edge = _keys(light.at)
    altitude = units.altitude(light.altitude_m)
    where = f"{light.latitude_deg:.4f}, {light.longitude_deg:.4f}"
    console.print(
        f"[bold]{light.at.capitalize()}[/] at {where} ({zone}), observer at {altitude} MSL, "
        f"bands from the {light.horizon} horizon"
    )
    if light.date.size == 1:
        _render_one(light, console, zone, event, edge, band)
    else:
        _render_many(light, console, zone, event, edge, band or "golden")
    for notice in light.notices:
        console.print(notice_line(notice, units))
    console.print(f"[dim]Precision: {PRECISION_NOTE}.[/]")


def _render_one(light, console, zone, event, edge, band) -> None:
    table = Table(title=f"{light.date[0]}", title_justify="left", pad_edge=False)
    table.add_column("", style="cyan", no_wrap=True)
    table.add_column("Local", justify="right", no_wrap=True)
    table.add_column("UTC", justify="right", no_wrap=True)
    table.add_column("", style="dim")
    name = event.capitalize()
    uncertainty = light.weather_uncertainty_s[0]
    note = f"+-{uncertainty:.0f} s (weather)" if np.isfinite(uncertainty) else "no event"
    # With the bands from the astronomical horizontal, say which horizon sunset is on.
    visible = " (visible horizon)" if light.horizon == "astronomical" else ""
    for label, value, remark in (
        (f"{name}, ground", light.sunset_ground_utc_s[0], ""),
        (f"{name}, observer{visible}", light.sunset_utc_s[0], note),
    ):
        table.add_row(label, clock(value, zone), clock(value), remark)
    for twilight, times in light.twilight_utc_s.items():
        table.add_row(
            f"{twilight.capitalize()} twilight {edge}s",
            clock(times[0], zone),
            clock(times[0]),
            "" if np.isfinite(times[0]) else "does not happen",
        )
    console.print(table)
    windows = Table(title="Windows", title_justify="left", pad_edge=False)
    for column in ("Band", "Degrees", "Opens", "Closes", "Length"):
        windows.add_column(column, no_wrap=True)
    for key, per_day in light.windows.items():
        spec = light.bands[key]
        low = "" if spec.lower_deg is None else f"{spec.lower_deg:+.4g}"
        high = "" if spec.upper_deg is None else f"{spec.upper_deg:+.4g}"
        style = "bold" if key == band else None
        if not per_day[0]:
            windows.add_row(key, f"{low}..{high}", "-", "-", "none", style=style)
        for window in per_day[0]:
            windows.add_row(
                key,
                f"{low}..{high}",
                clock(window.start_utc_s, zone) if window.start_utc_s else "before",
                clock(window.end_utc_s, zone) if window.end_utc_s else "after",
                window_length(window),
                style=style,
            )
    console.print(windows)


def _render_many(light, console, zone, event, edge, band) -> None:
    table = Table(title=f"Window of the {band} band", title_justify="left", pad_edge=False)
    for column in (
        "Date",
        event.capitalize(),
        "Ground",
        f"Civil {edge}",
        "Opens",
        "Closes",
        "Length",
    ):
        table.add_column(column, justify="right", no_wrap=True, min_width=8)
    table.columns[0].min_width = 10
    windows = light.windows.get(band) or light.windows[next(iter(light.windows))]
    for i, date in enumerate(light.date):
        first = windows[i][0] if windows[i] else None
        table.add_row(
            str(date),
            clock(light.sunset_utc_s[i], zone),
            clock(light.sunset_ground_utc_s[i], zone),
            clock(light.twilight_utc_s["civil"][i], zone),
            clock(first.start_utc_s, zone) if first else "-",
            clock(first.end_utc_s, zone) if first else "-",
            window_length(first) if first else "none",
        )
    console.print(f"Local times ({zone})")
    console.print(table)


__all__ = [
    "LIGHT_BANDS",
    "PRECISION_NOTE",
    "day_dicts",
    "day_light_to_csv",
    "day_light_to_dict",
    "render_day_light",
]
