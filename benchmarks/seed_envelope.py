"""The seed's "three minutes of available light": what brightness envelopes give.

Reproduces every number of ``docs/light-envelope.md``::

    PYTHONPATH=src python benchmarks/seed_envelope.py

For the seed scenario (24.4 N 54.6 E, 2018-03-10, exit 25,000 ft MSL, deployment
4,000 ft AGL, belly, C-17 at 130 KIAS) it prints

1. the obstacle: how far the Sun's elevation above the jumper's own visible horizon
   falls during the action, split into the horizon's rise and the Sun's own motion,
   and the longest part of the action a band of a given width can hold;
2. for brightness envelopes (a half-width in stops about a centre brightness, judged at
   the jumper's visible horizon, at the exit altitude, at the ground or against the
   astronomical horizontal): the Sun elevations of the envelope, the light window at a
   fixed altitude and the exit window (every exit that keeps the whole action inside);
3. the envelope each reference needs for a three-minute light window and for a
   three-minute exit window.

Brightness is the Sun-plus-clear-sky illuminance of :mod:`duskfall.light.illuminance`
(``esaa1992``) as a function of the Sun's elevation on duskfall's band scale. It is not a
benchmark of speed; it lives here because it is a script that prints numbers.
"""

from __future__ import annotations

import math

import numpy as np

from duskfall.constants import FOOT_M
from duskfall.light import illuminance, light, sun
from duskfall.planning import SEED_SCENARIO, make_plan
from duskfall.timeutil import iso_utc, local_noon_utc_s

STEP_S = 2.0  # grid of the window search; shorter than any window reported (>= 10 s)
HALF_WIDTHS_STOPS = (1 / 3, 1 / 2, 1.0)
THREE_MINUTES_S = 180.0
REFERENCES = ("jumper", "exit", "ground", "astronomical")


def seed_action():
    """The seed's plan and its action segment (times after exit [s], altitudes [m MSL])."""
    plan = make_plan(SEED_SCENARIO)
    tau, altitude = plan.trajectory.action_segment(SEED_SCENARIO.action_end_altitude_m)
    return plan, np.asarray(tau, dtype=float), np.asarray(altitude, dtype=float)


def site():
    s = SEED_SCENARIO.site
    return s.latitude_deg, s.longitude_deg, s.ground_elevation_m


def interval():
    """From 1 h before to 2 h after the ground sunset: every window reported lies inside."""
    lat, lon, ground = site()
    noon = local_noon_utc_s(SEED_SCENARIO.date, lon)
    sunset = light.find_sunset(lat, lon, ground, ground, noon, noon + 43_200.0)
    return sunset - 3_600.0, sunset + 7_200.0


def judged(reference: str, tau: np.ndarray, altitude: np.ndarray):
    """(altitudes along the action, altitude of the light window, horizon) for a reference."""
    ground = SEED_SCENARIO.site.ground_elevation_m
    exit_m = SEED_SCENARIO.exit_altitude_m
    if reference == "jumper":
        return altitude, exit_m, "visible"
    if reference == "exit":
        return np.full_like(tau, exit_m), exit_m, "visible"
    if reference == "ground":
        return np.full_like(tau, ground), ground, "visible"
    return altitude, exit_m, "astronomical"


def dusk_window(windows: list[light.Window]) -> light.Window | None:
    """The last window of the afternoon search (dusk)."""
    closed = [w for w in windows if w.duration_s is not None]
    return closed[-1] if closed else None


def windows_for(band, reference: str, tau: np.ndarray, altitude: np.ndarray):
    """(light window at a fixed altitude, exit window) for a band and a reference [s]."""
    lat, lon, ground = site()
    along, fixed_m, horizon = judged(reference, tau, altitude)
    args = (band, lat, lon, ground, *interval())
    light_w = dusk_window(
        light.find_exit_window([0.0], [fixed_m], *args, step_s=STEP_S, horizon=horizon)
    )
    exit_w = dusk_window(light.find_exit_window(tau, along, *args, step_s=STEP_S, horizon=horizon))
    return light_w, exit_w


def minutes(window: light.Window | None) -> str:
    return "none" if window is None else f"{window.duration_s / 60:.2f}"


def when(window: light.Window | None) -> str:
    """Start and end in UTC (local time in the UAE is UTC+4)."""
    if window is None:
        return "-"
    return f"{iso_utc(window.start_utc_s)[11:19]}-{iso_utc(window.end_utc_s)[11:19]}"


def obstacle(plan, tau: np.ndarray, altitude: np.ndarray) -> None:
    lat, lon, ground = site()
    t0 = plan.exit_time_utc_s
    offset = np.asarray(light.horizon_offset_deg(altitude, ground))
    elevation = np.asarray(sun.solar_position(t0 + tau, lat, lon).elevation_deg)
    scale = elevation + offset
    rate = (elevation[-1] - elevation[0]) / (tau[-1] - tau[0]) * 60.0
    print("1. The obstacle (exit at the seed plan's exit time", iso_utc(t0) + ")")
    print(f"   action: {tau[-1]:.1f} s from {altitude[0] / FOOT_M:,.0f} ft MSL")
    print(f"           to {(altitude[-1] - ground) / FOOT_M:,.0f} ft AGL")
    print(f"   horizon depression: {offset[0]:.3f} deg at exit, {offset[-1]:.3f} deg at the end")
    print(f"   the jumper's horizon rises {offset[0] - offset[-1]:.2f} deg;")
    print(f"   the Sun sinks {elevation[0] - elevation[-1]:.2f} deg ({-rate:.3f} deg/min)")
    print(f"   Sun above the jumper's horizon: {scale[0]:+.2f} -> {scale[-1]:+.2f} deg")
    two_k = SEED_SCENARIO.site.ground_elevation_m + 2000 * FOOT_M
    rise_2k = offset[0] - float(light.horizon_offset_deg(two_k, ground))
    print(f"   (to 2,000 ft AGL the horizon would rise {rise_2k:.2f} deg)")
    fine_tau = np.linspace(0.0, tau[-1], 20_001)
    fine = np.interp(fine_tau, tau, scale)
    for width in (3 * abs(rate), 1.0, 2.0):
        # longest stretch of the action whose band-scale elevations span at most `width`
        end = np.searchsorted(-fine, -(fine - width), side="right") - 1
        held = (fine_tau[np.maximum(end, 0)] - fine_tau).max()
        print(f"   a band {width:.2f} deg wide holds at most {held:.0f} s of the action")
    print()


def envelope(center_lux: float, half_stops: float):
    low = illuminance.ev100_from_lux(center_lux) - half_stops
    high = illuminance.ev100_from_lux(center_lux) + half_stops
    return illuminance.brightness_band(f"EV{low:.6f}..EV{high:.6f}")


def envelopes(tau: np.ndarray, altitude: np.ndarray, label: str, center_deg: float) -> None:
    center_lux = illuminance.illuminance_lux(center_deg)
    ev = illuminance.ev100_from_lux(center_lux)
    print(f"2. Envelopes about {label}: {center_lux:.3g} lux, EV100 {ev:.2f}")
    print("   | judged at | envelope | lux | Sun elevation [deg] | light window [min] (UTC)")
    print("   | exit window [min] (UTC) |")
    for half in HALF_WIDTHS_STOPS:
        band = envelope(center_lux, half)
        for reference in REFERENCES:
            light_w, exit_w = windows_for(band, reference, tau, altitude)
            print(
                f"   | {reference} | +/-{half:.2f} stop | {band.lower_lux:.0f}-{band.upper_lux:.0f}"
                f" | {band.lower_deg:+.2f} to {band.upper_deg:+.2f}"
                f" | {minutes(light_w)} ({when(light_w)}) | {minutes(exit_w)} ({when(exit_w)}) |"
            )
    print()


def width_for(target_s: float, which: int, reference: str, tau, altitude, center_deg) -> float:
    """Half-width [stops] about the centre that gives a window of ``target_s`` (bisection to
    0.003 stop; target 0: the narrowest envelope with any window)."""
    center_lux = illuminance.illuminance_lux(center_deg)
    low, high = 0.01, 3.0
    for _ in range(10):
        mid = 0.5 * (low + high)
        window = windows_for(envelope(center_lux, mid), reference, tau, altitude)[which]
        if window is not None and window.duration_s >= max(target_s, STEP_S):
            high = mid
        else:
            low = mid
    return high


def three_minutes(tau: np.ndarray, altitude: np.ndarray, center_deg: float) -> None:
    print(f"3. Envelopes (+/- stops about the brightness at {center_deg:+.4f} deg) for 3 min")
    for reference in REFERENCES:
        light_half = width_for(THREE_MINUTES_S, 0, reference, tau, altitude, center_deg)
        exit_half = width_for(THREE_MINUTES_S, 1, reference, tau, altitude, center_deg)
        any_half = width_for(0.0, 1, reference, tau, altitude, center_deg)
        print(
            f"   {reference}: 3-min light window at +/-{light_half:.2f} stop;"
            f" 3-min exit window at +/-{exit_half:.2f} stop;"
            f" any exit window from +/-{any_half:.2f} stop"
        )
    print()


def main() -> None:
    plan, tau, altitude = seed_action()
    lat, lon, _ = site()
    print("Seed plan today:", "light window", minutes(plan.light_window), "min;")
    print("   exit window", minutes(plan.exit_window), "min; action", f"{tau[-1]:.1f} s")
    print()
    obstacle(plan, tau, altitude)
    envelopes(tau, altitude, "sunset brightness (Sun's centre at -0.8333 deg)", -0.8333)
    envelopes(tau, altitude, "the blue hour's middle (-5 deg)", -5.0)
    three_minutes(tau, altitude, -0.8333)
    slope = math.log2(illuminance.illuminance_lux(-0.5) / illuminance.illuminance_lux(-1.2)) / 0.7
    rate = abs(
        sun.solar_position(plan.exit_time_utc_s + 30, lat, lon).elevation_deg
        - sun.solar_position(plan.exit_time_utc_s - 30, lat, lon).elevation_deg
    )
    print(f"4. Near sunset the light changes {slope:.2f} stop/deg x {rate:.3f} deg/min")
    print(
        f"   = {slope * rate:.3f} stop/min at a fixed place (3 min = {3 * slope * rate:.2f} stop)"
    )
    for elevation in (3.0, -3.0, -5.0, -6.0):
        s = (
            math.log2(
                illuminance.illuminance_lux(elevation + 0.25)
                / illuminance.illuminance_lux(elevation - 0.25)
            )
            / 0.5
        )
        print(f"   at {elevation:+.0f} deg: {s:.2f} stop/deg = {s * rate:.3f} stop/min")
    check = SEED_SCENARIO.model_copy(update={"light": "-3..1"})
    checked = make_plan(check)
    band = light.light_band("-3..1")
    ours = windows_for(band, "jumper", tau, altitude)[1]
    print()
    print(
        "5. Cross-check: make_plan with light -3..1 deg, exit window",
        minutes(checked.exit_window),
        "min; this script:",
        minutes(ours),
        "min",
    )


if __name__ == "__main__":
    main()
