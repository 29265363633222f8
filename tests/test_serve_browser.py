"""`seamwork serve` opened in a real headless Chromium (tests/browser_support.py says how).

Skipped, saying how to install it, where Chromium or Playwright is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from browser_support import (
    browsing,
    chromium_missing,
    counted,
    overview_patterns,
    serving,
)

missing = chromium_missing()
pytestmark = pytest.mark.skipif(missing is not None, reason=missing or "")

SCREENSHOT = "browser.png"


def _overview_of(path: Path) -> tuple[str, list[tuple[str, int]]]:
    """The workshop's name and the Overview's counts, read from the file itself."""
    from storage.queries.readiness import load_readiness
    from storage.queries.systems import get_workshop
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        counts = load_readiness(session).counts
        name = get_workshop(session).name
    return name, [
        ("Systems", counts.systems),
        ("Flows", counts.flows),
        ("Data objects", counts.data_objects),
    ]


def _add_system(path: Path, name: str) -> None:
    from storage.queries.systems import create_system
    from storage.workshop_file import open_workshop

    with open_workshop(path, create=False) as workshop, workshop.session() as session:
        assert not workshop.read_only
        create_system(session, data={"name": name})
        session.commit()


def _systems_in(path: Path) -> list[str]:
    from storage.queries.systems import list_systems
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return [system.name for system in list_systems(session)]


def test_a_browser_sees_the_workshop_read_only(
    make_demo: Callable[..., Path], tmp_path: Path
) -> None:
    """The page shows the workshop's name and the Overview's counts, fetches nothing from
    anywhere but the server, a key that would edit is refused as read-only, and an edit
    saved by another window shows."""
    path = make_demo()
    name, counts = _overview_of(path)
    before = path.read_bytes()
    with serving(path) as served, browsing(served.url) as browser:
        browser.wait_for(*overview_patterns(name, counts), "READ-ONLY")
        browser.screenshot(tmp_path / SCREENSHOT)
        browser.press("e")  # the workshop details form, on a workshop one may edit
        browser.wait_for(r"This workshop is open read-only")
        assert "Workshop details" not in browser.text()
        assert path.read_bytes() == before
        _add_system(path, "Facilitator's CRM")  # the facilitator's window, editing
        systems = dict(counts)["Systems"]
        browser.wait_for(counted("Systems", systems + 1))  # followed, as it was saved
        origin = served.url.rstrip("/")
        assert browser.requests, "the page made no requests"
        elsewhere = [url for url in browser.requests if not url.startswith(origin + "/")]
        assert not elsewhere, f"the page fetched from other hosts: {elsewhere}"
    assert served.lines[0].startswith(f"Serving {path} read-only: open http://127.0.0.1:")
    assert (tmp_path / SCREENSHOT).stat().st_size > 10_000


def test_with_edit_a_browser_adds_a_system(make_demo: Callable[..., Path]) -> None:
    """--edit: a system added in the browser is in the file."""
    path = make_demo()
    name, counts = _overview_of(path)
    with serving(path, "--edit") as served, browsing(served.url) as browser:
        browser.wait_for(*overview_patterns(name, counts))
        assert "READ-ONLY" not in browser.text()
        browser.press("2")
        browser.wait_for(r"Shopify")  # the Systems screen's rows
        browser.press("a")
        browser.wait_for(r"Add system")
        browser.type("Browserland ERP")
        browser.press("Control+s")
        browser.wait_for(r"Browserland ERP", gone=[r"Add system"])  # saved, the form closed
        assert "Browserland ERP" in _systems_in(path)
    assert "for editing" in served.lines[0]
