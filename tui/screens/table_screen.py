"""What the table screens (Systems, Flows) share, written once: design.md's keys for a table of
entities, and the filter, sort, status line and count around the `EntityTable` on show.

- `/` shows the filter, which applies as you type (after a pause in typing, where the screen
  says so: `typing_pause`); enter keeps it and goes back to the table; escape clears it, and
  every other filter the screen has (`other_filters`, `clear_other_filters`).
- `s` sorts by the highlighted column (the table reloads itself).
- a / e or enter / d add, edit and delete through the table, which asks first and refuses on a
  read-only file.
- The status line says the order, the filters and whether the file is read-only; the panel's
  subtitle counts the rows. Both follow `EntityTable.Loaded`.

A screen says which table is on show (`current`), hands the filters to its tables
(`apply_filters`) and adds its own parts to the status line (`status_parts`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import getters, on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import DataTable, Input, Static

from tui.screens.panel_screen import PanelScreen
from tui.widgets.entity_table import EntityTable, Page, count_label
from tui.widgets.sortable_table import ASCENDING, DESCENDING, SortableTable
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from textual.timer import Timer


def table_bindings(
    screen: str,
    noun: str,
    *,
    add: str = "Add a {noun}",
    edit: str = "Edit the highlighted {noun}",
    delete: str = "Delete the highlighted {noun} (asks first)",
    filter: str = "Filter the table as you type",
    clear: tuple[str, str] = ("Clear filter", "Clear the filter"),
) -> list[BindingType]:
    """a / e or enter / d, / and escape: design.md's keys for a table of `noun`s, with ids
    under `screen`; a screen whose keys do more says so in its own tooltips. `clear` is
    escape's description and tooltip."""
    return [
        Binding("a", "add", "Add", tooltip=add.format(noun=noun), id=f"{screen}.add"),
        Binding("e,enter", "edit", "Edit", tooltip=edit.format(noun=noun), id=f"{screen}.edit"),
        Binding("d", "delete", "Delete", tooltip=delete.format(noun=noun), id=f"{screen}.delete"),
        Binding("slash", "filter", "Filter", tooltip=filter, id=f"{screen}.filter"),
        Binding("escape", "clear_filter", clear[0], tooltip=clear[1], id=f"{screen}.clear_filter"),
    ]


def sort_binding(screen: str, *, show: bool = True) -> Binding:
    return Binding(
        "s",
        "sort",
        "Sort",
        tooltip="Sort by the highlighted column; again to reverse",
        id=f"{screen}.sort",
        show=show,
    )


class FilterInput(Input):
    """A table's filter, which the screen applies in the same frame as the key's echo.

    Input says its value changed with a message handled after the frame that echoes the key,
    so the filtered rows came a frame later: 16 ms at 60 frames a second, of the 50 ms a key
    may take (issue 15). The value is handed to the screen as it changes instead."""

    def watch_value(self, value: str) -> None:
        screen = self.screen
        if isinstance(screen, TableScreen):
            screen.filter_text = value


class TableScreen(PanelScreen):
    """A screen of `EntityTable`s in a panel, under a filter and over a status line."""

    app = getters.app(WorkshopApp)

    DEFAULT_CSS = """
    TableScreen .table-filter {
        display: none;
        margin-bottom: 1;
    }
    """

    BODY: ClassVar[str]  # the panel: its subtitle counts the rows
    STATUS: ClassVar[str]
    FILTER: ClassVar[str]
    ROW_ACTIONS: ClassVar[tuple[str, ...]] = ("edit", "delete")  # need a highlighted row

    filter_text: reactive[str] = reactive("", init=False)

    def __init__(self, id: str) -> None:
        super().__init__(id=id)
        self._typing: Timer | None = None

    @property
    def current(self) -> EntityTable[Any, Any]:
        """The table on show."""
        raise NotImplementedError

    @property
    def table(self) -> SortableTable:
        return self.current.table

    @property
    def filter_input(self) -> Input:
        return self.query_one(self.FILTER, Input)

    def reload(self) -> None:
        self.current.reload()

    # Filtering --------------------------------------------------------------------------------

    def apply_filters(self) -> None:
        """Hand the filters to the tables (which reload when next shown)."""
        raise NotImplementedError

    def other_filters(self) -> bool:
        """Whether a filter other than the text is on."""
        return False

    def clear_other_filters(self) -> None:
        """Turn the other filters off, without reloading."""

    def typing_pause(self) -> float:
        """Seconds to wait for a pause in typing before filtering (0: at every key)."""
        return 0.0

    def action_filter(self) -> None:
        self.filter_input.display = True
        self.filter_input.focus()

    def action_clear_filter(self) -> None:
        if not (self.filter_input.display or self.filter_text or self.other_filters()):
            return
        self._clear_filters()
        self.filters_changed()
        self._focus_table()

    def _clear_filters(self) -> None:
        if self._typing is not None:
            self._typing.stop()
            self._typing = None
        self.set_reactive(TableScreen.filter_text, "")  # first: the input's echo changes nothing
        with self.prevent(Input.Changed):  # one reload after, not one per filter
            self.filter_input.value = ""
        self.filter_input.display = False
        self.clear_other_filters()

    @on(Input.Changed, ".table-filter")
    def _filter_typed(self, event: Input.Changed) -> None:
        self.filter_text = event.value  # (a FilterInput has said so already)

    def watch_filter_text(self) -> None:
        """Reload as the filter is typed; on a large table, once typing pauses, so thousands of
        rows are not loaded for every keystroke of a word."""
        if self._typing is not None:
            self._typing.stop()
            self._typing = None
        pause = self.typing_pause()
        if pause:
            self._typing = self.set_timer(pause, self.filters_changed)
        else:
            self.filters_changed()

    def filters_changed(self) -> None:
        self._typing = None
        self.apply_filters()
        self.reload()
        self.show_status()

    @on(Input.Submitted, ".table-filter")
    def _filter_done(self) -> None:
        """Enter keeps the filter (applied at once) and goes back to the table."""
        if self._typing is not None:
            self._typing.stop()
            self.filters_changed()
        if not self.filter_text:
            self.filter_input.display = False
        self._focus_table()

    def _focus_table(self) -> None:
        if self.table.display:
            self.table.focus()

    # Sorting, editing -------------------------------------------------------------------------

    def action_sort(self) -> None:
        self.table.sort_by_cursor()

    def action_add(self) -> None:
        self.current.add()

    def works_before_open(self, key: str) -> bool:
        """Whether `key` may act while the file is still opening (asked by the app): `a`
        where the table's form needs nothing from the file."""
        return key == "a" and self.is_mounted and self.current.ADDS_BEFORE_OPEN

    def action_edit(self) -> None:
        self.current.edit()

    def action_delete(self) -> None:
        self.current.delete()

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_edit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action in self.ROW_ACTIONS:
            table = self.table
            return True if table.display and table.selected_key is not None else None
        if action == "clear_filter":
            return bool(self.filter_text or self.filter_input.display or self.other_filters())
        return True

    # Showing ----------------------------------------------------------------------------------

    @on(EntityTable.Loaded)
    def _loaded(self, event: EntityTable.Loaded) -> None:
        self.page_shown(event.page)

    @on(EntityTable.Patched)
    def _patched(self) -> None:
        self.show_count()
        self.show_status()

    def page_shown(self, page: Page[Any]) -> None:
        """A table shows a new page: the count, the status line and the keys follow."""
        self.show_count()
        self.show_status()
        self.refresh_bindings()

    def show_count(self) -> None:
        current = self.current
        total = current.total
        body = self.query_one(self.BODY)
        count = (
            count_label(
                current.table.row_count, total, current.filtered, current.NOUN, current.PLURAL
            )
            if total is not None
            else ""
        )
        if body.border_subtitle != count:  # a new subtitle redraws the panel, table and all
            body.border_subtitle = count

    def status_parts(self) -> list[Content | str]:
        """What the screen adds to the status line after the order and the text filter."""
        return []

    def show_status(self) -> None:
        current = self.current
        table = current.table
        descending = table.descending
        parts: list[Content | str] = [
            Content.from_markup(
                "Sorted by [b]$column[/b] $arrow $order",
                column=dict(current.COLUMNS)[table.sort_column],
                arrow=DESCENDING if descending else ASCENDING,
                order="descending" if descending else "ascending",
            )
        ]
        if self.filter_text.strip():
            parts.append(Content.from_markup("Filter “[b]$text[/b]”", text=self.filter_text))
        parts += self.status_parts()
        # No LoadingIndicator: it animates on the UI thread while the worker needs the CPU.
        if self.app.workshop is None:
            parts = ["Opening the workshop…"]
        elif current.total is None:
            parts = ["Loading…"]
        reason = self.app.read_only_reason
        if reason:
            parts.insert(0, Content.from_markup("[b $text-warning]READ-ONLY[/] ($why)", why=reason))
        self.query_one(self.STATUS, Static).update(Content("  ·  ").join(parts))

    def show_entity(self, kind: str, name: str) -> bool:
        """Select the entity `kind` called `name` (the Overview's enter on a finding), in its
        table, with every filter cleared so it is there. False when there is none."""
        target = self.table_of(kind)
        workshop = self.app.workshop
        if target is None or workshop is None:
            return False
        from storage.queries.readiness import entity_id

        with workshop.session() as session:
            found = entity_id(session, kind=kind, name=name)
        if found is None:
            self.notify(target.MISSING.format(noun=target.NOUN, name=name), markup=False)
            return False
        target.select_next(str(found))
        self._clear_filters()
        self.apply_filters()
        self.show_table(target)
        return True

    def table_of(self, kind: str) -> EntityTable[Any, Any] | None:
        """The table that lists entities of `kind` ("system", "flow" …), if there is one."""
        return None

    def show_table(self, table: EntityTable[Any, Any]) -> None:
        """Bring `table` on show, loaded afresh."""
        self.reload()
        self.show_status()
        self._focus_table()
