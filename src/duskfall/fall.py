"""The fall: a point mass with drag through the standard atmosphere and the wind.

Equation of motion in a local East-North-Up frame whose origin is on the ground below
the exit point::

    dv/dt = -g(z) e_up - 1/2 rho(z) CdA f(M) / m |v - w| (v - w)

with ``g(z)`` the inverse-square gravity of the 1976 standard, ``rho(z)`` its density,
``w(z, t)`` the wind, ``CdA`` the jumper's drag area and ``f(M)`` the transonic drag
rise (:class:`DragRise`) as a function of the Mach number of the airspeed ``|v - w|``.
The jump runs in stages separated by stop events:

1. free fall, from exit (leaving with the aircraft's true airspeed: the forward throw)
   down to the deployment altitude;
2. deployment: the airspeed relaxes from its free-fall value to the canopy's over a few
   seconds and a few hundred feet (:class:`Canopy`, fitted to real openings);
3. canopy flight: ram-air canopies glide at their airspeed and sink rate, round ones sink
   only; both drift with the wind;
4. landing at the ground elevation.

One integrator runs every case: an adaptive Dormand-Prince 5(4) Runge-Kutta scheme
vectorised over ensemble members that share the step (the worst member sets it).
Events (deployment, the peak fall rate, 95 % of terminal speed, landing) are located
inside a step by Hermite interpolation of the step's end states and derivatives, not by
rounding to the step. :func:`simulate_jump` is the one-member case of
:func:`simulate_ensemble` and keeps the whole time history; the ensemble keeps only the
summary figures of each member.

References
----------
Dormand, J. R. and Prince, P. J. (1980), A family of embedded Runge-Kutta formulae,
J. Comput. Appl. Math. 6(1), 19-26, doi:10.1016/0771-050X(80)90013-3.
Hairer, E., Norsett, S. P. and Wanner, G. (1993), Solving Ordinary Differential Equations
I, 2nd ed., Springer, sec. II.4 (step-size control) and II.6 (dense output).
Guerster, M. and Walter, U. (2017), Aerodynamics of a highly irregular body at transonic
speeds - Analysis of STRATOS flight data, PLoS ONE 12(12): e0187798,
doi:10.1371/journal.pone.0187798.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from duskfall import atmosphere
from duskfall.atmosphere import SEA_LEVEL_DENSITY_KGPM3
from duskfall.constants import MPH_MPS, STANDARD_GRAVITY_MPS2
from duskfall.errors import InconsistentInputError, OutOfRangeError
from duskfall.winds import MAX_WIND_SPEED_MPS, ConstantWind, WindProfile

# --- Drag: postures and the transonic drag rise ----------------------------------------


@dataclass(frozen=True)
class DragRise:
    """Transonic drag rise: the drag area multiplied by ``f(M)`` at Mach number ``M``.

    ``f(M) = 1 + increase * s(x)`` with ``x = (M - mach_start) / (mach_end - mach_start)``
    clipped to [0, 1] and the smoothstep ``s(x) = 3x^2 - 2x^3``: no change below
    ``mach_start``, a smooth rise through the transonic range, a plateau above
    ``mach_end``.

    The shape follows the drag of bluff bodies (a sphere's drag coefficient starts to rise
    near Mach 0.6 and levels off above Mach 1.1; Hoerner, Fluid-Dynamic Drag, 1965,
    ch. 16). The amplitude for a jumper is small: Guerster and Walter (2017) found from
    the Red Bull Stratos data a subsonic drag coefficient of 0.60 and a compressibility
    drag only 19 % of what a smooth body would have; see :data:`POSTURES`.
    """

    increase: float = 0.0
    """Fractional increase of the drag area on the plateau (0.2 means +20 %)."""
    mach_start: float = 0.6
    """Mach number where the rise begins."""
    mach_end: float = 1.1
    """Mach number where the plateau begins."""
    source: str = "no drag rise"

    def factor(self, mach):
        """The multiplier ``f(M)`` of the drag area at Mach number ``mach``."""
        x = np.clip((np.asarray(mach, dtype=float) - self.mach_start) / self._width(), 0, 1)
        value = 1.0 + self.increase * x * x * (3.0 - 2.0 * x)
        return float(value) if value.ndim == 0 else value

    def _width(self) -> float:
        return self.mach_end - self.mach_start

    def table(self) -> tuple[np.ndarray, np.ndarray]:
        """Nodes (Mach, factor) for linear interpolation in the integrator."""
        mach = np.linspace(self.mach_start, self.mach_end, 41)
        return mach, np.asarray(self.factor(mach))


@dataclass(frozen=True)
class Posture:
    """A body position in free fall, described by its drag area per unit mass."""

    name: str
    cda_per_kg_m2: float
    """Drag area per kilogram of jumper and equipment [m^2/kg]."""
    source: str
    """Where the value comes from."""
    drag_rise: DragRise = field(default_factory=DragRise)
    """Transonic drag rise (only matters for stratospheric exits)."""

    def cda_m2(self, mass_kg: float) -> float:
        """Drag area [m^2] for a jumper of ``mass_kg`` [kg] with equipment."""
        return self.cda_per_kg_m2 * mass_kg

    @property
    def sea_level_terminal_speed_mps(self) -> float:
        """Terminal speed in sea-level standard air [m/s]: sqrt(2 g / (rho0 CdA/m))."""
        return float(
            np.sqrt(2 * STANDARD_GRAVITY_MPS2 / (SEA_LEVEL_DENSITY_KGPM3 * self.cda_per_kg_m2))
        )


def cda_per_kg_for_terminal_speed(speed_mps: float) -> float:
    """CdA/m [m^2/kg] that gives terminal speed ``speed_mps`` [m/s] in sea-level air.

    ``CdA/m = 2 g0 / (rho0 v^2)`` with the standard g0 and rho0.
    """
    return 2.0 * STANDARD_GRAVITY_MPS2 / (SEA_LEVEL_DENSITY_KGPM3 * speed_mps**2)


#: Transonic drag rise of a human body: none. The amplitude was calibrated on the two
#: supersonic records (Red Bull Stratos 2012, StratEx 2014), fitting each one's drag
#: area to its free-fall time: any positive amplitude makes both predicted peak speeds
#: lower, and Stratos' is already 5 % low without it, so the least-squares amplitude is
#: at its physical bound, zero. This agrees with Guerster and Walter (2017), who found
#: the compressibility drag of the Stratos jumper only 19 % of a smooth body's, and it
#: is the cautious choice for the supersonic warning. A body with a measured drag rise
#: gets its own :class:`DragRise` (see docs/fall.md).
HUMAN_DRAG_RISE = DragRise(
    increase=0.0,
    source="calibrated on the Red Bull Stratos and StratEx records (no measurable rise; "
    "Guerster and Walter 2017: 19 % of a smooth body's compressibility drag)",
)

#: Belly-to-earth drag area fitted on the FlySight reference logs (median quasi-steady
#: CdA/m of the three belly jumps, 0.0071 m^2/kg: a sea-level terminal speed of 47 m/s).
FLYSIGHT_BELLY_CDA_PER_KG_M2 = 0.0071

#: Body positions by name. Sport postures are given through their commonly quoted
#: sea-level terminal speed; the pressure suit through a fit to a record jump.
POSTURES: dict[str, Posture] = {
    "belly": Posture(
        "belly",
        cda_per_kg_for_terminal_speed(120 * MPH_MPS),
        "120 mph sea-level terminal speed, belly-to-earth (USPA Skydiver's Information "
        "Manual, the common reference value). The FlySight reference logs show slower "
        "belly flyers: 0.0071 m^2/kg, 105 mph (see docs/fall.md)",
        HUMAN_DRAG_RISE,
    ),
    "sit": Posture(
        "sit",
        cda_per_kg_for_terminal_speed(145 * MPH_MPS),
        "about 145 mph sea-level terminal speed in a sit-fly position (freefly coaching "
        "literature; midway in the usual 130-160 mph range)",
        HUMAN_DRAG_RISE,
    ),
    "head-down": Posture(
        "head-down",
        cda_per_kg_for_terminal_speed(165 * MPH_MPS),
        "about 165 mph sea-level terminal speed head-down (freefly literature, 150-180 "
        "mph; the FlySight freefly log peaks at 92 m/s at 3,000 m, equivalent to 79 m/s "
        "at sea level)",
        HUMAN_DRAG_RISE,
    ),
    "track": Posture(
        "track",
        cda_per_kg_for_terminal_speed(100 * MPH_MPS),
        "about 100 mph vertical speed in a flat track (tracking literature, 90-110 mph)",
        HUMAN_DRAG_RISE,
    ),
    "pressure-suit": Posture(
        "pressure-suit",
        0.00651,
        "full pressure suit and rig: CdA/m fitted to the Red Bull Stratos free-fall time "
        "(260 s from 38,969.4 m to 2,566.8 m MSL; FAI 2013 and Red Bull Stratos 2013), a "
        "sea-level terminal speed of 50 m/s",
        HUMAN_DRAG_RISE,
    ),
}

# --- Canopies ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Canopy:
    """A main canopy: its steady flight and its opening.

    Speeds are equivalent airspeeds (at sea-level density); in thinner air the canopy
    flies faster by ``sqrt(rho0 / rho)`` at the same wing loading (lift = weight at a
    constant lift coefficient).

    The opening: the airspeed vector relaxes from its free-fall value ``u_d`` to the
    canopy's steady airspeed ``u_c`` as ``u = u_c + (u_d - u_c) phi(tau)`` with
    ``phi(tau) = 1 - tau / D`` for ``tau < D`` and 0 after: a steady deceleration over the
    opening duration ``D``, the shape the FlySight reference logs show (their fall rate
    drops almost linearly from about 50 m/s to the canopy's sink rate in 6-7 s).
    """

    name: str
    sink_mps: float
    """Steady sink rate at sea-level density [m/s]."""
    airspeed_mps: float
    """Steady horizontal airspeed at sea-level density [m/s]; 0 for a round canopy."""
    opening_duration_s: float
    """Duration ``D`` of the deployment stage [s]."""
    source: str

    def opening_fraction(self, tau_s):
        """``phi(tau)``: the part of the free-fall airspeed excess left ``tau_s`` [s] after
        the start of deployment (1 at the start, 0 when the canopy flies)."""
        if isinstance(tau_s, float):
            return max(0.0, 1.0 - tau_s / self.opening_duration_s)
        value = np.maximum(0.0, 1.0 - np.asarray(tau_s, dtype=float) / self.opening_duration_s)
        return float(value) if value.ndim == 0 else value


#: Canopies by name.
CANOPIES: dict[str, Canopy] = {
    "ram-air": Canopy(
        "ram-air",
        sink_mps=5.0,
        airspeed_mps=10.0,
        opening_duration_s=6.25,
        source="sport ram-air canopy at moderate wing loading: 10 m/s (20 kt) forward, "
        "5 m/s sink, glide ratio 2:1 (Knacke, Parachute Recovery Systems Design Manual, "
        "NWC TP 6575, 1991, ch. 5; the FlySight reference logs sink at 5-7 m/s under "
        "canopy). Opening fitted to the FlySight logs: deceleration start to a fall rate "
        "below g in 5.6-8.2 s over 160-178 m",
    ),
    "round": Canopy(
        "round",
        sink_mps=5.8,
        airspeed_mps=0.0,
        opening_duration_s=4.0,
        source="military round troop canopy (T-11 class): about 19 ft/s (5.8 m/s) rate of "
        "descent, no forward speed (US Army FM 3-21.220, 2017, ch. 2); opening within the "
        "four-second count of static-line training (same manual)",
    ),
}

STAGE_NAMES = ("freefall", "deployment", "canopy")
"""Stage codes used in :attr:`Trajectory.stage`: 0 free fall, 1 deployment, 2 canopy."""

TERMINAL_FRACTION = 0.95
"""Fraction of the local terminal speed for :attr:`Trajectory.time_to_95_percent_terminal_s`."""

HIGH_EXIT_M = 50_000.0
"""Above this exit altitude no jump has been made or measured; the drag model is then an
extrapolation (the air is still a continuum for a human-sized body up to about 80 km)."""

MAX_FALL_TIME_S = 3600.0
"""Longest free fall or canopy flight simulated [s]; longer means inconsistent input."""

# --- The integrator ---------------------------------------------------------------------

# Dormand-Prince 5(4) coefficients (Dormand and Prince 1980, Table 2; Hairer et al. 1993,
# Table II.5.2). FSAL: the last stage is the derivative at the new point.
_C = np.array([0.0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1.0, 1.0])
_A = (
    (),
    (1 / 5,),
    (3 / 40, 9 / 40),
    (44 / 45, -56 / 15, 32 / 9),
    (19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729),
    (9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656),
    (35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84),
)
# Error weights: fifth-order minus fourth-order solution.
_E = np.array([71 / 57600, 0.0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40])
_A_ROWS = [np.array(row) for row in _A]

RTOL = 1e-6
"""Relative tolerance of the integrator's local error control."""
ATOL_POSITION_M = 0.01
"""Absolute tolerance on positions [m]."""
ATOL_VELOCITY_MPS = 0.001
"""Absolute tolerance on velocities [m/s]. With RTOL and ATOL_POSITION_M these keep
event times within a millisecond, positions within a few centimetres and the peak fall
rate within 0.01 m/s of solve_ivp at rtol 1e-10, in 15-40 steps per free fall
(tolerance study in docs/fall.md; checked by tests/test_fall.py and
benchmarks/bench_fall.py). Ten times looser saves only 10 % of the time and lets the
time of a flat peak wander by 0.05 s."""
MAX_STEP_S = 20.0
"""Largest step in free fall [s]; keeps the peak search from stepping over short events."""
MAX_CANOPY_STEP_S = 60.0
"""Largest step under canopy [s]."""


@dataclass
class _Steps:
    """History of accepted steps (time, state, derivative at each step end)."""

    t: list = field(default_factory=list)
    y: list = field(default_factory=list)
    f: list = field(default_factory=list)

    def add(self, t: float, y: np.ndarray, f: np.ndarray) -> None:
        self.t.append(t)
        self.y.append(y.copy())
        self.f.append(f.copy())


def _integrate(
    rhs: Callable[[float, np.ndarray], np.ndarray],
    t0: float,
    y0: np.ndarray,
    atol: np.ndarray,
    on_step: Callable[[float, float, np.ndarray, np.ndarray, np.ndarray, np.ndarray], bool],
    breakpoints: tuple[float, ...] = (),
    first_step_s: float = 0.5,
    max_step_s: float = MAX_STEP_S,
    t_max: float = MAX_FALL_TIME_S,
) -> None:
    """Adaptive Dormand-Prince 5(4) over a (d, N) state shared by N members.

    ``on_step(t0, t1, y0, y1, f0, f1)`` is called after every accepted step with the step's
    end points and derivatives (for Hermite interpolation); it returns True when the
    integration is finished. ``breakpoints`` are times the steps must land on (where the
    right-hand side has a kink). The error norm is the RMS over components of each member,
    scaled by ``atol + RTOL |y|``; the step obeys the worst member.
    """
    t = t0
    y = y0
    f = rhs(t, y)
    h = first_step_s
    pending = sorted(b for b in breakpoints if b > t0)
    d = y.shape[0]
    shape = y.shape
    k = np.empty((7, y.size))
    while True:
        if t - t0 > t_max:
            raise InconsistentInputError(
                "trajectory",
                f"{t - t0:.0f} s",
                f"less than {t_max:.0f} s per stage",
                "does not end (the jumper never reaches the stop altitude)",
            )
        h = min(h, max_step_s)
        landing = False
        if pending and t + h >= pending[0] - 1e-9:
            h = pending[0] - t
            landing = True
        k[0] = f.reshape(-1)
        y_flat = y.reshape(-1)
        for stage in range(1, 7):
            increment = _A_ROWS[stage] @ k[:stage]
            k[stage] = rhs(t + _C[stage] * h, (y_flat + h * increment).reshape(shape)).reshape(-1)
        y_new = (y_flat + h * (_A_ROWS[6] @ k[:6])).reshape(shape)
        error = (h * (_E @ k)).reshape(shape)
        scale = atol + RTOL * np.maximum(np.abs(y), np.abs(y_new))
        ratio = error / scale
        norm = float(np.sqrt((ratio * ratio).sum(axis=0).max() / d))
        if norm <= 1.0 or h < 1e-6:
            t_new = t + h
            f_new = k[6].reshape(shape).copy()
            if landing:
                pending.pop(0)
            if on_step(t, t_new, y, y_new, f, f_new):
                return
            t, y, f = t_new, y_new, f_new
            factor = 5.0 if norm == 0 else min(5.0, 0.9 * norm**-0.2)
        else:
            factor = max(0.2, 0.9 * norm**-0.2)
        h = h * factor


def _hermite_position(theta, h, y0, y1, v0, v1, a0, a1, derivative=0):
    """Quintic Hermite interpolation of a position on a step, from positions, velocities
    and accelerations at both ends; ``theta`` in [0, 1] is the fraction of the step.

    ``derivative`` 1 or 2 gives the interpolant's velocity or acceleration (errors of
    order h^5 and h^4), which is how velocities between steps are evaluated.
    """
    t = theta
    t2 = t * t
    t3 = t2 * t
    if derivative == 0:
        t4 = t3 * t
        t5 = t4 * t
        h00 = 1 - 10 * t3 + 15 * t4 - 6 * t5
        h10 = t - 6 * t3 + 8 * t4 - 3 * t5
        h11 = -4 * t3 + 7 * t4 - 3 * t5
        h20 = 0.5 * t2 - 1.5 * t3 + 1.5 * t4 - 0.5 * t5
        h21 = 0.5 * t3 - t4 + 0.5 * t5
        return (
            y0 + (1 - h00) * (y1 - y0) + h * (h10 * v0 + h11 * v1) + h * h * (h20 * a0 + h21 * a1)
        )
    if derivative == 1:
        t4 = t3 * t
        d01 = 30 * t2 - 60 * t3 + 30 * t4
        d10 = 1 - 18 * t2 + 32 * t3 - 15 * t4
        d11 = -12 * t2 + 28 * t3 - 15 * t4
        d20 = t - 4.5 * t2 + 6 * t3 - 2.5 * t4
        d21 = 1.5 * t2 - 4 * t3 + 2.5 * t4
        return d01 * (y1 - y0) / h + d10 * v0 + d11 * v1 + h * (d20 * a0 + d21 * a1)
    e01 = 60 * t - 180 * t2 + 120 * t3
    e10 = -36 * t + 96 * t2 - 60 * t3
    e11 = -24 * t + 84 * t2 - 60 * t3
    e20 = 1 - 9 * t + 18 * t2 - 10 * t3
    e21 = 3 * t - 12 * t2 + 10 * t3
    return e01 * (y1 - y0) / (h * h) + (e10 * v0 + e11 * v1) / h + e20 * a0 + e21 * a1


def _hermite_cubic(theta, h, y0, y1, d0, d1):
    """Cubic Hermite interpolation from values and derivatives at both ends of a step."""
    t = theta
    t2 = t * t
    t3 = t2 * t
    return (
        (2 * t3 - 3 * t2 + 1) * y0
        + (t3 - 2 * t2 + t) * h * d0
        + (-2 * t3 + 3 * t2) * y1
        + (t3 - t2) * h * d1
    )


def _find_crossing(value_at, theta_lo, theta_hi, target, iterations=60):
    """Vectorised root of ``value_at(theta) = target`` on brackets [theta_lo, theta_hi]
    where the value crosses the target (Illinois false position; stops when every root
    has moved by less than 1e-12 of the step)."""
    a = np.array(theta_lo, dtype=float)
    b = np.array(theta_hi, dtype=float)
    fa = value_at(a) - target
    fb = value_at(b) - target
    last = np.zeros(a.shape, dtype=bool)
    c = a
    for _ in range(iterations):
        width = fb - fa
        c_new = np.where(width != 0, b - fb * (b - a) / np.where(width != 0, width, 1.0), b)
        c_new = np.clip(c_new, np.minimum(a, b), np.maximum(a, b))
        done = np.abs(c_new - c).max() < 1e-12
        c = c_new
        if done:
            break
        fc = value_at(c) - target
        keep_a = np.sign(fc) == np.sign(fb)
        # Illinois: when the same end is kept twice, halve its value to force progress.
        fa = np.where(keep_a, np.where(last, 0.5 * fa, fa), fb)
        a = np.where(keep_a, a, b)
        last = keep_a
        b, fb = c, fc
    return c


# --- Results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Trajectory:
    """A simulated jump, sampled in time from exit to landing.

    Positions are in a local East-North-Up frame with its origin on the ground (at the
    ground elevation) below the exit point, unless an exit offset was given. Times are
    seconds after exit. Samples fall on a regular grid (``sample_interval_s``) plus the
    exact event times (deployment, end of the opening, landing).
    """

    time_s: np.ndarray
    east_m: np.ndarray
    north_m: np.ndarray
    altitude_m: np.ndarray
    """Geometric altitude [m MSL]."""
    velocity_east_mps: np.ndarray
    velocity_north_mps: np.ndarray
    velocity_up_mps: np.ndarray
    stage: np.ndarray
    """0 free fall, 1 deployment, 2 canopy (see STAGE_NAMES)."""
    airspeed_mps: np.ndarray
    """Speed through the air, |v - w| [m/s]."""
    mach: np.ndarray
    """Airspeed over the local speed of sound."""
    dynamic_pressure_pa: np.ndarray
    """1/2 rho |v - w|^2 [Pa]."""
    freefall_duration_s: float
    """Time from exit to the deployment altitude [s]."""
    landing_time_s: float
    """Time from exit to touchdown [s]."""
    max_speed_mps: float
    """Peak free-fall fall rate (vertical speed, positive down) [m/s], located between
    integrator steps by Hermite interpolation."""
    max_speed_time_s: float
    """Time after exit of the peak fall rate [s]."""
    max_speed_altitude_m: float
    """Altitude of the peak fall rate [m MSL]."""
    max_airspeed_mps: float
    """Peak airspeed in free fall, forward throw included [m/s]."""
    max_mach: float
    """Peak Mach number in free fall."""
    time_to_95_percent_terminal_s: float | None
    """First time the fall rate reaches 95 % of the local still-air terminal speed
    sqrt(2 m g / (rho CdA)) [s]; None if it never does."""
    deploy_east_m: float
    deploy_north_m: float
    landing_east_m: float
    landing_north_m: float
    ground_elevation_m: float
    """Elevation of the landing area [m MSL]."""
    exit_altitude_m: float
    deploy_altitude_m: float
    mass_kg: float
    cda_m2: float
    posture: str
    canopy: str
    warnings: tuple[str, ...] = ()

    @property
    def speed_mps(self) -> np.ndarray:
        """Ground-relative speed [m/s]."""
        return np.sqrt(
            self.velocity_east_mps**2 + self.velocity_north_mps**2 + self.velocity_up_mps**2
        )

    @property
    def fall_rate_mps(self) -> np.ndarray:
        """Vertical speed, positive down [m/s]."""
        return -self.velocity_up_mps

    @property
    def drift_m(self) -> float:
        """Horizontal distance from the exit point to the landing point [m]."""
        return float(
            np.hypot(self.landing_east_m - self.east_m[0], self.landing_north_m - self.north_m[0])
        )

    def action_segment(self, end_altitude_m: float | None = None):
        """Times [s] and altitudes [m] from exit down to ``end_altitude_m``.

        By default the segment ends at deployment. The last sample is interpolated to lie
        exactly at the end altitude.
        """
        if end_altitude_m is None:
            end_time = self.freefall_duration_s
        else:
            below = np.nonzero(self.altitude_m <= end_altitude_m)[0]
            if below.size == 0 or end_altitude_m > self.altitude_m[0]:
                raise OutOfRangeError(
                    "action end altitude", end_altitude_m, "an altitude the jumper passes"
                )
            i = below[0]
            if i == 0:
                end_time = 0.0
            else:
                end_time = float(
                    np.interp(
                        end_altitude_m,
                        self.altitude_m[i - 1 : i + 1][::-1],
                        self.time_s[i - 1 : i + 1][::-1],
                    )
                )
        keep = self.time_s < end_time
        times = np.append(self.time_s[keep], end_time)
        altitudes = np.append(
            self.altitude_m[keep], np.interp(end_time, self.time_s, self.altitude_m)
        )
        return times, altitudes

    def geodetic(self, latitude_deg: float, longitude_deg: float):
        """Latitude and longitude [deg] of every sample, given the geodetic position of the
        frame's origin (the ground point below the exit, at the ground elevation).

        Uses the WGS84 ellipsoid through :func:`pymap3d.enu2geodetic` (exact ENU to
        geodetic conversion; heights are taken as ellipsoidal, a difference of at most
        100 m in height that moves horizontal positions by less than a millimetre).

        Returns
        -------
        latitude_deg, longitude_deg : ndarray
        """
        import pymap3d

        up = self.altitude_m - self.ground_elevation_m
        lat, lon, _ = pymap3d.enu2geodetic(
            self.east_m, self.north_m, up, latitude_deg, longitude_deg, self.ground_elevation_m
        )
        return np.asarray(lat), np.asarray(lon)


@dataclass(frozen=True)
class Ensemble:
    """Summary figures of N simulated jumps (one entry per member, in member order).

    Produced by :func:`simulate_ensemble`. Positions are in the same East-North-Up frame
    as the inputs ``exit_east_m``/``exit_north_m`` (origin on the ground).
    """

    freefall_duration_s: np.ndarray
    """Time from exit to the deployment altitude [s]."""
    deploy_east_m: np.ndarray
    deploy_north_m: np.ndarray
    deploy_altitude_m: np.ndarray
    """Where deployment starts [m, m, m MSL]."""
    landing_east_m: np.ndarray
    landing_north_m: np.ndarray
    landing_time_s: np.ndarray
    """Time from exit to touchdown [s]."""
    max_speed_mps: np.ndarray
    """Peak free-fall fall rate (vertical speed, positive down) [m/s]."""
    max_speed_time_s: np.ndarray
    max_speed_altitude_m: np.ndarray
    max_airspeed_mps: np.ndarray
    max_mach: np.ndarray
    """Peak airspeed [m/s] and Mach number in free fall, taken over the integrator's
    stages (six per step, steps of 0.5-20 s)."""
    time_to_95_percent_terminal_s: np.ndarray
    """First time the fall rate reaches 95 % of the local terminal speed [s]; NaN for a
    member that never does (then listed in ``warnings``)."""
    deploy_velocity_east_mps: np.ndarray
    deploy_velocity_north_mps: np.ndarray
    deploy_velocity_up_mps: np.ndarray
    warnings: tuple[str, ...] = ()
    freefall_steps: int = 0
    """Number of accepted integrator steps in free fall (shared by all members)."""
    canopy_steps: int = 0

    @property
    def size(self) -> int:
        """Number of members N."""
        return int(self.freefall_duration_s.size)

    def member(self, index: int) -> dict[str, float]:
        """The summary figures of one member as a dict of floats."""
        names = [name for name, value in self.__dict__.items() if isinstance(value, np.ndarray)]
        return {name: float(getattr(self, name)[index]) for name in names}


# --- The model --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Members:
    """Per-member inputs broadcast to (N,)."""

    exit_altitude_m: np.ndarray
    deploy_altitude_m: np.ndarray
    ground_elevation_m: np.ndarray
    mass_kg: np.ndarray
    cda_m2: np.ndarray
    aircraft_speed_mps: np.ndarray
    aircraft_heading_deg: np.ndarray
    exit_east_m: np.ndarray
    exit_north_m: np.ndarray
    exit_time_utc_s: np.ndarray | None
    canopy_heading_deg: np.ndarray | None

    @property
    def size(self) -> int:
        return int(self.mass_kg.size)


def _finite_array(name: str, value: Any) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    if array.ndim > 1:
        raise OutOfRangeError(name, f"array of shape {array.shape}", "a scalar or a 1-D array")
    if not np.all(np.isfinite(array)):
        bad = array[~np.isfinite(array)].flat[0] if array.ndim else float(array)
        raise OutOfRangeError(name, float(bad), "a finite number")
    return array


def _first(array: np.ndarray, mask: np.ndarray) -> float:
    return float(np.asarray(array)[mask].flat[0])


def _members(
    exit_altitude_m,
    deploy_altitude_m,
    ground_elevation_m,
    mass_kg,
    cda_m2,
    aircraft_speed_mps,
    aircraft_heading_deg,
    exit_east_m,
    exit_north_m,
    exit_time_utc_s,
    canopy_heading_deg,
    air,
) -> _Members:
    values = {
        "exit altitude": exit_altitude_m,
        "deploy altitude": deploy_altitude_m,
        "ground elevation": ground_elevation_m,
        "mass": mass_kg,
        "cda": cda_m2,
        "aircraft speed": aircraft_speed_mps,
        "aircraft heading": aircraft_heading_deg,
        "exit east": exit_east_m,
        "exit north": exit_north_m,
    }
    if exit_time_utc_s is not None:
        values["exit time"] = exit_time_utc_s
    if canopy_heading_deg is not None:
        values["canopy heading"] = canopy_heading_deg
    arrays = {name: _finite_array(name, value) for name, value in values.items()}
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values()), (1,))
    except ValueError:
        sizes = sorted({a.size for a in arrays.values() if a.ndim})
        raise OutOfRangeError(
            "ensemble members", sizes, "scalars and arrays of one common length N"
        ) from None
    b = {name: np.broadcast_to(a, shape).astype(float) for name, a in arrays.items()}
    mass, cda = b["mass"], b["cda"]
    if np.any(mass <= 0) or np.any(mass > 1000):
        raise OutOfRangeError(
            "mass", _first(mass, (mass <= 0) | (mass > 1000)), "more than 0 kg, at most 1000 kg"
        )
    if np.any(cda <= 0) or np.any(cda > 100):
        raise OutOfRangeError(
            "cda", _first(cda, (cda <= 0) | (cda > 100)), "more than 0 m^2, at most 100 m^2"
        )
    speed = b["aircraft speed"]
    if np.any(speed < 0) or np.any(speed > 350):
        raise OutOfRangeError(
            "aircraft speed",
            _first(speed, (speed < 0) | (speed > 350)),
            "0 to 350 m/s true airspeed",
        )
    exit_alt, deploy, ground = b["exit altitude"], b["deploy altitude"], b["ground elevation"]
    low = max(
        air.min_altitude_m,
        atmosphere.MIN_ALTITUDE_M if np.isfinite(air.min_altitude_m) else -np.inf,
    )
    if np.any(ground < low):
        raise OutOfRangeError(
            "ground elevation", _first(ground, ground < low), f"at least {low:.0f} m MSL"
        )
    if np.any(exit_alt > air.max_altitude_m):
        raise OutOfRangeError(
            "exit altitude",
            _first(exit_alt, exit_alt > air.max_altitude_m),
            f"at most {air.max_altitude_m:.0f} m MSL (the top of the {air.name})",
        )
    if np.any(deploy <= ground):
        bad = deploy <= ground
        raise InconsistentInputError(
            "deploy altitude",
            _first(deploy, bad),
            f"above the ground elevation ({_first(ground, bad):.0f} m MSL)",
            "is at or below the ground",
        )
    if np.any(exit_alt <= deploy):
        bad = exit_alt <= deploy
        raise InconsistentInputError(
            "exit altitude",
            _first(exit_alt, bad),
            f"above the deployment altitude ({_first(deploy, bad):.0f} m MSL)",
            "is at or below the deployment altitude",
        )
    return _Members(
        exit_altitude_m=exit_alt,
        deploy_altitude_m=deploy,
        ground_elevation_m=ground,
        mass_kg=mass,
        cda_m2=cda,
        aircraft_speed_mps=speed,
        aircraft_heading_deg=b["aircraft heading"],
        exit_east_m=b["exit east"],
        exit_north_m=b["exit north"],
        exit_time_utc_s=b.get("exit time"),
        canopy_heading_deg=b.get("canopy heading"),
    )


class _Wind:
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


def _terminal_speed(air, z, mass, cda):
    with np.errstate(divide="ignore"):
        return np.sqrt(2.0 * mass * air.gravity_mps2(z) / (air.density_kgpm3(z) * cda))


class _Freefall:
    """Free-fall stage: the right-hand side and the events of N members."""

    def __init__(self, members: _Members, wind: _Wind, air, drag_rise: DragRise, record: bool):
        self.m = members
        self.wind = wind
        self.air = air
        self.half_cda_over_mass = 0.5 * members.cda_m2 / members.mass_kg
        self.mach_nodes, self.mach_factor = _drag_table(drag_rise)
        self.has_drag_rise = drag_rise.increase != 0.0
        # Below this airspeed the drag rise cannot start anywhere below 81 km (the speed
        # of sound of the 1976 standard is at least 270 m/s there).
        self.slow_mps = drag_rise.mach_start * 270.0
        n = members.size
        self.active = np.ones(n, dtype=bool)
        self.active_f = np.ones(n)
        self.frozen = False
        self.stage_max_airspeed = np.zeros(n)
        self.deploy_time = np.full(n, np.nan)
        self.deploy_state = np.full((6, n), np.nan)
        self.best_rate = np.full(n, -np.inf)
        self.best_time = np.zeros(n)
        self.best_altitude = members.exit_altitude_m.copy()
        self.max_mach = np.zeros(n)
        self.max_airspeed = np.zeros(n)
        self.t95 = np.full(n, np.nan)
        self.t95_pending = True
        self.steps = _Steps() if record else None
        self.count = 0

    def rhs(self, t: float, y: np.ndarray) -> np.ndarray:
        z = y[2]
        air = self.air
        velocity = y[3:]
        relative = velocity - self.wind.vector(z, t)
        airspeed = np.sqrt((relative * relative).sum(axis=0))
        k = self.half_cda_over_mass * air.density_kgpm3(z) * airspeed
        if self.has_drag_rise and airspeed.max() > self.slow_mps:
            mach = airspeed / air.speed_of_sound_mps(z)
            k = k * np.interp(mach, self.mach_nodes, self.mach_factor)
        # Peak airspeed over the stages (rejected steps included: their stages are
        # approximations of states the fall goes through).
        np.maximum(self.stage_max_airspeed, airspeed, out=self.stage_max_airspeed)
        out = np.empty_like(y)
        out[:3] = velocity
        np.multiply(relative, -k, out=out[3:])
        out[5] -= air.gravity_mps2(z)
        if self.frozen:
            out *= self.active_f
        return out

    def _terminal_ratio(self, z, fall_rate, mass, cda):
        return fall_rate / _terminal_speed(self.air, z, mass, cda)

    def on_step(self, t0, t1, y0, y1, f0, f1) -> bool:
        h = t1 - t0
        self.count += 1
        m = self.m
        if self.wind.constant is None:
            self.wind.check(y1[2], "in free fall")
        active = self.active
        # Peak airspeed and Mach (members still falling): the step's largest stage
        # airspeed over the smaller speed of sound at its two ends.
        airspeed = self.stage_max_airspeed
        np.maximum(self.max_airspeed, airspeed, out=self.max_airspeed, where=active)
        sound = np.minimum(self.air.speed_of_sound_mps(y0[2]), self.air.speed_of_sound_mps(y1[2]))
        mach = airspeed / sound
        np.maximum(self.max_mach, mach, out=self.max_mach, where=active)
        self.stage_max_airspeed.fill(0.0)

        # Deployment: the altitude crosses the deployment altitude in this step.
        crossing = active & (y1[2] <= m.deploy_altitude_m)
        any_crossing = crossing.any()
        theta_end = None
        if any_crossing:
            theta_end = np.ones(m.size)
            idx = np.nonzero(crossing)[0]
            z0, z1 = y0[2, idx], y1[2, idx]
            v0, v1 = y0[5, idx], y1[5, idx]
            a0, a1 = f0[5, idx], f1[5, idx]
            theta = _find_crossing(
                lambda th: _hermite_position(th, h, z0, z1, v0, v1, a0, a1),
                np.zeros(idx.size),
                np.ones(idx.size),
                m.deploy_altitude_m[idx],
            )
            theta_end[idx] = theta
            state = np.empty((6, idx.size))
            for c in range(3):
                state[c] = _hermite_position(
                    theta,
                    h,
                    y0[c, idx],
                    y1[c, idx],
                    y0[c + 3, idx],
                    y1[c + 3, idx],
                    f0[c + 3, idx],
                    f1[c + 3, idx],
                )
                state[c + 3] = _hermite_position(
                    theta,
                    h,
                    y0[c, idx],
                    y1[c, idx],
                    y0[c + 3, idx],
                    y1[c + 3, idx],
                    f0[c + 3, idx],
                    f1[c + 3, idx],
                    derivative=1,
                )
            state[2] = m.deploy_altitude_m[idx]
            self.deploy_state[:, idx] = state
            self.deploy_time[idx] = t0 + theta * h

        # Peak fall rate: largest at the step's end (or at deployment) ...
        if any_crossing:
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
        # ... or inside it, where the vertical acceleration turns from down to up.
        turning = active & (f0[5] < 0) & (f1[5] >= 0)
        if turning.any():
            idx = np.nonzero(turning)[0]
            z0, z1 = y0[2, idx], y1[2, idx]
            v0, v1, a0, a1 = y0[5, idx], y1[5, idx], f0[5, idx], f1[5, idx]
            # Where the interpolant's acceleration crosses zero upward.
            theta = _find_crossing(
                lambda th: _hermite_position(th, h, z0, z1, v0, v1, a0, a1, derivative=2),
                np.zeros(idx.size),
                np.ones(idx.size),
                0.0,
            )
            if theta_end is not None:
                theta = np.minimum(theta, theta_end[idx])
            rate = -_hermite_position(theta, h, z0, z1, v0, v1, a0, a1, derivative=1)
            altitude = _hermite_position(theta, h, z0, z1, v0, v1, a0, a1)
            better = rate > self.best_rate[idx]
            sel = idx[better]
            self.best_rate[sel] = rate[better]
            self.best_time[sel] = t0 + theta[better] * h
            self.best_altitude[sel] = altitude[better]

        # 95 % of the local terminal speed, first crossing.
        if self.t95_pending:
            self._find_t95(t0, h, y0, y1, f0, f1, active, crossing, theta_end)

        if self.steps is not None:
            self.steps.add(t1, y1, f1)
        if any_crossing:
            self.active = active & ~crossing
            self.active_f = self.active.astype(float)
            self.frozen = True
            # Members that stopped do not move: their derivative (reused as the next
            # step's first stage) is zero, so they add no error to the shared step.
            f1[:, crossing] = 0.0
        return not self.active.any()

    def _find_t95(self, t0, h, y0, y1, f0, f1, active, crossing, theta_end) -> None:
        m = self.m
        pending = active & np.isnan(self.t95)
        if not pending.any():
            self.t95_pending = False
            return
        ratio1 = self._terminal_ratio(y1[2], -y1[5], m.mass_kg, m.cda_m2)
        if crossing.any():
            at_deploy = self._terminal_ratio(
                self.deploy_state[2], -self.deploy_state[5], m.mass_kg, m.cda_m2
            )
            ratio1 = np.where(crossing, at_deploy, ratio1)
        reached = pending & (ratio1 >= TERMINAL_FRACTION)
        if not reached.any():
            return
        idx = np.nonzero(reached)[0]
        z0, z1 = y0[2, idx], y1[2, idx]
        v0, v1, a0, a1 = y0[5, idx], y1[5, idx], f0[5, idx], f1[5, idx]
        mass, cda = m.mass_kg[idx], m.cda_m2[idx]

        def ratio(theta):
            z = _hermite_position(theta, h, z0, z1, v0, v1, a0, a1)
            rate = -_hermite_position(theta, h, z0, z1, v0, v1, a0, a1, derivative=1)
            return self._terminal_ratio(z, rate, mass, cda)

        upper = np.ones(idx.size) if theta_end is None else theta_end[idx]
        start = ratio(np.zeros(idx.size))
        theta = _find_crossing(ratio, np.zeros(idx.size), upper, TERMINAL_FRACTION)
        self.t95[idx] = t0 + np.where(start >= TERMINAL_FRACTION, 0.0, theta) * h


class _Canopy:
    """Deployment and canopy stages: kinematic airspeed plus the wind, N members.

    State (3, N): east, north, altitude. Time is ``tau``, the time since each member's
    deployment started (shared by all members, so the opening profile is one number).
    """

    def __init__(self, members, wind, air, canopy: Canopy, deploy_time, deploy_state, record):
        self.m = members
        self.wind = wind
        self.air = air
        self.canopy = canopy
        self.deploy_time = deploy_time
        we, wn = wind(deploy_state[2], deploy_time)
        self.u_deploy = np.array([deploy_state[3] - we, deploy_state[4] - wn, deploy_state[5]])
        heading = members.canopy_heading_deg
        self.heading_unit = None
        if heading is not None:
            rad = np.radians(heading)
            self.heading_unit = np.array([np.sin(rad), np.cos(rad)])
        elif wind.constant is not None:
            speed = math.hypot(*wind.constant)
            if speed > 0:
                unit = (-wind.constant[0] / speed, -wind.constant[1] / speed)
            else:
                unit = (0.0, 0.0)
            self.heading_unit = np.array([[unit[0]], [unit[1]]])
        n = members.size
        self.active = np.ones(n, dtype=bool)
        self.active_f = np.ones(n)
        self.frozen = False
        self.landing_time = np.full(n, np.nan)
        self.landing_state = np.full((3, n), np.nan)
        self.landed_opening = np.zeros(n, dtype=bool)
        self.steps = _Steps() if record else None
        self.count = 0

    def velocity(self, tau, y: np.ndarray, wind: _Wind | None = None) -> np.ndarray:
        """Ground velocity (3, N) at states y, ``tau`` [s] after deployment started
        (a number, or one per column of y with ``wind`` sized to match)."""
        z = y[2]
        wind = wind or self.wind
        air_motion = wind.vector(z, self.deploy_time + tau)
        canopy = self.canopy
        sigma = np.sqrt(SEA_LEVEL_DENSITY_KGPM3 / self.air.density_kgpm3(z))
        out = np.empty(y.shape)
        if canopy.airspeed_mps == 0.0:
            out[:2] = 0.0
        elif self.heading_unit is not None:
            np.multiply(self.heading_unit, canopy.airspeed_mps * sigma, out=out[:2])
        else:
            # Into the wind (holding): the airspeed points where the wind comes from.
            speed = np.hypot(air_motion[0], air_motion[1])
            scale = np.where(
                speed > 1e-9, -canopy.airspeed_mps * sigma / np.maximum(speed, 1e-9), 0.0
            )
            np.multiply(air_motion[:2], scale, out=out[:2])
        out[2] = -canopy.sink_mps * sigma
        phi = canopy.opening_fraction(tau)
        if np.ndim(phi) or phi > 0.0:
            out += (self.u_deploy - out) * phi
        out += air_motion
        return out

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
            idx = np.nonzero(landed)[0]
            z0, z1, d0, d1 = y0[2, idx], y1[2, idx], f0[2, idx], f1[2, idx]
            theta = _find_crossing(
                lambda th: _hermite_cubic(th, h, z0, z1, d0, d1),
                np.zeros(idx.size),
                np.ones(idx.size),
                ground[idx],
            )
            for c in range(2):
                self.landing_state[c, idx] = _hermite_cubic(
                    theta, h, y0[c, idx], y1[c, idx], f0[c, idx], f1[c, idx]
                )
            self.landing_state[2, idx] = ground[idx]
            self.landing_time[idx] = t0 + theta * h
            self.landed_opening[idx] = t0 + theta * h < self.canopy.opening_duration_s
            self.active = self.active & ~landed
            self.active_f = self.active.astype(float)
            self.frozen = True
        if self.steps is not None:
            self.steps.add(t1, y1, f1)
        if landed.any():
            f1[:, landed] = 0.0
        return not self.active.any()


def _resolve_posture(posture: str) -> Posture:
    if posture not in POSTURES:
        raise OutOfRangeError("posture", posture, ", ".join(POSTURES))
    return POSTURES[posture]


def _resolve_canopy(canopy: str | Canopy) -> Canopy:
    if isinstance(canopy, Canopy):
        return canopy
    if canopy not in CANOPIES:
        raise OutOfRangeError("canopy", canopy, ", ".join(CANOPIES))
    return CANOPIES[canopy]


_ATOL_FREEFALL = np.array([ATOL_POSITION_M] * 3 + [ATOL_VELOCITY_MPS] * 3)[:, None]
_ATOL_CANOPY = np.array([ATOL_POSITION_M] * 3)[:, None]


def _run(
    members: _Members,
    wind: WindProfile | None,
    air,
    drag_rise: DragRise,
    canopy: Canopy,
    record: bool,
):
    """Integrate free fall, deployment and canopy for all members."""
    n = members.size
    wind_model = _Wind(wind, n, members.exit_time_utc_s)
    heading = np.radians(members.aircraft_heading_deg)
    y0 = np.empty((6, n))
    y0[0] = members.exit_east_m
    y0[1] = members.exit_north_m
    y0[2] = members.exit_altitude_m
    we0, wn0 = wind_model(y0[2], np.zeros(n))
    wind_model.check(y0[2], "at exit")
    y0[3] = members.aircraft_speed_mps * np.sin(heading) + we0
    y0[4] = members.aircraft_speed_mps * np.cos(heading) + wn0
    y0[5] = 0.0
    freefall = _Freefall(members, wind_model, air, drag_rise, record)
    if record:
        freefall.steps.add(0.0, y0, freefall.rhs(0.0, y0))
    _integrate(freefall.rhs, 0.0, y0, _ATOL_FREEFALL, freefall.on_step, first_step_s=1.0)

    canopy_stage = _Canopy(
        members, wind_model, air, canopy, freefall.deploy_time, freefall.deploy_state, record
    )
    c0 = freefall.deploy_state[:3].copy()
    if record:
        canopy_stage.steps.add(0.0, c0, canopy_stage.rhs(0.0, c0))
    _integrate(
        canopy_stage.rhs,
        0.0,
        c0,
        _ATOL_CANOPY,
        canopy_stage.on_step,
        breakpoints=(canopy.opening_duration_s,),
        first_step_s=canopy.opening_duration_s,
        max_step_s=MAX_CANOPY_STEP_S,
    )
    return freefall, canopy_stage, wind_model


def _warnings(members: _Members, freefall: _Freefall, canopy: _Canopy, air, wind) -> list[str]:
    n = members.size
    prefix = "" if n == 1 else "members: "
    warnings = []

    def count(mask) -> str:
        return "" if n == 1 else f" ({int(np.sum(mask))} of {n})"

    supersonic = freefall.max_mach > 1.0
    if supersonic.any():
        warnings.append(
            f"{prefix}supersonic free fall, peak Mach {np.max(freefall.max_mach):.2f}"
            f"{count(supersonic)}: drag at these speeds is calibrated on two record jumps only"
        )
    high = members.exit_altitude_m > HIGH_EXIT_M
    if high.any():
        warnings.append(
            f"{prefix}exit above {HIGH_EXIT_M / 1000:.0f} km{count(high)}: higher than any "
            "recorded jump; drag and stability are extrapolated"
        )
    early = canopy.landed_opening
    if early.any():
        warnings.append(
            f"{prefix}landing before the canopy is fully open{count(early)}: the deployment "
            "altitude is too low for a full opening"
        )
    never = np.isnan(freefall.t95)
    if never.any():
        warnings.append(
            f"{prefix}the fall rate never reaches 95 % of terminal speed before "
            f"deployment{count(never)}"
        )
    extrapolated = getattr(wind, "extrapolated", None)
    if callable(extrapolated):
        low = float(np.min(members.ground_elevation_m))
        top = float(np.max(members.exit_altitude_m))
        if extrapolated(low, top):
            warnings.append(
                f"the wind profile does not span {low:.0f}-{top:.0f} m; its end values are "
                "held beyond its levels"
            )
    return warnings


def simulate_ensemble(
    exit_altitude_m,
    deploy_altitude_m,
    ground_elevation_m=0.0,
    *,
    mass_kg,
    cda_m2,
    aircraft_speed_mps=0.0,
    aircraft_heading_deg=0.0,
    exit_east_m=0.0,
    exit_north_m=0.0,
    wind: WindProfile | None = None,
    exit_time_utc_s=None,
    posture: str = "belly",
    canopy: str | Canopy = "ram-air",
    canopy_heading_deg=None,
    air=None,
) -> Ensemble:
    """Simulate N jumps at once and return each member's summary figures.

    Every per-member argument may be a scalar or a 1-D array; they are broadcast to N
    members. All members are integrated together by one adaptive Runge-Kutta scheme
    (the step is shared; each member's events are located inside the step).

    Parameters
    ----------
    exit_altitude_m
        Exit altitude [m MSL].
    deploy_altitude_m
        Altitude at which deployment starts [m MSL]; below the exit, above the ground.
    ground_elevation_m
        Elevation of the landing area [m MSL].
    mass_kg
        Mass of jumper and equipment [kg].
    cda_m2
        Drag area [m^2] at low Mach numbers.
    aircraft_speed_mps
        True airspeed of the aircraft at exit [m/s] (the forward throw); 0 for a balloon.
    aircraft_heading_deg
        True heading of the aircraft at exit [deg].
    exit_east_m, exit_north_m
        Exit point in the East-North-Up frame [m].
    wind
        A wind profile (:mod:`duskfall.winds`); calm by default. The engine calls
        ``wind.velocity_enu_mps(z, t)`` with ``z`` an array of shape (N,) in member order
        (all N members on every call, members that have finished included) and ``t`` None
        or, when ``exit_time_utc_s`` is given, the (N,) array of POSIX times [s]; it
        expects east and north components broadcastable to (N,). Winds faster than
        100 m/s are refused.
    exit_time_utc_s
        Exit time [POSIX s UTC], for time-dependent winds; None for steady winds.
    posture
        Key of :data:`POSTURES`, for the transonic drag rise.
    canopy
        Key of :data:`CANOPIES` or a :class:`Canopy`.
    canopy_heading_deg
        True heading the canopy flies [deg]; None to face into the local wind (holding).
        Ignored for a round canopy, which has no forward speed.
    air
        Atmosphere model with ``density_kgpm3``, ``speed_of_sound_mps`` and
        ``gravity_mps2`` methods; the 1976 standard (:func:`atmosphere.us1976_table`) by
        default.

    Returns
    -------
    Ensemble
        (N,) arrays of summary figures and the warnings.

    Raises
    ------
    OutOfRangeError, InconsistentInputError
        For non-positive mass or drag area, altitudes out of order, an exit above the
        atmosphere model, a wind faster than 100 m/s, mismatched array lengths.

    Examples
    --------
    >>> import numpy as np
    >>> result = simulate_ensemble(4000.0, 1000.0, mass_kg=80.0, cda_m2=np.array([0.5, 0.6]))
    >>> result.freefall_duration_s.round(1).tolist()
    [56.4, 61.0]
    """
    air = air if air is not None else atmosphere.us1976_table()
    drag_rise = _resolve_posture(posture).drag_rise
    canopy_model = _resolve_canopy(canopy)
    members = _members(
        exit_altitude_m,
        deploy_altitude_m,
        ground_elevation_m,
        mass_kg,
        cda_m2,
        aircraft_speed_mps,
        aircraft_heading_deg,
        exit_east_m,
        exit_north_m,
        exit_time_utc_s,
        canopy_heading_deg,
        air,
    )
    freefall, canopy_stage, _ = _run(members, wind, air, drag_rise, canopy_model, False)
    return Ensemble(
        freefall_duration_s=freefall.deploy_time,
        deploy_east_m=freefall.deploy_state[0],
        deploy_north_m=freefall.deploy_state[1],
        deploy_altitude_m=freefall.deploy_state[2],
        landing_east_m=canopy_stage.landing_state[0],
        landing_north_m=canopy_stage.landing_state[1],
        landing_time_s=freefall.deploy_time + canopy_stage.landing_time,
        max_speed_mps=freefall.best_rate,
        max_speed_time_s=freefall.best_time,
        max_speed_altitude_m=freefall.best_altitude,
        max_airspeed_mps=freefall.max_airspeed,
        max_mach=freefall.max_mach,
        time_to_95_percent_terminal_s=freefall.t95,
        deploy_velocity_east_mps=freefall.deploy_state[3],
        deploy_velocity_north_mps=freefall.deploy_state[4],
        deploy_velocity_up_mps=freefall.deploy_state[5],
        warnings=tuple(_warnings(members, freefall, canopy_stage, air, wind)),
        freefall_steps=freefall.count,
        canopy_steps=canopy_stage.count,
    )


def _sample(steps: _Steps, times: np.ndarray, position_dims: int, with_velocity: bool):
    """Evaluate the recorded steps at ``times`` by Hermite interpolation (member 0)."""
    t = np.array(steps.t)
    y = np.array([s[:, 0] for s in steps.y])
    f = np.array([s[:, 0] for s in steps.f])
    i = np.clip(np.searchsorted(t, times, side="right") - 1, 0, t.size - 2)
    h = t[i + 1] - t[i]
    theta = np.clip((times - t[i]) / h, 0.0, 1.0)
    out = np.empty((y.shape[1], times.size))
    for c in range(position_dims):
        if with_velocity:
            out[c] = _hermite_position(
                theta,
                h,
                y[i, c],
                y[i + 1, c],
                y[i, c + 3],
                y[i + 1, c + 3],
                f[i, c + 3],
                f[i + 1, c + 3],
            )
            out[c + 3] = _hermite_position(
                theta,
                h,
                y[i, c],
                y[i + 1, c],
                y[i, c + 3],
                y[i + 1, c + 3],
                f[i, c + 3],
                f[i + 1, c + 3],
                derivative=1,
            )
        else:
            out[c] = _hermite_cubic(theta, h, y[i, c], y[i + 1, c], f[i, c], f[i + 1, c])
    return out


def simulate_jump(
    exit_altitude_m: float,
    deploy_altitude_m: float,
    ground_elevation_m: float = 0.0,
    mass_kg: float = 90.0,
    cda_m2: float | None = None,
    posture: str = "belly",
    aircraft_speed_mps: float = 0.0,
    aircraft_heading_deg: float = 0.0,
    wind: WindProfile | None = None,
    sample_interval_s: float = 0.5,
    *,
    canopy: str | Canopy = "ram-air",
    canopy_heading_deg: float | None = None,
    exit_time_utc_s: float | None = None,
    air=None,
) -> Trajectory:
    """Simulate one jump from exit to landing.

    The one-member case of :func:`simulate_ensemble`, keeping the whole time history.

    Parameters
    ----------
    exit_altitude_m
        Exit altitude [m MSL].
    deploy_altitude_m
        Altitude at which deployment starts [m MSL]; below the exit, above the ground.
    ground_elevation_m
        Elevation of the landing area [m MSL].
    mass_kg
        Mass of jumper and equipment [kg].
    cda_m2
        Drag area [m^2]; by default from ``posture`` and ``mass_kg``.
    posture
        Key of :data:`POSTURES`.
    aircraft_speed_mps
        True airspeed of the aircraft at exit [m/s]: the forward throw. 0 for a balloon.
    aircraft_heading_deg
        True heading of the aircraft at exit [deg].
    wind
        A wind profile (:mod:`duskfall.winds`); calm by default.
    sample_interval_s
        Spacing of the output samples [s]; events are added exactly.
    canopy
        Key of :data:`CANOPIES` (``"ram-air"``, ``"round"``) or a :class:`Canopy`.
    canopy_heading_deg
        True heading flown under canopy [deg]; None to face into the local wind.
    exit_time_utc_s
        Exit time [POSIX s UTC] for time-dependent winds.
    air
        Atmosphere model (see :func:`simulate_ensemble`); the 1976 standard by default.

    Returns
    -------
    Trajectory

    Raises
    ------
    OutOfRangeError, InconsistentInputError
        For a non-positive mass or drag area, altitudes out of order, an exit above the
        atmosphere model, a wind faster than 100 m/s.

    Examples
    --------
    >>> trajectory = simulate_jump(4000.0, 1000.0, mass_kg=80.0, cda_m2=0.56)
    >>> round(trajectory.freefall_duration_s, 1), round(trajectory.max_speed_mps, 1)
    (59.2, 56.4)
    """
    if not (np.isfinite(sample_interval_s) and sample_interval_s > 0):
        raise OutOfRangeError("sample interval", sample_interval_s, "a positive number of seconds")
    if not (np.isfinite(mass_kg) and mass_kg > 0):
        raise OutOfRangeError("mass", mass_kg, "more than 0 kg, at most 1000 kg")
    posture_model = _resolve_posture(posture)
    if cda_m2 is None:
        cda_m2 = posture_model.cda_m2(mass_kg)
    air = air if air is not None else atmosphere.us1976_table()
    canopy_model = _resolve_canopy(canopy)
    for name, value in (("exit altitude", exit_altitude_m), ("deploy altitude", deploy_altitude_m)):
        if np.ndim(value) != 0:
            raise OutOfRangeError(name, value, "a single number (use simulate_ensemble for arrays)")
    members = _members(
        exit_altitude_m,
        deploy_altitude_m,
        ground_elevation_m,
        mass_kg,
        cda_m2,
        aircraft_speed_mps,
        aircraft_heading_deg,
        0.0,
        0.0,
        exit_time_utc_s,
        canopy_heading_deg,
        air,
    )
    if members.size != 1:
        raise OutOfRangeError("simulate_jump", members.size, "one member (use simulate_ensemble)")
    freefall, canopy_stage, _ = _run(
        members, wind, air, posture_model.drag_rise, canopy_model, True
    )
    t_deploy = float(freefall.deploy_time[0])
    t_open = canopy_model.opening_duration_s
    tau_land = float(canopy_stage.landing_time[0])

    # Free fall samples: the regular grid, then the deployment point exactly.
    ff_times = np.arange(0.0, t_deploy, sample_interval_s)
    ff = _sample(freefall.steps, ff_times, 3, True)
    ff = np.concatenate([ff, freefall.deploy_state[:, :1]], axis=1)
    ff_times = np.append(ff_times, t_deploy)

    # Under canopy: grid in time since exit, plus the end of the opening and the landing.
    grid = np.arange(
        np.ceil(t_deploy / sample_interval_s) * sample_interval_s,
        t_deploy + tau_land,
        sample_interval_s,
    )
    tau = grid - t_deploy
    tau = tau[tau > 1e-9]
    events = [t_open] if t_open < tau_land else []
    tau = np.unique(np.concatenate([tau, events]))
    positions = _sample(canopy_stage.steps, tau, 3, False)
    tau = np.append(tau, tau_land)
    positions = np.concatenate([positions, canopy_stage.landing_state[:, :1]], axis=1)
    sample_wind = _Wind(wind, tau.size, members.exit_time_utc_s)
    velocities = canopy_stage.velocity(tau, positions, sample_wind)
    stage_canopy = np.where(tau < t_open - 1e-9, 1, 2)

    time_s = np.concatenate([ff_times, t_deploy + tau])
    east = np.concatenate([ff[0], positions[0]])
    north = np.concatenate([ff[1], positions[1]])
    up = np.concatenate([ff[2], positions[2]])
    ve = np.concatenate([ff[3], velocities[0]])
    vn = np.concatenate([ff[4], velocities[1]])
    vu = np.concatenate([ff[5], velocities[2]])
    stage = np.concatenate([np.zeros(ff_times.size, dtype=int), stage_canopy])

    wind_check = _Wind(wind, up.size, None if exit_time_utc_s is None else float(exit_time_utc_s))
    we, wn = wind_check(up, time_s)
    air_e, air_n = ve - we, vn - wn
    airspeed = np.sqrt(air_e**2 + air_n**2 + vu**2)
    mach = airspeed / air.speed_of_sound_mps(up)
    dynamic_pressure = 0.5 * air.density_kgpm3(up) * airspeed**2
    t95 = float(freefall.t95[0])
    warnings = _warnings(members, freefall, canopy_stage, air, wind)
    return Trajectory(
        time_s=time_s,
        east_m=east,
        north_m=north,
        altitude_m=up,
        velocity_east_mps=ve,
        velocity_north_mps=vn,
        velocity_up_mps=vu,
        stage=stage,
        airspeed_mps=airspeed,
        mach=mach,
        dynamic_pressure_pa=dynamic_pressure,
        freefall_duration_s=t_deploy,
        landing_time_s=t_deploy + tau_land,
        max_speed_mps=float(freefall.best_rate[0]),
        max_speed_time_s=float(freefall.best_time[0]),
        max_speed_altitude_m=float(freefall.best_altitude[0]),
        max_airspeed_mps=float(max(freefall.max_airspeed[0], np.max(airspeed[stage == 0]))),
        max_mach=float(max(freefall.max_mach[0], np.max(mach[stage == 0]))),
        time_to_95_percent_terminal_s=None if np.isnan(t95) else t95,
        deploy_east_m=float(freefall.deploy_state[0, 0]),
        deploy_north_m=float(freefall.deploy_state[1, 0]),
        landing_east_m=float(canopy_stage.landing_state[0, 0]),
        landing_north_m=float(canopy_stage.landing_state[1, 0]),
        ground_elevation_m=float(members.ground_elevation_m[0]),
        exit_altitude_m=float(exit_altitude_m),
        deploy_altitude_m=float(deploy_altitude_m),
        mass_kg=float(mass_kg),
        cda_m2=float(members.cda_m2[0]),
        posture=posture,
        canopy=canopy_model.name,
        warnings=tuple(warnings),
    )
