"""Light as a film crew means it: brightness bands, where the light is judged, and the
seed's three numbers, through the plan, the season and the command line."""

import contextlib
import io
import json
import math

import numpy as np
import pytest

from duskfall import light, planning, season
from duskfall.cli import main

SEED = planning.SEED_SCENARIO
EDGE_TOLERANCE_S = 1.0
"""Window edges of two descriptions of the same band agree to the engine's refinement."""


def plan_with(**changes):
    data = SEED.model_dump()
    data.update(changes)
    return planning.make_plan(planning.make_scenario(data))


def edges(window):
    return np.array([window.start_utc_s, window.end_utc_s], dtype=float)


def test_a_lux_band_gives_the_exit_window_of_its_elevation_band():
    """300..3000 lux are the Sun elevations the illuminance model inverts to; the same
    elevations written in degrees give the same exit window."""
    band = light.brightness_band("300..3000lux")
    degrees = f"{band.lower_deg:.9f}..{band.upper_deg:.9f}"
    by_lux, by_degrees = plan_with(light="300..3000lux"), plan_with(light=degrees)
    assert by_lux.fits
    assert by_degrees.fits
    assert edges(by_lux.exit_window) == pytest.approx(edges(by_degrees.exit_window), abs=1.0)


def test_an_ev_band_is_its_lux_band():
    """EV100 = log2(E / 2.5 lux): EV6..EV9 is 160..1280 lux."""
    by_ev, by_lux = plan_with(light="EV6..EV9"), plan_with(light="160..1280lux")
    assert edges(by_ev.exit_window) == pytest.approx(edges(by_lux.exit_window), abs=1e-6)
    assert by_ev.light_levels.ev100_exit == pytest.approx(
        math.log2(by_ev.light_levels.illuminance_exit_lux / 2.5)
    )


def test_judged_at_the_exit_altitude_the_window_is_the_band_less_the_action():
    """At a fixed altitude the band's own window holds the whole action exactly when the
    exit lies between its opening and its closing less the action's length."""
    plan = plan_with(light="-1..2", judge_at="exit")
    light_window, exit_window = plan.light_window, plan.exit_window
    assert exit_window.start_utc_s == pytest.approx(light_window.start_utc_s, abs=EDGE_TOLERANCE_S)
    expected_end = light_window.end_utc_s - plan.action_duration_s
    assert exit_window.end_utc_s == pytest.approx(expected_end, abs=EDGE_TOLERANCE_S)


def test_astronomical_at_altitude_is_the_ground_computation():
    """From the astronomical horizontal the observer's altitude does not count: judged at
    the jumper and judged on the ground give the same windows."""
    aloft = plan_with(light="-1..2", horizon="astronomical", judge_at="jumper")
    ground = plan_with(light="-1..2", horizon="astronomical", judge_at="ground")
    assert edges(aloft.exit_window) == pytest.approx(edges(ground.exit_window), abs=1e-6)
    assert edges(aloft.light_window) == pytest.approx(edges(ground.light_window), abs=1e-6)


def test_judged_on_the_ground_the_light_window_is_the_ground_observers():
    """The plan's light window judged on the ground is the band's window for an observer
    standing on the ground (:func:`duskfall.light.find_day_light`)."""
    plan = plan_with(light="-1..2", judge_at="ground")
    ground = SEED.site.ground_elevation_m
    day = light.find_day_light(SEED.date, 24.4, 54.6, ground, ground, bands=["-1..2"])
    (window,) = day.windows["-1..2"][0]
    assert edges(plan.light_window) == pytest.approx(edges(window), abs=EDGE_TOLERANCE_S)


def test_the_seeds_three_numbers():
    """ "Three minutes of available light. Two minutes of action. One chance per day."
    The ``available`` band (1/3 stop about the brightness at sunset) judged on the ground
    holds about three minutes; the free fall lasts 100 s; the exit window is what is left,
    and a second lift cannot make it."""
    plan = plan_with(light="available", judge_at="ground")
    assert plan.light_window.duration_s / 60 == pytest.approx(3.0, abs=0.1)
    assert plan.action_duration_s == pytest.approx(100.5, abs=0.5)
    exit_window = plan.exit_window.duration_s
    assert exit_window == pytest.approx(plan.light_window.duration_s - 100.5, abs=2.0)
    one_chance = next(c for c in plan.checks if c.code == "one-chance")
    assert one_chance.severity == "warn"
    # The band is where the docs put it: 360-571 lux about 454 lux at sunset.
    band = light.light_band("available")
    assert (band.lower_lux, band.upper_lux) == pytest.approx((360.0, 571.4), abs=0.5)


def test_the_brightness_falls_through_a_dusk_action():
    levels = plan_with().light_levels
    assert levels.exposure_swing_stops < 0
    assert levels.illuminance_exit_lux > levels.illuminance_action_end_lux
    assert levels.exposure_swing_stops == pytest.approx(
        levels.ev100_action_end - levels.ev100_exit, abs=1e-9
    )


def test_the_season_judges_the_light_where_the_plan_does():
    data = SEED.model_dump() | {"light": "available", "judge_at": "ground"}
    scenario = planning.make_scenario(data)
    scan = season.scan_season(scenario, SEED.date, SEED.date)
    plan = planning.make_plan(scenario)
    assert scan.window_start_utc_s[0] == pytest.approx(plan.exit_window.start_utc_s, abs=1.0)
    assert scan.window_end_utc_s[0] == pytest.approx(plan.exit_window.end_utc_s, abs=1.0)


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


def test_the_plan_json_gives_brightness_and_where_it_is_judged():
    status, out, err = run("plan", "--light", "EV6..EV9", "--judge-at", "exit", "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    assert data["light_band"]["judge_at"] == "exit"
    assert data["light_band"]["lower_lux"] == pytest.approx(160.0)
    for key in ("illuminance_exit_lux", "ev100_exit", "exposure_swing_stops"):
        assert data[key] is not None


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["--light", "0..5lux"], "--light"),
        (["--light", "500..300lux"], "--light"),
        (["--light", "300..300lux"], "--light"),
        (["--light", "EV20..EV30"], "--light"),
        (["--light", "0.00001..0.0001lux"], "--light"),
        (["--judge-at", "cockpit"], "--judge-at"),
        (["--horizon", "flat"], "--horizon"),
    ],
)
@pytest.mark.parametrize("command", ["plan", "season", "report"])
def test_bad_light_is_one_line(command, argv, option, tmp_path):
    extra = ["--output", str(tmp_path / "r.html")] if command == "report" else []
    status, out, err = run(command, *argv, *extra)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert option in err, err
