"""The light at the real positions (duskfall.planning.positions): checked against the
one exit-window engine run at the shifted site, and the aircraft's own Sun against the
geometry of an observer moving over the ellipsoid."""

import numpy as np
import pytest

from duskfall import light, planning
from duskfall.constants import FOOT_M, KNOT_MPS
from duskfall.planning.positions import hermite, position_at

HUNDREDTH_OF_A_SECOND = 0.02
"""How well the shift (a first-order estimate: the elevation difference over the Sun's
rate) reproduces the engine at the shifted site; the engine is refined to 0.005 s."""

WGS84_A_M = 6_378_137.0
WGS84_E2 = 6.69437999014e-3
"""WGS84 semi-major axis and first eccentricity squared (NIMA TR8350.2, table 3.1)."""


def places_at(plan, latitude_deg, longitude_deg):
    site = plan.scenario.site
    return light.Places(
        np.array([np.datetime64(plan.half_day.solar_date)]),
        np.float64(latitude_deg),
        np.float64(longitude_deg),
        np.float64(site.ground_elevation_m),
        plan.scenario.at,
    )


def band_window_at(plan, latitude_deg, longitude_deg, altitude_m):
    """The band's own window for an observer at ``altitude_m`` over another site."""
    ground = plan.scenario.site.ground_elevation_m
    action = light.point_action(altitude_m, ground)
    places = places_at(plan, latitude_deg, longitude_deg)
    return light.find_exit_windows([action], plan.scenario.band, places).window(0)


@pytest.fixture(scope="module")
def seed_plan():
    return planning.make_plan(planning.SEED_SCENARIO)


def test_the_seed_exit_point_sees_the_light_two_seconds_ahead(seed_plan):
    """The seed exits 849 m east of the target into a Sun at 265 true: the light there
    is the target's 2.0 s later, so the window opens 2.0 s earlier at the real exit
    point. Checked against the engine run for an observer at the exit altitude over the
    release point itself."""
    place = seed_plan.light_at_positions.jumpers[0]
    release = seed_plan.release.release_point
    assert place.latitude_deg[0] == pytest.approx(release.latitude_deg, abs=1e-9)
    assert place.longitude_deg[0] == pytest.approx(release.longitude_deg, abs=1e-9)
    shifted = band_window_at(seed_plan, release.latitude_deg, release.longitude_deg, 7620.0)
    moved = seed_plan.exit_window.start_utc_s - seed_plan.light_at_positions.opening_shift_s
    assert shifted.start_utc_s == pytest.approx(moved, abs=HUNDREDTH_OF_A_SECOND)
    assert place.exit_shift_s == pytest.approx(2.01, abs=0.01)
    # the deployment is over the target (calm air, the opening aimed at it): no shift
    assert abs(place.action_end_shift_s) < 0.01


def test_the_closing_edge_at_the_real_end_of_the_action():
    """In an east wind of 20-60 kt the release point is 1.6 km upwind (east) of the
    target, on an eastbound run; the action ends at 15,000 ft on the way down. The
    window's closing at the real positions equals the engine's at the site under the end
    of the action, less the action's length; its opening, the engine's at the release
    point."""
    data = planning.SEED_SCENARIO.model_dump()
    data["winds"] = [
        {"altitude_m": 0.0, "direction_from_deg": 90.0, "speed_mps": 20 * KNOT_MPS},
        {"altitude_m": 7620.0, "direction_from_deg": 90.0, "speed_mps": 60 * KNOT_MPS},
    ]
    data["aircraft"]["heading_deg"] = None
    data["action_end_altitude_m"] = 15_000 * FOOT_M
    data["members"] = 0
    plan = planning.make_plan(planning.make_scenario(data))
    positions = plan.light_at_positions
    place = positions.jumpers[0]
    assert abs(place.action_end_shift_s) > 2.0  # worth checking: a kilometre east
    shifted = band_window_at(plan, place.latitude_deg[-1], place.longitude_deg[-1], 15_000 * FOOT_M)
    action_s = place.time_utc_s[-1] - place.time_utc_s[0]
    moved = plan.exit_window.end_utc_s - positions.closing_shift_s
    assert shifted.end_utc_s - action_s == pytest.approx(moved, abs=HUNDREDTH_OF_A_SECOND)
    opening = band_window_at(plan, place.latitude_deg[0], place.longitude_deg[0], 7620.0)
    moved = plan.exit_window.start_utc_s - positions.opening_shift_s
    assert opening.start_utc_s == pytest.approx(moved, abs=HUNDREDTH_OF_A_SECOND)


def test_a_westbound_aircraft_slows_its_own_sunset(seed_plan):
    """Moving over the ellipsoid at ground speed v along azimuth b lifts a Sun at azimuth
    A by v cos(A - b) / (N + h) radians a second (the zenith turns towards b; N, the
    prime-vertical radius of curvature, for an east-west run). On the seed's run (west
    at 194 kt, the Sun at 265) that is 24 % of the Sun's own rate: at the red light,
    2 minutes out, the aircraft's light is the green-light point's 28 s later."""
    aircraft = seed_plan.light_at_positions.aircraft
    run = seed_plan.jump_run
    sun = seed_plan.sun.exit
    latitude = np.radians(seed_plan.light_at_positions.origin.latitude_deg)
    prime_vertical = WGS84_A_M / np.sqrt(1 - WGS84_E2 * np.sin(latitude) ** 2)
    lift = run.ground_speed_mps / (prime_vertical + aircraft.altitude_m)
    lift_deg_s = np.degrees(lift) * np.cos(np.radians(sun.azimuth_deg - run.track_deg_true))
    change = aircraft.sun_rate_deg_s - aircraft.fixed_sun_rate_deg_s
    assert change == pytest.approx(lift_deg_s, rel=2e-3)
    assert aircraft.rate_change == pytest.approx(-0.236, abs=0.002)
    assert aircraft.red_light_shift_s == pytest.approx(28.3, abs=0.1)
    assert aircraft.shift_s[-1] == pytest.approx(0.0, abs=1e-6)  # at the green light


def test_positions_between_samples_follow_the_trajectory(seed_plan):
    """The cubic Hermite interpolation reproduces the samples, and between them agrees
    with a simulation sampled ten times finer within centimetres."""
    from duskfall import fall

    lead = seed_plan.trajectory
    east, _north, up = position_at(lead, lead.time_s[:50])
    assert np.allclose(up, lead.altitude_m[:50])
    assert np.allclose(east, lead.east_m[:50])
    fine = fall.simulate_jump(lead.jump, sample_interval_s=0.05)
    middle = fine.time_s[(fine.time_s > 1.0) & (fine.time_s < 90.0)]
    _, _, up = position_at(lead, middle)
    exact = np.interp(middle, fine.time_s, fine.altitude_m)
    assert np.max(np.abs(up - exact)) < 0.05
    t = np.linspace(0.0, 3.0, 4)
    assert hermite(np.array([0.5, 2.5]), t, t**3, 3 * t**2) == pytest.approx([0.125, 15.625])
