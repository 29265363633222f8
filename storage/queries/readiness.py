"""The readiness check as the Overview screen shows it: the workshop, its counts, its findings.

`load_readiness` reads the workshop once (`load_snapshot`) and runs every finding rule on it,
so the counts and the findings always describe the same state. Each finding's subjects are
named entities; here each one is also told apart by kind (system, data object, flow, candidate,
KPI), so a screen can jump to the entity a finding concerns without knowing the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlmodel import Session, col, select

from models.enums import CheckStatus
from models.findings import Finding, find_all
from models.names import name_key
from models.snapshot import WorkshopData, split_flow_ref
from models.tables import DataObject, Flow, System
from models.unknowns import Unanswered, unanswered
from storage.queries.snapshot import load_snapshot

SYSTEM = "system"
DATA_OBJECT = "data_object"
FLOW = "flow"
CANDIDATE = "candidate"
KPI = "kpi"

KIND_LABELS: dict[str, str] = {
    SYSTEM: "System",
    DATA_OBJECT: "Data object",
    FLOW: "Flow",
    CANDIDATE: "Candidate",
    KPI: "KPI",
}

# When a name could be two kinds of thing (a system and a data object both called "Stock"), the
# kind a rule puts at that place among its subjects wins; otherwise the first kind that has it.
_SUBJECT_KINDS: dict[str, tuple[str, ...]] = {
    "SOT-MISSING": (DATA_OBJECT,),
    "SOT-CONFLICT": (FLOW, DATA_OBJECT, SYSTEM),
    "DEF-CONFLICT": (DATA_OBJECT,),
    "SENSITIVE-UNREVIEWED": (FLOW, DATA_OBJECT),
    "FLOW-NO-KPI": (FLOW, CANDIDATE),
    "PHASE-SYSTEM-NOT-LIVE": (CANDIDATE,),  # then its systems
}
_KIND_ORDER: tuple[str, ...] = (FLOW, SYSTEM, DATA_OBJECT, CANDIDATE, KPI)


@dataclass(frozen=True)
class Subject:
    """One entity a finding concerns; `kind` is None when no entity has that name any more."""

    kind: str | None
    name: str

    @property
    def label(self) -> str:
        """ "System · Mintsoft WMS", for lists where the kind must be said."""
        return f"{KIND_LABELS.get(self.kind or '', 'Other')} · {self.name}"


@dataclass(frozen=True)
class ReadinessFinding:
    finding: Finding
    subjects: tuple[Subject, ...]  # in the rule's order, each named once


@dataclass(frozen=True)
class Counts:
    """What the workshop holds. `candidates` and `kpis` are None before prioritisation exists
    in this version; checks of retired scenarios are not counted (as on the Scenarios screen)."""

    systems: int = 0
    data_objects: int = 0
    flows: int = 0
    checks: int = 0
    reviewed: int = 0
    gaps: int = 0
    candidates: int | None = None
    kpis: int | None = None


@dataclass(frozen=True)
class Readiness:
    name: str
    client: str
    facilitator: str
    counts: Counts
    findings: tuple[ReadinessFinding, ...]
    unanswered: Unanswered = Unanswered()  # the questions still to ask


def _names(data: WorkshopData) -> dict[str, set[str]]:
    """Each kind's names, compared by `name_key` (as storage compares names)."""
    names = {
        SYSTEM: {name_key(system.name) for system in data.systems},
        DATA_OBJECT: {name_key(obj.name) for obj in data.data_objects},
        FLOW: {name_key(flow.ref) for flow in data.flows},
    }
    for kind, attribute in ((CANDIDATE, "candidates"), (KPI, "kpis")):
        names[kind] = {name_key(item.name) for item in getattr(data, attribute, ())}
    return names


def subjects_of(finding: Finding, names: Mapping[str, set[str]]) -> tuple[Subject, ...]:
    """`finding`'s subjects, each with its kind (see `_SUBJECT_KINDS` for ties)."""
    hints = _SUBJECT_KINDS.get(finding.code, ())
    result: dict[tuple[str | None, str], Subject] = {}
    for position, name in enumerate(finding.subjects):
        key = name_key(name)
        hint = hints[position] if position < len(hints) else None
        if hint is not None and key in names.get(hint, ()):
            kind: str | None = hint
        else:
            kind = next((k for k in _KIND_ORDER if key in names.get(k, ())), None)
        result.setdefault((kind, key), Subject(kind, name))  # each entity once
    return tuple(result.values())


def _counts(data: WorkshopData) -> Counts:
    retired = {name_key(s.title) for s in data.scenarios if s.retired}
    checks = [c for c in data.checks if name_key(c.scenario) not in retired]
    candidates = getattr(data, "candidates", None)
    kpis = getattr(data, "kpis", None)
    return Counts(
        systems=len(data.systems),
        data_objects=len(data.data_objects),
        flows=len(data.flows),
        checks=len(checks),
        reviewed=sum(check.status != CheckStatus.OPEN for check in checks),
        gaps=sum(check.status == CheckStatus.GAP for check in checks),
        candidates=len(candidates) if candidates is not None else None,
        kpis=len(kpis) if kpis is not None else None,
    )


def readiness_of(data: WorkshopData, findings: Iterable[Finding] | None = None) -> Readiness:
    """The readiness of `data` (its findings worked out unless given)."""
    found = find_all(data) if findings is None else list(findings)
    names = _names(data)
    workshop = data.workshop
    return Readiness(
        name=workshop.name,
        client=workshop.client,
        facilitator=workshop.facilitator,
        counts=_counts(data),
        findings=tuple(ReadinessFinding(f, subjects_of(f, names)) for f in found),
        unanswered=unanswered(data),
    )


def load_readiness(session: Session) -> Readiness:
    """The workshop's details, counts and every finding, read in one go (never writes)."""
    return readiness_of(load_snapshot(session))


def entity_id(session: Session, *, kind: str, name: str) -> int | None:
    """The database id of the `kind` entity called `name` (flows as `S -> T: O`), or None."""
    if kind == SYSTEM:
        return session.exec(select(System.id).where(System.name_key == name_key(name))).first()
    if kind == DATA_OBJECT:
        return session.exec(
            select(DataObject.id).where(DataObject.name_key == name_key(name))
        ).first()
    if kind == FLOW:
        for source, target, data_object in split_flow_ref(name):
            source_id = entity_id(session, kind=SYSTEM, name=source)
            target_id = entity_id(session, kind=SYSTEM, name=target)
            object_id = entity_id(session, kind=DATA_OBJECT, name=data_object)
            if source_id is None or target_id is None or object_id is None:
                continue
            found = session.exec(
                select(Flow.id).where(
                    col(Flow.source_id) == source_id,
                    col(Flow.target_id) == target_id,
                    col(Flow.data_object_id) == object_id,
                )
            ).first()
            if found is not None:
                return found
    return None
