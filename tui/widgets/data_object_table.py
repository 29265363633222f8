"""The data objects table: source of truth, owner, sensitivity, flow and definition counts and
a conflict mark, with a panel under it that shows the highlighted object's definitions per
department, and says so when they disagree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from tui.flow_cells import (
    OBJECT_COLUMNS,
    OBJECT_SHRINK,
    OBJECT_SORT,
    CellStyles,
    FindingIndex,
    fit_cells,
    object_cells,
)
from tui.labels import label
from tui.widgets.entity_table import Going, Page, flows_going
from tui.widgets.findings_table import Findings, FindingsTable, finding_lines

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.screen import Screen

    from storage.queries.data_objects import DataObjectRow, DefinitionRow
    from storage.workshop_file import WorkshopFile

EMPTY_OBJECTS = (
    "No data objects yet — press a to add one (customers, stock, sales orders …); "
    "quick capture (c) creates them too."
)


@dataclass(frozen=True)
class ObjectsPage(Page["DataObjectRow"]):
    generation: int
    definitions: Mapping[int, Sequence[DefinitionRow]]
    findings: FindingIndex


class DataObjectTable(FindingsTable["DataObjectRow", ObjectsPage]):
    """The data objects, filtered by text and sorted in Python (there are tens of them)."""

    DEFAULT_CSS = """
    DataObjectTable {
        & > #object-detail-scroll {
            height: auto;
            max-height: 45%;
            padding: 0 1;
            border-top: hkey $primary 40%;
            & > Static {
                height: auto;
            }
        }
    }
    """

    COLUMNS = OBJECT_COLUMNS
    NOUN = "data object"
    PLURAL = "data objects"
    EDITED = "data_object"
    EMPTY = EMPTY_OBJECTS
    DETAIL = "#object-detail"

    def __init__(self, findings: Findings) -> None:
        super().__init__(
            findings, id="objects-view", table_id="objects-table", empty_id="objects-empty"
        )
        self.definitions: Mapping[int, Sequence[DefinitionRow]] = {}

    def compose_detail(self) -> Widget:
        return VerticalScroll(Static("", id="object-detail"), id="object-detail-scroll")

    def start(self, workshop: WorkshopFile, request: int, select: str | None) -> None:
        table = self.table
        self._load(
            workshop,
            request,
            self.findings.generation,
            self.text,
            table.sort_column,
            table.descending,
            self.findings.current,
            self.cell_styles(),
            self.room()[0],
            select,
        )

    @work(thread=True, exclusive=True, group="objects", exit_on_error=False, description="objects")
    def _load(
        self,
        workshop: WorkshopFile,
        request: int,
        generation: int,
        text: str,
        sort: str,
        descending: bool,
        findings: FindingIndex | None,
        styles: CellStyles,
        width: int,
        select: str | None,
    ) -> ObjectsPage:
        from models.findings import findings_by_subject
        from storage.queries.data_objects import list_data_objects, list_definitions
        from storage.queries.readiness import findings_for

        with workshop.session() as session:
            rows = list_data_objects(session, text=text)
            total = len(list_data_objects(session)) if text.strip() else len(rows)
            definitions = {
                row.id: list_definitions(session, data_object_id=row.id)
                for row in rows
                if row.definitions
            }
            if findings is None:
                findings = findings_by_subject(findings_for(session))
        rows.sort(key=OBJECT_SORT.get(sort, OBJECT_SORT["name"]), reverse=descending)
        cells = [object_cells(row, styles) for row in rows]
        widths = fit_cells(cells, OBJECT_COLUMNS, OBJECT_SHRINK, width)
        return ObjectsPage(
            request=request,
            rows=tuple(rows),
            cells=tuple(tuple(row) for row in cells),
            widths=tuple(widths),
            total=total,
            filtered=bool(text.strip()),
            select=select,
            generation=generation,
            definitions=definitions,
            findings=findings,
        )

    def show_page(self, page: ObjectsPage) -> None:
        self.findings.remember(page.generation, page.findings)
        self.index = page.findings
        self.definitions = page.definitions
        self.fill(page, page.select)

    def describe(self, row: DataObjectRow) -> Content:
        facts = [
            f"source of truth: {row.source_of_truth}"
            if row.source_of_truth
            else "no source of truth",
            f"owner: {row.owner}" if row.owner.strip() else "no owner",
            "sensitivity not recorded"
            if row.sensitivity is None
            else f"{label(row.sensitivity).lower()} data",
            f"{row.flows} flow{'' if row.flows == 1 else 's'}",
        ]
        lines: list[Content] = [
            Content.assemble((row.name, "bold"), "   ", (" · ".join(facts), "$text-muted")),
            Content(row.definition)
            if row.definition.strip()
            else Content.styled("No definition yet.", "italic $text-muted"),
        ]
        definitions = self.definitions.get(row.id, ())
        if definitions:
            lines.append(Content(""))
            if row.def_conflict:
                lines.append(
                    Content.styled(
                        "⚠ Departments disagree — agree one meaning before it is built into an "
                        "integration.",
                        "bold $text-warning",
                    )
                )
            else:
                lines.append(Content.styled("What each department means by it:", "bold"))
            width = max(len(d.department) for d in definitions) + 2
            for definition in definitions:
                lines.append(
                    Content.assemble(
                        (definition.department.ljust(width), "bold $text-accent"),
                        definition.text,
                    )
                )
        findings = [
            f for f in self.findings_of(row.name) if f.code != "DEF-CONFLICT" or not definitions
        ]
        if findings:
            lines.append(Content(""))
            lines += finding_lines(findings)
        return Content("\n").join(lines)

    # Editing ----------------------------------------------------------------------------------

    def form(self, workshop: WorkshopFile | None, row_id: int | None) -> Screen[Any]:
        from tui.dialogs.data_object_form import DataObjectForm

        assert workshop is not None  # its choices are read from the file
        return DataObjectForm(workshop, data_object_id=row_id)

    def what_goes(self, session: Session, row: DataObjectRow) -> tuple[str, Going]:
        from storage.queries.flows import flows_using_data_object

        flows = flows_using_data_object(session, data_object_id=row.id)
        detail = "It is removed from the workshop file at once"
        if row.definitions:
            n = row.definitions
            detail += f", with its {n} department definition{'' if n == 1 else 's'}"
        return detail + ".", [(flows_going(len(flows)), flows)]

    def delete_row(self, session: Session, row: DataObjectRow) -> None:
        from storage.queries.data_objects import delete_data_object

        delete_data_object(session, data_object_id=row.id)
