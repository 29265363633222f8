"""A detail text lays the screen out again only when its height changes (`DetailText`)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content

from tui.widgets.detail_text import DetailText


class One(App[None]):
    CSS = "DetailText { width: 20; height: auto; }"

    def compose(self) -> ComposeResult:
        yield DetailText("")


async def test_a_new_text_of_the_same_height_is_drawn_without_a_new_layout() -> None:
    app = One()
    async with app.run_test(size=(40, 10)) as pilot:
        detail = app.query_one(DetailText)
        asked: list[bool] = []
        real = detail.refresh

        def refresh(*args, **kwargs):  # type: ignore[no-untyped-def]
            asked.append(bool(kwargs.get("layout")))
            return real(*args, **kwargs)

        detail.refresh = refresh  # type: ignore[method-assign]
        detail.update(Content("score 37.0"))  # first text: laid out
        detail.update(Content("score 28.3"))  # the same height: drawn only
        detail.update(Content("a longer text that wraps onto a second line"))  # taller
        detail.update(Content("and another that also wraps onto two lines"))  # the same
        detail.update("plain [b]markup[/b] text")  # not Content: laid out, as Static does
        await pilot.pause()
        assert asked == [True, False, True, False, True]
        assert detail.size.height == 1  # and the last text's height was followed
