"""`seamwork export` for every format: where it writes, what it prints, how it fails."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import engines
import pytest
from conftest import run_cli as run
from seamwork_files import folder_state

from tui import cli

SEAMWORK = Path(sys.executable).with_name("seamwork")


@pytest.fixture
def demo(workshop_at: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The demo, as a file in `tmp_path` or on the server; `tmp_path` is the working folder, where
    a server workshop's exports go (a file's go beside it)."""
    monkeypatch.chdir(tmp_path)
    where = workshop_at("acme", demo=True)
    return Path(where) if not engines.is_server(where) else where


def beside(demo: Path | str, name: str) -> Path:
    """Where an export named `name` goes by default, as the command line says it: beside a
    file; in the working folder for a server workshop."""
    return demo.with_name(name) if isinstance(demo, Path) else Path(name)


def files_of(demo: Path | str) -> list[str]:
    """The workshop's own file in its folder (a server workshop has none)."""
    return [demo.name] if isinstance(demo, Path) else []


@pytest.mark.parametrize("fmt", ["md", "json", "mermaid"])
def test_text_formats_go_to_standard_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], demo: Path, fmt: str
) -> None:
    before = folder_state(tmp_path)
    code, out, err = run(capsys, "export", demo, "-f", fmt)
    assert (code, err) == (0, "")
    start = {"md": "# Northwind Wholesale", "json": "{\n", "mermaid": "flowchart LR\n"}[fmt]
    assert out.startswith(start) and out.endswith("\n")
    assert folder_state(tmp_path) == before


@pytest.mark.parametrize(
    ("fmt", "name"), [("html", "acme.html"), ("xlsx", "acme.xlsx"), ("csv", "acme-csv")]
)
def test_other_formats_go_beside_the_workshop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], demo: Path, fmt: str, name: str
) -> None:
    code, out, err = run(capsys, "export", demo, "-f", fmt)
    target = beside(demo, name)
    assert (code, out, err) == (0, f"Wrote {target}.\n", "")
    assert target.exists()
    assert (target / "flows.csv").is_file() if fmt == "csv" else target.is_file()
    # Exporting again replaces the earlier export.
    assert run(capsys, "export", demo, "-f", fmt)[:2] == (0, f"Wrote {target}.\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*files_of(demo), name])


def test_output_options(tmp_path: Path, capsys: pytest.CaptureFixture[str], demo: Path) -> None:
    folder = tmp_path
    for argv, written in (
        (["-f", "md", "-o", folder / "s.md"], folder / "s.md"),
        (["-f", "html", "-o", folder / "s.html"], folder / "s.html"),
        (["-f", "csv", "-o", folder / "t.zip"], folder / "t.zip"),
        (["-f", "csv", "--zip"], beside(demo, "acme-csv.zip")),
        (["-f", "csv", "-o", folder / "tables"], folder / "tables"),
        (["-f", "mermaid", "-o", folder / "map.mmd"], folder / "map.mmd"),
    ):
        assert run(capsys, "export", demo, *argv) == (0, f"Wrote {written}.\n", "")
    assert zipfile.is_zipfile(folder / "t.zip") and zipfile.is_zipfile(folder / "acme-csv.zip")
    assert (folder / "tables" / "systems.csv").is_file()
    assert (folder / "s.md").read_text("utf-8").startswith("# Northwind")


def test_since_adds_the_changes(capsys: pytest.CaptureFixture[str], demo: Path) -> None:
    code, out, err = run(capsys, "export", demo, "-f", "md", "--since", "2000-01-01")
    assert (code, err) == (0, "")
    assert "## Changes since 2000-01-01" in out and "| System | 10 | 0 | 0 |" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["-f", "md", "--since", "last week"],
            'seamwork: --since takes a date as YYYY-MM-DD, not "last week".',
        ),
        (
            ["-f", "json", "--since", "2025-01-01"],
            "seamwork: --since applies to the md, html, csv, xlsx exports, not json.",
        ),
        (["-f", "html", "--zip"], "seamwork: --zip applies to the csv export only."),
    ],
)
def test_bad_options_are_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], demo: Path, argv: list[str], message: str
) -> None:
    before = folder_state(tmp_path)
    assert run(capsys, "export", demo, *argv) == (2, "", message + "\n")
    assert folder_state(tmp_path) == before


@pytest.mark.parametrize("fmt", ["html", "xlsx", "csv", "md"])
def test_an_unwritable_folder_is_one_sentence_and_exit_2(
    capsys: pytest.CaptureFixture[str], demo: Path, tmp_path: Path, fmt: str
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    out = locked / f"summary.{fmt}"
    try:
        code, stdout, err = run(capsys, "export", demo, "-f", fmt, "-o", out)
    finally:
        locked.chmod(0o755)
    assert (code, stdout) == (2, "")
    assert err == f'seamwork: cannot write "{out}": permission denied.\n'
    assert list(locked.iterdir()) == []


def test_a_csv_export_never_replaces_a_folder_of_other_files(
    capsys: pytest.CaptureFixture[str], demo: Path, tmp_path: Path
) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "contract.pdf").write_bytes(b"%PDF")
    code, out, err = run(capsys, "export", demo, "-f", "csv", "-o", documents)
    assert (code, out) == (2, "")
    assert err == (
        f'seamwork: cannot write "{documents}": the folder holds files that are not CSV; '
        "choose another.\n"
    )
    assert [p.name for p in documents.iterdir()] == ["contract.pdf"]


def test_progress_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    callback, stop = cli._export_progress()
    assert callback is None  # stderr is captured here: no bar, nothing mixed into the output
    stop()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    callback, stop = cli._export_progress()
    assert callback is not None
    callback(3, 10, "Systems")
    stop()


def test_the_console_script_writes_no_progress_into_pipes(tmp_path: Path, demo: Path) -> None:
    command = [str(SEAMWORK)] if SEAMWORK.exists() else [sys.executable, "-m", "tui"]
    result = subprocess.run(
        [*command, "export", *(files_of(demo) or [demo]), "-f", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["format"] == "seamwork/1"


def test_the_command_line_offers_every_export_format() -> None:
    from storage.formats.export import FORMATS

    assert cli.EXPORT_FORMATS == FORMATS


def test_audience_client_is_the_default_and_team_adds_the_notes(
    capsys: pytest.CaptureFixture[str], demo: Path
) -> None:
    note = "Split deliveries create a second shipment by hand."  # a flow's note: internal
    code, client, _ = run(capsys, "export", demo, "-f", "md")
    assert code == 0 and note not in client
    code, explicit, _ = run(capsys, "export", demo, "-f", "md", "--audience", "client")
    assert code == 0 and explicit == client
    code, team, _ = run(capsys, "export", demo, "-f", "md", "--audience", "team")
    assert code == 0 and note in team and "do not send to the client" in team


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("-f", "md", "--audience", "board"), '--audience takes client or team, not "board".'),
        (("-f", "json", "--audience", "team"), "--audience applies to the md, html, csv, xlsx"),
    ],
)
def test_a_bad_audience_is_one_sentence_and_exit_2(
    capsys: pytest.CaptureFixture[str], demo: Path, argv: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, "export", demo, *argv)
    assert (code, out) == (2, "") and message in err and err.count("\n") == 1
