"""Light bands, windows, the shadow altitude and the light along a trajectory.

Authorities: skyfield + DE421 for the ground sunset (same -0.8333 deg definition); the
USNO definitions of the twilights (centre 6, 12, 18 deg below the horizon) checked
through skyfield; the geometry of window edges (the margin is zero at each edge).
"""

import datetime as dt

import numpy as np
import pytest

from duskfall import light, sun
from duskfall.errors import InconsistentInputError, InputError
from duskfall.timeutil import local_noon_utc_s, utc_seconds

ABU_DHABI = (24.4, 54.6)
SEED_DATE = dt.date(2018, 3, 10)
ONE_SECOND = 1.0
ONE_METRE = 1.0
TWO_ARCSECONDS_DEG = 2 / 3600
"""What separates duskfall's Sun from DE421's (tests/test_sun_oracle.py): 0.15 s at dusk."""
UNIX_EPOCH_JD = 2_440_587.5


def seed_interval():
    start = local_noon_utc_s(SEED_DATE, ABU_DHABI[1])
    return start, start + 43_200


def brent_sunset(lat, lon, altitude_m, ground_m, start, end):
    """The last sunset in [start, end] by the generic finder (Brent on a 5-minute grid) on
    the full solar model: an independent route to the engine's events."""
    target = sun.sunset_elevation_deg(altitude_m, ground_m)

    def margin(t):
        return sun.solar_position(t, lat, lon).elevation_deg - target

    ends = [w.end_utc_s for w in light.find_windows(margin, start, end, 300.0) if w.end_utc_s]
    return ends[-1] if ends else None


def brent_exit_windows(tau, altitudes, band, lat, lon, ground_m, start, end):
    """Exit times whose whole action is in the band, by the generic finder on the margin
    of every sample of the action (no event, no envelope): the engine's oracle."""
    offset = np.asarray(light.horizon_offset_deg(altitudes, ground_m))

    def margin(exit_times):
        times = np.asarray(exit_times, dtype=float)[:, None] + tau[None, :]
        elevation = sun.solar_position(times, lat, lon).elevation_deg + offset[None, :]
        return light.band_margin_deg(band, elevation).min(axis=1)

    return light.find_windows(margin, start, end, 30.0)


def engine_window(tau, altitudes, band, date=SEED_DATE, ground_m=50.0):
    places = light.Places(
        np.array([np.datetime64(date)]), np.float64(ABU_DHABI[0]), np.float64(ABU_DHABI[1]),
        np.float64(ground_m), "dusk",
    )  # fmt: skip
    action = light.Action(np.asarray(tau, float), np.asarray(altitudes, float), ground_m)
    return light.find_exit_windows([action], band, places).window(0)


def test_ground_sunset_and_twilights_against_skyfield(skyfield_sun):
    """Skyfield's find_settings at -0.8333, -6, -12 and -18 deg, sea level, 2018-03-10."""
    from skyfield import almanac

    timescale, observer, body, _ = skyfield_sun(*ABU_DHABI)
    day = light.find_day_light(SEED_DATE, *ABU_DHABI)
    expected = {
        -0.8333: day.sunset_utc_s[0],
        -6.0: day.twilight_utc_s["civil"][0],
        -12.0: day.twilight_utc_s["nautical"][0],
        -18.0: day.twilight_utc_s["astronomical"][0],
    }
    for horizon, ours in expected.items():
        times, _ = almanac.find_settings(
            observer, body, timescale.ut1(2018, 3, 10, 8), timescale.ut1(2018, 3, 10, 20), horizon
        )
        oracle = (times.ut1[0] - 2_440_587.5) * 86_400
        assert ours == pytest.approx(oracle, abs=ONE_SECOND)
    assert day.sunset_ground_utc_s[0] == pytest.approx(day.sunset_utc_s[0], abs=1e-6)


def test_generic_finder_and_vectorised_solver_agree():
    """Brent on a grid of the full model and find_day_light (the event solver, refined)
    at 25,000 ft agree to 0.02 s (the finder's own tolerance is 0.01 s)."""
    day = light.find_day_light(SEED_DATE, *ABU_DHABI, 7620.0, 50.0)
    brent = brent_sunset(*ABU_DHABI, 7620.0, 50.0, *seed_interval())
    assert day.sunset_utc_s[0] == pytest.approx(brent, abs=0.02)


def test_windows_follow_the_band_edges():
    day = light.find_day_light(SEED_DATE, *ABU_DHABI, 7620.0, 50.0)
    (golden,) = day.windows["golden"][0]
    (blue,) = day.windows["blue"][0]
    (sunlit,) = day.windows["sunlit"][0]
    assert blue.start_utc_s == pytest.approx(golden.end_utc_s)
    assert sunlit.start_utc_s is None  # the Sun is already up at noon
    assert sunlit.end_utc_s == pytest.approx(day.sunset_utc_s[0])
    for t, value in ((golden.start_utc_s, 6.0), (golden.end_utc_s, -4.0), (blue.end_utc_s, -6.0)):
        above = light.sun_above_horizon_deg(t, *ABU_DHABI, 7620.0, 50.0)
        assert above == pytest.approx(value, abs=1e-5)
    assert 20 * 60 < golden.duration_s < 60 * 60


def test_astronomical_horizon_ignores_the_altitude():
    aloft = light.find_day_light(SEED_DATE, *ABU_DHABI, 7620.0, 50.0, horizon="astronomical")
    ground = light.find_day_light(SEED_DATE, *ABU_DHABI, 0.0, 0.0)
    assert aloft.twilight_utc_s["civil"][0] == pytest.approx(ground.twilight_utc_s["civil"][0])


def test_sunset_aloft_is_on_the_visible_horizon_whatever_the_bands_horizon(skyfield_sun):
    """With the bands taken from the astronomical horizontal, the observer at 25,000 ft
    still sees the Sun set on his visible horizon, long after the ground does: the sunset
    row once showed the astronomical crossing, the ground's time, as the observer's
    sunset. The sunlit band closes where skyfield's DE421 Sun (geometric, no refraction)
    is at -0.8333 deg; the observer's sunset is the visible-horizon mode's."""
    visible = light.find_day_light(SEED_DATE, *ABU_DHABI, 7620.0, 50.0)
    aloft = light.find_day_light(SEED_DATE, *ABU_DHABI, 7620.0, 50.0, horizon="astronomical")
    assert aloft.sunset_utc_s[0] == visible.sunset_utc_s[0]
    assert aloft.sunset_ground_utc_s[0] == visible.sunset_ground_utc_s[0]
    (sunlit,) = aloft.windows["sunlit"][0]
    timescale, observer, body, _ = skyfield_sun(*ABU_DHABI)
    when = timescale.ut1_jd(sunlit.end_utc_s / 86_400.0 + UNIX_EPOCH_JD)
    elevation, _, _ = observer.at(when).observe(body).apparent().altaz()
    assert elevation.degrees == pytest.approx(-0.8333, abs=TWO_ARCSECONDS_DEG)
    assert aloft.sunset_utc_s[0] - sunlit.end_utc_s > 10 * 60  # the Sun still in sight


def test_dawn_mirrors_dusk():
    day = light.find_day_light(SEED_DATE, *ABU_DHABI, 7620.0, 50.0, at="dawn")
    ground = light.find_day_light(SEED_DATE, *ABU_DHABI, 50.0, 50.0, at="dawn")
    assert 12 * 60 < ground.sunset_utc_s[0] - day.sunset_utc_s[0] < 15 * 60
    (golden,) = day.windows["golden"][0]
    assert light.sun_above_horizon_deg(golden.start_utc_s, *ABU_DHABI, 7620.0, 50.0) == (
        pytest.approx(-4.0, abs=1e-5)
    )
    assert day.twilight_utc_s["civil"][0] < day.sunset_utc_s[0]


def test_many_days_at_once():
    dates = np.arange("2018-01-01", "2019-01-01", dtype="datetime64[D]")
    year = light.find_day_light(dates, *ABU_DHABI, 7620.0, 50.0, bands=["golden"])
    assert year.sunset_utc_s.shape == (365,)
    assert len(year.windows["golden"]) == 365
    one = light.find_day_light(dt.date(2018, 3, 10), *ABU_DHABI, 7620.0, 50.0)
    assert year.sunset_utc_s[68] == one.sunset_utc_s[0]
    assert 20 < np.nanmin(year.weather_uncertainty_s) < np.nanmax(year.weather_uncertainty_s) < 60


def test_find_windows_analytic_sine():
    """sin(2 pi t / 100) >= 0 on [0, 50] and [100, 150] within [0, 160]."""
    windows = light.find_windows(lambda t: np.sin(2 * np.pi * np.asarray(t) / 100), 0.0, 160.0, 7)
    assert windows[0].start_utc_s is None  # holds at the start: no edge inside
    assert windows[0].end_utc_s == pytest.approx(50.0, abs=light.TIME_TOLERANCE_S)
    assert windows[1].start_utc_s == pytest.approx(100.0, abs=light.TIME_TOLERANCE_S)
    assert windows[1].end_utc_s == pytest.approx(150.0, abs=light.TIME_TOLERANCE_S)


def test_exit_window_edges_sit_on_the_band_edges():
    """At the window's opening the exit point is at the band's top; at its closing the
    deployment point is at the band's bottom (dusk: the Sun sinks through the band)."""
    band = light.LIGHT_BANDS["lowsun"]
    tau = np.array([0.0, 50.0, 100.0])
    altitudes = np.array([7620.0, 4500.0, 1269.0])
    window = engine_window(tau, altitudes, band)
    at_exit = light.sun_above_horizon_deg(window.start_utc_s, *ABU_DHABI, 7620.0, 50.0)
    at_deploy = light.sun_above_horizon_deg(window.end_utc_s + 100.0, *ABU_DHABI, 1269.0, 50.0)
    assert at_exit == pytest.approx(6.0, abs=1e-4)
    assert at_deploy == pytest.approx(band.lower_deg, abs=1e-4)
    (brent,) = brent_exit_windows(tau, altitudes, band, *ABU_DHABI, 50.0, *seed_interval())
    assert window.start_utc_s == pytest.approx(brent.start_utc_s, abs=0.02)
    assert window.end_utc_s == pytest.approx(brent.end_utc_s, abs=0.02)


def test_light_along_a_trajectory():
    tau = np.linspace(0.0, 100.0, 11)
    altitudes = np.linspace(7620.0, 1269.0, 11)
    window = engine_window(tau, altitudes, light.LIGHT_BANDS["lowsun"])
    middle = 0.5 * (window.start_utc_s + window.end_utc_s)
    along = light.light_along(middle, tau, altitudes, "lowsun", *ABU_DHABI, 50.0)
    assert along.all_in_band
    assert set(along.phase) == {"day"}
    late = light.light_along(window.end_utc_s + 60, tau, altitudes, "lowsun", *ABU_DHABI, 50.0)
    assert not late.in_band[-1]
    assert late.in_band[0]  # the exit is still in sun: the jumper falls into the shadow


def test_shadow_altitude_at_sunset_times():
    """The shadow altitude at the sunset time for 25,000 ft is 25,000 ft."""
    t = brent_sunset(*ABU_DHABI, 7620.0, 50.0, *seed_interval())
    assert light.shadow_altitude_m(t, *ABU_DHABI, 50.0) == pytest.approx(7620.0, abs=ONE_METRE)
    assert light.shadow_altitude_m(t - 3600, *ABU_DHABI, 50.0) == 50.0
    assert np.isinf(light.shadow_altitude_m(t + 6 * 3600, *ABU_DHABI, 50.0))
    times = t + np.array([-3600.0, 0.0, 6 * 3600.0])
    shadow = light.shadow_altitude_m(times, *ABU_DHABI, 50.0)
    assert shadow[1] == pytest.approx(7620.0, abs=ONE_METRE)


def test_shadow_altitude_rises_at_dusk():
    ground = brent_sunset(*ABU_DHABI, 50.0, 50.0, *seed_interval())
    times = ground + np.arange(0.0, 1200.0, 60.0)
    shadow = light.shadow_altitude_m(times, *ABU_DHABI, 50.0)
    assert np.all(np.diff(shadow) > 0)


def test_polar_night_has_no_sunset():
    start = local_noon_utc_s(dt.date(2018, 12, 21), 15.0)
    assert brent_sunset(80.0, 15.0, 0.0, 0.0, start, start + 43_200) is None
    day = light.find_day_light(dt.date(2018, 12, 21), 80.0, 15.0)
    assert np.isnan(day.sunset_utc_s[0])
    assert day.notices[0].code == "no-sunset"


def test_light_phases():
    names = light.light_phase(np.array([10.0, -0.5, -3.0, -7.0, -13.0, -20.0]))
    assert list(names) == [
        "day",
        "day",
        "civil twilight",
        "nautical twilight",
        "astronomical twilight",
        "night",
    ]
    assert light.light_phase(-7.0) == "nautical twilight"


@pytest.mark.parametrize("spec", ["xyz", "3..1", "1..", "-100..0", "..", "1..2..3"])
def test_bad_band(spec):
    with pytest.raises(InputError, match="light"):
        light.light_band(spec)


def test_bad_horizon():
    with pytest.raises(InputError, match="horizon"):
        light.find_day_light(SEED_DATE, *ABU_DHABI, horizon="flat")


@pytest.mark.parametrize(("spec", "bounds"), [("-1..2", (-1.0, 2.0)), ("+.5..6", (0.5, 6.0))])
def test_custom_band(spec, bounds):
    band = light.light_band(spec)
    assert (band.lower_deg, band.upper_deg) == bounds


def test_naive_datetimes_are_refused():
    with pytest.raises(InputError, match="naive"):
        utc_seconds(dt.datetime(2018, 3, 10, 14))


def test_an_observer_below_the_ground_is_refused():
    with pytest.raises(InconsistentInputError) as error:
        light.find_day_light(dt.date(2018, 3, 10), 24.4, 54.6, 1000.0, 2000.0)
    assert error.value.field == "altitude_m"
    assert error.value.said_of("ground_elevation_m").field == "ground_elevation_m"
    on_the_ground = light.find_day_light(dt.date(2018, 3, 10), 24.4, 54.6, 2000.0, 2000.0)
    assert on_the_ground.sunset_utc_s[0] == pytest.approx(on_the_ground.sunset_ground_utc_s[0])


def test_delays_are_one_per_action_and_not_negative():
    """Staggered exits: a jumper 60 s after the green light needs the green light 60 s
    before the window of its own action exiting at it; a delay per action, none
    negative, or a named refusal."""
    tau = np.linspace(0.0, 100.0, 51)
    altitudes = np.linspace(7620.0, 1269.0, 51)
    band = light.light_band("lowsun")
    places = light.Places(
        np.array([np.datetime64(SEED_DATE)]), np.float64(ABU_DHABI[0]),
        np.float64(ABU_DHABI[1]), np.float64(50.0), "dusk",
    )  # fmt: skip
    action = light.Action(tau, altitudes, 50.0)
    alone = engine_window(tau, altitudes, band)
    late = light.find_exit_windows([action], band, places, delays_s=[60.0]).window(0)
    assert late.start_utc_s == pytest.approx(alone.start_utc_s - 60.0, abs=1e-6)
    assert late.end_utc_s == pytest.approx(alone.end_utc_s - 60.0, abs=1e-6)
    for delays, said in (([0.0, 1.0], "has 2 delays for 1 actions"), ([-1.0], "negative")):
        with pytest.raises(InconsistentInputError, match=said):
            light.find_exit_windows([action], band, places, delays_s=delays)
