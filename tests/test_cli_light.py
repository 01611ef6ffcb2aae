"""``duskfall light``: the JSON contract, text and CSV, ranges, and every bad input.

Authority for the numbers: tests/test_light.py and tests/test_sun_oracle.py (skyfield
+ DE421); here the outputs are checked whole against golden files and for consistency.
"""

import csv
import io
import json
import re

import pytest

from duskfall.cli import main

SEED = ["light", "--lat", "24.4", "--lon", "54.6", "--date", "2018-03-10", "--altitude", "25000ft"]
DUSK_KEYS = {
    "sunset_utc",
    "sunset_ground_utc",
    "civil_twilight_end_utc",
    "nautical_twilight_end_utc",
    "astronomical_twilight_end_utc",
    "windows",
    "weather_uncertainty_s",
    "site",
    "altitude_m",
    "horizon",
    "precision",
}


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_json_contract(capsys, golden):
    status, out, err = run(capsys, *SEED, "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    assert set(data) >= DUSK_KEYS
    assert data["sunset_utc"] == "2018-03-10T14:41:41Z"
    assert data["sunset_ground_utc"] == "2018-03-10T14:28:16Z"
    assert set(data["windows"]) == {
        "sunlit",
        "lowsun",
        "golden",
        "blue",
        "civil",
        "nautical",
        "astronomical",
        "available",
    }
    (golden_window,) = data["windows"]["golden"]
    assert set(golden_window) == {"start_utc", "end_utc", "duration_s"}
    assert data["windows"]["sunlit"][0]["start_utc"] is None
    golden("light_seed.json", out)


def test_dawn_keys_and_custom_band(capsys):
    status, out, _ = run(capsys, *SEED, "--at", "dawn", "--light", "-1..2", "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert {"sunrise_utc", "civil_twilight_start_utc", "astronomical_twilight_start_utc"} <= set(
        data
    )
    assert "-1..2" in data["windows"]
    assert data["sunrise_utc"] < data["sunrise_ground_utc"]


def test_polar_events_are_null(capsys):
    status, out, _ = run(
        capsys, "light", "--lat", "70", "--lon", "15", "--date", "2018-06-21", "--format", "json"
    )
    assert status == 0
    data = json.loads(out)
    assert data["sunset_utc"] is None
    assert data["civil_twilight_end_utc"] is None
    assert data["windows"]["sunlit"] == [{"start_utc": None, "end_utc": None, "duration_s": None}]
    assert data["windows"]["blue"] == []
    assert data["warnings"][0]["code"] == "no-sunset"
    assert "no sunset" in data["warnings"][0]["message"]


def test_text_report(capsys, golden):
    status, out, _ = run(capsys, *SEED)
    assert status == 0
    for text in ("Sunset, observer", "18:41:41", "golden", "Precision", "Asia/Dubai"):
        assert text in out
    golden("light_seed.txt", out)


def test_each_window_is_as_long_as_its_shown_edges_are_apart(capsys):
    """A length shown beside two clock times is their difference: 18:41:41 to 19:04:23
    is 22 min 42 s, whatever fractions of a second the edges carry (rounded apart,
    182.5 s between edges shown 3 min 03 s apart read 3 min 02 s)."""
    import datetime as dt

    from duskfall.reports import formatting

    assert doctest_failures(formatting) == 0
    status, out, _ = run(capsys, *SEED, "--light", "available")
    assert status == 0
    checked = 0
    for line in out.splitlines():
        found = re.search(r"(\d\d:\d\d:\d\d) │ (\d\d:\d\d:\d\d) │ (?:(\d+) min )?(\d+) s", line)
        if found:
            opens, closes = (dt.datetime.strptime(t, "%H:%M:%S") for t in found.groups()[:2])
            shown = int(found.group(3) or 0) * 60 + int(found.group(4))
            assert shown == (closes - opens).total_seconds(), line
            checked += 1
    assert checked >= 6


def doctest_failures(module) -> int:
    import doctest

    return doctest.testmod(module).failed


def test_range_csv_and_json(capsys):
    status, out, _ = run(
        capsys,
        "light",
        "--altitude",
        "25000ft",
        "--from",
        "2018-03-01",
        "--to",
        "2018-03-31",
        "--format",
        "csv",
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0
    assert len(rows) == 31
    assert rows[9]["date"] == "2018-03-10"
    assert rows[9]["sunset_utc"] == "2018-03-10T14:41:41Z"
    assert float(rows[9]["golden_duration_s"]) > 0
    status, out, _ = run(
        capsys, "light", "--from", "2018-03-01", "--to", "2018-03-03", "--format", "json"
    )
    assert [day["date"] for day in json.loads(out)["days"]] == [
        "2018-03-01",
        "2018-03-02",
        "2018-03-03",
    ]
    status, out, _ = run(capsys, "light", "--from", "2018-01-01", "--to", "2018-02-10")
    assert status == 0
    assert "2018-02-10" in out


def test_long_range_in_steps_matches_one_step(capsys):
    status, out, _ = run(
        capsys, "light", "--from", "2017-12-30", "--to", "2019-01-05", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0
    assert len(rows) == 372
    _, one, _ = run(capsys, "light", "--date", "2019-01-02", "--format", "json")
    assert rows[368]["sunset_utc"] == json.loads(one)["sunset_utc"]


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["--lat", "95"], "--lat"),
        (["--lon", "400"], "--lon"),
        (["--altitude", "120km"], "--altitude"),
        (["--altitude", "-800m"], "--altitude"),
        (["--altitude", "high"], "--altitude"),
        (["--ground-elevation", "10km"], "--ground-elevation"),
        (["--light", "purple"], "--light"),
        (["--light", "5..1"], "--light"),
        (["--date", "1949-12-31"], "--date"),
        (["--date", "2018-02-30"], "--date"),
        (["--from", "2018-03-01"], "--to"),
        (["--from", "2018-03-05", "--to", "2018-03-01"], "--to"),
        (["--from", "2018-01-01", "--to", "2099-01-01"], "--to"),  # 20 years at most
        (["--ground-elevation", "9000m"], "--ground-elevation"),  # above the 25,000 ft default
        (["--altitude", "1000ft", "--ground-elevation", "2000ft"], "--altitude"),
        (["--date", "2018-03-01", "--from", "2018-03-01", "--to", "2018-03-02"], "--date"),
        (["--horizon", "flat"], "--horizon"),
        (["--at", "noon"], "--at"),
        (["--format", "yaml"], "--format"),
    ],
)
def test_bad_input_one_line_exit_2(capsys, argv, option):
    status, out, err = run(capsys, "light", *argv)
    assert status == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert option in lines[0]
