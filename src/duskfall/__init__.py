"""duskfall: plan a skydive that has to happen in a particular light.

duskfall joins the physics of the fall (a standard atmosphere, drag, winds) with the
sun as seen from the jumper's altitude, and answers: at what minute must the jumper
leave the aircraft so that the whole action happens in the light we want?

Public API
----------
make_plan, Plan, Scenario, SEED_SCENARIO
    The exit window for one attempt (``duskfall plan``).
Jump, Exit, Body, simulate_jump, simulate_ensemble, Trajectory, POSTURES
    One description of a jump, and the fall itself.
find_release_point, dispersion
    Where to exit upwind of the target, and how sure we are.
scan_season, season_odds
    One attempt a day over a season.
solar_position, visible_horizon_elevation_deg
    The sun, and the observer's horizon at altitude.
find_exit_windows, find_day_light, LIGHT_BANDS, LightBand
    The light: the one exit-window engine, a half day's light, the bands.
Notice
    Warnings and checks as data.

The subpackages import what they need when they are used (``import duskfall`` loads
none of the heavy ones): ``duskfall.fall``, ``duskfall.light``, ``duskfall.release``,
``duskfall.planning``, ``duskfall.season``, ``duskfall.atlas``, ``duskfall.io``,
``duskfall.reports``, ``duskfall.cli``.
"""

__version__ = "0.1.0"

_EXPORTS = {
    "SEED_SCENARIO": "duskfall.planning",
    "Plan": "duskfall.planning",
    "Scenario": "duskfall.planning",
    "make_plan": "duskfall.planning",
    "Body": "duskfall.fall",
    "Exit": "duskfall.fall",
    "Jump": "duskfall.fall",
    "POSTURES": "duskfall.fall",
    "Trajectory": "duskfall.fall",
    "simulate_ensemble": "duskfall.fall",
    "simulate_jump": "duskfall.fall",
    "dispersion": "duskfall.release",
    "find_release_point": "duskfall.release",
    "scan_season": "duskfall.season",
    "season_odds": "duskfall.season",
    "solar_position": "duskfall.sun",
    "visible_horizon_elevation_deg": "duskfall.sun",
    "LIGHT_BANDS": "duskfall.light",
    "LightBand": "duskfall.light",
    "find_day_light": "duskfall.light",
    "find_exit_windows": "duskfall.light",
    "Notice": "duskfall.notices",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str):
    """The public API, imported on first use (so that ``duskfall --help`` starts fast)."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'duskfall' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
