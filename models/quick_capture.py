"""Quick capture: one line, typed at speaking pace, becomes one flow.

Grammar::

    SOURCE ARROW TARGET ":" DATA OBJECT ["," DETAILS] ["via" DETAILS] ["by" OWNER] [" #" NOTE]

- ARROW is ``->``, ``=>`` or ``→`` for a one-way flow, ``<->``, ``<=>`` or ``↔`` for a
  two-way one.
- The optional clauses may come in any order, each at most once. A clause after a comma that
  names a mechanism rather than a frequency ("Sales orders, api") is read as the mechanism.
- FREQUENCY: real-time (realtime, live), hourly, daily (nightly), weekly, on demand, ad hoc.
- MECHANISM: api (rest, soap), webhook, file (sftp, ftp, csv), ipaas (middleware), database
  (db), email, manual (re-keying, rekey, by hand).
- APPROACH (how it is to be built): connector (native connector), custom (bespoke), ipaas
  build (built on ipaas), undecided. A bare "ipaas" is the mechanism.
- STATE (how it runs today): currently manual (manual today, still manual), partial (partly
  automated), automated (fully automated), planned (not built yet). A bare "manual" is the
  mechanism (re-keying).
- DETAILS are any of those words, several to a clause: ``, daily via api connector``. A word
  that is none of them is not placed: the line is refused, naming it (`read_capture` shows it
  before enter).
- NOTE: everything after `` #`` (a ``#`` at the start of a word), stored as the flow's notes.
- Words are matched without regard to case. A name that contains a comma, "via", "by" or " #"
  is written in double quotes: ``Shopify -> ERP: "Sales by region", weekly``. A quoted name is
  also taken as it is: the caller matches it only to the same name, not to a longer one.

Examples::

    Shopify -> ERP: sales orders, real-time via api
    Stripe -> Xero: Payments, daily via file by Financial controller
    HubSpot <-> Shopify: Customers
    Mission Control PSA -> Xero: Invoices, daily via native connector, currently manual # VAT?

Parsing is pure: matching "erp" or "Mission Control" to an existing system is the caller's
job (`models.name_match`). Anything that is not a flow raises `ParseError`, whose `str()` is
one sentence saying what was expected; nothing else is ever raised. `read_capture` never
raises: it returns what each stretch of the line was read as (`Span`s), for a preview.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from models.enums import Approach, Direction, FlowState, Frequency, Mechanism, choices, describe
from models.names import clean_name, name_key

EXAMPLE = "Shopify -> ERP: Sales orders, hourly via api"

FORM = "SOURCE -> TARGET: DATA OBJECT[, DETAILS][ via DETAILS][ by OWNER][ # NOTE]"

GRAMMAR_HELP = f"""\
Quick capture: type one flow per line, as it is said in the room.

  {FORM}

  e.g.  {EXAMPLE}
        Stripe -> Xero: Payments, daily via file by Financial controller
        HubSpot <-> Shopify: Customers
        Mission Control PSA -> Xero: Invoices, daily via connector, currently manual # VAT?

  ->  =>  →      one-way          <->  <=>  ↔      two-way
  DETAILS        any of frequency, mechanism, approach and state:
  FREQUENCY      real-time (live), hourly, daily (nightly), weekly, on demand, ad hoc
  MECHANISM      api, webhook, file (sftp, csv), ipaas (middleware), database (db),
                 email, manual (re-keying)
  APPROACH       connector (native connector), custom (bespoke), ipaas build, undecided
  STATE          currently manual (still manual), partial (partly automated),
                 automated, planned (not built yet)
  # NOTE         the rest of the line, kept as the flow's notes

Details go after a comma or "via", several to a clause ("via api connector"); a word that is
none of them is shown as not understood and nothing is recorded. Only what the line says is
set: the rest stays unknown.

Names match existing systems and data objects forgivingly: case, spaces and punctuation do not
count, and a unique start or word of a name is enough ("Mission Control" is "Mission Control
PSA"). Tab completes the name at the cursor. A close misspelling asks "did you mean …?" with
the existing name as the answer; new names are created after you confirm. Quote a name that
contains a comma, "via", "by" or " #", or to take it exactly as typed. Several lines pasted at
once are captured together, with one enter."""


class ParseError(ValueError):
    """A line that is not a flow; `str()` is one sentence saying what was expected."""


@dataclass(frozen=True)
class QuickCapture:
    """One parsed line: names as typed (cleaned), and only the details that were said.

    A detail the line does not mention is None: quick capture never answers for the room.
    `quoted` names the ends ("source", "target", "data_object") written in quotes, which the
    caller matches only to the same name.
    """

    source: str
    target: str
    data_object: str
    two_way: bool = False
    frequency: Frequency | None = None
    mechanism: Mechanism | None = None
    owner: str | None = None
    approach: Approach | None = None
    state: FlowState | None = None
    note: str | None = None
    quoted: frozenset[str] = field(default=frozenset(), compare=False)

    def fields(self) -> dict[str, Any]:
        """The flow fields the line set, ready for `FlowBase.model_validate`.

        The arrow always says the direction; nothing else is here unless the line said it."""
        values: dict[str, Any] = {
            "direction": Direction.TWO_WAY if self.two_way else Direction.ONE_WAY
        }
        said = {
            "frequency": self.frequency,
            "mechanism": self.mechanism,
            "owner": self.owner,
            "approach": self.approach,
            "state": self.state,
            "notes": self.note,
        }
        values.update({key: value for key, value in said.items() if value is not None})
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


APPROACH_WORDS: dict[str, Approach] = {
    **{
        word: Approach.CONNECTOR
        for word in (
            "connector",
            "native connector",
            "standard connector",
            "vendor connector",
            "off the shelf connector",
            "out of the box",
            "built in connector",
            "marketplace app",
            "plugin",
            "plug in",
        )
    },
    **{
        word: Approach.CUSTOM
        for word in ("custom", "custom build", "custom built", "custom code", "bespoke", "in house")
    },
    **{
        word: Approach.IPAAS
        for word in ("ipaas build", "built on ipaas", "build on ipaas", "on ipaas", "on the ipaas")
    },
    **{word: Approach.UNDECIDED for word in ("undecided", "approach undecided", "approach tbd")},
}

STATE_WORDS: dict[str, FlowState] = {
    **{
        word: FlowState.MANUAL
        for word in (
            "currently manual",
            "manual today",
            "manual now",
            "still manual",
            "done by hand",
            "by hand today",
            "manual for now",
        )
    },
    **{
        word: FlowState.PARTIAL
        for word in (
            "partial",
            "partly automated",
            "partially automated",
            "semi automated",
            "half automated",
            "currently partial",
        )
    },
    **{
        word: FlowState.AUTOMATED
        for word in (
            "automated",
            "fully automated",
            "automatic",
            "already automated",
            "currently automated",
        )
    },
    **{
        word: FlowState.PLANNED
        for word in ("planned", "not built", "not built yet", "to be built", "not live yet")
    },
}

Detail = Frequency | Mechanism | Approach | FlowState
ROLES: dict[type, str] = {
    Frequency: "frequency",
    Mechanism: "mechanism",
    Approach: "approach",
    FlowState: "state",
}

# Every phrase and what it says; a phrase in two vocabularies keeps its older meaning
# (frequency, then mechanism), so lines that parsed before read as they did.
DETAIL_WORDS: dict[str, Detail] = {
    **STATE_WORDS,
    **APPROACH_WORDS,
    **MECHANISM_WORDS,
    **FREQUENCY_WORDS,
}
LONGEST_PHRASE = max(len(phrase.split()) for phrase in DETAIL_WORDS)


def _said(value: Detail) -> str:
    if isinstance(value, Frequency | FlowState):
        return describe(value)
    return value.value


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
TOKEN = re.compile(r"[^\s\-_/]+")

Role = str  # "source", "target", "data_object", a detail's role, "owner", "note", "unplaced"


@dataclass(frozen=True)
class Span:
    """A stretch of the line, `line[start:end]`, and what it was read as."""

    start: int
    end: int
    role: Role


@dataclass(frozen=True)
class Reading:
    """What a line was read as, even when it is not (yet) a flow.

    `capture` is the flow when the ends and the data object were read, with the details that
    were placed; `error` is the sentence `parse_capture` would raise (None: enter records it).
    `spans` say where each name, detail and unplaced word is in the line."""

    line: str
    capture: QuickCapture | None
    spans: tuple[Span, ...]
    error: str | None

    def unplaced(self) -> tuple[str, ...]:
        """The words that are no detail quick capture knows, as typed."""
        return tuple(
            self.line[span.start : span.end] for span in self.spans if span.role == "unplaced"
        )


def _trimmed(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return start, end


def _note_at(line: str) -> int:
    """Where the note starts: the first " #" (or a leading "#") outside quotes; -1 for none."""
    closing: str | None = None
    for index, char in enumerate(line):
        if closing is not None:
            if char == closing:
                closing = None
        elif char in QUOTES:
            closing = QUOTES[char]
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return index
    return -1


def _place(line: str, start: int, end: int) -> list[tuple[int, int, Detail | None]]:
    """The detail words in `line[start:end]`, longest phrase first; None for an unknown run."""
    tokens = [
        (start + match.start(), start + match.end(), match.group().casefold())
        for match in TOKEN.finditer(line[start:end])
    ]
    found: list[tuple[int, int, Detail | None]] = []
    index = 0
    while index < len(tokens):
        for size in range(min(LONGEST_PHRASE, len(tokens) - index), 0, -1):
            phrase = " ".join(token[2] for token in tokens[index : index + size])
            if phrase in DETAIL_WORDS:
                last = tokens[index + size - 1]
                found.append((tokens[index][0], last[1], DETAIL_WORDS[phrase]))
                index += size
                break
        else:
            first, last = tokens[index], tokens[index]
            if found and found[-1][2] is None:
                found[-1] = (found[-1][0], last[1], None)
            else:
                found.append((first[0], last[1], None))
            index += 1
    return found


def _parse(line: str, spans: list[Span]) -> tuple[QuickCapture, str | None]:
    """The flow in `line` and the sentence naming its unplaced words (None when all placed);
    raises `ParseError` when the line is no flow. `spans` is filled as the line is read."""
    if not isinstance(line, str):
        raise ParseError(EXPECTED)
    note: str | None = None
    body_end = len(line)
    hash_at = _note_at(line)
    if hash_at >= 0:
        body_end = hash_at
        note = " ".join(line[hash_at + 1 :].split()) or None
        spans.append(Span(hash_at, len(line.rstrip()), "note"))
    body = line[:body_end]
    masked = _mask_quotes(body)
    arrows = list(ARROW.finditer(masked))
    if not arrows or not body.strip():
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
    quoted: set[str] = set()

    def end(role: str, start: int, stop: int, label: str) -> str:
        start, stop = _trimmed(body, start, stop)
        name = _name(body[start:stop], label)
        spans.append(Span(start, stop, role))
        if body[start] in QUOTES:
            quoted.add(role)
        return name

    if not body[: arrow.start()].strip():
        raise ParseError(f'Expected a source system before "{arrow.group()}", e.g. "{EXAMPLE}".')
    source = end("source", 0, arrow.start(), "source system")
    if colon < 0:
        if body[arrow.end() :].strip():
            _trimmed_target = _trimmed(body, arrow.end(), len(body))
            spans.append(Span(*_trimmed_target, "target"))
        raise ParseError(f'Expected ":" and a data object after the target, e.g. "{EXAMPLE}".')
    if not body[arrow.end() : colon].strip():
        raise ParseError(f'Expected a target system after "{arrow.group()}", e.g. "{EXAMPLE}".')
    target = end("target", arrow.end(), colon, "target system")
    if name_key(source) == name_key(target):
        raise ParseError("Source and target are the same system.")

    marks = [
        (mark.start(), mark.end(), mark.group().casefold())
        for mark in CLAUSE.finditer(masked, colon + 1)
    ]
    head_end = marks[0][0] if marks else len(body)
    if not body[colon + 1 : head_end].strip():
        raise ParseError(f'Expected a data object after ":", e.g. "{EXAMPLE}".')
    data_object = end("data_object", colon + 1, head_end, "data object")

    said: dict[str, Any] = {}
    owner: str | None = None
    unplaced: str | None = None
    for index, (_, mark_end, keyword) in enumerate(marks):
        stop = marks[index + 1][0] if index + 1 < len(marks) else len(body)
        start, stop = _trimmed(body, mark_end, stop)
        clause = body[start:stop]
        if keyword == "by":
            who = _unquote(clause)
            if not who:
                raise ParseError('Expected an owner after "by", e.g. "by Finance".')
            if owner is not None:
                raise ParseError(f'The owner is given twice ("{owner}" and "{who}").')
            owner = who
            spans.append(Span(start, stop, "owner"))
            continue
        if clause[:1] in QUOTES and clause[-1:] == QUOTES[clause[0]]:
            start, stop = _trimmed(body, start + 1, stop - 1)
        placed = _place(body, start, stop)
        if not placed:
            if keyword == "via":
                raise ParseError(f'Expected a mechanism after "via"; use {MECHANISM_CHOICES}.')
            continue  # "Sales orders, via api" or a trailing comma: nothing was said
        for word_start, word_end, value in placed:
            if value is None:
                spans.append(Span(word_start, word_end, "unplaced"))
                continue
            role = ROLES[type(value)]
            spans.append(Span(word_start, word_end, role))
            said[role] = _once(role, said.get(role), value)
        if unplaced is None and any(value is None for *_, value in placed):
            unknown = [body[a:b] for a, b, value in placed if value is None]
            if len(placed) == 1 and keyword == "via":
                unplaced = f'Unknown mechanism "{_shown(clause)}"; use {MECHANISM_CHOICES}.'
            elif len(placed) == 1:
                unplaced = f'Unknown frequency "{_shown(clause)}"; use {FREQUENCY_CHOICES}.'
            else:
                words = " ".join(unknown)
                unplaced = (
                    f'Not understood: "{_shown(words)}"; f1 lists the words quick capture knows.'
                )
    capture = QuickCapture(
        source=source,
        target=target,
        data_object=data_object,
        two_way=bool(TWO_WAY_ARROWS.fullmatch(arrow.group())),
        frequency=said.get("frequency"),
        mechanism=said.get("mechanism"),
        owner=owner,
        approach=said.get("approach"),
        state=said.get("state"),
        note=note,
        quoted=frozenset(quoted),
    )
    return capture, unplaced


def read_capture(line: str) -> Reading:
    """What `line` says so far, for a preview as it is typed; never raises."""
    spans: list[Span] = []
    text = line if isinstance(line, str) else ""
    try:
        capture, unplaced = _parse(line, spans)
    except ParseError as exc:
        return Reading(text, None, tuple(sorted(spans, key=_by_start)), str(exc))
    return Reading(text, capture, tuple(sorted(spans, key=_by_start)), unplaced)


def _by_start(span: Span) -> int:
    return span.start


def parse_capture(line: str) -> QuickCapture:
    """Read one quick-capture line; raise `ParseError` saying what was expected."""
    capture, unplaced = _parse(line, [])
    if unplaced is not None:
        raise ParseError(unplaced)
    return capture


def complete_detail(fragment: str) -> tuple[str, ...]:
    """The one-word details `fragment` starts ("con" -> "connector"), for tab completion."""
    start = fragment.casefold()
    if not start:
        return ()
    return tuple(sorted(w for w in DETAIL_WORDS if " " not in w and w.startswith(start)))


@dataclass(frozen=True)
class NameAt:
    """The name the cursor is in: "source", "target" or "data_object", and where it is."""

    role: str
    start: int
    end: int


def name_at(line: str, cursor: int) -> NameAt | None:
    """The name being typed at `cursor`, for tab completion; None outside the three names.

    Works on a line still being typed ("Sal", "Salesforce -> Mis"): before the arrow is the
    source, between the arrow and the colon the target, after the colon until the first
    detail the data object."""
    try:
        masked = _mask_quotes(line)
    except ParseError:
        return None
    note = _note_at(line)
    if note >= 0 and cursor > note:
        return None
    arrow = ARROW.search(masked)
    if arrow is None:
        return _inside("source", line, 0, len(line) if note < 0 else note, cursor)
    if cursor <= arrow.start():
        return _inside("source", line, 0, arrow.start(), cursor)
    if cursor < arrow.end():
        return None
    colon = masked.find(":", arrow.end())
    if colon < 0 or cursor <= colon:
        stop = colon if colon >= 0 else (len(line) if note < 0 else note)
        return _inside("target", line, arrow.end(), stop, cursor)
    mark = CLAUSE.search(masked, colon + 1)
    stop = mark.start() if mark else (len(line) if note < 0 else note)
    if cursor > stop:
        return None
    return _inside("data_object", line, colon + 1, stop, cursor)


def _inside(role: str, line: str, start: int, stop: int, cursor: int) -> NameAt | None:
    start, stop = _trimmed(line, start, stop)
    if cursor < start:
        return NameAt(role, cursor, cursor) if start == stop else None
    return NameAt(role, start, stop)


def _shown(text: str, limit: int = 40) -> str:
    """User text quoted back in a sentence: one line, not too long."""
    flat = " ".join(_unquote(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


def _once(what: str, current: Any, new: Any) -> Any:
    if current is not None and (current != new or type(current) is not type(new)):
        raise ParseError(f'The {what} is given twice ("{_said(current)}" and "{_said(new)}").')
    return new


__all__ = [
    "APPROACH_WORDS",
    "EXAMPLE",
    "FORM",
    "NameAt",
    "Reading",
    "STATE_WORDS",
    "Span",
    "complete_detail",
    "name_at",
    "read_capture",
    "FREQUENCY_WORDS",
    "GRAMMAR_HELP",
    "MECHANISM_WORDS",
    "ParseError",
    "QuickCapture",
    "parse_capture",
]
