"""Stored queries: one `.rq` file per named operation, with a typed parameter header.

Header lines start with `#+ ` before the query text:

    #+ summary: Who recommends what for an objective
    #+ description: One row per recommendation linked to the objective ...
    #+ param: objective objective default=5 -- the GCM objective number (1..23)
    #+ param: actor_type class(State,UNEntity,Person) optional -- type of the recommender
    #+ param: min_confidence decimal 0..1 optional -- lowest link confidence

Parameter types: `int LO..HI`, `decimal LO..HI`, `enum(a,b)` (a plain literal), `class(A,B)` (an IRI of
the ontology), `objective` (1..23, bound as the objective's IRI), `id` (a path under the id base, bound
as that IRI), `lang` (en, fr or es) and `string`. A parameter is `default=V`, `optional` or required.
Values are validated here and reach the query only as RDF terms (see gcmkg.store.terms.bind_as_values).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from gcmkg.errors import InvalidParameter, StoreError
from gcmkg.namespaces import DEFAULT_BASE, ONTOLOGY_IRI
from gcmkg.resources import query_files
from gcmkg.store.terms import OxTerm

PARAM = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>int|decimal|enum|class|objective|id|lang|string)"
    r"(?:\((?P<choices>[^)]*)\))?(?:\s+(?P<low>-?[\d.]+)\.\.(?P<high>-?[\d.]+))?"
    r"(?:\s+(?P<mode>optional|default=\S+))?(?:\s+--\s+(?P<doc>.*))?$"
)
XSD = "http://www.w3.org/2001/XMLSchema#"
LANGS = ("en", "fr", "es")
ID_PATH = re.compile(r"^[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*$")
MAX_STRING = 500


@dataclass(frozen=True)
class Param:
    """One typed parameter of a stored query."""

    name: str
    type: str
    choices: tuple[str, ...] = ()
    low: Decimal | None = None
    high: Decimal | None = None
    default: str | None = None
    required: bool = False
    doc: str = ""


@dataclass(frozen=True)
class StoredQuery:
    """A named, documented query read from queries/NAME.rq."""

    name: str
    summary: str
    description: str
    params: tuple[Param, ...]
    text: str


def _bound(text: str | None, kind: str, objective_default: Decimal) -> Decimal | None:
    if text:
        return Decimal(text)
    return objective_default if kind == "objective" else None


def parse_param(line: str, source: str) -> Param:
    """Return the Param declared by a `#+ param:` line; raise StoreError naming the file otherwise."""
    match = PARAM.match(line.strip())
    if match is None:
        raise StoreError(f"{source}: malformed parameter declaration {line.strip()!r}")
    mode = match["mode"] or ""
    choices = tuple(c.strip() for c in (match["choices"] or "").split(",") if c.strip())
    if match["type"] in ("enum", "class") and not choices:
        raise StoreError(f"{source}: parameter {match['name']} needs its allowed values in (...)")
    return Param(
        name=match["name"],
        type=match["type"],
        choices=choices or (LANGS if match["type"] == "lang" else ()),
        low=_bound(match["low"], match["type"], Decimal(1)),
        high=_bound(match["high"], match["type"], Decimal(23)),
        default=mode.removeprefix("default=") if mode.startswith("default=") else None,
        required=not mode,
        doc=match["doc"] or "",
    )


def parse_stored_query(text: str, name: str) -> StoredQuery:
    """Return the stored query of a `.rq` file's text."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#+ "):
            continue
        key, _, value = line[3:].partition(":")
        if key.strip() == "param":
            params.append(parse_param(value, f"{name}.rq"))
        else:
            fields[key.strip()] = (fields.get(key.strip(), "") + " " + value.strip()).strip()
    if "summary" not in fields:
        raise StoreError(f"{name}.rq: the header has no '#+ summary:' line")
    return StoredQuery(name, fields["summary"], fields.get("description", ""), tuple(params), text)


@cache
def _load(paths: tuple[Path, ...]) -> dict[str, StoredQuery]:
    return {path.stem: parse_stored_query(path.read_text(encoding="utf-8"), path.stem) for path in paths}


def load_queries() -> dict[str, StoredQuery]:
    """Return every stored query by name (file stem), sorted."""
    return dict(sorted(_load(tuple(query_files())).items()))


def _number(param: Param, raw: str, kind: type[int] | type[Decimal]) -> Decimal:
    try:
        value = Decimal(int(raw)) if kind is int else Decimal(raw)
    except (ValueError, InvalidOperation):
        raise InvalidParameter(param.name, f"{raw[:40]!r} is not a {param.type}") from None
    if not value.is_finite() or (param.low is not None and value < param.low):
        raise InvalidParameter(param.name, f"must be at least {param.low}")
    if param.high is not None and value > param.high:
        raise InvalidParameter(param.name, f"must be at most {param.high}")
    return value


def to_term(param: Param, raw: str, base: str = DEFAULT_BASE) -> OxTerm:
    """Return the RDF term a raw parameter value stands for; raise InvalidParameter when it is not valid."""
    if param.type == "objective":
        return ox.NamedNode(f"{base}objective/{int(_number(param, raw, int))}")
    if param.type == "int":
        return ox.Literal(str(int(_number(param, raw, int))), datatype=ox.NamedNode(f"{XSD}integer"))
    if param.type == "decimal":
        return ox.Literal(str(_number(param, raw, Decimal)), datatype=ox.NamedNode(f"{XSD}decimal"))
    if param.choices and raw not in param.choices:
        raise InvalidParameter(param.name, f"must be one of {', '.join(param.choices)}")
    if param.type == "class":
        return ox.NamedNode(f"{ONTOLOGY_IRI}{raw}")
    if param.type == "id":
        if not ID_PATH.match(raw):
            raise InvalidParameter(param.name, "must be a path of the form kind/key")
        return ox.NamedNode(f"{base}{raw}")
    if len(raw) > MAX_STRING:
        raise InvalidParameter(param.name, f"longer than {MAX_STRING} characters")
    return ox.Literal(raw)


def bindings(query: StoredQuery, raw: dict[str, str | None], base: str = DEFAULT_BASE) -> dict[str, OxTerm]:
    """Return the terms to bind for the given raw values (defaults applied, unknown names refused)."""
    known = {param.name: param for param in query.params}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise InvalidParameter(unknown[0], f"not a parameter of {query.name}")
    out: dict[str, OxTerm] = {}
    for name, param in known.items():
        value = raw.get(name)
        value = param.default if value is None or value == "" else value
        if value is None:
            if param.required:
                raise InvalidParameter(name, "is required")
            continue
        out[name] = to_term(param, value, base)
    return out
