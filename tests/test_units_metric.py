"""With --units metric, no renderer of the seed shows a quantity in feet, knots, mph or
nautical miles; a rule's own threshold may follow in parentheses ("4,572 m (15,000 ft)").

Every face of the seed plan is rendered in metric: the text plan, its JSON (the words of
its checks, events and notices), the HTML report with its figures as SVG (their text is
searched too), the release point, the exports, the light of the day, the fall and the
season."""

import json
import re

import pytest

from duskfall.cli import main

FORBIDDEN = re.compile(r"\b(ft|feet|kt|kts|knots?|KIAS|KTAS|mph|NM|nm)\b|ft/min")
ALLOWED = re.compile(r"\((?:[^()]*\b(?:m|km)\b[^()]*)?\(?[\d,.]+ (?:ft|statute miles)\)\)?")
"""A rule's own figure in parentheses after the metric value: ``(15,000 ft)``."""


def imperial(text: str) -> list[str]:
    """The forbidden units left once the rules' own figures are set aside."""
    cleaned = ALLOWED.sub("", text)
    return sorted({m.group(0) for m in FORBIDDEN.finditer(cleaned)})


def strings(value) -> list[str]:
    """Every text value of a JSON document (its keys are the contract, in SI)."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


def run(capsys, *argv) -> str:
    """The command's output; of JSON, its text values."""
    assert main(list(argv)) == 0
    out = capsys.readouterr().out
    if "json" in argv:
        return "\n".join(strings(json.loads(out)))
    return out


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    """No wrapping inside the tables' cells (a rule's figure stays in one piece)."""
    monkeypatch.setenv("COLUMNS", "400")


@pytest.mark.parametrize(
    "argv",
    [
        ("plan", "--units", "metric"),
        ("plan", "--units", "metric", "--format", "json"),
        ("release", "--units", "metric", "--wind", "0ft:270@8kt,25000ft:290@45kt"),
        ("release", "--units", "metric", "--wind", "0ft:270@8kt", "--format", "json"),
        ("light", "--units", "metric"),
        ("light", "--units", "metric", "--format", "json"),
        ("fall", "--units", "metric"),
        ("fall", "--units", "metric", "--format", "json"),
        ("season", "--units", "metric", "--from", "2018-03-01", "--to", "2018-03-05"),
        ("season", "--units", "metric", "--from", "2018-03-01", "--to", "2018-03-05",
         "--format", "json"),
        ("plan", "--units", "metric", "--light", "-0.2..1.3"),
        ("plan", "--units", "metric", "--light", "-0.2..1.3", "--format", "json"),
    ],
    ids=lambda argv: " ".join(argv),
)  # fmt: skip
def test_every_text_and_json_renderer_is_metric(capsys, argv):
    assert imperial(run(capsys, *argv)) == []


def test_report_and_exports_are_metric(capsys, tmp_path):
    report = tmp_path / "plan.html"
    run(capsys, "report", "--units", "metric", "--images", "svg", "-o", str(report))
    assert imperial(report.read_text()) == []
    files = {kind: tmp_path / f"seed.{kind}" for kind in ("kml", "gpx", "geojson")}
    run(
        capsys, "release", "--units", "metric", "--wind", "0ft:270@8kt,25000ft:290@45kt",
        *(f"--{kind}={path}" for kind, path in files.items()),
    )  # fmt: skip
    for path in files.values():
        assert imperial(path.read_text()) == [], path.name


def test_the_rule_check_finds_what_it_should():
    assert imperial("exit at 25,000 ft") == ["ft"]
    assert imperial("exit at 7,620 m, at or below 4,572 m (15,000 ft)") == []
    assert imperial("peak 166 mph") == ["mph"]
    assert imperial(json.loads('"194 kt"')) == ["kt"]
