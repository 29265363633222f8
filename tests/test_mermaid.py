"""Mermaid export: a `flowchart LR` whose labels survive any name a client uses.

The escaping was checked once against Mermaid 11's own parser (every name below decoded back
exactly); these tests hold the output to the same rules without needing Node.
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workshop_templates import new_workshop, open_new

from models.names import clean_name, name_key
from storage.formats.mermaid import escape_label, export_mermaid
from storage.queries.data_objects import create_data_object
from storage.queries.flows import create_flow
from storage.queries.systems import create_system
from storage.workshop_file import open_workshop
from tui.cli import main

NODE = re.compile(r'^    (s\d+)\["([^"]*)"\]$')
EDGE = re.compile(r'^    (s\d+) (-->|<-->)\|"([^"]*)"\| (s\d+)$')


def decode(label: str) -> str:
    """What Mermaid shows for a label: `#name;` and `#123;` are entity codes."""

    def entity(match: re.Match[str]) -> str:
        code = match.group(1)
        return f"&#{code};" if code.isdigit() else f"&{code};"

    return html.unescape(re.sub(r"#(\w+);", entity, label))


def parse(text: str) -> tuple[dict[str, str], list[tuple[str, str, str, str]]]:
    """The nodes (id -> shown name) and edges of our own output, or an assertion error."""
    lines = text.split("\n")
    assert lines[0] == "flowchart LR" and lines[-1] == ""
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str, str]] = []
    for line in lines[1:-1]:
        assert "style" not in line and "classDef" not in line  # Mermaid would eat a ";"
        node, edge = NODE.match(line), EDGE.match(line)
        assert node or edge, line
        label = (node or edge).group(2 if node else 3)  # type: ignore[union-attr]
        outside_codes = re.sub(r"#\w+;", "", label)
        assert not set(outside_codes) & set('"[](){}|;<>`%\\&#ﬂ¶'), label
        if node:
            nodes[node.group(1)] = decode(node.group(2))
        else:
            assert edge is not None
            start, arrow, text_, end = edge.groups()
            edges.append((start, arrow, decode(text_), end))
    return nodes, edges


def write(path: Path, systems: list[str], flows: list[tuple[str, str, str, str]]) -> None:
    with open_new(path) as workshop, workshop.session() as session:
        for name in systems:
            create_system(session, data={"name": name})
        for obj in dict.fromkeys(flow[2] for flow in flows):
            create_data_object(session, data={"name": obj})
        for source, target, obj, direction in flows:
            create_flow(
                session,
                source=source,
                target=target,
                data_object=obj,
                data={"direction": direction, "frequency": "on-demand"},
            )


def export(path: Path) -> str:
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return export_mermaid(session)


def test_a_small_workshop_exactly(tmp_path: Path) -> None:
    path = tmp_path / "w.seamwork"
    write(
        path,
        ["Shopify", "Sage X3", "xero", "Unused"],
        [
            ("Sage X3", "Shopify", "Stock", "one-way"),
            ("Shopify", "Sage X3", "Sales orders", "one-way"),
            ("Sage X3", "xero", "Invoices", "two-way"),
        ],
    )
    assert export(path) == (
        "flowchart LR\n"
        '    s1["Sage X3"]\n'
        '    s2["Shopify"]\n'
        '    s3["Unused"]\n'
        '    s4["xero"]\n'
        '    s1 -->|"Stock, on demand"| s2\n'
        '    s1 <-->|"Invoices, on demand"| s4\n'
        '    s2 -->|"Sales orders, on demand"| s1\n'
    )


def test_an_empty_workshop_is_an_empty_chart(tmp_path: Path) -> None:
    path = tmp_path / "w.seamwork"
    new_workshop(path)
    assert export(path) == "flowchart LR\n"


HOSTILE = [
    'A "quoted" [x] (y) {z}',
    "B #1; <b>&amp; %% end",
    "C `tick` | pipe \\ back",
    "end",
    "graph TD",
    "D -->|x| E",
    "click A call alert()",
    "style s1 fill:#f00;",
    "classDef x fill:#fff;",
    "%%{init: {}}%%",
    "#quot;",
    "Zoé 東京 🚚",
    "ﬂ°°35¶ß Straße ﬂ°lt¶ß",  # Mermaid's own placeholders for #35; and #lt;, typed
]


def test_hostile_names_are_escaped_and_shown_as_typed(tmp_path: Path) -> None:
    path = tmp_path / "w.seamwork"
    obj = 'O "1"; #2 |3| <4> `5` [6] style:#a;'
    flows = [
        (HOSTILE[i], HOSTILE[i + 1], obj, "two-way" if i % 2 else "one-way")
        for i in range(len(HOSTILE) - 1)
    ]
    write(path, HOSTILE, flows)
    nodes, edges = parse(export(path))
    assert sorted(nodes.values()) == sorted(HOSTILE)
    by_name = {name: node for node, name in nodes.items()}
    assert sorted(edges) == sorted(
        (
            by_name[source],
            "<-->" if direction == "two-way" else "-->",
            f"{obj}, on demand",
            by_name[target],
        )
        for source, target, obj, direction in flows
    )


def test_escape_label_makes_one_line() -> None:
    assert escape_label("a\nb\tc\x7f  d") == "a b c d"
    assert escape_label("#") == "#35;"
    assert escape_label('"') == "#quot;"
    assert escape_label("styles") == "#115;tyles"
    assert escape_label("ﬂ°lt¶ß") == "#64258;°lt#182;ß"


def _name(text: str) -> str | None:
    try:
        return clean_name(text)
    except ValueError:
        return None


names = st.text(min_size=1, max_size=20).map(_name).filter(lambda n: n is not None)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(systems=st.lists(names, min_size=2, max_size=5, unique_by=name_key), obj=names)  # type: ignore[arg-type]
def test_any_names_decode_back(systems: list[str], obj: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "w.seamwork"
        write(path, systems, [(systems[0], systems[1], obj, "one-way")])
        text = export(path)
    nodes, edges = parse(text)
    shown = [" ".join(name.split()) for name in systems]  # one line, single spaces
    assert sorted(nodes.values()) == sorted(shown)
    assert nodes[edges[0][0]] == shown[0] and nodes[edges[0][3]] == shown[1]
    assert edges[0][2] == " ".join(f"{obj}, on demand".split())


# --- the command line -----------------------------------------------------------------------


def test_export_mermaid_to_stdout_and_to_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "w.seamwork"
    write(path, ["Shopify", "ERP"], [("Shopify", "ERP", "Orders", "one-way")])
    expected = export(path)

    assert main(["export", str(path), "-f", "Mermaid"]) == 0
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == (expected, "")

    out = tmp_path / "flows.mmd"
    out.write_text("old", encoding="utf-8")
    assert main(["export", str(path), "-f", "mermaid", "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"Wrote {out}.\n"
    assert out.read_text(encoding="utf-8") == expected
    assert out.stat().st_mode & 0o777 == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
