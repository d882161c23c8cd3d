"""Language detection restricted to English, French and Spanish, with "other" when it cannot tell."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ingest.language import OTHER, detect_language, detector, letters_only


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Governments should implement the recommendations of the Special Rapporteur.", "en"),
        ("les gouvernements devraient créer des cadres de concertation avec la société civile", "fr"),
        ("Ensanchamiento de las vías legales de acceso a personas con necesidades de protección", "es"),
        ("Thanks!", "en"),
        ("Gracias", "es"),
        ("Muchas gracias Miguel Hernández por su contribución.", "es"),
        ("Fambaye Ndoye Merci de votre réponse et de votre engagement continu !", "fr"),
        ("See https://www.fao.org/migration/en/ for the policy briefs on rural migration.", "en"),
    ],
)
def test_detects_english_french_spanish(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "https://www.fao.org/rural-employment/toolbox/module-6-migration/en/",
        "2021 - 2022",
        "[1] [2]",
        "…",
    ],
)
def test_urls_numbers_and_empty_texts_are_other(text: str) -> None:
    assert detect_language(text) == OTHER


def test_ambiguous_single_word_is_other() -> None:
    assert detect_language("Merci") == OTHER


def test_letters_only_drops_urls_digits_and_punctuation() -> None:
    assert letters_only("See https://x.org/a-b, 3 items (a) here!") == "See items here"


def test_detector_is_built_once() -> None:
    assert detector() is detector()


def test_importing_the_module_builds_no_detector() -> None:
    code = "import ingest.language as m; print(m.detector.cache_info().currsize)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "0"
