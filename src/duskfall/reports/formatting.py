"""How every report writes numbers and times: one rounding, one clock, one duration.

Rounding and local-time formatting live in the reports only (the library returns full
precision and POSIX seconds UTC).
"""

from __future__ import annotations

import math

from duskfall.constants import FOOT_M
from duskfall.timeutil import local_datetime, utc_datetime


def rounded(value: float | None, digits: int) -> float | None:
    """``value`` rounded to ``digits`` decimals for JSON; None for None or a non-finite
    value (JSON has no NaN)."""
    if value is None or not math.isfinite(float(value)):
        return None
    return round(float(value), digits)


def clock(utc_s: float | None, zone: str | None = None, seconds: bool = True) -> str:
    """``HH:MM:SS`` (or ``HH:MM``) in IANA zone ``zone`` (UTC if None), rounded to the
    second; ``-`` for None or a non-finite time."""
    if utc_s is None or not math.isfinite(float(utc_s)):
        return "-"
    when = local_datetime(round(utc_s), zone) if zone else utc_datetime(round(utc_s))
    return f"{when:{'%H:%M:%S' if seconds else '%H:%M'}}"


def duration(seconds: float | None) -> str:
    """``12 min 05 s``, ``40 s``, or ``open`` for None or a non-finite length."""
    if seconds is None or not math.isfinite(float(seconds)):
        return "open"
    minutes, secs = divmod(round(float(seconds)), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def altitude(metres: float | None, metric: bool) -> str:
    """An altitude in feet (or metres) with thousands separators; empty for None."""
    if metres is None:
        return ""
    return f"{metres:,.0f} m" if metric else f"{metres / FOOT_M:,.0f} ft"
