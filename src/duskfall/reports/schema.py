"""The JSON output of ``duskfall plan`` as pydantic models: one source for the output
and for its JSON Schema (``docs/plan.schema.json``).

Keys carry their unit (``_m``, ``_s``, ``_mps``, ``_deg``); every altitude is metres
above mean sea level unless the key says ``_agl``; times are ISO-8601 strings, UTC
ending in ``Z`` (``_utc``) or local with their offset (``_local``); ``null`` where an
event does not happen that day.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WindowOut(_Out):
    start_utc: str | None = Field(description="Opening, or null if it has no edge that day")
    end_utc: str | None = Field(description="Closing, or null if it has no edge that day")
    duration_s: float | None = Field(description="Length [s], null if an edge is open")


class SiteOut(_Out):
    name: str
    lat: float = Field(description="Latitude [deg, north positive]")
    lon: float = Field(description="Longitude [deg, east positive]")
    ground_elevation_m: float = Field(description="Ground elevation [m MSL]")


class BandOut(_Out):
    name: str
    lower_deg: float | None = Field(description="Lowest Sun elevation on the band scale")
    upper_deg: float | None = Field(description="Highest Sun elevation on the band scale")
    lower_lux: float | None = Field(None, description="A brightness band's darker limit [lux]")
    upper_lux: float | None = Field(None, description="A brightness band's brighter limit [lux]")
    judge_at: str = Field("jumper", description="Where the light is judged: jumper, exit, ground")
    horizon: str = Field("visible", description="Elevations from the visible horizon or not")


class JumperOut(_Out):
    name: str
    mass_kg: float
    posture: str
    cda_m2: float = Field(
        description="The drag area the fall used [m2]: the one given, else the posture's for "
        "the mass"
    )
    deploy_altitude_m: float
    exit_delay_s: float = Field(description="Exit after the green light [s]")
    freefall_duration_s: float
    max_speed_mps: float = Field(description="Peak fall rate (vertical speed) [m/s]")
    landing_time_s: float = Field(description="Exit to touchdown [s]")


class AircraftOut(_Out):
    type: str
    name: str
    indicated_airspeed_mps: float = Field(description="Jump-run indicated airspeed [m/s]")
    true_airspeed_mps: float = Field(description="Jump-run true airspeed at exit [m/s]")
    heading_deg: float = Field(
        description="Jump-run ground track [deg true] (into the wind at exit unless given)"
    )
    service_ceiling_m: float


class EventOut(_Out):
    event: str = Field(description="The event, worded (e.g. passing 10,000 ft)")
    code: str = Field(description="Stable code of the event (takeoff, passing, ...)")
    time_utc: str
    time_local: str
    altitude_m: float | None
    detail: str


class NoticeOut(_Out):
    code: str = Field(description="Stable code of the fact (docs/errors.md lists them)")
    severity: Literal["pass", "info", "warn", "fail"]
    subject: str | None = Field(description="Whom it concerns (a jumper), or null")
    message: str = Field(description="The fact in words, in the report's units")
    values: dict = Field(description="The numbers behind it, SI with unit-suffixed keys")
    source: str


class CheckOut(_Out):
    name: str
    code: str
    status: Literal["pass", "warn", "fail"]
    detail: str = Field(description="The check in words, in the report's units")
    values: dict = Field(description="The numbers behind it, SI with unit-suffixed keys")
    source: str


class SuggestionOut(_Out):
    code: str = Field(description="shorter-action, posture, dates or no-date")
    text: str
    values: dict


class PointOut(_Out):
    lat: float
    lon: float
    distance_m: float = Field(description="Distance from the target [m]")
    bearing_deg: float = Field(
        description="Bearing from the target [deg true]; 0 for a point within 1 mm of it"
    )


class EllipseOut(_Out):
    semi_major_m: float
    semi_minor_m: float
    orientation_deg: float = Field(description="Major axis [deg true]")
    center_east_m: float
    center_north_m: float


class ReleaseOut(BaseModel):
    """The release point (the same object as ``duskfall release --format json``)."""

    model_config = ConfigDict(extra="allow")
    warnings: list[NoticeOut]
    release_point: PointOut = Field(description="Where the aircraft must be at exit")
    jump_run_heading_deg_true: float
    jump_run_heading_deg_magnetic: float | None
    green_light: PointOut | None
    red_light: PointOut | None
    landing_ellipse_95: EllipseOut | None
    deploy_ellipse_95: EllipseOut | None
    p_land_within_radius: float | None
    p_action_in_light: float | None


class SunAtOut(_Out):
    time_utc: str
    azimuth_deg_true: float = Field(description="The Sun's azimuth [deg true]")
    elevation_deg: float = Field(
        description="Geometric elevation above the astronomical horizontal [deg]"
    )
    elevation_above_horizon_deg: float = Field(
        description="Above the jumper's own visible horizon (the light bands' scale) [deg]"
    )
    relative_to_jump_run_deg: float = Field(
        description="Bearing from the jump run's track, -180 to 180, positive to the right"
    )
    side: Literal["ahead", "right", "behind", "left"] = Field(
        description="The 90-degree quarter of the jump run the Sun is in"
    )
    clock: int = Field(description="12-hour clock position from the jump run (12 ahead)")


class CameraAtOut(_Out):
    time_utc: str
    sun_to_line_of_sight_deg: float | None = Field(
        description="Angle between the Sun and the camera's line of sight [deg]"
    )
    phase_angle_deg: float | None = Field(
        description="At the performer, between the Sun and the camera [deg]"
    )
    lighting: Literal["front-lit", "side-lit", "back-lit", "in shadow"] | None = Field(
        description="front-lit: phase angle up to 45 deg; back-lit: from 135 deg; in shadow: "
        "the Sun below the performer's visible horizon"
    )
    sun_in_frame: bool | None = Field(description="null without a field of view")


class CameraOut(_Out):
    line_of_sight: Literal["flyer", "heading"] = Field(
        description="From the camera flyer to the performer, or level along a heading"
    )
    subject: str
    flyer: str | None
    heading_deg_true: float | None
    field_of_view_deg: float | None = Field(description="Horizontal, on a 16:9 frame")
    exit: CameraAtOut = Field(description="The first instant of the shot")
    action_end: CameraAtOut = Field(description="The last instant of the shot")
    front_lit_s: float
    side_lit_s: float
    back_lit_s: float
    in_shadow_s: float = Field(
        description="The Sun below the performer's visible horizon: no side lit by it"
    )
    sun_in_frame_s: float | None = Field(description="null without a field of view")
    first_in_frame_utc: str | None
    last_in_frame_utc: str | None


class SunOut(_Out):
    jump_run_track_deg_true: float
    exit: SunAtOut = Field(description="At the lead jumper's exit")
    action_end: SunAtOut = Field(description="At the end of the lead jumper's action")
    deployment: SunAtOut = Field(description="At the lead jumper's deployment")
    camera: CameraOut | None = Field(description="null without a camera flyer or heading")


class PlaceLightOut(_Out):
    name: str
    exit_shift_s: float = Field(
        description="The light at the real exit point is the target's this much later [s]"
    )
    action_end_shift_s: float
    largest_shift_s: float


class AircraftLightOut(_Out):
    red_light_shift_s: float = Field(
        description="At the stand-by red light (the jump run's start, the scenario's "
        "aircraft jump_run before the green light: 2 min by default) the aircraft's light is "
        "the green-light point's this much later [s]"
    )
    sun_rate_deg_per_min: float = Field(description="The Sun's rate seen from the aircraft")
    fixed_sun_rate_deg_per_min: float = Field(description="The same from a fixed point")
    rate_change_fraction: float = Field(
        description="own / fixed - 1: negative when the aircraft slows its own sunset"
    )


class PositionLightOut(_Out):
    """The light at the jumpers' and the aircraft's own latitude and longitude."""

    opening_shift_s: float = Field(
        description="The exit window opens this much earlier at the real positions [s]"
    )
    closing_shift_s: float = Field(
        description="The exit window closes this much earlier at the real positions [s]"
    )
    exit_window_at_positions: WindowOut | None
    jumpers: list[PlaceLightOut]
    aircraft: AircraftLightOut


class FormationOut(_Out):
    """The camera flyer and the performer. Times are seconds after the green light;
    vertical separations are the camera flyer's altitude less the performer's."""

    subject: str = Field(description="The performer (filmed)")
    flyer: str = Field(description="The camera flyer")
    exit_separation_s: float = Field(description="The flyer's exit less the performer's [s]")
    exit_separation_m: float = Field(description="Apart along the jump run at exit [m]")
    faster: str | None
    slower: str | None
    together: bool = Field(description="Both in free fall at some instant")
    closest_approach_m: float | None
    closest_approach_time_s: float | None
    closest_approach_altitude_m: float | None
    meet_time_s: float | None = Field(description="Level (altitudes equal) [s]")
    meet_time_utc: str | None
    meet_altitude_m: float | None
    meet_horizontal_separation_m: float | None
    closing_distance_m: float
    closing_time_s: float | None = Field(
        description="First within the closing distance vertically [s]"
    )
    closing_altitude_m: float | None = Field(description="The faster jumper's altitude then")
    within_closing_distance_s: float
    action_end_time_s: float = Field(
        description="The performer's end of the action, or the camera flyer's deployment "
        "if that comes first [s]"
    )
    vertical_separation_at_action_end_m: float | None
    horizontal_separation_at_action_end_m: float | None
    separation_limit_m: float
    limit_passed_time_s: float | None = Field(
        description="The vertical separation grows past the limit before the action ends"
    )
    limit_passed_altitude_m: float | None
    requested_meet_altitude_m: float | None
    slower_level_cda_m2: float | None = Field(
        description="Drag area for the slower to fall as the faster"
    )
    slower_level_posture: str | None
    faster_level_cda_m2: float | None
    faster_level_posture: str | None


class WindOut(_Out):
    source: str | None = Field(description="Where the winds come from; null for calm air")
    summary: str = Field(description="The same in words")
    time_utc: str | None = Field(description="The time the winds are taken at: the exit")
    valid_times_utc: list[str] = Field(
        description="The valid time(s) used: the two forecast hours around the exit "
        "(interpolated linearly in time), or a single profile's valid time"
    )
    later_hour_weight: float | None = Field(
        description="With two valid times: the share of the later one (0-1)"
    )
    held: bool = Field(description="The exit is outside the forecast's hours: nearest held")
    model_run_utc: str | None = Field(description="The model run (reference time), if given")
    age_s: float | None = Field(
        description="Exit minus the model run (or minus the valid time of a source without "
        "one, such as a sounding) [s]"
    )
    age_from: Literal["model-run", "valid-time"] | None
    valid_from_utc: str | None = Field(description="Start of the period the winds are for")
    valid_to_utc: str | None = Field(description="End of the period the winds are for")
    forecast_hours: int = Field(description="Hours of an hourly forecast (0 otherwise)")
    temperature: bool = Field(description="The source gives air temperatures (cold check)")
    cloud_cover: bool = Field(description="The source gives cloud cover (cloud clearance)")


class SweepHourOut(_Out):
    time_utc: str = Field(description="The forecast hour, taken as the exit time")
    time_local: str
    release_point: PointOut = Field(description="Where the aircraft must be at exit")
    freefall_drift_m: float = Field(
        description="Exit to deployment over the ground [m] (forward throw and wind drift)"
    )
    freefall_drift_bearing_deg: float = Field(description="Its direction [deg true, toward]")
    jump_run_track_deg_true: float
    aircraft_heading_deg_true: float
    ground_speed_mps: float
    exit_wind_from_deg: float = Field(description="Wind at the exit altitude, FROM [deg true]")
    exit_wind_speed_mps: float


class PlanOut(_Out):
    """The output of ``duskfall plan --format json``."""

    duskfall_version: str
    date: str = Field(description="Local date of the attempt, YYYY-MM-DD")
    at: Literal["dusk", "dawn"]
    site: SiteOut
    local_timezone: str = Field(description="IANA time zone of the site")
    light_band: BandOut
    exit_altitude_m: float
    deploy_altitude_m: float
    deploy_altitude_agl_m: float
    action_end_altitude_m: float
    jumpers: list[JumperOut]
    aircraft: AircraftOut
    sunset_ground_utc: str | None = Field(
        description="Upper limb on the visible horizon at the ground (dawn: sunrise)"
    )
    sunset_exit_altitude_utc: str | None = Field(
        description="The same for an observer at the exit altitude"
    )
    light_window: WindowOut | None = Field(
        description="The light band at the exit altitude (on the ground when judged there)"
    )
    illuminance_exit_lux: float | None = Field(
        description="Sun and clear sky on a horizontal surface at exit, where the light is "
        "judged [lux]; null without an exit or below astronomical twilight"
    )
    illuminance_action_end_lux: float | None = Field(
        description="The same at the end of the action [lux]"
    )
    ev100_exit: float | None = Field(description="Exposure value at ISO 100 at exit")
    ev100_action_end: float | None = Field(description="The same at the end of the action")
    exposure_swing_stops: float | None = Field(
        description="Exposure change from exit to the action's end [stops]; negative at dusk"
    )
    illuminance_uncertainty_stops: float | None = Field(
        description="How far a clear sky may lie from the model, either way [stops]"
    )
    fits: bool = Field(description="The whole action fits inside the light band")
    go: bool = Field(description="No check failed")
    exit_window: WindowOut | None = Field(
        description="Exit times that keep every jumper's whole action in the band"
    )
    exit_time_utc: str | None
    exit_time_local: str | None
    takeoff_time_utc: str | None
    action_duration_s: float
    slack_s: float | None
    slack_before_s: float | None
    slack_after_s: float | None
    shortfall_s: float | None = Field(description="When it does not fit: by how much [s]")
    suggestions: list[SuggestionOut]
    freefall_duration_s: float
    max_speed_mps: float = Field(description="Peak fall rate of the lead jumper [m/s]")
    max_speed_altitude_m: float
    max_speed_time_s: float
    max_airspeed_mps: float = Field(description="Peak speed through the air [m/s]")
    landing_time_s: float
    timeline: list[EventOut]
    time_above_ft_s: dict[str, float] = Field(
        description="Jumpers' time above 10,000, 15,000 and 18,000 ft (cabin altitude) [s]"
    )
    second_attempt_exit_utc: str | None = Field(
        description="Earliest exit of a second lift (land, turn around, climb back)"
    )
    release: ReleaseOut = Field(description="Release point, jump run and landing dispersion")
    checks: list[CheckOut]
    sun: SunOut | None = Field(description="The Sun against the jump run and the camera")
    light_at_positions: PositionLightOut | None
    formation: FormationOut | None = Field(description="null with one jumper")
    wind: WindOut = Field(description="The winds the plan used: source, valid time, age")
    wind_sweep: list[SweepHourOut] | None = Field(
        description="With --sweep-hours: the spot at each forecast hour of the half day"
    )
    disclaimer: str
    warnings: list[NoticeOut] = Field(description="What the team should know, one per fact")
