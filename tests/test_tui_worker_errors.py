"""A screen's worker that fails is reported by the app, not dropped: a worker's state changes
go to the node that ran it and do not bubble, so each screen hands failures on."""

from __future__ import annotations

import pytest
from pilot_support import SIZE, demo, settle

from tui.app import SeamworkApp


@pytest.mark.parametrize(
    ("module", "function", "key"),
    [
        ("storage.queries.readiness", "load_readiness", None),  # the Overview, the first screen
        ("storage.queries.scenarios", "check_progress", "4"),
        ("storage.queries.priorities", "load_priorities", "5"),
    ],
)
async def test_a_failed_load_is_said(tmp_path, monkeypatch, module, function, key):
    import importlib

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(importlib.import_module(module), function, broken)
    app = SeamworkApp(demo(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if key is not None:
            await pilot.press(key)
            await settle(pilot)
        notices = [str(n.message) for n in app._notifications]
        assert notices.count("Something went wrong: the disk is on fire") == 1
