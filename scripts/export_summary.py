"""Write the demo workshop's session summary to screenshots/summary-demo.md and .html, and
its flow map, as the HTML draws it, to screenshots/summary-flow-map.svg.

    python scripts/export_summary.py

The demo is written to a temporary file with its timestamps pinned (SEAMWORK_NOW), then exported
through `storage.formats.export.export`, as `seamwork export demo.seamwork -f md|html` would, so the
committed examples change only when the demo or the summary does.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SEAMWORK_NOW", "2026-11-25T09:00:00+00:00")


def main() -> None:
    from storage.demo import write_demo
    from storage.formats.export import export
    from storage.formats.flow_svg import draw
    from storage.formats.summary import Diagram, build_summary, collect
    from storage.workshop_file import open_workshop

    folder = Path(tempfile.mkdtemp(prefix="seamwork-summary-"))
    try:
        demo = write_demo(folder / "northwind.seamwork")
        out = ROOT / "screenshots"
        out.mkdir(exist_ok=True)
        with open_workshop(demo, read_only=True) as workshop, workshop.session() as session:
            for fmt in ("md", "html"):
                target = out / f"summary-demo.{fmt}"
                export(session, fmt, target)
                target.chmod(0o644)  # exports are owner-only; these are published examples
                print(target.relative_to(ROOT))
            # The HTML summary's flow map on its own, so README can show it as a picture.
            diagram = next(
                block
                for section in build_summary(collect(session)).sections
                for block in section.blocks
                if isinstance(block, Diagram)
            )
            drawing = draw(diagram.systems, diagram.edges, diagram.caption, standalone=True)
            assert drawing is not None
            target = out / "summary-flow-map.svg"
            target.write_text(drawing + "\n", encoding="utf-8")
            print(target.relative_to(ROOT))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
