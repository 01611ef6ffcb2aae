"""The release point as files a pilot or a planner can load: GeoJSON, KML (and KMZ) and GPX.

Written from the formats' published specifications with the standard library (``json``,
``xml.etree`` and ``zipfile``), so that nothing else is needed to produce them:

- GeoJSON, RFC 7946 (2016): a FeatureCollection; positions are [longitude, latitude]
  (and altitude in metres), polygons closed and counter-clockwise.
- KML 2.2, OGC 07-147r2 (2008), with Google's extension ``gx:Track`` (kml22gx.xsd): a
  style for every kind of feature (colours ``aabbggrr``, line widths, the canopy's
  reachable area a translucent disc); what is in the air is drawn at its altitude MSL
  (``altitudeMode`` ``absolute``): the release point and the lights at the exit altitude
  with a stalk to the ground, the jump run at the exit altitude, the fall as a
  time-stamped ``gx:Track`` (a line at its altitudes without an exit time), the
  deployment ellipses at the deployment altitude; what is on the ground is clamped to
  it: the target, the canopy's reach and the landing ellipse. KMZ is the same document
  zipped as ``doc.kml`` (Google's KMZ convention).
- GPX 1.1 (Topografix, 2004): waypoints (``wpt``, with ``magvar`` the magnetic
  variation), the jump run as a route (``rte``), which flight planning apps import as
  user waypoints and a route, and the fall and the ellipses as tracks (``trk``) with
  their elevations (and the fall's times). Names are short upper-case words for
  avionics.

Each export carries the target, the release point, the green and red lights, the group
exits, the jump-run line, the opening point, the canopy's reachable area and, with a
dispersion, the deployment ellipses (50 % and 95 %) and the landing ellipses where they
say something: when every jumper steers onto the target the landings collapse to a point
and the 50 % ellipse is the 95 % one; then only one is written (none if it is a point).
"""

from __future__ import annotations

import io
import itertools
import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from duskfall import __version__
from duskfall.errors import InputError
from duskfall.release import Dispersion, Ellipse, GeoPoint, ReleasePoint, locate
from duskfall.reports.formatting import AVIATION, SAME_ELLIPSE_M, UnitSystem, ellipse_text
from duskfall.timeutil import iso_utc

KML_NAMESPACE = "http://www.opengis.net/kml/2.2"
GX_NAMESPACE = "http://www.google.com/kml/ext/2.2"
GPX_NAMESPACE = "http://www.topografix.com/GPX/1/1"

FALL_POINTS = 300
"""Most points of the fall in an export (every sample of the trajectory, thinned)."""


STYLES = {
    # id: (line colour aabbggrr, line width [px], fill colour or None, icon scale or None)
    # Colours are the Okabe-Ito palette of the figures (Okabe and Ito 2008).
    "target": ("ff000000", 2.0, None, 1.1),
    "air-pin": ("ff42e4f0", 2.0, None, 1.0),  # yellow #F0E442, with a stalk to the ground
    "jump-run": ("ff000000", 3.0, None, None),
    "fall": ("ffb27200", 4.0, None, None),  # blue #0072B2
    "canopy-reach": ("ff739e00", 2.0, "40739e00", None),  # bluish green, 25 % opaque
    "openings": ("ff005ed5", 2.5, "33005ed5", None),  # vermillion, 20 % opaque
    "landings": ("ffe9b456", 2.5, "33e9b456", None),  # sky blue
}
"""The KML styles: every placemark refers to one (``styleUrl``)."""

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
        items.append(("RED", release.red_light, exit_altitude, "red light (stop): last exit"))
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


def _distinct(a: Ellipse, b: Ellipse) -> bool:
    return (
        abs(a.semi_major_m - b.semi_major_m) >= SAME_ELLIPSE_M
        or abs(a.semi_minor_m - b.semi_minor_m) >= SAME_ELLIPSE_M
    )


def ellipses(
    release: ReleasePoint, spread: Dispersion | None
) -> list[tuple[str, Ellipse, float | None]]:
    """(name, ellipse, altitude [m MSL] or None on the ground) of the dispersion's
    ellipses: the deployment ellipses at the deployment altitude; the landing ellipses,
    the 50 % one only if it differs from the 95 % one, neither if that is a point."""
    if spread is None:
        return []
    found = [
        ("deployment ellipse 50 %", spread.deploy_ellipse_50, release.deploy_altitude_m),
        ("deployment ellipse 95 %", spread.deploy_ellipse_95, release.deploy_altitude_m),
    ]
    wide, narrow = spread.landing_ellipse_95, spread.landing_ellipse_50
    if wide.semi_major_m >= SAME_ELLIPSE_M:
        if _distinct(wide, narrow):
            found.append(("landing ellipse 50 %", narrow, None))
        found.append(("landing ellipse 95 %", wide, None))
    return found


def _style_of(name: str) -> str:
    return "openings" if name.startswith("deployment") else "landings"


def fall_points(release: ReleasePoint) -> list[tuple[GeoPoint, float, float]]:
    """(point, altitude [m MSL], time after exit [s]) along the nominal fall from the
    release point to the landing, at most :data:`FALL_POINTS` of them."""
    trajectory = release.trajectory
    step = max(int(np.ceil(trajectory.time_s.size / FALL_POINTS)), 1)
    keep = np.unique(np.r_[np.arange(0, trajectory.time_s.size, step), trajectory.time_s.size - 1])
    east = release.release_point.east_m + trajectory.east_m[keep] - trajectory.east_m[0]
    north = release.release_point.north_m + trajectory.north_m[keep] - trajectory.north_m[0]
    lat, lon = release.target.latitude_deg, release.target.longitude_deg
    return [
        (locate(lat, lon, float(e), float(n)), float(a), float(t))
        for e, n, a, t in zip(
            east, north, trajectory.altitude_m[keep], trajectory.time_s[keep], strict=True
        )
    ]


def _unwrapped(positions: list[list[float]]) -> list[list[float]]:
    """The positions with longitudes made continuous (no step over 180 deg)."""
    result, shift = [], 0.0
    for i, (lon, *rest) in enumerate(positions):
        if i:
            step = lon + shift - result[-1][0]
            shift -= 360.0 * round(step / 360.0)
        result.append([lon + shift, *rest])
    return result


def _wrapped(position: list[float]) -> list[float]:
    """A position with its longitude back in [-180, 180]."""
    lon, *rest = position
    wrapped = (lon + 180.0) % 360.0 - 180.0
    if wrapped == -180.0 and lon > 0:
        wrapped = 180.0  # the east side of the cut stays at +180
    return [_round(wrapped), *rest]


def _on_meridian(a: list[float], b: list[float], meridian: float) -> list[float]:
    """The point of segment ``a``-``b`` (unwrapped) at longitude ``meridian``, rounded as
    the exports' positions are (latitude to 1e-7 deg, altitude to 0.1 m)."""
    f = (meridian - a[0]) / (b[0] - a[0])
    lat, *altitude = (u + f * (v - u) for u, v in zip(a[1:], b[1:], strict=True))
    return [meridian, _round(lat), *(round(z, 1) for z in altitude)]


def _turn(lon: float) -> int:
    """Which copy of the -180..180 band an unwrapped longitude is in (180 starts the next)."""
    return int(np.floor((lon + 180.0) / 360.0))


def _on_a_meridian(lon: float) -> bool:
    return abs((lon + 180.0) % 360.0) < 1e-9 or abs((lon + 180.0) % 360.0 - 360.0) < 1e-9


def _one_side(part: list[list[float]]) -> list[list[float]]:
    """An unwrapped part that crosses no antimeridian, in -180..180, its points on the
    meridian at +180 or -180 as the rest of the part lies, and without repeated points."""
    inside = next((p for p in part if not _on_a_meridian(p[0])), part[0])
    side = 180.0 if _wrapped(inside)[0] >= 0 else -180.0
    wrapped = [[side, *p[1:]] if _on_a_meridian(p[0]) else _wrapped(p) for p in part]
    return [p for i, p in enumerate(wrapped) if i == 0 or p != wrapped[i - 1]]


def _cut_line(positions: list[list[float]]) -> dict[str, Any]:
    """A LineString, or a MultiLineString cut where it crosses the antimeridian (RFC 7946
    section 3.1.9: no part of a geometry crosses it); a vertex on the meridian is on the
    side of the rest of its part."""
    line = _unwrapped(positions)
    parts, part = [], [line[0]]
    for a, b in itertools.pairwise(line):
        if _turn(a[0]) != _turn(b[0]):
            crossing = _on_meridian(a, b, 360.0 * max(_turn(a[0]), _turn(b[0])) - 180.0)
            parts.append([*part, crossing])
            part = [crossing]
        part.append(b)
    parts.append(part)
    if len(parts) == 1 and not any(_on_a_meridian(p[0]) for p in line):
        return {"type": "LineString", "coordinates": positions}
    lines = [cut for cut in (_one_side(part) for part in parts) if len(cut) >= 2]
    if len(lines) == 1:
        return {"type": "LineString", "coordinates": lines[0]}
    return {"type": "MultiLineString", "coordinates": lines}


def _half(ring: list[list[float]], meridian: float, west: bool) -> list[list[float]]:
    """The part of a closed (unwrapped) ring west or east of ``meridian`` (Sutherland and
    Hodgman's clipping of a polygon by one edge), closed."""
    inside = (lambda p: p[0] <= meridian) if west else (lambda p: p[0] >= meridian)
    kept: list[list[float]] = []
    for a, b in itertools.pairwise(ring):
        if inside(a):
            kept.append(a)
        if inside(a) != inside(b) and a[0] != b[0]:
            kept.append(_on_meridian(a, b, meridian))
    return [*kept, kept[0]] if kept else []


def _cut_polygon(ring: list[list[float]]) -> dict[str, Any]:
    """A Polygon, or a MultiPolygon of the parts on each side of the antimeridian (RFC
    7946 section 3.1.9), for the convex rings of the exports (ellipses, the reach); a
    ring that only touches the meridian stays whole."""
    unwrapped = _unwrapped(ring)
    turns = {_turn(p[0]) for p in unwrapped}
    if len(turns) == 1 and not any(_on_a_meridian(p[0]) for p in unwrapped):
        return {"type": "Polygon", "coordinates": [ring]}
    meridian = 360.0 * max(turns) - 180.0
    parts = []
    for west in (True, False):
        half = _half(unwrapped, meridian, west)
        half = _one_side(half) if half else []
        if len({tuple(p) for p in half}) >= 3:  # an area, not the meridian touched
            parts.append(half)
    if len(parts) == 1:
        return {"type": "Polygon", "coordinates": parts}
    return {"type": "MultiPolygon", "coordinates": [[part] for part in parts]}


def to_geojson(
    release: ReleasePoint, spread: Dispersion | None = None, units: UnitSystem = AVIATION
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (RFC 7946) of the release point; ``json.dumps`` it.

    A line or an area that crosses the antimeridian (a drop zone on Fiji's 180th
    meridian) is cut there, as RFC 7946 section 3.1.9 asks: a MultiLineString or a
    MultiPolygon whose parts each lie on one side.
    """

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
            "geometry": _cut_line([position(p) for p in _jump_run(release)]),
            "properties": {
                "name": "JUMP RUN",
                "heading_deg_true": round(release.jump_run_track_deg_true, 1),
                "heading_deg_magnetic": None
                if release.jump_run_track_deg_magnetic is None
                else round(release.jump_run_track_deg_magnetic, 1),
            },
        }
    )
    features.append(
        {
            "type": "Feature",
            "geometry": _cut_line([position(p, a) for p, a, _ in fall_points(release)]),
            "properties": {"name": "FALL", "description": "the nominal fall, exit to landing"},
        }
    )
    polygons = [("canopy reach", _reach_ring(release), None, {})]
    for name, ellipse, altitude in ellipses(release, spread):
        east, north = ellipse.boundary()
        shape = {
            "probability": ellipse.probability,
            "semi_major_m": round(ellipse.semi_major_m, 1),
            "semi_minor_m": round(ellipse.semi_minor_m, 1),
            "orientation_deg": round(ellipse.orientation_deg, 1),
        }
        polygons.append((name, _ring(release, east, north), altitude, shape))
    for name, ring, altitude, shape in polygons:
        features.append(
            {
                "type": "Feature",
                "geometry": _cut_polygon([position(p, altitude) for p in ring]),
                "properties": {
                    "name": name,
                    **({} if altitude is None else {"altitude_m": round(altitude, 1)}),
                    **shape,
                },
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


def _kml_tag(name: str, namespace: str = KML_NAMESPACE) -> str:
    return f"{{{namespace}}}{name}"


def _kml_styles(document) -> None:
    for name, (line, width, fill, icon) in STYLES.items():
        style = ET.SubElement(document, _kml_tag("Style"), {"id": name})
        if icon is not None:
            icon_style = ET.SubElement(style, _kml_tag("IconStyle"))
            ET.SubElement(icon_style, _kml_tag("color")).text = line
            ET.SubElement(icon_style, _kml_tag("scale")).text = f"{icon:g}"
        line_style = ET.SubElement(style, _kml_tag("LineStyle"))
        ET.SubElement(line_style, _kml_tag("color")).text = line
        ET.SubElement(line_style, _kml_tag("width")).text = f"{width:g}"
        poly = ET.SubElement(style, _kml_tag("PolyStyle"))
        ET.SubElement(poly, _kml_tag("color")).text = fill or "00ffffff"
        ET.SubElement(poly, _kml_tag("fill")).text = "1" if fill else "0"
        ET.SubElement(poly, _kml_tag("outline")).text = "1"


def _placemark(document, name: str, style: str, description: str | None = None):
    mark = ET.SubElement(document, _kml_tag("Placemark"))
    ET.SubElement(mark, _kml_tag("name")).text = name
    if description:
        ET.SubElement(mark, _kml_tag("description")).text = description
    ET.SubElement(mark, _kml_tag("styleUrl")).text = f"#{style}"
    return mark


def _kml_geometry(parent, kind: str, mode: str, extrude: bool = False):
    geometry = ET.SubElement(parent, _kml_tag(kind))
    if extrude:
        ET.SubElement(geometry, _kml_tag("extrude")).text = "1"
    if kind != "Point" and mode == "clampToGround":
        ET.SubElement(geometry, _kml_tag("tessellate")).text = "1"
    ET.SubElement(geometry, _kml_tag("altitudeMode")).text = mode
    return geometry


def _kml_fall(document, release: ReleasePoint) -> None:
    """The fall: a ``gx:Track`` stamped with UTC times, or without an exit time a line."""
    points = fall_points(release)
    mark = _placemark(
        document, "FALL", "fall", "the nominal fall from the release point to the landing"
    )
    if release.exit_time_utc_s is None:
        line = _kml_geometry(mark, "LineString", "absolute")
        ET.SubElement(line, _kml_tag("coordinates")).text = " ".join(
            f"{_round(p.longitude_deg)},{_round(p.latitude_deg)},{a:.1f}" for p, a, _ in points
        )
        return
    track = ET.SubElement(mark, _kml_tag("Track", GX_NAMESPACE))
    ET.SubElement(track, _kml_tag("altitudeMode")).text = "absolute"
    for _, _, t in points:
        ET.SubElement(track, _kml_tag("when")).text = _iso_tenths(release.exit_time_utc_s + t)
    for point, altitude, _ in points:
        ET.SubElement(
            track, _kml_tag("coord", GX_NAMESPACE)
        ).text = f"{_round(point.longitude_deg)} {_round(point.latitude_deg)} {altitude:.1f}"


def _iso_tenths(utc_s: float) -> str:
    """ISO-8601 UTC to the tenth of a second: ``2018-03-10T14:21:45.3Z``."""
    import datetime as dt

    when = dt.datetime.fromtimestamp(round(utc_s, 1), dt.UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 100_000}Z"


def to_kml(
    release: ReleasePoint, spread: Dispersion | None = None, units: UnitSystem = AVIATION
) -> str:
    """A KML 2.2 document of the release point, styled for Google Earth (module notes)."""
    ET.register_namespace("", KML_NAMESPACE)
    ET.register_namespace("gx", GX_NAMESPACE)
    kml = ET.Element(_kml_tag("kml"))
    document = ET.SubElement(kml, _kml_tag("Document"))
    ET.SubElement(document, _kml_tag("name")).text = "duskfall release point"
    ET.SubElement(
        document, _kml_tag("description")
    ).text = f"Winds: {release.wind_source}. Exit time: {iso_utc(release.exit_time_utc_s) or '-'}."
    _kml_styles(document)
    for name, point, altitude, description in _points(release, units):
        on_ground = name == "TARGET"
        mark = _placemark(document, name, "target" if on_ground else "air-pin", description)
        mode = "clampToGround" if on_ground else "absolute"
        geometry = _kml_geometry(mark, "Point", mode, extrude=not on_ground)
        ET.SubElement(geometry, _kml_tag("coordinates")).text = _coordinates(
            [point], None if on_ground else altitude
        )
    line = _kml_geometry(
        _placemark(
            document,
            "JUMP RUN",
            "jump-run",
            f"track {release.jump_run_track_deg_true:03.0f} true at "
            f"{units.altitude(release.exit_altitude_m)} MSL",
        ),
        "LineString",
        "absolute",
    )
    ET.SubElement(line, _kml_tag("coordinates")).text = _coordinates(
        _jump_run(release), release.exit_altitude_m
    )
    _kml_fall(document, release)
    polygons = [("CANOPY REACH", "canopy-reach", _reach_ring(release), None)]
    for name, ellipse, altitude in ellipses(release, spread):
        east, north = ellipse.boundary()
        polygons.append((name.upper(), _style_of(name), _ring(release, east, north), altitude))
    for name, style, ring, altitude in polygons:
        mode = "clampToGround" if altitude is None else "absolute"
        polygon = _kml_geometry(_placemark(document, name, style), "Polygon", mode)
        boundary = ET.SubElement(
            ET.SubElement(polygon, _kml_tag("outerBoundaryIs")), _kml_tag("LinearRing")
        )
        ET.SubElement(boundary, _kml_tag("coordinates")).text = _coordinates(ring, altitude)
    ET.indent(kml)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(kml, encoding="unicode") + "\n"


def to_kmz(
    release: ReleasePoint, spread: Dispersion | None = None, units: UnitSystem = AVIATION
) -> bytes:
    """:func:`to_kml` zipped as KMZ: one ``doc.kml`` at the archive's root."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("doc.kml", date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, to_kml(release, spread, units))
    return buffer.getvalue()


def export_bytes(
    kind: str, release: ReleasePoint, spread: Dispersion | None, units: UnitSystem
) -> bytes:
    """The export ``kind`` (``geojson``, ``kml``, ``kmz`` or ``gpx``) of a release point
    and its dispersion, as the bytes of its file."""
    if kind == "kmz":
        return to_kmz(release, spread, units)
    return _TEXT_EXPORTS[kind](release, spread, units).encode("utf-8")


def write_exports(
    release: ReleasePoint,
    spread: Dispersion | None,
    units: UnitSystem,
    paths: dict[str, Path | None],
) -> list[Path]:
    """Write the exports named in ``paths`` (by the option that asked for them:
    ``--geojson``, ``--kml``, ``--kmz``, ``--gpx``); return the paths written.

    Raises
    ------
    InputError
        If a file cannot be written (naming its option).
    """
    written = []
    for option, path in paths.items():
        if path is None:
            continue
        try:
            Path(path).write_bytes(export_bytes(option.removeprefix("--"), release, spread, units))
        except OSError as error:
            raise InputError(
                option, str(path), "a writable file path", f"cannot be written ({error.strerror})"
            ) from None
        written.append(Path(path))
    return written


def to_gpx(
    release: ReleasePoint, spread: Dispersion | None = None, units: UnitSystem = AVIATION
) -> str:
    """A GPX 1.1 file: the waypoints, the jump run as a route, the fall and the
    dispersion's ellipses as tracks."""
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

    def track(name: str, description: str, points) -> None:
        # trk: name, desc, then one trkseg of trkpt (ele, time).
        node = ET.SubElement(gpx, tag("trk"))
        ET.SubElement(node, tag("name")).text = name
        ET.SubElement(node, tag("desc")).text = description
        segment = ET.SubElement(node, tag("trkseg"))
        for point, altitude, when in points:
            trkpt = ET.SubElement(
                segment,
                tag("trkpt"),
                {"lat": f"{_round(point.latitude_deg)}", "lon": f"{_round(point.longitude_deg)}"},
            )
            ET.SubElement(trkpt, tag("ele")).text = f"{altitude:.1f}"
            if when is not None:
                ET.SubElement(trkpt, tag("time")).text = _iso_tenths(when)

    exit_time = release.exit_time_utc_s
    track(
        "FALL",
        "the nominal fall, exit to landing",
        [(p, a, None if exit_time is None else exit_time + t) for p, a, t in fall_points(release)],
    )
    for name, ellipse, altitude in ellipses(release, spread):
        east, north = ellipse.boundary()
        height = release.ground_elevation_m if altitude is None else altitude
        short = (
            name.upper()
            .replace("DEPLOYMENT ELLIPSE", "OPENINGS")
            .replace("LANDING ELLIPSE", "LANDINGS")
        )
        track(
            short.replace(" %", ""),
            f"{name}: {ellipse_text(ellipse)} true",
            [(p, height, None) for p in _ring(release, east, north)],
        )
    ET.indent(gpx)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(gpx, encoding="unicode") + "\n"


_TEXT_EXPORTS = {"geojson": geojson_text, "kml": to_kml, "gpx": to_gpx}
"""The text exports of :func:`export_bytes`, by kind (KMZ is the KML zipped)."""
