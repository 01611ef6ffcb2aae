"""What would make an action fit that does not: a shorter action, another body position,
another day. Each is found with the same exit-window engine as the plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from duskfall import fall, light, timeutil
from duskfall.fall import Trajectory
from duskfall.light import Action, Places
from duskfall.notices import read_only_values, reduce_with_values
from duskfall.planning.scenario import Scenario

SUGGESTION_DAYS = 10
"""When the action does not fit, how many days before and after to look for one that does."""

END_ALTITUDE_STEPS = 40
"""Candidate end altitudes, evenly from the exit to the action's end, for a shorter action."""


@dataclass(frozen=True)
class Suggestion:
    """A change that makes the action fit (``code``: ``shorter-action``, ``posture``,
    ``dates``; ``no-date`` when no day nearby fits)."""

    code: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        read_only_values(self)

    __reduce__ = reduce_with_values


def _places(scenario: Scenario, dates: Sequence[dt.date]) -> Places:
    site = scenario.site
    solar = timeutil.solar_dates(
        np.array(dates, dtype="datetime64[D]"), site.longitude_deg, scenario.timezone
    )
    return Places(
        solar,
        np.float64(site.latitude_deg),
        np.float64(site.longitude_deg),
        np.float64(site.ground_elevation_m),
        scenario.at,
    )


def _fits(actions: list[Action], scenario: Scenario, places: Places) -> np.ndarray:
    return light.find_exit_windows(actions, scenario.band, places).fits


def _shorter(scenario: Scenario, lead: Trajectory, places: Places) -> list[Suggestion]:
    current_end = float(lead.action_segment(scenario.action_end_altitude_m)[1][-1])
    ends = np.linspace(scenario.exit_altitude_m, current_end, END_ALTITUDE_STEPS + 1)[1:]
    fitting = None
    for end in ends:
        action = scenario.action(lead, float(end))
        if _fits([action], scenario, places)[0]:
            fitting = (float(end), action.duration_s)
        else:
            break
    if fitting is None:
        return []
    values = {"end_altitude_m": fitting[0], "current_end_m": current_end, "action_s": fitting[1]}
    return [Suggestion("shorter-action", values)]


def _postures(scenario: Scenario, lead: Trajectory, places: Places) -> list[Suggestion]:
    found = []
    for name in fall.POSTURES:
        if name == scenario.jumper.posture:
            continue
        jump = scenario.jump_of(
            scenario.jumper,
            exit_time_utc_s=lead.jump.exit.time_utc_s,
            heading_deg=lead.jump.exit.heading_deg,
            wind=lead.jump.wind,
            posture=name,
        )
        trajectory = fall.simulate_jump(jump.replace(wind=lead.jump.wind))
        if _fits([scenario.action(trajectory)], scenario, places)[0]:
            values = {"posture": name, "freefall_s": trajectory.freefall_duration_s}
            found.append(Suggestion("posture", values))
    return found


def _dates(scenario: Scenario, actions: list[Action]) -> list[Suggestion]:
    offsets = [s * k for k in range(1, SUGGESTION_DAYS + 1) for s in (-1, 1)]
    candidates = []
    for offset in offsets:
        date = scenario.date + dt.timedelta(days=offset)
        if timeutil.FIRST_DATE <= date <= timeutil.LAST_DATE:
            candidates.append((offset, date))
    if candidates:
        fits = _fits(actions, scenario, _places(scenario, [d for _, d in candidates]))
        for k in range(1, SUGGESTION_DAYS + 1):
            near = [d for (o, d), ok in zip(candidates, fits, strict=True) if abs(o) == k and ok]
            if near:
                return [Suggestion("dates", {"dates": tuple(d.isoformat() for d in near)})]
    return [Suggestion("no-date", {"days": SUGGESTION_DAYS})]


def suggest(scenario: Scenario, trajectories: Sequence[Trajectory]) -> tuple[Suggestion, ...]:
    """Changes that make the action fit: a shorter action, another posture for the lead
    jumper, the nearest dates (with the same trajectories)."""
    places = _places(scenario, [scenario.date])
    lead = trajectories[0]
    actions = [scenario.action(trajectory) for trajectory in trajectories]
    found = _shorter(scenario, lead, places)
    found += _postures(scenario, lead, places)
    found += _dates(scenario, actions)
    return tuple(found)
