"""`seamwork priorities` on real workshops: the ranked candidates as a table and as JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import engines
import pytest
from conftest import run_cli as run
from seamwork_files import FIXTURE, folder_state, make_bad
from workshop_templates import new_workshop

from storage.probe import HEAD_REVISION, probe
from storage.queries.priorities import (
    create_candidate,
    create_criterion,
    set_score,
    set_scoring_method,
)
from storage.workshop_file import open_workshop


@pytest.fixture
def demo(workshop_at: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The demo, as a file in `tmp_path` or on the server; `tmp_path` is the working folder, where
    a server workshop's exports go (a file's go beside it)."""
    monkeypatch.chdir(tmp_path)
    where = workshop_at("demo", demo=True)
    return Path(where) if not engines.is_server(where) else where


def test_demo_priorities_as_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], demo: Path
) -> None:
    before = folder_state(tmp_path)
    code, out, err = run(capsys, "priorities", demo)
    assert (code, err) == (0, "")
    assert out == (
        "Candidates ranked by weighted scoring (0 to 100); ties by name.\n"
        "rank  name                       score  phase  stability\n"
        "   1  Order to cash               82.6      1  stable\n"
        "   2  Marketplace orders          69.6      2  stable\n"
        "   3  Finance automation          53.3      3  fragile    on Operational impact, "
        "Effort and complexity\n"
        "   4  Product and stock sync      52.2      2  fragile    on Operational impact, "
        "Effort and complexity\n"
        "   5  Returns                     42.4      -  stable\n"
        "   6  Customer master alignment   37.0      3  stable\n"
        "6 candidates: 6 ranked, 0 incomplete, 2 fragile.\n"
    )
    assert folder_state(tmp_path) == before  # reading never writes


def test_demo_priorities_as_json(capsys: pytest.CaptureFixture[str], demo: Path) -> None:
    code, out, err = run(capsys, "priorities", demo, "-f", "JSON")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data) == ["method", "candidates"] and data["method"] == "weighted"
    assert [list(item) for item in data["candidates"]] == [
        ["rank", "name", "score", "phase", "stable", "incomplete"]
    ] * 6
    assert data["candidates"][0] == {
        "rank": 1,
        "name": "Order to cash",
        "score": 82.6,
        "phase": 1,
        "stable": True,
        "incomplete": False,
    }
    assert [item["phase"] for item in data["candidates"]] == [1, 2, 3, 2, None, 3]
    assert [item["stable"] for item in data["candidates"]].count(False) == 2


def test_wsjf_incomplete_and_hostile_names(
    capsys: pytest.CaptureFixture[str], workshop_at: Any
) -> None:
    """WSJF scores to two decimals; an incomplete candidate has no rank, score or mark; wide
    and markup names are printed as they are, and the columns still line up."""
    path = workshop_at("w")
    with open_workshop(path) as workshop, workshop.session() as session:
        value = create_criterion(session, data={"name": "Value", "weight": 3})
        size = create_criterion(session, data={"name": "Size", "kind": "cost", "weight": 1})
        rows = {
            name: create_candidate(session, data={"name": name, "phase": phase}).id
            for name, phase in (("[bold]Big[/]", 2), ("東京 sync", None), ("Half done", 1))
        }
        for name, (v, s) in {"[bold]Big[/]": (5, 3), "東京 sync": (2, 1)}.items():
            set_score(session, candidate_id=rows[name], criterion_id=value.id, value=v)
            set_score(session, candidate_id=rows[name], criterion_id=size.id, value=s)
        set_score(session, candidate_id=rows["Half done"], criterion_id=value.id, value=4)
        set_scoring_method(session, method="wsjf")

    code, out, err = run(capsys, "priorities", path)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Candidates ranked by WSJF (cost of delay / job size); ties by name.",
        "rank  name          score  phase  stability",
        "   1  東京 sync      2.00      -  stable",
        "   2  [bold]Big[/]   1.67      2  stable",
        "   -  Half done         -      1  -          incomplete (no score on Size)",
        "3 candidates: 2 ranked, 1 incomplete, 0 fragile.",
    ]
    code, out, err = run(capsys, "priorities", path, "-f", "json")
    data = json.loads(out)
    assert data["method"] == "wsjf"
    assert data["candidates"][1]["score"] == 1.67
    assert data["candidates"][2] == {
        "rank": None,
        "name": "Half done",
        "score": None,
        "phase": 1,
        "stable": None,
        "incomplete": True,
    }


def test_no_candidates(capsys: pytest.CaptureFixture[str], workshop_at: Any) -> None:
    path = workshop_at("w")
    assert run(capsys, "priorities", path) == (
        0,
        "Candidates ranked by weighted scoring (0 to 100); ties by name.\nNo candidates yet.\n",
        "",
    )
    code, out, _ = run(capsys, "priorities", path, "-f", "json")
    assert json.loads(out) == {"method": "weighted", "candidates": []}


def test_an_older_file_is_upgraded_then_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "old.seamwork"
    shutil.copyfile(FIXTURE, path)
    code, out, err = run(capsys, "priorities", path)
    assert code == 0 and out.endswith("No candidates yet.\n")
    assert err.startswith(f"seamwork: upgraded {path}; the original is kept in ")
    assert probe(path).revision == HEAD_REVISION


@pytest.mark.parametrize("kind", ["random-bytes", "other-sqlite-id-0", "newer-schema"])
def test_bad_files_are_one_sentence_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    path, expected = make_bad(kind, tmp_path)
    before = folder_state(tmp_path)
    code, out, err = run(capsys, "priorities", path)
    assert (code, out) == (2, "")
    assert err.startswith("seamwork: ") and expected in err
    assert err.count("\n") == 1 and err.rstrip().endswith(".")
    assert folder_state(tmp_path) == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nope.seamwork"], "seamwork: {tmp}/nope.seamwork does not exist.\n"),
        (
            ["w.seamwork", "-f", "csv"],
            'seamwork: priorities format "csv" is not known; available: text, json.\n',
        ),
        (
            ["w.seamwork", "extra"],
            "seamwork priorities: unrecognized arguments: extra; see seamwork priorities --help.\n",
        ),
    ],
)
def test_bad_usage_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    new_workshop(tmp_path / "w.seamwork")
    args = [str(tmp_path / argv[0]), *argv[1:]]
    assert run(capsys, "priorities", *args) == (2, "", message.format(tmp=tmp_path))
