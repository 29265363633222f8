"""Forgiving name matching (`models.name_match`): pure, no database."""

from __future__ import annotations

import pytest

from models.name_match import NameIndex, common_prefix, compact

SYSTEMS = NameIndex(
    [
        "Mission Control PSA",
        "Salesforce Sales Cloud",
        "Xero",
        "BambooHR",
        "Sage X3",
        "Sage Intacct",
        "HubSpot",
    ]
)


@pytest.mark.parametrize(
    ("typed", "kind", "name"),
    [
        ("Xero", "exact", "Xero"),
        ("xero", "exact", "Xero"),
        ("mission-control psa", "same", "Mission Control PSA"),
        ("MissionControl PSA", "same", "Mission Control PSA"),
        ("Mission Control", "prefix", "Mission Control PSA"),
        ("Salesforce", "prefix", "Salesforce Sales Cloud"),
        ("Bamboo", "prefix", "BambooHR"),
        ("Sales Cloud", "word", "Salesforce Sales Cloud"),
        ("X3", "word", "Sage X3"),
        ("Intacct", "word", "Sage Intacct"),
    ],
)
def test_names_resolve_forgivingly(typed: str, kind: str, name: str) -> None:
    match = SYSTEMS.match(typed)
    assert (match.kind, match.resolved) == (kind, name)
    assert match.name == name


def test_a_close_misspelling_is_offered_never_taken() -> None:
    match = SYSTEMS.match("Mision Control PSA")
    assert match.kind == "near"
    assert match.suggestion == "Mission Control PSA"
    assert match.resolved is None
    assert match.name == "Mision Control PSA"  # taken as typed only if the room says so
    assert SYSTEMS.match("Mision Control").suggestion == "Mission Control PSA"
    assert SYSTEMS.match("Hubspto").suggestion == "HubSpot"


@pytest.mark.parametrize("typed", ["Sage", "S"])
def test_an_ambiguous_or_too_short_prefix_resolves_nothing(typed: str) -> None:
    match = SYSTEMS.match(typed)
    assert match.resolved is None
    if typed == "Sage":
        assert match.kind == "ambiguous"
        assert match.names == ("Sage Intacct", "Sage X3")
    else:
        assert match.kind == "new"


@pytest.mark.parametrize("typed", ["Shopify", "Netsuite", "ERP", "Xer0x", "Payroll"])
def test_a_name_like_nothing_is_new(typed: str) -> None:
    assert SYSTEMS.match(typed).kind == "new"


def test_a_quoted_name_matches_only_itself() -> None:
    assert SYSTEMS.match("Mission Control", exact_only=True).kind == "new"
    assert SYSTEMS.match("xero", exact_only=True).resolved == "Xero"


def test_completion_and_common_prefix() -> None:
    assert SYSTEMS.complete("mis") == ("Mission Control PSA",)
    assert SYSTEMS.complete("sa") == ("Sage Intacct", "Sage X3", "Salesforce Sales Cloud")
    assert common_prefix(SYSTEMS.complete("sag")) == "Sage "
    assert SYSTEMS.complete("") == ()
    # The start of a name comes first; a word inside names only when no name starts so.
    both = NameIndex(["Salesforce Sales Cloud", "Jira Service Management"])
    assert both.complete("s") == ("Salesforce Sales Cloud",)
    assert both.complete("serv") == ("Jira Service Management",)
    assert compact("  Mission—Control, PSA ") == "missioncontrolpsa"


def test_an_empty_index_makes_everything_new() -> None:
    assert NameIndex([]).match("Xero").kind == "new"
    assert NameIndex([]).complete("x") == ()
