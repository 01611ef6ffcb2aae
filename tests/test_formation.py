"""The camera flyer and the performer (duskfall.planning.formation): checked against the
closed-form fall in constant density, and in the plan against the light model."""

import math

import numpy as np
import pytest
from scipy.optimize import brentq

from conftest import make_jump
from duskfall import fall, light, planning
from duskfall.atmosphere import UniformAtmosphere
from duskfall.constants import FOOT_M
from duskfall.planning.formation import analyse_formation, meet_exit_delay_s
from duskfall.planning.positions import Pair

AIR = UniformAtmosphere(density=1.225, gravity=9.80665)
"""Constant density and gravity: the fall from rest is the tanh law (test_fall.py)."""

G = AIR.gravity
MASS_KG = 80.0
SLOW_CDA_M2, FAST_CDA_M2 = 0.8, 0.4
EXIT_M, DEPLOY_M = 4000.0, 500.0

ONE_CENTISECOND = 0.01
"""Tolerance on times against the closed form: the integrator keeps positions to
millimetres (fall.ATOL_POSITION_M), a thousandth of a second at 60 m/s."""


def terminal(cda_m2):
    return math.sqrt(2 * MASS_KG * G / (AIR.density * cda_m2))


def drop(cda_m2, t):
    """Height fallen from rest in constant density [m]: (v^2/g) ln cosh(g t / v)."""
    v = terminal(cda_m2)
    return v * v / G * math.log(math.cosh(G * t / v))


def simulated(cda_m2):
    jump = make_jump(EXIT_M, DEPLOY_M, mass_kg=MASS_KG, cda_m2=cda_m2, air=AIR)
    return fall.simulate_jump(jump, sample_interval_s=0.5)


@pytest.fixture(scope="module")
def slow_and_fast():
    return simulated(SLOW_CDA_M2), simulated(FAST_CDA_M2)


def pair(slow, fast, fast_delay_s):
    return Pair("camera", slow, 0.0, "performer", fast, fast_delay_s)


def test_closing_at_terminal_speeds_against_the_analytic_value(slow_and_fast):
    """The slow jumper (40 m/s terminal) leaves first, the fast one (56.6 m/s) 20 s
    later. At terminal speed a body that started from rest is (v^2/g) ln 2 above one
    that fell at v from the start, so they are level at
    t = (v_f d + (v_f^2 - v_s^2) ln 2 / g) / (v_f - v_s) after the first exit: 75.1 s.
    The exact ln cosh law gives the same to microseconds (e^-14 terms)."""
    slow, fast = slow_and_fast
    d = 20.0
    formation = analyse_formation(pair(slow, fast, d), None, 0.0, 3.0, 30.0)
    vs, vf = terminal(SLOW_CDA_M2), terminal(FAST_CDA_M2)
    asymptotic = (vf * d + (vf**2 - vs**2) * math.log(2) / G) / (vf - vs)
    exact = brentq(lambda t: drop(SLOW_CDA_M2, t) - drop(FAST_CDA_M2, t - d), d + 1, 85.0)
    assert exact == pytest.approx(asymptotic, abs=1e-4)
    assert formation.meet_time_s == pytest.approx(exact, abs=ONE_CENTISECOND)
    assert formation.meet_altitude_m == pytest.approx(EXIT_M - drop(SLOW_CDA_M2, exact), abs=0.05)
    # No aircraft, no wind: one vertical line, so they touch where they meet.
    assert formation.closest_approach_m < 0.05
    assert formation.closest_approach_time_s == pytest.approx(exact, abs=ONE_CENTISECOND)
    assert formation.faster == "performer"
    assert formation.slower == "camera"
    # To stay level the slower must hold the faster's drag per kilogram: 0.4 m^2.
    assert formation.slower_level_cda_m2 == pytest.approx(FAST_CDA_M2)
    assert formation.faster_level_cda_m2 == pytest.approx(SLOW_CDA_M2)


def test_closing_distance_at_terminal_speeds(slow_and_fast):
    """Within 3 m vertically: at terminal speeds the gap closes at v_f - v_s (16.6 m/s),
    so 3 m before the meet is 3 / 16.6 = 0.18 s before it, and they stay within it for
    twice that."""
    slow, fast = slow_and_fast
    formation = analyse_formation(pair(slow, fast, 20.0), None, 0.0, 3.0, 30.0)
    closing = terminal(FAST_CDA_M2) - terminal(SLOW_CDA_M2)
    assert formation.meet_time_s - formation.closing_time_s == pytest.approx(
        3.0 / closing, abs=ONE_CENTISECOND
    )
    assert formation.within_closing_distance_s == pytest.approx(6.0 / closing, abs=0.05)
    assert formation.closing_altitude_m == pytest.approx(
        float(fast.altitude_m[0]) - drop(FAST_CDA_M2, formation.closing_time_s - 20.0), abs=0.05
    )


def test_exit_separation_for_a_meet_altitude_against_the_closed_form(slow_and_fast):
    """Time from rest to a drop H in constant density: t = (v/g) arccosh(exp(g H / v^2)).
    To be level at 2,000 m the fast jumper leaves t_slow - t_fast after the slow one."""
    slow, fast = slow_and_fast

    def time_to(cda, height):
        v = terminal(cda)
        return v / G * math.acosh(math.exp(G * height / v**2))

    height = EXIT_M - 2000.0
    expected = time_to(SLOW_CDA_M2, height) - time_to(FAST_CDA_M2, height)
    assert meet_exit_delay_s(slow, fast, 2000.0) == pytest.approx(expected, abs=ONE_CENTISECOND)
    formation = analyse_formation(pair(slow, fast, expected), None, 0.0, 3.0, 30.0)
    assert formation.meet_altitude_m == pytest.approx(2000.0, abs=0.1)


def test_two_jumpers_with_the_same_drag_never_close(slow_and_fast):
    """The same body 3 s apart: the second is always above, by the height the first fell
    in 3 s and more, growing to v * 3 s at terminal speed; they are never level."""
    slow, _ = slow_and_fast
    formation = analyse_formation(Pair("a", slow, 0.0, "b", slow, 3.0), None, 0.0, 3.0, 30.0)
    assert formation.meet_time_s is None
    assert formation.closing_time_s is None
    assert formation.faster is None
    assert formation.slower_level_cda_m2 is None
    assert np.all(formation.vertical_separation_m > drop(SLOW_CDA_M2, 3.0) - 0.01)
    assert formation.vertical_separation_m[-1] == pytest.approx(
        terminal(SLOW_CDA_M2) * 3.0, rel=1e-3
    )
    codes = [n.code for n in formation.notices]
    assert codes == ["formation-apart"]  # never within 30 m vertically


# --- In the plan --------------------------------------------------------------------------------


def two_jumpers(performer, camera, **changes):
    data = planning.SEED_SCENARIO.model_dump()
    data["jumpers"] = [{"name": "performer", **performer}, {"name": "camera", **camera}]
    data["members"] = 0
    data.update(changes)
    return planning.make_plan(planning.make_scenario(data))


def test_a_sit_flying_camera_flyer_ends_far_below_a_belly_performer():
    """Leaving together, a sit-flyer (145 mph) falls away from a belly performer (120
    mph): the plan warns when they drift 30 m apart, and at deployment they are about
    3,000 ft apart; to stay level one must hold the other's drag per kilogram."""
    plan = two_jumpers({"mass_kg": 90.0, "posture": "belly"}, {"mass_kg": 90.0, "posture": "sit"})
    formation = plan.formation
    assert formation.faster == "camera"
    assert formation.limit_passed_time_s is not None
    assert formation.limit_passed_time_s < 15.0
    apart_ft = -formation.vertical_separation_at_action_end_m / FOOT_M
    assert 2_500 < apart_ft < 3_500
    assert formation.slower_level_posture == "sit"
    assert formation.faster_level_posture == "belly"
    codes = {n.code for n in plan.notices}
    assert "formation-separation" in codes


def test_meet_at_20000_ft_puts_them_level_there():
    """A belly camera flyer and a head-down performer: the performer leaves after the
    camera flyer by the separation that makes them level at 20,000 ft."""
    meet_m = 20_000 * FOOT_M
    plan = two_jumpers(
        {"mass_kg": 90.0, "posture": "head-down"},
        {"mass_kg": 100.0, "posture": "belly"},
        formation={"meet_altitude_m": meet_m},
    )
    performer_delay, camera_delay = plan.exit_delays_s
    assert camera_delay == 0.0
    assert performer_delay > 0
    performer, camera = plan.trajectories
    assert performer_delay == pytest.approx(meet_exit_delay_s(camera, performer, meet_m), abs=0.01)
    assert plan.formation.meet_altitude_m == pytest.approx(meet_m, abs=0.5)
    assert plan.formation.requested_meet_altitude_m == meet_m
    # The performer exits further along the jump run: the aircraft flew on meanwhile.
    along = performer.east_m[0] - camera.east_m[0]
    assert along == pytest.approx(-performer_delay * plan.jump_run.ground_speed_mps, rel=1e-9)
    codes = [n.code for n in plan.notices]
    assert "formation-separation" in codes  # the performer dives on past the camera
    assert "formation-horizontal" in codes  # and is level hundreds of metres away
    exits = [e for e in plan.events if e.code == "exit"]
    assert len(exits) == 1
    assert exits[0].values["jumper"] == "performer"
    assert exits[0].time_utc_s == pytest.approx(plan.exit_time_utc_s + performer_delay)


def test_staggered_exits_keep_every_action_in_the_band():
    """The camera flyer (belly) leaves 10 s after a sit-flying performer. At the window's
    opening the first out leaves with the Sun on the band's upper edge at the exit
    altitude; at its closing the last action to end (the camera flyer's: 10 s late and
    20 s longer) ends with the Sun on the lower edge."""
    plan = two_jumpers(
        {"mass_kg": 90.0, "posture": "sit"},
        {"mass_kg": 90.0, "posture": "belly", "exit_delay_s": 10.0},
    )
    assert plan.exit_delays_s == (0.0, 10.0)
    scenario, site = plan.scenario, plan.scenario.site
    where = (site.latitude_deg, site.longitude_deg)
    ground = site.ground_elevation_m
    band = scenario.band
    window = plan.exit_window
    at_open = light.sun_above_horizon_deg(window.start_utc_s, *where, 7620.0, ground)
    assert at_open == pytest.approx(band.upper_deg, abs=1e-4)
    camera = plan.trajectories[1]
    end_s = 10.0 + camera.freefall_duration_s
    at_close = light.sun_above_horizon_deg(
        window.end_utc_s + end_s, *where, camera.deploy_altitude_m, ground
    )
    assert at_close == pytest.approx(band.lower_deg, abs=1e-4)
    together = two_jumpers(
        {"mass_kg": 90.0, "posture": "sit"}, {"mass_kg": 90.0, "posture": "belly"}
    )
    assert together.exit_window.end_utc_s - window.end_utc_s == pytest.approx(10.0, abs=0.02)
    deployments = {e.values["jumper"]: e.time_utc_s for e in plan.events if e.code == "deployment"}
    assert deployments["camera"] == pytest.approx(plan.exit_time_utc_s + end_s)


def test_meet_at_in_a_wind_that_changes_in_time():
    """In a forecast that changes through the afternoon, each jumper is simulated at its
    own exit (the green light plus its delay) and the separation still puts them level
    at the meet altitude."""
    from duskfall.timeutil import local_noon_utc_s
    from duskfall.winds import LayeredWind, TimeLayeredWind

    seed = planning.SEED_SCENARIO
    noon = local_noon_utc_s(seed.date, seed.site.longitude_deg)
    calm = LayeredWind((0.0, 10_000.0), (270.0, 270.0), (0.0, 0.0), valid_time_utc_s=noon)
    dusk = LayeredWind(
        (0.0, 3000.0, 8000.0), (270.0, 280.0, 290.0), (8.0, 20.0, 40.0),
        valid_time_utc_s=noon + 6 * 3600.0,
    )  # fmt: skip
    wind = TimeLayeredWind((calm, dusk), reference_time_utc_s=noon)
    data = seed.model_dump()
    data["jumpers"] = [
        {"name": "performer", "mass_kg": 90.0, "posture": "head-down"},
        {"name": "camera", "mass_kg": 100.0, "posture": "belly"},
    ]
    data["members"] = 0
    data["formation"] = {"meet_altitude_m": 20_000 * FOOT_M}
    plan = planning.make_plan(planning.make_scenario(data), wind)
    for trajectory, delay in zip(plan.trajectories, plan.exit_delays_s, strict=True):
        assert trajectory.jump.exit.time_utc_s == pytest.approx(plan.exit_time_utc_s + delay)
    assert plan.exit_delays_s[0] > 3.0
    assert plan.formation.meet_altitude_m == pytest.approx(20_000 * FOOT_M, abs=0.5)
