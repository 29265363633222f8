"""The flow map drawn as inline SVG, for the HTML summary (which loads no Mermaid script).

Two steps, so what is drawn can be checked without reading the drawing back:

- `layout` decides where everything goes and returns every rectangle it used: each system's
  box and each arrow's label. Nothing is shortened: a long name wraps onto more lines and its
  box or label grows. A label goes at the first place along its arrow (middle first, then
  towards the ends, on the arrow or beside it) that keeps clear of every box and every label
  already placed; when no place is clear the systems move apart and it tries again, and as a
  last resort the label becomes a number on the arrow, spelt out in a key under the map.
- `draw` writes those rectangles as SVG; every piece of text goes through `html.escape`.

Text widths are estimated with DejaVu Sans' advance widths (measured by drawing each
character), one of the widest sans-serif faces, so the system fonts browsers use (Segoe UI,
San Francisco, Roboto, Helvetica) take no more room than was kept for them.

Systems sit on a ring, with the system most others exchange data with (an ERP, usually) in the
middle. One drawing holds at most MAP_SYSTEMS systems and MAP_ARROWS arrows: printed across an
A4 or Letter page, a ring of twelve boxes and thirty labels still sets its text at about 7 pt,
the smallest that reads comfortably on paper; more would push the ring wider and the text
smaller. A larger workshop is drawn as several maps, one per group of systems that exchange
most with each other (each flow on exactly one map), with a note saying so.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape

from storage.formats.flow_svg_style import SVG_CSS

Edge = tuple[str, str, str, bool]  # source, target, label (the data objects), two-way
Point = tuple[float, float]

# One drawing's limits (see the module docstring for why), and how many drawings at most
# before the map is left to the flow table and the Mermaid source.
MAP_SYSTEMS = 12
MAP_ARROWS = 30
MAX_MAPS = 16
# A group's own systems, so that it and the few systems outside it it exchanges with (an ERP,
# a BI tool) fit in one drawing.
GROUP_SYSTEMS = 8

EDGE_FONT, EDGE_LINE = 11.0, 13.5  # an arrow's label: font size and line height (px)
NODE_FONT, NODE_LINE = 12.5, 15.5  # a system's name
EDGE_WRAP = 150.0  # an arrow's label wraps past this width
NODE_WRAP = 140.0  # a system's name wraps past this width
NODE_MIN_WIDTH = 110.0
NODE_PAD_X, NODE_PAD_Y = 10.0, 7.0
LABEL_PAD_X, LABEL_PAD_Y = 3.0, 2.0
GAP = 4.0  # kept between any two rectangles
NODE_GAP = 28.0  # kept between two boxes, so arrows and labels have room between them
MARGIN = 12.0
SAFETY = 1.04  # widths are estimated a little wide
ATTEMPTS = 12  # times the ring is spread wider before labels become numbers

# Advance widths of DejaVu Sans (Book, Bold) for " " to "~", in thousandths of an em.
_BOOK = (
    "318 400 460 838 636 950 780 274 390 390 500 838 318 360 318 337 636 636 636 636 636 636 636 "
    "636 636 636 337 337 838 838 838 530 1000 711 686 698 770 631 575 775 752 295 295 655 557 863 "
    "748 787 603 787 695 635 594 732 684 988 685 610 685 390 337 390 838 500 500 613 635 549 635 "
    "615 352 635 634 278 278 579 278 974 634 611 635 635 395 521 392 634 592 818 592 592 525 636 "
    "337 636 838"
)
_BOLD = (
    "349 456 521 838 696 1002 872 306 457 457 523 838 380 415 380 365 696 696 696 696 696 696 696 "
    "696 696 696 400 400 838 838 838 580 1000 774 762 734 830 683 683 821 837 372 372 775 637 995 "
    "837 850 733 850 770 677 704 812 774 1103 771 725 725 457 365 457 838 500 500 675 716 593 716 "
    "678 435 716 712 343 343 665 343 1042 712 687 716 716 493 595 478 712 652 924 645 652 582 712 "
    "365 712 838"
)
_WIDTHS = {
    False: tuple(int(value) / 1000 for value in _BOOK.split()),
    True: tuple(int(value) / 1000 for value in _BOLD.split()),
}


# How the drawing looks (`flow_svg_style`, which the HTML summary loads without this module).

STANDALONE = (f"<style>{SVG_CSS}</style>", '<rect width="100%" height="100%" fill="#fff"/>')


# --- measuring and wrapping text -------------------------------------------------------------


def _char_width(char: str, bold: bool) -> float:
    table = _WIDTHS[bold]
    code = ord(char)
    if 32 <= code < 127:
        return table[code - 32]
    if unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.05
    base = unicodedata.normalize("NFD", char)[0]  # é is as wide as e
    if 32 <= ord(base) < 127:
        return table[ord(base) - 32]
    return 0.9 if bold else 0.8


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """About how wide `text` is set at `size` px (a little wide rather than narrow)."""
    return sum(_char_width(char, bold) for char in text) * size * SAFETY


def wrap(text: str, limit: float, size: float, *, bold: bool = False) -> tuple[str, ...]:
    """`text` on as few lines as keep within `limit` px, broken only between words, so a word
    (a name) is never split: one longer than `limit` gets a line of its own."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold=bold) <= limit:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return tuple(lines) or ("",)


# --- the layout ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle: (x, y) is its top-left corner."""

    x: float
    y: float
    w: float
    h: float

    @classmethod
    def around(cls, centre: Point, w: float, h: float) -> Rect:
        return cls(centre[0] - w / 2, centre[1] - h / 2, w, h)

    @property
    def centre(self) -> Point:
        return self.x + self.w / 2, self.y + self.h / 2

    def overlaps(self, other: Rect, gap: float = 0.0) -> bool:
        """Whether the two share any area (or come closer than `gap`); touching is not."""
        return (
            self.x < other.x + other.w + gap
            and other.x < self.x + self.w + gap
            and self.y < other.y + other.h + gap
            and other.y < self.y + self.h + gap
        )

    def contains(self, point: Point, gap: float = 0.0) -> bool:
        return (
            self.x - gap < point[0] < self.x + self.w + gap
            and self.y - gap < point[1] < self.y + self.h + gap
        )

    def moved(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.w, self.h)


@dataclass(frozen=True)
class Text:
    """Lines of text centred in `box` (the room they take, padding included)."""

    lines: tuple[str, ...]
    box: Rect
    size: float
    line_height: float

    def moved(self, dx: float, dy: float) -> Text:
        return Text(self.lines, self.box.moved(dx, dy), self.size, self.line_height)


@dataclass(frozen=True)
class Node:
    """A system's box. `other`: the system belongs to another group's map (drawn dashed)."""

    name: str
    box: Rect
    text: Text
    other: bool = False


@dataclass(frozen=True)
class Arrow:
    """One arrow, a quadratic curve; `text` is its label, or its number in the key, or None
    when not even a number found room (the key still lists it)."""

    source: str
    target: str
    label: str
    two_way: bool
    start: Point
    control: Point
    end: Point
    text: Text | None
    mark: str = ""

    def moved(self, dx: float, dy: float) -> Arrow:
        return Arrow(
            self.source, self.target, self.label, self.two_way,
            (self.start[0] + dx, self.start[1] + dy),
            (self.control[0] + dx, self.control[1] + dy),
            (self.end[0] + dx, self.end[1] + dy),
            None if self.text is None else self.text.moved(dx, dy),
            self.mark,
        )  # fmt: skip


@dataclass(frozen=True)
class MapLayout:
    """One drawing: its size, systems, arrows and key (for labels that became numbers)."""

    width: float
    height: float
    nodes: tuple[Node, ...]
    arrows: tuple[Arrow, ...]
    key: tuple[Text, ...] = ()
    heading: str = ""

    def rectangles(self) -> list[tuple[str, Rect]]:
        """Every box and every piece of text outside a box, named: none may overlap another."""
        out = [(f"system {node.name}", node.box) for node in self.nodes]
        out += [
            (f"label {arrow.source} -> {arrow.target}", arrow.text.box)
            for arrow in self.arrows
            if arrow.text is not None
        ]
        out += [(f"key line {number}", text.box) for number, text in enumerate(self.key, 1)]
        return out


@dataclass(frozen=True)
class FlowMap:
    """The whole map: one drawing, or several with a note saying why."""

    maps: tuple[MapLayout, ...]
    note: str = ""


def _text(
    lines: tuple[str, ...], centre: Point, size: float, line: float, pad: Point, bold: bool = False
) -> Text:
    width = max(text_width(item, size, bold=bold) for item in lines)
    box = Rect.around(centre, width + 2 * pad[0], line * len(lines) + 2 * pad[1])
    return Text(lines, box, size, line)


def _along(start: Point, control: Point, end: Point, share: float) -> Point:
    """The point `share` of the way along a quadratic curve."""
    rest = 1 - share
    return (
        rest * rest * start[0] + 2 * rest * share * control[0] + share * share * end[0],
        rest * rest * start[1] + 2 * rest * share * control[1] + share * share * end[1],
    )


def _tangent(start: Point, control: Point, end: Point, share: float) -> Point:
    dx = 2 * (1 - share) * (control[0] - start[0]) + 2 * share * (end[0] - control[0])
    dy = 2 * (1 - share) * (control[1] - start[1]) + 2 * share * (end[1] - control[1])
    length = math.hypot(dx, dy) or 1.0
    return dx / length, dy / length


def _clip(box: Rect, toward: Point) -> Point:
    """Where a line leaving the centre of `box` towards `toward` crosses its border (+4)."""
    cx, cy = box.centre
    dx, dy = toward[0] - cx, toward[1] - cy
    if dx == 0 and dy == 0:
        return cx, cy
    scale = min(
        (box.w / 2 + 4) / abs(dx) if dx else math.inf,
        (box.h / 2 + 4) / abs(dy) if dy else math.inf,
    )
    return cx + dx * scale, cy + dy * scale


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


def _ring(nodes: list[str], edges: Sequence[Edge]) -> tuple[str | None, list[str]]:
    """The hub (None when there is none worth the middle) and the others in ring order."""
    degree = {name: 0 for name in nodes}
    for source, target in {(s, t) for s, t, _, _ in edges if s != t}:
        degree[source] += 1
        degree[target] += 1
    hub: str | None = max(nodes, key=lambda name: (degree[name], -nodes.index(name)))
    if len(nodes) < 4 or degree[hub] < max(3, len(nodes) / 3):  # type: ignore[index]
        hub = None
    ring = [name for name in nodes if name != hub]
    chords = sorted({(a, b) for a, b, _, _ in edges if a in ring and b in ring and a != b})
    return hub, _ring_order(ring, chords)


def _bends(edge: Edge, slot: int, count: int) -> list[float]:
    """Bends to try for an arrow (a share of its length, to its left), the pair's `slot`-th
    of `count` arrows between the same two systems: several fan out, a lone one may go
    either side of whatever is in its way."""
    if count == 1:
        return [0.06, -0.06, 0.16, -0.16, 0.26, -0.26, 0.36, -0.36]
    offset = (slot - (count - 1) / 2) * 0.24
    if edge[0] > edge[1]:  # the offset was reckoned from the other end
        offset = -offset
    return [offset * factor for factor in (1.0, 1.5, 2.0, 0.75)]


def _curve_hits(start: Point, control: Point, end: Point, boxes: Sequence[Rect]) -> int:
    return sum(
        1
        for step in range(1, 20)
        for box in boxes
        if box.contains(_along(start, control, end, step / 20), GAP)
    )


def _route(edge: Edge, slot: int, count: int, boxes: dict[str, Rect]) -> tuple[Point, Point, Point]:
    """The arrow's start, control point and end: the first bend whose curve passes no other
    system's box (or the one passing fewest)."""
    source, target = boxes[edge[0]], boxes[edge[1]]
    (x1, y1), (x2, y2) = source.centre, target.centre
    dx, dy = x2 - x1, y2 - y1
    others = [box for name, box in boxes.items() if name not in (edge[0], edge[1])]
    best: tuple[int, tuple[Point, Point, Point]] | None = None
    for bend in _bends(edge, slot, count):
        control = ((x1 + x2) / 2 - dy * bend, (y1 + y2) / 2 + dx * bend)
        curve = (_clip(source, control), control, _clip(target, control))
        hits = _curve_hits(*curve, others)
        if best is None or hits < best[0]:
            best = (hits, curve)
        if hits == 0:
            break
    assert best is not None
    return best[1]


def _spots(curve: tuple[Point, Point, Point], w: float, h: float) -> Iterator[Point]:
    """Where a w x h label may go, best first: on its arrow from the middle outwards, then
    just beside it on either side, then a step further out."""
    for share in (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82):
        x, y = _along(*curve, share)
        tx, ty = _tangent(*curve, share)
        nx, ny = -ty, tx
        beside = abs(nx) * w / 2 + abs(ny) * h / 2 + GAP
        for step in (0.0, 1.0, -1.0, 2.0, -2.0):
            yield x + nx * beside * step, y + ny * beside * step


def _place(
    curve: tuple[Point, Point, Point], lines: tuple[str, ...], taken: list[Rect]
) -> Text | None:
    """The label at its first clear spot, or None."""
    probe = _text(lines, (0.0, 0.0), EDGE_FONT, EDGE_LINE, (LABEL_PAD_X, LABEL_PAD_Y))
    for spot in _spots(curve, probe.box.w, probe.box.h):
        text = probe.moved(spot[0], spot[1])
        if not any(text.box.overlaps(other, GAP) for other in taken):
            return text
    return None


def _positions(hub: str | None, ring: list[str], scale: float) -> dict[str, Point]:
    count = len(ring)
    radius_x = min(400.0, 140.0 + 32.0 * count) * scale
    radius_y = min(290.0, 90.0 + 24.0 * count) * scale
    places = {} if hub is None else {hub: (0.0, 0.0)}
    for index, name in enumerate(ring):
        angle = -math.pi / 2 + 2 * math.pi * index / max(count, 1)
        places[name] = (radius_x * math.cos(angle), radius_y * math.sin(angle))
    return places


def _attempt(
    nodes: list[str], edges: Sequence[Edge], others: set[str], scale: float, *, marks: bool
) -> tuple[list[Node], list[Arrow], list[Edge]] | None:
    """Systems and arrows at `scale`; None when two boxes would touch. With `marks`, labels
    with no room become numbers; without, the arrows left unlabelled are returned too."""
    hub, ring = _ring(nodes, edges)
    places = _positions(hub, ring, scale)
    drawn: list[Node] = []
    for name in nodes:
        lines = wrap(name, NODE_WRAP, NODE_FONT, bold=True)
        text = _text(lines, places[name], NODE_FONT, NODE_LINE, (NODE_PAD_X, NODE_PAD_Y), bold=True)
        box = Rect.around(places[name], max(NODE_MIN_WIDTH, text.box.w), text.box.h)
        drawn.append(Node(name, box, text, name in others))
    boxes = {node.name: node.box for node in drawn}
    for index, node in enumerate(drawn):
        if any(node.box.overlaps(other.box, NODE_GAP) for other in drawn[index + 1 :]):
            return None
    pairs: dict[tuple[str, str], list[int]] = {}
    for index, (source, target, _, _) in enumerate(edges):
        pairs.setdefault((min(source, target), max(source, target)), []).append(index)
    taken = list(boxes.values())
    arrows: list[Arrow] = []
    missed: list[Edge] = []
    for index, edge in enumerate(edges):
        together = pairs[(min(edge[0], edge[1]), max(edge[0], edge[1]))]
        curve = _route(edge, together.index(index), len(together), boxes)
        label = " ".join(edge[2].split())
        placed = _place(curve, wrap(label, EDGE_WRAP, EDGE_FONT), taken)
        mark = ""
        if placed is None:
            missed.append(edge)
            if marks:
                mark = str(len(missed))
                placed = _place(curve, (mark,), taken)
        if placed is not None:
            taken.append(placed.box)
        arrows.append(Arrow(edge[0], edge[1], label, edge[3], *curve, placed, mark))
    return drawn, arrows, missed


def _bounds(nodes: Sequence[Node], arrows: Sequence[Arrow]) -> Rect:
    xs: list[float] = []
    ys: list[float] = []
    for rect in [node.box for node in nodes] + [a.text.box for a in arrows if a.text]:
        xs += [rect.x, rect.x + rect.w]
        ys += [rect.y, rect.y + rect.h]
    for arrow in arrows:
        for step in range(11):
            x, y = _along(arrow.start, arrow.control, arrow.end, step / 10)
            xs.append(x)
            ys.append(y)
    return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def _layout_one(
    nodes: list[str], edges: Sequence[Edge], others: set[str], heading: str = ""
) -> MapLayout:
    """One drawing: the ring at the smallest spread that gives every label a clear place."""
    result = None
    for attempt in range(ATTEMPTS):
        last = attempt == ATTEMPTS - 1
        tried = _attempt(nodes, edges, others, 1.12**attempt, marks=last)
        if tried is not None and (not tried[2] or last):
            result = tried
            break
    assert result is not None, "the last attempt always gives a layout"
    drawn, arrows, missed = result
    bounds = _bounds(drawn, arrows)
    dx, dy = MARGIN - bounds.x, MARGIN - bounds.y
    drawn = [Node(n.name, n.box.moved(dx, dy), n.text.moved(dx, dy), n.other) for n in drawn]
    arrows = [arrow.moved(dx, dy) for arrow in arrows]
    width, height = bounds.w + 2 * MARGIN, bounds.h + 2 * MARGIN
    key: list[Text] = []
    if missed:  # labels that became numbers are spelt out under the map
        y = height + 4
        for arrow in arrows:
            if not arrow.mark:
                continue
            said = f"{arrow.mark}: {arrow.source} → {arrow.target}: {arrow.label}"
            lines = wrap(said, max(width - 2 * MARGIN, 300.0), EDGE_FONT)
            probe = _text(lines, (0.0, 0.0), EDGE_FONT, EDGE_LINE, (0.0, LABEL_PAD_Y))
            text = probe.moved(MARGIN + probe.box.w / 2, y + probe.box.h / 2)
            key.append(text)
            y += probe.box.h + GAP
            width = max(width, text.box.x + text.box.w + MARGIN)
        height = y + MARGIN
    return MapLayout(width, height, tuple(drawn), tuple(arrows), tuple(key), heading)


def _groups(nodes: list[str], edges: Sequence[Edge]) -> list[list[str]]:
    """Systems in groups of at most GROUP_SYSTEMS that exchange most with each other: pairs
    of groups merged greedily by the arrows between them per pair of members (so a hub does
    not swallow everything). Deterministic."""
    members: dict[int, list[str]] = {index: [name] for index, name in enumerate(nodes)}
    home = {name: index for index, name in enumerate(nodes)}
    links: dict[tuple[int, int], int] = {}
    for source, target, _, _ in edges:
        a, b = sorted((home[source], home[target]))
        if a != b:
            links[(a, b)] = links.get((a, b), 0) + 1
    while True:
        best: tuple[float, int, int, int] | None = None
        for (a, b), weight in links.items():
            size = len(members[a]) + len(members[b])
            if size > GROUP_SYSTEMS:
                continue
            score = (weight / (len(members[a]) * len(members[b])), -size, -a, -b)
            if best is None or score > best:
                best = score
        if best is None:
            break
        a, b = -best[2], -best[3]
        members[a] += members.pop(b)
        merged: dict[tuple[int, int], int] = {}
        for (c, d), weight in links.items():
            c, d = (a if c == b else c), (a if d == b else d)
            if c != d:
                key = (min(c, d), max(c, d))
                merged[key] = merged.get(key, 0) + weight
        links = merged
    order = {name: index for index, name in enumerate(nodes)}
    return [sorted(group, key=order.__getitem__) for _, group in sorted(members.items())]


def split(nodes: list[str], edges: Sequence[Edge]) -> list[tuple[list[Edge], set[str]]]:
    """The arrows of each drawing with the systems that are its own: one drawing when the
    map is small enough, else one (or more, when a group's arrows are too many) per group.
    An arrow between two groups goes to the group of the end with fewer partners, so the
    hub's group does not collect every arrow."""
    if len(nodes) <= MAP_SYSTEMS and len(edges) <= MAP_ARROWS:
        return [(list(edges), set(nodes))]
    groups = _groups(nodes, edges)
    home = {name: index for index, group in enumerate(groups) for name in group}
    partners: dict[str, set[str]] = {name: set() for name in nodes}
    for source, target, _, _ in edges:
        partners[source].add(target)
        partners[target].add(source)
    order = {name: index for index, name in enumerate(nodes)}
    per_group: list[list[Edge]] = [[] for _ in groups]
    for edge in edges:
        end = min(edge[:2], key=lambda name: (len(partners[name]), order[name]))
        per_group[home[end]].append(edge)
    parts: list[tuple[list[Edge], set[str]]] = []
    for index, arrows in enumerate(per_group):
        chunk: list[Edge] = []
        seen: set[str] = set()
        for edge in arrows:
            ends = {edge[0], edge[1]}
            if chunk and (len(seen | ends) > MAP_SYSTEMS or len(chunk) >= MAP_ARROWS):
                parts.append((chunk, set(groups[index])))
                chunk, seen = [], set()
            chunk.append(edge)
            seen |= ends
        if chunk:
            parts.append((chunk, set(groups[index])))
    return parts


def layout(systems: Sequence[str], edges: Sequence[Edge]) -> FlowMap | None:
    """Where every box, arrow and label of the flow map goes; None when there is nothing to
    draw, or more than MAX_MAPS drawings would be needed (the flow table says it all then)."""
    used = {source for source, _, _, _ in edges} | {target for _, target, _, _ in edges}
    nodes = [name for name in dict.fromkeys(systems) if name in used]
    nodes += sorted(used - set(nodes))  # an end the caller did not list is still drawn
    if not nodes:
        return None
    parts = split(nodes, edges)
    if len(parts) > MAX_MAPS:
        return None
    if len(parts) == 1:
        return FlowMap((_layout_one(nodes, edges, set()),))
    maps = []
    for number, (arrows, own) in enumerate(parts, 1):
        shown = {name for edge in arrows for name in edge[:2]}
        names = [name for name in nodes if name in shown]
        heading = f"Map {number} of {len(parts)}: " + ", ".join(n for n in names if n in own)
        maps.append(_layout_one(names, arrows, shown - own, heading))
    note = (
        f"The flow map has {len(nodes)} systems and {len(edges)} arrows, more than one drawing "
        f"shows legibly (at most {MAP_SYSTEMS} systems and {MAP_ARROWS} arrows each), so it is "
        f"drawn as {len(parts)} maps, one per group of systems that exchange most with each "
        "other. Each arrow is drawn once; a dashed box is a system of another group."
    )
    return FlowMap(tuple(maps), note)


# --- drawing ---------------------------------------------------------------------------------


def _lines(text: Text, css: str, x: float | None = None) -> str:
    """`text` as an SVG <text>, a <tspan> a line, centred in its box (or from `x`)."""
    top = text.box.y + (text.box.h - text.line_height * len(text.lines)) / 2
    spans = "".join(
        f'<tspan x="{text.box.centre[0] if x is None else x:.1f}" '
        f'y="{top + text.line_height * index + text.size * 0.95:.1f}">{escape(line)}</tspan>'
        for index, line in enumerate(text.lines)
    )
    return f'<text class="{css}">{spans}</text>' if css else f"<text>{spans}</text>"


def _svg(drawing: MapLayout, title: str, ident: str, standalone: bool) -> str:
    label = drawing.heading or title or "Flow map"
    out = [
        f'<svg class="flow-map" viewBox="0 0 {drawing.width:.0f} {drawing.height:.0f}" '
        f'role="img" xmlns="http://www.w3.org/2000/svg" aria-label="{escape(label)}">',
        *(STANDALONE if standalone else ()),
        f'<defs><marker id="{ident}" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" class="head"/></marker></defs>',
    ]
    labels = []
    for arrow in drawing.arrows:
        (x1, y1), (cx, cy), (x2, y2) = arrow.start, arrow.control, arrow.end
        tip = f' marker-start="url(#{ident})"' if arrow.two_way else ""
        out.append(
            f'<path class="edge" d="M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}" '
            f'marker-end="url(#{ident})"{tip}>'
            f"<title>{escape(f'{arrow.source} → {arrow.target}: {arrow.label}')}</title></path>"
        )
        if arrow.text is not None:
            box = arrow.text.box
            css = "edge-label mark" if arrow.mark else "edge-label"
            labels.append(
                f'<g class="{css}"><rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" '
                f'height="{box.h:.1f}" rx="3"/>{_lines(arrow.text, "")}</g>'
            )
    out += labels  # over the arrows
    for node in drawing.nodes:
        box = node.box
        css = "node other" if node.other else "node"
        out.append(
            f'<g class="{css}"><title>{escape(node.name)}</title>'
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" '
            f'rx="6"/>{_lines(node.text, "")}</g>'
        )
    if drawing.key:
        out.append('<g class="key">')
        out += [_lines(text, "", x=text.box.x) for text in drawing.key]
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def draw(
    systems: Sequence[str],
    edges: Sequence[Edge],
    title: str = "",
    *,
    standalone: bool = False,
) -> str | None:
    """The flow map as SVG: one `<svg>` element, or (when the map is drawn in parts) a note
    and a heading and `<svg>` per part. None when there is nothing to draw or too much (see
    `layout`). `standalone` adds the style and a white background, for an `.svg` file of
    its own (the parts then stack in one drawing)."""
    plan = layout(systems, edges)
    if plan is None:
        return None
    if len(plan.maps) == 1:
        return _svg(plan.maps[0], title, "flow-arrow", standalone)
    if standalone:
        return _stacked(plan, title)
    out = [f'<p class="flow-map-note">{escape(plan.note)}</p>']
    for number, drawing in enumerate(plan.maps, 1):
        out.append(f'<p class="flow-map-part">{escape(drawing.heading)}</p>')
        out.append(_svg(drawing, title, f"flow-arrow-{number}", False))
    return "".join(out)


def _stacked(plan: FlowMap, title: str) -> str:
    """Several drawings one under another in one `<svg>`, each under its heading."""
    width = max(drawing.width for drawing in plan.maps)
    note = wrap(plan.note, width - 2 * MARGIN, EDGE_FONT)
    parts = []
    y = MARGIN + len(note) * EDGE_LINE
    for number, drawing in enumerate(plan.maps, 1):
        y += 24
        parts.append(
            f'<text x="{MARGIN}" y="{y - 6:.0f}" font-weight="700">{escape(drawing.heading)}</text>'
            f'<svg x="0" y="{y:.0f}" width="{drawing.width:.0f}" height="{drawing.height:.0f}">'
            + _svg(drawing, title, f"flow-arrow-{number}", False).split(">", 1)[1]
        )
        y += drawing.height
    head = "".join(
        f'<text x="{MARGIN}" y="{MARGIN + EDGE_LINE * (index + 1):.0f}">{escape(line)}</text>'
        for index, line in enumerate(note)
    )
    return (
        f'<svg class="flow-map" viewBox="0 0 {width:.0f} {y + MARGIN:.0f}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title or "Flow map")}">'
        + "".join(STANDALONE)
        + head
        + "".join(parts)
        + "</svg>"
    )
