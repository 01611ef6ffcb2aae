"""Result objects as JSON-ready dicts: the stable output contract.

Keys carry their unit (``_m``, ``_s``, ``_mps``, ``_deg``); every altitude is metres
above mean sea level unless the key says ``_agl``; times are ISO-8601 UTC strings
ending in ``Z``, to the second; ``None`` (JSON ``null``) where an event does not happen.
"""

from __future__ import annotations

from typing import Any

from duskfall import __version__
from duskfall.light import Window
from duskfall.planning import Plan
from duskfall.timeutil import iso_utc


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)


def window_to_dict(window: Window | None) -> dict[str, Any] | None:
    """``{start_utc, end_utc, duration_s}`` of a window, or None."""
    if window is None:
        return None
    return {
        "start_utc": iso_utc(window.start_utc_s),
        "end_utc": iso_utc(window.end_utc_s),
        "duration_s": _round(window.duration_s, 1),
    }


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as a JSON-ready dict (the contract documented in the README)."""
    scenario = plan.scenario
    site = scenario.site
    trajectory = plan.trajectory
    band = scenario.band
    return {
        "duskfall_version": __version__,
        "date": scenario.date.isoformat(),
        "at": scenario.at,
        "site": {
            "name": site.name,
            "lat": site.latitude_deg,
            "lon": site.longitude_deg,
            "ground_elevation_m": site.ground_elevation_m,
        },
        "local_timezone": plan.timezone,
        "light_band": {"name": band.name, "lower_deg": band.lower_deg, "upper_deg": band.upper_deg},
        "exit_altitude_m": _round(scenario.exit_altitude_m, 1),
        "deploy_altitude_m": _round(scenario.deploy_altitude_m, 1),
        "deploy_altitude_agl_m": _round(scenario.deploy_altitude_m - site.ground_elevation_m, 1),
        "jumper": {
            "mass_kg": scenario.jumper.mass_kg,
            "posture": scenario.jumper.posture,
            "cda_m2": scenario.jumper.cda_m2,
        },
        "aircraft": {
            "name": scenario.aircraft.name,
            "indicated_airspeed_mps": _round(scenario.aircraft.indicated_airspeed_mps, 2),
            "heading_deg": scenario.aircraft.heading_deg,
        },
        "sunset_ground_utc": iso_utc(plan.sunset_ground_utc_s),
        "sunset_exit_altitude_utc": iso_utc(plan.sunset_exit_utc_s),
        "light_window": window_to_dict(plan.light_window),
        "fits": plan.fits,
        "exit_window": window_to_dict(plan.exit_window),
        "exit_time_utc": iso_utc(plan.exit_time_utc_s),
        "action_duration_s": _round(plan.action_duration_s, 1),
        "slack_s": _round(plan.slack_s, 1),
        "slack_before_s": _round(plan.slack_before_s, 1),
        "slack_after_s": _round(plan.slack_after_s, 1),
        "freefall_duration_s": _round(trajectory.freefall_duration_s, 1),
        "max_speed_mps": _round(trajectory.max_speed_mps, 1),
        "max_speed_altitude_m": _round(trajectory.max_speed_altitude_m, 0),
        "max_speed_time_s": _round(trajectory.max_speed_time_s, 1),
        "max_airspeed_mps": _round(trajectory.max_airspeed_mps, 1),
        "landing_time_s": _round(trajectory.landing_time_s, 1),
        "warnings": list(plan.warnings),
    }
