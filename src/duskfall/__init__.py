"""duskfall: plan a skydive that has to happen in a particular light.

duskfall joins the physics of the fall (a standard atmosphere, drag, winds) with the
sun as seen from the jumper's altitude, and answers: at what minute must the jumper
leave the aircraft so that the whole action happens in the light we want?

Public API
----------
make_plan, Scenario, SEED_SCENARIO
    The exit window for one attempt (``duskfall plan``).
simulate_jump, Trajectory, POSTURES
    The fall itself.
solar_position, visible_horizon_elevation_deg
    The sun, and the observer's horizon at altitude.
find_exit_window, LIGHT_BANDS, LightBand
    Light along a trajectory.
"""

__version__ = "0.1.0"

from duskfall.fall import POSTURES, Trajectory, simulate_jump
from duskfall.light import LIGHT_BANDS, LightBand, find_exit_window
from duskfall.planning import SEED_SCENARIO, Plan, Scenario, make_plan
from duskfall.sun import solar_position, visible_horizon_elevation_deg

__all__ = [
    "LIGHT_BANDS",
    "POSTURES",
    "SEED_SCENARIO",
    "LightBand",
    "Plan",
    "Scenario",
    "Trajectory",
    "__version__",
    "find_exit_window",
    "make_plan",
    "simulate_jump",
    "solar_position",
    "visible_horizon_elevation_deg",
]
