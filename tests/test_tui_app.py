"""The app around the screens: fast start, the keymap, help and the command palette."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import SAMPLE_SYSTEMS
from pilot_support import palette, settle
from textual.binding import Binding
from textual.widgets import Input

from tui.app import SCREEN_KEYS, SeamworkApp
from tui.commands import palette_commands
from tui.dialogs.capture_line import CaptureLine
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.data_object_form import DataObjectForm
from tui.dialogs.export import ExportDialog
from tui.dialogs.flow_form import FlowForm
from tui.dialogs.help import HelpScreen, key_help
from tui.dialogs.import_file import ImportPathDialog, ImportPreviewDialog
from tui.dialogs.paste_systems import PasteSystemsDialog
from tui.dialogs.pick_name import PickNameDialog
from tui.dialogs.session_forms import MeetingForm
from tui.dialogs.system_form import SystemForm
from tui.screens.flows import FlowsScreen
from tui.screens.overview import OverviewScreen
from tui.screens.session import SessionScreen
from tui.screens.systems import SystemsScreen

SIZE = (120, 36)
HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "models.tables", "models.validation")


def test_importing_the_app_loads_nothing_heavy():
    """The first frame must not wait for SQLAlchemy/pydantic: every TUI module imports light."""
    code = textwrap.dedent(
        f"""
        import sys
        import tui.app, tui.commands, tui.labels
        import tui.screens.systems, tui.dialogs.system_form, tui.dialogs.paste_systems
        import tui.dialogs.confirm, tui.dialogs.help, tui.widgets.sortable_table
        import tui.screens.flows, tui.dialogs.flow_form, tui.dialogs.data_object_form
        import tui.dialogs.pick_name, tui.dialogs.import_file
        import tui.screens.scenarios, tui.dialogs.check_form, tui.dialogs.scenario_form
        import tui.dialogs.scenario_library
        import tui.screens.priorities, tui.dialogs.candidate_form, tui.dialogs.criterion_form
        import tui.dialogs.kpi_form, tui.dialogs.kpi_list, tui.dialogs.suggest_candidates
        import tui.dialogs.rationale
        import tui.screens.overview, tui.dialogs.export
        import tui.screens.session, tui.dialogs.session_forms, tui.dialogs.capture_line
        heavy = [m for m in sys.modules if m.split(".")[0] in {HEAVY!r} or m in {HEAVY!r}]
        storage = [m for m in sys.modules if m.startswith("storage.") and m != "storage.probe"]
        assert not heavy, heavy
        assert not storage, storage
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_only_built_screens_have_keys():
    """Keys 1..6 are design.md's; a key exists only once its screen does (no placeholders)."""
    keys = {b.key: b.action for b in Binding.make_bindings(SeamworkApp.BINDINGS)}
    assert keys["2"] == "goto('systems')"
    assert keys["3"] == "goto('flows')"
    for mode, (key, _title) in SCREEN_KEYS.items():
        assert (key in keys) == (mode in SeamworkApp.MODES), key
    assert set(SeamworkApp.MODES) == {
        "overview",
        "systems",
        "flows",
        "scenarios",
        "priorities",
        "session",
    }


def test_every_binding_has_a_description_a_tooltip_and_a_stable_id():
    classes = [
        SeamworkApp,
        SystemsScreen,
        SystemForm,
        ConfirmDialog,
        PasteSystemsDialog,
        HelpScreen,
        FlowsScreen,
        FlowForm,
        DataObjectForm,
        PickNameDialog,
        OverviewScreen,
        ExportDialog,
        ImportPathDialog,
        ImportPreviewDialog,
        SessionScreen,
        CaptureLine,
        MeetingForm,
    ]
    ids: dict[str, type] = {}
    for cls in classes:
        for binding in Binding.make_bindings(cls.BINDINGS):
            assert binding.description and binding.tooltip and binding.id, (cls, binding)
            owner = ids.setdefault(binding.id, cls)
            assert owner is cls, f"{binding.id} is used by {owner.__name__} and {cls.__name__}"


async def test_keys_of_screens_not_built_do_nothing(make_workshop):
    app = SeamworkApp(make_workshop(SAMPLE_SYSTEMS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")  # the first screen is the Overview
        await settle(pilot)
        screen = app.screen
        not_built = [key for mode, (key, _) in SCREEN_KEYS.items() if mode not in app.MODES]
        assert not_built == []  # all six exist now; the loop still checks a key stays put
        for key in (*not_built, "2"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen
            assert app.current_mode == "systems"


async def test_typing_a_screen_key_into_a_field_types_it(make_workshop):
    app = SeamworkApp(make_workshop(SAMPLE_SYSTEMS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("a")
        await pilot.press("2", "question_mark", "a", "d")
        await settle(pilot)
        assert isinstance(app.screen, SystemForm)
        assert app.screen.query_one("#name", Input).value == "2?ad"


async def test_help_lists_the_screen_bindings_and_the_global_keys(make_workshop):
    app = SeamworkApp(make_workshop(SAMPLE_SYSTEMS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.target.__class__ is SystemsScreen
        screen_keys = help_screen.query_one("#help-screen-keys").render().plain  # type: ignore[union-attr]
        for entry in key_help(app, SystemsScreen.BINDINGS):
            assert entry.description in screen_keys and entry.tooltip in screen_keys
        lines = screen_keys.splitlines()
        assert lines[0].split()[:2] == ["a", "Add"]
        assert any(line.split()[:3] == ["e", "enter", "Edit"] for line in lines)
        everywhere = help_screen.query_one("#help-global-keys").render().plain  # type: ignore[union-attr]
        for words in (
            ["2", "Systems"],
            ["?", "f1", "Help"],
            ["ctrl+p", "Commands"],
            ["ctrl+q", "Quit"],
        ):
            assert any(line.split()[: len(words)] == words for line in everywhere.splitlines())
        about = help_screen.query_one("#help-about").render().plain  # type: ignore[union-attr]
        assert "filters as you type" in about
        assert "Help · Systems" in str(help_screen.query_one("#help-box").border_title)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SystemsScreen)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")  # the same key closes it
        await settle(pilot)
        assert isinstance(app.screen, SystemsScreen)


async def test_help_over_a_dialog_describes_the_dialog(make_workshop):
    app = SeamworkApp(make_workshop(SAMPLE_SYSTEMS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#help-screen-keys").render().plain  # type: ignore[union-attr]
        assert "ctrl+s" in keys and "Save" in keys
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SystemForm)


def test_the_palette_offers_the_screens_and_the_system_actions():
    names = [command.name for command in palette_commands(SeamworkApp)]  # type: ignore[arg-type]
    assert names == [
        "Overview",
        "Systems",
        "Flows",
        "Scenarios",
        "Priorities",
        "Session",
        "Edit workshop details",
        "Add system",
        "Paste systems",
        "Add flow",
        "Add data object",
        "Data objects",
        "Apply scenario library",
        "Scenario library",
        "Show gaps",
        "Make candidate from marked flows",
        "Suggest candidates",
        "Add candidate",
        "KPIs",
        "Value versus effort chart",
        "Roadmap",
        "Scoring method",
        "Add session",
        "Change session",
        "Edit session",
        "Start next agenda item",
        "Pause or resume agenda timer",
        "Import a file…",
        "Export",
        "History",
        "Interface matrix",
    ]


async def test_palette_add_system_opens_the_form(make_workshop):
    app = SeamworkApp(make_workshop(SAMPLE_SYSTEMS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette(pilot, "Add system")
        assert isinstance(app.screen, SystemForm)


async def test_palette_systems_goes_to_the_systems_screen(make_workshop):
    app = SeamworkApp(make_workshop(SAMPLE_SYSTEMS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette(pilot, "Systems")
        assert isinstance(app.screen, SystemsScreen)


async def test_ctrl_q_quits_even_from_a_field(make_workshop):
    app = SeamworkApp(make_workshop(SAMPLE_SYSTEMS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_the_first_screen_is_the_overview_and_ctrl_e_exports_from_any_screen(make_workshop):
    app = SeamworkApp(make_workshop(SAMPLE_SYSTEMS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.current_mode == "overview"
        assert isinstance(app.screen, OverviewScreen)
        for key in ("3", "1"):
            await pilot.press(key)
            await settle(pilot)
            await pilot.press("ctrl+e")
            await settle(pilot)
            assert isinstance(app.screen, ExportDialog)
            await pilot.press("escape")
            await settle(pilot)
            assert not isinstance(app.screen, ExportDialog)


def test_only_the_first_screen_is_imported_with_the_app():
    """The other screens' modules load when their mode is first shown: the first frame is
    not kept waiting for them."""
    code = textwrap.dedent(
        """
        import sys
        import tui.app
        assert "tui.screens.overview" in sys.modules
        later = ("systems", "flows", "scenarios", "priorities")
        loaded = [name for name in later if f"tui.screens.{name}" in sys.modules]
        assert not loaded, loaded
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
