"""The Session screen's panels: attendees, the agenda with its timer, decisions, actions and
the parking lot. Each is a table of the rows the screen loaded (a session is small: filtering
happens here, on what is loaded), with a filter line and a sentence for when it is empty.

Cells are `Text` (user text is data, never markup), styled from the panel's component classes
so the theme's colours apply: the agenda item being timed is highlighted and an over-run is in
the error colour; an overdue action is marked against today; done actions and answered
questions come after the open ones, dimmed; actions carried from an earlier session say which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from models.agenda_timer import format_clock as clock
from tui.agenda_clock import AgendaClock
from tui.widgets.table import Table

if TYPE_CHECKING:
    from storage.queries.meetings import AgendaRow, AttendeeRow, MinuteRow

R = TypeVar("R")
TEXT_WIDTH = 34  # a long minute is cut in the table; the form shows it whole


def cut(text: str, width: int = TEXT_WIDTH) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@dataclass(frozen=True)
class Context:
    """What the cells are drawn against: today, the agenda's clocks and the moment."""

    today: date
    agenda: AgendaClock = field(default_factory=AgendaClock)
    now: datetime | None = None


@dataclass(frozen=True)
class Styles:
    muted: Style
    error: Style
    warning: Style
    current: Style
    done: Style


def about(minute: MinuteRow) -> str:
    return cut(", ".join(concern.label for concern in minute.concerns), 40)


class SessionPanel(Vertical, Generic[R]):
    """One panel: a filter line, a table of rows keyed by id, and the empty sentence."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "session-panel--muted",
        "session-panel--error",
        "session-panel--warning",
        "session-panel--current",
        "session-panel--done",
    }

    DEFAULT_CSS = """
    SessionPanel {
        height: 1fr;
        border: round $primary 50%;
        border-title-color: $text-primary;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        background: $surface;
        padding: 0 1;
        &:focus-within { border: round $primary; }
        & > .session-panel--muted { color: $text-muted; }
        & > .session-panel--error { color: $text-error; text-style: bold; }
        & > .session-panel--warning { color: $text-warning; }
        & > .session-panel--current { color: $text-accent; text-style: bold; }
        & > .session-panel--done { color: $text-muted; }
        & > Table { height: 1fr; background: $surface; }
        & > Input { display: none; height: 1; border: none; padding: 0 1; }
        & > .session-panel--empty {
            height: 1fr;
            color: $text-muted;
            text-style: italic;
            content-align: center middle;
        }
    }
    """

    KIND: ClassVar[str]  # "attendee", "agenda", "decision", "action", "parked"
    TITLE: ClassVar[str]
    COLUMNS: ClassVar[tuple[str, ...]]
    EMPTY: ClassVar[str]
    NOUN: ClassVar[tuple[str, str]]  # "decision", "decisions"

    def __init__(self) -> None:
        super().__init__(id=f"session-{self.KIND}", classes="session-panel")
        self.border_title = self.TITLE
        self.all_rows: list[R] = []
        self.rows: dict[str, R] = {}
        self.text = ""  # the filter
        self.context = Context(date.today())

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter — esc clears", id=f"session-{self.KIND}-filter")
        yield Table(id=f"session-{self.KIND}-table", cursor_type="row", zebra_stripes=True)
        yield Static(self.EMPTY, classes="session-panel--empty", markup=False)

    def on_mount(self) -> None:
        for title in self.COLUMNS:
            self.table.add_column(title, key=title or "mark")
        self.table.display = False

    @property
    def table(self) -> Table:
        return self.query_one(Table)

    @property
    def filter_input(self) -> Input:
        return self.query_one(Input)

    @property
    def selected(self) -> R | None:
        table = self.table
        if not table.display or table.row_count == 0:
            return None
        key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return self.rows.get(str(key.value))

    def styles_now(self) -> Styles:
        def style(name: str) -> Style:
            return self.get_component_rich_style(f"session-panel--{name}", partial=True)

        return Styles(*(style(name) for name in Styles.__dataclass_fields__))

    def show(self, rows: Sequence[R], context: Context, select: str | None = None) -> None:
        self.all_rows = list(rows)
        self.context = context
        self.refill(select)

    def ordered(self, rows: list[R]) -> list[R]:
        return rows

    def refill(self, select: str | None = None) -> None:
        """Show the rows the filter lets through, the cursor kept on the same row."""
        table = self.table
        keep = select
        if keep is None and table.row_count and table.display:
            keep = str(table.coordinate_to_cell_key(table.cursor_coordinate)[0].value)
        styles = self.styles_now()
        needle = self.text.strip().casefold()
        built: list[tuple[str, R, list[Text]]] = []
        for row in self.ordered(self.all_rows):
            cells = self.cells(row, styles)
            if needle and needle not in " ".join(cell.plain for cell in cells).casefold():
                continue
            built.append((str(getattr(row, "id")), row, cells))  # noqa: B009 (R is any row)
        self.rows = {key: row for key, row, _ in built}
        row_before = table.cursor_row
        table.clear()
        table.add_keyed_rows((key, cells) for key, _, cells in built)
        keys = [key for key, _, _ in built]
        if keys:
            target = keys.index(keep) if keep in keys else min(row_before, len(keys) - 1)
            table.move_cursor(row=max(target, 0), animate=False)
        empty = self.query_one(".session-panel--empty", Static)
        table.display = bool(keys)
        empty.display = not keys
        if not keys:
            empty.update(
                "Nothing matches the filter — esc clears it." if self.all_rows else self.EMPTY
            )
        total = len(self.all_rows)
        word = self.NOUN[0] if total == 1 else self.NOUN[1]
        self.border_subtitle = f"{len(keys)} of {total} {word}" if needle else f"{total} {word}"

    def cells(self, row: R, styles: Styles) -> list[Text]:
        raise NotImplementedError

    def focus_rows(self) -> None:
        if self.table.display:
            self.table.focus()
        else:
            self.query_one(".session-panel--empty").focus()


class AttendeesPanel(SessionPanel["AttendeeRow"]):
    KIND = "attendee"
    TITLE = "Attendees"
    COLUMNS = ("Name", "Attendance", "Role", "Organisation")
    EMPTY = "Nobody listed yet — a adds someone."
    NOUN = ("person", "people")

    def cells(self, row: AttendeeRow, styles: Styles) -> list[Text]:
        if row.present is None:
            presence = Text("unknown", styles.muted)
        elif row.present:
            presence = Text("present")
        else:
            presence = Text("apologies", styles.warning)
        return [Text(cut(row.name, 22)), presence, Text(cut(row.role, 18)),
                Text(cut(row.organisation, 14))]  # fmt: skip


class AgendaPanel(SessionPanel["AgendaRow"]):
    KIND = "agenda"
    TITLE = "Agenda"
    COLUMNS = ("", "Item", "Box", "Time")
    EMPTY = "No agenda yet — a adds an item."
    NOUN = ("item", "items")

    def cells(self, row: AgendaRow, styles: Styles) -> list[Text]:
        agenda = self.context.agenda
        at = self.context.now
        index = next((i for i, c in enumerate(self.all_rows) if c.id == row.id), None)
        is_current = (
            index is not None
            and agenda.meeting_id == row.meeting_id
            and len(agenda.clocks) == len(self.all_rows)
            and agenda.current == index
        )
        spent = (
            agenda.spent(index, at)
            if is_current and index is not None and at
            else row.spent_seconds
        )
        box = Text(f"{row.minutes}m" if row.minutes else "—", styles.muted)
        if is_current and index is not None and at is not None:
            mark = Text("▶" if agenda.running() else "⏸", styles.current)
            title = Text(cut(row.title, 26), styles.current)
            left = agenda.left(index, at)
            if left is not None and agenda.is_over(index, at):
                spent_text = Text(f"{clock(left)} over", styles.error)
            elif left is not None:
                spent_text = Text(f"{clock(left)} left", styles.current)
            else:
                spent_text = Text(clock(spent), styles.current)
            return [mark, title, box, spent_text]
        over = row.minutes is not None and spent > row.minutes * 60
        spent_cell = Text(clock(spent) if spent else "", styles.error if over else styles.muted)
        if over:
            spent_cell.append(f"  +{clock(spent - row.minutes * 60)}")  # type: ignore[operator]
        if row.done:
            return [Text("✓", styles.done), Text(cut(row.title, 26), styles.done), box, spent_cell]
        return [Text(""), Text(cut(row.title, 26)), box, spent_cell]


class MinutesPanel(SessionPanel["MinuteRow"]):
    """Decisions, actions or the parking lot: one kind of minute."""

    def ordered(self, rows: list[MinuteRow]) -> list[MinuteRow]:
        return [row for row in rows if not row.closed] + [row for row in rows if row.closed]


class DecisionsPanel(MinutesPanel):
    KIND = "decision"
    TITLE = "Decisions"
    COLUMNS = ("Decision", "By", "About")
    EMPTY = "No decisions yet — a adds one, or ctrl+n and d: …"
    NOUN = ("decision", "decisions")

    def cells(self, row: MinuteRow, styles: Styles) -> list[Text]:
        return [Text(cut(row.text)), Text(row.who or "", styles.muted), Text(about(row))]


class ActionsPanel(MinutesPanel):
    KIND = "action"
    TITLE = "Actions"
    COLUMNS = ("", "Action", "Due", "Owner", "About")
    EMPTY = "No actions yet — a adds one, or ctrl+n and a: …"
    NOUN = ("action", "actions")

    def cells(self, row: MinuteRow, styles: Styles) -> list[Text]:
        carried = f" ↪ {row.meeting_date}" if row.carried else ""
        # The mark comes out of the text's width, not the Due column's: due dates were cut.
        text = Text(cut(row.text, TEXT_WIDTH - len(carried)))
        if carried:
            text.append(carried, styles.warning)
        due = Text(row.due or "", styles.muted)
        if row.closed:
            done = styles.done
            text.stylize(done)
            return [Text("✓", done), text, Text(row.due or "", done), Text(row.who or "", done),
                    Text(about(row), done)]  # fmt: skip
        if row.due and row.due < self.context.today.isoformat():
            due = Text(f"{row.due} overdue", styles.error)
        return [Text("☐"), text, due, Text(row.who or "", styles.muted), Text(about(row))]


class ParkedPanel(MinutesPanel):
    KIND = "parked"
    TITLE = "Parking lot"
    COLUMNS = ("", "Question", "About")
    EMPTY = "Nothing parked — a adds a question, or ctrl+n and ? …"
    NOUN = ("question", "questions")

    def cells(self, row: MinuteRow, styles: Styles) -> list[Text]:
        if row.closed:
            return [Text("✓", styles.done), Text(cut(row.text), styles.done),
                    Text(about(row), styles.done)]  # fmt: skip
        return [Text("?", styles.warning), Text(cut(row.text)), Text(about(row))]


PANELS: tuple[type[SessionPanel[Any]], ...] = (
    AgendaPanel,
    AttendeesPanel,
    DecisionsPanel,
    ActionsPanel,
    ParkedPanel,
)
