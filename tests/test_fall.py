"""The fall against analytic solutions and against scipy's solve_ivp at tight tolerance.

Authorities: the vacuum fall z = z0 - g t^2 / 2; the tanh law of a fall in air of
constant density, v = v_t tanh(g t / v_t), z = z0 - (v_t^2 / g) ln cosh(g t / v_t); the
terminal speed v_t = sqrt(2 m g / (rho CdA)); drift = wind x time in a uniform wind;
scipy.integrate.solve_ivp (DOP853, rtol 1e-10) on the same equations with the density
of ambiance (the reference 1976 atmosphere, not the integrator's table).
"""

import dataclasses

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from conftest import simulate, simulate_many
from duskfall import atmosphere, fall
from duskfall.atmosphere import UniformAtmosphere, us1976_table
from duskfall.constants import FOOT_M, MPH_MPS
from duskfall.errors import InconsistentInputError, InputError, OutOfRangeError
from duskfall.winds import ConstantWind, LayeredWind

ONE_MILLISECOND = 0.001
TWO_MILLISECONDS = 0.002
TEN_MILLISECONDS = 0.01
FIVE_MM_PER_S = 0.005
TWO_CENTIMETRES = 0.02
FIFTY_MILLISECONDS = 0.05
HALF_METRE = 0.5
ONE_CENTIMETRE = 0.01


# --- Analytic limits ---------------------------------------------------------------------


def test_vacuum_fall_in_air_of_zero_density():
    """(Almost) no air, uniform gravity: 1000 m in sqrt(2000 / g) s, hitting
    sqrt(2 g 1000) m/s. (A density of 1e-12 kg/m^3 leaves drag 1e-11 of the weight and
    keeps the canopy stage defined.)"""
    vacuum = UniformAtmosphere(density=1e-12)
    trajectory = simulate(3000.0, 2000.0, 0.0, cda_m2=0.5, air=vacuum, canopy="round")
    g = vacuum.gravity
    assert trajectory.freefall_duration_s == pytest.approx(np.sqrt(2000 / g), abs=1e-6)
    assert trajectory.max_speed_mps == pytest.approx(np.sqrt(2 * g * 1000), abs=1e-6)
    assert trajectory.max_speed_time_s == pytest.approx(trajectory.freefall_duration_s)


def test_vacuum_limit_in_the_standard_atmosphere():
    """A tiny drag area falls like a stone: 100 m in sqrt(200/g) s (g at mid-height)."""
    trajectory = simulate(1100.0, 1000.0, 0.0, mass_kg=90.0, cda_m2=1e-9)
    g = atmosphere.gravity_mps2(1050.0)
    assert trajectory.freefall_duration_s == pytest.approx(np.sqrt(200 / g), rel=2e-5)


@pytest.fixture(scope="module")
def tanh_case():
    air = UniformAtmosphere(density=1.0)
    mass, cda = 80.0, 0.5
    terminal = np.sqrt(2 * mass * air.gravity / (air.density * cda))
    trajectory = simulate(
        4000.0, 1000.0, 0.0, mass_kg=mass, cda_m2=cda, air=air, sample_interval_s=0.25
    )
    return air, terminal, trajectory


def test_tanh_law_velocity_and_altitude(tanh_case):
    """Constant density and gravity: the samples follow the tanh law to 2 cm and 5 mm/s
    (the integrator's absolute tolerances are 1 cm and 1 mm/s per step)."""
    air, terminal, trajectory = tanh_case
    g = air.gravity
    free = trajectory.stage == 0
    t = trajectory.time_s[free]
    expected_rate = terminal * np.tanh(g * t / terminal)
    expected_altitude = 4000.0 - terminal**2 / g * np.log(np.cosh(g * t / terminal))
    assert np.max(np.abs(trajectory.fall_rate_mps[free] - expected_rate)) < FIVE_MM_PER_S
    assert np.max(np.abs(trajectory.altitude_m[free] - expected_altitude)) < TWO_CENTIMETRES


def test_tanh_law_event_times(tanh_case):
    """Deployment at t = (v_t/g) arccosh(exp(g dz / v_t^2)); 95 % of terminal at
    t = (v_t/g) artanh(0.95)."""
    air, terminal, trajectory = tanh_case
    g = air.gravity
    deploy = terminal / g * np.arccosh(np.exp(g * 3000.0 / terminal**2))
    assert trajectory.freefall_duration_s == pytest.approx(deploy, abs=ONE_MILLISECOND)
    t95 = terminal / g * np.arctanh(0.95)
    assert trajectory.time_to_95_percent_terminal_s == pytest.approx(t95, abs=TWO_MILLISECONDS)


def test_terminal_speed_in_constant_density(tanh_case):
    """After 3000 m the fall rate equals sqrt(2 m g / (rho CdA)) to 1e-4, and never
    exceeds it by more than that (the tanh law approaches it from below; the time of
    the maximum of such a plateau is not defined and not checked)."""
    _, terminal, trajectory = tanh_case
    assert trajectory.max_speed_mps == pytest.approx(terminal, rel=1e-4)
    assert trajectory.fall_rate_mps[trajectory.stage == 0][-1] == pytest.approx(terminal, rel=1e-4)


def test_terminal_speed_at_deployment_in_the_standard_atmosphere():
    """After a minute of free fall the jumper falls at the local terminal speed
    v_t = sqrt(2 m g / (rho CdA)), plus the quasi-steady lag behind a terminal speed that
    falls as the air thickens: v_t^3 / (4 g H) with the density scale height
    H = 1 / (g/(R T) - Gamma/T)."""
    trajectory = simulate(4100.0, 1200.0, 0.0, mass_kg=90.0, cda_m2=0.5)
    end = np.searchsorted(trajectory.time_s, trajectory.freefall_duration_s)
    rho = atmosphere.density_kgpm3(1200.0)
    g = atmosphere.gravity_mps2(1200.0)
    terminal = np.sqrt(2 * 90.0 * g / (rho * 0.5))
    temperature = atmosphere.temperature_k(1200.0)
    scale_height = 1 / (9.80665 / (287.05287 * temperature) - 0.0065 / temperature)
    lag = terminal**3 / (4 * g * scale_height)
    assert lag == pytest.approx(0.46, abs=0.01)
    assert trajectory.fall_rate_mps[end] == pytest.approx(terminal + lag, rel=1e-3)


def test_drift_in_uniform_wind_equals_wind_times_time():
    """With no forward throw in a uniform wind and a round canopy (no airspeed), the
    jumper drifts wind x time exactly (the jumper leaves with the air)."""
    wind = ConstantWind(270.0, 10.0)  # from the west: air moves east at 10 m/s
    trajectory = simulate(4000.0, 1000.0, 0.0, cda_m2=0.5, wind=wind, canopy="round")
    assert trajectory.deploy_east_m == pytest.approx(10.0 * trajectory.freefall_duration_s)
    assert trajectory.landing_east_m == pytest.approx(10.0 * trajectory.landing_time_s, rel=1e-9)
    assert trajectory.landing_north_m == pytest.approx(0.0, abs=1e-9)
    assert np.allclose(trajectory.east_m, 10.0 * trajectory.time_s, rtol=1e-9, atol=1e-6)


def test_ram_air_canopy_flies_at_its_airspeed_over_the_ground():
    """Calm air, canopy heading 090: after the opening, the ground track is east at the
    canopy's airspeed scaled by sqrt(rho0 / rho) (equivalent to true airspeed), and the
    sink rate likewise."""
    canopy = fall.CANOPIES["ram-air"]
    trajectory = simulate(4000.0, 1500.0, 0.0, cda_m2=0.5, canopy_heading_deg=90.0)
    flying = trajectory.stage == 2
    sigma = np.sqrt(1.225 / atmosphere.density_kgpm3(trajectory.altitude_m[flying]))
    assert np.allclose(trajectory.velocity_east_mps[flying], canopy.airspeed_mps * sigma)
    assert np.allclose(trajectory.velocity_up_mps[flying], -canopy.sink_mps * sigma)
    assert np.allclose(trajectory.velocity_north_mps[flying], 0.0, atol=1e-12)


def test_forward_throw_sets_the_exit_velocity():
    """The jumper leaves with the aircraft's true airspeed and heading (plus the wind)."""
    trajectory = simulate(
        4000.0, 1000.0, aircraft_speed_mps=40.0, aircraft_heading_deg=90.0, cda_m2=0.5
    )
    assert trajectory.velocity_east_mps[0] == pytest.approx(40.0)
    assert trajectory.velocity_north_mps[0] == pytest.approx(0.0, abs=1e-12)
    assert trajectory.max_airspeed_mps > 50.0


# --- Convergence against solve_ivp -------------------------------------------------------


def _reference(exit_m, deploy_m, ground_m, mass, cda, speed, heading, wind, canopy_heading):
    """The same model integrated by solve_ivp (DOP853, rtol 1e-10) with ambiance density,
    events by solve_ivp's root finder: deployment, zero vertical acceleration, landing."""
    rise = fall.POSTURES["belly"].drag_rise

    def wind_at(z):
        east, north = wind.velocity_enu_mps(np.atleast_1d(z))
        return float(east[0]), float(north[0])

    def freefall(t, y):
        we, wn = wind_at(y[2])
        rel = np.array([y[3] - we, y[4] - wn, y[5]])
        speed = np.linalg.norm(rel)
        mach = speed / atmosphere.speed_of_sound_mps(y[2])
        k = 0.5 * cda / mass * atmosphere.density_kgpm3(y[2]) * speed * rise.factor(mach)
        accel = -k * rel
        accel[2] -= atmosphere.gravity_mps2(y[2])
        return [y[3], y[4], y[5], *accel]

    def reach_deploy(t, y):
        return y[2] - deploy_m

    reach_deploy.terminal, reach_deploy.direction = True, -1

    def vertical_acceleration(t, y):
        return freefall(t, y)[5]

    vertical_acceleration.direction = 1
    h = np.radians(heading)
    we0, wn0 = wind_at(exit_m)
    y0 = [0.0, 0.0, exit_m, speed * np.sin(h) + we0, speed * np.cos(h) + wn0, 0.0]
    free = solve_ivp(
        freefall, (0, 1000), y0, method="DOP853", rtol=1e-10, atol=1e-9,
        events=[reach_deploy, vertical_acceleration],
    )  # fmt: skip
    t_deploy, y_deploy = free.t_events[0][0], free.y_events[0][0]
    peaks = [(-y[5], t) for t, y in zip(free.t_events[1], free.y_events[1], strict=True)]
    peak = max([*peaks, (-y_deploy[5], t_deploy)])

    canopy = fall.CANOPIES["ram-air"]
    we, wn = wind_at(deploy_m)
    u_deploy = np.array([y_deploy[3] - we, y_deploy[4] - wn, y_deploy[5]])
    unit = np.array([np.sin(np.radians(canopy_heading)), np.cos(np.radians(canopy_heading))])

    def under_canopy(tau, p):
        we, wn = wind_at(p[2])
        sigma = np.sqrt(1.225 / atmosphere.density_kgpm3(p[2]))
        steady = np.array([*(canopy.airspeed_mps * sigma * unit), -canopy.sink_mps * sigma])
        phi = max(0.0, 1.0 - tau / canopy.opening_duration_s)
        u = steady + (u_deploy - steady) * phi
        return [we + u[0], wn + u[1], u[2]]

    def land(tau, p):
        return p[2] - ground_m

    land.terminal, land.direction = True, -1
    opening = solve_ivp(
        under_canopy, (0, canopy.opening_duration_s), y_deploy[:3], method="DOP853",
        rtol=1e-10, atol=1e-9,
    )  # fmt: skip
    flight = solve_ivp(
        under_canopy, (canopy.opening_duration_s, 5000), opening.y[:, -1], method="DOP853",
        rtol=1e-10, atol=1e-9, events=land,
    )  # fmt: skip
    return {
        "freefall_duration_s": t_deploy,
        "deploy_east_m": y_deploy[0],
        "deploy_north_m": y_deploy[1],
        "max_speed_mps": peak[0],
        "max_speed_time_s": peak[1],
        "landing_time_s": t_deploy + flight.t_events[0][0],
        "landing_east_m": flight.y_events[0][0][0],
        "landing_north_m": flight.y_events[0][0][1],
    }


SHEARED = LayeredWind((0.0, 3000.0, 8000.0), (270.0, 250.0, 230.0), (5.0, 15.0, 30.0))
CASES = {
    "25000ft_halo_sheared_wind": (7620.0, 1269.2, 50.0, 90.0, 0.50, 100.0, 270.0, SHEARED, 45.0),
    "sport_4km_uniform_wind": (4000.0, 1000.0, 20.0, 80.0, 0.56, 40.0, 10.0,
                               ConstantWind(200.0, 8.0), 300.0),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_agrees_with_solve_ivp(case):
    """Event times within 0.05 s (in practice milliseconds), positions within 0.5 m, and
    the peak fall rate within 0.01 m/s of solve_ivp at rtol 1e-10."""
    args = CASES[case]
    reference = _reference(*args)
    exit_m, deploy_m, ground_m, mass, cda, speed, heading, wind, canopy_heading = args
    trajectory = simulate(
        exit_m, deploy_m, ground_m, mass_kg=mass, cda_m2=cda, aircraft_speed_mps=speed,
        aircraft_heading_deg=heading, wind=wind, canopy_heading_deg=canopy_heading,
    )  # fmt: skip
    for key in ("freefall_duration_s", "landing_time_s", "max_speed_time_s"):
        assert getattr(trajectory, key) == pytest.approx(reference[key], abs=FIFTY_MILLISECONDS)
    assert trajectory.freefall_duration_s == pytest.approx(
        reference["freefall_duration_s"], abs=TEN_MILLISECONDS
    )
    for key in ("deploy_east_m", "deploy_north_m", "landing_east_m", "landing_north_m"):
        assert getattr(trajectory, key) == pytest.approx(reference[key], abs=HALF_METRE)
    assert trajectory.max_speed_mps == pytest.approx(reference["max_speed_mps"], abs=0.01)


# --- Trajectory contract -----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_jump():
    return simulate(
        25_000 * FOOT_M, 4_000 * FOOT_M + 50.0, 50.0, aircraft_speed_mps=100.0,
        aircraft_heading_deg=270.0, wind=ConstantWind(90.0, 10.0),
    )  # fmt: skip


def test_trajectory_arrays_and_stages(seed_jump):
    t = seed_jump
    n = t.time_s.size
    for name in ("east_m", "north_m", "altitude_m", "velocity_up_mps", "mach", "airspeed_mps"):
        assert getattr(t, name).shape == (n,)
    assert np.all(np.diff(t.time_s) > 0)
    assert list(np.unique(t.stage)) == [0, 1, 2]
    assert np.all(np.diff(t.stage) >= 0)
    assert t.time_s[t.stage == 0][-1] == pytest.approx(t.freefall_duration_s)
    assert t.altitude_m[t.stage == 0][-1] == pytest.approx(t.deploy_altitude_m)
    assert t.time_s[-1] == pytest.approx(t.landing_time_s)
    assert t.altitude_m[-1] == pytest.approx(t.ground_elevation_m)
    opening = fall.CANOPIES["ram-air"].opening_duration_s
    assert t.time_s[t.stage == 1][-1] < t.freefall_duration_s + opening
    assert t.time_s[t.stage == 2][0] == pytest.approx(t.freefall_duration_s + opening)
    for name in ("max_speed_mps", "max_mach", "freefall_duration_s", "landing_time_s"):
        assert isinstance(getattr(t, name), float)


def test_peak_is_located_between_samples(seed_jump):
    """The peak fall rate is at least every sampled fall rate, and within 1 mm/s of the
    densest sampling's maximum (it is found from the integrator's steps, not samples)."""
    t = seed_jump
    assert t.max_speed_mps >= np.max(t.fall_rate_mps[t.stage == 0]) - 1e-9
    dense = simulate(
        25_000 * FOOT_M, 4_000 * FOOT_M + 50.0, 50.0, aircraft_speed_mps=100.0,
        aircraft_heading_deg=270.0, wind=ConstantWind(90.0, 10.0), sample_interval_s=0.01,
    )  # fmt: skip
    assert t.max_speed_mps == pytest.approx(np.max(dense.fall_rate_mps), abs=1e-3)
    peak = np.argmax(dense.fall_rate_mps)
    assert t.max_speed_time_s == pytest.approx(dense.time_s[peak], abs=0.05)


def test_mach_and_dynamic_pressure_use_the_airspeed(seed_jump):
    t = seed_jump
    we, wn = ConstantWind(90.0, 10.0).velocity_enu_mps(t.altitude_m)
    airspeed = np.sqrt(
        (t.velocity_east_mps - we) ** 2 + (t.velocity_north_mps - wn) ** 2 + t.velocity_up_mps**2
    )
    assert np.allclose(t.airspeed_mps, airspeed)
    assert np.allclose(t.mach, airspeed / atmosphere.speed_of_sound_mps(t.altitude_m))
    rho = atmosphere.density_kgpm3(t.altitude_m)
    assert np.allclose(t.dynamic_pressure_pa, 0.5 * rho * airspeed**2)


def test_action_segment_ends_exactly(seed_jump):
    times, altitudes = seed_jump.action_segment()
    assert times[-1] == pytest.approx(seed_jump.freefall_duration_s)
    assert altitudes[-1] == pytest.approx(seed_jump.deploy_altitude_m)
    times, altitudes = seed_jump.action_segment(3000.0)
    assert altitudes[-1] == pytest.approx(3000.0, abs=0.5)
    with pytest.raises(OutOfRangeError):
        seed_jump.action_segment(9000.0)


def test_geodetic_output_against_pymap3d_inverse(seed_jump):
    """Latitude/longitude of the landing point, converted back to ENU by pymap3d, give the
    landing offsets; 1 km north is 0.00904 deg of latitude at 24.4 N (WGS84)."""
    import pymap3d

    lat, lon = seed_jump.geodetic(24.4, 54.6)
    east, north, _ = pymap3d.geodetic2enu(lat[-1], lon[-1], 50.0, 24.4, 54.6, 50.0)
    assert east == pytest.approx(seed_jump.landing_east_m, abs=ONE_CENTIMETRE)
    assert north == pytest.approx(seed_jump.landing_north_m, abs=ONE_CENTIMETRE)
    assert (lat[0], lon[0]) == pytest.approx((24.4, 54.6))
    assert lon[0] == pytest.approx(54.6)


# --- Postures and drag -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("posture", "mph"), [("belly", 120), ("sit", 145), ("head-down", 165), ("track", 100)]
)
def test_posture_terminal_speeds_are_the_quoted_ones(posture, mph):
    assert fall.POSTURES[posture].sea_level_terminal_speed_mps == pytest.approx(mph * MPH_MPS)


def test_every_posture_has_a_source_and_a_plausible_drag_area():
    for posture in fall.POSTURES.values():
        assert len(posture.source) > 40
        assert 0.2 < posture.cda_m2(90.0) < 0.9
    assert set(fall.POSTURES) >= {"belly", "head-down", "sit", "track", "pressure-suit"}


def test_drag_rise_factor_shape():
    rise = fall.DragRise(increase=0.4, mach_start=0.6, mach_end=1.1)
    assert rise.factor(0.3) == 1.0
    assert rise.factor(0.85) == pytest.approx(1.2)
    assert rise.factor(2.0) == pytest.approx(1.4)
    assert np.all(np.diff(rise.factor(np.linspace(0, 2, 50))) >= 0)


def test_a_drag_rise_slows_a_supersonic_fall_only():
    """From 39 km the drag rise lowers the peak speed; from 4 km (Mach 0.2) it changes
    nothing."""
    rising = dataclasses.replace(
        fall.POSTURES["pressure-suit"], name="test", drag_rise=fall.DragRise(increase=0.5)
    )
    fall.POSTURES["test-rise"] = rising
    try:
        for exit_m, deploy_m, effect in ((38969.4, 2566.8, True), (4000.0, 1000.0, False)):
            plain = simulate(exit_m, deploy_m, mass_kg=110, posture="pressure-suit")
            risen = simulate(exit_m, deploy_m, mass_kg=110, posture="test-rise")
            if effect:
                assert risen.max_speed_mps < plain.max_speed_mps - 5.0
            else:
                assert risen.freefall_duration_s == plain.freefall_duration_s
    finally:
        del fall.POSTURES["test-rise"]


def test_stratospheric_exit_is_supersonic_and_says_so():
    trajectory = simulate(38969.4, 2566.8, 1100.0, mass_kg=110, posture="pressure-suit")
    assert trajectory.max_mach > 1.0
    assert "supersonic" in {n.code for n in trajectory.notices}
    assert np.all(np.isfinite(trajectory.altitude_m))


# --- Ensembles ---------------------------------------------------------------------------


def test_one_member_ensemble_is_simulate_jump(seed_jump):
    ensemble = simulate_many(
        25_000 * FOOT_M, 4_000 * FOOT_M + 50.0, 50.0, mass_kg=90.0,
        cda_m2=fall.POSTURES["belly"].cda_m2(90.0), aircraft_speed_mps=100.0,
        aircraft_heading_deg=270.0, wind=ConstantWind(90.0, 10.0),
    )  # fmt: skip
    assert ensemble.size == 1
    for key in ("freefall_duration_s", "max_speed_mps", "landing_time_s", "landing_east_m"):
        assert float(getattr(ensemble, key)[0]) == pytest.approx(getattr(seed_jump, key), abs=1e-9)


def test_ensemble_members_match_single_jumps():
    """Members share the step but keep their own events: each agrees with its own single
    run to well within the solve_ivp tolerance."""
    cda = np.array([0.4, 0.5, 0.6, 0.7])
    exits = np.array([4000.0, 4200.0, 3900.0, 4100.0])
    ensemble = simulate_many(
        exits, 1000.0, 0.0, mass_kg=85.0, cda_m2=cda, aircraft_speed_mps=40.0,
        wind=SHEARED, canopy_heading_deg=np.array([0.0, 90.0, 180.0, 270.0]),
    )  # fmt: skip
    for i in range(cda.size):
        single = simulate(
            exits[i], 1000.0, 0.0, mass_kg=85.0, cda_m2=cda[i], aircraft_speed_mps=40.0,
            wind=SHEARED, canopy_heading_deg=[0.0, 90.0, 180.0, 270.0][i],
        )  # fmt: skip
        assert ensemble.freefall_duration_s[i] == pytest.approx(
            single.freefall_duration_s, abs=1e-3
        )
        assert ensemble.max_speed_mps[i] == pytest.approx(single.max_speed_mps, abs=1e-2)
        assert ensemble.landing_east_m[i] == pytest.approx(single.landing_east_m, abs=0.1)
        assert ensemble.landing_north_m[i] == pytest.approx(single.landing_north_m, abs=0.1)


class RecordingWind:
    """A per-member wind: member i has its own uniform wind; records every call."""

    def __init__(self, east):
        self.east = np.asarray(east, dtype=float)
        self.calls = []

    def velocity_enu_mps(self, altitude_m, time_utc_s=None):
        self.calls.append(
            (np.shape(altitude_m), None if time_utc_s is None else np.shape(time_utc_s))
        )
        return self.east, np.zeros_like(self.east)


def test_wind_contract_all_members_in_order():
    """The engine calls the wind with (N,) altitudes on every call, so a per-member profile
    can index by position; each member then drifts with its own wind (round canopy)."""
    wind = RecordingWind([0.0, 5.0, -5.0])
    ensemble = simulate_many(
        4000.0, 1000.0, mass_kg=80.0, cda_m2=np.full(3, 0.5), wind=wind, canopy="round",
        exit_time_utc_s=1.5e9,
    )  # fmt: skip
    assert wind.calls
    assert all(call == ((3,), (3,)) for call in wind.calls)
    assert ensemble.landing_east_m == pytest.approx(
        np.array([0.0, 5.0, -5.0]) * ensemble.landing_time_s
    )


def test_ensemble_broadcasts_and_returns_n_arrays():
    n = 50
    rng = np.random.default_rng(3)
    ensemble = simulate_many(
        7620.0, 1269.0, 50.0, mass_kg=90.0, cda_m2=rng.normal(0.5, 0.03, n),
        aircraft_speed_mps=100.0,
    )  # fmt: skip
    for name in ("freefall_duration_s", "deploy_east_m", "deploy_north_m", "landing_east_m",
                 "landing_north_m", "landing_time_s", "max_speed_mps"):  # fmt: skip
        value = getattr(ensemble, name)
        assert value.shape == (n,)
        assert np.all(np.isfinite(value))
    assert isinstance(ensemble.notices, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ensemble.max_speed_mps = None


def _without_peaks_case(case):
    from conftest import make_jump

    rng = np.random.default_rng(5)
    if case == "sheared":
        return make_jump(
            7620.0, 1269.0, 50.0, mass_kg=90.0, cda_m2=rng.normal(0.5, 0.03, 200),
            aircraft_speed_mps=100.0, wind=SHEARED,
        )  # fmt: skip
    if case == "stratosphere":  # some members pass Mach 1, some do not
        return make_jump(
            38969.4, 2566.8, 1100.0, mass_kg=110.0, posture="pressure-suit",
            cda_m2=np.linspace(0.3, 3.0, 40),
        )  # fmt: skip
    # low: the fastest members open before 95 % of their terminal speed
    return make_jump(1600.0, 1000.0, 0.0, mass_kg=80.0, cda_m2=np.linspace(0.2, 1.2, 30))


@pytest.mark.parametrize("case", ["sheared", "stratosphere", "low"])
def test_an_ensemble_without_its_peaks_is_the_same_fall(case):
    """peaks=False leaves the peaks out (None) and changes nothing else, to the last bit:
    the openings, landings, drift and reach, and the notices with their values (the
    supersonic notice's peak Mach, the count of members that never reach 95 % of their
    terminal speed: by the tanh law the smallest drag areas need about 15 s and 770 m of
    fall, d = v_t^2/g ln cosh(artanh 0.95), more than the 600 m to their opening)."""
    jump = _without_peaks_case(case)
    full = fall.simulate_ensemble(jump, 1e-5)
    lean = fall.simulate_ensemble(jump, 1e-5, peaks=False)
    peaks = {"max_speed_mps", "max_speed_time_s", "max_speed_altitude_m", "max_airspeed_mps",
             "max_mach", "time_to_95_percent_terminal_s"}  # fmt: skip
    for f in dataclasses.fields(fall.Ensemble):
        if f.name in peaks:
            assert getattr(lean, f.name) is None
        else:
            value, other = getattr(full, f.name), getattr(lean, f.name)
            if isinstance(value, np.ndarray):
                assert np.array_equal(value, other, equal_nan=True), f.name
            else:
                assert value == other, f.name
    assert lean.notices == full.notices
    codes = {n.code for n in full.notices}
    if case == "stratosphere":
        supersonic = full.max_mach > 1.0
        assert 0 < supersonic.sum() < supersonic.size
        assert "supersonic" in codes
    if case == "low":
        never = np.isnan(full.time_to_95_percent_terminal_s)
        assert 0 < never.sum() < never.size
        assert "terminal-not-reached" in codes


def test_the_mach_screen_bounds_the_step_interpolant():
    """Without peaks the Mach number is searched only where max(v0, v1) + 4/27 h (|d0| +
    |d1|) may pass Mach 1: the cubic Hermite basis functions of the end slopes,
    t (1 - t)^2 and t^2 (1 - t), peak at 4/27 (t = 1/3, 2/3), so no interpolant on the
    step rises above that bound; and 4/27 is the least such constant."""
    from duskfall.fall.stages import _CUBIC_BULGE, _cubic_peak

    assert abs(_CUBIC_BULGE - 4.0 / 27.0) < 1e-16
    rng = np.random.default_rng(11)
    n = 200_000
    v0, v1 = rng.uniform(0.0, 400.0, n), rng.uniform(0.0, 400.0, n)
    d0, d1 = rng.normal(0.0, 20.0, n), rng.normal(0.0, 20.0, n)
    h = rng.uniform(0.1, 20.0, n)
    peak, _ = _cubic_peak(v0, v1, d0, d1, h, np.ones(n))
    bound = np.maximum(v0, v1) + _CUBIC_BULGE * h * (np.abs(d0) + np.abs(d1))
    assert np.all(peak <= bound * (1.0 + 1e-12))
    tight, _ = _cubic_peak(np.zeros(1), np.zeros(1), np.ones(1), np.zeros(1), 1.0, np.ones(1))
    assert tight[0] == pytest.approx(4.0 / 27.0, rel=1e-9)


def test_the_mach_screen_looks_up_no_sound_speed_below_the_slowest_of_the_table():
    """Without peaks the sound speeds of a step are looked up only where its bound passes
    the slowest speed of sound of the air's table: for the 1976 standard up to 81.02 km
    that is 281.1 m/s, at the top (ambiance's 1976 standard, at every 10 m); an air
    model without a table screens nothing by it."""
    from ambiance import Atmosphere

    from duskfall.atmosphere import MAX_ALTITUDE_M, MIN_ALTITUDE_M
    from duskfall.fall.stages import _slowest_sound_mps

    altitudes = np.linspace(MIN_ALTITUDE_M, MAX_ALTITUDE_M, 8603)
    slowest = float(np.min(Atmosphere(altitudes).speed_of_sound))
    assert _slowest_sound_mps(us1976_table()) == pytest.approx(slowest, rel=1e-9)
    assert _slowest_sound_mps(us1976_table()) == pytest.approx(281.12, abs=0.01)
    assert _slowest_sound_mps(UniformAtmosphere()) == 0.0


def test_one_bracket_broadcast_to_many_targets_gives_a_root_each():
    """find_crossing takes its float path for one root only: a single bracket with three
    targets gives the three square roots."""
    from duskfall.fall.integrator import find_crossing

    roots = find_crossing(lambda th: th * th, np.zeros(1), np.ones(1), np.array([0.04, 0.25, 0.64]))
    np.testing.assert_allclose(roots, [0.2, 0.5, 0.8], atol=1e-12)


def test_an_ensembles_peaks_flag_must_be_a_bool():
    jump = fall.Jump(fall.Exit(4000.0), 1000.0, fall.Body(80.0, cda_m2=np.array([0.5, 0.6])))
    with pytest.raises(InputError) as refused:
        fall.simulate_ensemble(jump, peaks="no")
    assert refused.value.field == "peaks"
    assert fall.simulate_ensemble(jump, peaks=np.bool_(False)).max_mach is None


@pytest.mark.parametrize(
    ("value_at", "target", "root"),
    [
        (lambda th: th * th, 0.3, np.sqrt(0.3)),  # the square root
        (lambda th: np.cos(th), 0.6, np.arccos(0.6)),
        (lambda th: th**5 + 2.0 * th, 1.5, None),  # a quintic, as a step's interpolant
        (lambda th: th - 1.0, 0.0, 1.0),  # the root at the bracket's end
    ],
)
def test_one_crossing_is_found_as_in_an_ensemble(value_at, target, root):
    """A single bracket (one jump's event) is solved in floats, by the same steps as an
    ensemble's brackets: the same root to the last bit, and the analytic one."""
    from duskfall.fall.integrator import find_crossing

    one = find_crossing(value_at, np.zeros(1), np.ones(1), target)
    two = find_crossing(value_at, np.zeros(2), np.ones(2), target)
    assert one.shape == (1,)
    assert one[0] == two[0] == two[1]
    if root is not None:
        assert one[0] == pytest.approx(root, abs=1e-12)


# --- Bad input ---------------------------------------------------------------------------


class FastWind:
    def velocity_enu_mps(self, altitude_m, time_utc_s=None):
        return np.full(np.shape(altitude_m), 150.0), np.zeros(np.shape(altitude_m))


def _jump(**changes):
    return {"exit_altitude_m": 4000.0, "deploy_altitude_m": 1000.0, **changes}


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        (_jump(exit_altitude_m=1000.0, deploy_altitude_m=1200.0), InconsistentInputError,
         "exit.altitude_m"),
        (_jump(deploy_altitude_m=-10.0), InconsistentInputError, "deploy_altitude_m"),
        (_jump(ground_elevation_m=1500.0), InconsistentInputError, "deploy_altitude_m"),
        (_jump(mass_kg=0.0), OutOfRangeError, "mass"),
        (_jump(mass_kg=-80.0), OutOfRangeError, "mass"),
        (_jump(cda_m2=-1.0), OutOfRangeError, "cda"),
        (_jump(cda_m2=0.0), OutOfRangeError, "cda"),
        (_jump(exit_altitude_m=90_000.0), OutOfRangeError, "exit.altitude_m"),
        (_jump(exit_altitude_m=float("nan")), OutOfRangeError, "exit.altitude_m"),
        (_jump(wind=FastWind()), OutOfRangeError, "wind speed"),
        (_jump(posture="cannonball"), OutOfRangeError, "posture"),
        (_jump(canopy="wingsuit"), OutOfRangeError, "canopy"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field(kwargs, error, field):
    with pytest.raises(error, match=field) as caught:
        simulate(**kwargs)
    assert isinstance(caught.value, InputError)
    assert "allowed" in str(caught.value)


def test_wind_over_250_kt_refused_at_construction():
    with pytest.raises(OutOfRangeError, match="wind speed"):
        ConstantWind(270.0, 129.0)


def test_ensemble_bad_input():
    with pytest.raises(OutOfRangeError, match="ensemble members"):
        simulate_many(4000.0, 1000.0, mass_kg=np.ones(3) * 80, cda_m2=np.ones(4) * 0.5)
    with pytest.raises(OutOfRangeError, match="cda"):
        simulate_many(4000.0, 1000.0, mass_kg=80.0, cda_m2=np.array([0.5, -0.1]))
    with pytest.raises(InconsistentInputError, match=r"exit\.altitude_m"):
        simulate_many(np.array([4000.0, 900.0]), 1000.0, mass_kg=80.0, cda_m2=0.5)


def test_deployment_too_low_for_a_full_opening_is_a_warning():
    trajectory = simulate(2000.0, 60.0, 0.0, cda_m2=0.5)
    assert "landing-before-opening" in {n.code for n in trajectory.notices}
    assert trajectory.altitude_m[-1] == pytest.approx(0.0)


@pytest.mark.parametrize("rtol", [1e-7, 0.01, float("nan"), -1.0])
def test_an_ensembles_tolerance_out_of_range_is_refused(rtol):
    jump = fall.Jump(fall.Exit(4000.0), 1000.0, fall.Body(80.0, cda_m2=np.array([0.5, 0.6])))
    with pytest.raises(InputError) as refused:
        fall.simulate_ensemble(jump, rtol)
    assert refused.value.field == "rtol"


def test_kept_simulations_are_keyed_by_the_function_and_its_arguments(monkeypatch):
    """fall.kept answers the same function of the same jump from its keep, a copy each
    time; the same function with other settings (a functools.partial) is simulated
    afresh, and a function that does not pickle (a lambda) is never kept."""
    import functools
    import importlib

    keep = importlib.import_module("duskfall.fall.keep")
    monkeypatch.setattr(keep, "_KEPT", keep._Kept())
    jump = fall.Jump(fall.Exit(4000.0), 1000.0, fall.Body(80.0, cda_m2=0.56))
    coarse = fall.kept(functools.partial(fall.simulate_jump, sample_interval_s=5.0), jump)
    fine = fall.kept(functools.partial(fall.simulate_jump, sample_interval_s=0.1), jump)
    assert fine.time_s.size > 10 * coarse.time_s.size
    again = fall.kept(functools.partial(fall.simulate_jump, sample_interval_s=5.0), jump)
    np.testing.assert_array_equal(again.time_s, coarse.time_s)
    assert len(keep._KEPT.falls) == 2
    again.east_m[:] = 1e6  # the caller's own copy
    kept_again = fall.kept(functools.partial(fall.simulate_jump, sample_interval_s=5.0), jump)
    np.testing.assert_array_equal(kept_again.east_m, coarse.east_m)
    assert len(keep._KEPT.falls) == 2
    calls = []
    fall.kept(lambda j: calls.append(j) or fall.simulate_jump(j), jump)
    fall.kept(lambda j: calls.append(j) or fall.simulate_jump(j), jump)
    assert len(calls) == 2


def test_a_trajectory_placed_off_the_globe_is_refused():
    trajectory = fall.simulate_jump(
        fall.Jump(fall.Exit(4000.0), deploy_altitude_m=1000.0, body=fall.Body(80.0, "belly"))
    )
    lat, lon = trajectory.geodetic(24.4, 54.6)  # the origin: the ground below the exit
    assert (lat[0], lon[0]) == pytest.approx((24.4, 54.6))
    for place in ((95.0, 0.0), (float("nan"), 0.0), (0.0, 400.0)):
        with pytest.raises(InputError, match="out of range"):
            trajectory.geodetic(*place)
