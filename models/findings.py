"""Findings: pure rules that read a workshop and say what a client should look at.

Codes are a public interface (the `check` command and the exports print them), so a code is
never renamed once released. Each rule is a function `WorkshopData -> Iterable[Finding]` listed
in `RULES`; `find_all` runs them and orders the result the same way every time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet

from models.enums import SENSITIVE, CheckStatus, Lifecycle, MinuteKind
from models.finding import SEVERITY_ORDER, Finding, Severity
from models.finding import has_blocker as has_blocker  # re-exported: callers import it here
from models.finding import summarise as summarise
from models.names import flow_ref, name_key
from models.snapshot import CheckData, FlowData, MinuteData, WorkshopData

Rule = Callable[[WorkshopData], Iterable[Finding]]


# --- data flows (issue: data-flow mapping) ---------------------------------------------------


def _quoted(name: str) -> str:
    return f"\u201c{name}\u201d"


def _normalised(text: str) -> str:
    """Definitions that differ only by case, spacing or a final full stop say the same thing."""
    return " ".join(text.casefold().split()).rstrip(".;:! ")


def sot_missing(data: WorkshopData) -> Iterable[Finding]:
    """SOT-MISSING: data that moves between systems needs one system that owns the truth."""
    flows_by_object: dict[str, list[FlowData]] = {}
    for flow in data.flows:
        flows_by_object.setdefault(name_key(flow.data_object), []).append(flow)
    for obj in data.data_objects:
        flows = flows_by_object.get(name_key(obj.name), [])
        if obj.source_of_truth or not flows:
            continue
        count = len(flows)
        yield Finding(
            "SOT-MISSING",
            Severity.WARNING,
            f"No system is named as the source of truth for {_quoted(obj.name)}, yet it moves "
            f"in {count} flow{'s' if count != 1 else ''}; agree which system owns it.",
            (obj.name,),
        )


def sot_conflict(data: WorkshopData) -> Iterable[Finding]:
    """SOT-CONFLICT: another system writes into the source of truth, so there are two masters.

    A two-way flow touching the source of truth writes into it as well.
    """
    sources = {name_key(obj.name): obj.source_of_truth for obj in data.data_objects}
    for flow in data.flows:
        sot = sources.get(name_key(flow.data_object))
        if not sot:
            continue
        sot_key = name_key(sot)
        writes_into_sot = name_key(flow.target) == sot_key or (
            flow.two_way and name_key(flow.source) == sot_key
        )
        if not writes_into_sot:
            continue
        other = flow.source if name_key(flow.target) == sot_key else flow.target
        yield Finding(
            "SOT-CONFLICT",
            Severity.BLOCKER,
            f"{other} writes {_quoted(flow.data_object)} into {sot}, which is its source of "
            f"truth; decide which system owns it or make the flow read from {sot}.",
            (flow.ref, flow.data_object, sot),
        )


def def_conflict(data: WorkshopData) -> Iterable[Finding]:
    """DEF-CONFLICT: departments mean different things by the same word ("stock in transit")."""
    for obj in data.data_objects:
        texts: dict[str, list[str]] = {}
        for definition in obj.definitions:
            if definition.text.strip():
                texts.setdefault(_normalised(definition.text), []).append(definition.department)
        if len(texts) < 2:
            continue
        departments = sorted((dept for group in texts.values() for dept in group), key=str.casefold)
        yield Finding(
            "DEF-CONFLICT",
            Severity.WARNING,
            f"{_join(departments)} define {_quoted(obj.name)} differently; agree one definition "
            "before it is built into an integration.",
            (obj.name,),
        )


def flow_no_owner(data: WorkshopData) -> Iterable[Finding]:
    """FLOW-NO-OWNER: a flow nobody answers for is nobody's problem when it breaks."""
    for flow in data.flows:
        if not flow.fields.owner.strip():
            yield Finding(
                "FLOW-NO-OWNER",
                Severity.WARNING,
                f"Nobody owns the flow of {_quoted(flow.data_object)} from {flow.source} to "
                f"{flow.target}; name the person or team who answers for it.",
                (flow.ref,),
            )


def flow_no_error_handling(data: WorkshopData) -> Iterable[Finding]:
    """FLOW-NO-ERROR-HANDLING: every integration meets failures; say who sees them and how."""
    for flow in data.flows:
        if not flow.fields.error_handling.strip():
            yield Finding(
                "FLOW-NO-ERROR-HANDLING",
                Severity.WARNING,
                f"The flow of {_quoted(flow.data_object)} from {flow.source} to {flow.target} "
                "has no plan for errors; say how failures are seen, retried and fixed.",
                (flow.ref,),
            )


def sensitive_unreviewed(data: WorkshopData) -> Iterable[Finding]:
    """SENSITIVE-UNREVIEWED: personal or financial data moving with no access/handling review."""
    sensitivity = {name_key(obj.name): obj.sensitivity for obj in data.data_objects}
    for flow in data.flows:
        level = sensitivity.get(name_key(flow.data_object))
        if level in SENSITIVE and not flow.fields.security.strip():
            yield Finding(
                "SENSITIVE-UNREVIEWED",
                Severity.WARNING,
                f"{_quoted(flow.data_object)} is {level} data, but nobody has recorded "
                f"who may access it or how it is handled between {flow.source} and "
                f"{flow.target}.",
                (flow.ref, flow.data_object),
            )


# --- priorities (issue: prioritisation, KPIs and the phased roadmap) --------------------------


def flow_no_kpi(data: WorkshopData) -> Iterable[Finding]:
    """FLOW-NO-KPI: a flow someone wants to build that moves no measure of success.

    Only flows in a candidate are judged (a flow nobody proposes to build is no priority
    question). A KPI counts when it is linked to a candidate holding the flow or to the
    flow's data object.
    """
    if not data.candidates:
        return
    holders = data.candidates_with_flow()
    measured_candidates = {name_key(name) for kpi in data.kpis for name in kpi.candidates}
    measured_objects = {name_key(name) for kpi in data.kpis for name in kpi.data_objects}
    for flow in data.flows:
        candidates = holders.get(name_key(flow.ref))
        if not candidates:
            continue
        if name_key(flow.data_object) in measured_objects or any(
            name_key(candidate.name) in measured_candidates for candidate in candidates
        ):
            continue
        names = [candidate.name for candidate in candidates]
        yield Finding(
            "FLOW-NO-KPI",
            Severity.WARNING,
            f"The flow of {_quoted(flow.data_object)} from {flow.source} to {flow.target} is "
            f"in {_join([_quoted(name) for name in names])} but moves no KPI; link a KPI to "
            f"{'that candidate' if len(names) == 1 else 'one of them'} or to "
            f"{_quoted(flow.data_object)}, or ask whether it is a priority.",
            (flow.ref, *names),
        )


_NOT_LIVE = {
    Lifecycle.PLANNED: "still planned",
    Lifecycle.IMPLEMENTING: "still being implemented",
}


def phase_system_not_live(data: WorkshopData) -> Iterable[Finding]:
    """PHASE-SYSTEM-NOT-LIVE: a first-phase integration relies on a system not live yet.

    Implementation comes before integration: connecting a system still planned or being
    implemented puts the phase at risk. One finding per first-phase candidate, naming the
    systems.
    """
    first = data.first_phase
    if first is None:
        return
    lifecycle = {name_key(system.name): system for system in data.systems}
    flows = {name_key(flow.ref): flow for flow in data.flows}
    for candidate in data.first_phase_candidates:
        not_live: dict[str, str] = {}
        for ref in candidate.flows:
            flow = flows.get(name_key(ref))
            if flow is None:
                continue
            for end in (flow.source, flow.target):
                system = lifecycle.get(name_key(end))
                if system is not None and system.lifecycle in _NOT_LIVE:
                    not_live.setdefault(name_key(system.name), system.name)
        if not not_live:
            continue
        names = sorted(not_live.values(), key=lambda name: (name_key(name), name))
        states = [
            f"{name} is {_NOT_LIVE[Lifecycle(str(lifecycle[name_key(name)].lifecycle))]}"
            for name in names
        ]
        yield Finding(
            "PHASE-SYSTEM-NOT-LIVE",
            Severity.WARNING,
            f"{_quoted(candidate.name)} is in phase {first}, the first, but {_join(states)}; "
            f"make {'it' if len(names) == 1 else 'them'} live before that phase starts, or "
            "move the candidate to a later phase.",
            (candidate.name, *names),
        )


# --- exception scenarios (issue: exception-scenario checklists) -------------------------------


def _flow_phrase(check: CheckData) -> str:
    return f"the flow of {_quoted(check.data_object)} from {check.source} to {check.target}"


def scenario_gap(data: WorkshopData) -> Iterable[Finding]:
    """SCENARIO-GAP: a scenario nobody can handle yet on a flow, found before go-live.

    A check marked gap is a warning, and a blocker on a flow in the first phase of the rollout
    (`WorkshopData.phase_one_flows`: the flows of first-phase candidates); there, checks still
    open are a blocker too (one finding per flow, naming how many). Checks of retired
    scenarios are history and raise nothing.
    """
    retired = {name_key(scenario.title) for scenario in data.scenarios if scenario.retired}
    first_phase = {name_key(ref) for ref in data.phase_one_flows}
    still_open: dict[str, list[CheckData]] = {}
    early_flows: dict[tuple[str, str, str], bool] = {}  # asked once per flow, not per check
    for check in data.checks:
        if retired and name_key(check.scenario) in retired:
            continue
        names = (check.source, check.target, check.data_object)
        early = early_flows.get(names)
        if early is None:
            early = early_flows[names] = name_key(flow_ref(*names)) in first_phase
        if check.status == CheckStatus.GAP:
            where = _flow_phrase(check)
            if early:
                message = (
                    f"{_quoted(check.scenario)} is a gap on {where}, which is in the first "
                    "phase; agree how it will be handled before that phase goes live."
                )
            else:
                message = (
                    f"{_quoted(check.scenario)} is a gap on {where}; agree how it will be "
                    "handled and who owns it, and cover it in acceptance testing."
                )
            yield Finding(
                "SCENARIO-GAP", Severity.BLOCKER if early else Severity.WARNING, message,
                (check.flow,),
            )  # fmt: skip
        elif check.status == CheckStatus.OPEN and early:
            still_open.setdefault(check.flow, []).append(check)
    for ref, checks in still_open.items():
        count = len(checks)
        yield Finding(
            "SCENARIO-GAP",
            Severity.BLOCKER,
            f"{count} scenario{'s are' if count != 1 else ' is'} still open on "
            f"{_flow_phrase(checks[0])}, which is in the first phase; walk "
            f"{'them' if count != 1 else 'it'} with the room before that phase goes live.",
            (ref,),
        )


# --- sessions (issue: session notes) ---------------------------------------------------------

MINUTE_QUOTE_MAX = 80  # a minute is free text: a finding quotes its start


def _minute_quote(minute: MinuteData) -> str:
    text = " ".join(minute.text.split())
    if len(text) > MINUTE_QUOTE_MAX:
        text = text[: MINUTE_QUOTE_MAX - 1].rstrip() + "\u2026"
    return _quoted(text)


def overdue_actions(minutes: Iterable[MinuteData], today: str | None) -> list[MinuteData]:
    """The open actions due before `today` (an ISO date), in the order given."""
    return [minute for minute in minutes if minute.overdue(today)]


def action_overdue(data: WorkshopData) -> Iterable[Finding]:
    """ACTION-OVERDUE: an action still open after its due date (judged on `data.today`).

    The subjects are what the action concerns, so the finding shows beside those entities."""
    for minute in overdue_actions(data.minutes, data.today):
        owner = f" ({minute.who})" if minute.who else " (nobody named)"
        yield Finding(
            "ACTION-OVERDUE",
            Severity.WARNING,
            f"Action {_minute_quote(minute)}{owner} was due {minute.due} and is still open.",
            minute.concerns,
        )


def parked_open(data: WorkshopData) -> Iterable[Finding]:
    """PARKED-OPEN: a parking-lot question nobody has answered yet."""
    for minute in data.minutes:
        if minute.kind is MinuteKind.PARKED and not minute.closed:
            yield Finding(
                "PARKED-OPEN",
                Severity.INFO,
                f"The question {_minute_quote(minute)}, parked on {minute.session}, is still "
                "open; answer it with a decision or an action.",
                minute.concerns,
            )


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# One entry per finding rule, in the order design.md lists the codes.
RULES: tuple[Rule, ...] = (
    sot_missing,
    sot_conflict,
    def_conflict,
    flow_no_owner,
    flow_no_error_handling,
    flow_no_kpi,
    scenario_gap,
    phase_system_not_live,
    sensitive_unreviewed,
    action_overdue,
    parked_open,
)


# The rules that read only the minutes: a minute captured or ticked off changes these findings
# and no others, so screens can work out just these again (`replace_findings`).
MINUTE_RULES: tuple[Rule, ...] = (action_overdue, parked_open)
MINUTE_CODES = frozenset({"ACTION-OVERDUE", "PARKED-OPEN"})


def finding_order(finding: Finding) -> tuple[int, str, tuple[str, ...], str]:
    """Blockers first, then by code, subjects and message: `find_all`'s order."""
    return (
        SEVERITY_ORDER[Severity(finding.severity)],
        finding.code,
        finding.subjects,
        finding.message,
    )


def find_all(
    data: WorkshopData,
    rules: Sequence[Rule] | None = None,
    *,
    between: Callable[[], None] | None = None,
) -> list[Finding]:
    """Every finding for `data`, blockers first, then by code and subjects (stable output).
    `between` is called before each rule (a thread working them out in the background steps
    aside there for the keys being typed)."""
    findings: list[Finding] = []
    for rule in RULES if rules is None else rules:
        if between is not None:
            between()
        findings.extend(rule(data))
    return sorted(findings, key=finding_order)


def definitions_conflict(texts: Iterable[str]) -> bool:
    """Whether departments' definitions say different things: what DEF-CONFLICT looks for.

    Storage uses it to flag data objects in lists without running every rule.
    """
    return len({_normalised(text) for text in texts if text.strip()}) > 1


def findings_by_subject(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Each subject (a system or data object name, a flow as `S -> T: O`) with its findings.

    For badges on table rows: look a row's name or `ref` up here. Order within a subject is
    the order given (`find_all` order).
    """
    result: dict[str, list[Finding]] = {}
    for finding in findings:
        for subject in dict.fromkeys(finding.subjects):
            result.setdefault(subject, []).append(finding)
    return result


def replace_findings(
    index: Mapping[str, Sequence[Finding]], codes: AbstractSet[str], findings: Iterable[Finding]
) -> dict[str, list[Finding]]:
    """`index` (`findings_by_subject`) with its findings of `codes` replaced by `findings`,
    each subject's list in `find_all` order: what `findings_by_subject(find_all(...))` gives
    after a change that only those codes' rules see (a minute: `MINUTE_CODES`)."""
    fresh = findings_by_subject(findings)
    result: dict[str, list[Finding]] = {}
    for subject in dict.fromkeys([*index, *fresh]):
        kept = [finding for finding in index.get(subject, ()) if finding.code not in codes]
        added = fresh.get(subject, [])
        merged = sorted([*kept, *added], key=finding_order) if added else kept
        if merged:
            result[subject] = merged
    return result
