"""Print the demo's HTML session summary to A4 and Letter with a headless browser, and save a
PNG of each printed first page, so what a client gets on paper can be looked at:

    python scripts/print_summary.py [SUMMARY.html] [--out FOLDER]

Without SUMMARY.html it prints screenshots/summary-demo.html (run scripts/export_summary.py
first). It writes FOLDER/summary-print-a4.png and summary-print-letter.png (FOLDER defaults
to screenshots/) and says how many pages each paper size took.

It needs a Chromium-family browser (chromium, chromium-browser, google-chrome; or the one
named by $SEAMWORK_BROWSER) to print to PDF, and poppler's `pdftoppm` to turn the first page
into a PNG. Nothing is downloaded: where either is missing it says so and exits 0 without
writing a picture (on Debian: `apt-get install chromium poppler-utils`). The page size is
chosen the way a reader's print dialog would: the summary sets none, so each copy gets an
`@page { size: ... }` added before it is printed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
PAPERS = {"a4": "A4", "letter": "letter"}
DPI = 96
TIMEOUT = 180  # seconds for one print


def find_browser() -> str | None:
    """The browser to print with: $SEAMWORK_BROWSER, else the first Chromium on PATH."""
    named = os.environ.get("SEAMWORK_BROWSER")
    if named:
        return shutil.which(named)
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def print_pdf(browser: str, page: Path, pdf: Path, profile: Path) -> None:
    """`page` printed to `pdf` by a headless browser that touches no network."""
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",  # as root, Chromium refuses to start with its sandbox
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    if not pdf.exists() or pdf.stat().st_size == 0:
        raise RuntimeError(f"{browser} wrote no PDF for {page}")


def page_count(pdf: Path) -> int | None:
    """Pages in `pdf` (pdfinfo's count), or None when pdfinfo is not there."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return None
    info = subprocess.run([pdfinfo, str(pdf)], check=True, capture_output=True, text=True)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    return int(found.group(1)) if found else None


def first_page_png(pdftoppm: str, pdf: Path, png: Path) -> None:
    prefix = png.with_suffix("")
    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-r",
            str(DPI),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(prefix),
        ],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "summary", nargs="?", type=Path, default=ROOT / "screenshots" / "summary-demo.html"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args(argv)

    browser = find_browser()
    pdftoppm = shutil.which("pdftoppm")
    if browser is None or pdftoppm is None:
        missing = [
            what
            for what, found in (("a Chromium-family browser", browser), ("pdftoppm", pdftoppm))
            if found is None
        ]
        print(
            f"Skipped: no picture of the printed summary, {' or '.join(missing)} is not installed "
            "here (on Debian: apt-get install chromium poppler-utils)."
        )
        return 0
    if not args.summary.exists():
        print(
            f"No summary at {args.summary}: run scripts/export_summary.py first.", file=sys.stderr
        )
        return 2

    html = args.summary.read_text(encoding="utf-8")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="seamwork-print-") as folder:
        work = Path(folder)
        for key, size in PAPERS.items():
            page = work / f"summary-{key}.html"
            page.write_text(
                html.replace("</head>", f"<style>@page {{ size: {size}; }}</style></head>", 1),
                encoding="utf-8",
            )
            pdf = work / f"summary-{key}.pdf"
            print_pdf(browser, page, pdf, work / "profile")
            png = args.out / f"summary-print-{key}.png"
            first_page_png(pdftoppm, pdf, png)
            pages = page_count(pdf)
            said = f"{pages} pages" if pages is not None else "pages not counted (no pdfinfo)"
            print(f"{size}: {said}; first page {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
