"""The session summary in Markdown and HTML: parsed back, the same content, user text escaped.

What the summary says of a workshop is read on both engines (`shared_at`); what does not
depend on where the workshop lives (the print CSS, the chart's limit, progress) reads the file
(`demo_file`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from export_files import SCRIPT, add_priorities, fill_hostile, priority_demo, shared_priority_demo

from storage.formats import summary as summary_module
from storage.formats.export import export
from storage.formats.mermaid import export_mermaid
from storage.formats.summary import number
from storage.queries.priorities import load_priorities
from storage.workshop_file import open_workshop

SECTIONS = [
    "Executive summary",
    "Systems",
    "Data objects",
    "Flow map",
    "Scenario coverage",
    "Priorities",
    "Roadmap and KPIs",
    "Findings",
]
# The demo has sessions: the current one's minutes after the executive summary, what changed
# since the one before near the end; candidates explained after the ranking; every finding
# in an appendix.
DEMO_SECTIONS = [
    "Executive summary",
    "Session minutes",
    *SECTIONS[1:6],
    "Candidates: what and why",
    *SECTIONS[6:],
    "Changes since 2025-03-11",
    "Appendix: every finding",
]


def exported(path: Path | str, fmt: str, **options: object) -> str:
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        result = export(session, fmt, **options)  # type: ignore[arg-type]
    assert isinstance(result, str)
    return result


def html_of(path: Path | str, folder: Path, audience: str = "client") -> str:
    target = folder / "summary.html"
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        assert export(session, "html", target, audience=audience) == target
    return target.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def demo(shared_at: Callable[..., str]) -> str:
    return shared_priority_demo(shared_at)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return priority_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def hostile(shared_at: Callable[..., str]) -> str:
    where = shared_at("hostile")
    fill_hostile(where)
    add_priorities(where)
    return where


class Page(HTMLParser):
    """Collects what a browser would see: tags, headings, visible text, links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.urls: list[str] = []
        self._heading: str | None = None
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [value or "" for name, value in attrs if name in ("href", "src")]
        if tag in ("h1", "h2", "h3", "h4"):
            self._heading, self._parts = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self.headings.append((tag, "".join(self._parts)))
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading:
            self._parts.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def md_headings(text: str) -> list[tuple[int, str]]:
    outside = re.sub(r"```.*?```", "", text, flags=re.S)
    return [(len(m.group(1)), m.group(2)) for m in re.finditer(r"^(#{1,6}) (.+)$", outside, re.M)]


def test_markdown_has_every_section_and_the_mermaid_chart(demo: str) -> None:
    text = exported(demo, "md")
    headings = md_headings(text)
    assert headings[0] == (1, "Northwind Wholesale integration workshop")
    assert [title for level, title in headings if level == 2] == DEMO_SECTIONS
    level3 = {title for level, title in headings if level == 3}
    assert {"Top priorities", "Blockers", "Gaps", "Phase 1", "Not yet phased", "KPIs"} <= level3
    block = re.search(r"^```mermaid\n(.*?)^```$", text, re.S | re.M)
    assert block is not None
    with open_workshop(demo, read_only=True) as workshop, workshop.session() as session:
        assert block.group(1) == export_mermaid(session)
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_markdown_content_a_client_reads(demo: str) -> None:
    text = exported(demo, "md")
    assert "**Client:** Northwind Wholesale Ltd" in text
    top = text.split("### Top priorities", 1)[1].split("###", 1)[0]
    with open_workshop(demo, read_only=True) as workshop, workshop.session() as session:
        priorities = load_priorities(session)
    phases = {candidate.name: candidate.phase for candidate in priorities.candidates}
    expected = [
        f"{item.rank}. {item.name} (score {item.score:.1f}, "
        + (f"phase {phases[item.name]})" if phases[item.name] else "not yet phased)")
        for item in priorities.ranking()
        if item.rank is not None
    ][:3]
    assert top.split() and top.strip().splitlines() == expected
    ranking = text.split("## Priorities", 1)[1].split("\n## ", 1)[0]
    ours = next(item for item in priorities.ranking() if item.name == "Test order capture")
    assert ours.score is not None
    score = number(round(ours.score, 1))  # 87.0 reads "87"
    row = rf"^\| {ours.rank} \| Test order capture \| {re.escape(score)} \| 1 \| "
    assert re.search(row, ranking, re.M)
    blockers = text.split("### Blockers", 1)[1].split("\n## ", 1)[0]
    assert "| Sage X3 writes “Stock” into Mintsoft WMS, which is its source of truth. | Decide" in (
        blockers
    )
    assert "| Test orders keyed by hand | 30 → 5 hours/week | Operations |" in text
    assert "| Stock | Mintsoft WMS | Operations | Internal |" in text  # source of truth, owner
    gaps = text.split("### Gaps", 1)[1].split("###", 1)[0]
    assert "| Amended order | Shopify → Sage X3: Sales orders |" in gaps
    # Every table row has as many cells as its header.
    for table in re.findall(r"((?:^\|.*\|$\n?)+)", text, re.M):
        widths = {len(re.split(r"(?<!\\)\|", line)) for line in table.splitlines()}
        assert len(widths) == 1, table


def test_html_parses_and_carries_the_same_sections_as_markdown(demo: str, tmp_path: Path) -> None:
    page = parse(html_of(demo, tmp_path))
    markdown = md_headings(exported(demo, "md"))
    html_headings = [(int(tag[1]), title) for tag, title in page.headings]
    assert html_headings == markdown
    assert page.tags.count("table") >= 8
    assert "script" not in page.tags
    assert all(url.startswith("#") for url in page.urls)  # self-contained: nothing fetched
    visible = "".join(page.text)
    assert "flowchart LR" in visible  # the Mermaid source travels with the page
    assert "30 → 5 hours/week" in visible


def test_html_prints_on_a4_or_letter_with_page_breaks(demo_file: Path, tmp_path: Path) -> None:
    page = html_of(demo_file, tmp_path)
    css = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "@page { margin:" in css and not re.search(r"@page[^}]*size", css)  # paper decides
    assert "@media print" in css
    assert "break-before: page" in css and "thead { display: table-header-group; }" in css
    assert '<section id="systems" class="major">' in page
    assert '<section id="executive-summary">' in page  # shares the first page


def test_user_text_is_never_markup_in_html(hostile: str, tmp_path: Path) -> None:
    raw = html_of(hostile, tmp_path, audience="team")  # the team's copy has the notes too
    page = parse(raw)
    assert SCRIPT not in raw and "<img" not in raw and "<b>" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert set(page.tags) <= {
        "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "p", "nav",
        "ol", "ul", "li", "a", "section", "h2", "h3", "h4", "dl", "dt", "dd", "div", "table",
        "thead", "tbody", "tr", "th", "td", "figure", "pre", "figcaption", "br", "details",
        "summary", "svg", "defs", "marker", "path", "text", "tspan", "g", "rect",
    }  # fmt: skip
    visible = "".join(page.text)
    assert SCRIPT in visible  # shown as typed
    assert "<img src=x onerror=alert(2)>" in visible
    assert page.headings[0] == ("h1", f"{SCRIPT} | *bold* [link](x)")


def test_user_text_is_never_markup_in_markdown(hostile: str) -> None:
    text = exported(hostile, "md", audience="team")
    assert SCRIPT not in text and "<b>" not in text and "<img" not in text
    assert "&lt;script>alert(1)&lt;/script>" in text
    assert text.startswith("# &lt;script>alert(1)&lt;/script> \\| \\*bold\\* \\[link\\](x)\n")
    assert "\\# not a heading<br>" not in text  # notes keep their lines as a paragraph
    assert "\\# not a heading \\\n\\- not a list" in text
    assert "| Orders \\| \\`code\\` |" in text


def test_a_flow_map_too_large_for_one_chart_is_left_to_the_table(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(summary_module, "MERMAID_MAX_EDGES", 3)
    text = exported(demo_file, "md")
    assert "```mermaid" not in text
    assert "The flow map has 24 flows, more than one diagram can show legibly" in text


def test_progress_is_reported_per_section_and_ends_done(demo_file: Path, tmp_path: Path) -> None:
    for fmt, destination in (("md", None), ("html", tmp_path / "p.html")):
        calls: list[tuple[int, int, str]] = []
        with open_workshop(demo_file, read_only=True) as workshop, workshop.session() as session:
            export(session, fmt, destination, progress=lambda *call, into=calls: into.append(call))
        totals = {total for _, total, _ in calls}
        assert len(totals) == 1
        done = [step for step, _, _ in calls]
        assert done == sorted(done) and done[0] == 0
        assert calls[-1] == (calls[-1][1], calls[-1][1], "Done")
        labels = [label for _, _, label in calls]
        assert {"Reading the workshop", "Systems", "Flow map", "Findings"} <= set(labels)


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("4.5 → 1 %", "4.5 → 1 %"),  # a number, not a list
        ("4. Order", "4\\. Order"),
        ("- x", "\\- x"),
        ("-5", "-5"),
        ("> quote", "\\> quote"),
        ("a | b", "a \\| b"),
        ("Marks & Spencer", "Marks & Spencer"),
        ("&amp;", "&amp;amp;"),
        ("<b>", "&lt;b>"),
        ("$x$ ~y~ #1", "\\$x\\$ \\~y\\~ \\#1"),
        ("line one\nline two", "line one<br>line two"),
    ],
)
def test_markdown_escaping(text: str, markdown: str) -> None:
    from storage.formats.markdown import escape

    assert escape(text) == markdown


def test_html_draws_the_flow_map_without_a_script(demo: str, tmp_path: Path) -> None:
    raw = html_of(demo, tmp_path)
    svg = raw.split('<svg class="flow-map"', 1)[1].split("</svg>", 1)[0]
    assert svg.count('<path class="edge"') == 22  # 24 flows; two pairs of systems carry two
    assert svg.count('<g class="node">') == 10
    assert "<title>Shopify → Sage X3: Sales orders</title>" in svg
    assert '<pre class="mermaid">flowchart LR' in raw  # the source rides along


def test_the_flow_drawing_escapes_and_knows_its_limits() -> None:
    from storage.formats.flow_svg import MAP_SYSTEMS, MAX_MAPS, draw

    svg = draw(["<a>", "B & C"], [("<a>", "B & C", "<script>", False)])
    assert svg is not None and "<script>" not in svg and "<a>" not in svg
    assert "&lt;script&gt;" in svg and "B &amp; C" in svg
    assert draw(["A", "B"], []) is None
    many = [f"S{index}" for index in range(MAP_SYSTEMS + 1)]
    edges = [(a, b, "x", False) for a, b in zip(many, many[1:], strict=False)]
    whole = draw(many[:-1], edges[:-1])
    assert whole is not None and whole.startswith("<svg")  # one drawing
    parts = draw(many, edges)
    assert parts is not None and parts.startswith('<p class="flow-map-note">')  # in parts
    # past MAX_MAPS drawings the map is left to the flow table
    chain = [f"S{index}" for index in range(MAX_MAPS * 31 + 2)]
    assert draw(chain, [(a, b, "x", False) for a, b in zip(chain, chain[1:], strict=False)]) is None


def test_an_empty_workshop_exports_to_every_format(
    shared_at: Callable[..., str], tmp_path: Path
) -> None:
    path = shared_at("empty")
    text = exported(path, "md")
    assert [title for level, title in md_headings(text) if level == 2] == SECTIONS
    for line in ("No systems yet.", "No flows yet.", "No findings.", "No blockers"):
        assert line in text
    # details nobody gave are said to be unknown, not drawn as a dash that reads like a value
    assert "**Client:** not recorded" in text and "**Facilitator:** not recorded" in text
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        for fmt, name in (("html", "e.html"), ("csv", "e-csv"), ("xlsx", "e.xlsx")):
            assert export(session, fmt, tmp_path / name) == tmp_path / name
        assert export(session, "mermaid") == "flowchart LR\n"
    assert "<h2>Systems</h2>" in (tmp_path / "e.html").read_text("utf-8")
