"""Regenerate screenshots/*.svg from the real app on the demo workshop.

    python scripts/export_screenshots.py

Drives SeamworkApp with `run_test(size=...)`, waits for the workshop to load, then saves an SVG
per screen. Timestamps are pinned (SEAMWORK_NOW) and the file lives at a fixed path so the
images only change when the app does.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SEAMWORK_NOW", "2026-11-25T09:00:00+00:00")

SIZE = (120, 36)
FOLDER = Path("/tmp/seamwork-screenshots")


async def _shoot(path: Path, name: str, keys: list[str]) -> None:
    from tui.app import SeamworkApp

    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        # Each screen's key bar comes a moment after it shows (`PanelScreen.KEY_BAR_AFTER`).
        while any(getattr(screen, "key_bar_coming", False) for screen in app.screen_stack):
            await pilot.pause(0.05)
        app.save_screenshot(filename=f"{name}.svg", path=str(ROOT / "screenshots"))
        print(f"screenshots/{name}.svg")


SHOTS: list[tuple[str, list[str]]] = [
    ("overview", ["1"]),
    ("workshop-details", ["1", "e"]),
    ("systems", ["2"]),
    ("flows", ["3"]),
    ("matrix", ["3", "m"]),
    ("checklist", ["4", "h", "h", "g"]),
    ("priorities", ["5"]),
    ("value-effort", ["5", "v"]),
    ("roadmap", ["5", "v", "v"]),
    ("session", ["6"]),
    (
        "capture-line",
        ["3", "ctrl+n", *("space" if c == " " else c for c in "a: Send the spec @Gareth fri")],
    ),
]


def main() -> None:
    from storage.demo import write_demo

    shutil.rmtree(FOLDER, ignore_errors=True)
    FOLDER.mkdir(parents=True)
    os.chdir(FOLDER)  # the header shows the path: keep it short and the same on every machine
    demo = Path("northwind.seamwork")
    write_demo(demo)
    (ROOT / "screenshots").mkdir(exist_ok=True)
    for name, keys in SHOTS:
        asyncio.run(_shoot(demo, name, keys))
    os.chdir(ROOT)
    shutil.rmtree(FOLDER, ignore_errors=True)


if __name__ == "__main__":
    main()
