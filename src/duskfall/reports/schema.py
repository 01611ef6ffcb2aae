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
    lower_deg: float | None = Field(description="Lowest Sun elevation above the visible horizon")
    upper_deg: float | None = Field(description="Highest Sun elevation above the visible horizon")


class JumperOut(_Out):
    name: str
    mass_kg: float
    posture: str
    cda_m2: float | None
    deploy_altitude_m: float
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
    bearing_deg: float = Field(description="Bearing from the target [deg true]")


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
    light_window: WindowOut | None = Field(description="The light band at the exit altitude")
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
    disclaimer: str
    warnings: list[NoticeOut] = Field(description="What the team should know, one per fact")
