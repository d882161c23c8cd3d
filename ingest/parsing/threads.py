"""Threads: which question each comment belongs to, its parent comment, and the completeness report.

Parent rule (see decisions/ on the thread parser): the Hub prints a reply right after its parent's subtree,
and "In reply to by NAME" names only the parent's author. A reply's parent is therefore the NEAREST PRECEDING
comment by NAME in the SAME thread that is not dated after the reply. A reply to the organiser account in a
question thread answers the question itself (parent None, not unresolved). Anything else stays unresolved:
never guessed across threads.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ingest.parsing.lines import is_organiser, name_stem
from ingest.records import (
    CONSULTATION_CONTAINER,
    Comment,
    CompletenessReport,
    Question,
    ThreadCompleteness,
)


def names_match(shown: str, author: str) -> bool:
    """Return whether a replied-to name designates an author display (ellipsis cuts match by prefix)."""
    a, b = name_stem(shown), name_stem(author)
    if not a or not b:
        return False
    variants_b = {b, name_stem(author.split(",")[0])}
    if a in variants_b:
        return True
    cut_a, cut_b = shown.endswith(("…", "...")), author.endswith(("…", "..."))
    return (cut_a and any(v.startswith(a) for v in variants_b)) or (cut_b and a.startswith(b))


def answers_question(comment: Comment, questions: dict[str, Question]) -> bool:
    """Return whether a reply answers its thread's question (replied-to name is the question's author)."""
    question = questions.get(comment.container)
    name = comment.in_reply_to_name or ""
    return question is not None and (names_match(name, question.author_display) or is_organiser(name))


def find_parent(comment: Comment, before: Sequence[Comment]) -> str | None:
    """Return the key of the nearest preceding same-thread comment by the replied-to author, or None."""
    name = comment.in_reply_to_name or ""
    for candidate in reversed(before):
        same_thread = candidate.container == comment.container
        if same_thread and candidate.date <= comment.date and names_match(name, candidate.author_display):
            return candidate.key
    return None


def resolve_parents(
    comments: Sequence[Comment], questions: Sequence[Question]
) -> tuple[tuple[Comment, ...], tuple[str, ...]]:
    """Return the comments with parents set, and the keys of replies whose parent is not on the page."""
    by_key = {q.key: q for q in questions}
    resolved: list[Comment] = []
    unresolved: list[str] = []
    for index, comment in enumerate(comments):
        if comment.in_reply_to_name is None or answers_question(comment, by_key):
            resolved.append(comment)
            continue
        parent = find_parent(comment, comments[:index])
        if parent is None:
            unresolved.append(comment.key)
        resolved.append(dataclasses.replace(comment, parent=parent))
    return tuple(resolved), tuple(unresolved)


def descendants(key: str, comments: Sequence[Comment]) -> int:
    """Return how many comments on the page descend from comment key."""
    children: dict[str, list[str]] = {}
    for comment in comments:
        if comment.parent:
            children.setdefault(comment.parent, []).append(comment.key)
    count, stack = 0, list(children.get(key, []))
    while stack:
        count += 1
        stack.extend(children.get(stack.pop(), []))
    return count


def thread_counts(
    questions: Sequence[Question], comments: Sequence[Comment]
) -> tuple[ThreadCompleteness, ...]:
    """Return declared versus found comments per question, the consultation, and each counted comment."""
    threads = [
        ThreadCompleteness(q.key, q.declared_comments, sum(c.container == q.key for c in comments))
        for q in questions
    ]
    general = sum(c.container == CONSULTATION_CONTAINER for c in comments)
    threads.append(ThreadCompleteness(CONSULTATION_CONTAINER, None, general))
    threads.extend(
        ThreadCompleteness(c.key, c.declared_comments, descendants(c.key, comments))
        for c in comments
        if c.declared_comments is not None
    )
    return tuple(threads)


def truncated_names(questions: Sequence[Question], comments: Sequence[Comment]) -> tuple[str, ...]:
    """Return the distinct truncated names shown on the page (authors and replied-to names), page order."""
    shown = [q.author_display for q in questions]
    for comment in comments:
        shown.extend([comment.author_display, comment.in_reply_to_name or ""])
    return tuple(dict.fromkeys(n for n in shown if n.endswith(("…", "..."))))


def completeness(
    questions: Sequence[Question],
    comments: Sequence[Comment],
    unresolved: Sequence[str],
    skipped: Sequence[str],
) -> CompletenessReport:
    """Return the page's completeness report."""
    return CompletenessReport(
        threads=thread_counts(questions, comments),
        unresolved_parents=tuple(unresolved),
        truncated_names=truncated_names(questions, comments),
        truncated_bodies=tuple(c.key for c in comments if c.body_truncated),
        skipped=tuple(skipped),
    )
