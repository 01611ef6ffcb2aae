"""How every report writes numbers and times: one rounding, one clock, one duration.

Rounding and local-time formatting live in the reports only (the library returns full
precision and POSIX seconds UTC).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from duskfall.constants import FOOT_M, KNOT_MPS, MPH_MPS, NAUTICAL_MILE_M
from duskfall.timeutil import local_datetime, utc_datetime


def rounded(value: float | None, digits: int) -> float | None:
    """``value`` rounded to ``digits`` decimals for JSON; None for None or a non-finite
    value (JSON has no NaN)."""
    if value is None or not math.isfinite(float(value)):
        return None
    return round(float(value), digits)


def json_value(value):
    """A notice's or a suggestion's values as JSON: mappings and sequences as objects and
    arrays, floats to 6 decimals (None if not finite)."""
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [json_value(v) for v in value]
    if isinstance(value, float):
        return rounded(value, 6)
    return value


def clock(utc_s: float | None, zone: str | None = None, seconds: bool = True) -> str:
    """``HH:MM:SS`` (or ``HH:MM``) in IANA zone ``zone`` (UTC if None), rounded to the
    second; ``-`` for None or a non-finite time."""
    if utc_s is None or not math.isfinite(float(utc_s)):
        return "-"
    when = local_datetime(round(utc_s), zone) if zone else utc_datetime(round(utc_s))
    return f"{when:{'%H:%M:%S' if seconds else '%H:%M'}}"


def duration(seconds: float | None) -> str:
    """A length of time, never a clock time: ``40 s``, ``12 min 05 s``, ``10 h 34 min``
    (from an hour on, to the minute), or ``open`` for None or a non-finite length.

    Examples
    --------
    >>> duration(1228), duration(38_040), duration(7)
    ('20 min 28 s', '10 h 34 min', '7 s')
    """
    if seconds is None or not math.isfinite(float(seconds)):
        return "open"
    total = round(float(seconds))
    sign, total = ("-" if total < 0 else ""), abs(total)
    if total >= 3600:
        hours, minutes = divmod(round(total / 60), 60)
        return f"{sign}{hours} h {minutes:02d} min"
    minutes, secs = divmod(total, 60)
    return f"{sign}{minutes} min {secs:02d} s" if minutes else f"{sign}{secs} s"


def shown_length(start_utc_s: float | None, end_utc_s: float | None) -> str:
    """The length of a window between its edges as the clocks show them (each rounded
    to the second), so that the length and the two times beside it agree; ``open`` at a
    missing (None or NaN) edge.

    Examples
    --------
    >>> shown_length(1000.4, 1182.9)  # 182.5 s between edges shown as :00 and :03
    '3 min 03 s'
    """
    edges = (start_utc_s, end_utc_s)
    if any(edge is None or not math.isfinite(edge) for edge in edges):
        return duration(None)
    return duration(round(end_utc_s) - round(start_utc_s))


def window_length(window) -> str:
    """:func:`shown_length` of a window (anything with ``start_utc_s`` and ``end_utc_s``)."""
    return shown_length(window.start_utc_s, window.end_utc_s)


def window_close_note(start_utc_s: float | None, end_utc_s: float | None) -> str:
    """What is said beside a window's close: its length (:func:`shown_length`), ``open
    before`` when it has no opening that day, ``no edge that day`` when it has no close."""
    if end_utc_s is None:
        return "no edge that day"
    if start_utc_s is None:
        return "open before"
    return f"{shown_length(start_utc_s, end_utc_s)} long"


def slack_text(before_s: float | None, after_s: float | None) -> str:
    """The slack on both sides of an exit: ``41 s before, 41 s after``, ``open before``
    at a window's open edge.

    Examples
    --------
    >>> slack_text(41.2, None)
    '41 s before, open after'
    """

    def side(seconds: float | None, name: str) -> str:
        if seconds is None or not math.isfinite(float(seconds)):
            return f"open {name}"
        return f"{duration(seconds)} {name}"

    return f"{side(before_s, 'before')}, {side(after_s, 'after')}"


SAME_ELLIPSE_M = 1.0
"""Two ellipses whose semi-axes differ by less than this [m] are the same on a map, and an
ellipse whose semi-axes are both under it is a point."""


def ellipse_size(ellipse) -> str:
    """An ellipse's size as a reader measures it, its whole axes: ``1,023 x 740 m``
    (twice the semi-axes), or ``a point`` when both are under :data:`SAME_ELLIPSE_M`.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> ellipse_size(SimpleNamespace(semi_major_m=511.5, semi_minor_m=370.2))
    '1,023 x 740 m'
    """
    if ellipse.semi_major_m < SAME_ELLIPSE_M and ellipse.semi_minor_m < SAME_ELLIPSE_M:
        return "a point"
    return f"{2 * ellipse.semi_major_m:,.0f} x {2 * ellipse.semi_minor_m:,.0f} m"


def ellipse_text(ellipse) -> str:
    """``ellipse 1,023 x 740 m (whole axes), major axis 106°``; for a point, where its
    share of the jumps lands (a landing ellipse when they steer onto the target)."""
    size = ellipse_size(ellipse)
    if size != "a point":
        return f"ellipse {size} (whole axes), major axis {ellipse.orientation_deg:03.0f}°"
    if math.hypot(ellipse.center_east_m, ellipse.center_north_m) < SAME_ELLIPSE_M:
        return f"on the target: {ellipse.probability:.0%} of the jumps steer onto it"
    return f"a point: {ellipse.probability:.0%} of the jumps land on one spot"


def altitude(metres: float | None, metric: bool) -> str:
    """An altitude in feet (or metres) with thousands separators; empty for None."""
    if metres is None:
        return ""
    return f"{metres:,.0f} m" if metric else f"{metres / FOOT_M:,.0f} ft"


@dataclass(frozen=True)
class UnitSystem:
    """How a report shows quantities: ``aviation`` (feet, knots, mph, nautical miles; the
    default) or ``metric`` (metres, m/s, kilometres). Every renderer words numbers through
    one of these, so that ``--units metric`` shows no foot, knot, mph or nautical mile."""

    name: str

    @property
    def metric(self) -> bool:
        """True for metric units."""
        return self.name == "metric"

    def altitude(self, metres: float | None) -> str:
        """``25,000 ft`` or ``7,620 m``; empty for None."""
        return altitude(metres, self.metric)

    def speed(self, mps: float | None) -> str:
        """An airspeed or wind speed: ``194 kt`` or ``99.9 m/s``."""
        if mps is None:
            return "-"
        return f"{mps:.1f} m/s" if self.metric else f"{mps / KNOT_MPS:.0f} kt"

    def fall_rate(self, mps: float | None) -> str:
        """A fall rate, as skydivers quote it: ``166 mph`` or ``74.4 m/s``."""
        if mps is None:
            return "-"
        return f"{mps:.1f} m/s" if self.metric else f"{mps / MPH_MPS:.0f} mph"

    def vertical_speed(self, mps: float | None) -> str:
        """A climb or descent rate: ``4,000 ft/min`` or ``20.3 m/s``."""
        if mps is None:
            return "-"
        return f"{mps:.1f} m/s" if self.metric else f"{mps / FOOT_M * 60:,.0f} ft/min"

    def distance(self, metres: float | None) -> str:
        """A ground distance: ``0.46 NM`` or ``849 m`` (``2.5 km`` from 10 km)."""
        if metres is None:
            return "-"
        if self.metric:
            return f"{metres / 1000:,.1f} km" if metres >= 10_000 else f"{metres:,.0f} m"
        return f"{metres / NAUTICAL_MILE_M:,.2f} NM"


AVIATION = UnitSystem("aviation")
METRIC = UnitSystem("metric")
UNIT_SYSTEMS = {"aviation": AVIATION, "metric": METRIC}
