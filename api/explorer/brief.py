"""The objective brief: recommendations by actor type with numbered citations, instruments cited, gaps."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from api.explorer.data import ACTOR_TYPES
from api.services.models import ActorTypeGroup, ObjectiveSummary, RecommendationItem, RecommendationPage


@dataclass(frozen=True)
class Source:
    """A comment cited by the brief: its number, author, organisation, date and IRI."""

    number: int
    comment: str
    author: str
    organization: str
    created: str | None
    consultation: str | None


@dataclass(frozen=True)
class Brief:
    """What a background note on one objective needs, in citation order."""

    objective: ObjectiveSummary
    groups: tuple[tuple[str, tuple[RecommendationItem, ...]], ...]
    instruments: tuple[tuple[str, int], ...]
    gaps: tuple[str, ...]
    sources: tuple[Source, ...]
    cites: dict[str, int]


def label_length(item: RecommendationItem) -> int:
    """Return how much of the names an item carries (the graph also keeps truncated display names)."""
    return len(item.recommender.label or "") + len(item.organization.label or "")


def unique_page(page: RecommendationPage) -> RecommendationPage:
    """Return the page with one item per recommendation and link (rows repeated per label merged)."""
    best: dict[tuple[str, int | None, str | None], RecommendationItem] = {}
    for group in page.groups:
        for item in group.recommendations:
            key = (item.iri, item.link.objective, item.link.method)
            if key not in best or label_length(item) > label_length(best[key]):
                best[key] = item
    groups = []
    for group in page.groups:
        kept = [best.pop(key) for item in group.recommendations
                if (key := (item.iri, item.link.objective, item.link.method)) in best]  # fmt: skip
        if kept:
            groups.append(ActorTypeGroup(actor_type=group.actor_type, count=len(kept), recommendations=kept))
    total = page.total - sum(len(g.recommendations) for g in page.groups) + sum(g.count for g in groups)
    return page.model_copy(update={"groups": groups, "total": total})


def number_sources(items: Sequence[RecommendationItem]) -> tuple[tuple[Source, ...], dict[str, int]]:
    """Return the distinct source comments numbered in order of first use, and each item's number."""
    numbers: dict[str, int] = {}
    sources: list[Source] = []
    for item in items:
        comment = item.source.comment or item.iri
        if comment not in numbers:
            numbers[comment] = len(numbers) + 1
            author, org = item.recommender.label or item.recommender.id, item.organization.label or ""
            sources.append(
                Source(numbers[comment], comment, author, "" if org == author else org,
                       item.source.created, item.source.consultation)
            )  # fmt: skip
    return tuple(sources), {item.iri: numbers[item.source.comment or item.iri] for item in items}


def make_brief(page: RecommendationPage) -> Brief:
    """Return the brief of an objective from all its recommendations (one page holding every item)."""
    items = [item for group in unique_page(page).groups for item in group.recommendations]
    grouped: dict[str, list[RecommendationItem]] = {}
    for item in items:
        grouped.setdefault(item.actor_type, []).append(item)
    cited = Counter(iri for item in items for iri in item.instruments)
    sources, cites = number_sources(items)
    return Brief(
        objective=page.objective,
        groups=tuple((kind, tuple(members)) for kind, members in grouped.items()),
        instruments=tuple(sorted(cited.items(), key=lambda pair: (-pair[1], pair[0]))),
        gaps=tuple(kind for kind in ACTOR_TYPES if kind not in grouped),
        sources=sources,
        cites=cites,
    )


def md_text(value: str) -> str:
    """Return text safe inside a Markdown paragraph (one line, Markdown punctuation escaped)."""
    flat = " ".join(value.split())
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in flat)


def brief_markdown(brief: Brief, t: Callable[[str], str], label: Callable[[str], str], lang: str) -> str:
    """Return the brief as Markdown; t translates interface keys, label names IRIs and actor types."""
    title = brief.objective.labels.get(lang) or brief.objective.labels.get("en", "")
    lines = [f"# {t('brief')}: {t('objective')} {brief.objective.number}", "", f"*{md_text(title)}*", ""]
    for kind, items in brief.groups:
        lines += [f"## {md_text(label(kind))} ({len(items)})", ""]
        for item in items:
            who = md_text(item.recommender.label or item.recommender.id)
            lines += [f"> {md_text(item.text)}", ">", f"> — {who} [{brief.cites[item.iri]}]", ""]
    lines += [f"## {t('instruments_cited')}", ""]
    lines += [f"- {md_text(label(iri))} ({count})" for iri, count in brief.instruments] or [f"- {t('none')}"]
    lines += ["", f"## {t('gaps')}", ""]
    lines += [f"- {md_text(label(kind))}" for kind in brief.gaps] or [t("no_gaps")]
    lines += ["", f"## {t('sources')}", ""]
    for source in brief.sources:
        org = f", {md_text(source.organization)}" if source.organization else ""
        when = source.created or "—"
        lines.append(f"{source.number}. {md_text(source.author)}{org}, {when}: <{source.comment}>")
    return "\n".join(lines) + "\n"
