"""How a client's own spreadsheet reads as systems or flows: header names and cell values.

An application inventory or an interface catalogue is headed the way its author thought of it
("Application", "Business owner", "Interface type") and filled in the same way ("SaaS",
"Nightly", "REST API"). These pure rules match a header to a field by its name and common
synonyms, and a cell to a vocabulary value by its value, its label and obvious synonyms,
ignoring case, spacing and punctuation. A value that matches nothing is never guessed: the
caller keeps it in notes, and the field stays unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from models.enums import (
    Api,
    Approach,
    Category,
    Direction,
    FlowState,
    Frequency,
    Hosting,
    Lifecycle,
    Mechanism,
    Sensitivity,
)
from models.labels import CRITICALITY_LABELS, label

NOTES = "notes"
SKIP = "skip"

SYSTEMS = "systems"
FLOWS = "flows"
DATA_OBJECTS = "data_objects"

# Each field, then the header names it goes by (its own name always matches too).
SYSTEM_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("Application", "System", "System name", "Application name", "Name", "App"),
    "owner": ("Business owner", "Owner", "Application owner", "System owner", "Product owner"),
    "vendor": ("Vendor", "Supplier", "Product vendor", "Manufacturer"),
    "category": (
        "Category",
        "Type",
        "Application type",
        "System type",
        "Application category",
        "System category",
    ),
    "lifecycle": (
        "Lifecycle",
        "Status",
        "Lifecycle status",
        "Lifecycle stage",
        "Life cycle",
        "Lifecycle state",
        "Lifecycle phase",
        "Life cycle status",
    ),
    "hosting": ("Hosting", "Deployment", "Hosting model", "Deployment model"),
    "api": ("API", "API type", "APIs", "Integration capability", "Interface type"),
    "criticality": ("Criticality", "Business criticality", "Importance", "Criticality level"),
    "notes": ("Notes", "Comments", "Description", "Remarks"),
}
FLOW_HEADERS: dict[str, tuple[str, ...]] = {
    "source": ("Source system", "Source", "From", "Sending system", "From system", "Sender"),
    "target": ("Target", "Target system", "To", "Receiving system", "To system", "Receiver"),
    "data_object": ("Data object", "Data", "Entity", "Payload", "Message", "Business object"),
    "frequency": ("Frequency", "Schedule", "Timing"),
    "mechanism": ("Interface type", "Mechanism", "Method", "Protocol", "Technology"),
    "direction": ("Direction",),
    "state": ("State", "Current state", "Automation", "Automation level"),
    "approach": ("Approach", "Build approach", "Integration approach"),
    "owner": ("Owner", "Interface owner", "Flow owner"),
    "error_handling": ("Error handling",),
    "security": ("Security",),
    "monitored": ("Monitored", "Monitoring"),
    "volume_per_day": ("Volume per day", "Volume", "Daily volume", "Records per day"),
    "manual_hours_per_week": (
        "Manual hours per week",
        "Manual hours",
        "Hours per week",
        "Manual effort",
    ),
    "notes": ("Notes", "Comments", "Description", "Remarks"),
}
DATA_OBJECT_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("Name",),
    "owner": ("Owner", "Data owner", "Owning function", "Business owner"),
    "source_of_truth": ("Source of truth", "System of record", "Master system", "Golden source"),
    "sensitivity": ("Sensitivity", "Classification", "Data classification", "Confidentiality"),
    "definition": ("Definition",),
}
HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    SYSTEMS: SYSTEM_HEADERS,
    FLOWS: FLOW_HEADERS,
    DATA_OBJECTS: DATA_OBJECT_HEADERS,
}

# The vocabulary of each field that has one.
VOCABULARIES: dict[str, type[StrEnum]] = {
    "category": Category,
    "lifecycle": Lifecycle,
    "hosting": Hosting,
    "api": Api,
    "sensitivity": Sensitivity,
    "frequency": Frequency,
    "mechanism": Mechanism,
    "direction": Direction,
    "state": FlowState,
    "approach": Approach,
}
WHOLE_NUMBERS: dict[str, tuple[int, int]] = {"volume_per_day": (0, 1_000_000_000)}
NUMBERS: dict[str, tuple[float, float]] = {"manual_hours_per_week": (0, 10_000)}
FLAGS = frozenset({"monitored"})
NAMES = frozenset({"name", "source", "target", "data_object", "source_of_truth"})
# Fields whose cells are read as values (`match_value`), not kept as typed.
ANSWERED = frozenset({*VOCABULARIES, "criticality", *WHOLE_NUMBERS, *NUMBERS, *FLAGS})

# Obvious synonyms of vocabulary values, beyond each value and its label. Only what a person
# would read as that value without doubt: "legacy" is not "retiring", "middleware" not "iPaaS".
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "category": {
        "erp": ("Enterprise resource planning",),
        "crm": ("Customer relationship management",),
        "e-commerce": ("Ecommerce", "Webshop", "Web shop", "Online shop", "Online store"),
        "marketplace": ("Marketplaces",),
        "courier": ("Carrier", "Shipping"),
        "warehouse": ("WMS", "Warehouse management", "Warehousing"),
        "finance": ("Accounting", "Financials"),
        "payments": ("Payment", "Payment service provider", "PSP"),
        "hr": ("HRIS", "Human resources", "Payroll"),
        "support": ("Helpdesk", "Help desk", "Service desk", "Customer service"),
        "bi": ("Business intelligence", "Reporting", "Analytics"),
        "psa": ("Professional services automation",),
        "pim": ("Product information management",),
        "custom": ("Bespoke", "In-house", "Homegrown", "Home-grown"),
    },
    "lifecycle": {
        "planned": ("Plan", "Proposed", "Future"),
        "implementing": ("Implementation", "In implementation", "Being implemented", "Rollout"),
        "live": ("Production", "In production", "Active", "In use", "Operational"),
        "retiring": ("Sunset", "Sunsetting", "Decommissioning", "Phasing out", "To be retired"),
    },
    "hosting": {
        "saas": ("Software as a service", "Cloud SaaS"),
        "cloud": ("IaaS", "PaaS", "Public cloud", "Private cloud", "Cloud hosted"),
        "on-premise": ("On premises", "On prem", "On-prem", "Self hosted", "Self-hosted"),
    },
    "api": {
        "rest": ("REST API", "RESTful", "JSON API", "REST/JSON"),
        "soap": ("SOAP API", "SOAP/XML", "Web service", "Web services"),
        "graphql": ("GraphQL API",),
        "file": ("Files", "File export", "Flat file", "CSV", "SFTP"),
        "database": ("DB", "SQL", "ODBC", "JDBC", "Direct database"),
        "none": ("No API", "No"),
    },
    "sensitivity": {
        "personal": ("PII", "Personal data", "GDPR"),
        "financial": ("Finance",),
    },
    "frequency": {
        "real-time": (
            "Realtime",
            "Real time",
            "Instant",
            "Immediate",
            "Event driven",
            "Event-based",
            "Streaming",
            "Near real time",
            "Continuous",
        ),
        "hourly": ("Every hour", "Hour", "Once an hour"),
        "daily": (
            "Nightly",
            "Once a day",
            "Every day",
            "Every night",
            "Overnight",
            "End of day",
            "Day",
            "Daily batch",
            "Nightly batch",
        ),
        "weekly": ("Once a week", "Every week", "Week"),
        "on-demand": ("On request", "When requested", "Triggered"),
        "ad-hoc": ("Adhoc", "As needed", "Occasional", "Occasionally", "Irregular"),
    },  # fmt: skip
    "mechanism": {
        "api": ("REST", "REST API", "SOAP", "SOAP API", "GraphQL", "Web service", "API call"),
        "webhook": ("Webhooks", "Callback"),
        "file": (
            "File transfer",
            "Flat file",
            "CSV",
            "CSV file",
            "SFTP",
            "FTP",
            "File drop",
            "Batch file",
        ),
        "ipaas": ("Integration platform",),
        "database": ("DB", "SQL", "Direct database", "Database link", "ODBC", "JDBC"),
        "email": ("E-mail", "Mail"),
        "manual": (
            "Manual entry",
            "Re-keying",
            "Rekeying",
            "Manual re-keying",
            "By hand",
            "Copy paste",
            "Copy and paste",
        ),
    },  # fmt: skip
    "direction": {
        "one-way": ("One way", "Unidirectional", "Uni-directional", "Single direction"),
        "two-way": ("Two way", "Bidirectional", "Bi-directional", "Both ways", "Both"),
    },
    "state": {
        "manual": ("Manual re-keying", "Re-keying", "Rekeying", "Not automated"),
        "partial": ("Partly automated", "Partially automated", "Semi-automated", "Semi automatic"),
        "automated": ("Automatic", "Fully automated", "Auto"),
        "planned": ("To be built", "Not started", "Future"),
    },
    "approach": {
        "connector": (
            "Native connector",
            "Standard connector",
            "Out of the box",
            "Plugin",
            "Plug-in",
            "Marketplace app",
        ),
        "custom": ("Custom code", "Custom built", "Custom-built", "Bespoke", "In-house"),
        "ipaas": ("Integration platform",),
        "undecided": ("TBD", "To be decided", "Not decided"),
    },  # fmt: skip
}
CRITICALITY_WORDS: dict[str, int] = {
    "minor": 1,
    "very low": 1,
    "low": 2,
    "medium": 3,
    "moderate": 3,
    "high": 4,
    "critical": 5,
    "very high": 5,
    "mission critical": 5,
}
TRUE_WORDS = ("yes", "y", "true", "x", "1", "monitored")
FALSE_WORDS = ("no", "n", "false", "0", "not monitored")
# What a cell says when nobody knows: the field stays unknown and nothing goes to notes.
UNKNOWN_WORDS = ("", "not recorded", "unknown", "n/a", "na", "-", "\u2014", "?", "tbc")

_PUNCTUATION = re.compile(r"[\W_]+")


def header_key(text: str) -> str:
    """A header or value as compared: case, spaces and punctuation ignored ("On-premise" and
    "on premise" are one key)."""
    return _PUNCTUATION.sub("", text.casefold())


def _table(entries: Mapping[str, Iterable[str]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for target, names in entries.items():
        for name in names:
            table.setdefault(header_key(name), target)
    return table


def _header_table(kind: str) -> dict[str, str]:
    return _table({field: (field, *names) for field, names in HEADERS[kind].items()})


_HEADER_TABLES = {kind: _header_table(kind) for kind in HEADERS}


def match_header(kind: str, header: str) -> str | None:
    """The field of `kind` ("systems", "flows", "data_objects") a column headed `header` is,
    or None."""
    return _HEADER_TABLES[kind].get(header_key(header))


def fields_of(kind: str) -> tuple[str, ...]:
    """The fields a sheet of `kind` may fill, in the file's order."""
    return tuple(HEADERS[kind])


def _value_table(field: str) -> dict[str, str]:
    vocabulary = VOCABULARIES[field]
    entries: dict[str, tuple[str, ...]] = {
        member.value: (member.value, label(member)) for member in vocabulary
    }
    for value, names in SYNONYMS.get(field, {}).items():
        entries[value] = entries[value] + names
    return _table(entries)


_VALUE_TABLES = {field: _value_table(field) for field in VOCABULARIES}
_UNKNOWN = frozenset(UNKNOWN_WORDS)
_CRITICALITY = {header_key(text): number for number, text in CRITICALITY_LABELS.items()} | {
    header_key(word): number for word, number in CRITICALITY_WORDS.items()
}
_TRUE = frozenset(header_key(word) for word in TRUE_WORDS)
_FALSE = frozenset(header_key(word) for word in FALSE_WORDS)


def is_unknown(value: Any) -> bool:
    """Whether a cell says nothing: empty, or a word for "nobody knows"."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().casefold() in _UNKNOWN
    return False


class NoMatch(ValueError):
    """A cell that reads as no valid value of its field: kept in notes, never guessed."""


_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})+")  # 1,200,000 or 1.200.000
_MIXED = re.compile(r"\d{1,3}(?:([.,])\d{3})*([.,])\d+")  # 1,200.5 or 1.200,5
_AMBIGUOUS = re.compile(r"\d{1,3}[.,]\d{3}")  # 1,200 or 1.200: 1200, or 1.2 in Germany?


def read_number(value: Any) -> float:
    """A number from a cell. Text may group thousands and use a decimal comma ("6,5",
    "1.200.000", "1 200", "1.200,5"); a single separator before exactly three digits ("1,200",
    "1.200") reads one way in English and another in German, so it is refused, not guessed."""
    if isinstance(value, bool):
        raise NoMatch(value)
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    sign = ""
    if text.startswith(("-", "+")):
        sign, text = text[0], text[1:]
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "").replace(".", "")
    elif (mixed := _MIXED.fullmatch(text)) and mixed.group(1) and mixed.group(1) != mixed.group(2):
        text = text.replace(mixed.group(1), "").replace(mixed.group(2), ".")
    elif _AMBIGUOUS.fullmatch(text):
        raise NoMatch(value)
    elif text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", text):
        raise NoMatch(value)
    return float(sign + text)


def match_value(field: str, value: Any) -> Any:
    """The value a cell gives `field`: a vocabulary value, a whole number, a number, a flag;
    None when the cell says nothing. Raises `NoMatch` for a cell that is no valid value.

    Text fields take the text as it is (the caller checks its characters).
    """
    if is_unknown(value):
        return None
    if field in VOCABULARIES:
        found = _VALUE_TABLES[field].get(header_key(str(value)))
        if found is None:
            raise NoMatch(value)
        return found
    if field == "criticality":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if float(value).is_integer() and 1 <= value <= 5:
                return int(value)
            raise NoMatch(value)
        number = _CRITICALITY.get(header_key(str(value)))
        if number is None:
            return match_value(field, read_number(value))
        return number
    if field in WHOLE_NUMBERS:
        low, high = WHOLE_NUMBERS[field]
        amount = read_number(value)
        if not amount.is_integer() or not low <= amount <= high:
            raise NoMatch(value)
        return int(amount)
    if field in NUMBERS:
        low_f, high_f = NUMBERS[field]
        amount = read_number(value)
        if not low_f <= amount <= high_f:
            raise NoMatch(value)
        return int(amount) if amount.is_integer() else amount
    if field in FLAGS:
        if isinstance(value, bool):
            return value
        key = header_key(str(value))
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        raise NoMatch(value)
    return value if isinstance(value, str) else cell_text(value)


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without ".0", flags as yes / no, none as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def expected(field: str) -> str:
    """What a field takes, for a sentence ("one of planned, implementing, live, retiring")."""
    if field in VOCABULARIES:
        return "one of " + ", ".join(member.value for member in VOCABULARIES[field])
    if field == "criticality":
        return "a whole number from 1 to 5"
    if field in WHOLE_NUMBERS:
        low, high = WHOLE_NUMBERS[field]
        return f"a whole number from {low:,} to {high:,}"
    if field in NUMBERS:
        low_f, high_f = NUMBERS[field]
        return f"a number from {low_f:,g} to {high_f:,g}"
    if field in FLAGS:
        return "yes or no"
    return "text"


def kind_of_fields(fields: Iterable[str | None]) -> str | None:
    """What a sheet whose columns are `fields` holds: "flows" with a source and a target,
    "systems" with a name, else None."""
    present = set(fields)
    if {"source", "target"} <= present:
        return FLOWS
    if "name" in present:
        return SYSTEMS
    return None


def sheet_kind(headers: Iterable[str]) -> str | None:
    """What a header row heads, by its headers' own names (`kind_of_fields`)."""
    names = [header for header in headers if header]
    if kind_of_fields(match_header(FLOWS, header) for header in names) == FLOWS:
        return FLOWS
    if kind_of_fields(match_header(SYSTEMS, header) for header in names) == SYSTEMS:
        return SYSTEMS
    return None


def looked_for() -> str:
    """The columns `sheet_kind` looks for, said once for an error message."""
    return (
        'a name column ("Application", "System", "Name") for systems, or source and target '
        'columns ("Source system", "From"; "Target system", "To") for flows'
    )
