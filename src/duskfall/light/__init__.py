"""Light at altitude: bands of sun elevation, the shadow altitude, and windows in time.

Elevation above the visible horizon
-----------------------------------
Light bands are intervals of the Sun's elevation measured, by default, from the
observer's own visible horizon (``horizon="visible"``): what a camera beside the jumper
sees. In numbers, ``e_band = e + D(h, g)``, where ``e`` is the Sun's geometric elevation
(:func:`duskfall.sun.solar_position`) and ``D`` how much lower the visible horizon from
altitude ``h`` over terrain at ``g`` is than a sea-level observer's
(:func:`duskfall.sun.horizon_depression_deg`: 0 at sea level, 3.05 deg at 25,000 ft).
So at sea level every band keeps its almanac definition (sunset at -0.8333 deg, civil
dusk at -6 deg, of the Sun's centre), and aloft the whole scale sinks with the horizon:
a jumper at 25,000 ft sees the Sun set when its geometric elevation is -3.88 deg.
``horizon="astronomical"`` measures the bands and twilights from the astronomical
horizontal instead (``e_band = e``), as photographers' planners do, whatever the
altitude; sunset stays the upper limb on the visible horizon.

Named bands (:data:`LIGHT_BANDS`), in degrees of the Sun's centre:

========== ============== ===========================================================
sunlit     above -0.8333   any part of the disc above the visible horizon (USNO)
lowsun     -0.8333 to +6   direct, low sun
golden     -4 to +6        golden hour (PhotoPills' definition)
blue       -6 to -4        blue hour (PhotoPills' definition)
civil      -6 to -0.8333   civil twilight (USNO: centre 6 deg below the horizon)
nautical   -12 to -6       nautical twilight (USNO)
astronomical -18 to -12    astronomical twilight (USNO)
========== ============== ===========================================================

Searches
--------
One engine: :func:`find_exit_windows` finds, for every date and place, the exit times
that keep the jumpers' actions inside a band (:mod:`duskfall.light.windows` explains
why its edges are events of the vectorised solver of
:func:`duskfall.sun.find_elevation_times`, checked and refined on the full model);
:func:`find_day_light` gives a half day's sunset, twilights and band windows with the
same events. :func:`find_windows` is the generic finder for any other condition that is
a continuous function of time.

Layout: :mod:`~duskfall.light.bands`, :mod:`~duskfall.light.windows` (the engine),
:mod:`~duskfall.light.events` (event times), :mod:`~duskfall.light.day` (a half day's
light), :mod:`~duskfall.light.along`
(the light along a trajectory, the altitude of a band edge).

Precision
---------
Times are computed to better than 0.1 s for the standard atmosphere. The weather of the
day changes the refraction near the horizon: at sunset the standard deviation is
0.11 deg (:data:`REFRACTION_SPREAD_DEG`), so sunset and the band edges near the horizon
are uncertain by tens of seconds (:func:`weather_uncertainty_s`).

References
----------
U.S. Naval Observatory, Astronomical Applications Department: "Rise, Set, and Twilight
Definitions" (sunset: upper limb on the horizon with 34' of refraction; civil, nautical,
astronomical twilight: centre 6, 12, 18 deg below the horizon).
PhotoPills: golden hour from +6 to -4 deg, blue hour from -4 to -6 deg of the Sun's centre.
Sampson, R. D. et al. (2003). Variability in the astronomical refraction of the rising
and setting Sun. PASP 115, 1256-1261. doi:10.1086/378214
"""

from duskfall.light.along import (
    HORIZON_GRID_POINTS,
    LightAlong,
    band_edge_altitude_m,
    light_along,
    shadow_altitude_m,
)
from duskfall.light.bands import (
    HORIZONS,
    LIGHT_BANDS,
    LIGHT_FORMS,
    PHASES,
    TWILIGHT_LIMITS_DEG,
    LightBand,
    band_margin_deg,
    check_horizon,
    elevation_above_horizon_deg,
    horizon_offset_deg,
    light_band,
    light_phase,
    sun_above_horizon_deg,
)
from duskfall.light.day import DayLight, find_day_light, join_day_light, point_event_times
from duskfall.light.events import (
    REFRACTION_SPREAD_DEG,
    find_light_events,
    weather_uncertainty_s,
)
from duskfall.light.illuminance import (
    BrightnessBand,
    brightness_band,
    ev100_from_lux,
    exposure_change_stops,
    illuminance_lux,
)
from duskfall.light.windows import (
    JUDGE_AT,
    RATE_GRID,
    TIME_TOLERANCE_S,
    Action,
    ExitWindows,
    Places,
    Window,
    check_judge_at,
    envelope_offsets_deg,
    find_exit_windows,
    find_windows,
    half_day_extremes_deg,
    judged_action,
    point_action,
    reclassify,
    window_edges,
)

__all__ = [
    "HORIZONS",
    "HORIZON_GRID_POINTS",
    "JUDGE_AT",
    "LIGHT_BANDS",
    "LIGHT_FORMS",
    "PHASES",
    "RATE_GRID",
    "REFRACTION_SPREAD_DEG",
    "TIME_TOLERANCE_S",
    "TWILIGHT_LIMITS_DEG",
    "Action",
    "BrightnessBand",
    "DayLight",
    "ExitWindows",
    "LightAlong",
    "LightBand",
    "Places",
    "Window",
    "band_edge_altitude_m",
    "band_margin_deg",
    "brightness_band",
    "check_horizon",
    "check_judge_at",
    "elevation_above_horizon_deg",
    "envelope_offsets_deg",
    "ev100_from_lux",
    "exposure_change_stops",
    "find_day_light",
    "find_exit_windows",
    "find_light_events",
    "find_windows",
    "half_day_extremes_deg",
    "horizon_offset_deg",
    "illuminance_lux",
    "join_day_light",
    "judged_action",
    "light_along",
    "light_band",
    "light_phase",
    "point_action",
    "point_event_times",
    "reclassify",
    "shadow_altitude_m",
    "sun_above_horizon_deg",
    "weather_uncertainty_s",
    "window_edges",
]
