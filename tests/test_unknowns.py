"""Unknown is not an answer (issue 13, part 1): what the room has not said is stored as NULL,
counted as a question still to ask, never used by a rule, and said as "not recorded" in every
export; seamwork/1 carries it as null."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from interchange_files import doc, export_file, import_file
from workshop_templates import new_workshop, open_new

from models.enums import Lifecycle, Sensitivity
from models.findings import find_all
from models.scoring import CandidateData
from models.snapshot import DataObjectData, FlowData, WorkshopData
from models.tables import DataObjectBase, FlowBase, SystemBase, WorkshopBase
from models.unknowns import FLOW_ANSWERS, SYSTEM_ANSWERS, missing, unanswered
from storage.formats.export import export
from storage.queries.data_objects import create_data_object
from storage.queries.flows import create_flow, update_flow
from storage.queries.snapshot import load_snapshot
from storage.queries.systems import create_system
from storage.workshop_file import open_workshop

GOOD: dict[str, Any] = {"owner": "IT", "error_handling": "Alert ops; retry hourly"}


# --- the models --------------------------------------------------------------------------------


def test_a_new_system_flow_and_data_object_know_nothing_the_room_did_not_say() -> None:
    system = SystemBase(name="Xero")
    assert missing(system, SYSTEM_ANSWERS) == SYSTEM_ANSWERS
    assert DataObjectBase(name="Employees").sensitivity is None
    assert missing(FlowBase(), FLOW_ANSWERS) == FLOW_ANSWERS
    # a blank choice or an empty number field is unknown too, never "" or 0
    blank = FlowBase.model_validate(
        {"mechanism": "", "volume_per_day": " ", "manual_hours_per_week": "", "monitored": ""}
    )
    assert (blank.mechanism, blank.volume_per_day, blank.manual_hours_per_week) == (None,) * 3
    assert blank.monitored is None
    # an answer equal to an old default is still an answer
    said = FlowBase.model_validate({"mechanism": "Manual", "manual_hours_per_week": 0})
    assert (said.mechanism, said.manual_hours_per_week) == ("manual", 0)


def _workshop(
    flows: list[FlowData],
    objects: tuple[DataObjectData, ...] = (),
    systems: tuple[SystemBase, ...] | None = None,
    candidates: tuple[CandidateData, ...] = (),
) -> WorkshopData:
    names = sorted({f.source for f in flows} | {f.target for f in flows})
    return WorkshopData(
        workshop=WorkshopBase(name="W"),
        systems=systems if systems is not None else tuple(SystemBase(name=n) for n in names),
        data_objects=objects,
        flows=tuple(flows),
        candidates=candidates,
    )


def test_sensitive_unreviewed_needs_a_recorded_sensitivity() -> None:
    """Employee data nobody has classified yet is a question, not "internal": the rule that
    needs the sensitivity does not fire until the room says it is personal."""
    flow = FlowData("HR", "Payroll", "Employees", FlowBase.model_validate(GOOD))
    unknown = DataObjectData("Employees", owner="HR", source_of_truth="HR")
    assert [f.code for f in find_all(_workshop([flow], (unknown,)))] == []
    personal = DataObjectData(
        "Employees", owner="HR", source_of_truth="HR", sensitivity=Sensitivity.PERSONAL
    )
    assert [f.code for f in find_all(_workshop([flow], (personal,)))] == ["SENSITIVE-UNREVIEWED"]


def test_phase_system_not_live_needs_a_recorded_lifecycle() -> None:
    flow = FlowData("ERP", "Xero", "Invoices", FlowBase.model_validate(GOOD))
    obj = DataObjectData("Invoices", owner="Finance", source_of_truth="ERP")
    first = CandidateData("Finance automation", phase=1, flows=(flow.ref,))
    unknown = (SystemBase(name="ERP", lifecycle="live"), SystemBase(name="Xero"))
    data = _workshop([flow], (obj,), unknown, (first,))
    assert "PHASE-SYSTEM-NOT-LIVE" not in [f.code for f in find_all(data)]
    planned = (
        SystemBase(name="ERP", lifecycle="live"),
        SystemBase(name="Xero", lifecycle="planned"),
    )
    data = _workshop([flow], (obj,), planned, (first,))
    assert "PHASE-SYSTEM-NOT-LIVE" in [f.code for f in find_all(data)]
    assert Lifecycle.PLANNED == data.systems[1].lifecycle


def test_the_questions_still_to_ask_are_counted_per_kind_first_one_named() -> None:
    answered = {
        "frequency": "daily", "mechanism": "api", "direction": "one-way", "state": "automated",
        "approach": "connector", "monitored": True, "volume_per_day": 10,
        "manual_hours_per_week": 0,
    }  # fmt: skip
    known = FlowData("A", "B", "Stock", FlowBase.model_validate(answered))
    open_ = FlowData("B", "C", "Stock", FlowBase.model_validate({"frequency": "hourly"}))
    systems = tuple(
        SystemBase(name=n, category="erp", lifecycle="live", hosting="saas", api="rest",
                   criticality=3)
        for n in "ABC"
    )  # fmt: skip
    stock = DataObjectData("Stock", sensitivity=Sensitivity.INTERNAL)
    counts = unanswered(_workshop([known, open_], (stock,), systems))
    assert (counts.systems, counts.data_objects, counts.flows) == (0, 0, 7)
    assert counts.first == ("flow", "B -> C: Stock")
    nothing = unanswered(_workshop([known], (stock,), systems))
    assert (nothing.total, nothing.first) == (0, None)


# --- storage, on real files --------------------------------------------------------------------


def _estate(path: Path) -> Path:
    """Two flows: one with its manual effort and state said, one captured with nothing."""
    with open_new(path) as workshop, workshop.session() as session:
        for name in ("Salesforce", "Mission Control PSA", "Xero"):
            create_system(session, data={"name": name})
        create_data_object(session, data={"name": "Won opportunities"})
        create_data_object(session, data={"name": "Invoices", "sensitivity": "financial"})
        create_flow(
            session,
            source="Salesforce",
            target="Mission Control PSA",
            data_object="Won opportunities",
        )
        create_flow(
            session,
            source="Mission Control PSA",
            target="Xero",
            data_object="Invoices",
            data={"state": "manual", "manual_hours_per_week": 6, "mechanism": "manual"},
        )
    return path


def test_new_rows_are_unknown_in_the_file_and_an_answer_can_be_taken_back(tmp_path: Path) -> None:
    import sqlite3

    path = _estate(tmp_path / "w.seamwork")
    connection = sqlite3.connect(path)
    try:
        row = connection.execute(
            "SELECT category, lifecycle, hosting, api, criticality FROM system WHERE name = ?",
            ("Xero",),
        ).fetchone()
        assert row == (None,) * 5
        flow = connection.execute(
            "SELECT frequency, mechanism, direction, state, approach, monitored, volume_per_day,"
            " manual_hours_per_week FROM flow ORDER BY id LIMIT 1"
        ).fetchone()
        assert flow == (None,) * 8
    finally:
        connection.close()
    with open_workshop(path) as workshop, workshop.session() as session:
        data = load_snapshot(session)
        manual = next(f for f in data.flows if f.target == "Xero")
        flow_id = _flow_id(session, "Xero")
        update_flow(
            session,
            flow_id=flow_id,
            source="Mission Control PSA",
            target="Xero",
            data_object="Invoices",
            data={**manual.fields.model_dump(), "manual_hours_per_week": None},
        )
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        again = next(f for f in load_snapshot(session).flows if f.target == "Xero")
        assert again.fields.manual_hours_per_week is None  # back to unknown
        assert again.fields.state == "manual"


def _flow_id(session: Any, target: str) -> int:
    from storage.queries.flows import list_flows

    return next(row.id for row in list_flows(session) if row.target == target)


def test_exports_say_not_recorded_and_never_count_an_unknown_as_zero(tmp_path: Path) -> None:
    path = _estate(tmp_path / "w.seamwork")
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        md = export(session, "md", None)
        html = export(session, "html", tmp_path / "w.html")
        folder = export(session, "csv", tmp_path / "w-csv")
    assert isinstance(md, str) and isinstance(html, Path) and isinstance(folder, Path)
    assert (
        "1 of the flows is still manual (state not recorded for 1 flow), costing 6 hours of "
        "work a week (manual effort not recorded for 1 flow)."
    ) in md
    assert "0 hours" not in md
    flows_table = md[md.index("| Source | Target |") :]
    assert "| Salesforce | Mission Control PSA | Won opportunities | not recorded |" in flows_table
    assert "not recorded" in html.read_text(encoding="utf-8")
    with (folder / "systems.csv").open(encoding="utf-8-sig", newline="") as handle:
        systems = {row["name"]: row for row in csv.DictReader(handle)}
    assert systems["Xero"]["category"] == systems["Xero"]["criticality"] == "not recorded"
    with (folder / "flows.csv").open(encoding="utf-8-sig", newline="") as handle:
        flows = {row["target"]: row for row in csv.DictReader(handle)}
    assert flows["Xero"]["manual_hours_per_week"] == "6"
    assert flows["Mission Control PSA"]["manual_hours_per_week"] == "not recorded"
    assert flows["Mission Control PSA"]["monitored"] == "not recorded"


def test_json_writes_null_reads_null_or_a_missing_key_and_round_trips(tmp_path: Path) -> None:
    path = _estate(tmp_path / "w.seamwork")
    first = export_file(path)
    data = json.loads(first)
    xero = next(s for s in data["systems"] if s["name"] == "Xero")
    assert (xero["category"], xero["lifecycle"], xero["criticality"]) == (None, None, None)
    captured = next(f for f in data["flows"] if f["target"] == "Mission Control PSA")
    assert captured["mechanism"] is None and captured["manual_hours_per_week"] is None
    assert captured["monitored"] is None and captured["volume_per_day"] is None
    copy = tmp_path / "copy.seamwork"
    import_file(copy, first)
    assert export_file(copy) == first  # export -> import -> export, byte for byte

    # a missing key and an explicit null are both unknown on import
    other = tmp_path / "other.seamwork"
    import_file(
        other,
        doc(
            systems=[{"name": "A", "criticality": None}, {"name": "B"}],
            data_objects=[{"name": "Stock", "sensitivity": None}],
            flows=[{"source": "A", "target": "B", "data_object": "Stock", "monitored": None}],
        ),
    )
    written = json.loads(export_file(other))
    assert [s["criticality"] for s in written["systems"]] == [None, None]
    assert written["data_objects"][0]["sensitivity"] is None
    assert written["flows"][0]["monitored"] is None


def test_an_import_with_nulls_does_not_forget_answers_the_workshop_has(tmp_path: Path) -> None:
    path = new_workshop(tmp_path / "w.seamwork")
    import_file(path, doc(systems=[{"name": "Xero", "category": "finance", "criticality": 2}]))
    import_file(path, doc(systems=[{"name": "Xero", "category": None, "vendor": "Xero Ltd"}]))
    (xero,) = json.loads(export_file(path))["systems"]
    assert (xero["category"], xero["criticality"], xero["vendor"]) == ("finance", 2, "Xero Ltd")


def test_the_csv_of_a_new_system_reads_not_recorded(tmp_path: Path) -> None:
    """The tables a spreadsheet opens say "not recorded" for an unknown, not an empty cell
    (which reads as "none") nor a default."""
    with open_new(tmp_path / "w.seamwork") as workshop, workshop.session() as session:
        create_system(session, data={"name": "Xero", "criticality": 4})
        target = export(session, "csv", tmp_path / "out.zip")
    assert isinstance(target, Path)
    import zipfile

    with zipfile.ZipFile(target) as archive:
        text = archive.read("systems.csv").decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(text))
    assert (row["category"], row["lifecycle"], row["criticality"]) == (
        "not recorded",
        "not recorded",
        "4",
    )


def test_a_captured_line_stores_only_what_it_says_and_the_summary_says_not_recorded(
    tmp_path: Path,
) -> None:
    """Issue 13's case: a flow captured without mechanism or state has both unknown (the line
    gave a frequency and, by its arrow, a direction), and the summary says "not recorded"."""
    from models.quick_capture import parse_capture
    from storage.queries.flows import create_flow_capture

    line = parse_capture("Salesforce -> Mission Control PSA: Won opportunities, daily")
    with open_new(tmp_path / "w.seamwork") as workshop, workshop.session() as session:
        create_flow_capture(
            session,
            source=line.source,
            target=line.target,
            data_object=line.data_object,
            fields=line.fields(),
            create_missing=True,
        )
        (flow,) = load_snapshot(session).flows
        assert (flow.fields.frequency, flow.fields.direction) == ("daily", "one-way")
        assert missing(flow.fields, FLOW_ANSWERS) == (
            "mechanism", "state", "approach", "monitored", "volume_per_day",
            "manual_hours_per_week",
        )  # fmt: skip
        systems = load_snapshot(session).systems
        assert all(missing(s, SYSTEM_ANSWERS) == SYSTEM_ANSWERS for s in systems)
        md = export(session, "md", None)
    assert isinstance(md, str)
    row = next(r for r in md.splitlines() if r.startswith("| Salesforce | Mission Control PSA |"))
    assert row.startswith(
        "| Salesforce | Mission Control PSA | Won opportunities | Daily | not recorded "
        "| not recorded | not recorded |"
    )
    assert "manual effort not recorded for 1 flow" in md


def test_the_matrix_describes_an_unknown_flow_without_inventing_it() -> None:
    """The interface matrix's flow list says what is not recorded, rather than "daily via
    manual re-keying, one-way" as the old defaults would have."""
    from tui.dialogs.cell_flows import FlowDetail, flow_facts

    unknown = FlowDetail("A", "B", "Stock", False, "", "", "", "")
    assert flow_facts(unknown).plain == (
        "Frequency not recorded via mechanism not recorded · state not recorded · "
        "direction not recorded · no owner"
    )
    known = FlowDetail(
        "A", "B", "Stock", False, "daily", "file", "manual", "IT", direction="one-way"
    )
    assert flow_facts(known).plain == (
        "Daily via file transfer · currently manual · one-way · owner IT"
    )


def test_a_file_says_unknown_with_null_and_an_empty_string_is_refused(tmp_path: Path) -> None:
    """A blank choice in a form is unknown, but a file is stricter: "" for a vocabulary value
    is refused with its path (a typo-like mistake), null or a missing key is unknown."""
    import pytest

    from storage.errors import ImportValidationError

    path = new_workshop(tmp_path / "w.seamwork")
    with pytest.raises(ImportValidationError) as caught:
        import_file(path, doc(systems=[{"name": "Xero", "category": ""}]))
    assert caught.value.path == "systems[0].category"
    import_file(path, doc(systems=[{"name": "Xero", "category": None}]))
    assert json.loads(export_file(path))["systems"][0]["category"] is None
