"""Minutes capture: one line, typed while the room talks, becomes a decision, an action or a
parking-lot question.

Grammar::

    KIND TEXT [@WHO] [[due] WHEN]

- KIND starts the line, in any case: ``d:`` or ``decision:`` for a decision; ``a:``,
  ``action:`` or ``todo:`` for an action; ``?``, ``p:``, ``park:`` or ``q:`` for a parking-lot
  question. Spaces may follow the colon; ``?`` works with or without a space after it. A line
  without a kind is refused: the kind is never guessed.
- WHO is ``@word`` or ``@"two words"``: who decided, for a decision ("by" before it is
  optional and dropped: ``by @Ana``); the owner, for an action. At most one per line. At the
  start or the end of the text the @name is taken out of the text; inside a sentence the name
  stays in the text without its ``@`` (``a: Ask @Sam about limits`` is the action "Ask Sam
  about limits", owned by Sam). An ``@`` inside a word (``a@b.com``) is text.
- A parking-lot question has nobody attached: the workshop file keeps no "raised by" for it,
  so an ``@`` in a question is text and is kept as typed, never dropped.
- WHEN, for actions only, ends the line (before or after the @name), optionally after ``due``
  or ``by``: an ISO date ``2026-12-18``; ``today``; ``tomorrow`` or ``tmr``; a weekday, ``mon``
  to ``sun`` or in full, meaning the next such day strictly after today (say ``today`` for
  today); ``next week``, meaning next Monday. An impossible date (``2026-02-30``) or an unknown
  word after ``due`` is refused.
- A decision or a question has no due date: ``due WHEN`` at the end of one, or a date right
  after a decision's @name, is refused. A date word that is simply the last word of a decision or a
  question (``d: Go-live moves to next week``) is part of its text.
- TEXT is kept as typed (trimmed, inner spaces kept) and must not be empty. To keep words the
  grammar would read (a trailing "fri", an ``@``), put the whole text in double quotes:
  ``a: "Call the bank on fri" @Sam``.
- Unknown stays unknown: no @name means nobody, no WHEN means no due date.
- A line is at most 2,000 characters.

Examples::

    d: Xero owns invoices @Ana
    decision: Xero owns invoices by @"Ana Ruiz"
    a: Send the Xero API limits @Sam fri
    action: Map VAT codes @"Sam Lee" due 2026-12-18
    ? Do we keep Looker?

Parsing is pure and takes today's date explicitly. Anything that is not a minute raises
`ParseError`, whose `str()` is one sentence saying what was expected; nothing else is ever
raised. `format_minute` writes a minute back as a line that parses to the same minute.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from models.enums import MinuteKind
from models.names import clean_name

EXAMPLE = "a: Send the Xero API limits @Sam fri"

GRAMMAR_HELP = f"""\
Minutes: type one decision, action or parking-lot question per line, as it is said.

  KIND TEXT [@WHO] [[due] WHEN]

  e.g.  d: Xero owns invoices @Ana
        decision: Xero owns invoices by @"Ana Ruiz"
        {EXAMPLE}
        action: Map VAT codes @"Sam Lee" due 2026-12-18
        ? Do we keep Looker?

  d:  decision:           a decision; @WHO is who decided ("by @Ana" works too)
  a:  action:  todo:      an action; @WHO is its owner, WHEN its due date
  ?   p:  park:  q:       a parking-lot question (an @ in it is kept as text)
  @WHO                    @Ana or @"Ana Ruiz", at most one; inside a sentence
                          ("Ask @Sam about it") the name also stays in the text
  WHEN (actions only)     2026-12-18, today, tomorrow (tmr), mon ... sun (the next one
                          after today), next week (next Monday); "due" or "by" before it
                          is optional

No @WHO means no owner and no WHEN means no due date: nothing is filled in for you. Put the
text in double quotes to keep a last word such as "fri", or an @, as text."""


class ParseError(ValueError):
    """A line that is not a minute; `str()` is one sentence saying what was expected."""


@dataclass(frozen=True)
class Minute:
    """One parsed line. `who` is who decided (decision) or the owner (action)."""

    kind: MinuteKind
    text: str
    who: str | None = None
    due: datetime.date | None = None


KIND_WORDS: dict[str, MinuteKind] = {
    **{word: MinuteKind.DECISION for word in ("d", "decision")},
    **{word: MinuteKind.ACTION for word in ("a", "action", "todo")},
    **{word: MinuteKind.PARKED for word in ("?", "p", "park", "q")},
}

PREFIX = re.compile(r"(?:(decision|d|action|a|todo|park|p|q)[ \t]*:|(\?))", re.IGNORECASE)

START = (
    'Start the line with "d:" for a decision, "a:" for an action or "?" for a parking-lot '
    f'question, e.g. "{EXAMPLE}".'
)

WHAT = {
    MinuteKind.DECISION: "what was decided",
    MinuteKind.ACTION: "what is to be done",
    MinuteKind.PARKED: "the question",
}

# Longer than anyone types in a meeting; it also keeps the worst case of the patterns small.
LINE_MAX = 2000

QUOTES = {'"': '"', "\u201c": "\u201d", "\u201d": "\u201d"}

# A name after "@": quoted (straight or curly quotes), or one word without quote marks.
# Trailing punctuation after a one-word name belongs to the sentence ("@Ana." is Ana).
_NAME = (
    r'@(?:"(?P<q1>[^"]*)"'
    r"|\u201c(?P<q2>[^\u201d]*)\u201d"
    r"|\u201d(?P<q3>[^\u201d]*)\u201d"
    r'|(?P<word>[^\s"\u201c\u201d]+?))'
)
PUNCTUATION = ".,;:!?"
NAME = re.compile(rf"(?<!\S){_NAME}(?=[{PUNCTUATION}]*(?:\s|\Z))")
TAIL_NAME = re.compile(rf"(?:(?<!\S)by\s+)?(?<!\S){_NAME}[{PUNCTUATION}]*\Z", re.IGNORECASE)
UNCLOSED_NAME = re.compile(r'(?<!\S)@["\u201c\u201d]')

WEEKDAYS: dict[str, int] = {
    **dict.fromkeys(("mon", "monday"), 0),
    **dict.fromkeys(("tue", "tues", "tuesday"), 1),
    **dict.fromkeys(("wed", "weds", "wednesday"), 2),
    **dict.fromkeys(("thu", "thur", "thurs", "thursday"), 3),
    **dict.fromkeys(("fri", "friday"), 4),
    **dict.fromkeys(("sat", "saturday"), 5),
    **dict.fromkeys(("sun", "sunday"), 6),
}
ISO_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
WHEN = (
    r"(?P<when>[0-9]{4}-[0-9]{2}-[0-9]{2}|today|tomorrow|tmr|next\s+week|"
    + "|".join(WEEKDAYS)
    + ")"
)
TAIL_WHEN = re.compile(rf"(?:(?<!\S)(?P<marker>due|by)\s+)?(?<!\S){WHEN}\Z", re.IGNORECASE)
TAIL_DUE_WORD = re.compile(r"(?<!\S)due\s+(?P<word>\S+)\Z", re.IGNORECASE)
WHEN_CHOICES = "a date such as 2026-12-18, today, tomorrow, a weekday or next week"


def _shown(text: str, limit: int = 40) -> str:
    """User text quoted back in a sentence: one line, not too long."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


def _when(word: str, today: datetime.date) -> datetime.date:
    """The date a WHEN word means, counted from `today`."""
    said = " ".join(word.casefold().split())
    if ISO_SHAPE.fullmatch(said):
        try:
            return datetime.date.fromisoformat(said)
        except ValueError:
            raise ParseError(
                f'There is no date {said}; write a real date, e.g. "2026-12-18".'
            ) from None
    if said == "today":
        return today
    if said in ("tomorrow", "tmr"):
        return today + datetime.timedelta(days=1)
    weekday = 0 if said == "next week" else WEEKDAYS.get(said)
    if weekday is None:  # a look-alike letter the pattern matched without regard to case
        raise ParseError(f'Unknown due date "{_shown(word)}"; use {WHEN_CHOICES}.')
    return today + datetime.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _who(match: re.Match[str]) -> str:
    groups = (match.group(group) for group in ("q1", "q2", "q3", "word"))
    said = next((group for group in groups if group is not None), "")
    try:
        return clean_name(said)
    except ValueError as exc:
        reason = str(exc)
        if reason == "Name is required.":
            raise ParseError(
                'Expected a name after "@": @Ana, or @"Ana Ruiz" for a name of two words.'
            ) from None
        raise ParseError(reason.replace("Name", "The name after @", 1)) from None


def _unwrapped(text: str) -> str | None:
    """The inside of a text put wholly in quotes, or None when it is not quoted."""
    if len(text) >= 2 and text[0] in QUOTES and text[-1] == QUOTES[text[0]]:
        inside = text[1:-1]
        if QUOTES[text[0]] not in inside:  # '"Net 30" means "30 days"' is not one quoted text
            return inside.strip()
    return None


def _check_characters(line: str) -> None:
    for char in line:
        if char != "\t" and unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp"):
            raise ParseError("Type one minute per line; line breaks and control characters "
                             "cannot be part of it.")  # fmt: skip


def parse_minute(line: str, today: datetime.date) -> Minute:
    """Read one minutes line; raise `ParseError` saying what was expected."""
    if not isinstance(line, str):
        raise ParseError(START)
    if isinstance(today, datetime.datetime):
        today = today.date()
    stripped = line.strip()
    if len(stripped) > LINE_MAX:
        raise ParseError(
            f"A minute is at most {LINE_MAX:,} characters (this line has {len(stripped):,}); "
            "split it into shorter ones."
        )
    _check_characters(stripped)
    prefix = PREFIX.match(stripped)
    if prefix is None:
        raise ParseError(START)
    kind = KIND_WORDS.get((prefix.group(1) or prefix.group(2)).casefold())
    if kind is None:  # a look-alike letter the pattern matched without regard to case
        raise ParseError(START)
    said_prefix = prefix.group().strip()
    body = stripped[prefix.end() :].strip()

    who: str | None = None
    due: datetime.date | None = None
    while True:
        when = TAIL_WHEN.search(body)
        name = TAIL_NAME.search(body) if kind is not MinuteKind.PARKED else None
        if kind is MinuteKind.ACTION and due is None and when is not None:
            due = _when(when.group("when"), today)
            body = body[: when.start()].rstrip()
        elif who is None and name is not None:
            who = _who(name)
            body = body[: name.start()].rstrip()
        elif kind is not MinuteKind.ACTION and when is not None and (
            when.group("marker") and when.group("marker").casefold() == "due"
            or (who is None and kind is MinuteKind.DECISION
                and TAIL_NAME.search(body[: when.start()].rstrip()))
        ):  # fmt: skip
            what = "A decision" if kind is MinuteKind.DECISION else "A parking-lot question"
            raise ParseError(
                f'{what} has no due date; start the line with "a:" for an action, or put the '
                "text in double quotes to keep the date as words."
            )
        else:
            break

    text = _unwrapped(body)
    if text is None:
        text = body
        unknown = TAIL_DUE_WORD.search(body) if kind is MinuteKind.ACTION and due is None else None
        if unknown is not None:
            raise ParseError(
                f'Unknown due date "{_shown(unknown.group("word"))}"; use {WHEN_CHOICES}.'
            )
        if kind is not MinuteKind.PARKED:
            text, who = _names_in_text(text, who)
    text = text.strip()
    if not text:
        raise ParseError(f'Expected {WHAT[kind]} after "{said_prefix}", e.g. "{_example(kind)}".')
    return Minute(kind=kind, text=text, who=who, due=due)


def _names_in_text(text: str, who: str | None) -> tuple[str, str | None]:
    """Take an @name at the start of the text out; keep one inside it as plain words."""
    names = list(NAME.finditer(text))
    if UNCLOSED_NAME.search(NAME.sub(" ", text)):
        raise ParseError("A quote is not closed; end the quoted name with another quote mark.")
    found = [_who(match) for match in names]
    if who is not None:
        found.append(who)  # it was read from the end of the line
    if len(found) > 1:
        raise ParseError(
            f'Only one person can be named with "@" ("{_shown(found[0])}" and '
            f'"{_shown(found[1])}"); put the text in double quotes to keep an @ in it.'
        )
    if not names:
        return text, who
    match = names[0]
    if match.start() == 0:
        rest = text[match.end() :].lstrip(PUNCTUATION)
        return rest, found[0]
    return text[: match.start()] + found[0] + text[match.end() :], found[0]


def _example(kind: MinuteKind) -> str:
    return {
        MinuteKind.DECISION: "d: Xero owns invoices @Ana",
        MinuteKind.ACTION: EXAMPLE,
        MinuteKind.PARKED: "? Do we keep Looker?",
    }[kind]


PREFIXES = {MinuteKind.DECISION: "d: ", MinuteKind.ACTION: "a: ", MinuteKind.PARKED: "? "}


def format_minute(minute: Minute) -> str:
    """The line that reads back as `minute`: the text (quoted only when it must be), the @name
    and the due date as an ISO date.

    Raises `ValueError` for a minute no line can hold (one `parse_minute` could not return).
    """
    texts = [minute.text] + [f"{open_}{minute.text}{close}" for open_, close in QUOTES.items()]
    names = [""]
    if minute.who is not None:
        names = [f" @{minute.who}"] + [f" @{o}{minute.who}{c}" for o, c in QUOTES.items()]
    due = f" due {minute.due.isoformat()}" if minute.due is not None else ""
    # Any day will do: a due date is written as an ISO date, which does not depend on it.
    today = minute.due or datetime.date(2000, 1, 1)
    for text in texts:
        for name in names:
            line = PREFIXES[minute.kind] + text + name + due
            try:
                if parse_minute(line, today) == minute:
                    return line
            except ParseError:
                continue
    raise ValueError(f"No minutes line reads back as {minute!r}.")


__all__ = [
    "EXAMPLE",
    "GRAMMAR_HELP",
    "Minute",
    "MinuteKind",
    "ParseError",
    "format_minute",
    "parse_minute",
]
