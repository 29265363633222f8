"""Snapshots of importing a file in the app at 120x36 on the demo: the path prompt and the
preview of a small seamwork/1 JSON file (one new system, one merged)."""

from __future__ import annotations

import json
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
    a table with Systems 1 new, 1 updated, – unchanged; nothing skipped; no mapping needed
    (Seamwork's own format); Cancel and Import (focused) buttons."""

    async def previewed(pilot: Pilot[None]) -> None:
        await _path_prompt(pilot)
        await type_text(pilot, "source.json")
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(pilot.app.screen, ImportPreviewDialog))

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(previewed)
    )
