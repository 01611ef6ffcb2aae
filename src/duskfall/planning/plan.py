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
   exit, with the wind valid then, interpolated in time between the forecast's hours);
   a wind file read through ``wind_at`` is read for a first guess of the exit and again
   for the planned exit if its profiles do not bracket it; a planned exit far outside
   the period the winds are for is refused
   (:func:`~duskfall.planning.wind_use.check_wind_period`);
5. the release point and the dispersion from the lead jumper's trajectory;
6. the timeline, the checks and the notices;
7. with an exit: the light at the jumpers' and the aircraft's real positions
   (:mod:`~duskfall.planning.positions`), the Sun against the jump run and the camera's
   line of sight (:mod:`~duskfall.planning.camera`); with two jumpers or more, the
   camera flyer and the performer in free fall together
   (:mod:`~duskfall.planning.formation`).

Staggered exits: a jumper with an exit delay leaves that long after the green light,
that many seconds of ground speed further along the jump run (its trajectory's exit
point is offset in the frame of the green light). The exit window is then the green-light
times that keep every jumper's action in the band: each jumper's own window from the
one engine, moved back by its delay, intersected. With ``formation.meet_altitude_m`` the
faster of the camera flyer and the performer leaves after the slower by the separation
that makes them level there (:func:`~duskfall.planning.formation.meet_exit_delay_s`).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from duskfall import atmosphere, fall, light, timeutil
from duskfall.constants import SUNSET_ELEVATION_DEG
from duskfall.errors import InputError
from duskfall.fall import Jump, Trajectory
from duskfall.light import Action, Places, Window
from duskfall.notices import Notice, merge
from duskfall.planning import checks as checks_module
from duskfall.planning.camera import SunView, camera_view, sun_view
from duskfall.planning.exposure import LightLevels, light_levels
from duskfall.planning.formation import Formation, analyse_formation, meet_exit_delay_s
from duskfall.planning.positions import Pair, PositionLight, light_at_positions
from duskfall.planning.scenario import Scenario
from duskfall.planning.suggestions import Suggestion, suggest
from duskfall.planning.sweep import SweepHour, sweep
from duskfall.planning.timeline import Event, Timeline, make_timeline
from duskfall.planning.wind_use import (
    WindUsed,
    check_wind_period,
    covers,
    stale_notices,
    wind_used,
)
from duskfall.release import (
    Dispersion,
    JumpRun,
    ReleasePoint,
    SpotOptions,
    dispersion,
    find_jump_run,
    release_point,
    unit_vector,
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
"""Most simulations of a jump in a time-dependent wind (module notes, step 4), and of
the delayed jumper of a meet altitude."""

MEET_DELAY_TOLERANCE_S = 0.01
"""The exit separation of a meet altitude holds when it moves by less than this [s]."""

POSITION_SHIFT_NOTICE_S = 1.0
"""The light at the real positions is worth a notice when it moves an edge of the exit
window by this much [s]: the plan prints its times to the second."""


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
    exit_delays_s: tuple[float, ...] = ()
    """Each jumper's exit after the green light [s], in the scenario's order (the
    scenario's, or worked out for a meet altitude)."""
    sun: SunView | None = None
    """The Sun along the lead jumper's fall, against the jump run, and the camera's view
    (None without an exit)."""
    formation: Formation | None = None
    """The camera flyer and the performer in free fall together (None with one jumper)."""
    light_at_positions: PositionLight | None = None
    """The light at the jumpers' and the aircraft's real positions against the target's
    (None without an exit)."""
    light_levels: LightLevels | None = None
    """Illuminance and exposure at the lead jumper's exit and action end, where the light
    is judged (None without an exit)."""
    wind_used: WindUsed | None = None
    """Which winds the plan used: the source, the valid time(s) at the planned exit, the
    model run and the age (:mod:`~duskfall.planning.wind_use`)."""
    sweep: tuple[SweepHour, ...] | None = None
    """When asked for: the lead jumper's spot at each forecast hour of the half day
    (:mod:`~duskfall.planning.sweep`)."""

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
    """A jumper's action (:meth:`Scenario.action`): from exit to the action's end
    altitude (deployment by default), the light judged where the scenario says."""
    return scenario.action(trajectory)


@dataclass(frozen=True)
class _Windows:
    """The exit window of green-light times for every jumper, and where it is bound."""

    exit_window: Window | None
    light_window: Window | None
    shortfall_s: float | None
    notices: tuple[Notice, ...]
    binding: tuple[int, int]
    """The jumpers whose own windows give the opening and the closing."""
    reason: str
    """Why they do not fit that day (:meth:`duskfall.light.ExitWindows.reason`)."""


def _exit_windows(actions, delays_s, band, places) -> _Windows:
    """The exit windows of every jumper's action, in green-light time (module notes,
    staggered exits: :func:`duskfall.light.find_exit_windows` with the delays), and the
    jumpers whose own windows bind them."""
    together = light.find_exit_windows(actions, band, places, delays_s=delays_s)
    return _Windows(
        together.window(0),
        together.light_window(0),
        _opt(together.shortfall_s[0]),
        together.notices,
        (int(together.opening_action[0]), int(together.closing_action[0])),
        together.reason(0),
    )


def _in_range(windows: _Windows, scenario: Scenario) -> tuple[Window | None, Window | None]:
    """The exit window and the light window, clipped to the scenario's search range. The
    exit window closes at the range's edges (no exit outside the range, and the slack is
    counted to them); the light window is open where the range cuts it (the light goes
    on beyond)."""
    exit_window, light_window = windows.exit_window, windows.light_window
    start, end = scenario.search_start_utc_s, scenario.search_end_utc_s
    if start is None:
        return exit_window, light_window
    return _clip(exit_window, start, end, closed=True), _clip(light_window, start, end)


def _clip(window: Window | None, start: float, end: float, closed: bool = False):
    if window is None:
        return None
    low = -math.inf if window.start_utc_s is None else window.start_utc_s
    high = math.inf if window.end_utc_s is None else window.end_utc_s
    low, high = max(low, start), min(high, end)
    if low >= high:
        return None
    if closed:
        return Window(low, high)
    return Window(None if low == start else low, None if high == end else high)


@dataclass(frozen=True)
class _Pass:
    """One simulation of every jumper, and what the light makes of it."""

    run: JumpRun
    trajectories: tuple[Trajectory, ...]
    windows: _Windows
    exit_window: Window | None
    light_window: Window | None
    exit_time_utc_s: float | None
    delays_s: tuple[float, ...]


def _trajectories(scenario: Scenario, run: JumpRun, wind, time_utc_s, delays_s):
    """Every jumper simulated on the jump run, each leaving its delay after the green
    light at ``time_utc_s`` (None: a steady wind, in which the same jump on another day
    falls the same way, so its simulation is kept: :func:`duskfall.fall.kept`), further
    along the run."""
    track = unit_vector(run.track_deg_true)
    found = []
    for jumper, delay in zip(scenario.jumpers, delays_s, strict=True):
        when = None if time_utc_s is None else time_utc_s + delay
        jump = scenario.jump_of(
            jumper, exit_time_utc_s=when, heading_deg=run.heading_deg_true, wind=wind
        )
        if delay:
            along = delay * run.ground_speed_mps
            jump = jump.with_exit(east_m=along * track[0], north_m=along * track[1])
        jump = jump.replace(wind=wind)
        simulate = fall.simulate_jump
        found.append(simulate(jump) if when is not None else fall.kept(simulate, jump))
    return tuple(found)


def _meet_delays(scenario, run, wind, time_utc_s, trajectories, delays_s):
    """With a meet altitude: the exit separation that puts the camera flyer and the
    performer level there, and the trajectories flown with it (module notes)."""
    meet = scenario.formation.meet_altitude_m
    if meet is None:
        return trajectories, delays_s
    subject, flyer = scenario.pair
    for _ in range(MAX_PASSES):
        after = meet_exit_delay_s(trajectories[subject], trajectories[flyer], meet)
        wanted = list(delays_s)
        wanted[subject], wanted[flyer] = max(-after, 0.0), max(after, 0.0)
        moved = max(abs(a - b) for a, b in zip(wanted, delays_s, strict=True))
        if moved < MEET_DELAY_TOLERANCE_S:
            break
        delays_s = tuple(wanted)
        trajectories = _trajectories(scenario, run, wind, time_utc_s, delays_s)
    return trajectories, delays_s


class Jumpers(NamedTuple):
    """Every jumper of a scenario on its jump run (:func:`simulate_jumpers`)."""

    run: JumpRun
    trajectories: tuple[Trajectory, ...]
    """One per jumper, the lead first."""
    delays_s: tuple[float, ...]
    """Each jumper's exit after the green light [s]."""


def simulate_jumpers(scenario: Scenario, wind, time_utc_s: float | None = None) -> Jumpers:
    """Every jumper of the scenario on its jump run for a green light at ``time_utc_s``,
    each leaving its delay after it, or the delays that meet the formation's altitude
    (module notes, step 2). The plan and the season both take their jumpers from here.

    Parameters
    ----------
    scenario
        The scenario (jumpers, aircraft, site, formation).
    wind
        The wind profile, or None for calm air.
    time_utc_s
        The green light [POSIX s]; None in a steady wind, where the same jump falls the
        same way on any day (its falls are then kept, :func:`duskfall.fall.kept`).
    """
    run = find_jump_run(
        wind,
        scenario.exit_altitude_m,
        scenario.site.ground_elevation_m,
        time_utc_s,
        scenario.jump_run_true_airspeed_mps(),
        scenario.aircraft.heading_deg,
    )
    delays = tuple(jumper.exit_delay_s for jumper in scenario.jumpers)
    trajectories = _trajectories(scenario, run, wind, time_utc_s, delays)
    trajectories, delays = _meet_delays(scenario, run, wind, time_utc_s, trajectories, delays)
    return Jumpers(run, trajectories, delays)


def _simulate(scenario: Scenario, wind, time_utc_s: float | None, half_day, places) -> _Pass:
    """Step 2-3 of the module notes for a green light at ``time_utc_s``."""
    run, trajectories, delays = simulate_jumpers(scenario, wind, time_utc_s)
    actions = [action_of(scenario, t) for t in trajectories]
    windows = _exit_windows(actions, delays, scenario.band, places)
    exit_window, light_window = _in_range(windows, scenario)
    exit_time = None if exit_window is None else choose_exit(exit_window, scenario, half_day)
    return _Pass(run, trajectories, windows, exit_window, light_window, exit_time, delays)


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
            dataclasses.replace(t, jump=t.jump.with_exit(time_utc_s=when + delay))
            for t, delay in zip(first.trajectories, first.delays_s, strict=True)
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


def _landing_checks(scenario: Scenario, result: _Pass, spot: ReleasePoint) -> list[Notice]:
    """The target within the lead canopy's reach, and a ground wind it can land into (at
    its landing time, with the plan's wind)."""
    lead = result.trajectories[0]
    ground = scenario.site.ground_elevation_m
    exit_time = lead.jump.exit.time_utc_s
    landing = None if exit_time is None else exit_time + lead.landing_time_s
    wind = lead.jump.wind
    speed = 0.0
    if wind is not None:
        east, north = wind.velocity_enu_mps(ground, landing)
        speed = float(np.hypot(np.ravel(east)[0], np.ravel(north)[0]))
    density_ratio = atmosphere.density_kgpm3(0.0) / atmosphere.density_kgpm3(ground)
    airspeed = lead.jump.canopy_model.airspeed_mps * float(np.sqrt(density_ratio))
    return checks_module.landing_checks(spot.reach_margin_m, spot.reach_radius_m, speed, airspeed)


def _plan_checks(scenario, result: _Pass, shortfall, timeline, sunset_ground, zone, spot, spread):
    band = scenario.band
    exit_time = result.exit_time_utc_s
    values = {
        "band": band.name,
        "date": scenario.date.isoformat(),
        "judge_at": scenario.judge_at,
        "horizon": scenario.horizon,
    }
    source = "duskfall light model (the Sun's elevation on the band scale)"
    if exit_time is not None:
        checks = [Notice("light", "pass", values, source)]
        checks.append(_slack_check(result.exit_window, exit_time, scenario))
        checks.append(_one_chance_check(result.exit_window, timeline))
        if spread is not None:
            checks += checks_module.light_odds_check(spread.p_action_in_light, spread.members)
    elif result.windows.exit_window is not None:
        # the action fits that day, but not within the scenario's search range
        checks = [Notice("light", "fail", values | {"outside_search": True}, source)]
    else:  # the engine's reason, as the season has it
        why = {
            "shortfall": {"shortfall_s": shortfall},
            "band-ends-early": {"band_ends_early": True},
            "no-light": {"no_light": True, "exit_altitude_m": scenario.exit_altitude_m},
        }[result.windows.reason]
        checks = [Notice("light", "fail", values | why, source)]
    lead = result.trajectories[0]
    ground = scenario.site.ground_elevation_m
    physiology = checks_module.physiology_checks(
        scenario.exit_altitude_m,
        scenario.deploy_altitude_of(scenario.jumper) - ground,
        lead.max_airspeed_mps,
        zone,
        _exit_temperature_k(result, scenario),
        str(getattr(lead.jump.wind, "source", "the wind source")),
    )
    landing = opening = None
    if exit_time is not None:
        landing = exit_time + max(
            d + t.landing_time_s for t, d in zip(result.trajectories, result.delays_s, strict=True)
        )
        opening = exit_time + result.delays_s[0] + lead.opening_time_s
    darkness = checks_module.darkness_checks(
        exit_time, opening, landing, sunset_ground, scenario.at
    )
    landing_checks = _landing_checks(scenario, result, spot)
    return tuple(checks + physiology + _cloud_check(result, scenario) + landing_checks + darkness)


def _weather_at(result: _Pass, method: str, altitude_m: float) -> float | None:
    """The lead jump's wind source's ``method`` (``temperature_k_at``,
    ``max_cloud_cover_below``) at ``altitude_m`` and the exit time, or None without it."""
    wind = result.trajectories[0].jump.wind
    has = "has_temperature" if method == "temperature_k_at" else "has_cloud_cover"
    if not getattr(wind, has, False):
        return None
    function = getattr(wind, method)
    if isinstance(wind, TimeLayeredWind):
        value = function(altitude_m, result.trajectories[0].jump.exit.time_utc_s)
    else:
        value = function(altitude_m)
    return None if value is None or not np.isfinite(value) else float(value)


def _exit_temperature_k(result: _Pass, scenario: Scenario) -> float | None:
    return _weather_at(result, "temperature_k_at", scenario.exit_altitude_m)


def _cloud_check(result: _Pass, scenario: Scenario) -> list[Notice]:
    """The cloud-clearance check from the wind source's cloud cover, up to the clearance
    above the exit (:func:`~duskfall.planning.checks.cloud_clearance_check`)."""
    top = scenario.exit_altitude_m + checks_module.CLOUD_CLEARANCE_ABOVE_M
    cover = _weather_at(result, "max_cloud_cover_below", top)
    if cover is None:
        return []
    wind = result.trajectories[0].jump.wind
    return [
        checks_module.cloud_clearance_check(
            cover,
            scenario.exit_altitude_m,
            scenario.site.ground_elevation_m,
            str(getattr(wind, "source", "the wind source")),
            _cloud_span(wind),
        )
    ]


def _cloud_span(wind) -> tuple[float, float] | None:
    """The altitudes [m MSL] where the source gives cloud cover (at every hour)."""
    spans = [p.cloud_cover_span_m for p in getattr(wind, "profiles", (wind,))]
    if any(span is None for span in spans):
        return None
    return max(span[0] for span in spans), min(span[1] for span in spans)


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


def _lead_window(window: Window | None, delay_s: float) -> Window | None:
    """The exit window as the lead jumper's own exit times (it leaves ``delay_s`` after
    the green light)."""
    if window is None or delay_s == 0:
        return window
    return Window(
        None if window.start_utc_s is None else window.start_utc_s + delay_s,
        None if window.end_utc_s is None else window.end_utc_s + delay_s,
    )


def _views(scenario: Scenario, result: _Pass, spot: ReleasePoint):
    """The formation (with two jumpers or more), and with an exit the Sun, the camera and
    the light at the real positions (module notes, step 7)."""
    names = [jumper.name for jumper in scenario.jumpers]
    delays, trajectories = result.delays_s, result.trajectories
    end_m = scenario.action_end_altitude_m
    formation = None
    pair = Pair(names[0], trajectories[0], delays[0])
    if scenario.pair is not None:
        s, f = scenario.pair
        pair = Pair(names[s], trajectories[s], delays[s], names[f], trajectories[f], delays[f])
        settings = scenario.formation
        formation = analyse_formation(
            pair,
            end_m,
            result.run.ground_speed_mps,
            settings.closing_distance_m,
            settings.separation_limit_m,
            settings.meet_altitude_m,
        )
    exit_time = result.exit_time_utc_s
    if exit_time is None:
        return formation, None, None
    positions = light_at_positions(
        names,
        trajectories,
        delays,
        exit_time,
        spot,
        result.run,
        scenario.aircraft.jump_run_s,
        end_m,
        result.windows.binding,
        scenario.at,
    )
    track = result.run.track_deg_true
    camera = scenario.camera
    view = camera_view(
        pair,
        exit_time,
        end_m,
        positions.origin,
        track,
        camera.heading_deg,
        camera.field_of_view_deg,
    )
    sun = sun_view(trajectories[0], exit_time + delays[0], end_m, positions.origin, track, view)
    return formation, sun, positions


def _position_notices(positions: PositionLight | None) -> tuple[Notice, ...]:
    """A notice when the real positions move an edge of the exit window by a second or
    more (:data:`POSITION_SHIFT_NOTICE_S`)."""
    if positions is None:
        return ()
    shifts = (positions.opening_shift_s, positions.closing_shift_s)
    if max(abs(s) for s in shifts) < POSITION_SHIFT_NOTICE_S:
        return ()
    values = {"opening_shift_s": shifts[0], "closing_shift_s": shifts[1]}
    source = "the light model at each sample's own latitude and longitude"
    return (Notice("light-at-positions", "info", values, source),)


def _subject_notices(scenario: Scenario, trajectories) -> list[Notice]:
    """Each trajectory's notices, said of its jumper when there are several."""
    found = []
    for jumper, trajectory in zip(scenario.jumpers, trajectories, strict=True):
        for notice in trajectory.notices:
            if len(scenario.jumpers) > 1 and not notice.subject:
                notice = dataclasses.replace(notice, subject=jumper.name)
            found.append(notice)
    return found


WindAt = Callable[[float], WindProfile]
"""The winds of a file read for a time [POSIX s] (the planned exit): an hourly forecast
gives every hour, an FB product is dated by it, a gridded file is read around it; e.g.
``lambda t: read_wind_file(path, ground, target=(lat, lon), time_utc_s=t)`` with
:func:`duskfall.io.windfile.read_wind_file`, as the command line does."""


def _read_and_simulate(scenario: Scenario, wind_at: WindAt, half_day, places):
    """Read the winds for a first guess of the exit and simulate at the planned exit;
    read them again for the planned exit if the profiles read do not bracket it (module
    notes, step 4)."""
    wind = wind_at(_first_guess(scenario, half_day, places))
    result = _at_exit(scenario, wind, half_day, places)
    planned = result.exit_time_utc_s
    if planned is not None and not covers(wind, planned):
        wind = wind_at(planned)
        result = _at_exit(scenario, wind, half_day, places)
    return wind, result


def _simulated(scenario, wind, wind_at, wind_field, half_day, places):
    """The plan's wind (given, read from a file at the exit, or the scenario's) and the
    jump simulated in it at the planned exit (:func:`_at_exit`)."""
    if wind_at is not None:
        if wind is not None:
            raise InputError(wind_field, "wind and wind_at", "one source", "are both given")
        wind, result = _read_and_simulate(scenario, wind_at, half_day, places)
    else:
        wind = wind if wind is not None else scenario.wind_profile()
        result = _at_exit(scenario, wind, half_day, places)
    check_wind_period(wind, result.exit_time_utc_s, wind_field)
    return wind, result


def _timeline_and_spread(scenario: Scenario, result: _Pass, spot: ReleasePoint):
    """The timeline of the planned exit and the Monte Carlo dispersion of its release
    point (None without an exit; no dispersion with 0 members)."""
    exit_time = result.exit_time_utc_s
    if exit_time is None:
        return None, None
    prebreathe = scenario.exit_altitude_m >= checks_module.PREBREATHE_ALTITUDE_M
    timeline = make_timeline(scenario, exit_time, result.trajectories, prebreathe, result.delays_s)
    if scenario.members == 0:
        return timeline, None
    spread = dispersion(
        spot,
        members=scenario.members,
        seed=scenario.seed,
        radius_m=scenario.landing_radius_m,
        light_window=_lead_window(result.exit_window, result.delays_s[0]),
    )
    return timeline, spread


def make_plan(
    scenario: Scenario,
    wind: WindProfile | None = None,
    *,
    wind_at: WindAt | None = None,
    wind_field: str = "wind",
    sweep_hours: bool = False,
) -> Plan:
    """Plan one attempt: simulate the jump and find its exit window in the light band.

    Parameters
    ----------
    scenario
        A validated scenario (see :func:`duskfall.planning.make_scenario` and
        :data:`duskfall.planning.SEED_SCENARIO`).
    wind
        A wind profile; by default the scenario's wind table, or calm air.
    wind_at
        Instead of ``wind``: the winds of a file, read for a time (:data:`WindAt`); the
        plan reads them for its planned exit.
    wind_field
        The name of the winds' input, for messages (``--wind-file``).
    sweep_hours
        Also work out the spot at each forecast hour of the half day (:attr:`Plan.sweep`;
        the wind must be an hourly forecast).

    Returns
    -------
    Plan
        With ``exit_window`` None, the shortfall and suggestions when the action does not
        fit, and "no light window that day" when the band never occurs.

    Raises
    ------
    OutOfRangeError
        Naming ``wind_field`` when the planned exit lies more than an hour outside the
        period the winds are for
        (:data:`~duskfall.planning.wind_use.WIND_TIME_GRACE_S`).
    InputError
        Naming ``sweep`` when a sweep is asked for winds without forecast hours.

    Examples
    --------
    >>> from duskfall.planning import SEED_SCENARIO
    >>> make_plan(SEED_SCENARIO).fits
    True
    """
    half_day = scenario.half_day()
    places = _places(scenario, half_day)
    wind, result = _simulated(scenario, wind, wind_at, wind_field, half_day, places)
    hours = sweep(scenario, wind, half_day) if sweep_hours else None
    exit_time = result.exit_time_utc_s
    lead = result.trajectories[0]
    site = scenario.site
    zone = scenario.timezone
    shortfall = result.windows.shortfall_s if exit_time is None else None
    sunset_ground, sunset_exit = _sunsets(scenario, places)
    options = SpotOptions(target_radius_m=scenario.landing_radius_m)
    spot = release_point(lead, site.latitude_deg, site.longitude_deg, result.run, options)
    timeline, spread = _timeline_and_spread(scenario, result, spot)
    checks = _plan_checks(scenario, result, shortfall, timeline, sunset_ground, zone, spot, spread)
    suggestions = () if exit_time is not None else suggest(scenario, result.trajectories)
    formation, sun, positions = _views(scenario, result, spot)
    levels = None
    if exit_time is not None:
        levels = light_levels(
            scenario.action(lead),
            exit_time + result.delays_s[0],
            site.latitude_deg,
            site.longitude_deg,
            scenario.judge_at,
        )
    used = wind_used(wind, lead.jump.exit.time_utc_s if wind is not None else exit_time)
    notices = merge(
        _subject_notices(scenario, result.trajectories),
        _light_notices(scenario, result, shortfall),
        spot.notices,
        () if spread is None else spread.notices,
        result.windows.notices,
        () if formation is None else formation.notices,
        _position_notices(positions),
        stale_notices(used),
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
        exit_delays_s=result.delays_s,
        sun=sun,
        formation=formation,
        light_at_positions=positions,
        light_levels=levels,
        wind_used=used,
        sweep=hours,
    )
