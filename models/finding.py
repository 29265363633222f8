"""One finding and its severity, apart from the rules that find them (`models.findings`).

Kept light (no tables, no snapshot) so a finding read back from the file's cache can be shown
before storage has loaded (`storage.peek`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    BLOCKER = "blocker"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER: dict[Severity, int] = {severity: rank for rank, severity in enumerate(Severity)}


@dataclass(frozen=True)
class Finding:
    """One thing to look at: a stable `code`, how bad it is, a sentence, and what it concerns.

    `subjects` names the entities: systems, data objects, candidates and KPIs by name, flows
    as `SOURCE -> TARGET: OBJECT`.
    """

    code: str
    severity: Severity
    message: str
    subjects: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The shape `seamwork check -f json` prints."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "subjects": list(self.subjects),
        }


def has_blocker(findings: Iterable[Finding]) -> bool:
    return any(Severity(finding.severity) is Severity.BLOCKER for finding in findings)


def summarise(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each severity, every severity present (zero included)."""
    counts = {severity.value: 0 for severity in Severity}
    for finding in findings:
        counts[Severity(finding.severity).value] += 1
    return counts
