"""The release point and the dispersion against analytic results and independent models.

Authorities:
- Galilean relativity: in a uniform wind W the motion through the air is the still-air
  motion, so every point of the jump moves by W t (the drift rule "wind x time").
- The kinematics of a vehicle with a fixed airspeed in a wind that depends on altitude
  only: whatever it steers, it lands within a circle around its pure-drift point.
- The wind triangle: heading = track - asin(crosswind / TAS), ground speed =
  TAS cos(correction) + headwind component.
- The World Magnetic Model (WMM2015v2 through ``pygeomag``, test-only) for the IGRF-14
  declination, and the sphere for distances and bearings (0.5 % from the ellipsoid).
- The bivariate normal distribution: an ellipse holding 95 % of the points has semi-axes
  sqrt(-2 ln 0.05) = 2.4477 standard deviations; P(|Z| <= 1) = 0.6827.
"""

import contextlib
import datetime as dt
import io
import re
from pathlib import Path

import numpy as np
import pytest

from conftest import make_jump, simulate_many
from duskfall.constants import EARTH_MEAN_RADIUS_M
from duskfall.errors import InputError
from duskfall.release import (
    GeoPoint,
    SpotOptions,
    Uncertainty,
    dispersion,
    ellipse,
    find_release_point,
    locate,
    magnetic_declination_deg,
)
from duskfall.winds import ConstantWind, LayeredWind, WindError

ONE_METRE = 1.0
SEED_DAY_UTC_S = dt.datetime(2018, 3, 10, 14, 22, tzinfo=dt.UTC).timestamp()
TARGET = (24.4, 54.6)
HALO = {"ground_elevation_m": 50.0, "exit_altitude_m": 7620.0, "deploy_altitude_m": 1269.0}


SPOT_OPTIONS = (
    "aim",
    "aim_offset_m",
    "groups",
    "group_separation_m",
    "target_radius_m",
    "reach_reserve_fraction",
)


def spot(**kwargs):
    """find_release_point of the HALO jump, with the test's changes to it."""
    arguments = {**HALO, **kwargs}
    options = SpotOptions(**{k: arguments.pop(k) for k in SPOT_OPTIONS if k in arguments})
    track = arguments.pop("jump_run_track_deg", None)
    jump = make_jump(
        arguments.pop("exit_altitude_m"),
        arguments.pop("deploy_altitude_m"),
        arguments.pop("ground_elevation_m"),
        mass_kg=arguments.pop("mass_kg", 90.0),
        cda_m2=arguments.pop("cda_m2", None),
        posture=arguments.pop("posture", "belly"),
        aircraft_speed_mps=arguments.pop("aircraft_airspeed_mps", 0.0),
        wind=arguments.pop("wind", None),
        canopy=arguments.pop("canopy", "ram-air"),
        exit_time_utc_s=arguments.pop("exit_time_utc_s", None),
    )
    assert not arguments, arguments
    return find_release_point(jump, *TARGET, track_deg=track, options=options)


def test_a_point_at_the_target_has_no_bearing_whatever_its_rounding():
    """In calm air the landing is on the opening point to within 1e-12 m of rounding, whose
    sign depends on the machine: its bearing is 0, not a noise 90 or 180; a centimetre
    off, the bearing is the direction."""
    for east, north in ((1e-12, -1e-12), (-1e-13, -1e-12), (0.0, 0.0)):
        assert GeoPoint(*TARGET, east, north).bearing_deg == 0.0
    assert GeoPoint(*TARGET, 0.01, 0.0).bearing_deg == pytest.approx(90.0)
    assert GeoPoint(*TARGET, 0.0, -0.01).bearing_deg == pytest.approx(180.0)


def test_uniform_wind_drift_is_wind_times_time():
    """Round canopy, no forward throw, aim at the landing: the exit is upwind by exactly
    W x (time from exit to landing), bearing 270 for a wind from 270."""
    wind = ConstantWind(270.0, 10.0)
    result = spot(wind=wind, aim="landing", canopy="round", exit_time_utc_s=SEED_DAY_UTC_S)
    drift = 10.0 * result.trajectory.landing_time_s
    assert result.release_point.distance_m == pytest.approx(drift, abs=ONE_METRE)
    assert result.release_point.bearing_deg == pytest.approx(270.0, abs=0.01)
    assert result.landing_point.distance_m == pytest.approx(0.0, abs=ONE_METRE)
    assert result.reach_radius_m == 0.0


def test_a_ram_air_canopy_aimed_at_the_landing_has_the_target_at_the_centre_of_its_reach():
    """Ram-air canopy, no forward throw, aim at the landing in a uniform wind: the centre
    of the reach (the pure drift, Galilean: W x the time from exit to landing) is on the
    target, so the target is a whole reach radius inside it; holding into the wind, the
    canopy would land upwind of the target by the distance it flies through the air."""
    wind = ConstantWind(270.0, 10.0)
    result = spot(wind=wind, aim="landing", exit_time_utc_s=SEED_DAY_UTC_S)
    drift = 10.0 * result.trajectory.landing_time_s
    assert result.release_point.distance_m == pytest.approx(drift, abs=ONE_METRE)
    assert result.release_point.bearing_deg == pytest.approx(270.0, abs=0.01)
    assert result.reach_center.distance_m == pytest.approx(0.0, abs=ONE_METRE)
    assert result.reach_radius_m > 1000.0
    assert result.landing_point.bearing_deg == pytest.approx(270.0, abs=0.01)
    assert result.landing_point.distance_m == pytest.approx(result.reach_radius_m, rel=0.01)


def test_a_ram_air_jumper_aimed_at_the_landing_reaches_the_target_in_sheared_winds():
    """In the HALO jump's winds, which turn and grow with height, the steering jumpers of
    a ram-air canopy aimed at the landing reach the target as often as those opening over
    it (the target is the centre of each nominal reach), not half of them."""
    opening = dispersion(spot(wind=HALO_WIND, aircraft_airspeed_mps=100.0), members=500, seed=2)
    landing = spot(wind=HALO_WIND, aircraft_airspeed_mps=100.0, aim="landing")
    spread = dispersion(landing, members=500, seed=2)
    assert spread.p_target_reachable > 0.99
    assert spread.p_target_reachable >= opening.p_target_reachable


def test_galilean_shift_of_the_opening_point():
    """Same jump run, calm versus a uniform 15 m/s wind from the west: the release point
    moves upwind by exactly 15 m/s x (time from exit to the end of the opening). A round
    canopy, so that no canopy heading (into a wind that calm air lacks) enters."""
    common = {"aircraft_airspeed_mps": 80.0, "jump_run_track_deg": 270.0, "canopy": "round"}
    calm = spot(wind=ConstantWind(0.0, 0.0), **common)
    windy = spot(wind=ConstantWind(270.0, 15.0), **common)
    opening_time = windy.trajectory.opening_time_s
    shift = windy.release_point.east_m - calm.release_point.east_m
    assert shift == pytest.approx(-15.0 * opening_time, abs=ONE_METRE)
    assert windy.release_point.north_m == pytest.approx(calm.release_point.north_m, abs=0.01)
    # The aircraft makes 80 - 15 = 65 m/s over the ground into the wind.
    assert windy.ground_speed_mps == pytest.approx(65.0)


def test_jump_run_into_the_wind_at_exit_altitude():
    wind = LayeredWind((0.0, 3000.0, 8000.0), (180.0, 250.0, 300.0), (4.0, 15.0, 25.0))
    result = spot(wind=wind, aircraft_airspeed_mps=90.0)
    exit_from = np.interp(7620.0, [3000.0, 8000.0], [250.0, 300.0])
    # Interpolated in components, the direction differs slightly from the linear angle.
    assert result.jump_run_track_deg_true == pytest.approx(result.exit_wind_from_deg)
    assert result.jump_run_track_deg_true == pytest.approx(exit_from, abs=2.5)
    assert result.aircraft_heading_deg_true == pytest.approx(result.jump_run_track_deg_true)


def test_wind_triangle():
    """Track 000 with a 10 m/s wind from the west at exit and 50 m/s TAS: the aircraft
    crabs left by asin(10/50) = 11.54 deg and makes sqrt(50^2 - 10^2) = 48.99 m/s."""
    result = spot(wind=ConstantWind(270.0, 10.0), aircraft_airspeed_mps=50.0, jump_run_track_deg=0)
    assert result.aircraft_heading_deg_true == pytest.approx(360.0 - 11.537, abs=0.01)
    assert result.ground_speed_mps == pytest.approx(np.sqrt(50**2 - 10**2))
    with pytest.raises(InputError, match="jump run"):
        spot(wind=ConstantWind(270.0, 60.0), aircraft_airspeed_mps=50.0, jump_run_track_deg=0)


def test_reach_is_a_circle_around_the_drift_point():
    """Fixed canopy headings land on the circle of radius R around the reach centre."""
    wind = LayeredWind((0.0, 2000.0, 8000.0), (200.0, 260.0, 290.0), (6.0, 12.0, 25.0))
    result = spot(wind=wind, aircraft_airspeed_mps=90.0)
    center = np.array([result.reach_center.east_m, result.reach_center.north_m])
    exit_point = np.array([result.release_point.east_m, result.release_point.north_m])
    headings = np.array([30.0, 100.0, 222.0, 333.0])
    landings = simulate_many(
        HALO["exit_altitude_m"],
        HALO["deploy_altitude_m"],
        HALO["ground_elevation_m"],
        mass_kg=90.0,
        cda_m2=result.trajectory.cda_m2,
        aircraft_speed_mps=90.0,
        aircraft_heading_deg=result.aircraft_heading_deg_true,
        exit_east_m=exit_point[0],
        exit_north_m=exit_point[1],
        wind=wind,
        canopy_heading_deg=headings,
    )
    offset_east = landings.landing_east_m - center[0]
    offset_north = landings.landing_north_m - center[1]
    np.testing.assert_allclose(np.hypot(offset_east, offset_north), result.reach_radius_m, atol=1.0)
    np.testing.assert_allclose(
        np.degrees(np.arctan2(offset_east, offset_north)) % 360, headings, atol=0.1
    )
    assert result.target_reachable
    assert result.reach_margin_m == pytest.approx(
        result.reach_radius_m - result.reach_center.distance_m
    )


def test_green_light_zone_and_groups():
    """At the green and red lights the target sits on the reduced reach circle; groups
    are 300 m apart along the jump run, 300 m / ground speed apart in time."""
    wind = LayeredWind((0.0, 3000.0, 8000.0), (270.0, 280.0, 290.0), (4.0, 12.0, 23.0))
    result = spot(wind=wind, aircraft_airspeed_mps=100.0, groups=3, target_radius_m=50.0)
    radius = result.reach_radius_m * 0.75 + 50.0
    for light in (result.green_light, result.red_light):
        east = result.reach_center.east_m + light.east_m - result.release_point.east_m
        north = result.reach_center.north_m + light.north_m - result.release_point.north_m
        assert np.hypot(east, north) == pytest.approx(radius, abs=0.01)
    assert result.green_to_red_s > 0
    first, middle, last = result.groups
    assert middle.point.distance_m == pytest.approx(result.release_point.distance_m)
    gap = np.hypot(last.point.east_m - first.point.east_m, last.point.north_m - first.point.north_m)
    assert gap == pytest.approx(600.0)
    assert last.time_from_release_s == pytest.approx(300.0 / result.ground_speed_mps)
    assert all(group.in_green_zone for group in result.groups)
    crowded = spot(wind=wind, aircraft_airspeed_mps=100.0, groups=9, group_separation_m=2000.0)
    assert "groups-outside-green-zone" in {n.code for n in crowded.notices}


def test_offset_aim_point():
    wind = ConstantWind(270.0, 8.0)
    base = spot(wind=wind, aircraft_airspeed_mps=60.0)
    moved = spot(wind=wind, aircraft_airspeed_mps=60.0, aim_offset_m=(0.0, 500.0))
    assert moved.release_point.north_m - base.release_point.north_m == pytest.approx(500.0)
    assert moved.opening_point.north_m == pytest.approx(500.0)


def test_declination_igrf_against_wmm():
    """IGRF-14 and WMM2015v2 (an independent model and code) agree within 0.3 deg at the
    seed drop zone on 2018-03-10 (both about +2.0 deg, east)."""
    geomag = pytest.importorskip("pygeomag")
    igrf = magnetic_declination_deg(*TARGET, SEED_DAY_UTC_S)
    wmm = geomag.GeoMag(coefficients_file="wmm/WMM_2015v2.COF").calculate(
        glat=TARGET[0], glon=TARGET[1], alt=0.0, time=2018 + 68 / 365
    )
    assert igrf == pytest.approx(wmm.d, abs=0.3)
    assert igrf == pytest.approx(2.0, abs=0.3)
    result = spot(wind=ConstantWind(90.0, 10.0), aircraft_airspeed_mps=60.0)
    assert result.magnetic_declination_deg is None
    assert "no-declination-date" in {n.code for n in result.notices}
    dated = spot(
        wind=ConstantWind(90.0, 10.0), aircraft_airspeed_mps=60.0, exit_time_utc_s=SEED_DAY_UTC_S
    )
    assert dated.jump_run_track_deg_magnetic == pytest.approx(90.0 - igrf)
    far_future = dt.datetime(2045, 1, 1, tzinfo=dt.UTC).timestamp()
    assert magnetic_declination_deg(*TARGET, far_future) is None


def test_locate_against_the_sphere():
    """10 km at bearing 300 from the target: the spherical destination formula agrees
    within 0.5 % (the ellipsoid's radius of curvature differs from the mean radius)."""
    point = locate(*TARGET, 10_000 * np.sin(np.radians(300)), 10_000 * np.cos(np.radians(300)))
    lat1, lon1 = np.radians(TARGET)
    lat2, lon2 = np.radians(point.latitude_deg), np.radians(point.longitude_deg)
    haversine = 2 * np.arcsin(
        np.sqrt(
            np.sin((lat2 - lat1) / 2) ** 2
            + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
        )
    )
    assert EARTH_MEAN_RADIUS_M * haversine == pytest.approx(10_000.0, rel=5e-3)
    assert point.distance_m == pytest.approx(10_000.0)
    assert point.bearing_deg == pytest.approx(300.0)


def test_extrapolated_winds_are_reported():
    wind = LayeredWind((0.0, 5000.0), (270.0, 280.0), (5.0, 15.0), source="short sounding")
    result = spot(wind=wind, aircraft_airspeed_mps=60.0)
    (notice,) = [n for n in result.notices if n.code == "wind-extrapolated"]
    assert notice.values["top_m"] == 5000.0
    assert notice.values["source"] == "short sounding"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"aim": "middle"}, "aim"),
        ({"groups": 0}, "groups"),
        ({"canopy": "wing"}, "canopy"),
        ({"aircraft_airspeed_mps": -1.0}, "airspeed_mps"),
    ],
)
def test_bad_input(kwargs, field):
    with pytest.raises(InputError, match=field):
        spot(wind=ConstantWind(270.0, 5.0), **kwargs)


def test_ellipse_of_a_bivariate_normal():
    """200 m along 045 deg and 50 m across: the 95 % ellipse has semi-axes 2.4477 sigma
    (within 3 % at 20,000 points) and its major axis at 045 deg."""
    rng = np.random.default_rng(3)
    along, across = 200 * rng.standard_normal(20_000), 50 * rng.standard_normal(20_000)
    axis = np.radians(45.0)
    east = along * np.sin(axis) + across * np.cos(axis)
    north = along * np.cos(axis) - across * np.sin(axis)
    e95 = ellipse(east, north, 0.95)
    assert e95.semi_major_m == pytest.approx(2.4477 * 200, rel=0.03)
    assert e95.semi_minor_m == pytest.approx(2.4477 * 50, rel=0.03)
    assert e95.orientation_deg == pytest.approx(45.0, abs=1.0)
    e50 = ellipse(east, north, 0.5)
    assert e50.semi_major_m == pytest.approx(np.sqrt(-2 * np.log(0.5)) * 200, rel=0.03)
    boundary_east, boundary_north = e95.boundary(4)
    major = np.radians(e95.orientation_deg)
    assert boundary_east[0] - e95.center_east_m == pytest.approx(e95.semi_major_m * np.sin(major))
    assert boundary_north[1] - e95.center_north_m == pytest.approx(e95.semi_minor_m * np.sin(major))


HALO_WIND = LayeredWind((0.0, 3048.0, 7620.0), (270.0, 280.0, 290.0), (4.1, 12.9, 23.1))
NO_ERROR = Uncertainty(
    wind=WindError((0.0, 1.0), (0.0, 0.0)),
    cda_relative=0.0,
    exit_time_s=0.0,
    exit_along_track_m=0.0,
    exit_cross_track_m=0.0,
)


def test_dispersion_without_errors_is_the_nominal_jump():
    result = spot(wind=HALO_WIND, aircraft_airspeed_mps=100.0, exit_time_utc_s=SEED_DAY_UTC_S)
    spread = dispersion(result, members=20, seed=1, uncertainty=NO_ERROR)
    np.testing.assert_allclose(spread.deploy_east_m, result.deploy_point.east_m, atol=0.5)
    np.testing.assert_allclose(spread.deploy_north_m, result.deploy_point.north_m, atol=0.5)
    np.testing.assert_allclose(spread.reach_east_m, result.reach_center.east_m, atol=2.0)
    assert spread.p_land_within_radius == 1.0
    assert spread.landing_ellipse_95.semi_major_m < 0.01


def test_dispersion_from_exit_position_error_alone():
    """Only the exit position varies (100 m along the jump run, 50 m across): the whole
    jump moves with it, so the deployment points form the same Gaussian cloud, whose 95 %
    ellipse is 2.4477 x (100 m, 50 m) with its major axis along the jump run."""
    result = spot(wind=HALO_WIND, aircraft_airspeed_mps=100.0)
    errors = Uncertainty(
        wind=WindError((0.0, 1.0), (0.0, 0.0)),
        cda_relative=0.0,
        exit_time_s=0.0,
        exit_along_track_m=100.0,
        exit_cross_track_m=50.0,
    )
    spread = dispersion(result, members=4000, seed=7, uncertainty=errors)
    e95 = spread.deploy_ellipse_95
    assert e95.semi_major_m == pytest.approx(244.77, rel=0.05)
    assert e95.semi_minor_m == pytest.approx(122.4, rel=0.05)
    assert e95.orientation_deg == pytest.approx(result.jump_run_track_deg_true % 180, abs=2.0)


def test_dispersion_from_a_uniform_wind_error():
    """A wind error the same at every altitude (correlation length far above the jump)
    shifts the whole jump by error x time: the deployment points scatter with standard
    deviation sigma x free-fall time in each component (within 5 % at 3,000 members)."""
    result = spot(wind=HALO_WIND, aircraft_airspeed_mps=100.0)
    errors = Uncertainty(
        wind=WindError((0.0, 1.0), (2.0, 2.0), correlation_length_m=1e12),
        cda_relative=0.0,
        exit_time_s=0.0,
        exit_along_track_m=0.0,
        exit_cross_track_m=0.0,
    )
    spread = dispersion(result, members=3000, seed=11, uncertainty=errors)
    expected = 2.0 * result.trajectory.freefall_duration_s
    assert np.std(spread.deploy_east_m) == pytest.approx(expected, rel=0.05)
    assert np.std(spread.deploy_north_m) == pytest.approx(expected, rel=0.05)


def test_probability_in_the_light_and_same_seed():
    """Exit-time error 60 s against a window of +-60 s around the planned exit: the share
    in the light is P(|Z| <= 1) = 0.6827 (within 3 standard errors at 3,000 members)."""
    result = spot(wind=HALO_WIND, aircraft_airspeed_mps=100.0, exit_time_utc_s=SEED_DAY_UTC_S)
    errors = Uncertainty(
        wind=WindError((0.0, 1.0), (0.0, 0.0)),
        cda_relative=0.0,
        exit_time_s=60.0,
        exit_along_track_m=0.0,
        exit_cross_track_m=0.0,
    )
    window = (SEED_DAY_UTC_S - 60.0, SEED_DAY_UTC_S + 60.0)
    spread = dispersion(result, members=3000, seed=5, uncertainty=errors, light_window=window)
    assert spread.p_action_in_light == pytest.approx(0.6827, abs=3 * np.sqrt(0.22 / 3000))
    again = dispersion(result, members=3000, seed=5, uncertainty=errors, light_window=window)
    assert again.p_action_in_light == spread.p_action_in_light
    with pytest.raises(InputError, match="members"):
        dispersion(result, members=5)
    undated = spot(wind=HALO_WIND, aircraft_airspeed_mps=100.0)
    with pytest.raises(InputError, match="light window"):
        dispersion(undated, members=20, light_window=window)


def test_default_dispersion_of_the_halo_jump():
    """With the default errors, a ram-air jumper opening over the target from 25,000 ft
    almost always still reaches it; a round canopy aimed at the target lands far less
    often within 100 m."""
    result = spot(wind=HALO_WIND, aircraft_airspeed_mps=100.0)
    spread = dispersion(result, members=500, seed=2)
    assert spread.p_target_reachable > 0.9
    assert spread.deploy_ellipse_95.semi_major_m > spread.deploy_ellipse_50.semi_major_m
    round_canopy = spot(wind=HALO_WIND, aircraft_airspeed_mps=100.0, canopy="round", aim="landing")
    round_spread = dispersion(round_canopy, members=500, seed=2)
    assert round_spread.p_land_within_radius < spread.p_land_within_radius
    assert round_spread.landing_ellipse_95.semi_major_m > 300.0


def test_docs_winds_example_matches_its_text():
    """docs/winds.md runs, and prints the figures its text quotes (D = K A V against the
    integrated drift, the effective K, the forward throw)."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "winds.md").read_text()
    block = re.findall(r"```python\n(.*?)```", text, re.S)[0]
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(block, "docs/winds.md", "exec"), {})
    drift, rule, k = map(
        float,
        re.findall(r"drift (\d+) m, D = KAV (\d+) m, effective K ([\d.]+)", output.getvalue())[0],
    )
    throw = float(re.findall(r"\): (\d+) m", output.getvalue())[0])
    assert drift == pytest.approx(1660, abs=30)
    assert rule == pytest.approx(1880, abs=10)
    assert k == pytest.approx(2.45, abs=0.03)
    assert throw == pytest.approx(850, abs=30)


def test_a_steady_winds_fall_is_kept_and_the_same_to_the_last_bit(monkeypatch):
    """In a steady wind the members' fall does not depend on their exit times: the same
    jump an hour later is not simulated again, exits an hour later and lands where the
    fall simulated with its exit times lands, to the last bit. A wind that changes with
    time is simulated every time; every answer has arrays of its own."""
    import importlib

    from duskfall.winds import TimeLayeredWind

    module = importlib.import_module("duskfall.release.dispersion")  # not the function
    kept_module = importlib.import_module("duskfall.fall.keep")
    engine = importlib.import_module("duskfall.fall.engine")

    simulated = []
    real = engine._run

    def counted(members, jump, *args):  # the ensembles' runs (not the release points')
        if members.size > 1:
            simulated.append(jump.exit.time_utc_s)
        return real(members, jump, *args)

    monkeypatch.setattr(engine, "_run", counted)
    monkeypatch.setattr(kept_module, "_KEPT", kept_module._Kept())
    first = spot(wind=HALO_WIND, aircraft_airspeed_mps=100.0, exit_time_utc_s=SEED_DAY_UTC_S)
    later = spot(wind=HALO_WIND, aircraft_airspeed_mps=100.0, exit_time_utc_s=SEED_DAY_UTC_S + 3600)
    a = dispersion(first, members=200, seed=3)
    b = dispersion(later, members=200, seed=3)
    assert simulated == [None]
    np.testing.assert_allclose(b.exit_time_utc_s - a.exit_time_utc_s, 3600.0, atol=1e-6)
    names = ("landing_east_m", "landing_north_m", "deploy_east_m", "reach_north_m")
    names += ("freefall_duration_s",)
    for name in names:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    b.reach_north_m[:] = 0.0  # the caller's own arrays: the kept fall is not changed
    with monkeypatch.context() as changing_in_time:  # simulated with the exit times
        changing_in_time.setattr(module, "is_time_dependent", lambda wind: True)
        c = dispersion(later, members=200, seed=3)
    assert simulated[-1] is not None
    for name in names:
        np.testing.assert_array_equal(getattr(c, name), getattr(a, name))
    assert c.p_target_reachable == b.p_target_reachable
    np.testing.assert_array_equal(
        dispersion(first, members=200, seed=3).reach_north_m, a.reach_north_m
    )
    monkeypatch.setattr(kept_module, "KEPT_BYTES", 0)  # too large to keep: simulated
    before = len(simulated)
    dispersion(first, members=200, seed=4)
    dispersion(first, members=200, seed=4)
    assert len(simulated) == before + 2
    monkeypatch.setattr(kept_module, "KEPT_BYTES", 2_000_000)

    noon = SEED_DAY_UTC_S - 4 * 3600.0
    calm = LayeredWind((0.0, 8000.0), (270.0, 270.0), (0.0, 0.0), valid_time_utc_s=noon)
    dusk = LayeredWind(
        HALO_WIND.altitude_m,
        HALO_WIND.direction_from_deg,
        HALO_WIND.speed_mps,
        valid_time_utc_s=SEED_DAY_UTC_S,
    )
    changing = TimeLayeredWind((calm, dusk), reference_time_utc_s=noon)
    moving = spot(wind=changing, aircraft_airspeed_mps=100.0, exit_time_utc_s=SEED_DAY_UTC_S)
    before = len(simulated)
    dispersion(moving, members=50, seed=3)
    dispersion(moving, members=50, seed=3)
    assert len(simulated) == before + 2


def test_the_dispersions_tolerance_moves_no_figure_it_reports(monkeypatch):
    """The members are integrated at DISPERSION_RTOL, ten times a single jump's: against
    the same members at the single jump's tolerance (validated against solve_ivp at
    rtol 1e-10 in tests/test_fall.py), every opening and landing is within a metre,
    every free-fall time within 2 ms, the opening ellipse within 0.1 % and every
    probability the same."""
    import importlib

    from duskfall import fall

    module = importlib.import_module("duskfall.release.dispersion")
    release = spot(wind=HALO_WIND, aircraft_airspeed_mps=100.0, exit_time_utc_s=SEED_DAY_UTC_S)
    window = (SEED_DAY_UTC_S - 20.0, SEED_DAY_UTC_S + 25.0)
    loose = dispersion(release, members=1000, seed=2, light_window=window)
    monkeypatch.setattr(module, "DISPERSION_RTOL", fall.RTOL)
    tight = dispersion(release, members=1000, seed=2, light_window=window)
    for name in ("landing_east_m", "landing_north_m", "deploy_east_m", "deploy_north_m"):
        np.testing.assert_allclose(getattr(loose, name), getattr(tight, name), atol=ONE_METRE)
    two_ms = 2e-3
    np.testing.assert_allclose(loose.freefall_duration_s, tight.freefall_duration_s, atol=two_ms)
    for a, b in ((loose.deploy_ellipse_95, tight.deploy_ellipse_95),
                 (loose.deploy_ellipse_50, tight.deploy_ellipse_50)):  # fmt: skip
        assert a.semi_major_m == pytest.approx(b.semi_major_m, rel=1e-3)
        assert a.semi_minor_m == pytest.approx(b.semi_minor_m, rel=1e-3)
    assert 0.0 < loose.p_action_in_light < 1.0
    for name in ("p_land_within_radius", "p_target_reachable", "p_action_in_light"):
        assert getattr(loose, name) == getattr(tight, name)
