"""The HTML report: it parses, embeds every figure, needs nothing from elsewhere, and a
real browser (Debian's Chromium, driven by Playwright) renders it without a console
error; a screenshot is kept under test-artifacts/.

Authorities: the HTML parser of the standard library (tags balanced, every image a
decodable data URI), Chromium's renderer (images decoded, no console error), and the
plan itself (every check and timeline event appears, with its local time).
"""

from __future__ import annotations

import base64
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from duskfall.errors import InputError
from duskfall.io.scenario_file import example_mapping, scenario_from_mapping
from duskfall.planning import make_plan
from duskfall.planning.figure_data import make_light_series
from duskfall.reports import html as report_html
from duskfall.reports import wording
from duskfall.reports.figures import FIGURE_TITLES, light_and_fall_figure
from duskfall.reports.formatting import METRIC, clock

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
TEST_DPI = 50  # small images keep the test fast; the report's own default is 150
VOID = {"meta", "img", "br", "hr", "link", "input", "source", "wbr", "col", "area"}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class Structure(HTMLParser):
    """Collects images, links, element ids and checks that tags are balanced."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.images: list[dict[str, str]] = []
        self.references: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append(tag)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "img":
            self.images.append(attributes)
        for name in ("src", "href"):
            if name in attributes:
                self.references.append(attributes[name])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(text: str) -> Structure:
    structure = Structure()
    structure.feed(text)
    structure.close()
    return structure


@pytest.fixture(scope="module")
def seed_plan():
    return make_plan(scenario_from_mapping(example_mapping()))


@pytest.fixture(scope="module")
def seed_html(seed_plan):
    text = report_html.render_html(seed_plan, dpi=TEST_DPI)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report.html").write_text(text, encoding="utf-8")
    return text


def test_html_parses_and_tags_balance(seed_html):
    structure = parse(seed_html)
    assert structure.errors == []
    assert structure.stack == []
    assert seed_html.startswith("<!DOCTYPE html>")
    assert {"checks", "light", "timeline", "release", "fall", "scenario", "warnings"} <= (
        structure.ids
    )


def test_every_figure_is_embedded_as_a_png(seed_html):
    structure = parse(seed_html)
    assert len(structure.images) == len(FIGURE_TITLES) == 4
    for image in structure.images:
        prefix = "data:image/png;base64,"
        assert image["src"].startswith(prefix)
        assert base64.b64decode(image["src"][len(prefix) :])[:8] == PNG_MAGIC
        assert image["alt"]
    figure_ids = {f"figure-{name}" for name in FIGURE_TITLES}
    assert figure_ids <= structure.ids


def test_nothing_is_loaded_from_elsewhere(seed_html):
    structure = parse(seed_html)
    assert "script" not in structure.tags
    assert "link" not in structure.tags
    assert all(ref.startswith(("data:", "#")) for ref in structure.references)
    assert "url(http" not in seed_html
    assert "@import" not in seed_html


def test_report_holds_the_plan(seed_plan, seed_html):
    text = " ".join(parse(seed_html).text)
    assert "GO" in text
    assert clock(seed_plan.exit_time_utc_s, seed_plan.timezone) in text
    assert clock(seed_plan.exit_time_utc_s) in text  # and in UTC
    for check in seed_plan.checks:
        assert wording.describe(check) in text
    for event in seed_plan.events:
        assert wording.event_name(event) in text
        assert clock(event.time_utc_s, seed_plan.timezone) in text
    assert "Release point" in text
    assert "simulated jumps" in text
    assert "@media print" in seed_html


def test_svg_figures(seed_plan):
    text = report_html.render_html(seed_plan, image_format="svg")
    images = parse(text).images
    assert len(images) == 4
    assert all(i["src"].startswith("data:image/svg+xml;base64,") for i in images)
    with pytest.raises(InputError, match="png or svg"):
        report_html.make_figures(seed_plan, image_format="gif")


def test_a_plan_that_does_not_fit():
    mapping = example_mapping()
    mapping["attempt"]["light"] = "-1..0"
    plan = make_plan(scenario_from_mapping(mapping))
    text = report_html.render_html(plan, dpi=TEST_DPI, units=METRIC)
    structure = parse(text)
    assert structure.errors == []
    assert len(structure.images) == 4
    words = " ".join(structure.text)
    assert "NO-GO" in words
    assert "does not fit" in words
    for suggestion in plan.suggestions:
        assert wording.suggestion_text(suggestion, METRIC) in words
    assert " m MSL" in words
    # The figures say so too, and draw no jump.
    series = make_light_series(plan)
    assert series.paths == ()
    assert not series.drawn
    figure = light_and_fall_figure(series)
    assert "does not fit" in figure.axes[0].get_title(loc="left")


def test_unwritable_output_is_an_input_error(seed_plan, tmp_path):
    with pytest.raises(InputError, match="cannot be written"):
        report_html.write_html(seed_plan, tmp_path / "missing" / "plan.html", dpi=TEST_DPI)


def test_pdf(seed_html, tmp_path):
    if not report_html.pdf_available():
        pytest.skip("WeasyPrint (the pdf extra) is not installed or lacks its system libraries")
    path = report_html.write_pdf(seed_html, tmp_path / "plan.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert data.rstrip().endswith(b"%%EOF")
    assert len(data) > 50_000  # four figures embedded
    shutil.copy(path, ARTIFACTS / "report.pdf")


def _browser():
    """Playwright's sync API, or a skip that says what is missing."""
    try:
        from playwright import sync_api
    except ImportError as error:
        pytest.skip(f"Playwright is not installed (the test extra): {error}")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return sync_api


def test_chromium_renders_the_report_without_console_errors(seed_html):
    playwright_api = _browser()
    path = (ARTIFACTS / "report.html").resolve()
    messages = []
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("console", lambda m: messages.append(f"console {m.type}: {m.text}"))
            page.on("pageerror", lambda e: messages.append(f"page error: {e}"))
            page.on("requestfailed", lambda r: messages.append(f"request failed: {r.url}"))
            page.goto(path.as_uri(), wait_until="load")
            decoded = page.evaluate(
                "Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)"
            )
            page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
            page.emulate_media(media="print")
            page.screenshot(path=str(ARTIFACTS / "report-print.png"), full_page=True)
        finally:
            browser.close()
    assert decoded == [True] * 4
    errors = [m for m in messages if "error" in m or "failed" in m or "warning" in m]
    assert errors == []
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
