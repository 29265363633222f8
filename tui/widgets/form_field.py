"""A labelled form field with its validation message right under it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Label


class FormField(Vertical):
    """Wraps one input widget: a title above, one sentence of error below (hidden when valid).

    The error is plain text (`markup=False`): messages quote what the user typed.
    """

    DEFAULT_CSS = """
    FormField {
        height: auto;
        & > .form-field--label {
            color: $text-muted;
            text-style: bold;
            padding: 0 1;
        }
        & > .form-field--error {
            display: none;
            width: 1fr;  /* wrap under a narrow field rather than run past it (clipped) */
            color: $text-error;
            padding: 0 1;
        }
        &.-invalid > .form-field--error {
            display: block;
        }
        & > TextArea {
            height: 6;
        }
        &.-invalid > Input, &.-invalid > TextArea, &.-invalid > Select > SelectCurrent {
            border: tall $error;
        }
    }
    """

    def __init__(
        self,
        label: str,
        widget: Widget,
        *,
        field: str,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.label = label
        self.widget = widget
        self.field = field
        self.error = ""

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="form-field--label", markup=False)
        yield self.widget
        yield Label("", classes="form-field--error", markup=False)

    def set_error(self, message: str | None) -> None:
        """Show `message` under the field, or clear it with None."""
        self.error = message or ""
        self.query_one(".form-field--error", Label).update(self.error)
        self.set_class(bool(self.error), "-invalid")
