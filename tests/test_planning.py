"""The plan, end to end, against independent expectations.

Authorities: the ICAO/US 1976 density at 25,000 ft; the analytic terminal speed; skyfield
+ DE421 for the ground sunset; the design brief's 12-17 minute lag at 25,000 ft; the
shadow-altitude function (an independent path through the light model) for the sunlit
band; hand calculations for the climb model; the FAA table of time of useful
consciousness; the Environment Canada wind chill table.
"""

import datetime as dt

import numpy as np
import pytest
from scipy.integrate import quad

from duskfall import atmosphere, fall, light, planning
from duskfall.constants import FOOT_M, KNOT_MPS, MPH_MPS
from duskfall.errors import InputError
from duskfall.io import scenario_file
from duskfall.planning import aircraft, checks
from duskfall.reports import wording
from duskfall.timeutil import local_datetime, utc_seconds

SEED = planning.SEED_SCENARIO


def variant(**changes):
    """The seed with top-level or dotted fields changed (``site__latitude_deg=...``)."""
    data = SEED.model_dump()
    for key, value in changes.items():
        target = data
        parts = key.split("__")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        target[parts[-1]] = value
    return planning.make_scenario(data)


@pytest.fixture(scope="module")
def seed_plan():
    return planning.make_plan(SEED)


def test_seed_values_are_the_documented_ones():
    assert SEED.exit_altitude_m == pytest.approx(25_000 * FOOT_M)
    assert SEED.deploy_altitude_m - SEED.site.ground_elevation_m == pytest.approx(4000 * FOOT_M)
    assert (SEED.site.latitude_deg, SEED.site.longitude_deg) == (24.4, 54.6)
    assert SEED.date == dt.date(2018, 3, 10)
    assert SEED.jumper.mass_kg == 90.0


def test_example_template_is_the_seed():
    assert scenario_file.scenario_from_mapping(scenario_file.example_mapping()) == SEED


def test_seed_peak_fall_rate_below_terminal_at_exit(seed_plan):
    """The peak fall rate cannot exceed the terminal speed at the exit altitude,
    sqrt(2 m g / (rho CdA)) = 80.2 m/s (179 mph) for 90 kg belly at rho(25,000 ft)."""
    cda = fall.POSTURES["belly"].cda_m2(90.0)
    rho = atmosphere.density_kgpm3(SEED.exit_altitude_m)
    terminal = np.sqrt(2 * 90.0 * atmosphere.gravity_mps2(SEED.exit_altitude_m) / (rho * cda))
    assert terminal / MPH_MPS == pytest.approx(179, abs=1)
    assert 0.9 * terminal < seed_plan.trajectory.max_speed_mps < terminal


def test_seed_freefall_time_bounds(seed_plan):
    """Bounds from the analytic terminal speeds: at least the drop over the terminal speed
    at the exit altitude, at most the drop over the terminal speed at deployment plus the
    few seconds it takes to reach speed."""
    drop = SEED.exit_altitude_m - SEED.deploy_altitude_m
    cda = fall.POSTURES["belly"].cda_m2(90.0)

    def terminal(z):
        return np.sqrt(2 * 90.0 * 9.8 / (atmosphere.density_kgpm3(z) * cda))

    duration = seed_plan.trajectory.freefall_duration_s
    assert drop / terminal(SEED.exit_altitude_m) < duration
    assert duration < drop / terminal(SEED.deploy_altitude_m) + 10


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
    assert plan.go
    assert plan.timezone == "Asia/Dubai"
    assert 12 * 60 < plan.sunset_exit_utc_s - plan.sunset_ground_utc_s < 17 * 60
    # The exit window lies inside the light window at the exit altitude, and ends at least
    # the action's length before it (the Sun keeps sinking during the fall).
    assert plan.exit_window.start_utc_s >= plan.light_window.start_utc_s - 0.1
    assert plan.exit_window.end_utc_s <= plan.light_window.end_utc_s - plan.action_duration_s
    assert plan.slack_before_s == pytest.approx(plan.slack_after_s)
    assert plan.slack_s == pytest.approx(plan.exit_window.duration_s)


def test_timeline_is_the_climb_worked_backwards(seed_plan):
    plan = seed_plan
    events = {wording.event_name(e): e for e in plan.events}
    preset = SEED.aircraft.preset
    climb = preset.climb.time_to_climb_s(50.0, SEED.exit_altitude_m)
    exit_time = plan.exit_time_utc_s
    assert events["green light, exit"].time_utc_s == exit_time
    assert events["level-off"].time_utc_s == pytest.approx(exit_time - 600.0)
    assert events["take-off"].time_utc_s == pytest.approx(exit_time - 600.0 - climb)
    assert plan.takeoff_time_utc_s == events["take-off"].time_utc_s
    times = [e.time_utc_s for e in plan.events]
    assert times == sorted(times)
    passing = [events[f"passing {f:,} ft"].time_utc_s for f in (10_000, 15_000, 18_000)]
    assert passing == sorted(passing)
    assert events["landing"].time_utc_s == pytest.approx(exit_time + plan.trajectory.landing_time_s)
    assert events["pre-breathing starts"].time_utc_s < events["take-off"].time_utc_s
    # one chance per day: the second lift comes after the window has closed
    assert plan.timeline.second_attempt_utc_s > plan.exit_window.end_utc_s


def test_time_above_shrinks_with_altitude_and_counts_the_whole_descent(seed_plan):
    """Above each warning altitude the jumpers are from passing it in the climb (or from
    the opening of a pressurized cabin) until they come down through it: a higher
    altitude is passed later and left sooner. Where the ground is above an altitude (La
    Paz, 4,060 m) they are above it from take-off to landing; under a canopy opened
    above it, until the canopy comes down through it."""
    for plan in (seed_plan, _la_paz_plan()):
        exposure = plan.timeline.exposure_s
        assert list(exposure.values()) == sorted(exposure.values(), reverse=True)
        track = plan.trajectory
        for metres, seconds in exposure.items():
            ground = plan.scenario.site.ground_elevation_m
            if ground >= metres:
                start, aloft = plan.takeoff_time_utc_s, track.landing_time_s
            else:
                start = next(
                    e.time_utc_s
                    for e in plan.events
                    if e.code == "passing" and e.altitude_m == pytest.approx(metres)
                )
                # the first passage down through it, found by the sign of the change
                z, t = track.altitude_m - metres, track.time_s
                i = np.flatnonzero((z[:-1] > 0) & (z[1:] <= 0))[0]
                aloft = t[i] + (t[i + 1] - t[i]) * z[i] / (z[i] - z[i + 1])
            # a pressurized cabin is opened to the outside air 20 minutes before exit
            opened = [e.time_utc_s for e in plan.events if e.code == "depressurized"]
            start = max([start, *opened])
            assert seconds == pytest.approx(plan.exit_time_utc_s - start + aloft, abs=1e-6)


def _la_paz_plan():
    plan = planning.make_plan(
        variant(
            site__latitude_deg=-16.51,
            site__longitude_deg=-68.19,
            site__ground_elevation_m=4060.0,
            date=dt.date(2024, 8, 1),
            exit_altitude_m=4060.0 + 12_000 * FOOT_M,
            deploy_altitude_m=4060.0 + 5_000 * FOOT_M,
        )
    )
    # the canopy opens at 18,320 ft: 18,000 and 15,000 ft are passed under it
    assert plan.scenario.deploy_altitude_m > 18_000 * FOOT_M
    return plan


def test_an_action_end_written_as_the_shown_deployment_altitude_is_the_deployment():
    """The seed opens at 4,000 ft AGL over 50 m: 4,164.04 ft MSL, shown "4,164 ft" in
    the messages, 1,269 m in metres. An action end written 4164ft or 1269m is that
    deployment, not under it (refused as outside the free fall); 4162ft or 1268m, more
    than half a metre under it, is still refused."""
    deploy = SEED.deploy_altitude_m
    assert f"{deploy / FOOT_M:,.0f}" == "4,164"
    for written_m in (4164 * FOOT_M, 1269.0):  # as shown in feet, and in metres
        assert variant(action_end_altitude_m=written_m).action_end_altitude_m == deploy
    for written_m in (4162 * FOOT_M, 1268.0):  # more than half a metre under it
        with pytest.raises(InputError, match="is outside the free fall"):
            variant(action_end_altitude_m=written_m)


def test_a_search_range_past_the_window_says_so(seed_plan):
    """A search range from 10 s after the exit window closes to the band's close: the
    action fits that day, only not in the range. The check says so, not that the band
    ends before the action does."""
    window, band = seed_plan.exit_window, seed_plan.light_window
    ranged = planning.make_plan(
        variant(search_start_utc_s=window.end_utc_s + 10.0, search_end_utc_s=band.end_utc_s - 10.0)
    )
    assert not ranged.fits
    check = next(c for c in ranged.checks if c.code == "light")
    assert check.severity == "fail"
    assert "only outside the search range" in wording.describe(check)


def test_linear_climb_against_quadrature():
    """t = integral dh / (r0 (1 - h/h_abs)) computed numerically; the service ceiling is
    where the rate has fallen to 100 ft/min."""
    model = aircraft.AIRCRAFT["DHC-6"].climb
    numeric, _ = quad(lambda h: 1.0 / model.rate_mps(h), 0.0, 13_500 * FOOT_M)
    assert model.time_to_climb_s(0.0, 13_500 * FOOT_M) == pytest.approx(numeric, rel=1e-9)
    assert model.rate_mps(model.service_ceiling_m) == pytest.approx(100 * FOOT_M / 60)
    # hand calculation: h_abs = 26,700 / (1 - 100/1600) = 28,480 ft;
    # t = 28,480/1,600 ln(28,480/14,980) = 11.44 min
    assert model.time_to_climb_s(0.0, 13_500 * FOOT_M) / 60 == pytest.approx(11.44, abs=0.01)


def test_band_climb_hand_calculation():
    model = aircraft.BandClimb(((3000.0, 10.0), (6000.0, 5.0), (8000.0, 2.0)), 8000.0)
    # 0-3000 m at 10 m/s, 3000-6000 at 5, 6000-7000 at 2: 300 + 600 + 500 s
    assert model.time_to_climb_s(0.0, 7000.0) == pytest.approx(1400.0)
    assert aircraft.altitude_after_s(model, 0.0, 7000.0, 900.0) == pytest.approx(6000.0, abs=0.02)


def test_no_fit_says_by_how_much_and_what_would_fit():
    """A 1.5 deg band is narrower than the 1.8 deg the jumper's horizon rises while falling
    from 25,000 to 4,000 ft, so the whole free fall cannot fit; a shorter action can."""
    plan = planning.make_plan(variant(light="-0.2..1.3"))
    assert not plan.fits
    assert plan.exit_window is None
    assert plan.shortfall_s > 0
    assert any(
        n.code == "action-does-not-fit" and n.values["shortfall_s"] > 0 for n in plan.notices
    )
    assert plan.suggestions
    assert any(c.code == "light" and c.severity == "fail" for c in plan.checks)
    assert not plan.go
    shorter = next(s for s in plan.suggestions if s.code == "shorter-action")
    end_m = shorter.values["end_altitude_m"]
    refit = planning.make_plan(variant(light="-0.2..1.3", action_end_altitude_m=end_m))
    assert refit.fits


def test_polar_night_is_an_honest_no_window():
    plan = planning.make_plan(variant(site__latitude_deg=80.0, date=dt.date(2018, 12, 21)))
    assert not plan.fits
    assert plan.exit_window is None
    assert plan.sunset_ground_utc_s is None
    assert "no-light-window" in {n.code for n in plan.notices}


def test_polar_day_is_an_honest_no_window():
    plan = planning.make_plan(variant(site__latitude_deg=75.0, date=dt.date(2018, 6, 21)))
    assert not plan.fits
    assert plan.sunset_ground_utc_s is None


def test_dawn_plan():
    plan = planning.make_plan(variant(at="dawn"))
    assert plan.fits
    # at dawn the jumper aloft sees the Sun first: the window opens before sunrise below
    assert plan.sunset_exit_utc_s < plan.sunset_ground_utc_s
    assert plan.exit_window.start_utc_s + plan.action_duration_s < plan.sunset_ground_utc_s
    local = local_datetime(plan.exit_time_utc_s, plan.timezone)
    assert local.date() == dt.date(2018, 3, 10)
    assert 5 <= local.hour <= 7


def test_plan_crossing_midnight_utc():
    """Perris, California (33.77 N, 117.21 W): a March dusk exit falls after 01:00 UTC of the
    next day; the attempt's date stays the local date."""
    plan = planning.make_plan(
        variant(
            site__latitude_deg=33.77,
            site__longitude_deg=-117.21,
            site__ground_elevation_m=435.0,
            deploy_altitude_m=435.0 + 4000 * FOOT_M,
        )
    )
    assert plan.fits
    assert plan.timezone == "America/Los_Angeles"
    exit_utc = dt.datetime.fromtimestamp(plan.exit_time_utc_s, dt.UTC)
    assert exit_utc.date() == dt.date(2018, 3, 11)
    local = local_datetime(plan.exit_time_utc_s, plan.timezone)
    assert local.date() == dt.date(2018, 3, 10)
    assert local.hour in (17, 18)


def test_sunlit_band_ends_when_the_deploying_jumper_leaves_the_sun():
    """With --light sunlit the window has no opening that day and closes at the exit time
    whose deployment happens exactly as the shadow altitude reaches the deployment
    altitude (an independent path: the shadow altitude inverts the horizon model)."""
    plan = planning.make_plan(variant(light="sunlit"))
    assert plan.fits
    assert plan.exit_window.start_utc_s is None
    deploy_time = plan.exit_window.end_utc_s + plan.trajectory.freefall_duration_s
    shadow = light.shadow_altitude_m(deploy_time, 24.4, 54.6, 50.0)
    assert shadow == pytest.approx(SEED.deploy_altitude_m, abs=2.0)
    assert plan.exit_time_utc_s < plan.exit_window.end_utc_s


def test_two_jumpers_window_is_the_intersection():
    data = SEED.model_dump()
    data["jumpers"] = [
        data["jumpers"][0],
        {
            "name": "camera",
            "mass_kg": 95.0,
            "posture": "sit",
            "deploy_altitude_m": 50.0 + 5000 * FOOT_M,
        },
    ]
    both = planning.make_plan(planning.make_scenario(data))
    alone = planning.make_plan(SEED)
    assert both.fits
    assert len(both.trajectories) == 2
    assert both.exit_window.start_utc_s >= alone.exit_window.start_utc_s - 0.1
    assert both.exit_window.end_utc_s <= alone.exit_window.end_utc_s + 0.1


def test_time_of_useful_consciousness_faa_table():
    """The FAA table's rows (PHAK ch. 17); between rows the higher one, the shorter time,
    is the conservative answer: 24,000 ft gets 25,000 ft's 3 to 5 minutes, not 22,000
    ft's 5 to 10."""
    tuc = checks.time_of_useful_consciousness
    assert tuc(25_000 * FOOT_M)[1:] == (180.0, 300.0)
    assert tuc(24_000 * FOOT_M)[0] == pytest.approx(25_000 * FOOT_M)
    assert tuc(24_000 * FOOT_M)[1:] == (180.0, 300.0)
    assert tuc(31_000 * FOOT_M)[1:] == (30.0, 60.0)
    assert tuc(20_000 * FOOT_M)[1:] == (1800.0, None)
    assert tuc(50_000 * FOOT_M)[1:] == (9.0, 15.0)
    assert tuc(15_000 * FOOT_M) is None
    words = wording.describe(
        next(c for c in planning.make_plan(SEED).checks if c.code == "useful-consciousness")
    )
    assert "3 to 5 minutes (FAA table row 25,000 ft)" in words


def test_wind_chill_environment_canada_table():
    """Environment Canada wind chill chart: -20 C air in a 30 km/h wind feels like -33."""
    assert round(float(checks.wind_chill_c(-20.0, 30 / 3.6))) == -33


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"site__latitude_deg": 95.0}, "site.latitude_deg"),
        ({"jumpers__0__mass_kg": -3.0}, "jumpers.0.mass_kg"),
        ({"jumpers__0__posture": "cartwheel"}, "jumpers.0.posture"),
        ({"exit_altitude_m": 600.0}, "exit_altitude_m"),
        ({"date": "2018-13-01"}, "date"),
        ({"light": "xyz"}, "light"),
        ({"aircraft__type": "B747"}, "aircraft.type"),
        ({"exit_altitude_m": 15000.0}, "exit_altitude_m"),  # above the C-17's ceiling
        ({"action_end_altitude_m": 9000.0}, "action_end_altitude_m"),
    ],
)
def test_bad_scenarios_name_the_field(changes, field):
    with pytest.raises(InputError, match=f"^{field}: "):
        variant(**changes)


def test_release_point_puts_the_opening_over_the_target():
    """Two independent paths: the release module finds the exit point from its own
    trajectory; the plan's lead trajectory, flown from that exit point, must open over the
    target (within 1 m) in a layered wind."""
    scenario = variant(
        winds=[
            {"altitude_m": 0.0, "direction_from_deg": 270.0, "speed_mps": 4.0},
            {"altitude_m": 3000.0, "direction_from_deg": 280.0, "speed_mps": 12.0},
            {"altitude_m": 7700.0, "direction_from_deg": 290.0, "speed_mps": 23.0},
        ]
    )
    plan = planning.make_plan(scenario)
    spot = plan.release
    trajectory = plan.trajectory
    opening = spot.opening_altitude_m
    i = np.nonzero((trajectory.stage >= 1) & (trajectory.altitude_m <= opening + 1e-6))[0][0]
    east = spot.release_point.east_m + trajectory.east_m[i]
    north = spot.release_point.north_m + trajectory.north_m[i]
    assert np.hypot(east, north) < 1.0
    # the exit point lies upwind (west-north-west winds aloft: exit to the west)
    assert spot.release_point.east_m < 0
    assert plan.dispersion.members == scenario.members
    assert 0 <= plan.dispersion.p_land_within_radius <= 1


def test_jump_run_into_the_wind_unless_given():
    """Without a heading the jump run flies into the wind at the exit altitude (from 290)."""
    mapping = scenario_file.example_mapping()
    del mapping["aircraft"]["heading"]
    mapping["winds"] = {"levels": "0ft:270@8kt,10000ft:280@25kt,25000ft:290@45kt"}
    plan = planning.make_plan(scenario_file.scenario_from_mapping(mapping))
    assert plan.release.jump_run_track_deg_true == pytest.approx(290.0, abs=0.5)


def test_balloon_exit_has_no_forward_throw():
    """A jump-run speed of 0 (a balloon) is taken as given, not as "unset"."""
    scenario = variant(aircraft__indicated_airspeed_mps=0.0)
    assert scenario.aircraft.preset.jump_run_ias_mps == 0.0
    plan = planning.make_plan(scenario)
    assert plan.trajectory.max_airspeed_mps < 80.0  # the fall alone, no 100 m/s throw


def test_time_dependent_wind_spots_the_aircraft_for_the_planned_exit():
    """Calm at noon, strong at dusk (two profiles 6 h apart): the plan's release point is
    the one found directly for its planned exit with the wind valid then (to the metre),
    not the noon one; and the plan holds one drift, the same in every figure."""
    from duskfall.planning.figure_data import make_track_series
    from duskfall.release import find_release_point
    from duskfall.timeutil import local_noon_utc_s
    from duskfall.winds import LayeredWind, TimeLayeredWind

    noon = local_noon_utc_s(SEED.date, SEED.site.longitude_deg)
    calm = LayeredWind((0.0, 10_000.0), (270.0, 270.0), (0.0, 0.0), valid_time_utc_s=noon)
    dusk = LayeredWind(
        (0.0, 3000.0, 8000.0),
        (270.0, 280.0, 290.0),
        (8.0, 20.0, 40.0),
        valid_time_utc_s=noon + 6 * 3600.0,
    )
    wind = TimeLayeredWind((calm, dusk), reference_time_utc_s=noon)
    plan = planning.make_plan(SEED, wind)
    assert plan.wind is wind
    exit_time = plan.exit_time_utc_s
    assert all(t.jump.exit.time_utc_s == exit_time for t in plan.trajectories)
    jump = SEED.jump_of(SEED.jumper, exit_time_utc_s=exit_time, wind=wind)
    direct = find_release_point(
        jump, SEED.site.latitude_deg, SEED.site.longitude_deg,
        track_deg=SEED.aircraft.heading_deg, options=plan.release.options,
    )  # fmt: skip
    assert plan.release.release_point.east_m == pytest.approx(direct.release_point.east_m, abs=1)
    assert plan.release.release_point.north_m == pytest.approx(direct.release_point.north_m, abs=1)
    at_noon = find_release_point(
        SEED.jump_of(SEED.jumper, exit_time_utc_s=noon, wind=wind),
        SEED.site.latitude_deg, SEED.site.longitude_deg,
        track_deg=SEED.aircraft.heading_deg,
    )  # fmt: skip
    assert abs(at_noon.release_point.distance_m - plan.release.release_point.distance_m) > 500
    # One drift: the plan's trajectory is the release point's and the figures'.
    assert plan.release.trajectory is plan.trajectory
    track = make_track_series(plan)
    lead = track.tracks[0]
    drift = np.hypot(
        lead.landing_east_m - track.exit_east_m, lead.landing_north_m - track.exit_north_m
    )
    assert drift == pytest.approx(plan.trajectory.drift_m, abs=1e-6)
    assert plan.dispersion.exit_time_utc_s.mean() == pytest.approx(exit_time, abs=2.0)


@pytest.mark.parametrize("name", ["C-17A", "DHC-6"])
def test_altitude_after_inverts_the_climb_time(name):
    """altitude_after_s is the inverse of time_to_climb_s (closed forms, no root finder)."""
    climb = aircraft.AIRCRAFT[name].climb
    for target in (500.0, 3000.0, 4000.0):
        elapsed = climb.time_to_climb_s(20.0, target)
        assert aircraft.altitude_after_s(climb, 20.0, 5000.0, elapsed) == pytest.approx(target)
    bands = aircraft.BandClimb(((3000.0, 10.0), (6000.0, 5.0), (8000.0, 2.0)), 8000.0)
    for target in (100.0, 2999.0, 3001.0, 5000.0, 7999.0):
        elapsed = bands.time_to_climb_s(50.0, target)
        assert aircraft.altitude_after_s(bands, 50.0, 8000.0, elapsed) == pytest.approx(target)


def test_a_ground_wind_stronger_than_the_canopy_is_no_go():
    """A canopy that flies 10 m/s through the air goes backwards over the ground in a
    25 kt (12.9 m/s) wind, and a wind from the same direction aloft carries the opening
    beyond reach of the target: both checks fail and the plan is NO-GO. A light 5 kt
    wind passes both (under the USPA's 14 mph student limit)."""
    data = planning.SEED_SCENARIO.model_dump()
    strong = data | {"winds": [{"altitude_m": 0.0, "direction_from_deg": 270.0,
                                "speed_mps": 25 * KNOT_MPS}]}  # fmt: skip
    plan = planning.make_plan(planning.make_scenario(strong))
    status = {c.code: c.severity for c in plan.checks}
    assert status["ground-wind"] == "fail"
    assert status["landing-reach"] == "fail"
    assert not plan.go
    light = data | {"winds": [{"altitude_m": 0.0, "direction_from_deg": 270.0,
                               "speed_mps": 5 * KNOT_MPS}]}  # fmt: skip
    plan = planning.make_plan(planning.make_scenario(light))
    status = {c.code: c.severity for c in plan.checks}
    assert status["ground-wind"] == "pass"
    assert status["landing-reach"] == "pass"


def test_a_search_range_inside_the_window_exits_inside_the_range():
    """A search range that cuts the exit window on both sides: the exit window is the
    range and the exit its middle (not the middle of the evening, with the Sun still up);
    a range before the window has no exit."""
    free = planning.make_plan(SEED.model_copy(update={"light": "civil", "members": 0}))
    window = free.exit_window
    start = window.start_utc_s + 120.0
    end = window.end_utc_s - 300.0
    ranged = planning.make_plan(
        SEED.model_copy(
            update={
                "light": "civil",
                "members": 0,
                "search_start_utc_s": start,
                "search_end_utc_s": end,
            }
        )
    )
    assert (ranged.exit_window.start_utc_s, ranged.exit_window.end_utc_s) == (start, end)
    assert ranged.exit_time_utc_s == pytest.approx(0.5 * (start + end))
    assert ranged.go
    outside = SEED.model_copy(
        update={
            "light": "civil",
            "members": 0,
            "search_start_utc_s": window.start_utc_s - 1800.0,
            "search_end_utc_s": window.start_utc_s - 600.0,
        }
    )
    assert planning.make_plan(outside).exit_time_utc_s is None


def test_a_plan_whose_own_dispersion_misses_the_light_is_no_go():
    """The exit window of an action that barely fits (2 s of slack each side) against
    exit-time errors of 15 s: the plan's own Monte Carlo puts the action in the light in
    far fewer than half the jumps, and the plan is NO-GO on that check alone; the seed's
    (minutes of slack) passes it."""
    tight = SEED.model_copy(update={"light": "available", "action_end_altitude_m": 17_000 * FOOT_M})
    plan = planning.make_plan(tight)
    odds = {check.code: check for check in plan.checks}["light-odds"]
    assert plan.dispersion.p_action_in_light < checks.LIGHT_ODDS_FAIL
    assert odds.severity == "fail"
    assert not plan.go
    assert [c.code for c in plan.checks if c.severity == "fail"] == ["light-odds"]
    seed_odds = {c.code: c for c in planning.make_plan(SEED).checks}["light-odds"]
    assert seed_odds.severity == "pass"
    assert [n.severity for n in checks.light_odds_check(0.7, 1000)] == ["warn"]
    assert checks.light_odds_check(None, 1000) == []


def test_a_steady_winds_lead_jump_is_simulated_once_whatever_the_day(monkeypatch):
    """In a steady wind the jump falls the same way on any day: planned on another day,
    the lead jump is not simulated again (``fall.kept``), and its trajectory is the one
    simulated afresh, to the last bit; the exit time stamped on it is the new day's."""
    import importlib

    kept_module = importlib.import_module("duskfall.fall.keep")
    engine = importlib.import_module("duskfall.fall.engine")
    simulated = []
    real = engine._run

    def counted(members, jump, *args):  # the lead jump's runs (not the dispersion's)
        if members.size == 1:
            simulated.append(jump.exit.time_utc_s)
        return real(members, jump, *args)

    monkeypatch.setattr(engine, "_run", counted)
    monkeypatch.setattr(kept_module, "_KEPT", kept_module._Kept())
    first = planning.make_plan(SEED)
    later = planning.make_plan(variant(date=dt.date(2018, 3, 20)))
    assert simulated == [None]
    monkeypatch.setattr(kept_module, "_KEPT", kept_module._Kept())
    fresh = planning.make_plan(variant(date=dt.date(2018, 3, 20)))
    assert simulated == [None, None]
    lead, again, once = later.trajectory, fresh.trajectory, first.trajectory
    for name in ("time_s", "east_m", "altitude_m", "velocity_up_mps", "airspeed_mps"):
        np.testing.assert_array_equal(getattr(lead, name), getattr(again, name))
        np.testing.assert_array_equal(getattr(lead, name), getattr(once, name))
    assert later.trajectory.jump.exit.time_utc_s == later.exit_time_utc_s != first.exit_time_utc_s
    later.trajectory.east_m[:] = 0.0  # the caller's own arrays: the kept simulation is not changed
    assert planning.make_plan(SEED).trajectory.east_m[-1] == first.trajectory.east_m[-1] != 0.0
