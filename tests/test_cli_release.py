"""``duskfall release``: the JSON contract, the exports, and every bad input.

Authorities: the formats' specifications (GeoJSON RFC 7946: [lon, lat] positions, closed
counter-clockwise exterior rings; KML 2.2 namespace and ``lon,lat,alt`` coordinates; GPX
1.1 read back by ``gpxpy``, an independent parser) and the drift rule of a uniform wind.
"""

import json
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from duskfall.cli import main
from duskfall.constants import KNOT_MPS
from test_io_fbwinds import PRODUCT

WIND = "0ft:270@8kt,10000ft:280@25kt,25000ft:290@45kt"
CONTRACT = {
    "release_point",
    "jump_run_heading_deg_true",
    "landing_ellipse_95",
    "p_land_within_radius",
}


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_release_json_contract(capsys):
    status, out, err = run(
        capsys, "release", "--wind", WIND, "--target", "24.4,54.6", "--members", "200",
        "--time", "2018-03-10T14:22:38Z", "--format", "json",
    )  # fmt: skip
    assert status == 0, err
    data = json.loads(out)
    assert set(data) >= CONTRACT
    assert set(data["release_point"]) == {"lat", "lon", "distance_m", "bearing_deg"}
    assert set(data["landing_ellipse_95"]) >= {"semi_major_m", "semi_minor_m", "orientation_deg"}
    assert 0.0 <= data["p_land_within_radius"] <= 1.0
    # Into the wind at 25,000 ft (from 290), and upwind of the target.
    assert data["jump_run_heading_deg_true"] == 290.0
    assert 250 < data["release_point"]["bearing_deg"] < 310
    assert data["magnetic_declination_deg"] == pytest.approx(2.0, abs=0.3)
    assert data["dispersion"]["members"] == 200


def test_release_uniform_wind_drift(capsys):
    """Round canopy aimed at the landing in a uniform 20 kt west wind, no forward throw:
    the exit is upwind by 20 kt x time from exit to landing."""
    status, out, err = run(
        capsys, "release", "--wind", "0ft:270@20kt,40000ft:270@20kt", "--canopy", "round",
        "--aim", "landing", "--aircraft-speed", "0", "--members", "0", "--format", "json",
        "--jump-run", "270",
    )  # fmt: skip
    assert status == 0, err
    data = json.loads(out)
    drift = 20 * KNOT_MPS * data["landing_time_s"]
    assert data["release_point"]["distance_m"] == pytest.approx(drift, abs=1.0)
    assert data["release_point"]["bearing_deg"] == pytest.approx(270.0, abs=0.1)
    assert data["landing_ellipse_95"] is None


def test_release_text(capsys):
    status, out, err = run(capsys, "release", "--wind", WIND, "--members", "50", "--groups", "2")
    assert status == 0, err
    for text in ("Release point", "Jump run", "Green light", "Red light", "Group 2", "Within"):
        assert text in out


def _ring_area(ring):
    x = np.array([p[0] for p in ring])
    y = np.array([p[1] for p in ring])
    return 0.5 * np.sum(x[:-1] * y[1:] - x[1:] * y[:-1])


def test_exports(capsys, tmp_path):
    paths = {name: tmp_path / f"spot.{name}" for name in ("geojson", "kml", "gpx")}
    status, _, err = run(
        capsys, "release", "--wind", WIND, "--members", "100", "--groups", "3",
        "--time", "2018-03-10T14:22:38Z", "--format", "json",
        "--geojson", str(paths["geojson"]), "--kml", str(paths["kml"]), "--gpx", str(paths["gpx"]),
    )  # fmt: skip
    assert status == 0, err
    collection = json.loads(paths["geojson"].read_text())
    assert collection["type"] == "FeatureCollection"
    names = [f["properties"]["name"] for f in collection["features"]]
    for name in ("TARGET", "RELEASE", "GREEN", "RED", "EXIT1", "EXIT3", "JUMP RUN"):
        assert name in names
    target = next(f for f in collection["features"] if f["properties"]["name"] == "TARGET")
    assert target["geometry"]["coordinates"][:2] == [54.6, 24.4]  # [lon, lat]
    polygons = [f for f in collection["features"] if f["geometry"]["type"] == "Polygon"]
    # The reach, the deployment ellipses and the landing ellipses that differ (tests of
    # the exports themselves: tests/test_exports.py).
    assert {p["properties"]["name"] for p in polygons} >= {
        "canopy reach",
        "deployment ellipse 50 %",
        "deployment ellipse 95 %",
    }
    for polygon in polygons:
        ring = polygon["geometry"]["coordinates"][0]
        assert ring[0] == ring[-1]
        assert _ring_area(ring) > 0  # counter-clockwise
    namespace = {"k": "http://www.opengis.net/kml/2.2"}
    root = ET.parse(paths["kml"]).getroot()
    marks = root.findall(".//k:Placemark", namespace)
    release = next(m for m in marks if m.find("k:name", namespace).text == "RELEASE")
    lon, lat, alt = map(float, release.find(".//k:coordinates", namespace).text.split(","))
    assert 24.3 < lat < 24.5
    assert 54.5 < lon < 54.7
    assert alt == pytest.approx(7620.0)
    gpxpy = pytest.importorskip("gpxpy")
    gpx = gpxpy.parse(paths["gpx"].read_text())
    waypoints = {w.name: w for w in gpx.waypoints}
    assert waypoints["RELEASE"].latitude == pytest.approx(lat, abs=1e-7)
    assert waypoints["RELEASE"].elevation == pytest.approx(7620.0)
    assert waypoints["TARGET"].magnetic_variation == pytest.approx(2.0, abs=0.3)
    assert [p.name for p in gpx.routes[0].points] == ["RUNIN", "GREEN", "RED", "RUNOUT"]


UWYO = """\
41217 OMAA Abu Dhabi Observations at 12Z 10 Mar 2018

-----------------------------------------------------------------------------
   PRES   HGHT   TEMP   DWPT   RELH   MIXR   DRCT   SKNT   THTA   THTE   THTV
    hPa     m      C      C      %    g/kg    deg   knot     K      K      K
-----------------------------------------------------------------------------
 1012.0     27   25.0   15.0     54   10.5    300      8  297.1  328.2  299.0
  850.0   1540   15.0    5.0     51    6.5    280     15  303.2  323.0  304.4
  500.0   5850  -10.1  -30.1     18    0.6    270     30  316.2  318.3  316.3
  300.0   9680  -37.1  -52.1     19    0.1    265     70  328.5  328.9  328.5
Station information and sounding indices
                         Station identifier: OMAA
                           Observation time: 180310/1200
                           Station latitude: 24.43
                          Station longitude: 54.65
"""


def test_release_from_a_sounding(capsys, tmp_path):
    path = tmp_path / "sounding.txt"
    path.write_text(UWYO)
    status, out, err = run(
        capsys, "release", "--wind-file", str(path), "--members", "0", "--format", "json"
    )
    assert status == 0, err
    data = json.loads(out)
    assert "OMAA" in data["wind"]["source"]
    assert data["wind"]["valid_time_utc"] == "2018-03-10T12:00:00Z"
    assert data["magnetic_declination_deg"] is not None  # dated by the sounding


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "--wind: is missing"),
        (["--wind", WIND, "--wind-file", "w.csv"], "is given with --wind-file"),
        (["--wind", WIND, "--target", "95,54"], "--target"),
        (["--wind", WIND, "--target", "north"], "--target"),
        (["--wind", "0ft:270@260kt"], "--wind"),
        (["--wind", WIND, "--members", "3"], "--members: 3 is out of range; allowed: 0 (no"),
        (["--wind", WIND, "--wind-error=-3kt"], "--wind-error: '-3kt' has a negative speed"),
        (["--wind", WIND, "--wind-error", "0ft:3kt,0m:4kt"], "--wind-error: '0ft:3kt,0m:4kt' rep"),
        (["--wind", WIND, "--wind-error", "0ft:3kt,,25000ft:8kt"], "has an empty level"),
        # a log-normal spread of 500 % draws members over the 10 m2 any body may have
        (["--wind", WIND, "--cda-spread", "5"], "--cda-spread: 5.0 draws a member with"),
        (["--wind", WIND, "--time", "2018-03-10T14:00:00"], "--time: '2018-03-10T14:00:00' is"),
        (
            [
                *("--wind", WIND, "--time", "2018-03-10T14:22:38Z", "--light-window"),
                "2018-03-10T14:31:59Z..2018-03-10T14:11:31Z",
            ],
            "--light-window: '2018-03-10T14:31:59Z..2018-03-10T14:11:31Z' ends before it starts",
        ),
        (
            ["--wind", WIND, "--light-window", "2018-03-10T14:00:00Z..2018-03-10T14:30:00Z"],
            "--time",
        ),
        (["--wind", WIND, "--aim", "middle"], "aim"),
        (["--wind-file", "/nonexistent/sounding.txt"], "cannot be read"),
    ],
)
def test_bad_input(capsys, argv, message):
    status, _out, err = run(capsys, "release", *argv)
    assert status == 2
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_bad_files(capsys, tmp_path):
    short = tmp_path / "short.txt"
    short.write_text(UWYO.replace("  300.0   9680", "  300.0   9x80"))
    status, _, err = run(capsys, "release", "--wind-file", str(short))
    assert status == 2
    assert "line 10" in err
    low = tmp_path / "low.txt"
    low.write_text("\n".join(line for line in UWYO.splitlines() if "9680" not in line))
    status, out, err = run(capsys, "release", "--wind-file", str(low), "--members", "0")
    assert status == 0, err
    assert "extrapolation" in out


def test_gridded_forecast_from_the_command_line(capsys, tmp_path):
    """A NetCDF forecast: the time picks the valid times; a target outside the grid and a
    missing time are errors that name the option."""
    xarray = pytest.importorskip("xarray")
    times = np.array(["2018-03-10T12:00", "2018-03-10T18:00"], dtype="datetime64[ns]")
    shape = (2, 3, 2, 2)
    heights = np.broadcast_to(np.array([100.0, 5800.0, 9000.0])[None, :, None, None], shape)
    dims = ("time", "level", "lat", "lon")
    dataset = xarray.Dataset(
        {
            "u": (dims, np.full(shape, 10.0)),
            "v": (dims, np.zeros(shape)),
            "z": (dims, heights * 9.80665),
        },
        coords={"time": times, "level": [1000, 500, 300], "lat": [24.0, 25.0], "lon": [54.0, 55.0]},
    )
    path = tmp_path / "era5.nc"
    dataset.to_netcdf(path, engine="scipy")
    common = ("release", "--wind-file", str(path), "--members", "0", "--format", "json")
    status, out, err = run(capsys, *common, "--time", "2018-03-10T14:22:38Z")
    assert status == 0, err
    assert json.loads(out)["jump_run_heading_deg_true"] == 270.0
    status, _, err = run(capsys, *common)
    assert status == 2
    assert err.startswith("duskfall: error: --time")
    status, _, err = run(capsys, *common, "--time", "2018-03-10T14:00:00Z", "--target", "30,54.5")
    assert status == 2
    assert "--target" in err
    assert "outside the grid" in err


def test_one_uniform_wind_is_the_same_as_levels_of_that_wind(capsys):
    """270@20kt means that wind at every altitude: the same release as two equal levels."""
    status, out, err = run(capsys, "release", "--wind", "270@20kt", "--format", "json")
    assert status == 0, err
    uniform = json.loads(out)
    levels = "0ft:270@20kt,30000ft:270@20kt"
    status, out, err = run(capsys, "release", "--wind", levels, "--format", "json")
    assert status == 0, err
    layered = json.loads(out)
    assert uniform["release_point"] == layered["release_point"]
    assert not any("held" in str(notice) for notice in uniform.get("notices", []))


def test_release_and_plan_disperse_alike(capsys):
    """The same jump, wind, exit time and jump run give the same dispersion from
    ``release`` as in the plan: the same error model by default (the library's)."""
    status, out, err = run(
        capsys, "plan", "--wind", WIND, "--heading", "270", "--format", "json", "--units", "metric"
    )
    assert status == 0, err
    plan = json.loads(out)
    status, out, err = run(
        capsys,
        *("release", "--wind", WIND, "--jump-run", "270", "--format", "json"),
        *("--time", plan["exit_time_utc"], "--units", "metric"),
    )
    assert status == 0, err
    alone = json.loads(out)
    for key in ("deploy_ellipse_95", "landing_ellipse_95", "p_land_within_radius"):
        assert alone[key] == plan["release"][key], key


def test_a_station_of_a_multi_station_fb_forecast(capsys, tmp_path):
    """The FB product lists ABI and ICT: release takes --station as plan does. At
    25,000 ft ABI's wind lies a sixth of the way from 24,000 ft (2445: 240 deg, 45 kt)
    to 30,000 ft (2549: 250 deg, 49 kt), about 242 deg at 46 kt (the product as issued,
    read by hand)."""
    path = tmp_path / "fb.txt"
    path.write_text(PRODUCT)
    where = ("--wind-file", str(path), "--time", "2018-03-09T18:20:00Z")
    where += ("--target", "32.41,-99.68", "--members", "0", "--format", "json")
    status, _, err = run(capsys, "release", *where)
    assert status == 2
    assert err.startswith("duskfall: error: --station: is needed")
    status, out, _ = run(capsys, "release", *where, "--station", "ABI")
    assert status == 0
    data = json.loads(out)
    assert "station ABI" in data["wind"]["source"]
    assert data["jump_run_heading_deg_true"] == pytest.approx(241.7, abs=0.5)
    for argv, said in (
        (("--station", "XYZ"), "--station: 'XYZ' is not in fb.txt"),
        (("--station", "ABI", "--wind", WIND), "--wind"),
    ):
        status, _, err = run(capsys, "release", *where, *argv)
        assert status == 2
        assert said in err
    status, _, err = run(capsys, "release", "--wind", WIND, "--station", "ABI")
    assert (status, err.split(";")[0]) == (
        2,
        "duskfall: error: --station: 'ABI' is given without --wind-file",
    )


def test_a_forecast_that_changes_with_time_needs_the_exit_time(capsys, tmp_path):
    """An hourly Open-Meteo forecast without --time would be read at its first hour
    (local midnight): refused, naming --time; with it, the forecast at the exit."""
    from openmeteo_sample import response_text

    path = tmp_path / "forecast.json"
    path.write_text(response_text())
    status, _, err = run(capsys, "release", "--wind-file", str(path), "--members", "0")
    assert status == 2
    assert err.startswith("duskfall: error: --time: is missing: forecast.json forecasts")
    argv = ("--wind-file", str(path), "--time", "2018-03-10T14:22:38Z", "--members", "0")
    status, out, _ = run(capsys, "release", *argv, "--format", "json")
    assert status == 0
    assert json.loads(out)["wind"]["valid_time_utc"] == "2018-03-10T14:22:38Z"
