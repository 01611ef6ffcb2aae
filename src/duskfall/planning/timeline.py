"""The aircraft timeline worked back from the exit: take-off, climb, cabin, jump run,
green light, every jumper's deployment and landing, and the time spent up high."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from duskfall.constants import FOOT_M
from duskfall.fall import Trajectory
from duskfall.notices import read_only_values, reduce_with_values
from duskfall.planning.aircraft import altitude_after_s
from duskfall.planning.checks import PREBREATHE_ALTITUDE_M, PREBREATHE_S
from duskfall.planning.scenario import Scenario

WARNING_ALTITUDES_M = (10_000 * FOOT_M, 15_000 * FOOT_M, 18_000 * FOOT_M)
"""Altitudes whose passing times and exposure are reported [m]: 10,000 ft (oxygen for
crews beyond 30 minutes above 12,500 ft starts to matter), 15,000 ft (oxygen for all
occupants, 14 CFR 91.211) and 18,000 ft (Class A airspace, decompression sickness)."""

DEPRESSURIZE_BEFORE_EXIT_S = 20 * 60.0
"""A pressurized aircraft opens its cabin to the outside air this long before exit [s]
(the 20-minute warning of military free-fall procedure is taken as the depressurization),
but not before it levels off at the exit altitude."""

EVENTS = (
    "prebreathing",
    "takeoff",
    "passing",
    "level-off",
    "depressurized",
    "red-light",
    "green-light",
    "exit",
    "deployment",
    "landing",
    "aircraft-lands",
)
"""Codes of timeline events (the reports word them)."""


@dataclass(frozen=True)
class Event:
    """One line of the timeline: what, when, where, and its numbers."""

    code: str
    """One of :data:`EVENTS`."""
    time_utc_s: float
    altitude_m: float | None
    """Altitude of the aircraft or jumper at the event [m MSL], or None."""
    values: Mapping[str, Any] = field(default_factory=dict)
    """The event's own numbers (SI) and names (``jumper``)."""

    def __post_init__(self):
        read_only_values(self)

    __reduce__ = reduce_with_values


@dataclass(frozen=True)
class Timeline:
    """The events in time order, the exposure above each warning altitude, and the
    earliest exit of a second lift."""

    events: tuple[Event, ...]
    exposure_s: dict[float, float]
    """Time the jumpers spend above each altitude of :data:`WARNING_ALTITUDES_M` [s]
    (cabin altitude: from passing it, or from depressurization, until exit; then the
    descent until the lead jumper passes below it, or lands where the ground is above
    it), keyed by the altitude [m]."""
    second_attempt_utc_s: float
    """Earliest exit of a second lift (land, turn around, climb back) [POSIX s]."""

    @property
    def takeoff_utc_s(self) -> float:
        """Take-off [POSIX s]."""
        return next(e.time_utc_s for e in self.events if e.code == "takeoff")


def takeoff_before_exit_s(scenario: Scenario) -> float:
    """Time from take-off to exit [s]: the climb from the ground to the exit altitude and
    the time at altitude before the exit."""
    climb = scenario.aircraft.preset.climb
    ground = scenario.site.ground_elevation_m
    return (
        climb.time_to_climb_s(ground, scenario.exit_altitude_m)
        + scenario.aircraft.level_off_before_exit_s
    )


def _climb_events(scenario: Scenario, exit_time: float):
    """Take-off, the warning altitudes passed, level-off; and the passing times."""
    aircraft = scenario.aircraft.preset
    ground = scenario.site.ground_elevation_m
    exit_m = scenario.exit_altitude_m
    level_off = exit_time - scenario.aircraft.level_off_before_exit_s
    takeoff = exit_time - takeoff_before_exit_s(scenario)
    events = [Event("takeoff", takeoff, ground, {"climb_s": level_off - takeoff})]
    passing = {}
    for altitude in WARNING_ALTITUDES_M:
        if ground < altitude < exit_m:
            passing[altitude] = takeoff + aircraft.climb.time_to_climb_s(ground, altitude)
            events.append(Event("passing", passing[altitude], altitude))
    events.append(Event("level-off", level_off, exit_m))
    return events, passing, takeoff, level_off


def _cabin_events(scenario, exit_time, takeoff, level_off, passing, prebreathe):
    """Depressurization of a pressurized cabin and the start of pre-breathing."""
    aircraft = scenario.aircraft.preset
    ground = scenario.site.ground_elevation_m
    events = []
    depressurized = None
    if aircraft.pressurized:
        depressurized = max(exit_time - DEPRESSURIZE_BEFORE_EXIT_S, level_off)
        altitude = altitude_after_s(
            aircraft.climb, ground, scenario.exit_altitude_m, depressurized - takeoff
        )
        values = {"warning_before_exit_s": DEPRESSURIZE_BEFORE_EXIT_S}
        events.append(Event("depressurized", depressurized, altitude, values))
    if prebreathe:
        fallback = takeoff if ground >= PREBREATHE_ALTITUDE_M else level_off
        exposure_start = passing.get(WARNING_ALTITUDES_M[2], fallback)
        if depressurized is not None:
            exposure_start = max(exposure_start, depressurized)
        values = {"prebreathe_s": PREBREATHE_S, "threshold_m": PREBREATHE_ALTITUDE_M}
        events.append(Event("prebreathing", exposure_start - PREBREATHE_S, None, values))
    return events, depressurized


def _jump_events(scenario, exit_time, names, trajectories, delays_s):
    exit_m = scenario.exit_altitude_m
    ground = scenario.site.ground_elevation_m
    events = [
        Event("red-light", exit_time - scenario.aircraft.jump_run_s, exit_m),
        Event("green-light", exit_time, exit_m),
    ]
    for name, trajectory, delay in zip(names, trajectories, delays_s, strict=True):
        who = {"jumper": name} if len(names) > 1 else {}
        out = exit_time + delay
        if delay:
            events.append(Event("exit", out, exit_m, who | {"delay_s": delay}))
        events.append(
            Event(
                "deployment",
                out + trajectory.freefall_duration_s,
                trajectory.deploy_altitude_m,
                who,
            )
        )
        events.append(Event("landing", out + trajectory.landing_time_s, ground, who))
    return events


def _exposure(scenario, exit_time, takeoff, passing, depressurized, lead: Trajectory, delay_s):
    exposure = {}
    for altitude in WARNING_ALTITUDES_M:
        if scenario.exit_altitude_m <= altitude:
            exposure[altitude] = 0.0
            continue
        start = passing.get(altitude, takeoff)
        if depressurized is not None:
            start = max(start, depressurized)
        exposure[altitude] = exit_time - start + delay_s + _time_above(lead, altitude)
    return exposure


def _time_above(lead: Trajectory, altitude_m: float) -> float:
    """Time from exit until ``lead`` first descends through ``altitude_m`` [s] (linear
    between its samples), or until it lands where the ground is above that altitude."""
    below = np.nonzero(lead.altitude_m <= altitude_m)[0]
    if not below.size:
        return float(lead.landing_time_s)
    i = int(below[0])
    if i == 0:
        return 0.0
    z0, z1 = float(lead.altitude_m[i - 1]), float(lead.altitude_m[i])
    t0, t1 = float(lead.time_s[i - 1]), float(lead.time_s[i])
    return t0 + (t1 - t0) * (z0 - altitude_m) / (z0 - z1)


def make_timeline(
    scenario: Scenario,
    exit_time_utc_s: float,
    trajectories: Sequence[Trajectory],
    prebreathe: bool,
    delays_s: Sequence[float] | None = None,
) -> Timeline:
    """The timeline of an attempt exiting at ``exit_time_utc_s`` [POSIX s].

    Parameters
    ----------
    scenario
        The scenario (aircraft, site, exit altitude, jumpers).
    exit_time_utc_s
        The planned exit [POSIX s].
    trajectories
        Every jumper's trajectory, the lead first.
    prebreathe
        Whether the checks call for pre-breathing.
    delays_s
        Each jumper's exit after the green light [s]; all at it by default.
    """
    delays_s = tuple(delays_s) if delays_s is not None else (0.0,) * len(trajectories)
    exit_time = exit_time_utc_s
    events, passing, takeoff, level_off = _climb_events(scenario, exit_time)
    cabin, depressurized = _cabin_events(
        scenario, exit_time, takeoff, level_off, passing, prebreathe
    )
    events += cabin
    names = [jumper.name for jumper in scenario.jumpers]
    events += _jump_events(scenario, exit_time, names, trajectories, delays_s)
    aircraft = scenario.aircraft.preset
    ground = scenario.site.ground_elevation_m
    last_out = exit_time + max(delays_s)
    back_on_ground = last_out + (scenario.exit_altitude_m - ground) / aircraft.descent_rate_mps
    values = {"descent_rate_mps": aircraft.descent_rate_mps}
    events.append(Event("aircraft-lands", back_on_ground, ground, values))
    events.sort(key=lambda e: e.time_utc_s)
    settings = scenario.aircraft
    climb_s = level_off - takeoff
    second = back_on_ground + settings.turnaround_s + climb_s + settings.level_off_before_exit_s
    exposure = _exposure(
        scenario, exit_time, takeoff, passing, depressurized, trajectories[0], delays_s[0]
    )
    return Timeline(tuple(events), exposure, second)
