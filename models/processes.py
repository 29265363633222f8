"""Suggest candidate integrations by grouping flows into end-to-end business processes.

The room thinks in processes (order to cash), not in single flows, and the guide says to start
from process. A flow joins a process by the name of the data object it carries ("Sales
orders", "Invoices"); the room accepts or rejects each suggestion, so a rough keyword match is
enough as long as it is predictable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from models.names import name_key

if TYPE_CHECKING:  # models.snapshot loads SQLModel; screens import Suggestion at start-up
    from models.snapshot import FlowData, WorkshopData


@dataclass(frozen=True)
class Suggestion:
    """A proposed candidate: a name to give it, which process it is, its flows and why."""

    name: str
    process: str
    flows: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Process:
    """An end-to-end process: `key` (stable, for files), the name to suggest, and its words.

    Each keyword is a tuple of singular words that must appear in a row in the data object's
    name ("credit note"). `purpose` finishes the reason sentence.
    """

    key: str
    name: str
    keywords: tuple[tuple[str, ...], ...]
    purpose: str


ORDER_TO_CASH = Process(
    "order-to-cash",
    "Order to cash",
    (
        ("order",),
        ("shipment",),
        ("dispatch",),
        ("delivery",),
        ("invoice",),
        ("payment",),
        ("credit", "note"),
    ),
    "take an order through delivery and invoicing to payment",
)
PRODUCT_AND_STOCK = Process(
    "product-and-stock",
    "Product and stock sync",
    (("product",), ("sku",), ("stock",), ("inventory",), ("price",)),
    "keep products, stock levels and prices the same in every system",
)
CUSTOMER_MASTER = Process(
    "customer-master",
    "Customer master",
    (("customer",), ("account",), ("contact",)),
    "keep one agreed record of each customer",
)
PROCURE_TO_PAY = Process(
    "procure-to-pay",
    "Procure to pay",
    (("purchase",), ("supplier",), ("vendor",), ("bill",)),
    "take a purchase from order to paying the supplier",
)
RECORD_TO_REPORT = Process(
    "record-to-report",
    "Record to report",
    (("journal",), ("ledger",), ("gl",), ("chart", "of", "account")),
    "carry postings into the books and the reports",
)

# Suggestions come in this order: order to cash first, as the guide says to start there.
PROCESSES: tuple[Process, ...] = (
    ORDER_TO_CASH,
    PRODUCT_AND_STOCK,
    CUSTOMER_MASTER,
    PROCURE_TO_PAY,
    RECORD_TO_REPORT,
)

# A name matching several processes goes to the most specific one: "Purchase orders" are
# procure-to-pay, "Chart of accounts" record-to-report, "Customer invoices" order-to-cash.
PRECEDENCE: tuple[Process, ...] = (
    PROCURE_TO_PAY,
    RECORD_TO_REPORT,
    ORDER_TO_CASH,
    PRODUCT_AND_STOCK,
    CUSTOMER_MASTER,
)

MIN_FLOWS = 2

_WORD = re.compile(r"[^\W_]+")


def _singular(word: str) -> str:
    """Good enough for the keywords above: orders, deliveries, dispatches, invoices, GL."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


def _words(name: str) -> tuple[str, ...]:
    return tuple(_singular(word) for word in _WORD.findall(name_key(name)))


def _contains(words: Sequence[str], keyword: tuple[str, ...]) -> bool:
    size = len(keyword)
    return any(tuple(words[i : i + size]) == keyword for i in range(len(words) - size + 1))


def process_of(data_object: str) -> tuple[Process, int] | None:
    """The process a data object's name belongs to and which of its keywords matched.

    The keyword's index orders data objects along the process (orders before invoices).
    """
    words = _words(data_object)
    for process in PRECEDENCE:
        for index, keyword in enumerate(process.keywords):
            if _contains(words, keyword):
                return process, index
    return None


def _quoted(name: str) -> str:
    return f"\u201c{name}\u201d"


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _free_name(name: str, taken: set[str]) -> str:
    """`name`, or `name 2`, `name 3`… when a candidate already has it (names are unique)."""
    candidate, number = name, 1
    while name_key(candidate) in taken:
        number += 1
        candidate = f"{name} {number}"
    return candidate


def suggest_candidates(data: WorkshopData) -> list[Suggestion]:
    """One suggestion per process with at least two flows that are in no candidate yet.

    Order to cash comes first, then the others in `PROCESSES` order. Flows are sorted by name;
    the reason names the data objects in process order (orders before invoices).
    """
    in_candidates = {name_key(ref) for candidate in data.candidates for ref in candidate.flows}
    grouped: dict[str, list[tuple[int, FlowData]]] = {}
    for flow in data.flows:
        if name_key(flow.ref) in in_candidates:
            continue
        found = process_of(flow.data_object)
        if found is not None:
            process, index = found
            grouped.setdefault(process.key, []).append((index, flow))
    taken = {name_key(candidate.name) for candidate in data.candidates}
    suggestions = []
    for process in PROCESSES:
        members = grouped.get(process.key, [])
        if len(members) < MIN_FLOWS:
            continue
        objects: dict[str, tuple[int, str, str]] = {}
        for index, flow in members:
            key = name_key(flow.data_object)
            entry = (index, key, flow.data_object)
            objects[key] = min(objects.get(key, entry), entry)  # one spelling, whatever the order
        names = [_quoted(name) for _, _, name in sorted(objects.values())]
        refs = sorted((flow.ref for _, flow in members), key=lambda ref: (name_key(ref), ref))
        count = len(refs)
        reason = (
            f"These {count} flows carry {_join(names)}, which together "
            f"{process.purpose}; scoring them as one candidate keeps the process whole."
        )
        name = _free_name(process.name, taken)
        taken.add(name_key(name))
        suggestions.append(Suggestion(name, process.key, tuple(refs), reason))
    return suggestions
