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
