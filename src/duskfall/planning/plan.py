"""Make the plan: the exit window, the exit time, the aircraft timeline and the checks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from duskfall import fall, light, timeutil
from duskfall.constants import FOOT_M
from duskfall.fall import Trajectory
from duskfall.light import LightBand, Window
from duskfall.planning import checks as checks_module
from duskfall.planning.aircraft import altitude_after_s
from duskfall.planning.checks import Check
from duskfall.planning.scenario import Jumper, Scenario
from duskfall.release import Dispersion, ReleasePoint, dispersion, find_release_point
from duskfall.winds import WindProfile

OPEN_WINDOW_MARGIN_S = 120.0
"""When the exit window has no opening that day (a band without an upper edge, such as
``sunlit``, at dusk), the planned exit is this long [s] (or twice the wanted slack, if
more) before the window closes; at dawn, after it opens."""

WARNING_ALTITUDES_FT = (10_000, 15_000, 18_000)
"""Altitudes whose passing times and exposure are reported [ft]: 10,000 ft (oxygen for
crews beyond 30 minutes above 12,500 ft starts to matter), 15,000 ft (oxygen for all
occupants, 14 CFR 91.211) and 18,000 ft (Class A airspace, decompression sickness)."""

DEPRESSURIZE_BEFORE_EXIT_S = 20 * 60.0
"""A pressurized aircraft opens its cabin to the outside air this long before exit [s]
(the 20-minute warning of military free-fall procedure is taken as the depressurization),
but not before it levels off at the exit altitude."""

SUGGESTION_DAYS = 10
"""When the action does not fit, how many days before and after to look for one that does."""


@dataclass(frozen=True)
class Event:
    """One line of the timeline."""

    name: str
    time_utc_s: float
    altitude_m: float | None
    """Altitude of the aircraft or jumper at the event [m MSL], or None."""
    detail: str = ""


@dataclass(frozen=True)
class Plan:
    """A plan for one attempt: the exit window and the figures that justify it."""

    scenario: Scenario
    trajectory: Trajectory
    """The lead jumper's trajectory."""
    trajectories: tuple[Trajectory, ...]
    """Every jumper's trajectory, in the scenario's order."""
    timezone: str
    """IANA time zone of the site."""
    sunset_ground_utc_s: float | None
    """Sunset (dawn: sunrise) at the ground [POSIX s], upper limb on the visible horizon."""
    sunset_exit_utc_s: float | None
    """The same for an observer at the exit altitude [POSIX s]."""
    light_window: Window | None
    """The light band at the exit altitude."""
    exit_window: Window | None
    """Exit times that keep every jumper's whole action inside the band; None if none."""
    exit_time_utc_s: float | None
    action_duration_s: float
    """The lead jumper's action, exit to the action's end altitude [s]."""
    shortfall_s: float | None
    """When the action does not fit: by how many seconds [s]."""
    suggestions: tuple[str, ...]
    """When the action does not fit: changes that would make it fit."""
    timeline: tuple[Event, ...]
    checks: tuple[Check, ...]
    exposure_s: dict[int, float]
    """Time the jumpers spend above each altitude of WARNING_ALTITUDES_FT [s] (cabin
    altitude: from passing it, or from depressurization, until exit)."""
    second_attempt_utc_s: float | None
    """Earliest exit of a second lift (land, turn around, climb back) [POSIX s]."""
    release: ReleasePoint
    """Where the aircraft must be at exit so the lead jumper opens over the target."""
    dispersion: Dispersion | None
    """Monte Carlo landing dispersion (None with 0 members)."""
    warnings: tuple[str, ...]

    @property
    def fits(self) -> bool:
        """True if the action fits in the light."""
        return self.exit_time_utc_s is not None

    @property
    def slack_s(self) -> float | None:
        """Freedom in the exit time [s]: the exit window's length (None if open)."""
        return None if self.exit_window is None else self.exit_window.duration_s

    @property
    def slack_before_s(self) -> float | None:
        """Time from the window's opening to the planned exit [s]."""
        if not self.fits or self.exit_window.start_utc_s is None:
            return None
        return self.exit_time_utc_s - self.exit_window.start_utc_s

    @property
    def slack_after_s(self) -> float | None:
        """Time from the planned exit to the window's closing [s]."""
        if not self.fits or self.exit_window.end_utc_s is None:
            return None
        return self.exit_window.end_utc_s - self.exit_time_utc_s

    @property
    def takeoff_time_utc_s(self) -> float | None:
        """Take-off [POSIX s], or None if there is no exit."""
        return next((e.time_utc_s for e in self.timeline if e.name == "take-off"), None)

    @property
    def go(self) -> bool:
        """No check failed."""
        return all(check.status != "fail" for check in self.checks)


def _edges(window: Window) -> tuple[float, float]:
    start = -math.inf if window.start_utc_s is None else window.start_utc_s
    end = math.inf if window.end_utc_s is None else window.end_utc_s
    return start, end


def _intersect(a: list[Window], b: list[Window]) -> list[Window]:
    result = []
    for wa in a:
        for wb in b:
            start = max(_edges(wa)[0], _edges(wb)[0])
            end = min(_edges(wa)[1], _edges(wb)[1])
            if start < end:
                result.append(
                    Window(None if math.isinf(start) else start, None if math.isinf(end) else end)
                )
    return result


def _pick(windows: list[Window], at: str) -> Window | None:
    """The window of the evening (the last one that closes) or of the morning (the first
    one that opens)."""
    if not windows:
        return None
    if at == "dusk":
        closing = [w for w in windows if w.end_utc_s is not None]
        return closing[-1] if closing else windows[-1]
    opening = [w for w in windows if w.start_utc_s is not None]
    return opening[0] if opening else windows[0]


def _search_interval(scenario: Scenario, date: dt.date | None = None) -> tuple[float, float]:
    if scenario.search_start_utc_s is not None and date is None:
        return scenario.search_start_utc_s, scenario.search_end_utc_s
    noon = timeutil.local_noon_utc_s(date or scenario.date, scenario.site.longitude_deg)
    return (noon, noon + 43_200.0) if scenario.at == "dusk" else (noon - 43_200.0, noon)


def _simulate(
    scenario: Scenario,
    jumper: Jumper,
    wind: WindProfile | None,
    posture: str | None = None,
    heading_deg: float = 0.0,
) -> Trajectory:
    tas = scenario.jump_run_true_airspeed_mps()
    return fall.simulate_jump(
        scenario.exit_altitude_m,
        scenario.deploy_altitude_of(jumper),
        ground_elevation_m=scenario.site.ground_elevation_m,
        mass_kg=jumper.mass_kg,
        cda_m2=jumper.cda_m2 if posture is None else None,
        posture=posture or jumper.posture,
        aircraft_speed_mps=tas,
        aircraft_heading_deg=heading_deg,
        wind=wind,
    )


def _exit_windows(
    scenario: Scenario, segments, band: LightBand, interval: tuple[float, float]
) -> list[Window]:
    site = scenario.site
    windows = None
    for times, altitudes in segments:
        found = light.find_exit_window(
            times,
            altitudes,
            band,
            site.latitude_deg,
            site.longitude_deg,
            site.ground_elevation_m,
            *interval,
        )
        windows = found if windows is None else _intersect(windows, found)
    return windows or []


def _segment(scenario: Scenario, trajectory: Trajectory):
    return trajectory.action_segment(scenario.action_end_altitude_m)


def _shortfall(
    scenario: Scenario, segments, band: LightBand, interval: tuple[float, float]
) -> float | None:
    """How many seconds the action misses by: the gap between the last exit that keeps
    the action above the band's lower edge and the first that keeps it below the upper
    edge (dusk; the mirror at dawn). None if either edge never binds."""
    lower = (
        _pick(
            _exit_windows(scenario, segments, LightBand("lower", band.lower_deg, None), interval),
            scenario.at,
        )
        if band.lower_deg is not None
        else None
    )
    upper = (
        _pick(
            _exit_windows(scenario, segments, LightBand("upper", None, band.upper_deg), interval),
            scenario.at,
        )
        if band.upper_deg is not None
        else None
    )
    if lower is None or upper is None:
        return None
    if scenario.at == "dusk" and lower.end_utc_s and upper.start_utc_s:
        return max(upper.start_utc_s - lower.end_utc_s, 0.0)
    if scenario.at == "dawn" and lower.start_utc_s and upper.end_utc_s:
        return max(lower.start_utc_s - upper.end_utc_s, 0.0)
    return None


def _suggestions(scenario: Scenario, trajectories, segments, band: LightBand, wind) -> list[str]:
    """Changes that make the action fit: a shorter action, a faster posture, another day."""
    interval = _search_interval(scenario)
    suggestions = []
    lead = trajectories[0]
    current_end = lead.action_segment()[1][-1]
    ends = np.linspace(scenario.exit_altitude_m, current_end, 41)[1:]
    fitting = None
    for end in ends:
        segment = lead.action_segment(float(end))
        if _exit_windows(scenario, [segment], band, interval):
            fitting = float(end)
        else:
            break
    if fitting is not None:
        suggestions.append(
            f"end the action at {fitting / FOOT_M:,.0f} ft MSL instead of "
            f"{current_end / FOOT_M:,.0f} ft (a shorter action, "
            f"{lead.action_segment(fitting)[0][-1]:.0f} s)"
        )
    for name in fall.POSTURES:
        if name == scenario.jumper.posture:
            continue
        trajectory = _simulate(scenario, scenario.jumper, wind, posture=name)
        if _exit_windows(scenario, [_segment(scenario, trajectory)], band, interval):
            suggestions.append(
                f"posture {name} ({trajectory.freefall_duration_s:.0f} s of free fall) fits"
            )
    for offset in range(1, SUGGESTION_DAYS + 1):
        found = []
        for sign in (-1, 1):
            date = scenario.date + dt.timedelta(days=sign * offset)
            try:
                timeutil.parse_date(date)
            except ValueError:
                continue
            if _exit_windows(scenario, segments, band, _search_interval(scenario, date)):
                found.append(date.isoformat())
        if found:
            suggestions.append(f"nearest dates that fit: {', '.join(found)}")
            break
    else:
        suggestions.append(f"no date within {SUGGESTION_DAYS} days fits with this band")
    return suggestions


def choose_exit(window: Window, scenario: Scenario) -> float:
    """The planned exit [POSIX s] in an exit window: its middle, earliest or latest time
    (``scenario.pick``); a window open on one side exits :data:`OPEN_WINDOW_MARGIN_S` (or
    twice the wanted slack) inside its closed edge."""
    margin = max(OPEN_WINDOW_MARGIN_S, 2 * scenario.min_slack_s)
    start, end = window.start_utc_s, window.end_utc_s
    if start is None and end is None:
        low, high = _search_interval(scenario)
        return 0.5 * (low + high)
    if start is None:
        return end - margin if scenario.pick != "latest" else end
    if end is None:
        return start + margin if scenario.pick != "earliest" else start
    return {"earliest": start, "latest": end, "middle": 0.5 * (start + end)}[scenario.pick]


def takeoff_before_exit_s(scenario: Scenario) -> float:
    """Time from take-off to exit [s]: the climb from the ground to the exit altitude and
    the time at altitude before the exit."""
    climb = scenario.aircraft.preset.climb
    ground = scenario.site.ground_elevation_m
    return (
        climb.time_to_climb_s(ground, scenario.exit_altitude_m)
        + scenario.aircraft.level_off_before_exit_s
    )


def _timeline(
    scenario: Scenario, exit_time: float, lead: Trajectory, window: Window | None, prebreathe: bool
):
    """Events from pre-breathing to landing, the exposure above the warning altitudes,
    and the earliest exit of a second lift."""
    aircraft = scenario.aircraft.preset
    settings = scenario.aircraft
    ground = scenario.site.ground_elevation_m
    exit_m = scenario.exit_altitude_m
    level_off = exit_time - settings.level_off_before_exit_s
    takeoff = exit_time - takeoff_before_exit_s(scenario)
    climb_s = level_off - takeoff
    events = [Event("take-off", takeoff, ground, f"{climb_s / 60:.0f} min climb to exit altitude")]
    passing = {}
    for feet in WARNING_ALTITUDES_FT:
        altitude = feet * FOOT_M
        if ground < altitude < exit_m:
            passing[feet] = takeoff + aircraft.climb.time_to_climb_s(ground, altitude)
            events.append(Event(f"passing {feet:,} ft", passing[feet], altitude))
    events.append(Event("level-off", level_off, exit_m))
    depressurized = None
    if aircraft.pressurized:
        depressurized = max(exit_time - DEPRESSURIZE_BEFORE_EXIT_S, level_off)
        altitude = altitude_after_s(aircraft.climb, ground, exit_m, depressurized - takeoff)
        events.append(
            Event(
                "cabin depressurized",
                depressurized,
                altitude,
                "20-minute warning or level-off; everyone on oxygen from here",
            )
        )
    if prebreathe:
        threshold = checks_module.PREBREATHE_ALTITUDE_M
        exposure_start = passing.get(18_000, takeoff if ground >= threshold else level_off)
        if depressurized is not None:
            exposure_start = max(exposure_start, depressurized)
        events.append(
            Event(
                "pre-breathing starts",
                exposure_start - checks_module.PREBREATHE_S,
                None,
                "100 % oxygen, 30 min before the cabin passes 18,000 ft",
            )
        )
    events.append(
        Event(
            "jump run, red light",
            exit_time - settings.jump_run_s,
            exit_m,
            "on the jump-run heading, door open, stand by",
        )
    )
    events.append(Event("green light, exit", exit_time, exit_m))
    events.append(
        Event(
            "deployment",
            exit_time + lead.freefall_duration_s,
            scenario.deploy_altitude_of(scenario.jumper),
        )
    )
    events.append(Event("landing", exit_time + lead.landing_time_s, ground))
    back_on_ground = exit_time + (exit_m - ground) / aircraft.descent_rate_mps
    events.append(
        Event(
            "aircraft lands",
            back_on_ground,
            ground,
            f"descending at {aircraft.descent_rate_mps / FOOT_M * 60:,.0f} ft/min",
        )
    )
    events.sort(key=lambda e: e.time_utc_s)

    exposure = {}
    for feet in WARNING_ALTITUDES_FT:
        altitude = feet * FOOT_M
        if exit_m <= altitude:
            exposure[feet] = 0.0
            continue
        start = passing.get(feet, takeoff)
        if depressurized is not None:
            start = max(start, depressurized)
        below = np.nonzero(lead.altitude_m <= altitude)[0]
        in_fall = float(lead.time_s[below[0]]) if below.size else 0.0
        exposure[feet] = exit_time - start + in_fall
    second = back_on_ground + settings.turnaround_s + climb_s + settings.level_off_before_exit_s
    return tuple(events), exposure, second


def make_plan(scenario: Scenario, wind: WindProfile | None = None) -> Plan:
    """Plan one attempt: simulate the jump and find its exit window in the light band.

    Parameters
    ----------
    scenario
        A validated scenario (see :func:`duskfall.planning.make_scenario` and
        :data:`duskfall.planning.SEED_SCENARIO`).
    wind
        A wind profile; by default the scenario's wind table, or calm air.

    Returns
    -------
    Plan
        With ``exit_window`` None, the shortfall and suggestions when the action does not
        fit, and "no light window that day" when the band never occurs.

    Examples
    --------
    >>> from duskfall.planning import SEED_SCENARIO
    >>> make_plan(SEED_SCENARIO).fits
    True
    """
    site = scenario.site
    wind = wind or scenario.wind_profile()
    lead_jumper = scenario.jumper
    # The release point first: its jump run fixes the aircraft's heading through the air.
    spot = find_release_point(
        site.latitude_deg,
        site.longitude_deg,
        site.ground_elevation_m,
        scenario.exit_altitude_m,
        scenario.deploy_altitude_of(lead_jumper),
        wind=wind,
        mass_kg=lead_jumper.mass_kg,
        cda_m2=lead_jumper.cda_m2,
        posture=lead_jumper.posture,
        aircraft_airspeed_mps=scenario.jump_run_true_airspeed_mps(),
        jump_run_track_deg=scenario.aircraft.heading_deg,
        target_radius_m=scenario.landing_radius_m,
        exit_time_utc_s=timeutil.local_noon_utc_s(scenario.date, site.longitude_deg),
    )
    heading = spot.aircraft_heading_deg_true
    trajectories = tuple(
        _simulate(scenario, jumper, wind, heading_deg=heading) for jumper in scenario.jumpers
    )
    lead = trajectories[0]
    band = scenario.band
    interval = _search_interval(scenario)
    where = (site.latitude_deg, site.longitude_deg)
    ground = site.ground_elevation_m

    sunset_ground = light.find_sunset(*where, ground, ground, *interval, scenario.at)
    sunset_exit = light.find_sunset(
        *where, scenario.exit_altitude_m, ground, *interval, scenario.at
    )
    light_window = _pick(
        light.find_exit_window([0.0], [scenario.exit_altitude_m], band, *where, ground, *interval),
        scenario.at,
    )
    segments = [_segment(scenario, t) for t in trajectories]
    exit_window = _pick(_exit_windows(scenario, segments, band, interval), scenario.at)
    action_duration = float(segments[0][0][-1])

    warnings = [w for t in trajectories for w in t.warnings]
    exit_time = None
    shortfall = None
    suggestions: list[str] = []
    if exit_window is None:
        if light_window is None:
            warnings.append(
                f"no light window that day: the {band} band does not occur at "
                f"{scenario.exit_altitude_m / FOOT_M:,.0f} ft on {scenario.date}"
            )
        else:
            shortfall = _shortfall(scenario, segments, band, interval)
            by = f" by {shortfall:.0f} s" if shortfall is not None else ""
            warnings.append(
                f"the action ({action_duration:.0f} s) does not fit inside the "
                f"{band.name} band on {scenario.date}{by}"
            )
        suggestions = _suggestions(scenario, trajectories, segments, band, wind)
    else:
        exit_time = choose_exit(exit_window, scenario)

    physiology = checks_module.physiology_checks(
        scenario.exit_altitude_m,
        scenario.deploy_altitude_of(scenario.jumper) - ground,
        lead.max_airspeed_mps,
    )
    prebreathe = any(c.name == "pre-breathing" for c in physiology)
    timeline, exposure, second = (), {}, None
    if exit_time is not None:
        timeline, exposure, second = _timeline(scenario, exit_time, lead, exit_window, prebreathe)
    spread = None
    if exit_time is not None:
        spot = dataclasses.replace(spot, exit_time_utc_s=exit_time)
        if scenario.members > 0:
            spread = dispersion(
                spot,
                members=scenario.members,
                seed=scenario.seed,
                wind=wind,
                mass_kg=lead_jumper.mass_kg,
                cda_m2=lead_jumper.cda_m2,
                posture=lead_jumper.posture,
                radius_m=scenario.landing_radius_m,
                light_window=exit_window,
            )
    warnings += [w for w in spot.warnings if w not in warnings]
    if spread is not None:
        warnings += [w for w in spread.warnings if w not in warnings]

    all_checks = [_light_check(exit_window, exit_time, shortfall, scenario, band)]
    if exit_time is not None:
        all_checks.append(_slack_check(exit_window, exit_time, scenario))
        all_checks.append(_one_chance_check(exit_window, second, timeline))
    all_checks += physiology
    all_checks += checks_module.darkness_checks(
        exit_time,
        None if exit_time is None else exit_time + lead.landing_time_s,
        sunset_ground,
        scenario.at,
    )

    return Plan(
        scenario=scenario,
        trajectory=lead,
        trajectories=trajectories,
        timezone=timeutil.timezone_name(site.latitude_deg, site.longitude_deg),
        sunset_ground_utc_s=sunset_ground,
        sunset_exit_utc_s=sunset_exit,
        light_window=light_window,
        exit_window=exit_window,
        exit_time_utc_s=exit_time,
        action_duration_s=action_duration,
        shortfall_s=shortfall,
        suggestions=tuple(suggestions),
        timeline=timeline,
        checks=tuple(all_checks),
        exposure_s=exposure,
        second_attempt_utc_s=second,
        release=spot,
        dispersion=spread,
        warnings=tuple(warnings),
    )


def _light_check(window, exit_time, shortfall, scenario, band) -> Check:
    source = "duskfall light model (sun at the jumper's visible horizon)"
    if exit_time is not None:
        return Check("light", "pass", f"the whole action fits in the {band.name} band", source)
    if shortfall is not None:
        return Check(
            "light", "fail", f"the action misses the {band.name} band by {shortfall:.0f} s", source
        )
    return Check(
        "light", "fail", f"no {band.name} light at the exit altitude on {scenario.date}", source
    )


def _slack_check(window: Window, exit_time: float, scenario: Scenario) -> Check:
    before = None if window.start_utc_s is None else exit_time - window.start_utc_s
    after = None if window.end_utc_s is None else window.end_utc_s - exit_time
    sides = [s for s in (before, after) if s is not None]
    least = min(sides) if sides else math.inf
    wanted = scenario.min_slack_s
    text = (
        ", ".join(
            f"{name} {value:.0f} s"
            for name, value in (("before", before), ("after", after))
            if value is not None
        )
        or "open on both sides"
    )
    return Check(
        "slack",
        "pass" if least >= wanted else "warn",
        f"slack {text} (wanted at least {wanted:.0f} s each side)",
    )


def _one_chance_check(window: Window, second: float | None, timeline) -> Check:
    if second is None:
        return Check("one chance", "warn", "no timeline")
    end = window.end_utc_s
    if end is not None and second > end:
        return Check(
            "one chance",
            "warn",
            f"one chance per day: a second lift could exit at the earliest "
            f"{(second - end) / 60:.0f} min after the window closes (land, turn "
            "around, climb back)",
        )
    return Check("one chance", "pass", "a second lift can reach exit altitude inside the window")
