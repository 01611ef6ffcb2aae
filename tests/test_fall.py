"""The fall against analytic solutions.

Authorities: the vacuum fall z = z0 - g t^2 / 2; the terminal speed
v_t = sqrt(2 m g / (rho CdA)) with rho from the 1976 standard.
"""

import numpy as np
import pytest

from duskfall import atmosphere, fall
from duskfall.errors import InputError
from duskfall.winds import ConstantWind


def test_vacuum_limit():
    """A tiny drag area falls like a stone in vacuum: 100 m in sqrt(200/g) s."""
    trajectory = fall.simulate_jump(1100.0, 1000.0, 0.0, mass_kg=90.0, cda_m2=1e-9)
    g = atmosphere.gravity_mps2(1050.0)
    assert trajectory.freefall_duration_s == pytest.approx(np.sqrt(200 / g), rel=2e-5)


def test_terminal_speed_at_deployment():
    """After a minute of free fall the jumper falls at the local terminal speed
    v_t = sqrt(2 m g / (rho CdA)), plus the quasi-steady lag behind a terminal speed that
    falls as the air thickens: relaxation time v_t / (2 g) times dv_t/dt = v_t^2 / (2 H),
    i.e. v_t^3 / (4 g H) with the density scale height H = 1 / (g/(R T) - Gamma/T)."""
    trajectory = fall.simulate_jump(4100.0, 1200.0, 0.0, mass_kg=90.0, cda_m2=0.5)
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
    """With no forward throw in a uniform wind, the jumper drifts wind x time (exactly,
    once the exit's still-air start is accounted: the jumper leaves with the air)."""
    wind = ConstantWind(270.0, 10.0)  # from the west: air moves east at 10 m/s
    trajectory = fall.simulate_jump(4000.0, 1000.0, 0.0, cda_m2=0.5, wind=wind, canopy="round")
    assert trajectory.east_m[-1] == pytest.approx(10.0 * trajectory.landing_time_s, rel=1e-6)
    assert trajectory.north_m[-1] == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"exit_altitude_m": 1000.0, "deploy_altitude_m": 1200.0}, "exit altitude"),
        ({"exit_altitude_m": 4000.0, "deploy_altitude_m": -10.0}, "deploy altitude"),
        ({"exit_altitude_m": 4000.0, "deploy_altitude_m": 1000.0, "mass_kg": 0.0}, "mass"),
        ({"exit_altitude_m": 4000.0, "deploy_altitude_m": 1000.0, "cda_m2": -1.0}, "cda"),
    ],
)
def test_bad_input(kwargs, field):
    with pytest.raises(InputError, match=field):
        fall.simulate_jump(**kwargs)
