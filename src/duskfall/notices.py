"""Warnings and checks as data: a code, a severity, the numbers in SI, and a source.

Every layer that notices something a user should know (a wind table that does not reach
the exit altitude, a supersonic fall, an exit outside the green-light zone, the oxygen
rule at the exit altitude) returns a :class:`Notice` with its result, never a sentence.
The renderers (:mod:`duskfall.reports`) word each code in the user's units, so the same
fact reads "25,000 ft" in aviation units and "7,620 m" in metric, and a fact noticed by
two layers is shown once: :func:`merge` keeps one notice per code and subject.

Codes are short, stable, kebab-case identifiers (``wind-extrapolated``); :data:`CODES`
lists every one with its meaning (a notice with another code is refused), and the tests
check that each has a wording in :mod:`duskfall.reports.wording`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any, Literal

Severity = Literal["pass", "info", "warn", "fail"]
"""``pass``: a check that is satisfied; ``info``: worth knowing; ``warn``: needs the
team's attention; ``fail``: the plan does not hold (a no-go)."""

SEVERITIES: tuple[str, ...] = ("pass", "info", "warn", "fail")


def read_only_values(item) -> None:
    """Freeze ``item.values`` (a frozen dataclass's mapping of numbers) as a read-only
    view of its own copy."""
    object.__setattr__(item, "values", MappingProxyType(dict(item.values)))


def reduce_with_values(item):
    """Pickle a frozen dataclass whose ``values`` is a read-only view: by its fields,
    the view as a plain dict (a plan made in a worker process comes back whole)."""
    arguments = tuple(
        dict(item.values) if f.name == "values" else getattr(item, f.name)
        for f in fields(item)
        if f.init
    )
    return (type(item), arguments)


@dataclass(frozen=True, eq=False)
class Notice:
    """One warning or go/no-go check, as data.

    Parameters
    ----------
    code
        Stable identifier (a key of :data:`CODES`).
    severity
        ``pass``, ``info``, ``warn`` or ``fail``.
    values
        The numbers behind it, in SI with unit-suffixed keys (``altitude_m``,
        ``speed_mps``, ``time_utc_s``), and names where a name is the fact.
    source
        The rule, table, model or file behind it (``14 CFR 91.211``), or "".
    subject
        Whom or what it concerns when that is not the whole plan (a jumper's name,
        ``members`` for an ensemble); notices are merged per code and subject.
    """

    code: str
    severity: Severity
    values: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    subject: str = ""

    def __post_init__(self):
        if self.code not in CODES:
            raise ValueError(f"notice code {self.code!r} is not listed in duskfall.notices.CODES")
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity {self.severity!r} is not one of {SEVERITIES}")
        read_only_values(self)

    __reduce__ = reduce_with_values

    @property
    def key(self) -> tuple[str, str]:
        """What makes two notices the same fact: (code, subject)."""
        return (self.code, self.subject)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Notice):
            return NotImplemented
        return (
            self.key == other.key
            and self.severity == other.severity
            and dict(self.values) == dict(other.values)
            and self.source == other.source
        )

    def __hash__(self) -> int:
        return hash((self.code, self.subject, self.severity))


def merge(*groups: Iterable[Notice]) -> tuple[Notice, ...]:
    """The notices of several groups, one per (code, subject), the first seen kept, in
    order of first appearance."""
    seen: dict[tuple[str, str], Notice] = {}
    for group in groups:
        for notice in group:
            seen.setdefault(notice.key, notice)
    return tuple(seen.values())


CODES: dict[str, str] = {
    # The fall
    "supersonic": "the free fall goes supersonic; drag there rests on two record jumps",
    "exit-above-records": "the exit is higher than any recorded jump; drag is extrapolated",
    "landing-before-opening": "the jumper lands before the canopy is fully open",
    "terminal-not-reached": "the fall rate never reaches 95 % of terminal speed",
    # Winds
    "wind-extrapolated": "the jump reaches beyond the wind levels; the end values are held",
    "wind-time-extrapolated": "the jump's times reach beyond the wind source's valid times",
    "wind-outside-validity": "the planned times lie outside the period the winds are for",
    "wind-light-variable": "a forecast gives light and variable winds (under 5 kt), taken as calm",
    "wind-levels-below-ground": "pressure levels below the model's ground are left out",
    "wind-far-from-target": "the winds are for a point far from the target",
    "wind-source-note": "what the wind source says about its own data",
    "wind-stale": "the winds were observed (or are valid) many hours from the planned exit",
    # The release point
    "calm-jump-run": "calm winds: no preferred jump-run direction, north assumed",
    "target-beyond-reach": "the target is beyond the canopy's reach from the opening",
    "no-exit-reaches-target": "no exit on this jump run reaches the target under canopy",
    "release-outside-green-zone": "the release point is outside the green-light zone",
    "groups-outside-green-zone": "some groups exit outside the green-light zone",
    "no-ground-speed": "no ground speed on jump run: group exit times are undefined",
    "no-declination-date": "no date for the magnetic declination",
    "declination-out-of-range": "the date is outside the geomagnetic model's years",
    # The light
    "no-sunset": "the Sun does not set (or rise) that half day",
    "window-edge-unrefined": "a window edge rests on the envelope shortcut (the Sun grazes it)",
    "no-light-window": "the light band does not occur at the exit altitude that day",
    "action-does-not-fit": "the action does not fit inside the light band that day",
    "search-range-ignored": "the season searches every evening; a search range is ignored",
    "no-attempt-possible": "no day of the season allows an attempt",
    "blocked-outside-season": "a blocked date or range misses the season and blocks no day",
    "light-at-positions": "the light at the jumpers' real positions moves the exit window's edges",
    # The camera flyer and the performer
    "formation-apart": "the camera flyer and the performer are never within the separation limit",
    "formation-separation": "the camera flyer and the performer drift apart past the limit",
    "formation-horizontal": "level, but farther apart horizontally than the separation limit",
    # Go / no-go checks
    "light": "the whole action in the light band",
    "slack": "slack on each side of the planned exit",
    "light-odds": "the share of the dispersion's jumps whose whole action is in the light",
    "one-chance": "one chance per day: a second lift cannot exit inside the window",
    "oxygen": "supplemental oxygen above 15,000 ft",
    "useful-consciousness": "time of useful consciousness without oxygen at the exit altitude",
    "prebreathing": "pre-breathing against decompression sickness above 18,000 ft",
    "cold": "air temperature and wind chill at exit",
    "airspace": "Class A airspace at and above FL180",
    "opening-altitude": "deployment altitude against the minimum opening altitudes",
    "landing-reach": "the target within the canopy's reach from the opening",
    "ground-wind": "the wind at the ground against the canopy's forward speed",
    "darkness": "lights on each jumper between sunset and sunrise",
    "cloud-clearance": "a model's cloud cover on the jump's path against 14 CFR 105.17",
    # FlySight logs
    "flysight-wingsuit": "the log is a wingsuit or tracking flight, not a vertical free fall",
    "flysight-canopy-only": "the log is a canopy flight with a short fall or none before it",
}
"""Every notice code and what it means."""
