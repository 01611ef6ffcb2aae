"""Result objects as JSON-ready dicts: the stable output contract (see schema.py)."""

from __future__ import annotations

from typing import Any

from duskfall import __version__
from duskfall.constants import FOOT_M
from duskfall.light import Window
from duskfall.planning import DISCLAIMER, Plan
from duskfall.reports import wording
from duskfall.reports.formatting import AVIATION, UnitSystem, json_value, rounded
from duskfall.reports.release import release_to_dict
from duskfall.reports.schema import PlanOut
from duskfall.reports.wording import notice_to_dict
from duskfall.timeutil import iso_utc, local_datetime


def _local(utc_s: float | None, zone: str) -> str | None:
    if utc_s is None:
        return None
    return local_datetime(round(utc_s), zone).isoformat()


def window_to_dict(window: Window | None) -> dict[str, Any] | None:
    """``{start_utc, end_utc, duration_s}`` of a window, or None."""
    if window is None:
        return None
    return {
        "start_utc": iso_utc(window.start_utc_s),
        "end_utc": iso_utc(window.end_utc_s),
        "duration_s": rounded(window.duration_s, 1),
    }


def _timeline(plan: Plan, units: UnitSystem) -> list[dict[str, Any]]:
    zone = plan.timezone
    return [
        {
            "event": wording.event_name(event, units),
            "code": event.code,
            "time_utc": iso_utc(event.time_utc_s),
            "time_local": _local(event.time_utc_s, zone),
            "altitude_m": rounded(event.altitude_m, 0),
            "detail": wording.event_detail(event, units),
        }
        for event in plan.events
    ]


def _checks(plan: Plan, units: UnitSystem) -> list[dict[str, Any]]:
    return [
        {
            "name": wording.check_name(c),
            "code": c.code,
            "status": c.severity,
            "detail": wording.describe(c, units),
            "values": json_value(c.values),
            "source": c.source,
        }
        for c in plan.checks
    ]


def plan_to_dict(plan: Plan, units: UnitSystem = AVIATION) -> dict[str, Any]:
    """The plan as a JSON-ready dict, validated against :class:`PlanOut`: SI numbers,
    with the words of checks, events and notices in ``units``."""
    scenario = plan.scenario
    site = scenario.site
    lead = plan.trajectory
    band = scenario.band
    zone = plan.timezone
    preset = scenario.aircraft.preset
    data = {
        "duskfall_version": __version__,
        "date": scenario.date.isoformat(),
        "at": scenario.at,
        "site": {
            "name": site.name,
            "lat": site.latitude_deg,
            "lon": site.longitude_deg,
            "ground_elevation_m": site.ground_elevation_m,
        },
        "local_timezone": zone,
        "light_band": {"name": band.name, "lower_deg": band.lower_deg, "upper_deg": band.upper_deg},
        "exit_altitude_m": rounded(scenario.exit_altitude_m, 1),
        "deploy_altitude_m": rounded(scenario.deploy_altitude_of(scenario.jumper), 1),
        "deploy_altitude_agl_m": rounded(
            scenario.deploy_altitude_of(scenario.jumper) - site.ground_elevation_m, 1
        ),
        "action_end_altitude_m": rounded(
            scenario.action_end_altitude_m or scenario.deploy_altitude_of(scenario.jumper), 1
        ),
        "jumpers": [
            {
                "name": jumper.name,
                "mass_kg": jumper.mass_kg,
                "posture": jumper.posture,
                "cda_m2": jumper.cda_m2,
                "deploy_altitude_m": rounded(scenario.deploy_altitude_of(jumper), 1),
                "freefall_duration_s": rounded(trajectory.freefall_duration_s, 1),
                "max_speed_mps": rounded(trajectory.max_speed_mps, 1),
                "landing_time_s": rounded(trajectory.landing_time_s, 1),
            }
            for jumper, trajectory in zip(scenario.jumpers, plan.trajectories, strict=True)
        ],
        "aircraft": {
            "type": scenario.aircraft.type,
            "name": preset.name,
            "indicated_airspeed_mps": rounded(preset.jump_run_ias_mps, 2),
            "true_airspeed_mps": rounded(plan.jump_run.airspeed_mps, 2),
            "heading_deg": round(plan.release.jump_run_track_deg_true, 1),
            "service_ceiling_m": rounded(preset.service_ceiling_m, 0),
        },
        "sunset_ground_utc": iso_utc(plan.sunset_ground_utc_s),
        "sunset_exit_altitude_utc": iso_utc(plan.sunset_exit_utc_s),
        "light_window": window_to_dict(plan.light_window),
        "fits": plan.fits,
        "go": plan.go,
        "exit_window": window_to_dict(plan.exit_window),
        "exit_time_utc": iso_utc(plan.exit_time_utc_s),
        "exit_time_local": _local(plan.exit_time_utc_s, zone),
        "takeoff_time_utc": iso_utc(plan.takeoff_time_utc_s),
        "action_duration_s": rounded(plan.action_duration_s, 1),
        "slack_s": rounded(plan.slack_s, 1),
        "slack_before_s": rounded(plan.slack_before_s, 1),
        "slack_after_s": rounded(plan.slack_after_s, 1),
        "shortfall_s": rounded(plan.shortfall_s, 1),
        "suggestions": [
            {
                "code": s.code,
                "text": wording.suggestion_text(s, units),
                "values": json_value(s.values),
            }
            for s in plan.suggestions
        ],
        "freefall_duration_s": rounded(lead.freefall_duration_s, 1),
        "max_speed_mps": rounded(lead.max_speed_mps, 1),
        "max_speed_altitude_m": rounded(lead.max_speed_altitude_m, 0),
        "max_speed_time_s": rounded(lead.max_speed_time_s, 1),
        "max_airspeed_mps": rounded(lead.max_airspeed_mps, 1),
        "landing_time_s": rounded(lead.landing_time_s, 1),
        "timeline": _timeline(plan, units),
        "time_above_ft_s": {}
        if plan.timeline is None
        else {
            str(round(metres / FOOT_M)): rounded(s, 0)
            for metres, s in plan.timeline.exposure_s.items()
        },
        "second_attempt_exit_utc": None
        if plan.timeline is None
        else iso_utc(plan.timeline.second_attempt_utc_s),
        "release": {
            key: value
            for key, value in release_to_dict(plan.release, plan.dispersion, units).items()
            if key != "duskfall_version"
        },
        "checks": _checks(plan, units),
        "disclaimer": DISCLAIMER,
        "warnings": [notice_to_dict(n, units) for n in plan.notices],
    }
    return PlanOut.model_validate(data).model_dump(mode="json")
