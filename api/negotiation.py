"""Content negotiation: pick a media type from an Accept header (q-values, wildcards) or a ?format= name."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gcmkg.errors import GcmkgError


class NotAcceptable(GcmkgError):
    """None of the offered media types is acceptable to the client (HTTP 406)."""

    def __init__(self, offered: Sequence[str]) -> None:
        self.offered = tuple(offered)
        super().__init__("not acceptable; available: " + ", ".join(offered))


@dataclass(frozen=True)
class MediaRange:
    """One entry of an Accept header."""

    kind: str
    subtype: str
    q: float
    order: int

    def matches(self, media: str) -> bool:
        """Return whether this range covers the media type."""
        kind, _, subtype = media.partition("/")
        return self.kind in ("*", kind) and self.subtype in ("*", subtype)

    def specificity(self) -> int:
        """Return 2 for type/subtype, 1 for type/*, 0 for */*."""
        return (self.kind != "*") + (self.subtype != "*")


def parse_accept(header: str) -> list[MediaRange]:
    """Return the media ranges of an Accept header (malformed entries ignored)."""
    ranges = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        kind, _, subtype = fields[0].lower().partition("/")
        if not kind or not subtype:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(kind, subtype, q, order))
    return ranges


def quality(media: str, ranges: Sequence[MediaRange]) -> float:
    """Return the q-value the most specific matching range gives media (0 when none matches)."""
    matching = [r for r in ranges if r.matches(media)]
    if not matching:
        return 0.0
    return max(matching, key=lambda r: (r.specificity(), -r.order)).q


def choose(accept: str | None, offered: Sequence[str]) -> str:
    """Return the offered media type the client prefers (the first offered when Accept is absent)."""
    if not accept or not accept.strip():
        return offered[0]
    ranges = parse_accept(accept)
    scored = [(quality(media, ranges), -index, media) for index, media in enumerate(offered)]
    best = max(scored)
    if best[0] <= 0:
        raise NotAcceptable(offered)
    return best[2]


def negotiate(
    accept: str | None, format_name: str | None, offered: Sequence[str], names: Mapping[str, str]
) -> str:
    """Return the media type named by ?format= (when given) or chosen from Accept."""
    if format_name:
        media = names.get(format_name.lower())
        if media is None or media not in offered:
            raise NotAcceptable([name for name, m in names.items() if m in offered])
        return media
    return choose(accept, offered)
