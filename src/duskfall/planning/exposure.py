"""The brightness of the planned jump: illuminance and exposure at exit and at the action's end.

The light band says whether the action is in the light; a director of photography also
wants to know how bright it is and how much it changes while the camera runs. This
module reads the Sun's elevation where the plan judges the light (the same
:class:`~duskfall.light.Action` the exit window was found for: at the jumper, the exit
altitude or the ground, from the visible horizon or the astronomical horizontal) at the
planned exit and at the end of the action, and turns it into illuminance (lux, the Sun
and the clear sky on a horizontal surface, :func:`duskfall.light.illuminance_lux`) and
exposure values at ISO 100 (EV100 = log2(E / 2.5 lux)).

The illuminance model is a sea-level, clear-sky one; its uncertainty is a factor of 1.5
either way (:data:`duskfall.light.illuminance.CLEAR_SKY_UNCERTAINTY_STOPS`, 0.58 stop),
given with the figures. Below astronomical twilight (-18 deg) the model says nothing, and
neither does this: the figures are None.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from duskfall import light
from duskfall.light import illuminance

__all__ = ["LightLevels", "light_levels"]


@dataclass(frozen=True)
class LightLevels:
    """How bright the action is at its ends, where the plan judges the light."""

    judge_at: str
    """Where the light is judged: ``jumper``, ``exit`` or ``ground``."""
    horizon: str
    """What elevations are measured from: ``visible`` or ``astronomical``."""
    model: str
    """The illuminance model (:data:`duskfall.light.illuminance.ILLUMINANCE_MODELS`)."""
    elevation_exit_deg: float
    """The Sun's elevation on the band scale at exit [deg]."""
    elevation_action_end_deg: float
    """The same at the end of the action [deg]."""
    illuminance_exit_lux: float | None
    """Illuminance at exit [lux]; None below astronomical twilight."""
    illuminance_action_end_lux: float | None
    """Illuminance at the end of the action [lux]; None below astronomical twilight."""
    uncertainty_stops: float
    """How far a clear sky may lie from the model, either way [stops]."""

    @property
    def ev100_exit(self) -> float | None:
        """Exposure value at ISO 100 at exit."""
        return _ev100(self.illuminance_exit_lux)

    @property
    def ev100_action_end(self) -> float | None:
        """Exposure value at ISO 100 at the end of the action."""
        return _ev100(self.illuminance_action_end_lux)

    @property
    def exposure_swing_stops(self) -> float | None:
        """Change in exposure from exit to the end of the action [stops]; negative when
        the light falls."""
        if self.illuminance_exit_lux is None or self.illuminance_action_end_lux is None:
            return None
        return float(
            light.exposure_change_stops(self.illuminance_exit_lux, self.illuminance_action_end_lux)
        )


def _ev100(lux: float | None) -> float | None:
    return None if lux is None else float(light.ev100_from_lux(lux))


def _lux(elevation_deg: float) -> float | None:
    if not illuminance.ELEVATION_MIN_DEG <= elevation_deg <= illuminance.ELEVATION_MAX_DEG:
        return None
    return float(light.illuminance_lux(elevation_deg))


def light_levels(
    action: light.Action,
    exit_time_utc_s: float,
    latitude_deg: float,
    longitude_deg: float,
    judge_at: str = "jumper",
) -> LightLevels:
    """The illuminance and exposure at the ends of ``action`` exiting at ``exit_time_utc_s``.

    Parameters
    ----------
    action
        The action whose window the plan found (its altitudes are where the light is
        judged, its horizon what elevations are measured from).
    exit_time_utc_s
        The jumper's exit [POSIX s].
    latitude_deg, longitude_deg
        Where the light is computed (the plan's site) [deg].
    judge_at
        The name of where the action's altitudes judge the light, for the record.

    Examples
    --------
    >>> action = light.judged_action([0.0, 100.0], [7620.0, 1300.0], 50.0)
    >>> levels = light_levels(action, 1520692800.0, 24.4, 54.6)   # 2018-03-10 14:40 UTC
    >>> levels.exposure_swing_stops < 0   # the light falls at dusk
    True
    """
    times = exit_time_utc_s + np.array([0.0, action.duration_s])
    altitudes = np.array([action.exit_altitude_m, action.end_altitude_m])
    elevation = light.sun_above_horizon_deg(
        times, latitude_deg, longitude_deg, altitudes, action.ground_elevation_m, action.horizon
    )
    return LightLevels(
        judge_at=judge_at,
        horizon=action.horizon,
        model=illuminance.DEFAULT_MODEL,
        elevation_exit_deg=float(elevation[0]),
        elevation_action_end_deg=float(elevation[1]),
        illuminance_exit_lux=_lux(float(elevation[0])),
        illuminance_action_end_lux=_lux(float(elevation[1])),
        uncertainty_stops=illuminance.CLEAR_SKY_UNCERTAINTY_STOPS,
    )
