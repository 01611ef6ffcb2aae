"""The planner page in a real browser (Debian's Chromium, driven by Playwright), served
by a real ``duskfall serve``: the user changes the date and sees the exit time change,
clicks a day of the season strip, types a latitude of 95 and sees that field's error,
and downloads the report; nothing is fetched from elsewhere and the console stays quiet.
Screenshots are kept under test-artifacts/.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("fastapi", reason="the serve extra (FastAPI) is not installed")

from serve_client import serving

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
WAIT_MS = 60_000  # a plan takes well under a second; the report a few seconds


def _browser():
    """Playwright's sync API, or a skip that says what is missing."""
    try:
        from playwright import sync_api
    except ImportError as error:
        pytest.skip(f"Playwright is not installed (the test extra): {error}")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return sync_api


# The one message Chromium logs for an answer the page asked for and expects: the 422
# of the plan with a latitude of 95 (the page shows its error under the field).
EXPECTED_REFUSAL = re.compile(r"status of 422 \(Unprocessable (Entity|Content)\)")


def test_the_planner_page_as_a_user_would_use_it(tmp_path):
    sync_api = _browser()
    ARTIFACTS.mkdir(exist_ok=True)
    messages, requests = [], []
    with serving() as url, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
            page.set_default_timeout(WAIT_MS)
            page.on("console", lambda m: messages.append(f"console {m.type}: {m.text}"))
            page.on("pageerror", lambda e: messages.append(f"page error: {e}"))
            page.on("requestfailed", lambda r: messages.append(f"request failed: {r.url}"))
            page.on("request", lambda r: requests.append(r.url))
            _use_the_page(page, url, sync_api.expect, tmp_path)
        finally:
            browser.close()
    origin = urlsplit(url).netloc
    assert all(urlsplit(r).netloc == origin or r.startswith(("blob:", "data:")) for r in requests)
    unexpected = [m for m in messages if not EXPECTED_REFUSAL.search(m)]
    assert unexpected == []
    assert len(messages) - len(unexpected) <= 2  # the plan's 422 (and its season's)


def _planned(page, expect):
    expect(page.locator("#status")).to_have_text("planned")


def _use_the_page(page, url, expect, tmp_path):
    expect.set_options(timeout=WAIT_MS)
    page.goto(url)
    _planned(page, expect)
    expect(page.locator("#verdict")).to_have_text("GO")
    expect(page.locator("#exit-local")).to_contain_text("18:21:45")
    expect(page.locator("#season button")).to_have_count(31)
    expect(page.locator("#figure")).to_have_attribute("src", re.compile("^blob:"))
    page.screenshot(path=str(ARTIFACTS / "serve-seed.png"), full_page=True)

    # The date: a later day exits later.
    first = page.locator("#exit-utc").inner_text()
    page.locator("#date").fill("2018-03-20")
    expect(page.locator("#exit-utc")).not_to_have_text(first)
    _planned(page, expect)
    assert page.locator("#exit-utc").inner_text() > first

    # A day of the season strip opens that day.
    page.locator('#season button[data-date="2018-03-05"]').click()
    expect(page.locator("#date")).to_have_value("2018-03-05")
    _planned(page, expect)
    expect(page.locator('#season button[data-date="2018-03-05"]')).to_have_class(
        re.compile("chosen")
    )

    # A latitude of 95: the field's own error, no answer.
    page.locator("#lat").fill("95")
    error = page.locator('[id="error-site.lat"]')
    expect(error).to_contain_text("site.lat: 95 is out of range; allowed: -90 to 90 degrees")
    expect(page.locator("#lat")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#verdict")).to_have_text("—")
    page.screenshot(path=str(ARTIFACTS / "serve-latitude-95.png"), full_page=True)
    page.locator("#lat").fill("24.4")
    _planned(page, expect)
    expect(error).to_be_empty()

    # The map: a click places the site.
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.25)
    expect(page.locator("#lat")).to_have_value(re.compile(r"^4[0-9]"))
    _planned(page, expect)

    # The report downloads.
    with page.expect_download(timeout=WAIT_MS) as download:
        page.locator('[data-download="report"]').click()
    path = tmp_path / "plan.html"
    download.value.save_as(path)
    assert download.value.suggested_filename == "plan.html"
    assert "<title>duskfall plan: custom site" in path.read_text(encoding="utf-8")
    with page.expect_download(timeout=WAIT_MS) as download:
        page.locator('[data-download="json"]').click()
    assert download.value.suggested_filename == "plan.json"
    page.screenshot(path=str(ARTIFACTS / "serve-map-click.png"), full_page=True)
