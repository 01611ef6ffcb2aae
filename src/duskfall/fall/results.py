"""Results of the fall engine: a sampled :class:`Trajectory` and an :class:`Ensemble` of
members' summary figures."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from duskfall.errors import OutOfRangeError, check_range
from duskfall.fall.jump import Jump
from duskfall.notices import Notice

STAGE_NAMES = ("freefall", "deployment", "canopy")
"""Stage codes used in :attr:`Trajectory.stage`: 0 free fall, 1 deployment, 2 canopy."""


@dataclass(frozen=True)
class Trajectory:
    """A simulated jump, sampled in time from exit to landing.

    Positions are in a local East-North-Up frame with its origin on the ground (at the
    ground elevation) below the exit point, unless an exit offset was given. Times are
    seconds after exit. Samples fall on a regular grid (``sample_interval_s``) plus the
    exact event times (deployment, end of the opening, landing).

    The trajectory keeps the :class:`~duskfall.fall.Jump` that produced it, so that every
    figure derived from it (the release point, the dispersion, the figures) reads the
    same exit, body, canopy and wind.
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
    airspeed_mps: np.ndarray
    """Speed through the air, |v - w| [m/s]."""
    mach: np.ndarray
    """Airspeed over the local speed of sound."""
    dynamic_pressure_pa: np.ndarray
    """1/2 rho |v - w|^2 [Pa]."""
    freefall_duration_s: float
    """Time from exit to the deployment altitude [s]."""
    landing_time_s: float
    """Time from exit to touchdown [s]."""
    max_speed_mps: float
    """Peak free-fall fall rate (vertical speed, positive down) [m/s], located between
    integrator steps by Hermite interpolation."""
    max_speed_time_s: float
    """Time after exit of the peak fall rate [s]."""
    max_speed_altitude_m: float
    """Altitude of the peak fall rate [m MSL]."""
    max_airspeed_mps: float
    """Peak airspeed in free fall, forward throw included [m/s], from the integrated
    trajectory (its Hermite interpolant, sampled every 0.05 s or finer)."""
    max_mach: float
    """Peak Mach number in free fall, from the same samples."""
    time_to_95_percent_terminal_s: float | None
    """First time the fall rate reaches 95 % of the local still-air terminal speed
    sqrt(2 m g / (rho CdA)) [s]; None if it never does."""
    deploy_east_m: float
    deploy_north_m: float
    opening_time_s: float
    """Time after exit when the canopy is fully open and flying (end of deployment) [s];
    the landing time if the jumper lands first."""
    opening_east_m: float
    opening_north_m: float
    opening_altitude_m: float
    """Where the canopy is fully open [m, m, m MSL]."""
    landing_east_m: float
    landing_north_m: float
    drift_east_m: float
    drift_north_m: float
    """Where the canopy would land with no airspeed of its own (pure drift) [m]: the
    centre of the area it can reach."""
    reach_radius_m: float
    """Distance the canopy flies through the air from the start of deployment to the
    ground [m]: any point that close to the drift point can be reached (0 for a round
    canopy)."""
    ground_elevation_m: float
    """Elevation of the landing area [m MSL]."""
    exit_altitude_m: float
    deploy_altitude_m: float
    mass_kg: float
    cda_m2: float
    posture: str
    canopy: str
    jump: Jump
    """The jump that was simulated."""
    notices: tuple[Notice, ...] = ()

    @property
    def speed_mps(self) -> np.ndarray:
        """Ground-relative speed [m/s]."""
        return np.sqrt(
            self.velocity_east_mps**2 + self.velocity_north_mps**2 + self.velocity_up_mps**2
        )

    @property
    def fall_rate_mps(self) -> np.ndarray:
        """Vertical speed, positive down [m/s]."""
        return -self.velocity_up_mps

    @property
    def drift_m(self) -> float:
        """Horizontal distance from the exit point to the landing point [m]."""
        return float(
            np.hypot(self.landing_east_m - self.east_m[0], self.landing_north_m - self.north_m[0])
        )

    def action_segment(self, end_altitude_m: float | None = None):
        """Times [s] and altitudes [m] from exit down to ``end_altitude_m``.

        By default the segment ends at deployment. The last sample is interpolated to lie
        exactly at the end altitude.
        """
        if end_altitude_m is None:
            end_time = self.freefall_duration_s
        else:
            below = np.nonzero(self.altitude_m <= end_altitude_m)[0]
            if below.size == 0 or end_altitude_m > self.altitude_m[0]:
                raise OutOfRangeError(
                    "action end altitude", end_altitude_m, "an altitude the jumper passes"
                )
            i = below[0]
            if i == 0:
                end_time = 0.0
            else:
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

    def geodetic(self, latitude_deg: float, longitude_deg: float):
        """Latitude and longitude [deg] of every sample, given the geodetic position of the
        frame's origin (the ground point below the exit, at the ground elevation).

        Uses the WGS84 ellipsoid through :func:`pymap3d.enu2geodetic` (exact ENU to
        geodetic conversion; heights are taken as ellipsoidal, a difference of at most
        100 m in height that moves horizontal positions by less than a millimetre).

        Returns
        -------
        latitude_deg, longitude_deg : ndarray
        """
        import pymap3d

        check_range("latitude_deg", latitude_deg, -90, 90, unit="deg")
        check_range("longitude_deg", longitude_deg, -180, 360, unit="deg")
        up = self.altitude_m - self.ground_elevation_m
        lat, lon, _ = pymap3d.enu2geodetic(
            self.east_m, self.north_m, up, latitude_deg, longitude_deg, self.ground_elevation_m
        )
        return np.asarray(lat), np.asarray(lon)


@dataclass(frozen=True)
class Ensemble:
    """Summary figures of N simulated jumps (one entry per member, in member order).

    Produced by :func:`simulate_ensemble`. Positions are in the same East-North-Up frame
    as the jump's exit point (origin on the ground).
    """

    freefall_duration_s: np.ndarray
    """Time from exit to the deployment altitude [s]."""
    deploy_east_m: np.ndarray
    deploy_north_m: np.ndarray
    deploy_altitude_m: np.ndarray
    """Where deployment starts [m, m, m MSL]."""
    landing_east_m: np.ndarray
    landing_north_m: np.ndarray
    landing_time_s: np.ndarray
    """Time from exit to touchdown [s]."""
    max_speed_mps: np.ndarray | None
    """Peak free-fall fall rate (vertical speed, positive down) [m/s]. This and the other
    peaks are None for an ensemble simulated without them (``peaks=False``)."""
    max_speed_time_s: np.ndarray | None
    max_speed_altitude_m: np.ndarray | None
    max_airspeed_mps: np.ndarray | None
    max_mach: np.ndarray | None
    """Peak airspeed [m/s] and Mach number in free fall: at the step ends and the largest
    value of the cubic Hermite interpolant of the airspeed inside each step."""
    time_to_95_percent_terminal_s: np.ndarray | None
    """First time the fall rate reaches 95 % of the local terminal speed [s]; NaN for a
    member that never does (then listed in ``notices``)."""
    deploy_velocity_east_mps: np.ndarray
    deploy_velocity_north_mps: np.ndarray
    deploy_velocity_up_mps: np.ndarray
    drift_east_m: np.ndarray
    drift_north_m: np.ndarray
    """Pure-drift landing points [m] (see :attr:`Trajectory.drift_east_m`)."""
    reach_radius_m: np.ndarray
    """Distance each canopy flies through the air [m] (see :attr:`Trajectory.reach_radius_m`)."""
    notices: tuple[Notice, ...] = ()
    freefall_steps: int = 0
    """Number of accepted integrator steps in free fall (shared by all members)."""
    canopy_steps: int = 0

    @property
    def size(self) -> int:
        """Number of members N."""
        return int(self.freefall_duration_s.size)

    def member(self, index: int) -> dict[str, float]:
        """The summary figures of one member as a dict of floats."""
        names = [name for name, value in self.__dict__.items() if isinstance(value, np.ndarray)]
        return {name: float(getattr(self, name)[index]) for name in names}
