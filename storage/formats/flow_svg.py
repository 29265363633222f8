"""The flow map drawn as an inline SVG, for the HTML summary (which loads no Mermaid script).

Systems sit on a ring, in name order; each direction between two systems is one arrow labelled
with the data objects it carries, curved when the two systems exchange data both ways so the
arrows do not overlap. Simple, deterministic, legible up to about twenty systems; larger maps
are left to the table. Every name goes through `html.escape`; long names are shortened on the
drawing and given in full in a tooltip (`<title>`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

MAX_SYSTEMS = 20
WIDTH = 1000
NODE_W, NODE_H = 160, 34
LABEL_CHARS = 22  # a node's name is shortened past this
EDGE_CHARS = 34  # an arrow's label is shortened past this


# How the drawing looks: the HTML summary puts this in its stylesheet, `standalone` inline.
SVG_CSS = """
svg.flow-map { width: 100%; height: auto; display: block; font: 12px system-ui, sans-serif; }
svg.flow-map .edge { fill: none; stroke: #7d8896; stroke-width: 1.3; }
svg.flow-map .head { fill: #7d8896; }
svg.flow-map .edge-label { font-size: 10.5px; fill: #1d2430; text-anchor: middle;
  paint-order: stroke; stroke: #fff; stroke-width: 3px; }
svg.flow-map .node rect { fill: #e8f0f8; stroke: #1f5f99; stroke-width: 1.2; }
svg.flow-map .node text { text-anchor: middle; font-weight: 600; fill: #1d2430; }
"""


STANDALONE = (f"<style>{SVG_CSS}</style>", '<rect width="100%" height="100%" fill="#fff"/>')


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _clip(cx: float, cy: float, dx: float, dy: float) -> tuple[float, float]:
    """Where a line leaving the centre of a node box towards (dx, dy) crosses its border."""
    if dx == 0 and dy == 0:
        return cx, cy
    scale = min(
        (NODE_W / 2 + 4) / abs(dx) if dx else math.inf,
        (NODE_H / 2 + 4) / abs(dy) if dy else math.inf,
    )
    return cx + dx * scale, cy + dy * scale


Point = tuple[float, float]


def _along(start: Point, control: Point, end: Point, share: float) -> Point:
    """The point `share` of the way along a quadratic curve."""
    rest = 1 - share
    return (
        rest * rest * start[0] + 2 * rest * share * control[0] + share * share * end[0],
        rest * rest * start[1] + 2 * rest * share * control[1] + share * share * end[1],
    )


def _clear(point: Point, half_width: float, places: dict[str, Point]) -> bool:
    """Whether a label centred on `point` stays off every system's box."""
    return all(
        abs(point[0] - x) > NODE_W / 2 + half_width or abs(point[1] - y) > NODE_H / 2 + 8
        for x, y in places.values()
    )


def _crossings(order: Sequence[str], chords: Sequence[tuple[str, str]]) -> int:
    """How many pairs of chords cross when the systems sit on a ring in `order`."""
    place = {name: index for index, name in enumerate(order)}
    spans = [tuple(sorted((place[a], place[b]))) for a, b in chords]
    total = 0
    for index, (a, b) in enumerate(spans):
        for c, d in spans[index + 1 :]:
            if len({a, b, c, d}) == 4 and (a < c < b) != (a < d < b):
                total += 1
    return total


def _ring_order(names: list[str], chords: list[tuple[str, str]]) -> list[str]:
    """An order round the ring with few crossing arrows: greedy chains that put each system
    next to the one it exchanges most with (one chain from each start), then swaps of
    neighbours while they help. Deterministic; names in order when nothing is better."""
    if len(names) < 4:
        return names
    weight: dict[tuple[str, str], int] = {}
    for a, b in chords:
        key = (a, b) if a < b else (b, a)
        weight[key] = weight.get(key, 0) + 1

    def link(a: str, b: str) -> int:
        return weight.get((a, b) if a < b else (b, a), 0)

    best, best_score = names, _crossings(names, chords)
    for start in names:
        order, left = [start], [name for name in names if name != start]
        while left:
            following = max(left, key=lambda name: (link(order[-1], name), -names.index(name)))
            order.append(following)
            left.remove(following)
        score = _crossings(order, chords)
        if score < best_score:
            best, best_score = order, score
    improved = True
    while improved and best_score:
        improved = False
        for index in range(len(best)):
            trial = list(best)
            other = (index + 1) % len(trial)
            trial[index], trial[other] = trial[other], trial[index]
            score = _crossings(trial, chords)
            if score < best_score:
                best, best_score, improved = trial, score, True
    return best


def draw(
    systems: Sequence[str],
    edges: Sequence[tuple[str, str, str, bool]],
    title: str = "",
    *,
    standalone: bool = False,
) -> str | None:
    """An `<svg>` element drawing `edges` (source, target, label, two-way) between `systems`;
    None when there is nothing to draw or too much to draw legibly. `standalone` adds the
    style and a white background, for an `.svg` file of its own."""
    used = {source for source, _, _, _ in edges} | {target for _, target, _, _ in edges}
    nodes = [name for name in systems if name in used]
    if not nodes or len(nodes) > MAX_SYSTEMS:
        return None
    # The system most others exchange data with (an ERP, usually) goes in the middle when it
    # is a hub, so its arrows fan out instead of crossing the ring.
    degree = {name: 0 for name in nodes}
    for source, target in {(s, t) for s, t, _, _ in edges}:
        degree[source] += 1
        degree[target] += 1
    hub = max(nodes, key=lambda name: (degree[name], -nodes.index(name)))
    ring = (
        [name for name in nodes if name != hub] if degree[hub] >= max(3, len(nodes) / 3) else nodes
    )
    chords = sorted({(a, b) for a, b, _, _ in edges if a in ring and b in ring and a != b})
    ring = _ring_order(ring, chords)
    count = len(ring)
    radius_x = WIDTH / 2 - NODE_W / 2 - 20
    radius_y = max(150.0, min(320.0, 40.0 * count))
    height = int(2 * radius_y + NODE_H + 80)
    centre_x, centre_y = WIDTH / 2, height / 2
    places: dict[str, tuple[float, float]] = {}
    if len(ring) < len(nodes):
        places[hub] = (centre_x, centre_y)
    for index, name in enumerate(ring):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        x, y = radius_x * math.cos(angle), radius_y * math.sin(angle)
        places[name] = (centre_x + x, centre_y + y)

    pairs = {(source, target) for source, target, _, _ in edges}
    out = [
        f'<svg class="flow-map" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title or "Flow map")}">',
        *(STANDALONE if standalone else ()),
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" class="head"/></marker></defs>',
    ]
    labels = []
    for source, target, label, two_way in edges:
        (x1, y1), (x2, y2) = places[source], places[target]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1.0
        # Bend when the other direction is drawn too, each to its own side.
        bend = 0.18 * length if (target, source) in pairs else 0.06 * length
        control_x = (x1 + x2) / 2 - dy / length * bend
        control_y = (y1 + y2) / 2 + dx / length * bend
        start = _clip(x1, y1, control_x - x1, control_y - y1)
        end = _clip(x2, y2, control_x - x2, control_y - y2)
        tip = ' marker-start="url(#arrow)"' if two_way else ""
        out.append(
            f'<path class="edge" d="M{start[0]:.1f},{start[1]:.1f} Q{control_x:.1f},'
            f'{control_y:.1f} {end[0]:.1f},{end[1]:.1f}" marker-end="url(#arrow)"{tip}>'
            f"<title>{escape(f'{source} → {target}: {label}')}</title></path>"
        )
        text = _short(label, EDGE_CHARS)
        half = 3.2 * len(text) + 4  # about half the label's width at 10.5 px
        control = (control_x, control_y)
        # Halfway along the arrow, or the nearest place along it that no system box covers.
        spot = next(
            (
                point
                for share in (0.5, 0.4, 0.6, 0.3, 0.7)
                if _clear(point := _along(start, control, end, share), half, places)
            ),
            _along(start, control, end, 0.5),
        )
        labels.append(
            f'<text class="edge-label" x="{spot[0]:.1f}" y="{spot[1] + 3.5:.1f}">'
            f"{escape(text)}</text>"
        )
    out += labels  # over the arrows
    for name in nodes:
        x, y = places[name]
        out.append(
            f'<g class="node"><title>{escape(name)}</title>'
            f'<rect x="{x - NODE_W / 2:.1f}" y="{y - NODE_H / 2:.1f}" width="{NODE_W}" '
            f'height="{NODE_H}" rx="6"/>'
            f'<text x="{x:.1f}" y="{y + 4.5:.1f}">{escape(_short(name, LABEL_CHARS))}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)
