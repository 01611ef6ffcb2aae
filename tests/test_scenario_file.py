"""Scenario files: the template, overrides, and every kind of bad input."""

import json

import pytest

from duskfall import planning
from duskfall.constants import FOOT_M, KNOT_MPS
from duskfall.errors import InputError
from duskfall.io import scenario_file
from duskfall.io.scenario import load_mapping


def write(tmp_path, text, name="scenario.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_template_file_round_trip(tmp_path):
    path = write(tmp_path, scenario_file.EXAMPLE_TOML)
    assert scenario_file.scenario_from_mapping(load_mapping(path)) == planning.SEED_SCENARIO


def test_json_file(tmp_path):
    path = write(tmp_path, json.dumps(scenario_file.example_mapping(), default=str), "s.json")
    assert scenario_file.scenario_from_mapping(load_mapping(path)) == planning.SEED_SCENARIO


def test_units_agl_and_bands(tmp_path):
    text = scenario_file.EXAMPLE_TOML.replace('ground_elevation = "50m"', "ground_elevation = 1000")
    text = text.replace('deploy_altitude = "4000ftAGL"', 'deploy_altitude = "1.2kmAGL"')
    text = text.replace(
        '# climb = ["10000ft:3000fpm", "20000ft:2200fpm", "25000ft:1500fpm"]',
        'climb = ["10000ft:3000fpm", "20000ft:2200fpm", "26000ft:1500fpm"]',
    )
    text = text.replace("# [winds]\n# levels", "[winds]\nlevels")
    scenario = scenario_file.scenario_from_mapping(load_mapping(write(tmp_path, text)))
    assert scenario.site.ground_elevation_m == pytest.approx(1000 * FOOT_M)
    assert scenario.deploy_altitude_m == pytest.approx(1000 * FOOT_M + 1200)
    assert scenario.aircraft.climb[0] == pytest.approx((10_000 * FOOT_M, 3000 * FOOT_M / 60))
    assert scenario.aircraft.indicated_airspeed_mps == pytest.approx(130 * KNOT_MPS)
    assert scenario.winds[2].altitude_m == pytest.approx(25_000 * FOOT_M)
    assert scenario.winds[2].speed_mps == pytest.approx(45 * KNOT_MPS)
    plan = planning.make_plan(scenario)
    assert plan.fits


def test_explicit_local_time_range(tmp_path):
    text = scenario_file.EXAMPLE_TOML.replace(
        "# from = 2018-03-10T17:30:00", "from = 2018-03-10T17:30:00"
    )
    text = text.replace("# to = 2018-03-10T19:00:00", "to = 2018-03-10T19:00:00")
    scenario = scenario_file.scenario_from_mapping(load_mapping(write(tmp_path, text)))
    # 17:30 in Dubai (UTC+4) is 13:30 UTC
    assert scenario.search_start_utc_s % 86_400 == pytest.approx(13.5 * 3600)
    assert planning.make_plan(scenario).fits


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'exit_altitude = "25000ft"',
            'exit_altitud = "25000ft"',
            r"^jump\.exit_altitud: '25000ft' is not a known key; allowed: exit_altitude",
        ),
        (
            'exit_altitude = "25000ft"',
            'exit_altitude = "25000kg"',
            r"^jump\.exit_altitude: '25000kg' is not a valid quantity",
        ),
        ('mass = "90kg"', 'mass = "90ft"', r"^jumpers\.0\.mass: '90ft' has an unknown mass unit"),
        ("lat = 24.4", "", r"^site\.lat: is missing; allowed: -90 to 90 degrees"),
        ("lat = 24.4", 'lat = "north"', r"^site\.lat: 'north' is not a number"),
        ("[site]", "[sight]", r"^sight: .* is not a known key; allowed: site, attempt"),
        ('at = "dusk"', 'at = "noon"', r"^attempt\.at: 'noon' is not allowed; allowed: dusk or"),
        ('posture = "belly"', 'posture = "cartwheel"', r"^jumpers\.0\.posture: 'cartwheel'"),
        ("date = 2018-03-10", "date = 2018-02-30", r"^scenario file: .* is not valid"),
    ],
)
def test_bad_files_name_the_key(tmp_path, old, new, message):
    assert old in scenario_file.EXAMPLE_TOML
    path = write(tmp_path, scenario_file.EXAMPLE_TOML.replace(old, new, 1))
    with pytest.raises(InputError, match=message):
        scenario_file.scenario_from_mapping(load_mapping(path))


def test_unreadable_file(tmp_path):
    with pytest.raises(InputError, match=r"scenario file: .* cannot be read"):
        load_mapping(tmp_path / "missing.toml")


def test_a_season_table_is_left_to_the_season_scan(tmp_path):
    text = scenario_file.EXAMPLE_TOML + '\n[season]\nfrom = "2018-03-01"\nto = "2018-03-31"\n'
    path = write(tmp_path, text)
    assert scenario_file.scenario_from_mapping(load_mapping(path)) == planning.SEED_SCENARIO


def test_a_search_range_on_another_day_is_refused_as_written(tmp_path):
    text = scenario_file.EXAMPLE_TOML.replace(
        "# from = 2018-03-10T17:30:00", "from = 2018-03-12T17:30:00"
    )
    text = text.replace("# to = 2018-03-10T19:00:00", "to = 2018-03-12T19:00:00")
    path = write(tmp_path, text)
    with pytest.raises(InputError, match=r"^attempt\.from: '2018-03-12T17:30:00' lies on another"):
        scenario_file.scenario_from_mapping(load_mapping(path))
    moved = text.replace("date = 2018-03-10", "date = 2018-03-12")
    scenario = scenario_file.scenario_from_mapping(load_mapping(write(tmp_path, moved)))
    assert planning.make_plan(scenario).fits


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (('mass = "90kg"', 'mass = "2000kg"'), "jumpers.0.mass: '2000kg' is out of range"),
        (
            ("[aircraft]", '[aircraft]\nlevel_off_before_exit = "-5min"'),
            "aircraft.level_off_before_exit: '-5min' is out of range",
        ),
    ],
)
def test_a_value_out_of_range_is_shown_as_the_file_wrote_it(tmp_path, written, said):
    path = write(tmp_path, scenario_file.EXAMPLE_TOML.replace(*written, 1))
    with pytest.raises(InputError) as raised:
        scenario_file.scenario_from_mapping(load_mapping(path))
    assert str(raised.value).startswith(said)


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ("# from = 2018-03-10T17:30:00", "attempt.to"),
        ("# to = 2018-03-10T19:00:00", "attempt.from"),
    ],
)
def test_a_search_range_with_one_end_names_the_missing_key(tmp_path, given, missing):
    path = write(tmp_path, scenario_file.EXAMPLE_TOML.replace(given, given[2:]))
    with pytest.raises(InputError, match=rf"^{missing}: is missing; allowed: both a start"):
        scenario_file.scenario_from_mapping(load_mapping(path))


@pytest.mark.parametrize(
    ("true_airspeed", "agrees"),
    # 130 KIAS at 25,000 ft in the standard atmosphere is 194 KTAS (E6B rule of thumb:
    # +2 % per 1,000 ft gives 195 kt)
    [("195kt", True), ("192kt", True), ("150kt", False), ("130kt", False)],
)
def test_indicated_and_true_airspeed_must_agree(tmp_path, true_airspeed, agrees):
    text = scenario_file.EXAMPLE_TOML.replace(
        '# jump_run_true_airspeed = "195kt"', f'jump_run_true_airspeed = "{true_airspeed}"'
    )
    path = write(tmp_path, text)
    if agrees:
        scenario = scenario_file.scenario_from_mapping(load_mapping(path))
        assert scenario.aircraft.true_airspeed_mps == pytest.approx(
            float(true_airspeed[:-2]) * KNOT_MPS
        )
        return
    with pytest.raises(InputError, match=r"^aircraft\.jump_run_true_airspeed: .* contradicts"):
        scenario_file.scenario_from_mapping(load_mapping(path))


def test_exit_below_opening_names_the_exit_and_the_opening_altitude(tmp_path):
    text = scenario_file.EXAMPLE_TOML.replace(
        'exit_altitude = "25000ft"', 'exit_altitude = "3000ft"'
    )
    with pytest.raises(InputError) as error:
        scenario_file.scenario_from_mapping(load_mapping(write(tmp_path, text)))
    assert str(error.value).startswith("jump.exit_altitude: '3000ft' is at or below the deploy")
    assert "(1,269 m (4,164 ft) MSL)" in str(error.value)  # 4,000 ft AGL over 164 ft ground


def test_a_jumper_that_is_not_a_table(tmp_path):
    path = write(
        tmp_path,
        json.dumps({**scenario_file.example_mapping(), "jumpers": [3]}, default=str),
        "s.json",
    )
    with pytest.raises(InputError, match=r"^jumpers\.0: 3 is not a table"):
        scenario_file.scenario_from_mapping(load_mapping(path))


@pytest.mark.parametrize("value", ["true", "false", '"1000"', "10.5"])
@pytest.mark.parametrize("key", ["members", "seed"])
def test_members_and_seed_are_whole_numbers(tmp_path, key, value):
    """TOML's true is not one member, nor "1000" a thousand."""
    text = scenario_file.EXAMPLE_TOML + ""
    line = next(x for x in text.splitlines() if x.startswith(f"{key} ="))
    path = write(tmp_path, text.replace(line, f"{key} = {value}", 1))
    with pytest.raises(InputError, match=rf"^dispersion\.{key}: .* is not a whole number"):
        scenario_file.scenario_from_mapping(load_mapping(path))


@pytest.mark.parametrize(("value", "refused"), [(5, True), (9, True), (0, False), (10, False)])
def test_a_handful_of_members_is_refused_by_its_key(tmp_path, value, refused):
    """Fewer than 10 members make no statistics: refused as ``dispersion.members`` when
    the file is read, not later by the dispersion under another name; 0 means none."""
    text = scenario_file.EXAMPLE_TOML
    line = next(x for x in text.splitlines() if x.startswith("members ="))
    path = write(tmp_path, text.replace(line, f"members = {value}", 1))
    if not refused:
        assert scenario_file.scenario_from_mapping(load_mapping(path)).members == value
        return
    with pytest.raises(InputError, match=rf"^dispersion\.members: {value} is out of range"):
        scenario_file.scenario_from_mapping(load_mapping(path))


@pytest.mark.parametrize(
    ("climb", "message"),
    [
        ('["10000ft:3000fpm", "20000ft:0fpm"]', "aircraft.climb: '20000ft:0fpm' climbs at no rate"),
        (
            '["20000ft:3000fpm", "10000ft:2000fpm"]',
            "aircraft.climb: '10000ft:2000fpm' is not above the band before",
        ),
        (
            '["10000ft:3000fpm", "20000ft:1000fpm"]',
            "jump.exit_altitude: '25000ft' is above the aircraft's ceiling; allowed: at most "
            "the top of the aircraft's climb bands",
        ),
    ],
)
def test_climb_bands_are_refused_as_written(tmp_path, climb, message):
    """An operator's climb table is refused naming the band as written (not as SI
    numbers), and an exit above its last band is said to be above the bands, not above
    the type's ceiling."""
    text = scenario_file.EXAMPLE_TOML
    line = next(x for x in text.splitlines() if x.startswith("# climb ="))
    path = write(tmp_path, text.replace(line, f"climb = {climb}", 1))
    with pytest.raises(InputError) as refused:
        scenario_file.scenario_from_mapping(load_mapping(path))
    assert str(refused.value).startswith(message)
