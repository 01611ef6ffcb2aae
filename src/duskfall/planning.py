"""The plan: when to exit so that the whole action happens in the chosen light.

A :class:`Scenario` (validated input) goes in, a :class:`Plan` (frozen result with its
warnings) comes out of :func:`make_plan`. The plan joins the fall (:mod:`duskfall.fall`)
and the light (:mod:`duskfall.light`): it simulates the jump, takes the action segment
(exit to deployment), and finds every exit time that keeps the whole segment inside the
light band on the evening (or morning) of the scenario's date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from duskfall import atmosphere, fall, light, timeutil
from duskfall.constants import FOOT_M, KNOT_MPS
from duskfall.errors import InconsistentInputError, InputError
from duskfall.fall import Trajectory
from duskfall.light import LightBand, Window


def _allowed(text: str) -> dict[str, Any]:
    return {"json_schema_extra": {"allowed": text}}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Site(_Model):
    """Where the jumper lands and the light is judged."""

    name: str = "unnamed site"
    latitude_deg: float = Field(ge=-90, le=90, **_allowed("-90 to 90 degrees"))
    longitude_deg: float = Field(ge=-180, lt=360, **_allowed("-180 to 360 (exclusive) degrees"))
    ground_elevation_m: float = Field(0.0, ge=-500, le=9000, **_allowed("-500 m to 9000 m MSL"))


class Jumper(_Model):
    """The jumper with equipment."""

    mass_kg: float = Field(gt=0, le=400, **_allowed("more than 0 kg, at most 400 kg"))
    posture: str = Field("belly", **_allowed(", ".join(fall.POSTURES)))
    cda_m2: float | None = Field(
        None, gt=0, le=10, **_allowed("more than 0 m^2, at most 10 m^2, or unset")
    )

    @field_validator("posture")
    @classmethod
    def _known_posture(cls, value: str) -> str:
        if value not in fall.POSTURES:
            raise ValueError("unknown posture")
        return value


class Aircraft(_Model):
    """The jump aircraft on jump run."""

    name: str = "aircraft"
    indicated_airspeed_mps: float = Field(
        ge=0, le=200, **_allowed("0 (balloon) to 200 m/s (389 kt)")
    )
    heading_deg: float = Field(0.0, ge=0, le=360, **_allowed("0 to 360 degrees true"))


class Scenario(_Model):
    """Everything a plan needs, validated. Altitudes are MSL [m]."""

    site: Site
    date: dt.date = Field(**_allowed("a date YYYY-MM-DD from 1950-01-01 to 2100-12-31"))
    exit_altitude_m: float = Field(
        gt=0, le=atmosphere.MAX_ALTITUDE_M, **_allowed("0 to 81020 m MSL")
    )
    deploy_altitude_m: float = Field(
        gt=-500, le=atmosphere.MAX_ALTITUDE_M, **_allowed("above the ground, below the exit")
    )
    jumper: Jumper
    aircraft: Aircraft
    light: str = Field(
        "lowsun", **_allowed(f"one of {', '.join(light.LIGHT_BANDS)} or LOW..HIGH in degrees")
    )
    at: Literal["dusk", "dawn"] = "dusk"

    @field_validator("date")
    @classmethod
    def _date_range(cls, value: dt.date) -> dt.date:
        return timeutil.parse_date(value)

    @field_validator("light")
    @classmethod
    def _band(cls, value: str) -> str:
        light.light_band(value)
        return value

    @property
    def band(self) -> LightBand:
        """The light band object."""
        return light.light_band(self.light)


def _field_allowed(model: type[BaseModel], loc: tuple) -> str:
    for part in loc:
        info = model.model_fields.get(part) if isinstance(part, str) else None
        if info is None:
            return "see the scenario documentation"
        extra = info.json_schema_extra or {}
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
            continue
        return str(extra.get("allowed", "see the scenario documentation"))
    return "see the scenario documentation"


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
        raise InputError(
            field,
            first.get("input"),
            _field_allowed(Scenario, loc),
            "is out of range" if "than" in first["msg"] else "is not allowed",
        ) from None
    if scenario.deploy_altitude_m <= scenario.site.ground_elevation_m:
        raise InconsistentInputError(
            "deploy_altitude_m",
            scenario.deploy_altitude_m,
            f"above the ground elevation ({scenario.site.ground_elevation_m:g} m MSL)",
            "is at or below the ground",
        )
    if scenario.exit_altitude_m <= scenario.deploy_altitude_m:
        raise InconsistentInputError(
            "exit_altitude_m",
            scenario.exit_altitude_m,
            f"above the deployment altitude ({scenario.deploy_altitude_m:g} m MSL)",
            "is at or below the deployment altitude",
        )
    return scenario


SEED_SCENARIO = make_scenario(
    {
        "site": {
            "name": "Desert drop zone near Abu Dhabi, UAE",
            "latitude_deg": 24.4,
            "longitude_deg": 54.6,
            "ground_elevation_m": 50.0,
        },
        "date": dt.date(2018, 3, 10),
        "exit_altitude_m": 25_000 * FOOT_M,
        "deploy_altitude_m": 4_000 * FOOT_M + 50.0,
        "jumper": {"mass_kg": 90.0, "posture": "belly"},
        "aircraft": {
            "name": "C-17A Globemaster III",
            "indicated_airspeed_mps": 130 * KNOT_MPS,
            "heading_deg": 270.0,
        },
        "light": "lowsun",
        "at": "dusk",
    }
)
"""The film shot: a HALO jump from 25,000 ft MSL at dusk over the UAE desert.

- Site 24.4 N, 54.6 E, ground 50 m MSL: open desert inland of Abu Dhabi, flat to the
  horizon (so the ground horizon is the true horizon).
- 2018-03-10: a March evening, clear and mild in the Gulf, sunset near 18:20 local.
- Exit 25,000 ft MSL; deployment at 4,000 ft AGL (the opening altitude of the seed).
- Jumper belly-to-earth, 90 kg with equipment (oxygen, rig, camera helmet).
- C-17-class aircraft at 130 KIAS on jump run (C-17 personnel airdrop speed is
  130-145 KCAS), heading 270 true.
- Light band ``lowsun``: from 6 deg above the jumper's visible horizon down to the last
  sliver of the disc, so the jumper is in direct, low sun for the whole free fall.
"""

OPEN_WINDOW_MARGIN_S = 120.0
"""When a window has no start inside the day (the band has no upper edge, e.g. ``sunlit``),
the plan exits this long [s] before the window closes."""


@dataclass(frozen=True)
class Plan:
    """A plan for one attempt: the exit window and the figures that justify it."""

    scenario: Scenario
    trajectory: Trajectory
    timezone: str
    """IANA time zone of the site."""
    sunset_ground_utc_s: float | None
    """Sunset (dawn: sunrise) at the ground [POSIX s], upper limb on the visible horizon."""
    sunset_exit_utc_s: float | None
    """The same for an observer at the exit altitude [POSIX s]."""
    light_window: Window | None
    """The light band at the exit altitude."""
    exit_window: Window | None
    """Exit times that keep the whole action inside the band; None if it does not fit."""
    exit_time_utc_s: float | None
    action_duration_s: float
    warnings: tuple[str, ...]

    @property
    def fits(self) -> bool:
        """True if the action fits in the light."""
        return self.exit_time_utc_s is not None

    @property
    def slack_s(self) -> float | None:
        """Freedom in the exit time [s]: the exit window's length."""
        return None if self.exit_window is None else self.exit_window.duration_s

    @property
    def slack_before_s(self) -> float | None:
        """Time from the window's opening to the planned exit [s]."""
        if self.exit_window is None or self.exit_window.start_utc_s is None:
            return None
        return self.exit_time_utc_s - self.exit_window.start_utc_s

    @property
    def slack_after_s(self) -> float | None:
        """Time from the planned exit to the window's closing [s]."""
        if self.exit_window is None or self.exit_window.end_utc_s is None:
            return None
        return self.exit_window.end_utc_s - self.exit_time_utc_s


def _pick_window(windows: list[Window], at: str) -> Window | None:
    closed = [w for w in windows if (w.end_utc_s if at == "dusk" else w.start_utc_s) is not None]
    if not closed:
        return windows[-1 if at == "dusk" else 0] if windows else None
    return closed[-1] if at == "dusk" else closed[0]


def make_plan(scenario: Scenario) -> Plan:
    """Plan one attempt: simulate the jump and find its exit window in the light band.

    Parameters
    ----------
    scenario
        A validated scenario (see :func:`make_scenario` and :data:`SEED_SCENARIO`).

    Returns
    -------
    Plan
        With ``exit_window`` None and a warning when the action does not fit.

    Examples
    --------
    >>> plan = make_plan(SEED_SCENARIO)
    >>> plan.fits
    True
    """
    site = scenario.site
    tas = atmosphere.true_airspeed_mps(
        scenario.aircraft.indicated_airspeed_mps, scenario.exit_altitude_m
    )
    trajectory = fall.simulate_jump(
        scenario.exit_altitude_m,
        scenario.deploy_altitude_m,
        ground_elevation_m=site.ground_elevation_m,
        mass_kg=scenario.jumper.mass_kg,
        cda_m2=scenario.jumper.cda_m2,
        posture=scenario.jumper.posture,
        aircraft_speed_mps=tas,
        aircraft_heading_deg=scenario.aircraft.heading_deg,
    )
    noon = timeutil.local_noon_utc_s(scenario.date, site.longitude_deg)
    start, end = (noon, noon + 43_200.0) if scenario.at == "dusk" else (noon - 43_200.0, noon)
    where = (site.latitude_deg, site.longitude_deg)

    sunset_ground = light.find_sunset(
        *where, site.ground_elevation_m, site.ground_elevation_m, start, end, scenario.at
    )
    sunset_exit = light.find_sunset(
        *where, scenario.exit_altitude_m, site.ground_elevation_m, start, end, scenario.at
    )
    band = scenario.band
    light_window = _pick_window(
        light.find_exit_window(
            [0.0], [scenario.exit_altitude_m], band, *where, site.ground_elevation_m, start, end
        ),
        scenario.at,
    )
    action_time, action_altitude = trajectory.action_segment()
    exit_window = _pick_window(
        light.find_exit_window(
            action_time, action_altitude, band, *where, site.ground_elevation_m, start, end
        ),
        scenario.at,
    )

    warnings = list(trajectory.warnings)
    exit_time = None
    if exit_window is None:
        if light_window is None:
            warnings.append(
                f"no light window that day: the {band} band never occurs at "
                f"{scenario.exit_altitude_m:.0f} m on {scenario.date}"
            )
        else:
            warnings.append(
                f"the action ({trajectory.freefall_duration_s:.0f} s of free fall) does not "
                f"fit inside the {band.name} band on {scenario.date}"
            )
    elif exit_window.start_utc_s is not None and exit_window.end_utc_s is not None:
        exit_time = 0.5 * (exit_window.start_utc_s + exit_window.end_utc_s)
    elif exit_window.end_utc_s is not None:
        exit_time = exit_window.end_utc_s - OPEN_WINDOW_MARGIN_S
    else:
        exit_time = exit_window.start_utc_s + OPEN_WINDOW_MARGIN_S

    if scenario.exit_altitude_m > 15_000 * FOOT_M:
        warnings.append(
            "exit above 15,000 ft MSL: supplemental oxygen required for everyone on board "
            "(14 CFR 105.11 references 91.211; FAA AC 105-2E)"
        )
    return Plan(
        scenario=scenario,
        trajectory=trajectory,
        timezone=timeutil.timezone_name(site.latitude_deg, site.longitude_deg),
        sunset_ground_utc_s=sunset_ground,
        sunset_exit_utc_s=sunset_exit,
        light_window=light_window,
        exit_window=exit_window,
        exit_time_utc_s=exit_time,
        action_duration_s=trajectory.freefall_duration_s,
        warnings=tuple(warnings),
    )
