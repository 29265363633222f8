"""The text of the Overview's two top panels: the workshop with its counts, and the readiness
verdict with the findings counted per severity and per code.

The counts come first from the standard-library peek (`storage.peek.PeekOverview`), then from
the readiness storage works out (`storage.queries.readiness.Counts`); both have the same fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content

from tui.widgets.finding_cells import (
    CODE_WIDTH,
    MARKS,
    NO_FINDINGS,
    NOTHING_YET,
    SEVERITIES,
    plural,
    severity_counts,
    severity_style,
)

NOT_RECORDED = "not recorded"  # a detail nobody has given yet (the summary says the same)

if TYPE_CHECKING:
    from models.readiness import Counts, Readiness
    from models.unknowns import Unanswered
    from storage.peek import PeekOverview


def workshop_details(
    name: str, client: str, facilitator: str, counts: Counts | PeekOverview
) -> Content:
    """Who the workshop is for, and how much has been mapped and reviewed."""

    def fact(title: str, value: str) -> Content:
        if not value:  # unknown, said so: a dash could pass for a client called "—"
            return Content.assemble((title.ljust(13), "$text-muted"), (NOT_RECORDED, "italic"))
        return Content.assemble((title.ljust(13), "$text-muted"), value)

    def number(title: str, value: int, width: int = 14) -> Content:
        return Content.assemble((title.ljust(width), "$text-muted"), (f"{value:>5}", "bold"))

    lines = [
        Content.styled(name or "Untitled workshop", "bold"),
        fact("Client", client),
        fact("Facilitator", facilitator),
        Content(""),
        Content.assemble(
            number("Systems", counts.systems), "    ", number("Flows", counts.flows, 10)
        ),
    ]
    second = number("Data objects", counts.data_objects)
    if counts.candidates:  # only once prioritisation has started
        second = Content.assemble(second, "    ", number("Candidates", counts.candidates, 10))
    lines.append(second)
    checks = ("Checks".ljust(14), "$text-muted")
    if counts.checks:
        gaps = counts.gaps
        lines.append(
            Content.assemble(
                checks,
                (f"{counts.reviewed:>5}", "bold"),
                f" of {counts.checks} reviewed · ",
                (plural(gaps, "gap"), "bold $text-warning" if gaps else ""),
            )
        )
    else:
        lines.append(Content.assemble(checks, ("    —", "bold"), " none applied yet"))
    return Content("\n").join(lines)


QUESTIONS_KEY = "u"


def questions_to_ask(unanswered: Unanswered) -> Content:
    """ "Still to ask  11 answers · u goes to the first", then "Systems 3 · Data objects 1 ·
    Flows 7": the answers the room has not given yet, per kind (two short lines, so the
    workshop panel does not wrap them)."""
    title = ("Still to ask".ljust(14), "$text-muted")
    if not unanswered.total:
        return Content.assemble(title, ("every answer recorded", "italic"))
    kinds = [
        (label, count)
        for label, count in (
            ("Systems", unanswered.systems),
            ("Data objects", unanswered.data_objects),
            ("Flows", unanswered.flows),
        )
        if count
    ]
    word = "answer" if unanswered.total == 1 else "answers"
    first = Content.assemble(
        title,
        (f"{unanswered.total:,}", "bold"),
        f" {word} · ",
        (QUESTIONS_KEY, "bold $text-accent"),
        (" goes to the first", "$text-muted"),
    )
    per_kind = Content(" · ").join(
        Content.assemble(f"{label} ", (f"{count:,}", "bold")) for label, count in kinds
    )
    return Content("\n").join((first, Content.assemble(("↳ ", "$text-muted"), per_kind)))


def verdict(counts: dict[str, int], mapped: bool = True) -> Content:
    """One line a client can read: ready or not, and why. Nothing mapped is not "ready"."""
    blockers, warnings = counts["blocker"], counts["warning"]
    if not mapped and not blockers and not warnings:
        return Content.styled(NOTHING_YET, "bold $text-muted")
    if blockers:
        return Content.styled(
            f"⛔ Not ready: {plural(blockers, 'blocker')} to resolve before go-live.",
            "bold $text-error",
        )
    if warnings:
        return Content.styled(
            f"✔ No blockers · {plural(warnings, 'warning')} to review.", "bold $text-warning"
        )
    return Content.styled("✔ Ready: no blockers, no warnings.", "bold $text-success")


def readiness_summary(
    readiness: Readiness, entries: Sequence[tuple[str, str, int]], width: int
) -> Content:
    """The verdict, the totals per severity, and `entries` (severity, code, count) in up to
    three columns that fit `width`."""
    counts = severity_counts(readiness.findings)
    totals = Content("  ·  ").join(
        Content.assemble(
            (f"{mark} ", severity_style(severity)),
            (str(counts[severity]), "bold"),
            f" {one if counts[severity] == 1 else many}",
        )
        for severity, mark, one, many in SEVERITIES
    )
    mapped = bool(readiness.counts.systems or readiness.counts.flows)
    lines = [verdict(counts, mapped), totals, Content("")]
    if entries:
        # A space before the count however many digits it has (1,714 warnings happen).
        count_width = 1 + max(3, *(len(str(n)) for _, _, n in entries))
        entry_width = 2 + CODE_WIDTH + count_width
        columns = max(1, min(3, (width + 2) // (entry_width + 2)))
        rows = -(-len(entries) // columns)
        cells = [
            Content.assemble(
                (f"{MARKS.get(severity, '•')} ", severity_style(severity)),
                code.ljust(CODE_WIDTH),
                (f"{n:>{count_width}}", "bold"),
            )
            for severity, code, n in entries
        ]
        for row in range(rows):
            lines.append(Content("  ").join([cells[i] for i in range(row, len(cells), rows)]))
    elif mapped:
        lines.append(Content.styled(NO_FINDINGS, "$text-success"))
    else:
        lines.append(Content.styled("No findings.", "$text-muted"))
    return Content("\n").join(lines)
