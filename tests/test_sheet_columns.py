"""The domain rules that read a client's spreadsheet: headers to fields, cells to values.
Pure functions, no files."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.enums import (
    Api,
    Approach,
    Category,
    Direction,
    FlowState,
    Frequency,
    Hosting,
    Lifecycle,
    Mechanism,
    Sensitivity,
)
from models.labels import CRITICALITY_LABELS, label
from models.sheet_columns import (
    FLOWS,
    SYSTEMS,
    VOCABULARIES,
    NoMatch,
    header_key,
    match_header,
    match_value,
    read_number,
    sheet_kind,
)


@pytest.mark.parametrize(
    ("kind", "header", "field"),
    [
        (SYSTEMS, "Application", "name"),
        (SYSTEMS, "System name", "name"),
        (SYSTEMS, "APPLICATION  NAME", "name"),
        (SYSTEMS, "application_name", "name"),
        (SYSTEMS, "Business owner", "owner"),
        (SYSTEMS, "Application owner", "owner"),
        (SYSTEMS, "Supplier", "vendor"),
        (SYSTEMS, "Product vendor", "vendor"),
        (SYSTEMS, "Application type", "category"),
        (SYSTEMS, "Type", "category"),
        (SYSTEMS, "Lifecycle status", "lifecycle"),
        (SYSTEMS, "Status", "lifecycle"),
        (SYSTEMS, "Deployment", "hosting"),
        (SYSTEMS, "API", "api"),
        (SYSTEMS, "Criticality", "criticality"),
        (SYSTEMS, "Comments", "notes"),
        (SYSTEMS, "Description", "notes"),
        (FLOWS, "Source system", "source"),
        (FLOWS, "From", "source"),
        (FLOWS, "Sending system", "source"),
        (FLOWS, "Receiving system", "target"),
        (FLOWS, "To", "target"),
        (FLOWS, "Payload", "data_object"),
        (FLOWS, "Message", "data_object"),
        (FLOWS, "Entity", "data_object"),
        (FLOWS, "Schedule", "frequency"),
        (FLOWS, "Interface type", "mechanism"),
        (FLOWS, "Protocol", "mechanism"),
        (FLOWS, "Technology", "mechanism"),
        (FLOWS, "Direction", "direction"),
        (FLOWS, "State", "state"),
        (FLOWS, "Approach", "approach"),
        (FLOWS, "Owner", "owner"),
        (FLOWS, "Volume per day", "volume_per_day"),
        (FLOWS, "volume_per_day", "volume_per_day"),
        (FLOWS, "Manual hours / week", None),
        (FLOWS, "Manual hours per week", "manual_hours_per_week"),
        (FLOWS, "Notes", "notes"),
        (SYSTEMS, "Cost centre", None),
        (FLOWS, "Application", None),
    ],
)
def test_headers_match_by_name_and_synonym_ignoring_case_space_and_punctuation(
    kind: str, header: str, field: str | None
) -> None:
    assert match_header(kind, header) == field


def test_a_sheet_is_of_flows_with_source_and_target_of_systems_with_a_name() -> None:
    assert sheet_kind(["Sending system", "Receiving system", "Data"]) == FLOWS
    assert sheet_kind(["Interface", "From", "To"]) == FLOWS
    assert sheet_kind(["Application", "Owner"]) == SYSTEMS
    assert sheet_kind(["Source", "Owner"]) is None
    assert sheet_kind(["Cost centre", ""]) is None


@pytest.mark.parametrize(
    ("field", "cell", "value"),
    [
        ("hosting", "SaaS", "saas"),
        ("hosting", "On premise", "on-premise"),
        ("hosting", "on-premises", "on-premise"),
        ("hosting", "On-prem", "on-premise"),
        ("api", "REST API", "rest"),
        ("api", "None", "none"),
        ("api", "graphql", "graphql"),
        ("frequency", "Real time", "real-time"),
        ("frequency", "Realtime", "real-time"),
        ("frequency", "Nightly", "daily"),
        ("frequency", "On demand", "on-demand"),
        ("frequency", "ad hoc", "ad-hoc"),
        ("mechanism", "REST API", "api"),
        ("mechanism", "CSV file", "file"),
        ("mechanism", "iPaaS", "ipaas"),
        ("mechanism", "E-mail", "email"),
        ("category", "Webshop", "e-commerce"),
        ("category", "E-commerce", "e-commerce"),
        ("category", "HR", "hr"),
        ("category", "Accounting", "finance"),
        ("lifecycle", "In production", "live"),
        ("lifecycle", "Sunset", "retiring"),
        ("direction", "Bidirectional", "two-way"),
        ("state", "Partly automated", "partial"),
        ("approach", "TBD", "undecided"),
        ("sensitivity", "PII", "personal"),
        ("criticality", "5 · critical", 5),
        ("criticality", "High", 4),
        ("criticality", 3, 3),
        ("criticality", 2.0, 2),
        ("monitored", "Yes", True),
        ("monitored", "no", False),
        ("monitored", True, True),
        ("volume_per_day", "400", 400),
        ("volume_per_day", 400.0, 400),
        ("volume_per_day", "1.200.000", 1_200_000),
        ("manual_hours_per_week", "6,5", 6.5),
        ("manual_hours_per_week", "2.25", 2.25),
        ("manual_hours_per_week", 0, 0),
        ("owner", "  Ops  ", "  Ops  "),
        ("owner", 42, "42"),
    ],
)
def test_values_map_to_the_vocabulary_by_value_label_and_synonym(
    field: str, cell: Any, value: Any
) -> None:
    assert match_value(field, cell) == value


@pytest.mark.parametrize(
    ("field", "cell"),
    [
        ("lifecycle", "Legacy"),  # not surely "retiring": never guessed
        ("hosting", "Laptop"),
        ("frequency", "Every full moon"),
        ("mechanism", "Fax"),
        ("mechanism", "Middleware"),
        ("criticality", 7),
        ("criticality", 2.5),
        ("criticality", "Very important"),
        ("monitored", "sometimes"),
        ("volume_per_day", "1,200"),  # 1200 in English, 1.2 in German
        ("volume_per_day", "2.5"),
        ("volume_per_day", "-3"),
        ("volume_per_day", True),
        ("manual_hours_per_week", "lots"),
        ("manual_hours_per_week", "20000"),
    ],
)
def test_a_value_that_matches_nothing_valid_is_not_guessed(field: str, cell: Any) -> None:
    with pytest.raises(NoMatch):
        match_value(field, cell)


@pytest.mark.parametrize("cell", [None, "", "  ", "not recorded", "Unknown", "n/a", "-", "?"])
@pytest.mark.parametrize("field", ["hosting", "criticality", "monitored", "owner"])
def test_a_cell_that_says_nobody_knows_is_unknown(field: str, cell: Any) -> None:
    assert match_value(field, cell) is None


ENUMS = (Api, Approach, Category, Direction, FlowState, Frequency, Hosting, Lifecycle, Mechanism,
         Sensitivity)  # fmt: skip


@pytest.mark.parametrize("field", sorted(VOCABULARIES))
def test_every_value_and_its_label_read_as_themselves(field: str) -> None:
    """The export writes values and labels: both must read back as the value."""
    for member in VOCABULARIES[field]:
        assert match_value(field, member.value) == member.value
        assert match_value(field, label(member)) == member.value
        assert match_value(field, member.value.upper()) == member.value
    for number, text in CRITICALITY_LABELS.items():
        assert match_value("criticality", text) == number


@given(st.integers(min_value=0, max_value=10**9))
def test_whole_numbers_read_back_as_any_spreadsheet_writes_them(number: int) -> None:
    for cell in (number, float(number), str(number), f"{number:,}".replace(",", ".")):
        if isinstance(cell, str) and len(cell) in (5, 6, 7) and "." in cell:
            continue  # "1.200" is ambiguous and refused (see above)
        assert read_number(cell) == number


def test_header_key_ignores_case_space_and_punctuation() -> None:
    assert header_key("  Source-System ") == header_key("source_system") == "sourcesystem"
