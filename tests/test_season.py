"""The season scan and its odds, against independent expectations.

Authorities: the single-site planner :func:`duskfall.planning.make_plan` (Brent's method
on the full model, sample by sample along the action) for every window, exit and
take-off; the binomial and negative binomial laws (scipy.stats) and an exact Poisson
binomial recursion written here for the Monte Carlo; closed forms of the envelope for an
observer without a horizon depression; the Earth's rotation rate for the claim that the
light falls monotonically along a free fall.
"""

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from duskfall import light, planning, season, sun
from duskfall.constants import FOOT_M
from duskfall.errors import InputError
from duskfall.light.windows import SUN_RATE_LIMIT_DEG_S
from duskfall.reports import wording
from duskfall.reports.formatting import AVIATION

SEED = planning.SEED_SCENARIO.model_copy(update={"members": 0})

SAME_EDGE_S = 0.05
"""Two solutions of the same window edge: make_plan refines to 0.01 s (Brent), the scan
by Newton steps to 0.005 s on the same samples of the action."""

STATISTICAL_SIGMAS = 4.5
"""Monte Carlo estimates must fall within this many standard errors of the exact value
(with 20-odd comparisons per test, a false alarm has odds of about 1 in 10,000)."""


def variant(**changes):
    """The seed with fields changed (``site__latitude_deg=...``)."""
    data = SEED.model_dump()
    for key, value in changes.items():
        target = data
        parts = key.split("__")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        target[parts[-1]] = value
    return planning.make_scenario(data)


def plan_of(scenario, date):
    return planning.make_plan(scenario.model_copy(update={"date": date}))


def assert_day_matches_plan(scan, i, plan):
    window = scan.window(i)
    assert (window is None) == (plan.exit_window is None), scan.date[i]
    if window is None:
        assert not scan.fits[i]
        return
    for mine, theirs in (
        (window.start_utc_s, plan.exit_window.start_utc_s),
        (window.end_utc_s, plan.exit_window.end_utc_s),
        (scan.exit_time_utc_s[i], plan.exit_time_utc_s),
        (scan.takeoff_time_utc_s[i], plan.takeoff_time_utc_s),
    ):
        assert (mine is None) == (theirs is None)
        if mine is not None:
            assert mine == pytest.approx(theirs, abs=SAME_EDGE_S)


# --- Windows: the scan is the planner, day by day ------------------------------------------


@pytest.mark.parametrize("at", ["dusk", "dawn"])
def test_windows_agree_with_make_plan_on_sampled_days(at):
    scenario = SEED.model_copy(update={"at": at})
    scan = season.scan_season(scenario, "2018-02-01", "2018-04-30")
    assert len(scan) == 89
    assert scan.fits.all()
    for i in range(0, 89, 22):
        assert_day_matches_plan(scan, i, plan_of(scenario, scan.date[i].astype(dt.date)))
    # The envelope shortcut alone is already within a few milliseconds of the full model.
    assert scan.max_refinement_s < 0.01


def test_two_jumpers_and_a_high_latitude_band_agree_with_make_plan():
    data = SEED.model_dump()
    data["jumpers"] = [
        *data["jumpers"],
        {"name": "camera", "mass_kg": 95.0, "posture": "sit", "deploy_altitude_m": 1574.0},
    ]
    data["site"]["latitude_deg"] = 63.0
    data["light"] = "civil"
    scenario = planning.make_scenario(data)
    scan = season.scan_season(scenario, "2018-05-01", "2018-07-31")
    assert 0 < scan.fits.sum() < len(scan)  # civil dusk never ends aloft around midsummer
    for i in (0, 20, 45, 70, 91):
        assert_day_matches_plan(scan, i, plan_of(scenario, scan.date[i].astype(dt.date)))


@pytest.mark.parametrize("at", ["dusk", "dawn"])
def test_a_camera_flyer_leaving_later_moves_the_green_light_back_in_the_season(at):
    """A camera flyer 60 s after the green light: the green light must come 60 s before
    the flyer's own window closes (and opens). The season's days are the plan's, and the
    window is the performer's and the flyer's own (each planned alone) intersected, the
    flyer's moved back 60 s."""
    flyer = {"name": "camera", "mass_kg": 100.0, "posture": "sit", "exit_delay_s": 60.0}
    data = SEED.model_dump()
    data["at"] = at
    data["jumpers"] = [data["jumpers"][0], flyer]
    scenario = planning.make_scenario(data)
    scan = season.scan_season(scenario, "2018-03-09", "2018-03-11")
    alone = [
        planning.make_scenario(data | {"jumpers": [j | {"exit_delay_s": 0.0}]})
        for j in data["jumpers"]
    ]
    for i, day in enumerate(scan.date.astype(dt.date)):
        assert_day_matches_plan(scan, i, plan_of(scenario, day))
        performer, camera = (plan_of(a, day).exit_window for a in alone)
        window = scan.window(i)
        assert window.start_utc_s == pytest.approx(
            max(performer.start_utc_s, camera.start_utc_s - 60.0), abs=SAME_EDGE_S
        )
        assert window.end_utc_s == pytest.approx(
            min(performer.end_utc_s, camera.end_utc_s - 60.0), abs=SAME_EDGE_S
        )


def test_a_day_that_does_not_fit_says_by_how_much():
    # A golden-hour band too narrow for 100 s of fall: "+1..2".
    scenario = variant(light="1..1.5")
    scan = season.scan_season(scenario, "2018-03-10", "2018-03-11")
    plan = plan_of(scenario, dt.date(2018, 3, 10))
    assert not scan.fits[0]
    assert not plan.fits
    assert scan.shortfall_s[0] == pytest.approx(plan.shortfall_s, abs=SAME_EDGE_S)
    assert scan.reason[0] == "shortfall"
    assert wording.season_reason("shortfall", "1..1.5", 7620.0, 12.0, AVIATION) == (
        "the action misses the 1..1.5 band by 12 s"
    )


def test_a_polar_night_noon_seen_from_aloft_is_worded_alike_by_plan_and_season():
    """Tromsø (69.65 N) on 2024-12-21 is in its polar night (the Sun does not rise there
    from late November to mid-January, as the Norwegian almanac's tables have it), yet
    from 25,000 ft, where the visible horizon dips 2.7 deg, the low Sun shows around noon:
    the band occurs at exit and is gone before the action's lower end. The plan's check
    says so as the season does, not that there is no light at the exit altitude."""
    scenario = variant(site__latitude_deg=69.65, site__longitude_deg=18.96)
    day = dt.date(2024, 12, 21)
    plan = plan_of(scenario, day)
    assert plan.sunset_ground_utc_s is None
    assert plan.light_window is not None
    assert plan.sunset_exit_utc_s is not None
    assert not plan.fits
    assert plan.shortfall_s is None
    scan = season.scan_season(scenario, day.isoformat(), (day + dt.timedelta(days=1)).isoformat())
    assert scan.reason[0] == "band-ends-early"
    check = next(c for c in plan.checks if c.code == "light")
    assert check.severity == "fail"
    said = wording.describe(check, AVIATION)
    assert said.startswith(wording.season_reason("band-ends-early", "lowsun", 0.0, None, AVIATION))


def test_polar_days_are_honest():
    # 80 N in June: the low Sun never comes (no window); the sunlit band lasts all day.
    low = season.scan_season(variant(site__latitude_deg=80.0), "2018-06-20", "2018-06-21")
    assert not low.fits.any()
    assert low.reason[0] == "no-light"
    plan = plan_of(variant(site__latitude_deg=80.0), dt.date(2018, 6, 20))
    assert plan.exit_window is None
    assert plan.light_window is None
    lit = season.scan_season(
        variant(site__latitude_deg=80.0, light="sunlit"), "2018-06-20", "2018-06-21"
    )
    assert lit.fits.all()
    assert lit.start_open.all()
    assert lit.end_open.all()
    assert np.isnan(lit.slack_s).all()
    assert lit.window(0).start_utc_s is None
    assert lit.window(0).end_utc_s is None


def test_takeoff_is_the_plans_climb_worked_back():
    scan = season.scan_season(SEED, "2018-03-10", "2018-03-10")
    plan = planning.make_plan(SEED)
    takeoff = next(e for e in plan.events if e.code == "takeoff")
    assert scan.exit_time_utc_s[0] - scan.takeoff_time_utc_s[0] == pytest.approx(
        plan.exit_time_utc_s - takeoff.time_utc_s, abs=1e-6
    )


def test_light_at_exit_and_deployment_is_the_light_along_the_fall():
    scan = season.scan_season(SEED, "2018-03-10", "2018-03-10")
    plan = planning.make_plan(SEED)
    along = light.light_along(
        plan.exit_time_utc_s,
        plan.trajectory.time_s,
        plan.trajectory.altitude_m,
        "lowsun",
        24.4,
        54.6,
        50.0,
    )
    deploy = np.searchsorted(plan.trajectory.time_s, plan.trajectory.freefall_duration_s)
    assert scan.exit_elevation_deg[0] == pytest.approx(along.elevation_deg[0], abs=1e-4)
    assert scan.deploy_elevation_deg[0] == pytest.approx(along.elevation_deg[deploy], abs=1e-3)


def test_the_light_at_exit_is_at_the_lead_jumpers_own_exit():
    """The lead leaving 30 s after the green light (a camera flyer at it): the season's
    Sun at exit and at deployment is the light along the lead's fall from its own exit,
    as the plan stamps it, not from the green light."""
    data = SEED.model_dump()
    lead = data["jumpers"][0] | {"exit_delay_s": 30.0}
    data["jumpers"] = [lead, {"name": "camera", "mass_kg": 95.0, "posture": "sit"}]
    scenario = planning.make_scenario(data)
    scan = season.scan_season(scenario, "2018-03-10", "2018-03-10")
    plan = planning.make_plan(scenario)
    own_exit = plan.trajectory.jump.exit.time_utc_s
    assert own_exit == pytest.approx(plan.exit_time_utc_s + 30.0)
    along = light.light_along(
        own_exit, plan.trajectory.time_s, plan.trajectory.altitude_m, "lowsun", 24.4, 54.6, 50.0
    )
    deploy = np.searchsorted(plan.trajectory.time_s, plan.trajectory.freefall_duration_s)
    assert scan.exit_elevation_deg[0] == pytest.approx(along.elevation_deg[0], abs=1e-3)
    assert scan.deploy_elevation_deg[0] == pytest.approx(along.elevation_deg[deploy], abs=1e-3)


# --- The claim the scan rests on -------------------------------------------------------------


def test_light_falls_monotonically_along_a_free_fall():
    """The jumper's horizon rises faster than the fastest Sun, once the fall is under way:
    the Earth turns 15.04 deg an hour (0.0042 deg/s), the horizon of a jumper falling at
    75 m/s through 25,000 ft rises by 1.7e-4 deg/m x 75 m/s = 0.013 deg/s from the dip
    alone (Bowditch: dip = 1.76' sqrt(h / m), whose slope at 7,620 m is 1.68e-4 deg/m; the
    ray trace gives 1.79e-4), 2.0e-4 deg/m with the bending of the grazing ray below."""
    plan = planning.make_plan(SEED)
    time_s, altitude_m = plan.trajectory.action_segment()
    depression = light.horizon_offset_deg(altitude_m, 50.0)
    rise = -np.gradient(depression, time_s)  # deg/s, how fast the horizon comes up
    dip_slope = float(np.diff(sun.horizon_dip_deg(np.array([7600.0, 7640.0])))[0] / 40.0)
    bowditch = 1.76 / 60.0 * 0.5 / np.sqrt(7620.0)
    # Bowditch's coefficient holds near the sea; in the thin air at 25,000 ft the ray
    # bends less and the dip grows a little faster.
    assert dip_slope == pytest.approx(bowditch, rel=0.1)
    slope = float(np.diff(light.horizon_offset_deg(np.array([7600.0, 7640.0])))[0] / 40.0)
    assert slope == pytest.approx(2.0e-4, rel=0.05)
    under_way = time_s > 3.0
    assert (rise[under_way] > SUN_RATE_LIMIT_DEG_S).all()
    # Dusk: nothing to correct. Dawn, for the fastest Sun: under 0.01 deg (about 2 s).
    upper, lower = light.envelope_offsets_deg(
        time_s,
        altitude_m,
        50.0,
        [-SUN_RATE_LIMIT_DEG_S, SUN_RATE_LIMIT_DEG_S],
    )
    assert upper[0] == 0.0
    assert lower[0] == 0.0
    assert 0.0 < upper[1] < 0.01
    assert lower[1] == 0.0


def test_envelope_without_horizon_depression_is_the_suns_own_motion():
    # With the astronomical horizon only the Sun moves: the light peaks at the end of the
    # action when it rises (r T above the exit), and bottoms out at the start (r T below).
    time_s = np.linspace(0.0, 100.0, 201)
    altitude_m = np.linspace(7620.0, 1300.0, 201)
    rate = np.array([-0.004, 0.003])
    upper, lower = light.envelope_offsets_deg(time_s, altitude_m, 0.0, rate, horizon="astronomical")
    np.testing.assert_allclose(upper, [0.0, 0.3], atol=1e-12)
    np.testing.assert_allclose(lower, [0.0, -0.3], atol=1e-12)
    scalar = light.envelope_offsets_deg(time_s, altitude_m, 0.0, 0.003, "astronomical")
    assert isinstance(scalar[0], float)


# --- Odds --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def twenty_days():
    return season.scan_season(SEED, "2018-03-01", "2018-03-20")


def test_monte_carlo_is_the_negative_binomial(twenty_days):
    """Every day fits and has the same chance q = 0.6 x 0.5: the day of the third shot
    follows the negative binomial, being done by day k the binomial tail."""
    members = 40_000
    odds = season.season_odds(
        twenty_days, weather=0.6, p_success=0.5, shots_needed=3, members=members, seed=7
    )
    q = 0.3
    day = np.arange(1, 21)
    exact = stats.nbinom.pmf(day - 3, 3, q)
    error = np.sqrt(exact * (1 - exact) / members)
    assert np.all(np.abs(odds.p_finish - exact) <= STATISTICAL_SIGMAS * error + 1e-12)
    done = stats.binom.sf(2, 20, q)
    assert odds.p_done_by_deadline == pytest.approx(
        done, abs=STATISTICAL_SIGMAS * odds.p_done_by_deadline_se
    )
    assert odds.p_done_by_deadline_se == pytest.approx(np.sqrt(done * (1 - done) / members), 0.05)
    # Attempts: every day with flyable weather until done; E = sum P(not done before d) 0.6.
    not_done_before = stats.binom.cdf(2, day - 1, q)
    expected = float(np.sum(not_done_before * 0.6))
    assert odds.expected_attempts == pytest.approx(expected, abs=STATISTICAL_SIGMAS * 10 / 200)


def poisson_binomial_done_by(p_shot, needed):
    """P(at least ``needed`` successes by the end of each day), exactly, by recursion."""
    counts = np.zeros(needed + 1)
    counts[0] = 1.0  # the last slot holds "needed or more"
    done = []
    for p in p_shot:
        shifted = np.zeros_like(counts)
        shifted[1:] = counts[:-1] * p
        shifted[-1] += counts[-1] * p
        counts = counts * (1 - p) + shifted
        done.append(counts[-1])
    return np.array(done)


def test_monte_carlo_with_monthly_weather_and_blocked_days_is_the_poisson_binomial():
    scan = season.scan_season(SEED, "2018-03-25", "2018-04-14")
    monthly = [0.9, 0.9, 0.4, 0.8, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]
    blocked = [("2018-03-28", "2018-04-02"), "2018-04-09"]
    odds = season.season_odds(
        scan,
        weather=monthly,
        p_success=0.7,
        shots_needed=4,
        deadline="2018-04-10",
        blocked=blocked,
        members=40_000,
        seed=3,
    )
    in_march = scan.date < np.datetime64("2018-04-01")
    weather = np.where(in_march, 0.4, 0.8)
    np.testing.assert_allclose(odds.p_weather, weather)
    assert odds.blocked.sum() == 7
    p_shot = np.where(odds.blocked, 0.0, weather * 0.7)
    np.testing.assert_allclose(odds.p_shot, p_shot)
    exact = poisson_binomial_done_by(p_shot, 4)
    deadline = int(np.flatnonzero(scan.date == np.datetime64("2018-04-10"))[0])
    assert odds.p_done_by_deadline == pytest.approx(
        exact[deadline], abs=STATISTICAL_SIGMAS * odds.p_done_by_deadline_se
    )
    error = np.sqrt(exact * (1 - exact) / odds.members)
    assert np.all(np.abs(odds.p_done_by - exact) <= STATISTICAL_SIGMAS * error + 1e-12)
    # The shutdown: the same draws without the blocked dates.
    free = season.season_odds(
        scan,
        weather=monthly,
        p_success=0.7,
        shots_needed=4,
        deadline="2018-04-10",
        members=40_000,
        seed=3,
    )
    assert odds.p_done_by_deadline_unblocked == free.p_done_by_deadline
    assert odds.shutdown_cost > 0.1
    exact_free = poisson_binomial_done_by(weather * 0.7, 4)[deadline]
    assert free.p_done_by_deadline == pytest.approx(
        exact_free, abs=STATISTICAL_SIGMAS * free.p_done_by_deadline_se
    )


def test_a_blocked_date_outside_the_season_is_noted_not_silently_dropped(twenty_days):
    """A blocked date a year off (a typing slip) blocks no day: the odds say so, once
    for each date or range that misses the season, and not for one that overlaps it."""
    blocked = ["2019-03-02", ("2018-02-20", "2018-03-02"), ("2018-04-01", "2018-04-05")]
    odds = season.season_odds(twenty_days, blocked=blocked, members=100)
    outside = [n for n in odds.notices if n.code == "blocked-outside-season"]
    assert [(n.values["first"], n.values["last"]) for n in outside] == [
        ("2019-03-02", "2019-03-02"),
        ("2018-04-01", "2018-04-05"),
    ]
    assert {n.severity for n in outside} == {"warn"}
    assert outside[0].values["season_first"] == "2018-03-01"
    assert outside[0].values["season_last"] == "2018-03-20"
    assert odds.blocked.sum() == 2  # 1 and 2 March
    inside = season.season_odds(twenty_days, blocked=["2018-03-05"], members=100)
    assert not [n for n in inside.notices if n.code == "blocked-outside-season"]


def test_daily_weather_table_and_same_seed_same_answer(twenty_days):
    table = {str(d): (0.2 if i % 2 else 0.9) for i, d in enumerate(twenty_days.date)}
    first = season.season_odds(twenty_days, weather=table, shots_needed=2, seed=11)
    again = season.season_odds(twenty_days, weather=table, shots_needed=2, seed=11)
    other = season.season_odds(twenty_days, weather=table, shots_needed=2, seed=12)
    np.testing.assert_array_equal(first.p_finish, again.p_finish)
    assert not np.array_equal(first.p_finish, other.p_finish)
    np.testing.assert_allclose(first.p_weather[:4], [0.9, 0.2, 0.9, 0.2])
    assert first.finish_date_quantile(0.5) is not None


def test_days_that_do_not_fit_give_no_attempt():
    scan = season.scan_season(variant(light="1..1.5"), "2018-03-01", "2018-03-05")
    odds = season.season_odds(scan, weather=1.0, members=100)
    assert odds.p_done_in_season == 0.0
    assert odds.expected_attempts == 0.0
    assert [n.code for n in odds.notices] == ["no-attempt-possible"]
    assert season.best_days(scan, odds).size == 0


def test_best_days_rank_by_odds_then_slack(twenty_days):
    table = {str(d): 0.5 for d in twenty_days.date}
    table["2018-03-15"] = 0.9
    table["2018-03-17"] = 0.9
    odds = season.season_odds(twenty_days, weather=table, blocked=["2018-03-01"], members=10)
    ranked = season.best_days(twenty_days, odds, 4)
    dates = [str(twenty_days.date[i]) for i in ranked]
    # Equal odds: more slack first; in March at 24 N the window shortens day by day.
    assert dates == ["2018-03-15", "2018-03-17", "2018-03-02", "2018-03-03"]
    slack = twenty_days.slack_s
    assert slack[1] > slack[2]


# --- Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        ("2018-03-10", "2018-03-01", "to"),
        ("2018-01-01", "2038-01-02", "to"),
        ("2018-02-30", "2018-03-01", "from"),
        ("1949-12-31", "2018-03-01", "from"),
    ],
)
def test_bad_ranges_name_the_field(first, last, field):
    with pytest.raises(InputError) as error:
        season.scan_season(SEED, first, last)
    assert error.value.field == field


def test_twenty_years_is_allowed_by_the_dates():
    dates = season.season_dates("2000-01-01", "2019-12-31")
    assert dates.size == 7305


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"p_success": 1.5}, "p_success"),
        ({"p_success": -0.1}, "p_success"),
        ({"weather": 1.2}, "weather"),
        ({"weather": [0.5] * 11}, "weather"),
        ({"weather": [0.5] * 11 + [2.0]}, "weather month 12"),
        ({"weather": {"2018-03-01": 0.5}}, "weather"),
        ({"weather": "cloudy"}, "weather"),
        ({"shots_needed": 21}, "shots_needed"),
        ({"shots_needed": 0}, "shots_needed"),
        ({"deadline": "2018-04-01"}, "deadline"),
        ({"blocked": [("2018-03-05", "2018-03-01")]}, "blocked"),
        ({"members": 0}, "members"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_odds_name_the_field(twenty_days, arguments, field):
    with pytest.raises(InputError) as error:
        season.season_odds(twenty_days, **arguments)
    assert error.value.field == field


def test_bad_at():
    with pytest.raises(InputError) as error:
        season.scan_season(SEED, "2018-03-01", "2018-03-02", at="noon")
    assert error.value.field == "at"


def test_docs_season_examples_run_and_print_what_the_text_quotes(capsys):
    pytest.importorskip("xarray")
    pytest.importorskip("dask")
    text = (Path(__file__).resolve().parents[1] / "docs" / "season.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) == 2
    for block in blocks:
        exec(compile(block, "docs/season.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "61 0.26 0.74"  # "drops that to 26 %", "change = -0.74"
    assert "drops that to 26 %" in text


def test_seed_action_ends_at_deployment():
    scan = season.scan_season(SEED, "2018-03-10", "2018-03-10")
    assert scan.action_duration_s == pytest.approx(scan.freefall_duration_s)
    assert SEED.deploy_altitude_m == pytest.approx(4000 * FOOT_M + 50.0)
