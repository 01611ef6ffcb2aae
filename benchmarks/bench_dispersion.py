"""Benchmark: a 10,000-member dispersion of the 25,000 ft HALO jump in a layered wind.

Times :func:`duskfall.release.dispersion` (one vectorised ensemble through
:func:`duskfall.fall.simulate_ensemble`, each member with its own wind-error profile,
drag area, exit time and exit point) against the baseline a planner would write first:
a loop of single :func:`duskfall.fall.simulate_jump` trajectories, one per member with
that member's winds, timed on a subset and extrapolated to the full ensemble. The
dispersion integrates its members at ``release.DISPERSION_RTOL`` (1e-5), a single jump
at ``fall.RTOL`` (1e-6): the ensemble is also timed at ``fall.RTOL``, and both ratios are
printed. The members fall without the peaks a single trajectory reports
(``simulate_ensemble(peaks=False)``), which the dispersion does not use. All run in this
process; each is timed several times and the best is kept (the machine is shared). The
target is under 1 s for the ensemble on 2 cores.

Run: ``python benchmarks/bench_dispersion.py [members]``
"""

from __future__ import annotations

import importlib
import sys
import time

import numpy as np

from duskfall import atmosphere, fall
from duskfall.constants import FOOT_M, KNOT_MPS
from duskfall.release import DISPERSION_RTOL, Uncertainty, dispersion, find_release_point
from duskfall.winds import parse_wind_levels, perturb

REPEATS = 5
SUBSET = 20


def best(function, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main(members: int = 10_000) -> None:
    wind = parse_wind_levels("0ft:270@8kt,10000ft:280@25kt,18000ft:285@35kt,25000ft:290@45kt")
    ground = 50.0
    exit_m = 25_000 * FOOT_M
    deploy_m = 4_000 * FOOT_M + ground
    tas = atmosphere.true_airspeed_mps(130 * KNOT_MPS, exit_m)
    jump = fall.Jump(fall.Exit(exit_m, airspeed_mps=tas), deploy_m, fall.Body(90.0), ground)
    spot = find_release_point(jump.replace(wind=wind), 24.4, 54.6)
    uncertainty = Uncertainty()

    # Every repeat simulates: a kept fall (duskfall.fall.kept) would answer the repeats.
    importlib.import_module("duskfall.fall.keep").KEPT_BYTES = 0
    ensemble_s = best(lambda: dispersion(spot, members=members, seed=1))
    result = dispersion(spot, members=members, seed=1)
    module = importlib.import_module("duskfall.release.dispersion")  # not the function
    module.DISPERSION_RTOL = fall.RTOL
    tight_s = best(lambda: dispersion(spot, members=members, seed=1))
    module.DISPERSION_RTOL = DISPERSION_RTOL

    # Baseline: the same members one at a time (their own winds, drag areas, exits).
    rng = np.random.default_rng(1)
    cda = spot.trajectory.cda_m2 * np.exp(uncertainty.cda_relative * rng.standard_normal(SUBSET))
    winds = perturb(wind, uncertainty.wind, SUBSET, rng, ground - 10, exit_m + 10)

    nominal = spot.trajectory.jump

    def loop():
        for i in range(SUBSET):
            fall.simulate_jump(
                nominal.replace(wind=winds.member(i)).with_body(cda_m2=float(cda[i]))
            )

    loop_s = best(loop, repeats=3) * members / SUBSET
    e95 = result.landing_ellipse_95
    d95 = result.deploy_ellipse_95
    print(f"dispersion of {members:,} members, 25,000 ft HALO, layered wind")
    print(f"  ensemble (best of {REPEATS}), rtol {DISPERSION_RTOL:g}:   {ensemble_s:8.3f} s")
    print(f"  ensemble at a single jump's rtol {fall.RTOL:g}: {tight_s:8.3f} s")
    print(f"  loop of single trajectories (from {SUBSET}): {loop_s:8.1f} s")
    print(f"  ratio loop / ensemble:                 {loop_s / ensemble_s:8.0f}x")
    print(f"  ratio loop / ensemble at rtol {fall.RTOL:g}:     {loop_s / tight_s:8.0f}x")
    print(f"  target under 1 s:                      {'yes' if ensemble_s < 1.0 else 'NO'}")
    print(
        f"  deployment 95 % ellipse {d95.semi_major_m:.0f} x {d95.semi_minor_m:.0f} m, "
        f"landing 95 % {e95.semi_major_m:.0f} x {e95.semi_minor_m:.0f} m, "
        f"P(within 100 m) {result.p_land_within_radius:.3f}, "
        f"P(reachable) {result.p_target_reachable:.3f}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
