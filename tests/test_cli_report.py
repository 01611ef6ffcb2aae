"""``duskfall report`` and ``duskfall plan --report``: files written, output unchanged,
bad input refused in one line with status 2."""

from __future__ import annotations

import json
import sys

import pytest

from duskfall.cli import main
from duskfall.io.scenario_file import EXAMPLE_TOML
from duskfall.reports import html as report_html

FIGURES = 5  # with a planned exit: the light, the Sun (two), the fall, the ground track


@pytest.fixture(autouse=True)
def small_figures(monkeypatch):
    """Low-resolution figures: the tests check files and structure, not looks."""
    monkeypatch.setattr(report_html, "REPORT_DPI", 40.0)


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def _one_line_error(err: str, *words: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("duskfall: error:")
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0]


def test_report_from_a_scenario_file(tmp_path, capsys):
    scenario = tmp_path / "scenario.toml"
    scenario.write_text(EXAMPLE_TOML.replace("date = 2018-03-10", "date = 2018-03-12", 1))
    assert "date = 2018-03-12" in scenario.read_text()
    output = tmp_path / "plan.html"
    status, out, err = run(
        capsys, "report", scenario, "-o", output, "--units", "metric", "--images", "svg"
    )
    assert status == 0, err
    assert out.strip() == f"wrote {output}"
    text = output.read_text()
    assert text.count('src="data:image/svg+xml;base64,') == FIGURES
    assert "2018-03-12" in text
    assert " m MSL" in text


def test_plan_report_keeps_the_json_output(tmp_path, capsys):
    output = tmp_path / "seed.html"
    status, out, err = run(capsys, "plan", "--format", "json", "--report", output)
    assert status == 0, err
    data = json.loads(out)  # stdout is still exactly the JSON document
    assert data["fits"] is True
    assert f"wrote {output}" in err
    text = output.read_text()
    assert text.count('src="data:image/png;base64,') == FIGURES
    assert data["exit_time_local"][11:19] in text


def test_report_refuses_an_unknown_image_format(tmp_path, capsys):
    status, _, err = run(capsys, "report", "-o", tmp_path / "x.html", "--images", "gif")
    assert status == 2
    _one_line_error(err, "--images", "gif", "png or svg")


@pytest.mark.parametrize("command", ["report", "plan"])
def test_an_output_without_its_folder_is_refused_before_planning(tmp_path, capsys, command):
    missing = tmp_path / "missing" / "plan.html"
    option = "-o" if command == "report" else "--report"
    status, out, err = run(capsys, command, option, missing)
    assert status == 2
    _one_line_error(err, option if command == "plan" else "--output", "cannot be written")
    assert out == ""
    assert not missing.parent.exists()


def test_pdf_without_weasyprint_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if absent
    status, _, err = run(capsys, "report", "-o", tmp_path / "plan.html", "--pdf")
    assert status == 2
    _one_line_error(err, "--pdf", "duskfall[pdf]")


def test_report_pdf(tmp_path, capsys):
    if not report_html.pdf_available():
        pytest.skip("WeasyPrint (the pdf extra) is not installed or lacks its system libraries")
    output = tmp_path / "plan.html"
    status, out, err = run(capsys, "report", "-o", output, "--pdf")
    assert status == 0, err
    assert out.split() == ["wrote", str(output), "wrote", str(output.with_suffix(".pdf"))]
    assert output.with_suffix(".pdf").read_bytes().startswith(b"%PDF")


def test_missing_scenario_file(tmp_path, capsys):
    status, _, err = run(capsys, "report", tmp_path / "nope.toml", "-o", tmp_path / "x.html")
    assert status == 2
    _one_line_error(err, "nope.toml")
