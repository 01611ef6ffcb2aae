"""Result objects as JSON-ready dicts: the stable output contract (see schema.py)."""

from __future__ import annotations

import math
from typing import Any

from duskfall import __version__
from duskfall.constants import FOOT_M
from duskfall.light import Window
from duskfall.planning import DISCLAIMER, Plan
from duskfall.reports import wording
from duskfall.reports.formatting import AVIATION, UnitSystem, json_value, rounded
from duskfall.reports.release import point_to_dict, release_to_dict
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


def _sun_at(at) -> dict[str, Any]:
    return {
        "time_utc": iso_utc(at.time_utc_s),
        "azimuth_deg_true": rounded(at.azimuth_deg, 2),
        "elevation_deg": rounded(at.elevation_deg, 3),
        "elevation_above_horizon_deg": rounded(at.elevation_above_horizon_deg, 3),
        "relative_to_jump_run_deg": rounded(at.relative_to_jump_run_deg, 2),
        "side": at.side,
        "clock": at.clock,
    }


def _finite(value: float, digits: int) -> float | None:
    return None if value is None or not math.isfinite(value) else rounded(value, digits)


def _camera_at(at) -> dict[str, Any]:
    return {
        "time_utc": iso_utc(at.time_utc_s),
        "sun_to_line_of_sight_deg": _finite(at.sun_angle_deg, 2),
        "phase_angle_deg": _finite(at.phase_angle_deg, 2),
        "lighting": at.lighting or None,
        "sun_in_frame": at.in_frame,
    }


def _camera(camera) -> dict[str, Any] | None:
    if camera is None:
        return None
    lit = camera.lighting_s
    return {
        "line_of_sight": camera.line_of_sight,
        "subject": camera.subject,
        "flyer": camera.flyer,
        "heading_deg_true": camera.heading_deg,
        "field_of_view_deg": camera.field_of_view_deg,
        "exit": _camera_at(camera.start),
        "action_end": _camera_at(camera.end),
        "front_lit_s": rounded(lit["front-lit"], 2),
        "side_lit_s": rounded(lit["side-lit"], 2),
        "back_lit_s": rounded(lit["back-lit"], 2),
        "in_shadow_s": rounded(lit["in shadow"], 2),
        "sun_in_frame_s": rounded(camera.in_frame_s, 2),
        "first_in_frame_utc": iso_utc(camera.first_in_frame_utc_s),
        "last_in_frame_utc": iso_utc(camera.last_in_frame_utc_s),
    }


def _sun(plan: Plan) -> dict[str, Any] | None:
    sun = plan.sun
    if sun is None:
        return None
    return {
        "jump_run_track_deg_true": rounded(sun.jump_run_track_deg, 1),
        "exit": _sun_at(sun.exit),
        "action_end": _sun_at(sun.action_end),
        "deployment": _sun_at(sun.deployment),
        "camera": _camera(sun.camera),
    }


def _window_at_positions(plan: Plan, positions) -> dict[str, Any] | None:
    window = plan.exit_window
    if window is None:
        return None
    moved = Window(
        None if window.start_utc_s is None else window.start_utc_s - positions.opening_shift_s,
        None if window.end_utc_s is None else window.end_utc_s - positions.closing_shift_s,
    )
    return window_to_dict(moved)


def _positions(plan: Plan) -> dict[str, Any] | None:
    positions = plan.light_at_positions
    if positions is None:
        return None
    aircraft = positions.aircraft
    return {
        "opening_shift_s": rounded(positions.opening_shift_s, 2),
        "closing_shift_s": rounded(positions.closing_shift_s, 2),
        "exit_window_at_positions": _window_at_positions(plan, positions),
        "jumpers": [
            {
                "name": place.name,
                "exit_shift_s": rounded(place.exit_shift_s, 2),
                "action_end_shift_s": rounded(place.action_end_shift_s, 2),
                "largest_shift_s": rounded(place.largest_shift_s, 2),
            }
            for place in positions.jumpers
        ],
        "aircraft": {
            "red_light_shift_s": rounded(aircraft.red_light_shift_s, 2),
            "sun_rate_deg_per_min": rounded(aircraft.sun_rate_deg_s * 60, 4),
            "fixed_sun_rate_deg_per_min": rounded(aircraft.fixed_sun_rate_deg_s * 60, 4),
            "rate_change_fraction": rounded(aircraft.rate_change, 4),
        },
    }


def _formation(plan: Plan) -> dict[str, Any] | None:
    f = plan.formation
    if f is None:
        return None
    meet_utc = None
    if f.meet_time_s is not None and plan.exit_time_utc_s is not None:
        meet_utc = iso_utc(plan.exit_time_utc_s + f.meet_time_s)
    return {
        "subject": f.subject,
        "flyer": f.flyer,
        "exit_separation_s": rounded(f.exit_separation_s, 3),
        "exit_separation_m": rounded(f.exit_separation_m, 1),
        "faster": f.faster,
        "slower": f.slower,
        "together": f.together,
        "closest_approach_m": rounded(f.closest_approach_m, 2),
        "closest_approach_time_s": rounded(f.closest_approach_time_s, 2),
        "closest_approach_altitude_m": rounded(f.closest_approach_altitude_m, 1),
        "meet_time_s": rounded(f.meet_time_s, 2),
        "meet_time_utc": meet_utc,
        "meet_altitude_m": rounded(f.meet_altitude_m, 1),
        "meet_horizontal_separation_m": rounded(f.meet_horizontal_separation_m, 1),
        "closing_distance_m": rounded(f.closing_distance_m, 2),
        "closing_time_s": rounded(f.closing_time_s, 2),
        "closing_altitude_m": rounded(f.closing_altitude_m, 1),
        "within_closing_distance_s": rounded(f.within_closing_distance_s, 2),
        "action_end_time_s": rounded(f.action_end_time_s, 2),
        "vertical_separation_at_action_end_m": rounded(f.vertical_separation_at_action_end_m, 1),
        "horizontal_separation_at_action_end_m": rounded(
            f.horizontal_separation_at_action_end_m, 1
        ),
        "separation_limit_m": rounded(f.separation_limit_m, 2),
        "limit_passed_time_s": rounded(f.limit_passed_time_s, 2),
        "limit_passed_altitude_m": rounded(f.limit_passed_altitude_m, 1),
        "requested_meet_altitude_m": rounded(f.requested_meet_altitude_m, 1),
        "slower_level_cda_m2": rounded(f.slower_level_cda_m2, 4),
        "slower_level_posture": f.slower_level_posture,
        "faster_level_cda_m2": rounded(f.faster_level_cda_m2, 4),
        "faster_level_posture": f.faster_level_posture,
    }


def _light_levels(plan) -> dict[str, float | None]:
    """Illuminance and exposure at exit and at the action's end (None without an exit)."""
    levels = plan.light_levels
    keys = (
        "illuminance_exit_lux",
        "illuminance_action_end_lux",
        "ev100_exit",
        "ev100_action_end",
        "exposure_swing_stops",
    )
    if levels is None:
        return dict.fromkeys((*keys, "illuminance_uncertainty_stops"))
    data = {key: rounded(getattr(levels, key), 2) for key in keys}
    data["illuminance_uncertainty_stops"] = rounded(levels.uncertainty_stops, 2)
    return data


def _wind(plan: Plan) -> dict[str, Any]:
    used = plan.wind_used
    return {
        "source": used.source,
        "summary": wording.wind_summary(used),
        "time_utc": iso_utc(used.time_utc_s),
        "valid_times_utc": [iso_utc(t) for t in used.valid_times_utc_s],
        "later_hour_weight": rounded(used.weight, 4),
        "held": used.held,
        "model_run_utc": iso_utc(used.model_run_utc_s),
        "age_s": rounded(used.age_s, 0),
        "age_from": used.age_from,
        "valid_from_utc": iso_utc(used.valid_from_utc_s),
        "valid_to_utc": iso_utc(used.valid_to_utc_s),
        "forecast_hours": len(used.hours_utc_s),
        "temperature": used.temperature,
        "cloud_cover": used.cloud_cover,
    }


def _sweep(plan: Plan) -> list[dict[str, Any]] | None:
    if plan.sweep is None:
        return None
    return [
        {
            "time_utc": iso_utc(hour.time_utc_s),
            "time_local": _local(hour.time_utc_s, plan.timezone),
            "release_point": point_to_dict(hour.release_point),
            "freefall_drift_m": rounded(hour.freefall_drift_m, 1),
            "freefall_drift_bearing_deg": rounded(hour.freefall_drift_bearing_deg, 1),
            "jump_run_track_deg_true": rounded(hour.jump_run_track_deg_true, 1),
            "aircraft_heading_deg_true": rounded(hour.aircraft_heading_deg_true, 1),
            "ground_speed_mps": rounded(hour.ground_speed_mps, 1),
            "exit_wind_from_deg": rounded(hour.exit_wind_from_deg, 0),
            "exit_wind_speed_mps": rounded(hour.exit_wind_speed_mps, 1),
        }
        for hour in plan.sweep
    ]


def _scenario_items(plan: Plan) -> dict[str, Any]:
    """The plan's site, light band, altitudes, jumpers and aircraft."""
    scenario = plan.scenario
    site = scenario.site
    band = scenario.band
    zone = plan.timezone
    preset = scenario.aircraft.preset
    return {
        "site": {
            "name": site.name,
            "lat": site.latitude_deg,
            "lon": site.longitude_deg,
            "ground_elevation_m": site.ground_elevation_m,
        },
        "local_timezone": zone,
        "light_band": {
            "name": band.name,
            "lower_deg": band.lower_deg,
            "upper_deg": band.upper_deg,
            "lower_lux": getattr(band, "lower_lux", None),
            "upper_lux": getattr(band, "upper_lux", None),
            "judge_at": scenario.judge_at,
            "horizon": scenario.horizon,
        },
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
                "cda_m2": rounded(trajectory.cda_m2, 4),
                "deploy_altitude_m": rounded(scenario.deploy_altitude_of(jumper), 1),
                "exit_delay_s": rounded(delay, 3),
                "freefall_duration_s": rounded(trajectory.freefall_duration_s, 1),
                "max_speed_mps": rounded(trajectory.max_speed_mps, 1),
                "landing_time_s": rounded(trajectory.landing_time_s, 1),
            }
            for jumper, trajectory, delay in zip(
                scenario.jumpers, plan.trajectories, plan.exit_delays_s, strict=True
            )
        ],
        "aircraft": {
            "type": scenario.aircraft.type,
            "name": preset.name,
            "indicated_airspeed_mps": rounded(preset.jump_run_ias_mps, 2),
            "true_airspeed_mps": rounded(plan.jump_run.airspeed_mps, 2),
            "heading_deg": round(plan.release.jump_run_track_deg_true, 1),
            "service_ceiling_m": rounded(preset.service_ceiling_m, 0),
        },
    }


def _exposure_items(plan: Plan) -> dict[str, Any]:
    """The time above each warning altitude and the second lift's earliest exit."""
    return {
        "time_above_ft_s": {}
        if plan.timeline is None
        else {
            str(round(metres / FOOT_M)): rounded(s, 0)
            for metres, s in plan.timeline.exposure_s.items()
        },
        "second_attempt_exit_utc": None
        if plan.timeline is None
        else iso_utc(plan.timeline.second_attempt_utc_s),
    }


def plan_to_dict(plan: Plan, units: UnitSystem = AVIATION) -> dict[str, Any]:
    """The plan as a JSON-ready dict, validated against :class:`PlanOut`: SI numbers,
    with the words of checks, events and notices in ``units``."""
    scenario = plan.scenario
    lead = plan.trajectory
    zone = plan.timezone
    data = {
        "duskfall_version": __version__,
        "date": scenario.date.isoformat(),
        "at": scenario.at,
        **_scenario_items(plan),
        "sunset_ground_utc": iso_utc(plan.sunset_ground_utc_s),
        "sunset_exit_altitude_utc": iso_utc(plan.sunset_exit_utc_s),
        "light_window": window_to_dict(plan.light_window),
        **_light_levels(plan),
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
        **_exposure_items(plan),
        "release": {
            key: value
            for key, value in release_to_dict(plan.release, plan.dispersion, units).items()
            if key != "duskfall_version"
        },
        "checks": _checks(plan, units),
        "sun": _sun(plan),
        "light_at_positions": _positions(plan),
        "formation": _formation(plan),
        "wind": _wind(plan),
        "wind_sweep": _sweep(plan),
        "disclaimer": DISCLAIMER,
        "warnings": [notice_to_dict(n, units) for n in plan.notices],
    }
    return PlanOut.model_validate(data).model_dump(mode="json")
