"""Notices: warnings and checks as data, and their wording in the reports."""

import re
from pathlib import Path

import pytest

from duskfall import notices
from duskfall.notices import Notice, merge
from duskfall.reports import wording
from duskfall.reports.formatting import AVIATION, METRIC


def test_every_code_has_a_wording():
    assert set(notices.CODES) == set(wording.WORDS)


def test_unknown_code_is_refused():
    with pytest.raises(ValueError, match="not listed"):
        Notice("no-such-code", "warn")


def test_merge_keeps_one_per_code_and_subject():
    a = Notice("wind-extrapolated", "warn", {"source": "table", "low_m": 0.0, "high_m": 10.0})
    b = Notice("wind-extrapolated", "warn", {"source": "other", "low_m": 0.0, "high_m": 20.0})
    c = Notice(
        "wind-extrapolated", "warn", {"source": "t", "low_m": 0.0, "high_m": 1.0}, subject="x"
    )
    assert merge([a], [b, c]) == (a, c)


def test_wording_follows_the_units():
    notice = Notice(
        "wind-extrapolated",
        "warn",
        {"source": "table", "bottom_m": 0.0, "top_m": 3048.0, "low_m": 0.0, "high_m": 7620.0},
    )
    assert "25,000 ft" in wording.describe(notice, AVIATION)
    assert "7,620 m" in wording.describe(notice, METRIC)
    assert "ft" not in wording.describe(notice, METRIC)


def test_every_code_is_listed_in_the_docs():
    """docs/errors.md lists every notice code a user can meet, and no code that is gone."""
    text = (Path(__file__).parents[1] / "docs" / "errors.md").read_text()
    section = text.split("## Notice codes", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([a-z0-9-]+)` \|", section, flags=re.MULTILINE))
    assert listed == set(notices.CODES)


def test_notices_and_input_errors_pickle_whole():
    """A plan made in a worker process comes back by pickle: its notices keep their
    read-only numbers, and an input error keeps its field, value and what is allowed."""
    import pickle

    from duskfall.errors import InconsistentInputError, OutOfRangeError

    notice = Notice("wind-extrapolated", "warn", {"altitude_m": 7620.0}, "a table", "lead")
    copy = pickle.loads(pickle.dumps(notice))
    assert copy == notice
    assert copy.subject == "lead"
    with pytest.raises(TypeError):
        copy.values["altitude_m"] = 0.0
    for error in (
        OutOfRangeError("site.lat", 95.0, "-90 to 90 degrees"),
        InconsistentInputError("a", 1, "b", "c", others={"d": (2, "e", "f")}),
    ):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error)
        assert str(back) == str(error)
        assert vars(back) == vars(error)
    assert back.said_of("d").field == "d"
