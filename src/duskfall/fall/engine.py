"""The engine: run the stages of a :class:`~duskfall.fall.Jump` for N members at once.

:func:`simulate_jump` keeps the whole time history of one jump; :func:`simulate_ensemble`
keeps the summary figures of N members (the jump's fields as arrays). Both run the same
stages through the same integrator.
"""

from __future__ import annotations

import numpy as np

from duskfall.errors import InputError, OutOfRangeError, check_range
from duskfall.fall.integrator import (
    ATOL_CANOPY,
    ATOL_FREEFALL,
    MAX_CANOPY_STEP_S,
    RTOL,
    Steps,
    hermite_cubic,
    hermite_position,
)
from duskfall.fall.integrator import integrate as _integrate
from duskfall.fall.jump import Jump, Members, members
from duskfall.fall.models import resolve_posture
from duskfall.fall.results import Ensemble, Trajectory
from duskfall.fall.stages import CANOPY_ROWS, CanopyStage, Freefall, StageWind
from duskfall.notices import Notice, merge

HIGH_EXIT_M = 50_000.0
"""Above this exit altitude no jump has been made or measured; the drag model is then an
extrapolation (the air is still a continuum for a human-sized body up to about 80 km)."""

PEAK_SAMPLE_S = 0.25
"""Spacing of the samples of the free-fall interpolant on which a trajectory's peak
airspeed and Mach are taken [s], refined by a parabola through the highest sample and
its neighbours: the interpolant's own error is below 1e-3 m/s at the integrator's
tolerances, and the parabola is exact to under 1 mm/s for a peak whose curvature is below
1 m/s^3 (Red Bull Stratos's is 0.4 m/s^3)."""

MAX_RTOL = 1e-3
"""Loosest relative tolerance of an ensemble. At 1e-3 the seed's 1,000-member dispersion
already moves openings and landings by up to 16 m and free-fall times by up to 0.09 s
against the default tolerance (at 1e-4: 2 m and 16 ms; measured with the splined wind
errors of :class:`duskfall.winds.PerturbedWind`)."""

MIN_SAMPLE_INTERVAL_S = 0.01
MAX_SAMPLE_INTERVAL_S = 60.0
"""Range of ``sample_interval_s`` [s]: finer than 0.01 s adds nothing the integrator
resolves, and bounds the samples of the longest fall (1 h) to 360,000."""


def _run(m: Members, jump: Jump, record: bool, rtol: float = RTOL, peaks: bool = True):
    """Integrate free fall, deployment and canopy for all members, at relative tolerance
    ``rtol`` (the absolute tolerances scaled with it); ``peaks`` as :class:`Freefall`'s."""
    loose = rtol / RTOL
    air = jump.atmosphere
    drag_rise = resolve_posture(jump.body.posture).drag_rise
    canopy = jump.canopy_model
    n = m.size
    wind = StageWind(jump.wind, n, m.exit_time_utc_s)
    heading = np.radians(m.aircraft_heading_deg)
    y0 = np.empty((6, n))
    y0[0] = m.exit_east_m
    y0[1] = m.exit_north_m
    y0[2] = m.exit_altitude_m
    we0, wn0 = wind(y0[2], np.zeros(n))
    wind.check(y0[2], "at exit")
    y0[3] = m.aircraft_speed_mps * np.sin(heading) + we0
    y0[4] = m.aircraft_speed_mps * np.cos(heading) + wn0
    y0[5] = 0.0
    freefall = Freefall(m, wind, air, drag_rise, record, peaks)
    freefall.start(y0)
    _integrate(
        freefall.rhs,
        0.0,
        y0,
        ATOL_FREEFALL * loose,
        freefall.on_step,
        first_step_s=1.0,
        rtol=rtol,
    )

    stage = CanopyStage(m, wind, air, canopy, freefall.deploy_time, freefall.deploy_state, record)
    c0 = stage.initial_state(freefall.deploy_state)
    if record:
        stage.steps.add(0.0, c0, stage.rhs(0.0, c0))
    _integrate(
        stage.rhs,
        0.0,
        c0,
        ATOL_CANOPY * loose,
        stage.on_step,
        breakpoints=(canopy.opening_duration_s,),
        first_step_s=canopy.opening_duration_s,
        max_step_s=MAX_CANOPY_STEP_S,
        controlled_rows=CANOPY_ROWS,
        rtol=rtol,
    )
    return freefall, stage


def _count(mask: np.ndarray) -> dict[str, int]:
    return {} if mask.size == 1 else {"members_affected": int(np.sum(mask)), "members": mask.size}


def _notices(m: Members, freefall: Freefall, canopy: CanopyStage, jump: Jump, peak_mach=None):
    """What the user should know about these jumps (one record per fact); ``peak_mach``
    (N,) replaces the stage's own where it was found otherwise (a recorded trajectory)."""
    subject = "" if m.size == 1 else "members"
    found = []
    peak_mach = freefall.max_mach if peak_mach is None else np.atleast_1d(peak_mach)
    supersonic = peak_mach > 1.0
    if supersonic.any():
        values = {"peak_mach": float(np.max(peak_mach)), **_count(supersonic)}
        source = "drag at these speeds is calibrated on two record jumps only (docs/fall.md)"
        found.append(Notice("supersonic", "warn", values, source, subject))
    high = m.exit_altitude_m > HIGH_EXIT_M
    if high.any():
        values = {"exit_altitude_m": float(np.max(m.exit_altitude_m)), "limit_m": HIGH_EXIT_M}
        found.append(Notice("exit-above-records", "warn", values | _count(high), "", subject))
    early = canopy.landed_opening
    if early.any():
        values = {"deploy_altitude_m": float(np.min(m.deploy_altitude_m)), **_count(early)}
        found.append(Notice("landing-before-opening", "warn", values, "", subject))
    never = ~freefall.terminal_reached
    if never.any():
        found.append(Notice("terminal-not-reached", "info", _count(never), "", subject))
    coverage = getattr(jump.wind, "coverage_notices", None)
    if callable(coverage):
        low = float(np.min(m.ground_elevation_m))
        found.extend(coverage(low, float(np.max(m.exit_altitude_m))))
    return found


def simulate_ensemble(jump: Jump, rtol: float = RTOL, *, peaks: bool = True) -> Ensemble:
    """Simulate N jumps at once and return each member's summary figures.

    Parameters
    ----------
    jump
        The jumps: any numeric field of the jump, its exit and its body may be a 1-D
        array of length N (the others are shared); the wind may be an ensemble of winds
        (:class:`duskfall.winds.PerturbedWind`), whose ``velocity_enu_mps(z, t)`` is
        called with ``z`` of shape (N,) in member order, all members on every call, and
        ``t`` None or, with exit times, the (N,) array of POSIX times [s]. Headings under
        canopy may be NaN for members holding into the wind.
    rtol
        Relative tolerance of the integrator, :data:`~duskfall.fall.RTOL` (1e-6) to
        1e-3, the absolute tolerances (1 cm, 1 mm/s at 1e-6) scaled with it. A Monte
        Carlo ensemble whose spread is hundreds of metres needs less than the default's
        centimetres: the dispersion integrates at
        :data:`duskfall.release.DISPERSION_RTOL`.
    peaks
        False leaves out what only the peaks need: the ensemble's peak fall rate (its
        time and altitude), peak airspeed and Mach and time to 95 % of terminal speed are
        then None. Everything else, the notices included, is the same to the last bit,
        for a fifth less work (the seed's 1,000-member dispersion: 214 M instructions
        against 272 M, callgrind); the dispersion needs only where the members open and
        land.

    Returns
    -------
    Ensemble
        (N,) arrays of summary figures, and the notices.

    Raises
    ------
    OutOfRangeError, InconsistentInputError
        Naming the field: non-positive mass or drag area, altitudes out of order, an exit
        above the atmosphere model, a wind faster than 250 kt, arrays of different
        lengths, a tolerance out of range.
    InputError
        Naming ``peaks`` when it is not True or False.

    Notes
    -----
    All members are integrated together by one adaptive Runge-Kutta scheme: the step is
    shared (the worst member sets it) and each member's events are located inside the
    step.

    Examples
    --------
    >>> import numpy as np
    >>> from duskfall.fall import Body, Exit, Jump
    >>> jumps = Jump(Exit(4000.0), 1000.0, Body(80.0, cda_m2=np.array([0.5, 0.6])))
    >>> simulate_ensemble(jumps).freefall_duration_s.round(1).tolist()
    [56.4, 61.0]
    """
    rtol = check_range("rtol", rtol, RTOL, MAX_RTOL)
    if not isinstance(peaks, bool | np.bool_):
        raise InputError("peaks", peaks, "True or False")
    m = members(jump)
    freefall, canopy = _run(m, jump, False, rtol, bool(peaks))
    return _summary(m, jump, freefall, canopy, bool(peaks))


def _summary(m: Members, jump: Jump, freefall: Freefall, canopy: CanopyStage, peaks: bool):
    """The members' summary figures from their stages (the peaks None without them)."""
    land = canopy.landing_state

    def peak(values):
        return values if peaks else None

    return Ensemble(
        freefall_duration_s=freefall.deploy_time,
        deploy_east_m=freefall.deploy_state[0],
        deploy_north_m=freefall.deploy_state[1],
        deploy_altitude_m=freefall.deploy_state[2],
        landing_east_m=land[0],
        landing_north_m=land[1],
        landing_time_s=freefall.deploy_time + canopy.landing_time,
        max_speed_mps=peak(freefall.best_rate),
        max_speed_time_s=peak(freefall.best_time),
        max_speed_altitude_m=peak(freefall.best_altitude),
        max_airspeed_mps=peak(freefall.max_airspeed),
        max_mach=peak(freefall.max_mach),
        time_to_95_percent_terminal_s=peak(freefall.t95),
        deploy_velocity_east_mps=freefall.deploy_state[3],
        deploy_velocity_north_mps=freefall.deploy_state[4],
        deploy_velocity_up_mps=freefall.deploy_state[5],
        drift_east_m=land[3],
        drift_north_m=land[4],
        reach_radius_m=land[5],
        notices=merge(_notices(m, freefall, canopy, jump)),
        freefall_steps=freefall.count,
        canopy_steps=canopy.count,
    )


def _sample(steps: Steps, times: np.ndarray, position_dims: int, with_velocity: bool):
    """Evaluate the recorded steps at ``times`` by Hermite interpolation (member 0)."""
    t = np.array(steps.t)
    y = np.array([s[:, 0] for s in steps.y])
    f = np.array([s[:, 0] for s in steps.f])
    i = np.clip(np.searchsorted(t, times, side="right") - 1, 0, t.size - 2)
    h = t[i + 1] - t[i]
    theta = np.clip((times - t[i]) / h, 0.0, 1.0)
    out = np.empty((y.shape[1], times.size))
    if not with_velocity:
        for c in range(y.shape[1]):
            out[c] = hermite_cubic(theta, h, y[i, c], y[i + 1, c], f[i, c], f[i + 1, c])
        return out
    for c in range(position_dims):
        args = (theta, h, y[i, c], y[i + 1, c], y[i, c + 3], y[i + 1, c + 3])
        accel = (f[i, c + 3], f[i + 1, c + 3])
        out[c] = hermite_position(*args, *accel)
        out[c + 3] = hermite_position(*args, *accel, derivative=1)
    return out


def _air_figures(jump: Jump, up, time_s, ve, vn, vu, exit_time):
    """Airspeed, Mach and dynamic pressure at samples of a trajectory."""
    air = jump.atmosphere
    wind = StageWind(jump.wind, up.size, exit_time)
    we, wn = wind(up, time_s)
    airspeed = np.sqrt((ve - we) ** 2 + (vn - wn) ** 2 + vu**2)
    mach = airspeed / air.speed_of_sound_mps(up)
    return airspeed, mach, 0.5 * air.density_kgpm3(up) * airspeed**2


def _parabola_peak(values: np.ndarray) -> float:
    """The largest of evenly spaced samples, refined by the parabola through it and its
    two neighbours (the highest sample itself at either end)."""
    i = int(np.argmax(values))
    if i == 0 or i == values.size - 1:
        return float(values[i])
    left, middle, right = values[i - 1], values[i], values[i + 1]
    curvature = left - 2.0 * middle + right
    if curvature >= 0.0:
        return float(middle)
    return float(middle - 0.125 * (right - left) ** 2 / curvature)


def _peaks(freefall: Freefall, jump: Jump, t_deploy: float, exit_time):
    """Peak airspeed and Mach of the free fall, on samples of its interpolant."""
    count = max(int(np.ceil(t_deploy / PEAK_SAMPLE_S)), 2) + 1
    times = np.linspace(0.0, t_deploy, count)
    s = _sample(freefall.steps, times, 3, True)
    airspeed, mach, _ = _air_figures(jump, s[2], times, s[3], s[4], s[5], exit_time)
    return _parabola_peak(airspeed), _parabola_peak(mach)


def _canopy_samples(freefall, stage, canopy, t_deploy, interval, jump, m):
    """Samples under canopy: the grid (time since exit), the end of the opening, landing."""
    t_open = canopy.opening_duration_s
    tau_land = float(stage.landing_time[0])
    grid = np.arange(np.ceil(t_deploy / interval) * interval, t_deploy + tau_land, interval)
    tau = grid - t_deploy
    tau = tau[tau > 1e-9]
    events = [t_open] if t_open < tau_land else []
    tau = np.unique(np.concatenate([tau, events]))
    states = _sample(stage.steps, tau, 3, False)
    tau = np.append(tau, tau_land)
    states = np.concatenate([states, stage.landing_state[:, :1]], axis=1)
    sample_wind = StageWind(jump.wind, tau.size, m.exit_time_utc_s)
    velocities = stage.velocity(tau, states, sample_wind)
    stage_code = np.where(tau < t_open - 1e-9, 1, 2)
    return tau, states, velocities, stage_code


def _opening(stage, canopy, tau, states, t_deploy):
    """(time after exit, east, north, altitude) of the end of the opening."""
    t_open = canopy.opening_duration_s
    index = int(np.searchsorted(tau, min(t_open, tau[-1]) - 1e-9))
    index = min(index, tau.size - 1)
    return t_deploy + float(tau[index]), *(float(v) for v in states[:3, index])


def simulate_jump(jump: Jump, sample_interval_s: float = 0.5) -> Trajectory:
    """Simulate one jump from exit to landing, keeping its whole time history.

    The one-member case of :func:`simulate_ensemble`.

    Parameters
    ----------
    jump
        The jump (:class:`~duskfall.fall.Jump`), every field a single number.
    sample_interval_s
        Spacing of the output samples [s], 0.01 to 60; events are added exactly.

    Returns
    -------
    Trajectory

    Raises
    ------
    OutOfRangeError, InconsistentInputError
        For a non-positive mass or drag area, altitudes out of order, an exit above the
        atmosphere model, a wind faster than 250 kt, arrays in the jump.

    Examples
    --------
    >>> from duskfall.fall import Body, Exit, Jump
    >>> trajectory = simulate_jump(Jump(Exit(4000.0), 1000.0, Body(80.0, cda_m2=0.56)))
    >>> round(trajectory.freefall_duration_s, 1), round(trajectory.max_speed_mps, 1)
    (59.2, 56.4)
    """
    interval = check_range(
        "sample_interval_s",
        sample_interval_s,
        MIN_SAMPLE_INTERVAL_S,
        MAX_SAMPLE_INTERVAL_S,
        unit="s",
    )
    m = members(jump)
    if m.size != 1:
        raise OutOfRangeError("jump", m.size, "a single jump (use simulate_ensemble for arrays)")
    freefall, stage = _run(m, jump, True)
    canopy = jump.canopy_model
    t_deploy = float(freefall.deploy_time[0])
    exit_time = None if jump.exit.time_utc_s is None else float(jump.exit.time_utc_s)

    ff_times = np.arange(0.0, t_deploy, interval)
    ff = _sample(freefall.steps, ff_times, 3, True)
    ff = np.concatenate([ff, freefall.deploy_state[:, :1]], axis=1)
    ff_times = np.append(ff_times, t_deploy)
    tau, states, velocities, stage_code = _canopy_samples(
        freefall, stage, canopy, t_deploy, interval, jump, m
    )

    time_s = np.concatenate([ff_times, t_deploy + tau])
    up = np.concatenate([ff[2], states[2]])
    ve, vn, vu = (np.concatenate([ff[3 + c], velocities[c]]) for c in range(3))
    airspeed, mach, dynamic_pressure = _air_figures(jump, up, time_s, ve, vn, vu, exit_time)
    peak_airspeed, peak_mach = _peaks(freefall, jump, t_deploy, exit_time)
    t95 = float(freefall.t95[0])
    opening = _opening(stage, canopy, tau, states, t_deploy)
    land = stage.landing_state[:, 0]
    return Trajectory(
        time_s=time_s,
        east_m=np.concatenate([ff[0], states[0]]),
        north_m=np.concatenate([ff[1], states[1]]),
        altitude_m=up,
        velocity_east_mps=ve,
        velocity_north_mps=vn,
        velocity_up_mps=vu,
        stage=np.concatenate([np.zeros(ff_times.size, dtype=int), stage_code]),
        airspeed_mps=airspeed,
        mach=mach,
        dynamic_pressure_pa=dynamic_pressure,
        freefall_duration_s=t_deploy,
        landing_time_s=t_deploy + float(stage.landing_time[0]),
        max_speed_mps=float(freefall.best_rate[0]),
        max_speed_time_s=float(freefall.best_time[0]),
        max_speed_altitude_m=float(freefall.best_altitude[0]),
        max_airspeed_mps=peak_airspeed,
        max_mach=peak_mach,
        time_to_95_percent_terminal_s=None if np.isnan(t95) else t95,
        deploy_east_m=float(freefall.deploy_state[0, 0]),
        deploy_north_m=float(freefall.deploy_state[1, 0]),
        opening_time_s=opening[0],
        opening_east_m=opening[1],
        opening_north_m=opening[2],
        opening_altitude_m=opening[3],
        landing_east_m=float(land[0]),
        landing_north_m=float(land[1]),
        drift_east_m=float(land[3]),
        drift_north_m=float(land[4]),
        reach_radius_m=float(land[5]),
        ground_elevation_m=float(m.ground_elevation_m[0]),
        exit_altitude_m=float(m.exit_altitude_m[0]),
        deploy_altitude_m=float(m.deploy_altitude_m[0]),
        mass_kg=float(m.mass_kg[0]),
        cda_m2=float(m.cda_m2[0]),
        posture=jump.body.posture,
        canopy=canopy.name,
        jump=jump,
        notices=merge(_notices(m, freefall, stage, jump, peak_mach)),
    )
