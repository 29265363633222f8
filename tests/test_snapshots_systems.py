"""Snapshots of the Systems screen and its dialogs, at 120x36 on fixed data.

The header shows the file's path, so each test runs in a fresh `tmp_path` made the working
directory and opens its file by a relative name: the header reads e.g. `demo.seamwork` on every
machine, without the app needing a test-only "display name". Timestamps are pinned with
`SEAMWORK_NOW` (none are shown yet; the audit trail records them).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_workshop
from pilot_support import SIZE, cleared, demo_workshop, on_systems, settle, type_text, until
from textual.pilot import Pilot

from tui.app import SeamworkApp

pytestmark = pytest.mark.usefixtures("fixed_place", "cursors_do_not_blink")


def empty_workshop() -> Path:
    from storage.queries.systems import update_workshop
    from storage.workshop_file import open_workshop

    path = write_workshop(Path("acme.seamwork"))
    with open_workshop(path) as workshop, workshop.session() as session:
        update_workshop(session, data={"name": "Acme integration workshop"})
    return path


def test_empty_systems_screen(snap_compare):
    """An empty workshop: the Systems panel says to press a to add or p to paste, 0 systems."""
    assert snap_compare(
        SeamworkApp(empty_workshop()), terminal_size=SIZE, run_before=cleared(on_systems)
    )


def test_demo_systems_screen(snap_compare):
    """The demo wholesaler's systems sorted by name (▲ on Name), count bottom right, keys below."""
    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(on_systems)
    )


def test_demo_sorted_by_criticality_descending(snap_compare):
    """The demo sorted by Criticality ▼ (five pips first); the status line says so."""

    async def sort(pilot: Pilot[None]) -> None:
        await on_systems(pilot)
        await pilot.press(*["right"] * 6, "s", "s")
        await settle(pilot)

    assert snap_compare(SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(sort))


def test_demo_filtered(snap_compare):
    """The filter bar reads "sage"; only matching systems show, "N of M systems" bottom right."""

    async def filter_(pilot: Pilot[None]) -> None:
        await on_systems(pilot)
        await pilot.press("slash", "s", "a", "g", "e")
        await settle(pilot)

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(filter_)
    )


def test_form_with_a_validation_error(snap_compare):
    """The Add system form: Name "shopify" outlined in red, the duplicate message right under it."""

    async def duplicate(pilot: Pilot[None]) -> None:
        await on_systems(pilot)
        await pilot.press("a")
        await until(pilot, lambda: getattr(pilot.app.focused, "id", None) == "name")
        await type_text(pilot, "shopify")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "already exists" in pilot.app.screen.query_one(
            "#field-name").error)  # fmt: skip
        await settle(pilot)

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(duplicate)
    )


def test_help_screen(snap_compare):
    """Help for Systems: what the screen is for, its keys, then the keys that work everywhere."""

    async def help_(pilot: Pilot[None]) -> None:
        await on_systems(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: pilot.app.screen.id == "help")
        await settle(pilot)

    assert snap_compare(SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(help_))


def test_delete_confirmation(snap_compare):
    """A red "Delete system" dialog naming the highlighted system in bold; Cancel focused."""

    async def delete(pilot: Pilot[None]) -> None:
        await on_systems(pilot)
        await pilot.press("d")
        await until(pilot, lambda: getattr(pilot.app.focused, "id", None) == "cancel")
        await settle(pilot)

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(delete)
    )


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

        await on_systems(pilot)
        await pilot.press("p")
        await until(
            pilot, lambda: pilot.app.focused is not None and pilot.app.focused.id == "paste-text"
        )
        pilot.app.post_message(events.Paste(text))
        await until(pilot, lambda: pilot.app.screen.query_one("#paste-preview").row_count == 4)
        await settle(pilot)

    assert snap_compare(SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(paste))
