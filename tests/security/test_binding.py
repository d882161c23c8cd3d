"""Binding any Unicode string as a parameter returns exactly that string and nothing else (via a worker)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.execution import PooledStore, open_serving_store
from gcmkg.config import Settings

ECHO = "SELECT ?v (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(?o = ?v || true) } GROUP BY ?v"
LANGS = st.sampled_from(["en", "fr", "es", "en-GB"])


@pytest.fixture(scope="module")
def pooled(sec_settings: Settings) -> Iterator[PooledStore]:
    """The security store behind its worker pools."""
    store = open_serving_store(sec_settings)
    assert isinstance(store, PooledStore)
    store.start()
    yield store
    store.close()


def echo(store: PooledStore, term: ox.Literal) -> tuple[tuple[object, ...], ...]:
    """Return the rows of a query that binds term to ?v inside a filter and a GROUP BY."""
    outcome = store.execute(ECHO, {"v": term}, time.monotonic() + 10, 10)
    return tuple(row[:1] for row in outcome.rows)


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(max_size=300))  # without lone surrogates: no RDF literal holds one (ingest replaces them)
def test_any_string_comes_back_exactly(pooled: PooledStore, text: str) -> None:
    assert echo(pooled, ox.Literal(text)) == ((ox.Literal(text),),)


@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    text=st.text(
        alphabet=st.sampled_from("\"'\\<>{}()#?$\n\r\t.;,") | st.characters(exclude_categories=["Cs"]),
        max_size=80,
    ),
    lang=LANGS,
)
def test_syntax_characters_and_languages_stay_data(pooled: PooledStore, text: str, lang: str) -> None:
    assert echo(pooled, ox.Literal(text, language=lang)) == ((ox.Literal(text, language=lang),),)
