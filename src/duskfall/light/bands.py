"""Light bands: intervals of the Sun's elevation above the observer's horizon.

The band scale: ``e_band = e + D(h, g)``, the Sun's geometric elevation plus how much
lower the observer's visible horizon is than a sea-level observer's (module notes of
:mod:`duskfall.light`).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from duskfall import sun
from duskfall.constants import SUNSET_ELEVATION_DEG
from duskfall.errors import InputError
from duskfall.light.illuminance import (
    BRIGHTNESS_FORMS,
    BrightnessBand,
    brightness_band,
    illuminance_lux,
    is_brightness_spec,
)

HORIZONS = ("visible", "astronomical")
"""What band elevations are measured from: the observer's visible horizon (default) or
the astronomical horizontal (no dip, no altitude)."""


@dataclass(frozen=True)
class LightBand:
    """An interval of the Sun's centre elevation above the horizon (see module notes)."""

    name: str
    lower_deg: float | None
    """Lowest elevation of the Sun's centre in the band [deg]; None for no lower limit."""
    upper_deg: float | None
    """Highest elevation [deg]; None for no upper limit."""
    description: str = ""

    def __str__(self) -> str:
        lo = "-inf" if self.lower_deg is None else f"{self.lower_deg:+.2f}"
        hi = "+inf" if self.upper_deg is None else f"{self.upper_deg:+.2f}"
        return f"{self.name} ({lo}..{hi} deg)"


_SUNSET = SUNSET_ELEVATION_DEG  # -0.8333: 16' semidiameter + 34' refraction (USNO)

LIGHT_BANDS: dict[str, LightBand | BrightnessBand] = {
    "sunlit": LightBand(
        "sunlit",
        _SUNSET,
        None,
        "any part of the disc above the visible horizon: the jumper is in direct sun",
    ),
    "lowsun": LightBand(
        "lowsun",
        _SUNSET,
        6.0,
        "direct, low sun: from 6 deg above the visible horizon down to the last sliver "
        "of the disc. The seed scenario's dusk look.",
    ),
    "golden": LightBand("golden", -4.0, 6.0, "golden hour, +6 to -4 deg (PhotoPills' convention)"),
    "blue": LightBand("blue", -6.0, -4.0, "blue hour, -4 to -6 deg (PhotoPills' convention)"),
    "civil": LightBand(
        "civil", -6.0, _SUNSET, "civil twilight: from sunset to the centre 6 deg below (USNO)"
    ),
    "nautical": LightBand("nautical", -12.0, -6.0, "nautical twilight, -6 to -12 deg (USNO)"),
    "astronomical": LightBand(
        "astronomical", -18.0, -12.0, "astronomical twilight, -12 to -18 deg (USNO)"
    ),
}

AVAILABLE_LIGHT_STOPS = 1.0 / 3.0
"""Half-width of the ``available`` band about the brightness at sunset [stops]: the
smallest exposure step a cinematographer sets (lens irises are marked in thirds of a
stop), the tolerance for takes on different days that must cut together
(docs/light-envelope.md argues it)."""


def _available_band() -> BrightnessBand:
    """Within :data:`AVAILABLE_LIGHT_STOPS` of the Sun-and-sky illuminance at sunset."""
    centre = float(illuminance_lux(_SUNSET))
    low, high = centre * 2.0**-AVAILABLE_LIGHT_STOPS, centre * 2.0**AVAILABLE_LIGHT_STOPS
    band = brightness_band(f"{low:.8g}..{high:.8g}lux")
    return dataclasses.replace(
        band,
        name="available",
        description=f"available light: within 1/3 stop of the brightness at sunset "
        f"({low:.0f}-{high:.0f} lux); the seed's three minutes when judged on the ground",
    )


LIGHT_BANDS["available"] = _available_band()

TWILIGHT_LIMITS_DEG = {"civil": -6.0, "nautical": -12.0, "astronomical": -18.0}
"""Elevation of the Sun's centre at the end of each twilight at dusk (start at dawn)."""

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)"
_CUSTOM = re.compile(rf"^\s*({_NUMBER})\s*\.\.\s*({_NUMBER})\s*$")


_brightness_band = lru_cache(maxsize=128)(brightness_band)  # inverts the model: keep the result

LIGHT_FORMS = (
    f"one of {', '.join(LIGHT_BANDS)}, a range LOW..HIGH in degrees (e.g. -1..2), "
    f"or a brightness: {BRIGHTNESS_FORMS}"
)
"""Every way to write a light band, in words for help texts and error messages."""


def light_band(spec: str | LightBand | BrightnessBand, field: str = "light"):
    """A band from its name in :data:`LIGHT_BANDS`, a custom ``"LOW..HIGH"`` in degrees,
    or a brightness (``"300..3000lux"``, ``"EV6..EV9"``: :func:`brightness_band`).

    Returns
    -------
    LightBand or BrightnessBand
        Both give the band as Sun elevations (``lower_deg``, ``upper_deg``) on the band
        scale, which is all the light engine uses; a brightness band also keeps its lux.

    Raises
    ------
    InputError
        If the name is unknown or the range is malformed, empty or outside -90..90 (for a
        brightness: not positive, reversed, or darker than astronomical twilight).

    Examples
    --------
    >>> light_band("-1..2")
    LightBand(name='-1..2', lower_deg=-1.0, upper_deg=2.0, description='custom band')
    >>> round(light_band("EV6..EV9").upper_deg, 2)
    1.02
    """
    if isinstance(spec, LightBand | BrightnessBand):
        return spec
    allowed = LIGHT_FORMS
    if spec in LIGHT_BANDS:
        return LIGHT_BANDS[spec]
    if is_brightness_spec(spec):
        return _brightness_band(spec.strip(), field)
    match = _CUSTOM.match(str(spec))
    if match is None:
        raise InputError(field, spec, allowed, "is not a known light band")
    lower, upper = float(match.group(1)), float(match.group(2))
    if not lower < upper:
        raise InputError(field, spec, allowed, "is reversed or empty (LOW must be below HIGH)")
    if lower < -90.0 or upper > 90.0:
        raise InputError(field, spec, allowed, "goes beyond -90..90 degrees")
    return LightBand(spec.strip(), lower, upper, "custom band")


def check_horizon(horizon: str, field: str = "horizon") -> str:
    """Return ``horizon`` if it is one of :data:`HORIZONS`, else raise InputError."""
    if horizon not in HORIZONS:
        raise InputError(field, horizon, " or ".join(HORIZONS))
    return horizon


def horizon_offset_deg(altitude_m, ground_elevation_m=0.0, horizon: str = "visible"):
    """What to add to the Sun's geometric elevation to measure it on the band scale [deg].

    :func:`duskfall.sun.horizon_depression_deg` for the visible horizon, 0 for the
    astronomical one (after checking the altitudes).
    """
    check_horizon(horizon)
    depression = sun.horizon_depression_deg(altitude_m, ground_elevation_m)
    if horizon == "astronomical":
        return depression * 0.0
    return depression


def sun_above_horizon_deg(
    time_utc_s,
    latitude_deg,
    longitude_deg,
    altitude_m,
    ground_elevation_m=0.0,
    horizon: str = "visible",
):
    """Elevation [deg] of the Sun's centre on the band scale for an observer aloft.

    Parameters
    ----------
    time_utc_s
        POSIX time [s].
    latitude_deg, longitude_deg
        The place [deg].
    altitude_m
        Observer's altitude [m MSL].
    ground_elevation_m
        Terrain elevation out to the horizon [m MSL].
    horizon
        ``"visible"`` (default) or ``"astronomical"``; see the module notes.

    Returns
    -------
    float or ndarray
        -0.8333 when the upper limb is on the observer's visible horizon.
    """
    elevation = sun.solar_position(time_utc_s, latitude_deg, longitude_deg).elevation_deg
    return elevation_above_horizon_deg(elevation, altitude_m, ground_elevation_m, horizon)


def elevation_above_horizon_deg(
    elevation_deg, altitude_m, ground_elevation_m=0.0, horizon: str = "visible"
):
    """The Sun's geometric elevation ``elevation_deg`` [deg] on the band scale for an
    observer at ``altitude_m`` (:func:`sun_above_horizon_deg` of a position already
    found: plus :func:`horizon_offset_deg`)."""
    return elevation_deg + horizon_offset_deg(altitude_m, ground_elevation_m, horizon)


PHASES = ("day", "civil twilight", "nautical twilight", "astronomical twilight", "night")


def light_phase(elevation_deg):
    """Name of the light at a band-scale elevation: day, civil/nautical/astronomical
    twilight or night (USNO limits -0.8333, -6, -12, -18 deg). Vectorised."""
    e = np.asarray(elevation_deg, dtype=float)
    index = np.digitize(-e, [-_SUNSET, 6.0, 12.0, 18.0])
    if np.ndim(index) == 0:
        return PHASES[int(index)]
    return np.asarray(PHASES, dtype=object)[index]


def band_margin_deg(band: LightBand, above) -> np.ndarray:
    """How far inside the band an elevation on the band scale is [deg] (negative outside):
    the distance to the nearer edge."""
    result = np.full(np.shape(above), np.inf)
    if band.lower_deg is not None:
        result = np.minimum(result, np.asarray(above) - band.lower_deg)
    if band.upper_deg is not None:
        result = np.minimum(result, band.upper_deg - np.asarray(above))
    return result
