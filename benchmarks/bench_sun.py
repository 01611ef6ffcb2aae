"""Speed of the solar model against pvlib (NREL SPA) and skyfield (JPL DE421), one run.

Prints positions per second (1,000,000 times at one site; 1,000 sites x 1,000 times) and
a year of dusk events for 10,000 sites (ground sunset and civil dusk; at 25,000 ft the
sunset and the edges of the golden and blue bands: six events per site and day), each
against the same work done by the baseline on a subset and extrapolated, with the
largest difference from skyfield on a sample. Best of three runs; two cores shared with
other work, so ratios mean more than absolute times.

    python benchmarks/bench_sun.py
"""

from __future__ import annotations

import time
import warnings

import numpy as np

from duskfall import light, sun
from duskfall.timeutil import local_noon_utc_s

UNIX_EPOCH_JD = 2_440_587.5
YEAR_START_S = 1_514_764_800.0  # 2018-01-01T00:00Z


def best(function, repeats=3):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def skyfield_objects():
    import skyfield_data
    from skyfield.api import Loader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = skyfield_data.get_skyfield_data_path()
    loader = Loader(path)
    return loader.timescale(builtin=True), loader("de421.bsp")


def positions(ts, ephemeris):
    import pandas as pd
    from pvlib import solarposition
    from skyfield.api import wgs84

    rng = np.random.default_rng(1)
    times = YEAR_START_S + np.sort(rng.uniform(0, 365 * 86_400, 1_000_000))
    sun.solar_position(times, 24.4, 54.6)  # fill the cache of daily nodes
    ours = best(lambda: sun.solar_position(times, 24.4, 54.6))
    subset = times[:20_000]
    index = pd.to_datetime(subset, unit="s", utc=True)
    spa = best(lambda: solarposition.spa_python(index, 24.4, 54.6, how="numpy"), 1)
    spa_rate = subset.size / spa
    observer = ephemeris["earth"] + wgs84.latlon(24.4, 54.6)
    when = ts.ut1_jd(subset / 86_400 + UNIX_EPOCH_JD)
    sky = best(lambda: observer.at(when).observe(ephemeris["sun"]).apparent().altaz(), 1)
    sky_rate = subset.size / sky
    rate = times.size / ours
    print("Positions, 1,000,000 times at one site:")
    print(f"  duskfall {rate:12,.0f} /s")
    print(f"  pvlib spa_python (numpy) {spa_rate:12,.0f} /s   ratio {rate / spa_rate:6.1f}x")
    print(f"  skyfield + DE421 {sky_rate:12,.0f} /s   ratio {rate / sky_rate:6.1f}x")

    lat = rng.uniform(-60, 60, (1000, 1))
    lon = rng.uniform(-180, 180, (1000, 1))
    grid = best(lambda: sun.solar_position(times[:1000], lat, lon))
    rate = 1_000_000 / grid
    print("Positions, 1,000 sites x 1,000 times:")
    print(f"  duskfall {rate:12,.0f} /s   (pvlib ratio {rate / spa_rate:.1f}x)")


def events(ts, ephemeris):
    from skyfield import almanac
    from skyfield.api import wgs84

    rng = np.random.default_rng(2)
    n_sites = 10_000
    lat = rng.uniform(-60, 60, n_sites)
    lon = rng.uniform(-180, 180, n_sites)
    dates = np.arange("2018-01-01", "2019-01-01", dtype="datetime64[D]")
    ground_targets = np.array([light.LIGHT_BANDS["sunlit"].lower_deg, -6.0])
    aloft_targets = np.array([light.LIGHT_BANDS["sunlit"].lower_deg, 6.0, -4.0, -6.0])

    def run():
        ground = light.find_light_events(
            dates[None, :, None], lat[:, None, None], lon[:, None, None], ground_targets
        )
        aloft = light.find_light_events(
            dates[None, :, None], lat[:, None, None], lon[:, None, None], aloft_targets, 7620.0
        )
        return ground, aloft

    run()
    seconds = best(run)
    ground, aloft = run()
    count = ground.time_utc_s.size + aloft.time_utc_s.size

    # skyfield on a sample of sites: time per event, and the largest difference.
    sample = 12
    horizons = list(ground_targets) + list(aloft_targets - light.horizon_offset_deg(7620.0, 0.0))
    ours = np.concatenate([ground.time_utc_s, aloft.time_utc_s], axis=2)
    start = time.perf_counter()
    found = 0
    worst = 0.0
    for i in range(sample):
        observer = ephemeris["earth"] + wgs84.latlon(lat[i], lon[i])
        noon = local_noon_utc_s(dates[0].astype(object), lon[i])
        t0 = ts.ut1_jd((noon - 3600) / 86_400 + UNIX_EPOCH_JD)
        t1 = ts.ut1_jd((noon + 366 * 86_400) / 86_400 + UNIX_EPOCH_JD)
        for k, horizon in enumerate(horizons):
            times, crosses = almanac.find_settings(observer, ephemeris["sun"], t0, t1, horizon)
            oracle = (times.ut1[crosses] - UNIX_EPOCH_JD) * 86_400
            found += oracle.size
            mine = ours[i, :, k]
            mine = mine[np.isfinite(mine)]
            # Pair each of ours with the nearest oracle event.
            nearest = np.abs(mine[:, None] - oracle[None, :]).min(axis=1)
            worst = max(worst, float(nearest.max()))
    sky_seconds = time.perf_counter() - start
    sky_rate = found / sky_seconds
    rate = count / seconds
    print(f"A year of dusk events for {n_sites:,} sites ({count:,} events, 6 per site-day):")
    print(f"  duskfall {seconds:8.2f} s   {rate:12,.0f} events/s")
    print(
        f"  skyfield find_settings {count / sky_rate:8.0f} s   {sky_rate:12,.0f} events/s"
        f"   (from {sample} sites x 6 events x 365 days)   ratio {rate / sky_rate:,.0f}x"
    )
    print(f"  largest difference from skyfield on those sites: {worst:.3f} s")


def main():
    ts, ephemeris = skyfield_objects()
    positions(ts, ephemeris)
    events(ts, ephemeris)
    ephemeris.close()


if __name__ == "__main__":
    main()
