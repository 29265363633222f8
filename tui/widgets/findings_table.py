"""An `EntityTable` whose rows the findings speak about (flows, data objects).

The findings of a large workshop take longer to work out than anything else a table does, so
they are worked out once per change to the workshop: `Findings` keeps the last index for
every table the screen gives it to, and says when it is out of date. The cells' colours
(severity, state, muted text) are this widget's component classes, read as Rich styles for the
worker that builds the cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from textual.content import Content

from tui.flow_cells import SEVERITY_MARKS, CellStyles, FindingIndex
from tui.widgets.entity_table import EntityTable, PageT, RowT

if TYPE_CHECKING:
    from models.findings import Finding

CODE_WIDTH = 26  # "⚠ FLOW-NO-ERROR-HANDLING" and a gap: messages line up


class Findings:
    """The workshop's findings by subject, kept from one table's load for the others until the
    workshop changes (`changed`)."""

    def __init__(self) -> None:
        self.generation = 0  # bumped by every change to the workshop
        self._index: FindingIndex | None = None
        self._of = -1  # the generation `_index` belongs to

    def changed(self) -> None:
        self.generation += 1

    @property
    def current(self) -> FindingIndex | None:
        """The findings, if they were worked out since the last change."""
        return self._index if self._of == self.generation else None

    def remember(self, generation: int, index: FindingIndex) -> None:
        if generation == self.generation:
            self._index = index
            self._of = generation


def finding_lines(findings: Sequence[Finding], limit: int | None = None) -> list[Content]:
    """One line a finding, its code lined up before the sentence; "… and 3 more" past `limit`."""
    marks = dict(SEVERITY_MARKS)
    styles = {"blocker": "bold $text-error", "warning": "bold $text-warning"}
    shown = list(findings if limit is None else findings[:limit])
    lines = [
        Content.assemble(
            (
                f"{marks.get(str(f.severity), '•')} {f.code}".ljust(CODE_WIDTH),
                styles.get(str(f.severity), "bold"),
            ),
            f.message,
        )
        for f in shown
    ]
    if limit is not None and len(findings) > limit:
        lines.append(Content.styled(f"… and {len(findings) - limit} more", "$text-muted"))
    return lines


class FindingsTable(EntityTable[RowT, PageT]):
    """A table of entities with findings, sharing them through `findings`."""

    # One a `CellStyles` field: the worker gets them all as Rich styles.
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        f"findings-table--{name}" for name in CellStyles.__dataclass_fields__
    }

    DEFAULT_CSS = """
    FindingsTable {
        & > .findings-table--blocker { color: $text-error; text-style: bold; }
        & > .findings-table--warning { color: $text-warning; text-style: bold; }
        & > .findings-table--arrow { color: $text-accent; text-style: bold; }
        & > .findings-table--info { color: $text-primary; }
        & > .findings-table--ok, & > .findings-table--automated { color: $text-success; }
        & > .findings-table--manual { color: $text-warning; }
        & > .findings-table--muted { color: $text-muted; }
        & > .findings-table--planned { color: $text-muted; text-style: italic; }
    }
    """

    def __init__(self, findings: Findings, *, id: str, table_id: str, empty_id: str) -> None:
        super().__init__(id=id, table_id=table_id, empty_id=empty_id)
        self.findings = findings
        self.index: FindingIndex = {}  # the findings of the page on show, for the detail

    def cell_styles(self) -> CellStyles:
        def style(name: str) -> Style:
            return self.get_component_rich_style(f"findings-table--{name}", partial=True)

        return CellStyles(**{name: style(name) for name in CellStyles.__dataclass_fields__})

    def findings_of(self, subject: str) -> Sequence[Finding]:
        return self.index.get(subject, ())
