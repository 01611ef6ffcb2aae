"""Wind profiles: conventions, interpolation, the one-line table, the error model.

Authorities: the meteorological convention (a wind is named by the direction it blows
FROM, WMO-No. 8 Guide to Instruments, ch. 5), hand-computed linear interpolations of the
east/north components, and the definition of the first-order Markov error model
(standard deviation sigma, correlation exp(-dz/L)).
"""

import numpy as np
import pytest

from duskfall.constants import FOOT_M, KNOT_MPS
from duskfall.errors import InputError, OutOfRangeError
from duskfall.winds import (
    ConstantWind,
    LayeredWind,
    PerturbedWind,
    TimeLayeredWind,
    WindError,
    parse_wind_levels,
    perturb,
    wind_components,
    wind_direction_speed,
)

ONE_MM_PER_S = 1e-3


def test_wind_from_west_moves_air_east():
    """'270 at 20 kt' blows from the west: the air moves east at 10.29 m/s."""
    east, north = wind_components(270.0, 20 * KNOT_MPS)
    assert east == pytest.approx(10.2889, abs=1e-4)
    assert north == pytest.approx(0.0, abs=1e-12)
    east, north = wind_components(45.0, 10.0)  # from the north-east: toward the south-west
    assert east == pytest.approx(-10 / np.sqrt(2))
    assert north == pytest.approx(-10 / np.sqrt(2))


@pytest.mark.parametrize("direction", [0.0, 10.0, 90.0, 181.0, 270.0, 359.0])
def test_direction_speed_round_trip(direction):
    east, north = wind_components(direction, 12.0)
    back, speed = wind_direction_speed(east, north)
    assert isinstance(back, float)
    assert back == pytest.approx(direction % 360.0, abs=1e-9) or back == pytest.approx(
        360.0, abs=1e-9
    )
    assert speed == pytest.approx(12.0)


def test_interpolation_is_in_components_not_angles():
    """From 350 at 10 m/s below, from 010 at 10 m/s above: halfway the components average
    to east 0, north -10 cos(10 deg) = -9.848 m/s, a wind from 360 at 9.85 m/s. Averaging
    the angles would give a wind from 180, the opposite direction."""
    wind = LayeredWind((0.0, 1000.0), (350.0, 10.0), (10.0, 10.0))
    east, north = wind.velocity_enu_mps(500.0)
    assert east == pytest.approx(0.0, abs=1e-12)
    assert north == pytest.approx(-10 * np.cos(np.radians(10.0)))
    direction, speed = wind_direction_speed(east, north)
    assert min(direction, 360 - direction) == pytest.approx(0.0, abs=1e-9)
    assert speed == pytest.approx(9.848, abs=1e-3)


def test_scalar_in_scalar_out_and_broadcast():
    wind = LayeredWind((0.0, 1000.0), (270.0, 270.0), (0.0, 10.0))
    east, _north = wind.velocity_enu_mps(250.0)
    assert isinstance(east, float)
    assert east == pytest.approx(2.5)
    east, _ = wind.velocity_enu_mps(np.array([[0.0, 500.0, 2000.0]]))
    assert east.shape == (1, 3)
    np.testing.assert_allclose(east, [[0.0, 5.0, 10.0]])
    east, _ = ConstantWind(270.0, 5.0).velocity_enu_mps(np.zeros(4))
    assert east.shape == (4,)


def test_extrapolation_is_reported():
    wind = LayeredWind((100.0, 5000.0), (270.0, 280.0), (5.0, 20.0), source="test table")
    assert wind.coverage_notices(100.0, 5000.0) == ()
    (notice,) = wind.coverage_notices(50.0, 7620.0)
    assert notice.code == "wind-extrapolated"
    assert (notice.values["bottom_m"], notice.values["top_m"]) == (100.0, 5000.0)
    assert (notice.values["low_m"], notice.values["high_m"]) == (50.0, 7620.0)


@pytest.mark.parametrize(
    ("speeds", "field"), [((5.0, 128.7), "wind speed"), ((5.0, -1.0), "wind speed")]
)
def test_winds_over_250_kt_are_refused(speeds, field):
    """250 kt is 128.6 m/s (1 kt = 1852/3600 m/s): a level faster than that is refused."""
    with pytest.raises(OutOfRangeError, match=field):
        LayeredWind((0.0, 1000.0), (270.0, 270.0), speeds)
    with pytest.raises(OutOfRangeError):
        ConstantWind(270.0, 150.0)
    assert ConstantWind(270.0, 128.6).speed_mps == 128.6


def test_levels_must_increase():
    with pytest.raises(OutOfRangeError, match="wind altitudes"):
        LayeredWind((1000.0, 0.0), (270.0, 270.0), (5.0, 5.0))


def test_one_line_table():
    """0 ft: 270@8kt, 10000 ft: 280@25kt; at 5000 ft the components are the means."""
    wind = parse_wind_levels("10000ft:280@25kt, 0ft:270@8kt,25000ft:290@45kt")
    assert wind.altitude_m == pytest.approx((0.0, 10000 * FOOT_M, 25000 * FOOT_M))
    e0, n0 = wind_components(270.0, 8 * KNOT_MPS)
    e1, n1 = wind_components(280.0, 25 * KNOT_MPS)
    east, north = wind.velocity_enu_mps(5000 * FOOT_M)
    assert east == pytest.approx((e0 + e1) / 2, abs=ONE_MM_PER_S)
    assert north == pytest.approx((n0 + n1) / 2, abs=ONE_MM_PER_S)
    assert "command line" in wind.source


def test_one_line_table_may_end_in_a_comma():
    assert parse_wind_levels("0ft:270@8kt,10000ft:280@25kt,").altitude_m == pytest.approx(
        (0.0, 10000 * FOOT_M)
    )
    assert parse_wind_levels("270@5kt,").speed_mps == parse_wind_levels("270@5kt").speed_mps


def test_one_line_table_agl():
    wind = parse_wind_levels("0ftAGL:270@8kt,3000ftAGL:280@20kt", ground_elevation_m=50.0)
    assert wind.altitude_m == pytest.approx((50.0, 50.0 + 3000 * FOOT_M))


@pytest.mark.parametrize(
    "text",
    [
        "0ft270@8kt",
        "0ft:270@8kt,1000ft:270@260kt",
        "0ft:270@8kt,0m:280@5kt",
        "",
        "0ft:400@5kt",
        "0ft:270@8kt,,10000ft:280@25kt",  # a level left out, not read past
    ],
)
def test_one_line_table_bad(text):
    with pytest.raises(InputError, match="--wind"):
        parse_wind_levels(text)


def test_time_interpolation():
    """Between valid times 12:00 and 18:00, at 13:30 the wind is 3/4 of the first and 1/4
    of the second."""
    t0, t1 = 1_520_683_200.0, 1_520_704_800.0
    a = LayeredWind((0.0, 8000.0), (270.0, 270.0), (4.0, 20.0), valid_time_utc_s=t0)
    b = LayeredWind((10.0, 8100.0), (270.0, 270.0), (8.0, 40.0), valid_time_utc_s=t1)
    wind = TimeLayeredWind((a, b), reference_time_utc_s=t0 + 5400.0)
    east, _ = wind.velocity_enu_mps(8000.0)
    expected_b = 8.0 + (40.0 - 8.0) * (8000.0 - 10.0) / 8090.0
    assert east == pytest.approx(0.75 * 20.0 + 0.25 * expected_b)
    east, _ = wind.velocity_enu_mps(np.array([8000.0, 8000.0]), np.array([t0, t1]))
    np.testing.assert_allclose(east, [20.0, expected_b])
    assert wind.time_notices(t0, t1) == ()
    assert wind.time_notices(t0, t1 + 60.0)[0].code == "wind-time-extrapolated"
    with pytest.raises(OutOfRangeError):
        TimeLayeredWind((a, b), reference_time_utc_s=t1 + 1.0)


def test_error_model_statistics():
    """Sampled errors reproduce the model: sigma at each level (2.5 % at 20,000 members:
    the standard error of a standard deviation is sigma / sqrt(2 N) = 0.5 %) and the
    correlation exp(-1) = 0.368 one correlation length apart (standard error 0.006)."""
    error = WindError((0.0, 10_000.0), (1.0, 3.0), correlation_length_m=2000.0)
    east, north = error.sample([0.0, 5000.0, 7000.0], 20_000, np.random.default_rng(1))
    np.testing.assert_allclose(east.std(axis=0), [1.0, 2.0, 2.4], rtol=0.025)
    np.testing.assert_allclose(north.std(axis=0), [1.0, 2.0, 2.4], rtol=0.025)
    correlation = np.corrcoef(east[:, 1], east[:, 2])[0, 1]
    assert correlation == pytest.approx(np.exp(-1.0), abs=0.025)
    assert abs(np.corrcoef(east[:, 1], north[:, 1])[0, 1]) < 0.03


def test_same_seed_same_draw():
    a = perturb(ConstantWind(270, 5), WindError(), 10, 42, 0.0, 8000.0)
    b = perturb(ConstantWind(270, 5), WindError(), 10, 42, 0.0, 8000.0)
    np.testing.assert_array_equal(a.east_error_mps, b.east_error_mps)


def test_perturbed_wind_indexes_members_by_position():
    """Member i gets the base wind plus its own error, interpolated at its own altitude."""
    levels = np.array([0.0, 1000.0])
    east_error = np.array([[1.0, 3.0], [-2.0, -2.0], [0.0, 10.0]])
    wind = PerturbedWind(ConstantWind(270.0, 5.0), levels, east_error, np.zeros((3, 2)))
    east, north = wind.velocity_enu_mps(np.array([500.0, 0.0, 250.0]))
    np.testing.assert_allclose(east, [5.0 + 2.0, 5.0 - 2.0, 5.0 + 2.5])
    np.testing.assert_allclose(north, 0.0, atol=1e-12)
    member = wind.member(2)
    assert member.velocity_enu_mps(1000.0)[0] == pytest.approx(15.0)
    with pytest.raises(InputError):
        wind.velocity_enu_mps(np.array([1.0, 2.0]))


def test_natural_cubic_spline_against_scipy():
    """The error profiles' spline is scipy's natural cubic spline (an independent
    implementation), for uneven knots and complex values, all columns at once."""
    from scipy.interpolate import CubicSpline

    from duskfall.winds import natural_cubic_spline

    rng = np.random.default_rng(5)
    knots = np.cumsum(rng.uniform(100.0, 400.0, 9))
    values = rng.standard_normal((9, 4)) + 1j * rng.standard_normal((9, 4))
    reference = CubicSpline(knots, values, bc_type="natural").c  # highest power first
    for ours, theirs in zip(natural_cubic_spline(knots, values), reference[::-1], strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)


def test_perturbed_wind_is_the_spline_through_each_members_errors():
    """At the levels every member gets its drawn error, between them scipy's natural
    spline of its own errors (at its own altitude, in member order), held beyond; one
    member on its own (``member``) is the same wind at any altitudes."""
    from scipy.interpolate import CubicSpline

    levels = np.linspace(0.0, 3000.0, 13)
    wind = perturb(ConstantWind(270.0, 5.0), WindError(), 6, 3, 0.0, 3000.0)
    np.testing.assert_allclose(wind.levels_m, levels)
    z = np.array([0.0, 250.0, 1234.5, 2999.0, 3500.0, -40.0])
    east, north = wind.velocity_enu_mps(z)
    for i in range(6):
        splines = [CubicSpline(levels, e[i], bc_type="natural") for e in
                   (wind.east_error_mps, wind.north_error_mps)]  # fmt: skip
        held = np.clip(z[i], 0.0, 3000.0)
        assert east[i] == pytest.approx(5.0 + float(splines[0](held)), abs=1e-12)
        assert north[i] == pytest.approx(float(splines[1](held)), abs=1e-12)
        alone = wind.member(i).velocity_enu_mps(z)
        np.testing.assert_allclose(alone[0], 5.0 + splines[0](np.clip(z, 0.0, 3000.0)))
    at_levels = wind.velocity_enu_mps(np.full(6, levels[4]))
    np.testing.assert_allclose(at_levels[0], 5.0 + wind.east_error_mps[:, 4], atol=1e-12)


def test_a_perturbed_wind_keeps_its_own_errors_and_refuses_a_missing_member():
    """The drawn errors are the wind's own, read-only copies (its splines and the digest
    of a kept fall are made from them); a member out of range is an IndexError, as in a
    list; the wind pickles back equal."""
    import pickle

    levels = np.array([0.0, 1000.0, 2000.0])
    east = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 5.0]])
    wind = PerturbedWind(ConstantWind(270.0, 5.0), levels, east, np.zeros((2, 3)))
    before = wind.velocity_enu_mps(np.array([1500.0, 1500.0]))[0].copy()
    east[:] = 99.0
    np.testing.assert_array_equal(wind.velocity_enu_mps(np.array([1500.0, 1500.0]))[0], before)
    with pytest.raises(ValueError, match="read-only"):
        wind.east_error_mps[0, 0] = 1.0
    assert wind.member(-1).east_error_mps.tolist() == [[0.0, 0.0, 5.0]]
    for index in (2, -3):
        with pytest.raises(IndexError):
            wind.member(index)
    again = pickle.loads(pickle.dumps(wind))
    np.testing.assert_array_equal(again.east_error_mps, wind.east_error_mps)
    np.testing.assert_array_equal(
        again.velocity_enu_mps(np.array([700.0, 1800.0]))[0],
        wind.velocity_enu_mps(np.array([700.0, 1800.0]))[0],
    )
