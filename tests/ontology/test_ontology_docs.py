"""Union members in pyLODE's HTML are put in a stable order, whatever order pyLODE chose."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rdflib import Literal
from rdflib.namespace import RDFS

from gcmkg.namespaces import GKG
from gcmkg.ontology_docs import docs_graph, sort_unions
from gcmkg.resources import ontology_file

SEPARATOR = '\n                <span class="cardinality">or</span>\n'
MEMBER = '                <span>\n                  <a href="#{0}">{0}</a>\n                </span>'


def _cell(names: list[str]) -> str:
    return "<td>\n" + SEPARATOR.join(MEMBER.format(n) for n in names) + "\n              </td>"


@given(st.permutations(["Actor", "addressee", "Question", "RoundTable"]))
def test_union_order_does_not_depend_on_pylode(names: list[str]) -> None:
    assert sort_unions(_cell(names)) == _cell(sorted(names, key=lambda n: MEMBER.format(n).strip()))


@given(st.lists(st.sampled_from(["Actor", "Comment", "Question"]), min_size=1, max_size=4))
def test_sorting_is_idempotent(names: list[str]) -> None:
    once = sort_unions(_cell(names))
    assert sort_unions(once) == once


def test_cells_without_union_are_unchanged() -> None:
    cell = "<td>\n                <span>one</span>\n              </td>"
    assert sort_unions(cell) == cell


def test_docs_graph_keeps_one_label_per_term_and_lists_the_others() -> None:
    graph = docs_graph(ontology_file())
    languages = {o.language for o in graph.objects(None, RDFS.label) if isinstance(o, Literal)}
    assert languages == {"en"}
    comment = str(graph.value(GKG.State, RDFS.comment))
    assert comment.endswith("Labels: es «Estado»; fr «État».")
