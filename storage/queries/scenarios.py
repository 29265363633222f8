"""Exception scenarios and their checks on flows. Every edit commits at once.

A workshop holds its own copy of the scenario library (`ensure_library`), so scenarios can be
edited, retired and extended per client. Applying the library to a flow (`apply_library`)
creates one check per scenario that fits the flow's data object; applying again adds only what
is missing. Retiring a scenario applies it to no more flows and keeps its checks: the recorded
answers stay in the file and its exports.

A scenario can also be added for one flow only (`add_flow_scenario`, a title and a category, as
the room says it): it is applied to that flow alone until it is promoted to the workshop's
library (`promote_scenario`), after which it applies wherever its flow's kind of data applies.

Reads are single joined queries over column tuples returning frozen rows, filtered and sorted
in SQL, so the Scenarios screen stays quick with thousands of checks and rows can be handed
from worker threads. Writes go through the ORM so the audit hook records them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Table, func, or_
from sqlmodel import Session, select

from models.characters import stored_text
from models.enums import CheckStatus
from models.names import name_key
from models.scenario_library import applies_to, categories, library, load_library, synonym_index
from models.snapshot import flow_ref
from models.tables import (
    CHECK_FIELDS,
    SCENARIO_FIELDS,
    Check,
    CheckBase,
    DataObject,
    Flow,
    Scenario,
    ScenarioBase,
    System,
)
from storage.audit import mark_step, utc_now
from storage.boundary import boundary
from storage.check_rows import (
    PROGRESS_SQL,
    PROGRESS_STATUSES,
    CheckProgress,
    CheckRow,
    FlowProgress,
    check_row,
    progress_of,
)
from storage.concurrency import settle_edit
from storage.errors import FieldError, NotFoundError
from storage.queries.systems import like_escape

CHECK_TABLE: Table = Check.__table__  # type: ignore[attr-defined]
SCENARIO_TABLE: Table = Scenario.__table__  # type: ignore[attr-defined]
FLOW_TABLE: Table = Flow.__table__  # type: ignore[attr-defined]
SYSTEM_TABLE: Table = System.__table__  # type: ignore[attr-defined]
DATA_OBJECT_TABLE: Table = DataObject.__table__  # type: ignore[attr-defined]

SOURCE = SYSTEM_TABLE.alias("source")
TARGET = SYSTEM_TABLE.alias("target")
OBJECT = DATA_OBJECT_TABLE.alias("object")

# --- rows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioRow:
    """One workshop scenario as the library editor shows it."""

    id: int
    title: str
    category: str
    description: str
    question: str
    data_objects: tuple[str, ...]  # empty: applies to every flow
    retired: bool
    library_key: str | None  # the library entry it was copied from; None for the workshop's own
    checks: int  # checks recorded for it on any flow (kept when it is retired)
    flow_id: int | None = None  # set: added for this one flow, not (yet) in the library
    flow: str | None = None  # that flow as `S -> T: O`

    @property
    def one_flow(self) -> bool:
        """Added for one flow only, and not promoted to the workshop's library."""
        return self.flow_id is not None

    @property
    def custom(self) -> bool:
        """Added for this workshop rather than copied from the library."""
        return self.library_key is None

    @stored_text()
    def fields(self) -> ScenarioBase:
        """The editable fields, for filling in the edit form."""
        return ScenarioBase.model_validate(
            {name: getattr(self, name) for name in SCENARIO_FIELDS}
            | {"data_objects": list(self.data_objects)}
        )


# --- the library ----------------------------------------------------------------------------


def _ensure_library(session: Session) -> int:
    """Add the library entries the workshop lacks, without committing; return how many.

    An entry is there when a scenario carries its key. A scenario with the entry's title but no
    key (typed in by hand, or imported from a file, which names scenarios by title only) is
    taken to be that entry and is given its key rather than a twin. Entries the workshop has
    renamed or retired are never added back.
    """
    rows = session.exec(select(Scenario)).all()
    keys = {row.library_key for row in rows if row.library_key is not None}
    by_title = {row.title_key: row for row in rows}
    added = 0
    for entry in library():
        if entry.key in keys:
            continue
        existing = by_title.get(name_key(entry.title))
        if existing is not None:
            if existing.library_key is None:
                existing.library_key = entry.key
                session.add(existing)
            continue
        clean = ScenarioBase(
            title=entry.title,
            category=entry.category,
            description=entry.description,
            question=entry.question,
            data_objects=list(entry.data_objects),
        )
        row = Scenario.model_validate(clean)
        row.library_key = entry.key
        row.set_title_key()
        session.add(row)
        by_title[row.title_key] = row
        added += 1
    return added


def ensure_library(session: Session) -> int:
    """Copy the library scenarios the workshop does not have yet; return how many were added.

    New workshops hold no scenarios until the library is first applied (`apply_library` calls
    this) or the demo is written. Safe to call at any time: it never duplicates a scenario and
    never brings back one the workshop renamed or retired.
    """
    try:
        mark_step(session, kind="auto", label="copy in the scenario library")  # never undone
        added = _ensure_library(session)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return added


def list_categories(session: Session) -> list[str]:
    """Scenario categories to offer in a form: the library's, in order, then others in use."""
    suggested = list(categories())
    known = {name_key(category) for category in suggested}
    used = session.connection().execute(sa.select(SCENARIO_TABLE.c.category).distinct()).scalars()
    others = sorted(
        (category for category in used if name_key(category) not in known), key=str.casefold
    )
    return suggested + others


# --- scenarios ------------------------------------------------------------------------------


def _scenario_rows(session: Session, where: Any = None) -> list[ScenarioRow]:
    s = SCENARIO_TABLE
    counts = (
        sa.select(CHECK_TABLE.c.scenario_id, func.count().label("n"))
        .group_by(CHECK_TABLE.c.scenario_id)
        .subquery()
    )
    statement = (
        sa.select(
            s.c.id,
            s.c.title,
            s.c.category,
            s.c.description,
            s.c.question,
            s.c.data_objects,
            s.c.retired,
            s.c.library_key,
            func.coalesce(counts.c.n, 0),
            s.c.flow_id,
            SOURCE.c.name,
            TARGET.c.name,
            OBJECT.c.name,
        )
        .select_from(
            s.outerjoin(counts, counts.c.scenario_id == s.c.id)
            .outerjoin(FLOW_TABLE, FLOW_TABLE.c.id == s.c.flow_id)
            .outerjoin(SOURCE, SOURCE.c.id == FLOW_TABLE.c.source_id)
            .outerjoin(TARGET, TARGET.c.id == FLOW_TABLE.c.target_id)
            .outerjoin(OBJECT, OBJECT.c.id == FLOW_TABLE.c.data_object_id)
        )
        .order_by(func.lower(s.c.category), s.c.title_key)
    )
    if where is not None:
        statement = statement.where(where)
    return [
        ScenarioRow(
            id=row[0],
            title=row[1],
            category=row[2],
            description=row[3],
            question=row[4],
            data_objects=tuple(row[5] or ()),
            retired=bool(row[6]),
            library_key=row[7],
            checks=int(row[8]),
            flow_id=row[9],
            flow=flow_ref(row[10], row[11], row[12]) if row[9] is not None else None,
        )
        for row in session.connection().execute(statement)
    ]


def list_scenarios(session: Session, *, include_retired: bool = False) -> list[ScenarioRow]:
    """The workshop's scenarios by category, then title (caseless); retired ones on request."""
    where = None if include_retired else SCENARIO_TABLE.c.retired == sa.false()
    return _scenario_rows(session, where)


def get_scenario(session: Session, *, scenario_id: int) -> ScenarioRow:
    rows = _scenario_rows(session, SCENARIO_TABLE.c.id == scenario_id)
    if not rows:
        raise NotFoundError("That scenario no longer exists.")
    return rows[0]


def get_scenario_by_title(session: Session, *, title: str) -> ScenarioRow | None:
    """The scenario titled `title`, compared case-insensitively."""
    rows = _scenario_rows(session, SCENARIO_TABLE.c.title_key == name_key(title))
    return rows[0] if rows else None


def _scenario(session: Session, scenario_id: int) -> Scenario:
    row = session.get(Scenario, scenario_id, populate_existing=True)  # what the file holds now
    if row is None:
        raise NotFoundError("That scenario no longer exists.")
    return row


def _check_title(session: Session, title: str, *, exclude_id: int | None = None) -> None:
    existing = session.exec(select(Scenario).where(Scenario.title_key == name_key(title))).first()
    if existing is not None and existing.id != exclude_id:
        raise FieldError("title", f'A scenario titled "{existing.title}" already exists.')


@boundary
def create_scenario(session: Session, *, data: ScenarioBase | Mapping[str, Any]) -> ScenarioRow:
    """Add a scenario of the workshop's own; raises `InvalidInput` or `FieldError`."""
    values = data.model_dump() if isinstance(data, ScenarioBase) else dict(data)
    clean = ScenarioBase.model_validate(values)
    _check_title(session, clean.title)
    row = Scenario.model_validate(clean)
    row.set_title_key()
    session.add(row)
    session.commit()
    assert row.id is not None
    return get_scenario(session, scenario_id=row.id)


@boundary
def update_scenario(
    session: Session,
    *,
    scenario_id: int,
    data: ScenarioBase | Mapping[str, Any],
    expected: Mapping[str, Any] | None = None,
) -> ScenarioRow:
    """Change a scenario's fields; a mapping (or a base built from some fields) keeps the rest.

    Its checks stay as they are: changing `data_objects` affects only later `apply_library`.
    """
    row = _scenario(session, scenario_id)
    values = data.model_dump(exclude_unset=True) if isinstance(data, ScenarioBase) else dict(data)
    values = settle_edit(session, row, base=ScenarioBase, fields=SCENARIO_FIELDS, values=values,
                         expected=expected, what="scenario")  # fmt: skip
    current = {name: getattr(row, name) for name in SCENARIO_FIELDS}
    with stored_text(keep=current.values()):  # an older file's text, left as it was, passes
        clean = ScenarioBase.model_validate({**current, **values})
    _check_title(session, clean.title, exclude_id=row.id)
    for name in SCENARIO_FIELDS:
        if getattr(row, name) != getattr(clean, name):
            setattr(row, name, getattr(clean, name))
    row.set_title_key()
    session.add(row)
    session.commit()
    return get_scenario(session, scenario_id=scenario_id)


def scenario_check_count(session: Session, *, scenario_id: int) -> int:
    """How many checks a scenario has, for asking before it is retired."""
    return get_scenario(session, scenario_id=scenario_id).checks


def _set_retired(session: Session, scenario_id: int, retired: bool) -> ScenarioRow:
    row = _scenario(session, scenario_id)
    if row.retired != retired:
        row.retired = retired
        session.add(row)
        session.commit()
    return get_scenario(session, scenario_id=scenario_id)


def retire_scenario(session: Session, *, scenario_id: int) -> int:
    """Stop applying a scenario; its checks are kept. Returns how many checks it has.

    Retired scenarios are left out of checklists, progress and findings by default, stay in
    exports (`"retired": true`) with their checks, and are never re-added by the library.
    """
    return _set_retired(session, scenario_id, True).checks


def restore_scenario(session: Session, *, scenario_id: int) -> ScenarioRow:
    """Bring a retired scenario back, with the checks it had."""
    return _set_retired(session, scenario_id, False)


# --- one-flow scenarios ---------------------------------------------------------------------


def _flow_ref_and_object(session: Session, flow_id: int) -> tuple[str, str]:
    found = (
        session.connection()
        .execute(
            sa.select(SOURCE.c.name, TARGET.c.name, OBJECT.c.name)
            .select_from(
                FLOW_TABLE.join(SOURCE, SOURCE.c.id == FLOW_TABLE.c.source_id)
                .join(TARGET, TARGET.c.id == FLOW_TABLE.c.target_id)
                .join(OBJECT, OBJECT.c.id == FLOW_TABLE.c.data_object_id)
            )
            .where(FLOW_TABLE.c.id == flow_id)
        )
        .first()
    )
    if found is None:
        raise NotFoundError("That flow no longer exists.")
    return flow_ref(found[0], found[1], found[2]), found[2]


@boundary
def add_flow_scenario(
    session: Session, *, flow_id: int, title: str, category: str | None = None
) -> CheckRow:
    """Add a scenario for one flow only, with its open check on that flow; one undo step.

    The room names it in a line (a title and a category); its description and question can be
    written later in the library editor. It is applied to no other flow until
    `promote_scenario`. Raises `InvalidInput` or `FieldError` (a title already used),
    `NotFoundError` for a gone flow.
    """
    ref, _ = _flow_ref_and_object(session, flow_id)
    clean = ScenarioBase.model_validate({"title": title, "category": category})
    _check_title(session, clean.title)
    try:
        row = Scenario.model_validate(clean)
        row.flow_id = flow_id
        row.set_title_key()
        session.add(row)
        session.flush()
        assert row.id is not None
        check = Check(flow_id=flow_id, scenario_id=row.id, updated_at=utc_now())
        session.add(check)
        mark_step(session, label=f"add scenario {clean.title} to {ref}")
        session.commit()
    except Exception:
        session.rollback()
        raise
    assert check.id is not None
    return get_check(session, check_id=check.id)


def promote_scenario(session: Session, *, scenario_id: int) -> ScenarioRow:
    """Make a one-flow scenario part of the workshop's library; one undo step.

    It then applies wherever its flow's data object applies: by that name, its synonyms and its
    kind (`models.scenario_library.applies_to`), unless it already names data objects of its
    own. Checks on other flows come with the next `apply_library`, as for any library change.
    Raises `FieldError` when it is already in the library, `NotFoundError` when it is gone.
    """
    row = _scenario(session, scenario_id)
    if row.flow_id is None:
        raise FieldError("scenario", f'"{row.title}" is already in the workshop\'s library.')
    _, object_name = _flow_ref_and_object(session, row.flow_id)
    try:
        if not row.data_objects:
            row.data_objects = [object_name]
        row.flow_id = None
        session.add(row)
        mark_step(session, label=f"promote scenario {row.title} to the library")
        session.commit()
    except Exception:
        session.rollback()
        raise
    return get_scenario(session, scenario_id=scenario_id)


# --- checks: reading ------------------------------------------------------------------------

_CHECK_COLUMNS = (
    CHECK_TABLE.c.id,
    CHECK_TABLE.c.flow_id,
    CHECK_TABLE.c.scenario_id,
    SOURCE.c.name,
    TARGET.c.name,
    OBJECT.c.name,
    SCENARIO_TABLE.c.title,
    SCENARIO_TABLE.c.category,
    SCENARIO_TABLE.c.description,
    SCENARIO_TABLE.c.question,
    CHECK_TABLE.c.status,
    CHECK_TABLE.c.note,
    CHECK_TABLE.c.owner,
    CHECK_TABLE.c.uat,
    CHECK_TABLE.c.updated_at,
    SCENARIO_TABLE.c.retired,
    SCENARIO_TABLE.c.flow_id,
)

_CHECKS_JOINED = (
    CHECK_TABLE.join(FLOW_TABLE, FLOW_TABLE.c.id == CHECK_TABLE.c.flow_id)
    .join(SOURCE, SOURCE.c.id == FLOW_TABLE.c.source_id)
    .join(TARGET, TARGET.c.id == FLOW_TABLE.c.target_id)
    .join(OBJECT, OBJECT.c.id == FLOW_TABLE.c.data_object_id)
    .join(SCENARIO_TABLE, SCENARIO_TABLE.c.id == CHECK_TABLE.c.scenario_id)
)

_CHECK_ORDER = (
    SOURCE.c.name_key,
    TARGET.c.name_key,
    OBJECT.c.name_key,
    func.lower(SCENARIO_TABLE.c.category),
    SCENARIO_TABLE.c.title_key,
    CHECK_TABLE.c.id,
)


def _statuses(
    status: CheckStatus | str | Iterable[CheckStatus | str] | None,
    only_open: bool,
    only_gaps: bool,
) -> set[str]:
    wanted: set[str] = set()
    if isinstance(status, str):
        wanted.add(CheckStatus(status.strip().lower()).value)
    elif status is not None:
        wanted.update(CheckStatus(str(item).strip().lower()).value for item in status)
    if only_open:
        wanted.add(CheckStatus.OPEN.value)
    if only_gaps:
        wanted.add(CheckStatus.GAP.value)
    return wanted


def list_checks(
    session: Session,
    *,
    flow_id: int | None = None,
    status: CheckStatus | str | Iterable[CheckStatus | str] | None = None,
    only_open: bool = False,
    only_gaps: bool = False,
    include_retired: bool = False,
    text: str = "",
) -> list[CheckRow]:
    """Checks in one joined query, ordered by flow (source, target, object), category, title.

    `flow_id` keeps one flow's checklist (None: all flows). `status` (one or several),
    `only_open` and `only_gaps` keep checks with any of the statuses they name together
    (`only_open=True, only_gaps=True` is everything still needing attention). `text` matches
    the flow's names, the scenario's title and category, the note and the owner. Checks of
    retired scenarios are left out unless `include_retired`. Raises `ValueError` for an
    unknown status.
    """
    statement = sa.select(*_CHECK_COLUMNS).select_from(_CHECKS_JOINED)
    if flow_id is not None:
        statement = statement.where(CHECK_TABLE.c.flow_id == flow_id)
    wanted = _statuses(status, only_open, only_gaps)
    if wanted:
        statement = statement.where(CHECK_TABLE.c.status.in_(sorted(wanted)))
    if not include_retired:
        statement = statement.where(SCENARIO_TABLE.c.retired == sa.false())
    needle = text.strip()
    if needle:
        keyed = f"%{like_escape(needle.casefold())}%"
        lowered = f"%{like_escape(needle.lower())}%"
        statement = statement.where(
            or_(
                *(
                    column.like(keyed, escape="\\")
                    for column in (
                        SOURCE.c.name_key,
                        TARGET.c.name_key,
                        OBJECT.c.name_key,
                        SCENARIO_TABLE.c.title_key,
                    )
                ),
                *(
                    func.lower(column).like(lowered, escape="\\")
                    for column in (
                        SCENARIO_TABLE.c.category,
                        CHECK_TABLE.c.note,
                        CHECK_TABLE.c.owner,
                        CHECK_TABLE.c.status,
                    )
                ),
            )
        )
    statement = statement.order_by(*_CHECK_ORDER)
    return [check_row(values) for values in session.connection().execute(statement)]


def get_check(session: Session, *, check_id: int) -> CheckRow:
    statement = (
        sa.select(*_CHECK_COLUMNS).select_from(_CHECKS_JOINED).where(CHECK_TABLE.c.id == check_id)
    )
    found = session.connection().execute(statement).first()
    if found is None:
        raise NotFoundError("That check no longer exists.")
    return check_row(found)


def count_checks(session: Session) -> int:
    return int(
        session.connection().execute(sa.select(func.count()).select_from(CHECK_TABLE)).scalar_one()
    )


def check_progress(session: Session) -> CheckProgress:
    """Per flow, in flow order: checks, reviewed (not open) and gaps; then the sums.

    One grouped query. Every flow is listed, those without checks with zero totals; checks of
    retired scenarios are not counted.
    """
    rows = session.connection().execute(sa.text(PROGRESS_SQL), PROGRESS_STATUSES)
    return progress_of(rows)


# --- checks: writing ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Names:
    """A scenario's data objects, for `applies_to` without loading the ORM row."""

    data_objects: tuple[str, ...]


def apply_library(session: Session, *, flow_id: int | None = None) -> int:
    """Create the checks whose scenario fits each flow's data object; return how many.

    `flow_id` None applies to every flow. The library is copied in first if it is missing
    (`ensure_library`), and the workshop's own scenarios are applied too. Re-applying adds only
    the checks that are missing (never touching recorded answers); retired scenarios are not
    applied, and a one-flow scenario only to its own flow. One transaction.
    """
    try:
        _ensure_library(session)
        session.flush()
        scenarios = session.connection().execute(
            sa.select(SCENARIO_TABLE.c.id, SCENARIO_TABLE.c.data_objects, SCENARIO_TABLE.c.flow_id)
            .where(SCENARIO_TABLE.c.retired == sa.false())
            .order_by(SCENARIO_TABLE.c.id)
        )
        active: list[tuple[int, _Names]] = []
        own: dict[int, list[int]] = {}  # flow -> its one-flow scenarios
        for row in scenarios:
            if row[2] is None:
                active.append((row[0], _Names(tuple(row[1] or ()))))
            else:
                own.setdefault(row[2], []).append(row[0])
        flows_query = sa.select(FLOW_TABLE.c.id, OBJECT.c.name).select_from(
            FLOW_TABLE.join(OBJECT, OBJECT.c.id == FLOW_TABLE.c.data_object_id)
        )
        existing_query = sa.select(CHECK_TABLE.c.flow_id, CHECK_TABLE.c.scenario_id)
        if flow_id is not None:
            flows_query = flows_query.where(FLOW_TABLE.c.id == flow_id)
            existing_query = existing_query.where(CHECK_TABLE.c.flow_id == flow_id)
        flows = session.connection().execute(flows_query.order_by(FLOW_TABLE.c.id)).all()
        if flow_id is not None and not flows:
            raise NotFoundError("That flow no longer exists.")
        existing = {(row[0], row[1]) for row in session.connection().execute(existing_query)}
        index = synonym_index(load_library().synonyms)
        fits: dict[str, list[int]] = {}
        now = utc_now()
        created = 0
        for this_flow, object_name in flows:
            if object_name not in fits:
                fits[object_name] = [
                    scenario_id
                    for scenario_id, names in active
                    if applies_to(names, object_name, index)
                ]
            for scenario_id in (*fits[object_name], *own.get(this_flow, ())):
                if (this_flow, scenario_id) in existing:
                    continue
                session.add(Check(flow_id=this_flow, scenario_id=scenario_id, updated_at=now))
                created += 1
        checks = "1 check" if created == 1 else f"{created} checks"
        mark_step(session, label=f"apply the scenario library: {checks}")
        session.commit()
    except Exception:
        session.rollback()
        raise
    return created


def add_check(session: Session, *, flow_id: int, scenario_id: int) -> CheckRow:
    """Put one scenario on one flow by hand, whatever data objects it names.

    Raises `NotFoundError` for a gone flow or scenario, `FieldError` when the flow already
    has that scenario.
    """
    if session.get(Flow, flow_id) is None:
        raise NotFoundError("That flow no longer exists.")
    scenario = _scenario(session, scenario_id)
    if scenario.flow_id is not None and scenario.flow_id != flow_id:
        raise FieldError(
            "scenario",
            f'"{scenario.title}" was added for another flow only; promote it to the library '
            "to use it here.",
        )
    found = session.exec(
        select(Check.id).where(Check.flow_id == flow_id, Check.scenario_id == scenario_id)
    ).first()
    if found is not None:
        raise FieldError("scenario", f'The flow already has "{scenario.title}".')
    check = Check(flow_id=flow_id, scenario_id=scenario_id, updated_at=utc_now())
    session.add(check)
    session.commit()
    assert check.id is not None
    return get_check(session, check_id=check.id)


def _check(session: Session, check_id: int) -> Check:
    row = session.get(Check, check_id, populate_existing=True)  # what the file holds now
    if row is None:
        raise NotFoundError("That check no longer exists.")
    return row


@boundary
def update_check(
    session: Session,
    *,
    check_id: int,
    note: str | None = None,
    owner: str | None = None,
    uat: bool | None = None,
    status: CheckStatus | str | None = None,
    expected: Mapping[str, Any] | None = None,
) -> CheckRow:
    """Change what was recorded for a check; None keeps a value as it is.

    `updated_at` moves to now only when something really changed. Raises
    `InvalidInput` for a bad value, `NotFoundError` for a gone check.
    """
    row = _check(session, check_id)
    given = {
        name: value
        for name, value in (("note", note), ("owner", owner), ("uat", uat), ("status", status))
        if value is not None
    }
    given = settle_edit(session, row, base=CheckBase, fields=CHECK_FIELDS, values=given,
                        expected=expected, what="check")  # fmt: skip
    current = {name: getattr(row, name) for name in CHECK_FIELDS}
    with stored_text(keep=current.values()):  # an older file's text, left as it was, passes
        clean = CheckBase.model_validate({**current, **given})
    changed = False
    for name in CHECK_FIELDS:
        value = getattr(clean, name)
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    if changed:
        row.updated_at = utc_now()
        session.add(row)
        session.commit()
    return get_check(session, check_id=check_id)


def set_check_status(session: Session, *, check_id: int, status: CheckStatus | str) -> CheckRow:
    """Set one check's status (the single-key review); `updated_at` moves when it changes."""
    return update_check(session, check_id=check_id, status=status)


def delete_check(session: Session, *, check_id: int) -> None:
    """Take a scenario off a flow (re-applying the library would put a fitting one back)."""
    session.delete(_check(session, check_id))
    session.commit()


__all__ = [
    "CheckProgress",
    "CheckRow",
    "FlowProgress",
    "ScenarioRow",
    "add_check",
    "add_flow_scenario",
    "apply_library",
    "check_progress",
    "count_checks",
    "create_scenario",
    "delete_check",
    "ensure_library",
    "get_check",
    "get_scenario",
    "get_scenario_by_title",
    "list_categories",
    "list_checks",
    "list_scenarios",
    "promote_scenario",
    "restore_scenario",
    "retire_scenario",
    "scenario_check_count",
    "set_check_status",
    "update_check",
    "update_scenario",
]
