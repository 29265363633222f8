"""The exception-scenario library shipped as data, and how it matches data object names."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from models.scenario_library import (
    LibraryScenario,
    _parse,
    applies_to,
    categories,
    infer_kind,
    kind_label,
    kinds,
    library,
    load_library,
    normalise_name,
    same_data_object,
    split_scenario_line,
    synonym_index,
)

ROOT = Path(__file__).resolve().parent.parent

CATEGORIES = (
    "order lifecycle",
    "customer",
    "stock",
    "pricing",
    "finance",
    "projects and time",
    "subscriptions",
    "manufacturing",
    "people",
    "support",
    "technical",
    "security",
)

# Every case the issue names, by the title it has in the library.
REQUIRED: dict[str, set[str]] = {
    "order lifecycle": {
        "Amended order",
        "Cancelled order",
        "Split delivery",
        "Partial fulfilment",
        "Back order",
        "Return and refund",
    },
    "customer": {
        "Duplicate customer",
        "Account on hold",
        "Credit limit exceeded",
        "Changed address",
    },
    "stock": {"Late stock update", "Negative stock", "Stock in transit", "Reserved stock"},
    "pricing": {
        "Customer-specific price",
        "Discount created in two places",
        "Foreign currency order",
    },
    "finance": {
        "Tax rate or rule change",
        "Rounding differences",
        "Intercompany transaction",
        "Failed or disputed payment",
    },
    "technical": {
        "Missing required field",
        "Duplicate record",
        "Failed validation",
        "Target system down",
        "Timeout and retry",
        "Out-of-order messages",
        "Replay after outage",
        "Rate limit reached",
    },
    "security": {"Permission denied", "Personal data request"},
}


def test_the_library_is_data_in_the_package() -> None:
    """Shipped as a resource of `models`, which the wheel includes with the package."""
    resource = resources.files("models").joinpath("data", "scenarios.json")
    assert resource.is_file()
    assert (ROOT / "models" / "data" / "scenarios.json").is_file()
    raw = json.loads(resource.read_text("utf-8"))
    assert len(raw["scenarios"]) == len(library())


def test_at_least_sixty_scenarios_in_the_twelve_categories() -> None:
    """Issue 13: wholesale, professional services, SaaS, manufacturing and HR, each with a
    question for the room."""
    scenarios = library()
    assert len(scenarios) >= 60
    assert all(scenario.question.strip() for scenario in scenarios)
    assert categories() == CATEGORIES
    by_category: dict[str, set[str]] = {}
    for scenario in scenarios:
        by_category.setdefault(scenario.category, set()).add(scenario.title)
    assert set(by_category) == set(CATEGORIES)
    for category, titles in REQUIRED.items():
        assert titles <= by_category[category], category
    # in display order: grouped by category, categories in the library's order
    order = [CATEGORIES.index(s.category) for s in scenarios]
    assert order == sorted(order)


def test_every_scenario_is_written_for_a_client() -> None:
    keys, titles, descriptions, questions = set(), set(), set(), set()
    for scenario in library():
        assert scenario.key and scenario.key == scenario.key.strip().lower()
        assert scenario.title == scenario.title.strip() and len(scenario.title) <= 60
        # specific: a few sentences of what goes wrong, not a one-line label
        assert len(scenario.description) >= 150, scenario.title
        assert scenario.description.endswith("."), scenario.title
        assert scenario.question.endswith("?"), scenario.title
        assert len(scenario.question) >= 50, scenario.title
        assert "lorem" not in scenario.description.lower()
        keys.add(scenario.key)
        titles.add(scenario.title.casefold())
        descriptions.add(scenario.description)
        questions.add(scenario.question)
    count = len(library())
    assert len(keys) == len(titles) == len(descriptions) == len(questions) == count


def test_named_data_objects_are_synonym_groups() -> None:
    """Every data object the library names is a group, so workshops' variants find it."""
    synonyms = load_library().synonyms
    groups = {normalise_name(name) for name in synonyms}
    for scenario in library():
        for name in scenario.data_objects:
            assert normalise_name(name) in groups, (scenario.title, name)
    technical = [s for s in library() if s.category == "technical"]
    assert technical and all(not s.data_objects for s in technical)  # every flow


def test_a_malformed_library_is_refused() -> None:
    raw = json.loads(resources.files("models").joinpath("data", "scenarios.json").read_text())
    raw["scenarios"][1]["title"] = raw["scenarios"][0]["title"].upper()
    with pytest.raises(ValueError, match="appears twice"):
        _parse(raw)
    raw = json.loads(resources.files("models").joinpath("data", "scenarios.json").read_text())
    raw["scenarios"][0]["category"] = "weather"
    with pytest.raises(ValueError, match="unknown category"):
        _parse(raw)


# --- matching names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("Sales orders", "sale order"),
        ("  SALES-ORDERS ", "sale order"),
        ("Sales order", "sale order"),
        ("Addresses", "address"),
        ("Deliveries", "delivery"),
        ("Despatches", "despatch"),
        ("Statuses", "status"),
        ("Shipment status", "shipment status"),
        ("Warehouses", "warehouse"),
        ("Analysis", "analysis"),
        ("Prices & discounts", "price and discount"),
        ("", ""),
    ],
)
def test_normalise_name(name: str, normalised: str) -> None:
    assert normalise_name(name) == normalised


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sales orders", "Orders"),
        ("Sales orders", "sales order"),
        ("Sales orders", "Web orders"),
        ("Customers", "Accounts"),
        ("Customers", "customer"),
        ("Stock", "Inventory"),
        ("Stock", "stock levels"),
        ("Stock in transit", "Goods in transit"),
        ("Shipment status", "Despatches"),
        ("Shipment status", "Tracking numbers"),
        ("Payments", "Refunds"),
        ("Invoices", "Credit notes"),
        ("Prices", "Price lists"),
        ("Products", "SKUs"),
        ("Returns", "RMAs"),
        ("Orders", "Web orders"),  # two synonyms of one group
        ("Zebra feed", "zebra-feeds"),  # no group: the normalised names compare
    ],
)
def test_same_data_object(a: str, b: str) -> None:
    assert same_data_object(a, b)
    assert same_data_object(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sales orders", "Purchase orders"),
        ("Stock", "Stock in transit"),
        ("Stock", "Products"),
        ("Customers", "Suppliers"),
        ("Invoices", "Payments"),
        ("Shipment status", "Sales orders"),
        ("", ""),
    ],
)
def test_different_data_objects(a: str, b: str) -> None:
    assert not same_data_object(a, b)


def test_synonyms_can_be_given() -> None:
    index = synonym_index({"Jobs": ["Work orders", "Tickets"]})
    assert same_data_object("tickets", "Work order", index)
    assert not same_data_object("Orders", "Sales orders", index)  # not the library's groups


def _scenario(*names: str) -> LibraryScenario:
    return LibraryScenario("k", "T", "technical", "d", "q", tuple(names))


def test_applies_to() -> None:
    assert applies_to(_scenario(), "Anything at all")  # no data objects: every flow
    orders = _scenario("Sales orders", "Payments")
    assert applies_to(orders, "Orders")
    assert applies_to(orders, "Won deals")  # of its subject's kind
    assert applies_to(orders, "card payments") is False  # payments are not its subject
    assert not applies_to(orders, "Zebra feed")  # no kind, no synonym: no guessing
    assert applies_to(orders, "Payment")
    assert not applies_to(orders, "Stock")
    amended = next(s for s in library() if s.title == "Amended order")
    assert applies_to(amended, "Sales orders") and applies_to(amended, "Web orders")
    assert not applies_to(amended, "Stock")


# --- kinds of data --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Won opportunities", "orders"),
        ("Deals", "orders"),
        ("Sales orders", "orders"),
        ("Purchase orders", "orders"),
        ("Customer master", "customers"),
        ("Trade accounts", "customers"),
        ("Employees", "employees"),
        ("Staff records", "employees"),
        ("Payroll changes", "employees"),
        ("Time entries", "projects"),
        ("Billable hours", "projects"),
        ("Engagements", "projects"),
        ("Customer invoices", "invoices"),  # the head noun comes last
        ("Accounts payable", "invoices"),  # a phrase beats its first word
        ("Card payments", "invoices"),
        ("Bill of materials", "products"),
        ("Stock in transit", "products"),
        ("SKUs", "products"),
        ("Support cases", "tickets"),
        ("Incidents", "tickets"),
        ("Licences", "subscriptions"),
        ("Seats", "subscriptions"),
        ("Customer prices", None),  # a price list (its synonym group), not customers
        ("Shipment status", None),
        ("Zebra feed", None),
        ("", None),
    ],
)
def test_infer_kind(name: str, kind: str | None) -> None:
    assert infer_kind(name) == kind


def test_every_kind_the_issue_names_is_in_the_library() -> None:
    keys = {item.key for item in kinds()}
    assert {
        "orders",
        "customers",
        "employees",
        "projects",
        "invoices",
        "products",
        "tickets",
        "subscriptions",
    } <= keys
    assert kind_label("orders") == "orders and opportunities"


def _fitting(object_name: str) -> set[str]:
    return {s.key for s in library() if applies_to(s, object_name)}


def test_won_opportunities_get_order_checks_not_only_generic_ones() -> None:
    generic = {s.key for s in library() if not s.data_objects}
    fitting = _fitting("Won opportunities")
    specific = fitting - generic
    assert {"amended-order", "cancelled-order", "won-deal-to-project"} <= specific
    assert "negative-stock" not in fitting and "leaver-keeps-access" not in fitting


def test_employees_get_people_checks_not_only_generic_ones() -> None:
    generic = {s.key for s in library() if not s.data_objects}
    for name in ("Employees", "Staff records"):
        specific = _fitting(name) - generic
        assert {"starter-before-setup", "leaver-keeps-access", "rehired-employee"} <= specific
        assert "amended-order" not in specific


def test_each_business_has_its_own_scenarios() -> None:
    by_category: dict[str, int] = {}
    for scenario in library():
        by_category[scenario.category] = by_category.get(scenario.category, 0) + 1
    for category in ("projects and time", "subscriptions", "manufacturing", "people", "support"):
        assert by_category[category] >= 4, category


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("Deal won twice #sales", ("Deal won twice", "sales")),
        ("  Deal won twice  ", ("Deal won twice", None)),
        ("Order #42 keyed twice # order lifecycle ", ("Order #42 keyed twice", "order lifecycle")),
        ("Deal won twice #", ("Deal won twice", None)),
        ("", ("", None)),
    ],
)
def test_split_scenario_line(line: str, parts: tuple[str, str | None]) -> None:
    assert split_scenario_line(line) == parts
