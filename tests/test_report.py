"""The HTML report: it parses, embeds every figure, needs nothing from elsewhere, and a
real browser (Debian's Chromium, driven by Playwright) renders it without a console
error; a screenshot is kept under test-artifacts/.

Authorities: the HTML parser of the standard library (tags balanced, every image a
decodable data URI), Chromium's renderer (images decoded, no console error), and the
plan itself (every check and timeline event appears, with its local time).
"""

from __future__ import annotations

import base64
import re
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
from duskfall.reports.formatting import AVIATION, METRIC, clock

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
    # Five figures with a planned exit: the Sun's direction among them.
    assert len(structure.images) == len(FIGURE_TITLES) == 5
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
    assert len(images) == len(FIGURE_TITLES)
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
    # No exit, no Sun's direction: the other four figures.
    assert len(structure.images) == len(FIGURE_TITLES) - 1 == 4
    assert "sun" not in structure.ids
    assert "formation" not in structure.ids
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
    assert decoded == [True] * len(FIGURE_TITLES)
    errors = [m for m in messages if "error" in m or "failed" in m or "warning" in m]
    assert errors == []
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000


# --- Layout, phone and print (Chromium), templates, the no-fit page, two jumpers ----------

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
READABLE_PX = 10.0
"""The smallest figure text the page may show [CSS px]: the page's own fine print is
0.8 rem (12.8 px); 10 px is the floor below which text on a phone must be zoomed to read."""
A4_PAGES = 4
FULL_PAGE = 0.6
"""Every printed page but the last is inked down to at least this share of its height."""
LAST_PAGE = 0.25
"""The last page holds at least this share of a page: no page of one line."""


def _launch(playwright):
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
    )


MEASURE = """() => Array.from(document.images).map(img => {
    const phone = img.currentSrc !== img.src;
    const width = phone ? Number(img.dataset.phoneWidthIn) : Number(img.dataset.widthIn);
    const points = phone ? Number(img.dataset.phoneSmallestPt) : Number(img.dataset.smallestPt);
    const shown = img.getBoundingClientRect().width;
    return {alt: img.alt, phone: phone, px: points / 72 * shown / width};
})"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_no_horizontal_overflow_and_readable_figures(seed_html, viewport):
    """At a phone's 390 px and a desktop's 1280 px the page is exactly as wide as the
    screen (the timeline once widened it to 507 px), and the smallest text of every
    figure, as the browser scales it, is at least READABLE_PX (a 10 in figure on a phone
    once showed 3-5 px text)."""
    playwright_api = _browser()
    path = (ARTIFACTS / "report.html").resolve()
    with playwright_api.sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            page = browser.new_page(viewport=viewport)
            page.goto(path.as_uri(), wait_until="load")
            widths = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth,"
                " document.body.scrollWidth]"
            )
            texts = page.evaluate(MEASURE)
            page.screenshot(path=str(ARTIFACTS / f"report-{viewport['width']}.png"), full_page=True)
        finally:
            browser.close()
    assert widths[0] == widths[1] == viewport["width"], widths
    assert len(texts) == len(FIGURE_TITLES)
    for text in texts:
        assert text["phone"] is (viewport is PHONE), text
        assert text["px"] >= READABLE_PX, text


def _ink_fractions(pdf_path: Path) -> list[float]:
    """For each page of a PDF, how far down its ink reaches, as a share of its height."""
    import numpy as np

    pdfium = pytest.importorskip("pypdfium2", reason="pypdfium2 (the test extra) measures pages")
    document = pdfium.PdfDocument(str(pdf_path))
    fractions = []
    try:
        for index in range(len(document)):
            grey = np.asarray(document[index].render(scale=0.5).to_pil().convert("L"))
            inked = np.flatnonzero((grey < 245).any(axis=1))
            fractions.append(float(inked.max() + 1) / grey.shape[0] if inked.size else 0.0)
    finally:
        document.close()
    return fractions


def test_print_fits_four_a4_pages_none_near_empty(seed_html, tmp_path):
    """Chromium prints the seed report (its own PDF, A4) on at most four pages; no page
    is near empty (it once printed seven, page 2 half blank and page 7 one line)."""
    playwright_api = _browser()
    path = (ARTIFACTS / "report.html").resolve()
    pdf = tmp_path / "report.pdf"
    with playwright_api.sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            page = browser.new_page()
            page.goto(path.as_uri(), wait_until="load")
            page.emulate_media(media="print")
            page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
        finally:
            browser.close()
    shutil.copy(pdf, ARTIFACTS / "report-chromium.pdf")
    fractions = _ink_fractions(pdf)
    assert 1 <= len(fractions) <= A4_PAGES, fractions
    assert all(f >= FULL_PAGE for f in fractions[:-1]), fractions
    assert fractions[-1] >= LAST_PAGE, fractions


def test_the_page_comes_from_autoescaped_templates():
    """Markup in the data is shown, not run: the templates autoescape. The style sheet
    is the package's own file, inlined."""
    mapping = example_mapping()
    mapping["site"]["name"] = '<script>alert("x")</script>'
    mapping["dispersion"]["members"] = 0
    plan = make_plan(scenario_from_mapping(mapping))
    track = report_html.make_track_series(plan)
    figures = {
        name: report_html.ReportFigure(name, name, "caption", "data:image/png;base64,AA==")
        for name in FIGURE_TITLES
    }
    context = report_html.page_context(plan, figures, track)
    text = report_html.environment().get_template("report.html.j2").render(context)
    structure = parse(text)
    assert "script" not in structure.tags
    assert "&lt;script&gt;" in text
    assert report_html.stylesheet().strip() in text
    assert report_html.environment().autoescape is True


def test_the_templates_leave_places_for_the_sun_and_the_formation():
    """The Sun's direction and the formation have partials of their own, rendered only
    when a plan carries them."""
    loader = report_html.environment().loader
    names = set(loader.list_templates())
    assert {"report.html.j2", "_macros.html.j2", "_sun.html.j2", "_formation.html.j2"} <= names
    assert "report.css" in names


def _no_fit_plan():
    mapping = example_mapping()
    mapping["attempt"]["light"] = "-1..0"
    return make_plan(scenario_from_mapping(mapping))


def test_the_no_fit_page_leads_with_the_shortfall_and_what_would_fit():
    """It used to put "What would make it fit" last, below the scenario and the warnings,
    and to caption the light figure with a planned jump it did not draw."""
    plan = _no_fit_plan()
    text = report_html.render_html(plan, dpi=TEST_DPI)
    structure = parse(text)
    assert structure.errors == []
    order = [text.index(f'id="{name}"') for name in ("shortfall", "checks", "light", "scenario")]
    assert order == sorted(order)
    top = text[text.index('id="shortfall"') : text.index('id="checks"')]
    assert "misses the" in top
    assert "What would make it fit" in top
    for suggestion in plan.suggestions:
        assert wording.suggestion_text(suggestion) in top
    caption = text[text.index('id="figure-light_and_fall"') :]
    caption = caption[caption.index("<figcaption>") : caption.index("</figcaption>")]
    assert "No jump is drawn" in caption
    assert "planned jump" not in caption
    assert "first and last exits" not in caption
    figure = light_and_fall_figure(make_light_series(plan))
    drawn = [line.get_label() for line in figure.axes[0].get_lines()]
    assert not any(label.startswith(("planned jump", "the action from")) for label in drawn)


def test_aviation_units_on_the_page_and_in_its_figures(seed_plan):
    """The aviation page gives distances in NM as the text does (it used km and m), its
    ground-track figure too; the SVG figures carry their text in comments."""
    text = report_html.render_html(seed_plan, image_format="svg")
    words = " ".join(parse(text).text)
    assert "0.46 NM (849 m)" in words
    assert not re.search(r"\d km\b", words)
    svgs = [base64.b64decode(i["src"].split(",", 1)[1]).decode("utf-8") for i in parse(text).images]
    assert any("[NM]" in svg for svg in svgs)
    assert not any("[km]" in svg for svg in svgs)


@pytest.fixture(scope="module")
def two_jumper_plan():
    mapping = example_mapping()
    camera = {"name": "camera", "mass": "95kg", "posture": "sit", "exit_delay": "3s"}
    mapping["jumpers"].append(camera)
    mapping["winds"] = {"levels": "0ft:270@8kt,10000ft:280@25kt,25000ft:290@45kt"}
    return make_plan(scenario_from_mapping(mapping))


def test_two_jumpers_each_in_the_summary_and_the_timeline(two_jumper_plan):
    """Each jumper deploys a free fall after its own exit: the camera flyer's 3 s after
    the green light."""
    plan = two_jumper_plan
    text = report_html.render_html(plan, dpi=TEST_DPI)
    header = text[: text.index("<main>")]
    for jumper, trajectory in zip(plan.scenario.jumpers, plan.trajectories, strict=True):
        assert f"free fall, {jumper.name}" in header
        out = plan.exit_time_utc_s + jumper.exit_delay_s
        deployed = clock(out + trajectory.freefall_duration_s, plan.timezone)
        assert f"{deployed} local" in header
    timeline = text[text.index('id="timeline"') : text.index('id="release"')]
    for jumper in plan.scenario.jumpers:
        assert f"deployment ({jumper.name})" in timeline
        assert f"landing ({jumper.name})" in timeline


def test_two_jumpers_have_their_own_colours_and_both_lines_show(two_jumper_plan):
    """The camera flyer's line once had the exit window's colour and hid the performer's;
    on the ground track it matched the openings' ellipses."""
    from matplotlib.colors import to_hex

    from duskfall.reports import figures

    series = make_light_series(two_jumper_plan)
    figure = light_and_fall_figure(series)
    lines = {line.get_label(): line for line in figure.axes[0].get_lines()}
    window = next(v for k, v in lines.items() if k.startswith("exit window"))
    first = lines["planned jump, performer: free fall"]
    second = lines["planned jump, camera: free fall"]
    colours = {to_hex(first.get_color()), to_hex(second.get_color())}
    assert len(colours) == 2
    assert to_hex(window.get_color()) not in colours
    # The second is drawn over the first and thinner, so where they coincide both show.
    assert second.get_zorder() > first.get_zorder()
    assert second.get_linewidth() < first.get_linewidth()
    track = figures.ground_track_figure(report_html.make_track_series(two_jumper_plan))
    ground = {line.get_label(): to_hex(line.get_color()) for line in track.axes[0].get_lines()}
    ellipses = {ground["openings, 50 %"], ground["openings, 95 %"], ground["landings, 95 %"]}
    assert not ({ground["performer: free fall"], ground["camera: free fall"]} & ellipses)


# --- The Sun's direction and the formation --------------------------------------------------


def _section(text: str, name: str) -> str:
    """The words of one section of the page."""
    start = text.index(f'<section id="{name}"')
    return " ".join(parse(text[start : text.index("</section>", start)]).text)


def test_the_sun_section_says_where_the_sun_is(seed_plan, seed_html):
    """The seed flies its 270° run into a Sun at 265°: the page says so in a line, a
    table and a diagram, right after the light; with one jumper there is no formation."""
    structure = parse(seed_html)
    assert {"sun", "figure-sun_direction"} <= structure.ids
    assert "formation" not in structure.ids
    order = [seed_html.index(f'id="{name}"') for name in ("light", "sun", "timeline")]
    assert order == sorted(order)
    words = " ".join(_section(seed_html, "sun").split())
    sun = seed_plan.sun
    assert sun.exit.side == "ahead"
    assert (
        f"Sun at exit: azimuth {sun.exit.azimuth_deg:03.0f}° true, "
        f"{sun.exit.elevation_above_horizon_deg:.1f}° above the horizon, ahead, "
        f"{abs(sun.exit.relative_to_jump_run_deg):.1f}° left of the jump run."
    ) in words
    assert clock(sun.deployment.time_utc_s, seed_plan.timezone) in words
    assert "camera" not in words.lower()


@pytest.fixture(scope="module")
def camera_plan():
    mapping = example_mapping()
    mapping["jumpers"].append(
        {"name": "camera", "mass": "95kg", "posture": "sit", "exit_delay": "3s"}
    )
    mapping["winds"] = {"levels": "0ft:270@8kt,10000ft:280@25kt,25000ft:290@45kt"}
    mapping["camera"] = {"field_of_view": 70}
    return make_plan(scenario_from_mapping(mapping))


@pytest.fixture(scope="module")
def camera_html(camera_plan):
    text = report_html.render_html(camera_plan, dpi=TEST_DPI)
    (ARTIFACTS / "report-camera.html").write_text(text, encoding="utf-8")
    return text


def test_the_formation_section_gives_the_figures(camera_plan, camera_html):
    """The camera flyer and the performer: the exit order, where they are level, the
    closing, the closest approach, the limit, the end of the action and the drag area
    that keeps them level, in feet; the camera's lighting and frame in the Sun section."""
    f = camera_plan.formation
    structure = parse(camera_html)
    assert structure.errors == []
    assert {"sun", "formation"} <= structure.ids
    order = [camera_html.index(f'id="{name}"') for name in ("fall", "formation", "scenario")]
    assert order == sorted(order)
    words = " ".join(_section(camera_html, "formation").split())
    assert "camera 3.0 s after performer" in words
    assert f"{f.meet_time_s:.1f} s after the green light" in words
    assert f"at {AVIATION.altitude(f.meet_altitude_m)}" in words
    assert "within 10 ft" in words
    assert f"closest approach {wording.length(f.closest_approach_m, AVIATION)}" in words
    assert "more than 100 ft apart" in words
    end = wording.length(f.vertical_separation_at_action_end_m, AVIATION)
    assert f"performer {end} above camera" in words
    assert f"performer must hold a drag area of {f.slower_level_cda_m2:.2f} m² (sit)" in words
    sun = " ".join(_section(camera_html, "sun").split())
    assert "from camera to performer" in sun
    assert "front-lit" in sun
    assert "never, in a 70° frame" in sun


def test_the_camera_page_is_metric_throughout(camera_plan):
    """With metric units the Sun and formation sections and every figure (SVG, whose text
    is kept in comments) show no foot, knot, mph or nautical mile."""
    from test_units_metric import imperial

    text = report_html.render_html(camera_plan, image_format="svg", units=METRIC)
    assert imperial(" ".join(parse(text).text)) == []
    for image in parse(text).images:
        svg = base64.b64decode(image["src"].split(",", 1)[1]).decode("utf-8")
        assert imperial(svg) == [], image["alt"]
    assert "within 3.0 m" in _section(text, "formation")


def test_the_camera_page_fits_a_phone(camera_html):
    """The formation and camera tables become cards at 390 px: no horizontal overflow,
    and every figure (the formation's fall profile too) readable there."""
    playwright_api = _browser()
    path = (ARTIFACTS / "report-camera.html").resolve()
    with playwright_api.sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            page = browser.new_page(viewport=PHONE)
            page.goto(path.as_uri(), wait_until="load")
            widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            texts = page.evaluate(MEASURE)
            page.screenshot(path=str(ARTIFACTS / "report-camera-390.png"), full_page=True)
        finally:
            browser.close()
    assert widths[0] == widths[1] == PHONE["width"], widths
    assert len(texts) == len(FIGURE_TITLES)
    for text in texts:
        assert text["phone"] is True, text
        assert text["px"] >= READABLE_PX, text
