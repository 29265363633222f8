"""The live session's records: sessions (meetings), attendees, the agenda, and the minutes
(decisions, actions, parking-lot questions) with what each concerns.

Every edit commits at once, one transaction per thing the facilitator did, so undo takes it
back as one step. Deletes go through the ORM (never the database's cascades), so the audit
trail sees every row that goes. "Meeting" in code, "session" on screen: a meeting is never
mistaken for a database session.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import EllipsisType
from typing import Any

from sqlalchemy import Table, and_, func, or_, true
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from models.characters import stored_text
from models.enums import MinuteKind
from models.names import name_key
from models.snapshot import flow_ref
from models.tables import (
    AgendaItem,
    AgendaItemBase,
    Attendee,
    AttendeeBase,
    Candidate,
    DataObject,
    Flow,
    Kpi,
    Meeting,
    MeetingBase,
    Minute,
    MinuteBase,
    MinuteConcern,
    System,
)
from storage.audit import utc_now
from storage.boundary import boundary
from storage.concurrency import settle_edit
from storage.errors import FieldError, NotFoundError
from storage.queries.cascade import delete_rows
from storage.queries.data_objects import KEEP
from storage.queries.systems import get_workshop

# What a minute may concern, in the order the screen and the files list them.
CONCERN_KINDS: tuple[str, ...] = ("system", "data_object", "flow", "candidate", "kpi")
CONCERN_WORDS: dict[str, str] = {
    "system": "system",
    "data_object": "data object",
    "flow": "flow",
    "candidate": "candidate",
    "kpi": "KPI",
}
SYSTEM_TABLE: Table = System.__table__  # type: ignore[attr-defined]
FLOW_TABLE: Table = Flow.__table__  # type: ignore[attr-defined]
DATA_OBJECT_TABLE: Table = DataObject.__table__  # type: ignore[attr-defined]
AGENDA_TABLE: Table = AgendaItem.__table__  # type: ignore[attr-defined]

_CONCERN_MODELS: dict[str, Any] = {
    "system": System,
    "data_object": DataObject,
    "flow": Flow,
    "candidate": Candidate,
    "kpi": Kpi,
}


@dataclass(frozen=True)
class MeetingRow:
    id: int
    date: str
    title: str

    @property
    def label(self) -> str:
        """`2026-03-02 Day one: order to cash`, or the date alone when untitled."""
        return f"{self.date} {self.title}" if self.title else self.date


@dataclass(frozen=True)
class AttendeeRow:
    id: int
    meeting_id: int
    name: str
    role: str
    organisation: str
    present: bool | None  # None: not recorded


@dataclass(frozen=True)
class AgendaRow:
    id: int
    meeting_id: int
    position: int
    title: str
    minutes: int | None
    spent_seconds: float
    started_at: str | None
    done: bool


@dataclass(frozen=True)
class Concern:
    """An entity a minute concerns: its kind (one of `CONCERN_KINDS`), id and readable name
    (a flow as `SOURCE -> TARGET: OBJECT`)."""

    kind: str
    entity_id: int
    label: str = ""


@dataclass(frozen=True)
class MinuteRow:
    id: int
    meeting_id: int
    meeting_date: str
    kind: MinuteKind
    text: str
    who: str | None
    due: str | None
    closed: bool
    created_at: str
    concerns: tuple[Concern, ...]
    carried: bool  # an open action from an earlier session, shown in this one


# --- sessions ------------------------------------------------------------------------------


def _meeting_row(row: Meeting) -> MeetingRow:
    assert row.id is not None
    return MeetingRow(id=row.id, date=row.date, title=row.title)


def list_meetings(session: Session) -> list[MeetingRow]:
    """Every session, oldest first (by date, then the order they were added)."""
    rows = session.exec(select(Meeting).order_by(col(Meeting.date), col(Meeting.id))).all()
    return [_meeting_row(row) for row in rows]


def current_meeting(session: Session) -> MeetingRow | None:
    """The session the room picked, or the latest; None when there is none yet."""
    picked = get_workshop(session).current_meeting_id
    if picked is not None:
        row = session.get(Meeting, picked)
        if row is not None:
            return _meeting_row(row)
    latest = session.exec(
        select(Meeting).order_by(col(Meeting.date).desc(), col(Meeting.id).desc())
    ).first()
    return None if latest is None else _meeting_row(latest)


def _meeting(session: Session, meeting_id: int) -> Meeting:
    row = session.get(Meeting, meeting_id)
    if row is None:
        raise NotFoundError("That session was deleted in the meantime.")
    return row


def _check_meeting_unique(session: Session, clean: MeetingBase, exclude_id: int | None) -> None:
    found = session.exec(
        select(Meeting).where(
            col(Meeting.date) == clean.date, col(Meeting.title_key) == name_key(clean.title)
        )
    ).first()
    if found is not None and found.id != exclude_id:
        what = f'called "{found.title}"' if found.title else "without a title"
        raise FieldError("title", f"A session on {found.date} {what} already exists.")


@boundary
def create_meeting(session: Session, *, data: MeetingBase | Mapping[str, Any]) -> MeetingRow:
    """Add a session and make it the current one (the room adds a session to work in it)."""
    values = data.model_dump() if isinstance(data, MeetingBase) else dict(data)
    clean = MeetingBase.model_validate(values)
    _check_meeting_unique(session, clean, None)
    row = Meeting.model_validate(clean)
    row.set_name_key()
    session.add(row)
    session.flush()
    workshop = get_workshop(session)
    workshop.current_meeting_id = row.id
    session.add(workshop)
    session.commit()
    return _meeting_row(row)


@boundary
def update_meeting(
    session: Session,
    *,
    meeting_id: int,
    data: MeetingBase | Mapping[str, Any],
    expected: Mapping[str, Any] | None = None,
) -> MeetingRow:
    """Change a session's date or title (partial mappings keep the rest); `expected`, the
    values the form was opened with (`storage.concurrency`)."""
    row = _meeting(session, meeting_id)
    values = data.model_dump() if isinstance(data, MeetingBase) else dict(data)
    values = settle_edit(session, row, base=MeetingBase, fields=("date", "title"),
                         values=values, expected=expected, what="session")  # fmt: skip
    with stored_text(keep=(row.title,)):  # an older file's text, left as it was, passes
        clean = MeetingBase.model_validate({"date": row.date, "title": row.title, **values})
    _check_meeting_unique(session, clean, row.id)
    row.date, row.title = clean.date, clean.title
    row.set_name_key()
    session.add(row)
    session.commit()
    return _meeting_row(row)


def set_current_meeting(session: Session, *, meeting_id: int | None) -> None:
    """Pick the session the Session screen and captures use; None goes back to the latest."""
    if meeting_id is not None:
        _meeting(session, meeting_id)
    workshop = get_workshop(session)
    if workshop.current_meeting_id != meeting_id:
        workshop.current_meeting_id = meeting_id
        session.add(workshop)
        session.commit()


def delete_meeting(session: Session, *, meeting_id: int) -> None:
    """Delete a session with its attendees, agenda and minutes, in one transaction."""
    row = _meeting(session, meeting_id)
    try:
        minute_ids = select(Minute.id).where(col(Minute.meeting_id) == meeting_id)
        delete_rows(session, MinuteConcern, col(MinuteConcern.minute_id).in_(minute_ids))
        delete_rows(session, Minute, col(Minute.meeting_id) == meeting_id)
        attendee_ids = select(Attendee.id).where(col(Attendee.meeting_id) == meeting_id)
        _forget_who(session, col(Minute.who_id).in_(attendee_ids))
        delete_rows(session, Attendee, col(Attendee.meeting_id) == meeting_id)
        delete_rows(session, AgendaItem, col(AgendaItem.meeting_id) == meeting_id)
        workshop = get_workshop(session)
        if workshop.current_meeting_id == meeting_id:
            workshop.current_meeting_id = None
            session.add(workshop)
        session.delete(row)
        session.commit()
    except Exception:
        session.rollback()
        raise


# --- attendees ------------------------------------------------------------------------------


def _attendee_row(row: Attendee) -> AttendeeRow:
    assert row.id is not None
    return AttendeeRow(
        id=row.id,
        meeting_id=row.meeting_id,
        name=row.name,
        role=row.role,
        organisation=row.organisation,
        present=row.present,
    )


def list_attendees(session: Session, *, meeting_id: int) -> list[AttendeeRow]:
    """A session's attendees in the order they were added."""
    rows = session.exec(
        select(Attendee).where(col(Attendee.meeting_id) == meeting_id).order_by(col(Attendee.id))
    ).all()
    return [_attendee_row(row) for row in rows]


def _attendee(session: Session, attendee_id: int) -> Attendee:
    row = session.get(Attendee, attendee_id)
    if row is None:
        raise NotFoundError("That attendee was removed in the meantime.")
    return row


def _check_attendee_unique(
    session: Session, meeting_id: int, name: str, exclude_id: int | None
) -> None:
    found = session.exec(
        select(Attendee).where(
            col(Attendee.meeting_id) == meeting_id, col(Attendee.name_key) == name_key(name)
        )
    ).first()
    if found is not None and found.id != exclude_id:
        raise FieldError("name", f"{found.name} is already on this session's list.")


@boundary
def create_attendee(
    session: Session, *, meeting_id: int, data: AttendeeBase | Mapping[str, Any]
) -> AttendeeRow:
    """Add someone to a session's list; raises `InvalidInput` or `FieldError`."""
    _meeting(session, meeting_id)
    values = data.model_dump() if isinstance(data, AttendeeBase) else dict(data)
    clean = AttendeeBase.model_validate(values)
    _check_attendee_unique(session, meeting_id, clean.name, None)
    row = Attendee(meeting_id=meeting_id, **clean.model_dump())
    row.set_name_key()
    session.add(row)
    session.commit()
    return _attendee_row(row)


@boundary
def update_attendee(
    session: Session,
    *,
    attendee_id: int,
    data: AttendeeBase | Mapping[str, Any],
    expected: Mapping[str, Any] | None = None,
) -> AttendeeRow:
    """Change an attendee (partial mappings keep the rest), e.g. mark them present;
    `expected`, the values the form was opened with (`storage.concurrency`)."""
    row = _attendee(session, attendee_id)
    values = data.model_dump(exclude_unset=True) if isinstance(data, AttendeeBase) else dict(data)
    values = settle_edit(session, row, base=AttendeeBase, fields=tuple(AttendeeBase.model_fields),
                         values=values, expected=expected, what="attendee")  # fmt: skip
    current = {field: getattr(row, field) for field in AttendeeBase.model_fields}
    with stored_text(keep=current.values()):  # an older file's text, left as it was, passes
        clean = AttendeeBase.model_validate({**current, **values})
    _check_attendee_unique(session, row.meeting_id, clean.name, row.id)
    for field, value in clean.model_dump().items():
        if getattr(row, field) != value:
            setattr(row, field, value)
    row.set_name_key()
    session.add(row)
    session.commit()
    return _attendee_row(row)


def _forget_who(session: Session, condition: Any) -> None:
    """Minutes that named someone about to go keep their text and lose the name."""
    for minute in session.exec(select(Minute).where(condition)).all():
        minute.who_id = None
        session.add(minute)
    session.flush()


def delete_attendee(session: Session, *, attendee_id: int) -> None:
    """Remove someone from a session's list; minutes that named them keep their text."""
    row = _attendee(session, attendee_id)
    try:
        _forget_who(session, col(Minute.who_id) == attendee_id)
        session.delete(row)
        session.commit()
    except Exception:
        session.rollback()
        raise


def _who(session: Session, meeting_id: int, who: str | None) -> int | None:
    """The attendee `who` names in a session: the same name ignoring case, or the one
    attendee whose name starts with it ("@ana" for Ana Ruiz). Someone not on the list yet
    is added (presence not recorded), so capturing never stops the room."""
    if who is None or not who.strip():
        return None
    key = name_key(who)
    rows = session.exec(select(Attendee).where(col(Attendee.meeting_id) == meeting_id)).all()
    for row in rows:
        if row.name_key == key:
            return row.id
    starting = [row for row in rows if row.name_key.startswith(key)]
    if len(starting) == 1:
        return starting[0].id
    clean = AttendeeBase.model_validate({"name": who})
    added = Attendee(meeting_id=meeting_id, **clean.model_dump())
    added.set_name_key()
    session.add(added)
    session.flush()
    return added.id


# --- agenda ---------------------------------------------------------------------------------


def _agenda_row(row: AgendaItem) -> AgendaRow:
    assert row.id is not None
    return AgendaRow(
        id=row.id,
        meeting_id=row.meeting_id,
        position=row.position,
        title=row.title,
        minutes=row.minutes,
        spent_seconds=row.spent_seconds,
        started_at=row.started_at,
        done=row.done,
    )


def _agenda_items(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(
        session.exec(
            select(AgendaItem)
            .where(col(AgendaItem.meeting_id) == meeting_id)
            .order_by(col(AgendaItem.position), col(AgendaItem.id))
        ).all()
    )


def list_agenda(session: Session, *, meeting_id: int) -> list[AgendaRow]:
    """A session's agenda in order, each item with its stored timer."""
    return [_agenda_row(row) for row in _agenda_items(session, meeting_id)]


def _agenda_item(session: Session, item_id: int) -> AgendaItem:
    row = session.get(AgendaItem, item_id)
    if row is None:
        raise NotFoundError("That agenda item was removed in the meantime.")
    return row


@boundary
def create_agenda_item(
    session: Session, *, meeting_id: int, data: AgendaItemBase | Mapping[str, Any]
) -> AgendaRow:
    """Add an item at the end of a session's agenda."""
    _meeting(session, meeting_id)
    values = data.model_dump() if isinstance(data, AgendaItemBase) else dict(data)
    clean = AgendaItemBase.model_validate(values)
    last = (
        session.connection()
        .execute(
            sa_select(func.max(AGENDA_TABLE.c.position)).where(
                AGENDA_TABLE.c.meeting_id == meeting_id
            )
        )
        .scalar()
    )
    position = (last or 0) + 1
    row = AgendaItem(meeting_id=meeting_id, position=position, **clean.model_dump())
    session.add(row)
    session.commit()
    return _agenda_row(row)


@boundary
def update_agenda_item(
    session: Session,
    *,
    item_id: int,
    data: AgendaItemBase | Mapping[str, Any],
    expected: Mapping[str, Any] | None = None,
) -> AgendaRow:
    """Change an item's title or time box (partial mappings keep the rest); `expected`, the
    values the form was opened with (`storage.concurrency`)."""
    row = _agenda_item(session, item_id)
    values = data.model_dump() if isinstance(data, AgendaItemBase) else dict(data)
    values = settle_edit(session, row, base=AgendaItemBase, fields=("title", "minutes"),
                         values=values, expected=expected, what="agenda item")  # fmt: skip
    with stored_text(keep=(row.title,)):  # an older file's text, left as it was, passes
        clean = AgendaItemBase.model_validate(
            {"title": row.title, "minutes": row.minutes, **values}
        )
    row.title, row.minutes = clean.title, clean.minutes
    session.add(row)
    session.commit()
    return _agenda_row(row)


def move_agenda_item(session: Session, *, item_id: int, offset: int) -> None:
    """Move an item up (-1) or down (+1); at either end it stays."""
    row = _agenda_item(session, item_id)
    items = _agenda_items(session, row.meeting_id)
    index = next(i for i, item in enumerate(items) if item.id == item_id)
    other = index + offset
    if not 0 <= other < len(items) or offset == 0:
        return
    items.insert(other, items.pop(index))
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            session.add(item)
    session.commit()


def delete_agenda_item(session: Session, *, item_id: int) -> None:
    session.delete(_agenda_item(session, item_id))
    session.commit()


def save_agenda_clocks(
    session: Session, *, meeting_id: int, clocks: Sequence[tuple[float, str | None, bool]]
) -> list[AgendaRow]:
    """Store the agenda's timers (spent seconds, started at, done), one per item in agenda
    order, as `models.agenda_timer` worked them out; only changed items are written."""
    items = _agenda_items(session, meeting_id)
    if len(clocks) != len(items):
        raise NotFoundError("The agenda changed in the meantime; try again.")
    for item, (spent, started_at, done) in zip(items, clocks, strict=True):
        if (item.spent_seconds, item.started_at, item.done) != (spent, started_at, done):
            item.spent_seconds, item.started_at, item.done = spent, started_at, done
            session.add(item)
    session.commit()
    return [_agenda_row(row) for row in items]


# --- minutes --------------------------------------------------------------------------------


def concern_labels(
    session: Session, concerns: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], str]:
    """Readable names for (kind, id) pairs; a flow as `SOURCE -> TARGET: OBJECT`."""
    wanted: dict[str, set[int]] = {}
    for kind, entity_id in concerns:
        wanted.setdefault(kind, set()).add(entity_id)
    labels: dict[tuple[str, int], str] = {}
    for kind, ids in wanted.items():
        if kind == "flow":
            source, target = SYSTEM_TABLE.alias("source"), SYSTEM_TABLE.alias("target")
            statement = (
                sa_select(FLOW_TABLE.c.id, source.c.name, target.c.name, DATA_OBJECT_TABLE.c.name)
                .select_from(
                    FLOW_TABLE.join(source, source.c.id == FLOW_TABLE.c.source_id)
                    .join(target, target.c.id == FLOW_TABLE.c.target_id)
                    .join(DATA_OBJECT_TABLE, DATA_OBJECT_TABLE.c.id == FLOW_TABLE.c.data_object_id)
                )
                .where(FLOW_TABLE.c.id.in_(ids))
            )
            for flow_id, s, t, o in session.connection().execute(statement):
                labels[("flow", flow_id)] = flow_ref(s, t, o)
        else:
            table: Table = _CONCERN_MODELS[kind].__table__
            names = sa_select(table.c.id, table.c.name).where(table.c.id.in_(ids))
            for entity_id, name in session.connection().execute(names):
                labels[(kind, entity_id)] = str(name)
    return labels


def _concern_pairs(row: MinuteConcern) -> tuple[str, int]:
    for kind in CONCERN_KINDS:
        value = getattr(row, f"{kind}_id")
        if value is not None:
            return kind, value
    raise AssertionError("a minute concern names nothing")  # the table's check forbids it


def _check_concerns(session: Session, concerns: Sequence[tuple[str, int]]) -> None:
    for kind, entity_id in concerns:
        if kind not in _CONCERN_MODELS:
            raise FieldError("concerns", f"A minute cannot concern a {kind}.")
        if session.get(_CONCERN_MODELS[kind], entity_id) is None:
            word = CONCERN_WORDS[kind]
            raise NotFoundError(f"That {word} was deleted in the meantime.")


def _concern_rows(session: Session, minute_id: int) -> list[MinuteConcern]:
    """A minute's concern rows, in the order they were given."""
    return list(
        session.exec(
            select(MinuteConcern)
            .where(col(MinuteConcern.minute_id) == minute_id)
            .order_by(col(MinuteConcern.id))
        ).all()
    )


def _set_concerns(session: Session, minute_id: int, concerns: Sequence[tuple[str, int]]) -> None:
    """Make the minute concern exactly `concerns` (kind, id), in that order."""
    _check_concerns(session, concerns)
    existing = _concern_rows(session, minute_id)
    wanted = list(dict.fromkeys(concerns))
    if [_concern_pairs(row) for row in existing] == wanted:
        return
    for row in existing:
        session.delete(row)
    session.flush()
    for kind, entity_id in wanted:
        session.add(MinuteConcern(minute_id=minute_id, **{f"{kind}_id": entity_id}))


def _minute(session: Session, minute_id: int) -> Minute:
    row = session.get(Minute, minute_id)
    if row is None:
        raise NotFoundError("That entry was deleted in the meantime.")
    return row


def _add_minute(
    session: Session,
    meeting_id: int,
    clean: MinuteBase,
    who: str | None,
    concerns: Sequence[tuple[str, int]],
) -> MinuteRow:
    """Add a checked minute with who and its concerns, and commit what the session holds
    (an answered question too); on any error nothing is written."""
    try:
        row = Minute(
            meeting_id=meeting_id,
            who_id=_who(session, meeting_id, who),
            created_at=utc_now(),
            **clean.model_dump(),
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        _set_concerns(session, row.id, concerns)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return get_minute(session, minute_id=row.id)


@boundary
def create_minute(
    session: Session,
    *,
    meeting_id: int,
    data: MinuteBase | Mapping[str, Any],
    who: str | None = None,
    concerns: Sequence[tuple[str, int]] = (),
) -> MinuteRow:
    """Record a decision, action or parking-lot question in a session, naming who (decided,
    owns it) and what it concerns, in one transaction."""
    _meeting(session, meeting_id)
    values = data.model_dump() if isinstance(data, MinuteBase) else dict(data)
    clean = MinuteBase.model_validate(values)
    return _add_minute(session, meeting_id, clean, who, concerns)


@boundary
def update_minute(
    session: Session,
    *,
    minute_id: int,
    data: MinuteBase | Mapping[str, Any] | None = None,
    who: str | None | EllipsisType = KEEP,
    concerns: Sequence[tuple[str, int]] | EllipsisType = KEEP,
    expected: Mapping[str, Any] | None = None,
) -> MinuteRow:
    """Change an entry's fields (partial mappings keep the rest), who, or what it concerns;
    leaving `who` or `concerns` out keeps them. `expected`: the fields' values the form was
    opened with (`storage.concurrency`)."""
    row = _minute(session, minute_id)
    values = (
        {}
        if data is None
        else (data.model_dump(exclude_unset=True) if isinstance(data, MinuteBase) else dict(data))
    )
    values = settle_edit(session, row, base=MinuteBase, fields=tuple(MinuteBase.model_fields),
                         values=values, expected=expected, what="entry")  # fmt: skip
    current = {field: getattr(row, field) for field in MinuteBase.model_fields}
    with stored_text(keep=current.values()):  # an older file's text, left as it was, passes
        clean = MinuteBase.model_validate({**current, **values})
    try:
        for field, value in clean.model_dump().items():
            if getattr(row, field) != value:
                setattr(row, field, value)
        if not isinstance(who, EllipsisType):
            row.who_id = _who(session, row.meeting_id, who)
        session.add(row)
        if not isinstance(concerns, EllipsisType):
            _set_concerns(session, minute_id, concerns)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return get_minute(session, minute_id=minute_id)


def set_minute_closed(session: Session, *, minute_id: int, closed: bool) -> MinuteRow:
    """Mark an action done (or open again), a question answered (or open again)."""
    return update_minute(session, minute_id=minute_id, data={"closed": closed})


@boundary
def answer_parked(
    session: Session,
    *,
    minute_id: int,
    data: MinuteBase | Mapping[str, Any],
    who: str | None = None,
) -> MinuteRow:
    """Answer a parking-lot question by recording the decision or action it became, in the
    current session, concerning what the question did; one step for undo."""
    question = _minute(session, minute_id)
    if question.kind != MinuteKind.PARKED:
        raise FieldError("kind", "Only a parking-lot question can be answered.")
    meeting = current_meeting(session)
    meeting_id = question.meeting_id if meeting is None else meeting.id
    values = data.model_dump() if isinstance(data, MinuteBase) else dict(data)
    clean = MinuteBase.model_validate(values)
    if clean.kind == MinuteKind.PARKED:
        raise FieldError("kind", "Answer a question with a decision or an action.")
    assert question.id is not None
    concerns = [_concern_pairs(row) for row in _concern_rows(session, question.id)]
    question.closed = True
    session.add(question)
    return _add_minute(session, meeting_id, clean, who, concerns)


def delete_minute(session: Session, *, minute_id: int) -> None:
    row = _minute(session, minute_id)
    try:
        delete_rows(session, MinuteConcern, col(MinuteConcern.minute_id) == minute_id)
        session.delete(row)
        session.commit()
    except Exception:
        session.rollback()
        raise


def _minute_rows(
    session: Session, condition: Any, *, shown_in: Meeting | None = None
) -> list[MinuteRow]:
    """Minutes matching `condition`, in the order they were recorded, with who and concerns."""
    statement = (
        select(Minute, Meeting.date, Attendee.name)
        .join(Meeting, col(Meeting.id) == col(Minute.meeting_id))
        .join(Attendee, col(Attendee.id) == col(Minute.who_id), isouter=True)
        .where(condition)
        .order_by(col(Minute.id))
    )
    found = session.exec(statement).all()
    ids = [minute.id for minute, _date, _who in found]
    pairs: dict[int, list[tuple[str, int]]] = {}
    if ids:
        for concern in session.exec(
            select(MinuteConcern)
            .where(col(MinuteConcern.minute_id).in_(ids))
            .order_by(col(MinuteConcern.id))
        ):
            pairs.setdefault(concern.minute_id, []).append(_concern_pairs(concern))
    labels = concern_labels(session, [pair for group in pairs.values() for pair in group])
    rows: list[MinuteRow] = []
    for minute, date, who in found:
        assert minute.id is not None
        rows.append(
            MinuteRow(
                id=minute.id,
                meeting_id=minute.meeting_id,
                meeting_date=date,
                kind=MinuteKind(minute.kind),
                text=minute.text,
                who=who,
                due=minute.due,
                closed=minute.closed,
                created_at=minute.created_at,
                concerns=tuple(
                    Concern(kind, entity_id, labels.get((kind, entity_id), ""))
                    for kind, entity_id in pairs.get(minute.id, [])
                ),
                carried=shown_in is not None and minute.meeting_id != shown_in.id,
            )
        )
    return rows


def get_minute(session: Session, *, minute_id: int) -> MinuteRow:
    rows = _minute_rows(session, col(Minute.id) == minute_id)
    if not rows:
        raise NotFoundError("That entry was deleted in the meantime.")
    return rows[0]


def list_minutes(session: Session, *, meeting_id: int) -> list[MinuteRow]:
    """A session's minutes, and the actions of earlier sessions still open (carried forward,
    marked `carried`), in the order they were recorded."""
    meeting = _meeting(session, meeting_id)
    earlier = or_(
        col(Meeting.date) < meeting.date,
        and_(col(Meeting.date) == meeting.date, col(Meeting.id) < meeting_id),
    )
    carried = and_(
        earlier, col(Minute.kind) == MinuteKind.ACTION.value, col(Minute.closed).is_(False)
    )
    return _minute_rows(
        session, or_(col(Minute.meeting_id) == meeting_id, carried), shown_in=meeting
    )


def all_minutes(session: Session) -> list[MinuteRow]:
    """Every minute of every session, for exports and findings."""
    return _minute_rows(session, true())


@dataclass(frozen=True)
class SessionRecord:
    """One session whole, as files and exports read it: its attendees (in the order added),
    agenda (in order) and its own minutes (in the order recorded; nothing carried)."""

    meeting: MeetingRow
    attendees: tuple[AttendeeRow, ...]
    agenda: tuple[AgendaRow, ...]
    minutes: tuple[MinuteRow, ...]

    def of_kind(self, kind: MinuteKind) -> list[MinuteRow]:
        return [minute for minute in self.minutes if minute.kind is kind]


def load_sessions(session: Session) -> list[SessionRecord]:
    """Every session with its records, oldest first (as `list_meetings`), in a few queries."""
    meetings = list_meetings(session)
    if not meetings:
        return []
    attendees: dict[int, list[AttendeeRow]] = {}
    for row in session.exec(select(Attendee).order_by(col(Attendee.id))).all():
        attendees.setdefault(row.meeting_id, []).append(_attendee_row(row))
    agenda: dict[int, list[AgendaRow]] = {}
    items = session.exec(
        select(AgendaItem).order_by(col(AgendaItem.position), col(AgendaItem.id))
    ).all()
    for item in items:
        agenda.setdefault(item.meeting_id, []).append(_agenda_row(item))
    minutes: dict[int, list[MinuteRow]] = {}
    for minute in all_minutes(session):
        minutes.setdefault(minute.meeting_id, []).append(minute)
    return [
        SessionRecord(
            meeting=meeting,
            attendees=tuple(attendees.get(meeting.id, ())),
            agenda=tuple(agenda.get(meeting.id, ())),
            minutes=tuple(minutes.get(meeting.id, ())),
        )
        for meeting in meetings
    ]


def previous_meeting(session: Session) -> MeetingRow | None:
    """The session before the current one (by date, then the order added), or None."""
    current = current_meeting(session)
    if current is None:
        return None
    meetings = list_meetings(session)
    index = next(i for i, meeting in enumerate(meetings) if meeting.id == current.id)
    return meetings[index - 1] if index > 0 else None
