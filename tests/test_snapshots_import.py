"""Snapshots of importing a file in the app at 120x36 on the demo: the path prompt, the preview
of a small seamwork/1 JSON file (one new system, one merged), and of a client's inventory
workbook (its mapping, first rows and the changes it makes)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pilot_support import SIZE, cleared, demo_workshop, palette, settle, type_text, until
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import SeamworkApp
from tui.dialogs.import_file import ImportPathDialog, ImportPreviewDialog

pytestmark = pytest.mark.usefixtures("fixed_place", "cursors_do_not_blink")

SOURCE = {
    "format": "seamwork/1",
    "systems": [
        {"name": "Shopify", "vendor": "Shopify Inc.", "criticality": 5},
        {"name": "Salesforce", "category": "crm", "lifecycle": "planned"},
    ],
}


async def _path_prompt(pilot: Pilot[None]) -> ImportPathDialog:
    Path("source.json").write_text(json.dumps(SOURCE), encoding="utf-8")
    await settle(pilot)
    await palette(pilot, "Import a file…")
    await until(pilot, lambda: isinstance(pilot.app.screen, ImportPathDialog))
    dialog = pilot.app.screen
    assert isinstance(dialog, ImportPathDialog)
    await settle(pilot, lambda: dialog.focused is dialog.query_one("#import-path"))
    return dialog


def test_import_path_prompt(snap_compare):
    """The palette's "Import a file…" over the Overview: "File to import" with "sou" typed and
    "rce.json" suggested after it (dimmed), a hint that nothing is written before the preview,
    Close and Read buttons, the key bar with ctrl+s Read and esc Close."""

    async def typed(pilot: Pilot[None]) -> None:
        dialog = await _path_prompt(pilot)
        await type_text(pilot, "sou")
        path_input = dialog.query_one("#import-path", Input)
        await settle(pilot, lambda: path_input._suggestion == "source.json")

    assert snap_compare(SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(typed))


def test_import_preview(snap_compare):
    """source.json read: "Read as seamwork/1 JSON from source.json"; what the import will do,
    a table with Systems 1 new, 1 updated, – unchanged, then the merged system's changes
    (Shopify's vendor and criticality, before -> after); nothing skipped; no mapping needed
    (Seamwork's own format); Cancel and Import (focused) buttons."""

    async def previewed(pilot: Pilot[None]) -> None:
        await _path_prompt(pilot)
        await type_text(pilot, "source.json")
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(pilot.app.screen, ImportPreviewDialog))

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(previewed)
    )


INVENTORY = Path(__file__).parent / "fixtures" / "sheets" / "inventory.xlsx"


def test_import_preview_of_a_spreadsheet(snap_compare):
    """The client's inventory.xlsx read: "spreadsheet of systems"; Systems 2 new, 2 updated;
    the changes to Sage X3 and Shopify field by field (their notes kept, the sheet's added
    under them); skipped: 1 title row above the header; the mapping (Application -> name,
    Business owner -> owner, Supplier -> vendor, ...) and the sheet's first rows, literally."""

    async def previewed(pilot: Pilot[None]) -> None:
        shutil.copy(INVENTORY, "inventory.xlsx")
        await _path_prompt(pilot)
        await type_text(pilot, "inventory.xlsx")
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(pilot.app.screen, ImportPreviewDialog))

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(previewed)
    )
