"""Issue 12's hostile inputs, each as the issue reproduced it: refused in one sentence with exit
status 2 and nothing written, or (for what older versions let in) shown and exported safely."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from seamwork_files import digest, folder_state
from test_cli import assert_one_sentence, run_console
from workshop_templates import new_demo

from models.characters import for_terminal
from models.names import clean_name, name_key
from models.tables import SystemBase
from storage.formats.seamwork_json.parse import MAX_BYTES, MAX_DEPTH

ESTATE = {
    "format": "seamwork/1",
    "systems": [{"name": "A"}, {"name": "B"}],
    "data_objects": [{"name": "O"}],
    "flows": [{"source": "A", "target": "B", "data_object": "O"}],
    "scenarios": [{"title": "S"}],
}


def _refused(tmp_path: Path, source: str | bytes, where: str) -> str:
    """Import `source` into a demo copy and into a new file: refused, nothing written."""
    file = tmp_path / "in.json"
    file.write_bytes(source if isinstance(source, bytes) else source.encode("utf-8"))
    target = new_demo(tmp_path / "demo.seamwork")
    before = folder_state(tmp_path)
    for path in (target, tmp_path / "new.seamwork"):
        result = run_console("import", path, file, cwd=tmp_path)
        assert (result.returncode, result.stdout) == (2, ""), result.stderr
        assert_one_sentence(result.stderr, where)
    assert folder_state(tmp_path) == before
    return result.stderr


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1000, 100_000])
def test_deep_nesting_anywhere_is_refused(tmp_path: Path, depth: int) -> None:
    nested = "[" * depth + "]" * depth
    text = json.dumps({**ESTATE, "systems": [{"name": "A", "notes": "N"}]})
    err = _refused(tmp_path, text.replace('"N"', nested), f"deeper than {MAX_DEPTH} levels")
    assert "Traceback" not in err


def test_a_source_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    padding = " " * (MAX_BYTES + 1 - len(json.dumps(ESTATE)))
    _refused(tmp_path, json.dumps(ESTATE) + padding, "too large to import (more than 32 MB)")


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
def test_dates_out_of_range_name_their_path(tmp_path: Path, moment: str) -> None:
    check = {"flow": "A -> B: O", "scenario": "S", "status": "gap", "updated_at": moment}
    _refused(tmp_path, json.dumps({**ESTATE, "checks": [check]}), "checks[0].updated_at: ")


@pytest.mark.parametrize(
    ("section", "where"),
    [
        ({"systems": [{"name": "A\ufffe"}]}, "systems[0].name: Contains a non-character, U+FFFE"),
        ({"systems": [{"name": "A", "notes": "x\uffff"}]}, "systems[0].notes: "),
        ({"systems": [{"name": "A", "notes": "\x1b[2J"}]}, "U+001B, which no export can carry"),
        ({"systems": [{"name": "A", "notes": "\x9b2J"}]}, "systems[0].notes: "),
        ({"systems": [{"name": "Shop\u200bify"}]}, "U+200B (ZERO WIDTH SPACE)"),
        ({"systems": [{"name": "\u202eyfipohS"}]}, "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ({"workshop": {"notes": "\x00"}}, "workshop.notes: "),
        ({"candidates": [{"name": "C", "rationales": {"X": "\x07"}}]}, "candidates[0]."),
        ({"systems": [{"name": "A", "\u200b\n": 1}]}, 'systems[0]["\\u200b\\n"]: '),
    ],
)
def test_text_no_export_can_carry_is_refused(
    tmp_path: Path, section: dict[str, object], where: str
) -> None:
    _refused(tmp_path, json.dumps({"format": "seamwork/1", **section}, ensure_ascii=False), where)


def test_forms_hold_typed_text_to_the_same_rules() -> None:
    """The models' validation is what forms and imports share."""
    for bad in ("A\ufffe", "Shop\u200bify", "\u202eA", "A\u2028B", "A\x1bB"):
        with pytest.raises(ValueError):
            clean_name(bad)
    with pytest.raises(ValueError, match="U\\+001B"):
        SystemBase.model_validate({"name": "A", "notes": "\x1b[31mred"})
    kept = SystemBase.model_validate({"name": "A\u0301", "notes": "a\r\nb\tc\rd \U0001f468\u200d"})
    assert kept.name == "\u00c1" and name_key(kept.name) == name_key("\u00e1")
    assert kept.notes == "a\nb\tc\nd \U0001f468\u200d"


def _legacy(path: Path) -> None:
    """A demo workshop as an older version could leave it: hostile characters already stored."""
    new_demo(path)
    connection = sqlite3.connect(path)
    connection.execute(
        "UPDATE system SET name = name || '\ufffe', notes = 'x\uffff\x1b[31mRED\x1b]0;t\x07\x9b2J'"
        " WHERE id = 1"
    )
    connection.execute(
        "UPDATE system SET name = 'Shop\u200bify', name_key = 'shop\u200bify' WHERE id = 2"
    )
    connection.commit()
    connection.close()


def test_a_file_holding_such_text_still_opens_and_exports_to_every_format(tmp_path: Path) -> None:
    path = tmp_path / "legacy.seamwork"
    _legacy(path)
    for fmt in ("md", "html", "csv", "xlsx", "json", "mermaid"):
        result = run_console("export", path, "-f", fmt, "-o", tmp_path / f"out.{fmt}", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    for argv in (("check", path), ("priorities", path), ("export", path, "-f", "md")):
        result = run_console(*argv, cwd=tmp_path)
        assert result.returncode in (0, 1), result.stderr
        assert result.stdout == for_terminal(result.stdout)  # no ESC, BEL or CSI reaches it
    md = run_console("export", path, "-f", "md", "--audience", "team", cwd=tmp_path).stdout
    assert "\\x1b[31mRED" in md.replace("\\[", "[")
    exported = run_console("export", path, "-f", "json", cwd=tmp_path).stdout
    assert "\x9b" not in exported and json.loads(exported)["format"] == "seamwork/1"


def _empty_sqlite(path: Path) -> None:
    sqlite3.connect(path).close()
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x)")
    connection.execute("DROP TABLE t")
    connection.commit()
    connection.close()


@pytest.mark.parametrize("make", [Path.touch, _empty_sqlite], ids=["zero-length", "no-tables"])
@pytest.mark.parametrize(
    "argv",
    [("check",), ("priorities",), ("export", "-f", "md"), ("import", "SOURCE"), ()],
    ids=["check", "priorities", "export", "import", "open"],
)
def test_an_empty_file_is_refused_not_taken_over(
    tmp_path: Path, make: object, argv: tuple[str, ...]
) -> None:
    path = tmp_path / "empty.seamwork"
    make(path)  # type: ignore[operator]
    source = tmp_path / "in.json"
    source.write_text(json.dumps(ESTATE), encoding="utf-8")
    before = digest(path)
    command, *rest = argv or ("",)
    args = [a if a != "SOURCE" else str(source) for a in rest]
    full = [command, path, *args] if command else [path]
    result = run_console(*full, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "is empty, not a Seamwork workshop" in lines[0], result.stderr
    assert f"delete it and run: seamwork {path}" in lines[0]
    assert digest(path) == before


def test_an_edit_keeps_such_text_left_as_it_was_and_refuses_it_typed_anew(tmp_path: Path) -> None:
    """Changing a system's owner is not refused for the control characters an older version let
    into its notes; typing them anew is."""
    from storage.errors import InvalidInput
    from storage.queries.systems import get_system_by_id, update_system
    from storage.workshop_file import open_workshop

    path = tmp_path / "legacy.seamwork"
    _legacy(path)
    with open_workshop(path) as workshop, workshop.session() as session:
        update_system(session, system_id=1, data={"owner": "Finance"})
        update_system(session, system_id=2, data={"owner": "Sales"})  # its name: Shop\u200bify
        with pytest.raises(InvalidInput, match="U\\+001B"):
            update_system(session, system_id=1, data={"vendor": "\x1b[2J"})
        with pytest.raises(InvalidInput, match="U\\+200B"):
            update_system(session, system_id=3, data={"name": "Sage\u200bX3"})
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        first = get_system_by_id(session, system_id=1)
        assert first.owner == "Finance" and "\x1b[31mRED" in first.notes
        assert get_system_by_id(session, system_id=2).owner == "Sales"
