"""Make the plan: simulate each jumper once, find the exit window, pick the exit, spot the
aircraft for that minute, and work the timeline and the checks.

The path of one plan (:func:`make_plan`):

1. the half day of the scenario's local date at the site;
2. the jump run (into the wind at the exit altitude unless a track is given) and each
   jumper's :class:`~duskfall.fall.Jump`, simulated once;
3. the exit window from the one engine (:func:`duskfall.light.find_exit_windows`), and
   the exit in it (:func:`choose_exit`);
4. with a wind that changes in time, steps 2-3 again at the planned exit until it holds
   (the trajectories, the jump run and the release point are then those of the planned
   exit, with the wind valid then);
5. the release point and the dispersion from the lead jumper's trajectory;
6. the timeline, the checks and the notices.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from duskfall import fall, light, timeutil
from duskfall.constants import SUNSET_ELEVATION_DEG
from duskfall.fall import Jump, Trajectory
from duskfall.light import Action, ExitWindows, Places, Window
from duskfall.notices import Notice, merge
from duskfall.planning import checks as checks_module
from duskfall.planning.scenario import Scenario
from duskfall.planning.suggestions import Suggestion, suggest
from duskfall.planning.timeline import Event, Timeline, make_timeline
from duskfall.release import (
    Dispersion,
    JumpRun,
    ReleasePoint,
    SpotOptions,
    dispersion,
    find_jump_run,
    release_point,
)
from duskfall.winds import TimeLayeredWind, WindProfile, is_time_dependent

OPEN_WINDOW_MARGIN_S = 120.0
"""When the exit window has no opening that day (a band without an upper edge, such as
``sunlit``, at dusk), the planned exit is this long [s] (or twice the wanted slack, if
more) before the window closes; at dawn, after it opens."""

EXIT_TIME_TOLERANCE_S = 0.5
"""With a wind that changes in time, the trajectories are simulated again at the planned
exit until the exit moves by less than this [s] (two passes in practice)."""

MAX_PASSES = 4
"""Most simulations of a jump in a time-dependent wind (module notes, step 4)."""


@dataclass(frozen=True)
class Plan:
    """A plan for one attempt: the exit window and the figures that justify it.

    Every figure of the plan comes from its own simulations: :attr:`trajectories` (one per
    jumper, at the planned exit, with :attr:`wind`), from which the release point, the
    dispersion, the timeline and the figures are derived.
    """

    scenario: Scenario
    wind: WindProfile | None
    """The wind the plan was made with (None: calm)."""
    half_day: timeutil.HalfDay
    """The evening (or morning) searched."""
    trajectory: Trajectory
    """The lead jumper's trajectory."""
    trajectories: tuple[Trajectory, ...]
    """Every jumper's trajectory, in the scenario's order (``trajectory.jump`` is each
    one's :class:`~duskfall.fall.Jump`)."""
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
    suggestions: tuple[Suggestion, ...]
    """When the action does not fit: changes that would make it fit."""
    timeline: Timeline | None
    """None without an exit."""
    checks: tuple[Notice, ...]
    jump_run: JumpRun
    release: ReleasePoint
    """Where the aircraft must be at exit so the lead jumper opens over the target."""
    dispersion: Dispersion | None
    """Monte Carlo landing dispersion (None with 0 members or without an exit)."""
    notices: tuple[Notice, ...]

    @property
    def fits(self) -> bool:
        """True if the action fits in the light."""
        return self.exit_time_utc_s is not None

    @property
    def jumps(self) -> tuple[Jump, ...]:
        """Every jumper's jump as simulated."""
        return tuple(t.jump for t in self.trajectories)

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
        return None if self.timeline is None else self.timeline.takeoff_utc_s

    @property
    def events(self) -> tuple[Event, ...]:
        """The timeline's events (empty without an exit)."""
        return () if self.timeline is None else self.timeline.events

    @property
    def go(self) -> bool:
        """No check failed."""
        return all(check.severity != "fail" for check in self.checks)


def choose_exit(window: Window, scenario: Scenario, half_day: timeutil.HalfDay) -> float:
    """The planned exit [POSIX s] in an exit window: its middle, earliest or latest time
    (``scenario.pick``); a window open on one side exits :data:`OPEN_WINDOW_MARGIN_S` (or
    twice the wanted slack) inside its closed edge; one open on both sides, in the middle
    of the half day."""
    exits = choose_exit_times(
        np.array([np.nan if window.start_utc_s is None else window.start_utc_s]),
        np.array([np.nan if window.end_utc_s is None else window.end_utc_s]),
        scenario,
        np.array([half_day.start_utc_s]),
        np.array([half_day.end_utc_s]),
    )
    return float(exits[0])


def choose_exit_times(start, end, scenario: Scenario, half_start, half_end) -> np.ndarray:
    """:func:`choose_exit` for arrays of windows (NaN for an open edge) [POSIX s]."""
    margin = max(OPEN_WINDOW_MARGIN_S, 2 * scenario.min_slack_s)
    start = np.asarray(start, dtype=float)
    end = np.asarray(end, dtype=float)
    pick = scenario.pick
    both = {"earliest": start, "latest": end, "middle": 0.5 * (start + end)}[pick]
    open_start = end if pick == "latest" else end - margin
    open_end = start if pick == "earliest" else start + margin
    middle = 0.5 * (np.asarray(half_start) + np.asarray(half_end))
    return np.where(
        np.isnan(start),
        np.where(np.isnan(end), middle, open_start),
        np.where(np.isnan(end), open_end, both),
    )


def _places(scenario: Scenario, half_day: timeutil.HalfDay) -> Places:
    site = scenario.site
    return Places(
        np.array([np.datetime64(half_day.solar_date)]),
        np.float64(site.latitude_deg),
        np.float64(site.longitude_deg),
        np.float64(site.ground_elevation_m),
        scenario.at,
    )


def action_of(scenario: Scenario, trajectory: Trajectory) -> Action:
    """A jumper's action: from exit to the action's end altitude (deployment by default),
    the light judged at the jumper's own visible horizon."""
    times, altitudes = trajectory.action_segment(scenario.action_end_altitude_m)
    return Action(times, altitudes, scenario.site.ground_elevation_m)


def _in_range(windows: ExitWindows, scenario: Scenario) -> tuple[Window | None, Window | None]:
    """The exit window and the light window, clipped to the scenario's search range."""
    exit_window, light_window = windows.window(0), windows.light_window(0)
    start, end = scenario.search_start_utc_s, scenario.search_end_utc_s
    if start is None:
        return exit_window, light_window
    return _clip(exit_window, start, end), _clip(light_window, start, end)


def _clip(window: Window | None, start: float, end: float) -> Window | None:
    if window is None:
        return None
    low = -math.inf if window.start_utc_s is None else window.start_utc_s
    high = math.inf if window.end_utc_s is None else window.end_utc_s
    low, high = max(low, start), min(high, end)
    if low >= high:
        return None
    return Window(None if low == start else low, None if high == end else high)


@dataclass(frozen=True)
class _Pass:
    """One simulation of every jumper, and what the light makes of it."""

    run: JumpRun
    trajectories: tuple[Trajectory, ...]
    windows: ExitWindows
    exit_window: Window | None
    light_window: Window | None
    exit_time_utc_s: float | None


def _simulate(scenario: Scenario, wind, time_utc_s: float | None, half_day, places) -> _Pass:
    """Step 2-3 of the module notes for an exit at ``time_utc_s``."""
    run = find_jump_run(
        wind,
        scenario.exit_altitude_m,
        scenario.site.ground_elevation_m,
        time_utc_s,
        scenario.jump_run_true_airspeed_mps(),
        scenario.aircraft.heading_deg,
    )
    jumps = [
        scenario.jump_of(j, exit_time_utc_s=time_utc_s, heading_deg=run.heading_deg_true, wind=wind)
        for j in scenario.jumpers
    ]
    trajectories = tuple(fall.simulate_jump(j.replace(wind=wind)) for j in jumps)
    actions = [action_of(scenario, t) for t in trajectories]
    windows = light.find_exit_windows(actions, scenario.band, places)
    exit_window, light_window = _in_range(windows, scenario)
    exit_time = None if exit_window is None else choose_exit(exit_window, scenario, half_day)
    return _Pass(run, trajectories, windows, exit_window, light_window, exit_time)


def _first_guess(scenario, half_day, places) -> float | None:
    """A first exit time for a wind that changes in time: the middle of the band at the
    exit altitude, or of the half day."""
    point = light.point_action(scenario.exit_altitude_m, scenario.site.ground_elevation_m)
    window = light.find_exit_windows([point], scenario.band, places).window(0)
    if window is None:
        return 0.5 * (half_day.start_utc_s + half_day.end_utc_s)
    return choose_exit(window, scenario, half_day)


def _at_exit(scenario, wind, half_day, places) -> _Pass:
    """Simulate at the planned exit (module notes, step 4)."""
    if not is_time_dependent(wind):
        first = _simulate(scenario, wind, None, half_day, places)
        when = first.exit_time_utc_s
        if when is None:
            when = _first_guess(scenario, half_day, places)
        # A steady wind: the same trajectories at any exit time; stamp the planned one.
        stamped = tuple(
            dataclasses.replace(t, jump=t.jump.with_exit(time_utc_s=when))
            for t in first.trajectories
        )
        return dataclasses.replace(first, trajectories=stamped)
    guess = _first_guess(scenario, half_day, places)
    current = _simulate(scenario, wind, guess, half_day, places)
    for _ in range(MAX_PASSES - 1):
        planned = current.exit_time_utc_s
        if planned is None or abs(planned - guess) < EXIT_TIME_TOLERANCE_S:
            break
        guess = planned
        current = _simulate(scenario, wind, guess, half_day, places)
    if current.exit_time_utc_s is not None and current.exit_time_utc_s != guess:
        # The exit holds within the tolerance: simulate at it exactly, keep that window.
        exact = _simulate(scenario, wind, current.exit_time_utc_s, half_day, places)
        current = dataclasses.replace(exact, exit_time_utc_s=current.exit_time_utc_s)
    return current


def _sunsets(scenario: Scenario, places: Places) -> tuple[float | None, float | None]:
    ground = scenario.site.ground_elevation_m
    at_ground, _ = light.point_event_times(places, SUNSET_ELEVATION_DEG, ground, ground)
    exit_m = scenario.exit_altitude_m
    at_exit, _ = light.point_event_times(places, SUNSET_ELEVATION_DEG, exit_m, ground)
    return _opt(at_ground[0]), _opt(at_exit[0])


def _opt(value) -> float | None:
    return float(value) if np.isfinite(value) else None


def _light_notices(scenario: Scenario, result: _Pass, shortfall) -> list[Notice]:
    band = scenario.band
    if result.exit_window is not None:
        return []
    values = {"band": band.name, "date": scenario.date.isoformat()}
    if result.light_window is None:
        values["exit_altitude_m"] = scenario.exit_altitude_m
        return [Notice("no-light-window", "warn", values)]
    values["action_s"] = float(action_of(scenario, result.trajectories[0]).duration_s)
    values["shortfall_s"] = shortfall
    return [Notice("action-does-not-fit", "warn", values)]


def _plan_checks(scenario, result: _Pass, shortfall, timeline, sunset_ground, zone):
    band = scenario.band
    exit_time = result.exit_time_utc_s
    values = {"band": band.name, "date": scenario.date.isoformat()}
    source = "duskfall light model (sun at the jumper's visible horizon)"
    if exit_time is not None:
        checks = [Notice("light", "pass", values, source)]
        checks.append(_slack_check(result.exit_window, exit_time, scenario))
        checks.append(_one_chance_check(result.exit_window, timeline))
    elif shortfall is not None:
        checks = [Notice("light", "fail", values | {"shortfall_s": shortfall}, source)]
    else:
        values["exit_altitude_m"] = scenario.exit_altitude_m
        checks = [Notice("light", "fail", values | {"no_light": True}, source)]
    lead = result.trajectories[0]
    ground = scenario.site.ground_elevation_m
    physiology = checks_module.physiology_checks(
        scenario.exit_altitude_m,
        scenario.deploy_altitude_of(scenario.jumper) - ground,
        lead.max_airspeed_mps,
        zone,
        _exit_temperature_k(result, scenario),
    )
    landing = opening = None
    if exit_time is not None:
        landing = exit_time + max(t.landing_time_s for t in result.trajectories)
        opening = exit_time + lead.opening_time_s
    darkness = checks_module.darkness_checks(
        exit_time, opening, landing, sunset_ground, scenario.at
    )
    return tuple(checks + physiology + darkness)


def _exit_temperature_k(result: _Pass, scenario: Scenario) -> float | None:
    wind = result.trajectories[0].jump.wind
    if not getattr(wind, "has_temperature", False):
        return None
    if isinstance(wind, TimeLayeredWind):
        value = wind.temperature_k_at(scenario.exit_altitude_m, result.exit_time_utc_s)
    else:
        value = wind.temperature_k_at(scenario.exit_altitude_m)
    return None if value is None or not np.isfinite(value) else float(value)


def _slack_check(window: Window, exit_time: float, scenario: Scenario) -> Notice:
    before = None if window.start_utc_s is None else exit_time - window.start_utc_s
    after = None if window.end_utc_s is None else window.end_utc_s - exit_time
    sides = [s for s in (before, after) if s is not None]
    least = min(sides) if sides else math.inf
    wanted = scenario.min_slack_s
    values = {"before_s": before, "after_s": after, "wanted_s": wanted}
    return Notice("slack", "pass" if least >= wanted else "warn", values)


def _one_chance_check(window: Window, timeline: Timeline) -> Notice:
    second = timeline.second_attempt_utc_s
    end = window.end_utc_s
    if end is not None and second > end:
        return Notice("one-chance", "warn", {"after_close_s": second - end})
    return Notice("one-chance", "pass", {})


def _subject_notices(scenario: Scenario, trajectories) -> list[Notice]:
    """Each trajectory's notices, said of its jumper when there are several."""
    found = []
    for jumper, trajectory in zip(scenario.jumpers, trajectories, strict=True):
        for notice in trajectory.notices:
            if len(scenario.jumpers) > 1 and not notice.subject:
                notice = dataclasses.replace(notice, subject=jumper.name)
            found.append(notice)
    return found


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
    wind = wind if wind is not None else scenario.wind_profile()
    half_day = scenario.half_day()
    places = _places(scenario, half_day)
    result = _at_exit(scenario, wind, half_day, places)
    exit_time = result.exit_time_utc_s
    lead = result.trajectories[0]
    site = scenario.site
    zone = scenario.timezone
    shortfall = _opt(result.windows.shortfall_s[0]) if exit_time is None else None
    sunset_ground, sunset_exit = _sunsets(scenario, places)
    options = SpotOptions(target_radius_m=scenario.landing_radius_m)
    spot = release_point(lead, site.latitude_deg, site.longitude_deg, result.run, options)
    timeline = spread = None
    if exit_time is not None:
        prebreathe = scenario.exit_altitude_m >= checks_module.PREBREATHE_ALTITUDE_M
        timeline = make_timeline(scenario, exit_time, result.trajectories, prebreathe)
        if scenario.members > 0:
            spread = dispersion(
                spot,
                members=scenario.members,
                seed=scenario.seed,
                radius_m=scenario.landing_radius_m,
                light_window=result.exit_window,
            )
    checks = _plan_checks(scenario, result, shortfall, timeline, sunset_ground, zone)
    suggestions = () if exit_time is not None else suggest(scenario, result.trajectories)
    notices = merge(
        _subject_notices(scenario, result.trajectories),
        _light_notices(scenario, result, shortfall),
        spot.notices,
        () if spread is None else spread.notices,
        result.windows.notices,
    )
    return Plan(
        scenario=scenario,
        wind=wind,
        half_day=half_day,
        trajectory=lead,
        trajectories=result.trajectories,
        timezone=zone,
        sunset_ground_utc_s=sunset_ground,
        sunset_exit_utc_s=sunset_exit,
        light_window=result.light_window,
        exit_window=result.exit_window,
        exit_time_utc_s=exit_time,
        action_duration_s=float(action_of(scenario, lead).duration_s),
        shortfall_s=shortfall,
        suggestions=tuple(suggestions),
        timeline=timeline,
        checks=checks,
        jump_run=result.run,
        release=spot,
        dispersion=spread,
        notices=notices,
    )
