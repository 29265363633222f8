"""A table of one kind of entity (systems, flows, data objects) and what it takes to show and
edit it, written once for all of them.

`EntityTable` holds a `SortableTable`, the sentence shown instead when there are no rows, and
optionally a detail panel under it. It loads its rows in a thread worker (the subclass says
how, in `start`), drops pages a newer load has overtaken, shows the page and posts
`EntityTable.Loaded`, so the screen updates its count and status line. Sorting reloads.

Editing goes through the entity's form and, for a delete, a confirmation naming what goes with
it; every edit asks the app first (`editable_workshop`, which refuses on a read-only file and
says why), says what it did, and posts `WorkshopEdited` to the app, whose `WorkshopChanged`
makes the screen reload. The screen sets the filters (`text`) and decides when to reload;
nothing here imports storage until a row is loaded or edited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar, cast

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from tui.messages import WorkshopEdited
from tui.widgets.sortable_table import SortableTable
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.screen import Screen

    from storage.workshop_file import WorkshopFile


class HasId(Protocol):
    @property
    def id(self) -> int: ...


RowT = TypeVar("RowT", bound=HasId)


@dataclass(frozen=True)
class Page(Generic[RowT]):
    """What one load hands back: the rows in the order shown, with their cells."""

    request: int  # the load it answers: an older one is dropped
    rows: tuple[RowT, ...]
    cells: tuple[tuple[Text, ...], ...]
    widths: tuple[int, ...] | None  # of the columns, when the worker measured them
    total: int  # how many there are with no filter
    filtered: bool
    select: str | None  # the row to put the cursor on


PageT = TypeVar("PageT", bound=Page[Any])


@dataclass(frozen=True)
class Patch(Generic[RowT]):
    """Some rows as they are now, to show without loading the others (after an undo).

    `rows` are those of `ids` that exist and pass the filters, with their cells; the others
    of `ids` are gone from the table. `order` is every key the filters let through, in the
    order shown, when a row may have moved or joined; None when every row stays where it is.
    """

    request: int
    ids: frozenset[int]
    rows: tuple[RowT, ...]
    cells: tuple[tuple[Text, ...], ...]
    order: tuple[str, ...] | None
    total: int


Going = list[tuple[str, Sequence[str]]]  # what a delete takes with it: (heading, names)


def count_label(shown: int, total: int, filtered: bool, noun: str, plural: str) -> str:
    """ "24 flows", "1 flow", or "3 of 24 flows" while a filter is on."""
    word = noun if total == 1 else plural
    return f"{shown} of {total} {word}" if filtered else f"{total} {word}"


def flows_going(count: int) -> str:
    """The heading over the flows a delete takes with it."""
    if count == 1:
        return "This flow is deleted with it:"
    return f"These {count} flows are deleted with it:"


class EntityTable(Vertical, Generic[RowT, PageT]):
    """The rows of one kind of entity, keyed by id, with their loading and editing."""

    app = getters.app(WorkshopApp)

    DEFAULT_CSS = """
    EntityTable {
        height: 1fr;
        & > SortableTable {
            height: 1fr;
            background: $surface;
        }
        & > .entity-table--empty {
            display: none;
            height: 1fr;
            width: 1fr;
            content-align: center middle;
            color: $text-muted;
            text-style: italic;
        }
    }
    """

    COLUMNS: ClassVar[tuple[tuple[str, str], ...]]
    NOUN: ClassVar[str]  # "data object", as in "1 data object"
    PLURAL: ClassVar[str]  # as in "3 of 9 data objects" and "… so you cannot add data objects"
    EDITED: ClassVar[str]  # the entity `WorkshopEdited` names after an add or edit
    EMPTY: ClassVar[str]  # shown when there are none at all
    MISSING: ClassVar[str] = "There is no {noun} “{name}” any more."
    DETAIL: ClassVar[str | None] = None  # the `Static` under the table about the row
    NAME: ClassVar[str] = "name"  # the attribute that names a row, and what its form saved
    # `add` opens the form before the file is open: the form reads nothing from it to add.
    ADDS_BEFORE_OPEN: ClassVar[bool] = False

    @dataclass
    class Patched(Message):
        """Rows were changed in place (`patch`): the count and the status line follow."""

        entity_table: EntityTable[Any, Any]

        @property
        def control(self) -> EntityTable[Any, Any]:
            return self.entity_table

    @dataclass
    class Loaded(Message):
        """A page of rows is on show (the count and the status line follow it)."""

        entity_table: EntityTable[Any, Any]
        page: Page[Any]

        @property
        def control(self) -> EntityTable[Any, Any]:
            return self.entity_table

    def __init__(self, *, id: str, table_id: str, empty_id: str) -> None:
        super().__init__(id=id)
        self._table_id = table_id
        self._empty_id = empty_id
        self.rows: dict[str, RowT] = {}  # row key -> the row, for the detail and the dialogs
        self.total: int | None = None  # None until the first page is shown
        self.filtered = False
        self.text = ""  # the text filter, set by the screen
        self.stale = True  # reload when next shown
        self.request = 0
        self.shown = -1  # the request whose rows are on show (rows of a newer one are coming)
        self._select: str | None = None
        self._detail: Widget | None = None

    def compose(self) -> ComposeResult:
        yield SortableTable(self.COLUMNS, id=self._table_id)
        yield Static(self.EMPTY, id=self._empty_id, classes="entity-table--empty", markup=False)
        self._detail = self.compose_detail()
        if self._detail is not None:
            yield self._detail

    def compose_detail(self) -> Widget | None:
        """The panel under the table about the highlighted row, if the entity has one."""
        return None

    def room(self) -> tuple[int, int]:
        """The width and height the table can use (an estimate before the first layout)."""
        parent = self.parent
        width = parent.content_region.width if isinstance(parent, Widget) else 0
        # Before the first layout: the screen less header, panel, strip, status and footer.
        height = self.table.size.height or max(5, self.app.size.height - 11)
        return width or max(40, self.app.size.width - 6), height

    @property
    def table(self) -> SortableTable:
        return self.query_one(f"#{self._table_id}", SortableTable)

    @property
    def selected(self) -> RowT | None:
        """The highlighted row (None when the table is empty or hidden)."""
        table = self.table
        key = table.selected_key if table.display else None
        return self.rows.get(key) if key is not None else None

    def select_next(self, key: str) -> None:
        """Put the cursor on row `key` when the rows are next loaded."""
        self._select = key

    # Loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Load the rows again in the current filters and order, keeping the cursor on the row
        chosen with `select_next`, or else on the highlighted one."""
        workshop = self.app.workshop
        if workshop is None:
            return
        self.stale = False
        self.request += 1
        keep = self._select or self.table.selected_key
        self._select = None
        self.start(workshop, self.request, keep)

    def start(self, workshop: WorkshopFile, request: int, select: str | None) -> None:
        """Start the worker that loads page `request` (a thread `@work` of the subclass)."""
        raise NotImplementedError

    def patch(self, ids: frozenset[int]) -> None:
        """Show rows `ids` as they are now, loading only them (an undo or redo changed just
        these): the rest of a large table stays as it is. Reloads instead when the table
        has nothing on show yet, or cannot patch (`start_patch`)."""
        workshop = self.app.workshop
        loading = self.shown != self.request  # a page is on its way: it may predate the edit
        if workshop is None or self.stale or loading or self.total is None or not self.rows:
            self.stale = True
            self.reload()
            return
        self.request += 1
        if not self.start_patch(workshop, self.request, ids):
            self.reload()

    def start_patch(self, workshop: WorkshopFile, request: int, ids: frozenset[int]) -> bool:
        """Start the worker that reads rows `ids` into a `Patch`; False if this table does
        not patch (it reloads)."""
        return False

    def apply_patch(self, patch: Patch[RowT]) -> None:
        self.shown = patch.request
        table = self.table
        keep = table.selected_key
        pairs = zip(patch.rows, patch.cells, strict=True)
        found = {str(row.id): (row, cells) for row, cells in pairs}
        with table.moving_rows():  # laid out once, however many rows come and go
            for key in (str(row_id) for row_id in sorted(patch.ids)):
                if key in found:
                    row, cells = found[key]
                    if key in self.rows:
                        table.update_row(key, cells)
                    else:
                        table.append_row(key, cells)
                    self.rows[key] = row
                elif key in self.rows:
                    table.drop_row(key)
                    del self.rows[key]
            placed = patch.order is None or table.place_rows(patch.order)
        if not placed or not self.rows:
            self.reload()  # the table and the file disagree, or nothing is left to show
            return
        self.total = patch.total
        if keep is not None and keep in self.rows:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        self.show_detail()
        self.post_message(self.Patched(self))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Failures bubble on to the app, which handles every worker's errors in one place.
        page = event.worker.result if event.state == WorkerState.SUCCESS else None
        if isinstance(page, Page) and page.request == self.request:
            self.show_page(cast(PageT, page))
        elif isinstance(page, Patch) and page.request == self.request:
            self.apply_patch(page)

    @on(SortableTable.SortChanged)
    def _sorted(self) -> None:
        self.reload()

    def show_page(self, page: PageT) -> None:
        self.fill(page, page.select)

    def fill(self, page: PageT, select: str | None) -> None:
        """Show `page`'s rows with the cursor on `select` (if it is there), or the sentence
        that says why there are none; then tell the screen."""
        table = self.table
        table.loading = False
        self.shown = page.request
        self.total = page.total
        self.filtered = page.filtered
        self.rows = {str(row.id): row for row in page.rows}
        self.put_in_table(page, select)
        empty = self.query_one(f"#{self._empty_id}", Static)
        has_rows = bool(page.rows)
        empty.display = not has_rows
        table.display = has_rows
        if self._detail is not None:
            self._detail.display = has_rows
        if not has_rows:
            empty.update(self.EMPTY if page.total == 0 else self.no_match(page))
        elif self.screen.focused is None and self.display:
            table.focus()  # the table was hidden (nothing to show): arrows work again
        self.show_detail()
        self.post_message(self.Loaded(self, page))

    def put_in_table(self, page: PageT, select: str | None) -> None:
        """Put `page`'s rows in the table in place of those there."""
        keys = (str(row.id) for row in page.rows)
        self.table.replace_rows(zip(keys, self.page_cells(page), strict=True), select, page.widths)

    def page_cells(self, page: PageT) -> Sequence[Sequence[Text]]:
        return page.cells

    def no_match(self, page: PageT) -> Content:
        return Content.from_markup(
            "No $plural match the filters — press escape to clear them.", plural=self.PLURAL
        )

    @on(DataTable.RowHighlighted)
    def show_detail(self) -> None:
        """Describe the highlighted row in the detail panel, if there is one."""
        if self.DETAIL is None:
            return
        row = self.selected
        self.query_one(self.DETAIL, Static).update(self.describe(row) if row is not None else "")

    def describe(self, row: RowT) -> Content:
        """What the detail panel says about `row`."""
        raise NotImplementedError

    # Editing ----------------------------------------------------------------------------------

    def form(self, workshop: WorkshopFile | None, row_id: int | None) -> Screen[Any]:
        """The entity's form, for a new one (`row_id` None) or to edit a row (`workshop` None
        only for a new one, when `ADDS_BEFORE_OPEN`); raises
        `storage.errors.NotFoundError` when the row is gone. Dismisses with what it saved."""
        raise NotImplementedError

    def add(self) -> bool:
        """Open the form for a new one; False when the workshop may not be edited.

        While the file is still opening, a form that needs nothing from it opens at once
        (`ADDS_BEFORE_OPEN`); its save waits for the file."""
        if self.app.workshop is None and self.ADDS_BEFORE_OPEN:
            self.app.push_screen(self.form(None, None), self._saved)
            return True
        workshop = self.app.editable_workshop(f"add {self.PLURAL}")
        if workshop is None:
            return False
        self.app.push_screen(self.form(workshop, None), self._saved)
        return True

    def _row_to(self, doing: str) -> tuple[RowT, WorkshopFile] | None:
        """The highlighted row and the workshop, if there is one and it may be edited."""
        row = self.selected
        if row is None:
            return None
        workshop = self.app.editable_workshop(f"{doing} {self.PLURAL}")
        return (row, workshop) if workshop is not None else None

    def edit(self) -> None:
        from storage.errors import NotFoundError

        found = self._row_to("edit")
        if found is None:
            return
        row, workshop = found
        try:
            form = self.form(workshop, row.id)
        except NotFoundError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            self.reload()
            return
        self.app.push_screen(form, self._saved)

    def _saved(self, saved: Any) -> None:
        if saved is None:
            return
        self._select = str(saved.id)
        verb = "Added" if saved.created else "Saved"
        self.notify(f"{verb} “{getattr(saved, self.NAME)}”.", markup=False)
        self.app.post_message(WorkshopEdited(self.EDITED))

    def what_goes(self, session: Session, row: RowT) -> tuple[str, Going]:
        """What deleting `row` takes with it, read now so nothing disappears without being
        named: the sentence under the question, and (heading, names) of each kind that goes."""
        raise NotImplementedError

    def delete_row(self, session: Session, row: RowT) -> None:
        raise NotImplementedError

    def delete(self) -> None:
        """Delete the highlighted row once the user says yes."""
        from tui.dialogs.confirm import ConfirmDialog

        found = self._row_to("delete")
        if found is None:
            return
        row, workshop = found
        with workshop.session() as session:
            detail, going = self.what_goes(session, row)
        name = str(getattr(row, self.NAME))
        dialog = ConfirmDialog(
            f"Delete {self.NOUN}",
            Content.from_markup(f"Delete the {self.NOUN} [b]$name[/b]?", name=name),
            detail=detail,
            sections=going,
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete_now(workshop, row, name)

        self.app.push_screen(dialog, confirmed)

    def _delete_now(self, workshop: WorkshopFile, row: RowT, name: str) -> None:
        from storage.errors import NotFoundError, ReadOnlyError

        try:
            with workshop.session() as session:
                self.delete_row(session, row)
        except (ReadOnlyError, NotFoundError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(f"Deleted “{name}”.", markup=False)
        self.app.post_message(WorkshopEdited("all"))  # what went with it changed too
