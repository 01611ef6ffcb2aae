"""The seed scenario end to end, against independent expectations.

Authorities: the ICAO/US 1976 density at 25,000 ft; the analytic terminal speed; skyfield
+ DE421 for the ground sunset; the design brief's 12-17 minute lag at 25,000 ft.
"""

import datetime as dt

import numpy as np
import pytest

from duskfall import atmosphere, planning
from duskfall.constants import FOOT_M, MPH_MPS
from duskfall.errors import InputError
from duskfall.timeutil import utc_seconds

SEED = planning.SEED_SCENARIO


@pytest.fixture(scope="module")
def seed_plan():
    return planning.make_plan(SEED)


def test_seed_values_are_the_documented_ones():
    assert SEED.exit_altitude_m == pytest.approx(25_000 * FOOT_M)
    assert SEED.deploy_altitude_m - SEED.site.ground_elevation_m == pytest.approx(4000 * FOOT_M)
    assert (SEED.site.latitude_deg, SEED.site.longitude_deg) == (24.4, 54.6)
    assert SEED.date == dt.date(2018, 3, 10)


def test_seed_peak_fall_rate_below_terminal_at_exit(seed_plan):
    """The peak fall rate cannot exceed the terminal speed at the exit altitude,
    sqrt(2 m g / (rho CdA)) = 80.2 m/s (179 mph) for 90 kg belly at rho(25,000 ft)."""
    jumper = SEED.jumper
    cda = planning.fall.POSTURES[jumper.posture].cda_m2(jumper.mass_kg)
    rho = atmosphere.density_kgpm3(SEED.exit_altitude_m)
    terminal = np.sqrt(
        2 * jumper.mass_kg * atmosphere.gravity_mps2(SEED.exit_altitude_m) / (rho * cda)
    )
    assert terminal / MPH_MPS == pytest.approx(179, abs=1)
    peak = seed_plan.trajectory.max_speed_mps
    assert 0.9 * terminal < peak < terminal


def test_seed_freefall_time_bounds(seed_plan):
    """Bounds from the analytic terminal speeds: at least the drop over the terminal speed
    at the exit altitude, at most the drop over the terminal speed at deployment, plus the
    2-4 s it takes to reach speed."""
    drop = SEED.exit_altitude_m - SEED.deploy_altitude_m
    cda = planning.fall.POSTURES["belly"].cda_m2(90.0)

    def terminal(z):
        return np.sqrt(2 * 90.0 * 9.8 / (atmosphere.density_kgpm3(z) * cda))

    duration = seed_plan.trajectory.freefall_duration_s
    assert (
        drop / terminal(SEED.exit_altitude_m)
        < duration
        < drop / terminal(SEED.deploy_altitude_m) + 10
    )


def test_seed_ground_sunset_against_skyfield(seed_plan, skyfield_sun):
    from skyfield import almanac

    timescale, observer, body, _ = skyfield_sun(24.4, 54.6)
    times, _ = almanac.find_settings(
        observer, body, timescale.utc(2018, 3, 10, 8), timescale.utc(2018, 3, 10, 20)
    )
    oracle = utc_seconds(times[0].utc_datetime())
    assert seed_plan.sunset_ground_utc_s == pytest.approx(oracle, abs=5.0)


def test_seed_plan_fits_and_is_consistent(seed_plan):
    plan = seed_plan
    assert plan.fits
    assert plan.timezone == "Asia/Dubai"
    assert 12 * 60 < plan.sunset_exit_utc_s - plan.sunset_ground_utc_s < 17 * 60
    # The exit window lies inside the light window at the exit altitude and is shorter
    # than it by at least the action's length (the Sun keeps sinking during the fall).
    assert plan.exit_window.start_utc_s >= plan.light_window.start_utc_s - 0.1
    assert plan.exit_window.end_utc_s <= plan.light_window.end_utc_s - plan.action_duration_s
    assert plan.slack_before_s == pytest.approx(plan.slack_after_s)
    assert plan.slack_s == pytest.approx(plan.exit_window.duration_s)


def test_polar_night_is_an_honest_no_window():
    data = SEED.model_dump()
    data["site"]["latitude_deg"] = 80.0
    data["date"] = dt.date(2018, 12, 21)
    plan = planning.make_plan(planning.make_scenario(data))
    assert not plan.fits
    assert plan.exit_window is None
    assert plan.sunset_ground_utc_s is None
    assert any("no light window that day" in w for w in plan.warnings)


def test_dawn_plan():
    data = SEED.model_dump()
    data["at"] = "dawn"
    plan = planning.make_plan(planning.make_scenario(data))
    assert plan.fits
    # at dawn the jumper aloft sees the Sun first
    assert plan.sunset_exit_utc_s < plan.sunset_ground_utc_s


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("site", "latitude_deg"), 95.0, "site.latitude_deg"),
        (("jumper", "mass_kg"), -3.0, "jumper.mass_kg"),
        (("jumper", "posture"), "cartwheel", "jumper.posture"),
        (("exit_altitude_m",), 600.0, "exit_altitude_m"),
        (("date",), "2018-13-01", "date"),
        (("light",), "xyz", "light"),
        (("bogus",), 1, "bogus"),
    ],
)
def test_bad_scenarios_name_the_field(path, value, field):
    data = SEED.model_dump()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(InputError, match=f"^{field}: "):
        planning.make_scenario(data)
