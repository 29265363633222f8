"""Keystrokes to capture a workshop: a 7-system, 7-flow professional-services estate typed into
the real app with Pilot, counting every key.

Prints figures; exits 1 only if the app did not record what was typed. Usage:

    python scripts/bench_keys.py

A new, empty workshop is opened at 120x36. The systems come in by paste, as from the client's
spreadsheet: 2 (Systems), p, the paste (counted as one key, ctrl+shift+v), ctrl+s. The flows
come in by quick capture: 3 (Flows), c, then each flow as the room says it. A system name is
typed as its shortest prefix that tab completes to it alone, then tab (which also adds " -> "
after the source and ": " after the target); a data object already captured likewise (tab adds
", " before the details); a new data object is typed in full, then tab for the ", ". Details
use the short words the grammar knows ("live", "api"), a longer one typed as its shortest
prefix that tab completes ("con" + tab is "connector").
Enter records; a new data object costs one more key (enter on "Create"). Goal (issue 13): at
most 30 keys per flow whose systems exist; before quick capture matched prefixes it took about
63.
"""

from __future__ import annotations

import asyncio
import re
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textual import events  # noqa: E402
from textual.pilot import Pilot  # noqa: E402

SIZE = (120, 36)

SPREADSHEET = "\n".join(
    "\t".join(row)
    for row in [
        ("Salesforce Sales Cloud", "crm", "Sales operations", "Salesforce", "live"),
        ("Mission Control PSA", "psa", "Delivery", "Mission Control", "live"),
        ("Xero", "finance", "Finance", "Xero", "live"),
        ("BambooHR", "hr", "People", "BambooHR", "live"),
        ("HubSpot", "marketing", "Marketing", "HubSpot", "live"),
        ("Jira Service Management", "support", "IT", "Atlassian", "live"),
        ("Power BI", "bi", "Finance", "Microsoft", "implementing"),
    ]
)


@dataclass(frozen=True)
class Said:
    """One flow as the room says it: the ends, the data object and the details."""

    source: str
    target: str
    data_object: str
    details: str = ""  # what follows the data object, e.g. ", live api"

    @property
    def ref(self) -> str:
        return f"{self.source} -> {self.target}: {self.data_object}"


FLOWS = [
    Said("Salesforce Sales Cloud", "Mission Control PSA", "Won opportunities", ", live api"),
    Said("HubSpot", "Salesforce Sales Cloud", "Leads", ", live api"),
    Said("Mission Control PSA", "Xero", "Invoices", ", daily connector"),
    Said("BambooHR", "Mission Control PSA", "Employees", ", daily file"),
    Said("Mission Control PSA", "Power BI", "Timesheets", ", daily"),
    Said("Jira Service Management", "Mission Control PSA", "Tickets", ", manual"),
    Said("Xero", "Salesforce Sales Cloud", "Invoices", ", daily api"),
]


class Keys:
    """Presses keys through Pilot and counts them."""

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot = pilot
        self.count = 0

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.pilot.press(key)
            self.count += 1

    async def type(self, text: str) -> None:
        await self.press(*text)

    async def paste(self, text: str) -> None:
        self.pilot.app.post_message(events.Paste(text))
        self.count += 1  # ctrl+shift+v
        await self.pilot.pause()


async def until(pilot: Pilot[None], condition: Callable[[], object], what: str) -> None:
    for _ in range(500):
        await pilot.pause(0.01)
        if condition():
            return
    raise SystemExit(f"timed out waiting for {what}")


def shortest_prefix(name: str, names: list[str]) -> str:
    """The shortest start of `name` that completes to it alone."""
    from models.name_match import NameIndex

    index = NameIndex(names)
    for length in range(1, len(name) + 1):
        if index.complete(name[:length]) == (name,):
            return name[:length]
    return name


def shortest_detail(word: str) -> str:
    """The shortest start of a detail word that tab completes to it alone."""
    from models.quick_capture import complete_detail

    for length in range(1, len(word) + 1):
        if complete_detail(word[:length]) == (word,):
            return word[:length]
    return word


async def capture_workshop(path: Path) -> tuple[int, list[int], int]:
    """(keys for the systems, keys per flow, total keys) for capturing the workshop."""
    from tui.app import SeamworkApp
    from tui.dialogs.paste_systems import PasteSystemsDialog
    from tui.dialogs.quick_capture import CreateMissingDialog, QuickCaptureDialog

    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.workshop is not None, "the workshop")
        keys = Keys(pilot)
        await keys.press("2")
        await until(pilot, lambda: app.screen.id == "systems-screen", "the Systems screen")
        await keys.press("p")
        await until(pilot, lambda: isinstance(app.screen, PasteSystemsDialog), "the paste dialog")
        await pilot.pause(0.05)
        await keys.paste(SPREADSHEET)
        await keys.press("ctrl+s")
        await until(pilot, lambda: app.screen.id == "systems-screen", "the systems created")
        system_keys = keys.count

        await keys.press("3")
        await until(pilot, lambda: app.screen.id == "flows-screen", "the Flows screen")
        await keys.press("c")
        await until(pilot, lambda: isinstance(app.screen, QuickCaptureDialog), "quick capture")
        dialog = app.screen
        assert isinstance(dialog, QuickCaptureDialog)

        systems = [line.split("\t")[0] for line in SPREADSHEET.splitlines()]
        objects: list[str] = []
        per_flow: list[int] = []
        for said in FLOWS:
            before = keys.count
            for name in (said.source, said.target):
                await keys.type(shortest_prefix(name, systems))
                await keys.press("tab")
            if said.data_object in objects:
                await keys.type(shortest_prefix(said.data_object, objects))
            else:
                await keys.type(said.data_object)
            details = said.details
            if details.startswith(", "):
                await keys.press("tab")  # completes the name (if known) and adds ", "
                details = details[2:]
            for piece in re.findall(r"[a-z]+|[^a-z]+", details):
                short = shortest_detail(piece)
                if piece.isalpha() and len(short) + 1 < len(piece):
                    await keys.type(short)
                    await keys.press("tab")
                else:
                    await keys.type(piece)
            assert dialog.input.value.endswith(said.details), dialog.input.value
            line = dialog.input.value
            await keys.press("enter")
            await pilot.pause()
            if isinstance(app.screen, CreateMissingDialog):
                await keys.press("enter")
                await pilot.pause()
            await until(pilot, lambda: dialog.input.value == "", f"{said.ref} recorded ({line!r})")
            if said.data_object not in objects:
                objects.append(said.data_object)
            per_flow.append(keys.count - before)
        await keys.press("escape")
        await pilot.pause()
        return system_keys, per_flow, keys.count


def recorded(path: Path) -> tuple[list[str], list[str]]:
    from storage.queries.flows import list_flows
    from storage.queries.systems import list_systems
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return [s.name for s in list_systems(session)], [f.ref for f in list_flows(session)]


def main() -> int:
    from storage.workshop_file import open_workshop

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "services.seamwork"
        with open_workshop(path):
            pass  # a new, empty workshop
        system_keys, per_flow, total = asyncio.run(capture_workshop(path))
        systems, flows = recorded(path)
    expected = sorted(said.ref for said in FLOWS)
    print(f"systems: {len(systems)} by paste in {system_keys} keys (2, p, paste, ctrl+s)")
    for said, count in zip(FLOWS, per_flow, strict=True):
        print(f"{count:3d} keys  {said.ref}{said.details}")
    print(
        f"keys per flow: mean {statistics.mean(per_flow):.1f}, max {max(per_flow)}, "
        f"min {min(per_flow)} (goal: at most 30)"
    )
    print(f"total keys: {total} ({len(flows)} flows, {len(systems)} systems, with navigation)")
    if sorted(flows) != expected or len(systems) != 7:
        print(f"NOT RECORDED AS TYPED: systems {systems}, flows {flows}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
