"""``duskfall season`` and ``duskfall atlas``: the output contracts, files and bad input.

Authority for the numbers: tests/test_season.py and tests/test_atlas.py (the single-site
planner); here ``duskfall plan --format json`` is run for a day of the season and must
give the same exit window, exit and take-off, and the files written must read back.
"""

import csv
import io
import json
import re

import numpy as np
import pytest

from duskfall.cli import main

SEASON = ["season", "--from", "2018-03-08", "--to", "2018-03-12"]
DAY_KEYS = {
    "date",
    "fits",
    "exit_window",
    "slack_s",
    "exit_time_utc",
    "takeoff_time_utc",
    "light_at_exit",
    "light_at_deployment",
    "why_not",
}


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_json_days_match_duskfall_plan(capsys):
    status, out, err = run(capsys, *SEASON, "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    assert len(data["days"]) == 5
    assert "monte_carlo" not in data
    day = data["days"][2]
    assert set(day) >= DAY_KEYS
    assert day["date"] == "2018-03-10"
    status, out, err = run(capsys, "plan", "--format", "json")
    assert status == 0, err
    plan = json.loads(out)
    for key in ("exit_window", "exit_time_utc", "takeoff_time_utc", "fits"):
        assert day[key] == plan[key]
    assert day["slack_s"] == pytest.approx(plan["slack_s"], abs=0.1)
    assert data["best_days"][0]["date"] == "2018-03-08"


def test_odds_in_json_and_csv(capsys):
    odds = ["--weather", "0.7", "--p-success", "0.5", "--shots", "2", "--seed", "3"]
    odds += ["--blocked", "2018-03-09..2018-03-10", "--deadline", "2018-03-11"]
    status, out, err = run(capsys, *SEASON, *odds, "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    mc = data["monte_carlo"]
    assert mc["shots_needed"] == 2
    assert mc["deadline"] == "2018-03-11"
    assert mc["blocked_days"] == 2
    assert 0 < mc["p_done_by_deadline"] < mc["shutdown"]["p_done_by_deadline_without_blocked"]
    assert len(mc["finish_distribution"]) == 5
    assert [d["blocked"] for d in data["days"]] == [False, True, True, False, False]
    assert data["days"][1]["why_not"] == "blocked"
    assert data["days"][0]["p_shot"] == pytest.approx(0.35)
    status, out, _ = run(capsys, *SEASON, *odds, "--format", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5
    assert rows[1]["blocked"] == "True"
    assert float(rows[-1]["p_done_by"]) == pytest.approx(mc["finish_distribution"][-1]["p_done_by"])


def test_text_calendar(capsys):
    status, out, err = run(capsys, *SEASON, "--weather", "0.5")
    assert status == 0, err
    assert "2018-03-10" in out
    assert "Best days:" in out
    assert "Odds" in out
    assert len(re.findall(r"^2018-03-\d\d +\d\d:\d\d:\d\d-\d\d:", out, re.MULTILINE)) == 5


def test_season_table_in_the_scenario_file_and_a_weather_file(tmp_path, capsys):
    status, template, _ = run(capsys, "plan", "--example")
    assert status == 0
    weather = tmp_path / "weather.csv"
    weather.write_text(
        "date,probability\n2018-03-01,0.9\n2018-03-02,0.1\n2018-03-03,0.5\n", encoding="utf-8"
    )
    scenario = tmp_path / "shoot.toml"
    scenario.write_text(
        template
        + '\n[season]\nfrom = 2018-03-01\nto = 2018-03-03\nshots = 1\nweather_file = "'
        + str(weather)
        + '"\n',
        encoding="utf-8",
    )
    status, out, err = run(capsys, "season", str(scenario), "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    assert [d["p_weather"] for d in data["days"]] == [0.9, 0.1, 0.5]
    assert data["monte_carlo"]["shots_needed"] == 1
    scenario.write_text(template + "\n[season]\nshots = 9\nfrom = 2018-03-01\n", "utf-8")
    status, _, err = run(capsys, "season", str(scenario), "--to", "2018-03-03")
    assert status == 2
    assert err.startswith("duskfall: error: season.shots: 9")


def test_season_figure(tmp_path, capsys):
    path = tmp_path / "season.png"
    status, _, err = run(capsys, *SEASON, "--weather", "0.8", "--figure", str(path))
    assert status == 0, err
    assert path.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["--from", "2018-03-10", "--to", "2018-03-01"], "--to"),
        (["--from", "2018-01-01", "--to", "2040-01-01"], "--to"),
        (["--from", "2018-13-01", "--to", "2018-03-01"], "--from"),
        ([*SEASON[1:], "--p-success", "1.5"], "--p-success"),
        ([*SEASON[1:], "--weather", "-0.2"], "--weather"),
        ([*SEASON[1:], "--weather", "0.5,0.5"], "--weather"),
        ([*SEASON[1:], "--weather", "0.5," * 11 + "1.5"], "--weather (month 12)"),
        ([*SEASON[1:], "--shots", "6"], "--shots"),
        ([*SEASON[1:], "--deadline", "2018-04-01"], "--deadline"),
        ([*SEASON[1:], "--blocked", "2018-03-10..2018-03-09"], "--blocked"),
        ([*SEASON[1:], "--members", "0"], "--members"),
        ([*SEASON[1:], "--lat", "95"], "--lat"),
        ([*SEASON[1:], "--weather-file", "/nonexistent/weather.csv"], "--weather-file"),
        ([*SEASON[1:], "--best", "-1"], "--best: '-1' is out of range; allowed"),
        (
            [*SEASON[1:], "--figure", "calendar.txt"],
            "--figure: 'calendar.txt' is not a .png, .svg or .pdf file; allowed",
        ),
    ],
)
def test_season_bad_input_is_one_line_naming_the_option(capsys, argv, field):
    status, out, err = run(capsys, "season", *argv)
    assert status == 2
    assert out == ""
    assert err.startswith(f"duskfall: error: {field}:")
    assert err.count("\n") == 1


def test_weather_file_missing_a_date(tmp_path, capsys):
    weather = tmp_path / "weather.csv"
    weather.write_text("2018-03-08,0.5\n2018-03-09,0.5\n", encoding="utf-8")
    status, _, err = run(capsys, *SEASON, "--weather-file", str(weather))
    assert status == 2
    assert err.startswith("duskfall: error: --weather-file: '2018-03-10'")


# --- Atlas -------------------------------------------------------------------------------------

ATLAS = ["atlas", "--grid", "30deg", "--from", "2026-03-19", "--to", "2026-03-21"]
UNREACHABLE = ["--grid", "30deg", "--year", "2026", "--scheduler", "tcp://127.0.0.1:9"]
UNREACHABLE += ["--scheduler-timeout", "0.5s"]


def test_atlas_writes_netcdf_and_figure(tmp_path, capsys):
    xr = pytest.importorskip("xarray")
    path = tmp_path / "atlas.nc"
    picture = tmp_path / "atlas.png"
    argv = [*ATLAS, "-o", str(path), "--figure", str(picture), "--format", "json"]
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    summary = json.loads(out)
    assert summary["cell_days"] == 3 * 6 * 12
    assert summary["outputs"] == [str(path), str(picture)]
    assert sum(summary["status_counts"].values()) == summary["cell_days"]
    with xr.open_dataset(path, engine="h5netcdf") as written:
        assert written["status"].attrs["flag_meanings"].startswith("window does_not_fit")
        assert written["exit_window_s"].shape == (3, 6, 12)
        lengths = written["exit_window_s"].values
        status_codes = written["status"].values
    assert np.isfinite(lengths[status_codes == 0]).all()
    assert (lengths[status_codes == 0] > 0).all()
    assert picture.read_bytes()[:4] == b"\x89PNG"
    status, out, err = run(capsys, *ATLAS)
    assert status == 0, err
    assert "cell-days" in out


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["--grid", "0.001deg", "--year", "2026"], "--grid"),
        (["--grid", "7deg", "--year", "2026"], "--grid"),
        (["--grid", "30deg"], "--year"),
        (["--grid", "30deg", "--year", "2026", "--from", "2026-01-01"], "--year"),
        (
            ["--grid", "30deg", "--year", "2026", "--deploy-altitude", "30000ft"],
            "--deploy-altitude",
        ),
        (["--grid", "30deg", "--year", "2026", "-o", "atlas.txt"], "--output"),
        (UNREACHABLE, "--scheduler"),
        (["--grid", "30deg", "--year", "2026", "--scheduler", "nowhere"], "--scheduler"),
    ],
)
def test_atlas_bad_input_is_one_line_naming_the_option(capsys, argv, field, tmp_path):
    pytest.importorskip("xarray")
    argv = [str(tmp_path / a) if a == "atlas.txt" else a for a in argv]
    status, out, err = run(capsys, "atlas", *argv)
    assert status == 2
    assert out == ""
    assert err.startswith(f"duskfall: error: {field}:")
    assert err.count("\n") == 1


@pytest.mark.parametrize("command", ["season", "atlas"])
def test_a_figure_that_cannot_be_written_names_figure(capsys, tmp_path, command):
    """Both commands refuse an unwritable ``--figure`` in one line naming it."""
    argv = [*(SEASON if command == "season" else ATLAS), "--figure", str(tmp_path / "no" / "x.png")]
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert err.startswith("duskfall: error: --figure: ")
    assert len(err.strip().splitlines()) == 1
