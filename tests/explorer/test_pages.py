"""The explorer over the seed build: pages for browsers, JSON for programs, filters, briefs, pictures."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.explorer.conftest import BROWSER
from tests.explorer.htmldoc import find, read

pytestmark = pytest.mark.slow


def page(client: TestClient, url: str, status: int = 200) -> str:
    """Return the HTML of url asked as a browser, checking the status and the content type."""
    response = client.get(url, headers=BROWSER)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


@pytest.mark.parametrize(
    "url",
    ["/objectives", "/objectives/5", "/actors", "/instruments", "/consultations", "/search?q=migration"],
)
def test_programs_still_get_json(app_client: TestClient, url: str) -> None:
    for headers in ({}, {"Accept": "*/*"}, {"Accept": "application/json"}):
        response = app_client.get(url, headers=headers)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
    assert app_client.get(url, headers={**BROWSER}, params={"format": "json"}).json()


def test_home_groups_the_23_objectives_by_round_table_and_lists_consultations(app_client: TestClient) -> None:
    elements = read(page(app_client, "/"))
    tiles = find(elements, "li", class_="tile") + find(elements, "li", class_="tile empty")
    assert len(tiles) == 23
    headings = [h.text.strip() for h in find(elements, "h3")]
    assert headings == [f"IMRF 2022 round table {n}" for n in (1, 2, 3, 4)]
    five = next(t for t in tiles if "Objective 5" in t.text)
    assert "Enhance availability and flexibility of pathways for regular migration" in five.text
    assert re.search(r"15\s+recommendations\s+·\s+9\s+recommenders", " ".join(five.text.split()))
    assert "Hub consultation 000_22250b8f33848101" in page(app_client, "/")
    assert app_client.get("/").json()["objectives"] == "/objectives"


def test_objective_page_quotes_each_recommendation_with_its_sources(app_client: TestClient) -> None:
    html = page(app_client, "/objectives/5")
    elements = read(html)
    quotes = find(elements, "blockquote")
    assert len(quotes) == 15  # one per recommendation (rows repeated per actor label merged)
    assert all(q.attrs["cite"].startswith("https://w3id.org/gcmkg/id/comment/") for q in quotes)
    assert find(elements, "mark"), "evidence words are highlighted"
    assert [h.text.split()[0] for h in find(elements, "h2")][:1] == ["Civil"]
    assert "International Federation of Red Cross and Red Crescent Societies" in html
    assert "inferred" in html and "confidence 0.50" in html
    links = [a.attrs["href"] for a in find(elements, "a", class_="in-comment")]
    assert len(links) == 15 and all(link.startswith("/recommendations/statement/") for link in links)
    form = find(elements, "form", class_="filters")[0]
    assert form.attrs["method"] == "get" and form.attrs["action"] == "/objectives/5"
    names = {e.attrs["name"] for e in elements if e.tag == "select"}
    assert names == {"actor_type", "language", "method", "consultation", "instrument"}


def test_filters_are_shareable_get_parameters(app_client: TestClient) -> None:
    everything = read(page(app_client, "/objectives/5"))
    unions = read(page(app_client, "/objectives/5?actor_type=UNEntity&method=&language="))
    assert 0 < len(find(unions, "blockquote")) < len(find(everything, "blockquote"))
    assert [h.text.split()[:2] for h in find(unions, "h2")] == [["UN", "system"]]
    selected = [e for e in find(unions, "option") if "selected" in e.attrs]
    assert [e.attrs["value"] for e in selected] == ["UNEntity"]
    none = page(app_client, "/objectives/5?actor_type=State")
    assert "No recommendation matches these filters." in none
    assert app_client.get("/objectives/5?actor_type=Nope", headers=BROWSER).status_code == 422


def test_recommendation_page_shows_the_quote_inside_its_comment(app_client: TestClient) -> None:
    items = app_client.get("/objectives/5/recommendations").json()["groups"][0]["recommendations"]
    html = page(app_client, f"/recommendations/{items[0]['id']}")
    elements = read(html)
    comment = find(elements, "blockquote", class_="comment")[0]
    marked = [m for p in comment.children for m in p.children if m.tag == "mark"]
    assert [m.text for m in marked] == [items[0]["text"]]
    assert len(comment.text) > len(items[0]["text"])
    assert "Kallie Aultman" in html and "Objective 5" in html


def test_language_switch_keeps_the_url_and_translates(app_client: TestClient) -> None:
    html = page(app_client, "/objectives/5?actor_type=UNEntity&lang=fr")
    elements = read(html)
    assert find(elements, "html")[0].attrs["lang"] == "fr"
    assert "Faire en sorte que les filières de migration régulière" in html
    assert "Entité du système des Nations Unies" in html
    switch = {a.attrs["hreflang"]: a.attrs["href"] for a in find(elements, "a") if "hreflang" in a.attrs}
    assert switch == {
        "en": "/objectives/5?actor_type=UNEntity",
        "fr": "/objectives/5?actor_type=UNEntity&lang=fr",
        "es": "/objectives/5?actor_type=UNEntity&lang=es",
    }
    assert "Objetivos" in page(app_client, "/?lang=es")


def test_output_is_escaped(app_client: TestClient) -> None:
    html = page(app_client, "/search?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    sparql = page(app_client, "/explore/sparql?query=%3Cb%3Ebold", status=400)
    assert "<b>bold" not in sparql and "&lt;b&gt;bold" in sparql


def test_brief_page_and_markdown(app_client: TestClient) -> None:
    html = page(app_client, "/objectives/5/brief")
    elements = read(html)
    assert len(find(elements, "blockquote")) == 15
    sources = [li for li in elements if li.tag == "li" and li.attrs.get("id", "").startswith("src-")]
    assert sources and all("https://w3id.org/gcmkg/id/comment/" in s.text for s in sources)
    response = app_client.get("/objectives/5/brief.md")
    assert response.headers["content-type"].startswith("text/markdown")
    assert 'filename="gcm-objective-5-brief-en.md"' in response.headers["content-disposition"]
    text = response.text
    assert text.startswith("# Objective brief: Objective 5\n")
    assert "## Civil society organisation (3)" in text
    assert "## Gaps: actor types that said nothing" in text and "- State" in text
    assert text.count("> — ") == 15
    cited = re.findall(r"^\d+\. .*<https://w3id.org/gcmkg/id/comment/[0-9a-f]+>$", text, re.M)
    assert len(cited) == len(sources)
    assert "Note sur l'objectif" in app_client.get("/objectives/5/brief.md?lang=fr").text


def test_heatmap_instrument_chart_and_reply_network(app_client: TestClient) -> None:
    heat = read(page(app_client, "/explore/heatmap"))
    cells = find(heat, "rect", class_="cell")
    assert len(cells) == 23 * 12
    counts = app_client.get("/queries/objective-actor-types").json()["rows"]
    assert sum(int(row["recommendations"]) for row in counts) == sum(
        int(t.text) for t in heat if t.tag == "text" and t.attrs.get("class") in ("dark", "light")
    )
    chart = read(page(app_client, "/instruments"))
    bars = find(chart, "rect", class_="bar")
    assert bars and "Global Compact for Safe, Orderly and Regular Migration: 16" in bars[0].text
    consultation = app_client.get("/consultations").json()[0]["id"]
    network = read(page(app_client, f"/consultations/{consultation}"))
    assert len(find(network, "circle")) > 10
    assert find(network, "line", class_="edge")
    assert "complete" in " ".join(e.text for e in find(network, "span", class_="ok"))


def test_sparql_page_runs_stored_and_written_queries(app_client: TestClient) -> None:
    stored = read(page(app_client, "/explore/sparql?stored=objectives"))
    assert len(find(stored, "tr")) == 24
    assert "SELECT ?objective ?notation" in find(stored, "textarea")[0].text
    ask = read(page(app_client, "/explore/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D"))
    assert [td.text for td in find(ask, "td")] == ["true"]
    rejected = page(app_client, "/explore/sparql?query=DELETE%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D", status=400)
    assert 'role="alert"' in rejected


@pytest.mark.parametrize(
    "url", ["/actors", "/instruments/instrument/gcm", "/consultations", "/search?q=decent"]
)
def test_other_pages_render(app_client: TestClient, url: str) -> None:
    elements = read(page(app_client, url))
    assert find(elements, "main") and find(elements, "h1")


def test_actor_page(app_client: TestClient) -> None:
    actor = app_client.get("/actors").json()[0]
    html = page(app_client, f"/actors/{actor['id']}")
    assert len(find(read(html), "q")) == actor["recommendations"]


def test_browsers_get_html_error_pages_and_programs_json(app_client: TestClient) -> None:
    missing = page(app_client, "/recommendations/statement/0000000000000000", status=404)
    assert "Not found" in missing and 'role="alert"' in missing
    assert "Introuvable" in page(app_client, "/instruments/instrument/nope?lang=fr", status=404)
    bad = page(app_client, "/objectives/5?instrument=not%20an%20id", status=422)
    assert "This filter value is not valid" in bad
    assert app_client.get("/recommendations/statement/0000000000000000").json()["error"] == "not_found"
