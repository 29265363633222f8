"""Findings about priorities: FLOW-NO-KPI, PHASE-SYSTEM-NOT-LIVE, and SCENARIO-GAP as a blocker
for first-phase candidates. Each rule with the cases where it must fire and must not."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from models.enums import CheckStatus, Lifecycle
from models.findings import RULES, Finding, Severity, find_all, has_blocker
from models.scoring import CandidateData, KpiData
from models.snapshot import CheckData, DataObjectData, FlowData, WorkshopData
from models.tables import FlowBase, SystemBase, WorkshopBase

GOOD: dict[str, Any] = {"owner": "IT", "error_handling": "Alert ops; retry hourly"}

ORDERS = FlowData("Shopify", "ERP", "Sales orders", FlowBase.model_validate(GOOD))
INVOICES = FlowData("ERP", "Xero", "Invoices", FlowBase.model_validate(GOOD))
STOCK = FlowData("ERP", "Shopify", "Stock", FlowBase.model_validate(GOOD))


def workshop(
    *candidates: CandidateData,
    kpis: tuple[KpiData, ...] = (),
    lifecycles: dict[str, Lifecycle] | None = None,
) -> WorkshopData:
    flows = (ORDERS, INVOICES, STOCK)
    lifecycles = lifecycles or {}
    systems = sorted({f.source for f in flows} | {f.target for f in flows})
    return WorkshopData(
        workshop=WorkshopBase(name="W"),
        systems=tuple(
            SystemBase(name=name, lifecycle=lifecycles.get(name, Lifecycle.LIVE))
            for name in systems
        ),
        data_objects=tuple(
            DataObjectData(f.data_object, owner="Ops", source_of_truth=f.source) for f in flows
        ),
        flows=flows,
        candidates=candidates,
        kpis=kpis,
    )


def found(data: WorkshopData, code: str) -> list[Finding]:
    return [finding for finding in find_all(data) if finding.code == code]


O2C = CandidateData("Order to cash", phase=1, flows=(ORDERS.ref, INVOICES.ref))
STOCK_SYNC = CandidateData("Stock sync", phase=2, flows=(STOCK.ref,))


def test_the_new_rules_run_with_the_others() -> None:
    names = [rule.__name__ for rule in RULES]
    assert names.index("flow_no_kpi") == names.index("flow_no_error_handling") + 1
    assert names.index("phase_system_not_live") == names.index("scenario_gap") + 1


def test_a_measured_plan_on_live_systems_has_no_findings() -> None:
    kpis = (
        KpiData("Days to invoice", candidates=("Order to cash",)),
        KpiData("Stock accuracy", data_objects=("Stock",)),
    )
    assert find_all(workshop(O2C, STOCK_SYNC, kpis=kpis)) == []


# --- FLOW-NO-KPI ----------------------------------------------------------------------------


def test_flow_no_kpi_once_per_flow_in_a_candidate() -> None:
    findings = found(workshop(O2C), "FLOW-NO-KPI")
    assert [(f.severity, f.subjects) for f in findings] == [
        (Severity.WARNING, ("ERP -> Xero: Invoices", "Order to cash")),
        (Severity.WARNING, ("Shopify -> ERP: Sales orders", "Order to cash")),
    ]
    message = findings[1].message
    assert message == (
        "The flow of \u201cSales orders\u201d from Shopify to ERP is in \u201cOrder to cash\u201d "
        "but moves no KPI; link a KPI to that candidate or to \u201cSales orders\u201d, or ask "
        "whether it is a priority."
    )
    assert not has_blocker(findings)


def test_flow_no_kpi_names_every_candidate_holding_the_flow() -> None:
    again = CandidateData("Invoice automation", flows=(INVOICES.ref,))
    [finding] = [f for f in found(workshop(O2C, again), "FLOW-NO-KPI") if "Xero" in f.subjects[0]]
    assert finding.subjects == ("ERP -> Xero: Invoices", "Order to cash", "Invoice automation")
    assert "one of them" in finding.message


def test_flow_no_kpi_not_raised_for_flows_outside_candidates() -> None:
    assert found(workshop(), "FLOW-NO-KPI") == []  # no candidates: nothing is a priority yet
    subjects = [f.subjects[0] for f in found(workshop(STOCK_SYNC), "FLOW-NO-KPI")]
    assert subjects == ["ERP -> Shopify: Stock"]  # orders and invoices are in no candidate


def test_flow_no_kpi_not_raised_when_a_kpi_links_the_candidate_or_the_data_object() -> None:
    by_candidate = KpiData("Order error rate", candidates=("ORDER TO CASH",))
    assert found(workshop(O2C, kpis=(by_candidate,)), "FLOW-NO-KPI") == []
    by_object = KpiData("Days to invoice", data_objects=("invoices",))
    findings = found(workshop(O2C, kpis=(by_object,)), "FLOW-NO-KPI")
    assert [f.subjects[0] for f in findings] == ["Shopify -> ERP: Sales orders"]
    # A KPI on one of two candidates holding the flow is enough.
    again = CandidateData("Invoice automation", flows=(INVOICES.ref,))
    on_other = KpiData("Invoice backlog", candidates=("Invoice automation",))
    findings = found(workshop(O2C, again, kpis=(on_other,)), "FLOW-NO-KPI")
    assert [f.subjects[0] for f in findings] == ["Shopify -> ERP: Sales orders"]


def test_flow_no_kpi_ignores_kpis_on_other_candidates() -> None:
    elsewhere = KpiData("Stock accuracy", candidates=("Stock sync",))
    findings = found(workshop(O2C, STOCK_SYNC, kpis=(elsewhere,)), "FLOW-NO-KPI")
    assert len(findings) == 2 and all("Order to cash" in f.subjects for f in findings)


# --- PHASE-SYSTEM-NOT-LIVE ------------------------------------------------------------------


def test_phase_system_not_live_once_per_first_phase_candidate() -> None:
    lifecycles = {"Xero": Lifecycle.PLANNED, "ERP": Lifecycle.IMPLEMENTING}
    [finding] = found(workshop(O2C, STOCK_SYNC, lifecycles=lifecycles), "PHASE-SYSTEM-NOT-LIVE")
    assert finding.severity is Severity.WARNING
    assert finding.subjects == ("Order to cash", "ERP", "Xero")
    assert finding.message == (
        "\u201cOrder to cash\u201d is in phase 1, the first, but ERP is still being implemented "
        "and Xero is still planned; make them live before that phase starts, or move the "
        "candidate to a later phase."
    )


def test_the_first_phase_is_the_lowest_in_use() -> None:
    later = replace(O2C, phase=3)
    stock_first = workshop(later, STOCK_SYNC, lifecycles={"Shopify": Lifecycle.PLANNED})
    [finding] = found(stock_first, "PHASE-SYSTEM-NOT-LIVE")
    assert finding.subjects == ("Stock sync", "Shopify")
    assert "in phase 2, the first" in finding.message and "make it live" in finding.message


def test_phase_system_not_live_not_raised_later_unphased_or_live() -> None:
    planned_xero = {"Xero": Lifecycle.PLANNED}
    # Xero is only used by order to cash, here in a later phase or unphased.
    assert found(workshop(replace(O2C, phase=3), STOCK_SYNC, lifecycles=planned_xero),
                 "PHASE-SYSTEM-NOT-LIVE") == []  # fmt: skip
    assert found(workshop(replace(O2C, phase=None), lifecycles=planned_xero),
                 "PHASE-SYSTEM-NOT-LIVE") == []  # fmt: skip
    # Live and retiring systems are running today.
    retiring = {"Xero": Lifecycle.RETIRING, "ERP": Lifecycle.LIVE}
    assert found(workshop(O2C, lifecycles=retiring), "PHASE-SYSTEM-NOT-LIVE") == []
    assert found(workshop(lifecycles=planned_xero), "PHASE-SYSTEM-NOT-LIVE") == []


# --- SCENARIO-GAP through candidates --------------------------------------------------------


def check(flow: FlowData, status: CheckStatus, scenario: str = "Amended order") -> CheckData:
    return CheckData(flow.source, flow.target, flow.data_object, scenario, status)


def test_first_phase_flows_come_from_candidates() -> None:
    data = workshop(replace(O2C, phase=2), replace(STOCK_SYNC, phase=4), CandidateData("Later"))
    assert data.first_phase == 2
    assert data.first_phase_candidates == (replace(O2C, phase=2),)
    assert data.phase_one_flows == frozenset({ORDERS.ref, INVOICES.ref})
    assert workshop(CandidateData("Unphased", flows=(STOCK.ref,))).phase_one_flows == frozenset()
    assert workshop().first_phase is None
    # Flows named directly still count (for callers without candidates).
    direct = replace(workshop(O2C), first_phase_flows=frozenset({STOCK.ref}))
    assert direct.phase_one_flows == frozenset({ORDERS.ref, INVOICES.ref, STOCK.ref})


def test_scenario_gap_blocks_a_first_phase_candidate() -> None:
    checks = (
        check(ORDERS, CheckStatus.GAP),
        check(INVOICES, CheckStatus.OPEN),
        check(STOCK, CheckStatus.GAP),
        check(STOCK, CheckStatus.OPEN, "Late stock update"),
    )
    kpis = (KpiData("Everything", candidates=("Order to cash", "Stock sync")),)
    data = replace(workshop(O2C, STOCK_SYNC, kpis=kpis), checks=checks)
    findings = found(data, "SCENARIO-GAP")
    assert [(f.severity, f.subjects) for f in findings] == [
        (Severity.BLOCKER, ("ERP -> Xero: Invoices",)),  # open, first phase
        (Severity.BLOCKER, ("Shopify -> ERP: Sales orders",)),  # gap, first phase
        (Severity.WARNING, ("ERP -> Shopify: Stock",)),  # gap, phase 2
    ]  # the open check on stock (phase 2) raises nothing
    assert has_blocker(find_all(data))
    # Moved to a later phase than stock sync, order to cash no longer blocks.
    later = replace(data, candidates=(replace(O2C, phase=3), STOCK_SYNC))
    assert [(f.severity, f.subjects[0]) for f in found(later, "SCENARIO-GAP")] == [
        (Severity.BLOCKER, "ERP -> Shopify: Stock"),  # its gap, now in the first phase
        (Severity.BLOCKER, "ERP -> Shopify: Stock"),  # and its open check
        (Severity.WARNING, "Shopify -> ERP: Sales orders"),  # order to cash's gap
    ]
