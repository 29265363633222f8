"""Mermaid export: the systems and flows as a `flowchart LR`, for slides and wikis.

Node ids are generated (`s1`, `s2`, ... in name order) so no name can break the syntax; every
label is quoted and escaped with Mermaid's entity codes (`#quot;`, `#35;`), so a name holding
quotes, brackets, pipes, `#`, `;`, `<`, `>`, backticks or the characters of Mermaid's own
placeholders (`ﬂ`, `¶`) shows as typed, on GitHub (which renders ```mermaid blocks with HTML
labels, where entity codes are decoded) as in any Mermaid viewer. The same workshop
always gives the same text.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from models.enums import describe
from models.snapshot import FlowData
from storage.boundary import boundary
from storage.queries.snapshot import read_flows, read_systems

# Characters Mermaid would read as syntax inside a label, as the entity codes it decodes.
ENTITIES: dict[str, str] = {
    "#": "#35;",  # first: every other code starts with it
    '"': "#quot;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "[": "#91;",
    "]": "#93;",
    "(": "#40;",
    ")": "#41;",
    "{": "#123;",
    "}": "#125;",
    "|": "#124;",
    ";": "#59;",
    "`": "#96;",
    "%": "#37;",
    "\\": "#92;",
    # Mermaid writes each entity code as a placeholder ("#35;" as "ﬂ°°35¶ß", "#quot;" as
    # "ﬂ°quot¶ß") before parsing and turns the placeholders back into characters after, so a
    # name holding them as typed would come out as a different character.
    "ﬂ": "#64258;",
    "¶": "#182;",
}


# Mermaid drops the last ";" of any line matching `style.*:...#...;` or `classDef...` (its
# way of keeping colours in style statements), which would spoil an entity code in a label.
# Writing one letter of those words as a code keeps the line from matching.
KEYWORDS: dict[str, str] = {"style": "#115;tyle", "classDef": "#99;lassDef"}


def escape_label(text: str) -> str:
    """`text` as the inside of a quoted Mermaid label: one line, no syntax characters."""
    flat = " ".join(
        "".join(" " if (ord(char) < 32 or ord(char) == 127) else char for char in text).split()
    )
    escaped = "".join(ENTITIES.get(char, char) for char in flat)
    for word, code in KEYWORDS.items():
        escaped = escaped.replace(word, code)
    return escaped


def flowchart(systems: Iterable[str], flows: Iterable[FlowData]) -> str:
    """Systems (in the order given) and flows as Mermaid `flowchart LR` source, ending in a
    newline. Edges are labelled with the data object and frequency; two-way flows are drawn
    `<-->`. Pure, so the session summary draws the same chart from what it has already read.
    """
    lines = ["flowchart LR"]
    ids: dict[str, str] = {}
    for number, name in enumerate(systems, start=1):
        ids[name] = f"s{number}"
        lines.append(f'    s{number}["{escape_label(name)}"]')
    for flow in flows:
        frequency = flow.fields.frequency  # an edge with no frequency recorded says none
        said = (
            flow.data_object if frequency is None else f"{flow.data_object}, {describe(frequency)}"
        )
        label = escape_label(said)
        arrow = "<-->" if flow.two_way else "-->"
        lines.append(f'    {ids[flow.source]} {arrow}|"{label}"| {ids[flow.target]}')
    return "\n".join(lines) + "\n"


@boundary
def export_mermaid(session: Session) -> str:
    """The workshop's systems and flows as Mermaid `flowchart LR` source (see `flowchart`)."""
    return flowchart((system.name for system in read_systems(session)), read_flows(session))
