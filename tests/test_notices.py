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
