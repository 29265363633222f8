"""Snapshots of the Systems screen and its dialogs, at 120x36 on fixed data.

The header shows the file's path, so each test runs in a fresh `tmp_path` made the working
directory and opens its file by a relative name: the header reads e.g. `demo.seamwork` on every
machine, without the app needing a test-only "display name". Timestamps are pinned with
`SEAMWORK_NOW` (none are shown yet; the audit trail records them).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write_workshop
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tui.app import SeamworkApp

SIZE = (120, 36)


@pytest.fixture(autouse=True)
def fixed_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SEAMWORK_NOW", "2026-11-25T09:00:00+00:00")


@pytest.fixture(autouse=True)
def cursors_do_not_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cursors that never start blinking, so a snapshot cannot catch one mid-blink.

    Turning blinking off after a widget mounts races its blink timer; Textual has no setting
    for it, so the reactive's default is changed for the test (textual is pinned exactly).
    """
    monkeypatch.setattr(Input.cursor_blink, "_default", False)
    monkeypatch.setattr(TextArea.cursor_blink, "_default", False)


def empty_workshop() -> Path:
    from storage.systems import update_workshop
    from storage.workshop_file import open_workshop

    path = write_workshop(Path("acme.seamwork"))
    with open_workshop(path) as workshop, workshop.session() as session:
        update_workshop(session, data={"name": "Acme integration workshop"})
    return path


def demo_workshop() -> Path:
    from storage.demo import write_demo

    path = Path("demo.seamwork")
    write_demo(path)
    return path


async def _still(pilot: Pilot[None]) -> None:
    """Wait until the workshop is open and its rows are shown."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _on_systems(pilot: Pilot[None]) -> None:
    """Go to Systems (key 2; the first screen is the Overview) and wait for its rows."""
    await _still(pilot)
    await pilot.press("2")
    await _still(pilot)


async def _until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    """Pause until `condition` holds (dialogs mount a little later on a busy machine)."""
    for _ in range(100):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app did not get there")


def test_empty_systems_screen(snap_compare):
    """An empty workshop: the Systems panel says to press a to add or p to paste, 0 systems."""
    assert snap_compare(SeamworkApp(empty_workshop()), terminal_size=SIZE, run_before=_on_systems)


def test_demo_systems_screen(snap_compare):
    """The demo wholesaler's systems sorted by name (▲ on Name), count bottom right, keys below."""
    assert snap_compare(SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=_on_systems)


def test_demo_sorted_by_criticality_descending(snap_compare):
    """The demo sorted by Criticality ▼ (five pips first); the status line says so."""

    async def sort(pilot: Pilot[None]) -> None:
        await _on_systems(pilot)
        await pilot.press(*["right"] * 6, "s", "s")
        await _still(pilot)

    assert snap_compare(SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=sort)


def test_demo_filtered(snap_compare):
    """The filter bar reads "sage"; only matching systems show, "N of M systems" bottom right."""

    async def filter_(pilot: Pilot[None]) -> None:
        await _on_systems(pilot)
        await pilot.press("slash", "s", "a", "g", "e")
        await _still(pilot)

    assert snap_compare(SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=filter_)


def test_form_with_a_validation_error(snap_compare):
    """The Add system form: Name "shopify" outlined in red, the duplicate message right under it."""

    async def duplicate(pilot: Pilot[None]) -> None:
        await _on_systems(pilot)
        await pilot.press("a")
        await _until(pilot, lambda: getattr(pilot.app.focused, "id", None) == "name")
        await pilot.press(*"shopify", "ctrl+s")
        await _until(pilot, lambda: "already exists" in pilot.app.screen.query_one(
            "#field-name").error)  # fmt: skip
        await _still(pilot)

    assert snap_compare(SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=duplicate)


def test_help_screen(snap_compare):
    """Help for Systems: what the screen is for, its keys, then the keys that work everywhere."""

    async def help_(pilot: Pilot[None]) -> None:
        await _on_systems(pilot)
        await pilot.press("question_mark")
        await _until(pilot, lambda: pilot.app.screen.id == "help")
        await _still(pilot)

    assert snap_compare(SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=help_)


def test_delete_confirmation(snap_compare):
    """A red "Delete system" dialog naming the highlighted system in bold; Cancel focused."""

    async def delete(pilot: Pilot[None]) -> None:
        await _on_systems(pilot)
        await pilot.press("d")
        await _until(pilot, lambda: getattr(pilot.app.focused, "id", None) == "cancel")
        await _still(pilot)

    assert snap_compare(SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=delete)


def test_paste_preview(snap_compare):
    """Paste systems, four rows pasted: "2 to create, 1 duplicate, 1 rejected", statuses in
    green/amber/red with the reasons, and a "Create 2 systems" button."""
    text = (
        "Magento\tecommerce\tHead of e-commerce\tAdobe\tretiring\n"
        "Shopify\te-commerce\tHead of e-commerce\tShopify\tlive\n"
        "Psychic hotline\ttelepathy\tNobody\tMystic Meg\tlive\n"
        "Zendesk\thelpdesk\tHead of customer service\tZendesk\tin implementation\n"
    )

    async def paste(pilot: Pilot[None]) -> None:
        from textual import events

        await _on_systems(pilot)
        await pilot.press("p")
        await _until(
            pilot, lambda: pilot.app.focused is not None and pilot.app.focused.id == "paste-text"
        )
        pilot.app.post_message(events.Paste(text))
        await _until(pilot, lambda: pilot.app.screen.query_one("#paste-preview").row_count == 4)
        await _still(pilot)

    assert snap_compare(SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=paste)
