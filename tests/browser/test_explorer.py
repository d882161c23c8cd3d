"""A real browser (Chromium via Playwright) walks the explorer the way a policy officer would."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.slow


def shot(page: Any, name: str) -> None:
    """Save a full-page screenshot under test-artifacts/browser/."""
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_home_objective_filter_quote_brief_and_query(
    browser_page: Any, server_url: str, tmp_path: Path
) -> None:
    page = browser_page
    page.goto(server_url + "/")
    assert page.locator("h1").inner_text() == "GCM-KG explorer"
    assert page.locator("li.tile").count() == 23
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    shot(page, "1-home")

    page.locator("li.tile a", has_text="Objective 5").click()
    page.wait_for_url(re.compile(r"/objectives/5$"))
    assert "Enhance availability and flexibility of pathways" in page.locator("h1").inner_text()
    everything = page.locator("article.rec blockquote").count()
    assert everything > 5 and page.locator("article.rec mark").count() > 0
    shot(page, "2-objective-5")

    page.select_option("#f-actor_type", "UNEntity")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"actor_type=UNEntity"))
    filtered = page.locator("article.rec blockquote").count()
    assert 0 < filtered < everything
    assert page.locator("section.group h2").all_inner_texts()[0].startswith("UN system entity")
    shot(page, "3-objective-5-un-entities")

    quote = page.locator("article.rec blockquote p").first.inner_text()
    page.locator("a.in-comment").first.click()
    page.wait_for_url(re.compile(r"/recommendations/statement/"))
    highlighted = page.locator("blockquote.comment mark")
    assert highlighted.count() == 1 and highlighted.inner_text() == quote
    assert highlighted.is_visible()
    shot(page, "4-recommendation-in-comment")

    page.goto(server_url + "/objectives/5")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the brief (Markdown)").click()
    download = download_info.value
    assert download.suggested_filename == "gcm-objective-5-brief-en.md"
    saved = tmp_path / download.suggested_filename
    download.save_as(str(saved))
    brief = saved.read_text(encoding="utf-8")
    assert brief.startswith("# Objective brief: Objective 5") and "## Gaps" in brief and "## Sources" in brief

    page.get_by_role("link", name="SPARQL").first.click()
    page.wait_for_url(re.compile(r"/explore/sparql$"))
    page.get_by_role("link", name="objectives", exact=True).click()
    page.wait_for_url(re.compile(r"stored=objectives"))
    assert page.locator("table.results tbody tr").count() == 23
    assert page.locator("table.results thead th").first.inner_text() == "objective"
    shot(page, "5-stored-query")

    count = "SELECT (COUNT(*) AS ?comments) WHERE { ?c a <https://w3id.org/gcmkg/ontology#Comment> }"
    page.fill("#query", count)
    page.click("#run")
    page.wait_for_url(re.compile(r"query="))
    assert page.locator("table.results tbody td").all_inner_texts() == ["49"]
    shot(page, "6-written-query")


def test_language_switch_and_pictures(browser_page: Any, server_url: str) -> None:
    page = browser_page
    page.goto(server_url + "/objectives/5?actor_type=UNEntity")
    page.get_by_role("link", name="Français").click()
    page.wait_for_url(re.compile(r"actor_type=UNEntity&lang=fr"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Faire en sorte que les filières de migration" in page.locator("h1").inner_text()
    shot(page, "7-objective-5-fr")
    page.goto(server_url + "/explore/heatmap?lang=es")
    assert page.locator("rect.cell").count() == 23 * 12
    shot(page, "8-heatmap-es")
    page.goto(server_url + "/instruments")
    assert page.locator("rect.bar").count() > 3
    shot(page, "9-instruments")
    page.goto(server_url + "/consultations")
    page.locator("table tbody th a").first.click()
    assert page.locator("svg circle").count() > 10
    shot(page, "10-consultation-network")
    page.goto(server_url + "/objectives/5/brief")
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible()
    shot(page, "11-brief-print")
