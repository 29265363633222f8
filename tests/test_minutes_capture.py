"""Minutes capture: the one-line grammar for decisions, actions and parking-lot questions."""

from __future__ import annotations

import datetime
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.minutes_capture import (
    EXAMPLE,
    GRAMMAR_HELP,
    Minute,
    MinuteKind,
    ParseError,
    format_minute,
    parse_minute,
)

TODAY = datetime.date(2026, 12, 16)  # a Wednesday
DECISION, ACTION, PARKED = MinuteKind.DECISION, MinuteKind.ACTION, MinuteKind.PARKED


def parse(line: str) -> Minute:
    return parse_minute(line, TODAY)


def day(number: int) -> datetime.date:
    return datetime.date(2026, 12, number)


def test_the_examples_in_the_brief() -> None:
    assert parse("d: Xero owns invoices @Ana") == Minute(DECISION, "Xero owns invoices", "Ana")
    assert parse('decision: Xero owns invoices by @"Ana Ruiz"') == Minute(
        DECISION, "Xero owns invoices", "Ana Ruiz"
    )
    assert parse("a: Send the Xero API limits @Sam fri") == Minute(
        ACTION, "Send the Xero API limits", "Sam", day(18)
    )
    assert parse('action: Map VAT codes @"Sam Lee" due 2026-12-18') == Minute(
        ACTION, "Map VAT codes", "Sam Lee", day(18)
    )
    assert parse("? Do we keep Looker?") == Minute(PARKED, "Do we keep Looker?")
    assert parse("p: Do we keep Looker?") == Minute(PARKED, "Do we keep Looker?")


def test_kind_values_are_the_lower_case_words_of_the_file_format() -> None:
    assert [kind.value for kind in MinuteKind] == ["decision", "action", "parked"]


@pytest.mark.parametrize(
    ("prefix", "kind"),
    [
        ("d:", DECISION),
        ("D:", DECISION),
        ("decision:", DECISION),
        ("Decision :", DECISION),
        ("a:", ACTION),
        ("A:", ACTION),
        ("action:", ACTION),
        ("ACTION:", ACTION),
        ("todo:", ACTION),
        ("ToDo:", ACTION),
        ("?", PARKED),
        ("p:", PARKED),
        ("P:", PARKED),
        ("park:", PARKED),
        ("q:", PARKED),
        ("Q:", PARKED),
    ],
)
def test_kind_prefixes_in_any_case_with_or_without_a_space(prefix: str, kind: MinuteKind) -> None:
    for line in (f"{prefix} Stock counts", f"{prefix}Stock counts", f"  {prefix}   Stock counts  "):
        assert parse(line) == Minute(kind, "Stock counts"), line


def test_a_question_mark_prefix_keeps_the_question_mark_at_the_end() -> None:
    assert parse("?Do we keep Looker?").text == "Do we keep Looker?"


@pytest.mark.parametrize(
    "line",
    [
        "",
        "   ",
        "Xero owns invoices",
        "Do we keep Looker?",  # a question mark at the end is not a kind
        "note: Xero owns invoices",
        "decisions: Xero owns invoices",
        "d Xero owns invoices",
        "x: Xero owns invoices",
    ],
)
def test_no_prefix_says_how_to_start_the_line(line: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(line)
    assert str(caught.value) == (
        'Start the line with "d:" for a decision, "a:" for an action or "?" for a parking-lot '
        f'question, e.g. "{EXAMPLE}".'
    )


def test_text_is_trimmed_and_keeps_its_inner_spacing() -> None:
    assert parse("d:   Xero  owns\tinvoices   ").text == "Xero  owns\tinvoices"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("d:", 'Expected what was decided after "d:", e.g. "d: Xero owns invoices @Ana".'),
        ("d: @Ana", 'Expected what was decided after "d:", e.g. "d: Xero owns invoices @Ana".'),
        ("a: @Sam fri", f'Expected what is to be done after "a:", e.g. "{EXAMPLE}".'),
        ("todo:   ", f'Expected what is to be done after "todo:", e.g. "{EXAMPLE}".'),
        ("?", 'Expected the question after "?", e.g. "? Do we keep Looker?".'),
        ('q: ""', 'Expected the question after "q:", e.g. "? Do we keep Looker?".'),
    ],
)
def test_the_text_is_required(line: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(line)
    assert str(caught.value) == message


# Who ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "who"),
    [
        ("d: Xero owns invoices @Ana", "Ana"),
        ("d: Xero owns invoices by @Ana", "Ana"),
        ("d: Xero owns invoices BY @Ana", "Ana"),
        ('d: Xero owns invoices @"Ana Ruiz"', "Ana Ruiz"),
        ("d: Xero owns invoices @\u201cAna Ruiz\u201d", "Ana Ruiz"),  # a phone keyboard
        ("d: Xero owns invoices @Ana.", "Ana"),  # the full stop ends the sentence
        ("d: @Ana Xero owns invoices", "Ana"),
        ("d: @Ana, Xero owns invoices", "Ana"),
    ],
)
def test_who_decided_at_the_start_or_the_end_is_taken_out_of_the_text(line: str, who: str) -> None:
    assert parse(line) == Minute(DECISION, "Xero owns invoices", who)


def test_a_name_inside_a_sentence_stays_in_the_text_without_its_at() -> None:
    assert parse("a: Ask @Sam about the limits") == Minute(
        ACTION, "Ask Sam about the limits", "Sam"
    )
    assert parse('a: Ask @"Sam Lee", then chase') == Minute(
        ACTION, "Ask Sam Lee, then chase", "Sam Lee"
    )
    # "by" is dropped only where it introduces the name at the end.
    assert parse("d: Signed off by @Ana at the board").text == "Signed off by Ana at the board"


def test_an_at_inside_a_word_is_text() -> None:
    assert parse("a: Email ap@acme.com the VAT codes") == Minute(
        ACTION, "Email ap@acme.com the VAT codes"
    )
    assert parse("d: Use @ for mentions") == Minute(DECISION, "Use @ for mentions")


def test_no_name_means_nobody() -> None:
    assert parse("a: Send the limits").who is None
    assert parse("d: Xero owns invoices").who is None


def test_names_are_cleaned() -> None:
    assert parse('d: x @"  Ana Ruiz "').who == "Ana Ruiz"
    assert parse("d: x @Jose\u0301").who == "Jos\u00e9"  # NFC, as every name in a workshop


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "a: x @Sam @Ana",
            'Only one person can be named with "@" ("Sam" and "Ana"); put the text in double '
            "quotes to keep an @ in it.",
        ),
        (
            "a: @Sam to brief @Ana",
            'Only one person can be named with "@" ("Sam" and "Ana"); put the text in double '
            "quotes to keep an @ in it.",
        ),
        ('d: x @""', 'Expected a name after "@": @Ana, or @"Ana Ruiz" for a name of two words.'),
        ('d: x @"Ana Ruiz', "A quote is not closed; end the quoted name with another quote mark."),
        (
            "d: x @" + "A" * 121,
            "The name after @ is too long (121 characters; at most 120).",
        ),
    ],
)
def test_names_that_cannot_be_read(line: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(line)
    assert str(caught.value) == message


def test_a_parking_lot_question_keeps_an_at_as_text() -> None:
    # The file keeps no "raised by" for a question, so a name there is kept rather than lost.
    assert parse("? Do we keep Looker @Ana") == Minute(PARKED, "Do we keep Looker @Ana")
    assert parse('? @"Ana Ruiz" asks about Looker') == Minute(
        PARKED, '@"Ana Ruiz" asks about Looker'
    )
    assert parse("? Ask @Ana @Sam").who is None


# Due dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "due"),
    [
        ("2026-12-18", day(18)),
        ("2027-01-04", datetime.date(2027, 1, 4)),
        ("today", day(16)),
        ("Today", day(16)),
        ("tomorrow", day(17)),
        ("tmr", day(17)),
        ("thu", day(17)),
        ("Thursday", day(17)),
        ("thurs", day(17)),
        ("fri", day(18)),
        ("FRIDAY", day(18)),
        ("sat", day(19)),
        ("sun", day(20)),
        ("mon", day(21)),
        ("monday", day(21)),
        ("tue", day(22)),
        ("tues", day(22)),
        ("wed", day(23)),  # today is Wednesday: a weekday is strictly after today
        ("wednesday", day(23)),
        ("next week", day(21)),
        ("next  Week", day(21)),
    ],
)
def test_due_words(when: str, due: datetime.date) -> None:
    for line in (f"a: Send the limits {when}", f"a: Send the limits due {when}"):
        assert parse(line) == Minute(ACTION, "Send the limits", None, due), line
    assert parse(f"a: Send the limits by {when} @Sam") == Minute(
        ACTION, "Send the limits", "Sam", due
    )


def test_a_weekday_counts_from_the_day_given() -> None:
    sunday = datetime.date(2026, 12, 20)
    assert parse_minute("a: x mon", sunday).due == day(21)
    assert parse_minute("a: x next week", sunday).due == day(21)
    assert parse_minute("a: x sun", sunday).due == day(27)
    assert parse_minute("a: x tomorrow", datetime.date(2026, 12, 31)).due == datetime.date(
        2027, 1, 1
    )


def test_the_due_date_and_the_name_may_come_in_either_order() -> None:
    expected = Minute(ACTION, "Map VAT codes", "Sam Lee", day(18))
    for line in (
        'a: Map VAT codes @"Sam Lee" fri',
        'a: Map VAT codes @"Sam Lee" due fri',
        'a: Map VAT codes fri @"Sam Lee"',
        'a: Map VAT codes due 2026-12-18 @"Sam Lee"',
        'a: @"Sam Lee" Map VAT codes by fri',
    ):
        assert parse(line) == expected, line


def test_no_due_date_means_none_never_a_default() -> None:
    assert parse("a: Send the limits @Sam").due is None
    assert parse("a: Pay what is due").due is None
    assert parse("a: Pay what is due").text == "Pay what is due"


def test_a_date_word_inside_the_text_is_text() -> None:
    assert parse("a: Move the friday run to 6am") == Minute(ACTION, "Move the friday run to 6am")


def test_quotes_keep_a_last_word_that_looks_like_a_date() -> None:
    assert parse('a: "Call the bank on fri"') == Minute(ACTION, "Call the bank on fri")
    assert parse('a: "Call the bank on fri" @Sam tomorrow') == Minute(
        ACTION, "Call the bank on fri", "Sam", day(17)
    )
    assert parse('d: "Ping @channel"') == Minute(DECISION, "Ping @channel")


def test_quotes_that_do_not_hold_the_whole_text_are_text() -> None:
    assert parse('d: "Net 30" means "30 days"').text == '"Net 30" means "30 days"'
    assert parse('d: "Net 30" is the term').text == '"Net 30" is the term'


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "a: x due 2026-02-30",
            'There is no date 2026-02-30; write a real date, e.g. "2026-12-18".',
        ),
        ("a: x 2026-13-01", 'There is no date 2026-13-01; write a real date, e.g. "2026-12-18".'),
        (
            "a: Pay the invoices due monthly",
            'Unknown due date "monthly"; use a date such as 2026-12-18, today, tomorrow, a '
            "weekday or next week.",
        ),
        (
            "a: x due fir @Sam",
            'Unknown due date "fir"; use a date such as 2026-12-18, today, tomorrow, a weekday '
            "or next week.",
        ),
    ],
)
def test_due_dates_that_cannot_be_read(line: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(line)
    assert str(caught.value) == message


DECISION_DUE = (
    'A decision has no due date; start the line with "a:" for an action, or put the text in '
    "double quotes to keep the date as words."
)
QUESTION_DUE = (
    'A parking-lot question has no due date; start the line with "a:" for an action, or put '
    "the text in double quotes to keep the date as words."
)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("d: Xero owns invoices due fri", DECISION_DUE),
        ("decision: Xero owns invoices due 2026-12-18", DECISION_DUE),
        ("d: Xero owns invoices @Ana fri", DECISION_DUE),  # a date after the name is a due date
        ("d: Xero owns invoices @Ana by next week", DECISION_DUE),
        ("d: Xero owns invoices due 2026-02-30", DECISION_DUE),
        ("? Do we keep Looker due fri", QUESTION_DUE),
        ("park: Looker due tomorrow", QUESTION_DUE),
    ],
)
def test_a_due_date_on_a_decision_or_question_is_refused(line: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(line)
    assert str(caught.value) == message


def test_a_date_word_ending_a_decision_or_question_is_part_of_it() -> None:
    assert parse("d: Go-live moves to next week") == Minute(DECISION, "Go-live moves to next week")
    assert parse("d: The run moves to fri @Ana") == Minute(DECISION, "The run moves to fri", "Ana")
    assert parse("? Can we go live by fri") == Minute(PARKED, "Can we go live by fri")
    assert parse("d: Go-live is 2026-02-30").text == "Go-live is 2026-02-30"
    assert parse('d: "Invoices fall due tomorrow"').text == "Invoices fall due tomorrow"


def test_a_datetime_for_today_counts_as_its_date() -> None:
    now = datetime.datetime(2026, 12, 16, 23, 59)
    assert parse_minute("a: x tomorrow", now).due == day(17)
    assert type(parse_minute("a: x today", now).due) is datetime.date


@pytest.mark.parametrize("line", ["a: x\ny", "d: x\x00y", "? x\ry", "d: x\u2028y"])
def test_one_minute_per_line(line: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(line)
    assert str(caught.value) == (
        "Type one minute per line; line breaks and control characters cannot be part of it."
    )


def test_a_line_has_a_length_limit() -> None:
    assert len(parse("d: " + "x" * 1997).text) == 1997
    with pytest.raises(ParseError) as caught:
        parse("d: " + "x" * 1998)
    assert str(caught.value) == (
        "A minute is at most 2,000 characters (this line has 2,001); split it into shorter ones."
    )


def test_the_worst_lines_are_still_quick() -> None:
    for line in ("d: " + "@\u201c " * 660, "a: " + "due " * 499 + "x", "d: " + "@a " * 660):
        with pytest.raises(ParseError):
            parse(line)
    assert parse("a: " + "by " * 660 + "fri").due == day(18)


def test_a_trailing_line_break_is_trimmed() -> None:
    assert parse("d: Xero owns invoices\n") == Minute(DECISION, "Xero owns invoices")


def test_non_text_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_minute(None, TODAY)  # type: ignore[arg-type]


# Help and formatting -----------------------------------------------------------------------


def test_grammar_help_documents_the_grammar_and_its_examples_parse() -> None:
    assert "KIND TEXT [@WHO] [[due] WHEN]" in GRAMMAR_HELP
    for word in ("d:", "decision:", "a:", "action:", "todo:", "p:", "park:", "q:", "tmr"):
        assert word in GRAMMAR_HELP
    for word in ("2026-12-18", "today", "tomorrow", "mon", "sun", "next week", '@"Ana Ruiz"'):
        assert word in GRAMMAR_HELP
    help_lines = GRAMMAR_HELP.splitlines()
    first = next(index for index, line in enumerate(help_lines) if "e.g." in line)
    last = help_lines.index("", first)
    examples = [line.replace("e.g.", "").strip() for line in help_lines[first:last]]
    assert EXAMPLE in examples and len(examples) == 5
    assert [parse(line).kind for line in examples] == [DECISION, DECISION, ACTION, ACTION, PARKED]


@pytest.mark.parametrize(
    ("minute", "line"),
    [
        (Minute(DECISION, "Xero owns invoices", "Ana"), "d: Xero owns invoices @Ana"),
        (Minute(DECISION, "Xero owns invoices", "Ana Ruiz"), 'd: Xero owns invoices @"Ana Ruiz"'),
        (Minute(ACTION, "Send limits", "Sam", day(18)), "a: Send limits @Sam due 2026-12-18"),
        (Minute(ACTION, "Send limits", None, day(18)), "a: Send limits due 2026-12-18"),
        (Minute(ACTION, "Send limits"), "a: Send limits"),
        (Minute(PARKED, "Do we keep Looker?"), "? Do we keep Looker?"),
        (Minute(PARKED, "Ask @Ana"), "? Ask @Ana"),
        (Minute(ACTION, "Call on fri"), 'a: "Call on fri"'),
        (Minute(DECISION, "Signed off by", "Ana"), 'd: "Signed off by" @Ana'),
        (Minute(DECISION, "x", "Ana."), 'd: x @"Ana."'),
        (Minute(DECISION, '"Net 30"'), 'd: \u201c"Net 30"\u201d'),
        (Minute(DECISION, 'x @"Sam'), 'd: \u201cx @"Sam\u201d'),
    ],
)
def test_format_writes_the_plainest_line_that_reads_back(minute: Minute, line: str) -> None:
    assert format_minute(minute) == line
    assert parse(line) == minute


def test_format_refuses_a_minute_no_line_can_hold() -> None:
    with pytest.raises(ValueError):
        format_minute(Minute(DECISION, ""))
    with pytest.raises(ValueError):
        format_minute(Minute(PARKED, "Looker", who="Ana"))


# Properties --------------------------------------------------------------------------------

# Text built from the grammar's own pieces finds the corners faster than arbitrary text.
pieces = st.sampled_from(
    ["d:", "a:", "todo:", "?", "p:", "D :", " ", "@", "@Ana", '@"Ana Ruiz"', '"', "\u201c",
     "\u201d", "by", "due", "fri", "next week", "today", "tmr", "2026-12-18", "2026-02-30",
     "x", "Xero", ".", ",", "a@b.com", "\t", "\n", "\x00", "\u0661", "\u017f", "\u0130"]
)  # fmt: skip
lines = st.one_of(
    st.text(max_size=80),
    st.lists(pieces, max_size=20).map("".join),
    st.lists(pieces, max_size=20).map(" ".join),
)
days = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 12, 31))


@settings(max_examples=1000, deadline=None)
@given(lines, days)
def test_any_text_parses_or_raises_parse_error_only(line: str, today: datetime.date) -> None:
    try:
        minute = parse_minute(line, today)
    except ParseError as exc:
        message = str(exc)
        assert message and message.endswith(".") and "\n" not in message
        return
    assert minute.text and minute.text == minute.text.strip()
    assert minute.who is None or (minute.who.strip() and minute.kind is not PARKED)
    assert minute.due is None or minute.kind is ACTION
    # Every line that parses writes back as one that reads the same.
    assert parse_minute(format_minute(minute), today) == minute


words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Zl", "Zp"]),
    min_size=1,
    max_size=30,
).filter(lambda text: text.strip() == text and text.strip())
grammar_words = st.sampled_from(
    ["fri", "due", "by", "@Sam", '@"Sam', "next", "week", "2026-12-18", '"', "\u201c", "a@b"]
)
texts = st.lists(st.one_of(words, grammar_words), min_size=1, max_size=6).map(" ".join)
# Names as a workshop holds them: trimmed and NFC-normalised (`models.names.clean_name`).
names = (
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["L", "N"], include_characters=" .-'"),
        min_size=1,
        max_size=20,
    )
    .map(lambda text: unicodedata.normalize("NFC", text))
    .filter(lambda text: text.strip() and text.strip() == text)
)


@st.composite
def minutes(draw: st.DrawFn) -> Minute:
    kind = draw(st.sampled_from(MinuteKind))
    return Minute(
        kind=kind,
        text=draw(texts),
        who=None if kind is PARKED else draw(st.none() | names),
        due=draw(st.none() | days) if kind is ACTION else None,
    )


@settings(max_examples=1000, deadline=None)
@given(minutes(), days)
def test_format_then_parse_gives_the_same_minute(minute: Minute, today: datetime.date) -> None:
    assert parse_minute(format_minute(minute), today) == minute
