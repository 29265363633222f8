"""Two saves of one field at once (issue 17): the second is asked, and nothing is lost.

The real app edits a system; between opening the form and pressing ctrl+s, a second engine
on the same file (another writer, "Ben Ode") changes the same field. The form then shows both
values and who, and does what the user picks: keep mine, take theirs, or go back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLE_SYSTEMS
from pilot_support import settle, until
from textual.widgets import Input, Label, Static

from storage.actor import acting_as
from storage.queries.systems import get_system, update_system
from storage.queries.undo import history
from storage.workshop_file import WorkshopFile, _engine, open_workshop
from tui.app import SeamworkApp
from tui.dialogs.edit_conflict import EditConflictDialog
from tui.dialogs.system_form import SystemForm

SIZE = (120, 36)


def ben_writes(path: Path, **values: object) -> None:
    """Another writer's save, through an engine of its own on the same file."""
    ben = WorkshopFile(path=path, engine=_engine(path, read_only=False))
    try:
        with ben.session() as session:
            acting_as(session, "Ben Ode")
            row = get_system(session, name="Mintsoft")
            assert row is not None and row.id is not None
            update_system(session, system_id=row.id, data=values)
    finally:
        ben.close()


def mintsoft(path: Path) -> tuple[str, str, int]:
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        row = get_system(session, name="Mintsoft")
        assert row is not None
        return row.owner, row.vendor, len(history(session))


async def clash(pilot, path: Path) -> EditConflictDialog:  # type: ignore[no-untyped-def]
    """Open Mintsoft's form (the first row), change its owner and vendor, let Ben change the
    owner, then save: the question that comes up."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    await pilot.press("e")
    await until(pilot, lambda: isinstance(app.screen, SystemForm))
    form = app.screen
    assert form.query_one("#name", Input).value == "Mintsoft"
    form.query_one("#owner", Input).value = "Warehouse team"
    form.query_one("#vendor", Input).value = "Access"
    ben_writes(path, owner="Logistics [b]lead[/b]")
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(app.screen, EditConflictDialog))
    return app.screen  # type: ignore[return-value]


@pytest.mark.parametrize("choice", ["mine", "theirs", "back"])
async def test_the_second_save_of_a_field_is_asked_and_nothing_is_lost(
    make_workshop, choice: str
) -> None:  # type: ignore[no-untyped-def]
    path = make_workshop(SAMPLE_SYSTEMS)
    steps_before = mintsoft(path)[2]
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await clash(pilot, path)
        text = " ".join(str(widget.render()) for widget in dialog.query(Static))
        # both values, literally (the markup in Ben's is text), and who changed theirs
        assert "“Logistics [b]lead[/b]”" in text and "“Warehouse team”" in text
        assert "Ben Ode at 20" in text and "Owner" in text
        assert "Vendor" not in text  # only Ben changed the owner: the vendor does not clash
        # nothing was written by the save that was asked
        assert mintsoft(path)[:2] == ("Logistics [b]lead[/b]", "Access Group")
        await pilot.press({"mine": "m", "theirs": "t", "back": "escape"}[choice])
        await until(pilot, lambda: not isinstance(app.screen, EditConflictDialog))
        if choice == "mine":  # saved over theirs, with the vendor, in one step
            await until(pilot, lambda: not isinstance(app.screen, SystemForm))
            assert mintsoft(path) == ("Warehouse team", "Access", steps_before + 2)
        elif choice == "theirs":  # the form shows theirs; saving keeps it and saves the rest
            form = app.screen
            assert isinstance(form, SystemForm)
            assert form.query_one("#owner", Input).value == "Logistics [b]lead[/b]"
            assert form.query_one("#vendor", Input).value == "Access"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: not isinstance(app.screen, SystemForm))
            assert mintsoft(path) == ("Logistics [b]lead[/b]", "Access", steps_before + 2)
        else:  # back in the form as typed, the sentence under it, nothing written
            form = app.screen
            assert isinstance(form, SystemForm)
            assert form.query_one("#owner", Input).value == "Warehouse team"
            error = str(form.query_one("#form-error", Label).render())
            assert "Ben Ode" in error and "Nothing was saved" in error
            assert mintsoft(path) == ("Logistics [b]lead[/b]", "Access Group", steps_before + 1)


async def test_a_system_deleted_meanwhile_is_one_sentence_and_nothing_written(make_workshop):
    from storage.queries.systems import delete_system

    path = make_workshop(SAMPLE_SYSTEMS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, SystemForm))
        form = app.screen
        form.query_one("#owner", Input).value = "Warehouse team"
        ben = WorkshopFile(path=path, engine=_engine(path, read_only=False))
        try:
            with ben.session() as session:
                row = get_system(session, name="Mintsoft")
                assert row is not None and row.id is not None
                delete_system(session, system_id=row.id)
        finally:
            ben.close()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        error = str(form.query_one("#form-error", Label).render())
        assert error == "That system no longer exists."
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        assert get_system(session, name="Mintsoft") is None
