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
def kept_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where this test's runs keep their parsed rules (`keep_on_disk`): a new, empty place."""
    path = tmp_path / "cache" / "stylesheet.pickle"
    monkeypatch.setattr(tui.stylesheet, "cache_file", lambda: path)
    return path


def new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stylesheet module as a new process finds it: nothing parsed, the disk not read."""
    monkeypatch.setattr(tui.stylesheet, "_parsed", LRUCache(tui.stylesheet.THEMES_KEPT))
    monkeypatch.setattr(tui.stylesheet, "_tokens", LRUCache(tui.stylesheet.THEMES_KEPT))
    monkeypatch.setattr(tui.stylesheet, "_on_disk", None)
    monkeypatch.setattr(tui.stylesheet, "_parsed_here", False)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch, kept_file: Path) -> list[str]:
    """The sources Textual's parser is given, as they are given, starting from a process that
    has parsed nothing yet (the app keeps what it parsed for the next app), with nothing kept
    on disk."""
    new_process(monkeypatch)
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
        await pilot.press("4")  # a mode's first screen: Textual posts it two resumes
        await settle(pilot)
        summary = app.screen.query_one("#scenarios-count")
        # Mounted, its screen's size classes on already (`SIZED_BEFORE_MOUNT`): was 3 times.
        assert styled.count(summary) == 1


async def open_and_close(path: Path) -> SeamworkApp:
    """The app on `path` until its Add system form is up (a screen and a form's own CSS)."""
    app = SeamworkApp(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2", "a")
        await settle(pilot)
    return app


async def test_the_rules_parsed_are_kept_on_disk_for_the_next_start(
    tmp_path, monkeypatch, parsed, kept_file
):
    ours = (Path(tui.__file__).parent / "seamwork.tcss").read_text(encoding="utf-8")
    path = new_demo(tmp_path / "w.seamwork")
    await open_and_close(path)
    assert parsed.count(ours) == 1
    tui.stylesheet.keep_on_disk()  # as the app does when it quits (`tui.cli`)
    assert kept_file.exists()
    first = len(parsed)

    new_process(monkeypatch)  # the next start
    app = await open_and_close(path)
    assert len(parsed) == first  # nothing parsed: every source read back
    assert isinstance(app.stylesheet, KeptStylesheet)
    written = kept_file.stat().st_mtime_ns
    tui.stylesheet.keep_on_disk()
    assert kept_file.stat().st_mtime_ns == written  # nothing new: not written again

    new_process(monkeypatch)  # a source of other text (a newer app's) is parsed, the rest not
    edited = "Toast { padding: 0 2; }"
    monkeypatch.setattr(SeamworkApp, "CSS", edited)
    await open_and_close(path)
    assert parsed.count(edited) == 1
    assert parsed.count(ours) == 1


async def test_rules_kept_by_another_textual_or_damaged_are_parsed_again(
    tmp_path, monkeypatch, parsed, kept_file
):
    ours = (Path(tui.__file__).parent / "seamwork.tcss").read_text(encoding="utf-8")
    path = new_demo(tmp_path / "w.seamwork")
    await open_and_close(path)
    tui.stylesheet.keep_on_disk()
    made_by = tui.stylesheet._made_by
    monkeypatch.setattr(tui.stylesheet, "_made_by", lambda: ("another Textual",))
    new_process(monkeypatch)
    await open_and_close(path)
    assert parsed.count(ours) == 2  # not read back: made by another Textual

    monkeypatch.setattr(tui.stylesheet, "_made_by", made_by)
    for damage in (b"", b"not a pickle", kept_file.read_bytes()[:500]):
        kept_file.write_bytes(damage)
        new_process(monkeypatch)
        before = parsed.count(ours)
        app = await open_and_close(path)
        assert parsed.count(ours) == before + 1  # parsed, and the app runs as ever
        assert app.return_code in (None, 0)
        tui.stylesheet.keep_on_disk()  # and written whole again
        new_process(monkeypatch)
        assert tui.stylesheet._from_disk()


def test_a_place_that_cannot_be_written_keeps_nothing_and_says_nothing(monkeypatch, tmp_path):
    blocked = tmp_path / "a file"
    blocked.write_text("")
    monkeypatch.setattr(tui.stylesheet, "cache_file", lambda: blocked / "stylesheet.pickle")
    new_process(monkeypatch)
    monkeypatch.setattr(tui.stylesheet, "_parsed_here", True)
    stylesheet = KeptStylesheet(variables={"accent": "red"})
    stylesheet.add_source(CSS, read_from=("test", "CSS"))
    stylesheet.parse()
    tui.stylesheet.keep_on_disk()  # no error
    assert list(tmp_path.iterdir()) == [blocked]
