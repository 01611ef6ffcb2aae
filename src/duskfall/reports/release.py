"""The release point and its dispersion as a JSON-ready dict and as a terminal report.

Keys carry their unit (``_m``, ``_s``, ``_mps``, ``_deg``); bearings and headings are
degrees clockwise from true north unless the key says ``_magnetic``; points are
``{lat, lon, distance_m, bearing_deg}`` with distance and bearing from the target;
times ISO-8601 UTC ending in ``Z``; ``null`` where a value does not exist.
"""

from __future__ import annotations

import math
from typing import Any

from rich.console import Console
from rich.table import Table

from duskfall import __version__
from duskfall.constants import NAUTICAL_MILE_M
from duskfall.notices import merge
from duskfall.release import Dispersion, Ellipse, GeoPoint, ReleasePoint
from duskfall.reports.formatting import AVIATION, UnitSystem, ellipse_text, rounded
from duskfall.reports.terminal import notice_line
from duskfall.reports.wording import notice_to_dict
from duskfall.timeutil import iso_utc

DECLINATION_MODEL = "IGRF-14 (International Geomagnetic Reference Field, 14th generation)"


def point_to_dict(point: GeoPoint | None) -> dict[str, float] | None:
    """``{lat, lon, distance_m, bearing_deg}`` of a point, or None."""
    if point is None:
        return None
    return {
        "lat": round(point.latitude_deg, 6),
        "lon": round(point.longitude_deg, 6),
        "distance_m": round(point.distance_m, 1),
        "bearing_deg": round(point.bearing_deg, 1),
    }


def ellipse_to_dict(ellipse: Ellipse) -> dict[str, float]:
    """``{semi_major_m, semi_minor_m, orientation_deg, center_east_m, center_north_m}``."""
    return {
        "semi_major_m": round(ellipse.semi_major_m, 1),
        "semi_minor_m": round(ellipse.semi_minor_m, 1),
        "orientation_deg": round(ellipse.orientation_deg, 1),
        "center_east_m": round(ellipse.center_east_m, 1),
        "center_north_m": round(ellipse.center_north_m, 1),
    }


def release_to_dict(
    release: ReleasePoint, spread: Dispersion | None = None, units: UnitSystem = AVIATION
) -> dict[str, Any]:
    """The release point (and its dispersion, if given) as a JSON-ready dict."""
    trajectory = release.trajectory
    groups = []
    for group in release.groups:
        exit_time = None
        if release.exit_time_utc_s is not None:
            exit_time = iso_utc(release.exit_time_utc_s + group.time_from_release_s)
        groups.append(
            {
                "index": group.index + 1,
                **point_to_dict(group.point),
                "along_track_m": round(group.along_track_m, 1),
                "time_from_release_s": rounded(group.time_from_release_s, 1),
                "exit_time_utc": exit_time,
                "in_green_zone": group.in_green_zone,
            }
        )
    result: dict[str, Any] = {
        "duskfall_version": __version__,
        "target": {
            "lat": release.target.latitude_deg,
            "lon": release.target.longitude_deg,
            "ground_elevation_m": release.ground_elevation_m,
        },
        "exit_altitude_m": round(release.exit_altitude_m, 1),
        "deploy_altitude_m": round(release.deploy_altitude_m, 1),
        "exit_time_utc": iso_utc(release.exit_time_utc_s),
        "aim": release.aim,
        "aim_point": point_to_dict(release.aim_point),
        "release_point": point_to_dict(release.release_point),
        "jump_run_heading_deg_true": round(release.jump_run_track_deg_true, 1),
        "jump_run_heading_deg_magnetic": rounded(release.jump_run_track_deg_magnetic, 1),
        "aircraft_heading_deg_true": round(release.aircraft_heading_deg_true, 1),
        "aircraft_heading_deg_magnetic": rounded(release.aircraft_heading_deg_magnetic, 1),
        "magnetic_declination_deg": rounded(release.magnetic_declination_deg, 2),
        "declination_model": DECLINATION_MODEL
        if release.magnetic_declination_deg is not None
        else None,
        "aircraft_true_airspeed_mps": round(release.aircraft_true_airspeed_mps, 1),
        "ground_speed_mps": round(release.ground_speed_mps, 1),
        "exit_wind": {
            "from_deg": round(release.exit_wind_from_deg, 0),
            "speed_mps": round(release.exit_wind_speed_mps, 1),
        },
        "green_light": point_to_dict(release.green_light),
        "red_light": point_to_dict(release.red_light),
        "green_to_red_s": rounded(release.green_to_red_s, 1),
        "groups": groups,
        "deploy_point": point_to_dict(release.deploy_point),
        "opening_point": point_to_dict(release.opening_point),
        "opening_altitude_m": round(release.opening_altitude_m, 1),
        "landing_point_unsteered": point_to_dict(release.landing_point),
        "canopy": {
            "model": release.canopy,
            "time_s": round(release.canopy_time_s, 1),
            "reach_center": point_to_dict(release.reach_center),
            "reach_radius_m": round(release.reach_radius_m, 1),
            "target_reachable": release.target_reachable,
            "reach_margin_m": round(release.reach_margin_m, 1),
        },
        "freefall_duration_s": round(trajectory.freefall_duration_s, 1),
        "landing_time_s": round(trajectory.landing_time_s, 1),
        "wind": {
            "source": release.wind_source,
            "valid_time_utc": iso_utc(release.wind_valid_time_utc_s),
        },
        "landing_ellipse_50": None,
        "landing_ellipse_95": None,
        "deploy_ellipse_95": None,
        "p_land_within_radius": None,
        "radius_m": None,
        "p_target_reachable": None,
        "p_action_in_light": None,
        "dispersion": None,
        "warnings": [notice_to_dict(n, units) for n in release.notices],
    }
    if spread is not None:
        result.update(
            {
                "landing_ellipse_50": ellipse_to_dict(spread.landing_ellipse_50),
                "landing_ellipse_95": ellipse_to_dict(spread.landing_ellipse_95),
                "deploy_ellipse_95": ellipse_to_dict(spread.deploy_ellipse_95),
                "p_land_within_radius": round(spread.p_land_within_radius, 4),
                "radius_m": spread.radius_m,
                "p_target_reachable": round(spread.p_target_reachable, 4),
                "p_action_in_light": rounded(spread.p_action_in_light, 4),
                "dispersion": {
                    "members": spread.members,
                    "seed": spread.seed,
                    "standard_error": round(float(spread.standard_error), 4),
                    "wind_error_altitudes_m": list(spread.uncertainty.wind.altitude_m),
                    "wind_error_sigma_mps": list(spread.uncertainty.wind.sigma_mps),
                    "wind_error_correlation_length_m": spread.uncertainty.wind.correlation_length_m,
                    "cda_relative_sigma": spread.uncertainty.cda_relative,
                    "exit_time_sigma_s": spread.uncertainty.exit_time_s,
                    "exit_along_track_sigma_m": spread.uncertainty.exit_along_track_m,
                    "exit_cross_track_sigma_m": spread.uncertainty.exit_cross_track_m,
                },
            }
        )
        notices = merge(release.notices, spread.notices)
        result["warnings"] = [notice_to_dict(n, units) for n in notices]
    return result


def _where(point: GeoPoint | None, units: UnitSystem) -> str:
    if point is None:
        return "-"
    distance = (
        f"{point.distance_m:,.0f} m"
        if units.metric
        else f"{point.distance_m / NAUTICAL_MILE_M:.2f} NM ({point.distance_m:,.0f} m)"
    )
    return (
        f"{point.latitude_deg:.5f}, {point.longitude_deg:.5f}   "
        f"{distance} at {point.bearing_deg:03.0f}° from target"
    )


def _heading(true_deg: float, magnetic_deg: float | None) -> str:
    magnetic = "" if magnetic_deg is None else f" ({magnetic_deg:03.0f}° magnetic)"
    return f"{true_deg:03.0f}° true{magnetic}"


def release_table(
    release: ReleasePoint, spread: Dispersion | None = None, units: UnitSystem = AVIATION
) -> Table:
    """The release point (and its dispersion) as a rich table, aviation units by default."""
    speed, height = units.speed, units.altitude

    table = Table(title="Release point", show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_row("Target", _where(release.target, units).split("   ")[0])
    table.add_row("Winds", release.wind_source)
    table.add_row(
        "Exit wind",
        f"{release.exit_wind_from_deg:03.0f}° at {speed(release.exit_wind_speed_mps)} "
        f"({height(release.exit_altitude_m)} MSL)",
    )
    table.add_row("Release point", _where(release.release_point, units))
    table.add_row(
        "Jump run",
        f"{_heading(release.jump_run_track_deg_true, release.jump_run_track_deg_magnetic)}, "
        f"ground speed {speed(release.ground_speed_mps)}",
    )
    table.add_row(
        "Aircraft heading",
        _heading(release.aircraft_heading_deg_true, release.aircraft_heading_deg_magnetic),
    )
    if release.magnetic_declination_deg is not None:
        table.add_row("Declination", f"{release.magnetic_declination_deg:+.1f}° (east +, IGRF-14)")
    table.add_row("Green light", _where(release.green_light, units))
    # The red light that comes back on at the end of the green-light zone, not the
    # stand-by red light of the jump run's start (the timeline's).
    table.add_row("Red light (stop)", _where(release.red_light, units))
    if release.green_to_red_s is not None:
        table.add_row("Green to red", f"{release.green_to_red_s:.0f} s")
    for group in release.groups if len(release.groups) > 1 else ():
        mark = "" if group.in_green_zone else "  OUTSIDE the green-light zone"
        table.add_row(
            f"Group {group.index + 1}",
            f"{_where(group.point, units)}   {group.time_from_release_s:+.0f} s{mark}",
        )
    table.add_row(
        f"Opening ({height(release.opening_altitude_m)})", _where(release.opening_point, units)
    )
    # A ram-air canopy that does not steer for the target holds into the wind, away from
    # the centre of its reach; a round one drifts (its reach is 0 m wide), as does any
    # canopy in calm air.
    landing, center = release.landing_point, release.reach_center
    held = math.hypot(landing.east_m - center.east_m, landing.north_m - center.north_m) > 1.0
    label = "Landing, into wind" if held else "Unsteered landing"
    table.add_row(label, _where(release.landing_point, units))
    table.add_row(
        "Canopy reach",
        f"{release.reach_radius_m:,.0f} m around {_where(release.reach_center, units)}; "
        f"target {'within reach' if release.target_reachable else 'OUT OF REACH'} "
        f"(margin {release.reach_margin_m:,.0f} m)",
    )
    trajectory = release.trajectory
    table.add_row(
        "Free fall / landing",
        f"{trajectory.freefall_duration_s:.0f} s / {trajectory.landing_time_s:.0f} s after exit",
    )
    if spread is not None:
        e95 = spread.landing_ellipse_95
        d95 = spread.deploy_ellipse_95
        for name, ellipse in (("Landing 95 %", e95), ("Deployment 95 %", d95)):
            table.add_row(name, ellipse_text(ellipse))
        table.add_row(
            f"Within {spread.radius_m:,.0f} m",
            f"{spread.p_land_within_radius:.1%} of {spread.members:,} jumps (seed {spread.seed})",
        )
        table.add_row("Target reachable", f"{spread.p_target_reachable:.1%}")
        if spread.p_action_in_light is not None:
            table.add_row("Action in the light", f"{spread.p_action_in_light:.1%}")
    return table


def render_release(
    release: ReleasePoint,
    console: Console,
    spread: Dispersion | None = None,
    units: UnitSystem = AVIATION,
) -> None:
    """Print the release point (and its dispersion) and its notices."""
    console.print(release_table(release, spread, units))
    for notice in merge(release.notices, () if spread is None else spread.notices):
        console.print(notice_line(notice, units))
