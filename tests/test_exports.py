"""The exports (KML, KMZ, GeoJSON, GPX) of a plan, read back by independent programs.

Authorities:
- The OGC KML 2.2 schema (OGC 07-147r2, ``ogckml22.xsd`` 2008-01-23) with the xAL and Atom
  schemas it imports and Google's extension schema ``kml22gx.xsd`` (for ``gx:Track``),
  kept under ``tests/reference/schemas/`` (tests/reference/SOURCES.md), validated
  offline with lxml (libxml2's XML Schema validator).
- fastkml reads the KML back; shapely checks the GeoJSON polygons; gpxpy reads the GPX.
- The plan itself: the exit altitude, the exit time, the deployment altitude, the
  dispersion's ellipses.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import numpy as np
import pytest

from duskfall.cli import main
from duskfall.io.scenario_file import example_mapping, scenario_from_mapping
from duskfall.planning import make_plan
from duskfall.reports import geo

SCHEMAS = Path(__file__).parent / "reference" / "schemas"
KML = "{http://www.opengis.net/kml/2.2}"
GX = "{http://www.google.com/kml/ext/2.2}"
TENTH_METRE = 0.1
TENTH_SECOND = 0.1


@pytest.fixture(scope="module")
def windy_plan():
    mapping = example_mapping()
    mapping["winds"] = {"levels": "0ft:270@8kt,10000ft:280@25kt,25000ft:290@45kt"}
    return make_plan(scenario_from_mapping(mapping))


@pytest.fixture(scope="module")
def kml_text(windy_plan):
    return geo.to_kml(windy_plan.release, windy_plan.dispersion)


@pytest.fixture(scope="module")
def schema():
    etree = pytest.importorskip("lxml.etree", reason="lxml (the test extra) validates KML")
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "kml22gx.xsd")))


def test_kml_is_valid_ogc_kml_22(kml_text, schema):
    from lxml import etree

    document = etree.fromstring(kml_text.encode("utf-8"))
    assert schema.validate(document), schema.error_log
    # The validator does see the KML namespace: a geometry out of order is refused.
    broken = kml_text.replace("<styleUrl>#air-pin</styleUrl>", "", 1).replace(
        "<name>RELEASE</name>",
        "<name>RELEASE</name><styleUrl>x</styleUrl><visibility>1</visibility>",
        1,
    )
    assert not schema.validate(etree.fromstring(broken.encode("utf-8")))


def _placemarks(kml_text):
    from lxml import etree

    root = etree.fromstring(kml_text.encode("utf-8"))
    return root, {m.findtext(f"{KML}name"): m for m in root.iter(f"{KML}Placemark")}


def test_kml_styles_altitudes_and_the_fall_as_a_track(windy_plan, kml_text):
    root, marks = _placemarks(kml_text)
    styles = {s.get("id"): s for s in root.iter(f"{KML}Style")}
    for mark in marks.values():
        assert mark.findtext(f"{KML}styleUrl").lstrip("#") in styles
    # The canopy's reach is a translucent disc, not solid white.
    reach = styles[marks["CANOPY REACH"].findtext(f"{KML}styleUrl").lstrip("#")]
    fill = reach.findtext(f"{KML}PolyStyle/{KML}color")
    assert 0 < int(fill[:2], 16) < 0x80
    assert reach.findtext(f"{KML}LineStyle/{KML}width")
    exit_m = windy_plan.scenario.exit_altitude_m
    # The jump run lies at the exit altitude, like the pins of the release point and lights.
    run = marks["JUMP RUN"].find(f"{KML}LineString")
    assert run.findtext(f"{KML}altitudeMode") == "absolute"
    for triple in run.findtext(f"{KML}coordinates").split():
        assert float(triple.split(",")[2]) == pytest.approx(exit_m, abs=TENTH_METRE)
    for name in ("RELEASE", "GREEN", "RED"):
        point = marks[name].find(f"{KML}Point")
        assert point.findtext(f"{KML}altitudeMode") == "absolute"
        assert float(point.findtext(f"{KML}coordinates").split(",")[2]) == pytest.approx(exit_m)
    assert marks["TARGET"].find(f"{KML}Point").findtext(f"{KML}altitudeMode") == "clampToGround"
    # The fall: a gx:Track stamped from the exit time, at absolute altitudes.
    track = marks["FALL"].find(f"{GX}Track")
    assert track.findtext(f"{KML}altitudeMode") == "absolute"
    whens = [w.text for w in track.iter(f"{KML}when")]
    coords = [c.text.split() for c in track.iter(f"{GX}coord")]
    assert len(whens) == len(coords) > 50
    first = dt.datetime.fromisoformat(whens[0]).timestamp()
    last = dt.datetime.fromisoformat(whens[-1]).timestamp()
    exit_time = windy_plan.exit_time_utc_s
    assert first == pytest.approx(exit_time, abs=TENTH_SECOND)
    landing = exit_time + windy_plan.trajectory.landing_time_s
    assert last == pytest.approx(landing, abs=TENTH_SECOND)
    assert float(coords[0][2]) == pytest.approx(exit_m, abs=TENTH_METRE)
    ground = windy_plan.scenario.site.ground_elevation_m
    assert float(coords[-1][2]) == pytest.approx(ground, abs=1.0)


def test_kml_carries_the_deployment_ellipses_and_no_twin_landing_ellipses(windy_plan, kml_text):
    _, marks = _placemarks(kml_text)
    spread = windy_plan.dispersion
    for name in ("DEPLOYMENT ELLIPSE 50 %", "DEPLOYMENT ELLIPSE 95 %"):
        polygon = marks[name].find(f"{KML}Polygon")
        assert polygon.findtext(f"{KML}altitudeMode") == "absolute"
        first = polygon.findtext(f".//{KML}coordinates").split()[0]
        assert float(first.split(",")[2]) == pytest.approx(windy_plan.release.deploy_altitude_m)
    landing = [n for n in marks if n.startswith("LANDING ELLIPSE")]
    wide, narrow = spread.landing_ellipse_95, spread.landing_ellipse_50
    if abs(wide.semi_major_m - narrow.semi_major_m) < geo.SAME_ELLIPSE_M:
        assert len(landing) <= 1
    assert spread.deploy_ellipse_95.semi_major_m > 100.0  # the informative one


def test_fastkml_reads_the_kml_back(kml_text):
    fastkml = pytest.importorskip("fastkml", reason="fastkml (the test extra) reads KML")
    document = fastkml.KML.from_string(kml_text.encode("utf-8"))
    features = list(document.features[0].features)
    names = {f.name for f in features}
    assert {"RELEASE", "TARGET", "JUMP RUN", "FALL", "CANOPY REACH"} <= names
    assert len(document.features[0].styles) == len(geo.STYLES)


def test_kmz_is_the_kml_zipped(windy_plan, kml_text, tmp_path, capsys):
    data = geo.to_kmz(windy_plan.release, windy_plan.dispersion)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["doc.kml"]
        assert archive.read("doc.kml").decode("utf-8") == kml_text
    path = tmp_path / "seed.kmz"
    kml = tmp_path / "seed.kml"
    status = main(["release", "--wind", "0ft:270@8kt", "--kmz", str(path), "--members", "50"])
    assert status == 0
    assert zipfile.is_zipfile(path)
    status = main(["report", "-o", str(tmp_path / "r.html"), "--kml", str(kml), "--kmz", str(path)])
    assert status == 0
    assert "wrote" in capsys.readouterr().out
    assert kml.read_text().startswith("<?xml")


def test_geojson_reads_back_with_shapely(windy_plan):
    shapely_geometry = pytest.importorskip("shapely.geometry", reason="shapely reads GeoJSON")
    collection = json.loads(geo.geojson_text(windy_plan.release, windy_plan.dispersion))
    shapes = {
        f["properties"]["name"]: shapely_geometry.shape(f["geometry"])
        for f in collection["features"]
    }
    for name in ("deployment ellipse 50 %", "deployment ellipse 95 %", "canopy reach"):
        assert shapes[name].is_valid
        assert shapes[name].geom_type == "Polygon"
    assert shapes["deployment ellipse 95 %"].contains(shapes["deployment ellipse 50 %"].centroid)
    assert shapes["deployment ellipse 95 %"].area > shapes["deployment ellipse 50 %"].area
    landing = [n for n in shapes if n.startswith("landing ellipse")]
    areas = [shapes[n].area for n in landing]
    assert len(set(areas)) == len(areas)  # never two identical landing ellipses
    assert shapes["FALL"].has_z


def test_gpx_reads_back_with_gpxpy(windy_plan):
    gpxpy = pytest.importorskip("gpxpy")
    gpx = gpxpy.parse(geo.to_gpx(windy_plan.release, windy_plan.dispersion))
    tracks = {t.name: t for t in gpx.tracks}
    assert {"FALL", "OPENINGS 50", "OPENINGS 95"} <= set(tracks)
    fall = tracks["FALL"].segments[0].points
    assert fall[0].elevation == pytest.approx(windy_plan.scenario.exit_altitude_m, abs=0.1)
    assert fall[0].time.timestamp() == pytest.approx(windy_plan.exit_time_utc_s, abs=TENTH_SECOND)
    ring = tracks["OPENINGS 95"].segments[0].points
    assert ring[0].latitude == ring[-1].latitude
    assert ring[0].elevation == pytest.approx(windy_plan.release.deploy_altitude_m, abs=0.1)


def test_plan_writes_the_exports_of_the_plan_it_prints(tmp_path, capsys):
    """``duskfall plan --kml/--kmz/--gpx/--geojson`` write the exports of the plan whose
    JSON it prints: the release point read back from the KML (by the standard library's
    ElementTree) is the JSON's, and all four are the same plan's bytes."""
    paths = {kind: tmp_path / f"seed.{kind}" for kind in ("kml", "kmz", "gpx", "geojson")}
    options = [word for kind, path in paths.items() for word in (f"--{kind}", str(path))]
    status = main(["plan", "--format", "json", *options])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    data = json.loads(captured.out)
    assert all(f"wrote {path}" in captured.err for path in paths.values())
    plan = make_plan(scenario_from_mapping(example_mapping()))
    assert paths["kml"].read_text() == geo.to_kml(plan.release, plan.dispersion)
    assert paths["gpx"].read_text() == geo.to_gpx(plan.release, plan.dispersion)
    assert paths["geojson"].read_text() == geo.geojson_text(plan.release, plan.dispersion)
    with zipfile.ZipFile(paths["kmz"]) as archive:
        assert archive.read("doc.kml").decode("utf-8") == paths["kml"].read_text()
    marks = {
        m.findtext(f"{KML}name"): m
        for m in ET.parse(paths["kml"]).getroot().iter(f"{KML}Placemark")
    }
    lon, lat, _ = map(float, marks["RELEASE"].findtext(f".//{KML}coordinates").split(","))
    assert lat == pytest.approx(data["release"]["release_point"]["lat"], abs=1e-5)
    assert lon == pytest.approx(data["release"]["release_point"]["lon"], abs=1e-5)


def test_plan_refuses_an_export_it_cannot_write_before_planning(tmp_path, capsys):
    status = main(["plan", "--kmz", str(tmp_path / "no-such-folder" / "seed.kmz")])
    err = capsys.readouterr().err
    assert status == 2
    for part in ("--kmz", "no-such-folder", "existing folder"):
        assert part in err


def _release_geojson(target: str, tmp_path, name: str) -> dict:
    path = tmp_path / name
    argv = ["release", "--target", target, "--wind", "270@20kt", "--geojson", str(path)]
    assert main([*argv, "--format", "json"]) == 0
    return json.loads(path.read_text())


def test_geojson_is_cut_at_the_antimeridian(tmp_path, capsys):
    """A drop zone 500 m west of the 180th meridian (Taveuni, Fiji), a west wind: the
    jump run, the canopy's reach and the landing area cross it. Each such geometry is cut
    there (RFC 7946 section 3.1.9), as the antimeridian package (Gadomski) cuts the same
    geometry drawn 10 deg west (where nothing crosses) moved back by 10 deg."""
    antimeridian = pytest.importorskip("antimeridian", reason="antimeridian cuts geometries")
    shapely = pytest.importorskip("shapely", reason="shapely reads GeoJSON")
    from shapely import geometry as shapely_geometry

    cut = _release_geojson("-16.8,179.995", tmp_path, "cut.geojson")
    whole = _release_geojson("-16.8,169.995", tmp_path, "whole.geojson")
    capsys.readouterr()
    kinds = {}
    for ours, west in zip(cut["features"], whole["features"], strict=True):
        name, geometry = ours["properties"]["name"], ours["geometry"]
        kinds[name] = geometry["type"]
        if geometry["type"] == "Point":
            continue
        shape = shapely_geometry.shape(geometry)
        assert shape.is_valid, name
        for part in getattr(shape, "geoms", [shape]):  # each part on one side
            bounds = part.bounds
            assert bounds[0] >= -180.0, name
            assert bounds[2] <= 180.0, name
            assert bounds[2] - bounds[0] < 180.0, name
        # 10 deg east, the longitudes wrapped into -180..180 (a jump over the meridian)
        moved = shapely.transform(
            shapely_geometry.shape(west["geometry"]),
            lambda xy: np.column_stack([(xy[:, 0] + 190.0) % 360.0 - 180.0, xy[:, 1]]),
        )
        if "Polygon" in geometry["type"]:
            expected = antimeridian.fix_polygon(moved, great_circle=False)
            assert shape.symmetric_difference(expected).area < 1e-6 * expected.area, name
        else:
            expected = antimeridian.fix_line_string(moved, great_circle=False)
            assert shape.hausdorff_distance(expected) < 1e-6, name
    assert kinds["JUMP RUN"] == "MultiLineString"
    assert kinds["canopy reach"] == "MultiPolygon"
    assert kinds["deployment ellipse 50 %"] == "Polygon"  # wholly east of the meridian


@pytest.mark.parametrize(
    "geometry",
    [
        ("line", [[179.9, 0.0], [180.0, 0.1]]),  # ends on the meridian
        ("line", [[180.0, 0.0], [-179.9, 0.1]]),  # starts on it, east of it
        ("line", [[179.9, 0.0], [180.0, 0.1], [-179.9, 0.2]]),  # crosses at a vertex
        ("ring", [[179.9, 0.0], [180.0, 0.1], [179.9, 0.2], [179.8, 0.1], [179.9, 0.0]]),
        ("ring", [[179.9, 0.0], [-179.9, 0.1], [179.9, 0.2], [179.8, 0.1], [179.9, 0.0]]),
    ],
)
def test_the_antimeridian_cut_of_vertices_on_it_is_valid(geometry):
    """A vertex on the 180th meridian, or a ring that only touches it: every part valid
    (two distinct points or more, a ring three), none crossing or jumping over it, the
    whole the same length or area as the uncut geometry (shapely, in unwrapped
    longitudes)."""
    shapely = pytest.importorskip("shapely", reason="shapely reads GeoJSON")
    from shapely import geometry as shapely_geometry

    kind, positions = geometry
    cut = geo._cut_line(positions) if kind == "line" else geo._cut_polygon(positions)
    shape = shapely_geometry.shape(cut)
    assert shape.is_valid, cut
    for part in getattr(shape, "geoms", [shape]):
        bounds = part.bounds
        assert bounds[0] >= -180.0
        assert bounds[2] <= 180.0
        assert bounds[2] - bounds[0] < 1.0, cut
    east = shapely.transform(shape, lambda xy: np.column_stack([xy[:, 0] % 360.0, xy[:, 1]]))
    whole = [[lon % 360.0, lat] for lon, lat in positions]
    if kind == "line":
        assert east.length == pytest.approx(shapely_geometry.LineString(whole).length)
    else:
        assert east.area == pytest.approx(shapely_geometry.Polygon(whole).area)
