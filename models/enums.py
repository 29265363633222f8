"""Fixed vocabularies. Values are the lower-case strings used in files and on the command line."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    ERP = "erp"
    CRM = "crm"
    ECOMMERCE = "e-commerce"
    MARKETPLACE = "marketplace"
    COURIER = "courier"
    WAREHOUSE = "warehouse"
    FINANCE = "finance"
    PAYMENTS = "payments"
    HR = "hr"
    SUPPORT = "support"
    MARKETING = "marketing"
    BI = "bi"
    PSA = "psa"
    PIM = "pim"
    CUSTOM = "custom"
    OTHER = "other"


class Lifecycle(StrEnum):
    PLANNED = "planned"
    IMPLEMENTING = "implementing"
    LIVE = "live"
    RETIRING = "retiring"


class Hosting(StrEnum):
    SAAS = "saas"
    CLOUD = "cloud"
    ON_PREMISE = "on-premise"
    OTHER = "other"


class Api(StrEnum):
    REST = "rest"
    SOAP = "soap"
    GRAPHQL = "graphql"
    FILE = "file"
    DATABASE = "database"
    NONE = "none"
    OTHER = "other"


def choices(enum: type[StrEnum]) -> list[str]:
    """The values of an enumeration in declaration order, for selects and messages."""
    return [member.value for member in enum]


class Sensitivity(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    PERSONAL = "personal"
    FINANCIAL = "financial"


class Frequency(StrEnum):
    REAL_TIME = "real-time"
    HOURLY = "hourly"
    DAILY = "daily"
    WEEKLY = "weekly"
    ON_DEMAND = "on-demand"
    AD_HOC = "ad-hoc"


class Mechanism(StrEnum):
    API = "api"
    WEBHOOK = "webhook"
    FILE = "file"
    IPAAS = "ipaas"
    DATABASE = "database"
    EMAIL = "email"
    MANUAL = "manual"


class Direction(StrEnum):
    ONE_WAY = "one-way"
    TWO_WAY = "two-way"


class FlowState(StrEnum):
    MANUAL = "manual"
    PARTIAL = "partial"
    AUTOMATED = "automated"
    PLANNED = "planned"


class Approach(StrEnum):
    CONNECTOR = "connector"
    CUSTOM = "custom"
    IPAAS = "ipaas"
    UNDECIDED = "undecided"


class CheckStatus(StrEnum):
    """Where one exception scenario stands on one flow, as agreed in the room."""

    OPEN = "open"
    HANDLED = "handled"
    GAP = "gap"
    ACCEPTED_RISK = "accepted-risk"
    NOT_APPLICABLE = "not-applicable"


class MinuteKind(StrEnum):
    """What a line in a session's minutes records."""

    DECISION = "decision"  # what the room decided, and who decided it
    ACTION = "action"  # what someone will do, by when
    PARKED = "parked"  # a question to come back to (the parking lot)


class ScoringMethod(StrEnum):
    """How a workshop ranks its candidate integrations (see models/scoring.py)."""

    WEIGHTED = "weighted"
    WSJF = "wsjf"


class CriterionKind(StrEnum):
    """A benefit scores high when good; a cost scores high when bad and is inverted."""

    BENEFIT = "benefit"
    COST = "cost"


class WsjfPart(StrEnum):
    """Which part of weighted-shortest-job-first a criterion feeds; cost criteria are job size."""

    VALUE = "value"
    TIME_CRITICALITY = "time-criticality"
    RISK_REDUCTION = "risk-reduction"
    JOB_SIZE = "job-size"


class Quadrant(StrEnum):
    """Where a candidate sits on the value-versus-effort chart."""

    QUICK_WIN = "quick-win"
    BIG_BET = "big-bet"
    FILL_IN = "fill-in"
    MONEY_PIT = "money-pit"


# How the longer names people say in the room read; files keep the short values above.
DESCRIPTIONS: dict[StrEnum, str] = {
    Frequency.ON_DEMAND: "on demand",
    Frequency.AD_HOC: "ad hoc",
    Mechanism.FILE: "file transfer",
    Mechanism.IPAAS: "middleware / iPaaS",
    Mechanism.DATABASE: "database link",
    Mechanism.MANUAL: "manual re-keying",
    FlowState.PARTIAL: "partly automated",
    Approach.IPAAS: "iPaaS",
    CheckStatus.ACCEPTED_RISK: "accepted risk",
    CheckStatus.NOT_APPLICABLE: "not applicable",
    ScoringMethod.WEIGHTED: "weighted scoring",
    ScoringMethod.WSJF: "WSJF (cost of delay / job size)",
    WsjfPart.TIME_CRITICALITY: "time criticality",
    WsjfPart.RISK_REDUCTION: "risk reduction",
    WsjfPart.JOB_SIZE: "job size",
    Quadrant.QUICK_WIN: "quick win",
    Quadrant.BIG_BET: "big bet",
    Quadrant.FILL_IN: "fill-in",
    Quadrant.MONEY_PIT: "money pit",
}

_DESCRIBED: dict[tuple[type[StrEnum], str], str] = {
    (type(member), member.value): text for member, text in DESCRIPTIONS.items()
}
_DESCRIBED[(Mechanism, Mechanism.IPAAS.value)] = "middleware / iPaaS"
_DESCRIBED[(Approach, Approach.IPAAS.value)] = "iPaaS"


def describe(member: StrEnum) -> str:
    """The spoken form of a value, e.g. Mechanism.FILE -> "file transfer".

    Use this rather than `DESCRIPTIONS[member]`: values of different enumerations that are
    spelt alike ("ipaas") are equal as dictionary keys, so the dict cannot tell them apart.
    """
    return _DESCRIBED.get((type(member), member.value), member.value)


SENSITIVE: frozenset[Sensitivity] = frozenset({Sensitivity.PERSONAL, Sensitivity.FINANCIAL})
