"""The app's stylesheet (tui.stylesheet): its sources are parsed once for a theme, and a theme
change still restyles every widget."""

from __future__ import annotations

from pathlib import Path

import pytest
import textual.css.stylesheet as textual_stylesheet
from pilot_support import settle
from textual.cache import LRUCache
from workshop_templates import new_demo

import tui
import tui.stylesheet
from tui.app import SeamworkApp
from tui.stylesheet import KeptStylesheet

CSS = "Label { color: $accent; }"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources Textual's parser is given, as they are given, starting from a process that
    has parsed nothing yet (the app keeps what it parsed for the next app)."""
    monkeypatch.setattr(tui.stylesheet, "_parsed", LRUCache(tui.stylesheet.THEMES_KEPT))
    monkeypatch.setattr(tui.stylesheet, "_tokens", LRUCache(tui.stylesheet.THEMES_KEPT))
    done: list[str] = []
    parse = textual_stylesheet.parse

    def counting(scope, css, *args, **kwargs):
        done.append(css)
        return parse(scope, css, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting)
    return done


def accent(stylesheet: KeptStylesheet) -> str:
    (rule,) = stylesheet.rules_map["Label"]
    return str(rule.styles.color)


def test_the_same_variables_keep_what_was_parsed_and_new_ones_parse_again(parsed):
    stylesheet = KeptStylesheet(variables={"accent": "red"})
    stylesheet.add_source(CSS, read_from=("test", "CSS"))
    stylesheet.parse()
    stylesheet.set_variables({"accent": "red"})
    stylesheet.reparse()
    stylesheet.add_source("Button { color: red; }", read_from=("test", "more"))
    stylesheet.parse()
    assert parsed.count(CSS) == 1
    stylesheet.set_variables({"accent": "blue"})
    stylesheet.reparse()
    assert parsed.count(CSS) == 2
    assert "0, 0, 255" in accent(stylesheet)


def test_a_source_in_error_leaves_the_rules_as_they_were():
    stylesheet = KeptStylesheet(variables={"accent": "red"})
    stylesheet.add_source(CSS, read_from=("test", "CSS"))
    stylesheet.parse()
    stylesheet.add_source("Label { colour: red; }", read_from=("test", "bad"))
    with pytest.raises(textual_stylesheet.StylesheetParseError):
        stylesheet.reparse()
    assert "255, 0, 0" in accent(stylesheet)


async def test_the_app_parses_its_stylesheet_once_and_a_theme_change_restyles(tmp_path, parsed):
    """(Textual parses a widget's DEFAULT_CSS again when a subclass ranks it higher: small.)"""
    ours = (Path(tui.__file__).parent / "seamwork.tcss").read_text(encoding="utf-8")
    app = SeamworkApp(new_demo(tmp_path / "w.seamwork"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.stylesheet, KeptStylesheet)
        await pilot.press("2")  # a screen, a form and its widgets' own CSS
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert parsed.count(ours) == 1  # before: three times before the first frame
        dark = app.screen.styles.background
        app.theme = "textual-light"
        await settle(pilot)
        assert app.screen.styles.background != dark
        assert parsed.count(ours) == 2  # parsed again, with the light theme's colours
    again = SeamworkApp(new_demo(tmp_path / "again.seamwork"))
    async with again.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2", "a")
        await settle(pilot)
        assert parsed.count(ours) == 2  # the next app in this process parsed nothing again
        assert again.screen.styles.background == dark  # and is dark, as its theme says


async def test_a_screen_showing_for_the_first_time_is_not_restyled_but_one_coming_back_is(
    tmp_path, monkeypatch
):
    """Its widgets are styled as they mount and when its size classes arrive: the first
    resume's third pass changed nothing (20 ms on the Add system form)."""
    styled: list[object] = []
    apply = textual_stylesheet.Stylesheet.apply

    def counting(self, node, *args, **kwargs):
        styled.append(node)
        return apply(self, node, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet.Stylesheet, "apply", counting)
    app = SeamworkApp(new_demo(tmp_path / "w.seamwork"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        systems = app.screen
        table = systems.query_one("SystemTable")
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert type(form).__name__ == "SystemForm"
        label = form.query("Label").first()
        assert styled.count(label) == 2  # mounted, then its screen's size classes (was 3)
        await pilot.press("escape")
        await settle(pilot)
        before = styled.count(table)
        for key in "12":
            await pilot.press(key)
            await settle(pilot)
        assert app.screen is systems
        assert styled.count(table) > before  # a screen coming back is restyled as before
