"""The `seamwork` command line: one sentence and exit 2 for every mistake, files never harmed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from importlib.metadata import version as distribution_version
from pathlib import Path
from typing import Any

import engines
import pytest
from conftest import run_cli as run
from seamwork_files import (
    BAD_FILES,
    FIXTURE,
    digest,
    folder_state,
    make_bad,
    make_read_only,
    make_workshop,
    table_count,
)

import storage.probe
from models import findings
from models.findings import Finding, Severity
from storage.location import parse_location
from storage.workshop_file import open_workshop

SEAMWORK = Path(sys.executable).with_name("seamwork")


def assert_one_sentence(err: str, contains: str = "") -> None:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("seamwork") and lines[0].endswith("."), err
    assert "Traceback" not in err
    assert contains in lines[0], err


def run_console(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real console script (or `python -m tui` when it is not installed)."""
    command = [str(SEAMWORK)] if SEAMWORK.exists() else [sys.executable, "-m", "tui"]
    return subprocess.run(
        [*command, *(str(arg) for arg in argv)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    from workshop_templates import new_demo

    return new_demo(tmp_path / "demo.seamwork")


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    """Stands in for `tui.app` so opening the app can be tested without a terminal."""
    calls: list[Path | None] = []

    def run_app(path: Path | None, *, read_only: bool = False) -> int:
        calls.append(path)
        return 0

    monkeypatch.setitem(sys.modules, "tui.app", types.SimpleNamespace(run_app=run_app))
    return calls


# --- usage ----------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(capsys: pytest.CaptureFixture[str], flag: str) -> None:
    code, out, err = run(capsys, flag)
    assert (code, err) == (0, "")
    assert out == f"seamwork {distribution_version('seamwork')}\n"


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--help")
    assert (code, err) == (0, "")
    for usage in (
        "seamwork [PATH]",
        "seamwork demo PATH",
        "seamwork import PATH SOURCE",
        "seamwork export PATH -f FORMAT [-o OUT] [--since YYYY-MM-DD]",
        "seamwork check PATH [-f text|json]",
        "seamwork priorities PATH [-f text|json]",
        "seamwork serve PATH [--port N] [--host H] [--edit]",
        "seamwork --read-only PATH",
    ):
        assert usage in out


@pytest.mark.parametrize("command", ["demo", "import", "export", "check", "priorities", "serve"])
def test_command_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, err = run(capsys, command, "--help")
    assert (code, err) == (0, "")
    assert out.startswith(f"usage: seamwork {command}")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["frob"], 'seamwork: unknown command "frob"; see seamwork --help.'),
        (
            ["exprot", "x.seamwork"],
            'seamwork: unknown command "exprot" (did you mean "export"?); see seamwork --help.',
        ),
        (["--frob"], 'seamwork: unknown option "--frob"; see seamwork --help.'),
        (["a.seamwork", "b"], 'seamwork: unexpected argument "b"; see seamwork --help.'),
        (
            ["priorities"],
            "seamwork priorities: the following arguments are required: PATH; "
            "see seamwork priorities --help.",
        ),
        (
            ["demo"],
            "seamwork demo: the following arguments are required: PATH; see seamwork demo --help.",
        ),
        (
            ["export", "x.seamwork"],
            "seamwork export: the following arguments are required: -f/--format; "
            "see seamwork export --help.",
        ),
        (
            ["import", "x.seamwork", "a.json", "b.json"],
            "seamwork import: unrecognized arguments: b.json; see seamwork import --help.",
        ),
        (
            ["check", "x.seamwork", "-f", "yaml"],
            'seamwork: check format "yaml" is not known; available: text, json.',
        ),
    ],
)
def test_bad_usage_is_one_sentence_and_exit_2(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err == message + "\n"
    assert list(tmp_path.iterdir()) == []  # a typo never becomes a new workshop file


# --- opening the app ------------------------------------------------------------------------


def test_path_opens_the_app(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_app: list[Path | None]
) -> None:
    path = tmp_path / "w.seamwork"
    assert run(capsys, path) == (0, "", "")
    assert fake_app == [path]


def test_no_path_opens_the_default_workshop(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake_app: list[Path | None],
) -> None:
    import storage.paths

    default = tmp_path / "data" / "default.seamwork"
    monkeypatch.setattr(storage.paths, "default_workshop_path", lambda: default)
    assert run(capsys) == (0, "", "")
    assert fake_app == [default]


def test_a_file_named_like_a_command_opens_with_dot_slash_or_double_dash(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake_app: list[Path | None],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "./frob")[0] == 0
    assert run(capsys, "--", "demo")[0] == 0
    make_workshop(tmp_path / "existing")
    assert run(capsys, "existing")[0] == 0  # an existing file is never taken for a command
    assert fake_app == [Path("frob"), Path("demo"), Path("existing")]


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
@pytest.mark.parametrize("command", ["open", "export", "check", "import"])
def test_bad_file_is_one_sentence_exit_2_and_untouched(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    fake_app: list[Path | None],
    kind: str,
    command: str,
) -> None:
    path, expected = make_bad(kind, tmp_path)
    source = tmp_path / "source.json"
    source.write_text('{"format": "seamwork/1", "systems": [{"name": "A"}]}', encoding="utf-8")
    before = folder_state(tmp_path)
    argv: list[str | Path] = {
        "open": [path],
        "export": ["export", path, "-f", "json"],
        "check": ["check", path],
        "import": ["import", path, source],
    }[command]

    code, out, err = run(capsys, *argv)

    assert (code, out) == (2, "")
    assert_one_sentence(err, expected)
    assert folder_state(tmp_path) == before
    assert fake_app == []  # a bad file never reaches the app


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_file_through_the_real_console_script(tmp_path: Path, kind: str) -> None:
    path, expected = make_bad(kind, tmp_path)
    before = folder_state(tmp_path)
    for argv in (["export", path, "-f", "json"], [path]):
        result = run_console(*argv, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stdout == ""
        assert_one_sentence(result.stderr, expected)
    assert folder_state(tmp_path) == before


@pytest.mark.parametrize("command", ["export", "check"])
def test_missing_or_empty_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    extra = ["-f", "json"] if command == "export" else []
    missing = tmp_path / "missing.seamwork"
    code, _, err = run(capsys, command, missing, *extra)
    assert code == 2
    assert err == f"seamwork: {missing} does not exist.\n"
    assert not missing.exists()

    empty = tmp_path / "empty.seamwork"
    empty.touch()
    code, _, err = run(capsys, command, empty, *extra)
    assert code == 2
    assert err == (
        f"seamwork: {empty} is empty, not a Seamwork workshop; to start a new workshop there, "
        f"delete it and run: seamwork {empty}\n"
    )
    assert empty.read_bytes() == b""


# --- demo -----------------------------------------------------------------------------------


def test_demo_writes_a_new_file_and_refuses_an_existing_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "x.seamwork"
    code, out, err = run(capsys, "demo", path)
    assert (code, err) == (0, "")
    assert out == f"Wrote the demo workshop to {path}; open it with: seamwork {path}\n"
    assert table_count(path, "system") == 10
    before = digest(path)

    code, out, err = run(capsys, "demo", path)
    assert (code, out) == (2, "")
    assert err == f"seamwork: {path} already exists; the demo is only written to a new file.\n"
    assert digest(path) == before


def test_demo_then_export_through_the_console_script(tmp_path: Path) -> None:
    """Done when: `seamwork demo x.seamwork && seamwork export x.seamwork -f json` prints JSON."""
    made = run_console("demo", "x.seamwork", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    exported = run_console("export", "x.seamwork", "-f", "json", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert exported.stderr == ""
    data = json.loads(exported.stdout)
    assert data["format"] == "seamwork/1"
    assert data["workshop"]["name"] == "Northwind Wholesale integration workshop"
    names = [system["name"] for system in data["systems"]]
    assert {"Shopify", "Amazon Seller Central", "Sage X3", "Stripe", "Power BI"} <= set(names)
    assert names == sorted(names, key=lambda name: (name.casefold(), name))


def test_python_dash_m_tui_is_the_same_command_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout == f"seamwork {distribution_version('seamwork')}\n"
    failed = subprocess.run(
        [sys.executable, "-m", "tui", "frob"], cwd=tmp_path, capture_output=True, text=True
    )
    assert failed.returncode == 2
    assert_one_sentence(failed.stderr, 'unknown command "frob"')


def test_the_process_entry_point_exits_with_main_status_and_all_of_its_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, demo: Path
) -> None:
    """`run` (python -m tui, the console script) sets the heap aside before the exit's last
    collection, never output: a piped export prints all that `main` prints, and exits with
    its status."""
    script = (
        "import atexit, gc, sys; from tui.cli import run; sys.argv = ['seamwork', *sys.argv[1:]]; "
        "atexit.register(lambda: gc.get_freeze_count() or sys.stderr.write('not frozen')); run()"
    )
    for argv, status in ((["export", str(demo), "-f", "json"], 0), (["check", str(demo)], 1)):
        process = subprocess.run(
            [sys.executable, "-c", script, *argv],
            cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", timeout=60,
        )  # fmt: skip
        assert process.stderr == ""
        assert (process.returncode, process.stdout) == run(capsys, *argv)[:2]
        assert status == process.returncode  # the demo holds a blocker


# --- export ---------------------------------------------------------------------------------


def test_export_json_to_stdout_is_the_interchange_file(
    capsys: pytest.CaptureFixture[str], demo: Path
) -> None:
    from storage.formats.seamwork_json.document import export_json

    code, out, err = run(capsys, "export", demo, "-f", "JSON")
    assert (code, err) == (0, "")
    with open_workshop(demo, read_only=True) as workshop, workshop.session() as session:
        assert out == export_json(session)


def test_export_to_a_file_is_atomic_and_owner_only(
    capsys: pytest.CaptureFixture[str], demo: Path
) -> None:
    out_path = demo.with_name("out.json")
    out_path.write_text("old export", encoding="utf-8")
    _, expected, _ = run(capsys, "export", demo, "-f", "json")

    code, out, err = run(capsys, "export", demo, "-f", "json", "-o", out_path)

    assert (code, err) == (0, "")
    assert out == f"Wrote {out_path}.\n"
    assert out_path.read_text(encoding="utf-8") == expected
    assert out_path.stat().st_mode & 0o777 == 0o600
    assert not [p for p in demo.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_failed_export_leaves_the_old_file_and_no_temporary(
    capsys: pytest.CaptureFixture[str], demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out_path = demo.with_name("out.json")
    out_path.write_text("old export", encoding="utf-8")

    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    code, out, err = run(capsys, "export", demo, "-f", "json", "-o", out_path)

    assert (code, out) == (2, "")
    assert err == f'seamwork: cannot write "{out_path}": the disk is full.\n'
    assert out_path.read_text(encoding="utf-8") == "old export"
    assert not [p for p in demo.parent.iterdir() if p.name.endswith(".tmp")]


def test_an_unknown_export_format(capsys: pytest.CaptureFixture[str], demo: Path) -> None:
    before = folder_state(demo.parent)
    message = (
        'seamwork: export format "pdf" is not known; available: md, html, csv, xlsx, json, '
        "mermaid, archimate-xml, archi-csv."
    )
    assert run(capsys, "export", demo, "-f", "pdf") == (2, "", message + "\n")
    assert folder_state(demo.parent) == before


def test_export_refuses_bad_outputs(capsys: pytest.CaptureFixture[str], demo: Path) -> None:
    before = folder_state(demo.parent)
    for out, message in (
        (demo, f"seamwork: {demo} is the workshop itself; choose another file name."),
        (demo.parent, f"seamwork: {demo.parent} is a folder; give a file name to write."),
        (
            demo.parent / "nope" / "x.json",
            f"seamwork: cannot write {demo.parent / 'nope' / 'x.json'}: "
            f"the folder {demo.parent / 'nope'} does not exist.",
        ),
    ):
        assert run(capsys, "export", demo, "-f", "json", "-o", out) == (2, "", message + "\n")
    assert folder_state(demo.parent) == before


# --- check ----------------------------------------------------------------------------------


def test_check_with_no_findings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "w.seamwork"
    make_workshop(path)
    assert run(capsys, "check", path) == (0, "No findings.\n", "")
    code, out, err = run(capsys, "check", path, "-f", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "findings": [],
        "summary": {"blocker": 0, "warning": 0, "info": 0},
    }


def test_check_exits_1_when_a_blocker_exists(
    capsys: pytest.CaptureFixture[str], demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def rule(data: object) -> list[Finding]:
        return [
            Finding("TEST-WARNING", Severity.WARNING, "Look at Shopify.", ("Shopify",)),
            Finding("TEST-BLOCKER", Severity.BLOCKER, "Stop.", ("Sage X3", "Shopify")),
        ]

    monkeypatch.setattr(findings, "RULES", (rule,))
    code, out, err = run(capsys, "check", demo)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "blocker  TEST-BLOCKER: Stop. [Sage X3, Shopify]",
        "warning  TEST-WARNING: Look at Shopify. [Shopify]",
        "2 findings: 1 blocker, 1 warning, 0 info.",
    ]
    code, out, _ = run(capsys, "check", demo, "-f", "json")
    assert code == 1
    data = json.loads(out)
    assert data["summary"] == {"blocker": 1, "warning": 1, "info": 0}
    assert data["findings"][0] == {
        "code": "TEST-BLOCKER",
        "severity": "blocker",
        "message": "Stop.",
        "subjects": ["Sage X3", "Shopify"],
    }


def test_check_exits_0_with_warnings_only(
    capsys: pytest.CaptureFixture[str], demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        findings, "RULES", (lambda data: [Finding("TEST-INFO", Severity.INFO, "Note.")],)
    )
    code, out, _ = run(capsys, "check", demo)
    assert code == 0
    assert out.splitlines()[-1] == "1 finding: 0 blockers, 0 warnings, 1 info."


# --- read-only and busy files ---------------------------------------------------------------


# The demo holds a blocker on purpose, so `check` exits 1 there; reading still works.
READERS = [
    (["check"], 1),
    (["export", "-f", "json"], 0),
    (["export", "-f", "mermaid"], 0),
    (["export", "-f", "md", "--since", "2000-01-01"], 0),
]


@pytest.mark.parametrize(("command", "status"), READERS)
def test_check_and_export_work_on_a_read_only_file(
    capsys: pytest.CaptureFixture[str], demo: Path, command: list[str], status: int
) -> None:
    make_read_only(demo)
    before = folder_state(demo.parent)
    code, out, err = run(capsys, command[0], demo, *command[1:])
    assert (code, err) == (status, "")
    assert out
    assert folder_state(demo.parent) == before


@pytest.mark.parametrize(("command", "status"), READERS)
def test_check_and_export_work_while_another_window_edits(
    capsys: pytest.CaptureFixture[str], demo: Path, command: list[str], status: int
) -> None:
    from storage.queries.systems import create_system

    with open_workshop(demo) as editor:
        assert not editor.read_only
        with editor.session() as session:
            create_system(session, data={"name": "Brand new system"})
        code, out, err = run(capsys, command[0], demo, *command[1:])
        assert (code, err) == (status, "")
        if command[0] == "export":
            assert "Brand new system" in out  # sees what the editor saved a moment ago


def test_an_older_file_is_upgraded_for_export_only_when_writable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pretend this version's schema moved past the fixture's, as the next migration will."""
    path = tmp_path / "old.seamwork"
    path.write_bytes(FIXTURE.read_bytes())
    monkeypatch.setattr(storage.probe, "HEAD_REVISION", "0002")

    make_read_only(path)
    before = folder_state(tmp_path)
    code, out, err = run(capsys, "export", path, "-f", "json")
    assert (code, out) == (2, "")
    assert err == (
        f"seamwork: {path} was saved by an older version of Seamwork and must be upgraded, "
        "but the file is read-only.\n"
    )
    assert folder_state(tmp_path) == before

    os.chmod(path, 0o600)
    code, out, err = run(capsys, "export", path, "-f", "json")
    assert code == 0
    backup = path.with_name("old.seamwork.before-0001.bak")
    assert err == f"seamwork: upgraded {path}; the original is kept in {backup}.\n"
    assert backup.exists()
    assert "Zoé Café Kassensystem" in out


# --- import ---------------------------------------------------------------------------------


def test_import_creates_the_workshop_and_reports_one_line(
    capsys: pytest.CaptureFixture[str],
    workshop_at: Any,
    fresh_at: Any,
    tmp_path: Path,
) -> None:
    """Into a new workshop, then into the same one again (a merge), on either engine."""
    demo = workshop_at("demo", demo=True)
    _, exported, _ = run(capsys, "export", demo, "-f", "json")
    source = tmp_path / "demo.json"
    source.write_text(exported, encoding="utf-8")
    target = fresh_at("copy")
    if not engines.is_server(target):
        target = str(tmp_path / "new" / "copy.seamwork")  # its folder made too
    shown = str(parse_location(target))  # a server workshop as `host/db · name`

    code, out, err = run(capsys, "import", target, source)
    assert (code, err) == (0, "")
    assert out == (
        f"{shown}: Imported 10 systems (10 new), 9 data objects (9 new), 24 flows (24 new), "
        "68 scenarios (68 new), 330 checks (330 new), 6 criteria (6 new), 6 candidates (6 new), "
        "5 KPIs (5 new), 2 sessions (2 new); workshop details updated.\n"
    )
    assert run(capsys, "export", target, "-f", "json")[1] == exported

    code, out, _ = run(capsys, "import", target, source)
    assert out == (
        f"{shown}: Imported 10 systems (10 unchanged), 9 data objects (9 unchanged), "
        "24 flows (24 unchanged), 68 scenarios (68 unchanged), 330 checks (330 unchanged), "
        "6 criteria (6 unchanged), 6 candidates (6 unchanged), 5 KPIs (5 unchanged), "
        "2 sessions (2 unchanged).\n"
    )


def test_import_from_stdin(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = '{"format": "seamwork/1", "systems": [{"name": "Zoé"}]}'
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=_Bytes(text.encode())))
    code, out, _ = run(capsys, "import", tmp_path / "w.seamwork", "-")
    assert code == 0 and "1 system (1 new)" in out


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        return self.data if size < 0 else self.data[:size]


BAD_SOURCES = {
    "not json": (b"{not json", "The file is not valid JSON"),
    "bad enum": (
        b'{"format": "seamwork/1", "systems": [{"name": "A", "api": "fax"}]}',
        "systems[0].api: Api must be one of",
    ),
    "duplicates": (
        b'{"format": "seamwork/1", "systems": [{"name": "A"}, {"name": "a"}]}',
        'systems[1].name: "a" appears twice',
    ),
    "unknown key": (b'{"format": "seamwork/1", "session": []}', "session: This version"),
    "unknown system in a flow": (
        b'{"format": "seamwork/1", "systems": [{"name": "Shopify"}], '
        b'"data_objects": [{"name": "Stock"}], '
        b'"flows": [{"source": "Shopfy", "target": "Shopify", "data_object": "Stock"}]}',
        'flows[0].source: no system named "Shopfy".',
    ),
    "wrong format": (b'{"format": "csv"}', 'format: "csv" is not a format'),
    "not utf-8": (b'{"format": "seamwork/1", "workshop": {"name": "\xff"}}', "is not UTF-8 text"),
}


# On the server, one refusal found parsing the file and one found merging it into the
# workshop (its rows are looked up): the others take the first's path there too.
ON_SERVER = ("not json", "unknown system in a flow")


@pytest.mark.parametrize(
    ("engine", "case"),
    [("file", case) for case in sorted(BAD_SOURCES)] + [("postgresql", case) for case in ON_SERVER],
    indirect=["engine"],
)
def test_a_bad_source_changes_nothing(
    capsys: pytest.CaptureFixture[str], workshop_at: Any, tmp_path: Path, case: str
) -> None:
    content, expected = BAD_SOURCES[case]
    demo = workshop_at("demo", demo=True)
    source = tmp_path / "bad.json"
    source.write_bytes(content)
    before = folder_state(tmp_path)
    audit = engines.table_count(demo, "audit")
    rows = engines.fingerprint(demo) if engines.is_server(demo) else None

    code, out, err = run(capsys, "import", demo, source)
    assert (code, out) == (2, "")
    assert_one_sentence(err, expected)
    assert folder_state(tmp_path) == before
    assert engines.table_count(demo, "audit") == audit
    if rows is not None:
        assert engines.fingerprint(demo) == rows

    if engines.is_server(demo):  # a new workshop is not created, nor left behind
        database = demo.split("?", 1)[0]
        schemas = engines.schemas(database)
        code, _, err = run(capsys, "import", f"{database}?workshop=new", source)
        assert code == 2
        assert_one_sentence(err, expected)
        assert engines.schemas(database) == schemas
        return
    new = tmp_path / "fresh" / "folder" / "new.seamwork"  # not created either, nor its folders
    code, _, err = run(capsys, "import", new, source)
    assert code == 2
    assert_one_sentence(err, expected)
    assert not (tmp_path / "fresh").exists()
    assert folder_state(tmp_path) == before


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("missing.json", "missing.json does not exist."),
        (".", ". is a folder without an Archi CSV export (no elements.csv in it)."),
    ],
)
def test_import_source_that_cannot_be_read(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    source: str,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "import", "w.seamwork", source) == (2, "", f"seamwork: {message}\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.files_only("a file's editor lock and permission bits; on a server every window writes")
def test_import_into_a_read_only_or_busy_workshop_changes_nothing(
    capsys: pytest.CaptureFixture[str], demo: Path, tmp_path: Path
) -> None:
    source = tmp_path / "ok.json"
    source.write_text('{"format": "seamwork/1", "systems": [{"name": "New"}]}', encoding="utf-8")

    with open_workshop(demo):  # another window is editing it
        before = digest(demo)
        code, out, err = run(capsys, "import", demo, source)
        assert (code, out) == (2, "")
        assert err == (
            f"seamwork: cannot import into {demo}: "
            "it is open for editing in another Seamwork window.\n"
        )
        assert digest(demo) == before

    make_read_only(demo)
    before_folder = folder_state(tmp_path)
    code, _, err = run(capsys, "import", demo, source)
    assert code == 2
    assert err == f"seamwork: cannot import into {demo}: the file is read-only.\n"
    assert folder_state(tmp_path) == before_folder


# --- fast start -----------------------------------------------------------------------------


def test_commands_other_than_the_app_never_import_textual(demo: Path, tmp_path: Path) -> None:
    bad, _ = make_bad("text-file", tmp_path)
    script = f"""
import sys
from tui.cli import main
codes = [
    main(["--version"]),
    main(["--help"]),
    main(["check", {str(demo)!r}]),
    main(["export", {str(demo)!r}, "-f", "json"]),
    main(["export", {str(demo)!r}, "-f", "mermaid"]),
    main([{str(bad)!r}]),
]
assert codes == [0, 0, 1, 0, 0, 2], codes  # the demo has a blocker: check exits 1
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith(("textual.", "tui.app")))
assert not loaded, loaded
"""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_version_does_not_import_sqlalchemy(tmp_path: Path) -> None:
    script = """
import sys
from tui.cli import main
assert main(["--version"]) == 0
assert "sqlalchemy" not in sys.modules and "sqlmodel" not in sys.modules
"""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_opening_the_app_makes_escape_quick_unless_the_user_set_escdelay(tmp_path: Path) -> None:
    """Textual waits ESCDELAY ms (100 by default) to tell a lone escape from a key sequence;
    the app asks 25, before Textual reads it; a user's own setting stands."""
    script = """
import os, sys
from tui.cli import _quick_escape
_quick_escape()
from textual import constants
print(os.environ["ESCDELAY"], constants.ESCAPE_DELAY)
"""
    env = {key: value for key, value in os.environ.items() if key != "ESCDELAY"}
    for given, want in ((None, "25 0.025"), ("60", "60 0.06")):
        if given is not None:
            env["ESCDELAY"] = given
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == want.split()


def test_opening_leaves_collection_on_with_the_modules_set_aside(
    tmp_path: Path, monkeypatch
) -> None:
    """The app's modules load with no collection, then are frozen (`gc.freeze`): collection
    must be on again when the app runs, whatever the import did."""
    import gc

    import tui.app
    from tui.cli import cmd_open

    seen: list[tuple[bool, int]] = []
    monkeypatch.setattr(tui.app, "run_app", lambda path: seen.append(
        (gc.isenabled(), gc.get_freeze_count())) or 0)  # fmt: skip
    path = tmp_path / "w.seamwork"
    try:
        assert cmd_open(str(path)) == 0
    finally:
        gc.unfreeze()  # the other tests' objects are not the app's to keep
    assert seen and seen[0][0] and seen[0][1] > 0


def test_a_command_holds_full_collections_and_spaces_young_ones(
    capsys: pytest.CaptureFixture[str], demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a command runs: no full collection, a young one every `COMMAND_YOUNG`
    allocations; CPython's thresholds again after (tests call `main` many times)."""
    import gc

    import tui.cli
    from tui.collector import HELD

    before = gc.get_threshold()
    seen: list[tuple[int, int, int]] = []
    export = tui.cli.HANDLERS["export"]

    def watching(args: object) -> int:
        seen.append(gc.get_threshold())
        return export(args)  # type: ignore[arg-type]

    monkeypatch.setitem(tui.cli.HANDLERS, "export", watching)
    assert run(capsys, "export", demo, "-f", "json")[0] == 0
    assert seen == [(max(before[0], tui.cli.COMMAND_YOUNG), before[1], HELD)]
    assert gc.get_threshold() == before
