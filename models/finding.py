"""One finding and its severity, apart from the rules that find them (`models.findings`).

Kept light (no tables, no snapshot) so a finding read back from the file's cache can be shown
before storage has loaded (`storage.peek`).
"""

from __future__ import annotations

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
