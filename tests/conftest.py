"""Shared fixtures. TUI tests drive the real app on real workshop files in `tmp_path`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

SystemData = Mapping[str, Any]

# A small, fixed estate for TUI tests: names chosen so every sortable column orders differently.
SAMPLE_SYSTEMS: tuple[dict[str, Any], ...] = (
    {
        "name": "Shopify",
        "category": "e-commerce",
        "vendor": "Shopify",
        "owner": "Head of e-commerce",
        "lifecycle": "live",
        "api": "rest",
        "criticality": 5,
    },
    {
        "name": "Sage X3",
        "category": "erp",
        "vendor": "Sage",
        "owner": "Finance director",
        "lifecycle": "live",
        "api": "soap",
        "criticality": 4,
    },
    {
        "name": "Mintsoft",
        "category": "warehouse",
        "vendor": "Access Group",
        "owner": "Operations",
        "lifecycle": "implementing",
        "api": "rest",
        "criticality": 3,
    },
    {
        "name": "Xero",
        "category": "finance",
        "vendor": "Xero",
        "owner": "CFO",
        "lifecycle": "retiring",
        "api": "rest",
        "criticality": 1,
    },
)


def write_workshop(path: Path, systems: Iterable[SystemData] = ()) -> Path:
    """Create a workshop file at `path` holding `systems`, through storage, and close it."""
    from storage.queries.systems import create_system
    from storage.workshop_file import open_workshop

    with open_workshop(path) as workshop, workshop.session() as session:
        for data in systems:
            create_system(session, data=dict(data))
    return path


@pytest.fixture
def make_workshop(tmp_path: Path) -> Callable[..., Path]:
    """`make_workshop(systems=..., name=...)` -> the path of a new, closed workshop file."""

    def make(systems: Iterable[SystemData] = (), name: str = "acme") -> Path:
        return write_workshop(tmp_path / f"{name}.seamwork", systems)

    return make


def system_names(path: Path) -> list[str]:
    """The systems' names in the file at `path`, read afresh (read-only), sorted by name."""
    from storage.queries.systems import list_systems
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return [system.name for system in list_systems(session)]


@pytest.fixture
def read_names() -> Callable[[Path], list[str]]:
    return system_names


@pytest.fixture
def fixed_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work in a fresh `tmp_path` with `SEAMWORK_NOW` pinned, for snapshots.

    The header shows the file's path, so a snapshot test opens its file by a relative name in
    `tmp_path` made the working directory: the header (and an export's destination) reads e.g.
    `demo.seamwork` on every machine, without the app needing a test-only "display name".
    """
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SEAMWORK_NOW", "2026-11-25T09:00:00+00:00")


@pytest.fixture
def cursors_do_not_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cursors that never start blinking, so a snapshot cannot catch one mid-blink.

    Turning blinking off after a widget mounts races its blink timer; Textual has no setting
    for it, so the reactive's default is changed for the test (textual is pinned exactly).
    """
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input.cursor_blink, "_default", False)
    monkeypatch.setattr(TextArea.cursor_blink, "_default", False)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """Run `seamwork ARGV` in this process: its exit code, standard output and error."""
    from tui.cli import main

    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err
