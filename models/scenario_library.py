"""The exception-scenario library shipped with Seamwork, and which data objects it applies to.

The scenarios are data (`models/data/scenarios.json`), not code: the awkward cases operations
meet every week (amended orders, account holds, late stock updates, outages ...), each with a
description a client can read and a question for the room. Workshops copy them
(`storage.queries.scenarios.ensure_library`) so they can be edited and extended per client.

A scenario names the data objects it applies to; an empty list means every flow. Workshops name
their data objects in their own words ("Orders", "Sales order", "Web orders"), so names are
compared loosely but predictably (`same_data_object`): case, punctuation and plurals are
ignored, and the library's synonym groups join the usual alternatives.

Beyond names, a scenario applies by the *kind* of data (`infer_kind`): orders and
opportunities, customers and accounts, employees, projects and timesheets, invoices and
payments, products and stock, tickets, subscriptions. A name's kind is read from its words
("Won opportunities" -> orders, "Staff records" -> employees), and a scenario applies to every
data object of its subject's kind (its first data object), so a professional-services
workshop's "Won deals" meets the scenarios written for "Sales orders". Everything here is pure.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Protocol

LIBRARY_RESOURCE = "scenarios.json"


@dataclass(frozen=True)
class LibraryScenario:
    """One entry of the library. `key` is stable across versions; `title` may be edited later."""

    key: str
    title: str
    category: str
    description: str
    question: str
    data_objects: tuple[str, ...] = ()  # empty: applies to every flow


@dataclass(frozen=True)
class DataKind:
    """A kind of business data and the words that say a name is of that kind."""

    key: str  # "orders"
    label: str  # "orders and opportunities"
    words: tuple[str, ...]  # single words or phrases, in the library's spelling


@dataclass(frozen=True)
class Library:
    """The whole library file: categories in display order, kinds, synonym groups, scenarios."""

    version: int
    categories: tuple[str, ...]
    synonyms: Mapping[str, tuple[str, ...]]
    scenarios: tuple[LibraryScenario, ...]
    kinds: tuple[DataKind, ...] = ()


class HasDataObjects(Protocol):
    """Anything that names the data objects it applies to (a library entry, a workshop copy)."""

    @property
    def data_objects(self) -> Sequence[str]: ...


def _parse(raw: Mapping[str, Any]) -> Library:
    """Read the library file, refusing one that is malformed rather than half-loading it."""
    categories = tuple(raw["categories"])
    scenarios = []
    keys: set[str] = set()
    titles: set[str] = set()
    for item in raw["scenarios"]:
        scenario = LibraryScenario(
            key=item["key"],
            title=item["title"],
            category=item["category"],
            description=item["description"],
            question=item["question"],
            data_objects=tuple(item["data_objects"]),
        )
        if scenario.category not in categories:
            raise ValueError(f"{scenario.key}: unknown category {scenario.category!r}")
        if scenario.key in keys or scenario.title.casefold() in titles:
            raise ValueError(f"{scenario.key}: key or title appears twice")
        keys.add(scenario.key)
        titles.add(scenario.title.casefold())
        scenarios.append(scenario)
    synonyms = {name: tuple(words) for name, words in raw["synonyms"].items()}
    kinds = tuple(
        DataKind(key=key, label=item["label"], words=tuple(item["words"]))
        for key, item in raw.get("kinds", {}).items()
    )
    return Library(
        version=int(raw["version"]),
        categories=categories,
        synonyms=synonyms,
        scenarios=tuple(scenarios),
        kinds=kinds,
    )


@cache
def load_library() -> Library:
    """The library shipped in the package (read once)."""
    text = resources.files("models").joinpath("data", LIBRARY_RESOURCE).read_text("utf-8")
    return _parse(json.loads(text))


def library() -> tuple[LibraryScenario, ...]:
    """Every library scenario, in the library's order (by category, then as written)."""
    return load_library().scenarios


def categories() -> tuple[str, ...]:
    """The suggested scenario categories, in display order (a scenario may use any text)."""
    return load_library().categories


# --- matching data object names -------------------------------------------------------------

_NOT_PLURAL = ("ss", "us", "is")
_ES_PLURAL = ("sses", "shes", "ches", "xes")
_US_STEMS = ("tus", "nus", "pus", "rus", "bus")  # statuses, bonuses; not warehouses


def _singular(word: str) -> str:
    """A rough English singular, the same for both names compared ("addresses" -> "address")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and (
        word.endswith(_ES_PLURAL) or (word.endswith("es") and word[:-2].endswith(_US_STEMS))
    ):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(_NOT_PLURAL):
        return word[:-1]
    return word


def normalise_name(name: str) -> str:
    """A data object name reduced to compare: case, accents of form, punctuation, plurals.

    "Sales-Orders", "sales orders " and "Sales order" all become "sale order".
    """
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    words = re.findall(r"\w+", text)
    return " ".join(_singular(word) for word in words)


def synonym_index(synonyms: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Normalised name -> the normalised name of its group (the group's first name)."""
    index: dict[str, str] = {}
    for name, alternatives in synonyms.items():
        group = normalise_name(name)
        for member in (name, *alternatives):
            index.setdefault(normalise_name(member), group)
    return index


@cache
def _library_index() -> dict[str, str]:
    return synonym_index(load_library().synonyms)


def canonical_name(name: str, index: Mapping[str, str] | None = None) -> str:
    """The synonym group a name belongs to, or its normalised self."""
    normalised = normalise_name(name)
    lookup = _library_index() if index is None else index
    return lookup.get(normalised, normalised)


def same_data_object(a: str, b: str, index: Mapping[str, str] | None = None) -> bool:
    """Whether two data object names mean the same thing ("Sales orders" ~ "Orders").

    `index` is a `synonym_index`; the library's synonyms when omitted.
    """
    name_a, name_b = canonical_name(a, index), canonical_name(b, index)
    return bool(name_a) and name_a == name_b


# --- one line: a scenario for one flow --------------------------------------------------------


def split_scenario_line(line: str) -> tuple[str, str | None]:
    """ "Deal won twice #sales" -> ("Deal won twice", "sales"); no "#": no category said.

    The title is what comes before the last "#", the category what follows, each stripped;
    an empty category is no category. Validation (an empty title) is the storage's.
    """
    title, mark, category = line.rpartition("#")
    if not mark:
        return line.strip(), None
    return title.strip(), category.strip() or None


# --- kinds of data ---------------------------------------------------------------------------


def kinds() -> tuple[DataKind, ...]:
    """The kinds of data the library knows, in the library's order."""
    return load_library().kinds


def kind_label(kind: str) -> str:
    """The label of a kind ("orders and opportunities"); the key itself for one not known."""
    return next((item.label for item in kinds() if item.key == kind), kind)


KindTerms = tuple[tuple[tuple[str, ...], str], ...]


def kind_terms(data_kinds: Sequence[DataKind]) -> KindTerms:
    """Each kind's words, normalised as names are, as (words, kind) pairs."""
    terms = []
    for item in data_kinds:
        for phrase in item.words:
            words = tuple(normalise_name(phrase).split())
            if words:
                terms.append((words, item.key))
    return tuple(terms)


@cache
def _library_terms() -> KindTerms:
    return kind_terms(load_library().kinds)


@cache
def _infer_kind(normalised: str, terms: KindTerms) -> str | None:
    words = normalised.split()
    best: tuple[int, int, str] | None = None  # (end, length, kind): the rightmost, longest
    for phrase, kind in terms:
        size = len(phrase)
        for start in range(len(words) - size + 1):
            if tuple(words[start : start + size]) == phrase:
                found = (start + size, size, kind)
                if best is None or found[:2] > best[:2]:
                    best = found
    return best[2] if best is not None else None


def infer_kind(name: str, terms: KindTerms | None = None) -> str | None:
    """The kind of data a name is about, or None when none of its words says.

    A name in one of the library's synonym groups is read as the group's name ("Customer
    prices" is a price list, of no kind; "Won deals" is opportunities). Words are compared as
    names are (case, punctuation and plurals ignored), phrases included ("bill of materials",
    "time entry"). When words of several kinds appear, the rightmost wins, as the head of an
    English noun phrase comes last: "Customer invoices" is invoices, "Won opportunities"
    orders; words no kind claims are passed over ("Staff records" is employees). `terms` is a
    `kind_terms`; the library's kinds when omitted.
    """
    return _infer_kind(canonical_name(name), _library_terms() if terms is None else terms)


def applies_to(
    scenario: HasDataObjects,
    data_object_name: str,
    index: Mapping[str, str] | None = None,
    terms: KindTerms | None = None,
) -> bool:
    """Whether a scenario belongs on a flow carrying `data_object_name`.

    A scenario that names no data objects applies to every flow. Otherwise it applies when one
    of its names means the same data object (`same_data_object`), or when the flow's data is
    of the kind of the first name, the scenario's subject (`infer_kind`): "Amended order",
    written for "Sales orders", applies to "Won deals". Only the subject widens by kind, so
    "Component shortage" (work orders, stock, purchase orders) stays off sales-order flows.
    """
    if not scenario.data_objects:
        return True
    if any(same_data_object(name, data_object_name, index) for name in scenario.data_objects):
        return True
    kind = infer_kind(scenario.data_objects[0], terms)
    return kind is not None and infer_kind(data_object_name, terms) == kind


__all__ = [
    "DataKind",
    "HasDataObjects",
    "Library",
    "LibraryScenario",
    "applies_to",
    "canonical_name",
    "categories",
    "infer_kind",
    "kind_label",
    "kind_terms",
    "kinds",
    "library",
    "load_library",
    "normalise_name",
    "same_data_object",
    "split_scenario_line",
    "synonym_index",
]
