"""``duskfall fall``: the JSON contract, text and CSV output, FlySight comparison, bad input.

Authority for the figures: the library call with the same SI inputs (the CLI only
converts units), and the analytic drift of a uniform wind.
"""

import csv
import io
import json

import pytest

from conftest import FLYSIGHT_DIR, simulate
from duskfall import atmosphere
from duskfall.cli import main
from duskfall.constants import FOOT_M, KNOT_MPS
from duskfall.winds import ConstantWind

CONTRACT_KEYS = {
    "freefall_duration_s",
    "max_speed_mps",
    "max_speed_altitude_m",
    "max_speed_time_s",
    "max_mach",
    "landing_time_s",
    "warnings",
}
ISSUE_COMMAND = [
    "fall", "--exit-altitude", "25000ft", "--deploy-altitude", "4000ftAGL",
    "--ground-elevation", "50m", "--mass", "90kg", "--posture", "belly",
    "--aircraft-speed", "130kt", "--wind", "270@20kt",
]  # fmt: skip


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_json_contract_and_figures(capsys):
    status, out, err = run(capsys, *ISSUE_COMMAND, "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    assert set(data) >= CONTRACT_KEYS
    exit_m = 25_000 * FOOT_M
    expected = simulate(
        exit_m, 4000 * FOOT_M + 50.0, 50.0, mass_kg=90.0, posture="belly",
        aircraft_speed_mps=atmosphere.true_airspeed_mps(130 * KNOT_MPS, exit_m),
        wind=ConstantWind(270.0, 20 * KNOT_MPS),
    )  # fmt: skip
    assert data["freefall_duration_s"] == pytest.approx(expected.freefall_duration_s, abs=0.01)
    assert data["max_speed_mps"] == pytest.approx(expected.max_speed_mps, abs=0.01)
    assert data["landing_east_m"] == pytest.approx(expected.landing_east_m, abs=0.1)
    assert data["deploy_altitude_agl_m"] == pytest.approx(1219.2)
    assert isinstance(data["warnings"], list)


def test_text_report(capsys):
    status, out, _ = run(capsys, *ISSUE_COMMAND)
    assert status == 0
    for text in ("Free fall", "Peak fall rate", "mph", "Landing", "25,000 ft MSL"):
        assert text in out


def test_cda_overrides_the_posture_and_balloon_exit(capsys):
    status, out, _ = run(
        capsys, "fall", "--exit-altitude", "4000m", "--deploy-altitude", "1000m",
        "--cda", "0.5", "--mass", "80", "--aircraft-speed", "0kt", "--format", "json",
        "--canopy", "round", "--wind", "270@10m/s",
    )  # fmt: skip
    assert status == 0
    data = json.loads(out)
    assert data["cda_m2"] == pytest.approx(0.5)
    # landing_time_s is rounded to 0.1 s in the JSON: 1 m at 10 m/s
    assert data["landing_east_m"] == pytest.approx(10.0 * data["landing_time_s"], abs=1.0)


def test_layered_wind_and_trajectory_csv(capsys, tmp_path):
    path = tmp_path / "out.csv"
    status, out, err = run(
        capsys, "fall", "--exit-altitude", "13000ft", "--deploy-altitude", "3500ftAGL",
        "--wind", "0ftAGL:270@10kt", "--wind", "10000ft:250@30kt", "--trajectory", str(path),
        "--lat", "24.4", "--lon", "54.6", "--format", "json",
    )  # fmt: skip
    assert status == 0, err
    data = json.loads(out)
    rows = list(csv.DictReader(io.StringIO(path.read_text())))
    assert rows[0]["stage"] == "freefall"
    assert rows[-1]["stage"] == "canopy"
    assert float(rows[-1]["altitude_m"]) == pytest.approx(0.0, abs=1e-6)
    assert float(rows[-1]["time_s"]) == pytest.approx(data["landing_time_s"], abs=0.05)
    assert float(rows[0]["latitude_deg"]) == pytest.approx(24.4)
    assert data["landing_lat"] != pytest.approx(24.4, abs=1e-9)


def test_csv_to_stdout(capsys):
    status, out, _ = run(capsys, "fall", "--format", "csv", "--sample-interval", "5")
    assert status == 0
    header = out.splitlines()[0].split(",")
    assert header[:5] == ["time_s", "stage", "east_m", "north_m", "altitude_m"]


@pytest.mark.skipif(not FLYSIGHT_DIR.is_dir(), reason="reference FlySight logs not available")
def test_flysight_comparison(capsys):
    log = str(FLYSIGHT_DIR / "flysight1_magicmike_J3.CSV")
    status, out, err = run(capsys, "fall", "--flysight", log, "--fit", "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    assert set(data) >= {"model", "flysight", "difference", "warnings"}
    assert data["flysight"]["freefall_duration_s"] == pytest.approx(56.9, abs=0.2)
    assert abs(data["difference"]["freefall_duration_s"]) < 1.0
    status, out, _ = run(capsys, "fall", "--flysight", log)
    assert status == 0
    assert "model - log" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--exit-altitude", "3000ft", "--deploy-altitude", "4000ft"], "--exit-altitude"),
        (["--deploy-altitude", "10m", "--ground-elevation", "50m"], "--deploy-altitude"),
        (["--mass", "0kg"], "--mass"),
        (["--mass", "-80kg"], "--mass"),
        (["--cda", "0"], "--cda"),
        (["--cda", "-0.5"], "--cda"),
        (["--wind", "270@260kt"], "--wind: '270@260kt' is out of range"),
        (["--wind", "0ft:270@10kt", "--wind", "10000ft:270@260kt"], "--wind: '270@260kt'"),
        (["--wind", "-50000ft:270@10kt", "--wind", "0ft:270@8kt"], "outside the atmosphere"),
        (["--canopy-heading", "nan"], "--canopy-heading"),
        (["--canopy-heading", "400"], "--canopy-heading"),
        (["--mass", "-3"], "allowed: more than 0 kg, at most 1,000 kg"),
        (["--wind", "west@20kt"], "--wind"),
        (["--exit-altitude", "300000ft"], "--exit-altitude"),
        (["--exit-altitude", "high"], "--exit-altitude"),
        (["--posture", "cannonball"], "--posture"),
        (["--canopy", "wingsuit"], "--canopy"),
        (["--lat", "24.4"], "--lat/--lon"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, argv, message):
    status, out, err = run(capsys, "fall", *argv)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert message in err
    assert "Traceback" not in err


def test_bad_flysight_file_exits_2(capsys, tmp_path):
    path = tmp_path / "TRACK.CSV"
    path.write_text("$FLYS,1\n$COL,GNSS,time,lat\n$GNSS,2024-01-01T00:00:00Z,1\n")
    status, _, err = run(capsys, "fall", "--flysight", str(path))
    assert status == 2
    assert "TRACK.CSV" in err
