"""Quick capture: one line, typed at speaking pace, becomes one flow.

Grammar::

    SOURCE ARROW TARGET ":" DATA OBJECT ["," FREQUENCY] ["via" MECHANISM] ["by" OWNER]

- ARROW is ``->``, ``=>`` or ``→`` for a one-way flow, ``<->``, ``<=>`` or ``↔`` for a
  two-way one.
- The optional clauses may come in any order, each at most once. A clause after a comma that
  names a mechanism rather than a frequency ("Sales orders, api") is read as the mechanism.
- FREQUENCY: real-time (realtime, live), hourly, daily (nightly), weekly, on demand, ad hoc.
- MECHANISM: api (rest, soap), webhook, file (sftp, ftp, csv), ipaas (middleware), database
  (db), email, manual (re-keying, rekey, by hand).
- Words are matched without regard to case. A name that contains a comma, "via" or "by" is
  written in double quotes: ``Shopify -> ERP: "Sales by region", weekly``.

Examples::

    Shopify -> ERP: sales orders, real-time via api
    Stripe -> Xero: Payments, daily via file by Financial controller
    HubSpot <-> Shopify: Customers

Parsing is pure: matching "erp" to an existing system "ERP" is the caller's job (storage
compares names by `models.names.name_key`). Anything that is not a flow raises `ParseError`,
whose `str()` is one sentence saying what was expected; nothing else is ever raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from models.enums import DESCRIPTIONS, Direction, Frequency, Mechanism, choices
from models.names import clean_name, name_key

EXAMPLE = "Shopify -> ERP: Sales orders, hourly via api"

GRAMMAR_HELP = f"""\
Quick capture: type one flow per line, as it is said in the room.

  SOURCE -> TARGET: DATA OBJECT[, FREQUENCY][ via MECHANISM][ by OWNER]

  e.g.  {EXAMPLE}
        Stripe -> Xero: Payments, daily via file by Financial controller
        HubSpot <-> Shopify: Customers

  ->  =>  →      one-way          <->  <=>  ↔      two-way
  FREQUENCY      real-time (live), hourly, daily (nightly), weekly, on demand, ad hoc
  MECHANISM      api, webhook, file (sftp, csv), ipaas (middleware), database (db),
                 email, manual (re-keying)

Names are matched to existing systems and data objects ignoring case; new ones are created
after you confirm. Quote a name that contains a comma, "via" or "by"."""


class ParseError(ValueError):
    """A line that is not a flow; `str()` is one sentence saying what was expected."""


@dataclass(frozen=True)
class QuickCapture:
    """One parsed line: names as typed (cleaned), and only the details that were said."""

    source: str
    target: str
    data_object: str
    two_way: bool = False
    frequency: Frequency | None = None
    mechanism: Mechanism | None = None
    owner: str | None = None

    def fields(self) -> dict[str, Any]:
        """The flow fields the line set, ready for `FlowBase.model_validate`."""
        values: dict[str, Any] = {
            "direction": Direction.TWO_WAY if self.two_way else Direction.ONE_WAY
        }
        if self.frequency is not None:
            values["frequency"] = self.frequency
        if self.mechanism is not None:
            values["mechanism"] = self.mechanism
        if self.owner is not None:
            values["owner"] = self.owner
        return values


def _spoken(value: str) -> str:
    """How a word is compared: caseless, hyphens and underscores as spaces, spaces collapsed."""
    return " ".join(re.sub(r"[-_/]", " ", value.casefold()).split())


FREQUENCY_WORDS: dict[str, Frequency] = {
    **{
        word: Frequency.REAL_TIME
        for word in ("real time", "realtime", "live", "instant", "immediate", "immediately")
    },
    **{word: Frequency.HOURLY for word in ("hourly", "every hour", "each hour")},
    **{
        word: Frequency.DAILY
        for word in ("daily", "nightly", "every day", "each day", "every night", "overnight")
    },
    **{word: Frequency.WEEKLY for word in ("weekly", "every week", "each week")},
    **{word: Frequency.ON_DEMAND for word in ("on demand", "ondemand", "when needed")},
    **{word: Frequency.AD_HOC for word in ("ad hoc", "adhoc", "occasionally")},
}

MECHANISM_WORDS: dict[str, Mechanism] = {
    **{word: Mechanism.API for word in ("api", "apis", "rest", "rest api", "soap", "graphql")},
    **{word: Mechanism.WEBHOOK for word in ("webhook", "webhooks", "web hook", "web hooks")},
    **{
        word: Mechanism.FILE
        for word in ("file", "files", "file transfer", "sftp", "ftp", "csv", "csv file", "edi")
    },
    **{
        word: Mechanism.IPAAS
        for word in ("ipaas", "middleware", "integration platform", "connector platform")
    },
    **{word: Mechanism.DATABASE for word in ("database", "db", "database link", "sql", "odbc")},
    **{word: Mechanism.EMAIL for word in ("email", "e mail", "mail")},
    **{
        word: Mechanism.MANUAL
        for word in (
            "manual",
            "manually",
            "re keying",
            "rekeying",
            "rekey",
            "re key",
            "re keyed",
            "rekeyed",
            "keying",
            "manual re keying",
        )
    },
}


def _said(value: Frequency | Mechanism) -> str:
    return DESCRIPTIONS.get(value, value.value) if isinstance(value, Frequency) else value.value


def _or_list(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1]


FREQUENCY_CHOICES = _or_list([_said(Frequency(value)) for value in choices(Frequency)])
MECHANISM_CHOICES = _or_list(choices(Mechanism))

EXPECTED = f'Expected "SOURCE -> TARGET: DATA OBJECT", e.g. "{EXAMPLE}".'

QUOTES = {'"': '"', "\u201c": "\u201d", "\u201d": "\u201d"}
ARROW = re.compile(r"<-+>|<=+>|\u2194|-+>|=+>|\u2192")
TWO_WAY_ARROWS = re.compile(r"<-+>|<=+>|\u2194")


def _mask_quotes(line: str) -> str:
    """`line` with every quoted stretch replaced by placeholders of the same length.

    Searching the masked text for arrows, colons, commas and keywords ignores what is quoted,
    while positions still index the original line.
    """
    masked = []
    closing: str | None = None
    for char in line:
        if closing is not None:
            masked.append("\x00")
            if char == closing:
                closing = None
        elif char in QUOTES:
            closing = QUOTES[char]
            masked.append("\x00")
        else:
            masked.append(char)
    if closing is not None:
        raise ParseError("A quote is not closed; end the quoted name with another quote mark.")
    return "".join(masked)


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] in QUOTES and text[-1] == QUOTES[text[0]]:
        return text[1:-1].strip()
    return text


def _name(text: str, label: str) -> str:
    try:
        return clean_name(_unquote(text))
    except ValueError as exc:
        reason = str(exc)
        if reason == "Name is required.":
            raise ParseError(f"Expected a {label} name.") from None
        raise ParseError(reason.replace("Name", f"The {label} name", 1)) from None


CLAUSE = re.compile(r",|(?<!\S)(?:via|by)(?!\S)", re.IGNORECASE)


def _clauses(masked: str, line: str) -> tuple[str, list[tuple[str, str]]]:
    """Split the part after the colon into the data object and its (keyword, text) clauses."""
    marks = list(CLAUSE.finditer(masked))
    head = line[: marks[0].start()] if marks else line
    clauses = []
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(line)
        clauses.append((mark.group().casefold(), line[mark.end() : end].strip()))
    return head, clauses


def parse_capture(line: str) -> QuickCapture:
    """Read one quick-capture line; raise `ParseError` saying what was expected."""
    if not isinstance(line, str):
        raise ParseError(EXPECTED)
    text = line.strip()
    masked = _mask_quotes(text)
    arrows = list(ARROW.finditer(masked))
    if not arrows:
        raise ParseError(EXPECTED)
    arrow = arrows[0]
    colon = masked.find(":", arrow.end())
    if len(arrows) > 1:
        if colon >= 0 and arrows[1].start() > colon:
            raise ParseError(
                "Only one arrow is allowed; capture one flow at a time, or put a data object "
                "name that holds an arrow in double quotes."
            )
        raise ParseError("Only one arrow is allowed; capture one flow at a time.")
    if not text[: arrow.start()].strip():
        raise ParseError(f'Expected a source system before "{arrow.group()}", e.g. "{EXAMPLE}".')
    if colon < 0:
        raise ParseError(f'Expected ":" and a data object after the target, e.g. "{EXAMPLE}".')
    if not text[arrow.end() : colon].strip():
        raise ParseError(f'Expected a target system after "{arrow.group()}", e.g. "{EXAMPLE}".')
    source = _name(text[: arrow.start()], "source system")
    target = _name(text[arrow.end() : colon], "target system")
    if name_key(source) == name_key(target):
        raise ParseError("Source and target are the same system.")

    rest_start = colon + 1
    head, clauses = _clauses(masked[rest_start:], text[rest_start:])
    if not head.strip():
        raise ParseError(f'Expected a data object after ":", e.g. "{EXAMPLE}".')
    data_object = _name(head, "data object")

    frequency: Frequency | None = None
    mechanism: Mechanism | None = None
    owner: str | None = None
    for keyword, clause in clauses:
        word = _spoken(_unquote(clause))
        if keyword == ",":
            if not word:
                continue  # "Sales orders, via api" or a trailing comma: nothing was said
            if word in FREQUENCY_WORDS:
                frequency = _once("frequency", frequency, FREQUENCY_WORDS[word])
            elif word in MECHANISM_WORDS:
                mechanism = _once("mechanism", mechanism, MECHANISM_WORDS[word])
            else:
                raise ParseError(f'Unknown frequency "{_shown(clause)}"; use {FREQUENCY_CHOICES}.')
        elif keyword == "via":
            if not word:
                raise ParseError(f'Expected a mechanism after "via"; use {MECHANISM_CHOICES}.')
            if word not in MECHANISM_WORDS:
                raise ParseError(f'Unknown mechanism "{_shown(clause)}"; use {MECHANISM_CHOICES}.')
            mechanism = _once("mechanism", mechanism, MECHANISM_WORDS[word])
        else:
            said = _unquote(clause)
            if not said:
                raise ParseError('Expected an owner after "by", e.g. "by Finance".')
            if owner is not None:
                raise ParseError(f'The owner is given twice ("{owner}" and "{said}").')
            owner = said

    return QuickCapture(
        source=source,
        target=target,
        data_object=data_object,
        two_way=bool(TWO_WAY_ARROWS.fullmatch(arrow.group())),
        frequency=frequency,
        mechanism=mechanism,
        owner=owner,
    )


def _shown(text: str, limit: int = 40) -> str:
    """User text quoted back in a sentence: one line, not too long."""
    flat = " ".join(_unquote(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


def _once(what: str, current: Any, new: Any) -> Any:
    if current is not None and current != new:
        raise ParseError(f'The {what} is given twice ("{_said(current)}" and "{_said(new)}").')
    return new


__all__ = [
    "EXAMPLE",
    "FREQUENCY_WORDS",
    "GRAMMAR_HELP",
    "MECHANISM_WORDS",
    "ParseError",
    "QuickCapture",
    "parse_capture",
]
