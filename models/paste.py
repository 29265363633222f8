"""Read systems pasted from a client's spreadsheet, and say what would happen to each row.

Pure and light: no database, no pydantic, no widgets. The paste dialog shows the preview this
returns and creates the rows marked "create" through storage, in one transaction.

The text is what a spreadsheet puts on the clipboard: one row a line, cells separated by tabs.
Without a header row the columns are read in the order name, category, owner, vendor,
lifecycle. A first row that names columns (in any order, with common synonyms) is used as the
header instead. Blank lines are ignored. Nothing here raises on any text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from models.enums import Category, Lifecycle
from models.names import clean_name, name_key

# The same limit as `models.tables.TEXT_MAX` (a test keeps them equal); imported from there it
# would pull SQLModel into the app's first frame.
TEXT_MAX = 10_000

Status = Literal["create", "duplicate", "rejected"]

POSITIONAL_COLUMNS: tuple[str, ...] = ("name", "category", "owner", "vendor", "lifecycle")


def _key(text: str) -> str:
    """How cells and synonyms are compared: case-insensitive, letters and digits only."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", "", folded)


def _table(synonyms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for value, words in synonyms.items():
        for word in (value, *words):
            table[_key(word)] = str(value)
    return table


HEADER_SYNONYMS = _table(
    {
        "name": ("system", "system name", "application", "app", "tool", "software", "platform"),
        "category": ("type", "kind", "system type", "area", "function"),
        "owner": ("business owner", "system owner", "owned by", "responsible", "department"),
        "vendor": ("supplier", "provider", "publisher", "manufacturer"),
        "lifecycle": ("status", "stage", "state", "lifecycle stage", "phase"),
    }
)

CATEGORY_SYNONYMS = _table(
    {
        Category.ERP: ("enterprise resource planning", "erp system"),
        Category.CRM: ("customer relationship management", "sales crm"),
        Category.ECOMMERCE: (
            "ecommerce",
            "e commerce",
            "web shop",
            "webshop",
            "online shop",
            "online store",
            "eshop",
            "storefront",
            "shop",
        ),
        Category.MARKETPLACE: ("marketplaces", "market place", "channel"),
        Category.COURIER: ("carrier", "shipping", "delivery", "couriers", "parcel"),
        Category.WAREHOUSE: ("wms", "warehouse management", "warehousing", "3pl"),
        Category.FINANCE: (
            "accounting",
            "accounts",
            "bookkeeping",
            "financial",
            "financials",
            "general ledger",
            "ledger",
        ),
        Category.PAYMENTS: ("payment", "psp", "payment gateway", "payment provider"),
        Category.HR: ("human resources", "hris", "payroll", "people"),
        Category.SUPPORT: (
            "helpdesk",
            "help desk",
            "customer service",
            "customer support",
            "service desk",
            "ticketing",
        ),
        Category.MARKETING: ("email marketing", "marketing automation"),
        Category.BI: ("business intelligence", "reporting", "analytics", "data warehouse"),
        Category.PSA: ("professional services automation",),
        Category.PIM: ("product information management", "product information"),
        Category.CUSTOM: ("in-house", "in house", "bespoke", "home grown", "homegrown"),
        Category.OTHER: ("misc", "miscellaneous"),
    }
)

LIFECYCLE_SYNONYMS = _table(
    {
        Lifecycle.PLANNED: ("plan", "planning", "future", "proposed", "to be", "evaluating"),
        Lifecycle.IMPLEMENTING: (
            "implementation",
            "in implementation",
            "being implemented",
            "in progress",
            "rolling out",
            "rollout",
        ),
        Lifecycle.LIVE: ("production", "in production", "prod", "in use", "active", "current"),
        Lifecycle.RETIRING: (
            "retire",
            "to retire",
            "retired",
            "sunset",
            "sunsetting",
            "legacy",
            "decommissioning",
            "end of life",
            "eol",
            "being replaced",
        ),
    }
)


@dataclass(frozen=True)
class PasteRow:
    """One pasted line and what would happen to it."""

    line: int
    """1-based line number in the pasted text, so the facilitator can find it."""
    status: Status
    name: str
    category: str = ""
    owner: str = ""
    vendor: str = ""
    lifecycle: str = ""
    reason: str = ""
    """Empty for "create"; otherwise one sentence saying why the row is not created."""

    def values(self) -> dict[str, str]:
        """The fields to create the system with ("" is unknown; the others are unknown too)."""
        return {column: getattr(self, column) for column in POSITIONAL_COLUMNS}


@dataclass(frozen=True)
class PastePreview:
    rows: tuple[PasteRow, ...] = ()
    columns: tuple[str, ...] = POSITIONAL_COLUMNS
    """The column each cell position was read as ("" for an ignored column)."""
    header: bool = False
    """Whether the first row was taken as a header naming the columns."""
    notes: tuple[str, ...] = field(default=())
    """Sentences about the paste as a whole (ignored columns, the header found)."""

    def with_status(self, status: Status) -> list[PasteRow]:
        return [row for row in self.rows if row.status == status]

    @property
    def to_create(self) -> list[PasteRow]:
        return self.with_status("create")

    def counts(self) -> dict[Status, int]:
        counts: dict[Status, int] = {"create": 0, "duplicate": 0, "rejected": 0}
        for row in self.rows:
            counts[row.status] += 1
        return counts

    def summary(self) -> str:
        """E.g. "7 to create, 1 duplicate, 1 rejected"."""
        if not self.rows:
            return "Nothing pasted yet"
        counts = self.counts()
        duplicates = counts["duplicate"]
        return (
            f"{counts['create']} to create, "
            f"{duplicates} duplicate{'' if duplicates == 1 else 's'}, "
            f"{counts['rejected']} rejected"
        )


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t")]


def _header_columns(cells: list[str]) -> tuple[str, ...] | None:
    """The columns a header row names, or None when the row is data.

    A header names the name column and at least one other known column (or is just a name
    heading); cells it does not know become ignored columns.
    """
    columns = tuple(HEADER_SYNONYMS.get(_key(cell), "") for cell in cells)
    known = [column for column in columns if column]
    if "name" not in known or len(known) != len(set(known)):
        return None
    unknown = [cell for cell, column in zip(cells, columns, strict=True) if cell and not column]
    if len(known) >= 2 or not unknown:
        return columns
    return None


def _match(value: str, table: dict[str, str], what: str) -> tuple[str, str]:
    """The vocabulary value for a cell, and an error sentence if there is none."""
    if not value:
        return "", ""
    match = table.get(_key(value))
    if match is None:
        return "", f'unknown {what} "{value}"'
    return match, ""


def _limit(value: str, label: str) -> str:
    if len(value) > TEXT_MAX:
        return f"{label} is too long (at most {TEXT_MAX} characters)"
    return ""


def _sentence(message: str) -> str:
    """A validation message as a reason: lower-case start, no full stop (it sits in a table)."""
    message = message.strip().rstrip(".")
    return message[:1].lower() + message[1:]


def parse_pasted_systems(text: str, existing_keys: set[str]) -> PastePreview:
    """Classify every non-blank pasted line as create, duplicate or rejected.

    `existing_keys` are the `name_key`s of the systems already in the workshop.
    """
    lines = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    columns = POSITIONAL_COLUMNS
    header = False
    notes: list[str] = []
    if lines:
        first = _cells(lines[0][1])
        found = _header_columns(first)
        if found is not None:
            columns, header = found, True
            lines = lines[1:]
            ignored = [cell for cell, column in zip(first, found, strict=True) if not column]
            if ignored:
                quoted = ", ".join(f'"{cell}"' for cell in ignored)
                notes.append(f"Columns not read: {quoted}.")
    widest = max((len(_cells(line)) for _, line in lines), default=0)
    if not header and widest > len(POSITIONAL_COLUMNS):
        notes.append(
            "Only the first five columns are read (name, category, owner, vendor, lifecycle)."
        )

    rows: list[PasteRow] = []
    seen: dict[str, int] = {}
    for number, line in lines:
        cells = _cells(line)
        raw = {column: "" for column in POSITIONAL_COLUMNS}
        for column, cell in zip(columns, cells, strict=False):
            if column and not raw[column]:
                raw[column] = cell
        rows.append(_classify(number, raw, existing_keys, seen))
    return PastePreview(rows=tuple(rows), columns=columns, header=header, notes=tuple(notes))


def _classify(
    number: int, raw: dict[str, str], existing_keys: set[str], seen: dict[str, int]
) -> PasteRow:
    """One row's fate. Only rows to create claim their name, so a rejected first try of a name
    does not make a corrected later line a duplicate."""

    def row(status: Status, reason: str = "", **values: str) -> PasteRow:
        return PasteRow(number, status, **{**raw, **values}, reason=reason)

    try:
        name = clean_name(raw["name"])
    except ValueError as exc:
        return row("rejected", _sentence(str(exc)))
    key = name_key(name)
    if key in existing_keys:
        return row("duplicate", "already in the workshop", name=name)
    if key in seen:
        return row("duplicate", f"same name as line {seen[key]}", name=name)
    category, category_error = _match(raw["category"], CATEGORY_SYNONYMS, "category")
    lifecycle, lifecycle_error = _match(raw["lifecycle"], LIFECYCLE_SYNONYMS, "lifecycle")
    reason = (
        category_error
        or lifecycle_error
        or _limit(raw["owner"], "owner")
        or _limit(raw["vendor"], "vendor")
    )
    if reason:
        return row("rejected", reason, name=name)
    seen[key] = number
    return row(
        "create",
        name=name,
        category=category,  # "" when the paste does not say: stored as unknown, never a guess
        lifecycle=lifecycle,
    )
