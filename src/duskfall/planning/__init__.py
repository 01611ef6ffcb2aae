"""The plan: when to exit so that the whole action happens in the chosen light.

A :class:`Scenario` (validated input) goes in, a :class:`Plan` (frozen result with its
checks and warnings) comes out of :func:`make_plan`. The plan joins the fall
(:mod:`duskfall.fall`) and the light (:mod:`duskfall.light`): it simulates each jumper,
takes the action segment (exit down to the action's end, by default deployment), finds
every exit time that keeps the whole segment inside the light band on the evening (or
morning) of the scenario's date, picks the exit, and works the aircraft timeline back to
take-off.
"""

from duskfall.planning.aircraft import AIRCRAFT, AircraftType, BandClimb, LinearClimb
from duskfall.planning.checks import DISCLAIMER, Check
from duskfall.planning.plan import Event, Plan, choose_exit, make_plan, takeoff_before_exit_s
from duskfall.planning.scenario import (
    SEED_SCENARIO,
    Aircraft,
    Jumper,
    Scenario,
    Site,
    WindLevel,
    make_scenario,
)
from duskfall.planning.scenario_file import (
    EXAMPLE_TOML,
    example_mapping,
    parse_wind_levels,
    scenario_from_mapping,
)

__all__ = [
    "AIRCRAFT",
    "DISCLAIMER",
    "EXAMPLE_TOML",
    "SEED_SCENARIO",
    "Aircraft",
    "AircraftType",
    "BandClimb",
    "Check",
    "Event",
    "Jumper",
    "LinearClimb",
    "Plan",
    "Scenario",
    "Site",
    "WindLevel",
    "choose_exit",
    "example_mapping",
    "make_plan",
    "make_scenario",
    "parse_wind_levels",
    "scenario_from_mapping",
    "takeoff_before_exit_s",
]
