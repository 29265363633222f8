"""What the Overview shows of a workshop's readiness, as plain values, and their JSON form.

`storage.queries.readiness` works a `Readiness` out from the whole workshop; the file keeps the
last one worked out (`storage.findings_cache`) as `readiness_json`, so the Overview can list
the findings from a standard-library read before storage has loaded. Nothing here imports the
tables: that is what keeps the first look fast.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from models.finding import Finding, Severity
from models.unknowns import Unanswered

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


def readiness_json(readiness: Readiness) -> str:
    """`readiness` as compact JSON (`readiness_from_json` reads it back equal)."""
    counts = readiness.counts
    unanswered = readiness.unanswered
    return json.dumps(
        {
            "name": readiness.name,
            "client": readiness.client,
            "facilitator": readiness.facilitator,
            "counts": [
                counts.systems,
                counts.data_objects,
                counts.flows,
                counts.checks,
                counts.reviewed,
                counts.gaps,
                counts.candidates,
                counts.kpis,
            ],  # fmt: skip
            "findings": [
                [
                    item.finding.code,
                    item.finding.severity.value,
                    item.finding.message,
                    list(item.finding.subjects),
                    [[subject.kind, subject.name] for subject in item.subjects],
                ]
                for item in readiness.findings
            ],
            "unanswered": [
                unanswered.systems,
                unanswered.data_objects,
                unanswered.flows,
                list(unanswered.first) if unanswered.first is not None else None,
            ],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def readiness_from_json(body: str) -> Readiness:
    """The `Readiness` `readiness_json` wrote; ValueError (or KeyError, TypeError) when `body`
    is not such JSON, which the caller treats as no cache."""
    data: dict[str, Any] = json.loads(body)
    first = data["unanswered"][3]
    severities = {severity.value: severity for severity in Severity}
    return Readiness(
        name=str(data["name"]),
        client=str(data["client"]),
        facilitator=str(data["facilitator"]),
        counts=Counts(*data["counts"]),
        findings=tuple(
            ReadinessFinding(
                Finding(code, severities[severity], message, tuple(subjects)),
                tuple(Subject(kind, name) for kind, name in kinds),
            )
            for code, severity, message, subjects, kinds in data["findings"]
        ),
        unanswered=Unanswered(
            systems=int(data["unanswered"][0]),
            data_objects=int(data["unanswered"][1]),
            flows=int(data["unanswered"][2]),
            first=(str(first[0]), str(first[1])) if first else None,
        ),
    )
