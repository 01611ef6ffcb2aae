"""The release point: where the aircraft must be at the green light, and how sure we are.

Military planners call it the HARP (high-altitude release point) or CARP (computed air
release point); drop zones call it the spot. The same trajectory that the plan times
(free fall with drag through the standard atmosphere, deployment, canopy) is integrated
through the winds aloft; the jumper's displacement from the exit point does not depend
on where the exit is (the winds are taken at the drop zone and vary with altitude and
time only), so the exit point is the aim point minus that displacement, found with one
trajectory and no iteration.

- :func:`find_jump_run` -> :class:`JumpRun`: the track (into the wind unless given), the
  heading that holds it and the ground speed;
- :func:`find_release_point` (or :func:`release_point` for a jump already simulated on
  its jump run) -> :class:`ReleasePoint`: the exit point (lat/lon, distance
  and bearing from the target), the jump-run track and the aircraft's heading (true and
  magnetic), the green- and red-light points, the exits of several groups, and the
  canopy's reachable area (from the same trajectory: no second simulation);
- :func:`dispersion` -> :class:`Dispersion`: a Monte Carlo ensemble over wind error by
  altitude, drag-area spread, exit-time and exit-position error, with an explicit seed:
  landing and opening ellipses (50 % and 95 %), the probability of landing within a
  radius of the target and the probability that the action stays in the light window.

Conventions: positions in a local east-north plane with its origin at the target [m];
headings and bearings in degrees clockwise from true north; magnetic values from the
International Geomagnetic Reference Field (IGRF-14, through ``pyIGRF14``).

References
----------
Alken, P. et al. (2021), International Geomagnetic Reference Field: the thirteenth
generation, Earth Planets Space 73, 49, doi:10.1186/s40623-020-01288-x; IGRF-14
coefficients: IAGA (2024), doi:10.5281/zenodo.14012302.

Karney, C. F. F. (2013), Algorithms for geodesics, J. Geodesy 87, 43-55,
doi:10.1007/s00190-012-0578-z (geographiclib: positions on the WGS84 ellipsoid).
"""

from duskfall.release.dispersion import (
    DISPERSION_RTOL,
    MAX_MEMBERS,
    MEMBERS_ALLOWED,
    MIN_MEMBERS,
    Dispersion,
    Ellipse,
    Uncertainty,
    dispersion,
    ellipse,
)
from duskfall.release.geometry import (
    IGRF_FIRST_YEAR,
    IGRF_LAST_YEAR,
    GeoPoint,
    locate,
    magnetic_declination_deg,
    unit_vector,
)
from duskfall.release.spot import (
    DEFAULT_GROUP_SEPARATION_M,
    REACH_RESERVE_FRACTION,
    GroupExit,
    JumpRun,
    ReleasePoint,
    SpotOptions,
    find_jump_run,
    find_release_point,
    release_point,
)

__all__ = [
    "DEFAULT_GROUP_SEPARATION_M",
    "DISPERSION_RTOL",
    "IGRF_FIRST_YEAR",
    "IGRF_LAST_YEAR",
    "MAX_MEMBERS",
    "MEMBERS_ALLOWED",
    "MIN_MEMBERS",
    "REACH_RESERVE_FRACTION",
    "Dispersion",
    "Ellipse",
    "GeoPoint",
    "GroupExit",
    "JumpRun",
    "ReleasePoint",
    "SpotOptions",
    "Uncertainty",
    "dispersion",
    "ellipse",
    "find_jump_run",
    "find_release_point",
    "locate",
    "magnetic_declination_deg",
    "release_point",
    "unit_vector",
]
