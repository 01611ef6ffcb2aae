"""The camera flyer and the performer in one free fall: how far apart they are over time,
where they are level, how close they come, what drag keeps them level, and the exit
separation that makes them meet at a chosen altitude.

Everything comes from the plan's own trajectories (one :class:`~duskfall.fall.Jump` per
jumper, simulated once by :func:`duskfall.fall.simulate_jump`), in the plan's frame
(:mod:`duskfall.planning.positions`), interpolated between samples with their
velocities.

Definitions
-----------
- Times are seconds after the green light; each jumper exits its exit delay after it,
  that many seconds further along the jump run.
- The *vertical separation* is the camera flyer's altitude less the performer's
  (positive: the camera above); the *horizontal separation* the distance between their
  ground positions; the *distance* the straight line between them.
- The *faster* jumper has the larger ballistic coefficient ``m / CdA``: the still-air
  terminal speed is ``sqrt(2 m g / (rho CdA))``, so at every altitude it falls faster.
- They *meet* when their altitudes are equal (the vertical separation changes sign),
  both in free fall; they have *closed* when the vertical separation is within the
  closing distance.
- The *level drag area*: in the equation of motion ``dv/dt = g - (rho CdA / 2m) |v - w|
  (v - w)`` a body enters only through ``CdA / m``, so a jumper who holds the other's
  drag area per kilogram falls exactly as the other from the same speed: the slower one
  must hold ``m_slow CdA_fast / m_fast`` to stay level once they are. The posture is
  named when one of :data:`duskfall.fall.POSTURES` gives that drag area within
  :data:`POSTURE_MATCH`.
- The exit separation for a meet at altitude ``A`` is ``t_slow(A) - t_fast(A)``, each
  jumper's time from its own exit down to ``A``: the faster leaves that long after the
  slower. In a wind that varies with altitude only, where and when a jumper exits does
  not change its vertical motion, so this needs no iteration; in a wind that changes in
  time the plan simulates the delayed jumper again until the separation holds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from duskfall.fall import POSTURES, Trajectory
from duskfall.notices import Notice
from duskfall.planning.positions import Pair, distinct_samples, hermite

FORMATION_STEP_S = 0.05
"""Spacing of the samples on which separations are searched [s]; crossings are then
refined to :data:`TIME_TOLERANCE_S` on the interpolated trajectories."""

TIME_TOLERANCE_S = 1e-3
"""Precision of the meet, closing and limit times [s]."""

POSTURE_MATCH = 0.05
"""A posture is named for a drag area when its own is within this fraction: 5 % of drag
area is 2.5 % of fall rate (3 mph at 120 mph), within what one body position spans."""

SAME_DRAG = 1e-3
"""Ballistic coefficients this close (relative) are the same: neither jumper is faster."""


def time_at_altitude_s(trajectory: Trajectory, altitude_m: float) -> float:
    """Time after exit when a jumper first reaches ``altitude_m`` [s] (Hermite
    interpolation of its samples, refined to :data:`TIME_TOLERANCE_S`).

    Raises
    ------
    ValueError
        If the trajectory never reaches that altitude.
    """
    keep = distinct_samples(trajectory.time_s)
    t, z, rate = (a[keep] for a in (trajectory.time_s, trajectory.altitude_m,
                                    trajectory.velocity_up_mps))  # fmt: skip
    below = np.nonzero(z <= altitude_m)[0]
    if below.size == 0 or altitude_m > z[0]:
        raise ValueError(f"the trajectory does not pass {altitude_m} m")
    i = int(below[0])
    if i == 0:
        return float(t[0])
    return _bisect(lambda x: hermite(x, t, z, rate) - altitude_m, float(t[i - 1]), float(t[i]))


def _bisect(function: Callable[[float], float], low: float, high: float) -> float:
    """A sign change of ``function`` between ``low`` and ``high``."""
    f_low = function(low)
    while high - low > TIME_TOLERANCE_S:
        middle = 0.5 * (low + high)
        f_middle = function(middle)
        if (f_middle > 0) == (f_low > 0):
            low, f_low = middle, f_middle
        else:
            high = middle
    return 0.5 * (low + high)


def meet_exit_delay_s(first: Trajectory, second: Trajectory, altitude_m: float) -> float:
    """How long after the first jumper the second must exit [s] for both to be level at
    ``altitude_m`` [m MSL]; negative when the second must leave first.

    Both trajectories are timed from their own exits (module notes).

    Examples
    --------
    >>> from duskfall.fall import Body, Exit, Jump, simulate_jump
    >>> belly = simulate_jump(Jump(Exit(4000.0), 1000.0, Body(80.0, cda_m2=0.56)))
    >>> dive = simulate_jump(Jump(Exit(4000.0), 1000.0, Body(80.0, cda_m2=0.28)))
    >>> round(meet_exit_delay_s(belly, dive, 2000.0), 1)
    11.4
    """
    return time_at_altitude_s(first, altitude_m) - time_at_altitude_s(second, altitude_m)


def ballistic_coefficient(trajectory: Trajectory) -> float:
    """``m / CdA`` [kg/m^2]: the larger, the faster the fall."""
    return trajectory.mass_kg / trajectory.cda_m2


def level_drag(slower: Trajectory, faster: Trajectory) -> tuple[float, str | None]:
    """The drag area [m^2] that gives ``slower`` the fall of ``faster`` (the same drag
    area per kilogram), and the posture that gives it, if any (module notes)."""
    needed = slower.mass_kg * faster.cda_m2 / faster.mass_kg
    best, error = None, POSTURE_MATCH
    for name, posture in POSTURES.items():
        off = abs(posture.cda_m2(slower.mass_kg) / needed - 1.0)
        if off <= error:
            best, error = name, off
    return float(needed), best


@dataclass(frozen=True)
class Formation:
    """The performer and the camera flyer in free fall together (module notes).

    Times are seconds after the green light; ``None`` where an event does not happen.
    """

    subject: str
    flyer: str
    subject_delay_s: float
    flyer_delay_s: float
    exit_separation_m: float
    """How far apart along the jump run they exit [m]."""
    faster: str | None
    """The jumper of the larger ballistic coefficient, or None if they are the same."""
    slower: str | None
    time_s: np.ndarray
    """Samples while both are in free fall [s after the green light]."""
    vertical_separation_m: np.ndarray
    horizontal_separation_m: np.ndarray
    distance_m: np.ndarray
    subject_altitude_m: np.ndarray
    flyer_altitude_m: np.ndarray
    closest_approach_m: float | None
    closest_approach_time_s: float | None
    closest_approach_altitude_m: float | None
    """Mean altitude of the two at the closest approach [m MSL]."""
    meet_time_s: float | None
    meet_altitude_m: float | None
    meet_horizontal_separation_m: float | None
    closing_distance_m: float
    closing_time_s: float | None
    closing_altitude_m: float | None
    """The faster jumper's altitude when they close [m MSL]."""
    within_closing_distance_s: float
    """How long they are within the closing distance vertically [s]."""
    action_end_time_s: float
    """The end of the shot [s after the green light]: the performer's end of the action,
    or the camera flyer's deployment if that comes first (the separations "at the
    action's end" are taken then)."""
    vertical_separation_at_action_end_m: float | None
    horizontal_separation_at_action_end_m: float | None
    separation_limit_m: float
    limit_passed_time_s: float | None
    """When the vertical separation grows past the limit before the action ends."""
    limit_passed_altitude_m: float | None
    """The performer's altitude then [m MSL]."""
    requested_meet_altitude_m: float | None
    """The meet altitude asked for (the exit separation was worked out from it)."""
    slower_level_cda_m2: float | None
    slower_level_posture: str | None
    faster_level_cda_m2: float | None
    faster_level_posture: str | None
    notices: tuple[Notice, ...] = ()

    @property
    def together(self) -> bool:
        """Whether both are ever in free fall at the same time."""
        return self.time_s.size > 0

    @property
    def exit_separation_s(self) -> float:
        """The camera flyer's exit less the performer's [s]."""
        return self.flyer_delay_s - self.subject_delay_s


def _separation(pair: Pair, after_s):
    """(vertical, horizontal, subject altitude, flyer altitude) at times after the green
    light [s]."""
    se, sn, sz = pair.subject_at(after_s)
    fe, fn, fz = pair.flyer_at(after_s)
    return fz - sz, np.hypot(fe - se, fn - sn), sz, fz


def _closest(pair: Pair, times: np.ndarray, distance: np.ndarray) -> tuple[float, float, float]:
    """The closest approach: distance [m], time [s], mean altitude [m MSL]; the minimum
    of the sampled distance refined by a parabola through its neighbours."""
    i = int(np.argmin(distance))
    when = float(times[i])
    if 0 < i < times.size - 1:
        d2 = distance[i - 1 : i + 2] ** 2
        curvature = d2[0] - 2 * d2[1] + d2[2]
        if curvature > 0:
            step = times[i + 1] - times[i]
            when = float(times[i] + 0.5 * step * (d2[0] - d2[2]) / curvature)
    vertical, horizontal, sz, fz = _separation(pair, np.array([when]))
    return float(np.hypot(vertical[0], horizontal[0])), when, float(0.5 * (sz[0] + fz[0]))


def _first_crossing(function, times, values, start: int = 0) -> float | None:
    """The first sign change of sampled ``values`` at or after index ``start``, refined on
    ``function`` (a scalar function of time)."""
    sign = np.sign(values)
    later = np.nonzero(sign[start + 1 :] != sign[start])[0]
    if later.size == 0:
        return None
    i = start + int(later[0])
    return _bisect(function, float(times[i]), float(times[i + 1]))


def _meet(pair: Pair, times, vertical) -> float | None:
    """When the altitudes are first equal after both are out (a jump in which they leave
    together starts level: that start is not a meet)."""
    moving = np.nonzero(np.abs(vertical) > 1e-6)[0]
    if moving.size == 0:
        return None

    def function(x):
        return float(_separation(pair, np.array([x]))[0][0])

    return _first_crossing(function, times, vertical, int(moving[0]))


def _closing(pair: Pair, times, vertical, distance_m: float):
    """When the vertical separation first comes within ``distance_m`` [s], and how long
    it stays within [s]."""
    within = np.abs(vertical) <= distance_m
    if not within.any():
        return None, 0.0
    step = np.diff(times)
    duration = float(np.sum(step * (within[:-1].astype(float) + within[1:]) / 2.0))
    i = int(np.argmax(within))
    if i == 0:
        return float(times[0]), duration

    def function(x):
        return abs(float(_separation(pair, np.array([x]))[0][0])) - distance_m

    return _bisect(function, float(times[i - 1]), float(times[i])), duration


def _limit_passed(pair: Pair, times, vertical, limit_m: float, end_s: float) -> float | None:
    """When the vertical separation grows past ``limit_m`` after having been within it,
    before ``end_s`` [s]."""
    before = times <= end_s
    within = (np.abs(vertical) <= limit_m) & before
    leaving = np.nonzero(within[:-1] & ~within[1:] & before[1:])[0]
    if leaving.size == 0:
        return None
    i = int(leaving[0])

    def function(x):
        return abs(float(_separation(pair, np.array([x]))[0][0])) - limit_m

    return _bisect(function, float(times[i]), float(times[i + 1]))


def _speeds(pair: Pair):
    """(faster name, slower name, faster, slower), or Nones when the drag is the same."""
    a, b = ballistic_coefficient(pair.subject), ballistic_coefficient(pair.flyer)
    if abs(a / b - 1.0) <= SAME_DRAG:
        return None, None, None, None
    if a > b:
        return pair.subject_name, pair.flyer_name, pair.subject, pair.flyer
    return pair.flyer_name, pair.subject_name, pair.flyer, pair.subject


def _span(pair: Pair) -> np.ndarray:
    """Sample times while both are in free fall [s after the green light]."""
    start = max(pair.subject_delay_s, pair.flyer_delay_s)
    stop = min(
        pair.subject_delay_s + pair.subject.freefall_duration_s,
        pair.flyer_delay_s + pair.flyer.freefall_duration_s,
    )
    if stop <= start:
        return np.empty(0)
    return np.append(np.arange(start, stop, FORMATION_STEP_S), stop)


def analyse_formation(
    pair: Pair,
    action_end_altitude_m: float | None,
    ground_speed_mps: float,
    closing_distance_m: float,
    separation_limit_m: float,
    requested_meet_altitude_m: float | None = None,
) -> Formation:
    """The separation of the performer and the camera flyer over their free fall.

    Parameters
    ----------
    pair
        The performer and the camera flyer, with their exits after the green light
        (:class:`~duskfall.planning.positions.Pair`, in one frame).
    action_end_altitude_m
        Where the performer's action ends [m MSL]; None for its deployment.
    ground_speed_mps
        The aircraft's ground speed on the jump run [m/s] (the exits' separation).
    closing_distance_m
        The vertical distance within which they have closed [m].
    separation_limit_m
        The vertical separation past which a notice is given [m] (see
        :data:`duskfall.planning.scenario.SEPARATION_LIMIT_M`).
    requested_meet_altitude_m
        The meet altitude the exit separation was worked out for, if any [m MSL].

    Returns
    -------
    Formation
    """
    times = _span(pair)
    vertical, horizontal, sz, fz = _separation(pair, times)
    distance = np.hypot(vertical, horizontal)
    action_s, _ = pair.subject.action_segment(action_end_altitude_m)
    end_s = min(
        pair.subject_delay_s + float(action_s[-1]),
        pair.flyer_delay_s + pair.flyer.freefall_duration_s,
    )
    faster, slower, fast, slow = _speeds(pair)
    levels = (None, None, None, None)
    if fast is not None:
        levels = (*level_drag(slow, fast), *level_drag(fast, slow))
    found: dict = dict.fromkeys(
        ("closest", "meet", "meet_h", "closing", "closing_alt", "limit", "limit_alt")
    )
    within_s = 0.0
    if times.size:
        found["closest"] = _closest(pair, times, distance)
        meet = _meet(pair, times, vertical)
        if meet is not None:
            _, h, z, _ = _separation(pair, np.array([meet]))
            found.update(meet=(meet, float(z[0])), meet_h=float(h[0]))
        closing, within_s = _closing(pair, times, vertical, closing_distance_m)
        if closing is not None:
            who = pair.flyer_at if fast is pair.flyer else pair.subject_at
            found.update(closing=closing, closing_alt=float(who(closing)[2]))
        limit = _limit_passed(pair, times, vertical, separation_limit_m, end_s)
        if limit is not None:
            found.update(limit=limit, limit_alt=float(pair.subject_at(limit)[2]))
    at_end = (None, None)
    if end_s >= pair.flyer_delay_s:
        v, h, _, _ = _separation(pair, np.array([end_s]))
        at_end = (float(v[0]), float(h[0]))
    closest = found["closest"] or (None, None, None)
    meet = found["meet"] or (None, None)
    formation = Formation(
        subject=pair.subject_name,
        flyer=pair.flyer_name,
        subject_delay_s=float(pair.subject_delay_s),
        flyer_delay_s=float(pair.flyer_delay_s),
        exit_separation_m=float(abs(pair.flyer_delay_s - pair.subject_delay_s) * ground_speed_mps),
        faster=faster,
        slower=slower,
        time_s=times,
        vertical_separation_m=vertical,
        horizontal_separation_m=horizontal,
        distance_m=distance,
        subject_altitude_m=sz,
        flyer_altitude_m=fz,
        closest_approach_m=closest[0],
        closest_approach_time_s=closest[1],
        closest_approach_altitude_m=closest[2],
        meet_time_s=meet[0],
        meet_altitude_m=meet[1],
        meet_horizontal_separation_m=found["meet_h"],
        closing_distance_m=float(closing_distance_m),
        closing_time_s=found["closing"],
        closing_altitude_m=found["closing_alt"],
        within_closing_distance_s=within_s,
        action_end_time_s=end_s,
        vertical_separation_at_action_end_m=at_end[0],
        horizontal_separation_at_action_end_m=at_end[1],
        separation_limit_m=float(separation_limit_m),
        limit_passed_time_s=found["limit"],
        limit_passed_altitude_m=found["limit_alt"],
        requested_meet_altitude_m=requested_meet_altitude_m,
        slower_level_cda_m2=levels[0],
        slower_level_posture=levels[1],
        faster_level_cda_m2=levels[2],
        faster_level_posture=levels[3],
    )
    return _with_notices(formation)


def _with_notices(f: Formation) -> Formation:
    """The formation's warnings: never together, never within the limit, drifting past
    it before the action ends, level but far apart horizontally."""
    names = {"subject": f.subject, "flyer": f.flyer, "limit_m": f.separation_limit_m}
    found = []
    before_end = f.time_s <= f.action_end_time_s
    if not f.together:
        found.append(Notice("formation-apart", "warn", names | {"never_together": True}))
    elif not np.any(np.abs(f.vertical_separation_m[before_end]) <= f.separation_limit_m):
        closest = float(np.min(np.abs(f.vertical_separation_m)))
        found.append(Notice("formation-apart", "warn", names | {"closest_vertical_m": closest}))
    if f.limit_passed_time_s is not None:
        sign = np.interp(f.limit_passed_time_s, f.time_s, f.vertical_separation_m)
        lower = f.flyer if sign < 0 else f.subject
        values = names | {
            "time_s": f.limit_passed_time_s,
            "altitude_m": f.limit_passed_altitude_m,
            "lower": lower,
            "at_action_end_m": f.vertical_separation_at_action_end_m,
            "slower": f.slower,
            "level_cda_m2": f.slower_level_cda_m2,
            "level_posture": f.slower_level_posture,
            "faster": f.faster,
            "faster_level_cda_m2": f.faster_level_cda_m2,
            "faster_level_posture": f.faster_level_posture,
        }
        found.append(Notice("formation-separation", "warn", values))
    if f.meet_time_s is not None and f.meet_horizontal_separation_m > f.separation_limit_m:
        values = names | {
            "horizontal_m": f.meet_horizontal_separation_m,
            "altitude_m": f.meet_altitude_m,
            "exit_separation_m": f.exit_separation_m,
        }
        found.append(Notice("formation-horizontal", "warn", values))
    return dataclasses.replace(f, notices=tuple(found))
