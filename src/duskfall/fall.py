"""The fall: a point mass with drag through the standard atmosphere and the wind.

Equation of motion in a local East-North-Up frame centred under the exit point::

    m dv/dt = -m g(z) e_up - 1/2 rho(z) CdA |v - w| (v - w)

with ``g(z)`` from the inverse-square law, ``rho(z)`` from the 1976 standard atmosphere
and ``w(z)`` the wind. The jump runs in stages separated by stop events found to a
fraction of a millisecond by the integrator's dense output:

1. free fall, from exit (with the aircraft's true airspeed as forward throw) down to the
   deployment altitude;
2. deployment: the canopy opens over a few seconds and a few hundred feet;
3. canopy flight to the ground at a steady sink rate, drifting with the wind.

References
----------
Postures' drag areas are expressed through the sea-level terminal speed they give; see
:data:`POSTURES` for each source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.integrate import solve_ivp

from duskfall import atmosphere
from duskfall.atmosphere import SEA_LEVEL_DENSITY_KGPM3
from duskfall.constants import STANDARD_GRAVITY_MPS2
from duskfall.errors import InconsistentInputError, OutOfRangeError
from duskfall.winds import ConstantWind, WindProfile


@dataclass(frozen=True)
class Posture:
    """A body position in free fall, described by its drag area per unit mass."""

    name: str
    cda_per_kg_m2: float
    """Drag area per kilogram of jumper and equipment [m^2/kg]."""
    source: str
    """Where the value comes from."""

    def cda_m2(self, mass_kg: float) -> float:
        """Drag area [m^2] for a jumper of ``mass_kg`` [kg] with equipment."""
        return self.cda_per_kg_m2 * mass_kg


def _cda_per_kg_for_terminal_speed(speed_mps: float) -> float:
    """CdA/m [m^2/kg] that gives terminal speed ``speed_mps`` in sea-level standard air."""
    return 2.0 * STANDARD_GRAVITY_MPS2 / (SEA_LEVEL_DENSITY_KGPM3 * speed_mps**2)


_MPH = 0.44704

#: Body positions by name. Values are the drag area per kg that gives the posture's
#: commonly quoted sea-level terminal speed.
POSTURES: dict[str, Posture] = {
    "belly": Posture(
        "belly",
        _cda_per_kg_for_terminal_speed(120 * _MPH),
        "120 mph sea-level terminal speed, belly-to-earth (USPA Skydiver's Information "
        "Manual, sec. 'Freefall'; the common reference value)",
    ),
    "sit": Posture(
        "sit",
        _cda_per_kg_for_terminal_speed(145 * _MPH),
        "about 145 mph sea-level terminal speed in a sit-fly position (freefly coaching "
        "literature; midway in the usual 130-160 mph range)",
    ),
    "head-down": Posture(
        "head-down",
        _cda_per_kg_for_terminal_speed(165 * _MPH),
        "about 165 mph sea-level terminal speed head-down (freefly literature, 150-180 mph)",
    ),
    "track": Posture(
        "track",
        _cda_per_kg_for_terminal_speed(100 * _MPH),
        "about 100 mph vertical speed in a flat track (tracking literature, 90-110 mph)",
    ),
}

STAGE_NAMES = ("freefall", "deployment", "canopy")
"""Stage codes used in :attr:`Trajectory.stage`: 0 free fall, 1 deployment, 2 canopy."""

DEPLOYMENT_DURATION_S = 5.0
"""Duration of the opening, from the pull to a flying canopy [s]. The FlySight reference
logs show 5.6-8.2 s and 160-178 m from the start of deceleration to a steady descent."""

CANOPY_SINK_MPS = 5.0
"""Steady sink rate of a ram-air canopy in full flight [m/s] (typical 4-6 m/s for sport
canopies at moderate wing loading)."""


@dataclass(frozen=True)
class Trajectory:
    """A simulated jump, sampled in time from exit to landing.

    Positions are in a local East-North-Up frame with its origin on the ground below the
    exit point. Times are seconds after exit.
    """

    time_s: np.ndarray
    east_m: np.ndarray
    north_m: np.ndarray
    altitude_m: np.ndarray
    """Geometric altitude [m MSL]."""
    velocity_east_mps: np.ndarray
    velocity_north_mps: np.ndarray
    velocity_up_mps: np.ndarray
    stage: np.ndarray
    """0 free fall, 1 deployment, 2 canopy (see STAGE_NAMES)."""
    freefall_duration_s: float
    """Time from exit to the deployment altitude [s]."""
    landing_time_s: float
    """Time from exit to touchdown [s]."""
    warnings: tuple[str, ...] = field(default=())

    @property
    def speed_mps(self) -> np.ndarray:
        """Ground-relative speed [m/s]."""
        return np.sqrt(
            self.velocity_east_mps**2 + self.velocity_north_mps**2 + self.velocity_up_mps**2
        )

    @property
    def mach(self) -> np.ndarray:
        """Speed over the speed of sound at the same altitude (ground-relative speed)."""
        return self.speed_mps / atmosphere.speed_of_sound_mps(self.altitude_m)

    @property
    def dynamic_pressure_pa(self) -> np.ndarray:
        """1/2 rho v^2 [Pa] with the ground-relative speed."""
        return 0.5 * atmosphere.density_kgpm3(self.altitude_m) * self.speed_mps**2

    @property
    def fall_rate_mps(self) -> np.ndarray:
        """Vertical speed, positive down [m/s]."""
        return -self.velocity_up_mps

    def _peak(self) -> int:
        freefall = self.stage == 0
        return int(np.argmax(np.where(freefall, self.fall_rate_mps, -np.inf)))

    @property
    def max_speed_mps(self) -> float:
        """Peak free-fall speed [m/s]: the fastest fall rate (vertical speed)."""
        return float(self.fall_rate_mps[self._peak()])

    @property
    def max_airspeed_mps(self) -> float:
        """Peak speed through the air in free fall [m/s], forward throw included."""
        return float(np.max(self.speed_mps[self.stage == 0]))

    @property
    def max_speed_time_s(self) -> float:
        """Time after exit of the peak fall rate [s]."""
        return float(self.time_s[self._peak()])

    @property
    def max_speed_altitude_m(self) -> float:
        """Altitude of the peak fall rate [m MSL]."""
        return float(self.altitude_m[self._peak()])

    @property
    def max_mach(self) -> float:
        """Peak Mach number in free fall."""
        return float(np.max(self.mach[self.stage == 0]))

    def action_segment(self, end_altitude_m: float | None = None):
        """Times [s] and altitudes [m] from exit down to ``end_altitude_m``.

        By default the segment ends at deployment. The last sample is interpolated to lie
        exactly at the end altitude.
        """
        if end_altitude_m is None:
            end_time = self.freefall_duration_s
        else:
            below = np.nonzero(self.altitude_m <= end_altitude_m)[0]
            if below.size == 0:
                raise OutOfRangeError(
                    "action end altitude", end_altitude_m, "an altitude the jumper passes"
                )
            i = below[0]
            end_time = float(
                np.interp(
                    end_altitude_m,
                    self.altitude_m[i - 1 : i + 1][::-1],
                    self.time_s[i - 1 : i + 1][::-1],
                )
            )
        keep = self.time_s < end_time
        times = np.append(self.time_s[keep], end_time)
        altitudes = np.append(
            self.altitude_m[keep], np.interp(end_time, self.time_s, self.altitude_m)
        )
        return times, altitudes


def _freefall_rhs(mass_kg: float, cda_m2: float, wind: WindProfile):
    def rhs(t, state):
        _, _, z, ve, vn, vu = state
        we, wn = wind.velocity_enu_mps(z)
        rel = np.array([ve - float(we), vn - float(wn), vu])
        drag = 0.5 * atmosphere.density_kgpm3(z) * cda_m2 * np.linalg.norm(rel) / mass_kg
        g = atmosphere.gravity_mps2(z)
        return [ve, vn, vu, -drag * rel[0], -drag * rel[1], -g - drag * rel[2]]

    return rhs


def simulate_jump(
    exit_altitude_m: float,
    deploy_altitude_m: float,
    ground_elevation_m: float = 0.0,
    mass_kg: float = 90.0,
    cda_m2: float | None = None,
    posture: str = "belly",
    aircraft_speed_mps: float = 0.0,
    aircraft_heading_deg: float = 0.0,
    wind: WindProfile | None = None,
    sample_interval_s: float = 0.5,
) -> Trajectory:
    """Simulate one jump from exit to landing.

    Parameters
    ----------
    exit_altitude_m
        Exit altitude [m MSL].
    deploy_altitude_m
        Altitude at which deployment starts [m MSL]; below the exit, above the ground.
    ground_elevation_m
        Elevation of the landing area [m MSL].
    mass_kg
        Mass of jumper and equipment [kg].
    cda_m2
        Drag area [m^2]; by default from ``posture`` and ``mass_kg``.
    posture
        Key of :data:`POSTURES`.
    aircraft_speed_mps
        True airspeed of the aircraft at exit [m/s]: the forward throw. 0 for a balloon.
    aircraft_heading_deg
        True heading of the aircraft at exit [deg].
    wind
        A wind profile (:mod:`duskfall.winds`); calm by default.
    sample_interval_s
        Spacing of the output samples [s]; events are added exactly.

    Returns
    -------
    Trajectory

    Raises
    ------
    OutOfRangeError, InconsistentInputError
        For a non-positive mass or drag area, or altitudes out of order.
    """
    if not (np.isfinite(mass_kg) and mass_kg > 0):
        raise OutOfRangeError("mass", mass_kg, "a positive mass in kg")
    if posture not in POSTURES:
        raise OutOfRangeError("posture", posture, ", ".join(POSTURES))
    if cda_m2 is None:
        cda_m2 = POSTURES[posture].cda_m2(mass_kg)
    if not (np.isfinite(cda_m2) and cda_m2 > 0):
        raise OutOfRangeError("cda", cda_m2, "a positive drag area in m^2")
    if deploy_altitude_m <= ground_elevation_m:
        raise InconsistentInputError(
            "deploy altitude",
            deploy_altitude_m,
            f"above the ground elevation ({ground_elevation_m:.0f} m MSL)",
            "is at or below the ground",
        )
    if exit_altitude_m <= deploy_altitude_m:
        raise InconsistentInputError(
            "exit altitude",
            exit_altitude_m,
            f"above the deployment altitude ({deploy_altitude_m:.0f} m MSL)",
            "is at or below the deployment altitude",
        )
    atmosphere.density_kgpm3(exit_altitude_m)  # range check
    wind = wind or ConstantWind()

    heading = np.radians(aircraft_heading_deg)
    we0, wn0 = (float(c) for c in wind.velocity_enu_mps(exit_altitude_m))
    state0 = [
        0.0,
        0.0,
        exit_altitude_m,
        aircraft_speed_mps * np.sin(heading) + we0,
        aircraft_speed_mps * np.cos(heading) + wn0,
        0.0,
    ]

    def reach_deploy(t, state):
        return state[2] - deploy_altitude_m

    reach_deploy.terminal = True
    reach_deploy.direction = -1

    freefall = solve_ivp(
        _freefall_rhs(mass_kg, cda_m2, wind),
        (0.0, 3600.0),
        state0,
        method="DOP853",
        rtol=1e-9,
        atol=1e-6,
        dense_output=True,
        events=reach_deploy,
    )
    t_deploy = float(freefall.t_events[0][0])
    times = np.append(np.arange(0.0, t_deploy, sample_interval_s), t_deploy)
    states = freefall.sol(times)
    states[2, -1] = deploy_altitude_m

    # Deployment: vertical speed relaxes linearly to the canopy sink rate over the
    # opening; horizontal motion relaxes to the wind.
    _, _, z_d, ve_d, vn_d, vu_d = states[:, -1]
    tau = np.linspace(0.0, DEPLOYMENT_DURATION_S, 11)[1:]
    frac = tau / DEPLOYMENT_DURATION_S
    vu = vu_d + (-CANOPY_SINK_MPS - vu_d) * frac
    z_open = z_d + vu_d * tau + (-CANOPY_SINK_MPS - vu_d) * tau**2 / (2 * DEPLOYMENT_DURATION_S)
    we_d, wn_d = (float(c) for c in wind.velocity_enu_mps(z_d))
    ve = ve_d + (we_d - ve_d) * frac
    vn = vn_d + (wn_d - vn_d) * frac
    e_open = states[0, -1] + ve_d * tau + (we_d - ve_d) * tau**2 / (2 * DEPLOYMENT_DURATION_S)
    n_open = states[1, -1] + vn_d * tau + (wn_d - vn_d) * tau**2 / (2 * DEPLOYMENT_DURATION_S)
    if z_open[-1] <= ground_elevation_m:
        raise InconsistentInputError(
            "deploy altitude",
            deploy_altitude_m,
            "high enough for the canopy to open above the ground",
            "leaves no room to open",
        )

    # Canopy: steady sink, drifting with the wind, integrated in altitude steps.
    z_canopy = np.append(
        np.arange(z_open[-1], ground_elevation_m, -CANOPY_SINK_MPS * 2.0)[1:], ground_elevation_m
    )
    z_all = np.concatenate([[z_open[-1]], z_canopy])
    dt = -np.diff(z_all) / CANOPY_SINK_MPS
    we_c, wn_c = wind.velocity_enu_mps(0.5 * (z_all[1:] + z_all[:-1]))
    e_canopy = e_open[-1] + np.cumsum(we_c * dt)
    n_canopy = n_open[-1] + np.cumsum(wn_c * dt)
    t_canopy = t_deploy + DEPLOYMENT_DURATION_S + np.cumsum(dt)
    we_end, wn_end = wind.velocity_enu_mps(z_canopy)

    trajectory = Trajectory(
        time_s=np.concatenate([times, t_deploy + tau, t_canopy]),
        east_m=np.concatenate([states[0], e_open, e_canopy]),
        north_m=np.concatenate([states[1], n_open, n_canopy]),
        altitude_m=np.concatenate([states[2], z_open, z_canopy]),
        velocity_east_mps=np.concatenate([states[3], ve, we_end]),
        velocity_north_mps=np.concatenate([states[4], vn, wn_end]),
        velocity_up_mps=np.concatenate([states[5], vu, np.full(z_canopy.size, -CANOPY_SINK_MPS)]),
        stage=np.concatenate(
            [np.zeros(times.size, int), np.ones(tau.size, int), np.full(z_canopy.size, 2)]
        ),
        freefall_duration_s=t_deploy,
        landing_time_s=float(t_canopy[-1]),
    )
    warnings = []
    if trajectory.max_mach > 0.8:
        warnings.append(f"peak Mach {trajectory.max_mach:.2f}: transonic drag rise is not modelled")
    if warnings:
        trajectory = Trajectory(**{**trajectory.__dict__, "warnings": tuple(warnings)})
    return trajectory
