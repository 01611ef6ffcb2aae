"""Speed of the atlas and of the season scan against the single-site planner, one run.

- Atlas: a 1-degree global grid for a whole year (180 x 360 cells x 365 days, 23.7
  million cell-days), dusk, the seed's jump (25,000 ft to 4,000 ft AGL, lowsun), on
  local threads (``--workers``, default 2), best of ``--repeats`` runs; printed as
  cell-days per second next to ``make_plan`` called once per day for the same work
  (measured on a sample of days and cells), and the ratio. A second line does the same
  with the result written to NetCDF.
- Season: the seed's whole year of dusks with :func:`duskfall.season.scan_season`
  against ``make_plan`` per day.

The machine is shared: take the best of several runs and read the ratios.

    python benchmarks/bench_atlas.py [--workers 2] [--repeats 3] [--grid 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

import numpy as np

from duskfall import atlas, atmosphere, fall, planning, season
from duskfall.constants import FOOT_M, KNOT_MPS

EXIT_M = 25_000 * FOOT_M
AGL_M = 4_000 * FOOT_M


def best(function, repeats):
    times = []
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def planner_rate(samples: int = 40) -> float:
    """Cell-days per second of make_plan, one call per day (no Monte Carlo)."""
    rng = np.random.default_rng(1)
    tas = atmosphere.true_airspeed_mps(130 * KNOT_MPS, EXIT_M)
    scenarios = []
    for _ in range(samples):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=int(rng.integers(365)))
        scenarios.append(
            planning.make_scenario(
                {
                    "site": {
                        "latitude_deg": float(rng.uniform(-60, 60)),
                        "longitude_deg": float(rng.uniform(-180, 180)),
                    },
                    "date": day,
                    "light": "lowsun",
                    "exit_altitude_m": EXIT_M,
                    "deploy_altitude_m": AGL_M,
                    "jumpers": [{"mass_kg": 90.0}],
                    "aircraft": {"true_airspeed_mps": tas},
                    "members": 0,
                }
            )
        )
    planning.make_plan(scenarios[0])
    seconds, _ = best(lambda: [planning.make_plan(s) for s in scenarios], 1)
    return samples / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--grid", type=float, default=1.0)
    args = parser.parse_args()
    tas = atmosphere.true_airspeed_mps(130 * KNOT_MPS, EXIT_M)

    jump = fall.Jump(fall.Exit(EXIT_M, airspeed_mps=tas), AGL_M, fall.Body(90.0))

    def build():
        return atlas.make_atlas(
            jump, "lowsun", deploy_altitude_agl_m=AGL_M, year=2026, grid_deg=args.grid
        )

    warm = atlas.make_atlas(jump, "lowsun", deploy_altitude_agl_m=AGL_M, year=2026, grid_deg=30.0)
    atlas.compute_atlas(warm)  # warm the caches
    seconds, result = best(lambda: atlas.compute_atlas(build(), workers=args.workers), args.repeats)
    cells = int(result["status"].size)
    plan = planner_rate()
    rate = cells / seconds
    print(
        f"atlas {args.grid:g} deg x 1 year: {cells:,} cell-days in {seconds:.1f} s on "
        f"{args.workers} threads = {rate / 1e6:.2f} million cell-days/s; make_plan per day: "
        f"{plan:.1f} cell-days/s; ratio {rate / plan:,.0f}"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "atlas.nc"

        def write():
            computed = atlas.compute_atlas(build(), workers=args.workers)
            computed.to_netcdf(
                path,
                engine="h5netcdf",
                encoding={
                    name: {"zlib": True, "complevel": 1, "shuffle": True}
                    for name in ("exit_window_s", "light_window_s", "status")
                },
            )

        written, _ = best(write, 1)
        size = path.stat().st_size
    print(
        f"  with the NetCDF file written ({size / 1e6:.0f} MB, zlib level 1): "
        f"{written:.1f} s, {cells / written / 1e6:.2f} million cell-days/s"
    )

    seed = planning.SEED_SCENARIO.model_copy(update={"members": 0})
    scan_seconds, scan = best(
        lambda: season.scan_season(seed, "2018-01-01", "2018-12-31"), args.repeats
    )
    days = [
        seed.model_copy(update={"date": dt.date(2018, 1, 1) + dt.timedelta(days=k)})
        for k in range(0, 365, 9)
    ]
    per_day, _ = best(lambda: [planning.make_plan(s) for s in days], 1)
    plan_days = len(days) / per_day
    print(
        f"season, 365 dusks of the seed: {scan_seconds:.2f} s = {len(scan) / scan_seconds:,.0f} "
        f"days/s (edges refined on the full model); make_plan per day: {plan_days:.1f} "
        f"days/s; ratio {len(scan) / scan_seconds / plan_days:,.0f}"
    )


if __name__ == "__main__":
    main()
