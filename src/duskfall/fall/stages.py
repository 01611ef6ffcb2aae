"""The stages of a jump: right-hand sides, stop events and their bookkeeping.

Each stage is a small object with ``rhs(t, y) -> dy/dt`` for N members at once and
``on_step(t0, t1, y0, y1, f0, f1) -> done`` that the integrator calls after every accepted
step; the events inside a step (deployment, the peak fall rate, 95 % of terminal speed,
the peak airspeed, landing) are located on the step's Hermite interpolant, each in its
own method.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import numpy as np

from duskfall.atmosphere import SEA_LEVEL_DENSITY_KGPM3
from duskfall.errors import OutOfRangeError
from duskfall.fall.integrator import Steps, find_crossing, hermite_cubic, hermite_position
from duskfall.fall.jump import Members
from duskfall.fall.models import Canopy, DragRise
from duskfall.winds import MAX_WIND_SPEED_MPS, ConstantWind, WindProfile

TERMINAL_FRACTION = 0.95
"""Fraction of the local terminal speed for :attr:`Trajectory.time_to_95_percent_terminal_s`."""


class StageWind:
    """The wind as the integrator sees it: checked, with constant winds precomputed."""

    def __init__(self, wind: WindProfile | None, size: int, exit_time_utc_s):
        self.profile = wind
        self.size = size
        self.exit_time = exit_time_utc_s
        self.constant = None
        if wind is None:
            self.constant = (0.0, 0.0)
        elif isinstance(wind, ConstantWind):
            east, north = wind.velocity_enu_mps(0.0)
            self.constant = (float(east), float(north))
        self.last = (0.0, 0.0)
        self.buffer = np.zeros((3, size))
        if self.constant is not None:
            self.constant_vector = np.array([[self.constant[0]], [self.constant[1]], [0.0]])

    def vector(self, z: np.ndarray, t_since_exit) -> np.ndarray:
        """The wind as a (3, 1) or (3, N) array (east, north, zero up).

        The array is reused from call to call: use it before the next call.
        """
        if self.constant is not None:
            return self.constant_vector
        east, north = self(z, t_since_exit)
        out = self.buffer
        out[0] = east
        out[1] = north
        return out

    def __call__(self, z: np.ndarray, t_since_exit) -> tuple[Any, Any]:
        if self.constant is not None:
            return self.constant
        time = None if self.exit_time is None else self.exit_time + t_since_exit
        east, north = self.profile.velocity_enu_mps(z, time)
        self.last = (east, north)
        return east, north

    def check(self, z: np.ndarray, where: str) -> None:
        """Refuse winds faster than MAX_WIND_SPEED_MPS or not finite (at altitudes z)."""
        if self.constant is not None:
            east, north = self.constant
        else:
            east, north = self.last
        speed = np.hypot(east, north)
        if np.max(speed) <= MAX_WIND_SPEED_MPS:  # the common case (NaN fails it)
            return
        bad = ~np.isfinite(speed) | (speed > MAX_WIND_SPEED_MPS)
        if bad.any():
            value = float(
                np.broadcast_to(speed, np.shape(z))[np.broadcast_to(bad, np.shape(z))].flat[0]
            )
            raise OutOfRangeError(
                "wind speed",
                value,
                f"0 to {MAX_WIND_SPEED_MPS:.0f} m/s",
                f"is out of range {where}",
            )


@cache
def _drag_table(drag_rise: DragRise) -> tuple[np.ndarray, np.ndarray]:
    return drag_rise.table()


def terminal_speed_mps(air, z, mass, cda):
    """Local still-air terminal speed sqrt(2 m g / (rho CdA)) [m/s]."""
    with np.errstate(divide="ignore"):
        return np.sqrt(2.0 * mass * air.gravity_mps2(z) / (air.density_kgpm3(z) * cda))


def _members_of(idx: np.ndarray, *rows: np.ndarray) -> tuple:
    """Each row's values for the members ``idx``: floats for one member, whose events
    :func:`~duskfall.fall.integrator.find_crossing` then finds in floats (numpy's cost
    per call is most of the work for one value), else arrays."""
    if idx.size == 1:
        i = int(idx[0])
        return tuple(float(row[i]) for row in rows)
    return tuple(row[idx] for row in rows)


def _state_at(theta, h, y0, y1, f0, f1, idx) -> np.ndarray:
    """Free-fall state (6, n) of members ``idx`` at fractions ``theta`` of a step (the
    three axes in one evaluation: the same sums, a third of the calls)."""
    state = np.empty((6, idx.size))
    args = (y0[:3, idx], y1[:3, idx], y0[3:, idx], y1[3:, idx], f0[3:, idx], f1[3:, idx])
    state[:3] = hermite_position(theta, h, *args)
    state[3:] = hermite_position(theta, h, *args, derivative=1)
    return state


def _cubic_peak(v0, v1, d0, d1, h, limit):
    """Largest value of the cubic Hermite interpolant of (v0, v1, d0, d1) on [0, limit]
    (limit <= 1, a fraction of the step), and the fraction where it is reached: the ends
    and the interior stationary points."""
    # p(t) = a t^3 + b t^2 + c t + v0 on t in [0, 1]
    c = h * d0
    a = 2 * v0 - 2 * v1 + h * (d0 + d1)
    b = -3 * v0 + 3 * v1 - h * (2 * d0 + d1)
    at_limit = hermite_cubic(limit, h, v0, v1, d0, d1)
    best = np.maximum(v0, at_limit)
    where = np.where(at_limit > v0, limit, 0.0)
    disc = b * b - 3 * a * c
    with np.errstate(invalid="ignore", divide="ignore"):
        root = np.sqrt(np.maximum(disc, 0.0))
        for sign in (-1.0, 1.0):
            t = np.where(np.abs(a) > 1e-12, (-b + sign * root) / (3 * a), -c / (2 * b))
            ok = (disc >= 0) & np.isfinite(t) & (t > 0) & (t < limit)
            value = hermite_cubic(np.where(ok, t, 0.0), h, v0, v1, d0, d1)
            higher = ok & (value > best)
            best = np.where(higher, value, best)
            where = np.where(higher, t, where)
    return best, where


SUPERSONIC_MACH = 1.0
"""Mach number above which a fall is reported supersonic (the ``supersonic`` notice)."""

_CUBIC_BULGE = 4.0 / 27.0
"""Largest magnitude of the cubic Hermite basis functions of the end derivatives on
[0, 1], t (1 - t)^2 and t^2 (1 - t): the interpolant of (v0, v1, d0, d1) on a step of
length h stays below max(v0, v1) + 4/27 h (|d0| + |d1|)."""


def _slowest_sound_mps(air) -> float:
    """The slowest speed of sound of an air model's table [m/s], or 0 when it has none
    (nothing is then screened by it)."""
    table = getattr(air, "speed_of_sound_table_mps", None)
    return 0.0 if table is None else float(np.min(table))


class Freefall:
    """Free-fall stage: the right-hand side and the events of N members.

    With ``peaks`` False the stage finds the deployments and no peaks: not the peak fall
    rate, its time and altitude, nor the time to 95 % of terminal speed (only whether it
    is reached), and the peak Mach number only where it may pass
    :data:`SUPERSONIC_MACH` (so the notices are the same). The integration, and every
    figure it gives, is the same to the last bit.
    """

    def __init__(
        self,
        members: Members,
        wind: StageWind,
        air,
        drag_rise: DragRise,
        record: bool,
        peaks: bool = True,
    ):
        self.m = members
        self.peaks = peaks
        self.wind = wind
        self.air = air
        self.half_cda_over_mass = 0.5 * members.cda_m2 / members.mass_kg
        self.mach_nodes, self.mach_factor = _drag_table(drag_rise)
        self.has_drag_rise = drag_rise.increase != 0.0
        # Below this airspeed the drag rise cannot start anywhere in the air's table (0
        # for an air model without one: the Mach number is then always worked out).
        self.slowest_sound_mps = _slowest_sound_mps(air)
        self.slow_mps = drag_rise.mach_start * self.slowest_sound_mps
        n = members.size
        self.active = np.ones(n, dtype=bool)
        self.active_f = np.ones(n)
        self.frozen = False
        self.deploy_time = np.full(n, np.nan)
        self.deploy_state = np.full((6, n), np.nan)
        self.best_rate = np.full(n, -np.inf)
        self.best_time = np.zeros(n)
        self.best_altitude = members.exit_altitude_m.copy()
        self.max_mach = np.zeros(n)
        self.max_airspeed = np.zeros(n)
        self.last_relative = np.zeros((3, n))
        self.last_airspeed = np.zeros(n)
        self.t95 = np.full(n, np.nan)
        self.terminal_reached = np.zeros(n, dtype=bool)
        self.t95_pending = True
        self.steps = Steps() if record else None
        self.count = 0

    def rhs(self, t: float, y: np.ndarray) -> np.ndarray:
        z = y[2]
        air = self.air
        velocity = y[3:]
        relative = velocity - self.wind.vector(z, t)
        self.last_relative = relative
        airspeed = np.sqrt((relative * relative).sum(axis=0))
        self.last_airspeed = airspeed
        k = self.half_cda_over_mass * air.density_kgpm3(z) * airspeed
        if self.has_drag_rise and airspeed.max() > self.slow_mps:
            mach = airspeed / air.speed_of_sound_mps(z)
            k = k * np.interp(mach, self.mach_nodes, self.mach_factor)
        out = np.empty_like(y)
        out[:3] = velocity
        np.multiply(relative, -k, out=out[3:])
        out[5] -= air.gravity_mps2(z)
        if self.frozen:
            out *= self.active_f
        return out

    def start(self, y0: np.ndarray) -> np.ndarray:
        """The derivative at exit; records the exit as the first step end.

        A recorded run (one trajectory) takes its peak airspeed and Mach afterwards from
        dense samples of the recorded steps; an ensemble tracks them step by step."""
        f0 = self.rhs(0.0, y0)
        if self.steps is not None:
            self.steps.add(0.0, y0, f0)
        else:
            self._end_airspeed = self._airspeed_and_rate(y0, f0, sound=True)
            self._update_peak_airspeed(self._end_airspeed, None, None, y0, y0)
        return f0

    def on_step(self, t0, t1, y0, y1, f0, f1) -> bool:
        self.count += 1
        if self.wind.constant is None:
            self.wind.check(y1[2], "in free fall")
        crossing, theta_end = self._deployment(t0, t1, y0, y1, f0, f1)
        if self.steps is None:
            # The integrator's last right-hand side was at (t1, y1) (first same as last).
            end = self._airspeed_and_rate(y1, f1, sound=self.peaks)
            self._update_peak_airspeed(self._end_airspeed, end, t1 - t0, y0, y1, theta_end)
            self._end_airspeed = end
        if self.peaks:
            self._peak_fall_rate(t0, t1, y0, y1, f0, f1, crossing, theta_end)
        if self.t95_pending:
            self._find_t95(t0, t1 - t0, y0, y1, f0, f1, crossing, theta_end)
        if self.steps is not None:
            self.steps.add(t1, y1, f1)
        if crossing is not None:
            self.active = self.active & ~crossing
            self.active_f = self.active.astype(float)
            self.frozen = True
            # Members that stopped do not move: their derivative (reused as the next
            # step's first stage) is zero, so they add no error to the shared step.
            f1[:, crossing] = 0.0
        return not self.active.any()

    def _airspeed_and_rate(self, y, f, sound: bool):
        """Airspeed |v - w| at a step end (from the right-hand side just evaluated there),
        its rate of change, u . dv/dt / |u| (the wind's own change along the path, a few
        m/s over a fall, is left out), and the speed of sound there with ``sound`` (else
        None: :meth:`_update_peak_airspeed` looks it up where it needs it)."""
        relative = self.last_relative
        speed = self.last_airspeed
        with np.errstate(invalid="ignore", divide="ignore"):
            rate = np.where(speed > 0, (relative * f[3:]).sum(axis=0) / speed, 0.0)
        return speed, rate, self._sound(y[2]) if sound else None

    def _sound(self, z) -> np.ndarray:
        """The speed of sound [m/s] at altitudes ``z``."""
        return np.asarray(self.air.speed_of_sound_mps(z), dtype=float)

    def _update_peak_airspeed(self, start, end, h, y0, y1, theta_end=None) -> None:
        """Peak airspeed and Mach: at exit, then over each step the largest value of the
        cubic Hermite interpolant of the airspeed (the sound speed linear in the step: it
        changes by a few tenths of a percent over one)."""
        active = self.active
        if end is None:
            speed, _, sound = start
            np.maximum(self.max_airspeed, speed, out=self.max_airspeed, where=active)
            np.maximum(self.max_mach, speed / sound, out=self.max_mach, where=active)
            return
        (u0, d0, c0), (u1, d1, c1) = start, end
        if not self.peaks:
            # Only where the Mach number may pass SUPERSONIC_MACH inside the step (the
            # interpolant's bound, and the slower sound speed), for the notice; the
            # sound speeds are looked up only when the bound passes the slowest of the
            # air's table (NaN may pass: the full search then finds it, as with peaks).
            bound = np.maximum(u0, u1) + _CUBIC_BULGE * h * (np.abs(d0) + np.abs(d1))
            if bound.max() * (1.0 + 1e-9) < SUPERSONIC_MACH * self.slowest_sound_mps:
                return
            c0, c1 = self._sound(y0[2]), self._sound(y1[2])
            below = bound * (1.0 + 1e-9) < SUPERSONIC_MACH * np.minimum(c0, c1)
            if not (active & ~below).any():
                return
        limit = np.ones(u0.shape) if theta_end is None else theta_end
        peak, theta = _cubic_peak(u0, u1, d0, d1, h, limit)
        mach = peak / (c0 + (c1 - c0) * theta)
        np.maximum(self.max_airspeed, peak, out=self.max_airspeed, where=active)
        np.maximum(self.max_mach, mach, out=self.max_mach, where=active)

    def _deployment(self, t0, t1, y0, y1, f0, f1):
        """Members crossing the deployment altitude in this step: their exact state there.
        Returns (crossing mask or None, theta_end: the step fraction each member stops at)."""
        m = self.m
        crossing = self.active & (y1[2] <= m.deploy_altitude_m)
        if not crossing.any():
            return None, None
        h = t1 - t0
        theta_end = np.ones(m.size)
        idx = np.nonzero(crossing)[0]
        z0, z1, v0, v1, a0, a1 = _members_of(idx, y0[2], y1[2], y0[5], y1[5], f0[5], f1[5])
        theta = find_crossing(
            lambda th: hermite_position(th, h, z0, z1, v0, v1, a0, a1),
            np.zeros(idx.size),
            np.ones(idx.size),
            m.deploy_altitude_m[idx],
        )
        theta_end[idx] = theta
        state = _state_at(theta, h, y0, y1, f0, f1, idx)
        state[2] = m.deploy_altitude_m[idx]
        self.deploy_state[:, idx] = state
        self.deploy_time[idx] = t0 + theta * h
        return crossing, theta_end

    def _peak_fall_rate(self, t0, t1, y0, y1, f0, f1, crossing, theta_end) -> None:
        """The largest fall rate: at the step's end (or at deployment) or inside it, where
        the vertical acceleration turns from down to up."""
        h = t1 - t0
        active = self.active
        if crossing is not None:
            rate_end = np.where(crossing, -self.deploy_state[5], -y1[5])
            time_end = np.where(crossing, self.deploy_time, t1)
            altitude_end = np.where(crossing, self.deploy_state[2], y1[2])
        else:
            rate_end, time_end, altitude_end = -y1[5], t1, y1[2]
        better = active & (rate_end > self.best_rate)
        if better.any():
            self.best_rate = np.where(better, rate_end, self.best_rate)
            self.best_time = np.where(better, time_end, self.best_time)
            self.best_altitude = np.where(better, altitude_end, self.best_altitude)
        turning = active & (f0[5] < 0) & (f1[5] >= 0)
        if not turning.any():
            return
        idx = np.nonzero(turning)[0]
        args = _members_of(idx, y0[2], y1[2], y0[5], y1[5], f0[5], f1[5])
        # Where the interpolant's acceleration crosses zero upward.
        theta = find_crossing(
            lambda th: hermite_position(th, h, *args, derivative=2),
            np.zeros(idx.size),
            np.ones(idx.size),
            0.0,
        )
        if theta_end is not None:
            theta = np.minimum(theta, theta_end[idx])
        rate = -hermite_position(theta, h, *args, derivative=1)
        altitude = hermite_position(theta, h, *args)
        better = rate > self.best_rate[idx]
        sel = idx[better]
        self.best_rate[sel] = rate[better]
        self.best_time[sel] = t0 + theta[better] * h
        self.best_altitude[sel] = altitude[better]

    def _terminal_ratio(self, z, fall_rate, mass, cda):
        return fall_rate / terminal_speed_mps(self.air, z, mass, cda)

    def _find_t95(self, t0, h, y0, y1, f0, f1, crossing, theta_end) -> None:
        """First time the fall rate reaches 95 % of the local terminal speed (with
        ``peaks`` False, only whether it is reached)."""
        m = self.m
        pending = self.active & ~self.terminal_reached
        if not pending.any():
            self.t95_pending = False
            return
        ratio1 = self._terminal_ratio(y1[2], -y1[5], m.mass_kg, m.cda_m2)
        if crossing is not None:
            at_deploy = self._terminal_ratio(
                self.deploy_state[2], -self.deploy_state[5], m.mass_kg, m.cda_m2
            )
            ratio1 = np.where(crossing, at_deploy, ratio1)
        reached = pending & (ratio1 >= TERMINAL_FRACTION)
        if not reached.any():
            return
        if not self.peaks:
            self.terminal_reached |= reached
            return
        idx = np.nonzero(reached)[0]
        args = _members_of(idx, y0[2], y1[2], y0[5], y1[5], f0[5], f1[5])
        mass, cda = _members_of(idx, m.mass_kg, m.cda_m2)

        def ratio(theta):
            z = hermite_position(theta, h, *args)
            rate = -hermite_position(theta, h, *args, derivative=1)
            return self._terminal_ratio(z, rate, mass, cda)

        upper = np.ones(idx.size) if theta_end is None else theta_end[idx]
        start = ratio(np.zeros(idx.size))
        theta = find_crossing(ratio, np.zeros(idx.size), upper, TERMINAL_FRACTION)
        self.t95[idx] = t0 + np.where(start >= TERMINAL_FRACTION, 0.0, theta) * h
        self.terminal_reached[idx] = ~np.isnan(self.t95[idx])  # NaN: tried again


CANOPY_ROWS = 3
"""Rows of the canopy state the step control sees (east, north, altitude); rows 3-5 are
quadratures carried along: the pure-drift point (east, north) and the reach [m]."""


class CanopyStage:
    """Deployment and canopy stages: kinematic airspeed plus the wind, N members.

    State (6, N): east, north, altitude, and three quadratures: the pure-drift point (where
    the canopy would land with no airspeed of its own) and the reach (the distance flown
    through the air). In a wind that depends on altitude and time only, a canopy flying
    any heading program ``u(tau)`` lands at ``drift + integral of (1 - phi) V u dtau``, so
    the landings of every steering form the disc of radius ``reach`` about ``drift``.
    Time is ``tau``, the time since each member's deployment started (shared by all
    members, so the opening profile is one number).
    """

    def __init__(self, members, wind, air, canopy: Canopy, deploy_time, deploy_state, record):
        self.m = members
        self.wind = wind
        self.air = air
        self.canopy = canopy
        self.deploy_time = deploy_time
        we, wn = wind(deploy_state[2], deploy_time)
        self.u_deploy = np.array([deploy_state[3] - we, deploy_state[4] - wn, deploy_state[5]])
        self.heading_unit, self.holding = self._headings(members.canopy_heading_deg)
        n = members.size
        self.active = np.ones(n, dtype=bool)
        self.active_f = np.ones(n)
        self.frozen = False
        self.landing_time = np.full(n, np.nan)
        self.landing_state = np.full((6, n), np.nan)
        self.landed_opening = np.zeros(n, dtype=bool)
        self.steps = Steps() if record else None
        self.count = 0

    def _headings(self, heading):
        """(unit vectors (2, 1 or N) of fixed headings or None, mask of members holding
        into the local wind or None)."""
        if heading is not None:
            holding = np.isnan(heading)
            rad = np.radians(np.where(holding, 0.0, heading))
            unit = np.array([np.sin(rad), np.cos(rad)])
            return unit, (holding if holding.any() else None)
        if self.wind.constant is not None:
            speed = math.hypot(*self.wind.constant)
            east, north = self.wind.constant
            unit = (-east / speed, -north / speed) if speed > 0 else (0.0, 0.0)
            return np.array([[unit[0]], [unit[1]]]), None
        return None, np.ones(self.m.size, dtype=bool)

    def initial_state(self, deploy_state: np.ndarray) -> np.ndarray:
        """The canopy state at the start of deployment: position, drift point there, reach 0."""
        c0 = np.zeros((6, deploy_state.shape[1]))
        c0[:3] = deploy_state[:3]
        c0[3:5] = deploy_state[:2]
        return c0

    def velocity(self, tau, y: np.ndarray, wind: StageWind | None = None) -> np.ndarray:
        """Rates (6, N) at states y, ``tau`` [s] after deployment started (a number, or one
        per column of y with ``wind`` sized to match): the ground velocity, the pure-drift
        velocity and the airspeed that counts toward the reach.

        The ground velocity is ``(1 - phi) a + phi u_d + w``: the canopy's own air
        velocity ``a`` blended from the free-fall airspeed ``u_d`` by the opening profile
        ``phi``, plus the wind; the pure drift leaves ``a`` out.
        """
        z = y[2]
        wind = wind or self.wind
        air_motion = wind.vector(z, self.deploy_time + tau)
        canopy = self.canopy
        sigma = np.sqrt(SEA_LEVEL_DENSITY_KGPM3 / self.air.density_kgpm3(z))
        airspeed = canopy.airspeed_mps * sigma
        out = np.empty((6, *np.shape(z)))
        out[:2] = self._canopy_air_velocity(airspeed, air_motion)
        out[2] = -canopy.sink_mps * sigma
        phi = canopy.opening_fraction(tau)
        if np.ndim(phi) or phi > 0.0:
            out[:3] += (self.u_deploy - out[:3]) * phi
            out[3:5] = self.u_deploy[:2] * phi
        else:
            out[3:5] = 0.0
        out[5] = airspeed * (1.0 - phi)
        out[:2] += air_motion[:2]
        out[3:5] += air_motion[:2]
        return out

    def _canopy_air_velocity(self, airspeed, air_motion):
        """The canopy's own horizontal velocity through the air (2, N)."""
        if self.canopy.airspeed_mps == 0.0:
            return np.zeros((2, *np.shape(airspeed)))
        if self.holding is None:
            return self.heading_unit * airspeed
        # Into the wind (holding): the airspeed points where the wind comes from.
        speed = np.hypot(air_motion[0], air_motion[1])
        scale = np.where(speed > 1e-9, -airspeed / np.maximum(speed, 1e-9), 0.0)
        into = air_motion[:2] * scale
        if self.heading_unit is None:
            return into
        return np.where(self.holding, into, self.heading_unit * airspeed)

    def rhs(self, tau: float, y: np.ndarray) -> np.ndarray:
        out = self.velocity(tau, y)
        if self.frozen:
            out *= self.active_f
        return out

    def on_step(self, t0, t1, y0, y1, f0, f1) -> bool:
        h = t1 - t0
        self.count += 1
        if self.wind.constant is None:
            self.wind.check(y1[2], "under canopy")
        ground = self.m.ground_elevation_m
        landed = self.active & (y1[2] <= ground)
        if landed.any():
            self._land(t0, h, y0, y1, f0, f1, landed, ground)
        if self.steps is not None:
            self.steps.add(t1, y1, f1)
        if landed.any():
            f1[:, landed] = 0.0
        return not self.active.any()

    def _land(self, t0, h, y0, y1, f0, f1, landed, ground) -> None:
        idx = np.nonzero(landed)[0]
        z0, z1, d0, d1 = _members_of(idx, y0[2], y1[2], f0[2], f1[2])
        theta = find_crossing(
            lambda th: hermite_cubic(th, h, z0, z1, d0, d1),
            np.zeros(idx.size),
            np.ones(idx.size),
            ground[idx],
        )
        for c in range(6):
            self.landing_state[c, idx] = hermite_cubic(
                theta, h, y0[c, idx], y1[c, idx], f0[c, idx], f1[c, idx]
            )
        self.landing_state[2, idx] = ground[idx]
        self.landing_time[idx] = t0 + theta * h
        self.landed_opening[idx] = t0 + theta * h < self.canopy.opening_duration_s
        self.active = self.active & ~landed
        self.active_f = self.active.astype(float)
        self.frozen = True
