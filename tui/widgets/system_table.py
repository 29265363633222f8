"""The systems table: name, category, vendor, owner, lifecycle, API and criticality.

Rows come from `storage.queries.systems.list_systems` (filtered and sorted in SQL) in a thread
worker, as plain `SystemRow`s. Before storage has loaded, `peek` shows the first rows straight
from the file (standard library only), so the inventory is on the wall at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import work
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from tui.flow_cells import SCROLLBAR, fit_cells
from tui.labels import answer, criticality_meter, label
from tui.widgets.entity_table import EntityTable, Going, Page, Patch, flows_going

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.screen import Screen

    from storage.workshop_file import WorkshopFile

COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Name"),
    ("category", "Category"),
    ("vendor", "Vendor"),
    ("owner", "Owner"),
    ("lifecycle", "Lifecycle"),
    ("api", "API"),
    ("criticality", "Criticality"),
)

# When the table is wider than the room, these give way first, down to these widths (cut with
# an ellipsis; the strip under the table says them whole). At 100 columns every column then
# shows, Criticality's meter whole; at 80 the last ones scroll (the header's arrow says so).
SYSTEM_SHRINK: tuple[tuple[str, int], ...] = (("owner", 12), ("name", 16), ("vendor", 8))

EMPTY = "No systems yet — press a to add one, or p to paste from a spreadsheet."


@dataclass(frozen=True)
class SystemRow:
    """One system as the table shows it, detached from the database session."""

    id: int
    name: str
    category: str | None  # None: the room has not said
    vendor: str
    owner: str
    lifecycle: str | None
    api: str | None
    criticality: int | None

    @classmethod
    def of(cls, system: Any) -> SystemRow:
        """The row of a stored system, or of one peeked at before storage has loaded."""
        return cls(
            id=system.id or 0,
            name=system.name,
            category=_known(system.category),
            vendor=system.vendor,
            owner=system.owner,
            lifecycle=_known(system.lifecycle),
            api=_known(system.api),
            criticality=system.criticality,
        )

    def cells(self, muted: Style | None = None) -> tuple[Text, ...]:
        """Every cell is `Text`: user text is data, never markup. An unknown answer is a "—"
        in `muted` (the table's `system-table--unknown` style)."""
        dim = muted or Style()
        return (
            Text(self.name),
            answer(self.category, dim),
            Text(self.vendor),
            Text(self.owner),
            answer(self.lifecycle, dim),
            answer(self.api, dim),
            answer(self.criticality, dim, criticality_meter),
        )


def _known(value: object) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class SystemsPage(Page[SystemRow]):
    text: str  # the filter the rows answer
    room: int = 0  # the width the columns were fitted to (0: measured by the table)


def _page(
    request: int,
    rows: tuple[SystemRow, ...],
    total: int,
    text: str,
    select: str | None,
    muted: Style,
    room: tuple[int, int] | None = None,
) -> SystemsPage:
    """The page of `rows`; given the table's `room` (width, height), its columns are fitted to
    it (`SYSTEM_SHRINK`), else the table measures them (a few hundred rows at most)."""
    cells = [list(row.cells(muted)) for row in rows]
    widths: list[int] | None = None
    if room is not None:
        width, height = room
        width -= SCROLLBAR if len(rows) > height - 1 else 0
        widths = fit_cells(cells, COLUMNS, SYSTEM_SHRINK, width)
    return SystemsPage(
        request=request,
        rows=rows,
        cells=tuple(tuple(row) for row in cells),
        widths=None if widths is None else tuple(widths),
        total=total,
        filtered=bool(text.strip()),
        select=select,
        text=text,
    )


class SystemTable(EntityTable[SystemRow, SystemsPage]):
    """The systems, filtered by text and sorted in SQL."""

    COLUMNS = COLUMNS
    NOUN = "system"
    PLURAL = "systems"
    EDITED = "system"
    EMPTY = EMPTY
    ADDS_BEFORE_OPEN = True  # the form offers fixed choices only
    MISSING = "There is no system called “{name}” any more."

    COMPONENT_CLASSES: ClassVar[set[str]] = {"system-table--unknown"}

    DEFAULT_CSS = """
    SystemTable > .system-table--unknown {
        color: $text-muted;
    }
    SystemTable > .detail-strip {
        height: auto;
        max-height: 3;
        padding: 0 1;
        border-top: hkey $primary 40%;
    }
    """

    DETAIL = "#system-detail"

    def __init__(self) -> None:
        super().__init__(id="systems-view", table_id="systems-table", empty_id="systems-empty")
        self._fitted_width = 0  # the room the rows on show were fitted to

    def on_resize(self) -> None:
        """Fit the columns again when the terminal's width changes (the projector's, say)."""
        if self._fitted_width and self.room()[0] != self._fitted_width:
            self.reload()

    def show_page(self, page: SystemsPage) -> None:
        if page.widths is not None:
            self._fitted_width = page.room
        self.fill(page, page.select)

    def compose_detail(self) -> Widget:
        return Static("", id="system-detail", classes="detail-strip")

    def describe(self, row: SystemRow) -> Content:
        """Every field of the highlighted system in words: a narrow terminal cuts the
        table's last columns (they scroll), but never this."""

        def said(value: str | None, what: str) -> str:
            return f"{what} not recorded" if value is None else label(value)

        criticality = (
            "criticality not recorded"
            if row.criticality is None
            else f"criticality {row.criticality} of 5"
        )
        facts = [
            said(row.category, "category"),
            f"vendor {row.vendor}" if row.vendor.strip() else "no vendor",
            f"owner {row.owner}" if row.owner.strip() else "no owner",
            said(row.lifecycle, "lifecycle"),
            "API not recorded" if row.api is None else f"API {label(row.api)}",
            criticality,
        ]
        return Content.assemble((row.name, "bold"), "   ", (" · ".join(facts), "$text-muted"))

    def muted(self) -> Style:
        """The style of an unknown answer, read on the UI thread for the workers."""
        return self.get_component_rich_style("system-table--unknown", partial=True)

    def peek(self, path: Path) -> None:
        """Show the first rows straight from the file while storage loads."""
        self.table.loading = True
        self._peek(path, self.request, self.muted())

    @work(thread=True, exclusive=True, group="systems", exit_on_error=False)
    def _peek(self, path: Path, request: int, muted: Style) -> SystemsPage:
        from storage.peek import peek_systems

        rows = tuple(SystemRow.of(row) for row in peek_systems(path))
        return _page(request, rows, len(rows), "", None, muted)  # fitted once storage loads

    def start(self, workshop: WorkshopFile, request: int, select: str | None) -> None:
        table = self.table
        self._load(
            workshop,
            request,
            self.text,
            table.sort_column,
            table.descending,
            select,
            self.muted(),
            self.room(),
        )

    @work(thread=True, exclusive=True, group="systems", exit_on_error=False)
    def _load(
        self,
        workshop: WorkshopFile,
        request: int,
        text: str,
        sort: str,
        descending: bool,
        select: str | None,
        muted: Style,
        room: tuple[int, int],
    ) -> SystemsPage:
        from storage.queries.systems import count_systems, list_systems

        with workshop.session() as session:
            systems = list_systems(session, text=text, sort=sort, descending=descending)
            total = count_systems(session) if text.strip() else len(systems)
            rows = tuple(SystemRow.of(system) for system in systems)
        return replace(_page(request, rows, total, text, select, muted, room), room=room[0])

    def start_patch(self, workshop: WorkshopFile, request: int, ids: frozenset[int]) -> bool:
        """Read here, not in a thread: the changed systems and a few hundred ids in order take
        a millisecond or two, less than handing them over from a thread would."""
        table = self.table
        widths = {str(key.value): column.content_width for key, column in table.columns.items()}
        self.apply_patch(
            read_patch(
                workshop,
                request,
                ids,
                self.text,
                table.sort_column,
                table.descending,
                self.muted(),
                widths=widths if self._fitted_width else None,
            )
        )
        return True

    def no_match(self, page: SystemsPage) -> Content:
        return Content.from_markup(
            "No systems match “$text” — press escape to clear the filter.", text=page.text.strip()
        )

    # Editing ----------------------------------------------------------------------------------

    def form(self, workshop: WorkshopFile | None, row_id: int | None) -> Screen[Any]:
        from tui.dialogs.system_form import SystemForm

        return SystemForm(workshop, system_id=row_id)

    def what_goes(self, session: Session, row: SystemRow) -> tuple[str, Going]:
        from storage.queries.flows import data_objects_sourced_from, flows_using_system

        flows = flows_using_system(session, system_id=row.id)
        sourced = data_objects_sourced_from(session, system_id=row.id)
        sourced_heading = (
            "This data object loses its source of truth (it stays):"
            if len(sourced) == 1
            else f"These {len(sourced)} data objects lose their source of truth (they stay):"
        )
        going: Going = [(flows_going(len(flows)), flows), (sourced_heading, sourced)]
        return "It is removed from the workshop file at once.", going

    def delete_row(self, session: Session, row: SystemRow) -> None:
        from storage.queries.systems import delete_system

        delete_system(session, system_id=row.id)


def read_patch(
    workshop: WorkshopFile,
    request: int,
    ids: frozenset[int],
    text: str,
    sort: str,
    descending: bool,
    muted: Style | None = None,
    widths: dict[str, int] | None = None,
) -> Patch[SystemRow]:
    """Systems `ids` as they are now in the filter `text`, and the order of all (ids only);
    with the table's column `widths`, the columns that give way keep their width."""
    from storage.queries.systems import count_systems, list_systems, system_ids

    with workshop.session() as session:
        found = list_systems(session, text=text, sort=sort, descending=descending, ids=ids)
        order = system_ids(session, text=text, sort=sort, descending=descending)
        total = count_systems(session)
    rows = tuple(SystemRow.of(system) for system in found)
    cells = [list(row.cells(muted)) for row in rows]
    keys = [key for key, _ in COLUMNS]
    for key, _ in SYSTEM_SHRINK if widths else ():
        column, width = keys.index(key), widths[key]  # type: ignore[index]
        for fitted in cells:
            if fitted[column].cell_len > width:
                fitted[column].truncate(width, overflow="ellipsis")
    return Patch(
        request=request,
        ids=ids,
        rows=rows,
        cells=tuple(tuple(fitted) for fitted in cells),
        order=tuple(str(system_id) for system_id in order),
        total=total,
    )
