"""Prioritisation: score candidate integrations against weighted criteria and rank them.

Pure functions over frozen values (no session, no SQLModel), so the Priorities screen can
import this at start-up and re-rank on every weight change.

Two rules keep the ranking trustworthy in the room:

- A candidate missing a score on a criterion that carries weight is *incomplete*: it has no
  rank and no score (never a silent zero) and sorts after the complete ones, by name.
- Ties are broken by name, and scores are compared exactly: weights are turned into integers
  once (scaling every weight by the same factor changes no score), so two candidates the
  arithmetic says are equal are equal, never one float rounding apart. That also makes the
  ±20% sensitivity check free of rounding noise.
"""

from __future__ import annotations

import functools
import math
from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, Sequence, ValuesView
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeVar

from models.enums import CriterionKind, Quadrant, ScoringMethod, WsjfPart
from models.names import name_key

WEIGHT_MIN, WEIGHT_MAX = 0, 5
SCORE_MIN, SCORE_MAX = 1, 5
SENSITIVITY = 0.2

# The sensitivity factors 0.8 and 1.2 as integers over a common denominator, so re-ranking with
# one weight moved stays in integer arithmetic: every weight times 5, the moved one times 4 or 6.
_SCALE = 5
_MOVES: tuple[int, ...] = (4, 6)
assert [move / _SCALE for move in _MOVES] == [1 - SENSITIVITY, 1 + SENSITIVITY]

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """A read-only, hashable mapping, so frozen dataclasses holding scores stay hashable.

    Keeps the order it was given (for display); equality and hash ignore order, as a dict's do.
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._data: dict[K, V] = dict(items)
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    # The dict's own views and get: Mapping's generic ones go through __getitem__ per key.
    def get(self, key: K, default: Any = None) -> Any:
        return self._data.get(key, default)

    def keys(self) -> KeysView[K]:
        return self._data.keys()

    def values(self) -> ValuesView[V]:
        return self._data.values()

    def items(self) -> ItemsView[K, V]:
        return self._data.items()

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


EMPTY: FrozenMap[Any, Any] = FrozenMap()


@functools.lru_cache(maxsize=1 << 16)
def _flow_order(ref: str) -> tuple[str, str]:
    """How flow references sort (by name); cached, as the same flows are sorted on every read."""
    return name_key(ref), ref


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Fraction) and not isinstance(value, bool)


@dataclass(frozen=True)
class CriterionData:
    """A criterion the room scores candidates on; weight 0 keeps it but leaves it out.

    `wsjf_part` says which part of WSJF a benefit feeds; a cost criterion always counts as job
    size whatever `wsjf_part` holds (see `part`), so switching a criterion's kind back and forth
    never loses what the room chose.
    """

    name: str
    weight: float
    kind: CriterionKind = CriterionKind.BENEFIT
    wsjf_part: WsjfPart = WsjfPart.VALUE
    description: str = ""

    def __post_init__(self) -> None:
        if not _is_number(self.weight) or not math.isfinite(self.weight):
            raise ValueError(f"Weight must be a number from {WEIGHT_MIN} to {WEIGHT_MAX}.")
        if not WEIGHT_MIN <= self.weight <= WEIGHT_MAX:
            raise ValueError(f"Weight must be from {WEIGHT_MIN} to {WEIGHT_MAX}.")
        object.__setattr__(self, "kind", CriterionKind(self.kind))
        object.__setattr__(self, "wsjf_part", WsjfPart(self.wsjf_part))

    @property
    def part(self) -> WsjfPart:
        """The WSJF part this criterion feeds: job size for a cost, never job size for a benefit."""
        if self.kind is CriterionKind.COST:
            return WsjfPart.JOB_SIZE
        return WsjfPart.VALUE if self.wsjf_part is WsjfPart.JOB_SIZE else self.wsjf_part


@dataclass(frozen=True)
class CandidateData:
    """A candidate integration: its member flows (as `S -> T: O`) and its 1..5 scores by name.

    `scores` and `rationales` may be given as dicts; they are stored as `FrozenMap`s. Empty
    rationales are dropped. `flows` is kept sorted by name.
    """

    name: str
    description: str = ""
    phase: int | None = None
    notes: str = ""
    flows: tuple[str, ...] = ()
    scores: Mapping[str, int] = EMPTY
    rationales: Mapping[str, str] = EMPTY

    def __post_init__(self) -> None:
        if self.phase is not None and (
            not isinstance(self.phase, int) or isinstance(self.phase, bool) or self.phase < 1
        ):
            raise ValueError("Phase must be a whole number from 1, or none.")
        # Kept cheap: storage builds every candidate again on each re-rank.
        flows = self.flows
        if type(flows) is not tuple or len(flows) > 1:
            flows = tuple(sorted(flows, key=_flow_order))
            if flows != self.flows:
                object.__setattr__(self, "flows", flows)
        if type(self.scores) is not FrozenMap:
            object.__setattr__(self, "scores", FrozenMap(self.scores))
        for criterion, value in self.scores.items():
            if type(value) is not int or not SCORE_MIN <= value <= SCORE_MAX:
                raise ValueError(
                    f"The score on {criterion} must be a whole number from {SCORE_MIN} to "
                    f"{SCORE_MAX}."
                )
        if not self.rationales:
            if self.rationales is not EMPTY:
                object.__setattr__(self, "rationales", EMPTY)
            return
        kept = {key: text for key, text in self.rationales.items() if text.strip()}
        if type(self.rationales) is not FrozenMap or len(kept) != len(self.rationales):
            object.__setattr__(self, "rationales", FrozenMap(kept))


@dataclass(frozen=True)
class KpiData:
    """A measure of success, tied to the candidates that should move it and the data behind it."""

    name: str
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    owner: str = ""
    candidates: tuple[str, ...] = ()
    data_objects: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Ranked:
    """One line of the ranking.

    `checked` is False when the ranking was made without the sensitivity check (`rank`), so
    `stable` does not claim a stability nobody measured.
    """

    rank: int | None
    name: str
    score: float | None
    missing: tuple[str, ...] = ()
    fragile_on: tuple[str, ...] = ()
    checked: bool = True

    @property
    def incomplete(self) -> bool:
        return self.rank is None

    @property
    def stable(self) -> bool | None:
        """True when no single ±20% weight move changes the rank; None if unknown or unranked."""
        if self.rank is None or not self.checked:
            return None
        return not self.fragile_on


# --- exact arithmetic -----------------------------------------------------------------------


def _integer_weights(weights: Sequence[float]) -> list[int]:
    """The weights as integers in the same proportions (every score is scale-free)."""
    if all(isinstance(w, int) or (isinstance(w, float) and w.is_integer()) for w in weights):
        return [int(w) for w in weights]
    exact = [Fraction(w) for w in weights]
    common = math.lcm(*(w.denominator for w in exact))
    return [int(w * common) for w in exact]


def _score_of(scores: Mapping[str, int], name: str) -> int | None:
    """The score given under the criterion's name, matched as names are (case-insensitively)."""
    value = scores.get(name)
    if value is not None:
        return value
    key = name_key(name)
    for other, value in scores.items():
        if name_key(other) == key:
            return value
    return None


_PART_INDEX = {WsjfPart.VALUE: 0, WsjfPart.TIME_CRITICALITY: 1, WsjfPart.RISK_REDUCTION: 2}
_JOB = 3


def _wsjf(sums: Sequence[int], totals: Sequence[int]) -> float:
    """WSJF from each part's weight-times-score sum and weight total, divided once at the end.

    Cost of delay = Σ sums[p] / totals[p] over the parts that carry weight, kept as one exact
    fraction num/den; job size is sums[3] / totals[3], or 1 when no job-size criterion counts.
    Python divides integers correctly rounded, so equal values give identical floats.
    """
    num, den = 0, 1
    for part in range(_JOB):
        total = totals[part]
        if total:
            num = num * total + sums[part] * den
            den *= total
    if totals[_JOB]:
        return (num * totals[_JOB]) / (den * sums[_JOB])
    return num / den


class _Scorer:
    """Criteria and candidates reduced to small integers once; each re-rank is then arithmetic.

    Only criteria with weight > 0 take part (`active`). For each complete candidate it keeps a
    vector over the active criteria: for weighted scoring the 0..4 points ((s - 1) for a benefit,
    (5 - s) for a cost); for WSJF the raw 1..5 scores.
    """

    def __init__(
        self,
        candidates: Iterable[CandidateData],
        criteria: Sequence[CriterionData],
        method: ScoringMethod | str,
    ) -> None:
        self.method = ScoringMethod(method)
        self.active = [c for c in criteria if c.weight > 0]
        self.weights = _integer_weights([c.weight for c in self.active])
        self.parts = [
            _JOB if c.part is WsjfPart.JOB_SIZE else _PART_INDEX[c.part] for c in self.active
        ]
        cost = [c.kind is CriterionKind.COST for c in self.active]
        names = [c.name for c in self.active]
        weighted = self.method is ScoringMethod.WEIGHTED
        complete: list[tuple[str, str, list[int]]] = []
        incomplete: list[tuple[str, str, tuple[str, ...]]] = []
        for candidate in candidates:
            given = candidate.scores
            raw = [given.get(name) for name in names]
            if None in raw:  # a name spelt differently (case, accents) or a missing score
                raw = [
                    _score_of(given, name) if s is None else s
                    for s, name in zip(raw, names, strict=True)
                ]
            if None in raw:
                missing = tuple(
                    name for name, value in zip(names, raw, strict=True) if value is None
                )
                incomplete.append((name_key(candidate.name), candidate.name, missing))
            elif weighted:
                points = [5 - s if c else s - 1 for s, c in zip(raw, cost, strict=True)]  # type: ignore[operator]
                complete.append((name_key(candidate.name), candidate.name, points))
            else:
                complete.append((name_key(candidate.name), candidate.name, raw))  # type: ignore[arg-type]
        complete.sort(key=lambda item: (item[0], item[1]))
        incomplete.sort(key=lambda item: (item[0], item[1]))
        self.names = [name for _, name, _ in complete]
        self.vectors = [vector for _, _, vector in complete]
        self.incomplete = [(name, missing) for _, name, missing in incomplete]

    # Weighted scoring: Σ w·points / (4·Σ w) · 100. Σ w is the same for every complete
    # candidate, so the exact integer Σ w·points orders them.
    def _weighted_sums(self) -> list[int]:
        weights = self.weights
        return [sum(w * p for w, p in zip(weights, vector, strict=True)) for vector in self.vectors]

    def _weighted_score(self, total: int) -> float:
        denominator = 4 * sum(self.weights)
        return 100 * total / denominator if denominator else 0.0

    def _wsjf_sums(self, weights: Sequence[int]) -> tuple[list[int], list[list[int]]]:
        totals = [0, 0, 0, 0]
        for w, part in zip(weights, self.parts, strict=True):
            totals[part] += w
        sums = []
        for vector in self.vectors:
            row = [0, 0, 0, 0]
            for w, part, s in zip(weights, self.parts, vector, strict=True):
                row[part] += w * s
            sums.append(row)
        return totals, sums

    def scores(self) -> tuple[list[float], list[Any]]:
        """(scores for display, exact keys that order them) for the complete candidates."""
        if self.method is ScoringMethod.WEIGHTED:
            sums = self._weighted_sums()
            return [self._weighted_score(total) for total in sums], sums
        totals, part_sums = self._wsjf_sums(self.weights)
        values = [_wsjf(row, totals) for row in part_sums]
        return values, values

    def moved_keys(self, index: int, move: int) -> list[Any]:
        """Order keys with active criterion `index` weighted move/5 of itself, the rest 5/5."""
        w = self.weights[index]
        delta = (move - _SCALE) * w
        if self.method is ScoringMethod.WEIGHTED:
            return [
                _SCALE * total + delta * vector[index]
                for total, vector in zip(self._base_keys, self.vectors, strict=True)
            ]
        part = self.parts[index]
        job_total = self._totals[_JOB]
        if part == _JOB:
            # Cost of delay is untouched: cod / den, divided by the moved job size.
            job_total = _SCALE * job_total + delta
            cod, den = self._cod
            return [
                (num * job_total) / (den * (_SCALE * row[_JOB] + delta * vector[index]))
                for num, row, vector in zip(cod, self._part_sums, self.vectors, strict=True)
            ]
        # Cost of delay = (the other parts, others / other_den) + moved sum / moved total.
        others, other_den = self._without[part]
        total = _SCALE * self._totals[part] + delta
        den = other_den * total
        if not job_total:
            return [
                (rest * total + (_SCALE * row[part] + delta * vector[index]) * other_den) / den
                for rest, row, vector in zip(others, self._part_sums, self.vectors, strict=True)
            ]
        return [
            ((rest * total + (_SCALE * row[part] + delta * vector[index]) * other_den) * job_total)
            / (den * row[_JOB])
            for rest, row, vector in zip(others, self._part_sums, self.vectors, strict=True)
        ]

    def prepare_moves(self, keys: list[Any]) -> None:
        """Precompute what every moved re-ranking shares, so each costs a few multiplications."""
        self._base_keys = keys
        if self.method is ScoringMethod.WEIGHTED:
            return
        self._totals, self._part_sums = self._wsjf_sums(self.weights)
        self._cod = self._cause_fraction(range(_JOB))
        self._without = {
            part: self._cause_fraction(other for other in range(_JOB) if other != part)
            for part in set(self.parts)
            if part != _JOB
        }

    def _cause_fraction(self, parts: Iterable[int]) -> tuple[list[int], int]:
        """Σ sums[p] / totals[p] over `parts` for every candidate, as numerators over one den."""
        used = [part for part in parts if self._totals[part]]
        den = math.prod(self._totals[part] for part in used)
        factors = [(part, den // self._totals[part]) for part in used]
        return [sum(row[part] * f for part, f in factors) for row in self._part_sums], den


def _order(keys: Sequence[Any]) -> list[int]:
    """Candidate indices best first: higher key, then the name order they are held in.

    Sorting (−key, index) pairs compares in C, with no Python key function per item.
    """
    return [i for _, i in sorted(zip([-key for key in keys], range(len(keys)), strict=True))]


def _ranking(
    candidates: Iterable[CandidateData],
    criteria: Sequence[CriterionData],
    method: ScoringMethod | str,
    sensitivity: bool,
) -> list[Ranked]:
    scorer = _Scorer(candidates, criteria, method)
    values, keys = scorer.scores()
    order = _order(keys)
    fragile: list[list[str]] = [[] for _ in order]
    if sensitivity and len(order) > 1:
        scorer.prepare_moves(keys)
        for index, criterion in enumerate(scorer.active):
            name = criterion.name
            for move in _MOVES:
                moved = _order(scorer.moved_keys(index, move))
                if moved == order:
                    continue
                # A candidate whose place changed leaves its old place to someone else.
                for before, after in zip(order, moved, strict=True):
                    if before != after and (not fragile[before] or fragile[before][-1] != name):
                        fragile[before].append(name)
    ranked = [
        Ranked(place, scorer.names[i], values[i], (), tuple(fragile[i]), sensitivity)
        for place, i in enumerate(order, start=1)
    ]
    ranked.extend(
        Ranked(None, name, None, missing, (), sensitivity) for name, missing in scorer.incomplete
    )
    return ranked


def rank(
    candidates: Iterable[CandidateData],
    criteria: Sequence[CriterionData],
    method: ScoringMethod | str = ScoringMethod.WEIGHTED,
) -> list[Ranked]:
    """Complete candidates by score (highest first, ties by name), then incomplete by name.

    No sensitivity check: `stable` is None on every line. Use it where only the order matters.
    """
    return _ranking(candidates, criteria, method, sensitivity=False)


def rank_with_sensitivity(
    candidates: Iterable[CandidateData],
    criteria: Sequence[CriterionData],
    method: ScoringMethod | str = ScoringMethod.WEIGHTED,
) -> list[Ranked]:
    """`rank`, plus for each candidate the criteria whose ±20% weight move changes its rank.

    Each criterion with weight > 0 is moved to 0.8 and to 1.2 times its weight, one at a time,
    the others kept; a candidate whose place changes in either re-ranking is fragile on it.
    """
    return _ranking(candidates, criteria, method, sensitivity=True)


def weighted_score(scores: Mapping[str, int], criteria: Sequence[CriterionData]) -> float | None:
    """0..100: Σ weight × normalised score / Σ weight; None if a weighted criterion is unscored.

    A benefit scoring s counts (s - 1) / 4, a cost (5 - s) / 4, so cheap and valuable both score
    high. Criteria of weight 0 are left out; with no weight at all every score is 0.
    """
    ranked = rank([CandidateData("", scores=scores)], criteria, ScoringMethod.WEIGHTED)
    return ranked[0].score


def wsjf_score(scores: Mapping[str, int], criteria: Sequence[CriterionData]) -> float | None:
    """Cost of delay / job size; None if a weighted criterion is unscored.

    Each part (value, time criticality, risk reduction, job size) is the weight-weighted mean of
    its criteria's 1..5 scores; a part without weighted criteria counts 0 (job size counts 1).
    """
    ranked = rank([CandidateData("", scores=scores)], criteria, ScoringMethod.WSJF)
    return ranked[0].score


def value_effort(
    scores: Mapping[str, int], criteria: Sequence[CriterionData]
) -> tuple[float, float] | None:
    """(value, effort), each 0..100, for the 2×2 chart; None if a weighted criterion is unscored.

    Value is the weighted score over the benefit criteria only; effort is the weighted mean of
    the cost criteria's scores mapped (s - 1) / 4 × 100 (0 when there is no cost criterion).
    """
    benefit_total = benefit_weight = cost_total = cost_weight = 0
    active = [c for c in criteria if c.weight > 0]
    weights = _integer_weights([c.weight for c in active])
    for criterion, weight in zip(active, weights, strict=True):
        value = _score_of(scores, criterion.name)
        if value is None:
            return None
        if criterion.kind is CriterionKind.COST:
            cost_total += weight * (value - 1)
            cost_weight += weight
        else:
            benefit_total += weight * (value - 1)
            benefit_weight += weight
    value_part = 100 * benefit_total / (4 * benefit_weight) if benefit_weight else 0.0
    effort_part = 100 * cost_total / (4 * cost_weight) if cost_weight else 0.0
    return value_part, effort_part


QUADRANT_SPLIT = 50.0


def quadrant(value: float, effort: float) -> Quadrant:
    """Where (value, effort) falls, split at 50/50.

    Exactly 50 counts as high on both axes: a middling value is still worth doing, but a
    middling effort is not a quick win.
    """
    high_value = value >= QUADRANT_SPLIT
    high_effort = effort >= QUADRANT_SPLIT
    if high_value:
        return Quadrant.BIG_BET if high_effort else Quadrant.QUICK_WIN
    return Quadrant.MONEY_PIT if high_effort else Quadrant.FILL_IN


DEFAULT_CRITERIA: tuple[CriterionData, ...] = (
    CriterionData(
        "Operational impact",
        5,
        CriterionKind.BENEFIT,
        WsjfPart.VALUE,
        "How much smoother day-to-day operations run once the integration works.",
    ),
    CriterionData(
        "Closeness to revenue, fulfilment or financial control",
        4,
        CriterionKind.BENEFIT,
        WsjfPart.TIME_CRITICALITY,
        "How directly it touches taking orders, shipping them, invoicing and getting paid.",
    ),
    CriterionData(
        "Manual effort removed",
        4,
        CriterionKind.BENEFIT,
        WsjfPart.VALUE,
        "How many hours of re-keying, copying and checking it takes off people each week.",
    ),
    CriterionData(
        "Error and risk reduction",
        3,
        CriterionKind.BENEFIT,
        WsjfPart.RISK_REDUCTION,
        "How many mistakes, delays and compliance risks it prevents.",
    ),
    CriterionData(
        "Dependency readiness",
        2,
        CriterionKind.BENEFIT,
        WsjfPart.RISK_REDUCTION,
        "How ready the systems, data and people it depends on are today.",
    ),
    CriterionData(
        "Effort and complexity",
        3,
        CriterionKind.COST,
        WsjfPart.JOB_SIZE,
        "How much work, money and disruption building it takes; a high score means costly.",
    ),
)


SCORING_HELP = """\
Every candidate is scored 1 to 5 on each criterion; every criterion has a weight from 0 to 5.
A criterion with weight 0 is ignored.

Weighted scoring (the default) gives 0 to 100. Each score becomes a fraction: (score - 1) / 4
for a benefit, so 5 is best, and (5 - score) / 4 for a cost, so a cheap candidate scores well.
The result is 100 x the sum of weight x fraction, divided by the sum of the weights.

WSJF (weighted shortest job first) divides cost of delay by job size. Each benefit criterion
feeds one part: value, time criticality or risk reduction; cost criteria are job size. A part
is the weighted average of its criteria's scores (a part with no criteria counts 0; job size
then counts 1). Cost of delay = value + time criticality + risk reduction, and WSJF = cost of
delay / job size, so quick, valuable work comes first.

Ties are broken by name. A candidate missing a score on a weighted criterion is incomplete:
it has no rank or score and is listed last, never counted as zero.

Stable or fragile: each weight is moved 20% down and 20% up, one at a time. A candidate whose
rank changes is fragile on that criterion, so the room knows which arguments matter.

Value versus effort: value is the weighted score over the benefit criteria, effort the
weighted average of the cost scores on 0 to 100. Split at 50: quick wins (high value, low
effort), big bets (high, high), fill-ins (low, low) and money pits (low value, high effort).
"""
