"""The integrator: adaptive Dormand-Prince 5(4) over ensemble members sharing the step,
with Hermite interpolation inside a step for events and samples.

References
----------
Dormand, J. R. and Prince, P. J. (1980), A family of embedded Runge-Kutta formulae,
J. Comput. Appl. Math. 6(1), 19-26, doi:10.1016/0771-050X(80)90013-3.
Hairer, E., Norsett, S. P. and Wanner, G. (1993), Solving Ordinary Differential Equations
I, 2nd ed., Springer, sec. II.4 (step-size control) and II.6 (dense output).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from duskfall.errors import InconsistentInputError

MAX_FALL_TIME_S = 3600.0
"""Longest free fall or canopy flight simulated [s]; longer means inconsistent input."""

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

ATOL_FREEFALL = np.array([ATOL_POSITION_M] * 3 + [ATOL_VELOCITY_MPS] * 3)[:, None]
"""Absolute tolerances of the free-fall state (position, velocity)."""
ATOL_CANOPY = np.array([ATOL_POSITION_M] * 3)[:, None]
"""Absolute tolerances of the canopy state's controlled rows (position)."""


@dataclass
class Steps:
    """History of accepted steps (time, state, derivative at each step end)."""

    t: list = field(default_factory=list)
    y: list = field(default_factory=list)
    f: list = field(default_factory=list)

    def add(self, t: float, y: np.ndarray, f: np.ndarray) -> None:
        self.t.append(t)
        self.y.append(y.copy())
        self.f.append(f.copy())


def integrate(
    rhs: Callable[[float, np.ndarray], np.ndarray],
    t0: float,
    y0: np.ndarray,
    atol: np.ndarray,
    on_step: Callable[[float, float, np.ndarray, np.ndarray, np.ndarray, np.ndarray], bool],
    breakpoints: tuple[float, ...] = (),
    first_step_s: float = 0.5,
    max_step_s: float = MAX_STEP_S,
    t_max: float = MAX_FALL_TIME_S,
    controlled_rows: int | None = None,
    rtol: float = RTOL,
) -> None:
    """Adaptive Dormand-Prince 5(4) over a (d, N) state shared by N members.

    ``on_step(t0, t1, y0, y1, f0, f1)`` is called after every accepted step with the step's
    end points and derivatives (for Hermite interpolation); it returns True when the
    integration is finished. ``breakpoints`` are times the steps must land on (where the
    right-hand side has a kink). The error norm is the RMS over components of each member,
    scaled by ``atol + rtol |y|``; the step obeys the worst member. Only the first
    ``controlled_rows`` components (all by default) enter the error norm: the others are
    quadratures carried along (they do not feed back into the right-hand side), so adding
    them leaves the steps, and every other result, unchanged to the last bit.
    """
    t = t0
    y = y0
    f = rhs(t, y)
    h = first_step_s
    pending = sorted(b for b in breakpoints if b > t0)
    d = y.shape[0] if controlled_rows is None else controlled_rows
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
        y_new, norm = _trial_step(rhs, t, y, f, h, k, atol, rtol, d)
        if norm <= 1.0 or h < 1e-6:
            t_new = t + h
            f_new = k[6].reshape(y.shape).copy()
            if landing:
                pending.pop(0)
            if on_step(t, t_new, y, y_new, f, f_new):
                return
            t, y, f = t_new, y_new, f_new
            factor = 5.0 if norm == 0 else min(5.0, 0.9 * norm**-0.2)
        else:
            factor = max(0.2, 0.9 * norm**-0.2)
        h = h * factor


def _trial_step(rhs, t, y, f, h, k, atol, rtol, d) -> tuple[np.ndarray, float]:
    """One Dormand-Prince step of ``h`` from (t, y) with derivative ``f``: the fifth-order
    solution and the error norm of its first ``d`` rows. The stages are left in ``k``
    (7, y.size); the last is the derivative at the new state (first same as last)."""
    shape = y.shape
    k[0] = f.reshape(-1)
    y_flat = y.reshape(-1)
    for stage in range(1, 7):
        # y + h (A k), in place on the product (the same sums); the first stage's
        # product is one term (numpy's matmul of one row does not use the BLAS: 18 us
        # against 3 us for a 1,000-member state)
        point = k[0] * _A[1][0] if stage == 1 else _A_ROWS[stage] @ k[:stage]
        point *= h
        point += y_flat
        if stage == 6:
            # The last stage is taken at the fifth-order solution; a copy, so that a
            # right-hand side that changes its input cannot change the state.
            y_new = point.reshape(shape).copy()
        k[stage] = rhs(t + _C[stage] * h, point.reshape(shape)).reshape(-1)
    error = (_E @ k).reshape(shape)[:d]
    error *= h
    scale = np.maximum(np.abs(y[:d]), np.abs(y_new[:d]))
    scale *= rtol
    scale += atol
    error /= scale
    error *= error
    return y_new, float(np.sqrt(error.sum(axis=0).max() / d))


def hermite_position(theta, h, y0, y1, v0, v1, a0, a1, derivative=0):
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


def hermite_cubic(theta, h, y0, y1, d0, d1):
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


def find_crossing(value_at, theta_lo, theta_hi, target, iterations=60):
    """Vectorised root of ``value_at(theta) = target`` on brackets [theta_lo, theta_hi]
    where the value crosses the target (Illinois false position; stops when every root
    has moved by less than 1e-12 of the step)."""
    a = np.array(theta_lo, dtype=float)
    b = np.array(theta_hi, dtype=float)
    fa = value_at(a) - target
    fb = value_at(b) - target
    if np.broadcast(a, b, fa, fb).size == 1:
        return _find_one_crossing(value_at, a, b, fa, fb, target, iterations)
    last = np.zeros(a.shape, dtype=bool)
    c = a
    for _ in range(iterations):
        width = fb - fa
        c_new = np.where(width != 0, b - fb * (b - a) / np.where(width != 0, width, 1.0), b)
        # np.clip's value, with two ufuncs (np.clip goes through three Python layers,
        # and this runs at every iteration of every event of every step)
        c_new = np.minimum(np.maximum(c_new, np.minimum(a, b)), np.maximum(a, b))
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


def _sign(x: float) -> float:
    """``numpy.sign`` of a float: -1, 0 or 1, NaN for NaN."""
    return x if x != x else float((x > 0) - (x < 0))


def _find_one_crossing(value_at, a, b, fa, fb, target, iterations):
    """:func:`find_crossing` of one bracket, the same steps in floats (a single jump's
    events: numpy's cost per call is most of the work for one member). ``value_at`` is
    called with a float: with the step's values as floats too it runs in floats."""
    shape = a.shape
    a, b, fa, fb, target = (float(np.asarray(v).flat[0]) for v in (a, b, fa, fb, target))
    last = False
    c = a
    for _ in range(iterations):
        width = fb - fa
        c_new = b - fb * (b - a) / width if width != 0 else b
        low, high = (a, b) if a <= b else (b, a)
        c_new = low if c_new < low else high if c_new > high else c_new
        done = abs(c_new - c) < 1e-12
        c = c_new
        if done:
            break
        fc = float(np.asarray(value_at(c)).flat[0]) - target
        keep_a = _sign(fc) == _sign(fb)
        fa = (0.5 * fa if last else fa) if keep_a else fb
        a = a if keep_a else b
        last = keep_a
        b, fb = c, fc
    return np.full(shape, c)
