"""RDF of an extraction: statements (typed by kind), objective links, citations, actors and affiliations.

Every node has a deterministic IRI minted from the comment IRI (parser's `comment_iris`) and stable keys;
no blank nodes. Comments themselves come from `ingest.rdf_threads`; this graph only adds to them.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from gcmkg import registry
from gcmkg.iris import (
    action_iri,
    addressee_iri,
    country_iri,
    instrument_iri,
    mint,
    objective_iri,
    organization_iri,
    slug,
    stable_hash,
)
from gcmkg.namespaces import CITO, DEFAULT_BASE, GKG, ORG
from ingest.actors import author_iri
from ingest.extract.records import (
    PRACTICE,
    PRIORITY,
    RECOMMENDATION,
    ActorResolution,
    Affiliation,
    CommentExtraction,
    Extraction,
    InstrumentCitation,
    ObjectiveLink,
    PracticeMention,
    Statement,
)
from ingest.page_store import new_page_graph
from ingest.rdf_threads import comment_iris, integer_literal
from ingest.records import Comment, Page

KIND_CLASSES = {
    RECOMMENDATION: GKG.Recommendation,
    PRACTICE: GKG.Practice,
    PRIORITY: GKG.Priority,
}
TAGGED_LANGUAGES = ("en", "fr", "es")


def _lang(comment: Comment) -> str:
    """Return the language tag of a comment's text ('und' when it is not EN/FR/ES)."""
    return comment.language if comment.language in TAGGED_LANGUAGES else "und"


def _decimal(value: float) -> Literal:
    return Literal(Decimal(str(round(value, 2))), datatype=XSD.decimal)


def statement_iri(comment_iri: URIRef, statement: Statement, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of a statement: hash of its comment IRI, offsets and kind."""
    return mint("statement", stable_hash(comment_iri, statement.start, statement.end, statement.kind), base)


def state_iri(iso2: str, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of the State (as an actor) whose country has ISO code iso2."""
    return mint("actor", f"state-{iso2.lower()}", base)


def _action_count(objective: int) -> int:
    return next((e.action_count for e in registry.objectives() if e.number == objective), 0)


def add_objective_link(graph: Graph, node: URIRef, link: ObjectiveLink, base: str) -> None:
    """Add a qualified objective link (and the matching gkg:concernsObjective) to a statement."""
    key = stable_hash(node, link.objective, link.action or "", link.method)
    link_node = mint("objective-link", key, base)
    objective = objective_iri(link.objective, base)
    graph.add((node, GKG.concernsObjective, objective))
    graph.add((node, GKG.objectiveLink, link_node))
    graph.add((link_node, RDF.type, GKG.ObjectiveLink))
    graph.add((link_node, GKG.objective, objective))
    if link.action and ord(link.action) - ord("a") < _action_count(link.objective):
        graph.add((link_node, GKG.action, action_iri(link.objective, link.action, base)))
    graph.add((link_node, GKG.method, Literal(link.method)))
    graph.add((link_node, GKG.confidence, _decimal(link.confidence)))
    graph.add((link_node, GKG.evidence, Literal(link.evidence or "?")))


def citation_iri(graph: Graph, citation: InstrumentCitation, base: str) -> URIRef:
    """Add the cited thing (registry instrument, unregistered UN symbol, or web resource); return its IRI."""
    if citation.kind == "registry":
        return instrument_iri(citation.key, base)
    if citation.kind == "symbol":
        node = mint("instrument", f"symbol-{slug(citation.identifier, 64)}", base)
        graph.add((node, RDF.type, GKG.Instrument))
        graph.add((node, RDFS.label, Literal(citation.identifier)))
        graph.add((node, DCTERMS.identifier, Literal(citation.identifier)))
        return node
    node = mint("web", stable_hash(citation.label), base)
    graph.add((node, RDF.type, GKG.WebResource))
    graph.add((node, RDFS.label, Literal(citation.label)))
    graph.add((node, DCTERMS.identifier, Literal(citation.label)))
    graph.add((node, GKG.nameTruncated, Literal(citation.truncated)))
    if not citation.truncated:
        graph.add((node, RDFS.seeAlso, URIRef(citation.label)))
    return node


def add_statement(
    graph: Graph, comment: Comment, comment_iri: URIRef, statement: Statement, actors: list[URIRef], base: str
) -> URIRef:
    """Add one statement, typed by its kind, with its links; return its IRI."""
    node = statement_iri(comment_iri, statement, base)
    graph.add((node, RDF.type, GKG.Statement))
    graph.add((node, RDF.type, KIND_CLASSES.get(statement.kind, GKG.ContextStatement)))
    graph.add((node, GKG.text, Literal(statement.text, lang=_lang(comment))))
    graph.add((node, PROV.wasDerivedFrom, comment_iri))
    graph.add((node, GKG.charStart, integer_literal(statement.start)))
    graph.add((node, GKG.charEnd, integer_literal(statement.end)))
    graph.add((node, GKG.position, integer_literal(statement.index)))
    by = GKG.recommendedBy if statement.kind in (RECOMMENDATION, PRIORITY) else GKG.reportedBy
    for actor in actors:
        graph.add((node, by, actor))
    if statement.kind in (RECOMMENDATION, PRIORITY):
        for key in statement.addressees:
            graph.add((node, GKG.addressedTo, addressee_iri(key, base)))
    for link in statement.objectives:
        add_objective_link(graph, node, link, base)
    for citation in statement.instruments:
        graph.add((node, CITO.cites, citation_iri(graph, citation, base)))
        if citation.pinpoint:
            graph.add((node, GKG.pinpoint, Literal(f"{citation.evidence}: {citation.pinpoint}")))
    for mention in statement.countries:
        graph.add((node, GKG.mentionsCountry, country_iri(mention.iso2, base)))
    return node


def actor_iri(actor: ActorResolution, base: str) -> URIRef:
    """Return the IRI of a recommender: the account actor, a State, or a named person."""
    if actor.actor_type == "State" and actor.registry_key:
        return state_iri(actor.registry_key, base)
    return author_iri(actor.display_name or actor.name, base)


def add_actor(graph: Graph, actor: ActorResolution, base: str) -> URIRef:
    """Add the typing, names and resolution evidence of a recommender; return its IRI."""
    node = actor_iri(actor, base)
    graph.add((node, RDF.type, GKG.Actor))
    graph.add((node, RDFS.label, Literal(actor.name)))
    if actor.actor_type == "Person":
        graph.add((node, RDF.type, GKG.Person))
    else:
        graph.add((node, RDF.type, GKG.Organization))
        if actor.org_class:
            graph.add((node, RDF.type, GKG[actor.org_class]))
    if actor.actor_type == "State" and actor.registry_key:
        graph.add((node, DCTERMS.spatial, country_iri(actor.registry_key, base)))
    if actor.actor_type == "Organization" and actor.registry_key and actor.method != "account":
        graph.add((node, OWL.sameAs, organization_iri(actor.registry_key, base)))
    if actor.method != "account" or actor.truncated:
        graph.add((node, GKG.method, Literal(actor.method)))
        graph.add((node, GKG.evidence, Literal(actor.evidence)))
    return node


def _organization_node(graph: Graph, affiliation: Affiliation, base: str) -> URIRef:
    if affiliation.org_class == "State" and affiliation.registry_key:
        return state_iri(affiliation.registry_key, base)
    if affiliation.registry_key:
        return organization_iri(affiliation.registry_key, base)
    node = mint(
        "actor",
        f"org-{slug(affiliation.organization)}-{stable_hash(affiliation.organization, length=8)}",
        base,
    )
    graph.add((node, RDF.type, GKG.Actor))
    graph.add((node, RDF.type, GKG.Organization))
    graph.add((node, RDFS.label, Literal(affiliation.organization)))
    return node


def add_affiliation(graph: Graph, affiliation: Affiliation, person: URIRef, base: str) -> URIRef:
    """Add a qualified affiliation (org:memberOf plus a gkg:Affiliation with method/confidence/evidence)."""
    organization = _organization_node(graph, affiliation, base)
    node = mint("affiliation", stable_hash(person, organization, affiliation.method), base)
    graph.add((person, ORG.memberOf, organization))
    graph.add((person, GKG.affiliatedWith, organization))
    graph.add((person, GKG.affiliation, node))
    graph.add((node, RDF.type, GKG.Affiliation))
    graph.add((node, RDF.type, ORG.Membership))
    graph.add((node, ORG.member, person))
    graph.add((node, ORG.organization, organization))
    graph.add((node, GKG.method, Literal(affiliation.method)))
    graph.add((node, GKG.confidence, _decimal(affiliation.confidence)))
    graph.add((node, GKG.evidence, Literal(affiliation.evidence)))
    return node


def add_practice(
    graph: Graph,
    comment: Comment,
    comment_iri: URIRef,
    practice: PracticeMention,
    reporter: URIRef,
    base: str,
) -> None:
    """Add a named programme or practice as a gkg:Practice reported by the comment's author."""
    node = mint("practice", stable_hash(comment_iri, practice.start, practice.end, practice.name), base)
    graph.add((node, RDF.type, GKG.Statement))
    graph.add((node, RDF.type, GKG.Practice))
    graph.add((node, RDFS.label, Literal(practice.name)))
    graph.add((node, GKG.text, Literal(practice.name, lang=_lang(comment))))
    graph.add((node, PROV.wasDerivedFrom, comment_iri))
    graph.add((node, GKG.charStart, integer_literal(practice.start)))
    graph.add((node, GKG.charEnd, integer_literal(practice.end)))
    graph.add((node, GKG.reportedBy, reporter))


def _person_iris(item: CommentExtraction, actors: dict[str, URIRef], base: str) -> dict[str, URIRef]:
    """Return person name -> IRI for the affiliations of a comment (the account when it is that person)."""
    names = {a.person for a in item.affiliations}
    return {name: actors.get(name, author_iri(name, base)) for name in names}


def add_comment_extraction(
    graph: Graph, comment: Comment, comment_iri: URIRef, item: CommentExtraction, base: str
) -> None:
    """Add everything extracted from one comment."""
    actors = {actor.name: add_actor(graph, actor, base) for actor in item.recommenders}
    recommenders = list(actors.values())
    for statement in item.statements:
        add_statement(graph, comment, comment_iri, statement, recommenders, base)
    persons = _person_iris(item, actors, base)
    for affiliation in item.affiliations:
        person = persons[affiliation.person]
        graph.add((person, RDF.type, GKG.Actor))
        graph.add((person, RDF.type, GKG.Person))
        graph.add((person, RDFS.label, Literal(affiliation.person)))
        add_affiliation(graph, affiliation, person, base)
    for link in item.mentioned_objectives:
        graph.add((comment_iri, GKG.mentionsObjective, objective_iri(link.objective, base)))
    for citation in item.instruments:
        target = citation_iri(graph, citation, base)
        if citation.kind != "url":
            graph.add((comment_iri, GKG.mentionsInstrument, target))
    for mention in item.countries:
        graph.add((comment_iri, GKG.mentionsCountry, country_iri(mention.iso2, base)))
    for practice in item.practices:
        add_practice(graph, comment, comment_iri, practice, recommenders[0], base)


def extraction_to_graph(page: Page, extraction: Extraction, base: str = DEFAULT_BASE) -> Graph:
    """Return the RDF of an extraction of `page` (statements, links, actors); comments are not re-added.

    The graph is the page's own (a lean store: it is built, validated and serialised once, in one process).
    """
    graph = new_page_graph()
    iris = comment_iris(page, base)
    comments = {comment.key: comment for comment in page.comments}
    for item in extraction.comments:
        add_comment_extraction(graph, comments[item.comment], iris[item.comment], item, base)
    return graph
