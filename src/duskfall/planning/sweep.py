"""The spot hour by hour: how the release point moves through an hourly forecast.

A jumpmaster with a morning forecast wants to see how the spot moves over the evening:
for each hour of the forecast inside the scenario's half day (the evening at dusk, the
morning at dawn), the lead jumper's jump is worked out as the plan works it out for its
exit (:func:`duskfall.release.find_jump_run`, :meth:`~duskfall.planning.Scenario.jump_of`,
:func:`duskfall.fall.simulate_jump`, :func:`duskfall.release.release_point`), with the
forecast valid at that hour: the jump run (into that hour's wind at exit unless a track
is given), the release point, and the free fall from exit to deployment.

One simulation per hour: the release point needs the full trajectory (the opening point
and the canopy's reach), which the ensemble integrator does not keep; the hours' exit
winds are read in one call.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from duskfall import fall
from duskfall.errors import InputError
from duskfall.planning.scenario import Scenario
from duskfall.release import GeoPoint, SpotOptions, find_jump_run, release_point
from duskfall.timeutil import HalfDay
from duskfall.winds import is_time_dependent, wind_direction_speed


@dataclass(frozen=True)
class SweepHour:
    """The lead jumper's spot for an exit at one forecast hour."""

    time_utc_s: float
    """The forecast hour, taken as the exit time [POSIX s]."""
    release_point: GeoPoint
    """Where the aircraft must be at exit (from the target)."""
    freefall_east_m: float
    freefall_north_m: float
    """The free fall from exit to deployment [m]: forward throw and wind drift."""
    jump_run_track_deg_true: float
    aircraft_heading_deg_true: float
    """The jump run's ground track and the heading that holds it [deg true]."""
    ground_speed_mps: float
    exit_wind_from_deg: float
    exit_wind_speed_mps: float
    """That hour's wind at the exit altitude (direction FROM, deg true; m/s)."""

    @property
    def freefall_drift_m(self) -> float:
        """Length of the free fall's ground track, exit to deployment [m]."""
        return float(np.hypot(self.freefall_east_m, self.freefall_north_m))

    @property
    def freefall_drift_bearing_deg(self) -> float:
        """Direction of the free fall's displacement [deg true, toward]."""
        return float(np.degrees(np.arctan2(self.freefall_east_m, self.freefall_north_m)) % 360)


def sweep_hours_of(wind, half_day: HalfDay) -> tuple[float, ...]:
    """The forecast hours of ``wind`` inside ``half_day`` [POSIX s] (empty for a steady
    wind)."""
    if not is_time_dependent(wind):
        return ()
    times = wind.valid_times_utc_s
    return tuple(float(t) for t in times if half_day.start_utc_s <= t <= half_day.end_utc_s)


def sweep(scenario: Scenario, wind, half_day: HalfDay) -> tuple[SweepHour, ...]:
    """The lead jumper's spot at each forecast hour of the half day (module notes).

    Parameters
    ----------
    scenario
        The scenario (its lead jumper, aircraft, site and landing radius).
    wind
        An hourly forecast (:class:`duskfall.winds.TimeLayeredWind`).
    half_day
        The evening (or morning) of the plan.

    Raises
    ------
    InputError
        Naming ``sweep`` when the wind has no forecast hours in the half day.
    """
    hours = sweep_hours_of(wind, half_day)
    if not hours:
        raise InputError(
            "sweep",
            str(getattr(wind, "source", "calm air")),
            "an hourly forecast with hours in the evening (or morning) planned, such as an "
            "Open-Meteo response (duskfall winds fetch)",
            "has no forecast hours to sweep",
        )
    site = scenario.site
    exit_m = scenario.exit_altitude_m
    east, north = wind.velocity_enu_mps(np.full(len(hours), exit_m), np.asarray(hours))
    airspeed = scenario.jump_run_true_airspeed_mps()
    options = SpotOptions(target_radius_m=scenario.landing_radius_m)
    found = []
    for k, hour in enumerate(hours):
        run = find_jump_run(
            wind, exit_m, site.ground_elevation_m, hour, airspeed, scenario.aircraft.heading_deg
        )
        jump = scenario.jump_of(
            scenario.jumper, exit_time_utc_s=hour, heading_deg=run.heading_deg_true, wind=wind
        )
        trajectory = fall.simulate_jump(jump)
        spot = release_point(trajectory, site.latitude_deg, site.longitude_deg, run, options)
        origin = (trajectory.east_m[0], trajectory.north_m[0])
        direction, speed = wind_direction_speed(east[k], north[k])
        found.append(
            SweepHour(
                time_utc_s=hour,
                release_point=spot.release_point,
                freefall_east_m=float(trajectory.deploy_east_m - origin[0]),
                freefall_north_m=float(trajectory.deploy_north_m - origin[1]),
                jump_run_track_deg_true=run.track_deg_true,
                aircraft_heading_deg_true=run.heading_deg_true,
                ground_speed_mps=run.ground_speed_mps,
                exit_wind_from_deg=float(direction),
                exit_wind_speed_mps=float(speed),
            )
        )
    return tuple(found)
