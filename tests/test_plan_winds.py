"""The plan reads wind files: the winds valid at the planned exit, which ones, how old.

Authorities: the release command (``duskfall release --wind-file F --time T``, the same
engine reached through another door) for the spot; linear interpolation in time worked by
hand for an hourly forecast; the ICAO standard atmosphere (Doc 7488) the Open-Meteo
sample's temperatures are built on, for the cold check; the FB product's own header
(DATA BASED ON, VALID, FOR USE) for the age and the period; the cloud amounts of METAR
reports (ICAO Annex 3: FEW 1-2/8, SCT 3-4/8, BKN 5-7/8, OVC 8/8) for the cloud check.
"""

import datetime as dt
import json
import math

import numpy as np
import pytest

from duskfall import planning
from duskfall.cli import main
from duskfall.constants import FOOT_M
from duskfall.errors import OutOfRangeError
from duskfall.io import scenario_file
from duskfall.io.openmeteo import parse_open_meteo, read_open_meteo
from duskfall.io.windfile import read_wind_file
from duskfall.planning.checks import cloud_clearance_check, cloud_oktas
from duskfall.planning.wind_use import WIND_TIME_GRACE_S, covers, wind_used
from duskfall.reports import wording
from duskfall.timeutil import iso_utc
from duskfall.winds import LayeredWind, TimeLayeredWind
from openmeteo_sample import LEVELS_HPA, response

ONE_METRE = 1.0
"""Release points agree within a metre (JSON rounds latitudes to 1e-6 deg, 0.11 m)."""
ONE_MM_PER_S = 0.001
TENTH_OF_A_DEGREE = 0.15
"""The sample's temperatures are written to 0.1 C, as the API writes them."""
METRES_PER_DEGREE = 111_320.0
"""Length of a degree of latitude near 24 N [m] (WGS84, within 0.3 %: plenty for 1 m)."""

ABILENE = ("--lat", "32.41", "--lon", "-99.68", "--date", "2018-03-09")
"""Abilene, Texas (station ABI): dusk of 9 March 2018 is about 00:35 UTC on the 10th."""

FB_EVENING = """000
FBUS31 KWNO 091359
FD1US1
DATA BASED ON 091200Z
VALID 100000Z   FOR USE 2100-0600Z. TEMPS NEG ABV 24000

FT  3000    6000    9000   12000   18000   24000  30000  34000  39000
ABI      1907+13 2012+09 2024+06 2331-10 2445-22 254937 255046 750456
ICT 9900 2714+09 2718+03 2624-02 2540-15 2551-27 256542 257352 257159
"""
"""The 12-hour FB forecast of the NWS example header (based on the 12 UTC run of the
9th, valid 00 UTC on the 10th, for use 21 to 06 UTC)."""

UWYO = """41217 OMAA Abu Dhabi International Airport Observations at 12Z 10 Mar 2018

----------------------------------------------------------------------
   PRES   HGHT   TEMP   DWPT   RELH   MIXR   DRCT   SKNT   THTA   THTE
    hPa      m      C      C      %   g/kg    deg   knot      K      K
----------------------------------------------------------------------
 1012.0     27   25.0   15.0     54   10.5    300      8  297.1  328.2
 1000.0    131   24.0   14.0     54   10.2    310     10  297.2  327.0
  500.0   5850  -10.1  -30.1     18    0.6    270     30  316.2  318.3
  400.0   7570  -21.9  -40.9     16    0.2    260     50  322.0  322.8
  300.0   9680  -37.1  -52.1     19    0.1    265     70  328.5  328.9
Station information and sounding indices
                         Station identifier: OMAA
                             Station number: 41217
                           Observation time: 180310/1200
                           Station latitude: 24.43
                          Station longitude: 54.65
                          Station elevation: 27.0
"""
"""A University of Wyoming TEXT:LIST sounding in the archive's layout."""


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def plan_json(capsys, *argv) -> dict:
    status, out, err = run(capsys, "plan", *argv, "--format", "json")
    assert status == 0, err
    return json.loads(out)


def error_line(capsys, *argv) -> str:
    status, out, err = run(capsys, *argv)
    assert status == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def scenario(tmp_path, members: int = 0, **winds: str):
    """The seed as a scenario file (no dispersion: quicker), with a [winds] table."""
    text = scenario_file.EXAMPLE_TOML.replace("members = 1000", f"members = {members}")
    if winds:
        text += "\n[winds]\n" + "".join(f'{key} = "{value}"\n' for key, value in winds.items())
    path = tmp_path / "scenario.toml"
    path.write_text(text)
    return path


def open_meteo(tmp_path, data=None, name="winds.json"):
    path = tmp_path / name
    path.write_text(json.dumps(response() if data is None else data))
    return path


def reader(path):
    """The file read for a time, at the seed's drop zone (as the command line reads it)."""
    return lambda t: read_wind_file(path, 50.0, target=(24.4, 54.6), time_utc_s=t)


def metres_apart(a: dict, b: dict) -> float:
    north = (a["lat"] - b["lat"]) * METRES_PER_DEGREE
    east = (a["lon"] - b["lon"]) * METRES_PER_DEGREE * math.cos(math.radians(a["lat"]))
    return math.hypot(north, east)


def release_at(capsys, wind_file, exit_time_utc: str, *extra) -> dict:
    status, out, err = run(
        capsys, "release", "--wind-file", str(wind_file), "--time", exit_time_utc,
        "--jump-run", "270", "--members", "0", "--format", "json", *extra,
    )  # fmt: skip
    assert status == 0, err
    return json.loads(out)


# --- The same release point through plan and release ---------------------------------------


@pytest.mark.parametrize("kind", ["sounding", "open-meteo"])
def test_plan_and_release_give_the_same_release_point(capsys, tmp_path, kind):
    """``duskfall release --wind-file F --time T`` at the plan's own exit time T gives the
    plan's release point: one engine, two doors (the seed's jump: 25,000 ft, 4,000 ft
    AGL, 90 kg belly, 130 KIAS, jump run 270)."""
    if kind == "sounding":
        wind_file = tmp_path / "OMAA.txt"
        wind_file.write_text(UWYO)
    else:
        wind_file = open_meteo(tmp_path)
    plan = plan_json(capsys, str(scenario(tmp_path)), "--wind-file", str(wind_file))
    spot = release_at(capsys, wind_file, plan["exit_time_utc"])
    assert metres_apart(plan["release"]["release_point"], spot["release_point"]) < ONE_METRE
    assert plan["release"]["aircraft_heading_deg_true"] == spot["aircraft_heading_deg_true"]
    assert plan["release"]["exit_wind"] == spot["exit_wind"]
    assert plan["wind"]["source"] == spot["wind"]["source"]


def test_the_plan_takes_the_forecast_at_its_exit_interpolated_in_time(tmp_path):
    """The jump run's wind at exit is the two hours around the planned exit, weighed
    linearly in time (worked here from the two hours' own profiles)."""
    path = open_meteo(tmp_path)
    wind = parse_open_meteo(path.read_text())
    seed = planning.SEED_SCENARIO.model_copy(update={"wind_file": str(path)})
    plan = planning.make_plan(seed, wind_at=reader(path))
    exit_s = plan.exit_time_utc_s
    hours = np.asarray(wind.valid_times_utc_s)
    k = int(np.searchsorted(hours, exit_s)) - 1
    share = (exit_s - hours[k]) / 3600.0
    z = seed.exit_altitude_m
    before, after = wind.profiles[k], wind.profiles[k + 1]
    expected = [
        (1 - share) * b + share * a
        for b, a in zip(before.velocity_enu_mps(z), after.velocity_enu_mps(z), strict=True)
    ]
    run = plan.jump_run
    assert run.exit_wind_east_mps == pytest.approx(expected[0], abs=ONE_MM_PER_S)
    assert run.exit_wind_north_mps == pytest.approx(expected[1], abs=ONE_MM_PER_S)
    assert plan.trajectory.jump.exit.time_utc_s == exit_s
    used = plan.wind_used
    assert used.valid_times_utc_s == (hours[k], hours[k + 1])
    assert used.weight == pytest.approx(share)
    assert used.model_run_utc_s is None
    assert used.age_s is None


def test_scenario_file_wind_file_is_relative_to_the_scenario(capsys, tmp_path, monkeypatch):
    folder = tmp_path / "jump"
    folder.mkdir()
    open_meteo(folder)
    path = scenario(folder, wind_file="winds.json")
    monkeypatch.chdir(tmp_path)  # not the scenario's folder
    plan = plan_json(capsys, str(path))
    assert "winds.json" in plan["wind"]["source"]
    assert plan["wind"]["forecast_hours"] == 24
    assert len(plan["wind"]["valid_times_utc"]) == 2


def test_the_wind_object_of_an_fb_forecast(capsys, tmp_path):
    """The FB header gives the model run (DATA BASED ON 091200Z), the valid time (VALID
    100000Z) and the period (FOR USE 2100-0600Z): the age is the exit minus the run."""
    path = tmp_path / "fb.txt"
    path.write_text(FB_EVENING)
    plan = plan_json(capsys, str(scenario(tmp_path)), "--wind-file", str(path),
                     "--station", "ABI", *ABILENE)  # fmt: skip
    wind = plan["wind"]
    assert wind["model_run_utc"] == "2018-03-09T12:00:00Z"
    assert wind["valid_times_utc"] == ["2018-03-10T00:00:00Z"]
    assert (wind["valid_from_utc"], wind["valid_to_utc"]) == (
        "2018-03-09T21:00:00Z",
        "2018-03-10T06:00:00Z",
    )
    exit_s = dt.datetime.fromisoformat(plan["exit_time_utc"]).timestamp()
    run = dt.datetime(2018, 3, 9, 12, tzinfo=dt.UTC).timestamp()
    assert wind["age_s"] == pytest.approx(exit_s - run, abs=1.0)
    assert wind["age_from"] == "model-run"
    assert "model run 2018-03-09 12:00Z" in wind["summary"]
    assert f"{(exit_s - run) / 3600:.1f} h old at the exit" in wind["summary"]
    # The cold check takes the FB temperature at 25,000 ft: -22 C at 24,000 ft, -37 C at
    # the 30,000 ft pressure level (the reader's docs example: -24.4 C at 25,000 ft).
    cold = next(c for c in plan["checks"] if c["code"] == "cold")
    assert cold["values"]["from_forecast"] is True
    assert "FB winds aloft" in cold["values"]["temperature_source"]
    assert cold["values"]["temperature_c"] == pytest.approx(-24.4, abs=0.1)
    assert not any(c["code"] == "cloud-clearance" for c in plan["checks"])  # FB: no cloud


# --- Time: outside the forecast -----------------------------------------------------------


def test_an_exit_hours_outside_an_fb_period_is_refused(capsys, tmp_path):
    """The 6-hour product (for use 14-21 UTC) cannot plan a dusk exit near 00:35 UTC."""
    path = tmp_path / "fb.txt"
    path.write_text(FB_EVENING.replace("VALID 100000Z   FOR USE 2100-0600Z",
                                       "VALID 091800Z   FOR USE 1400-2100Z"))  # fmt: skip
    line = error_line(capsys, "plan", "--wind-file", str(path), "--station", "ABI", *ABILENE)
    assert line.startswith("duskfall: error: --wind-file: 'planned exit 2018-03-10T00:3")
    assert "is outside the period the winds are for" in line
    assert "2018-03-09T14:00:00Z to 2018-03-09T21:00:00Z" in line


def test_an_exit_within_the_hour_after_an_fb_period_is_a_warning(capsys, tmp_path):
    path = tmp_path / "fb.txt"
    path.write_text(FB_EVENING.replace("FOR USE 2100-0600Z", "FOR USE 2100-0000Z"))
    plan = plan_json(capsys, "--wind-file", str(path), "--station", "ABI", *ABILENE)
    codes = {n["code"]: n for n in plan["warnings"]}
    assert "wind-outside-validity" in codes
    assert "get a forecast for the time of the jump" in codes["wind-outside-validity"]["message"]


def test_an_hourly_forecast_of_another_day_is_refused(capsys, tmp_path):
    path = open_meteo(tmp_path)
    line = error_line(capsys, "plan", "--wind-file", str(path), "--date", "2018-03-12")
    assert line.startswith(f"duskfall: error: --wind-file {path.name}: '2018-03-12T")
    assert "outside the forecast's hours" in line


def test_an_exit_beyond_the_last_hour_by_more_than_an_hour_is_refused(tmp_path):
    """A forecast whose hours end at 08 UTC: the dusk exit (14:22 UTC) is refused, not
    planned with the 08 UTC hour held."""
    wind = parse_open_meteo(json.dumps(response(hours=13)))  # 00-12 local: 20-08 UTC
    last = wind.valid_times_utc_s[-1]
    calm = planning.make_plan(planning.SEED_SCENARIO)
    assert calm.exit_time_utc_s > last + WIND_TIME_GRACE_S
    with pytest.raises(OutOfRangeError, match=r"^--wind-file: 'planned exit 2018-03-10T14:2"):
        planning.make_plan(planning.SEED_SCENARIO, wind=wind, wind_field="--wind-file")


def test_covers_asks_for_a_second_reading_outside_the_hours_read():
    early = LayeredWind((0.0, 9000.0), (270.0, 270.0), (5.0, 9.0), valid_time_utc_s=0.0)
    late = LayeredWind((0.0, 9000.0), (270.0, 270.0), (7.0, 9.0), valid_time_utc_s=3600.0)
    wind = TimeLayeredWind((early, late), 0.0)
    assert covers(wind, 1800.0)
    assert covers(wind, 3600.0)
    assert not covers(wind, 3601.0)
    assert covers(early, 1e9)  # a single profile has nothing more to read


def test_an_old_sounding_is_flagged(capsys, tmp_path):
    """Launched at 12 UTC on 8 March, used at 14:22 UTC on the 10th: 50 h before."""
    path = tmp_path / "OMAA.txt"
    path.write_text(UWYO.replace("180310/1200", "180308/1200").replace("10 Mar", "08 Mar"))
    plan = plan_json(capsys, str(scenario(tmp_path)), "--wind-file", str(path))
    codes = {n["code"]: n for n in plan["warnings"]}
    assert codes["wind-stale"]["severity"] == "warn"
    assert "50 h before the planned exit" in codes["wind-stale"]["message"]
    assert plan["wind"]["age_from"] == "valid-time"
    assert plan["wind"]["age_s"] == pytest.approx(50 * 3600 + 22 * 60, abs=120)


# --- Weather aloft in the checks ----------------------------------------------------------


def test_cold_check_takes_the_forecast_temperature_at_exit(capsys, tmp_path):
    """The sample's temperatures are the ICAO standard atmosphere's at each level's
    standard height, plus 0.1 C per hour, with the levels 2 gpm higher each hour: at
    25,000 ft (7,611 gpm) after h hours, 288.15 - 0.0065 (7,611 - 2 h) + 0.1 h K."""
    path = open_meteo(tmp_path)
    plan = plan_json(capsys, str(scenario(tmp_path)), "--wind-file", str(path))
    exit_s = dt.datetime.fromisoformat(plan["exit_time_utc"]).timestamp()
    first = parse_open_meteo(path.read_text()).valid_times_utc_s[0]
    geopotential = 6_356_766.0 * 7620.0 / (6_356_766.0 + 7620.0)
    hours = (exit_s - first) / 3600
    expected = 288.15 - 0.0065 * (geopotential - 2 * hours) - 273.15 + hours / 10
    cold = next(c for c in plan["checks"] if c["code"] == "cold")
    assert cold["values"]["temperature_c"] == pytest.approx(expected, abs=TENTH_OF_A_DEGREE)
    assert cold["values"]["from_forecast"] is True
    assert "Open-Meteo" in cold["values"]["temperature_source"]
    assert cold["detail"].startswith("forecast air at exit")


def _cloudy(levels: dict[int, float]) -> dict:
    data = response()
    for level in LEVELS_HPA:
        data["hourly"][f"cloud_cover_{level}hPa"] = [levels.get(level, 0)] * 24
    return data


@pytest.mark.parametrize(
    ("levels", "severity", "category"),
    [
        ({}, "pass", "clear"),
        ({850: 30}, "warn", "scattered"),  # 2.4 oktas, rounded up: 3/8
        ({700: 60}, "fail", "broken"),  # 4.8 oktas: 5/8
        ({500: 100}, "fail", "overcast"),
        ({200: 100}, "pass", "clear"),  # 11.8 km: above the exit and its 1,000 ft
    ],
)
def test_cloud_clearance_from_the_models_cloud_cover(tmp_path, levels, severity, category):
    path = open_meteo(tmp_path, _cloudy(levels))
    seed = planning.SEED_SCENARIO.model_copy(update={"wind_file": str(path), "members": 0})
    plan = planning.make_plan(seed, wind_at=reader(path))
    (check,) = [c for c in plan.checks if c.code == "cloud-clearance"]
    assert (check.severity, check.values["category"]) == (severity, category)
    assert check.values["from_model"] is True
    assert check.values["top_m"] == pytest.approx(26_000 * FOOT_M)
    assert "105.17" in check.source
    assert '"(a) Into or through a cloud"' in check.source
    text = wording.describe(check)
    assert "a model's cloud cover" in text
    assert "not an observation" in text
    assert plan.go is (severity != "fail")


def test_okta_categories_of_metar_reports():
    """ICAO Annex 3: FEW 1/8 to 2/8, SCT 3/8 to 4/8, BKN 5/8 to 7/8, OVC 8/8; a model's
    fraction is rounded up, so any cloud is at least FEW."""
    assert [cloud_oktas(c) for c in (0.0, 0.01, 0.25, 0.26, 0.5, 0.51, 0.875, 0.9, 1.0)] == [
        0, 1, 2, 3, 4, 5, 7, 8, 8,
    ]  # fmt: skip
    names = [cloud_clearance_check(c, 7620.0, 50.0, "m").values["category"]
             for c in (0.0, 0.2, 0.4, 0.7, 1.0)]  # fmt: skip
    assert names == ["clear", "few", "scattered", "broken", "overcast"]


# --- The sweep --------------------------------------------------------------------------


def test_sweep_hours_match_the_release_command_hour_by_hour(capsys, tmp_path):
    """Each hour of the sweep is the release command's spot for an exit on that hour."""
    path = open_meteo(tmp_path)
    plan = plan_json(capsys, str(scenario(tmp_path)), "--wind-file", str(path), "--sweep-hours")
    sweep = plan["wind_sweep"]
    hours = parse_open_meteo(path.read_text()).valid_times_utc_s
    half = planning.SEED_SCENARIO.half_day()
    evening = [iso_utc(t) for t in hours if half.start_utc_s <= t <= half.end_utc_s]
    assert [row["time_utc"] for row in sweep] == evening
    for row in (sweep[0], sweep[len(sweep) // 2], sweep[-1]):
        spot = release_at(capsys, path, row["time_utc"])
        assert metres_apart(row["release_point"], spot["release_point"]) < ONE_METRE
        assert row["aircraft_heading_deg_true"] == spot["aircraft_heading_deg_true"]
        assert row["exit_wind_from_deg"] == spot["exit_wind"]["from_deg"]
        deploy, exit_ = spot["deploy_point"], spot["release_point"]
        assert row["freefall_drift_m"] == pytest.approx(metres_apart(deploy, exit_), abs=1.0)


def test_sweep_text_table_and_metric_units(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    path = open_meteo(tmp_path)
    status, out, err = run(capsys, "plan", str(scenario(tmp_path)), "--wind-file", str(path),
                           "--sweep-hours", "--units", "metric")  # fmt: skip
    assert status == 0, err
    assert "The spot hour by hour" in out
    assert "exit 18:21" in out  # the planned exit, local time, beside its hour
    assert " NM " not in out
    assert " kt" not in out
    assert "interpolated between the 14:00Z and 15:00Z hours" in out


def test_sweep_needs_an_hourly_forecast(capsys, tmp_path):
    line = error_line(capsys, "plan", "--sweep-hours")
    assert line.startswith("duskfall: error: --sweep-hours:")
    assert "has no forecast hours to sweep" in line
    path = tmp_path / "OMAA.txt"
    path.write_text(UWYO)
    assert "--sweep-hours:" in error_line(capsys, "plan", "--wind-file", str(path), "--sweep-hours")


# --- Bad input --------------------------------------------------------------------------


def test_wind_and_wind_file_together(capsys, tmp_path):
    path = open_meteo(tmp_path)
    line = error_line(capsys, "plan", "--wind", "270@20kt", "--wind-file", str(path))
    assert line == (
        f"duskfall: error: --wind-file: '{path}' is given with --wind; allowed: one of --wind "
        "(levels or one DIR@SPEED) or --wind-file (a file)"
    )


def test_a_wind_option_replaces_the_files_winds(capsys, tmp_path):
    wind_file = open_meteo(tmp_path)
    table = scenario(tmp_path, levels="0ft:270@8kt,25000ft:290@45kt")
    plan = plan_json(capsys, str(table), "--wind-file", str(wind_file))
    assert "Open-Meteo" in plan["wind"]["source"]
    with_file = scenario(tmp_path, wind_file=str(wind_file))
    plan = plan_json(capsys, str(with_file), "--wind", "270@20kt")
    assert plan["wind"]["source"] == "scenario wind table"


def test_a_scenario_with_levels_and_a_wind_file_names_the_key(capsys, tmp_path):
    path = scenario(tmp_path, levels="270@20kt", wind_file="winds.json")
    line = error_line(capsys, "plan", str(path))
    assert line.startswith("duskfall: error: winds.wind_file: ")
    assert "is given with a wind table" in line


@pytest.mark.parametrize("command", ["plan", "report", "season"])
def test_bad_wind_files_name_the_option(capsys, tmp_path, command):
    fb = tmp_path / "fb.txt"
    fb.write_text(FB_EVENING)
    junk = tmp_path / "notes.txt"
    junk.write_text("nothing to see here\n")
    extra = ["-o", str(tmp_path / "plan.html")] if command == "report" else []
    cases = [
        (["--wind-file", str(tmp_path / "missing.json")], "--wind-file: ", "cannot be read"),
        (["--wind-file", str(junk)], "--wind-file: ", "is in no format duskfall reads"),
        (["--wind-file", str(fb), "--station", "XYZ"], "--station: 'XYZ'", "is not in fb.txt"),
        (["--wind-file", str(fb)], "--station: ", "is needed"),
        (["--station", "ABI"], "--station: 'ABI'", "is given without a wind file"),
        (
            ["--wind-file", str(open_meteo(tmp_path)), "--station", "ABI"],
            "--station: 'ABI'",
            "is given for winds.json, which is not an FB product",
        ),
    ]
    for argv, start, problem in cases:
        line = error_line(capsys, command, *argv, *extra)
        assert line.startswith(f"duskfall: error: {start}"), line
        assert problem in line, line


def test_season_refuses_an_hourly_forecast_naming_the_option(capsys, tmp_path):
    path = open_meteo(tmp_path)
    line = error_line(capsys, "season", "--wind-file", str(path), "--from", "2018-03-10",
                      "--to", "2018-03-11")  # fmt: skip
    source = read_open_meteo(path).source
    assert line.startswith(f"duskfall: error: --wind-file: '{source}' changes with time")
    assert "changes with time" in line


def test_season_with_a_sounding(capsys, tmp_path):
    path = tmp_path / "OMAA.txt"
    path.write_text(UWYO)
    status, out, err = run(capsys, "season", "--wind-file", str(path), "--from", "2018-03-10",
                           "--to", "2018-03-12", "--format", "json")  # fmt: skip
    assert status == 0, err
    assert len(json.loads(out)["days"]) == 3


def test_report_reads_the_wind_file(capsys, tmp_path):
    path = open_meteo(tmp_path)
    output = tmp_path / "plan.html"
    status, _, err = run(capsys, "report", str(scenario(tmp_path)), "--wind-file", str(path),
                         "-o", str(output), "--images", "svg")  # fmt: skip
    assert status == 0, err
    html = output.read_text()
    assert "Open-Meteo forecast" in html
    assert "interpolated between the 14:00Z" in html


def test_wind_used_of_calm_and_of_a_table():
    assert wind_used(None, 0.0).calm
    assert wording.wind_summary(wind_used(None, 0.0)).startswith("calm air")
    table = LayeredWind((0.0, 1000.0), (270.0, 270.0), (5.0, 6.0), source="table")
    used = wind_used(table, 100.0)
    assert used.valid_times_utc_s == ()
    assert used.age_s is None
    assert wording.wind_summary(used) == "table"


def test_a_gridded_forecast_is_read_again_around_the_planned_exit(capsys, tmp_path):
    """A GFS-style file of hourly steps from the 06 UTC run: the reader keeps the two
    steps around the time it is read for; the plan reads it for its exit, whose hours it
    names, and counts the age from the run."""
    xarray = pytest.importorskip("xarray")
    pytest.importorskip("scipy")
    lat, lon = np.array([24.0, 25.0]), np.array([54.0, 55.0])
    steps_h = np.arange(0.0, 13.0)  # 06 to 18 UTC
    levels = [1000, 850, 500, 400, 300]
    heights = np.array([100.0, 1500.0, 5800.0, 7500.0, 9600.0])
    shape = (steps_h.size, len(levels), lat.size, lon.size)
    u = np.broadcast_to((2.0 + steps_h)[:, None, None, None], shape)  # 1 m/s more per hour
    run = np.datetime64("2018-03-10T06:00", "ns")
    steps = (steps_h * 3600).astype("timedelta64[s]").astype("timedelta64[ns]")
    dims = ("step", "isobaricInhPa", "latitude", "longitude")
    dataset = xarray.Dataset(
        {
            "u": (dims, u.copy()),
            "v": (dims, np.zeros(shape)),
            "gh": (dims, np.broadcast_to(heights[None, :, None, None], shape).copy(),
                   {"units": "gpm"}),
        },
        coords={
            "time": run, "step": steps, "valid_time": ("step", run + steps),
            "isobaricInhPa": levels, "latitude": lat, "longitude": lon,
        },
        attrs={"GRIB_centreDescription": "US National Weather Service - NCEP"},
    )  # fmt: skip
    path = tmp_path / "gfs.nc"
    dataset.to_netcdf(path, engine="scipy")
    plan = plan_json(capsys, str(scenario(tmp_path)), "--wind-file", str(path))
    wind = plan["wind"]
    assert wind["valid_times_utc"] == ["2018-03-10T14:00:00Z", "2018-03-10T15:00:00Z"]
    assert wind["model_run_utc"] == "2018-03-10T06:00:00Z"
    exit_s = dt.datetime.fromisoformat(plan["exit_time_utc"]).timestamp()
    assert wind["age_s"] == pytest.approx(exit_s - run.astype("datetime64[s]").astype(float), abs=1)
    # The wind at exit: 2 + 8 m/s at 14 UTC, one more per hour (from 270: toward east).
    expected = 2.0 + (exit_s - dt.datetime(2018, 3, 10, 6, tzinfo=dt.UTC).timestamp()) / 3600
    assert plan["release"]["exit_wind"]["speed_mps"] == pytest.approx(expected, abs=0.05)
    assert plan["release"]["exit_wind"]["from_deg"] == 270.0


WICHITA = ("--lat", "37.65", "--lon", "-97.43", "--date", "2018-03-09")


@pytest.mark.parametrize("output", ["text", "json"])
@pytest.mark.parametrize("source", ["open-meteo", "fb"])
def test_wind_file_plans_are_metric(capsys, tmp_path, monkeypatch, source, output):
    """With --units metric the winds' words (provenance, cloud clearance, light and
    variable levels, the sweep) show no foot, knot or nautical mile but a rule's own."""
    from test_units_metric import imperial, strings

    monkeypatch.setenv("COLUMNS", "400")
    if source == "fb":
        path = tmp_path / "fb.txt"
        path.write_text(FB_EVENING)
        argv = ["--wind-file", str(path), "--station", "ICT", *WICHITA]
    else:
        argv = ["--wind-file", str(open_meteo(tmp_path, _cloudy({850: 30}))), "--sweep-hours"]
    status, out, err = run(capsys, "plan", str(scenario(tmp_path)), *argv, "--units", "metric",
                           "--format", output)  # fmt: skip
    assert status == 0, err
    text = out if output == "text" else "\n".join(strings(json.loads(out)))
    assert imperial(text) == []
    if source == "fb":
        assert "light and variable (under 2.6 m/s)" in text
    else:
        assert "305 m (1,000 ft)" in text
