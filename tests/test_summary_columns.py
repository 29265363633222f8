"""The summary's tables rendered a column at a time say what rendering them cell by cell said,
and the escaping short cuts give what escaping in full gives."""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from storage.formats import html, markdown
from storage.formats.summary import Table, cell_text, grouped_findings, table_columns


class Level(IntEnum):
    LOW = 1


class Kind(StrEnum):
    BENEFIT = "benefit"


tricky = st.sampled_from(
    ["", "System 0042", "A → B: O", "- x", "1. x", "a_b", "<b>", "a & b", " x ", "x\ny", "é"]
)
cells = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.text(max_size=12)
    | tricky
    | st.just(Level.LOW)
    | st.just(Kind.BENEFIT)
)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    width = draw(st.integers(1, 4))
    kinds = [draw(st.sampled_from(["str", "int", "mixed"])) for _ in range(width)]
    column = {"str": st.text(max_size=8) | tricky, "int": st.integers(-(10**9), 10**9)}
    rows = draw(
        st.lists(st.tuples(*(column.get(kind, cells) for kind in kinds)), min_size=1, max_size=8)
    )
    return Table("t", "T", tuple(f"c{i}" for i in range(width)), rows)


@settings(max_examples=300, deadline=None)
@given(table=tables())
def test_a_column_at_a_time_is_cell_by_cell(table: Table) -> None:
    rendered = table_columns(table, markdown.escape)
    assert rendered is not None
    columns, numeric = rendered
    assert columns == [
        [cell_text(row[i], markdown.escape) for row in table.rows]
        for i in range(len(table.columns))
    ]
    assert numeric == [table.numeric(i) for i in range(len(table.columns))]


def test_tables_without_rows_or_with_ragged_rows_are_left_to_cell_by_cell() -> None:
    assert table_columns(Table("t", "T", ("a",), []), markdown.escape) is None
    ragged = Table("t", "T", ("a", "b"), [("x", 1, "more"), ("y", 2)])
    assert table_columns(ragged, markdown.escape) is None
    assert markdown._table(ragged)[1:4] == ["| --- | ---: |", "| x | 1 | more |", "| y | 2 |"]


def test_renderers_show_the_same_rows_either_way() -> None:
    rows: list[tuple[Any, ...]] = [("a|b", 1, None, True, 2.5), ("<i>", 1_000, 3, False, None)]
    table = Table("t", "T", ("Name", "N", "M", "Flag", "Hours"), rows)
    assert markdown._table(table) == [
        "| Name | N | M | Flag | Hours |",
        "| --- | ---: | ---: | --- | ---: |",
        "| a\\|b | 1 | — | yes | 2.5 |",
        "| &lt;i> | 1,000 | 3 | no | — |",
        "",
    ]
    page = "\n".join(html._table(table))
    assert '<tr><td>a|b</td><td class="num">1</td><td class="num">—</td><td>yes</td>' in page
    assert '<td>&lt;i&gt;</td><td class="num">1,000</td>' in page


def markdown_escape_as_it_was(text: str) -> str:
    """`markdown.escape` as it was before its short cuts, character by character."""
    escaped = markdown._ENTITY.sub("&amp;", text).translate(markdown._TRANSLATION)
    lines = [line.strip() for line in escaped.splitlines()] or [""]
    first = markdown._LINE_START.sub(markdown._escape_start, lines[0])
    return "<br>".join([first, *lines[1:]])


def html_text_as_it_was(value: str) -> str:
    """`html._text` as it was before its short cut."""
    from html import escape

    return "<br>".join(escape(line) for line in value.splitlines()) if value else ""


unsafe = st.sampled_from(list(markdown._UNSAFE) + [" ", "\t", "\x1f", "\xa0", "-", "1.", ">"])
mixed = st.lists(st.text(max_size=3) | unsafe, max_size=6).map("".join)


@settings(max_examples=800, deadline=None)
@given(text=st.from_regex(markdown._PLAIN, fullmatch=True) | st.text() | tricky | mixed)
def test_markdown_escaping_is_what_escaping_in_full_gives(text: str) -> None:
    assert markdown.escape(text) == markdown_escape_as_it_was(text)
    assert markdown.escape_text(text) == markdown_escape_as_it_was(text)


@settings(max_examples=800, deadline=None)
@given(text=st.from_regex(html._PLAIN, fullmatch=True) | st.text() | tricky | mixed)
def test_html_escaping_is_what_escaping_in_full_gives(text: str) -> None:
    assert html._text(text) == html_text_as_it_was(text)


def test_findings_grouped_by_code_count_each_and_name_each_subject_once() -> None:
    from models.findings import Finding, Severity

    findings = [
        Finding("FLOW-NO-OWNER", Severity.WARNING, "No owner.", ("A -> B: O",)),
        Finding("FLOW-NO-KPI", Severity.INFO, "No KPI.", ("A -> B: O",)),
        Finding("FLOW-NO-OWNER", Severity.WARNING, "No owner again.", ("A -> B: O",)),
        Finding("FLOW-NO-OWNER", Severity.WARNING, "No owner.", ("C -> D: P",)),
    ]
    assert grouped_findings(findings) == [
        "No owner (3): A → B: O; C → D: P. Name the person or team who answers for each.",
        "Moves no KPI (1): A → B: O. Link a KPI, or ask whether the flow is a priority.",
    ]
