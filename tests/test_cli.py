"""The command line: the seed plan, the JSON contract, and every bad input."""

import json
import subprocess
import sys

import pytest

from duskfall import __version__
from duskfall.cli import main

CONTRACT_KEYS = {
    "exit_altitude_m",
    "deploy_altitude_m",
    "freefall_duration_s",
    "max_speed_mps",
    "exit_time_utc",
    "light_window",
    "action_duration_s",
    "slack_s",
    "warnings",
}


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_version(capsys):
    status, out, _ = run(capsys, "--version")
    assert status == 0
    assert out.strip() == f"duskfall {__version__}"


def test_help(capsys):
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert "plan" in out


def test_plan_text_default(capsys):
    status, out, err = run(capsys, "plan")
    assert status == 0, err
    for text in (
        "Sunset, ground",
        "Sunset, 25,000 ft",
        "Exit window",
        "EXIT",
        "free fall",
        "peak",
        "Timeline",
        "take-off",
        "Go / no-go",
        "mph",
        "Asia/Dubai",
        "18:2",
    ):
        assert text in out


def test_plan_json_contract(capsys):
    status, out, _ = run(capsys, "plan", "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert set(data) >= CONTRACT_KEYS
    assert set(data["light_window"]) == {"start_utc", "end_utc", "duration_s"}
    assert data["exit_time_utc"].endswith("Z")
    assert data["exit_altitude_m"] == pytest.approx(7620.0)
    assert data["deploy_altitude_m"] == pytest.approx(1269.2)
    assert data["fits"] is True
    assert isinstance(data["warnings"], list)
    assert data["date"] == "2018-03-10"
    assert data["local_timezone"] == "Asia/Dubai"
    assert set(data["site"]) == {"name", "lat", "lon", "ground_elevation_m"}
    assert {"event", "time_utc", "altitude_m"} <= set(data["timeline"][0])
    assert all(c["status"] in {"pass", "warn", "fail"} for c in data["checks"])
    assert {"name", "code", "status", "detail", "values", "source"} == set(data["checks"][0])


def test_plan_json_golden(capsys, golden):
    status, out, _ = run(capsys, "plan", "--format", "json")
    assert status == 0
    golden("plan_seed.json", out)


def test_plan_text_golden(golden):
    """The seed's whole text report, at a fixed width, without colour."""
    from io import StringIO

    from rich.console import Console

    from duskfall import planning, reports

    buffer = StringIO()
    console = Console(file=buffer, width=110, color_system=None, force_terminal=False)
    reports.render_plan(planning.make_plan(planning.SEED_SCENARIO), console)
    golden("plan_seed.txt", buffer.getvalue())


def test_plan_example_and_file(capsys, tmp_path):
    status, out, _ = run(capsys, "plan", "--example")
    assert status == 0
    path = tmp_path / "scenario.toml"
    path.write_text(out.replace("lat = 24.4 ", "lat = 25.0 "))
    status, out, err = run(capsys, "plan", str(path), "--format", "json", "--date", "2018-03-12")
    assert status == 0, err
    data = json.loads(out)
    assert data["site"]["lat"] == 25.0
    assert data["date"] == "2018-03-12"


def test_plan_bad_file_key(capsys, tmp_path):
    path = tmp_path / "scenario.toml"
    path.write_text("[site]\nlat = 24.4\nlon = 54.6\ncolour = 'red'\n")
    status, _, err = run(capsys, "plan", str(path))
    assert status == 2
    assert err.strip().splitlines() == [
        "duskfall: error: site.colour: 'red' is not a known key; allowed: name, lat, lon, "
        "ground_elevation"
    ]


def test_plan_missing_file(capsys, tmp_path):
    status, _, err = run(capsys, "plan", str(tmp_path / "nope.toml"))
    assert status == 2
    assert "scenario file" in err


def test_overrides_with_units_and_agl(capsys):
    status, out, _ = run(
        capsys,
        "plan",
        "--format",
        "json",
        "--exit-altitude",
        "7.62km",
        "--ground-elevation",
        "100m",
        "--deploy-altitude",
        "1.2kmAGL",
        "--mass",
        "200lb",
        "--light",
        "-1..2",
        "--date",
        "2018-03-20",
    )
    assert status == 0
    data = json.loads(out)
    assert data["deploy_altitude_m"] == pytest.approx(1300.0)
    assert data["deploy_altitude_agl_m"] == pytest.approx(1200.0)
    assert data["jumpers"][0]["mass_kg"] == pytest.approx(90.718, abs=1e-3)
    assert data["date"] == "2018-03-20"
    assert data["light_band"] == {
        "name": "-1..2",
        "lower_deg": -1.0,
        "upper_deg": 2.0,
        "lower_lux": None,
        "upper_lux": None,
        "judge_at": "jumper",
        "horizon": "visible",
    }


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["--exit-altitude", "2000ft"], "--exit-altitude"),
        (["--lat", "95"], "--lat"),
        (["--date", "2018-13-01"], "--date"),
        (["--mass", "-3kg"], "--mass"),
        (["--exit-altitude", "banana"], "--exit-altitude"),
        (["--light", "purple"], "--light"),
        (["--posture", "cartwheel"], "--posture"),
        (["--lon", "400"], "--lon"),
        (["--format", "yaml"], "--format"),
        (["--bogus"], "--bogus"),
        (["--aircraft", "B747"], "--aircraft"),
        (["--exit-altitude", "30000ft", "--aircraft", "C208B"], "--exit-altitude"),
        (["--wind", "0ft-270@8kt"], "--wind"),
        (["--wind", "0ft:270@200kt"], "--wind"),  # faster than the C-17's 194 KTAS at exit
        (["--wind", "0ft:270@260kt"], "--wind"),  # beyond 250 kt
        (["--pick", "random"], "--pick"),
        (["--deploy-altitude", "26000ft"], "--deploy-altitude"),
        (["--exit-altitude", "3000ft"], "--exit-altitude"),
    ],
)
def test_bad_input_one_line_exit_2(capsys, argv, option):
    status, out, err = run(capsys, "plan", *argv)
    assert status == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert option in lines[0]
    assert "Traceback" not in err


def test_a_ground_that_lifts_the_opening_over_the_exit_is_named(capsys):
    """The seed opens at 4,000 ft AGL under a 25,000 ft exit: a ground over 21,000 ft
    (6,400.8 m) lifts the opening to the exit. The conflict is named after the option
    typed, the ground's, with the limit worked out: 6,400 m plans, 6,401 m does not."""
    status, _, err = run(capsys, "plan", "--ground-elevation", "9000m")
    assert status == 2
    assert err.startswith("duskfall: error: --ground-elevation: '9000m' ")
    assert "below 6,401 m (21,000 ft) MSL" in err
    assert run(capsys, "plan", "--ground-elevation", "6401m", "--format", "json")[0] == 2
    assert run(capsys, "plan", "--ground-elevation", "6400m", "--format", "json")[0] == 0


@pytest.mark.parametrize(
    ("light", "said"),
    [
        ("5..1", "'5..1' is reversed or empty"),
        ("-95..2", "'-95..2' goes beyond -90..90 degrees"),
        ("0..10lux", "'0..10lux' has a limit that is not a positive lux"),
        ("1..200000lux", "asks for brighter than the Sun at the zenith"),
        ("purple", "'purple' is not a known light band"),
    ],
)
def test_a_bad_light_band_says_what_is_wrong_with_it(capsys, light, said):
    status, _, err = run(capsys, "plan", "--light", light)
    assert status == 2
    assert err.startswith("duskfall: error: --light: ")
    assert said in err


def test_polar_night_says_no_light_window(capsys):
    status, out, _ = run(capsys, "plan", "--lat", "80", "--date", "2018-12-21")
    assert status == 0
    assert "no light window that day" in out


def test_module_entry_point_exit_status():
    """``python -m duskfall`` runs the same main; bad input exits 2 with no traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "duskfall", "plan", "--lat", "95"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "--lat" in result.stderr


def test_a_window_open_at_its_start_says_so_beside_its_close_and_its_slack(capsys):
    """``sunlit`` has no opening at dusk (the Sun is up all afternoon): the close says
    "open before" and the exit's slack before is "open before", never a length."""
    status, out, err = run(capsys, "plan", "--light", "sunlit")
    assert status == 0, err
    flat = " ".join(out.split())
    assert "Exit window closes │ 18:31:59 │ 14:31:59 │ open before" in flat
    assert "slack open before," in flat
    assert "open long" not in flat


def test_heading_into_wind_undoes_the_scenarios_track(capsys):
    """The seed flies a track of 270; ``--heading into-wind`` flies into the wind at the
    exit altitude instead (from 200 here), on plan and season alike. A heading that is
    neither a track nor into-wind, or out of range, is refused naming --heading, as
    written, with what is allowed."""
    wind = "0ft:200@10kt,25000ft:200@40kt"
    status, out, _ = run(capsys, "plan", "--wind", wind, "--format", "json")
    assert status == 0
    assert json.loads(out)["release"]["jump_run_heading_deg_true"] == 270.0
    status, out, _ = run(
        capsys, "plan", "--wind", wind, "--heading", "into-wind", "--format", "json"
    )
    assert status == 0
    assert json.loads(out)["release"]["jump_run_heading_deg_true"] == pytest.approx(200.0)
    status, out, _ = run(capsys, "season", "--to", "2018-03-11", "--heading", "into-wind")
    assert status == 0
    for value in ("north", "400", "nan"):
        status, _, err = run(capsys, "plan", "--heading", value)
        assert status == 2
        assert err.count("\n") == 1
        assert f"--heading: '{value}'" in err
        assert "0 to 360 degrees true, or into-wind" in err
