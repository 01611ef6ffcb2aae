"""Illuminance from the Sun and the clear sky, exposure values, and bands in brightness.

What the numbers mean
---------------------
The illuminance here is the light falling on a horizontal surface at sea level from the
Sun and the clear sky together [lux], as a function of the Sun's elevation from the
zenith (+90 deg) down to the end of astronomical twilight (-18 deg). The elevation is
that of the Sun's centre, geometric (no refraction), measured from the astronomical
horizontal of a sea-level observer; on duskfall's band scale (:mod:`duskfall.light`)
this is the elevation above the observer's visible horizon, so sunset is at
-0.8333 deg. How this applies to a jumper aloft is the subject of
``docs/illuminance.md``.

Two published models, one registry (:data:`ILLUMINANCE_MODELS`):

``esaa1992`` (default)
    log10 of the illuminance as a cubic polynomial in ``x = elevation / 90`` on six
    ranges of elevation, from the Explanatory Supplement to the Astronomical Almanac
    (Seidelmann, ed., 1992, ch. 9), a fit to the measurements of Brown (1952). It covers
    the whole -18..90 deg range and is strictly increasing on each range, so a
    brightness maps to one elevation.
``usno1987``
    The program of USNO Circular 171 (Janiczek and DeYoung 1987): a direct beam with an
    air mass and an extinction coefficient, plus an empirical sky term, on the Sun's
    elevation corrected by the program's own refraction formula. It reproduces the
    circular's printed values (tests), but it was fitted only down to nautical twilight
    (-12 deg), it falls far below the night sky's own light beyond that, and it jumps
    by a factor of 1.5 at -5/6 deg where its refraction starts. It is kept as the
    independent check of the default.

The two agree within a factor of 1.25 from -10 to +90 deg, except in the degree above
sunset, where the circular's refraction step puts it up to a factor 1.46 above the
Supplement (tests). The Supplement's fit gives the AMS Glossary's clear-evening figures
(about 410-585 lux at sunset, 2-3.5 lux at the end of civil twilight); the circular's
program gives the second.

Uncertainty
-----------
Under a clear sky, the light at a given elevation lies within a factor of
:data:`CLEAR_SKY_UNCERTAINTY_FACTOR` (1.5, about 0.6 stop) of the model either way.
Clouds divide it (:data:`CLOUD_DIVISORS`: 2 for thin cloud over the Sun, 3 for average
cloud, 10 for dark stratus), and the circular warns that real light can differ from the
computed value "by a factor of 10 or more". Outputs that quote a model illuminance should
carry :data:`CLEAR_SKY_UNCERTAINTY_STOPS` beside it.

Exposure
--------
Exposure values at ISO 100 for incident light: ``EV100 = log2(E S / C)`` with S = 100
and the incident-meter calibration constant C = 250 lux s (:data:`INCIDENT_METER_C`),
so ``EV100 = log2(E / 2.5 lux)``: 2.5 lux is EV 0, sunset's ~450 lux is EV 7.5, the Sun
at the zenith EV 15.7.

References
----------
Seidelmann, P. K. (ed.) (1992). Explanatory Supplement to the Astronomical Almanac,
ch. 9 (Yallop, B. D. and Hohenkerk, C. Y.), illuminance of the Sun and Moon. University
Science Books. Coefficients as printed in Vallado, D. A. (2001). Fundamentals of
Astrodynamics and Applications, 2nd ed., sec. 5.3, eq. 5-9.
Janiczek, P. M. and DeYoung, J. A. (1987). Computer Programs for Sun and Moon Illuminance
with Contingent Tables and Diagrams. U.S. Naval Observatory Circular No. 171 (DTIC
ADA182110), FORTRAN listing pp. 20-23 and appendix B.
Brown, D. R. E. (1952). Natural Illumination Charts. U.S. Navy Bureau of Ships, report
374-1.
American Meteorological Society, Glossary of Meteorology: "civil twilight".
ISO 2720:1974, General purpose photographic exposure meters (photoelectric type): guide
to product specification (the incident-light exposure equation N^2/t = E S / C).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from duskfall.errors import InputError, OutOfRangeError

ELEVATION_MIN_DEG = -18.0
"""Lowest elevation of the Sun's centre the models cover [deg]: the end of astronomical
twilight (USNO), where the Sun's scattered light falls to that of the night sky."""

ELEVATION_MAX_DEG = 90.0
"""Highest elevation [deg]: the zenith."""

# --- The Explanatory Supplement's polynomials --------------------------------------------

ESAA1992_RANGES: tuple[tuple[float, float, tuple[float, float, float, float]], ...] = (
    (-18.0, -12.0, (13.84, 262.72, 1447.42, 2797.93)),
    (-12.0, -5.0, (2.70, 12.17, -431.69, -1899.83)),
    (-5.0, -0.8, (2.88, 21.81, -258.11, -858.36)),
    (-0.8, 5.0, (2.88, 22.26, -207.64, 1034.30)),
    (5.0, 20.0, (3.05, 13.28, -45.98, 64.33)),
    (20.0, 90.0, (3.74, 3.97, -4.07, 1.47)),
)
"""Ranges of elevation [deg] (lower edge included) and the coefficients L0..L3 of
``log10(E / 1 lux) = L0 + L1 x + L2 x^2 + L3 x^3`` with ``x = elevation / 90``, for the
Sun plus the clear sky on a horizontal surface.

Source: Explanatory Supplement to the Astronomical Almanac (1992), ch. 9, as printed by
Vallado (2001, eq. 5-9) and in his published code (``sunill``). The same table appears in
E. O. Ofek's MAAT ``celestial.SolarSys.sunlight`` (1999). One other transcription prints
L3 = -1899.93 for -12..-5 deg; every other reads -1899.83, kept here (the two differ by
2e-4 in log10 at -12 deg). Which range owns a shared edge is not stated consistently
(Vallado: the upper one); the published fits do not meet exactly there
(:data:`ESAA1992_EDGE_STEP_DEX`). The boundary at -0.8 deg is sunset (the Sun's geometric
elevation at sunset is -0.8333 deg), so the elevation is geometric."""


def _esaa1992_piece(coefficients: tuple[float, float, float, float]) -> Callable:
    l0, l1, l2, l3 = coefficients

    def log10_lux(elevation_deg: np.ndarray) -> np.ndarray:
        x = elevation_deg / 90.0
        return l0 + x * (l1 + x * (l2 + x * l3))

    return log10_lux


def _edge_steps_dex() -> float:
    """Largest jump of log10 E where two ranges of :data:`ESAA1992_RANGES` meet."""
    steps = []
    for (_, edge, low), (_, _, high) in itertools.pairwise(ESAA1992_RANGES):
        x = edge / 90.0
        below = sum(c * x**k for k, c in enumerate(low))
        above = sum(c * x**k for k, c in enumerate(high))
        steps.append(abs(above - below))
    return max(steps)


ESAA1992_EDGE_STEP_DEX = _edge_steps_dex()
"""Largest jump of log10 E between two of the published ranges where they meet: 0.0043
(1.0 %, at -12 deg); the ranges are strictly increasing inside, so the inverse is exact
except for a target inside a jump, which maps to the edge."""

# --- USNO Circular 171 ------------------------------------------------------------------

USNO1987_EXTRATERRESTRIAL_LUX = 133_775.0
"""Scale of the circular's solar illuminance [lux] (``IS = 133775 * M``), FORTRAN listing,
USNO Circular 171 (1987) p. 20."""

USNO1987_X = 753.66156
"""The circular's Earth radius in units of the height of its homogeneous atmosphere,
subroutine ATMOS (p. 22-23)."""

USNO1987_DIRECT_EXTINCTION = 0.21
"""Extinction of the direct beam per air mass (``exp(-0.21 M)``), subroutine ATMOS; the
circular's appendix B attributes it to Jones and Condit."""

USNO1987_SKY_SCALE = 0.0289
"""Sky term's scale (``0.0289 exp(-0.042 M)``), subroutine ATMOS."""

USNO1987_SKY_EXTINCTION = 0.042
"""Sky term's extinction per air mass, subroutine ATMOS."""

USNO1987_REFRACTION_LIMIT_DEG = -5.0 / 6.0
"""Below this geometric elevation the circular applies no refraction (subroutine REFR)."""

USNO1987_NIGHT_SKY_LUX = 0.0005
"""The circular's constant for starlight and airglow, added to its total (listing,
``IS=IS+IL+.0005/SK``; its appendix B says 0.0003 lux). Not part of the Sun-and-sky model
here; quoted for comparison."""


def _usno1987_apparent_deg(elevation_deg: np.ndarray) -> np.ndarray:
    """The circular's subroutine REFR: apparent from geometric elevation [deg]."""
    h = np.asarray(elevation_deg, dtype=float)
    above = np.maximum(h, USNO1987_REFRACTION_LIMIT_DEG)  # the formula's pole is at -4.42
    refracted = above + 1.0 / np.tan(np.radians(above + 8.6 / (above + 4.42))) / 60.0
    return np.where(h < USNO1987_REFRACTION_LIMIT_DEG, h, refracted)


def _usno1987_log10_lux(elevation_deg: np.ndarray) -> np.ndarray:
    """log10 of 133775 lux times the circular's subroutine ATMOS."""
    apparent = _usno1987_apparent_deg(elevation_deg)
    u = np.sin(np.radians(apparent))
    x = USNO1987_X
    s = np.arcsin(x * np.cos(np.radians(apparent)) / (x + 1.0))
    air_mass = x * (np.cos(s) - u) + np.cos(s)
    direct = np.exp(-USNO1987_DIRECT_EXTINCTION * air_mass) * u
    sky = (
        USNO1987_SKY_SCALE
        * np.exp(-USNO1987_SKY_EXTINCTION * air_mass)
        * (1.0 + (apparent + 90.0) * u / np.degrees(1.0))
    )
    return np.log10(USNO1987_EXTRATERRESTRIAL_LUX * (direct + sky))


# --- The registry -----------------------------------------------------------------------


@dataclass(frozen=True)
class IlluminanceModel:
    """A published model of the Sun-plus-clear-sky illuminance against elevation."""

    name: str
    source: str
    pieces: tuple[tuple[float, float, Callable], ...]
    """Ranges of elevation [deg] (lower edge included) with log10 E [lux] on each, each
    smooth and strictly increasing; together they cover -18..90 deg."""

    def log10_lux(self, elevation_deg: np.ndarray) -> np.ndarray:
        """log10 of the illuminance [lux] at elevations already checked to be in range."""
        e = np.asarray(elevation_deg, dtype=float)
        result = np.empty(e.shape)
        for low, _, function in self.pieces:
            inside = e >= low
            result = np.where(inside, function(e), result)
        return result


ILLUMINANCE_MODELS: dict[str, IlluminanceModel] = {
    "esaa1992": IlluminanceModel(
        "esaa1992",
        "Explanatory Supplement to the Astronomical Almanac (1992), ch. 9; after Brown (1952)",
        tuple((low, high, _esaa1992_piece(c)) for low, high, c in ESAA1992_RANGES),
    ),
    "usno1987": IlluminanceModel(
        "usno1987",
        "USNO Circular 171 (Janiczek and DeYoung 1987), subroutines REFR and ATMOS",
        (
            (ELEVATION_MIN_DEG, USNO1987_REFRACTION_LIMIT_DEG, _usno1987_log10_lux),
            (USNO1987_REFRACTION_LIMIT_DEG, ELEVATION_MAX_DEG, _usno1987_log10_lux),
        ),
    ),
}
"""Illuminance models by name; ``esaa1992`` is the default (see the module notes)."""

DEFAULT_MODEL = "esaa1992"

# --- Uncertainty ------------------------------------------------------------------------

CLEAR_SKY_UNCERTAINTY_FACTOR = 1.5
"""How far a clear sky's illuminance may lie from the model, either way (a factor).

Evidence: the AMS Glossary's clear-evening ranges span a factor 1.43 at sunset
(410-585 lux) and 1.75 at the end of civil twilight (2-3.5 lux), i.e. within a factor
1.2 and 1.32 of their geometric means; the two published models here differ by at most a
factor 1.46 from -10 to +90 deg, 1.25 away from sunset (both checked in the tests). USNO
Circular 171 calls its values "formally accurate to one or two digits"."""

CLEAR_SKY_UNCERTAINTY_STOPS = math.log2(CLEAR_SKY_UNCERTAINTY_FACTOR)
""":data:`CLEAR_SKY_UNCERTAINTY_FACTOR` in stops: 0.58 EV either way."""

CLOUD_DIVISORS = {"clear": 1.0, "thin cloud": 2.0, "average cloud": 3.0, "dark stratus": 10.0}
"""What clouds divide the clear-sky illuminance by (Brown 1952, quoted in USNO Circular
171, appendix B, and used by its program as the sky-condition code): the Sun's rays
unobstructed (less than 70 % cover), through thin clouds, through average clouds, and
dark stratus before a heavy thunderstorm (rare). 1, 1, 1.6 and 3.3 stops."""

# --- Exposure -----------------------------------------------------------------------------

INCIDENT_METER_C = 250.0
"""Incident-light meter calibration constant C [lux s] for a flat (cosine) receptor, in
the exposure equation ``N^2 / t = E S / C`` of ISO 2720:1974 (which allows 240-400);
250 is the value in common use (Sekonic's incident calibration; Conrad, J., Exposure
Metering, 2006)."""

ISO_SPEED = 100.0
"""ISO arithmetic speed of the exposure values here (EV100)."""

EV100_ZERO_LUX = INCIDENT_METER_C / ISO_SPEED
"""Illuminance [lux] of EV 0 at ISO 100: C / S = 2.5 lux."""


# --- Input checks -------------------------------------------------------------------------


def _as_numbers(value: Any, field: str, allowed: str) -> np.ndarray:
    """``value`` as a float array; strings, booleans and non-finite numbers refused."""
    if isinstance(value, str | bytes | bool | np.bool_):
        raise InputError(field, value, allowed, "is not a number")
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:
        raise InputError(field, value, allowed, "is not a number") from error
    if array.dtype == bool or not np.issubdtype(array.dtype, np.number):
        raise InputError(field, value, allowed, "is not a number")
    array = array.astype(float)
    if not np.all(np.isfinite(array)):
        raise InputError(field, value, allowed, "is not a finite number")
    return array


def _first_outside(array: np.ndarray, low: float, high: float) -> float | None:
    outside = (array < low) | (array > high)
    return float(array[outside].flat[0]) if np.any(outside) else None


def _scalar_or_array(array: np.ndarray):
    return float(array) if np.ndim(array) == 0 else array


def get_model(model: str | IlluminanceModel, field: str = "model") -> IlluminanceModel:
    """The model of that name in :data:`ILLUMINANCE_MODELS` (or the model given)."""
    if isinstance(model, IlluminanceModel):
        return model
    if not isinstance(model, str) or model not in ILLUMINANCE_MODELS:
        raise InputError(field, model, "one of " + ", ".join(ILLUMINANCE_MODELS))
    return ILLUMINANCE_MODELS[model]


# --- The model and its inverse ----------------------------------------------------------


def illuminance_lux(elevation_deg, model: str = DEFAULT_MODEL, field: str = "elevation_deg"):
    """Illuminance from the Sun and the clear sky on a horizontal surface [lux].

    Parameters
    ----------
    elevation_deg
        The Sun's centre, geometric, above the sea-level astronomical horizontal (on the
        band scale: above the observer's visible horizon) [deg], -18 to 90.
    model
        A name in :data:`ILLUMINANCE_MODELS` (default ``esaa1992``).
    field
        How the caller names the elevation in error messages.

    Returns
    -------
    float or ndarray
        [lux]; same shape as ``elevation_deg``.

    Raises
    ------
    InputError
        If an elevation is not a finite number; OutOfRangeError if outside -18..90.

    Notes
    -----
    Clear sky, no Moon, no night-sky light. Uncertain by a factor
    :data:`CLEAR_SKY_UNCERTAINTY_FACTOR` either way; clouds divide it
    (:data:`CLOUD_DIVISORS`).

    Examples
    --------
    >>> round(illuminance_lux(-0.8333))          # sunset
    454
    >>> round(illuminance_lux(-6.0), 2)          # end of civil twilight
    3.41
    >>> illuminance_lux([90.0, 0.0]).round(-1)
    array([128820.,    760.])
    """
    chosen = get_model(model)
    allowed = f"{ELEVATION_MIN_DEG:g} to {ELEVATION_MAX_DEG:g} degrees"
    e = _as_numbers(elevation_deg, field, allowed)
    bad = _first_outside(e, ELEVATION_MIN_DEG, ELEVATION_MAX_DEG)
    if bad is not None:
        raise OutOfRangeError(
            field,
            bad,
            allowed + " (astronomical twilight to the zenith)",
            "is outside the illuminance model",
        )
    return _scalar_or_array(10.0 ** chosen.log10_lux(e))


ILLUMINANCE_MIN_LUX = 10.0 ** ILLUMINANCE_MODELS[DEFAULT_MODEL].log10_lux(ELEVATION_MIN_DEG)
"""The default model's illuminance at -18 deg [lux]: 6.4e-4 lux, EV100 -11.9."""

ILLUMINANCE_MAX_LUX = 10.0 ** ILLUMINANCE_MODELS[DEFAULT_MODEL].log10_lux(ELEVATION_MAX_DEG)
"""The default model's illuminance with the Sun at the zenith [lux]: 128,800 lux, EV100
15.7."""


def _lux_limits(chosen: IlluminanceModel) -> tuple[float, float]:
    low = 10.0 ** chosen.log10_lux(ELEVATION_MIN_DEG)
    high = 10.0 ** chosen.pieces[-1][2](np.asarray(ELEVATION_MAX_DEG))
    return float(low), float(high)


_BISECTIONS = 60  # halvings of a range of at most 70 deg: far below 1e-9 deg


def _invert_piece(function: Callable, low: float, high: float, target: np.ndarray):
    lo = np.full(target.shape, low)
    hi = np.full(target.shape, high)
    for _ in range(_BISECTIONS):
        mid = 0.5 * (lo + hi)
        below = function(mid) < target
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
    return 0.5 * (lo + hi)


def elevation_for_illuminance_deg(
    illuminance, model: str = DEFAULT_MODEL, field: str = "illuminance_lux"
):
    """The lowest Sun elevation at which the model reaches an illuminance [deg].

    Parameters
    ----------
    illuminance
        [lux], between the model's value at -18 deg and at the zenith.
    model
        A name in :data:`ILLUMINANCE_MODELS`.
    field
        How the caller names the illuminance in error messages.

    Returns
    -------
    float or ndarray
        The elevation [deg] on the scale of :func:`illuminance_lux`; exact (to 1e-9 deg)
        wherever the model passes through the value, the edge of a range where the
        published fit jumps over it.

    Raises
    ------
    InputError
        If a value is not a positive finite number; OutOfRangeError if darker than
        astronomical twilight or brighter than the Sun at the zenith.

    Examples
    --------
    >>> round(elevation_for_illuminance_deg(453.5), 2)      # sunset
    -0.83
    >>> elevation_for_illuminance_deg([2.5, 1000.0]).round(2)
    array([-6.27,  0.51])
    """
    chosen = get_model(model)
    low_lux, high_lux = _lux_limits(chosen)
    allowed = f"{low_lux:.2g} to {high_lux:,.0f} lux (astronomical twilight to the zenith)"
    lux = _as_numbers(illuminance, field, allowed)
    if np.any(lux <= 0.0):
        raise InputError(field, float(lux[lux <= 0.0].flat[0]), allowed, "is not positive")
    bad = _first_outside(lux, low_lux * (1 - 1e-12), high_lux * (1 + 1e-12))
    if bad is not None:
        problem = "is darker than astronomical twilight (-18 deg)" if bad < low_lux else None
        raise OutOfRangeError(
            field, bad, allowed, problem or "is brighter than the Sun at the zenith"
        )
    target = np.log10(np.clip(lux, low_lux, high_lux))
    result = np.full(target.shape, np.nan)
    for low, high, function in chosen.pieces:
        todo = np.isnan(result) & (target <= function(np.asarray(high)))
        if not np.any(todo):
            continue
        at_edge = todo & (target <= function(np.asarray(low)))
        result = np.where(at_edge, low, result)
        inside = todo & ~at_edge
        if np.any(inside):
            solved = _invert_piece(function, low, high, target[inside])
            result[inside] = solved
    return _scalar_or_array(np.clip(result, ELEVATION_MIN_DEG, ELEVATION_MAX_DEG))


# --- Exposure values ------------------------------------------------------------------


def ev100_from_lux(illuminance, field: str = "illuminance_lux"):
    """Exposure value at ISO 100 for an incident illuminance: ``log2(E / 2.5 lux)``.

    Parameters
    ----------
    illuminance
        Incident illuminance [lux], positive.
    field
        How the caller names it in error messages.

    Examples
    --------
    >>> ev100_from_lux(2.5), ev100_from_lux(640.0)
    (0.0, 8.0)
    """
    lux = _as_numbers(illuminance, field, "a positive illuminance in lux")
    if np.any(lux <= 0.0):
        bad = float(lux[lux <= 0.0].flat[0])
        raise InputError(field, bad, "a positive illuminance in lux", "is not positive")
    return _scalar_or_array(np.log2(lux / EV100_ZERO_LUX))


def lux_from_ev100(ev100, field: str = "ev100"):
    """Incident illuminance [lux] of an exposure value at ISO 100: ``2.5 lux * 2^EV``.

    Examples
    --------
    >>> lux_from_ev100(6.0), lux_from_ev100(-1.0)
    (160.0, 1.25)
    """
    ev = _as_numbers(ev100, field, "an exposure value (a finite number)")
    return _scalar_or_array(EV100_ZERO_LUX * np.exp2(ev))


def exposure_change_stops(from_lux, to_lux, field: str = "illuminance_lux"):
    """Change in exposure from one illuminance to another [stops]: ``log2(to / from)``.

    Negative when the light falls (dusk). Vectorised over both arguments.

    Examples
    --------
    >>> exposure_change_stops(454.0, 113.5)
    -2.0
    """
    start = _as_numbers(from_lux, field, "a positive illuminance in lux")
    end = _as_numbers(to_lux, field, "a positive illuminance in lux")
    for lux in (start, end):
        if np.any(lux <= 0.0):
            bad = float(lux[lux <= 0.0].flat[0])
            raise InputError(field, bad, "a positive illuminance in lux", "is not positive")
    return _scalar_or_array(np.log2(end / start))


# --- Bands in brightness --------------------------------------------------------------------

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_LUX = r"(?:lux|lx)"
_LUX_BAND = re.compile(
    rf"^\s*({_NUMBER})\s*(?:{_LUX})?\s*\.\.\s*({_NUMBER})\s*{_LUX}\s*$", re.IGNORECASE
)
_EV_BAND = re.compile(
    rf"^\s*(?:ev\s*({_NUMBER})\s*\.\.\s*(?:ev)?\s*({_NUMBER})"
    rf"|({_NUMBER})\s*(?:ev)?\s*\.\.\s*({_NUMBER})\s*ev)\s*$",
    re.IGNORECASE,
)
_UNIT_WORD = re.compile(r"lux|lx|ev", re.IGNORECASE)

BRIGHTNESS_FORMS = "LOW..HIGHlux (e.g. 300..3000lux, also lx) or EVLOW..EVHIGH (e.g. EV6..EV9)"
"""The forms of a brightness band, in words for error messages."""


@dataclass(frozen=True)
class BrightnessBand:
    """A band of brightness and the band of Sun elevations that gives it.

    ``name``, ``lower_deg``, ``upper_deg`` and ``description`` are those of a
    :class:`duskfall.light.LightBand`, so the light code can use either; the elevations
    are on the band scale (module notes).
    """

    name: str
    lower_deg: float
    """Sun elevation at the darker limit [deg]."""
    upper_deg: float
    """Sun elevation at the brighter limit [deg]."""
    lower_lux: float
    """Darker limit [lux]."""
    upper_lux: float
    """Brighter limit [lux]."""
    unit: str
    """How the band was written: ``"lux"`` or ``"ev100"``."""
    model: str
    """The illuminance model that turned it into elevations."""
    description: str = ""

    @property
    def lower_ev100(self) -> float:
        """Darker limit as EV at ISO 100."""
        return float(np.log2(self.lower_lux / EV100_ZERO_LUX))

    @property
    def upper_ev100(self) -> float:
        """Brighter limit as EV at ISO 100."""
        return float(np.log2(self.upper_lux / EV100_ZERO_LUX))

    @property
    def width_stops(self) -> float:
        """Width of the band [stops]."""
        return self.upper_ev100 - self.lower_ev100

    def __str__(self) -> str:
        return (
            f"{self.name} ({self.lower_lux:.3g}..{self.upper_lux:.3g} lux, "
            f"EV100 {self.lower_ev100:+.1f}..{self.upper_ev100:+.1f}, "
            f"{self.lower_deg:+.2f}..{self.upper_deg:+.2f} deg)"
        )


def is_brightness_spec(spec: Any) -> bool:
    """True if ``spec`` is text that names a brightness unit (lux, lx, EV).

    A caller that also reads other kinds of band sends such text to
    :func:`brightness_band`, which then explains what is wrong with it.

    Examples
    --------
    >>> is_brightness_spec("300..3000lux"), is_brightness_spec("golden")
    (True, False)
    """
    return isinstance(spec, str) and _UNIT_WORD.search(spec) is not None


def _parse_brightness(spec: str, field: str) -> tuple[float, float, str]:
    """(low, high, unit) as written, or InputError."""
    lux = _LUX_BAND.match(spec)
    if lux is not None:
        return float(lux.group(1)), float(lux.group(2)), "lux"
    ev = _EV_BAND.match(spec)
    if ev is not None:
        low = ev.group(1) if ev.group(1) is not None else ev.group(3)
        high = ev.group(2) if ev.group(2) is not None else ev.group(4)
        return float(low), float(high), "ev100"
    raise InputError(field, spec, BRIGHTNESS_FORMS, "is not a brightness band")


def _check_range(low: float, high: float, unit: str, spec: str, field: str, model) -> None:
    low_lux, high_lux = _lux_limits(model)
    if unit == "lux":
        allowed = f"lux from {low_lux:.2g} to {high_lux:,.0f}, LOW < HIGH"
        if not (math.isfinite(low) and math.isfinite(high)):
            raise InputError(field, spec, allowed, "has a number too large to use")
        if low <= 0.0 or high <= 0.0:
            raise InputError(field, spec, allowed, "has a limit that is not a positive lux")
    else:
        low_ev = math.log2(low_lux / EV100_ZERO_LUX)
        high_ev = math.log2(high_lux / EV100_ZERO_LUX)
        allowed = f"EV100 from {low_ev:.1f} to {high_ev:.1f}, LOW < HIGH"
        if not (math.isfinite(low) and math.isfinite(high)):
            raise InputError(field, spec, allowed, "has a number too large to use")
    if low == high:
        raise InputError(field, spec, allowed, "is an empty range")
    if low > high:
        raise InputError(field, spec, allowed, "is a reversed range (LOW above HIGH)")


def brightness_band(spec: str, field: str = "light", model: str = DEFAULT_MODEL) -> BrightnessBand:
    """A band of brightness from ``"300..3000lux"`` or ``"EV6..EV9"``, as Sun elevations.

    Parameters
    ----------
    spec
        ``LOW..HIGHlux`` (``lx`` too; the unit may follow each number) or
        ``EVLOW..EVHIGH`` (``EVLOW..HIGH``, ``LOW..HIGHEV``); case-insensitive, spaces
        allowed. Lux are the horizontal illuminance from the Sun and clear sky
        (:func:`illuminance_lux`); EV are at ISO 100 for incident light.
    field
        How the caller names the input (``--light``, ``light``) in error messages.
    model
        A name in :data:`ILLUMINANCE_MODELS`.

    Returns
    -------
    BrightnessBand
        With the Sun elevations of both limits (:func:`elevation_for_illuminance_deg`).

    Raises
    ------
    InputError
        For text of another form, a limit that is not a positive lux, a reversed or empty
        range; OutOfRangeError for a band darker than astronomical twilight (-18 deg) or
        brighter than the Sun at the zenith.

    Examples
    --------
    >>> band = brightness_band("EV6..EV9")
    >>> band.lower_lux, band.upper_lux, round(band.lower_deg, 2), round(band.upper_deg, 2)
    (160.0, 1280.0, -2.2, 1.02)
    >>> str(brightness_band("300 .. 3000 lx"))
    '300 .. 3000 lx (300..3e+03 lux, EV100 +6.9..+10.2, -1.41..+3.37 deg)'
    """
    if not isinstance(spec, str):
        raise InputError(field, spec, BRIGHTNESS_FORMS, "is not text")
    chosen = get_model(model)
    low, high, unit = _parse_brightness(spec, field)
    _check_range(low, high, unit, spec, field, chosen)
    if unit == "ev100":
        low, high = EV100_ZERO_LUX * 2.0**low, EV100_ZERO_LUX * 2.0**high
    low_lux, high_lux = _lux_limits(chosen)
    low_ev = math.log2(low_lux / EV100_ZERO_LUX)
    high_ev = math.log2(high_lux / EV100_ZERO_LUX)
    allowed = (
        f"{low_lux:.2g} to {high_lux:,.0f} lux, EV100 {low_ev:.1f} to {high_ev:.1f} "
        "(astronomical twilight to the zenith)"
    )
    if low < low_lux * (1 - 1e-12):
        raise OutOfRangeError(field, spec, allowed, "asks for darker than astronomical twilight")
    if high > high_lux * (1 + 1e-12):
        raise OutOfRangeError(field, spec, allowed, "asks for brighter than the Sun at the zenith")
    lower_deg, upper_deg = elevation_for_illuminance_deg(
        np.array([low, high]), model=chosen, field=field
    )
    if not lower_deg < upper_deg:
        raise InputError(
            field, spec, allowed, "is narrower than the model resolves (one elevation)"
        )
    return BrightnessBand(
        spec.strip(),
        float(lower_deg),
        float(upper_deg),
        float(low),
        float(high),
        unit,
        chosen.name,
        f"brightness band, Sun and clear sky on a horizontal surface ({chosen.name})",
    )
