"""The camera and the formation on the command line: the new keys and options, their
JSON and text, and every bad input (one line naming the option or key, the value and
what is allowed; exit status 2)."""

import json

import pytest

from duskfall.cli import main
from duskfall.io import scenario_file
from test_units_metric import imperial

TWO_JUMPERS = """
[[jumpers]]
name = "camera"
mass = "100kg"
posture = "belly"
"""


def write(tmp_path, extra: str = "", performer: str = "belly") -> str:
    text = scenario_file.EXAMPLE_TOML.replace('posture = "belly"', f'posture = "{performer}"', 1)
    text = text.replace("[aircraft]", TWO_JUMPERS + extra + "\n[aircraft]", 1)
    path = tmp_path / "duo.toml"
    path.write_text(text)
    return str(path)


def failure(capsys, *argv) -> str:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert status == 2, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("duskfall: error: ")
    assert "allowed:" in lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("option", "value", "allowed"),
    [
        ("--camera-heading", "361", "0 to 360 degrees true"),
        ("--camera-heading", "-1", "0 to 360 degrees true"),
        ("--field-of-view", "0", "more than 0 and less than 180 degrees"),
        ("--field-of-view", "180", "more than 0 and less than 180 degrees"),
        ("--field-of-view", "-30", "more than 0 and less than 180 degrees"),
    ],
)
def test_bad_camera_options(capsys, option, value, allowed):
    line = failure(capsys, "plan", option, value)
    assert f"{option}: {float(value)!r}" in line
    assert allowed in line


@pytest.mark.parametrize(
    ("extra", "key", "shown", "allowed"),
    [
        ("[camera]\nheading = 400\n", "camera.heading", "400", "0 to 360 degrees true"),
        ("[camera]\nheading = \"east\"\n", "camera.heading", "'east'", "a number"),
        ("[camera]\nfield_of_view = 180\n", "camera.field_of_view", "180", "less than 180"),
        ("[camera]\nfield_of_view = true\n", "camera.field_of_view", "True", "a number"),
        ("[camera]\nflyer = \"bob\"\n", "camera.flyer", "'bob'", "camera"),
        ("[formation]\nmeet_at = \"30000ft\"\n", "formation.meet_at", "'30000ft'", "free fall"),
        ("[formation]\nmeet_at = \"2000ft\"\n", "formation.meet_at", "'2000ft'", "free fall"),
        ("[formation]\nseparation_limit = \"-5m\"\n", "formation.separation_limit", "'-5m'",
         "more than 0 m"),
    ],
)  # fmt: skip
def test_bad_camera_and_formation_keys(capsys, tmp_path, extra, key, shown, allowed):
    line = failure(capsys, "plan", write(tmp_path, extra))
    assert f"error: {key}: {shown}" in line
    assert allowed in line


@pytest.mark.parametrize(
    ("delay", "shown", "allowed"),
    [
        ('"-3s"', "'-3s'", "0 to 300 s after the green light"),  # as written
        ('"20min"', "'20min'", "0 to 300 s after the green light"),
        ("true", "True", "a number"),
        ('"3 parsecs"', "'3 parsecs'", "duration unit"),
    ],
)
def test_bad_exit_delay(capsys, tmp_path, delay, shown, allowed):
    line = failure(capsys, "plan", write(tmp_path, f"exit_delay = {delay}\n"))
    assert f"error: jumpers.1.exit_delay: {shown}" in line
    assert allowed in line


def test_two_jumpers_of_one_name_are_refused(capsys, tmp_path):
    """The timeline, the camera and the formation tell jumpers by name: "performer exits
    3.0 s after performer" said nothing."""
    extra = TWO_JUMPERS.replace('name = "camera"', 'name = "performer"')
    path = write(tmp_path).replace("duo", "twins")
    text = scenario_file.EXAMPLE_TOML.replace("[aircraft]", extra + "\n[aircraft]", 1)
    with open(path, "w") as file:
        file.write(text)
    line = failure(capsys, "plan", path)
    assert "error: jumpers.1.name: 'performer' is already another jumper's" in line


def test_a_field_of_view_without_a_camera_is_refused(capsys):
    line = failure(capsys, "plan", "--field-of-view", "70")
    assert "error: --field-of-view: 70.0 has no camera to frame" in line
    assert main(["plan", "--field-of-view", "70", "--camera-heading", "265"]) == 0


def test_meet_at_outside_the_free_fall_names_the_option(capsys, tmp_path):
    line = failure(capsys, "plan", write(tmp_path), "--meet-at", "26000ft")
    assert "--meet-at: '26000ft' is outside the free fall" in line
    assert "up to the exit (7,620 m (25,000 ft) MSL, not included)" in line
    line = failure(capsys, "plan", write(tmp_path), "--meet-at", "3000ftAGL")
    assert "--meet-at: '3000ftAGL' is outside the free fall" in line
    line = failure(capsys, "plan", "--meet-at", "20000ft")
    assert "--meet-at: '20000ft' needs a second jumper" in line
    line = failure(capsys, "plan", write(tmp_path), "--meet-at", "high")
    assert "--meet-at: 'high'" in line


def test_meet_at_with_an_exit_delay_is_refused(capsys, tmp_path):
    path = write(tmp_path, 'exit_delay = "3s"\n')
    line = failure(capsys, "plan", path, "--meet-at", "20000ft")
    assert "jumpers.1.exit_delay: '3s' is given together with a meet altitude" in line


def test_every_jumper_delayed_is_refused(capsys, tmp_path):
    text = scenario_file.EXAMPLE_TOML.replace(
        'posture = "belly"', 'posture = "belly"\nexit_delay = "2s"', 1
    )
    path = tmp_path / "late.toml"
    path.write_text(text)
    line = failure(capsys, "plan", str(path))
    assert "jumpers.0.exit_delay: '2s'" in line
    assert "at the green light" in line


def test_meet_at_json_and_text(capsys, tmp_path):
    path = write(tmp_path, "[camera]\nfield_of_view = 70\n", performer="head-down")
    assert main(["plan", path, "--meet-at", "20000ft", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    formation = data["formation"]
    assert formation["meet_altitude_m"] == pytest.approx(6096.0, abs=0.5)
    assert formation["requested_meet_altitude_m"] == pytest.approx(6096.0)
    assert formation["faster"] == "performer"
    assert formation["exit_separation_s"] < 0
    assert formation["slower_level_posture"] == "head-down"
    assert [j["exit_delay_s"] for j in data["jumpers"]][1] == 0.0
    camera = data["sun"]["camera"]
    assert camera["line_of_sight"] == "flyer"
    assert camera["field_of_view_deg"] == 70.0
    assert camera["sun_in_frame_s"] > 0
    assert {"front_lit_s", "side_lit_s", "back_lit_s"} <= set(camera)
    codes = {w["code"] for w in data["warnings"]}
    assert {"formation-separation", "formation-horizontal"} <= codes
    assert main(["plan", path, "--meet-at", "20000ft"]) == 0
    text = capsys.readouterr().out
    for words in ("Formation", "level at 20,000 ft", "Camera", "Sun in a 70° frame", "Sun "):
        assert words in text


def test_the_formation_in_metric_units(capsys, tmp_path, monkeypatch):
    """With --units metric the camera, formation and real-position lines and their
    notices show no feet, knots, mph or nautical miles."""
    monkeypatch.setenv("COLUMNS", "400")
    path = write(tmp_path, "[camera]\nfield_of_view = 70\n", performer="head-down")
    for extra in ([], ["--format", "json"]):
        argv = ["plan", path, "--meet-at", "6000m", "--units", "metric", *extra]
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert "formation" in out.lower()
        assert imperial(out) == []


def test_camera_heading_option(capsys):
    assert (
        main(["plan", "--camera-heading", "265", "--field-of-view", "60", "--format", "json"]) == 0
    )
    camera = json.loads(capsys.readouterr().out)["sun"]["camera"]
    assert camera["line_of_sight"] == "heading"
    assert camera["heading_deg_true"] == 265.0
    assert camera["exit"]["lighting"] == "back-lit"
    assert camera["exit"]["sun_in_frame"] is True
