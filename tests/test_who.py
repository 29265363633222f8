"""Whose edits these are: SEAMWORK_USER, else the account's full name, else its login."""

from __future__ import annotations

import os
import pwd

from tui.who import actor_from_environment


def test_seamwork_user_comes_first() -> None:
    assert actor_from_environment({"SEAMWORK_USER": "  Ana Ruiz "}) == "Ana Ruiz"


def test_else_the_accounts_full_name_or_login() -> None:
    entry = pwd.getpwuid(os.getuid())
    expected = entry.pw_gecos.split(",")[0].strip() or entry.pw_name
    assert actor_from_environment({"SEAMWORK_USER": " "}) == expected


def test_the_command_line_records_the_name_on_each_step(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from storage.actor import current_actor, set_actor
    from storage.queries.undo import history
    from storage.workshop_file import open_workshop
    from tui.cli import main

    before = current_actor()
    monkeypatch.setenv("SEAMWORK_USER", "Ana Ruiz")
    try:
        path = tmp_path / "w.seamwork"
        source = tmp_path / "in.json"
        source.write_text('{"format": "seamwork/1", "systems": [{"name": "Xero"}]}')
        assert main(["import", str(path), str(source)]) == 0
        with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
            assert history(session)[0].actor == "Ana Ruiz"
    finally:
        set_actor(before)
