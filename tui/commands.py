"""The command palette's Seamwork commands: the screens, and the actions worth finding by name.

Added beside Textual's own commands (`COMMANDS = App.COMMANDS | {SeamworkCommands}`). Commands
run app actions, so the palette, the keys and the help all go through the same code.
Commands that open something over whatever is showing (quick capture, the interface matrix)
call a function with the app instead (`PaletteCommand.run`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import ModalScreen

from tui.workshop_app import WorkshopApp


@dataclass(frozen=True)
class PaletteCommand:
    name: str
    help: str
    action: str
    """An app action, e.g. `goto('systems', 'add')`; or "" when `run` is given."""
    run: Callable[[WorkshopApp], object] | None = None
    """Called with the app instead of an action: opens something over the current screen."""


def open_quick_capture(app: WorkshopApp) -> None:
    """The quick-capture dialog, over whatever is showing, if the workshop may be edited."""
    workshop = app.editable_workshop("capture flows")
    if workshop is None:
        return
    from tui.dialogs.quick_capture import QuickCaptureDialog

    app.push_screen(QuickCaptureDialog(workshop))


def open_matrix(app: WorkshopApp) -> None:
    """The interface matrix, pushed over the current screen (escape comes back)."""
    from tui.screens.matrix import MatrixScreen

    if not isinstance(app.screen, MatrixScreen):
        app.push_screen(app.kept_screen("matrix", MatrixScreen))


def open_workshop_details(app: WorkshopApp) -> None:
    """The workshop details form (name, client, facilitator, notes), over whatever is showing."""
    from tui.dialogs.workshop_form import edit_workshop_details

    edit_workshop_details(app)


def open_import(app: WorkshopApp) -> None:
    """Import a file: its path, then a preview of what it adds, before anything is written."""
    from tui.dialogs.import_file import open_import as open_dialogs

    open_dialogs(app)


def _editable(app: WorkshopApp) -> bool:
    workshop = getattr(app, "workshop", None)  # the class, in tests of the list itself
    return workshop is not None and not workshop.read_only_reason


def palette_commands(app: WorkshopApp) -> list[PaletteCommand]:
    """The commands, screens first; only screens that exist are listed."""
    commands = [
        PaletteCommand(title, f"Go to the {title} screen (key {key})", f"goto('{mode}')")
        for mode, (key, title) in app.SCREEN_KEYS.items()
        if mode in app.MODES
    ]
    commands += [
        PaletteCommand(
            "Edit workshop details",
            "The workshop's name, client, facilitator and engagement notes (e on the Overview)",
            "",
            run=open_workshop_details,
        ),
        PaletteCommand("Add system", "Add one system with the form", "goto('systems', 'add')"),
        PaletteCommand(
            "Paste systems",
            "Create systems from rows copied out of a spreadsheet",
            "goto('systems', 'paste')",
        ),
    ]
    if "flows" in app.MODES:
        commands += [
            PaletteCommand("Add flow", "Add one flow with the form", "goto('flows', 'add_flow')"),
            PaletteCommand(
                "Add data object",
                "Add a data object with its source of truth and department definitions",
                "goto('flows', 'add_data_object')",
            ),
            PaletteCommand(
                "Data objects",
                "Data objects: sources of truth, owners and department definitions",
                "goto('flows', \"show_view('objects')\")",
            ),
        ]
    if "scenarios" in app.MODES:
        commands += [
            PaletteCommand(
                "Apply scenario library",
                "Add the library's scenarios that fit the flow shown (only what is missing)",
                "goto('scenarios', 'apply_library')",
            ),
            PaletteCommand(
                "Scenario library",
                "Add, edit, retire and restore the workshop's exception scenarios",
                "goto('scenarios', 'library')",
            ),
            PaletteCommand(
                "Show gaps",
                "Only the checks marked gap, across every flow",
                "goto('scenarios', 'show_gaps')",
            ),
        ]
    if "priorities" in app.MODES:
        commands += [
            PaletteCommand(
                "Make candidate from marked flows",
                "A candidate integration of the flows marked with space on the Flows screen",
                "goto('flows', 'make_candidate')",
            ),
            PaletteCommand(
                "Suggest candidates",
                "Flows grouped into end-to-end processes (order to cash …) to accept or reject",
                "goto('priorities', 'suggest')",
            ),
            PaletteCommand(
                "Add candidate",
                "Add a candidate integration with the form",
                "goto('priorities', 'add_candidate')",
            ),
            PaletteCommand(
                "KPIs",
                "Add, edit and delete the KPIs: baseline, target, owner and links",
                "goto('priorities', 'kpis')",
            ),
            PaletteCommand(
                "Value versus effort chart",
                "The candidates on the 2x2: quick wins, big bets, fill-ins, money pits",
                "goto('priorities', \"show_view('chart')\")",
            ),
            PaletteCommand(
                "Roadmap",
                "The phases with their candidates, flows, manual hours removed and KPIs",
                "goto('priorities', \"show_view('roadmap')\")",
            ),
            PaletteCommand(
                "Scoring method",
                "Switch the ranking between weighted scoring and WSJF",
                "goto('priorities', 'toggle_method')",
            ),
        ]
    if "session" in app.MODES:
        commands += [
            PaletteCommand(
                "Add session", "A new session: its date and title", "goto('session', 'new_session')"
            ),
            PaletteCommand(
                "Change session",
                "Show another session on the Session screen",
                "goto('session', 'change_session')",
            ),
            PaletteCommand(
                "Edit session",
                "Change the current session's date or title",
                "goto('session', 'edit_session')",
            ),
            PaletteCommand(
                "Start next agenda item",
                "End the item being timed and start the next (t on the Session screen)",
                "goto('session', 'start_next')",
            ),
            PaletteCommand(
                "Pause or resume agenda timer",
                "Pause the agenda item being timed, or resume it (p on the Session screen)",
                "goto('session', 'pause')",
            ),
        ]
    if _editable(app):
        commands.append(
            PaletteCommand(
                "Capture minute",
                "A decision, action or question in one line, about the highlighted row (ctrl+n)",
                "capture",
            )
        )
        commands.append(
            PaletteCommand(
                "Quick capture",
                "Type flows as they are said: Shopify -> ERP: sales orders",
                "",
                run=open_quick_capture,
            )
        )
    commands.append(
        PaletteCommand(
            "Import a file…",
            "Merge a JSON file, Archi model or spreadsheet into this workshop, after a preview"
            " (m on the Overview)",
            "",
            run=open_import,
        )
    )
    commands.append(
        PaletteCommand(
            "Export",
            "Write the session summary (md, html), tables (csv, xlsx), json or the flow map",
            "export",
        )
    )
    commands.append(
        PaletteCommand(
            "History",
            "Recent changes, newest first, with those undone (ctrl+z undo, ctrl+y redo)",
            "history",
        )
    )
    commands.append(
        PaletteCommand(
            "Interface matrix",
            "Systems by systems: how many flows go from each to each, and where the findings are",
            "",
            run=open_matrix,
        )
    )
    return commands


class SeamworkCommands(Provider):
    """Screens and workshop actions; nothing is offered over a dialog."""

    @property
    def workshop_app(self) -> WorkshopApp:
        app = self.app
        assert isinstance(app, WorkshopApp)  # a Provider is no widget: getters.app does not fit
        return app

    def _commands(self) -> list[PaletteCommand]:
        if isinstance(self.screen, ModalScreen):
            return []
        return palette_commands(self.workshop_app)

    def _run(self, command: PaletteCommand) -> None:
        if command.run is not None:
            self.app.call_later(command.run, self.workshop_app)
        else:
            self.app.call_later(self.app.run_action, command.action)

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.name, partial(self._run, command), help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.name),
                    partial(self._run, command),
                    help=command.help,
                )
