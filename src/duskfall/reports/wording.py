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


def _period(start_utc_s: float | None, end_utc_s: float | None) -> str:
    if start_utc_s is None and end_utc_s is None:
        return "an unknown period"
    if start_utc_s == end_utc_s:
        return str(iso_utc(start_utc_s))
    return f"{iso_utc(start_utc_s) or 'any time'} to {iso_utc(end_utc_s) or 'any time'}"


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
    "wind-outside-validity": lambda v, u: (
        f"the winds from {v['source']} are for "
        f"{_period(v['valid_from_utc_s'], v['valid_to_utc_s'])}; "
        f"the jump at {_period(v['start_utc_s'], v['end_utc_s'])} lies outside: get a forecast "
        "for the time of the jump"
    ),
    "wind-light-variable": lambda v, u: (
        f"the winds from {v['source']} are light and variable (under 5 kt) at "
        f"{', '.join(u.altitude(a) for a in v['altitudes_m'])}: taken as calm there"
    ),
    "wind-levels-below-ground": lambda v, u: (
        f"{len(v['levels_hpa'])} pressure level(s) of {v['source']} "
        f"({', '.join(f'{p:g} hPa' for p in v['levels_hpa'])}) lie below the model's ground "
        f"({u.altitude(v['elevation_m'])}) and are left out"
    ),
    "wind-far-from-target": lambda v, u: (
        f"the winds from {v['source']} are for a point {u.distance(v['distance_m'])} from the "
        "target"
    ),
}
"""The wording of every notice code."""


def describe(notice: Notice, units: UnitSystem = AVIATION) -> str:
    """The notice as one sentence in ``units`` (prefixed with its subject, if any)."""
    text = WORDS[notice.code](notice.values, units)
    return f"{notice.subject}: {text}" if notice.subject else text
