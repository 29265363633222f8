"""`seamwork check` on real workshops: findings in text and JSON, exit 1 on a blocker."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import engines
import pytest
from conftest import run_cli as run
from seamwork_files import folder_state
from workshop_templates import new_demo

from storage.queries.data_objects import create_data_object
from storage.queries.flows import create_flow
from storage.queries.systems import create_system
from storage.workshop_file import open_workshop


@pytest.fixture
def demo(workshop_at: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The demo, as a file in `tmp_path` or on the server; `tmp_path` is the working folder, where
    a server workshop's exports go (a file's go beside it)."""
    monkeypatch.chdir(tmp_path)
    where = workshop_at("demo", demo=True)
    return Path(where) if not engines.is_server(where) else where


def test_demo_check_in_json(tmp_path: Path, capsys: pytest.CaptureFixture[str], demo: Path) -> None:
    before = folder_state(tmp_path)
    code, out, err = run(capsys, "check", demo, "-f", "json")
    assert (code, err) == (1, "")
    data = json.loads(out)
    assert list(data) == ["findings", "summary"]
    assert list(data["summary"]) == ["blocker", "warning", "info"]
    for finding in data["findings"]:
        assert list(finding) == ["code", "severity", "message", "subjects"]
        assert finding["severity"] in ("blocker", "warning", "info")
        assert isinstance(finding["subjects"], list) and finding["subjects"]
        assert finding["message"].endswith(".")
    codes = [finding["code"] for finding in data["findings"]]
    assert {"SOT-CONFLICT", "DEF-CONFLICT", "SOT-MISSING", "FLOW-NO-OWNER"} <= set(codes)
    assert {"FLOW-NO-ERROR-HANDLING", "SENSITIVE-UNREVIEWED"} <= set(codes)
    counts = {
        severity: sum(f["severity"] == severity for f in data["findings"])
        for severity in ("blocker", "warning", "info")
    }
    # SOT-CONFLICT, and the gaps and open checks on the phase-one order-to-cash flows
    assert data["summary"] == counts and counts["blocker"] == 8
    (conflict,) = [f for f in data["findings"] if f["code"] == "SOT-CONFLICT"]
    assert conflict == {
        "code": "SOT-CONFLICT",
        "severity": "blocker",
        "message": conflict["message"],
        "subjects": ["Sage X3 -> Mintsoft WMS: Stock", "Stock", "Mintsoft WMS"],
    }
    (definitions,) = [f for f in data["findings"] if f["code"] == "DEF-CONFLICT"]
    assert definitions["subjects"] == ["Stock in transit"]
    assert "Logistics and Sales" in definitions["message"]
    assert folder_state(tmp_path) == before  # checking never writes


def test_demo_check_in_text(capsys: pytest.CaptureFixture[str], demo: Path) -> None:
    code, out, err = run(capsys, "check", demo)
    assert (code, err) == (1, "")
    lines = out.splitlines()
    severities = [line.split()[0] for line in lines[:-1]]
    assert severities == sorted(severities, key=["blocker", "warning", "info"].index)
    assert severities[:8] == ["blocker"] * 8
    assert lines[0].startswith("blocker  SCENARIO-GAP: ")  # by code within a severity
    (conflict,) = [line for line in lines if "SOT-CONFLICT" in line]
    assert conflict.startswith("blocker  SOT-CONFLICT: Sage X3 writes")
    assert conflict.endswith("[Sage X3 -> Mintsoft WMS: Stock, Stock, Mintsoft WMS]")
    assert any(
        line.startswith("warning  DEF-CONFLICT:") and line.endswith("[Stock in transit]")
        for line in lines
    )
    warnings = severities.count("warning")
    assert (
        lines[-1] == f"{len(lines) - 1} findings: 8 blockers, {warnings} warnings, 2 info."
    )  # PARKED-OPEN


def test_check_sees_an_edit_at_once(capsys: pytest.CaptureFixture[str], workshop_at: Any) -> None:
    path = workshop_at("w")
    with open_workshop(path) as workshop, workshop.session() as session:
        for name in ("Shopify", "ERP"):
            create_system(session, data={"name": name})
        create_data_object(session, data={"name": "Stock"}, source_of_truth="ERP")
        create_flow(
            session,
            source="ERP",
            target="Shopify",
            data_object="Stock",
            data={"owner": "IT", "error_handling": "Alert and retry"},
        )
    assert run(capsys, "check", path) == (0, "No findings.\n", "")

    with open_workshop(path) as workshop, workshop.session() as session:
        create_flow(
            session,
            source="Shopify",
            target="ERP",
            data_object="Stock",
            data={"owner": "IT", "error_handling": "Alert and retry"},
        )
    code, out, _ = run(capsys, "check", path, "-f", "json")
    assert code == 1
    assert [f["code"] for f in json.loads(out)["findings"]] == ["SOT-CONFLICT"]


def test_warnings_alone_exit_0(capsys: pytest.CaptureFixture[str], workshop_at: Any) -> None:
    path = workshop_at("w")
    with open_workshop(path) as workshop, workshop.session() as session:
        for name in ("Shopify", "ERP"):
            create_system(session, data={"name": name})
        create_data_object(session, data={"name": "Customers", "sensitivity": "personal"})
        create_flow(session, source="ERP", target="Shopify", data_object="Customers")
    code, out, err = run(capsys, "check", path)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "4 findings: 0 blockers, 4 warnings, 0 info."


def test_an_empty_workshop_has_nothing_to_check_yet(
    capsys: pytest.CaptureFixture[str], workshop_at: Any
) -> None:
    """Like the Overview: no systems or flows is "nothing to check yet", never "no findings"
    (which reads as ready); no blocker, so exit 0."""
    path = workshop_at("new")
    assert run(capsys, "check", path) == (
        0,
        "Nothing to check yet: the workshop has no systems or flows.\n",
        "",
    )


@pytest.mark.files_only("the standard library reads the findings the SQLite file keeps")
def test_check_answers_from_the_findings_the_file_keeps_without_loading_storage(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Issue 15: once the findings are worked out (the app's Overview keeps them in the file),
    `check` reads them back with the standard library alone, the same output to the byte; a
    change made since is never answered from them."""
    demo = new_demo(tmp_path / "demo.seamwork")
    import subprocess
    import sys

    from storage.queries.readiness import load_readiness

    before = [run(capsys, "check", demo, *fmt) for fmt in ((), ("-f", "json"))]
    with open_workshop(demo) as workshop, workshop.session() as session:
        load_readiness(session)  # works them out and keeps them
    assert [run(capsys, "check", demo, *fmt) for fmt in ((), ("-f", "json"))] == before

    probe = (
        "import sys; from tui.cli import main; code = main(['check', sys.argv[1]]); "
        "print('storage loaded' if 'sqlalchemy' in sys.modules else 'light', code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(demo)], capture_output=True, text=True, check=False
    )
    assert done.stdout.splitlines()[-1] == f"light {before[0][0]}", done.stderr

    with open_workshop(demo) as workshop, workshop.session() as session:
        create_data_object(session, data={"name": "Brand new object"})  # no source of truth
        create_flow(session, source="Shopify", target="Xero", data_object="Brand new object")
    code, out, _ = run(capsys, "check", demo, "-f", "json")
    found = [f for f in json.loads(out)["findings"] if "Brand new object" in f["subjects"]]
    assert [f["code"] for f in found] == ["SOT-MISSING"]
    done = subprocess.run(
        [sys.executable, "-c", probe, str(demo)], capture_output=True, text=True, check=False
    )
    assert done.stdout.splitlines()[-1].startswith("storage loaded"), done.stderr
