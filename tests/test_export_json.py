"""JSON through `storage.formats.export`, and every format on whole generated workshops.

The interchange tests check each section's round trip on its own; here one generated workshop
holds every entity at once (flows between its systems, checks on its flows, candidates of its
flows scored on its criteria, KPIs on its candidates and data objects), and every format must
export it: JSON byte-identical after a round trip, the others parsed back.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interchange_files import valid_names, valid_texts
from openpyxl import load_workbook
from workshop_templates import new_workshop

from models.enums import (
    Approach,
    CheckStatus,
    CriterionKind,
    Direction,
    Frequency,
    Lifecycle,
    Sensitivity,
    WsjfPart,
)
from models.names import name_key
from storage.formats.export import export
from storage.formats.seamwork_json.document import export_json, import_json
from storage.formats.seamwork_json.keys import FORMAT
from storage.workshop_file import open_workshop

names = valid_names(12)
free_text = valid_texts(20)
# Text that is markup, script or a formula somewhere: the renderers must keep it inert.
nasty = st.sampled_from(["<script>x</script>", "=1+1", "@A1", "-1", "| a |", "*b*", "`c`", "&amp;"])
text = free_text | nasty


def unique(strategy: st.SearchStrategy[Any], max_size: int, min_size: int = 0) -> Any:
    return st.lists(strategy, min_size=min_size, max_size=max_size, unique_by=name_key)


@st.composite
def workshops(draw: st.DrawFn) -> dict[str, Any]:
    """A valid seamwork/1 document holding every entity, references by name."""
    systems = draw(unique(names | nasty, 4, min_size=2))
    objects = draw(unique(names | nasty, 3, min_size=1))
    triples = draw(
        st.lists(
            st.tuples(st.sampled_from(systems), st.sampled_from(systems), st.sampled_from(objects))
            .filter(lambda t: name_key(t[0]) != name_key(t[1])),
            max_size=5,
            unique_by=lambda t: tuple(map(name_key, t)),
        )
    )  # fmt: skip
    flows = [f"{s} -> {t}: {o}" for s, t, o in triples]
    scenarios = draw(unique(names, 2))
    criteria = draw(unique(names, 3))
    candidates = draw(unique(names, 3))
    return {
        "format": FORMAT,
        "workshop": {"name": draw(names), "client": draw(text), "notes": draw(text)},
        "systems": [
            {"name": name, "lifecycle": draw(st.sampled_from(list(Lifecycle))), "owner": draw(text)}
            for name in systems
        ],
        "data_objects": [
            {
                "name": name,
                "source_of_truth": draw(st.none() | st.sampled_from(systems)),
                "sensitivity": draw(st.sampled_from(list(Sensitivity))),
                "definitions": [
                    {"department": department, "text": draw(text.filter(str.strip))}
                    for department in draw(unique(names, 2))
                ],
            }
            for name in objects
        ],
        "flows": [
            {
                "source": s,
                "target": t,
                "data_object": o,
                "frequency": draw(st.sampled_from(list(Frequency))),
                "direction": draw(st.sampled_from(list(Direction))),
                "approach": draw(st.sampled_from(list(Approach))),
                "owner": draw(text),
                "error_handling": draw(text),
                "manual_hours_per_week": draw(st.integers(0, 40) | st.floats(0, 40, width=32)),
            }
            for s, t, o in triples
        ],
        "scenarios": [{"title": title, "description": draw(text)} for title in scenarios],
        "checks": [
            {
                "flow": flow,
                "scenario": title,
                "status": draw(st.sampled_from(list(CheckStatus))),
                "note": draw(text),
            }
            for flow in flows
            for title in scenarios
            if draw(st.booleans())
        ],  # fmt: skip
        "criteria": [
            {
                "name": name,
                "weight": draw(st.integers(0, 5)),
                "kind": draw(st.sampled_from(list(CriterionKind))),
                "wsjf_part": draw(st.sampled_from(list(WsjfPart))),
            }
            for name in criteria
        ],
        "candidates": [
            {
                "name": name,
                "phase": draw(st.none() | st.integers(1, 3)),
                "flows": draw(st.lists(st.sampled_from(flows), unique=True)) if flows else [],
                "scores": {c: draw(st.integers(1, 5)) for c in criteria if draw(st.booleans())},
            }
            for name in candidates
        ],
        "kpis": [
            {
                "name": name,
                "unit": draw(text),
                "baseline": draw(st.none() | st.integers(0, 100)),
                "target": draw(st.none() | st.floats(0, 100, width=32)),
                "candidates": draw(st.lists(st.sampled_from(candidates), unique=True))
                if candidates
                else [],
                "data_objects": draw(st.lists(st.sampled_from(objects), unique=True)),
            }
            for name in draw(unique(names, 2))
        ],
    }


def exported(path: Path | str, fmt: str, destination: Path | None = None) -> Any:
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return export(session, fmt, destination)


def imported(path: Path | str, text: str) -> None:
    if isinstance(path, Path) and not path.exists():
        new_workshop(path)
    with open_workshop(path) as workshop, workshop.session() as session:
        import_json(session, text)


def test_json_export_is_the_interchange_file_and_round_trips_on_the_demo(
    place: Any, tmp_path: Path
) -> None:
    demo = place("demo", demo=True)
    first = exported(demo, "json")
    with open_workshop(demo, read_only=True) as workshop, workshop.session() as session:
        assert first == export_json(session)
    assert {"criteria", "candidates", "kpis"} <= set(json.loads(first))
    written = exported(demo, "json", tmp_path / "demo.json")
    assert written.read_text("utf-8") == first
    imported(place("copy"), first)
    assert exported(place("copy"), "json") == first


SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@SETTINGS
@given(document=workshops())
def test_any_whole_workshop_round_trips_byte_identical(document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, copy = Path(folder) / "a.seamwork", Path(folder) / "b.seamwork"
        imported(source, json.dumps(document, ensure_ascii=False))
        first = exported(source, "json")
        imported(copy, first)
        assert exported(copy, "json") == first


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)


@SETTINGS
@given(document=workshops())
def test_any_whole_workshop_exports_to_every_format(document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = folder / "a.seamwork"
        imported(source, json.dumps(document, ensure_ascii=False))

        markdown = exported(source, "md")
        assert markdown.startswith("# ") and "<script" not in markdown
        for table in re.findall(r"((?:^\|.*\|$\n?)+)", markdown, re.M):
            widths = {len(re.split(r"(?<!\\)\|", line)) for line in table.splitlines()}
            assert len(widths) == 1, table

        page = exported(source, "html", folder / "a.html").read_text("utf-8")
        parser = _Tags()
        parser.feed(page)
        assert "script" not in parser.tags and "b" not in parser.tags

        for file in exported(source, "csv", folder / "a-csv").iterdir():
            rows = csv.reader(io.StringIO(file.read_text("utf-8-sig"), newline=""))
            for row in rows:
                assert not [cell for cell in row if cell[:1] in ("=", "+", "-", "@")], file.name

        book = load_workbook(exported(source, "xlsx", folder / "a.xlsx"))
        for sheet in book.worksheets:
            assert sheet.freeze_panes == "A2"
            assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)

        assert exported(source, "mermaid").startswith("flowchart LR\n")
