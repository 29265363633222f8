"""The text filter as a rule (`models.text_filter`) agrees with the SQL that storage filters
with, row for row, on names and owners chosen to tell case rules apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.text_filter import matches, matches_searchable, needle_of, searchable
from storage.queries.data_objects import create_data_object
from storage.queries.flows import FlowRow, create_flow, list_flows
from storage.queries.systems import create_system
from storage.workshop_file import open_workshop

NAMES = ("ÉCOLE Süd", "Straße", "Kelvin \u212a", "50%_off", "Ölmühle", "Plain", "İstanbul")
OWNERS = ("Ökonomie", "IT", "", "Straße Team", "\u212aelvin", "MiXeD CaSe")
PIECES = ("é", "É", "ss", "ß", "k", "K", "\u212a", "%", "_", "ö", "Ö", "i", "İ", "ix", "st",
          " ", "e", "ON", "daily", "API", "two")  # fmt: skip


def answers(row: FlowRow) -> tuple[str | None, ...]:
    enums = (row.frequency, row.mechanism, row.direction, row.state, row.approach)
    return (row.owner, *(None if value is None else str(value.value) for value in enums))


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("filter") / "w.seamwork"
    with open_workshop(path) as workshop, workshop.session() as session:
        for name in NAMES:
            create_system(session, data={"name": name})
        create_data_object(session, data={"name": "Ärger data"})
        for index, (source, target) in enumerate(zip(NAMES, NAMES[1:], strict=False)):
            create_flow(
                session,
                source=source,
                target=target,
                data_object="Ärger data",
                data={"owner": OWNERS[index % len(OWNERS)], "frequency": "daily"}
                if index % 2
                else {"owner": OWNERS[index % len(OWNERS)], "mechanism": "api"},
            )
    return path


@settings(max_examples=60, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES), min_size=0, max_size=3).map("".join))
def test_the_rule_keeps_exactly_the_rows_sql_keeps(workshop: Path, text: str) -> None:
    with open_workshop(workshop, read_only=True) as opened, opened.session() as session:
        every = list_flows(session)
        by_sql = [row.id for row in list_flows(session, text=text)]
    needle = needle_of(text)
    by_rule = [
        row.id
        for row in every
        if needle is None
        or matches(needle, (row.source, row.target, row.data_object), answers(row))
    ]
    assert by_rule == by_sql, text
    prepared = [
        (row.id, searchable((row.source, row.target, row.data_object), answers(row)))
        for row in every
    ]
    by_prepared = [
        key for key, row in prepared if needle is None or matches_searchable(needle, row)
    ]
    assert by_prepared == by_sql, text


def test_no_text_is_no_filter() -> None:
    assert needle_of("   ") is None
    assert matches(needle_of("ÉCOLE") or ("", ""), ("école",), ())  # names: casefolded
    assert not matches(needle_of("ökonomie") or ("", ""), (), ("Ökonomie",))  # as SQLite
    assert matches(needle_of("STRASSE") or ("", ""), ("Straße",), ())


def test_a_key_more_narrows_the_rows_the_text_before_it_kept() -> None:
    from models.text_filter import matches, narrows, needle_of

    rows = [
        (("Shopify", "Sage X3", "Orders"), ("daily",)),
        (("Shopify", "Xero", "Invoices"), ("hourly", "Ops team")),
        (("Mintsoft", "Shopify", "Stock"), (None,)),
        (("ÉCOLE", "Straße", "Ünits"), ("ÉTÉ",)),
    ]

    def found(text: str) -> list[int]:
        needle = needle_of(text)
        assert needle is not None
        return [i for i, (names, values) in enumerate(rows) if matches(needle, names, values)]

    for before, after in (("sho", "shop"), ("s", "st"), ("o", "ops t"), ("stra", "strasse"),
                          ("é", "ét"), ("ly", "ourly")):  # fmt: skip
        b, a = needle_of(before), needle_of(after)
        assert b is not None and a is not None
        if narrows(b, a):  # then what `after` keeps is within what `before` kept
            assert set(found(after)) <= set(found(before)), (before, after)
    assert narrows(needle_of("sho"), needle_of("shop"))  # type: ignore[arg-type]
    assert not narrows(needle_of("shop"), needle_of("sho"))  # type: ignore[arg-type]
    assert not narrows(needle_of("xero"), needle_of("shop"))  # type: ignore[arg-type]


def test_a_row_s_parts_are_joined_but_never_matched_across() -> None:
    """`searchable` joins a row's names and values into one string (one `in` a row); a text
    is found there only within one part, as `matches` finds it."""
    from models.text_filter import SEPARATOR, matching

    row = searchable(("Shopify", "Sage X3", "Orders"), ("Ops", None, "daily"))
    rows = [row, searchable(("A", "B", "C"), ())]
    for text, want in (("shop", [0]), ("x3", [0]), ("fy sa", []), ("ops", [0]),
                       ("opsdaily", []), ("a", [0, 1]), ("ß", [])):  # fmt: skip
        needle = needle_of(text)
        assert needle is not None
        assert matching(needle, rows) == want, text
        assert matching(needle, rows, [1]) == [i for i in want if i == 1], text
    across = (f"orders{SEPARATOR}ops", f"orders{SEPARATOR}ops")
    assert matching(across, rows) == [] and not matches_searchable(across, row)
