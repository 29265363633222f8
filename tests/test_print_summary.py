"""The HTML summary on paper: real table headers that repeat, page breaks between sections,
no page size forced (A4 and Letter alike), and the script that prints it with a headless
browser where one is installed, skipping with a message where not."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import pytest
from export_files import priority_demo

from storage.formats.export import export
from storage.workshop_file import open_workshop

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("print")
    demo = priority_demo(folder)
    with open_workshop(demo, read_only=True) as workshop, workshop.session() as session:
        export(session, "html", folder / "summary.html")
    return folder / "summary.html"


class Tables(HTMLParser):
    """Each table's sequence of direct parts (caption, thead, tbody) and its header cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, list[str]]] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append({"parts": [], "head": [], "body_th": []})
        elif self.tables and self.stack and self.stack[-1] == "table":
            self.tables[-1]["parts"].append(tag)
        if tag == "th" and "thead" in self.stack:
            self.tables[-1]["head"].append(dict(attrs).get("scope") or "")
        if tag == "th" and "tbody" in self.stack:
            self.tables[-1]["body_th"].append(tag)
        if tag not in ("br", "meta"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass


def test_every_table_has_a_real_header_row_that_print_repeats(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    parser = Tables()
    parser.feed(html)
    assert len(parser.tables) > 10
    for table in parser.tables:
        assert table["parts"] == ["thead", "tbody"]  # the header is a <thead>, not a first row
        assert table["head"] and set(table["head"]) == {"col"}
        assert not table["body_th"]
    css = html.split("<style>", 1)[1].split("</style>", 1)[0]
    printed = css.split("@media print {", 1)[1]
    assert "thead { display: table-header-group; }" in printed
    assert "tr, li, dl.facts, figcaption { break-inside: avoid-page; }" in printed
    assert "section.major { break-before: page; }" in printed
    assert "svg.flow-map { break-inside: avoid-page;" in printed
    assert not re.search(r"@page[^}]*size", css)  # neither A4 nor Letter is forced


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "print_summary", ROOT / "scripts" / "print_summary.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["print_summary"] = module
    spec.loader.exec_module(module)
    return module


def test_the_print_script_skips_with_a_message_without_a_browser(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _script()
    monkeypatch.setenv("SEAMWORK_BROWSER", "no-such-browser-here")
    assert script.main([str(page), "--out", str(tmp_path)]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Skipped: no picture of the printed summary")
    assert "a Chromium-family browser" in said
    assert not list(tmp_path.iterdir())  # no picture is made up


@pytest.mark.skipif(
    not (shutil.which("chromium") or shutil.which("google-chrome")) or not shutil.which("pdftoppm"),
    reason="no headless Chromium or pdftoppm here: scripts/print_summary.py skips the same way",
)
def test_the_print_script_prints_the_first_page_on_a4_and_letter(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SEAMWORK_BROWSER", raising=False)
    assert _script().main([str(page), "--out", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["A4", "letter"]
    for name in ("summary-print-a4.png", "summary-print-letter.png"):
        picture = (tmp_path / name).read_bytes()
        assert picture.startswith(b"\x89PNG\r\n\x1a\n")
        width = int.from_bytes(picture[16:20], "big")
        height = int.from_bytes(picture[20:24], "big")
        assert height > width  # a portrait page
