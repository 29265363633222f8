"""Quick capture: type flows at speaking pace, one line each, and keep going.

`Shopify -> ERP: sales orders, real-time via api` + enter records the flow. The line is read by
`models.quick_capture.read_capture` (pure) and its names matched forgivingly to what the
workshop holds by `models.name_match.NameIndex` ("Mission Control" is "Mission Control PSA");
a preview under the line shows, on every key, the workshop's spellings, each detail read, and
any word that could not be placed. Tab completes the system or data-object name at the cursor.
A line that is not a flow says what was expected and creates nothing. A close misspelling asks
"did you mean …?" with the existing name as the answer; systems or a data object the workshop
does not have yet are created only after one confirmation naming them. Several lines pasted at
once are shown together and recorded together with one enter, in one transaction.

The dialog stays open after each capture, with the line cleared and a running log of what was
captured, so the facilitator keeps typing as people talk; escape closes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from textual import events, getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from models.enums import describe
from models.name_match import NameIndex, NameMatch, common_prefix, compact
from models.names import name_key
from models.quick_capture import (
    EXAMPLE,
    FORM,
    GRAMMAR_HELP,
    QuickCapture,
    Reading,
    complete_detail,
    name_at,
    read_capture,
)
from tui.labels import label
from tui.messages import WorkshopEdited
from tui.widgets.key_bar import KeyBar
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from storage.queries.flows import CapturePlan, CaptureResult
    from storage.workshop_file import WorkshopFile

PLACEHOLDER = "Shopify -> ERP: sales orders, real-time via api"

# Each kind of thing read from the line has its own colour in the preview.
STYLES = {
    "frequency": "$text-primary",
    "mechanism": "$text-accent",
    "approach": "$text-success",
    "state": "$text-secondary",
    "owner": "italic",
    "note": "$text-muted italic",
    "unplaced": "bold reverse $text-error",
}


@dataclass(frozen=True)
class Ends:
    """The three names of a line, each matched against the workshop."""

    source: NameMatch
    target: NameMatch
    data_object: NameMatch

    def all(self) -> tuple[tuple[str, NameMatch], ...]:
        return (("source", self.source), ("target", self.target), ("data_object", self.data_object))

    def ambiguous(self) -> NameMatch | None:
        return next((m for _, m in self.all() if m.kind == "ambiguous"), None)

    def near(self) -> list[NameMatch]:
        return [m for _, m in self.all() if m.kind == "near"]

    def names(self, *, take_suggestions: bool) -> tuple[str, str, str]:
        """The names to store: matched ones in the workshop's spelling, misspellings as
        suggested (`take_suggestions`) or as typed."""

        def one(match: NameMatch) -> str:
            if take_suggestions and match.suggestion is not None:
                return match.suggestion
            return match.name

        return one(self.source), one(self.target), one(self.data_object)


def match_ends(capture: QuickCapture, systems: NameIndex, objects: NameIndex) -> Ends:
    def match(index: NameIndex, typed: str, role: str) -> NameMatch:
        return index.match(typed, exact_only=role in capture.quoted)

    return Ends(
        match(systems, capture.source, "source"),
        match(systems, capture.target, "target"),
        match(objects, capture.data_object, "data_object"),
    )


def _details(capture: QuickCapture) -> list[tuple[str, str]]:
    """Each detail the line set, as shown, with its style."""
    said: list[tuple[str, str]] = []
    if capture.frequency:
        said.append((label(capture.frequency), STYLES["frequency"]))
    if capture.mechanism:
        said.append((label(capture.mechanism), STYLES["mechanism"]))
    if capture.approach:
        said.append((f"approach {describe(capture.approach)}", STYLES["approach"]))
    if capture.state:
        said.append((f"state {describe(capture.state)}", STYLES["state"]))
    if capture.owner:
        said.append((f"by {capture.owner}", STYLES["owner"]))
    if capture.note:
        said.append((f"# {capture.note}", STYLES["note"]))
    return said


def _joined(said: list[tuple[str, str]]) -> list[str | tuple[str, str]]:
    parts: list[str | tuple[str, str]] = []
    for text, style in said:
        parts.append((" · ", "$text-muted"))
        parts.append((text, style))
    return parts


def _name_part(match: NameMatch, is_new: bool) -> list[str | tuple[str, str]]:
    if match.kind == "ambiguous":
        return [
            (match.typed, "bold $text-error"),
            (f" ({' or '.join(match.names)}?)", "$text-error"),
        ]
    if match.kind == "near":
        return [
            (match.typed, "bold $text-warning"),
            (f" (did you mean {match.names[0]}?)", "$text-warning"),
        ]
    return [(match.name, "bold $text-warning" if is_new else "bold")]


@dataclass(frozen=True)
class Captured:
    """One line of the log: the flow as stored, and what was created with it."""

    source: str
    target: str
    data_object: str
    two_way: bool
    capture: QuickCapture
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
            capture=capture,
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
        said = [text for text, _ in _details(self.capture)]
        if said:
            parts.append((" · " + " · ".join(said), "$text-muted"))
        new = [f"system {name}" for name in self.new_systems]
        if self.new_data_object:
            new.append(f"data object {self.new_data_object}")
        if new:
            parts.append(("   new " + ", ".join(new), "$text-warning"))
        return Content.assemble(*parts)


def preview(
    reading: Reading, ends: Ends, plan: CapturePlan | None, *, lead: str = "enter records  "
) -> Content:
    """What enter would record: the workshop's spellings, what is new or unclear, each detail
    in its colour, and any word that could not be placed."""
    capture = reading.capture
    assert capture is not None
    arrow = "↔" if capture.two_way else "→"
    new_systems = set(plan.new_systems) if plan is not None else set()
    new_object = plan is not None and plan.new_data_object is not None
    parts: list[str | tuple[str, str]] = [(lead, "$text-muted")]
    parts += _name_part(ends.source, ends.source.name in new_systems)
    parts.append(f" {arrow} ")
    parts += _name_part(ends.target, ends.target.name in new_systems)
    parts.append(": ")
    parts += _name_part(ends.data_object, new_object)
    parts += _joined(_details(capture))
    unplaced = reading.unplaced()
    if unplaced:
        parts.append(("   not understood: ", "bold $text-error"))
        for index, word in enumerate(unplaced):
            if index:
                parts.append(" ")
            parts.append((word, STYLES["unplaced"]))
    elif plan is not None and plan.exists:
        parts.append(("   already recorded", "bold $text-warning"))
    elif ends.ambiguous() is not None:
        parts.append(("   type more, or tab", "$text-error"))
    elif ends.near():
        parts.append(("   (asks first)", "$text-warning"))
    elif plan is not None and plan.creates_anything_else:
        parts.append(("   (new: asks first)", "$text-warning"))
    return Content.assemble(*parts)


def batch_question(plans: Sequence[CapturePlan]) -> str:
    """One confirmation for the new names of several captured lines."""
    systems: dict[str, str] = {}
    objects: dict[str, str] = {}
    for plan in plans:
        for name in plan.new_systems:
            systems.setdefault(name_key(name), name)
        if plan.new_data_object:
            objects.setdefault(name_key(plan.new_data_object), plan.new_data_object)
    parts = []
    if systems:
        quoted = ", ".join(f'"{name}"' for name in systems.values())
        parts.append(f"the system{'s' if len(systems) > 1 else ''} {quoted}")
    if objects:
        quoted = ", ".join(f'"{name}"' for name in objects.values())
        parts.append(f"the data object{'s' if len(objects) > 1 else ''} {quoted}")
    return f"Create {' and '.join(parts)} for these {len(plans)} flows?"


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
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#capture-new-create", Button).focus()  # enter creates

    @on(Button.Pressed, "#capture-new-create")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#capture-new-back")
    def action_cancel(self) -> None:
        self.dismiss(False)


class DidYouMeanDialog(ModalScreen[bool | None]):
    """Asks about close misspellings: True uses the existing names (the default), False keeps
    the names as typed (new ones), None goes back to the line."""

    CSS = """
    #capture-near-box {
        width: 76;
        border: thick $warning;
        border-title-color: $text-warning;
    }

    #capture-near-question {
        margin-bottom: 1;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "y", "existing", "Use existing", tooltip="Use the existing names", id="capture_near.yes"
        ),
        Binding(
            "n", "typed", "Keep as typed", tooltip="Keep the names as typed", id="capture_near.no"
        ),
        Binding(
            "escape",
            "cancel",
            "Back",
            tooltip="Record nothing; back to the line to change it",
            id="capture_near.back",
        ),
    ]

    HELP = (
        "A name on the line is close to one the workshop already has. Enter or y uses the "
        "existing name; n keeps the name as typed (a new one: recorded without a second "
        "question, unless the line has other new names); escape goes back to the line."
    )

    def __init__(self, near: Sequence[NameMatch]) -> None:
        super().__init__(id="capture-near", classes="dialog")
        self.near = list(near)

    def question(self) -> str:
        asked = [f'"{match.names[0]}" for "{match.typed}"' for match in self.near]
        return "Did you mean " + ", and ".join(asked) + "?"

    def compose(self) -> ComposeResult:
        with Vertical(id="capture-near-box", classes="dialog-box") as box:
            box.border_title = "Did you mean"
            yield Static(self.question(), id="capture-near-question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Back", id="capture-near-back")
                yield Button("Keep as typed", id="capture-near-typed")
                yield Button("Use existing", id="capture-near-existing", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#capture-near-existing", Button).focus()  # enter takes the existing name

    @on(Button.Pressed, "#capture-near-existing")
    def action_existing(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#capture-near-typed")
    def action_typed(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#capture-near-back")
    def action_cancel(self) -> None:
        self.dismiss(None)


class CaptureInput(Input):
    """The capture line: tab completes the name at the cursor; a paste of several lines is
    handed to the dialog whole (an `Input` would keep only the first line)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "tab",
            "screen.complete",
            "Complete",
            tooltip="Complete the system or data-object name at the cursor",
            id="capture.complete",
        ),
    ]

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line for line in event.text.splitlines() if line.strip()]
        if len(lines) > 1:
            event.stop()
            event.prevent_default()  # Input's own handler would insert the first line
            screen = self.screen
            if isinstance(screen, QuickCaptureDialog):
                screen.take_lines(lines)


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

    #capture-batch {
        height: auto;
        max-height: 12;
        margin-bottom: 1;
        border-left: thick $warning;
        padding-left: 1;
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
        "The line under the input shows, on every key, what enter will record, in the "
        "workshop's spellings, each detail in its own colour and any word it cannot place. "
        "Tab completes the system or data-object name at the cursor and adds what follows it "
        "(the arrow, the colon, the comma before the details). A close misspelling asks "
        "“did you mean …?” (enter takes the existing name); new names are created after one "
        "question. Several lines pasted at once are shown together: enter records them all, "
        "escape drops them. A line that is not a flow says what was expected and records "
        "nothing. Escape closes; what was captured stays."
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
        self.pending: list[str] = []  # lines pasted at once, waiting for enter
        self.systems = NameIndex(())
        self.objects = NameIndex(())
        self._cycle: tuple[str, int, int, tuple[str, ...], int] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="capture-box", classes="dialog-box") as box:
            box.border_title = "Quick capture"
            box.border_subtitle = "enter record · tab complete · esc close · f1 grammar"
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
            yield Static("", id="capture-batch")
            yield CaptureInput(placeholder=PLACEHOLDER, id="capture-input", select_on_focus=False)
            yield Static("", id="capture-feedback")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#capture-log-title").display = False
        self.query_one("#capture-log").display = False
        self.query_one("#capture-batch").display = False
        self._load_names()
        self.input.focus()

    def _load_names(self) -> None:
        """The names typed names are matched against (a name query: milliseconds)."""
        from storage.queries.flows import capture_names

        with self.workshop.session() as session:
            systems, objects = capture_names(session)
        self.systems = NameIndex(systems)
        self.objects = NameIndex(objects)

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
        """Show what enter would record, or, while the line is not a flow yet, the names read
        so far and what tab would complete."""
        text = event.value
        if not text.strip():
            if not self.feedback.has_class("-notice"):  # "Already recorded" outlives the line
                self.say("")
            return
        self.say(self._preview_of(text, self.input.cursor_position))

    def _preview_of(self, text: str, cursor: int, lead: str = "enter records  ") -> Content:
        reading = read_capture(text)
        if reading.capture is None:
            return self._partial(text, cursor)
        ends = match_ends(reading.capture, self.systems, self.objects)
        return preview(reading, ends, self._plan(ends), lead=lead)

    def _partial(self, text: str, cursor: int) -> Content:
        """A line still being typed: the name at the cursor, matched, and tab's choices."""
        at = name_at(text, cursor)
        if at is None or at.start == at.end:
            return Content("")
        index = self.objects if at.role == "data_object" else self.systems
        typed = text[at.start : at.end]
        choices = index.complete(typed)
        match = index.match(typed)
        what = {"source": "source", "target": "target", "data_object": "data object"}[at.role]
        parts: list[str | tuple[str, str]] = [(f"{what}  ", "$text-muted")]
        if match.resolved is not None:
            parts.append((match.resolved, "bold"))
        elif match.kind == "near":
            parts.append((f"did you mean {match.names[0]}?", "$text-warning"))
        elif not choices:
            parts.append((f"{typed} (new)", "bold $text-warning"))
        if len(choices) > 1:
            parts.append(("   tab: " + " · ".join(choices[:6]), "$text-muted"))
        return Content.assemble(*parts)

    def _plan(self, ends: Ends) -> CapturePlan | None:
        from storage.errors import FieldError
        from storage.queries.flows import plan_capture

        if ends.ambiguous() is not None:
            return None
        source, target, data_object = ends.names(take_suggestions=False)
        try:
            with self.workshop.session() as session:
                return plan_capture(session, source=source, target=target, data_object=data_object)
        except FieldError:
            return None

    # Tab -------------------------------------------------------------------------------------

    def action_complete(self) -> None:
        """Complete the name at the cursor: the whole name when only one fits (then the arrow,
        colon or comma that follows it), else what the choices share; tab again cycles through
        them. After a new data object typed whole, tab adds the comma before the details."""
        field = self.input
        text, cursor = field.value, field.cursor_position
        if self._cycle is not None and self._cycle[0] == text and self._cycle[1] == cursor:
            _, _, start, choices, turn = self._cycle
            turn = (turn + 1) % len(choices)
            self._put(text, start, cursor, choices[turn], "")
            self._cycle = (field.value, field.cursor_position, start, choices, turn)
            return
        self._cycle = None
        at = name_at(text, cursor)
        if at is None:
            self._complete_detail(text, cursor)
            return
        index = self.objects if at.role == "data_object" else self.systems
        typed = text[at.start : cursor]
        choices = index.complete(typed)
        follows = text[at.end :].lstrip()
        if not choices:
            if at.role == "data_object" and typed.strip() and not follows:
                # A new data object, typed whole: tab moves on to the details, as it does
                # after a completed name (the preview already says the object is new).
                self._put(text, at.start, at.end, text[at.start : at.end].rstrip(), ", ")
            return
        if len(choices) == 1:
            suffix = ""
            if not follows:
                suffix = {"source": " -> ", "target": ": ", "data_object": ", "}[at.role]
            self._put(text, at.start, at.end, choices[0], suffix)
            return
        shared = common_prefix(choices)
        if len(compact(shared)) > len(compact(typed)) and all(
            compact(name).startswith(compact(shared)) for name in choices
        ):
            self._put(text, at.start, cursor, shared, "")
            return
        self._put(text, at.start, cursor, choices[0], "")
        self._cycle = (field.value, field.cursor_position, at.start, choices, 0)

    def _complete_detail(self, text: str, cursor: int) -> None:
        """Tab after the data object completes a detail word ("con" -> "connector")."""
        reading = read_capture(text)
        if any(s.role in ("owner", "note") and s.start <= cursor <= s.end for s in reading.spans):
            return  # owners and notes are the room's own words
        start = cursor
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        choices = complete_detail(text[start:cursor])
        if len(choices) == 1:
            end = cursor
            while end < len(text) and text[end].isalpha():
                end += 1
            self._put(text, start, end, choices[0], "")
        elif choices:
            shared = common_prefix(choices)
            if len(shared) > cursor - start:
                self._put(text, start, cursor, shared, "")

    def _put(self, text: str, start: int, end: int, name: str, suffix: str) -> None:
        field = self.input
        field.value = text[:start] + name + suffix + text[end:]
        field.cursor_position = start + len(name) + len(suffix)

    # Enter -----------------------------------------------------------------------------------

    @on(Input.Submitted, "#capture-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_capture()

    def action_capture(self) -> None:
        if self.pending:
            self._capture_lines(self.pending)
            return
        text = self.input.value
        if not text.strip():
            self.say(f"Type a flow first, e.g. {EXAMPLE}", "notice")
            return
        self._capture_lines([text])

    def _read_all(self, lines: Sequence[str]) -> list[tuple[QuickCapture, Ends]] | None:
        """Each line read and matched; None (with the reason said) when any line is not a flow
        or names something ambiguously."""
        read = []
        several = len(lines) > 1
        for number, line in enumerate(lines, 1):
            where = f"Line {number}: " if several else ""
            reading = read_capture(line)
            if reading.error is not None or reading.capture is None:
                self.say(where + (reading.error or ""), "error")
                return None
            ends = match_ends(reading.capture, self.systems, self.objects)
            unclear = ends.ambiguous()
            if unclear is not None:
                self.say(
                    f'{where}Which "{unclear.typed}": {" or ".join(unclear.names)}? '
                    "Type more of the name, or press tab at it.",
                    "error",
                )
                return None
            read.append((reading.capture, ends))
        return read

    def _capture_lines(self, lines: Sequence[str]) -> None:
        read = self._read_all(lines)
        if read is None:
            return
        near = [match for _, ends in read for match in ends.near()]
        if not near:
            self._resolved(read, take_suggestions=False)
            return

        def answered(use_existing: bool | None) -> None:
            self.input.focus()
            if use_existing is None:
                self.say(
                    "Nothing was recorded; change the line, or press escape to close.", "notice"
                )
                return
            kept = frozenset() if use_existing else frozenset(m.typed.casefold() for m in near)
            self._resolved(read, take_suggestions=use_existing, kept=kept)

        self.app.push_screen(DidYouMeanDialog(near), answered)

    def _resolved(
        self,
        read: list[tuple[QuickCapture, Ends]],
        *,
        take_suggestions: bool,
        kept: frozenset[str] = frozenset(),
    ) -> None:
        """Names settled: plan each flow, ask once about new names, then record. `kept`: the
        names the user has just chosen to keep as typed (new ones); they are not asked about
        again, so only other new names bring the question."""
        from storage.errors import FieldError
        from storage.queries.flows import plan_capture

        captures = []
        for capture, ends in read:
            source, target, data_object = ends.names(take_suggestions=take_suggestions)
            captures.append(replace(capture, source=source, target=target, data_object=data_object))
        try:
            with self.workshop.session() as session:
                plans = [
                    plan_capture(
                        session, source=c.source, target=c.target, data_object=c.data_object
                    )
                    for c in captures
                ]
        except FieldError as exc:
            self.say(str(exc), "error")
            return
        if len(captures) == 1 and plans[0].exists:
            # Nothing to keep the line for (the flow is there), and the next flow is coming.
            plan, capture = plans[0], captures[0]
            arrow = "↔" if capture.two_way else "→"
            self.input.value = ""
            self.say(
                f"Already recorded: {plan.source} {arrow} {plan.target}: {plan.data_object}. "
                "Nothing was added; change its details on the Flows screen.",
                "notice",
            )
            return
        fresh: list[tuple[QuickCapture, CapturePlan]] = []
        seen: set[str] = set()
        skipped = 0
        for capture, plan in zip(captures, plans, strict=True):
            key = plan.ref.casefold()
            if plan.exists or key in seen:
                skipped += 1
                continue
            seen.add(key)
            fresh.append((capture, plan))
        if not fresh:
            self._drop_pending()
            self.say(
                f"All {len(captures)} flows are already recorded; nothing was added.", "notice"
            )
            return
        new_names = {
            name.casefold()
            for _, plan in fresh
            for name in (*plan.new_systems, *filter(None, (plan.new_data_object,)))
        }
        if not new_names:
            self._record(fresh, create_missing=False, skipped=skipped)
            return
        if new_names <= kept:  # the user said "keep as typed" to each of them already
            self._record(fresh, create_missing=True, skipped=skipped)
            return

        def answered(create: bool | None) -> None:
            if create:
                self._record(fresh, create_missing=True, skipped=skipped)
            else:
                self.say(
                    "Nothing was created; change the line, or press escape to close.", "notice"
                )
            self.input.focus()

        question = (
            fresh[0][1].question() if len(fresh) == 1 else batch_question([p for _, p in fresh])
        )
        self.app.push_screen(CreateMissingDialog(question), answered)

    def _record(
        self,
        fresh: list[tuple[QuickCapture, CapturePlan]],
        *,
        create_missing: bool,
        skipped: int = 0,
    ) -> None:
        from storage.errors import FieldError, InvalidInput, NotFoundError, ReadOnlyError
        from storage.queries.flows import CaptureItem, create_flow_capture, create_flow_captures

        try:
            with self.workshop.session() as session:
                if len(fresh) == 1 and not self.pending:
                    capture = fresh[0][0]
                    results = [
                        create_flow_capture(
                            session,
                            source=capture.source,
                            target=capture.target,
                            data_object=capture.data_object,
                            fields=capture.fields(),
                            create_missing=create_missing,
                        )
                    ]
                else:
                    items = [
                        CaptureItem(c.source, c.target, c.data_object, c.fields()) for c, _ in fresh
                    ]
                    results = create_flow_captures(
                        session, items=items, create_missing=create_missing
                    )
        except InvalidInput as exc:
            self.say(" ".join(exc.fields.values()) + " Nothing was created.", "error")
            return
        except (FieldError, NotFoundError, ReadOnlyError) as exc:
            self.say(f"{exc} Nothing was created.", "error")
            return
        for result, (capture, _) in zip(results, fresh, strict=True):
            self._log(Captured.from_result(result, capture))
        self._load_names()
        self.input.value = ""
        if self.pending:
            self._drop_pending()
        if skipped:
            self.say(f"{skipped} already recorded or repeated, not added again.", "notice")
        else:
            self.say("")
        self.app.post_message(WorkshopEdited("all"))

    # Several lines pasted at once ------------------------------------------------------------

    def take_lines(self, lines: list[str]) -> None:
        """Hold lines pasted together, each shown as it would be recorded, for one enter."""
        self.pending = lines
        self._cycle = None
        shown: list[Content] = []
        for number, line in enumerate(lines, 1):
            reading = read_capture(line)
            if reading.capture is None:
                body = Content.assemble(
                    (line, "bold"), ("   ", ""), (reading.error or "", "$text-error")
                )
            else:
                body = self._preview_of(line, len(line), lead="")
                if reading.error is not None:
                    body = Content.assemble(body, ("   ", ""), (reading.error, "$text-error"))
            shown.append(Content.assemble((f"{number:>2}  ", "$text-muted"), body))
        batch = self.query_one("#capture-batch", Static)
        batch.update(Content("\n").join(shown))
        batch.display = True
        self.say(
            f"{len(lines)} lines pasted: enter records all {len(lines)} · escape drops them",
            "notice",
        )

    def _drop_pending(self) -> None:
        self.pending = []
        batch = self.query_one("#capture-batch", Static)
        batch.update("")
        batch.display = False

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
        if self.pending:
            self._drop_pending()
            self.say("The pasted lines were dropped; nothing was recorded.", "notice")
            return
        self.dismiss(len(self.captured))
