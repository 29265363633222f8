"""The command palette's Seamwork commands: the screens, and the actions worth finding by name.

Added beside Textual's own commands (`COMMANDS = App.COMMANDS | {SeamworkCommands}`). Commands
run app actions, so the palette, the keys and the help all go through the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import ModalScreen

if TYPE_CHECKING:
    from tui.app import SeamworkApp


@dataclass(frozen=True)
class PaletteCommand:
    name: str
    help: str
    action: str
    """An app action, e.g. `goto('systems', 'add')`."""


def palette_commands(app: SeamworkApp) -> list[PaletteCommand]:
    """The commands, screens first; only screens that exist are listed."""
    commands = [
        PaletteCommand(title, f"Go to the {title} screen (key {key})", f"goto('{mode}')")
        for mode, (key, title) in app.SCREEN_KEYS.items()
        if mode in app.MODES
    ]
    commands += [
        PaletteCommand("Add system", "Add one system with the form", "goto('systems', 'add')"),
        PaletteCommand(
            "Paste systems",
            "Create systems from rows copied out of a spreadsheet",
            "goto('systems', 'paste')",
        ),
    ]
    return commands


class SeamworkCommands(Provider):
    """Screens and workshop actions; nothing is offered over a dialog."""

    def _commands(self) -> list[PaletteCommand]:
        if isinstance(self.screen, ModalScreen):
            return []
        return palette_commands(self.app)  # type: ignore[arg-type]

    def _run(self, action: str) -> None:
        self.app.call_later(self.app.run_action, action)

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.name, partial(self._run, command.action), help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.name),
                    partial(self._run, command.action),
                    help=command.help,
                )
