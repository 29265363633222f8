"""The findings are kept in the file once the room is quiet after an edit, whichever screen is
on show (issue 15): the next start, `seamwork check` and the exports read them back."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from time import monotonic

from pilot_support import settle
from workshop_templates import new_demo

from tui.app import SeamworkApp
from tui.collector import QUIET


def kept_count(path: Path) -> tuple[int | None, int]:
    """The change count the kept findings are of (None: none kept), and the file's own."""
    connection = sqlite3.connect(path)
    try:
        kept = connection.execute("SELECT key FROM findings_cache").fetchone()
        now = int(connection.execute("SELECT value FROM change_count").fetchone()[0])
    finally:
        connection.close()
    return (int(kept[0].split("|")[0]) if kept else None), now


async def test_an_edit_made_off_the_overview_has_its_findings_kept_once_quiet(tmp_path):
    from storage.queries.systems import create_system

    path = new_demo(tmp_path / "w.seamwork")
    app = SeamworkApp(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, lambda: app.workshop is not None)
        await pilot.press("2")  # Systems: the Overview is not on show to work them out
        await settle(pilot)
        assert app.workshop is not None
        with app.workshop.session() as session:
            create_system(session, data={"name": "Added meanwhile"})
        app.workshop_changed("system")
        kept, now = kept_count(path)
        assert kept != now  # what is kept describes the file before the edit

        app.collector.touched()  # a key just now: the room is busy, nothing is worked out
        app._keep_findings_when_quiet()
        await app.workers.wait_for_complete()
        assert kept_count(path)[0] == kept

        app.collector.last_input = monotonic() - QUIET  # quiet for a moment
        await settle(pilot, lambda: kept_count(path)[0] == now)
        await app.workers.wait_for_complete()
        assert kept_count(path) == (now, now)
