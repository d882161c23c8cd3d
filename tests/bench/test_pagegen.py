"""The synthetic page generator is deterministic and writes the seed page's text format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.pagegen import Corpus, load_corpus, page_name, page_text, shown_name, write_pages
from gcmkg.resources import seed_pages

DATE_LINE = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2}, \d{4}$", re.MULTILINE)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="module")
def page(corpus: Corpus) -> str:
    return page_text(corpus, seed=7, index=0)


def test_same_seed_and_index_give_the_same_page(corpus: Corpus) -> None:
    assert page_text(corpus, 7, 3) == page_text(corpus, 7, 3)


def test_pages_differ_by_index_and_by_seed(corpus: Corpus) -> None:
    assert page_text(corpus, 7, 0) != page_text(corpus, 7, 1)
    assert page_text(corpus, 7, 0) != page_text(corpus, 8, 0)


def test_page_has_the_hub_chrome_and_footer(page: str) -> None:
    lines = page.splitlines()
    assert lines[:5] == [
        "Skip to main content",
        "",
        "Discussion Spaces",
        "",
        "Discussion Questions & Comments",
    ]
    assert page.rstrip().endswith("Security Council resolution 1244 (1999).")
    assert "About the Migration Network Hub" in page


def test_page_has_four_questions_in_three_languages(page: str) -> None:
    for number in (1, 2, 3, 4):
        numbered = re.findall(rf"^{number}\. .+$", page, re.MULTILINE)
        assert len(numbered) >= 3, f"question {number} should appear in EN, FR and ES"


def test_page_has_comments_with_dates_counters_badges_and_replies(page: str) -> None:
    assert len(DATE_LINE.findall(page)) >= 40
    assert re.search(r"^\d+\nMembers\n\d+\nComments\n", page, re.MULTILINE)
    assert "\nModerator \n" in page
    assert "In reply to by Migration Netw…" in page
    replies_to_people = re.findall(r"^In reply to by (?!Migration Netw…).+$", page, re.MULTILINE)
    assert replies_to_people or page.count("Members") > 4


def test_page_mentions_objectives_and_cites_instruments(corpus: Corpus) -> None:
    text = "".join(page_text(corpus, 7, i) for i in range(3))
    assert re.search(r"\bObjective \d{1,2}\b", text)
    assert re.search(r"A/HRC/44/42, paras? \d+", text)
    assert re.search(r"GCM para\. \d+\([a-l]\)", text)
    assert re.search(r"^  • ", text, re.MULTILINE)
    assert re.search(r"^\([a-l]\) ", text, re.MULTILINE)


def test_page_holds_french_and_spanish_comments(corpus: Corpus) -> None:
    text = "".join(page_text(corpus, 7, i) for i in range(3))
    assert "Il faut" in text or "devraient" in text
    assert "deberían" in text or "Es necesario" in text


def test_page_size_is_close_to_the_seed_page(page: str) -> None:
    seed_size = len(seed_pages()[0].read_text(encoding="utf-8"))
    assert 0.6 * seed_size < len(page) < 1.6 * seed_size


def test_long_names_are_truncated_like_the_hub() -> None:
    assert shown_name("Kate Barth") == "Kate Barth"
    assert shown_name("Spanish Commission for Refugees") == "Spanish Commis…"


def test_write_pages_writes_numbered_files_whose_prefix_is_stable(tmp_path: Path, corpus: Corpus) -> None:
    summary = write_pages(tmp_path / "x3", 3, seed=7, corpus=corpus)
    write_pages(tmp_path / "x2", 2, seed=7, corpus=corpus)
    assert summary["pages"] == 3
    assert sorted(p.name for p in (tmp_path / "x3").iterdir()) == [page_name(i) for i in range(3)]
    assert (tmp_path / "x2" / page_name(1)).read_bytes() == (tmp_path / "x3" / page_name(1)).read_bytes()
    assert summary["bytes"] == sum(p.stat().st_size for p in (tmp_path / "x3").iterdir())
