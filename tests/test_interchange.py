"""JSON interchange (`seamwork/1`): deterministic export, whole-file validation, merge by name."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from engines import digest, table_count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interchange_files import (
    assert_refused,
    assert_same_workshop,
    doc,
    export_file,
    import_file,
    valid_names,
    valid_texts,
)
from workshop_templates import open_new

from models.enums import Direction, Frequency, Sensitivity
from models.names import name_key
from models.tables import SYSTEM_FIELDS, WORKSHOP_FIELDS
from storage.errors import ImportValidationError, ReadOnlyError
from storage.formats.seamwork_json import document as interchange
from storage.formats.seamwork_json import schema
from storage.formats.seamwork_json.document import Section, import_json, parse_document
from storage.formats.seamwork_json.keys import SYSTEM_KEYS, WORKSHOP_KEYS
from storage.queries.data_objects import create_data_object, set_definition
from storage.queries.flows import create_flow
from storage.queries.systems import create_system, create_systems, get_system, update_workshop
from storage.workshop_file import open_workshop

# --- export ---------------------------------------------------------------------------------


def test_export_has_the_documented_shape_order_and_trailing_newline(place: Any) -> None:
    path = place("w")
    with open_workshop(path) as workshop, workshop.session() as session:
        update_workshop(session, data={"name": "Acme workshop", "client": "Acme Ltd"})
        for name in ("beta", "Gamma", "alpha2", "Alpha"):
            create_system(session, data={"name": name, "category": "ERP", "criticality": 4})

    text = export_file(path)
    assert text.endswith("}\n") and not text.endswith("\n\n")
    data = json.loads(text)
    assert list(data) == [
        "format",
        "workshop",
        "systems",
        "data_objects",
        "flows",
        "scenarios",
        "checks",
        "criteria",
        "candidates",
        "kpis",
    ]
    assert data["data_objects"] == [] and data["flows"] == []
    assert data["scenarios"] == [] and data["checks"] == []  # no library until it is used
    assert data["criteria"] == [] and data["candidates"] == [] and data["kpis"] == []
    assert data["format"] == "seamwork/1"
    assert data["workshop"] == {
        "name": "Acme workshop",
        "client": "Acme Ltd",
        "facilitator": "",
        "notes": "",
        "scoring_method": "weighted",
    }
    assert [s["name"] for s in data["systems"]] == ["Alpha", "alpha2", "beta", "Gamma"]
    assert all(list(s) == list(SYSTEM_KEYS) for s in data["systems"])
    assert data["systems"][0]["category"] == "erp"  # enumerations as lower-case strings
    assert data["systems"][0]["criticality"] == 4  # numbers as numbers
    assert text == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def test_exported_keys_cover_every_model_field() -> None:
    """A field added to a model must be added to the file too, or it would be lost."""
    assert set(SYSTEM_KEYS) == set(SYSTEM_FIELDS)
    assert set(WORKSHOP_KEYS) == set(WORKSHOP_FIELDS)


def test_export_keeps_unicode_readable(place: Any) -> None:
    path = place("w")
    with open_workshop(path) as workshop, workshop.session() as session:
        create_system(session, data={"name": "Zoé 東京 🚚"})
    assert '"name": "Zoé 東京 🚚"' in export_file(path)


def test_demo_round_trips_byte_identical(workshop_at: Any, place: Any) -> None:
    demo = workshop_at("demo", demo=True)
    first = export_file(demo)
    summary = import_file(place("copy"), first)
    assert summary.created == {
        "systems": 10,
        "data_objects": 9,
        "flows": 24,
        "scenarios": 68,  # the library
        "checks": 330,
        "criteria": 6,
        "candidates": 6,
        "kpis": 5,
        "sessions": 2,
    }
    assert summary.workshop_updated
    assert export_file(place("copy")) == first


names = valid_names(30)
free_text = valid_texts(40)


@pytest.mark.files_only(
    "hypothesis: dozens of workshops a run; the server's round trip is the demo's"
)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(
    systems=st.lists(
        st.tuples(names, free_text, st.integers(min_value=1, max_value=5)),
        max_size=6,
        unique_by=lambda item: name_key(item[0]),  # type: ignore[index]
    ),
    notes=free_text,
)
def test_any_names_round_trip_through_export_and_import(
    systems: list[tuple[str, str, int]], notes: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, copy = Path(folder) / "a.seamwork", Path(folder) / "b.seamwork"
        with open_new(source) as workshop, workshop.session() as session:
            update_workshop(session, data={"notes": notes})
            create_systems(
                session,
                items=[
                    schema.SystemIn(name=name, vendor=vendor, criticality=criticality)
                    for name, vendor, criticality in systems
                ],
            )
        first = export_file(source)
        import_file(copy, first)
        assert export_file(copy) == first
        exported = json.loads(first)
        assert sorted(s["name"] for s in exported["systems"]) == sorted(n for n, _, _ in systems)
        assert exported["workshop"]["notes"] == notes.strip()


def _unique_names(max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(names, max_size=max_size, unique_by=name_key)  # type: ignore[arg-type]


@pytest.mark.files_only(
    "hypothesis: dozens of workshops a run; the server's round trip is the demo's"
)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_any_data_objects_and_flows_round_trip(data: st.DataObject) -> None:
    """Data objects (with sources of truth and definitions) and flows between any systems."""
    system_names = data.draw(_unique_names(5), label="systems")
    object_names = data.draw(_unique_names(4), label="data objects")
    with tempfile.TemporaryDirectory() as folder:
        source, copy = Path(folder) / "a.seamwork", Path(folder) / "b.seamwork"
        with open_new(source) as workshop, workshop.session() as session:
            create_systems(session, items=[schema.SystemIn(name=n) for n in system_names])
            for name in object_names:
                sot = data.draw(st.none() | st.sampled_from(system_names or [None]))
                obj = create_data_object(
                    session,
                    data={
                        "name": name,
                        "owner": data.draw(free_text),
                        "sensitivity": data.draw(st.sampled_from(list(Sensitivity))),
                        "definition": data.draw(free_text),
                    },
                    source_of_truth=sot,
                )
                assert obj.id is not None
                for department in data.draw(_unique_names(3), label="departments"):
                    set_definition(
                        session,
                        data_object_id=obj.id,
                        department=department,
                        text=data.draw(free_text.filter(str.strip)),
                    )
            if len(system_names) >= 2 and object_names:
                triples = data.draw(
                    st.lists(
                        st.tuples(
                            st.sampled_from(system_names),
                            st.sampled_from(system_names),
                            st.sampled_from(object_names),
                        ).filter(lambda t: name_key(t[0]) != name_key(t[1])),
                        max_size=6,
                        unique_by=lambda t: (name_key(t[0]), name_key(t[1]), name_key(t[2])),
                    ),
                    label="flows",
                )
                for flow_source, flow_target, obj_name in triples:
                    create_flow(
                        session,
                        source=flow_source,
                        target=flow_target,
                        data_object=obj_name,
                        data={
                            "frequency": data.draw(st.sampled_from(list(Frequency))),
                            "direction": data.draw(st.sampled_from(list(Direction))),
                            "owner": data.draw(free_text),
                            "security": data.draw(free_text),
                            "monitored": data.draw(st.booleans()),
                            "volume_per_day": data.draw(st.integers(0, 1_000_000_000)),
                            "manual_hours_per_week": data.draw(
                                st.integers(0, 10_000)
                                | st.floats(0, 10_000, allow_nan=False, allow_infinity=False)
                            ),
                        },
                    )
        first = export_file(source)
        import_file(copy, first)
        assert export_file(copy) == first
        assert_same_workshop(source, copy)


# --- import: merge --------------------------------------------------------------------------


def test_import_merges_by_name_case_insensitively(place: Any) -> None:
    path = place("w")
    with open_workshop(path) as workshop, workshop.session() as session:
        update_workshop(session, data={"name": "Kick-off", "client": "Acme", "notes": "keep"})
        create_system(session, data={"name": "Shopify", "vendor": "Shopify Inc", "criticality": 5})
        create_system(session, data={"name": "Xero", "lifecycle": "retiring"})

    summary = import_file(
        path,
        doc(
            workshop={"client": "Acme Ltd", "facilitator": "J. Doe"},
            systems=[
                {"name": "SHOPIFY", "criticality": 2},
                {"name": "Xero", "lifecycle": "retiring"},  # same values: unchanged
                {"name": "Stripe", "category": "payments"},
            ],
        ),
    )
    assert summary.created == {"systems": 1}
    assert summary.updated == {"systems": 1}
    assert summary.unchanged == {"systems": 1}
    assert summary.workshop_updated
    assert summary.sentence() == (
        "Imported 3 systems (1 new, 1 updated, 1 unchanged); workshop details updated."
    )

    data = json.loads(export_file(path))
    assert data["workshop"] == {
        "name": "Kick-off",  # not given: kept
        "client": "Acme Ltd",
        "facilitator": "J. Doe",
        "notes": "keep",
        "scoring_method": "weighted",
    }
    systems = {s["name"]: s for s in data["systems"]}
    assert set(systems) == {"SHOPIFY", "Stripe", "Xero"}
    assert systems["SHOPIFY"]["vendor"] == "Shopify Inc"  # not given: kept
    assert systems["SHOPIFY"]["criticality"] == 2
    assert systems["Stripe"]["category"] == "payments"
    assert systems["Stripe"]["criticality"] is None  # not given: unknown, never a default 3
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        assert get_system(session, name="shopify") is not None  # the key follows the rename


def test_optional_fields_and_sections_may_be_omitted(place: Any) -> None:
    path = place("w")
    summary = import_file(path, doc())
    assert summary.sentence() == "Imported no entries."
    summary = import_file(path, doc(systems=[{"name": "Shopify"}], workshop={}))
    assert summary.created == {"systems": 1} and not summary.workshop_updated
    assert json.loads(export_file(path))["systems"][0]["lifecycle"] is None  # unknown


def test_import_into_a_read_only_workshop_writes_nothing(place: Any) -> None:
    path = place("w", demo=True)
    before = digest(path)
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        with pytest.raises(ReadOnlyError):
            import_json(session, doc(systems=[{"name": "New one"}]))
    assert digest(path) == before


def test_a_failure_while_writing_rolls_back_every_section(
    place: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One transaction: a section failing after others were applied leaves nothing behind."""

    def explode(session: Any, document: Any, summary: Any) -> None:
        session.flush()  # the earlier sections' rows really reached the database
        raise RuntimeError("disk on fire")

    failing = Section(
        key="later",
        annotation=Any,
        default=None,
        export=lambda session: None,
        check=lambda session, document: None,
        apply=explode,
    )
    path = place("w", demo=True)
    before = export_file(path)
    audit_rows = table_count(path, "audit")
    monkeypatch.setattr(interchange, "SECTIONS", (*interchange.SECTIONS, failing))

    with pytest.raises(RuntimeError, match="disk on fire"):
        import_file(
            path,
            doc(workshop={"client": "Changed"}, systems=[{"name": "Shopify", "criticality": 1}]),
        )

    monkeypatch.undo()
    assert export_file(path) == before
    assert table_count(path, "audit") == audit_rows


# --- import: validation ---------------------------------------------------------------------

SHOPIFY = {"name": "Shopify", "category": "e-commerce"}
BAD_DOCUMENTS: dict[str, tuple[str, str | None, str]] = {
    "unknown system field": (
        doc(systems=[SHOPIFY, {"name": "Xero", "colour": "blue"}]),
        "systems[1].colour",
        "systems[1].colour: This version of Seamwork does not know this key.",
    ),
    "unknown top-level key": (
        doc(systems=[SHOPIFY], widgets=[]),
        "widgets",
        "widgets: This version of Seamwork does not know this key.",
    ),
    "unknown workshop field": (
        doc(workshop={"name": "W", "budget": 5}),
        "workshop.budget",
        "workshop.budget: This version of Seamwork does not know this key.",
    ),
    "bad enum": (
        doc(systems=[SHOPIFY, {"name": "Xero", "lifecycle": "dead"}]),
        "systems[1].lifecycle",
        "systems[1].lifecycle: Lifecycle must be one of: planned, implementing, live, retiring.",
    ),
    "criticality 9": (
        doc(systems=[SHOPIFY, {"name": "A"}, {"name": "B"}, {"name": "C", "criticality": 9}]),
        "systems[3].criticality",
        "systems[3].criticality: Criticality must be at most 5.",
    ),
    "criticality true": (
        doc(systems=[{"name": "A", "criticality": True}]),
        "systems[0].criticality",
        "systems[0].criticality: Criticality must be a whole number.",
    ),
    "duplicate names": (
        doc(systems=[SHOPIFY, {"name": "Xero"}, {"name": "Shopify"}]),
        "systems[2].name",
        'systems[2].name: "Shopify" appears twice.',
    ),
    "duplicate names differing in case": (
        doc(systems=[SHOPIFY, {"name": "SHOPIFY "}]),
        "systems[1].name",
        'systems[1].name: "SHOPIFY" appears twice (names ignore case; see systems[0]).',
    ),
    "missing name": (
        doc(systems=[{"category": "erp"}]),
        "systems[0].name",
        "systems[0].name: Name is required.",
    ),
    "empty name": (
        doc(systems=[{"name": "   "}]),
        "systems[0].name",
        "systems[0].name: Name is required.",
    ),
    "systems not a list": (
        doc(systems={"name": "Shopify"}),
        "systems",
        "systems: Must be a list.",
    ),
    "entry not an object": (
        doc(systems=["Shopify"]),
        "systems[0]",
        "systems[0]: Must be a JSON object.",
    ),
    "repeated key": (
        '{"format": "seamwork/1", "systems": [{"name": "A", "name": "B"}]}',
        "systems[0]",
        'systems[0]: The key "name" appears twice in one object.',
    ),
    "unpaired surrogate": (
        '{"format": "seamwork/1", "systems": [{"name": "A", "notes": "x\\ud800"}]}',
        "systems[0].notes",
        "systems[0].notes: Contains an unpaired surrogate escape, which is not valid text.",
    ),
    "not JSON": (
        '{"format": "seamwork/1",\n  "systems": [}',
        None,
        "The file is not valid JSON: expecting value at line 2, column 15.",
    ),
    "empty file": ("", None, "The file is not valid JSON: expecting value at line 1, column 1."),
    "raw newline in a string": (  # json says "Invalid control character at": one "at" only
        '{"format": "seamwork/1", "systems": [{"name": "A\nB"}]}',
        None,
        "The file is not valid JSON: invalid control character at line 1, column 49.",
    ),
    "NaN": (
        '{"format": "seamwork/1", "systems": [{"name": "A", "criticality": NaN}]}',
        None,
        "The file is not valid JSON: NaN is not a JSON number.",
    ),
    "not an object": (
        "[]",
        None,
        'The file is not a Seamwork file: it must be a JSON object with "format": "seamwork/1".',
    ),
    "missing format": (
        json.dumps({"systems": [SHOPIFY]}),
        None,
        'The file is not a Seamwork file: it has no "format" (expected "seamwork/1").',
    ),
    "wrong format": (
        json.dumps({"format": "seamwork/2", "systems": [SHOPIFY]}),
        "format",
        'format: "seamwork/2" is not a format this version of Seamwork reads '
        '(expected "seamwork/1").',
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_DOCUMENTS))
def test_bad_import_names_the_path_and_writes_nothing(place: Any, case: str) -> None:
    text, path_expected, message = BAD_DOCUMENTS[case]
    path = place("w", demo=True)
    assert_refused(path, text, path_expected, message, ("system", "workshop", "audit"))


LATER_KEYS = ("session",)


@pytest.mark.parametrize("key", LATER_KEYS)
def test_keys_of_later_versions_are_rejected_not_dropped(key: str) -> None:
    with pytest.raises(ImportValidationError) as caught:
        parse_document(doc(systems=[SHOPIFY], **{key: []}))
    assert caught.value.path == key
    assert "does not know" in str(caught.value)


def test_several_problems_are_counted_in_the_one_sentence() -> None:
    text = doc(systems=[{"name": "A", "criticality": 0}, {"name": "B", "api": "carrier pigeon"}])
    with pytest.raises(ImportValidationError) as caught:
        parse_document(text)
    assert str(caught.value) == (
        "systems[0].criticality: Criticality must be at least 1 (1 more problem in the file)."
    )


def test_enumerations_are_read_case_insensitively() -> None:
    document = parse_document(doc(systems=[{"name": "A", "category": "ERP", "api": " Rest "}]))
    system = document.systems[0]  # type: ignore[attr-defined]
    assert (system.category.value, system.api.value) == ("erp", "rest")


def test_a_byte_order_mark_is_accepted() -> None:
    document = parse_document("\ufeff" + doc(systems=[{"name": "A"}]))
    assert [s.name for s in document.systems] == ["A"]  # type: ignore[attr-defined]
