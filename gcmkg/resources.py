"""Where the project's data files live; code finds files only through this module."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
REFERENCE_DIR = ONTOLOGY_DIR / "reference"
SHAPES_DIR = PROJECT_ROOT / "shapes"
QUERIES_DIR = PROJECT_ROOT / "queries"
DATA_DIR = PROJECT_ROOT / "data"
SEEDS_DIR = DATA_DIR / "seeds"
DOCS_DIR = PROJECT_ROOT / "docs"
LEXICON_DIR = PROJECT_ROOT / "ingest" / "extract" / "lexicons"
EXPLORER_DIR = PROJECT_ROOT / "api" / "explorer"


def ontology_file() -> Path:
    """Return the path of the OWL ontology in Turtle."""
    return ONTOLOGY_DIR / "gcmkg.ttl"


def vocabulary_files() -> list[Path]:
    """Return the vocabulary Turtle files (objectives, principles, round tables, registries), sorted."""
    return sorted((ONTOLOGY_DIR / "vocabularies").glob("*.ttl"))


def shape_files() -> list[Path]:
    """Return the SHACL shape files, sorted."""
    return sorted(SHAPES_DIR.glob("*.ttl"))


def reference_table(name: str) -> Path:
    """Return the path of a reference/registry table (TSV) by file stem, e.g. 'organizations'."""
    return REFERENCE_DIR / f"{name}.tsv"


def seed_pages() -> list[Path]:
    """Return the bundled seed pages, sorted."""
    return sorted(SEEDS_DIR.glob("*.txt"))


def query_files() -> list[Path]:
    """Return the stored SPARQL queries, sorted by name."""
    return sorted(QUERIES_DIR.glob("*.rq"))


def parsing_rules_file() -> Path:
    """Return the layout rules of Hub discussion pages (chrome lines, footer, organiser, months)."""
    return DATA_DIR / "parsing" / "hub_page.json"


def lexicon_file(name: str) -> Path:
    """Return the path of an extractor lexicon (term set) by file name, e.g. 'deontic.tsv'."""
    return LEXICON_DIR / name


def extraction_gold_file() -> Path:
    """Return the hand-written gold annotation of the extraction of the seed page."""
    return PROJECT_ROOT / "tests" / "gold" / "extraction" / "seed.json"


def explorer_file(name: str) -> Path:
    """Return a file of the web explorer (messages, templates/..., static/...) by relative path."""
    return EXPLORER_DIR / name
