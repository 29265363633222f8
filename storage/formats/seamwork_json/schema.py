"""What a `seamwork/1` file may hold: the pydantic models that check every value of an entry on
its own (the format's name and each entry's keys in file order are `keys`).

Unknown keys are forbidden (nothing in a file is dropped silently), and numbers and flags must
have their JSON type: pydantic would read "400" as 400 or 1 as true, which in a file is a
mistake rather than a value. What needs the other entries or the open workshop (duplicates,
references by name) is checked later, in `check`.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, field_validator, model_validator
from pydantic import Field as PydanticField

from models.characters import clean_text
from models.names import clean_name
from models.tables import (
    SCORE_MAX,
    SCORE_MIN,
    TEXT_MAX,
    AgendaItemBase,
    AttendeeBase,
    CandidateBase,
    CheckBase,
    CriterionBase,
    DataObjectBase,
    DefinitionBase,
    FlowBase,
    KpiBase,
    MeetingBase,
    ScenarioBase,
    SystemBase,
    WorkshopBase,
    iso_date,
)

# --- values -------------------------------------------------------------------------------------


def _whole_number(value: Any) -> Any:
    """In a file a whole number is a JSON integer: `true`, 3.0 or "3" are mistakes (pydantic
    would coerce them)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number")
    return value


def _vocabulary(value: Any) -> Any:
    """A vocabulary value in a file: lower-cased; `null` is unknown, but "" is a mistake (the
    forms read a blank choice as unknown, a file must say null or leave the key out)."""
    return value.strip().lower() if isinstance(value, str) else value


def _flag(value: Any) -> Any:
    """In a file a flag is `true` or `false`: pydantic would read 1 or "yes" as true."""
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _reference(value: Any) -> str:
    """A name that refers to another entry, with messages about the field, not "Name"."""
    try:
        return clean_name(value)
    except ValueError as exc:
        raise ValueError(str(exc).removeprefix("Name ").rstrip(".")) from None


def _flow_reference(value: Any) -> str:
    """`SOURCE -> TARGET: OBJECT` as text; which flow it names is checked against the names."""
    if not isinstance(value, str):
        raise ValueError("must be text")
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise ValueError("is required")
    return text


def _timestamp(value: Any) -> str | None:
    """An ISO 8601 date and time with its offset, kept as UTC to the second."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("must be a date and time as text, e.g. 2025-03-11T10:15:00+00:00")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(
            "must be an ISO 8601 date and time, e.g. 2025-03-11T10:15:00+00:00"
        ) from None
    if moment.tzinfo is None:
        raise ValueError("must include a time zone offset, e.g. 2025-03-11T10:15:00+00:00")
    try:
        return moment.astimezone(UTC).isoformat(timespec="seconds")
    except OverflowError:  # 9999-12-31T23:59:59-14:00 is in the year 10000 in UTC
        raise ValueError(
            "is out of range: in UTC it must fall from 0001-01-01 to 9999-12-31"
        ) from None


def _score_value(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be a whole number from {SCORE_MIN} to {SCORE_MAX}")
    return value


FileScore = Annotated[int, BeforeValidator(_score_value), PydanticField(ge=SCORE_MIN, le=SCORE_MAX)]


# --- entries ------------------------------------------------------------------------------------


class WorkshopIn(WorkshopBase):
    """The `workshop` object of a file: any subset of the details, nothing else."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]


class SystemIn(SystemBase):
    """One entry of `systems`: a name and any other fields, nothing unknown."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    @field_validator("criticality", mode="before")
    @classmethod
    def _criticality(cls, value: Any) -> Any:
        return None if value is None else _whole_number(value)

    @field_validator("category", "lifecycle", "hosting", "api", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:  # replaces SystemBase's, which reads "" as unknown
        return _vocabulary(value)


class DefinitionIn(DefinitionBase):
    """One department's definition inside a data object: both keys, the text not empty."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    text: str

    @field_validator("text")
    @classmethod
    def _not_empty(cls, value: str) -> str:
        if not value:
            raise ValueError("Text is required.")
        return value


class DataObjectIn(DataObjectBase):
    """One entry of `data_objects`; `source_of_truth` names a system, null or omitted for none."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    source_of_truth: str | None = None
    definitions: list[DefinitionIn] = PydanticField(default_factory=list)

    @field_validator("sensitivity", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:  # replaces DataObjectBase's, which reads "" as unknown
        return _vocabulary(value)

    @field_validator("source_of_truth", mode="before")
    @classmethod
    def _system_name(cls, value: Any) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            raise ValueError("must be a system name or null")
        return _reference(value)


class FlowIn(FlowBase):
    """One entry of `flows`: its ends and data object by name, and any fields.

    Numbers and flags must have their JSON type: pydantic would read "400" as 400 or 1 as
    true, which in a file is a mistake rather than a value.
    """

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    source: str
    target: str
    data_object: str

    @field_validator("source", "target", "data_object", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return _reference(value)

    @field_validator("frequency", "mechanism", "direction", "state", "approach", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:  # replaces FlowBase's, which reads "" as unknown
        return _vocabulary(value)

    # null (or a missing key) is unknown: the room has not answered.
    @field_validator("volume_per_day", mode="before")
    @classmethod
    def _volume(cls, value: Any) -> Any:
        return None if value is None else _whole_number(value)

    @field_validator("manual_hours_per_week", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("must be a number")
        return value

    @field_validator("monitored", mode="before")
    @classmethod
    def _monitored(cls, value: Any) -> Any:
        return None if value is None else _flag(value)


class ScenarioIn(ScenarioBase):
    """One entry of `scenarios`: a title and any other fields, nothing unknown.

    `flow` (`S -> T: O`) marks a scenario added for that one flow only; null puts it in the
    workshop's library; omitted leaves a known scenario where it is (a new one: the library).
    """

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    flow: str | None = None

    @field_validator("flow", mode="before")
    @classmethod
    def _flow(cls, value: Any) -> str | None:
        return None if value is None else _flow_reference(value)

    @field_validator("retired", mode="before")
    @classmethod
    def _retired(cls, value: Any) -> Any:
        return _flag(value)


class CheckIn(CheckBase):
    """One entry of `checks`: a flow (`S -> T: O`) and a scenario title, and any fields.

    `updated_at` omitted means "now" for a check the import creates or changes.
    """

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    flow: str
    scenario: str
    updated_at: str | None = None

    @field_validator("flow", mode="before")
    @classmethod
    def _flow(cls, value: Any) -> str:
        return _flow_reference(value)

    @field_validator("scenario", mode="before")
    @classmethod
    def _scenario(cls, value: Any) -> str:
        return _reference(value)

    @field_validator("uat", mode="before")
    @classmethod
    def _uat(cls, value: Any) -> Any:
        if not isinstance(value, bool):
            raise ValueError("UAT must be true or false.")
        return value

    @field_validator("updated_at", mode="before")
    @classmethod
    def _updated_at(cls, value: Any) -> str | None:
        return _timestamp(value)


class CriterionIn(CriterionBase):
    """One entry of `criteria`: a name and any other fields, nothing unknown."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    @field_validator("weight", mode="before")
    @classmethod
    def _weight(cls, value: Any) -> Any:
        return _whole_number(value)


class CandidateIn(CandidateBase):
    """One entry of `candidates`: its flows by reference, scores and rationales by criterion
    name. Flows, scores and rationales merge: an import adds and changes, never removes."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    flows: list[str] = PydanticField(default_factory=list)
    scores: dict[str, FileScore] = PydanticField(default_factory=dict)
    rationales: dict[str, str] = PydanticField(default_factory=dict)

    @field_validator("phase", mode="before")
    @classmethod
    def _phase(cls, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("must be a whole number from 1, or null")
        return value

    @field_validator("flows", mode="before")
    @classmethod
    def _flows(cls, value: Any) -> Any:
        if not isinstance(value, list):
            return value  # pydantic says "Must be a list."
        return [_flow_reference(item) if isinstance(item, str) else item for item in value]

    @field_validator("rationales")
    @classmethod
    def _rationales(cls, value: dict[str, str]) -> dict[str, str]:
        for key, text in value.items():
            if len(text) > TEXT_MAX:
                raise ValueError(
                    f'the rationale on "{key}" is too long (at most {TEXT_MAX:,} characters)'
                )
        cleaned = {key: clean_text(text).strip() for key, text in value.items()}
        return {key: text for key, text in cleaned.items() if text}


class KpiIn(KpiBase):
    """One entry of `kpis`: candidates and data objects by name (links are added to, never
    removed, by an import); baseline and target are JSON numbers or null."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    candidates: list[str] = PydanticField(default_factory=list)
    data_objects: list[str] = PydanticField(default_factory=list)

    @field_validator("baseline", "target", mode="before")
    @classmethod
    def _file_number(cls, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("must be a number or null")
        return value

    @field_validator("candidates", "data_objects", mode="before")
    @classmethod
    def _names(cls, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        return [_reference(item) for item in value]


# --- sessions -----------------------------------------------------------------------------------


def _optional_flag(value: Any) -> Any:
    """`true`, `false`, or null (or omitted) for "not recorded"."""
    return None if value is None else _flag(value)


def _minute_text(value: Any) -> str:
    """A line of the minutes: text, not empty, at most `TEXT_MAX` characters, trimmed."""
    if not isinstance(value, str):
        raise ValueError("must be text")
    if len(value) > TEXT_MAX:
        raise ValueError(f"is too long (at most {TEXT_MAX:,} characters)")
    text = clean_text(value).strip()
    if not text:
        raise ValueError("is required")
    return text


def _attendee_reference(value: Any) -> str | None:
    """Who decided or owns an action: an attendee's name, or null for nobody named."""
    if value is None:
        return None
    return _reference(value)


class AttendeeIn(AttendeeBase):
    """One entry of a session's `attendees`; `present` null or omitted: not recorded."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    @field_validator("present", mode="before")
    @classmethod
    def _present(cls, value: Any) -> Any:
        return _optional_flag(value)


class AgendaItemIn(AgendaItemBase):
    """One entry of a session's `agenda`; `minutes` null or omitted: not time-boxed."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    @field_validator("minutes", mode="before")
    @classmethod
    def _box(cls, value: Any) -> Any:
        return None if value is None else _whole_number(value)


class ConcernIn(BaseModel):
    """What a minute concerns: exactly one of `{"system": NAME}`, `{"data_object": NAME}`,
    `{"flow": "S -> T: O"}`, `{"candidate": NAME}`, `{"kpi": NAME}`."""

    model_config = ConfigDict(extra="forbid")

    system: str | None = None
    data_object: str | None = None
    flow: str | None = None
    candidate: str | None = None
    kpi: str | None = None

    @field_validator("system", "data_object", "candidate", "kpi", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return _reference(value)

    @field_validator("flow", mode="before")
    @classmethod
    def _flow(cls, value: Any) -> str:
        return _flow_reference(value)

    @model_validator(mode="after")
    def _exactly_one(self) -> ConcernIn:
        if len(self.model_fields_set) != 1:
            raise ValueError(
                'Name exactly one thing: {"system": NAME}, {"data_object": NAME}, '
                '{"flow": "SOURCE -> TARGET: OBJECT"}, {"candidate": NAME} or {"kpi": NAME}.'
            )
        return self

    @property
    def kind(self) -> str:
        (key,) = self.model_fields_set
        return key

    @property
    def name(self) -> str:
        value = getattr(self, self.kind)
        assert isinstance(value, str)
        return value


class _MinuteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    concerns: list[ConcernIn] = PydanticField(default_factory=list)

    @field_validator("text", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        return _minute_text(value)


class DecisionIn(_MinuteIn):
    """One of a session's `decisions`; `by` names an attendee of that session (or is null)."""

    by: str | None = None

    @field_validator("by", mode="before")
    @classmethod
    def _by(cls, value: Any) -> str | None:
        return _attendee_reference(value)


class ActionIn(_MinuteIn):
    """One of a session's `actions`: `owner` an attendee of that session (or null), `due` an
    ISO date (or null: not said), `done` true once it is done."""

    owner: str | None = None
    due: str | None = None
    done: bool = False

    @field_validator("owner", mode="before")
    @classmethod
    def _owner(cls, value: Any) -> str | None:
        return _attendee_reference(value)

    @field_validator("due", mode="before")
    @classmethod
    def _due(cls, value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError("must be a date such as 2026-03-06, or null")
        return iso_date(value, required=True)

    @field_validator("done", mode="before")
    @classmethod
    def _done(cls, value: Any) -> Any:
        return _flag(value)


class ParkedIn(_MinuteIn):
    """One of a session's `parking_lot` questions; `answered` true once it is."""

    answered: bool = False

    @field_validator("answered", mode="before")
    @classmethod
    def _answered(cls, value: Any) -> Any:
        return _flag(value)


class SessionIn(MeetingBase):
    """One entry of `sessions`: a date (ISO) and title, who came, the agenda and the minutes."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    attendees: list[AttendeeIn] = PydanticField(default_factory=list)
    agenda: list[AgendaItemIn] = PydanticField(default_factory=list)
    decisions: list[DecisionIn] = PydanticField(default_factory=list)
    actions: list[ActionIn] = PydanticField(default_factory=list)
    parking_lot: list[ParkedIn] = PydanticField(default_factory=list)

    @field_validator("date", mode="before")
    @classmethod
    def _file_date(cls, value: Any) -> Any:
        if not isinstance(value, str):
            raise ValueError("must be a date such as 2026-03-02")
        return value
