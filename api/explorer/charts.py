"""Geometry of the server-side SVG pictures: heat map cells, bar chart bars, network node positions."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

CELL = 34
ROW_LABEL = 250
BAR_HEIGHT = 22
BAR_WIDTH = 360
NETWORK_SIZE = 640


@dataclass(frozen=True)
class Cell:
    """One heat map cell: position, colour and the count it shows."""

    x: int
    y: int
    count: int
    fill: str
    objective: int
    actor_type: str


@dataclass(frozen=True)
class Bar:
    """One bar of a horizontal bar chart."""

    y: int
    width: int
    count: int
    label: str
    href: str


@dataclass(frozen=True)
class Node:
    """A participant placed on the network circle."""

    key: str
    x: float
    y: float
    r: float
    label: str
    count: int
    lx: float = 0.0
    ly: float = 0.0
    anchor: str = "middle"


@dataclass(frozen=True)
class Edge:
    """An arrow between two placed nodes."""

    x1: float
    y1: float
    x2: float
    y2: float
    count: int
    title: str


def shade(count: int, top: int) -> str:
    """Return the fill colour of a count on a white-to-blue scale (white for zero)."""
    if count <= 0 or top <= 0:
        return "#ffffff"
    level = 0.15 + 0.85 * math.sqrt(count / top)
    red, green = round(235 - 205 * level), round(242 - 150 * level)
    return f"#{red:02x}{green:02x}{round(250 - 60 * level):02x}"


def heat_cells(
    counts: Mapping[tuple[int, str], int], objectives: Sequence[int], actor_types: Sequence[str]
) -> list[Cell]:
    """Return the cells of the objectives × actor types grid (rows: objectives, columns: actor types)."""
    top = max(counts.values(), default=0)
    return [
        Cell(
            x=ROW_LABEL + column * CELL,
            y=row * CELL,
            count=counts.get((number, actor_type), 0),
            fill=shade(counts.get((number, actor_type), 0), top),
            objective=number,
            actor_type=actor_type,
        )
        for row, number in enumerate(objectives)
        for column, actor_type in enumerate(actor_types)
    ]


def bars(items: Sequence[tuple[str, int, str]], limit: int = 15) -> list[Bar]:
    """Return bars for (label, count, href) items, the largest first, scaled to the widest."""
    chosen = sorted(items, key=lambda item: (-item[1], item[0]))[:limit]
    top = max((count for _label, count, _href in chosen), default=0) or 1
    return [
        Bar(y=index * (BAR_HEIGHT + 6), width=max(2, round(BAR_WIDTH * count / top)), count=count,
            label=label, href=href)
        for index, (label, count, href) in enumerate(chosen)
    ]  # fmt: skip


def place(key: str, label: str, count: int, angle: float, size: int) -> Node:
    """Return a node on the circle at angle, its label just outside the circle."""
    centre, radius = size / 2, size / 2 - 175
    cos, sin = math.cos(angle), math.sin(angle)
    r = round(5 + 3 * math.sqrt(count), 1)
    anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
    outside = radius + r + 6
    return Node(
        key=key, x=round(centre + radius * cos, 1), y=round(centre + radius * sin, 1), r=r, label=label,
        count=count, lx=round(centre + outside * cos, 1), ly=round(centre + outside * sin + 4, 1),
        anchor=anchor,
    )  # fmt: skip


def circle_layout(items: Sequence[tuple[str, str, int]], size: int = NETWORK_SIZE) -> list[Node]:
    """Return (key, label, count) items placed evenly on a circle, radius growing with the count."""
    total = max(len(items), 1)
    return [
        place(key, label, count, 2 * math.pi * index / total - math.pi / 2, size)
        for index, (key, label, count) in enumerate(items)
    ]


def edges_between(nodes: Sequence[Node], links: Sequence[tuple[str, str, int]]) -> list[Edge]:
    """Return arrows for (from, to, count) links between placed nodes, stopping at the target's rim."""
    placed = {node.key: node for node in nodes}
    arrows = []
    for source, target, count in links:
        if source not in placed or target not in placed or source == target:
            continue
        a, b = placed[source], placed[target]
        length = math.hypot(b.x - a.x, b.y - a.y) or 1.0
        shrink = (b.r + 4) / length
        x2, y2 = round(b.x - (b.x - a.x) * shrink, 1), round(b.y - (b.y - a.y) * shrink, 1)
        arrows.append(Edge(a.x, a.y, x2, y2, count, f"{a.label} → {b.label} ({count})"))
    return arrows
