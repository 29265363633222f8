"""Scoring and ranking (models/scoring.py): hand-computed values, ties, sensitivity, properties."""

from __future__ import annotations

import random
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.enums import CriterionKind, Quadrant, ScoringMethod, WsjfPart
from models.names import name_key
from models.scoring import (
    DEFAULT_CRITERIA,
    SCORING_HELP,
    CandidateData,
    CriterionData,
    FrozenMap,
    KpiData,
    Ranked,
    quadrant,
    rank,
    rank_with_sensitivity,
    value_effort,
    weighted_score,
    wsjf_score,
)

BENEFIT, COST = CriterionKind.BENEFIT, CriterionKind.COST
VALUE, TIME, RISK, JOB = (
    WsjfPart.VALUE,
    WsjfPart.TIME_CRITICALITY,
    WsjfPart.RISK_REDUCTION,
    WsjfPart.JOB_SIZE,
)


def candidate(name: str, **scores: int) -> CandidateData:
    return CandidateData(name, scores=scores)


def order(ranked: list[Ranked]) -> list[str]:
    return [line.name for line in ranked]


# --- weighted scoring -----------------------------------------------------------------------

WEIGHTED = [
    CriterionData("A", 3),
    CriterionData("B", 1),
    CriterionData("C", 2, COST, JOB),
]


def test_weighted_score_by_hand() -> None:
    # A=5 -> (5-1)/4 = 1; B=3 -> (3-1)/4 = 0.5; cost C=2 -> (5-2)/4 = 0.75
    # 100 * (3*1 + 1*0.5 + 2*0.75) / (3+1+2) = 100 * 5 / 6 = 83.33...
    assert weighted_score({"A": 5, "B": 3, "C": 2}, WEIGHTED) == pytest.approx(500 / 6)
    # A=2 -> 0.25; B=5 -> 1; cost C=5 -> 0
    # 100 * (3*0.25 + 1*1 + 2*0) / 6 = 100 * 1.75 / 6 = 29.16...
    assert weighted_score({"A": 2, "B": 5, "C": 5}, WEIGHTED) == pytest.approx(175 / 6)
    # all best: 100; all worst: 0
    assert weighted_score({"A": 5, "B": 5, "C": 1}, WEIGHTED) == 100.0
    assert weighted_score({"A": 1, "B": 1, "C": 5}, WEIGHTED) == 0.0


def test_cost_criteria_are_inverted() -> None:
    # benefit w=1 s=3 -> 0.5. Cheap (cost 1 -> 1): 100*(0.5+1)/2 = 75; dear (5 -> 0): 25.
    criteria = [CriterionData("Impact", 1), CriterionData("Effort", 1, COST)]
    assert weighted_score({"Impact": 3, "Effort": 1}, criteria) == 75.0
    assert weighted_score({"Impact": 3, "Effort": 5}, criteria) == 25.0
    ranked = rank([candidate("Dear", Impact=3, Effort=5), candidate("Cheap", Impact=3, Effort=1)],
                  criteria)  # fmt: skip
    assert order(ranked) == ["Cheap", "Dear"]


def test_weight_zero_is_ignored() -> None:
    criteria = [*WEIGHTED, CriterionData("Unused", 0)]
    # Unscored on the weight-0 criterion: still complete, same score as without it.
    assert weighted_score({"A": 5, "B": 3, "C": 2}, criteria) == pytest.approx(500 / 6)
    # Scored there: the score does not count.
    assert weighted_score({"A": 5, "B": 3, "C": 2, "Unused": 1}, criteria) == pytest.approx(500 / 6)
    [line] = rank([candidate("X", A=5, B=3, C=2)], criteria)
    assert line.rank == 1 and line.missing == ()


def test_all_weights_zero_scores_everyone_zero_ranked_by_name() -> None:
    criteria = [CriterionData("A", 0), CriterionData("C", 0, COST)]
    candidates = [candidate("b"), candidate("A", A=5), candidate("c", C=1)]
    for method in ScoringMethod:
        ranked = rank_with_sensitivity(candidates, criteria, method)
        assert [(line.rank, line.name, line.score) for line in ranked] == [
            (1, "A", 0.0),
            (2, "b", 0.0),
            (3, "c", 0.0),
        ]
        assert all(line.stable for line in ranked)  # nothing to move


def test_scores_match_criterion_names_as_names_do() -> None:
    assert weighted_score({"a": 5, "b": 3, "c": 2}, WEIGHTED) == pytest.approx(500 / 6)


# --- WSJF -----------------------------------------------------------------------------------

WSJF = [
    CriterionData("V1", 2, BENEFIT, VALUE),
    CriterionData("V2", 1, BENEFIT, VALUE),
    CriterionData("T", 3, BENEFIT, TIME),
    CriterionData("R", 1, BENEFIT, RISK),
    CriterionData("J1", 1, COST, JOB),
    CriterionData("J2", 3, COST, JOB),
]


def test_wsjf_by_hand() -> None:
    scores = {"V1": 5, "V2": 2, "T": 4, "R": 3, "J1": 2, "J2": 4}
    # value = (2*5 + 1*2) / (2+1) = 4; time criticality = 4; risk reduction = 3
    # cost of delay = 4 + 4 + 3 = 11; job size = (1*2 + 3*4) / (1+3) = 3.5
    # WSJF = 11 / 3.5 = 22/7
    assert wsjf_score(scores, WSJF) == pytest.approx(22 / 7)
    # smaller job, same cost of delay: job size = (1*1 + 3*1) / 4 = 1 -> WSJF 11
    assert wsjf_score({**scores, "J1": 1, "J2": 1}, WSJF) == 11.0


def test_wsjf_parts_without_criteria() -> None:
    # No risk criterion: it counts 0. No cost criterion: job size counts 1.
    criteria = [CriterionData("V", 2, BENEFIT, VALUE), CriterionData("T", 1, BENEFIT, TIME)]
    # value 5 + time criticality 2 + risk 0 = 7, / job size 1
    assert wsjf_score({"V": 5, "T": 2}, criteria) == 7.0
    # A weight-0 job-size criterion is no job-size criterion.
    with_job = [*criteria, CriterionData("J", 0, COST)]
    assert wsjf_score({"V": 5, "T": 2, "J": 5}, with_job) == 7.0


def test_wsjf_cost_is_job_size_whatever_part_it_names() -> None:
    # A cost criterion set to "value" still divides: (value 4) / (job size 2) = 2.
    criteria = [CriterionData("V", 1, BENEFIT, VALUE), CriterionData("Effort", 1, COST, VALUE)]
    assert criteria[1].part is JOB
    assert wsjf_score({"V": 4, "Effort": 2}, criteria) == 2.0
    # A benefit set to job size feeds value instead: value (1*3 + 1*5) / 2 = 4, job size 1
    # (as job size it would give 3 / 5 = 0.6).
    odd = [CriterionData("V", 1), CriterionData("Odd", 1, BENEFIT, JOB)]
    assert odd[1].part is VALUE
    assert wsjf_score({"V": 3, "Odd": 5}, odd) == 4.0


def test_wsjf_ranks_the_smaller_job_first() -> None:
    base = {"V1": 3, "V2": 3, "T": 3, "R": 3}
    small = CandidateData("Small", scores={**base, "J1": 1, "J2": 2})
    big = CandidateData("Big", scores={**base, "J1": 4, "J2": 5})
    assert order(rank([big, small], WSJF, ScoringMethod.WSJF)) == ["Small", "Big"]
    assert order(rank([big, small], WSJF, "wsjf")) == ["Small", "Big"]


# --- ties, incomplete candidates ------------------------------------------------------------


def test_ties_are_broken_by_name_ignoring_case() -> None:
    same = {"A": 4, "B": 2, "C": 3}
    candidates = [CandidateData(name, scores=same) for name in ("Gamma", "beta", "Alpha")]
    for method in ScoringMethod:
        ranked = rank(candidates, WEIGHTED, method)
        # Plain string order would put "beta" last; names compare case-insensitively.
        assert [(line.rank, line.name) for line in ranked] == [
            (1, "Alpha"),
            (2, "beta"),
            (3, "Gamma"),
        ]


def test_equal_scores_are_equal_exactly() -> None:
    # WSJF, value from V1 (w1) and V2 (w2), time criticality from T1 (w1) and T2 (w2): both /3.
    criteria = [
        CriterionData("V1", 1, BENEFIT, VALUE),
        CriterionData("V2", 2, BENEFIT, VALUE),
        CriterionData("T1", 1, BENEFIT, TIME),
        CriterionData("T2", 2, BENEFIT, TIME),
    ]
    # Zinc: value (1+2)/3 = 1, time (1+4)/3 = 5/3 -> 8/3
    # Alpha: value (2+2)/3 = 4/3, time (2+2)/3 = 4/3 -> 8/3
    # In floats 1 + 5/3 > 4/3 + 4/3, so naive arithmetic would put Zinc first.
    zinc = CandidateData("Zinc orders", scores={"V1": 1, "V2": 1, "T1": 1, "T2": 2})
    alpha = CandidateData("Alpha invoices", scores={"V1": 2, "V2": 1, "T1": 2, "T2": 1})
    assert 1 + 5 / 3 != 4 / 3 + 4 / 3
    ranked = rank([zinc, alpha], criteria, ScoringMethod.WSJF)
    assert order(ranked) == ["Alpha invoices", "Zinc orders"]
    assert ranked[0].score == ranked[1].score == pytest.approx(8 / 3)


def test_incomplete_candidates_are_not_zero() -> None:
    candidates = [
        candidate("Zero", A=1, B=1, C=5),  # complete, scores 0
        candidate("Missing C", A=5, B=5),
        candidate("Missing all"),
    ]
    for method in ScoringMethod:
        ranked = rank_with_sensitivity(candidates, WEIGHTED, method)
        assert order(ranked) == ["Zero", "Missing all", "Missing C"]
        zero, missing_all, missing_c = ranked
        assert (zero.rank, zero.incomplete) == (1, False)
        assert (missing_c.rank, missing_c.score, missing_c.missing) == (None, None, ("C",))
        assert missing_c.incomplete and missing_c.stable is None
        assert missing_all.missing == ("A", "B", "C")  # in criteria order
    assert weighted_score({"A": 5, "B": 5}, WEIGHTED) is None
    assert wsjf_score({"A": 5, "B": 5}, WEIGHTED) is None


def test_rank_without_sensitivity_claims_no_stability() -> None:
    [line] = rank([candidate("X", A=5, B=3, C=2)], WEIGHTED)
    assert line.stable is None and line.fragile_on == ()
    [line] = rank_with_sensitivity([candidate("X", A=5, B=3, C=2)], WEIGHTED)
    assert line.stable is True


# --- sensitivity ----------------------------------------------------------------------------

FLIP = [
    CriterionData("Operational impact", 5),
    CriterionData("Manual effort removed", 4),
    CriterionData("Effort and complexity", 3, COST, JOB),
]


def flip_candidates() -> list[CandidateData]:
    impact, manual, effort = (criterion.name for criterion in FLIP)
    return [
        CandidateData("Stock feed", scores={impact: 2, manual: 2, effort: 4}),
        CandidateData("Order capture", scores={impact: 4, manual: 3, effort: 4}),
        CandidateData("Invoice sync", scores={impact: 1, manual: 5, effort: 1}),
        CandidateData("Supplier bills", scores={impact: 5}),
    ]


def test_one_weight_moved_20_percent_flips_the_top_two() -> None:
    # Points (benefit s-1, cost 5-s); Σw = 12, so score = 100 * Σ w*points / 48.
    # Invoice sync:  impact 0, manual 4, effort 4 -> 5*0 + 4*4 + 3*4 = 28 -> 58.33
    # Order capture: impact 3, manual 2, effort 1 -> 5*3 + 4*2 + 3*1 = 26 -> 54.17
    # Stock feed:    impact 1, manual 1, effort 1 -> 5 + 4 + 3     = 12 -> 25.00
    ranked = rank_with_sensitivity(flip_candidates(), FLIP)
    assert [(line.rank, line.name) for line in ranked] == [
        (1, "Invoice sync"),
        (2, "Order capture"),
        (3, "Stock feed"),
        (None, "Supplier bills"),
    ]
    assert ranked[0].score == pytest.approx(2800 / 48)
    assert ranked[1].score == pytest.approx(2600 / 48)
    assert ranked[2].score == 25.0
    # Impact x1.2 = 6: Invoice 0 + 16 + 12 = 28 < Order 18 + 8 + 3 = 29 -> they swap.
    # Impact x0.8 = 4: Invoice 28 > Order 12 + 8 + 3 = 23 -> hold.
    # Manual x0.8 = 3.2: Invoice 12.8 + 12 = 24.8 > Order 15 + 6.4 + 3 = 24.4; x1.2 widens it.
    # Effort x0.8 = 2.4: Invoice 16 + 9.6 = 25.6 > Order 15 + 8 + 2.4 = 25.4; x1.2 widens it.
    # Stock feed (12 x the moves) stays far below both.
    assert ranked[0].fragile_on == ("Operational impact",)
    assert ranked[1].fragile_on == ("Operational impact",)
    assert (ranked[0].stable, ranked[1].stable, ranked[2].stable) == (False, False, True)
    assert ranked[2].fragile_on == ()
    assert ranked[3].fragile_on == () and ranked[3].stable is None

    # And the swap is real: weight 6 on impact (all divided by 6 to stay within 0..5).
    moved = [replace(c, weight=Fraction(c.weight * (6 if i == 0 else 5), 6)) for i, c in
             enumerate(FLIP)]  # fmt: skip
    assert order(rank(flip_candidates(), moved))[:2] == ["Order capture", "Invoice sync"]


def brute_fragile(
    candidates: list[CandidateData], criteria: list[CriterionData], method: ScoringMethod
) -> dict[str, tuple[str, ...]]:
    """Sensitivity the slow way: rank again with each weight moved (weights /6 to stay <= 5)."""
    base = {line.name: line.rank for line in rank(candidates, criteria, method)}
    fragile: dict[str, list[str]] = {name: [] for name in base}
    for j, moved_criterion in enumerate(criteria):
        if moved_criterion.weight <= 0:
            continue
        for factor in (4, 6):
            moved = [
                replace(c, weight=Fraction(c.weight) * (factor if i == j else 5) / 6)
                for i, c in enumerate(criteria)
            ]
            for line in rank(candidates, moved, method):
                names = fragile[line.name]
                if line.rank != base[line.name] and moved_criterion.name not in names:
                    names.append(moved_criterion.name)
    return {name: tuple(names) for name, names in fragile.items()}


def test_sensitivity_agrees_with_reranking_on_random_workshops() -> None:
    rng = random.Random(5)
    for _ in range(60):
        criteria = [
            CriterionData(
                f"C{i}",
                rng.randint(0, 5),
                rng.choice(list(CriterionKind)),
                rng.choice(list(WsjfPart)),
            )  # fmt: skip
            for i in range(rng.randint(1, 6))
        ]
        candidates = [
            CandidateData(
                f"X{i}", scores={c.name: rng.randint(1, 5) for c in criteria if rng.random() < 0.95}
            )  # fmt: skip
            for i in range(rng.randint(2, 12))
        ]
        for method in ScoringMethod:
            expected = brute_fragile(candidates, criteria, method)
            for line in rank_with_sensitivity(candidates, criteria, method):
                assert line.fragile_on == expected[line.name], (method, line)


def test_non_integer_weights_rank_exactly() -> None:
    # 2.5 and 0.5 are 5:1, the same ranking and scores as weights 5 and 1.
    halves = [CriterionData("A", 2.5), CriterionData("B", 0.5)]
    whole = [CriterionData("A", 5), CriterionData("B", 1)]
    candidates = [candidate("P", A=4, B=1), candidate("Q", A=3, B=5), candidate("R", A=2, B=2)]
    for method in ScoringMethod:
        assert rank_with_sensitivity(candidates, halves, method) == rank_with_sensitivity(
            candidates, whole, method
        )


# --- properties -----------------------------------------------------------------------------

criteria_strategy = st.lists(
    st.builds(
        CriterionData,
        name=st.sampled_from(["Impact", "Revenue", "Manual", "Risk", "Readiness", "Effort"]),
        weight=st.integers(0, 5),
        kind=st.sampled_from(list(CriterionKind)),
        wsjf_part=st.sampled_from(list(WsjfPart)),
    ),
    min_size=0,
    max_size=6,
    unique_by=lambda c: c.name,
)


@st.composite
def workshops(draw: st.DrawFn) -> tuple[list[CriterionData], list[CandidateData]]:
    criteria = draw(criteria_strategy)
    names = draw(
        st.lists(
            st.text(
                st.characters(codec="utf-8", categories=["L", "N", "Zs"]), min_size=1, max_size=8
            )
            .map(str.strip)
            .filter(bool),  # fmt: skip
            max_size=12,
            unique_by=name_key,
        )
    )
    candidates = []
    for name in names:
        scored = draw(st.lists(st.sampled_from([c.name for c in criteria]), unique=True)
                      if criteria else st.just([]))  # fmt: skip
        scores = {c: draw(st.integers(1, 5)) for c in scored}
        candidates.append(CandidateData(name, scores=scores))
    return criteria, candidates


@settings(max_examples=150, deadline=None)
@given(workshops(), st.sampled_from(list(ScoringMethod)), st.randoms(use_true_random=False))
def test_ranking_properties(
    workshop: tuple[list[CriterionData], list[CandidateData]],
    method: ScoringMethod,
    rng: random.Random,
) -> None:
    criteria, candidates = workshop
    ranked = rank_with_sensitivity(candidates, criteria, method)
    # A permutation of the candidates.
    assert sorted(order(ranked)) == sorted(c.name for c in candidates)
    # Deterministic: the input order does not matter.
    shuffled = list(candidates)
    rng.shuffle(shuffled)
    assert rank_with_sensitivity(shuffled, criteria, method) == ranked
    # Complete first, ranked 1..k by score then name; incomplete after, by name.
    complete = [line for line in ranked if not line.incomplete]
    incomplete = [line for line in ranked if line.incomplete]
    assert ranked == complete + incomplete
    assert [line.rank for line in complete] == list(range(1, len(complete) + 1))
    for before, after in zip(complete, complete[1:], strict=False):
        assert before.score is not None and after.score is not None
        assert before.score > after.score or (
            before.score == after.score and name_key(before.name) < name_key(after.name)
        )
    assert [name_key(line.name) for line in incomplete] == sorted(
        name_key(line.name) for line in incomplete
    )
    assert all(line.score is None and line.missing for line in incomplete)
    # Same order without the sensitivity check; fragile only on weighted criteria.
    assert order(rank(candidates, criteria, method)) == order(ranked)
    weighted_names = {c.name for c in criteria if c.weight > 0}
    assert all(set(line.fragile_on) <= weighted_names for line in ranked)
    if method is ScoringMethod.WEIGHTED:
        assert all(0 <= line.score <= 100 for line in complete if line.score is not None)


# --- value versus effort ----------------------------------------------------------------------


def test_value_effort_by_hand() -> None:
    # value over benefits only: A=5 -> 1, B=3 -> 0.5: 100 * (3*1 + 1*0.5) / 4 = 87.5
    # effort over costs, (s-1)/4*100: C=2 -> 25
    assert value_effort({"A": 5, "B": 3, "C": 2}, WEIGHTED) == (87.5, 25.0)
    # two costs weighted 1 and 3: (1*(5-1) + 3*(2-1)) / (4*4) * 100 = 7/16*100 = 43.75
    criteria = [CriterionData("V", 2), CriterionData("J1", 1, COST), CriterionData("J2", 3, COST)]
    assert value_effort({"V": 1, "J1": 5, "J2": 2}, criteria) == (0.0, 43.75)
    # no cost criterion: effort 0; weight-0 criteria ignored; incomplete: None
    assert value_effort({"A": 1}, [CriterionData("A", 1), CriterionData("C", 0, COST)]) == (0, 0)
    assert value_effort({"A": 5, "B": 3}, WEIGHTED) is None


def test_quadrants_split_at_fifty() -> None:
    assert quadrant(80, 20) is Quadrant.QUICK_WIN
    assert quadrant(80, 80) is Quadrant.BIG_BET
    assert quadrant(20, 20) is Quadrant.FILL_IN
    assert quadrant(20, 80) is Quadrant.MONEY_PIT
    # Exactly 50 counts as high on both axes: middling effort is no quick win.
    assert quadrant(50, 49.9) is Quadrant.QUICK_WIN
    assert quadrant(50, 50) is Quadrant.BIG_BET
    assert quadrant(49.9, 50) is Quadrant.MONEY_PIT


def test_value_effort_places_default_candidates() -> None:
    names = [c.name for c in DEFAULT_CRITERIA]
    cheap_and_good = dict(zip(names, (5, 5, 4, 4, 3, 1), strict=True))
    point = value_effort(cheap_and_good, DEFAULT_CRITERIA)
    assert point is not None and quadrant(*point) is Quadrant.QUICK_WIN
    # value: (5*4 + 4*4 + 4*3 + 3*3 + 2*2) / (4*18) * 100 = 61/72*100
    assert point[0] == pytest.approx(6100 / 72)
    assert point[1] == 0.0


# --- values ---------------------------------------------------------------------------------


def test_defaults_follow_the_guide() -> None:
    assert [(c.name, c.weight, c.kind, c.wsjf_part) for c in DEFAULT_CRITERIA] == [
        ("Operational impact", 5, BENEFIT, VALUE),
        ("Closeness to revenue, fulfilment or financial control", 4, BENEFIT, TIME),
        ("Manual effort removed", 4, BENEFIT, VALUE),
        ("Error and risk reduction", 3, BENEFIT, RISK),
        ("Dependency readiness", 2, BENEFIT, RISK),
        ("Effort and complexity", 3, COST, JOB),
    ]
    assert all(c.description.endswith(".") for c in DEFAULT_CRITERIA)


def test_help_states_the_formulas() -> None:
    for words in (
        "(score - 1) / 4",
        "(5 - score) / 4",
        "Cost of delay = value + time criticality",
        "job size",
        "20%",
        "Ties are broken by name",
        "never counted as zero",
    ):
        assert words in SCORING_HELP


def test_values_are_frozen_and_hashable() -> None:
    a = CandidateData("X", flows=("b -> c: d", "A -> B: C"), scores={"A": 1, "B": 2},
                      rationales={"A": "why", "B": "  "})  # fmt: skip
    b = CandidateData("X", flows=("A -> B: C", "b -> c: d"), scores={"B": 2, "A": 1},
                      rationales={"A": "why"})  # fmt: skip
    assert a == b and hash(a) == hash(b)
    assert a.flows == ("A -> B: C", "b -> c: d")
    assert dict(a.rationales) == {"A": "why"}
    assert isinstance(a.scores, FrozenMap) and a.scores == {"A": 1, "B": 2}
    assert len({a, b, KpiData("K", candidates=("X",))}) == 2
    with pytest.raises(TypeError):
        a.scores["A"] = 3  # type: ignore[index]


@pytest.mark.parametrize("value", [0, 6, True, 2.5, "3"])
def test_bad_scores_are_refused_with_a_sentence(value: object) -> None:
    with pytest.raises(ValueError, match=r"^The score on Impact must be .+\.$"):
        CandidateData("X", scores={"Impact": value})  # type: ignore[dict-item]


@pytest.mark.parametrize("weight", [-1, 5.5, float("nan"), True, "3"])
def test_bad_weights_are_refused(weight: object) -> None:
    with pytest.raises(ValueError, match=r"^Weight must be .+\.$"):
        CriterionData("Impact", weight)  # type: ignore[arg-type]


def test_bad_phase_is_refused() -> None:
    for phase in (0, -1, True):
        with pytest.raises(ValueError, match="Phase"):
            CandidateData("X", phase=phase)
    assert CandidateData("X", phase=2).phase == 2


def test_kinds_accept_their_file_values() -> None:
    criterion = CriterionData("Effort", 2, "cost", "job-size")  # type: ignore[arg-type]
    assert criterion.kind is COST and criterion.wsjf_part is JOB
