"""Help for the current screen: what it is for, its keys, and the keys that work everywhere.

Everything listed is read from the `BINDINGS` the keys really come from (the screen's, then
the app's), so the help cannot drift from the keymap. Bindings that share an `id` (e.g.
`escape,n`) are one entry with several keys.

A screen may add `HELP_EXTRA: ClassVar[str]`, plain text shown literally under its `HELP`
paragraph (the quick-capture grammar, for instance): spacing kept, nothing read as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Label, Static

from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from textual.app import App


@dataclass(frozen=True)
class KeyHelp:
    """One entry of the help: the keys for one binding id."""

    keys: tuple[str, ...]
    description: str
    tooltip: str
    id: str


def key_name(app: App[object], key: str) -> str:
    """How a key is written in the help: modifiers spelled out (as design.md writes them)."""
    if "+" in key or key == "enter":
        return key
    return app.get_key_display(Binding(key, ""))


def key_help(app: App[object], bindings: Iterable[BindingType]) -> list[KeyHelp]:
    """The entries for `bindings`, in order, grouped by binding id (system bindings left out)."""
    entries: dict[str, KeyHelp] = {}
    for binding in Binding.make_bindings(bindings):
        if binding.system or not binding.description:
            continue
        group = binding.id or binding.action
        name = key_name(app, binding.key)
        if group in entries:
            entry = entries[group]
            entries[group] = KeyHelp((*entry.keys, name), entry.description, entry.tooltip, group)
        else:
            entries[group] = KeyHelp((name,), binding.description, binding.tooltip, group)
    return list(entries.values())


NAVIGATION = {"up", "down", "left", "right", "home", "end", "pageup", "pagedown"}


def widget_bindings(screen: Widget) -> list[Binding]:
    """The keys the screen's own widgets (tui.widgets) add, such as the score matrix's digits
    and the weights' + and -: the help lists them with the screen's. Arrow and page keys are
    left out; every list moves with them."""
    found: list[Binding] = []
    seen: set[type] = set()
    for widget in screen.query("*"):
        cls = type(widget)
        if cls in seen or not cls.__module__.startswith("tui.widgets."):
            continue
        seen.add(cls)
        found.extend(
            binding
            for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", []))  # not inherited
            if binding.key not in NAVIGATION
        )
    return found


def global_key_help(app: App[object]) -> list[KeyHelp]:
    """The app's own keys, plus the command palette Textual adds at run time."""
    entries = key_help(app, type(app).BINDINGS)
    if app.ENABLE_COMMAND_PALETTE:
        entries.insert(
            -1,
            KeyHelp(
                (app.COMMAND_PALETTE_BINDING,),
                "Commands",
                "Open the command palette: screens, add, paste, theme",
                "app.command_palette",
            ),
        )
    return entries


def screen_title(screen: Widget) -> str:
    return getattr(screen, "HELP_TITLE", "") or type(screen).__name__


def _lines(entries: list[KeyHelp], width: int) -> Content:
    """One line per entry: keys, what they do, and the longer explanation, in columns."""
    lines = [
        Content.assemble(
            (" ".join(entry.keys).ljust(width), "bold $text-accent"),
            (entry.description.ljust(16), "bold"),
            (entry.tooltip, "$text-muted"),
        )
        for entry in entries
    ]
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """The help for `target`: the screen that was showing when help was asked for, or what
    has the keys over it (the capture line)."""

    CSS = """
    #help-box {
        width: 96;
    }

    #help-body {
        height: auto;
        max-height: 30;
    }

    #help-box.-extra {
        width: 100;
    }

    #help-extra {
        margin-top: 1;
        padding: 0 1;
        color: $text;
        background: $boost;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,question_mark,f1,q",
            "dismiss",
            "Close",
            tooltip="Back to the screen",
            id="help.close",
        ),
    ]

    def __init__(self, target: Widget) -> None:
        super().__init__(id="help", classes="dialog")
        self.target = target

    def compose(self) -> ComposeResult:
        screen_keys = key_help(
            self.app, [*type(self.target).BINDINGS, *widget_bindings(self.target)]
        )
        global_keys = global_key_help(self.app)
        width = 3 + max(len(" ".join(entry.keys)) for entry in [*screen_keys, *global_keys])
        paragraph = getattr(self.target, "HELP", "")
        extra = getattr(self.target, "HELP_EXTRA", "")
        classes = "dialog-box -extra" if extra else "dialog-box"  # wider: extra keeps its lines
        with Vertical(id="help-box", classes=classes) as box:
            box.border_title = f"Help · {screen_title(self.target)}"
            box.border_subtitle = "esc close"
            with VerticalScroll(id="help-body"):
                if paragraph:
                    yield Static(paragraph, id="help-about", markup=False)
                if extra:
                    yield Static(extra, id="help-extra", markup=False)
                if screen_keys:
                    yield Label("On this screen", classes="help-heading")
                    yield Static(_lines(screen_keys, width), id="help-screen-keys")
                yield Label("Everywhere", classes="help-heading")
                yield Static(_lines(global_keys, width), id="help-global-keys")
        yield KeyBar()
