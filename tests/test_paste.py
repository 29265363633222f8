"""The pure parser behind "Paste systems": rows from a spreadsheet, classified."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from models.names import NAME_MAX, name_key
from models.paste import TEXT_MAX, parse_pasted_systems


def parse(text: str, *existing: str):
    return parse_pasted_systems(text, {name_key(name) for name in existing})


def test_tab_separated_columns_are_read_in_order():
    preview = parse("Sage X3\terp\tFinance director\tSage\tlive")
    (row,) = preview.rows
    assert row.status == "create"
    assert row.values() == {
        "name": "Sage X3",
        "category": "erp",
        "owner": "Finance director",
        "vendor": "Sage",
        "lifecycle": "live",
    }
    assert not preview.header


def test_a_name_alone_leaves_the_rest_unknown():
    """A paste sets only what it says: no category "other", no lifecycle "live"."""
    (row,) = parse("Spreadsheet of doom").rows
    assert row.status == "create"
    assert (row.category, row.lifecycle, row.owner, row.vendor) == ("", "", "", "")


def test_blank_lines_are_ignored_and_line_numbers_kept():
    preview = parse("\n\nShopify\te-commerce\n   \n\t\nXero\tfinance\n")
    assert [(row.line, row.name) for row in preview.rows] == [(3, "Shopify"), (6, "Xero")]


def test_header_row_in_any_order_is_detected_and_used():
    text = "Vendor\tSystem\tStatus\tType\nShopify Inc\tShopify\tProduction\tEcommerce\n"
    preview = parse(text)
    assert preview.header
    (row,) = preview.rows
    assert row.values() == {
        "name": "Shopify",
        "category": "e-commerce",
        "owner": "",
        "vendor": "Shopify Inc",
        "lifecycle": "live",
    }
    assert row.line == 2


def test_unknown_header_columns_are_named_and_skipped():
    preview = parse("Name\tNotes\tCategory\nXero\tcloud ledger\tAccounting\n")
    assert preview.header
    assert preview.notes == ('Columns not read: "Notes".',)
    assert preview.rows[0].values()["category"] == "finance"


def test_a_data_row_is_not_mistaken_for_a_header():
    preview = parse("System\ttelepathy\nShopify\tecommerce\n")
    assert not preview.header
    assert [row.status for row in preview.rows] == ["rejected", "create"]


def test_extra_columns_without_a_header_are_reported():
    preview = parse("Xero\tfinance\tCFO\tXero\tlive\tsomething else\n")
    assert preview.rows[0].status == "create"
    assert preview.notes and "first five columns" in preview.notes[0]


def test_category_and_lifecycle_synonyms_case_insensitively():
    cases = {
        "ecommerce": "e-commerce",
        "E Commerce": "e-commerce",
        "E-COMMERCE": "e-commerce",
        "Accounting": "finance",
        "marketplace": "marketplace",
        "Marketplaces": "marketplace",
        "WMS": "warehouse",
        "erp": "erp",
        "ERP": "erp",
        "CRM": "crm",
        "Help desk": "support",
        "Data warehouse": "bi",
        "in-house": "custom",
    }
    text = "\n".join(f"S{i}\t{cell}" for i, cell in enumerate(cases))
    rows = parse(text).rows
    assert [row.category for row in rows] == list(cases.values())
    assert all(row.status == "create" for row in rows)

    lifecycles = {"Planned": "planned", "in implementation": "implementing", "LIVE": "live",
                  "production": "live", "Sunset": "retiring", "legacy": "retiring"}  # fmt: skip
    text = "\n".join(f"L{i}\terp\t\t\t{cell}" for i, cell in enumerate(lifecycles))
    assert [row.lifecycle for row in parse(text).rows] == list(lifecycles.values())


def test_unknown_category_or_lifecycle_is_rejected_with_the_reason():
    rows = parse("Mind reader\ttelepathy\nOld box\terp\t\t\tdead-ish\n").rows
    assert [(row.status, row.reason) for row in rows] == [
        ("rejected", 'unknown category "telepathy"'),
        ("rejected", 'unknown lifecycle "dead-ish"'),
    ]


def test_duplicates_of_the_workshop_and_within_the_paste():
    rows = parse("Shopify\tecommerce\nXero\tfinance\nXERO\tfinance\n", "shopify").rows
    assert [(row.status, row.reason) for row in rows] == [
        ("duplicate", "already in the workshop"),
        ("create", ""),
        ("duplicate", "same name as line 2"),
    ]


def test_a_rejected_row_does_not_make_its_correction_a_duplicate():
    rows = parse("Xero\tledgerish\nXero\tfinance\n").rows
    assert [row.status for row in rows] == ["rejected", "create"]


def test_bad_names_are_rejected_with_the_reason():
    long_name = "x" * (NAME_MAX + 1)
    rows = parse(f"\terp\tCFO\n{long_name}\terp\n").rows
    assert [row.status for row in rows] == ["rejected", "rejected"]
    assert rows[0].reason == "name is required"
    assert rows[1].reason.startswith("name is too long")


def test_overlong_free_text_is_rejected():
    (row,) = parse(f"Xero\tfinance\t{'o' * (TEXT_MAX + 1)}").rows
    assert (row.status, row.reason) == (
        "rejected",
        f"owner is too long (at most {TEXT_MAX} characters)",
    )


def test_markup_in_names_is_kept_literally():
    (row,) = parse("[bold]x[/]\terp\n").rows
    assert row.name == "[bold]x[/]"


def test_the_summary_counts_each_status():
    preview = parse("A\terp\nB\terp\nC\ttelepathy\nA\terp\n", "b")
    assert preview.summary() == "1 to create, 2 duplicates, 1 rejected"
    assert parse("").summary() == "Nothing pasted yet"
    assert parse("A\nB\tcrm\nC\nD\tnope\nB\n").summary() == "3 to create, 1 duplicate, 1 rejected"


def test_text_limit_matches_the_table_models():
    from models.tables import TEXT_MAX as TABLE_TEXT_MAX

    assert TEXT_MAX == TABLE_TEXT_MAX


def test_rows_to_create_pass_the_input_model():
    from models.tables import SystemBase

    preview = parse("Vendor\tName\tCategory\tLifecycle\tOwner\nSage\tSage X3\tERP\tlive\tCFO\n")
    for row in preview.to_create:
        SystemBase.model_validate(row.values())


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sets(st.text(max_size=10), max_size=5))
def test_never_raises_on_arbitrary_text(text, existing):
    preview = parse_pasted_systems(text, existing)
    assert sum(preview.counts().values()) == len(preview.rows)
    for row in preview.rows:
        assert row.status in ("create", "duplicate", "rejected")
        assert (row.reason == "") == (row.status == "create")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.text(alphabet=st.characters(blacklist_characters="\t\r\n"), max_size=12),
                 min_size=1, max_size=7),
        max_size=12,
    )
)  # fmt: skip
def test_every_non_blank_line_gets_a_row(cells):
    text = "\n".join("\t".join(line) for line in cells)
    preview = parse_pasted_systems(text, set())
    non_blank = [line for line in text.splitlines() if line.strip()]
    assert len(preview.rows) + (1 if preview.header else 0) == len(non_blank)
    created = [name_key(row.name) for row in preview.to_create]
    assert len(created) == len(set(created))
