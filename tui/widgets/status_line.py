"""The line under a screen's panels: the keys that matter here, the filter or progress shown,
and first, when the file is open read-only, a READ-ONLY mark saying why."""

from __future__ import annotations

from collections.abc import Iterable

from textual import getters
from textual.content import Content

from tui.widgets.detail_text import DetailText
from tui.workshop_app import WorkshopApp


def key_hints(keys: Iterable[tuple[str, str]]) -> Content:
    """ "1–5 score  0 clear …": each key in bold, then what it does."""
    hints = (Content.assemble((key, "bold $text"), " ", text) for key, text in keys)
    return Content("  ").join(hints)


class StatusLine(DetailText):
    """One line of parts joined by " · " (styled by the app's `.status-line` rule); a new
    line lays the screen out again only when it wraps onto more or fewer lines."""

    app = getters.app(WorkshopApp)

    def __init__(self, *, id: str) -> None:
        super().__init__("", id=id, classes="status-line")

    def say(self, *parts: Content | str) -> None:
        reason = self.app.read_only_reason
        if reason:
            mark = Content.from_markup("[b $text-warning]READ-ONLY[/] ($why)", why=reason)
            parts = (mark, *parts)
        self.update(Content("  ·  ").join(parts))
