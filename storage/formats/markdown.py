"""The session summary as Markdown (GitHub-flavoured: pipe tables, a ```mermaid block).

User text is escaped so a name is shown as typed and never read as Markdown or HTML: a system
called `<script>` or `*Sales*` or `a | b` stays text. Newlines inside a cell become `<br>`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

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

# Characters Markdown (and GitHub's extensions: tables, strikethrough, math) reads as syntax
# anywhere in a line; `<` becomes an entity, so no viewer ever sees an HTML tag.
_INLINE = {
    "<": "&lt;",
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "|": "\\|",
    "~": "\\~",
    "$": "\\$",
    "#": "\\#",
}
# What starts a heading, quote, list, setext underline or thematic break at the start of a line.
_LINE_START = re.compile(r"^(\s*)(>|[+-](?=\s|$)|\d+[.)](?=\s|$)|[=-]+\s*$)")
# An ampersand that would start an entity (`&amp;`, `&#35;`); any other stays as typed.
_ENTITY = re.compile(r"&(?=#?\w+;)")


_TRANSLATION = str.maketrans(_INLINE)


def _escape_start(match: re.Match[str]) -> str:
    """A backslash before the marker's punctuation ("4\\. x", "\\- x"): digits cannot be
    escaped in Markdown, the full stop after them can."""
    marker = match.group(2)
    if marker[0].isdigit():
        return match.group(1) + marker[:-1] + "\\" + marker[-1]
    return match.group(1) + "\\" + marker


# Characters `escape_text` may change anywhere (the inline ones, an ampersand, line breaks as
# `str.splitlines` knows them), and text that needs no escaping at all: a letter first (no
# line-start marker), none of those, and no space last (nothing to strip): names, flow
# references, the findings' sentences.
_UNSAFE = "".join(_INLINE) + "&\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_PLAIN = re.compile(f"[A-Za-z](?:[^{re.escape(_UNSAFE)}]*[^{re.escape(_UNSAFE)}\\s])?")
_ANY_INLINE = re.compile(f"[{re.escape(''.join(_INLINE))}]")


@lru_cache(maxsize=1 << 16)
def escape(text: str) -> str:
    """User text as inline Markdown that shows exactly as typed, on one line.

    Cached: a large workshop repeats the same names thousands of times in its tables; and
    most text needs nothing done (`_PLAIN`), which is asked first.
    """
    if _PLAIN.fullmatch(text):
        return text
    return escape_text(text)


def escape_text(text: str) -> str:
    """`escape` worked out in full, whatever the text."""
    escaped = _ENTITY.sub("&amp;", text)
    if _ANY_INLINE.search(escaped):  # `translate` looks each character up: only when needed
        escaped = escaped.translate(_TRANSLATION)
    lines = [line.strip() for line in escaped.splitlines()] or [""]
    first = _LINE_START.sub(_escape_start, lines[0])
    return "<br>".join([first, *lines[1:]])


def cell(value: Cell) -> str:
    return cell_text(value, escape)


def _paragraph(text: str) -> list[str]:
    """Each line of the user's text a line of the paragraph (hard breaks between)."""
    lines = [line for line in text.splitlines() if line.strip()]
    escaped = [escape(line.strip()) for line in lines]
    return [" \\\n".join(escaped), ""] if escaped else []


def _table(table: Table) -> list[str]:
    if not table.rows:
        return ["_None._", ""]
    header = "| " + " | ".join(escape(column) for column in table.columns) + " |"
    rendered = table_columns(table, escape)
    if rendered is None:  # cell by cell
        numeric = [table.numeric(index) for index in range(len(table.columns))]
        rows: list[tuple[str, ...]] = [tuple(cell(value) for value in row) for row in table.rows]
    else:
        columns, numeric = rendered
        rows = list(zip(*columns, strict=True))
    align = "| " + " | ".join("---:" if flag else "---" for flag in numeric) + " |"
    lines = [header, align]
    lines.extend(["| " + " | ".join(row) + " |" for row in rows])
    return [*lines, ""]


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return _paragraph(block.text)
    if isinstance(block, Facts):
        lines = [f"**{escape(label)}:** {escape(value)}" for label, value in block.pairs]
        return [" \\\n".join(lines), ""]
    if isinstance(block, Bullets):
        if not block.items:
            return ["_None._", ""]
        return [
            *(
                f"{f'{n}.' if block.numbered else '-'} {escape(item)}"
                for n, item in enumerate(block.items, start=1)
            ),
            "",
        ]
    if isinstance(block, Diagram):
        lines = ["```mermaid", *block.source.rstrip("\n").splitlines(), "```", ""]
        if block.caption:
            lines += [f"_{escape(block.caption)}_", ""]
        return lines
    return _table(block)


def _section(section: Section, level: int) -> list[str]:
    lines = [f"{'#' * level} {escape(section.title)}", ""]
    for block in section.blocks:
        lines.extend(_block(block))
    for subsection in section.subsections:
        lines.extend(_section(subsection, level + 1))
    return lines


def render_markdown(summary: Summary, progress: Callable[[str], None] | None = None) -> str:
    """The summary as one Markdown document ending in a newline."""
    lines = [f"# {escape(summary.title)}", "", f"_{escape(summary.subtitle)}_", ""]
    if summary.cover.pairs:
        lines.extend(_block(summary.cover))
    for section in summary.sections:
        if progress is not None:
            progress(section.title)
        lines.extend(_section(section, 2))
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"
