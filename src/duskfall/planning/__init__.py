"""The plan: when to exit so that the whole action happens in the chosen light.

A :class:`Scenario` (validated input) goes in, a :class:`Plan` (frozen result with its
checks and notices) comes out of :func:`make_plan`. The plan joins the fall
(:mod:`duskfall.fall`), the light (:mod:`duskfall.light`) and the release point
(:mod:`duskfall.release`): it simulates each jumper once, finds every exit time that
keeps the whole action inside the light band on the evening (or morning) of the
scenario's date, picks the exit, spots the aircraft for it, and works the aircraft
timeline back to take-off. With an exit it also gives the light at the jumpers' and the
aircraft's real positions (:mod:`~duskfall.planning.positions`), the Sun against the
jump run and the camera's line of sight (:mod:`~duskfall.planning.camera`), and with two
jumpers the camera flyer and the performer in free fall together
(:mod:`~duskfall.planning.formation`). :mod:`duskfall.planning.figure_data` turns a plan
into what the figures draw.
"""

from duskfall.planning.aircraft import AIRCRAFT, AircraftType, BandClimb, LinearClimb
from duskfall.planning.camera import CameraView, SunAt, SunView
from duskfall.planning.checks import DISCLAIMER
from duskfall.planning.formation import Formation
from duskfall.planning.plan import (
    Jumpers,
    Plan,
    action_of,
    choose_exit,
    choose_exit_times,
    make_plan,
    simulate_jumpers,
)
from duskfall.planning.positions import AircraftLight, PlaceLight, PositionLight
from duskfall.planning.scenario import (
    SEED_SCENARIO,
    Aircraft,
    Camera,
    FormationSettings,
    Jumper,
    Scenario,
    Site,
    WindLevel,
    make_scenario,
)
from duskfall.planning.suggestions import Suggestion
from duskfall.planning.timeline import Event, Timeline, takeoff_before_exit_s

__all__ = [
    "AIRCRAFT",
    "DISCLAIMER",
    "SEED_SCENARIO",
    "Aircraft",
    "AircraftLight",
    "AircraftType",
    "BandClimb",
    "Camera",
    "CameraView",
    "Event",
    "Formation",
    "FormationSettings",
    "Jumper",
    "Jumpers",
    "LinearClimb",
    "PlaceLight",
    "Plan",
    "PositionLight",
    "Scenario",
    "Site",
    "Suggestion",
    "SunAt",
    "SunView",
    "Timeline",
    "WindLevel",
    "action_of",
    "choose_exit",
    "choose_exit_times",
    "make_plan",
    "make_scenario",
    "simulate_jumpers",
    "takeoff_before_exit_s",
]
