"""The session summary as one self-contained HTML page: inline CSS, no script, no network.

It prints to A4 or Letter from any browser (no page size is set, so the printer's paper is
used): each main section starts a page, headings stay with what follows them, table rows are
not split, table headers repeat on every page, and a flow map keeps to one page (a map drawn
in parts breaks between its parts); `scripts/print_summary.py` prints it with a headless
browser, where one is installed, to check. Every piece of text goes through `html.escape`,
ours included, so a name like `<script>` is only ever text.

A browser cannot draw Mermaid without its script (and this page loads nothing), so the flow map
is shown as its Mermaid source, ready to paste into any Mermaid viewer, beside the interface
matrix and the table of flows that carry the same content.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from html import escape

from storage.formats.flow_svg_style import SVG_CSS
from storage.formats.summary import (
    Block,
    Bullets,
    Cell,
    Diagram,
    Facts,
    Paragraph,
    Section,
    Summary,
    Table,
    cell_text,
    table_columns,
)

CSS = (
    """
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6472; --rule: #d5dae1;
  --band: #f3f5f8; --accent: #1f5f99; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
header { border-bottom: 3px solid var(--accent); margin-bottom: 1.5rem; }
h1 { font-size: 1.9rem; margin: 0 0 .25rem; }
.subtitle { color: var(--muted); margin: 0 0 1rem; }
h2 { font-size: 1.4rem; margin: 2.2rem 0 .6rem; color: var(--accent);
  border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
h3 { font-size: 1.12rem; margin: 1.5rem 0 .4rem; }
h4 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
nav ol { columns: 2; margin: 0 0 1rem; padding-left: 1.4rem; }
nav a { color: var(--accent); text-decoration: none; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.table-wrap { overflow-x: auto; margin: .5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid var(--rule); padding: .3rem .5rem; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--band); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #fafbfc; }
figure.diagram { margin: .5rem 0 1rem; }
figure.diagram pre { background: var(--band); border: 1px solid var(--rule); padding: .8rem;
  font-size: .8rem; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 28rem;
  overflow: auto; }
figcaption { color: var(--muted); font-size: .85rem; }
details summary { color: var(--muted); font-size: .85rem; cursor: pointer; }
.none { color: var(--muted); font-style: italic; }
/* No page size: the reader's paper (A4 or Letter) decides; the margins and the 10pt text
   fit both, A4 being the narrower and Letter the shorter. */
@page { margin: 14mm 12mm 16mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  section.major { break-before: page; }
  h2, h3, h4, caption, p.flow-map-note, p.flow-map-part { break-after: avoid-page; }
  tr, li, dl.facts, figcaption { break-inside: avoid-page; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  table { font-size: 8pt; }
  /* Words whole ("Frequency", not "Freq/uenc/y"): on paper the ten columns of the flow
     table fit the width without breaking inside a word; hyphens where the browser can. */
  th, td { overflow-wrap: break-word; hyphens: auto; padding: .2rem .3rem; }
  svg.flow-map { break-inside: avoid-page; max-height: 225mm; print-color-adjust: exact;
    -webkit-print-color-adjust: exact; }
  details { display: none; }
  tbody tr:nth-child(even) { background: none; }
}
""".strip()
    + "\n"
    + SVG_CSS.strip()
)

# Sections that open a new printed page; the first ones share the cover page.
_SAME_PAGE = frozenset({"team-notes", "executive-summary", "changes"})


# Text `_text` gives back as it is: nothing `html.escape` changes, no line break.
_PLAIN = re.compile("[^&<>\"'\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*")


@lru_cache(maxsize=1 << 16)
def _text(value: str) -> str:
    """User text, escaped, with its line breaks kept (cached: names repeat in large tables;
    most text needs nothing done, `_PLAIN`, which is asked first)."""
    if _PLAIN.fullmatch(value):
        return value
    return text_html(value)


def text_html(value: str) -> str:
    """`_text` worked out in full, whatever the text."""
    return "<br>".join(escape(line) for line in value.splitlines()) if value else ""


def _cell(value: Cell) -> str:
    return cell_text(value, _text)


def _table(table: Table) -> list[str]:
    if not table.rows:
        return ['<p class="none">None.</p>']
    rendered = table_columns(table, _text)
    if rendered is None:
        numeric = [table.numeric(index) for index in range(len(table.columns))]
    else:
        numeric = rendered[1]

    def attrs(index: int) -> str:
        return ' class="num"' if numeric[index] else ""

    out = ['<div class="table-wrap"><table>', "<thead><tr>"]
    out.append(
        "".join(
            f'<th scope="col"{attrs(i)}>{escape(column)}</th>'
            for i, column in enumerate(table.columns)
        )
    )
    out.append("</tr></thead><tbody>")
    if rendered is None:  # cell by cell
        out.extend(
            "<tr>" + "".join(f"<td{attrs(i)}>{_cell(value)}</td>" for i, value in enumerate(row))
            + "</tr>"
            for row in table.rows
        )  # fmt: skip
    else:  # a column at a time: each cell opened as its column's, then rows joined
        opened = [
            [f"<td{attrs(i)}>{cell}" for cell in column] for i, column in enumerate(rendered[0])
        ]
        out.extend(["<tr>" + "</td>".join(row) + "</td></tr>" for row in zip(*opened, strict=True)])
    out.append("</tbody></table></div>")
    return out


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [f"<p>{_text(block.text)}</p>"]
    if isinstance(block, Facts):
        items = "".join(
            f"<dt>{escape(label)}</dt><dd>{_text(value)}</dd>" for label, value in block.pairs
        )
        return [f'<dl class="facts">{items}</dl>']
    if isinstance(block, Bullets):
        if not block.items:
            return ['<p class="none">None.</p>']
        tag = "ol" if block.numbered else "ul"
        items = "".join(f"<li>{_text(item)}</li>" for item in block.items)
        return [f"<{tag}>{items}</{tag}>"]
    if isinstance(block, Diagram):
        from storage.formats.flow_svg import draw

        drawing = draw(block.systems, block.edges, block.caption)
        out = ['<figure class="diagram">']
        if drawing is not None:
            out += [drawing, f"<figcaption>{escape(block.caption)}</figcaption>"]
        out += [
            "<details><summary>Mermaid source (paste it into any Mermaid viewer)</summary>",
            f'<pre class="mermaid">{escape(block.source)}</pre>',
            "</details>",
            "</figure>",
        ]
        return out
    return _table(block)


def _section(section: Section, level: int, anchor: str) -> list[str]:
    classes = ' class="major"' if level == 2 and section.key not in _SAME_PAGE else ""
    ident = f"{anchor}-{section.key}" if anchor else section.key
    out = [
        f'<section id="{escape(ident)}"{classes}>',
        f"<h{level}>{escape(section.title)}</h{level}>",
    ]
    for block in section.blocks:
        out.extend(_block(block))
    for subsection in section.subsections:
        out.extend(_section(subsection, min(level + 1, 6), ident))
    out.append("</section>")
    return out


def render_html(summary: Summary, progress: Callable[[str], None] | None = None) -> str:
    """The summary as a complete HTML document ending in a newline."""
    title = escape(summary.title)
    contents = "".join(
        f'<li><a href="#{escape(section.key)}">{escape(section.title)}</a></li>'
        for section in summary.sections
    )
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{title}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        f'<header><h1>{title}</h1><p class="subtitle">{escape(summary.subtitle)}</p>',
        *(_block(summary.cover) if summary.cover.pairs else []),
        "</header>",
        f'<nav aria-label="Contents"><ol>{contents}</ol></nav>',
    ]
    for section in summary.sections:
        if progress is not None:
            progress(section.title)
        out.extend(_section(section, 2, ""))
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
