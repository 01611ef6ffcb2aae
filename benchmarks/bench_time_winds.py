"""Benchmark: the wind of an hourly forecast (``TimeLayeredWind.velocity_enu_mps``).

An Open-Meteo day is 24 hourly profiles of 14 pressure levels. The fall integrator asks
for the wind at one altitude and one time at every stage of every step (scalar calls), the
ensemble integrator for N altitudes at N exit times. The profile brackets each time with
the two profiles around it and interpolates only those; the baseline, run in this process
on the same object, is the loop it replaced, which weighed every profile of the day for
every call. Both are checked to give the same winds, each timing is the best of several
(the machine is shared), and the ratio is printed; a whole 25,000 ft jump is timed too.

Run: ``python benchmarks/bench_time_winds.py``
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

from duskfall import fall, planning
from duskfall.io.openmeteo import parse_open_meteo
from duskfall.winds import TimeLayeredWind

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from openmeteo_sample import response  # the tests' sample in the documented format

REPEATS = 5


def best(function, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def every_profile(wind: TimeLayeredWind, altitude_m, time_utc_s=None):
    """The former method: a weight for every profile, every profile evaluated where its
    weight is not zero anywhere."""
    times = np.asarray(wind.valid_times_utc_s, dtype=float)
    when = wind.reference_time_utc_s if time_utc_s is None else time_utc_s
    when = np.clip(np.asarray(when, dtype=float), times[0], times[-1])
    altitude = np.asarray(altitude_m, dtype=float)
    shape = np.broadcast_shapes(altitude.shape, when.shape)
    index = np.clip(np.searchsorted(times, when, side="right") - 1, 0, times.size - 2)
    weight = (when - times[index]) / (times[index + 1] - times[index])
    east = np.zeros(shape)
    north = np.zeros(shape)
    for k, profile in enumerate(wind.profiles):
        share = np.where(index == k, 1.0 - weight, 0.0) + np.where(index + 1 == k, weight, 0.0)
        if not np.any(share):
            continue
        e, n = profile.velocity_enu_mps(altitude)
        east = east + share * e
        north = north + share * n
    if not shape:
        return float(east), float(north)
    return east, north


def main() -> None:
    wind = parse_open_meteo(json.dumps(response()))
    exit_s = wind.valid_times_utc_s[14] + 1234.5
    rng = np.random.default_rng(0)
    altitudes = rng.uniform(0.0, 8000.0, 200)
    members = rng.uniform(0.0, 8000.0, 1000)
    member_times = exit_s + rng.uniform(0.0, 300.0, 1000)
    day_times = wind.valid_times_utc_s[0] + rng.uniform(0.0, 23 * 3600.0, 1000)

    for z, t in ((altitudes[0], exit_s), (members, member_times), (members, day_times)):
        new, old = wind.velocity_enu_mps(z, t), every_profile(wind, z, t)
        assert np.allclose(new, old, rtol=0, atol=1e-12), "the two methods disagree"

    def scalar(method):
        return lambda: [method(z, exit_s) for z in altitudes]

    cases = {
        "200 scalar calls (the fall integrator)": (
            scalar(wind.velocity_enu_mps),
            scalar(lambda z, t: every_profile(wind, z, t)),
        ),
        "1,000 members in 5 min (an ensemble)": (
            lambda: wind.velocity_enu_mps(members, member_times),
            lambda: every_profile(wind, members, member_times),
        ),
        "1,000 points over the day": (
            lambda: wind.velocity_enu_mps(members, day_times),
            lambda: every_profile(wind, members, day_times),
        ),
    }
    print("TimeLayeredWind.velocity_enu_mps, 24 hourly profiles of 14 levels")
    for name, (bracketed, baseline) in cases.items():
        new_s, old_s = best(bracketed), best(baseline)
        print(
            f"  {name:40s} bracket {new_s * 1e3:8.3f} ms, every profile "
            f"{old_s * 1e3:8.3f} ms, ratio {old_s / new_s:5.1f}x"
        )

    scenario = planning.SEED_SCENARIO
    jump = scenario.jump_of(scenario.jumper, exit_time_utc_s=exit_s, heading_deg=270.0, wind=wind)
    jump_s = best(lambda: fall.simulate_jump(jump), repeats=3)
    bracketed = TimeLayeredWind.velocity_enu_mps
    TimeLayeredWind.velocity_enu_mps = every_profile  # the former method, for the jump
    try:
        loop_s = best(lambda: fall.simulate_jump(jump), repeats=3)
    finally:
        TimeLayeredWind.velocity_enu_mps = bracketed
    print(
        f"  {'one 25,000 ft jump (simulate_jump)':40s} bracket {jump_s * 1e3:8.1f} ms, every "
        f"profile {loop_s * 1e3:8.1f} ms, ratio {loop_s / jump_s:5.1f}x"
    )


if __name__ == "__main__":
    main()
