"""How stored vocabulary values read to a person ("e-commerce" -> "E-commerce", "hr" -> "HR").

Files, the command line and filters keep the lower-case values; the TUI, the summary and the
label columns of the spreadsheets show these. Here, in `models`, so storage's exports and the
TUI read one table and cannot drift apart.
"""

from __future__ import annotations

from enum import StrEnum

from models.enums import (
    Api,
    Approach,
    Category,
    CheckStatus,
    FlowState,
    Frequency,
    Hosting,
    Mechanism,
)

_SPECIAL: dict[str, str] = {
    Category.ERP: "ERP",
    Category.CRM: "CRM",
    Category.HR: "HR",
    Category.BI: "BI",
    Category.PSA: "PSA",
    Category.PIM: "PIM",
    Hosting.SAAS: "SaaS",
    Api.REST: "REST",
    Api.SOAP: "SOAP",
    Api.GRAPHQL: "GraphQL",
    Frequency.ON_DEMAND: "On demand",
    Frequency.AD_HOC: "Ad hoc",
    Mechanism.API: "API",
    Mechanism.IPAAS: "iPaaS",
    Approach.IPAAS: "iPaaS",
    FlowState.PARTIAL: "Partly automated",
    CheckStatus.ACCEPTED_RISK: "Accepted risk",
    CheckStatus.NOT_APPLICABLE: "Not applicable",
}

CRITICALITY_LABELS = {
    1: "1 · minor",
    2: "2 · low",
    3: "3 · medium",
    4: "4 · high",
    5: "5 · critical",
}


def label(value: str | StrEnum) -> str:
    """The display label for one vocabulary value (unknown values are shown as stored)."""
    special = _SPECIAL.get(str(value))
    if special is not None:
        return special
    text = str(value)
    return text[:1].upper() + text[1:]


def label_or(value: str | StrEnum | None, unknown: str) -> str:
    """`label(value)`, or `unknown` (such as "not recorded") when nobody has answered."""
    return unknown if value is None else label(value)
