"""Findings: pure rules that read a workshop and say what a client should look at.

Codes are a public interface (the `check` command and the exports print them), so a code is
never renamed once released. Each rule is a function `WorkshopData -> Iterable[Finding]` listed
in `RULES`; `find_all` runs them and orders the result the same way every time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from models.snapshot import WorkshopData


class Severity(StrEnum):
    BLOCKER = "blocker"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER: dict[Severity, int] = {severity: rank for rank, severity in enumerate(Severity)}


@dataclass(frozen=True)
class Finding:
    """One thing to look at: a stable `code`, how bad it is, a sentence, and what it concerns.

    `subjects` names the entities: systems and data objects by name, flows as
    `SOURCE -> TARGET: OBJECT`.
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


Rule = Callable[[WorkshopData], Iterable[Finding]]

# One entry per finding rule; later issues add SOT-MISSING, FLOW-NO-OWNER and the rest here.
RULES: tuple[Rule, ...] = ()


def find_all(data: WorkshopData, rules: Sequence[Rule] | None = None) -> list[Finding]:
    """Every finding for `data`, blockers first, then by code and subjects (stable output)."""
    findings = [finding for rule in (RULES if rules is None else rules) for finding in rule(data)]
    return sorted(
        findings,
        key=lambda f: (SEVERITY_ORDER[Severity(f.severity)], f.code, f.subjects, f.message),
    )


def summarise(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each severity, every severity present (zero included)."""
    counts = {severity.value: 0 for severity in Severity}
    for finding in findings:
        counts[Severity(finding.severity).value] += 1
    return counts


def has_blocker(findings: Iterable[Finding]) -> bool:
    return any(Severity(finding.severity) is Severity.BLOCKER for finding in findings)
