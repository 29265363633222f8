"""Quick capture: type flows at speaking pace, one line each, and keep going.

`Shopify -> ERP: sales orders, real-time via api` + enter records the flow. The line is read by
`models.quick_capture.parse_capture` (pure); names are matched to what the workshop holds
ignoring case ("erp" is "ERP") by `storage.queries.flows.plan_capture`, and a preview under
the line shows those spellings, and what would be new, as you type. A line that is not a flow
says what was expected and creates nothing. Systems or a data object the workshop does not
have yet are created only after one confirmation naming them; then the flow and everything
new is written in one transaction (`create_flow_capture`).

The dialog stays open after each capture, with the line cleared and a running log of what was
captured, so the facilitator keeps typing as people talk; escape closes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static

from models.quick_capture import EXAMPLE, GRAMMAR_HELP, ParseError, QuickCapture, parse_capture
from tui.labels import label
from tui.messages import WorkshopEdited
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from storage.queries.flows import CapturePlan, CaptureResult
    from storage.workshop_file import WorkshopFile

FORM = "SOURCE -> TARGET: DATA OBJECT[, FREQUENCY][ via MECHANISM][ by OWNER]"
PLACEHOLDER = "Shopify -> ERP: sales orders, real-time via api"


@dataclass(frozen=True)
class Captured:
    """One line of the log: the flow as stored, and what was created with it."""

    source: str
    target: str
    data_object: str
    two_way: bool
    frequency: str | None
    mechanism: str | None
    owner: str | None
    new_systems: tuple[str, ...] = ()
    new_data_object: str | None = None

    @classmethod
    def from_result(cls, result: CaptureResult, capture: QuickCapture) -> Captured:
        flow = result.flow
        return cls(
            source=flow.source,
            target=flow.target,
            data_object=flow.data_object,
            two_way=flow.two_way,
            frequency=str(capture.frequency) if capture.frequency else None,
            mechanism=str(capture.mechanism) if capture.mechanism else None,
            owner=capture.owner,
            new_systems=result.created_systems,
            new_data_object=result.created_data_object,
        )

    def line(self) -> Content:
        """ "✓ Shopify → ERP: Sales orders · Real-time · API   new system ERP"."""
        arrow = "↔" if self.two_way else "→"
        parts: list[str | tuple[str, str]] = [
            ("✓ ", "bold $text-success"),
            (f"{self.source} {arrow} {self.target}: {self.data_object}", "bold"),
        ]
        said = [label(value) for value in (self.frequency, self.mechanism) if value]
        if self.owner:
            said.append(f"by {self.owner}")
        if said:
            parts.append((" · " + " · ".join(said), "$text-muted"))
        new = [f"system {name}" for name in self.new_systems]
        if self.new_data_object:
            new.append(f"data object {self.new_data_object}")
        if new:
            parts.append(("   new " + ", ".join(new), "$text-warning"))
        return Content.assemble(*parts)


def preview(capture: QuickCapture, plan: CapturePlan) -> Content:
    """What enter would record, in the workshop's spellings, with what is new marked."""
    arrow = "↔" if capture.two_way else "→"
    new_systems = set(plan.new_systems)

    def name(value: str, is_new: bool) -> tuple[str, str]:
        return (value, "bold $text-warning" if is_new else "bold")

    parts: list[str | tuple[str, str]] = [
        ("enter records  ", "$text-muted"),
        name(plan.source, plan.source in new_systems),
        f" {arrow} ",
        name(plan.target, plan.target in new_systems),
        ": ",
        name(plan.data_object, plan.new_data_object is not None),
    ]
    said = [label(str(value)) for value in (capture.frequency, capture.mechanism) if value]
    if capture.owner:
        said.append(f"by {capture.owner}")
    if said:
        parts.append((" · " + " · ".join(said), "$text-muted"))
    if plan.exists:
        parts.append(("   already recorded", "bold $text-warning"))
    elif plan.creates_anything_else:
        parts.append(("   (new: asks first)", "$text-warning"))
    return Content.assemble(*parts)


class CreateMissingDialog(ModalScreen[bool]):
    """Asks once before quick capture creates systems or a data object; True to create."""

    CSS = """
    #capture-new-box {
        width: 72;
        border: thick $warning;
        border-title-color: $text-warning;
    }

    #capture-new-question {
        margin-bottom: 1;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Create", tooltip="Create them and the flow", id="capture_new.yes"),
        Binding(
            "escape,n",
            "cancel",
            "Back",
            tooltip="Create nothing; back to the line to change it",
            id="capture_new.no",
        ),
    ]

    HELP = (
        "Quick capture found names the workshop does not have yet. Enter or y creates them, "
        "with default details to fill in later, and records the flow; n or escape creates "
        "nothing and takes you back to the line, as typed, to correct it."
    )

    def __init__(self, question: str) -> None:
        super().__init__(id="capture-new", classes="dialog")
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="capture-new-box", classes="dialog-box") as box:
            box.border_title = "New in this workshop"
            yield Static(self.question, id="capture-new-question", markup=False)
            yield Label(
                "New systems and data objects start with default details; fill them in later.",
                classes="dialog-hint",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Back", id="capture-new-back")
                yield Button("Create", id="capture-new-create", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#capture-new-create", Button).focus()  # enter creates

    @on(Button.Pressed, "#capture-new-create")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#capture-new-back")
    def action_cancel(self) -> None:
        self.dismiss(False)


class QuickCaptureDialog(ModalScreen[int]):
    """Captures flows until closed; dismisses with how many were captured."""

    CSS = """
    QuickCaptureDialog#quick-capture {
        align: center top;
    }

    #capture-box {
        width: 100;
        margin-top: 3;
    }

    #capture-form {
        color: $text-accent;
        text-style: bold;
    }

    #capture-example {
        margin-bottom: 1;
    }

    #capture-log-title {
        margin-top: 0;
    }

    #capture-log {
        height: auto;
        max-height: 12;
        margin-bottom: 1;
        scrollbar-size-vertical: 1;
    }

    #capture-feedback {
        height: auto;
        min-height: 1;
        padding: 0 1;
        color: $text-muted;
    }

    #capture-feedback.-error {
        color: $text-error;
        text-style: bold;
    }

    #capture-feedback.-notice {
        color: $text-warning;
    }
    """

    app = getters.app(WorkshopApp)

    HELP_TITLE = "Quick capture"
    HELP = (
        "Type a flow as it is said and press enter; the line clears and you can type the next. "
        "The line under the input shows what enter will record, in the workshop's spellings, "
        "and marks names that are new: creating them is asked once. A line that is not a flow "
        "says what was expected and records nothing. Escape closes; what was captured stays."
    )
    HELP_EXTRA: ClassVar[str] = GRAMMAR_HELP

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "capture", "Capture", tooltip="Record the flow typed", id="capture.add"),
        Binding(
            "escape",
            "close",
            "Close",
            tooltip="Close quick capture; what was captured stays",
            id="capture.close",
        ),
    ]

    def __init__(self, workshop: WorkshopFile) -> None:
        super().__init__(id="quick-capture", classes="dialog")
        self.workshop = workshop
        self.captured: list[Captured] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="capture-box", classes="dialog-box") as box:
            box.border_title = "Quick capture"
            box.border_subtitle = "enter record · esc close · f1 grammar"
            yield Static(FORM, id="capture-form", markup=False)
            yield Static(
                Content.assemble(
                    ("e.g. ", "$text-muted"),
                    EXAMPLE,
                    ("   <-> two-way · f1 every word it knows", "$text-muted"),
                ),
                id="capture-example",
            )
            yield Label("", id="capture-log-title", classes="help-heading")
            with VerticalScroll(id="capture-log"):
                yield Static("", id="capture-log-lines")
            yield Input(placeholder=PLACEHOLDER, id="capture-input", select_on_focus=False)
            yield Static("", id="capture-feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#capture-log-title").display = False
        self.query_one("#capture-log").display = False
        self.input.focus()

    @property
    def input(self) -> Input:
        return self.query_one("#capture-input", Input)

    @property
    def feedback(self) -> Static:
        return self.query_one("#capture-feedback", Static)

    def say(self, message: str | Content, kind: str = "") -> None:
        """One line under the input: `kind` is "error", "notice" or "" (a preview or nothing).

        A `str` is shown literally (messages quote what was typed)."""
        self.feedback.update(Content(message) if isinstance(message, str) else message)
        for name in ("error", "notice"):
            self.feedback.set_class(kind == name, f"-{name}")

    # As you type -----------------------------------------------------------------------------

    @on(Input.Changed, "#capture-input")
    def _preview(self, event: Input.Changed) -> None:
        """Show what enter would record; say nothing while the line is not a flow yet."""
        text = event.value
        if not text.strip():
            if not self.feedback.has_class("-notice"):  # "Already recorded" outlives the line
                self.say("")
            return
        try:
            capture = parse_capture(text)
        except ParseError:
            self.say("")
            return
        plan = self._plan(capture)
        self.say(preview(capture, plan) if plan is not None else "")

    def _plan(self, capture: QuickCapture) -> CapturePlan | None:
        from storage.errors import FieldError
        from storage.queries.flows import plan_capture

        try:
            with self.workshop.session() as session:
                return plan_capture(
                    session,
                    source=capture.source,
                    target=capture.target,
                    data_object=capture.data_object,
                )
        except FieldError:
            return None

    # Enter -----------------------------------------------------------------------------------

    @on(Input.Submitted, "#capture-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_capture()

    def action_capture(self) -> None:
        text = self.input.value
        if not text.strip():
            self.say(f"Type a flow first, e.g. {EXAMPLE}", "notice")
            return
        try:
            capture = parse_capture(text)
        except ParseError as exc:
            self.say(str(exc), "error")
            return
        from storage.errors import FieldError

        try:
            with self.workshop.session() as session:
                from storage.queries.flows import plan_capture

                plan = plan_capture(
                    session,
                    source=capture.source,
                    target=capture.target,
                    data_object=capture.data_object,
                )
        except FieldError as exc:
            self.say(str(exc), "error")
            return
        if plan.exists:
            # Nothing to keep the line for (the flow is there), and the next flow is coming.
            arrow = "↔" if capture.two_way else "→"
            self.input.value = ""
            self.say(
                f"Already recorded: {plan.source} {arrow} {plan.target}: {plan.data_object}. "
                "Nothing was added; change its details on the Flows screen.",
                "notice",
            )
            return
        if not plan.creates_anything_else:
            self._record(capture, create_missing=False)
            return

        def answered(create: bool | None) -> None:
            if create:
                self._record(capture, create_missing=True)
            else:
                self.say(
                    "Nothing was created; change the line, or press escape to close.", "notice"
                )
            self.input.focus()

        self.app.push_screen(CreateMissingDialog(plan.question()), answered)

    def _record(self, capture: QuickCapture, *, create_missing: bool) -> None:
        from storage.errors import FieldError, InvalidInput, NotFoundError, ReadOnlyError
        from storage.queries.flows import create_flow_capture

        try:
            with self.workshop.session() as session:
                result = create_flow_capture(
                    session,
                    source=capture.source,
                    target=capture.target,
                    data_object=capture.data_object,
                    fields=capture.fields(),
                    create_missing=create_missing,
                )
        except InvalidInput as exc:
            self.say(" ".join(exc.fields.values()) + " Nothing was created.", "error")
            return
        except (FieldError, NotFoundError, ReadOnlyError) as exc:
            self.say(f"{exc} Nothing was created.", "error")
            return
        self._log(Captured.from_result(result, capture))
        self.input.value = ""
        self.say("")
        self.app.post_message(WorkshopEdited("all"))

    def _log(self, entry: Captured) -> None:
        self.captured.append(entry)
        count = len(self.captured)
        title = self.query_one("#capture-log-title", Label)
        title.update(f"Captured in this session · {count}")
        title.display = True
        log = self.query_one("#capture-log", VerticalScroll)
        log.display = True
        lines = Content("\n").join(item.line() for item in self.captured)
        self.query_one("#capture-log-lines", Static).update(lines)
        log.scroll_end(animate=False)

    def action_close(self) -> None:
        self.dismiss(len(self.captured))
