"""RDF of a parsed page's threads: consultation, questions, comments, authors, source page and ingest run.

`threads_to_graph(page)` returns a plain Graph (the pipeline puts it in the page's named graph). Every node
has an IRI minted from stable keys (never a position alone, never a uuid, no blank nodes), so re-ingesting
the same page yields the same triples. The run's wall-clock time is not here: it would break that identity.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePath

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from gcmkg import __version__
from gcmkg.iris import mint, objective_iri, source_key, stable_hash
from gcmkg.namespaces import DEFAULT_BASE, GKG, SIOC
from ingest.actors import author_iri, normalise_name
from ingest.language import OTHER, detect_language
from ingest.records import CONSULTATION_CONTAINER, Comment, Page, Question

DERIVED_TITLE_NOTE = "The page shows no title: this title is derived from the source name."


def source_iri(source: str, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of a source page (from its name, so an edited page keeps its IRI)."""
    return mint("source", source_key(source), base)


def consultation_iri(source: str, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of the consultation a source page shows."""
    return mint("consultation", source_key(source), base)


def run_iri(sha256: str, version: str = __version__, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of the ingest run of (source bytes, software version)."""
    return mint("run", stable_hash("run", sha256, version), base)


def question_iri(source: str, question: Question, base: str = DEFAULT_BASE) -> URIRef:
    """Return the IRI of a question: source + its key (number, or hash of its text)."""
    return mint("question", stable_hash(source_key(source), question.key), base)


def body_key(body: str) -> str:
    """Return the hash of a comment body, whitespace-collapsed and NFC."""
    return stable_hash(" ".join(body.split()))


def comment_iris(page: Page, base: str = DEFAULT_BASE) -> dict[str, URIRef]:
    """Return comment key -> IRI from source + author + date + body hash (+ occurrence for exact repeats)."""
    seen: dict[str, int] = {}
    iris: dict[str, URIRef] = {}
    for comment in page.comments:
        key = stable_hash(
            source_key(page.source),
            normalise_name(comment.author_display),
            comment.date,
            body_key(comment.body),
        )
        seen[key] = seen.get(key, 0) + 1
        local = key if seen[key] == 1 else stable_hash(key, seen[key])
        iris[comment.key] = mint("comment", local, base)
    return iris


UNDETERMINED = "und"  # BCP 47 / ISO 639-2 code for "other": the graph always tags text with a language


def language_code(lang: str) -> str:
    """Return the RDF language code of a record language ("other" becomes "und")."""
    return UNDETERMINED if lang == OTHER else lang


def text_literal(text: str, lang: str) -> Literal:
    """Return text as a literal tagged with its language ("und" when undetermined)."""
    return Literal(text, lang=language_code(lang))


@lru_cache(maxsize=4096)
def integer_literal(value: int) -> Literal:
    """Return an xsd:integer literal (cached: offsets and counts repeat; rdflib literals are immutable)."""
    return Literal(value, datatype=XSD.integer)


def add_provenance(graph: Graph, page: Page, base: str) -> URIRef:
    """Add the source page and the ingest run; return the source IRI."""
    source = source_iri(page.source, base)
    graph.add((source, RDF.type, GKG.SourcePage))
    graph.add((source, DCTERMS.identifier, Literal(PurePath(page.source).name)))
    graph.add((source, GKG.sha256, Literal(page.sha256)))
    run = run_iri(page.sha256, __version__, base)
    graph.add((run, RDF.type, GKG.IngestRun))
    graph.add((run, PROV.used, source))
    graph.add((run, GKG.softwareVersion, Literal(__version__)))
    return source


def consultation_title(page: Page) -> str:
    """Return the page's title, or one derived from the source name."""
    return page.consultation.title or f"Hub consultation {PurePath(page.source).stem}"


def add_consultation(graph: Graph, page: Page, base: str) -> URIRef:
    """Add the consultation node; return its IRI."""
    node = consultation_iri(page.source, base)
    graph.add((node, RDF.type, GKG.Consultation))
    title = page.consultation.title
    if title is None:
        graph.add((node, DCTERMS.title, Literal(consultation_title(page), lang="en")))
        graph.add((node, RDFS.comment, Literal(DERIVED_TITLE_NOTE, lang="en")))
    else:
        graph.add((node, DCTERMS.title, text_literal(title, detect_language(title))))
    intro = page.consultation.introduction
    if intro:
        graph.add((node, DCTERMS.description, text_literal(intro, detect_language(intro))))
    graph.add((node, DCTERMS.source, Literal(PurePath(page.source).name)))
    graph.add((node, PROV.wasDerivedFrom, source_iri(page.source, base)))
    graph.add((node, PROV.wasGeneratedBy, run_iri(page.sha256, __version__, base)))
    for number in page.consultation.objectives_under_review:
        graph.add((node, GKG.reviewsObjective, objective_iri(number, base)))
    return node


def add_actor(graph: Graph, display_name: str, truncated: bool, base: str) -> URIRef:
    """Add the actor shown as display_name; return its IRI."""
    node = author_iri(display_name, base)
    graph.add((node, RDF.type, GKG.Actor))
    graph.add((node, RDFS.label, Literal(display_name)))
    graph.add((node, GKG.displayName, Literal(display_name)))
    graph.add((node, GKG.nameTruncated, Literal(truncated)))
    return node


def found_in(container: str, page: Page) -> int:
    """Return the completeness report's found-comment count for a container."""
    return next((t.found_comments for t in page.completeness.threads if t.container == container), 0)


def add_question(graph: Graph, page: Page, index: int, question: Question, base: str) -> URIRef:
    """Add one question node; return its IRI."""
    node = question_iri(page.source, question, base)
    graph.add((node, RDF.type, GKG.Question))
    graph.add((node, SIOC.has_container, consultation_iri(page.source, base)))
    seen: set[str] = set()
    for text in question.texts:  # one title per language; a repeated language is an alternative title
        prop = DCTERMS.alternative if text.lang in seen else DCTERMS.title
        seen.add(text.lang)
        graph.add((node, prop, text_literal(text.text, text.lang)))
    for explanation in question.explanations:
        graph.add((node, DCTERMS.description, text_literal(explanation.text, explanation.lang)))
    if question.number is not None:
        graph.add((node, GKG.number, integer_literal(question.number)))
    if question.date is not None:
        graph.add((node, DCTERMS.created, Literal(question.date, datatype=XSD.date)))
    author = add_actor(graph, question.author_display, question.author_truncated, base)
    graph.add((node, SIOC.has_creator, author))
    add_counts(graph, node, question.declared_members, question.declared_comments)
    graph.add((node, GKG.foundCommentCount, integer_literal(found_in(question.key, page))))
    graph.add((node, GKG.sourceCharStart, integer_literal(question.span.start)))
    graph.add((node, GKG.sourceCharEnd, integer_literal(question.span.end)))
    graph.add((node, GKG.position, integer_literal(index)))
    return node


def add_counts(graph: Graph, node: URIRef, members: int | None, comments: int | None) -> None:
    """Add the member and comment counts a page declares under a post, when shown."""
    if members is not None:
        graph.add((node, GKG.declaredMemberCount, integer_literal(members)))
    if comments is not None:
        graph.add((node, GKG.declaredCommentCount, integer_literal(comments)))


def container_iri(page: Page, container: str, base: str) -> URIRef:
    """Return the IRI of a comment's container (a question or the consultation)."""
    question = next((q for q in page.questions if q.key == container), None)
    if container == CONSULTATION_CONTAINER or question is None:
        return consultation_iri(page.source, base)
    return question_iri(page.source, question, base)


def add_comment(graph: Graph, page: Page, comment: Comment, iris: dict[str, URIRef], base: str) -> None:
    """Add one comment node with its author, container, reply structure and offsets."""
    node = iris[comment.key]
    graph.add((node, RDF.type, GKG.Comment))
    author = add_actor(graph, comment.author_display, comment.author_truncated, base)
    graph.add((node, SIOC.has_creator, author))
    graph.add((node, DCTERMS.created, Literal(comment.date, datatype=XSD.date)))
    graph.add((node, SIOC.has_container, container_iri(page, comment.container, base)))
    graph.add((node, SIOC.content, text_literal(comment.body, comment.language)))
    graph.add((node, DCTERMS.language, Literal(language_code(comment.language))))
    if comment.parent is not None:
        graph.add((node, SIOC.reply_of, iris[comment.parent]))
    if comment.in_reply_to_name is not None:
        graph.add((node, GKG.inReplyToName, Literal(comment.in_reply_to_name)))
    graph.add((node, GKG.moderatorBadge, Literal(comment.moderator)))
    graph.add((node, GKG.bodyTruncated, Literal(comment.body_truncated)))
    if comment.body_span.end > comment.body_span.start:  # a body cut to nothing has no offsets
        graph.add((node, GKG.sourceCharStart, integer_literal(comment.body_span.start)))
        graph.add((node, GKG.sourceCharEnd, integer_literal(comment.body_span.end)))
    graph.add((node, GKG.position, integer_literal(comment.position)))
    for name in comment.addressee_mentions:
        graph.add((node, GKG.addressesName, Literal(name)))
    add_counts(graph, node, comment.declared_members, comment.declared_comments)
    if comment.declared_comments is not None:
        graph.add((node, GKG.foundCommentCount, integer_literal(found_in(comment.key, page))))


def threads_to_graph(page: Page, base: str = DEFAULT_BASE, into: Graph | None = None) -> Graph:
    """Return the RDF of a page's consultation, questions, comments, authors, source and run (into `into`)."""
    graph = Graph() if into is None else into
    add_provenance(graph, page, base)
    add_consultation(graph, page, base)
    for index, question in enumerate(page.questions):
        add_question(graph, page, index, question, base)
    iris = comment_iris(page, base)
    for comment in page.comments:
        add_comment(graph, page, comment, iris, base)
    return graph
