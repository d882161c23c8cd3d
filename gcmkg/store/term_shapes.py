"""The shapes of the terms behind the headline view's columns in one generation, computed once per generation.

The headline view keeps lexical values. When every object of a predicate has one datatype and no language tag
(or, for gkg:text, always a language tag), the term of a view value is rebuilt from the value alone; otherwise
api/services/stored_view.py looks each one up in the store. A handful of aggregate queries (each a scan of one
predicate, stopping at the second distinct shape) decide it (~3 s at 100k recommendations); the answer is
kept in a small SQLite file per generation (`views/<generation>.shapes.sqlite`, pruned with it). ADR 0015.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from gcmkg.errors import StoreError
from gcmkg.store.headline_stage import PREDICATES as VIEW_PREDICATES
from gcmkg.store.local import VIEWS
from gcmkg.store.terms import OxTerm

GKG = "https://w3id.org/gcmkg/ontology#"
CONSULTATION, RECOMMENDATION = f"{GKG}Consultation", f"{GKG}Recommendation"
COLUMN_PREDICATES = (  # the predicates of queries/recommendations-for-objective.rq whose objects are columns
    "link", "method", "confidence", "evidence", "text", "comment", "recommender", "kind", "start", "end",
    "created", "addressee", "cites", "label", "member",
)  # fmt: skip
PREDICATES = {name: VIEW_PREDICATES[name] for name in COLUMN_PREDICATES}  # the view's IRIs, one list of them
XSD = "http://www.w3.org/2001/XMLSchema#"
STRING, INTEGER, DECIMAL = f"{XSD}string", f"{XSD}integer", f"{XSD}decimal"
MAX_DECIMAL_CHARS = 16  # up to 15 significant digits: a float (the view's confidence) gives them back exactly
LITERALS = ("kind", "start", "end", "created", "method", "confidence", "evidence", "label")
IRI_OBJECTS = ("recommender", "comment", "link", "member", "addressee", "cites")


def pattern(name: str) -> str:
    """Return the graph pattern binding ?o to the objects behind one literal column."""
    predicate = f"<{PREDICATES[name]}>"
    if name == "label":  # labels of recommenders and of the organisations they speak for
        by, member = f"<{PREDICATES['recommender']}>", f"<{PREDICATES['member']}>"
        return f"{{ ?x {by} ?a }} UNION {{ ?y {member} ?a }} ?a {predicate} ?o"
    return f"?s {predicate} ?o"


def datatype_query(name: str) -> str:
    """Return the query of the distinct datatypes of a column's objects ('-' for a tag or a non-literal)."""
    shape = 'IF(isLiteral(?o) && LANG(?o) = "", STR(DATATYPE(?o)), "-")'
    return f"SELECT DISTINCT ?d WHERE {{ {pattern(name)} BIND({shape} AS ?d) }} LIMIT 2"


def not_iri_query() -> str:
    """Return the ASK of a subject or object the view names by its IRI that is not an IRI."""
    parts = [f"{{ ?s <{PREDICATES[name]}> ?o }}" for name in IRI_OBJECTS]
    parts += [f"{{ ?o a <{RECOMMENDATION}> }}", f"{{ ?o a <{CONSULTATION}> }}"]
    return f"ASK {{ {' UNION '.join(parts)} FILTER(!isIRI(?o)) }}"


def untagged_text_query() -> str:
    """Return the ASK of a gkg:text object that is not a language-tagged literal."""
    return f'ASK {{ ?s <{PREDICATES["text"]}> ?o FILTER(!isLiteral(?o) || LANG(?o) = "") }}'


def long_decimal_query() -> str:
    """Return the ASK of a confidence whose lexical form a float would not give back."""
    return f"ASK {{ ?s <{PREDICATES['confidence']}> ?o FILTER(STRLEN(STR(?o)) > {MAX_DECIMAL_CHARS}) }}"


@dataclass(frozen=True)
class Shapes:
    """What the terms of one generation look like: IRIs, tagged texts, one datatype per literal column."""

    iris: bool
    tagged_text: bool
    datatypes: dict[str, str | None]  # column -> its only datatype (no tag); None: mixed, absent or tagged

    def literal(self, name: str, value: object) -> OxTerm | None:
        """Return the term of a view value of a literal column, None when it must be looked up."""
        datatype = self.datatypes.get(name)
        if datatype is None or value is None:
            return None
        if name in ("start", "end"):
            whole = datatype == INTEGER and isinstance(value, int)
            return ox.Literal(str(value), datatype=ox.NamedNode(INTEGER)) if whole else None
        if name == "confidence":
            return decimal_literal(value) if datatype == DECIMAL else None
        if datatype == STRING:
            return ox.Literal(str(value))
        return ox.Literal(str(value), datatype=ox.NamedNode(datatype))


def decimal_literal(value: object) -> OxTerm | None:
    """Return the canonical xsd:decimal literal of a float (Oxigraph's form: no exponent, no trailing 0)."""
    if not isinstance(value, float):
        return None
    digits = format(Decimal(repr(value)), "f")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    return ox.Literal(digits, datatype=ox.NamedNode(DECIMAL))


def read_shapes(engine: ox.Store) -> Shapes:
    """Return the shapes of the terms of one store generation."""
    datatypes: dict[str, str | None] = {}
    for name in LITERALS:
        found = [row[0] for row in solutions(engine, datatype_query(name))]
        only = found[0].value if len(found) == 1 and found[0] is not None else "-"
        datatypes[name] = None if only == "-" else only
    if datatypes["confidence"] == DECIMAL and ask(engine, long_decimal_query()):
        datatypes["confidence"] = None
    return Shapes(not ask(engine, not_iri_query()), not ask(engine, untagged_text_query()), datatypes)


def solutions(engine: ox.Store, query: str) -> list[ox.QuerySolution]:
    """Return the solutions of a SELECT over the union of the named graphs."""
    result = engine.query(query, use_default_graph_as_union=True)
    if not isinstance(result, ox.QuerySolutions):
        raise StoreError("the term shapes need SELECT results")
    return list(result)


def ask(engine: ox.Store, query: str) -> bool:
    """Return the answer of an ASK over the union of the named graphs."""
    result = engine.query(query, use_default_graph_as_union=True)
    if not isinstance(result, ox.QueryBoolean):
        raise StoreError("the term shapes need ASK results")
    return bool(result)


SUFFIX = ".shapes.sqlite"
SCHEMA = "1"


def shapes_path(generation: Path) -> Path:
    """Return where the term shapes of a store generation directory are kept (beside its headline view)."""
    return generation.parent.parent / VIEWS / f"{generation.name}{SUFFIX}"


def shapes_rows(shapes: Shapes) -> list[tuple[str, str | None]]:
    """Return the (key, value) rows a Shapes is stored as."""
    rows: list[tuple[str, str | None]] = [("schema", SCHEMA), ("iris", str(int(shapes.iris)))]
    rows.append(("tagged_text", str(int(shapes.tagged_text))))
    return rows + [(f"datatype:{name}", shapes.datatypes.get(name)) for name in LITERALS]


def write_shapes(engine: ox.Store, target: Path) -> Shapes:
    """Compute the shapes of the store's terms and write them to target (atomically); return them."""
    shapes = read_shapes(engine)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.unlink(missing_ok=True)
        connection = sqlite3.connect(temporary)
        try:
            connection.execute("CREATE TABLE shapes (key TEXT PRIMARY KEY, value TEXT)")
            connection.executemany("INSERT INTO shapes VALUES (?, ?)", shapes_rows(shapes))
            connection.commit()
        finally:
            connection.close()
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as error:
        discard(temporary)
        raise StoreError(f"{target}: cannot write the term shapes ({error})") from error
    return shapes


def load_shapes(path: Path) -> Shapes | None:
    """Return the shapes kept in path, None when it is missing, unreadable or of another schema."""
    if not path.exists():
        return None
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            kept = dict(connection.execute("SELECT key, value FROM shapes").fetchall())
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    if kept.get("schema") != SCHEMA:
        return None
    datatypes = {name: kept.get(f"datatype:{name}") for name in LITERALS}
    return Shapes(kept.get("iris") == "1", kept.get("tagged_text") == "1", datatypes)


def discard(path: Path) -> None:
    """Remove a partly written file, if there is one to remove."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        return
