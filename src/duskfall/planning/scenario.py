"""The scenario: everything a plan needs, validated, in SI units.

Scenario files and command-line options are converted to this model at the edges
(:mod:`duskfall.io.scenario`, :mod:`duskfall.cli`). Altitudes are metres above mean sea
level; times are POSIX seconds UTC; angles are degrees; speeds m/s.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from duskfall import atmosphere, fall, light, timeutil
from duskfall.constants import FOOT_M, KNOT_MPS
from duskfall.errors import InconsistentInputError, InputError, describe_range
from duskfall.light import HORIZONS, JUDGE_AT, LightBand
from duskfall.planning.aircraft import AIRCRAFT, AircraftType, BandClimb
from duskfall.release import MAX_MEMBERS, MEMBERS_ALLOWED, MIN_MEMBERS
from duskfall.winds import MAX_WIND_SPEED_MPS, LayeredWind


def _allowed(text: str) -> dict[str, Any]:
    return {"json_schema_extra": {"allowed": text}}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


MAX_EXIT_DELAY_S = 300.0
"""Longest exit delay after the green light [s]: longer than any free fall ever made (Red
Bull Stratos 2012 fell 260 s from 38,969 m; see :data:`duskfall.fall.POSTURES`), so a
longer one cannot put two jumpers in the same free fall."""

CLOSING_DISTANCE_M = 10 * FOOT_M
"""Default distance [m] at which the faster jumper is said to have closed on the other
(:class:`FormationSettings`): 10 ft (3.05 m), about two body lengths, the range of a close
shot."""

SEPARATION_LIMIT_M = 100 * FOOT_M
"""Default vertical separation [m] past which the camera flyer has lost the performer
(:class:`FormationSettings`): 100 ft (30.5 m). The rationale is the lens: at 30 m a falling body
1.8 m long spans 3.4 degrees, under a twentieth of a 70-degree frame; and a camera flyer
who has let the subject fall (or float) that far away cannot close the gap by a change
of posture within the few seconds a shot lasts (belly and head-down fall rates differ by
20 m/s at sea level, :data:`duskfall.fall.POSTURES`)."""


class Site(_Model):
    """Where the jumper lands and the light is judged."""

    name: str = "unnamed site"
    latitude_deg: float = Field(ge=-90, le=90, **_allowed("-90 to 90 degrees"))
    longitude_deg: float = Field(ge=-180, lt=360, **_allowed("-180 to 360 (exclusive) degrees"))
    ground_elevation_m: float = Field(0.0, ge=-500, le=9000, **_allowed("-500 m to 9000 m MSL"))


class Jumper(_Model):
    """A jumper with equipment."""

    name: str = "jumper"
    mass_kg: float = Field(
        gt=0,
        le=fall.MAX_MASS_KG,
        **_allowed(describe_range(0, fall.MAX_MASS_KG, low_inclusive=False, unit="kg")),
    )
    posture: str = Field("belly", **_allowed(", ".join(fall.POSTURES)))
    cda_m2: float | None = Field(
        None,
        gt=0,
        le=fall.MAX_CDA_M2,
        **_allowed(
            describe_range(0, fall.MAX_CDA_M2, low_inclusive=False, unit="m2") + ", or unset"
        ),
    )
    deploy_altitude_m: float | None = Field(
        None, **_allowed("above the ground and below the exit, or unset for the scenario's")
    )
    exit_delay_s: float = Field(
        0.0,
        ge=0,
        le=MAX_EXIT_DELAY_S,
        **_allowed(f"0 to {MAX_EXIT_DELAY_S:g} s after the green light"),
    )
    """When this jumper leaves after the green light [s]; the aircraft has flown on along
    the jump run meanwhile (at least one jumper leaves at the green light)."""

    @field_validator("posture")
    @classmethod
    def _known_posture(cls, value: str) -> str:
        if value not in fall.POSTURES:
            raise ValueError("unknown posture")
        return value


class Camera(_Model):
    """Who carries the camera and where it looks."""

    flyer: str | None = Field(
        None,
        **_allowed("the name of one of the jumpers, or unset for the second jumper"),
    )
    """The jumper who carries the camera; by default the second jumper (with two or more)."""
    heading_deg: float | None = Field(
        None,
        ge=0,
        le=360,
        **_allowed(
            "0 to 360 degrees true, or unset for the line from the camera flyer to the performer"
        ),
    )
    """A fixed, level line of sight [deg true]; None: from the camera flyer to the
    performer (the first other jumper)."""
    field_of_view_deg: float | None = Field(
        None,
        gt=0,
        lt=180,
        **_allowed("more than 0 and less than 180 degrees (horizontal), or unset"),
    )
    """The lens's horizontal field of view [deg]; None: no in-frame figures."""


class FormationSettings(_Model):
    """The camera flyer and the performer in free fall together."""

    meet_altitude_m: float | None = Field(
        None,
        **_allowed(
            "an altitude in the free fall of both jumpers (below the exit, at or above "
            "their deployment), or unset"
        ),
    )
    """Where the two should be level [m MSL]; the plan then works out the exit separation
    (the faster leaves that long after the slower)."""
    closing_distance_m: float = Field(
        CLOSING_DISTANCE_M, gt=0, le=1000, **_allowed("more than 0 m, at most 1000 m")
    )
    separation_limit_m: float = Field(
        SEPARATION_LIMIT_M, gt=0, le=10_000, **_allowed("more than 0 m, at most 10000 m")
    )


class Aircraft(_Model):
    """The jump aircraft: a preset type, optionally with the operator's own figures."""

    type: str = Field("C-17A", **_allowed(", ".join(AIRCRAFT)))
    indicated_airspeed_mps: float | None = Field(
        None, ge=0, le=200, **_allowed("0 (balloon) to 200 m/s (389 kt), or unset for the type's")
    )
    true_airspeed_mps: float | None = Field(
        None, ge=0, le=300, **_allowed("0 to 300 m/s, or unset to derive it from the indicated")
    )
    heading_deg: float | None = Field(
        None,
        ge=0,
        le=360,
        **_allowed("0 to 360 degrees true, or unset for into the wind at the exit altitude"),
    )
    """Ground track of the jump run [deg true]; None: into the wind at the exit altitude."""
    climb: tuple[tuple[float, float], ...] | None = Field(
        None, **_allowed("bands of (top altitude m MSL, climb rate m/s), tops increasing")
    )
    service_ceiling_m: float | None = Field(None, gt=0, **_allowed("a positive altitude in m"))
    level_off_before_exit_s: float = Field(
        600.0, ge=0, le=7200, **_allowed("0 to 7200 s between level-off and exit")
    )
    jump_run_s: float = Field(
        120.0, ge=0, le=1800, **_allowed("0 to 1800 s of jump run before the green light")
    )
    turnaround_s: float = Field(
        1800.0, ge=0, le=86_400, **_allowed("0 to 86400 s on the ground between two lifts")
    )

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in AIRCRAFT:
            raise ValueError("unknown aircraft type")
        return value

    @property
    def preset(self) -> AircraftType:
        """The aircraft type, with the operator's climb figures if given."""
        base = AIRCRAFT[self.type]
        climb = base.climb
        if self.climb is not None:
            climb = BandClimb(self.climb, self.service_ceiling_m or self.climb[-1][0])
        elif self.service_ceiling_m is not None:
            climb = type(climb)(climb.sea_level_rate_mps, self.service_ceiling_m)
        return AircraftType(
            base.name,
            climb,
            base.jump_run_ias_mps
            if self.indicated_airspeed_mps is None
            else self.indicated_airspeed_mps,
            base.pressurized,
            base.descent_rate_mps,
            base.source,
        )

    @property
    def name(self) -> str:
        """Display name of the aircraft type."""
        return AIRCRAFT[self.type].name


class WindLevel(_Model):
    """One level of a wind table: direction FROM [deg true] and speed [m/s]."""

    altitude_m: float = Field(**_allowed("an altitude in m MSL"))
    direction_from_deg: float = Field(ge=0, le=360, **_allowed("0 to 360 degrees true"))
    speed_mps: float = Field(
        ge=0, le=MAX_WIND_SPEED_MPS, **_allowed(f"0 to {MAX_WIND_SPEED_MPS:.0f} m/s")
    )


class Scenario(_Model):
    """Everything a plan needs, validated. Altitudes are MSL [m]."""

    site: Site
    date: dt.date = Field(**_allowed("a date YYYY-MM-DD from 1950-01-01 to 2100-12-31"))
    at: Literal["dusk", "dawn"] = Field("dusk", **_allowed("dusk or dawn"))
    search_start_utc_s: float | None = Field(
        None, **_allowed("an aware date-time before the end of the search")
    )
    search_end_utc_s: float | None = Field(
        None, **_allowed("an aware date-time after the start of the search")
    )
    light: str = Field("lowsun", **_allowed(light.LIGHT_FORMS))
    judge_at: Literal["jumper", "exit", "ground"] = Field("jumper", **_allowed(", ".join(JUDGE_AT)))
    """Where the light is judged (:func:`duskfall.light.judged_action`)."""
    horizon: Literal["visible", "astronomical"] = Field(
        "visible", **_allowed(" or ".join(HORIZONS))
    )
    """What the band's elevations are measured from."""
    pick: Literal["middle", "earliest", "latest"] = Field(
        "middle", **_allowed("middle, earliest or latest")
    )
    min_slack_s: float = Field(
        60.0, ge=0, le=3600, **_allowed("0 to 3600 s of slack wanted on each side of the exit")
    )
    exit_altitude_m: float = Field(
        gt=0, le=atmosphere.MAX_ALTITUDE_M, **_allowed("0 to 81020 m MSL")
    )
    deploy_altitude_m: float = Field(
        gt=-500, le=atmosphere.MAX_ALTITUDE_M, **_allowed("above the ground, below the exit")
    )
    action_end_altitude_m: float | None = Field(
        None, **_allowed("between the exit and deployment altitudes, or unset for deployment")
    )
    jumpers: tuple[Jumper, ...] = Field(min_length=1, **_allowed("one or more jumpers"))
    aircraft: Aircraft = Aircraft()
    winds: tuple[WindLevel, ...] | None = Field(
        None, **_allowed("levels with increasing altitude, or unset for calm")
    )
    wind_file: str | None = Field(
        None,
        min_length=1,
        **_allowed("the path of a wind file (duskfall.io.windfile reads it), or unset"),
    )
    """A wind file (a sounding, an FB forecast, an Open-Meteo response, a table, a gridded
    forecast) the plan's winds come from; read at the edges with
    :func:`duskfall.io.windfile.read_wind_file` and given to the plan as its ``wind_at``,
    never by the scenario itself."""
    wind_station: str | None = Field(
        None, min_length=1, **_allowed("a station of the wind file's FB product, or unset")
    )
    """The station of a multi-station FB product (``ABI``)."""
    members: int = Field(
        1000,
        ge=0,
        le=MAX_MEMBERS,
        **_allowed(MEMBERS_ALLOWED),
    )
    seed: int = Field(0, ge=0, **_allowed("a non-negative integer"))
    landing_radius_m: float = Field(
        100.0, gt=0, le=10_000, **_allowed(describe_range(0, 10_000, low_inclusive=False, unit="m"))
    )
    camera: Camera = Camera()
    formation: FormationSettings = FormationSettings()

    @field_validator("date")
    @classmethod
    def _date_range(cls, value: dt.date) -> dt.date:
        return timeutil.parse_date(value)

    @field_validator("members")
    @classmethod
    def _members(cls, value: int) -> int:
        if 0 < value < MIN_MEMBERS:
            raise ValueError(f"fewer than {MIN_MEMBERS} members make no statistics")
        return value

    @field_validator("light")
    @classmethod
    def _band(cls, value: str) -> str:
        light.light_band(value)
        return value

    @property
    def band(self) -> LightBand | light.BrightnessBand:
        """The light band object (a brightness band keeps its lux)."""
        return light.light_band(self.light)

    def action(self, trajectory: fall.Trajectory, end_altitude_m: float | None = None):
        """A jumper's action: from exit to ``end_altitude_m`` (default the scenario's
        action end, else the deployment), the light judged where the scenario says
        (:attr:`judge_at`, :attr:`horizon`)."""
        end = self.action_end_altitude_m if end_altitude_m is None else end_altitude_m
        times, altitudes = trajectory.action_segment(end)
        ground = self.site.ground_elevation_m
        return light.judged_action(times, altitudes, ground, self.judge_at, self.horizon)

    @property
    def jumper(self) -> Jumper:
        """The first (lead) jumper."""
        return self.jumpers[0]

    @property
    def pair(self) -> tuple[int, int] | None:
        """(performer, camera flyer): indices in :attr:`jumpers` of the jumper filmed and
        of the one who carries the camera, or None with a single jumper.

        The camera flyer is ``camera.flyer`` or the second jumper; the performer is the
        first other jumper.
        """
        if len(self.jumpers) < 2:
            return None
        names = [jumper.name for jumper in self.jumpers]
        flyer = 1 if self.camera.flyer is None else names.index(self.camera.flyer)
        subject = next(i for i in range(len(names)) if i != flyer)
        return subject, flyer

    def jump_run_true_airspeed_mps(self) -> float:
        """True airspeed on jump run at the exit altitude [m/s]: as given, or from the
        indicated airspeed and the standard atmosphere."""
        if self.aircraft.true_airspeed_mps is not None:
            return self.aircraft.true_airspeed_mps
        return atmosphere.true_airspeed_mps(
            self.aircraft.preset.jump_run_ias_mps, self.exit_altitude_m
        )

    def deploy_altitude_of(self, jumper: Jumper) -> float:
        """A jumper's deployment altitude [m MSL]: their own, or the scenario's."""
        return jumper.deploy_altitude_m or self.deploy_altitude_m

    @property
    def timezone(self) -> str:
        """IANA time zone of the site (found offline from its coordinates)."""
        return timeutil.timezone_name(self.site.latitude_deg, self.site.longitude_deg)

    def half_day(self, date: dt.date | None = None) -> timeutil.HalfDay:
        """The evening (or morning) of the scenario's local date (or ``date``) at the site."""
        return timeutil.half_day(date or self.date, self.site.longitude_deg, self.timezone, self.at)

    def jump_of(
        self,
        jumper: Jumper,
        *,
        exit_time_utc_s: float | None = None,
        heading_deg: float = 0.0,
        wind=None,
        posture: str | None = None,
    ) -> fall.Jump:
        """The :class:`duskfall.fall.Jump` of one jumper of the scenario.

        Parameters
        ----------
        jumper
            One of :attr:`jumpers`.
        exit_time_utc_s
            Exit time [POSIX s] (time-dependent winds, the declination), or None.
        heading_deg
            Aircraft heading through the air at exit [deg true].
        wind
            The wind profile (the scenario's own by default: :meth:`wind_profile`).
        posture
            Another body position than the jumper's (the drag area is then the
            posture's).
        """
        body = fall.Body(
            mass_kg=jumper.mass_kg,
            posture=posture or jumper.posture,
            cda_m2=jumper.cda_m2 if posture is None else None,
        )
        return fall.Jump(
            exit=fall.Exit(
                altitude_m=self.exit_altitude_m,
                airspeed_mps=self.jump_run_true_airspeed_mps(),
                heading_deg=heading_deg,
                time_utc_s=exit_time_utc_s,
            ),
            deploy_altitude_m=self.deploy_altitude_of(jumper),
            body=body,
            ground_elevation_m=self.site.ground_elevation_m,
            wind=self.wind_profile() if wind is None else wind,
        )

    def wind_profile(self) -> LayeredWind | None:
        """The scenario's wind table as a profile, or None for calm air.

        Raises
        ------
        InputError
            If the winds are in a file (:attr:`wind_file`): a file is read at the edges,
            and the scenario alone cannot say what is in it.
        """
        if self.wind_file is not None:
            raise InputError(
                "wind_file",
                self.wind_file,
                "the file's winds given to the plan: make_plan(scenario, wind_at=...) with "
                "duskfall.io.windfile.read_wind_file",
                "is a file the scenario does not read itself",
            )
        if not self.winds:
            return None
        return LayeredWind(
            tuple(level.altitude_m for level in self.winds),
            tuple(level.direction_from_deg for level in self.winds),
            tuple(level.speed_mps for level in self.winds),
            source="scenario wind table",
        )


def _field_allowed(model: type[BaseModel], loc: tuple) -> str:
    fallback = "see the scenario documentation"
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return fallback
        annotation = info.annotation
        nested = [
            a
            for a in getattr(annotation, "__args__", (annotation,))
            if isinstance(a, type) and issubclass(a, BaseModel)
        ]
        inner = [
            a
            for arg in getattr(annotation, "__args__", ())
            for a in getattr(arg, "__args__", ())
            if isinstance(a, type) and issubclass(a, BaseModel)
        ]
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
        elif nested or inner:
            model = (nested or inner)[0]
        else:
            extra = info.json_schema_extra or {}
            return str(extra.get("allowed", fallback))
    return fallback


def _check(condition: bool, field: str, value: float, allowed: str, problem: str) -> None:
    if not condition:
        raise InconsistentInputError(field, value, allowed, problem)


def make_scenario(data: dict[str, Any]) -> Scenario:
    """Validate a nested dict into a :class:`Scenario`.

    Raises
    ------
    InputError
        Naming the first bad field by its dotted path (``site.latitude_deg``), its value
        and what is allowed.
    """
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        loc = tuple(first["loc"])
        field = ".".join(str(p) for p in loc) or "scenario"
        if first["type"] == "extra_forbidden":
            raise InputError(
                field, first.get("input"), "the documented keys only", "is not a known key"
            ) from None
        if first["type"] == "missing":
            raise InputError(field, None, _field_allowed(Scenario, loc), "is missing") from None
        allowed = _field_allowed(Scenario, loc)
        problem = "is out of range" if "than" in first["msg"] else "is not allowed"
        cause = first.get("ctx", {}).get("error")
        if isinstance(cause, InputError):  # a validator's own check says what is wrong
            allowed, problem = cause.allowed, cause.problem
        raise InputError(field, first.get("input"), allowed, problem) from None

    scenario = _action_end_as_shown(scenario)
    _check_altitudes(scenario)
    _check_wind_file(scenario)
    _check_search_range(scenario)
    _check_airspeeds(scenario)
    _check_camera(scenario)
    _check_formation(scenario)
    return scenario


def _msl(metres: float) -> str:
    return f"{metres:,.0f} m ({metres / FOOT_M:,.0f} ft) MSL"


SHOWN_ALTITUDE_M = 0.5
"""How far below the deployment altitude an action's end may be written and be taken as
the deployment [m]: half a metre, the rounding of the altitude the messages show in
metres, and more than half a foot (the seed's 4,000 ft AGL over 50 m opens at 1,269.2 m,
4,164.04 ft MSL, and "1269m" or "4164ft" means it)."""


def _action_end_as_shown(scenario: Scenario) -> Scenario:
    """The scenario with an action's end written within :data:`SHOWN_ALTITUDE_M` below
    the (highest) deployment altitude moved up to it: the action ends at deployment."""
    end = scenario.action_end_altitude_m
    if end is None:
        return scenario
    highest = max(scenario.deploy_altitude_of(j) for j in scenario.jumpers)
    if highest - SHOWN_ALTITUDE_M <= end < highest:
        return scenario.model_copy(update={"action_end_altitude_m": highest})
    return scenario


def _check_altitudes(scenario: Scenario) -> None:
    """Ground < deployment < exit <= ceiling, the action's end inside the free fall."""
    ground = scenario.site.ground_elevation_m
    exit_m = scenario.exit_altitude_m
    for i, jumper in enumerate(scenario.jumpers):
        deploy = scenario.deploy_altitude_of(jumper)
        name = "deploy_altitude_m" if jumper.deploy_altitude_m is None else (
            f"jumpers.{i}.deploy_altitude_m"
        )  # fmt: skip
        _check(
            deploy > ground,
            name,
            deploy,
            f"above the ground elevation ({_msl(ground)})",
            "is at or below the ground",
        )
        if exit_m <= deploy:
            raise InconsistentInputError(
                "exit_altitude_m",
                exit_m,
                f"above the deployment altitude ({_msl(deploy)})",
                "is at or below the deployment altitude",
                others={
                    name: (
                        deploy,
                        f"below the exit altitude ({_msl(exit_m)})",
                        "is at or above the exit altitude",
                    )
                },
            )
    end = scenario.action_end_altitude_m
    if end is not None:
        highest_deploy = max(scenario.deploy_altitude_of(j) for j in scenario.jumpers)
        _check(
            highest_deploy <= end < exit_m,
            "action_end_altitude_m",
            end,
            f"from the deployment altitude ({_msl(highest_deploy)}) up to the exit "
            f"({_msl(exit_m)})",
            "is outside the free fall",
        )
    ceiling = scenario.aircraft.preset.service_ceiling_m
    settings = scenario.aircraft
    if settings.climb is not None and settings.service_ceiling_m is None:
        # The operator's climb figures end there: the ceiling is theirs, not the type's.
        limit = f"at most the top of the aircraft's climb bands ({_msl(ceiling)})"
    else:
        limit = f"at most the {settings.name}'s service ceiling ({_msl(ceiling)})"
    _check(exit_m <= ceiling, "exit_altitude_m", exit_m, limit, "is above the aircraft's ceiling")
    if scenario.winds:
        altitudes = [level.altitude_m for level in scenario.winds]
        _check(
            all(b > a for a, b in itertools.pairwise(altitudes)),
            "winds",
            altitudes[0],
            "levels in strictly increasing altitude",
            "are not in increasing altitude",
        )


def _check_wind_file(scenario: Scenario) -> None:
    """Winds from a table or from a file, not both; a station only with a file."""
    if scenario.wind_file is not None and scenario.winds:
        allowed = "either a wind table (winds.levels, --wind) or a wind file (winds.wind_file)"
        raise InconsistentInputError(
            "wind_file",
            scenario.wind_file,
            allowed,
            "is given with a wind table",
            others={"winds": ("(a table)", allowed, "is given with a wind file")},
        )
    if scenario.wind_station is not None and scenario.wind_file is None:
        raise InputError(
            "wind_station",
            scenario.wind_station,
            "a station of an FB product given as the wind file (winds.wind_file)",
            "is given without a wind file",
        )


def _check_search_range(scenario: Scenario) -> None:
    """A search range narrows the evening (or morning) of the scenario's date: it must
    have both ends, in order, and overlap that half day."""
    start, stop = scenario.search_start_utc_s, scenario.search_end_utc_s
    if (start is None) != (stop is None):
        missing = "search_end_utc_s" if stop is None else "search_start_utc_s"
        raise InputError(
            missing,
            None,
            "both a start and an end of the search (attempt.from and attempt.to), or neither",
            "is missing",
        )
    if start is None:
        return
    _check(
        stop > start,
        "search_end_utc_s",
        stop,
        "after the start of the search",
        "is not after the start",
    )
    half = scenario.half_day()
    if stop <= half.start_utc_s or start >= half.end_utc_s:
        allowed = (
            f"times overlapping the {scenario.at} of {scenario.date} at the site "
            f"({timeutil.iso_utc(half.start_utc_s)} to {timeutil.iso_utc(half.end_utc_s)})"
        )
        raise InconsistentInputError(
            "search_start_utc_s",
            timeutil.iso_utc(start),
            allowed,
            "lies on another half day than the date's",
            others={"date": (str(scenario.date), allowed, "is not the day of the search range")},
        )


AIRSPEED_AGREEMENT = 0.02
"""How far a given true airspeed may differ from the one derived from the indicated
airspeed (relative): 2 %, the difference between indicated, calibrated and equivalent
airspeed the model neglects at jump-run speeds (:func:`duskfall.atmosphere.true_airspeed_mps`)."""


def _check_airspeeds(scenario: Scenario) -> None:
    """An indicated and a true airspeed given together must describe the same speed."""
    aircraft = scenario.aircraft
    if aircraft.indicated_airspeed_mps is None or aircraft.true_airspeed_mps is None:
        return
    derived = atmosphere.true_airspeed_mps(
        aircraft.indicated_airspeed_mps, scenario.exit_altitude_m
    )
    if abs(aircraft.true_airspeed_mps - derived) > AIRSPEED_AGREEMENT * max(derived, 1.0):
        knots = derived / KNOT_MPS
        allowed = (
            f"within {AIRSPEED_AGREEMENT:.0%} of the true airspeed of the indicated one at "
            f"the exit altitude ({derived:.1f} m/s, {knots:.0f} kt), or only one of the two"
        )
        raise InconsistentInputError(
            "aircraft.true_airspeed_mps",
            aircraft.true_airspeed_mps,
            allowed,
            "contradicts the indicated airspeed",
            others={
                "aircraft.indicated_airspeed_mps": (
                    aircraft.indicated_airspeed_mps,
                    allowed,
                    "contradicts the true airspeed",
                )
            },
        )


def _check_camera(scenario: Scenario) -> None:
    """Jumpers named apart; a camera flyer among them; a field of view with a camera."""
    names = [jumper.name for jumper in scenario.jumpers]
    for i, name in enumerate(names):
        _check(
            name not in names[:i],
            f"jumpers.{i}.name",
            name,
            "a name no other jumper has (the timeline, the camera and the formation "
            "tell jumpers by their names)",
            "is already another jumper's",
        )
    camera = scenario.camera
    if camera.field_of_view_deg is not None and camera.heading_deg is None and len(names) < 2:
        raise InconsistentInputError(
            "camera.field_of_view_deg",
            camera.field_of_view_deg,
            "with a line of sight: a camera flyer (a second jumper) or a camera heading "
            "(camera.heading, --camera-heading)",
            "has no camera to frame (one jumper and no heading)",
        )
    flyer = camera.flyer
    if flyer is None:
        return
    if len(names) < 2:
        raise InconsistentInputError(
            "camera.flyer",
            flyer,
            "with two jumpers or more: a camera flyer and a performer",
            "names the only jumper",
        )
    _check(
        names.count(flyer) == 1,
        "camera.flyer",
        flyer,
        f"the name of exactly one jumper ({', '.join(names)})",
        "is not one jumper's name",
    )


def _check_formation(scenario: Scenario) -> None:
    delays = [jumper.exit_delay_s for jumper in scenario.jumpers]
    if min(delays) > 0:
        raise InconsistentInputError(
            "jumpers.0.exit_delay_s",
            delays[0],
            "at least one jumper leaving at the green light (an exit delay of 0 s)",
            "leaves every jumper in the aircraft at the green light",
        )
    meet = scenario.formation.meet_altitude_m
    if meet is None:
        return
    pair = scenario.pair
    if pair is None:
        raise InconsistentInputError(
            "formation.meet_altitude_m", meet, "with two jumpers or more", "needs a second jumper"
        )
    exit_m = scenario.exit_altitude_m
    lowest = max(scenario.deploy_altitude_of(scenario.jumpers[i]) for i in pair)
    _check(
        lowest <= meet < exit_m,
        "formation.meet_altitude_m",
        meet,
        f"in the free fall of both jumpers: from their deployment ({_msl(lowest)}) up to "
        f"the exit ({_msl(exit_m)}, not included)",
        "is outside the free fall",
    )
    for index in pair:
        _check(
            delays[index] == 0,
            f"jumpers.{index}.exit_delay_s",
            delays[index],
            "unset (0 s) when a meet altitude is given (formation.meet_at, --meet-at): the "
            "plan works out the exit separation",
            "is given together with a meet altitude",
        )


SEED_SCENARIO = make_scenario(
    {
        "site": {
            "name": "Desert drop zone near Abu Dhabi, UAE",
            "latitude_deg": 24.4,
            "longitude_deg": 54.6,
            "ground_elevation_m": 50.0,
        },
        "date": dt.date(2018, 3, 10),
        "at": "dusk",
        "light": "lowsun",
        "exit_altitude_m": 25_000 * FOOT_M,
        "deploy_altitude_m": 4_000 * FOOT_M + 50.0,
        "jumpers": [{"name": "performer", "mass_kg": 90.0, "posture": "belly"}],
        "aircraft": {
            "type": "C-17A",
            "indicated_airspeed_mps": 130 * KNOT_MPS,
            "heading_deg": 270.0,
        },
    }
)
"""The film shot: a HALO jump from 25,000 ft MSL at dusk over the UAE desert.

- Site 24.4 N, 54.6 E, ground 50 m MSL: open desert inland of Abu Dhabi, flat to the
  horizon (so the ground horizon is the true horizon).
- 2018-03-10: a March evening, clear and mild in the Gulf, sunset near 18:28 local.
- Exit 25,000 ft MSL; deployment at 4,000 ft AGL (the opening altitude of the seed).
- Jumper belly-to-earth, 90 kg with equipment (oxygen, rig, camera helmet).
- C-17-class aircraft at 130 KIAS on jump run (C-17 personnel airdrop speed is
  130-145 KCAS), heading 270 true.
- Light band ``lowsun``: from 6 deg above the jumper's visible horizon down to the last
  sliver of the disc, so the jumper is in direct, low sun for the whole free fall.
"""
