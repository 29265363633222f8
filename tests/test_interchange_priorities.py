"""JSON interchange of criteria, candidates and KPIs: shape, round trips, merge, validation."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interchange_files import (
    ESTATE,
    assert_refused,
    assert_same_workshop,
    doc,
    export_file,
    import_file,
    valid_names,
    valid_texts,
)

from models.enums import CriterionKind, WsjfPart
from models.names import name_key
from models.tables import CANDIDATE_FIELDS, CRITERION_FIELDS, KPI_FIELDS
from storage.formats.seamwork_json.keys import (
    CANDIDATE_KEYS,
    CRITERION_KEYS,
    KPI_KEYS,
)
from storage.queries.priorities import (
    create_candidate,
    create_criterion,
    create_kpi,
    ensure_default_criteria,
    load_priorities,
    set_score,
    set_scoring_method,
)
from storage.workshop_file import open_workshop

# design.md's examples of the later entities, verbatim.
DESIGN_CRITERIA = (
    """[{"name": "Operational impact", "weight": 5, "kind": "benefit", "description": ""}]"""
)
DESIGN_CANDIDATES = """[{"name": "Order to cash", "description": "", "phase": 1, "notes": "",
                  "flows": ["Shopify -> Sage X3: Sales order"],
                  "scores": {"Operational impact": 5}}]"""
DESIGN_KPIS = """[{"name": "Manual order entry", "unit": "hours/week", "baseline": 30, "target": 5,
            "owner": "Operations", "candidates": ["Order to cash"], "data_objects": ["Sales order"]}]"""  # noqa: E501

ORDER_FLOW = "Shopify -> Sage X3: Sales order"
STOCK_FLOW = "Mintsoft -> Shopify: Stock"


# --- shape ----------------------------------------------------------------------------------


def test_keys_follow_design_md_and_cover_every_field() -> None:
    """design.md's keys in its order, plus `wsjf_part` for criteria and `description` for KPIs
    (`rationales` follows `scores` only when a candidate has one)."""
    design_criterion = tuple(json.loads(DESIGN_CRITERIA)[0])
    assert design_criterion[:3] + ("wsjf_part",) + design_criterion[3:] == CRITERION_KEYS
    assert tuple(json.loads(DESIGN_CANDIDATES)[0]) == CANDIDATE_KEYS
    design_kpi = tuple(json.loads(DESIGN_KPIS)[0])
    assert design_kpi[:5] + ("description",) + design_kpi[5:] == KPI_KEYS
    assert set(CRITERION_KEYS) == set(CRITERION_FIELDS)
    assert set(CANDIDATE_KEYS) == set(CANDIDATE_FIELDS) | {"flows", "scores"}
    assert set(KPI_KEYS) == set(KPI_FIELDS) | {"candidates", "data_objects"}


def test_the_design_example_imports_and_exports(place: Any) -> None:
    path = place("w")
    text = doc(
        workshop={"scoring_method": "WSJF"},
        **ESTATE,
        criteria=json.loads(DESIGN_CRITERIA),
        candidates=json.loads(DESIGN_CANDIDATES),
        kpis=json.loads(DESIGN_KPIS),
    )
    summary = import_file(path, text)
    assert summary.created == {
        "systems": 3,
        "data_objects": 2,
        "flows": 2,
        "criteria": 1,
        "candidates": 1,
        "kpis": 1,
    }
    assert summary.sentence() == (
        "Imported 3 systems (3 new), 2 data objects (2 new), 2 flows (2 new), "
        "1 criterion (1 new), 1 candidate (1 new), 1 KPI (1 new); workshop details updated."
    )
    data = json.loads(export_file(path))
    assert list(data)[-3:] == ["criteria", "candidates", "kpis"]
    assert data["workshop"]["scoring_method"] == "wsjf"
    assert data["criteria"] == [{**json.loads(DESIGN_CRITERIA)[0], "wsjf_part": "value"}]
    assert [list(item) for item in data["criteria"]] == [list(CRITERION_KEYS)]
    assert data["candidates"] == json.loads(DESIGN_CANDIDATES)  # no rationales: no key
    assert data["kpis"] == [{**json.loads(DESIGN_KPIS)[0], "description": ""}]
    assert [list(item) for item in data["kpis"]] == [list(KPI_KEYS)]
    with open_workshop(path) as workshop, workshop.session() as session:
        assert ensure_default_criteria(session) == 0  # the file brought its own criteria


def test_a_file_without_criteria_leaves_the_defaults_to_come(place: Any) -> None:
    path = place("w")
    import_file(path, doc(**ESTATE))
    with open_workshop(path) as workshop, workshop.session() as session:
        assert ensure_default_criteria(session) == 6


def _scored_workshop(path: Path) -> None:
    """ESTATE, the default criteria (one reweighted, one of our own), candidates with scores
    and rationales, one unphased and one without flows, and KPIs with and without links."""
    import_file(path, doc(**ESTATE))
    with open_workshop(path) as workshop, workshop.session() as session:
        ensure_default_criteria(session)
        own = create_criterion(
            session, data={"name": "Zoë's [bold]gut[/]", "weight": 1, "wsjf_part": "value"}
        )
        criteria = load_priorities(session).criteria
        flows = {row.ref: row.id for row in _flows(session)}
        otc = create_candidate(
            session,
            data={"name": "Order to cash", "phase": 1, "notes": "Start here"},
            flow_ids=[flows[ORDER_FLOW], flows[STOCK_FLOW]],
        )
        stock = create_candidate(session, data={"name": "stock sync"}, flow_ids=[flows[STOCK_FLOW]])
        create_candidate(session, data={"name": "Returns", "phase": 3})
        for index, criterion in enumerate(criteria):
            set_score(
                session,
                candidate_id=otc.id,
                criterion_id=criterion.id,
                value=index % 5 + 1,
                rationale="Everyone agreed" if criterion.id == own.id else None,
            )
            if index % 2:
                set_score(session, candidate_id=stock.id, criterion_id=criterion.id, value=2)
        create_kpi(
            session,
            data={"name": "Order error rate", "unit": "%", "baseline": 4.2, "target": 0.5},
            candidate_ids=[otc.id, stock.id],
            data_object_ids=[1],
        )
        create_kpi(session, data={"name": "Days to invoice", "owner": "Finance"})
        set_scoring_method(session, method="wsjf")


def _flows(session: Any) -> Any:
    from storage.queries.flows import list_flows

    return list_flows(session)


def test_export_import_export_is_byte_identical(place: Any) -> None:
    source, copy = place("a"), place("b")
    _scored_workshop(source)
    first = export_file(source)
    data = json.loads(first)
    assert [c["name"] for c in data["criteria"]][-1] == "Zoë's [bold]gut[/]"  # room's order
    assert [c["name"] for c in data["candidates"]] == ["Order to cash", "Returns", "stock sync"]
    otc = data["candidates"][0]
    assert otc["flows"] == [STOCK_FLOW, ORDER_FLOW]
    assert otc["rationales"] == {"Zoë's [bold]gut[/]": "Everyone agreed"}
    assert list(otc["scores"]) == [c["name"] for c in data["criteria"]]
    assert "rationales" not in data["candidates"][1]
    assert data["candidates"][2]["phase"] is None
    assert data["kpis"][1]["baseline"] == 4.2 and data["kpis"][0]["baseline"] is None

    summary = import_file(copy, first)
    assert summary.created["criteria"] == 7 and summary.created["candidates"] == 3
    assert export_file(copy) == first
    again = import_file(copy, first)
    assert again.created == {} and again.updated == {}
    assert export_file(copy) == first
    assert_same_workshop(source, copy)


# --- merge ----------------------------------------------------------------------------------


def test_candidates_and_kpis_merge_by_name_adding_flows_scores_and_links(place: Any) -> None:
    path = place("w")
    import_file(
        path,
        doc(
            **ESTATE,
            criteria=[{"name": "Impact", "weight": 4}, {"name": "Effort", "kind": "cost"}],
            candidates=[
                {
                    "name": "Order to cash",
                    "phase": 1,
                    "flows": [ORDER_FLOW],
                    "scores": {"Impact": 4, "Effort": 2},
                    "rationales": {"Impact": "Half the team re-keys orders"},
                }
            ],
            kpis=[{"name": "Errors", "candidates": ["Order to cash"], "baseline": 3}],
        ),
    )
    summary = import_file(
        path,
        doc(
            criteria=[{"name": "IMPACT", "weight": 5}, {"name": "New one"}],
            candidates=[
                {
                    "name": "order TO cash",
                    "flows": ["mintsoft -> SHOPIFY: stock"],
                    "scores": {"impact": 5, "new one": 3},
                },
            ],
            kpis=[{"name": "errors", "data_objects": ["stock"], "target": 1}],
        ),
    )
    assert summary.created == {"criteria": 1}
    assert summary.updated == {"criteria": 1, "candidates": 1, "kpis": 1}
    data = json.loads(export_file(path))
    assert [(c["name"], c["weight"]) for c in data["criteria"]] == [
        ("IMPACT", 5),
        ("Effort", 3),
        ("New one", 3),
    ]
    (candidate,) = data["candidates"]
    assert candidate["name"] == "order TO cash" and candidate["phase"] == 1  # phase kept
    assert candidate["flows"] == [STOCK_FLOW, ORDER_FLOW]  # added, none removed
    assert candidate["scores"] == {"IMPACT": 5, "Effort": 2, "New one": 3}
    assert candidate["rationales"] == {"IMPACT": "Half the team re-keys orders"}  # kept
    (kpi,) = data["kpis"]
    assert (kpi["name"], kpi["baseline"], kpi["target"]) == ("errors", 3, 1)
    assert (kpi["candidates"], kpi["data_objects"]) == (["order TO cash"], ["Stock"])


def test_references_may_point_to_the_workshop(place: Any) -> None:
    path = place("w")
    import_file(path, doc(**ESTATE, criteria=[{"name": "Impact"}]))
    summary = import_file(
        path,
        doc(
            candidates=[{"name": "A", "flows": [ORDER_FLOW], "scores": {"Impact": 1}}],
            kpis=[{"name": "K", "candidates": ["a"], "data_objects": ["Sales order"]}],
        ),
    )
    assert summary.created == {"candidates": 1, "kpis": 1}


# --- whole-file validation ------------------------------------------------------------------


def bad(**changes: Any) -> str:
    """ESTATE with criteria, one good candidate and one KPI, with `changes` to a section."""
    sections: dict[str, Any] = {
        **ESTATE,
        "criteria": [{"name": "Impact", "weight": 4}, {"name": "Effort", "kind": "cost"}],
        "candidates": [
            {
                "name": "Order to cash",
                "flows": [ORDER_FLOW, STOCK_FLOW],
                "scores": {"Impact": 4},
                "rationales": {"Impact": "why"},
            }
        ],
        "kpis": [{"name": "Errors", "candidates": ["Order to cash"], "data_objects": ["Stock"]}],
    }
    for key, value in changes.items():
        section, _, field = key.partition("__")
        if field:
            sections[section] = [{**sections[section][0], field: value}]
        else:
            sections[section] = value
    return doc(**sections)


BAD: dict[str, tuple[str, str, str]] = {
    "unknown flow": (
        bad(candidates__flows=[ORDER_FLOW, "Shopify -> Sage X3: Stock"]),
        "candidates[0].flows[1]",
        'candidates[0].flows[1]: no flow "Shopify -> Sage X3: Stock".',
    ),
    "flow twice": (
        bad(candidates__flows=[ORDER_FLOW, "shopify -> sage x3: SALES ORDER"]),
        "candidates[0].flows[1]",
        'candidates[0].flows[1]: "shopify -> sage x3: SALES ORDER" appears twice '
        "(see candidates[0].flows[0]).",
    ),
    "flow not text": (
        bad(candidates__flows=[3]),
        "candidates[0].flows[0]",
        "candidates[0].flows[0]: Flows must be text.",
    ),
    "unknown criterion": (
        bad(candidates__scores={"Impact": 3, "Foo": 2}),
        "candidates[0].scores.Foo",
        'candidates[0].scores.Foo: no criterion named "Foo".',
    ),
    "score twice": (
        bad(candidates__scores={"Impact": 3, "IMPACT": 2}),
        "candidates[0].scores.IMPACT",
        'candidates[0].scores.IMPACT: "IMPACT" appears twice (names ignore case; see "Impact").',
    ),
    "score too high": (
        bad(candidates__scores={"Impact": 6}),
        "candidates[0].scores.Impact",
        "candidates[0].scores.Impact: Impact must be at most 5.",
    ),
    "score zero": (
        bad(candidates__scores={"Impact": 0}),
        "candidates[0].scores.Impact",
        "candidates[0].scores.Impact: Impact must be at least 1.",
    ),
    "score as text": (
        bad(candidates__scores={"Impact": "4"}),
        "candidates[0].scores.Impact",
        "candidates[0].scores.Impact: Impact must be a whole number from 1 to 5.",
    ),
    "score as a flag": (
        bad(candidates__scores={"Impact": True}),
        "candidates[0].scores.Impact",
        "candidates[0].scores.Impact: Impact must be a whole number from 1 to 5.",
    ),
    "rationale without a score": (
        bad(candidates__rationales={"Effort": "hard"}),
        "candidates[0].rationales.Effort",
        'candidates[0].rationales.Effort: "Effort" has no score in this entry to explain.',
    ),
    "rationale of no criterion": (
        bad(candidates__rationales={"Nope": "hard"}),
        "candidates[0].rationales.Nope",
        'candidates[0].rationales.Nope: no criterion named "Nope".',
    ),
    "phase zero": (
        bad(candidates__phase=0),
        "candidates[0].phase",
        "candidates[0].phase: Phase must be at least 1.",
    ),
    "phase as text": (
        bad(candidates__phase="1"),
        "candidates[0].phase",
        "candidates[0].phase: Phase must be a whole number from 1, or null.",
    ),
    "candidate twice": (
        bad(candidates=[{"name": "A"}, {"name": " a "}]),
        "candidates[1].name",
        'candidates[1].name: "a" appears twice (names ignore case; see candidates[0]).',
    ),
    "unknown candidate key": (
        bad(candidates__owner="IT"),
        "candidates[0].owner",
        "candidates[0].owner: This version of Seamwork does not know this key.",
    ),
    "weight too high": (
        bad(criteria=[{"name": "Impact", "weight": 6}]),
        "criteria[0].weight",
        "criteria[0].weight: Weight must be at most 5.",
    ),
    "weight as a float": (
        bad(criteria=[{"name": "Impact", "weight": 4.0}]),
        "criteria[0].weight",
        "criteria[0].weight: Weight must be a whole number.",
    ),
    "bad kind": (
        bad(criteria=[{"name": "Impact", "kind": "gain"}]),
        "criteria[0].kind",
        "criteria[0].kind: Kind must be one of: benefit, cost.",
    ),
    "criterion twice": (
        bad(criteria=[{"name": "Impact"}, {"name": "IMPACT"}]),
        "criteria[1].name",
        'criteria[1].name: "IMPACT" appears twice (names ignore case; see criteria[0]).',
    ),
    "kpi names no candidate": (
        bad(kpis__candidates=["Order to cash", "Returns"]),
        "kpis[0].candidates[1]",
        'kpis[0].candidates[1]: no candidate named "Returns".',
    ),
    "kpi names no data object": (
        bad(kpis__data_objects=["Invoices"]),
        "kpis[0].data_objects[0]",
        'kpis[0].data_objects[0]: no data object named "Invoices".',
    ),
    "kpi candidate twice": (
        bad(kpis__candidates=["Order to cash", "ORDER TO CASH"]),
        "kpis[0].candidates[1]",
        'kpis[0].candidates[1]: "ORDER TO CASH" appears twice (see kpis[0].candidates[0]).',
    ),
    "baseline as text": (
        bad(kpis__baseline="30"),
        "kpis[0].baseline",
        "kpis[0].baseline: Baseline must be a number or null.",
    ),
    "kpi twice": (
        bad(kpis=[{"name": "Errors"}, {"name": "errors"}]),
        "kpis[1].name",
        'kpis[1].name: "errors" appears twice (names ignore case; see kpis[0]).',
    ),
    "unknown kpi key": (
        bad(kpis__frequency="weekly"),
        "kpis[0].frequency",
        "kpis[0].frequency: This version of Seamwork does not know this key.",
    ),
    "bad scoring method": (
        bad(workshop={"scoring_method": "moscow"}),
        "workshop.scoring_method",
        "workshop.scoring_method: Scoring method must be one of: weighted, wsjf.",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_import_names_the_path_and_writes_nothing(place: Any, case: str) -> None:
    text, path_expected, message = BAD[case]
    path = place("w")
    import_file(path, doc(**ESTATE, criteria=[{"name": "Speed"}]))
    assert_refused(
        path,
        text,
        path_expected,
        message,
        ("system", "flow", "criterion", "candidate", "kpi", "audit"),
    )


def test_the_good_parts_of_the_bad_cases_are_good(place: Any) -> None:
    summary = import_file(place("w"), bad())
    assert summary.created["candidates"] == 1 and summary.created["kpis"] == 1


# --- property: any priorities round trip ----------------------------------------------------


names = valid_names(20)
free_text = valid_texts(30)
numbers = st.none() | st.integers(-1000, 1000) | st.floats(-1e6, 1e6, allow_nan=False)


@pytest.mark.files_only(
    "hypothesis: dozens of workshops a run; the server's round trip is the demo's"
)
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_any_criteria_candidates_and_kpis_round_trip(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, copy = Path(folder) / "a.seamwork", Path(folder) / "b.seamwork"
        import_file(source, doc(**ESTATE))
        with open_workshop(source) as workshop, workshop.session() as session:
            flow_ids = [row.id for row in _flows(session)]
            criteria = [
                create_criterion(
                    session,
                    data={
                        "name": name,
                        "weight": data.draw(st.integers(0, 5)),
                        "kind": data.draw(st.sampled_from(list(CriterionKind))),
                        "wsjf_part": data.draw(st.sampled_from(list(WsjfPart))),
                        "description": data.draw(free_text),
                    },
                )
                for name in data.draw(
                    st.lists(names, max_size=4, unique_by=name_key), label="criteria"
                )
            ]
            candidates = []
            for name in data.draw(st.lists(names, max_size=4, unique_by=name_key)):
                row = create_candidate(
                    session,
                    data={
                        "name": name,
                        "description": data.draw(free_text),
                        "phase": data.draw(st.none() | st.integers(1, 99)),
                        "notes": data.draw(free_text),
                    },
                    flow_ids=data.draw(st.lists(st.sampled_from(flow_ids), unique=True)),
                )
                candidates.append(row.id)
                for criterion in criteria:
                    if data.draw(st.booleans()):
                        set_score(
                            session,
                            candidate_id=row.id,
                            criterion_id=criterion.id,
                            value=data.draw(st.integers(1, 5)),
                            rationale=data.draw(free_text),
                        )
            for name in data.draw(st.lists(names, max_size=3, unique_by=name_key)):
                create_kpi(
                    session,
                    data={
                        "name": name,
                        "unit": data.draw(free_text),
                        "baseline": data.draw(numbers),
                        "target": data.draw(numbers),
                        "owner": data.draw(free_text),
                    },
                    candidate_ids=data.draw(st.lists(st.sampled_from(candidates)))
                    if candidates
                    else [],
                    data_object_ids=data.draw(st.lists(st.sampled_from([1, 2]))),
                )
        first = export_file(source)
        import_file(copy, first)
        assert export_file(copy) == first
        assert_same_workshop(source, copy)
