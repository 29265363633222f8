"""Quick capture: the one-line grammar the facilitator types while people talk."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.enums import Approach, Direction, FlowState, Frequency, Mechanism
from models.names import name_key
from models.quick_capture import (
    EXAMPLE,
    FORM,
    FREQUENCY_WORDS,
    GRAMMAR_HELP,
    MECHANISM_WORDS,
    ParseError,
    QuickCapture,
    complete_detail,
    name_at,
    parse_capture,
    read_capture,
)

EG = 'e.g. "Shopify -> ERP: Sales orders, hourly via api".'
EXPECTED = f'Expected "SOURCE -> TARGET: DATA OBJECT", {EG}'


def test_the_issue_example() -> None:
    assert parse_capture("Shopify -> ERP: sales orders, real-time via api") == QuickCapture(
        source="Shopify",
        target="ERP",
        data_object="sales orders",
        two_way=False,
        frequency=Frequency.REAL_TIME,
        mechanism=Mechanism.API,
        owner=None,
    )


def test_only_the_flow_is_required() -> None:
    assert parse_capture("Stripe->Xero:Payments") == QuickCapture("Stripe", "Xero", "Payments")


def test_every_clause_with_an_owner() -> None:
    capture = parse_capture(
        "  Stripe  =>  Xero :  Payments ,  daily  via  SFTP  by  Head of finance "
    )
    assert capture == QuickCapture(
        "Stripe", "Xero", "Payments", False, Frequency.DAILY, Mechanism.FILE, "Head of finance"
    )


def test_an_arrow_after_the_colon_needs_quotes() -> None:
    # Two flows typed on one line are far likelier than a data object named with an arrow.
    with pytest.raises(ParseError, match="put a data object name that holds an arrow in double"):
        parse_capture("A -> B: x -> y")
    assert parse_capture('A -> B: "x -> y"').data_object == "x -> y"
    with pytest.raises(ParseError, match='Expected ":"'):
        parse_capture("ERP: x, weekly -> nowhere")  # the only arrow comes after the colon


def test_clauses_may_come_in_any_order() -> None:
    expected = QuickCapture("A", "B", "Stock", False, Frequency.HOURLY, Mechanism.WEBHOOK, "Ops")
    for line in (
        "A -> B: Stock, hourly via webhook by Ops",
        "A -> B: Stock via webhook, hourly by Ops",
        "A -> B: Stock by Ops, hourly via webhook",  # owner before: ends at the next clause
        "A -> B: Stock via webhook by Ops, hourly",
    ):
        assert parse_capture(line) == expected, line


@pytest.mark.parametrize(
    ("arrow", "two_way"),
    [
        ("->", False),
        ("=>", False),
        ("→", False),
        ("-->", False),
        ("<->", True),
        ("<=>", True),
        ("↔", True),
    ],
)
def test_arrows(arrow: str, two_way: bool) -> None:
    capture = parse_capture(f"HubSpot {arrow} Shopify: Customers")
    assert (capture.source, capture.target, capture.two_way) == ("HubSpot", "Shopify", two_way)
    direction = capture.fields()["direction"]
    assert direction is (Direction.TWO_WAY if two_way else Direction.ONE_WAY)


@pytest.mark.parametrize(
    ("word", "frequency"),
    [
        ("real-time", Frequency.REAL_TIME),
        ("realtime", Frequency.REAL_TIME),
        ("Real Time", Frequency.REAL_TIME),
        ("LIVE", Frequency.REAL_TIME),
        ("hourly", Frequency.HOURLY),
        ("daily", Frequency.DAILY),
        ("nightly", Frequency.DAILY),
        ("weekly", Frequency.WEEKLY),
        ("on demand", Frequency.ON_DEMAND),
        ("on-demand", Frequency.ON_DEMAND),
        ("ad hoc", Frequency.AD_HOC),
        ("ad-hoc", Frequency.AD_HOC),
        ("adhoc", Frequency.AD_HOC),
    ],
)
def test_frequency_words_are_lenient(word: str, frequency: Frequency) -> None:
    assert parse_capture(f"A -> B: Stock, {word}").frequency is frequency


@pytest.mark.parametrize(
    ("word", "mechanism"),
    [
        ("api", Mechanism.API),
        ("API", Mechanism.API),
        ("webhook", Mechanism.WEBHOOK),
        ("file", Mechanism.FILE),
        ("sftp", Mechanism.FILE),
        ("csv", Mechanism.FILE),
        ("ipaas", Mechanism.IPAAS),
        ("iPaaS", Mechanism.IPAAS),
        ("middleware", Mechanism.IPAAS),
        ("database", Mechanism.DATABASE),
        ("db", Mechanism.DATABASE),
        ("email", Mechanism.EMAIL),
        ("e-mail", Mechanism.EMAIL),
        ("manual", Mechanism.MANUAL),
        ("re-keying", Mechanism.MANUAL),
        ("rekey", Mechanism.MANUAL),
    ],
)
def test_mechanism_words(word: str, mechanism: Mechanism) -> None:
    assert parse_capture(f"A -> B: Stock via {word}").mechanism is mechanism


def test_every_enumeration_value_has_a_word() -> None:
    assert set(FREQUENCY_WORDS.values()) == set(Frequency)
    assert set(MECHANISM_WORDS.values()) == set(Mechanism)


def test_a_mechanism_after_the_comma_is_read_as_the_mechanism() -> None:
    capture = parse_capture("A -> B: Stock, api")
    assert (capture.frequency, capture.mechanism) == (None, Mechanism.API)


def test_quotes_protect_names_holding_keywords_commas_arrows_and_colons() -> None:
    capture = parse_capture(
        '"Sage X3: UK" -> "Shop -> B2B": "Sales by region, net", weekly by "Finance, AP"'
    )
    assert capture == QuickCapture(
        "Sage X3: UK",
        "Shop -> B2B",
        "Sales by region, net",
        False,
        Frequency.WEEKLY,
        None,
        "Finance, AP",
    )


def test_curly_quotes_from_a_phone_keyboard() -> None:
    capture = parse_capture("A -> B: \u201cSales by region\u201d")
    assert capture.data_object == "Sales by region"


def test_words_that_only_contain_keywords_are_kept() -> None:
    capture = parse_capture("Byte Shop -> Viaduct ERP: By-products")
    assert (capture.source, capture.target, capture.data_object) == (
        "Byte Shop",
        "Viaduct ERP",
        "By-products",
    )
    assert capture.owner is None and capture.mechanism is None


def test_names_are_cleaned_not_matched() -> None:
    """Matching "erp" to an existing "ERP" is storage's job; the parser keeps what was typed."""
    capture = parse_capture("shopify -> erp: sales orders")
    assert (capture.source, capture.target, capture.data_object) == (
        "shopify",
        "erp",
        "sales orders",
    )
    assert parse_capture("Cafe\u0301 -> B: x").source == "Caf\u00e9"  # NFC


def test_fields_hold_only_what_was_said() -> None:
    assert parse_capture("A -> B: x").fields() == {"direction": Direction.ONE_WAY}
    assert parse_capture("A <-> B: x, hourly via api by Ops").fields() == {
        "direction": Direction.TWO_WAY,
        "frequency": Frequency.HOURLY,
        "mechanism": Mechanism.API,
        "owner": "Ops",
    }


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("", EXPECTED),
        ("   ", EXPECTED),
        ("Shopify ERP sales orders", EXPECTED),
        ("Shopify: orders", EXPECTED),
        (
            "-> ERP: orders",
            f'Expected a source system before "->", {EG}',
        ),
        (
            "Shopify -> : orders",
            f'Expected a target system after "->", {EG}',
        ),
        (
            "Shopify -> ERP",
            'Expected ":" and a data object after the target, e.g. '
            '"Shopify -> ERP: Sales orders, hourly via api".',
        ),
        (
            "Shopify -> ERP:   ",
            f'Expected a data object after ":", {EG}',
        ),
        (
            "Shopify -> ERP: orders, fortnightly",
            'Unknown frequency "fortnightly"; use real-time, hourly, daily, weekly, on demand or '
            "ad hoc.",
        ),
        (
            "Shopify -> ERP: orders via carrier pigeon",
            'Unknown mechanism "carrier pigeon"; use api, webhook, file, ipaas, database, email '
            "or manual.",
        ),
        (
            "Shopify -> ERP: orders via",
            'Expected a mechanism after "via"; use api, webhook, file, ipaas, database, email or '
            "manual.",
        ),
        ("Shopify -> ERP: orders by", 'Expected an owner after "by", e.g. "by Finance".'),
        ("Shopify -> shopify: orders", "Source and target are the same system."),
        ("ERP -> ERP : stock", "Source and target are the same system."),
        ("A -> B -> C: orders", "Only one arrow is allowed; capture one flow at a time."),
        (
            "A -> B: orders, hourly, daily",
            'The frequency is given twice ("hourly" and "daily").',
        ),
        ("A -> B: orders by Ops by IT", 'The owner is given twice ("Ops" and "IT").'),
        (
            'A -> B: "orders',
            "A quote is not closed; end the quoted name with another quote mark.",
        ),
        ('"" -> B: orders', "Expected a source system name."),
        (
            "A\x07 -> B: orders",
            "The source system name cannot contain control characters or line breaks.",
        ),
        (
            "A -> B: " + "x" * 121,
            "The data object name is too long (121 characters; at most 120).",
        ),
    ],
)
def test_a_line_that_is_not_a_flow_says_what_was_expected(line: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_capture(line)
    assert str(caught.value) == message
    assert "\n" not in message and message.endswith(".")


def test_unknown_words_are_shortened_when_quoted_back() -> None:
    with pytest.raises(ParseError) as caught:
        parse_capture("A -> B: x, " + "very " * 30)
    assert "\u2026" in str(caught.value) and len(str(caught.value)) < 160


def test_grammar_help_documents_every_word_class() -> None:
    assert FORM in GRAMMAR_HELP
    for word in ("connector", "custom", "ipaas build", "currently manual", "partial", "automated"):
        assert word in GRAMMAR_HELP
    assert EXAMPLE in GRAMMAR_HELP
    for word in ("<->", "real-time", "hourly", "on demand", "ad hoc", "webhook", "re-keying"):
        assert word in GRAMMAR_HELP
    # The example in the help really parses.
    assert parse_capture(EXAMPLE).mechanism is Mechanism.API


# Text built from the grammar's own pieces finds the corners faster than arbitrary text.
pieces = st.sampled_from(
    ["->", "<->", "=>", "→", ":", ",", " via ", " by ", '"', "\u201c", "\u201d", " ", "api",
     "hourly", "A", "b", "\x00", "\n", "é", "-", ">", "<"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(pieces, max_size=25).map("".join)))
def test_any_text_parses_or_raises_parse_error_only(line: str) -> None:
    try:
        capture = parse_capture(line)
    except ParseError as exc:
        message = str(exc)
        assert message and message.endswith(".")
        return
    assert capture.source and capture.target and capture.data_object
    assert name_key(capture.source) != name_key(capture.target)
    assert capture.owner is None or capture.owner.strip()


def test_non_text_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_capture(None)  # type: ignore[arg-type]


# --- Approach, state and note (issue 13) -------------------------------------------------------


@pytest.mark.parametrize(
    ("tail", "approach", "state"),
    [
        (", via native connector", Approach.CONNECTOR, None),
        (" via connector", Approach.CONNECTOR, None),
        (", custom", Approach.CUSTOM, None),
        (", bespoke, currently manual", Approach.CUSTOM, FlowState.MANUAL),
        (", ipaas build", Approach.IPAAS, None),
        (", partly automated", None, FlowState.PARTIAL),
        (", partial", None, FlowState.PARTIAL),
        (", fully automated", None, FlowState.AUTOMATED),
        (", Still-Manual", None, FlowState.MANUAL),
        (", planned", None, FlowState.PLANNED),
    ],
)
def test_approach_and_state_are_read(
    tail: str, approach: Approach | None, state: FlowState | None
) -> None:
    capture = parse_capture("A -> B: Invoices" + tail)
    assert (capture.approach, capture.state) == (approach, state)
    assert capture.mechanism is None and capture.frequency is None


def test_several_details_in_one_clause_and_a_bare_manual_stays_the_mechanism() -> None:
    capture = parse_capture("A -> B: Invoices, daily via custom api, automated")
    assert capture.frequency is Frequency.DAILY
    assert capture.mechanism is Mechanism.API
    assert capture.approach is Approach.CUSTOM
    assert capture.state is FlowState.AUTOMATED
    # What parsed before parses as before: "manual" and "ipaas" are mechanisms.
    assert parse_capture("A -> B: x via manual").mechanism is Mechanism.MANUAL
    assert parse_capture("A -> B: x, manual").state is None
    assert parse_capture("A -> B: x via ipaas").approach is None


def test_a_trailing_note_is_kept_whole_and_sets_notes() -> None:
    capture = parse_capture("A -> B: Invoices, daily # ask Ana, by Friday, via email?")
    assert capture.note == "ask Ana, by Friday, via email?"
    assert capture.owner is None and capture.mechanism is None
    assert capture.fields()["notes"] == "ask Ana, by Friday, via email?"
    # A "#" inside a word or inside quotes is not a note.
    assert parse_capture("C# app -> B: x").source == "C# app"
    assert parse_capture('A -> B: "PO #12" # note').data_object == "PO #12"
    assert parse_capture("A -> B: x #").note is None


def test_only_what_the_line_says_is_set() -> None:
    capture = parse_capture("A -> B: Invoices")
    assert (capture.frequency, capture.mechanism, capture.approach, capture.state) == (
        None,
        None,
        None,
        None,
    )
    assert capture.owner is None and capture.note is None
    assert capture.fields() == {"direction": Direction.ONE_WAY}


def test_a_word_it_cannot_place_is_named_and_located() -> None:
    line = "A -> B: Invoices, daily via native gizmo connector"
    reading = read_capture(line)
    assert reading.unplaced() == ("native gizmo",)
    assert reading.error == (
        'Not understood: "native gizmo"; f1 lists the words quick capture knows.'
    )
    assert reading.capture is not None and reading.capture.approach is Approach.CONNECTOR
    roles = {line[span.start : span.end]: span.role for span in reading.spans}
    assert roles["daily"] == "frequency" and roles["connector"] == "approach"
    with pytest.raises(ParseError, match="native gizmo"):
        parse_capture(line)


def test_a_detail_given_twice_in_two_vocabularies_is_refused() -> None:
    with pytest.raises(ParseError, match="approach is given twice"):
        parse_capture("A -> B: x, connector, custom")


@pytest.mark.parametrize(
    ("line", "cursor", "role", "name"),
    [
        ("Sal", 3, "source", "Sal"),
        ("Salesforce -> Mis", 17, "target", "Mis"),
        ("Salesforce -> Mis: Won", 22, "data_object", "Won"),
        ("Salesforce -> Mis: Won, daily", 29, None, None),
        ("Salesforce -> Mis: Won, daily", 5, "source", "Salesforce"),
        ("A -> B: x # Sal", 15, None, None),
    ],
)
def test_the_name_at_the_cursor(line: str, cursor: int, role: str | None, name: str | None) -> None:
    found = name_at(line, cursor)
    if role is None:
        assert found is None
    else:
        assert found is not None and found.role == role
        assert line[found.start : found.end] == name


def test_detail_words_complete_from_a_prefix() -> None:
    assert complete_detail("con") == ("connector",)
    assert complete_detail("Cu") == ("custom",)
    assert "daily" in complete_detail("da") and "database" in complete_detail("da")
    assert complete_detail("") == () and complete_detail("zz") == ()


def test_quoted_names_are_marked_to_be_matched_exactly() -> None:
    capture = parse_capture('"Mission Control" -> Xero: "Invoices, net"')
    assert capture.quoted == {"source", "data_object"}
    assert capture.source == "Mission Control" and capture.data_object == "Invoices, net"


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(max_size=80), st.lists(pieces, max_size=25).map("".join)),
    st.integers(min_value=0, max_value=90),
)
def test_the_preview_reads_any_text_without_raising(line: str, cursor: int) -> None:
    reading = read_capture(line)
    assert (reading.capture is None) == (reading.error is not None) or reading.unplaced()
    for span in reading.spans:
        assert 0 <= span.start < span.end <= len(line)
    at = name_at(line, min(cursor, len(line)))
    if at is not None:
        assert 0 <= at.start <= at.end <= len(line)
