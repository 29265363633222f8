"""Every finding code, on small hand-made workshops: when it must fire and when it must not."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from models.enums import CheckStatus, Sensitivity
from models.findings import (
    Severity,
    definitions_conflict,
    find_all,
    findings_by_subject,
    has_blocker,
    summarise,
)
from models.snapshot import (
    CheckData,
    DataObjectData,
    DefinitionData,
    FlowData,
    ScenarioData,
    WorkshopData,
)
from models.tables import FlowBase, SystemBase, WorkshopBase

GOOD: dict[str, Any] = {"owner": "IT", "error_handling": "Alert ops; retry hourly", "security": ""}


def flow(source: str, target: str, obj: str, **fields: Any) -> FlowData:
    return FlowData(source, target, obj, FlowBase.model_validate({**GOOD, **fields}))


def workshop(objects: list[DataObjectData], flows: list[FlowData]) -> WorkshopData:
    systems = {f.source for f in flows} | {f.target for f in flows}
    return WorkshopData(
        workshop=WorkshopBase(name="W"),
        systems=tuple(SystemBase(name=name) for name in sorted(systems)),
        data_objects=tuple(objects),
        flows=tuple(flows),
    )


def codes(data: WorkshopData) -> list[str]:
    return [finding.code for finding in find_all(data)]


STOCK = DataObjectData("Stock", owner="Operations", source_of_truth="ERP")


def test_a_well_governed_workshop_has_no_findings() -> None:
    data = workshop([STOCK], [flow("ERP", "Shop", "Stock")])
    assert find_all(data) == []
    assert summarise([]) == {"blocker": 0, "warning": 0, "info": 0}


def test_sot_missing_when_flowing_data_has_no_source() -> None:
    data = workshop([DataObjectData("Stock")], [flow("ERP", "Shop", "Stock")])
    [finding] = find_all(data)
    assert finding.code == "SOT-MISSING"
    assert finding.severity is Severity.WARNING
    assert finding.subjects == ("Stock",)
    assert "Stock" in finding.message and "1 flow" in finding.message


def test_sot_missing_not_raised_for_data_that_does_not_flow() -> None:
    assert codes(workshop([DataObjectData("Stock")], [])) == []


def test_sot_conflict_when_another_system_writes_into_the_source() -> None:
    data = workshop([STOCK], [flow("Shop", "ERP", "Stock")])
    [finding] = find_all(data)
    assert finding.code == "SOT-CONFLICT"
    assert finding.severity is Severity.BLOCKER
    assert finding.subjects == ("Shop -> ERP: Stock", "Stock", "ERP")
    assert has_blocker([finding])


def test_sot_conflict_for_two_way_flow_from_the_source() -> None:
    data = workshop([STOCK], [flow("ERP", "Shop", "Stock", direction="two-way")])
    assert codes(data) == ["SOT-CONFLICT"]


def test_sot_conflict_not_raised_for_reads_from_the_source_or_other_objects() -> None:
    prices = DataObjectData("Prices", source_of_truth="PIM")
    data = workshop(
        [STOCK, prices],
        [
            flow("ERP", "Shop", "Stock"),
            flow("Shop", "ERP", "Prices"),
            flow("PIM", "Shop", "Prices"),
        ],
    )
    assert "SOT-CONFLICT" not in codes(data)


def test_sot_names_compare_case_insensitively() -> None:
    stock = DataObjectData("Stock", source_of_truth="erp")
    assert codes(workshop([stock], [flow("Shop", "ERP", "stock")])) == ["SOT-CONFLICT"]


def test_def_conflict_when_departments_disagree() -> None:
    stock = DataObjectData(
        "Stock in transit",
        source_of_truth="ERP",
        definitions=(
            DefinitionData("Sales", "Stock at the local hub, promisable in 48 hours"),
            DefinitionData("Logistics", "Stock shipped from the supplier, still at sea"),
        ),
    )
    [finding] = find_all(workshop([stock], []))
    assert finding.code == "DEF-CONFLICT"
    assert "Logistics and Sales" in finding.message


def test_def_conflict_not_raised_for_the_same_words_or_a_single_department() -> None:
    same = DataObjectData(
        "Stock",
        definitions=(
            DefinitionData("Sales", "Units on hand."),
            DefinitionData("Finance", "units  on HAND"),
            DefinitionData("IT", ""),
        ),
    )
    single = DataObjectData("Orders", definitions=(DefinitionData("Sales", "Confirmed orders"),))
    assert codes(workshop([same, single], [])) == []


def test_flow_without_owner_or_error_handling() -> None:
    data = workshop([STOCK], [flow("ERP", "Shop", "Stock", owner=" ", error_handling="")])
    assert sorted(codes(data)) == ["FLOW-NO-ERROR-HANDLING", "FLOW-NO-OWNER"]
    for finding in find_all(data):
        assert finding.subjects == ("ERP -> Shop: Stock",)


def test_sensitive_data_without_security_review() -> None:
    customers = DataObjectData("Customers", source_of_truth="CRM", sensitivity=Sensitivity.PERSONAL)
    invoices = DataObjectData("Invoices", source_of_truth="ERP", sensitivity="financial")
    data = workshop(
        [customers, invoices], [flow("CRM", "ERP", "Customers"), flow("ERP", "Bank", "Invoices")]
    )
    found = find_all(data)
    assert [f.code for f in found] == ["SENSITIVE-UNREVIEWED", "SENSITIVE-UNREVIEWED"]
    assert found[0].subjects == ("CRM -> ERP: Customers", "Customers")


def test_sensitive_not_raised_when_reviewed_or_not_sensitive() -> None:
    customers = DataObjectData("Customers", source_of_truth="CRM", sensitivity="personal")
    reviewed = flow("CRM", "ERP", "Customers", security="Service account; GDPR basis: contract")
    internal = flow("ERP", "Shop", "Stock")
    assert codes(workshop([customers, STOCK], [reviewed, internal])) == []


def test_findings_are_ordered_blockers_first_and_stable() -> None:
    data = workshop(
        [STOCK, DataObjectData("Orders")],
        [flow("Shop", "ERP", "Stock", owner=""), flow("Shop", "ERP", "Orders")],
    )
    found = find_all(data)
    assert found[0].code == "SOT-CONFLICT"
    assert found == find_all(data)
    assert [f.severity for f in found] == sorted(
        (f.severity for f in found), key=lambda s: list(Severity).index(s)
    )


# --- helpers for lists and badges -----------------------------------------------------------


def test_definitions_conflict_agrees_with_the_rule() -> None:
    """Storage flags rows with `definitions_conflict`; it must say what DEF-CONFLICT says."""
    cases = [
        ["Units on hand", "units on hand."],
        ["Units on hand", "Units we can promise"],
        ["Units on hand", "", "  "],
        ["Units on hand"],
        [],
        ["A", "B", "a"],
    ]
    for texts in cases:
        obj = DataObjectData(
            "Stock",
            definitions=tuple(DefinitionData(f"Dept {i}", text) for i, text in enumerate(texts)),
        )
        fired = "DEF-CONFLICT" in codes(workshop([obj], []))
        assert definitions_conflict(texts) is fired, texts


def test_findings_by_subject_indexes_every_subject_once() -> None:
    data = workshop(
        [STOCK, DataObjectData("Customers", sensitivity=Sensitivity.PERSONAL)],
        [
            flow("Shop", "ERP", "Stock"),  # SOT-CONFLICT: subjects flow, object, system
            flow("ERP", "CRM", "Customers", owner=""),  # no owner, no security, no SOT
        ],
    )
    found = find_all(data)
    by_subject = findings_by_subject(found)
    assert [f.code for f in by_subject["Shop -> ERP: Stock"]] == ["SOT-CONFLICT"]
    assert [f.code for f in by_subject["Stock"]] == ["SOT-CONFLICT"]
    assert [f.code for f in by_subject["ERP"]] == ["SOT-CONFLICT"]
    assert [f.code for f in by_subject["ERP -> CRM: Customers"]] == [
        "FLOW-NO-OWNER",
        "SENSITIVE-UNREVIEWED",
    ]
    assert [f.code for f in by_subject["Customers"]] == ["SENSITIVE-UNREVIEWED", "SOT-MISSING"]
    assert sum(len(v) for v in by_subject.values()) == sum(len(set(f.subjects)) for f in found)
    assert findings_by_subject([]) == {}


# --- exception scenarios ---------------------------------------------------------------------

ORDERS_FLOW = flow("Shop", "ERP", "Orders")
ORDERS = DataObjectData("Orders", owner="Sales", source_of_truth="Shop")


def check(status: str, scenario: str = "Amended order", ends: tuple[str, ...] = ()) -> CheckData:
    source, target, obj = ends or ("Shop", "ERP", "Orders")
    return CheckData(source, target, obj, scenario, CheckStatus(status))


def with_checks(
    *checks: CheckData,
    scenarios: tuple[ScenarioData, ...] = (),
    first_phase: frozenset[str] = frozenset(),
) -> WorkshopData:
    base = workshop([ORDERS], [ORDERS_FLOW])
    return replace(base, scenarios=scenarios, checks=checks, first_phase_flows=first_phase)


def test_scenario_gap_is_a_warning_on_the_flow() -> None:
    data = with_checks(check("gap"), check("handled", "Cancelled order"))
    [finding] = find_all(data)
    assert finding.code == "SCENARIO-GAP"
    assert finding.severity is Severity.WARNING
    assert finding.subjects == ("Shop -> ERP: Orders",)
    assert "Amended order" in finding.message and "Orders" in finding.message
    assert finding.message.endswith(".")
    assert not has_blocker([finding])


def test_scenario_gap_once_per_gap() -> None:
    data = with_checks(check("gap"), check("gap", "Split delivery"))
    assert codes(data) == ["SCENARIO-GAP", "SCENARIO-GAP"]


def test_no_scenario_gap_for_answered_or_open_checks() -> None:
    """Handled, accepted risk and not applicable are answers; open is not a gap yet."""
    data = with_checks(
        check("handled"),
        check("accepted-risk", "Split delivery"),
        check("not-applicable", "Back order"),
        check("open", "Cancelled order"),
    )
    assert codes(data) == []


def test_no_scenario_gap_for_a_retired_scenario() -> None:
    retired = (ScenarioData("Amended order", retired=True), ScenarioData("Back order"))
    assert codes(with_checks(check("gap"), scenarios=retired)) == []
    assert codes(with_checks(check("gap", "back ORDER"), scenarios=retired)) == ["SCENARIO-GAP"]


def test_open_checks_outside_the_first_phase_raise_nothing() -> None:
    """No candidates yet (issue 5): an empty first phase leaves open checks alone."""
    other = flow("ERP", "WMS", "Orders")
    data = replace(
        with_checks(check("open"), check("open", "Back order", ("ERP", "WMS", "Orders"))),
        flows=(ORDERS_FLOW, other),
        first_phase_flows=frozenset({"ERP -> WMS: Orders"}),
    )
    found = find_all(data)
    assert [(f.code, f.severity, f.subjects) for f in found] == [
        ("SCENARIO-GAP", Severity.BLOCKER, ("ERP -> WMS: Orders",))
    ]


def test_gaps_and_open_checks_block_a_first_phase_flow() -> None:
    first = frozenset({"shop -> erp: orders"})  # compared ignoring case, like every name
    data = with_checks(
        check("gap"),
        check("open", "Split delivery"),
        check("open", "Back order"),
        check("handled", "Cancelled order"),
        first_phase=first,
    )
    found = find_all(data)
    assert [(f.code, f.severity) for f in found] == [
        ("SCENARIO-GAP", Severity.BLOCKER),
        ("SCENARIO-GAP", Severity.BLOCKER),
    ]
    assert has_blocker(found)
    messages = sorted(f.message for f in found)
    assert messages[0].startswith("2 scenarios are still open on the flow of")
    assert "first phase" in messages[1] and "Amended order" in messages[1]
    single = with_checks(check("open"), first_phase=first)
    assert find_all(single)[0].message.startswith("1 scenario is still open")


def test_spoken_descriptions_tell_alike_values_apart() -> None:
    from models.enums import Approach, Mechanism, describe

    assert describe(Mechanism.IPAAS) == "middleware / iPaaS"
    assert describe(Approach.IPAAS) == "iPaaS"
    assert describe(Mechanism.FILE) == "file transfer"
