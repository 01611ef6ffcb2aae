"""Property-based tests of the command line's front door (hypothesis).

Whatever values reach the options of a subcommand, ``duskfall`` either answers (exit
status 0, and with ``--format json`` a strict JSON document without NaN or infinities)
or refuses in exactly one line ``duskfall: error: ...`` naming one of the options given,
with exit status 2. Never a traceback, never another status.

The options are read from the command itself, so an option added later is fuzzed too;
those that write files or read them are left to their own tests. Each subcommand starts
from arguments that keep it fast (a coarse atlas grid, a short season, few members), and
the values of the options that size the work are drawn bounded, so that the suite stays
quick; ``scripts/fuzz_parsers.py`` runs the parsers far longer.
"""

from __future__ import annotations

import contextlib
import io
import json

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duskfall.cli import main
from duskfall.cli._app import app

# Options that read or write files (their own tests cover them) and positional arguments.
FILE_OPTIONS = {
    "--output",
    "--figure",
    "--trajectory",
    "--geojson",
    "--kml",
    "--gpx",
    "--report",
    "--images",
    "--weather-file",
    "--wind-file",
    "--flysight",
    "--scheduler",
    "--workers",
}

# Fast starting arguments per subcommand, and options whose values size the work (drawn
# from a bounded pool so that an accepted value still runs quickly).
BASE = {
    "plan": [],
    "fall": [],
    "light": [],
    "release": ["--wind", "270@15kt", "--members", "10"],
    "season": ["--from", "2018-03-01", "--to", "2018-03-03", "--members", "10"],
    "atlas": ["--grid", "30deg", "--from", "2026-03-01", "--to", "2026-03-02"],
}
SIZING = {
    ("release", "--members"): ["0", "10", "9", "100001", "-1", "1e3", "ten", ""],
    ("season", "--members"): ["1", "10", "0", "1000001", "-5", "1.5", ""],
    ("season", "--from"): ["2018-03-01", "2018-02-30", "1949-12-31", "", "2018-03-05"],
    ("season", "--to"): ["2018-03-03", "2018-02-27", "2101-01-01", "x", "2041-01-01"],
    ("atlas", "--grid"): ["30deg", "30", "45deg", "7", "0", "-30", "nan", "0.001", "1e999"],
    ("atlas", "--year"): ["2026", "1949", "3000", "x"],
    ("atlas", "--from"): ["2026-03-01", "2026-02-30", "", "1900-01-01"],
    ("atlas", "--to"): ["2026-03-02", "2026-02-27", "2100-12-31x"],
    ("light", "--from"): ["2018-03-01", "2018-13-01", ""],
    ("light", "--to"): ["2018-03-02", "2018-02-01", "2099-01-01"],
    ("fall", "--sample-interval"): ["0.5", "0.01", "1e-9", "0", "-1", "61", "nan", "x"],
    ("season", "--shots"): ["1", "0", "-1", "3", "x"],
}

UNITS = ["", "ft", "m", "km", "kt", "mph", "kg", "lb", "ftAGL", "mAGL", "s", "min", "deg", "m2"]
HOSTILE = [
    "",
    " ",
    "nan",
    "inf",
    "-inf",
    "1e999",
    "-1e999",
    "0x10",
    "1_000",
    "\u0661\u0662",
    "25000 ft",
    "ft",
    "@",
    ":",
    ",",
    "..",
    "AGL",
    "true",
    "None",
    "--",
    "25000ft25000ft",
    "\x00",
    "270@",
    "@20kt",
    "0ft:270@8kt,0ft:270@8kt",
    "-50000ft:270@8kt",
    "270@1000kt",
    "5..1",
    "-1..2",
    "EV6..EV9",
    "300..3000lux",
]


def _numbers():
    floats = st.floats(allow_nan=True, allow_infinity=True, width=32).map(repr)
    ints = st.integers(-(10**7), 10**7).map(str)
    return st.one_of(floats, ints)


VALUES = st.one_of(
    _numbers(),
    st.tuples(_numbers(), st.sampled_from(UNITS)).map("".join),
    st.sampled_from(HOSTILE),
    st.dates().map(str),
    st.tuples(st.integers(-10, 400), st.integers(-5, 300), st.sampled_from(["kt", "mph", ""])).map(
        lambda t: f"{t[0]}@{t[1]}{t[2]}"
    ),
    st.text(max_size=12),
)


def _options(command: str) -> list[tuple[str, bool]]:
    """(option, is_flag) of every option of ``command`` that this test fuzzes."""
    click_command = typer.main.get_command(app).commands[command]
    options = []
    for param in click_command.params:
        opts = getattr(param, "opts", None) or []
        names = [o for o in opts if o.startswith("--")]
        if not names or names[0] in FILE_OPTIONS:
            continue
        options.append((max(names, key=len), bool(getattr(param, "is_flag", False))))
    return options


def _value(command: str, option: str):
    pool = SIZING.get((command, option))
    return st.sampled_from(pool) if pool else VALUES


@st.composite
def invocations(draw, command: str):
    """An argument list: the fast base, then one to three fuzzed options."""
    chosen = draw(st.lists(st.sampled_from(_options(command)), min_size=1, max_size=3, unique=True))
    argv = [command, *BASE[command]]
    for option, is_flag in chosen:
        if is_flag:
            argv.append(option)
        else:
            argv.append(f"{option}={draw(_value(command, option))}")
    if draw(st.booleans()) and "--format" not in {o for o, _ in chosen}:
        argv += ["--format", "json"]
    return argv


def _refuse_constant(name: str):
    raise ValueError(f"JSON output holds {name}")


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


def _check(argv: list[str]) -> None:
    try:
        status, out, err = _run(argv)
    except SystemExit as exit_:  # pragma: no cover - a failure path, reported below
        pytest.fail(f"{argv} raised SystemExit({exit_.code})")
    assert "Traceback" not in err, (argv, err)
    assert status in (0, 2), (argv, status, err)
    if status == 2:
        lines = err.strip("\n").split("\n")
        assert len(lines) == 1, (argv, err)
        assert lines[0].startswith("duskfall: error: "), (argv, err)
        named = {a.split("=", 1)[0] for a in argv if a.startswith("--")}
        # The line names an option the user gave (or, for an unknown option, says so).
        assert any(option in lines[0] for option in named) or "No such option" in lines[0], (
            argv,
            err,
        )
        assert out == "", (argv, out)
    elif "--format=json" in argv or argv[-2:] == ["--format", "json"]:
        data = json.loads(out, parse_constant=_refuse_constant)
        assert isinstance(data, dict | list), argv


PROFILE = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("command", ["plan", "fall", "light", "release", "season", "atlas"])
def test_any_option_values_give_an_answer_or_one_line(command):
    @PROFILE
    @given(invocations(command))
    def check(argv):
        _check(argv)

    check()


@PROFILE
@given(st.lists(VALUES, min_size=1, max_size=4))
def test_any_words_after_a_subcommand(words):
    """Arguments that are not options at all: a file that is not there, stray words."""
    for command in ("plan", "season", "report"):
        status, out, err = _run([command, *words])
        assert "Traceback" not in err
        assert status == 2, (command, words, err)
        assert out == "", (command, words, out)
        assert err.count("\n") == 1, (command, words, err)


def test_the_fuzzed_options_cover_every_subcommand():
    """The strategy is drawn from the commands themselves: a renamed option is still fuzzed."""
    for command in BASE:
        options = {o for o, _ in _options(command)}
        assert "--format" in options or command == "report"
        assert options, command
