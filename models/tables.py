"""The SQLModel tables, and the input models forms and imports validate through.

Table models do not validate on construction, so every write goes through a `*Base` model first
(`SystemBase.model_validate(...)`); storage then copies the clean values onto the table row.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from pydantic import field_validator, model_validator
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from models.characters import clean_text
from models.enums import (
    Api,
    Approach,
    Category,
    CheckStatus,
    CriterionKind,
    Direction,
    FlowState,
    Frequency,
    Hosting,
    Lifecycle,
    Mechanism,
    MinuteKind,
    ScoringMethod,
    Sensitivity,
    WsjfPart,
)
from models.names import NAME_MAX, clean_name, name_key

TEXT_MAX = 10_000


def _text(value: Any) -> str:
    """Free text: None becomes empty, surrounding whitespace goes, and only characters every
    export (and a terminal) can carry stay (`models.characters.clean_text`)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError("must be text")
    if len(value) > TEXT_MAX:
        raise ValueError(f"is too long (at most {TEXT_MAX} characters)")
    return clean_text(value).strip()


def _answer(value: Any) -> Any:
    """A vocabulary answer in lower case; blank text is unknown (None), not a value."""
    if isinstance(value, str):
        return value.strip().lower() or None
    return value


def _blank_unknown(value: Any) -> Any:
    """Blank text is unknown (None); anything else is validated as given."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


class WorkshopBase(SQLModel):
    """The engagement a file is about."""

    name: str = Field(default="Untitled workshop", max_length=200)
    client: str = ""
    facilitator: str = ""
    notes: str = ""
    scoring_method: ScoringMethod = Field(default=ScoringMethod.WEIGHTED, sa_type=String(20))

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return clean_name(value)

    @field_validator("client", "facilitator", "notes", mode="before")
    @classmethod
    def _free_text(cls, value: Any) -> str:
        return _text(value)

    @field_validator("scoring_method", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


class Workshop(WorkshopBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # The default criteria were added once (`storage.queries.priorities.ensure_default_criteria`),
    # so a room that deletes them all does not get them back. Not in files: a file's criteria are
    # its own, and importing any marks the workshop seeded.
    criteria_seeded: bool = False
    # The session the room picked as current; None (or one since deleted) means the latest.
    # Not a foreign key: deleting a session must not write to the workshop behind undo's back.
    current_meeting_id: int | None = None


class SystemBase(SQLModel):
    """A business system in the client's estate."""

    name: str = Field(sa_type=String(NAME_MAX))
    # None is unknown: the room has not said (never a default that reads as an answer).
    category: Category | None = Field(default=None, sa_type=String(20))
    vendor: str = ""
    owner: str = ""
    lifecycle: Lifecycle | None = Field(default=None, sa_type=String(20))
    hosting: Hosting | None = Field(default=None, sa_type=String(20))
    api: Api | None = Field(default=None, sa_type=String(20))
    criticality: int | None = Field(default=None, ge=1, le=5)
    notes: str = ""

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return clean_name(value)

    @field_validator("vendor", "owner", "notes", mode="before")
    @classmethod
    def _free_text(cls, value: Any) -> str:
        return _text(value)

    @field_validator("category", "lifecycle", "hosting", "api", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return _answer(value)

    @field_validator("criticality", mode="before")
    @classmethod
    def _criticality(cls, value: Any) -> Any:
        return _blank_unknown(value)


class System(SystemBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name_key: str = Field(default="", unique=True, index=True)

    def set_name_key(self) -> None:
        self.name_key = name_key(self.name)


class DataObjectBase(SQLModel):
    """A kind of business data (customers, stock, sales orders) with one owner and one source."""

    name: str = Field(sa_type=String(NAME_MAX))
    owner: str = ""  # the owning function, e.g. "Operations"
    sensitivity: Sensitivity | None = Field(default=None, sa_type=String(20))  # None: unknown
    definition: str = ""

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return clean_name(value)

    @field_validator("owner", "definition", mode="before")
    @classmethod
    def _free_text(cls, value: Any) -> str:
        return _text(value)

    @field_validator("sensitivity", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return _answer(value)


class DataObject(DataObjectBase, table=True):
    __tablename__ = "data_object"

    id: int | None = Field(default=None, primary_key=True)
    name_key: str = Field(default="", unique=True, index=True)
    source_of_truth_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("system.id", ondelete="SET NULL"), nullable=True),
    )

    def set_name_key(self) -> None:
        self.name_key = name_key(self.name)


class DefinitionBase(SQLModel):
    """What one department means by a data object ("stock in transit" to Sales vs Logistics)."""

    department: str = Field(sa_type=String(NAME_MAX))
    text: str = ""

    @field_validator("department", mode="before")
    @classmethod
    def _department(cls, value: Any) -> str:
        try:
            return clean_name(value)
        except ValueError as exc:
            raise ValueError(str(exc).replace("Name", "Department")) from None

    @field_validator("text", mode="before")
    @classmethod
    def _free_text(cls, value: Any) -> str:
        return _text(value)


class Definition(DefinitionBase, table=True):
    __tablename__ = "definition"
    __table_args__ = (UniqueConstraint("data_object_id", "department_key"),)

    id: int | None = Field(default=None, primary_key=True)
    data_object_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("data_object.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    department_key: str = ""

    def set_department_key(self) -> None:
        self.department_key = name_key(self.department)


class FlowBase(SQLModel):
    """How one data object moves from one system to another, and how well that is governed.

    The ends are held by id on the table and by name in files; this base carries the fields
    a person edits.
    """

    # None is unknown: the room has not said (never a default that reads as an answer).
    frequency: Frequency | None = Field(default=None, sa_type=String(20))
    mechanism: Mechanism | None = Field(default=None, sa_type=String(20))
    direction: Direction | None = Field(default=None, sa_type=String(20))
    state: FlowState | None = Field(default=None, sa_type=String(20))
    approach: Approach | None = Field(default=None, sa_type=String(20))
    owner: str = ""
    error_handling: str = ""
    security: str = ""
    monitored: bool | None = None
    volume_per_day: int | None = Field(default=None, ge=0, le=1_000_000_000)
    manual_hours_per_week: float | None = Field(default=None, ge=0, le=10_000)
    notes: str = ""

    @field_validator("owner", "error_handling", "security", "notes", mode="before")
    @classmethod
    def _free_text(cls, value: Any) -> str:
        return _text(value)

    @field_validator("frequency", "mechanism", "direction", "state", "approach", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return _answer(value)

    @field_validator("volume_per_day", "manual_hours_per_week", "monitored", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return _blank_unknown(value)


class Flow(FlowBase, table=True):
    __table_args__ = (
        UniqueConstraint("source_id", "target_id", "data_object_id"),
        CheckConstraint("source_id <> target_id", name="flow_ends_differ"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("system.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    target_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("system.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    data_object_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("data_object.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )


def _labelled(field: str, value: Any) -> str:
    """`clean_name` with the field's own word in its messages ("Title is required.")."""
    try:
        return clean_name(value)
    except ValueError as exc:
        raise ValueError(str(exc).replace("Name", field)) from None


DEFAULT_SCENARIO_CATEGORY = "other"


class ScenarioBase(SQLModel):
    """An exception scenario: what goes wrong, the question for the room, where it applies.

    `data_objects` names the data objects it applies to, in the workshop's words or the
    library's (matched loosely, see `models.scenario_library.applies_to`); empty means every
    flow. They are names, not links: a scenario may name data this workshop has not mapped.
    A retired scenario is applied to no more flows, and its checks are kept.
    """

    title: str = Field(sa_type=String(NAME_MAX))
    category: str = Field(default=DEFAULT_SCENARIO_CATEGORY, sa_type=String(NAME_MAX))
    description: str = ""
    question: str = ""
    data_objects: list[str] = Field(default_factory=list, sa_type=JSON)
    retired: bool = False

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: Any) -> str:
        return _labelled("Title", value)

    @field_validator("category", mode="before")
    @classmethod
    def _category(cls, value: Any) -> str:
        """Free text on one line; the library's categories are the suggested ones."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return DEFAULT_SCENARIO_CATEGORY
        return " ".join(_labelled("Category", value).split())

    @field_validator("description", "question", mode="before")
    @classmethod
    def _free_text(cls, value: Any) -> str:
        return _text(value)

    @field_validator("data_objects", mode="before")
    @classmethod
    def _names(cls, value: Any) -> list[str]:
        """A list of names, each cleaned, the first spelling kept when one repeats."""
        if value is None:
            return []
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise ValueError("must be a list of data object names")
        names: dict[str, str] = {}
        for item in value:
            name = _labelled("Data object", item)
            names.setdefault(name_key(name), name)
        return list(names.values())


class Scenario(ScenarioBase, table=True):
    """A workshop's copy of a library scenario (`library_key` set) or its own (None).

    `flow_id` set: a scenario the room added for that one flow, applied nowhere else until it
    is promoted to the workshop's library (`flow_id` back to None). It goes with its flow,
    deleted through the ORM (`storage.queries.cascade`) so undo sees it; the database has no
    ON DELETE here, so a flow deleted any other way is refused rather than orphaning it.
    """

    id: int | None = Field(default=None, primary_key=True)
    title_key: str = Field(default="", unique=True, index=True)
    library_key: str | None = Field(default=None, unique=True)
    flow_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("flow.id"), nullable=True, index=True),
    )

    def set_title_key(self) -> None:
        self.title_key = name_key(self.title)

    @property
    def custom(self) -> bool:
        return self.library_key is None


class CheckBase(SQLModel):
    """What the room agreed about one scenario on one flow."""

    status: CheckStatus = Field(default=CheckStatus.OPEN, sa_type=String(20))
    note: str = ""  # how it is handled, or why the risk is accepted
    owner: str = ""
    uat: bool = False  # covered by a user acceptance test

    @field_validator("note", "owner", mode="before")
    @classmethod
    def _free_text(cls, value: Any) -> str:
        return _text(value)

    @field_validator("status", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


class Check(CheckBase, table=True):
    """A scenario applied to a flow. It goes with its flow; retiring its scenario keeps it."""

    __tablename__ = "scenario_check"  # "check" is an SQL keyword
    __table_args__ = (UniqueConstraint("flow_id", "scenario_id"),)

    id: int | None = Field(default=None, primary_key=True)
    flow_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("flow.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    scenario_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("scenario.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    updated_at: str = ""  # ISO 8601 UTC, `storage.audit.utc_now()` at the last change


# --- priorities: criteria, candidates, scores, KPIs ------------------------------------------

NUMBER_MAX = 1_000_000_000_000  # a KPI's baseline or target
PHASE_MAX = 99  # phases are a handful in practice; a bound keeps typos like 2024 out


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _whole(value: Any, low: int, high: int) -> Any:
    """A whole number in range: `true` or 2.5 are mistakes, not weights (pydantic coerces)."""
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(f"must be a whole number from {low} to {high}")
    return value


class CriterionBase(SQLModel):
    """Something the room scores candidates against, with how much it counts (0 = ignored).

    A benefit scores high when good; a cost (effort, complexity) scores high when bad and is
    inverted by the scoring. `wsjf_part` says which part of WSJF a benefit feeds.
    """

    name: str = Field(sa_type=String(NAME_MAX))
    weight: int = Field(default=3, ge=0, le=5)
    kind: CriterionKind = Field(default=CriterionKind.BENEFIT, sa_type=String(20))
    wsjf_part: WsjfPart = Field(default=WsjfPart.VALUE, sa_type=String(20))
    description: str = ""

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return clean_name(value)

    @field_validator("weight", mode="before")
    @classmethod
    def _weight(cls, value: Any) -> Any:
        return _whole(value, 0, 5)

    @field_validator("kind", "wsjf_part", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return _lower(value)

    @field_validator("description", mode="before")
    @classmethod
    def _free_text(cls, value: Any) -> str:
        return _text(value)


class Criterion(CriterionBase, table=True):
    __table_args__ = (CheckConstraint("weight BETWEEN 0 AND 5", name="criterion_weight_range"),)

    id: int | None = Field(default=None, primary_key=True)
    name_key: str = Field(default="", unique=True, index=True)
    position: int = 0  # the order the room sees them in (the default criteria first)

    def set_name_key(self) -> None:
        self.name_key = name_key(self.name)


class CandidateBase(SQLModel):
    """An integration initiative: a group of flows delivered together, in a phase or unphased."""

    name: str = Field(sa_type=String(NAME_MAX))
    description: str = ""
    phase: int | None = Field(default=None, ge=1, le=PHASE_MAX)
    notes: str = ""

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return clean_name(value)

    @field_validator("phase", mode="before")
    @classmethod
    def _phase(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        if value is None:
            return None
        return _whole(value, 1, PHASE_MAX)

    @field_validator("description", "notes", mode="before")
    @classmethod
    def _free_text(cls, value: Any) -> str:
        return _text(value)


class Candidate(CandidateBase, table=True):
    __table_args__ = (
        CheckConstraint("phase IS NULL OR phase >= 1", name="candidate_phase_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name_key: str = Field(default="", unique=True, index=True)

    def set_name_key(self) -> None:
        self.name_key = name_key(self.name)


def _link(target: str) -> Any:
    """A required foreign key that goes with the row it points at."""
    return Field(
        sa_column=Column(
            Integer, ForeignKey(f"{target}.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )


class CandidateFlow(SQLModel, table=True):
    """A flow that belongs to a candidate (a flow may be in several)."""

    __tablename__ = "candidate_flow"
    __table_args__ = (UniqueConstraint("candidate_id", "flow_id"),)

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = _link("candidate")
    flow_id: int = _link("flow")


SCORE_MIN, SCORE_MAX = 1, 5


class ScoreBase(SQLModel):
    """How a candidate does on one criterion, 1 to 5, and why the room said so."""

    value: int = Field(ge=SCORE_MIN, le=SCORE_MAX)
    rationale: str = ""

    @field_validator("value", mode="before")
    @classmethod
    def _value(cls, value: Any) -> Any:
        return _whole(value, SCORE_MIN, SCORE_MAX)

    @field_validator("rationale", mode="before")
    @classmethod
    def _free_text(cls, value: Any) -> str:
        return _text(value)


class Score(ScoreBase, table=True):
    __table_args__ = (
        UniqueConstraint("candidate_id", "criterion_id"),
        CheckConstraint("value BETWEEN 1 AND 5", name="score_value_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = _link("candidate")
    criterion_id: int = _link("criterion")


class KpiBase(SQLModel):
    """A measure the integrations should move, with where it stands and where it should get."""

    name: str = Field(sa_type=String(NAME_MAX))
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    owner: str = ""
    description: str = ""

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return clean_name(value)

    @field_validator("baseline", "target", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, bool):
            raise ValueError("must be a number")
        return value

    @field_validator("baseline", "target")
    @classmethod
    def _finite(cls, value: float | None) -> float | None:
        if value is not None and not math.isfinite(value):
            raise ValueError("must be a finite number")
        if value is not None and abs(value) > NUMBER_MAX:
            raise ValueError(f"must be between -{NUMBER_MAX:,} and {NUMBER_MAX:,}")
        return value

    @field_validator("unit", "owner", "description", mode="before")
    @classmethod
    def _free_text(cls, value: Any) -> str:
        return _text(value)


class Kpi(KpiBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name_key: str = Field(default="", unique=True, index=True)

    def set_name_key(self) -> None:
        self.name_key = name_key(self.name)


class KpiCandidate(SQLModel, table=True):
    """A candidate expected to move a KPI."""

    __tablename__ = "kpi_candidate"
    __table_args__ = (UniqueConstraint("kpi_id", "candidate_id"),)

    id: int | None = Field(default=None, primary_key=True)
    kpi_id: int = _link("kpi")
    candidate_id: int = _link("candidate")


class KpiDataObject(SQLModel, table=True):
    """A data object a KPI is measured from or informs."""

    __tablename__ = "kpi_data_object"
    __table_args__ = (UniqueConstraint("kpi_id", "data_object_id"),)

    id: int | None = Field(default=None, primary_key=True)
    kpi_id: int = _link("kpi")
    data_object_id: int = _link("data_object")


AGENDA_MINUTES_MAX = 24 * 60


def iso_date(value: Any, *, required: bool) -> str | None:
    """A calendar date as ISO `YYYY-MM-DD` text: a date that is not one is refused, never
    guessed. Blank is None (unknown) unless `required`."""
    if isinstance(value, date):
        return value.isoformat()
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValueError("is needed (a date such as 2026-03-02)")
        return None
    if not isinstance(value, str):
        raise ValueError("must be a date such as 2026-03-02")
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ValueError(f"must be a date such as 2026-03-02, not {value.strip()!r}") from None


class MeetingBase(SQLModel):
    """One session (meeting) of the workshop: a workshop usually has several over weeks.

    Called a meeting in code so it is never mistaken for a database session."""

    date: str = Field(sa_type=String(10))  # ISO 8601 calendar date
    title: str = Field(default="", sa_type=String(NAME_MAX))

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> str | None:
        return iso_date(value, required=True)

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: Any) -> str:
        text = _text(value)
        if len(text) > NAME_MAX:
            raise ValueError(f"is too long (at most {NAME_MAX} characters)")
        return " ".join(text.split())


class Meeting(MeetingBase, table=True):
    """Sessions are told apart by date and title (an import merges by them)."""

    __table_args__ = (UniqueConstraint("date", "title_key"),)

    id: int | None = Field(default=None, primary_key=True)
    title_key: str = ""

    def set_name_key(self) -> None:
        self.title_key = name_key(self.title)


class AttendeeBase(SQLModel):
    """Someone in (or expected at) a session; `present` None means not yet known."""

    name: str = Field(sa_type=String(NAME_MAX))
    role: str = ""
    organisation: str = ""
    present: bool | None = None  # True present, False sent apologies, None not recorded

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return clean_name(value)

    @field_validator("role", "organisation", mode="before")
    @classmethod
    def _free_text(cls, value: Any) -> str:
        return _text(value)


class Attendee(AttendeeBase, table=True):
    __table_args__ = (UniqueConstraint("meeting_id", "name_key"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = _link("meeting")
    name_key: str = ""

    def set_name_key(self) -> None:
        self.name_key = name_key(self.name)


class AgendaItemBase(SQLModel):
    """A point on a session's agenda with its time box in minutes (None: not boxed)."""

    title: str = Field(sa_type=String(NAME_MAX))
    minutes: int | None = Field(default=None, ge=1, le=AGENDA_MINUTES_MAX)

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: Any) -> str:
        return _labelled("Title", value)

    @field_validator("minutes", mode="before")
    @classmethod
    def _minutes(cls, value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return _whole(value, 1, AGENDA_MINUTES_MAX)


class AgendaItem(AgendaItemBase, table=True):
    """The timer is stored with the item, so it survives screen switches and restarts:
    `spent_seconds` over earlier runs, `started_at` (ISO UTC) while running, `done`."""

    __tablename__ = "agenda_item"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = _link("meeting")
    position: int = 0
    spent_seconds: float = 0.0
    started_at: str | None = None
    done: bool = False


class MinuteBase(SQLModel):
    """One line of a session's minutes: a decision (`who` decided), an action (`who` owns it,
    `due` by when, `closed` when done) or a parking-lot question (`closed` when answered)."""

    kind: MinuteKind = Field(sa_type=String(20))
    text: str = Field(sa_type=String(TEXT_MAX))
    due: str | None = Field(default=None, sa_type=String(10))  # ISO date; actions only
    closed: bool = False

    @field_validator("text", mode="before")
    @classmethod
    def _line(cls, value: Any) -> str:
        text = _text(value)
        if not text:
            raise ValueError("is needed")
        return text

    @field_validator("due", mode="before")
    @classmethod
    def _due(cls, value: Any) -> str | None:
        return iso_date(value, required=False)

    @model_validator(mode="after")
    def _due_on_actions(self) -> MinuteBase:
        if self.due is not None and self.kind is not MinuteKind.ACTION:
            raise ValueError("Only an action has a due date.")
        return self


class Minute(MinuteBase, table=True):
    """`who_id` is an attendee of the session (or of an earlier one, for an action carried
    forward); None when nobody was named."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = _link("meeting")
    who_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("attendee.id", ondelete="SET NULL"), nullable=True),
    )
    created_at: str = ""  # ISO 8601 UTC


def _concern(target: str) -> Any:
    return Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey(f"{target}.id", ondelete="CASCADE"), nullable=True, index=True
        ),
    )


class MinuteConcern(SQLModel, table=True):
    """What a minute is about: exactly one of a system, data object, flow, candidate or KPI."""

    __tablename__ = "minute_concern"
    __table_args__ = (
        CheckConstraint(
            "(system_id IS NOT NULL) + (data_object_id IS NOT NULL) + (flow_id IS NOT NULL)"
            " + (candidate_id IS NOT NULL) + (kpi_id IS NOT NULL) = 1",
            name="minute_concern_one",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    minute_id: int = _link("minute")
    system_id: int | None = _concern("system")
    data_object_id: int | None = _concern("data_object")
    flow_id: int | None = _concern("flow")
    candidate_id: int | None = _concern("candidate")
    kpi_id: int | None = _concern("kpi")


class Audit(SQLModel, table=True):
    """One edit: written by storage for every insert, update and delete, never by hand."""

    id: int | None = Field(default=None, primary_key=True)
    at: str = Field(index=True)
    entity: str
    entity_id: int | None = None
    name: str = ""
    action: str
    before: str | None = None
    after: str | None = None
    # The `Step` (committed transaction) it belongs to; None for rows older than undo history.
    step: int | None = Field(default=None, index=True)


class ChangeCount(SQLModel, table=True):
    """One row: a number every write to the workshop's tables moves (SQLite triggers, see
    `storage.migrations.changes`); what is cached from the whole workshop is keyed by it."""

    __tablename__ = "change_count"
    id: int | None = Field(default=None, primary_key=True)
    value: int
    token: str  # random, made with the file: another file at the same count is another key


class FindingsCache(SQLModel, table=True):
    """At most one row: the readiness as JSON under the key it was worked out at
    (`storage.findings_cache`); never audited, never part of an undo step."""

    __tablename__ = "findings_cache"
    id: int | None = Field(default=None, primary_key=True)
    key: str
    body: bytes


STEP_KINDS: tuple[str, ...] = ("edit", "undo", "redo", "auto")
STEP_STATES: tuple[str, ...] = ("done", "undone", "discarded")


class Step(SQLModel, table=True):
    """One committed transaction, the unit undo and redo work in, and a line of the history.

    `kind` is `edit` (a person's change, on the undo stack), `undo` or `redo` (`target` names
    the step reverted or re-applied), or `auto` (housekeeping such as copying in the scenario
    library: listed, never undone). `state` is an edit's place on the stack: `done`, `undone`
    (redo brings it back) or `discarded` (an edit made after it was undone ended its redo).
    `actor` names who made it (None: not recorded, as in steps made before revision 0010).
    Written by storage's session hook, never by hand.
    """

    id: int | None = Field(default=None, primary_key=True)
    at: str
    label: str = ""
    kind: str = Field(default="edit", sa_type=String(20))
    state: str = Field(default="done", sa_type=String(20))
    target: int | None = None
    actor: str | None = None


SYSTEM_FIELDS: tuple[str, ...] = tuple(SystemBase.model_fields)
DATA_OBJECT_FIELDS: tuple[str, ...] = tuple(DataObjectBase.model_fields)
DEFINITION_FIELDS: tuple[str, ...] = tuple(DefinitionBase.model_fields)
FLOW_FIELDS: tuple[str, ...] = tuple(FlowBase.model_fields)
WORKSHOP_FIELDS: tuple[str, ...] = tuple(WorkshopBase.model_fields)
SCENARIO_FIELDS: tuple[str, ...] = tuple(ScenarioBase.model_fields)
CHECK_FIELDS: tuple[str, ...] = tuple(CheckBase.model_fields)
CRITERION_FIELDS: tuple[str, ...] = tuple(CriterionBase.model_fields)
CANDIDATE_FIELDS: tuple[str, ...] = tuple(CandidateBase.model_fields)
SCORE_FIELDS: tuple[str, ...] = tuple(ScoreBase.model_fields)
KPI_FIELDS: tuple[str, ...] = tuple(KpiBase.model_fields)
