"""`storage.formats.indented_json`: exactly `json.dumps(..., indent=..., ensure_ascii=False)`'s
text (and errors), written mostly by the C encoder; and the JSON export that uses it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from workshop_templates import new_demo

from storage.formats import indented_json
from storage.formats.indented_json import dumps_indented
from storage.formats.seamwork_json import document, write
from storage.workshop_file import open_workshop


def reference(value: Any, indent: int = 2) -> str:
    return json.dumps(value, indent=indent, ensure_ascii=False)


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.sampled_from(["},\n    {", "},\n      {", "}", "{", "\u2028", "\x7f\x85", "é"])
)
keys = st.text(max_size=8) | st.sampled_from(["}", "},\n    {"])
records = st.lists(st.dictionaries(keys, scalars, min_size=1, max_size=4), max_size=4)
values = st.recursive(
    scalars | records,
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(keys, children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(value=values, indent=st.sampled_from([0, 1, 2, 4]))
def test_the_text_is_json_dumps_text(value: Any, indent: int) -> None:
    assert dumps_indented(value, indent) == reference(value, indent)


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        [[]],
        {"a": {}},
        [{}],
        [{"a": 1}, {}],
        [{"a": 1}, {"a": {}}],
        [{"a": "},\n      {"}, {"b": "x}"}],
        {"checks": [{"flow": "A -> B: C", "uat": False, "hours": 2.5, "owner": None}] * 3},
        [1, 1.0, -0.0, 1e300, float("inf"), float("-inf"), 10**40, True, None, "x"],
    ],
)
def test_edge_cases_read_as_json_dumps_writes_them(value: Any) -> None:
    assert dumps_indented(value) == reference(value)


class Label(str):
    """A str subclass (as an enum member would be): left to json.dumps."""


@pytest.mark.parametrize(
    "value",
    [
        {1: "number key"},
        {"a": {2.5: "float key", True: "bool key", None: "null key"}},
        [{"a": 1}, {3: 4}],
        {"a": Label("text")},
        [("tuple", 1), ("as", "a list")],
    ],
)
def test_what_the_fast_path_leaves_alone_is_json_dumps_own(value: Any) -> None:
    assert dumps_indented(value) == reference(value)
    assert dumps_indented(value, level=2) == reference(value).replace("\n", "\n    ")


def test_errors_are_json_dumps_errors() -> None:
    cycle: list[Any] = []
    cycle.append(cycle)
    for bad in (cycle, {"a": [object()]}, {(1, 2): "tuple key"}):
        with pytest.raises(Exception) as expected:
            reference(bad)
        with pytest.raises(type(expected.value)) as got:
            dumps_indented(bad)
        assert str(got.value) == str(expected.value)


def test_without_the_c_encoder_it_is_json_dumps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(indented_json, "_make_encoder", None)
    value = {"a": [{"b": 1}, {"c": [2, 3]}]}
    assert dumps_indented(value) == reference(value)


def test_a_workshop_export_is_byte_for_byte_the_json_dumps_file(tmp_path: Path) -> None:
    path = new_demo(tmp_path / "demo.seamwork")
    with open_workshop(path) as workshop, workshop.session() as session:
        from storage.queries.scenarios import apply_library

        apply_library(session)
        exported = write.export_json(session)
        data = write.export_document(session)
    assert exported == reference(data) + "\n"  # the demo holds no DEL or C1 controls
    assert len(data["checks"]) > 10


def test_the_export_writers_are_the_import_sections_writers() -> None:
    """`write.EXPORTED` (exporting without the import side) says what `document.SECTIONS` says."""
    assert list(write.EXPORTED) == [
        (section.key, section.export, section.omit_empty) for section in document.SECTIONS
    ]
    assert document.export_json is write.export_json


def test_exporting_json_loads_none_of_the_import_side(tmp_path: Path) -> None:
    path = new_demo(tmp_path / "demo.seamwork")
    script = f"""
import sys
from tui.cli import main
assert main(["export", {str(path)!r}, "-f", "json", "-o", {str(tmp_path / "x.json")!r}]) == 0
side = ("document", "schema", "parse", "check", "merge")
loaded = [name for name in side if "storage.formats.seamwork_json." + name in sys.modules]
assert not loaded, loaded
"""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "x.json").read_text())["format"] == "seamwork/1"


@pytest.mark.parametrize(
    ("notes", "written"),
    [
        ("plain", '"notes": "plain"'),
        ("caf\u00e9 \u2192", '"notes": "caf\u00e9 \u2192"'),
        ("del\x7f", '"notes": "del\\u007f"'),
        ("nel\x85 csi\x9b \u00e9", '"notes": "nel\\u0085 csi\\u009b \u00e9"'),
    ],
)
def test_del_and_c1_controls_an_older_file_holds_are_escaped(
    tmp_path: Path, notes: str, written: str
) -> None:
    """Imports refuse DEL and C1 controls now; a file written before may hold some, and its
    export escapes them (the ASCII-only file, most of them, skips looking)."""
    import sqlite3

    path = new_demo(tmp_path / "demo.seamwork")
    connection = sqlite3.connect(path)
    connection.execute("UPDATE system SET notes = ? WHERE name = 'Shopify'", (notes,))
    connection.commit()
    connection.close()
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        exported = write.export_json(session)
    assert written in exported
    (shopify,) = [s for s in json.loads(exported)["systems"] if s["name"] == "Shopify"]
    assert shopify["notes"] == notes


@settings(max_examples=200, deadline=None)
@given(value=values, level=st.integers(0, 3))
def test_a_part_at_a_level_reads_as_json_dumps_nests_it(value: Any, level: int) -> None:
    part = dumps_indented(value, 2, level=1)
    assert dumps_indented({"k": value}, 2) == "{\n" + f'  "k": {part}\n}}'
    nested = reference(value).replace("\n", "\n" + "  " * level)
    assert dumps_indented(value, 2, level=level) == nested


def test_checks_are_written_as_json_dumps_writes_their_entries(tmp_path: Path) -> None:
    """The checks' text, made from their stored rows, against the entries as data: notes and
    owners holding quotes, percent signs, backslashes, line breaks and any character."""
    import sqlite3

    from storage.queries.scenarios import apply_library

    path = new_demo(tmp_path / "demo.seamwork")
    with open_workshop(path) as workshop, workshop.session() as session:
        apply_library(session)
    odd = ['say "no" %s %d 100%', "back\\slash\nline\u2028sep", "caf\u00e9 \u2192 \U0001f600", ""]
    connection = sqlite3.connect(path)
    ids = [row[0] for row in connection.execute("SELECT id FROM scenario_check ORDER BY id")]
    for index, check_id in enumerate(ids[:12]):
        connection.execute(
            "UPDATE scenario_check SET note = ?, owner = ?, uat = ?, status = ? WHERE id = ?",
            (odd[index % 4], odd[(index + 1) % 4], index % 2, ("gap", "handled")[index % 2],
             check_id),
        )  # fmt: skip
    connection.commit()
    connection.close()
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        for level in (0, 1, 3):
            assert write._checks_text(session, level=level) == dumps_indented(
                write.export_checks(session), 2, level=level
            )
        exported = write.export_json(session)
        assert exported == reference(write.export_document(session)) + "\n"


def test_a_workshop_without_checks_exports_an_empty_list(tmp_path: Path) -> None:
    path = new_demo(tmp_path / "demo.seamwork")
    with open_workshop(path) as workshop, workshop.session() as session:
        session.connection().exec_driver_sql("DELETE FROM scenario_check")
        session.commit()
        assert write._checks_text(session, level=1) == "[]"
        exported = write.export_json(session)
        assert exported == reference(write.export_document(session)) + "\n"
    assert json.loads(exported)["checks"] == []
