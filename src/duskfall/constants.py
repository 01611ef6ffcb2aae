"""Physical constants and unit conversions, each with its value, unit and source.

Everything here is SI unless the name says otherwise. Conversions to aviation units
(feet, knots, miles per hour) live here so that the edges of the program (CLI and
reports) share one definition.
"""

# --- Gravity and the Earth -------------------------------------------------------------

STANDARD_GRAVITY_MPS2 = 9.80665
"""Standard acceleration of gravity g0 [m/s^2]. 3rd CGPM (1901); also the value used by
the U.S. Standard Atmosphere 1976 (NOAA-S/T 76-1562, p. 2)."""

EARTH_RADIUS_US1976_M = 6_356_766.0
"""Effective Earth radius r0 used by the U.S. Standard Atmosphere 1976 for the
geopotential/geometric altitude conversion and the inverse-square gravity law [m].
NOAA-S/T 76-1562, eq. 18."""

EARTH_MEAN_RADIUS_M = 6_371_008.8
"""Mean radius of the Earth R1 = (2a + b)/3 of the GRS80/WGS84 ellipsoid [m].
Moritz, H. (2000), Geodetic Reference System 1980, J. Geodesy 74, 128-133."""

# --- The Sun -----------------------------------------------------------------------------

SUN_SEMIDIAMETER_DEG = 16.0 / 60.0
"""Mean apparent semi-diameter of the Sun, 16 arcminutes [deg]. The value used by the
U.S. Naval Observatory for rise/set computations (Explanatory Supplement to the
Astronomical Almanac, 3rd ed., 2013, sec. 15.4)."""

STANDARD_HORIZON_REFRACTION_DEG = 34.0 / 60.0
"""Standard astronomical refraction at the horizon for an observer at sea level,
34 arcminutes [deg] (Explanatory Supplement, 2013, sec. 15.4). With the semi-diameter
it gives the conventional sunrise/sunset altitude of -50' = -0.8333 deg."""

SUNSET_ELEVATION_DEG = -(SUN_SEMIDIAMETER_DEG + STANDARD_HORIZON_REFRACTION_DEG)
"""Geometric elevation of the Sun's centre at sunrise/sunset for a sea-level observer,
-0.8333 deg (USNO/NOAA convention, Explanatory Supplement 2013, sec. 15.4)."""

# --- Unit conversions (exact by definition) ----------------------------------------------

FOOT_M = 0.3048
"""International foot [m], exact. International Yard and Pound Agreement (1959)."""

NAUTICAL_MILE_M = 1852.0
"""International nautical mile [m], exact. International Hydrographic Conference (1929)."""

KNOT_MPS = NAUTICAL_MILE_M / 3600.0
"""Knot, one nautical mile per hour [m/s], exact."""

STATUTE_MILE_M = 1609.344
"""International statute mile [m], exact (1959 agreement)."""

MPH_MPS = STATUTE_MILE_M / 3600.0
"""Mile per hour [m/s], exact."""

POUND_KG = 0.45359237
"""International avoirdupois pound [kg], exact (1959 agreement)."""

HECTOPASCAL_PA = 100.0
"""Hectopascal (millibar) [Pa], exact."""
