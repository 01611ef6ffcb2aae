"""The release point as files a pilot or a planner can load: GeoJSON, KML and GPX.

Written from the formats' published specifications with the standard library (``json``
and ``xml.etree``), so that nothing else is needed to produce them:

- GeoJSON, RFC 7946 (2016): a FeatureCollection; positions are [longitude, latitude]
  (and altitude in metres), polygons closed and counter-clockwise.
- KML 2.2, OGC 07-147r2 (2008): Placemarks with Point, LineString and Polygon;
  coordinates ``lon,lat,alt``; exit points at the exit altitude (``absolute``).
- GPX 1.1 (Topografix, 2004): waypoints (``wpt``, with ``magvar`` the magnetic
  variation) and the jump run as a route (``rte``), which flight planning apps import
  as user waypoints and a route. Names are short upper-case words for avionics.

Each export carries the target, the release point, the green and red lights, the
group exits, the jump-run line, the opening point, the canopy's reachable area and,
when a dispersion is given, the 50 % and 95 % landing ellipses.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import numpy as np

from duskfall import __version__
from duskfall.release import Dispersion, Ellipse, GeoPoint, ReleasePoint, locate
from duskfall.reports.formatting import AVIATION, UnitSystem
from duskfall.timeutil import iso_utc

KML_NAMESPACE = "http://www.opengis.net/kml/2.2"
GPX_NAMESPACE = "http://www.topografix.com/GPX/1/1"

RUN_IN_M = 3000.0
"""Length of the jump-run line drawn before the green light and after the red light [m]."""


def _round(value: float, digits: int = 7) -> float:
    return round(float(value), digits)


def _points(release: ReleasePoint, units: UnitSystem) -> list[tuple[str, GeoPoint, float, str]]:
    """(name, point, altitude [m MSL], description) of every waypoint."""
    exit_altitude = release.exit_altitude_m
    items = [
        ("TARGET", release.target, release.ground_elevation_m, "target (landing area)"),
        (
            "RELEASE",
            release.release_point,
            exit_altitude,
            f"release point: exit at {units.altitude(exit_altitude)} MSL, jump run "
            f"{release.jump_run_track_deg_true:03.0f} true",
        ),
    ]
    if release.green_light is not None:
        items.append(("GREEN", release.green_light, exit_altitude, "green light: first exit"))
        items.append(("RED", release.red_light, exit_altitude, "red light: last exit"))
    if len(release.groups) > 1:
        for group in release.groups:
            items.append(
                (
                    f"EXIT{group.index + 1}",
                    group.point,
                    exit_altitude,
                    f"group {group.index + 1} exit, {group.time_from_release_s:+.0f} s from "
                    "the release point",
                )
            )
    items.append(
        (
            "OPENING",
            release.opening_point,
            release.opening_altitude_m,
            f"canopy open at {units.altitude(release.opening_altitude_m)} MSL",
        )
    )
    return items


def _jump_run(release: ReleasePoint) -> list[GeoPoint]:
    track = np.radians(release.jump_run_track_deg_true)
    unit = np.array([np.sin(track), np.cos(track)])
    first = release.green_light or release.release_point
    last = release.red_light or release.release_point
    start = np.array([first.east_m, first.north_m]) - RUN_IN_M * unit
    end = np.array([last.east_m, last.north_m]) + RUN_IN_M * unit
    lat, lon = release.target.latitude_deg, release.target.longitude_deg
    return [locate(lat, lon, *start), first, last, locate(lat, lon, *end)]


def _ring(release: ReleasePoint, east, north) -> list[GeoPoint]:
    lat, lon = release.target.latitude_deg, release.target.longitude_deg
    ring = [locate(lat, lon, float(e), float(n)) for e, n in zip(east, north, strict=True)]
    return [*ring, ring[0]]


def _reach_ring(release: ReleasePoint, points: int = 72) -> list[GeoPoint]:
    # Counter-clockwise (RFC 7946 right-hand rule for exterior rings).
    angle = np.linspace(0.0, 2 * np.pi, points, endpoint=False)
    east = release.reach_center.east_m + release.reach_radius_m * np.cos(angle)
    north = release.reach_center.north_m + release.reach_radius_m * np.sin(angle)
    return _ring(release, east, north)


def _ellipses(spread: Dispersion | None) -> list[tuple[str, Ellipse]]:
    if spread is None:
        return []
    return [
        ("landing ellipse 50 %", spread.landing_ellipse_50),
        ("landing ellipse 95 %", spread.landing_ellipse_95),
    ]


def to_geojson(
    release: ReleasePoint, spread: Dispersion | None = None, units: UnitSystem = AVIATION
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (RFC 7946) of the release point; ``json.dumps`` it."""

    def position(point: GeoPoint, altitude: float | None = None) -> list[float]:
        xy = [_round(point.longitude_deg), _round(point.latitude_deg)]
        return xy if altitude is None else [*xy, round(float(altitude), 1)]

    features = []
    for name, point, altitude, description in _points(release, units):
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": position(point, altitude)},
                "properties": {
                    "name": name,
                    "description": description,
                    "altitude_m": round(altitude, 1),
                    "distance_m": round(point.distance_m, 1),
                    "bearing_deg": round(point.bearing_deg, 1),
                },
            }
        )
    features.append(
        {
            "type": "Feature",
            "geometry": {
                "type": "LineString",
                "coordinates": [position(p) for p in _jump_run(release)],
            },
            "properties": {
                "name": "JUMP RUN",
                "heading_deg_true": round(release.jump_run_track_deg_true, 1),
                "heading_deg_magnetic": None
                if release.jump_run_track_deg_magnetic is None
                else round(release.jump_run_track_deg_magnetic, 1),
            },
        }
    )
    polygons = [("canopy reach", _reach_ring(release))]
    for name, ellipse in _ellipses(spread):
        east, north = ellipse.boundary()
        polygons.append((name, _ring(release, east, north)))
    for name, ring in polygons:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [[position(p) for p in ring]]},
                "properties": {"name": name},
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "properties": {
            "generator": f"duskfall {__version__}",
            "exit_time_utc": iso_utc(release.exit_time_utc_s),
            "wind_source": release.wind_source,
        },
    }


def geojson_text(
    release: ReleasePoint, spread: Dispersion | None = None, units: UnitSystem = AVIATION
) -> str:
    """:func:`to_geojson` as indented JSON text."""
    return json.dumps(to_geojson(release, spread, units), indent=2)


def _coordinates(points: list[GeoPoint], altitude: float | None = None) -> str:
    if altitude is None:
        return " ".join(f"{_round(p.longitude_deg)},{_round(p.latitude_deg)}" for p in points)
    return " ".join(
        f"{_round(p.longitude_deg)},{_round(p.latitude_deg)},{altitude:.1f}" for p in points
    )


def to_kml(
    release: ReleasePoint, spread: Dispersion | None = None, units: UnitSystem = AVIATION
) -> str:
    """A KML 2.2 document of the release point."""
    ET.register_namespace("", KML_NAMESPACE)

    def tag(name: str) -> str:
        return f"{{{KML_NAMESPACE}}}{name}"

    kml = ET.Element(tag("kml"))
    document = ET.SubElement(kml, tag("Document"))
    ET.SubElement(document, tag("name")).text = "duskfall release point"
    ET.SubElement(
        document, tag("description")
    ).text = f"Winds: {release.wind_source}. Exit time: {iso_utc(release.exit_time_utc_s) or '-'}."

    def placemark(name: str, description: str | None = None):
        mark = ET.SubElement(document, tag("Placemark"))
        ET.SubElement(mark, tag("name")).text = name
        if description:
            ET.SubElement(mark, tag("description")).text = description
        return mark

    for name, point, altitude, description in _points(release, units):
        geometry = ET.SubElement(placemark(name, description), tag("Point"))
        ET.SubElement(geometry, tag("altitudeMode")).text = "absolute"
        ET.SubElement(geometry, tag("coordinates")).text = _coordinates([point], altitude)
    line = ET.SubElement(
        placemark("JUMP RUN", f"track {release.jump_run_track_deg_true:03.0f} true"),
        tag("LineString"),
    )
    ET.SubElement(line, tag("tessellate")).text = "1"
    ET.SubElement(line, tag("coordinates")).text = _coordinates(_jump_run(release))
    polygons = [("CANOPY REACH", _reach_ring(release))]
    for name, ellipse in _ellipses(spread):
        east, north = ellipse.boundary()
        polygons.append((name.upper(), _ring(release, east, north)))
    for name, ring in polygons:
        polygon = ET.SubElement(placemark(name), tag("Polygon"))
        ET.SubElement(polygon, tag("tessellate")).text = "1"
        boundary = ET.SubElement(ET.SubElement(polygon, tag("outerBoundaryIs")), tag("LinearRing"))
        ET.SubElement(boundary, tag("coordinates")).text = _coordinates(ring)
    ET.indent(kml)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(kml, encoding="unicode") + "\n"


def to_gpx(release: ReleasePoint, units: UnitSystem = AVIATION) -> str:
    """A GPX 1.1 file: the waypoints and the jump run as a route."""
    ET.register_namespace("", GPX_NAMESPACE)

    def tag(name: str) -> str:
        return f"{{{GPX_NAMESPACE}}}{name}"

    gpx = ET.Element(tag("gpx"), {"version": "1.1", "creator": f"duskfall {__version__}"})
    metadata = ET.SubElement(gpx, tag("metadata"))
    ET.SubElement(metadata, tag("name")).text = "duskfall release point"
    ET.SubElement(metadata, tag("desc")).text = f"Winds: {release.wind_source}"
    declination = release.magnetic_declination_deg

    def waypoint(parent, element: str, name: str, point: GeoPoint, altitude, description):
        # Child order follows the GPX 1.1 schema: ele, time, magvar, ..., name, cmt, desc.
        node = ET.SubElement(
            parent,
            tag(element),
            {"lat": f"{_round(point.latitude_deg)}", "lon": f"{_round(point.longitude_deg)}"},
        )
        if altitude is not None:
            ET.SubElement(node, tag("ele")).text = f"{altitude:.1f}"
        if release.exit_time_utc_s is not None and name == "RELEASE":
            ET.SubElement(node, tag("time")).text = iso_utc(release.exit_time_utc_s)
        if declination is not None:
            # GPX magvar is 0-360 degrees; a westerly variation is 360 minus its size.
            ET.SubElement(node, tag("magvar")).text = f"{declination % 360.0:.2f}"
        ET.SubElement(node, tag("name")).text = name
        if description:
            ET.SubElement(node, tag("desc")).text = description
        return node

    for name, point, altitude, description in _points(release, units):
        waypoint(gpx, "wpt", name, point, altitude, description)
    route = ET.SubElement(gpx, tag("rte"))
    ET.SubElement(route, tag("name")).text = "JUMP RUN"
    ET.SubElement(route, tag("desc")).text = (
        f"track {release.jump_run_track_deg_true:03.0f} true"
        + (
            ""
            if release.jump_run_track_deg_magnetic is None
            else f", {release.jump_run_track_deg_magnetic:03.0f} magnetic"
        )
    )
    names = ["RUNIN", "GREEN", "RED", "RUNOUT"]
    for name, point in zip(names, _jump_run(release), strict=True):
        waypoint(route, "rtept", name, point, release.exit_altitude_m, None)
    ET.indent(gpx)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(gpx, encoding="unicode") + "\n"
