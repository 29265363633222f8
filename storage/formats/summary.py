"""The session summary as a plain document, built once and rendered as Markdown, HTML, CSV, xlsx.

`collect` reads everything a summary shows in a handful of queries (the snapshot the findings
rules read, the priorities, the audit trail's changes). `build_summary` turns that into
`Section`s of plain blocks (paragraphs, facts, lists, tables, a Mermaid chart) holding user text
as it was typed: escaping is the renderers' job, so Markdown and HTML cannot drift apart in
content, only in form. `data_tables` gives the same workshop as complete tables, one per entity,
for spreadsheets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from models.enums import CheckStatus, MinuteKind, describe
from models.findings import Finding, Severity, find_all, summarise
from models.labels import CRITICALITY_LABELS, label, label_or
from models.names import flow_ref
from models.snapshot import FlowData, WorkshopData, past_due
from models.unknowns import NOT_RECORDED, plain
from storage.boundary import boundary

if TYPE_CHECKING:
    from sqlmodel import Session

    from models.scoring import Ranked
    from models.snapshot import CheckData
    from storage.queries.changes import Change
    from storage.queries.meetings import AttendeeRow, MinuteRow, SessionRecord
    from storage.queries.priorities import CandidateRow, KpiRow, PhaseRow, Priorities

Cell = str | int | float | bool | None

# Mermaid refuses charts past these sizes (its default maxEdges and maxTextSize), and GitHub
# with it; a larger flow map is left to the table and `seamwork export -f mermaid`.
MERMAID_MAX_EDGES = 500
MERMAID_MAX_TEXT = 50_000
# The interface matrix is drawn when it stays readable on a page.
MATRIX_MAX_SYSTEMS = 16
# A "changes since" section lists this many entries per entity; the CSV/xlsx list all.
CHANGES_LISTED = 30
TOP_PRIORITIES = 3
# A workshop detail (client, facilitator) nobody has given is said in words (NOT_RECORDED), since
# a dash could be read as a client called "—" (the Overview says the same).


# --- the document ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A table: `key` names its CSV file or sheet, `rows` hold plain values (None is empty)."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[Cell, ...]]

    def numeric(self, column: int) -> bool:
        """Whether a column holds numbers only (renderers align those right)."""
        values = [row[column] for row in self.rows if row[column] is not None]
        return bool(values) and all(
            isinstance(value, (int, float)) and not isinstance(value, bool) for value in values
        )


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Facts:
    """Label: value lines ("Client: Northwind"); labels are ours, values user text."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Diagram:
    """The flow map: `source` is the Mermaid chart (Markdown's fenced block); `systems` and
    `edges` (source, target, data objects, two-way) are the same graph, for renderers that
    draw it themselves (HTML, which loads no Mermaid script)."""

    source: str
    caption: str = ""
    systems: tuple[str, ...] = ()
    edges: tuple[tuple[str, str, str, bool], ...] = ()


Block = Paragraph | Facts | Bullets | Table | Diagram


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Summary:
    """`cover` is the block under the title: client, date, facilitator, attendees."""

    title: str
    subtitle: str
    sections: tuple[Section, ...]
    cover: Facts = Facts(())


AUDIENCES: tuple[str, ...] = ("client", "team")
"""Who an export is for: `client` (the default) leaves out the internal fields (every entity's
`notes`: the workshop's, systems', flows' and candidates'); `team` includes them."""


def check_audience(audience: str) -> bool:
    """Whether the internal notes go in: True for "team", False for "client"; ValueError
    (one sentence) for anything else."""
    if audience not in AUDIENCES:
        raise ValueError(f'Unknown audience "{audience}"; use client or team.')
    return audience == "team"


# --- what a summary reads -------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryInput:
    """Everything a summary or the spreadsheet tables show, read once.

    `priorities` and `roadmap` are `storage.queries.priorities`' `Priorities` and `PhaseRow`s (None
    and empty for a file without prioritisation); `changes` is None unless `since` was given.
    """

    data: WorkshopData
    findings: tuple[Finding, ...]
    exported_at: str
    priorities: Priorities | None = None
    roadmap: tuple[PhaseRow, ...] = ()
    since: datetime | None = None
    changes: tuple[Change, ...] | None = None
    ranking: tuple[Ranked, ...] = field(default=())
    # Every session with its records, oldest first; the current one (storage's
    # `current_meeting`) and the open actions of earlier sessions carried into it.
    sessions: tuple[SessionRecord, ...] = ()
    current_session: SessionRecord | None = None
    carried: tuple[MinuteRow, ...] = ()
    # The workshop file's name without its suffix: a new file's workshop is named after it
    # ("client" for client.seamwork), which is no title for a summary.
    file_stem: str = ""


@boundary
def collect(session: Session, *, since: datetime | None = None) -> SummaryInput:
    """Read the workshop for a summary (a handful of queries, whatever its size)."""
    from storage.audit import utc_now
    from storage.queries.meetings import current_meeting, list_minutes, load_sessions
    from storage.queries.priorities import load_priorities, roadmap
    from storage.queries.snapshot import load_snapshot

    sessions = tuple(load_sessions(session))
    current = current_meeting(session) if sessions else None
    record = next((r for r in sessions if current and r.meeting.id == current.id), None)
    carried: tuple[MinuteRow, ...] = ()
    if record is not None:
        carried = tuple(
            row for row in list_minutes(session, meeting_id=record.meeting.id) if row.carried
        )

    from storage.queries.readiness import kept_findings

    priorities = load_priorities(session)
    data = load_snapshot(session, board=priorities)
    kept = kept_findings(session)  # read in the same transaction as `data`: the same state
    phases = tuple(roadmap(session, board=priorities))
    ranking = tuple(priorities.ranking())
    return SummaryInput(
        data=data,
        findings=tuple(find_all(data) if kept is None else kept),
        exported_at=utc_now(),
        priorities=priorities,
        roadmap=phases,
        since=since,
        changes=None if since is None else _changes(session, since),
        ranking=ranking,
        sessions=sessions,
        current_session=record,
        carried=carried,
        file_stem=_file_stem(session),
    )


def _changes(session: Session, since: datetime) -> tuple[Change, ...]:
    from storage.queries.changes import changes_since  # only when asked: most exports are not

    return tuple(changes_since(session, since=since))


def _file_stem(session: Session) -> str:
    """The name a new workshop was given where it lives: the open file's stem ("client" for
    client.seamwork); on a server the workshop's own name ("client" for `?workshop=client`),
    not the database's, which every workshop in it shares. "" when it cannot be told."""
    from pathlib import Path

    from storage.location import SCHEMA_PREFIX

    try:
        bind = session.get_bind()
        if bind.dialect.name != "sqlite":
            schema = session.connection().exec_driver_sql("SELECT current_schema()").scalar()
            return str(schema or "").removeprefix(SCHEMA_PREFIX)
        database = (bind.engine.url.database if hasattr(bind, "engine") else None) or ""
    except Exception:  # not bound to a file: no stem to compare with
        return ""
    return Path(database.removeprefix("file:").split("?", 1)[0]).stem


def previous_session_start(session: Session) -> datetime | None:
    """Midnight (UTC) of the day of the session before the current one: what a summary's
    "changes since" defaults to, so the room sees what moved since they last met. None when
    there is no earlier session."""
    from datetime import UTC, date

    from storage.queries.meetings import previous_meeting

    previous = previous_meeting(session)
    if previous is None:
        return None
    day = date.fromisoformat(previous.date)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


# --- formatting helpers ---------------------------------------------------------------------


def number(value: float | int | None) -> str:
    """6.0 reads "6", 2.25 reads "2.25", None reads "—"."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def cell_text(value: Cell, text: Callable[[str], str]) -> str:
    """A table cell as every format shows it: — for none, yes / no, numbers by `number`; the
    format's own `text` escapes what the user typed."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return number(value)
    return text(value) if value else ""


# Cell types `table_columns` renders a column at a time; a column holding any other goes
# through `cell_text` cell by cell (and `Table.numeric`), the same way.
_NONE = type(None)
_PLAIN_CELLS = frozenset({str, int, float, bool, _NONE})
_NUMBERS = frozenset({int, float})


def table_columns(
    table: Table, text: Callable[[str], str]
) -> tuple[list[list[str]], list[bool]] | None:
    """Each column's cells as `cell_text` shows them (`text` escaping the user's), and whether
    each column is `numeric`: worked out a column at a time, by the types it holds, since a
    table of 5,000 flows is 50,000 cells. None for a table without rows, or whose rows are not
    as wide as its columns (none is made so): the renderers then go cell by cell."""
    rows = table.rows
    if not rows or {len(row) for row in rows} != {len(table.columns)}:
        return None
    columns: list[list[str]] = []
    numeric: list[bool] = []
    for index, values in enumerate(zip(*rows, strict=True)):
        kinds = set(map(type, values))
        if kinds == {str}:
            columns.append([text(value) if value else "" for value in values])
        elif kinds == {int}:
            columns.append([f"{value:,}" for value in values])  # as `number` writes an int
        else:
            columns.append([cell_text(value, text) for value in values])
        if kinds <= _PLAIN_CELLS:
            present = kinds - {_NONE}
            numeric.append(bool(present) and present <= _NUMBERS)
        else:
            numeric.append(table.numeric(index))
    return columns, numeric


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def _date(moment: str | datetime) -> str:
    text = moment.isoformat() if isinstance(moment, datetime) else moment
    return text[:10]


def _flow_words(flow: FlowData) -> str:
    return f"{flow.source} → {flow.target}: {flow.data_object}"


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


# --- sections -------------------------------------------------------------------------------


DEFAULT_WORKSHOP_NAME = "Untitled workshop"


def summary_title(source: SummaryInput) -> tuple[str, str]:
    """(title, subtitle): the workshop's name and the client's. A workshop nobody named (still
    "Untitled workshop", or the file's name it was given when created) is named after its
    client instead."""
    workshop = source.data.workshop
    client = workshop.client.strip()
    title = workshop.name
    if client and title in (DEFAULT_WORKSHOP_NAME, source.file_stem):
        title = f"{client} integration workshop"
    return title, f"Session summary for {client}" if client else "Session summary"


def _cover(source: SummaryInput, team: bool) -> Facts:
    """Client, date, facilitator and attendees of the current session, then who it is for."""
    workshop = source.data.workshop
    record = source.current_session
    pairs = [("Client", workshop.client or NOT_RECORDED)]
    if record is not None:
        pairs.append(("Session", record.meeting.label))
    pairs.append(("Facilitator", workshop.facilitator or NOT_RECORDED))
    if record is not None:
        # Names only: the minutes give each one's role and organisation.
        present = [a.name for a in record.attendees if a.present is True]
        if not present:  # attendance not taken: everyone expected, said as such
            present = [a.name for a in record.attendees]
            if present:
                pairs.append(("Attendees (attendance not recorded)", ", ".join(present)))
            else:
                pairs.append(("Attendees", NOT_RECORDED))
        else:
            pairs.append(("Attendees", ", ".join(present)))
    pairs.append(("Prepared", _date(source.exported_at)))
    if team:
        pairs.append(("Copy", "for the team: includes internal notes; do not send to the client"))
    return Facts(tuple(pairs))


def _team_notes_section(source: SummaryInput) -> Section | None:
    """The workshop's notes: the facilitator's, internal, in the team's copy only."""
    notes = source.data.workshop.notes
    if not notes:
        return None
    return Section("team-notes", "Team notes (internal)", (Paragraph(notes),))


def _person(attendee: AttendeeRow) -> str:
    """ "Ana Ruiz (Finance director, Acme)", or the name alone."""
    details = ", ".join(part for part in (attendee.role, attendee.organisation) if part)
    return f"{attendee.name} ({details})" if details else attendee.name


def _concern_words(row: MinuteRow) -> str:
    return "; ".join(_arrowed(concern.label) for concern in row.concerns)


def _action_status(row: MinuteRow, today: str | None) -> str:
    if row.closed:
        return "done"
    return "overdue" if past_due(row.due, today) else "open"


def _minutes_section(source: SummaryInput) -> Section | None:
    """The current session: who came, the agenda, decisions, actions, open questions, and the
    actions of earlier sessions still open. None for a workshop without sessions."""
    record = source.current_session
    if record is None:
        return None
    today = source.data.today
    attendees = record.attendees
    pairs = [("Session", record.meeting.label)]
    if attendees:
        present = [_person(a) for a in attendees if a.present is True]
        apologies = [_person(a) for a in attendees if a.present is False]
        unknown = [_person(a) for a in attendees if a.present is None]
        pairs.append(("Present", "; ".join(present) or "none recorded"))
        pairs.append(("Apologies", "; ".join(apologies) or "none"))
        if unknown:  # never shown as absent: nobody said
            pairs.append(("Attendance not recorded", "; ".join(unknown)))
    else:
        pairs.append(("Attendees", "not recorded"))
    subsections = []
    agenda: Block = Paragraph("No agenda was set.")
    if record.agenda:
        agenda = Table(
            "agenda",
            "Agenda",
            ("Item", "Time box"),
            [(i.title, f"{i.minutes} min" if i.minutes else "not boxed") for i in record.agenda],
        )
    subsections.append(Section("session-agenda", "Agenda", (agenda,)))
    decisions = record.of_kind(MinuteKind.DECISION)
    subsections.append(
        Section(
            "session-decisions",
            "Decisions",
            (
                Table(
                    "decisions",
                    "Decisions",
                    ("Decision", "By", "Concerns"),
                    [(row.text, row.who, _concern_words(row)) for row in decisions],
                )
                if decisions
                else Paragraph("No decisions were recorded."),
            ),
        )
    )
    actions = record.of_kind(MinuteKind.ACTION)
    subsections.append(
        Section(
            "session-actions",
            "Actions",
            (
                Table(
                    "actions",
                    "Actions",
                    ("Action", "Owner", "Due", "Status", "Concerns"),
                    [
                        (
                            row.text,
                            row.who,
                            row.due,
                            _action_status(row, today),
                            _concern_words(row),
                        )
                        for row in actions
                    ],
                )  # fmt: skip
                if actions
                else Paragraph("No actions were recorded."),
            ),
        )
    )
    parked = record.of_kind(MinuteKind.PARKED)
    still_open = [row for row in parked if not row.closed]
    questions: list[Block] = [
        Table(
            "parking_lot",
            "Open questions",
            ("Question", "Concerns"),
            [(row.text, _concern_words(row)) for row in still_open],
        )
        if still_open
        else Paragraph("No open questions.")
    ]
    answered = len(parked) - len(still_open)
    if answered:
        questions.append(Paragraph(f"{plural(answered, 'question')} parked here answered."))
    subsections.append(Section("session-parking-lot", "Parking lot", tuple(questions)))
    if source.carried:
        subsections.append(
            Section(
                "session-carried",
                "Open actions from earlier sessions",
                (
                    Table(
                        "carried_actions",
                        "Open actions from earlier sessions",
                        ("Action", "Owner", "Due", "Status", "Session", "Concerns"),
                        [
                            (row.text, row.who, row.due, _action_status(row, today),
                             row.meeting_date, _concern_words(row))
                            for row in source.carried
                        ],
                    ),
                ),
            )
        )  # fmt: skip
    return Section("session-minutes", "Session minutes", (Facts(tuple(pairs)),), tuple(subsections))


def _ranked_names(source: SummaryInput) -> list[Ranked]:
    return [item for item in source.ranking if item.rank is not None]


def _phase_of(source: SummaryInput) -> dict[str, int | None]:
    if source.priorities is None:
        return {}
    return {candidate.name: candidate.phase for candidate in source.priorities.candidates}


def _manual_effort(flows: Sequence[FlowData]) -> str:
    """What the recorded answers say about manual work, and how many flows are unknown:
    "; 2 of the flows are still manual (state not recorded for 1), costing 8 hours of work a
    week (manual effort not recorded for 3 flows)". Unknown is never counted as 0."""
    if not flows:
        return ""
    manual = sum(1 for flow in flows if flow.fields.state == "manual")
    no_state = sum(1 for flow in flows if flow.fields.state is None)
    recorded = [h for flow in flows if (h := flow.fields.manual_hours_per_week) is not None]
    no_hours = len(flows) - len(recorded)
    total = sum(recorded)
    text = f"; {manual:,} of the flows {'is' if manual == 1 else 'are'} still manual"
    if no_state:
        text += f" (state {NOT_RECORDED} for {plural(no_state, 'flow')})"
    if recorded and (total or not no_hours):  # never "costing 0 hours" over unknowns
        text += f", costing {number(total)} hours of work a week"
        if no_hours:
            text += f" (manual effort {NOT_RECORDED} for {plural(no_hours, 'flow')})"
    elif no_hours:
        text += f"; manual effort {NOT_RECORDED} for {plural(no_hours, 'flow')}"
    return text


def _executive_section(source: SummaryInput) -> Section:
    data = source.data
    flows = data.flows
    counts = [
        f"{plural(len(data.systems), 'system')}, {plural(len(data.data_objects), 'data object')} "
        f"and {plural(len(flows), 'flow')} mapped{_manual_effort(flows)}.",
    ]
    retired = {scenario.title for scenario in data.scenarios if scenario.retired}
    checks = [check for check in data.checks if check.scenario not in retired]
    if checks:
        reviewed = sum(check.status is not CheckStatus.OPEN for check in checks)
        gaps = sum(check.status is CheckStatus.GAP for check in checks)
        counts.append(
            f"{reviewed:,} of {plural(len(checks), 'scenario check')} reviewed; "
            f"{plural(gaps, 'gap')} found."
        )
    if source.priorities is not None and source.priorities.candidates:
        phased = sum(c.phase is not None for c in source.priorities.candidates)
        counts.append(
            f"{plural(len(source.priorities.candidates), 'candidate integration')} "
            f"({phased:,} phased) and {plural(len(source.priorities.kpis), 'KPI')}."
        )
    tally = summarise(source.findings)
    counts.append(
        f"Findings: {plural(tally['blocker'], 'blocker')}, {plural(tally['warning'], 'warning')}"
        f", {tally['info']:,} for information."
    )
    blocks: list[Block] = [Bullets(tuple(counts))]
    top = _ranked_names(source)[:TOP_PRIORITIES]
    phases = _phase_of(source)
    subsections = []
    if top:
        items = []
        for item in top:
            phase = phases.get(item.name)
            where = f", phase {phase}" if phase is not None else ", not yet phased"
            items.append(f"{item.name} (score {_score(item.score)}{where})")
        subsections.append(
            Section("top-priorities", "Top priorities", (Bullets(tuple(items), numbered=True),))
        )
    else:
        subsections.append(
            Section("top-priorities", "Top priorities", (Paragraph("No candidate is scored yet."),))
        )
    blockers = [f for f in source.findings if f.severity is Severity.BLOCKER]
    if blockers:  # listed here once, each with what to do; the Findings section refers here
        table = Table(
            "blockers",
            "Blockers",
            ("Blocker", "What to do"),  # codes are for `seamwork check`; the client reads words
            [advised(finding.message) for finding in blockers],
        )
        subsections.append(Section("blockers", "Blockers", (table,)))
    else:
        subsections.append(
            Section("blockers", "Blockers", (Paragraph("No blockers: nothing stops a phase."),))
        )
    return Section("executive-summary", "Executive summary", tuple(blocks), tuple(subsections))


@lru_cache(maxsize=1024, typed=True)
def _said(value: Any) -> str:
    """A vocabulary answer as a person reads it ("HR", "On-premise"), or "not recorded"
    (cached: a vocabulary has a few words, said 20,000 times at 5,000 flows)."""
    return label_or(value, NOT_RECORDED)


def _typed(text: str) -> str:
    """Free text the room left empty, said as such rather than shown as a blank cell."""
    return text or NOT_RECORDED


def _systems_section(data: WorkshopData, team: bool) -> Section:
    if not data.systems:
        return Section("systems", "Systems", (Paragraph("No systems yet."),))
    columns: tuple[str, ...] = (
        "System", "Category", "Vendor", "Owner", "Lifecycle", "Hosting", "API", "Criticality"
    )  # fmt: skip
    rows: list[tuple[Cell, ...]] = [
        (s.name, _said(s.category), s.vendor, s.owner, _said(s.lifecycle), _said(s.hosting),
         _said(s.api),
         NOT_RECORDED if s.criticality is None else CRITICALITY_LABELS.get(s.criticality,
                                                                           str(s.criticality)))
        for s in data.systems
    ]  # fmt: skip
    if team:  # the facilitator's notes: internal (see README, "Audience")
        columns += ("Team notes",)
        rows = [(*row, s.notes) for row, s in zip(rows, data.systems, strict=True)]
    return Section("systems", "Systems", (Table("systems", "Systems", columns, rows),))


def _data_objects_section(data: WorkshopData, findings: Sequence[Finding]) -> Section:
    if not data.data_objects:
        return Section("data-objects", "Data objects", (Paragraph("No data objects yet."),))
    table = Table(
        "data_objects",
        "Data objects",
        ("Data object", "Source of truth", "Owner", "Sensitivity", "Definition"),
        [
            (obj.name, obj.source_of_truth or "not agreed", obj.owner, _said(obj.sensitivity),
             obj.definition)
            for obj in data.data_objects
        ],
    )  # fmt: skip
    blocks: list[Block] = [table]
    conflicts = {f.subjects[0] for f in findings if f.code == "DEF-CONFLICT" and f.subjects}
    rows = [
        (obj.name, definition.department, definition.text,
         "differs" if obj.name in conflicts else "")
        for obj in data.data_objects
        for definition in obj.definitions
    ]  # fmt: skip
    subsections: tuple[Section, ...] = ()
    if rows:
        subsections = (
            Section(
                "definitions",
                "Definitions by department",
                (Table("definitions", "Definitions by department",
                       ("Data object", "Department", "Definition", "Agreement"), rows),),
            ),
        )  # fmt: skip
    return Section("data-objects", "Data objects", tuple(blocks), subsections)


def _matrix(data: WorkshopData) -> Table | None:
    """Sources down, targets across, the data objects in each cell; None when too large."""
    names = [s.name for s in data.systems]
    used = {flow.source for flow in data.flows} | {flow.target for flow in data.flows}
    names = [name for name in names if name in used]
    if not names or len(names) > MATRIX_MAX_SYSTEMS:
        return None
    cells: dict[tuple[str, str], list[str]] = {}
    for flow in data.flows:
        cells.setdefault((flow.source, flow.target), []).append(flow.data_object)
    rows = [
        (source, *(", ".join(cells.get((source, target), ())) for target in names))
        for source in names
    ]
    return Table("interface_matrix", "Interface matrix", ("From / to", *names), rows)


def _flows_section(data: WorkshopData, team: bool) -> Section:
    if not data.flows:
        return Section("flow-map", "Flow map", (Paragraph("No flows yet."),))
    blocks: list[Block] = []
    chart = ""  # drawn only when it may be shown: 5,000 flows take a tenth of a second
    if len(data.flows) <= MERMAID_MAX_EDGES:
        from storage.formats.mermaid import flowchart

        chart = flowchart((s.name for s in data.systems), data.flows)
    if len(data.flows) <= MERMAID_MAX_EDGES and len(chart) <= MERMAID_MAX_TEXT:
        grouped: dict[tuple[str, str, bool], list[str]] = {}
        for flow in data.flows:
            grouped.setdefault((flow.source, flow.target, flow.two_way), []).append(
                flow.data_object
            )
        edges = tuple(
            (source, target, ", ".join(objects), two_way)
            for (source, target, two_way), objects in grouped.items()
        )
        caption = "Systems and the data that moves between them."
        systems = tuple(s.name for s in data.systems)
        blocks.append(Diagram(chart, caption, systems, edges))
    else:
        blocks.append(
            Paragraph(
                f"The flow map has {len(data.flows):,} flows, more than one diagram can show "
                "legibly; the table below lists them all, and "
                "\u201cseamwork export -f mermaid\u201d writes the whole chart."
            )
        )
    columns: tuple[str, ...] = (
        "Source", "Target", "Data object", "Frequency", "Mechanism", "State", "Approach", "Owner",
        "Error handling", "Hours/week"
    )  # fmt: skip
    rows: list[tuple[Cell, ...]] = [
        (f.source, f.target, f.data_object, _said(f.fields.frequency),
         _said(f.fields.mechanism), _said(f.fields.state), _said(f.fields.approach),
         _typed(f.fields.owner), _typed(f.fields.error_handling),
         plain(f.fields.manual_hours_per_week))
        for f in data.flows
    ]  # fmt: skip
    if team:
        columns += ("Team notes",)
        rows = [(*row, f.fields.notes) for row, f in zip(rows, data.flows, strict=True)]
    blocks.append(Table("flows", "Flows", columns, rows))
    matrix = _matrix(data)
    subsections: tuple[Section, ...] = ()
    if matrix is not None:
        subsections = (Section("interface-matrix", "Interface matrix", (matrix,)),)
    return Section("flow-map", "Flow map", tuple(blocks), subsections)


# The coverage table's column of each status (column 0 counts the checks, 6 those in UAT).
_COVERAGE_COLUMNS = {
    CheckStatus.HANDLED: 1,
    CheckStatus.GAP: 2,
    CheckStatus.ACCEPTED_RISK: 3,
    CheckStatus.NOT_APPLICABLE: 4,
    CheckStatus.OPEN: 5,
}


def _coverage_section(data: WorkshopData) -> Section:
    retired = {scenario.title for scenario in data.scenarios if scenario.retired}
    checks = [check for check in data.checks if check.scenario not in retired]
    if not checks:
        return Section(
            "scenario-coverage",
            "Scenario coverage",
            (Paragraph("No exception scenarios have been applied to the flows yet."),),
        )
    # Per flow reference: checks, then each status in `_COVERAGE_COLUMNS`, then in UAT. A
    # flow's reference is made once, not per check (55,000 of them at 5,000 flows).
    per_flow: dict[str, list[int]] = {}
    per_names: dict[tuple[str, str, str], list[int]] = {}
    for check in checks:
        names = (check.source, check.target, check.data_object)
        tally = per_names.get(names)
        if tally is None:
            tally = per_names[names] = per_flow.setdefault(flow_ref(*names), [0] * 7)
        tally[0] += 1
        tally[_COVERAGE_COLUMNS[check.status]] += 1
        tally[6] += check.uat
    none = (0,) * 7
    rows = [(_flow_words(flow), *per_flow.get(flow.ref, none)) for flow in data.flows]
    table = Table(
        "coverage",
        "Scenario coverage per flow",
        ("Flow", "Checks", "Handled", "Gaps", "Accepted risk", "N/A", "Open", "In UAT"),
        rows,
    )
    gaps = [check for check in checks if check.status is CheckStatus.GAP]
    gap_list = _checks_table(gaps, "gaps", "Gaps", "Note") if gaps else Paragraph("No gaps.")
    subsections = [Section("gaps", "Gaps", (gap_list,))]
    risks = [check for check in checks if check.status is CheckStatus.ACCEPTED_RISK]
    if risks:
        risk_list = _checks_table(risks, "accepted_risks", "Accepted risks", "Why")
        subsections.append(Section("accepted-risks", "Accepted risks", (risk_list,)))
    return Section("scenario-coverage", "Scenario coverage", (table,), tuple(subsections))


def _checks_table(checks: Sequence[CheckData], key: str, title: str, note: str) -> Table:
    """Each check's scenario, flow, owner and note (headed `note`: why a risk is accepted)."""
    rows = [
        (check.scenario, f"{check.source} → {check.target}: {check.data_object}", check.owner,
         check.note)
        for check in checks
    ]  # fmt: skip
    return Table(key, title, ("Scenario", "Flow", "Owner", note), rows)


def _kpi_target(kpi: KpiRow) -> str:
    unit = f" {kpi.unit}" if kpi.unit else ""
    return f"{number(kpi.baseline)} → {number(kpi.target)}{unit}"


def _priorities_section(source: SummaryInput) -> Section:
    priorities = source.priorities
    if priorities is None or not priorities.candidates:
        return Section(
            "priorities", "Priorities", (Paragraph("No candidate integrations have been listed."),)
        )
    method = describe(priorities.method)
    blocks: list[Block] = [Paragraph(f"Ranked by {method}; ties broken by name.")]
    candidates = {candidate.name: candidate for candidate in priorities.candidates}
    rows = []
    for item in source.ranking:
        candidate = candidates.get(item.name)
        if item.incomplete:
            stability = "incomplete: no score for " + ", ".join(item.missing)
        elif item.stable:
            stability = "stable"
        else:
            stability = "fragile on " + ", ".join(item.fragile_on)
        rows.append(
            (
                item.rank,
                item.name,
                None if item.score is None else round(item.score, 1),
                candidate.phase if candidate else None,
                stability,
                len(candidate.flows) if candidate else 0,
                _hours_said(candidate) if candidate else 0,
            )
        )
    blocks.append(
        Table(
            "ranking",
            "Ranking",
            ("Rank", "Candidate", "Score", "Phase", "Stability", "Flows", "Hours/week"),
            rows,
        )
    )
    criteria = Table(
        "criteria",
        "Criteria",
        ("Criterion", "Kind", "Weight", "Description"),
        [(c.name, label(c.kind), c.weight, c.description) for c in priorities.criteria],
    )
    subsections = [Section("criteria", "Criteria and weights", (criteria,))]
    return Section("priorities", "Priorities", tuple(blocks), tuple(subsections))


def _removing(hours: float, flows: int, unknown: int) -> str:
    """ ", removing 6 hours of manual work a week" over the flows whose effort is recorded,
    then how many are not: an unknown is never summed as 0."""
    if unknown and (unknown == flows or not hours):  # never "removing 0 hours" over unknowns
        return f"; manual effort {NOT_RECORDED} for {plural(unknown, 'flow')}"
    if not hours and not unknown:  # recorded as none
        return ", which take no manual work today"
    text = f", removing {number(hours)} hours of manual work a week"
    if unknown:
        text += f" (manual effort {NOT_RECORDED} for {plural(unknown, 'flow')})"
    return text


def _hours_said(candidate: CandidateRow) -> float | str:
    """For the summary's ranking: the hours, and how many flows do not record theirs."""
    hours = candidate_hours(candidate)
    if isinstance(hours, str) or not candidate.hours_unknown:
        return hours
    return f"{number(hours)} ({plural(candidate.hours_unknown, 'flow')} {NOT_RECORDED})"


def candidate_hours(candidate: CandidateRow) -> float | str:
    """A candidate's manual hours a week, or "not recorded" when none of its flows says."""
    if candidate.flows and candidate.hours_unknown == len(candidate.flows):
        return NOT_RECORDED
    return candidate.manual_hours


def _candidate_section(
    source: SummaryInput, item: Ranked, candidate: CandidateRow, index: int, team: bool
) -> Section:
    """One candidate: what it is, what it delivers, why it scored as it did (per criterion,
    with the rationale the room gave), its phase and the KPIs it moves."""
    priorities = source.priorities
    assert priorities is not None
    if item.rank is not None:
        ranked = sum(other.rank is not None for other in source.ranking)
        score = f"{_score(item.score)}, rank {item.rank} of {ranked:,} ranked"
    else:
        score = "not ranked yet: no score for " + ", ".join(item.missing)
    pairs = [
        ("Score", score),
        ("Phase", "not yet phased" if candidate.phase is None else str(candidate.phase)),
        ("Manual effort", _effort_words(candidate)),
    ]
    if team and candidate.notes:
        pairs.append(("Team notes", candidate.notes))
    blocks: list[Block] = [
        Paragraph(candidate.description or f"Description {NOT_RECORDED}."),
        Facts(tuple(pairs)),
    ]
    flows = tuple(_arrowed(ref) for ref in candidate.flows)
    blocks.append(Paragraph(f"Flows it delivers ({len(flows):,}):" if flows else "No flows yet."))
    if flows:
        blocks.append(Bullets(flows))
    rows: list[tuple[Cell, ...]] = [
        (f"{c.name} (cost)" if c.kind.value == "cost" else c.name, c.weight,
         candidate.scores.get(c.id, "not scored"),
         candidate.rationales.get(c.id) or NOT_RECORDED)
        for c in priorities.criteria
    ]  # fmt: skip
    blocks.append(
        Table(f"scores-{index}", "Scores", ("Criterion", "Weight", "Score", "Why"), rows)
        if rows
        else Paragraph("No criteria are set.")
    )
    kpis = {kpi.name: kpi for kpi in priorities.kpis}
    moved = [kpis[name] for name in candidate.kpis if name in kpis]
    if moved:
        blocks.append(
            Table(
                f"kpis-{index}",
                "KPIs it moves",
                ("KPI it moves", "Baseline → target", "Owner"),
                [(kpi.name, _kpi_target(kpi), _typed(kpi.owner)) for kpi in moved],
            )
        )
    else:
        blocks.append(Paragraph("It moves no KPI yet."))
    return Section(f"candidate-{index}", candidate.name, tuple(blocks))


def _effort_words(candidate: CandidateRow) -> str:
    """The manual hours a week its flows cost today, never claiming 0 over unknowns."""
    hours = candidate_hours(candidate)
    if isinstance(hours, str):
        return f"{hours} for any of its flows"
    if candidate.hours_unknown and not hours:
        return f"{NOT_RECORDED} ({plural(candidate.hours_unknown, 'flow')})"
    if not hours:  # every flow says 0: a recorded answer, in words
        return "none: its flows take no manual work today"
    text = f"{number(hours)} hours a week today"
    if candidate.hours_unknown:
        text += f" ({NOT_RECORDED} for {plural(candidate.hours_unknown, 'flow')})"
    return text


def _candidates_section(source: SummaryInput, team: bool) -> Section | None:
    """Each candidate in rank order, with the why behind its place; None without any."""
    priorities = source.priorities
    if priorities is None or not priorities.candidates:
        return None
    candidates = {candidate.name: candidate for candidate in priorities.candidates}
    subsections = [
        _candidate_section(source, item, candidates[item.name], index, team)
        for index, item in enumerate(source.ranking, start=1)
        if item.name in candidates
    ]
    intro = Paragraph(
        "What each candidate is, the flows it delivers, how it scored on each criterion and "
        "why, and the KPIs it moves. Scores run from 1 to 5; on a cost criterion a high score "
        "means costly."
    )
    return Section("candidates", "Candidates: what and why", (intro,), tuple(subsections))


def _roadmap_section(source: SummaryInput) -> Section:
    priorities = source.priorities
    if priorities is None or not priorities.candidates:
        return Section("roadmap", "Roadmap and KPIs", (Paragraph("No roadmap yet."),))
    subsections = []
    for phase in source.roadmap:
        title = "Not yet phased" if phase.phase is None else f"Phase {phase.phase}"
        blocks: list[Block] = [
            Paragraph(
                f"{plural(len(phase.candidates), 'candidate')}, {plural(len(phase.flows), 'flow')}"
                f"{_removing(phase.manual_hours, len(phase.flows), phase.hours_unknown)}."
            ),
            Bullets(tuple(candidate.name for candidate in phase.candidates)),
        ]
        if phase.kpis:
            blocks.append(
                Table(
                    "phase_kpis",
                    f"{title} KPIs",
                    ("KPI", "Baseline → target", "Owner"),
                    [(kpi.name, _kpi_target(kpi), kpi.owner) for kpi in phase.kpis],
                )
            )
        key = "unphased" if phase.phase is None else f"phase-{phase.phase}"
        subsections.append(Section(key, title, tuple(blocks)))
    kpi_rows = [
        (kpi.name, kpi.unit, kpi.baseline, kpi.target, kpi.owner, ", ".join(kpi.candidates),
         ", ".join(kpi.data_objects))
        for kpi in priorities.kpis
    ]  # fmt: skip
    if kpi_rows:
        kpis = Table(
            "kpis",
            "KPIs",
            ("KPI", "Unit", "Baseline", "Target", "Owner", "Candidates", "Data objects"),
            kpi_rows,
        )
        subsections.append(Section("kpis", "KPIs", (kpis,)))
    else:
        subsections.append(Section("kpis", "KPIs", (Paragraph("No KPIs yet."),)))
    return Section("roadmap", "Roadmap and KPIs", (), tuple(subsections))


SEVERITY_TITLES = {Severity.BLOCKER: "Blockers", Severity.WARNING: "Warnings",
                   Severity.INFO: "For information"}  # fmt: skip


# Per finding code: how a group of its findings is headed, and what to do about all of them.
FINDING_GROUPS: dict[str, tuple[str, str]] = {
    "SOT-MISSING": ("No source of truth", "agree which system owns each"),
    "SOT-CONFLICT": ("Written into its source of truth from another system",
                     "decide which system owns the data, or make the flow read from it"),
    "DEF-CONFLICT": ("Defined differently by departments",
                     "agree one definition before it is built into an integration"),
    "FLOW-NO-OWNER": ("No owner", "name the person or team who answers for each"),
    "FLOW-NO-ERROR-HANDLING": ("No error handling",
                               "say how failures are seen, retried and fixed"),
    "FLOW-NO-KPI": ("Moves no KPI", "link a KPI, or ask whether the flow is a priority"),
    "SCENARIO-GAP": ("Scenario gaps",
                     "agree how each is handled, who owns it, and cover it in acceptance testing"),
    "PHASE-SYSTEM-NOT-LIVE": ("A system not live before its phase",
                              "make it live before the phase starts, or move the candidate"),
    "SENSITIVE-UNREVIEWED": ("Personal or financial data with no security review",
                             "record who may access it and how it is handled"),
    "ACTION-OVERDUE": ("Overdue actions", "close each or agree a new date"),
    "PARKED-OPEN": ("Open questions", "answer each with a decision or an action"),
}  # fmt: skip
# Codes whose findings are named by what the sentence quotes (an action, a question, a
# scenario) rather than by the entities they concern.
_NAMED_BY_QUOTE = frozenset({"ACTION-OVERDUE", "PARKED-OPEN", "SCENARIO-GAP"})
_QUOTED = re.compile("\u201c(.*?)\u201d")


def _sentence(text: str) -> str:
    """`text` ending in a full stop, unless it already ends in one (or ? or !)."""
    return text if text.endswith((".", "?", "!")) else text + "."


def advised(message: str) -> tuple[str, str]:
    """A finding's sentence as (what is wrong, what to do): the rules write "problem; advice."
    and the advice, ours, never holds "; ". ("message", "") when there is no advice."""
    problem, sep, advice = message.rpartition("; ")
    if not sep:
        return message, ""
    return problem + ".", advice[:1].upper() + advice[1:]


def _arrowed(subject: str) -> str:
    """A flow reference as people read it: "A -> B: O" becomes "A → B: O"."""
    return subject.replace(" -> ", " → ")


def finding_subject(finding: Finding) -> str:
    """What one finding is about, in a few words: a flow, a data object, an action."""
    subject = _arrowed(finding.subjects[0]) if finding.subjects else ""
    if finding.code == "PHASE-SYSTEM-NOT-LIVE" and len(finding.subjects) > 1:
        return f"{subject} ({', '.join(finding.subjects[1:])})"  # the candidate (its systems)
    if finding.code in _NAMED_BY_QUOTE:
        quoted = _QUOTED.search(finding.message)
        if quoted and finding.code == "SCENARIO-GAP" and not finding.message[0].isdigit():
            return f"{quoted.group(1)} on {subject}" if subject else quoted.group(1)
        if quoted and finding.code != "SCENARIO-GAP":
            return quoted.group(1)
    return subject or finding.message


def grouped_findings(findings: Sequence[Finding]) -> list[str]:
    """One line per code, naming its subjects: "No owner (2): Akeneo PIM → Shopify: Products;
    ShipStation → Sage X3: Shipment status. Name the person or team who answers for each."""
    groups: dict[str, list[str]] = {}
    seen: dict[str, set[str]] = {}  # each group's subjects, to ask in a set, not a list
    counts: dict[str, int] = {}
    for finding in findings:
        code = finding.code
        subjects = groups.setdefault(code, [])
        known = seen.setdefault(code, set())
        counts[code] = counts.get(code, 0) + 1
        subject = finding_subject(finding)
        if subject not in known:
            known.add(subject)
            subjects.append(subject)
    lines = []
    for code, subjects in groups.items():
        count = counts[code]
        title, advice = FINDING_GROUPS.get(code, (code, ""))
        line = _sentence(f"{title} ({count:,}): {'; '.join(subjects)}")
        if advice:
            line += f" {advice[:1].upper()}{advice[1:]}."
        lines.append(line)
    return lines


def _findings_section(findings: Sequence[Finding]) -> Section:
    """Blockers stay in the executive summary (said once); warnings and notes are grouped by
    code, one line each; the appendix lists every one of them in full."""
    if not findings:
        return Section("findings", "Findings", (Paragraph("No findings."),))
    blockers = sum(finding.severity is Severity.BLOCKER for finding in findings)
    blocks: list[Block] = [
        Paragraph(
            f"The {plural(blockers, 'blocker')} {'is' if blockers == 1 else 'are'} listed in the "
            "executive summary, each with what to do. The rest, grouped by kind, are below; "
            "the appendix lists each one."
            if blockers
            else "No blockers. The findings, grouped by kind, are below; the appendix lists "
            "each one."
        )
    ]
    subsections = []
    for severity in (Severity.WARNING, Severity.INFO):
        of_severity = [finding for finding in findings if finding.severity is severity]
        if of_severity:
            title = SEVERITY_TITLES[severity]
            subsections.append(
                Section(
                    f"findings-{severity.value}",
                    f"{title} ({len(of_severity):,})",
                    (Bullets(tuple(grouped_findings(of_severity))),),
                )
            )
    return Section("findings", "Findings", tuple(blocks), tuple(subsections))


def _appendix_section(findings: Sequence[Finding]) -> Section | None:
    """Every warning and note in full (blockers are in the executive summary)."""
    rest = [finding for finding in findings if finding.severity is not Severity.BLOCKER]
    if not rest:
        return None
    subsections = []
    for severity in (Severity.WARNING, Severity.INFO):
        rows: list[tuple[Cell, ...]] = [
            (f.code, f.message, "; ".join(_arrowed(subject) for subject in f.subjects))
            for f in rest
            if f.severity is severity
        ]
        if rows:
            key = f"findings-{severity.value}-all"
            title = SEVERITY_TITLES[severity]
            table = Table(key, title, ("Code", "Finding", "Concerns"), rows)
            subsections.append(Section(key, f"{title}, each one ({len(rows):,})", (table,)))
    return Section("appendix", "Appendix: every finding", (), tuple(subsections))


def _change_words(change: Change) -> str:
    from storage.queries.changes import ADDED, REMOVED, field_label

    name = change.name or "(unnamed)"
    if change.kind in (ADDED, REMOVED):
        return name
    parts = []
    for raw, before, after in change.fields:
        said_as = field_label(raw)
        short = all(
            (value is None or isinstance(value, (str, int, float, bool))) and len(str(value)) <= 40
            for value in (before, after)
        )
        if short and not raw.endswith("_id") and raw != "name":
            parts.append(f"{said_as} {_value(before)} → {_value(after)}")
        else:
            parts.append(said_as)
    return f"{name}: {', '.join(parts)}"


def _value(value: Any) -> str:
    if value is None:
        return f"({NOT_RECORDED})"  # an answer the room had not given
    if value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return number(value)
    return str(value)


def _changes_section(source: SummaryInput) -> Section | None:
    if source.since is None or source.changes is None:
        return None
    from storage.queries.changes import KINDS

    date = _date(source.since)
    title = f"Changes since {date}"
    if not source.changes:
        return Section("changes", title, (Paragraph(f"Nothing was changed since {date}."),))
    per_entity: dict[str, list[Change]] = {}
    for change in source.changes:
        per_entity.setdefault(change.entity, []).append(change)
    count_rows: list[tuple[Cell, ...]] = []
    subsections = []
    for entity, changes in per_entity.items():
        label = changes[0].label
        count_rows.append(
            (label, *(sum(change.kind == kind for change in changes) for kind in KINDS))
        )
        blocks: list[Block] = []
        for kind in KINDS:
            of_kind = [change for change in changes if change.kind == kind]
            if not of_kind:
                continue
            items = [_change_words(change) for change in of_kind[:CHANGES_LISTED]]
            if len(of_kind) > CHANGES_LISTED:
                items.append(f"… and {len(of_kind) - CHANGES_LISTED:,} more")
            blocks.append(Paragraph(f"{kind.capitalize()}:"))
            blocks.append(Bullets(tuple(items)))
        subsections.append(Section(f"changes-{entity}", label, tuple(blocks)))
    counts = Table("change_counts", title, ("Entity", "Added", "Changed", "Removed"), count_rows)
    return Section("changes", title, (counts,), tuple(subsections))


def build_summary(
    source: SummaryInput,
    progress: Callable[[str], None] | None = None,
    *,
    audience: str = "client",
) -> Summary:
    """The session summary: every section in reading order (`progress` hears each title).

    The minutes follow the executive summary, since the next steps are what a client acts on;
    what changed and the full list of findings close it. `audience` is "client" (the
    default: internal notes left out) or "team" (see `AUDIENCES`).
    """
    team = check_audience(audience)
    data = source.data
    builders: list[tuple[str, Callable[[], Section | None]]] = [
        ("Team notes", lambda: _team_notes_section(source) if team else None),
        ("Executive summary", lambda: _executive_section(source)),
        ("Session minutes", lambda: _minutes_section(source)),
        ("Systems", lambda: _systems_section(data, team)),
        ("Data objects", lambda: _data_objects_section(data, source.findings)),
        ("Flow map", lambda: _flows_section(data, team)),
        ("Scenario coverage", lambda: _coverage_section(data)),
        ("Priorities", lambda: _priorities_section(source)),
        ("Candidates", lambda: _candidates_section(source, team)),
        ("Roadmap", lambda: _roadmap_section(source)),
        ("Findings", lambda: _findings_section(source.findings)),
        ("Changes", lambda: _changes_section(source)),
        ("Appendix", lambda: _appendix_section(source.findings)),
    ]
    sections = []
    for step, build in builders:
        if progress is not None:
            progress(step)
        section = build()
        if section is not None:
            sections.append(section)
    title, subtitle = summary_title(source)
    return Summary(title, subtitle, tuple(sections), _cover(source, team))


SECTION_COUNT = 13  # builders in `build_summary`, for progress totals


# --- complete tables, for spreadsheets ------------------------------------------------------


def _joined(values: Iterable[str]) -> str:
    return "; ".join(values)


CRITERIA_COLUMNS = ("name", "weight", "kind", "wsjf_part", "description")
CANDIDATE_COLUMNS = ("rank", "name", "score", "phase", "stable", "incomplete", "description",
                     "notes", "flows", "manual_hours_per_week", "kpis")  # fmt: skip
SCORE_COLUMNS = ("candidate", "criterion", "score", "rationale")
KPI_COLUMNS = ("name", "unit", "baseline", "target", "owner", "description", "candidates",
               "data_objects")  # fmt: skip
SESSION_COLUMNS = ("date", "title", "attendees", "present", "decisions", "actions",
                   "open_actions", "questions", "open_questions")  # fmt: skip
ATTENDEE_COLUMNS = ("session_date", "session", "name", "role", "organisation", "present")
AGENDA_COLUMNS = ("session_date", "session", "position", "title", "minutes", "done")
DECISION_COLUMNS = ("session_date", "session", "text", "by", "concerns")
# Headed as Jira, Asana and Trello's CSV imports name their fields, so the file maps at once.
ACTION_COLUMNS = ("Summary", "Description", "Assignee", "Due date", "Status", "Session date",
                  "Session", "Concerns")  # fmt: skip
PARKED_COLUMNS = ("session_date", "session", "text", "answered", "concerns")
TRACKER_SUMMARY_MAX = 255  # Jira's limit on a summary; the whole text is the description
# Tables `data_tables` always gives (one more, "changes", when a date was given).
DATA_TABLE_COUNT = 18


def _tracker_summary(text: str) -> str:
    """An action as a tracker's one-line summary: its first line, at most 255 characters."""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    if len(line) > TRACKER_SUMMARY_MAX:
        line = line[: TRACKER_SUMMARY_MAX - 1].rstrip() + "\u2026"
    return line


def session_tables(sessions: Sequence[SessionRecord]) -> list[Table]:
    """Sessions, attendees, agenda, decisions, actions and the parking lot, one row per entry,
    oldest session first; presence, time boxes, owners and due dates empty when not said."""
    rows: dict[str, list[tuple[Cell, ...]]] = {
        key: [] for key in ("sessions", "attendees", "agenda", "decisions", "actions", "parked")
    }
    for record in sessions:
        date, title = record.meeting.date, record.meeting.title
        actions = record.of_kind(MinuteKind.ACTION)
        parked = record.of_kind(MinuteKind.PARKED)
        rows["sessions"].append(
            (date, title, len(record.attendees),
             sum(a.present is True for a in record.attendees),
             len(record.of_kind(MinuteKind.DECISION)), len(actions),
             sum(not row.closed for row in actions), len(parked),
             sum(not row.closed for row in parked))
        )  # fmt: skip
        rows["attendees"] += [
            (date, title, a.name, a.role, a.organisation, a.present) for a in record.attendees
        ]
        rows["agenda"] += [
            (date, title, item.position, item.title, item.minutes, item.done)
            for item in record.agenda
        ]
        for row in record.minutes:
            concerns = _joined(concern.label for concern in row.concerns)
            if row.kind is MinuteKind.DECISION:
                rows["decisions"].append((date, title, row.text, row.who, concerns))
            elif row.kind is MinuteKind.ACTION:
                rows["actions"].append(
                    (_tracker_summary(row.text), row.text, row.who, row.due,
                     "Done" if row.closed else "Open", date, title, concerns)
                )  # fmt: skip
            else:
                rows["parked"].append((date, title, row.text, row.closed, concerns))
    return [
        Table("sessions", "Sessions", SESSION_COLUMNS, rows["sessions"]),
        Table("attendees", "Attendees", ATTENDEE_COLUMNS, rows["attendees"]),
        Table("agenda", "Agenda", AGENDA_COLUMNS, rows["agenda"]),
        Table("decisions", "Decisions", DECISION_COLUMNS, rows["decisions"]),
        Table("actions", "Actions", ACTION_COLUMNS, rows["actions"]),
        Table("parking_lot", "Parking lot", PARKED_COLUMNS, rows["parked"]),
    ]


@lru_cache(maxsize=1024, typed=True)
def _labelled(value: Any) -> str:
    """The label column beside a code column: "HR" beside "hr", "not recorded" beside it
    (cached, as `_said`)."""
    return label_or(value, NOT_RECORDED)


def _for(tables: list[Table], team: bool) -> list[Table]:
    """The tables without the internal `notes` columns, unless for the team."""
    if team:
        return tables
    kept = []
    for table in tables:
        if "notes" not in table.columns:
            kept.append(table)
            continue
        index = table.columns.index("notes")
        columns = table.columns[:index] + table.columns[index + 1 :]
        rows = [row[:index] + row[index + 1 :] for row in table.rows]
        kept.append(Table(table.key, table.title, columns, rows))
    return kept


def data_tables(source: SummaryInput, *, audience: str = "client") -> list[Table]:
    """The workshop as one complete table per entity (plus findings, ranking and changes);
    the session tables are there, empty, for a workshop that has not met.

    Values are the file's own (lower-case enumerations, numbers as numbers), so a spreadsheet
    can filter and sum them; references are by name, as in the JSON file. Where a code does not
    read as a word (`hr`, `saas`, `ipaas`), a `*_label` column beside it says it as a person
    would. The `notes` columns are internal: only the team's copy (`audience="team"`) has them.
    """
    team = check_audience(audience)
    data = source.data
    workshop = data.workshop
    method = source.priorities.method.value if source.priorities is not None else ""
    tables = [
        Table(
            "workshop",
            "Workshop",
            ("name", "client", "facilitator", "notes", "scoring_method", "exported_at"),
            [(workshop.name, workshop.client, workshop.facilitator, workshop.notes, method,
              source.exported_at)],
        ),
        Table(
            "systems",
            "Systems",
            ("name", "category", "category_label", "vendor", "owner", "lifecycle", "hosting",
             "hosting_label", "api", "api_label", "criticality", "notes"),
            [(s.name, plain(s.category), _labelled(s.category), s.vendor, s.owner,
              plain(s.lifecycle), plain(s.hosting), _labelled(s.hosting), plain(s.api),
              _labelled(s.api), plain(s.criticality), s.notes)
             for s in data.systems],
        ),
        Table(
            "data_objects",
            "Data objects",
            ("name", "owner", "source_of_truth", "sensitivity", "definition"),
            [(o.name, o.owner, o.source_of_truth, plain(o.sensitivity), o.definition)
             for o in data.data_objects],
        ),
        Table(
            "definitions",
            "Definitions",
            ("data_object", "department", "text"),
            [(o.name, d.department, d.text) for o in data.data_objects for d in o.definitions],
        ),
        Table(
            "flows",
            "Flows",
            ("source", "target", "data_object", "frequency", "frequency_label", "mechanism",
             "mechanism_label", "direction", "state", "state_label", "approach",
             "approach_label", "owner", "error_handling", "security", "monitored",
             "volume_per_day", "manual_hours_per_week", "notes"),
            [(f.source, f.target, f.data_object, plain(f.fields.frequency),
              _labelled(f.fields.frequency), plain(f.fields.mechanism),
              _labelled(f.fields.mechanism), plain(f.fields.direction), plain(f.fields.state),
              _labelled(f.fields.state), plain(f.fields.approach), _labelled(f.fields.approach),
              f.fields.owner, f.fields.error_handling,
              f.fields.security, plain(f.fields.monitored), plain(f.fields.volume_per_day),
              plain(f.fields.manual_hours_per_week), f.fields.notes) for f in data.flows],
        ),
        Table(
            "scenarios",
            "Scenarios",
            ("title", "category", "description", "question", "data_objects", "retired"),
            [(s.title, s.category, s.description, s.question, _joined(s.data_objects), s.retired)
             for s in data.scenarios],
        ),
        Table(
            "checks",
            "Checks",
            ("flow", "scenario", "status", "note", "owner", "uat", "updated_at"),
            [(c.flow, c.scenario, c.status.value, c.note, c.owner, c.uat, c.updated_at)
             for c in data.checks],
        ),
    ]  # fmt: skip
    priorities = source.priorities
    if priorities is None:  # a file from before prioritisation: the same sheets, empty
        tables += [
            Table("criteria", "Criteria", CRITERIA_COLUMNS, []),
            Table("candidates", "Candidates", CANDIDATE_COLUMNS, []),
            Table("scores", "Scores", SCORE_COLUMNS, []),
            Table("kpis", "KPIs", KPI_COLUMNS, []),
        ]
    else:
        criteria = {criterion.id: criterion.name for criterion in priorities.criteria}
        ranked = {item.name: item for item in source.ranking}
        tables += [
            Table(
                "criteria",
                "Criteria",
                CRITERIA_COLUMNS,
                [(c.name, c.weight, c.kind.value, c.wsjf_part.value, c.description)
                 for c in priorities.criteria],
            ),
            Table(
                "candidates",
                "Candidates",
                CANDIDATE_COLUMNS,
                [(ranked[c.name].rank if c.name in ranked else None, c.name,
                  _rounded(ranked[c.name].score) if c.name in ranked else None, c.phase,
                  ranked[c.name].stable if c.name in ranked else None,
                  ranked[c.name].incomplete if c.name in ranked else None,
                  c.description, c.notes, _joined(c.flows), candidate_hours(c), _joined(c.kpis))
                 for c in sorted(priorities.candidates, key=lambda c: _rank_key(ranked, c.name))],
            ),
            Table(
                "scores",
                "Scores",
                SCORE_COLUMNS,
                [(c.name, criteria[criterion_id], value, c.rationales.get(criterion_id, ""))
                 for c in priorities.candidates
                 for criterion_id, value in sorted(c.scores.items(),
                                                   key=lambda pair: _position(priorities, pair[0]))
                 if criterion_id in criteria],
            ),
            Table(
                "kpis",
                "KPIs",
                KPI_COLUMNS,
                [(k.name, k.unit, k.baseline, k.target, k.owner, k.description,
                  _joined(k.candidates), _joined(k.data_objects)) for k in priorities.kpis],
            ),
        ]  # fmt: skip
    tables += session_tables(source.sessions)
    tables.append(
        Table(
            "findings",
            "Findings",
            ("severity", "code", "message", "subjects"),
            [(f.severity.value, f.code, f.message, _joined(f.subjects)) for f in source.findings],
        )
    )
    if source.changes is not None:
        tables.append(
            Table(
                "changes",
                "Changes",
                ("at", "entity", "change", "name", "fields"),
                [(c.at, c.label, c.kind, c.name, _joined(c.field_names)) for c in source.changes],
            )
        )
    return _for(tables, team)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _rank_key(ranked: dict[str, Ranked], name: str) -> tuple[int, int, str]:
    item = ranked.get(name)
    if item is None or item.rank is None:
        return (1, 0, name.casefold())
    return (0, item.rank, name.casefold())


def _position(priorities: Priorities, criterion_id: int) -> int:
    for index, criterion in enumerate(priorities.criteria):
        if criterion.id == criterion_id:
            return index
    return len(priorities.criteria)
