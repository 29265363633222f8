"""The `seamwork/1` document: its sections, and exporting, parsing and importing it whole.

Each top-level key is a `Section`: its pydantic type (`schema`), how it is written (`write`),
checked against the file and the workshop (`check`) and merged (`merge`). A later entity is
added by writing those four parts and listing one more section in `SECTIONS`, in the order it
must be written (later sections refer to earlier ones by name).

Import validates the whole document before it writes anything, then writes it in one
transaction: all of it or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, create_model
from pydantic import Field as PydanticField
from sqlmodel import Session

from storage.audit import mark_step
from storage.boundary import boundary
from storage.formats.seamwork_json import check, merge, write
from storage.formats.seamwork_json.parse import parse
from storage.formats.seamwork_json.schema import (
    CandidateIn,
    CheckIn,
    CriterionIn,
    DataObjectIn,
    FlowIn,
    KpiIn,
    ScenarioIn,
    SessionIn,
    SystemIn,
    WorkshopIn,
)

CHANGE_TEXT = 60  # a value longer than this is cut in a change line, which stays one line


def _said(value: Any) -> str:
    """A value in a change line: text quoted on one line, unknown said, numbers as numbers."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else str(value)
    text = " ".join(str(value).split())
    if len(text) > CHANGE_TEXT:
        text = text[: CHANGE_TEXT - 1].rstrip() + "\u2026"
    return f'"{text}"'


@dataclass
class ImportSummary:
    """What an import did, per section key: how many entries were created, updated, unchanged;
    and `changes`, one line a person reads per entry created and per field changed
    (`system "Shopify": owner "Ops" -> "E-commerce"`, `new flow "Shopify -> Sage X3: Stock"`),
    so a merge from a spreadsheet someone edited can be checked before it is trusted."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    workshop_updated: bool = False
    changes: list[str] = field(default_factory=list)

    def count(
        self,
        key: str,
        outcome: Literal["created", "updated", "unchanged"],
        subject: str | None = None,
        diff: Sequence[tuple[str, Any, Any]] = (),
    ) -> None:
        """Count one entry of section `key`; with its `subject` (name), record the change."""
        counts: dict[str, int] = getattr(self, outcome)
        counts[key] = counts.get(key, 0) + 1
        if subject is None or outcome == "unchanged":
            return
        noun = _singular(key)
        if outcome == "created":
            self.changes.append(f'new {noun} "{" ".join(subject.split())}"')
        elif not diff:
            self.changes.append(f'{noun} "{" ".join(subject.split())}" updated')
        for name, before, after in diff:
            self.changed_field(key, subject, name, before, after)

    def changed_field(
        self, key: str, subject: str | None, name: str, before: Any, after: Any
    ) -> None:
        """Record one field of one entry (of the workshop when `subject` is None) changed."""
        what = (
            _singular(key) if subject is None else f'{_singular(key)} "{" ".join(subject.split())}"'
        )
        if isinstance(before, str) and isinstance(after, str) and before.strip():
            if after.startswith(before):  # a client's notes added under the room's own
                added = after[len(before) :].strip()
                self.changes.append(f"{what}: {name} added {_said(added)}")
                return
        self.changes.append(f"{what}: {name} {_said(before)} -> {_said(after)}")

    def change_lines(self, limit: int = 50) -> list[str]:
        """The changes to print: all of them, or the first `limit` and how many more."""
        if len(self.changes) <= limit:
            return list(self.changes)
        return [*self.changes[:limit], f"and {len(self.changes) - limit} more"]

    def sentence(self) -> str:
        """One line for the command line and the TUI's notification."""
        parts = []
        for section in SECTIONS:
            if section.plural is None:
                continue
            created = self.created.get(section.key, 0)
            updated = self.updated.get(section.key, 0)
            unchanged = self.unchanged.get(section.key, 0)
            total = created + updated + unchanged
            if not total:
                continue
            noun = section.singular if total == 1 else section.plural
            detail = ", ".join(
                f"{n} {label}"
                for n, label in ((created, "new"), (updated, "updated"), (unchanged, "unchanged"))
                if n
            )
            parts.append(f"{total} {noun} ({detail})")
        text = "Imported " + ", ".join(parts) if parts else "Imported no entries"
        if self.workshop_updated:
            text += "; workshop details updated"
        return text + "."


def _singular(key: str) -> str:
    for section in SECTIONS:
        if section.key == key:
            return section.singular or key
    return key


@dataclass(frozen=True)
class Section:
    """One top-level key of the file: its pydantic type, how it is exported, checked, written.

    `check` runs for every section before any `apply`, against the validated document and the
    open workshop, and raises `ImportValidationError`; `apply` writes without committing.
    """

    key: str
    annotation: Any
    default: Any
    export: Callable[[Session], Any]
    check: Callable[[Session, Any], None]
    apply: Callable[[Session, Any, ImportSummary], None]
    singular: str | None = None
    plural: str | None = None
    # Left out of an exported file when empty, so files of workshops without it stay as an
    # earlier version wrote them (a key added after files were in version control).
    omit_empty: bool = False


WORKSHOP_SECTION = Section(
    key="workshop",
    annotation=WorkshopIn | None,
    default=None,
    export=write.export_workshop,
    check=check.check_nothing,
    apply=merge.apply_workshop,
)

SYSTEMS_SECTION = Section(
    key="systems",
    annotation=list[SystemIn],
    default=PydanticField(default_factory=list),
    export=write.export_systems,
    check=check.check_systems,
    apply=merge.apply_systems,
    singular="system",
    plural="systems",
)

DATA_OBJECTS_SECTION = Section(
    key="data_objects",
    annotation=list[DataObjectIn],
    default=PydanticField(default_factory=list),
    export=write.export_data_objects,
    check=check.check_data_objects,
    apply=merge.apply_data_objects,
    singular="data object",
    plural="data objects",
)

FLOWS_SECTION = Section(
    key="flows",
    annotation=list[FlowIn],
    default=PydanticField(default_factory=list),
    export=write.export_flows,
    check=check.check_flows,
    apply=merge.apply_flows,
    singular="flow",
    plural="flows",
)

SCENARIOS_SECTION = Section(
    key="scenarios",
    annotation=list[ScenarioIn],
    default=PydanticField(default_factory=list),
    export=write.export_scenarios,
    check=check.check_scenarios,
    apply=merge.apply_scenarios,
    singular="scenario",
    plural="scenarios",
)

CHECKS_SECTION = Section(
    key="checks",
    annotation=list[CheckIn],
    default=PydanticField(default_factory=list),
    export=write.export_checks,
    check=check.check_checks,
    apply=merge.apply_checks,
    singular="check",
    plural="checks",
)

CRITERIA_SECTION = Section(
    key="criteria",
    annotation=list[CriterionIn],
    default=PydanticField(default_factory=list),
    export=write.export_criteria,
    check=check.check_criteria,
    apply=merge.apply_criteria,
    singular="criterion",
    plural="criteria",
)

CANDIDATES_SECTION = Section(
    key="candidates",
    annotation=list[CandidateIn],
    default=PydanticField(default_factory=list),
    export=write.export_candidates,
    check=check.check_candidates,
    apply=merge.apply_candidates,
    singular="candidate",
    plural="candidates",
)

KPIS_SECTION = Section(
    key="kpis",
    annotation=list[KpiIn],
    default=PydanticField(default_factory=list),
    export=write.export_kpis,
    check=check.check_kpis,
    apply=merge.apply_kpis,
    singular="KPI",
    plural="KPIs",
)

SESSIONS_SECTION = Section(
    key="sessions",
    annotation=list[SessionIn],
    default=PydanticField(default_factory=list),
    export=write.export_sessions,
    check=check.check_sessions,
    apply=merge.apply_sessions,
    singular="session",
    plural="sessions",
    omit_empty=True,
)


# Written in this order (later sections refer to earlier ones by name); exported in this order.
SECTIONS: tuple[Section, ...] = (
    WORKSHOP_SECTION,
    SYSTEMS_SECTION,
    DATA_OBJECTS_SECTION,
    FLOWS_SECTION,
    SCENARIOS_SECTION,
    CHECKS_SECTION,
    CRITERIA_SECTION,
    CANDIDATES_SECTION,
    KPIS_SECTION,
    SESSIONS_SECTION,
)


def _document_model(sections: Sequence[Section]) -> type[BaseModel]:
    fields: dict[str, Any] = {"format": (Literal["seamwork/1"], ...)}
    fields.update({section.key: (section.annotation, section.default) for section in sections})
    return create_model("Document", __config__=ConfigDict(extra="forbid"), **fields)


Document = _document_model(SECTIONS)


# --- export -------------------------------------------------------------------------------------

# `write` exports without loading this module (the models, checks and merges of an import);
# its `EXPORTED` lists the same keys, writers and `omit_empty` as `SECTIONS` (a test says so).
export_document = write.export_document
export_json = write.export_json


# --- import -------------------------------------------------------------------------------------


def parse_document(text: str) -> BaseModel:
    """Validate a whole `seamwork/1` document without touching any workshop.

    Raises `ImportValidationError` for the first problem: not JSON (with line and column), not
    a Seamwork file, a wrong format, an unknown key, or a bad value (with its path).
    """
    return parse(text, Document)


@boundary
def import_document(
    session: Session, document: BaseModel, *, add_notes: bool = False
) -> ImportSummary:
    """Merge a parsed document into the workshop in one transaction: all of it or nothing.

    `add_notes`: the document's notes (and definitions) are added under an entry's own rather
    than replacing them (`merge.adding_notes`; a client's source, `Source.adds_notes`).
    Raises `ImportValidationError` for problems that need the workshop to see (duplicates,
    later unknown references), and `storage.errors.ReadOnlyError` on a read-only workshop.
    """
    summary = ImportSummary()
    try:
        mark_step(session, verb="import")
        for section in SECTIONS:
            section.check(session, document)
        with merge.adding_notes(add_notes):
            for section in SECTIONS:
                section.apply(session, document, summary)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return summary


def import_json(session: Session, text: str) -> ImportSummary:
    """Validate `text` as a whole, then merge it by name; any error writes nothing."""
    return import_document(session, parse_document(text))


@boundary
def plan_import(session: Session, document: BaseModel, *, add_notes: bool = False) -> ImportSummary:
    """What `import_document` would do, without doing it: the same checks and merge in a
    transaction that is always rolled back, so the app can preview an import's counts (new,
    updated, unchanged per section) before anything is written. Raises as `import_document`
    does; a read-only workshop refuses it too (the merge's writes are refused, not kept)."""
    summary = ImportSummary()
    try:
        for section in SECTIONS:
            section.check(session, document)
        with merge.adding_notes(add_notes):
            for section in SECTIONS:
                section.apply(session, document, summary)
        session.flush()
    finally:
        session.rollback()
    return summary
