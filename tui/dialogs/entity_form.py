"""What every entity form (system, flow, data object, scenario, check, candidate, criterion,
KPI) shares, written once: fields composed from data, the focus order, the error line, save
and cancel keys, enter moving on and saving on the last field, an error going when its field
changes.

A form lists its `FIELDS` in the order they are on screen, top to bottom and left to right
(`TextField`, `TextAreaField`, `ChoiceField`, `CheckField`): that is the tab order, the first
is focused on opening and the buttons come last (issue 13: a check dialog that opened on its
last field tabbed Note, Cancel, Save, Status, Owner, and what was typed on a button was lost).
It names its box, grid and error line in `BOX`, fills `values` when it edits, and implements
`save_data(session, data)` with the one storage call that saves the entity with its parts, in
one transaction. Storage validates (pydantic input models, unique names, links that still
exist); the form shows what it refuses beside the field concerned, naming the field, and
nothing is written. A letter typed where no text can go (a button, a list, a tick box) is not
lost without a word: the error line says where the focus is.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import KW_ONLY, dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList
from textual.widgets.selection_list import Selection

from tui.dialogs.typed_first import after_typed
from tui.widgets.form_field import FormField
from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.errors import EditConflict, FieldError
    from storage.workshop_file import WorkshopFile

S = TypeVar("S")  # what a form dismisses with once it has saved
Saved = tuple[int, str]  # the id and name of what was saved (candidate, criterion, KPI)


def prose(text: str) -> str:
    """A paragraph written as an indented triple-quoted string, as one line of words."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Field:
    """One field: `name` is its widget's id and the key of its value and of its error."""

    name: str
    label: str
    _: KW_ONLY
    default: Any = ""  # what a new entity starts with
    span: int = 1  # grid columns it takes

    def widget(self, value: Any) -> Widget:
        raise NotImplementedError

    def read(self, widget: Widget) -> Any:
        """The value as storage takes it."""
        raise NotImplementedError

    def show(self, widget: Widget, value: Any) -> None:
        """Put a stored `value` in the widget (their value, when the user takes theirs)."""
        raise NotImplementedError


def _as_text(value: Any) -> str:
    """A stored value as a text field shows it: none as empty, a list as "a, b"."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return str(getattr(value, "value", value))


@dataclass(frozen=True, kw_only=True)
class TextField(Field):
    placeholder: str = ""
    type: Literal["integer", "number", "text"] = "text"

    def widget(self, value: Any) -> Widget:
        return Input(str(value), placeholder=self.placeholder, type=self.type, id=self.name)

    def read(self, widget: Widget) -> str:
        assert isinstance(widget, Input)
        return widget.value

    def show(self, widget: Widget, value: Any) -> None:
        assert isinstance(widget, Input)
        widget.value = _as_text(value)


@dataclass(frozen=True, kw_only=True)
class TextAreaField(Field):
    """Several lines of free text in a `TextArea`: enter starts a new line, tab moves on, and
    ctrl+s saves (enter cannot, so put it last only with that in the form's help)."""

    placeholder: str = ""

    def widget(self, value: Any) -> Widget:
        from textual.widgets import TextArea  # only forms that have one pay for the import

        return TextArea(
            str(value),
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder=self.placeholder,
            id=self.name,
        )

    def read(self, widget: Widget) -> str:
        from textual.widgets import TextArea

        assert isinstance(widget, TextArea)
        return widget.text

    def show(self, widget: Widget, value: Any) -> None:
        from textual.widgets import TextArea

        assert isinstance(widget, TextArea)
        widget.load_text(_as_text(value))


@dataclass(frozen=True, kw_only=True)
class ChoiceField(Field):
    """A `Select`. With a `prompt`, nothing chosen is allowed (read as None); without one, a
    value must be chosen, and one not among the options falls back to the first."""

    options: Sequence[tuple[str | Text, Any]]
    prompt: str = ""

    def widget(self, value: Any) -> Widget:
        value = value.value if isinstance(value, Enum) else value
        known = [option for _, option in self.options]
        if self.prompt:
            chosen = value if value in known else Select.NULL
            return Select(self.options, value=chosen, prompt=self.prompt, id=self.name)
        chosen = value if value in known else known[0]
        return Select(self.options, value=chosen, allow_blank=False, id=self.name)

    def read(self, widget: Widget) -> Any:
        assert isinstance(widget, Select)
        return None if widget.value == Select.NULL else widget.value

    def show(self, widget: Widget, value: Any) -> None:
        assert isinstance(widget, Select)
        value = value.value if isinstance(value, Enum) else value
        known = [option for _, option in self.options]
        if value in known:
            widget.value = value
        else:
            widget.value = Select.NULL if self.prompt else known[0]


@dataclass(frozen=True, kw_only=True)
class CheckField(Field):
    text: str  # beside the box

    def widget(self, value: Any) -> Widget:
        return Checkbox(self.text, bool(value), id=self.name)

    def read(self, widget: Widget) -> bool:
        assert isinstance(widget, Checkbox)
        return widget.value

    def show(self, widget: Widget, value: Any) -> None:
        assert isinstance(widget, Checkbox)
        widget.value = bool(value)


@dataclass(frozen=True)
class Box:
    """The ids and classes of a form's parts (the app's stylesheet and the tests name them)."""

    id: str = "entity-box"
    classes: str = ""  # besides dialog-box
    grid: str | None = None  # the field grid's id
    grid_classes: str = "entity-grid"
    error: str = "entity-error"  # the line for errors no field owns


def form_keys(
    what: str = "", *, ids: str = "form", extra: Sequence[Binding] = ()
) -> list[BindingType]:
    """ctrl+s saves and escape cancels, with `extra` keys between them in the footer."""
    saves = f"Save the {what} and close" if what else "Save and close"
    return [
        Binding("ctrl+s", "save", "Save", tooltip=saves, id=f"{ids}.save", priority=True),
        *extra,
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving", id=f"{ids}.cancel"),
    ]


class EntityForm(ModalScreen[S]):
    """Dismisses with what `save_data` returned, or with `NOT_SAVED` when cancelled.

    A subclass sets `BINDINGS = form_keys(...)` itself, so its keys show in its own order.
    """

    DEFAULT_CSS = """
    EntityForm {
        & Grid {
            grid-size: 2;
            grid-columns: 1fr 1fr;
            grid-gutter: 0 2;
            height: auto;
        }
        & .span-2 { column-span: 2; }
        & .span-3 { column-span: 3; }
        & .entity-form--error {
            display: none;
            width: 1fr;  /* wraps rather than being cut at the box's edge */
            color: $text-error;
            margin-top: 1;
        }
    }
    """

    NOUN: ClassVar[str] = ""  # in the title: "Add system", "Edit system"
    BOX: ClassVar[Box] = Box()
    SUBTITLE: ClassVar[str] = "ctrl+s save · esc cancel"
    FIELDS: ClassVar[tuple[Field, ...]] = ()  # on-screen order: the first is focused first
    NOT_SAVED: ClassVar[Any] = None
    # Adding needs nothing read from the file (no choices of its entities): the form may open
    # while the file is still opening, and its save waits for it.
    OPENS_BEFORE_FILE: ClassVar[bool] = False

    def __init__(self, workshop: WorkshopFile | None, *, entity_id: int | None = None) -> None:
        """Raises `storage.errors.NotFoundError` when the entity to edit no longer exists.

        `workshop` None: the file is still opening (issue 15: a form the user asks for opens at
        once). Only a form that reads nothing to add an entity (`OPENS_BEFORE_FILE`) is made so;
        its save waits for the file, saying so, then goes ahead (`on_workshop_loaded`)."""
        super().__init__(classes="dialog")
        self.workshop = workshop
        self.entity_id = entity_id  # None: adding
        self.fields: tuple[Field, ...] = self.FIELDS
        self.values: dict[str, Any] = {}  # what the fields start with, when editing
        self._judged: dict[str, Any] = {}  # the values the errors on show are about
        self._stray_said = False  # the error line says where a stray key went (`on_key`)
        self._save_when_open = False
        # Editing: the values the form opened with (read from its fields once mounted), and
        # the stored values the user chose to expect instead after a clash (`ask_about`).
        self.opened_with: dict[str, Any] | None = None
        self.theirs: dict[str, Any] = {}
        if workshop is not None:
            with workshop.session() as session:
                self.load(session)
        else:
            assert self.OPENS_BEFORE_FILE and entity_id is None, "this form reads the file"
        self.values = {**{field.name: field.default for field in self.fields}, **self.values}

    # Subclasses ------------------------------------------------------------------------------

    def load(self, session: Session) -> None:
        """Read what the form shows: choices to offer, `fields` if they depend on them, and
        when editing, the entity's `values`. Nothing by default."""

    def box_title(self) -> str:
        return f"{'Add' if self.entity_id is None else 'Edit'} {self.NOUN}"

    def compose_body(self) -> ComposeResult:
        """What the box holds above the error line: by default the fields, in one grid."""
        with Grid(id=self.BOX.grid, classes=self.BOX.grid_classes):
            yield from self.compose_fields(self.fields)

    def before_saving(self, data: dict[str, Any]) -> dict[str, str]:
        """Errors to show before storage is asked (none by default)."""
        return {}

    def save_data(self, session: Session, data: dict[str, Any]) -> S:
        """Save `data` (the fields' values by name) with one storage call, passing `expected`
        when editing; what to dismiss with."""
        raise NotImplementedError

    def edits(self) -> bool:
        """Whether the form changes a row that exists (its save passes `expected`)."""
        return self.entity_id is not None

    def shape(self, data: dict[str, Any]) -> dict[str, Any]:
        """The fields' values as `save_data` gives them to storage (numbers, lists): applied to
        what is saved and to what the form opened with alike. As read by default."""
        return data

    @property
    def expected(self) -> dict[str, Any] | None:
        """What the form was opened with, for storage to tell this user's changes from
        someone else's (`storage.concurrency`); None when adding."""
        if self.opened_with is None:
            return None
        return {**self.shape(dict(self.opened_with)), **self.theirs}

    def field_error(self, exc: FieldError) -> dict[str, str]:
        """Storage's `FieldError` as errors by field."""
        return {exc.field: str(exc)}

    def saves_on_enter(self, widget: Input) -> bool:
        return widget.id == self.fields[-1].name

    # Shared ----------------------------------------------------------------------------------

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)

    def values_of(self, row: object) -> dict[str, Any]:
        """A stored row's values for the form's fields (attributes of the same names)."""
        return {name: getattr(row, name) for name in self.names}

    def compose(self) -> ComposeResult:
        with Vertical(id=self.BOX.id, classes=f"dialog-box {self.BOX.classes}") as box:
            box.border_title = self.box_title()
            box.border_subtitle = self.SUBTITLE
            yield from self.compose_body()
            yield Label("", id=self.BOX.error, classes="entity-form--error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")
        yield KeyBar()

    def compose_fields(self, fields: Sequence[Field]) -> ComposeResult:
        """A labelled widget for each of `fields`, holding its value from `values`."""
        for field in fields:
            yield FormField(
                field.label,
                field.widget(self.values[field.name]),
                field=field.name,
                id=f"field-{field.name}",
                classes=f"span-{field.span}" if field.span > 1 else None,
            )

    def on_mount(self) -> None:
        if self.edits():
            self.opened_with = self.form_data()
        self.query_one(f"#{self.fields[0].name}").focus()

    def value_of(self, name: str) -> Any:
        field = next(field for field in self.fields if field.name == name)
        return field.read(self.query_one(f"#{name}"))

    def form_data(self) -> dict[str, Any]:
        """Every field's value, by name, as storage takes it."""
        return {name: self.value_of(name) for name in self.names}

    def label_of(self, name: str) -> str:
        """The field's label as shown, without a parenthesis ("Time box (minutes)": "Time box")."""
        field = next(field for field in self.fields if field.name == name)
        return field.label.split(" (")[0].strip()

    def named(self, name: str, message: str) -> str:
        """`message` about field `name`, naming it as the form labels it: storage words its
        sentences by its own field names ("Name is required." for an agenda item's Item)."""
        label = self.label_of(name)
        if not label or label.casefold() in message.casefold():
            return message
        own = name.replace("_", " ").capitalize()  # storage's word for it: "Title is required."
        if message.startswith(f"{own} "):
            return label + message[len(own) :]
        if own.casefold() in message.casefold():  # "Source and target must be different …"
            return message
        return f"{label}: {message[:1].lower()}{message[1:]}"

    def storage_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """Storage's sentences by field, each naming its field as the form labels it."""
        return {
            key: self.named(key, message) if key in self.names else message
            for key, message in errors.items()
        }

    def show_errors(self, errors: dict[str, str]) -> None:
        """One sentence under each field named in `errors`; the rest go under the form."""
        self._judged = self.form_data()
        for form_field in self.query(FormField):
            form_field.set_error(errors.get(form_field.field))
        self._stray_said = False
        general = [message for key, message in errors.items() if key not in self.names]
        label = self.query_one(f"#{self.BOX.error}", Label)
        label.update(" ".join(general))
        label.display = bool(general)
        for name in self.names:
            if name in errors:
                self.query_one(f"#{name}").focus()
                break

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Save once the keys typed before this one are in their fields (`after_typed`)."""
        after_typed(self, self.save_now)

    def save_now(self) -> None:
        """Save, or show why not. The one place a form catches storage's errors."""
        from storage.errors import EditConflict, FieldError, InvalidInput, StorageError

        data = self.form_data()
        errors = self.before_saving(data)
        if not errors and self.workshop is None:
            self.workshop = getattr(self.app, "workshop", None)
            if self.workshop is None:  # saved as soon as the file is open
                self._save_when_open = True
                label = self.query_one(f"#{self.BOX.error}", Label)
                label.update("Saving as soon as the workshop has opened…")
                label.display = True
                return
        if not errors:
            assert self.workshop is not None
            try:
                with self.workshop.session() as session:
                    saved = self.save_data(session, self.shape(dict(data)))
            except EditConflict as exc:
                self.ask_about(exc)
                return
            except InvalidInput as exc:
                errors = self.storage_errors(exc.fields)
            except FieldError as exc:
                errors = self.storage_errors(self.field_error(exc))
            except StorageError as exc:  # read-only, gone meanwhile, or the file failed
                errors = {"": str(exc)}
            else:
                self.dismiss(saved)
                return
        self.show_errors(errors)

    def ask_about(self, conflict: EditConflict) -> None:
        """Someone else changed a field this save changes: show both and who, and do what the
        user chooses. Nothing was written; nothing is lost without that choice."""
        from tui.dialogs.edit_conflict import EditConflictDialog, conflict_lines

        def label(name: str) -> str:
            return self.label_of(name) if name in self.names else name.replace("_", " ")

        def chosen(choice: str | None) -> None:
            error = self.query_one(f"#{self.BOX.error}", Label)
            if choice == "mine":  # expect what the file holds now: yours goes over it
                self.theirs.update({clash.field: clash.theirs for clash in conflict.clashes})
                self.save_now()
            elif choice == "theirs":  # the form shows theirs, and expects it
                for clash in conflict.clashes:
                    self.theirs[clash.field] = clash.theirs
                    if clash.field in self.names:
                        field = next(f for f in self.fields if f.name == clash.field)
                        field.show(self.query_one(f"#{clash.field}"), clash.theirs)
                error.update("Their values are in the form now; ctrl+s saves the rest.")
                error.display = True
            else:
                error.update(str(conflict))
                error.display = True

        self.app.push_screen(
            EditConflictDialog(conflict.what, conflict_lines(conflict, label)), chosen
        )

    def on_workshop_loaded(self, _: Message) -> None:
        """The file has opened: a save asked for meanwhile goes ahead now."""
        if self.workshop is None:
            self.workshop = getattr(self.app, "workshop", None)
        if self._save_when_open and self.workshop is not None:
            self._save_when_open = False
            self.query_one(f"#{self.BOX.error}", Label).display = False
            self.save_now()

    def works_before_open(self, key: str) -> bool:
        """Keys act on a form at once, even while the file opens (asked by the app)."""
        return True

    def on_key(self, event: events.Key) -> None:
        """A character no widget took (the focus on a button, a choice, a tick box or a list,
        where letters do nothing) is said in the error line, not dropped without a word."""
        focused = self.focused
        if (
            not event.is_printable
            or event.character in (None, " ")
            or focused is None
            or isinstance(focused, Input)
            or focused.__class__.__name__ == "TextArea"  # imported only by forms with one
        ):
            return
        form_field = focused.parent if isinstance(focused.parent, FormField) else None
        if form_field is not None:
            where = f"on {form_field.label}, a choice, not a text field"
        elif isinstance(focused, Button):
            where = f"on the {focused.label} button"
        else:
            where = "on a list (space ticks)"
        label = self.query_one(f"#{self.BOX.error}", Label)
        label.update(
            f"“{event.character}” went nowhere: the focus is {where}. Tab to a text field."
        )
        label.display = True
        self._stray_said = True
        event.stop()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The stray-key sentence goes once the focus moves on (a save's errors stay)."""
        if self._stray_said:
            self._stray_said = False
            self.query_one(f"#{self.BOX.error}", Label).display = False

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(self.NOT_SAVED)

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field; on the last one it saves."""
        event.stop()
        if self.saves_on_enter(event.input):
            self.action_save()
        else:
            self.focus_next()

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _changed(self, event: Input.Changed | Select.Changed | Checkbox.Changed) -> None:
        self.field_changed(event.control)

    def on_text_area_changed(self, event: Message) -> None:
        """`TextArea.Changed`, handled by name: TextArea is imported only by forms with one."""
        control = getattr(event, "control", None)
        if isinstance(control, Widget):
            self.field_changed(control)

    def field_changed(self, widget: Widget) -> None:
        """Changing a field takes its error away; the next save judges it afresh."""
        form_field = widget.parent
        if not isinstance(form_field, FormField) or not form_field.error:
            return
        if self.value_of(form_field.field) != self._judged.get(form_field.field):
            form_field.set_error(None)

    @staticmethod
    def tick_list(
        items: Sequence[tuple[int, str]], ticked: Container[int], *, id: str
    ) -> SelectionList[int]:
        """A list of (id, name) `items` to tick, those in `ticked` ticked; names are data."""
        return SelectionList[int](
            *(Selection(Text(name), item, item in ticked) for item, name in items), id=id
        )

    @staticmethod
    def selected_ids(selection: SelectionList[int]) -> list[int]:
        return sorted(int(value) for value in selection.selected)
