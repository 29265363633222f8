"""Regenerate screenshots/browser.png: the demo workshop served read-only (`seamwork serve`)
and opened in a headless Chromium, as an attendee following in a browser sees it.

    python scripts/export_browser_screenshot.py

Needs Chromium from the OS (`apt-get install -y chromium`) and Playwright (the test extra);
says so and stops where they are missing. Waits for the Overview's counts, then for the
read-only notice to come and go, so the picture is the screen itself.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("SEAMWORK_NOW", "2026-11-25T09:00:00+00:00")

OUT = ROOT / "screenshots" / "browser.png"
VIEWPORT = {"width": 1280, "height": 760}


def main() -> int:
    from browser_support import browsing, chromium_missing, overview_patterns, serving

    missing = chromium_missing()
    if missing:
        print(f"Skipped: {missing}", file=sys.stderr)
        return 0
    from storage.demo import write_demo

    with tempfile.TemporaryDirectory() as folder:
        path = write_demo(Path(folder) / "northwind.seamwork")
        counts = [("Systems", 10), ("Flows", 24), ("Data objects", 9)]
        name = "Northwind Wholesale integration workshop"
        with serving(path.name, cwd=path.parent) as served:
            with browsing(served.url, viewport=VIEWPORT) as browser:
                shown = [*overview_patterns(name, counts), "READ-ONLY", "SCENARIO-GAP"]
                browser.wait_for(*shown, gone=["Opened read-only", "Checking readiness"])
                browser.screenshot(OUT)
    print(OUT.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
