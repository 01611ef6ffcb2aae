"""Words for notices: every warning and check code, worded in the report's units.

The library returns :class:`duskfall.notices.Notice` records (a code, a severity, SI
numbers, a source); this module is the one place that turns them into sentences. Each
code of :data:`duskfall.notices.CODES` has an entry in :data:`WORDS`: a function of the
notice's values and a :class:`~duskfall.reports.formatting.UnitSystem`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from duskfall.notices import Notice
from duskfall.reports.formatting import AVIATION, UnitSystem
from duskfall.timeutil import iso_utc

Wording = Callable[[Mapping[str, Any], UnitSystem], str]


def _span(v: Mapping[str, Any], u: UnitSystem) -> str:
    return f"{u.altitude(v['low_m'])}-{u.altitude(v['high_m'])}"


WORDS: dict[str, Wording] = {
    "wind-extrapolated": lambda v, u: (
        f"the winds ({v['source']}) span {_span(v, u)} only"
        if "bottom_m" not in v
        else f"the winds ({v['source']}) cover {u.altitude(v['bottom_m'])}-"
        f"{u.altitude(v['top_m'])}; the jump spans {_span(v, u)} and the end values are held"
    ),
    "wind-time-extrapolated": lambda v, u: (
        f"winds from {v['source']} are valid {iso_utc(v['first_utc_s'])} to "
        f"{iso_utc(v['last_utc_s'])}; the jump's times reach beyond them and the nearest are "
        "held"
    ),
    "flysight-wingsuit": lambda v, u: (
        f"the log {v['source']} is a wingsuit or tracking flight, not a vertical free fall: "
        f"{u.speed(v['horizontal_speed_mps'])} across while falling "
        f"{u.fall_rate(v['fall_rate_mps'])}; the model simulates a vertical fall and cannot be "
        "fitted to it"
    ),
    "flysight-canopy-only": lambda v, u: (
        f"the log {v['source']} is a canopy flight with a short fall before it "
        f"({v['freefall_duration_s']:.0f} s, at most {u.fall_rate(v['max_fall_rate_mps'])}): "
        "not a free fall the model can be fitted to"
    ),
}
"""The wording of every notice code."""


def describe(notice: Notice, units: UnitSystem = AVIATION) -> str:
    """The notice as one sentence in ``units`` (prefixed with its subject, if any)."""
    text = WORDS[notice.code](notice.values, units)
    return f"{notice.subject}: {text}" if notice.subject else text
