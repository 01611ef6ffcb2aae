"""Speed of the free-fall engine against scipy's solve_ivp, measured in one run.

Prints:

1. one full jump (25,000 ft MSL exit at 130 KIAS, layered wind, free fall, opening and
   ram-air canopy to the ground at 50 m MSL): duskfall.fall.simulate_jump against the same
   model integrated by solve_ivp (RK45 at rtol 1e-6, then DOP853 at rtol 1e-10 as the
   accuracy reference), with both errors against the reference;
2. an ensemble of 10,000 members (drag area, mass, exit point and time scattered):
   duskfall.fall.simulate_ensemble against 10,000 solve_ivp calls, extrapolated from a
   subset, with the agreement between the two on that subset.

Both sides use the same physics and the same interpolated 1976 atmosphere, so the ratio
measures the integrators. Timings are the best of several repeats (the machine is
shared). Run: python benchmarks/bench_fall.py [--members N] [--subset M]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.integrate import solve_ivp

from duskfall import atmosphere, fall
from duskfall.constants import FOOT_M, KNOT_MPS
from duskfall.winds import LayeredWind

EXIT_M = 25_000 * FOOT_M
GROUND_M = 50.0
DEPLOY_M = 4_000 * FOOT_M + GROUND_M
MASS_KG = 90.0
CDA_M2 = fall.POSTURES["belly"].cda_m2(MASS_KG)
TAS_MPS = atmosphere.true_airspeed_mps(130 * KNOT_MPS, EXIT_M)
HEADING_DEG = 270.0
CANOPY_HEADING_DEG = 90.0
WIND = LayeredWind((0.0, 3000.0, 8000.0), (300.0, 280.0, 260.0), (4.0, 12.0, 25.0))
AIR = atmosphere.us1976_table()
JUMP = fall.Jump(
    exit=fall.Exit(EXIT_M, airspeed_mps=TAS_MPS, heading_deg=HEADING_DEG),
    deploy_altitude_m=DEPLOY_M,
    body=fall.Body(MASS_KG, "belly", CDA_M2),
    ground_elevation_m=GROUND_M,
    canopy_heading_deg=CANOPY_HEADING_DEG,
    wind=WIND,
)
CANOPY = fall.CANOPIES["ram-air"]


def best_of(function, repeats: int) -> tuple[float, object]:
    best, result = np.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def solve_ivp_jump(mass_kg, cda_m2, exit_east=0.0, exit_north=0.0, method="RK45", rtol=1e-6):
    """The same jump with solve_ivp: free fall to deployment, opening, canopy to landing."""
    atol = rtol * 1e-2

    def wind_at(z):
        east, north = WIND.velocity_enu_mps(z)
        return float(east), float(north)

    def freefall(t, y):
        we, wn = wind_at(y[2])
        rx, ry, rz = y[3] - we, y[4] - wn, y[5]
        speed = np.sqrt(rx * rx + ry * ry + rz * rz)
        k = 0.5 * cda_m2 / mass_kg * float(AIR.density_kgpm3(y[2])) * speed
        return [y[3], y[4], y[5], -k * rx, -k * ry, -float(AIR.gravity_mps2(y[2])) - k * rz]

    def deploy(t, y):
        return y[2] - DEPLOY_M

    deploy.terminal, deploy.direction = True, -1
    h = np.radians(HEADING_DEG)
    we, wn = wind_at(EXIT_M)
    y0 = [exit_east, exit_north, EXIT_M, TAS_MPS * np.sin(h) + we, TAS_MPS * np.cos(h) + wn, 0]
    free = solve_ivp(freefall, (0, 1000), y0, method=method, rtol=rtol, atol=atol, events=deploy)
    t_deploy, y_deploy = free.t_events[0][0], free.y_events[0][0]
    we, wn = wind_at(y_deploy[2])
    u_deploy = np.array([y_deploy[3] - we, y_deploy[4] - wn, y_deploy[5]])
    unit = np.array(
        [np.sin(np.radians(CANOPY_HEADING_DEG)), np.cos(np.radians(CANOPY_HEADING_DEG))]
    )

    def canopy(tau, p):
        we, wn = wind_at(p[2])
        sigma = np.sqrt(1.225 / float(AIR.density_kgpm3(p[2])))
        steady = np.array([*(CANOPY.airspeed_mps * sigma * unit), -CANOPY.sink_mps * sigma])
        u = steady + (u_deploy - steady) * max(0.0, 1.0 - tau / CANOPY.opening_duration_s)
        return [we + u[0], wn + u[1], u[2]]

    def land(tau, p):
        return p[2] - GROUND_M

    land.terminal, land.direction = True, -1
    opening = solve_ivp(
        canopy, (0, CANOPY.opening_duration_s), y_deploy[:3], method=method, rtol=rtol, atol=atol
    )
    flight = solve_ivp(
        canopy, (CANOPY.opening_duration_s, 5000), opening.y[:, -1], method=method, rtol=rtol,
        atol=atol, events=land,
    )  # fmt: skip
    landing = flight.y_events[0][0]
    return t_deploy, t_deploy + flight.t_events[0][0], landing[0], landing[1]


def error_sizes(result, reference) -> tuple[float, float, float]:
    """Errors of (deployment time [s], landing time [s], landing point [m])."""
    t_deploy, t_land, east, north = result
    r_deploy, r_land, r_east, r_north = reference
    return (
        abs(t_deploy - r_deploy),
        abs(t_land - r_land),
        float(np.hypot(east - r_east, north - r_north)),
    )


def describe(sizes) -> str:
    deploy, land, point = sizes
    return f"deploy {deploy * 1e3:.3f} ms, landing {land * 1e3:.2f} ms, {point:.3f} m"


def single_jump(repeats: int) -> str:
    """Time one jump both ways; return the solve_ivp tolerance of equal accuracy."""
    print("1. One full jump: 25,000 ft MSL exit, 130 KIAS, layered wind, canopy to 50 m MSL")

    def ours():
        return fall.simulate_jump(JUMP)

    ours()  # warm the atmosphere table
    t_ours, trajectory = best_of(ours, repeats)
    reference = solve_ivp_jump(MASS_KG, CDA_M2, method="DOP853", rtol=1e-10)
    mine = error_sizes(
        (
            trajectory.freefall_duration_s,
            trajectory.landing_time_s,
            trajectory.landing_east_m,
            trajectory.landing_north_m,
        ),
        reference,
    )
    # Baseline of equal accuracy: the loosest RK45 tolerance at least as accurate as ours.
    rtol = 1e-7
    for candidate in (1e-3, 1e-4, 1e-5, 1e-6):
        sizes = error_sizes(solve_ivp_jump(MASS_KG, CDA_M2, rtol=candidate), reference)
        if all(theirs <= max(ours_, 1e-6) for theirs, ours_ in zip(sizes, mine, strict=True)):
            rtol = candidate
            break
    t_ivp, ivp = best_of(lambda: solve_ivp_jump(MASS_KG, CDA_M2, rtol=rtol), max(3, repeats // 5))
    theirs = error_sizes(ivp, reference)
    print("   errors against solve_ivp DOP853 at rtol 1e-10:")
    print(f"   duskfall simulate_jump     {t_ours * 1e3:7.2f} ms   {describe(mine)}")
    print(f"   solve_ivp RK45 rtol {rtol:.0e}  {t_ivp * 1e3:7.2f} ms   {describe(theirs)}")
    print(f"   ratio                      {t_ivp / t_ours:7.2f} x    (target: one jump < 5 ms)")
    print(
        f"   free fall {trajectory.freefall_duration_s:.2f} s, peak fall rate "
        f"{trajectory.max_speed_mps:.2f} m/s, landing {trajectory.landing_time_s:.1f} s"
    )
    return rtol


def ensemble(members: int, subset: int, repeats: int, rtol: float) -> None:
    print(f"2. Ensemble of {members:,} members (CdA +-8 %, mass +-5 kg, exit point scattered)")
    rng = np.random.default_rng(2026)
    mass = rng.normal(MASS_KG, 5.0, members)
    cda = CDA_M2 * np.exp(0.08 * rng.standard_normal(members))
    east = rng.normal(0.0, 150.0, members)
    north = rng.normal(0.0, 150.0, members)

    members_jump = JUMP.with_body(mass_kg=mass, cda_m2=cda).with_exit(east_m=east, north_m=north)

    def ours():
        return fall.simulate_ensemble(members_jump)

    t_ours, result = best_of(ours, repeats)
    pick = rng.choice(members, subset, replace=False)
    start = time.perf_counter()
    ivp = [solve_ivp_jump(mass[i], cda[i], east[i], north[i], rtol=rtol) for i in pick]
    t_subset = time.perf_counter() - start
    t_ivp = t_subset / subset * members
    check = pick[:20]
    worst_ours, worst_ivp = np.zeros(3), np.zeros(3)
    for j, i in enumerate(check):
        reference = solve_ivp_jump(mass[i], cda[i], east[i], north[i], method="DOP853", rtol=1e-10)
        member = (
            result.freefall_duration_s[i],
            result.landing_time_s[i],
            result.landing_east_m[i],
            result.landing_north_m[i],
        )
        worst_ours = np.maximum(worst_ours, error_sizes(member, reference))
        worst_ivp = np.maximum(worst_ivp, error_sizes(ivp[j], reference))
    steps = f"{result.freefall_steps} + {result.canopy_steps} shared steps"
    print(f"   duskfall simulate_ensemble {t_ours:7.3f} s    ({steps})")
    print(
        f"   {members:,} solve_ivp calls     {t_ivp:7.1f} s    "
        f"(RK45 rtol {rtol:.0e}; extrapolated from {subset} calls, {t_subset:.2f} s)"
    )
    print(f"   throughput ratio           {t_ivp / t_ours:7.0f} x    (targets: < 0.5 s, >= 100 x)")
    print(f"   worst errors on {check.size} members against solve_ivp DOP853 at rtol 1e-10:")
    print(f"     duskfall: {describe(worst_ours)}")
    print(f"     RK45:     {describe(worst_ivp)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--subset", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    rtol = single_jump(args.repeats)
    ensemble(args.members, args.subset, max(3, args.repeats // 10), rtol)


if __name__ == "__main__":
    main()
