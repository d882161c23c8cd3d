"""The vocabularies as RDF data, generated from the registry tables (ontology/registry/*.tsv).

`build_all(base)` returns one graph per vocabulary file; `write_all()` writes them with rdflib's
`longturtle` serializer to ontology/vocabularies/ (the committed files; `gcmkg vocab` regenerates them).
Every node has an IRI under the base (no blank nodes); every fact carries its source status.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from gcmkg import registry
from gcmkg.iris import (
    action_iri,
    addressee_iri,
    addressee_scheme_iri,
    country_iri,
    forum_iri,
    gcm_scheme_iri,
    instrument_iri,
    objective_iri,
    objective_scheme_iri,
    organization_iri,
    paragraph_iri,
    principle_iri,
    roundtable_iri,
    section_iri,
)
from gcmkg.namespaces import DEFAULT_BASE, GKG, ORG
from gcmkg.resources import ONTOLOGY_DIR

LANGS = ("en", "fr", "es")
GCM_DOCUMENT = "A/RES/73/195"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


def vocabulary_dir() -> Path:
    """Return the directory that holds the generated vocabulary files."""
    return ONTOLOGY_DIR / "vocabularies"


def new_graph() -> Graph:
    """Return an empty graph with the project's prefixes bound."""
    graph = Graph()
    for prefix, namespace in (
        ("gkg", GKG._NS),
        ("skos", SKOS),
        ("dcterms", DCTERMS),
        ("prov", PROV),
        ("org", ORG),
        ("xsd", XSD),
    ):
        graph.bind(prefix, namespace)
    return graph


def _letters(count: int) -> str:
    """Return the first `count` action letters (a, b, c ...)."""
    return "abcdefghijklmnopqrstuvwxyz"[:count]


def _date_literal(value: str) -> Literal | None:
    """Return an xsd:date or xsd:gYear literal for a registry date, None when it is empty or vague."""
    if _DATE.match(value):
        return Literal(value, datatype=XSD.date)
    if _YEAR.match(value):
        return Literal(value, datatype=XSD.gYear)
    return None


def _add_status(graph: Graph, node: URIRef, status: str, note: str = "") -> None:
    """Add the source status (and a note when there is one) to a node."""
    if status:
        graph.add((node, GKG.sourceStatus, Literal(status)))
    if note:
        graph.add((node, SKOS.note, Literal(note)))


def _add_aliases(graph: Graph, node: URIRef, aliases: Iterable[str], skip: Iterable[str] = ()) -> None:
    """Add each alias as a skos:altLabel (plain literal: the language of an alias is not recorded)."""
    skipped = set(skip)
    for alias in aliases:
        if alias not in skipped:
            graph.add((node, SKOS.altLabel, Literal(alias)))


def objectives_graph(base: str = DEFAULT_BASE) -> Graph:
    """Return the GCM objectives scheme: 23 objectives and their lettered actions."""
    graph = new_graph()
    scheme = objective_scheme_iri(base)
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    for lang, label in (("en", "GCM objectives"), ("fr", "Objectifs du PMM"), ("es", "Objetivos del PMM")):
        graph.add((scheme, SKOS.prefLabel, Literal(label, lang=lang)))
    graph.add((scheme, DCTERMS.source, Literal(GCM_DOCUMENT)))
    for entry in registry.objectives():
        _add_objective(graph, scheme, entry, base)
    return graph


def _add_concept(
    graph: Graph, node: URIRef, scheme: URIRef, kind: URIRef, top: bool = False, broader: URIRef | None = None
) -> None:
    """Add a SKOS concept of `kind` in `scheme`: a top concept, or narrower than `broader` when given."""
    for type_ in (SKOS.Concept, kind):
        graph.add((node, RDF.type, type_))
    graph.add((node, SKOS.inScheme, scheme))
    if top:
        graph.add((node, SKOS.topConceptOf, scheme))
        graph.add((scheme, SKOS.hasTopConcept, node))
    if broader is not None:
        graph.add((node, SKOS.broader, broader))
        graph.add((broader, SKOS.narrower, node))


def _add_objective(graph: Graph, scheme: URIRef, entry: registry.ObjectiveEntry, base: str) -> None:
    """Add one objective concept and its actions."""
    node = objective_iri(entry.number, base)
    _add_concept(graph, node, scheme, GKG.GCMObjective, top=True)
    graph.add((node, SKOS.notation, Literal(str(entry.number))))
    for lang, title in entry.titles.items():
        graph.add((node, SKOS.prefLabel, Literal(title, lang=lang)))
    for lang, short in entry.short_labels.items():
        graph.add((node, SKOS.altLabel, Literal(short, lang=lang)))
    for lang, word in (("en", "Objective"), ("fr", "Objectif"), ("es", "Objetivo")):
        graph.add((node, SKOS.altLabel, Literal(f"{word} {entry.number}", lang=lang)))
    graph.add((node, GKG.paragraph, paragraph_iri(entry.paragraph, base)))
    graph.add((node, SKOS.exactMatch, URIRef(entry.hub_taxonomy_term)))
    graph.add((node, GKG.roundTable, roundtable_iri("imrf-2022", entry.roundtable_2022, base)))
    graph.add((node, GKG.actionCount, Literal(entry.action_count)))
    graph.add((node, GKG.actionCountStatus, Literal(entry.action_count_status)))
    _add_status(graph, node, entry.title_status)
    for letter in _letters(entry.action_count):
        _add_action(graph, scheme, entry, letter, base)


def _add_action(graph: Graph, scheme: URIRef, entry: registry.ObjectiveEntry, letter: str, base: str) -> None:
    """Add lettered action `letter` of an objective, narrower than it."""
    node = action_iri(entry.number, letter, base)
    objective = objective_iri(entry.number, base)
    _add_concept(graph, node, scheme, GKG.GCMAction, broader=objective)
    graph.add((node, SKOS.notation, Literal(f"{entry.paragraph}({letter})")))
    graph.add((node, GKG.paragraph, paragraph_iri(entry.paragraph, base)))
    labels = (
        ("en", f"Objective {entry.number}, action ({letter})"),
        ("fr", f"Objectif {entry.number}, mesure {letter})"),
        ("es", f"Objetivo {entry.number}, medida {letter})"),
    )
    for lang, label in labels:
        graph.add((node, SKOS.prefLabel, Literal(label, lang=lang)))
    _add_status(graph, node, entry.action_count_status)


def gcm_structure_graph(base: str = DEFAULT_BASE) -> Graph:
    """Return the GCM's structure: sections, paragraphs 1-54 and the ten guiding principles."""
    graph = new_graph()
    scheme = gcm_scheme_iri(base)
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, SKOS.prefLabel, Literal("Structure of the Global Compact for Migration", lang="en")))
    graph.add((scheme, DCTERMS.source, Literal(GCM_DOCUMENT)))
    for section in registry.sections():
        _add_section(graph, scheme, section, base)
    for principle in registry.principles():
        node = principle_iri(principle.letter, base)
        _add_concept(graph, node, scheme, GKG.GuidingPrinciple)
        graph.add((node, SKOS.notation, Literal(f"15({principle.letter})")))
        graph.add((node, SKOS.prefLabel, Literal(principle.label_en, lang="en")))
        graph.add((node, GKG.paragraph, paragraph_iri(15, base)))
        _add_status(graph, node, principle.status)
    return graph


def _add_section(graph: Graph, scheme: URIRef, section: registry.SectionEntry, base: str) -> None:
    """Add a GCM section and the paragraphs it holds."""
    node = section_iri(section.key, base)
    _add_concept(graph, node, scheme, GKG.GCMSection, top=True)
    graph.add((node, SKOS.prefLabel, Literal(section.label_en, lang="en")))
    graph.add((node, SKOS.notation, Literal(f"{section.first_paragraph}-{section.last_paragraph}")))
    _add_status(graph, node, section.status, section.note)
    for number in range(section.first_paragraph, section.last_paragraph + 1):
        paragraph = paragraph_iri(number, base)
        _add_concept(graph, paragraph, scheme, GKG.GCMParagraph, broader=node)
        graph.add((paragraph, SKOS.notation, Literal(str(number))))
        for lang, label in (("en", "GCM paragraph"), ("fr", "PMM, paragraphe"), ("es", "PMM, párrafo")):
            graph.add((paragraph, SKOS.prefLabel, Literal(f"{label} {number}", lang=lang)))


def roundtables_graph(base: str = DEFAULT_BASE) -> Graph:
    """Return the review forums and their round tables, with the objectives each reviewed."""
    graph = new_graph()
    for forum in registry.forums():
        node = forum_iri(forum.key, base)
        graph.add((node, RDF.type, GKG.ReviewForum))
        graph.add((node, RDFS.label, Literal(forum.label_en, lang="en")))
        start = _date_literal(forum.start)
        if start is not None:
            graph.add((node, DCTERMS.date, start))
        graph.add((node, SKOS.note, Literal(f"{forum.start} to {forum.end}, {forum.place}")))
        _add_status(graph, node, forum.status)
    for table in registry.roundtables():
        _add_roundtable(graph, table, base)
    return graph


def _add_roundtable(graph: Graph, table: registry.RoundTableEntry, base: str) -> None:
    """Add one round table and the objectives it reviewed."""
    node = roundtable_iri(table.forum, table.number, base)
    graph.add((node, RDF.type, GKG.RoundTable))
    graph.add((node, GKG.number, Literal(table.number)))
    graph.add((node, DCTERMS.isPartOf, forum_iri(table.forum, base)))
    graph.add((node, RDFS.label, Literal(f"IMRF 2022 round table {table.number}", lang="en")))
    if table.title_en:
        graph.add((node, DCTERMS.title, Literal(table.title_en, lang="en")))
    _add_status(graph, node, table.status, table.note)
    for entry in registry.objectives():
        if table.forum == "imrf-2022" and entry.roundtable_2022 == table.number:
            graph.add((node, GKG.reviewsObjective, objective_iri(entry.number, base)))


def instruments_graph(base: str = DEFAULT_BASE) -> Graph:
    """Return the instrument registry."""
    graph = new_graph()
    for entry in registry.instruments():
        node = instrument_iri(entry.key, base)
        graph.add((node, RDF.type, GKG.Instrument))
        graph.add((node, RDFS.label, Literal(entry.title, lang="en")))
        graph.add((node, DCTERMS.title, Literal(entry.title, lang="en")))
        if entry.identifier and entry.identifier != "-":
            graph.add((node, DCTERMS.identifier, Literal(entry.identifier)))
        if entry.kind:
            graph.add((node, DCTERMS.type, Literal(entry.kind)))
        date = _date_literal(entry.date)
        if date is not None:
            graph.add((node, DCTERMS.date, date))
        _add_aliases(graph, node, entry.aliases)
        _add_status(graph, node, entry.status, entry.note)
    return graph


def organizations_graph(base: str = DEFAULT_BASE) -> Graph:
    """Return the organisation registry, each typed with its organisation class."""
    graph = new_graph()
    for entry in registry.organizations():
        node = organization_iri(entry.key, base)
        for kind in (GKG.Organization, GKG[entry.org_class]):
            graph.add((node, RDF.type, kind))
        graph.add((node, RDFS.label, Literal(entry.name)))
        if entry.acronym:
            graph.add((node, GKG.acronym, Literal(entry.acronym)))
        _add_aliases(graph, node, entry.aliases, skip=(entry.acronym, entry.name))
        _add_status(graph, node, entry.status, entry.note)
    return graph


def countries_graph(base: str = DEFAULT_BASE) -> Graph:
    """Return the countries (ISO 3166-1), or an empty graph when the table does not exist yet."""
    graph = new_graph()
    if not registry.has_table("countries"):
        return graph
    for entry in registry.countries():
        node = country_iri(entry.iso2, base)
        graph.add((node, RDF.type, GKG.Country))
        graph.add((node, GKG.isoCode, Literal(entry.iso2.upper())))
        if entry.iso3:
            graph.add((node, SKOS.notation, Literal(entry.iso3.upper())))
        for lang, name in entry.names.items():
            graph.add((node, RDFS.label, Literal(name, lang=lang)))
        _add_aliases(graph, node, entry.aliases)
    return graph


def addressees_graph(base: str = DEFAULT_BASE) -> Graph:
    """Return the addressee scheme, or an empty graph when the table does not exist yet."""
    graph = new_graph()
    if not registry.has_table("addressees"):
        return graph
    scheme = addressee_scheme_iri(base)
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, SKOS.prefLabel, Literal("Addressees of recommendations", lang="en")))
    for entry in registry.addressees():
        node = addressee_iri(entry.key, base)
        _add_concept(graph, node, scheme, GKG.Addressee, top=True)
        for lang, label in entry.labels.items():
            graph.add((node, SKOS.prefLabel, Literal(label, lang=lang)))
            graph.add((node, RDFS.label, Literal(label, lang=lang)))
        _add_aliases(graph, node, entry.aliases)
    return graph


BUILDERS: dict[str, Callable[[str], Graph]] = {
    "objectives": objectives_graph,
    "gcm": gcm_structure_graph,
    "roundtables": roundtables_graph,
    "instruments": instruments_graph,
    "organizations": organizations_graph,
    "countries": countries_graph,
    "addressees": addressees_graph,
}


def build_all(base: str = DEFAULT_BASE) -> dict[str, Graph]:
    """Return every non-empty vocabulary graph by file stem."""
    graphs = {name: builder(base) for name, builder in BUILDERS.items()}
    return {name: graph for name, graph in graphs.items() if len(graph)}


def serialize(graph: Graph) -> str:
    """Return the graph as deterministic longturtle text."""
    return graph.serialize(format="longturtle")


def write_all(directory: Path | None = None, base: str = DEFAULT_BASE) -> list[Path]:
    """Write every vocabulary to `directory` (default ontology/vocabularies/) and return the paths written."""
    target = directory or vocabulary_dir()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, graph in build_all(base).items():
        path = target / f"{name}.ttl"
        path.write_text(serialize(graph), encoding="utf-8")
        written.append(path)
    return written


def load_files(paths: Iterable[Path]) -> Graph:
    """Return the union of the Turtle files `paths` (e.g. the committed vocabularies)."""
    graph = new_graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph
