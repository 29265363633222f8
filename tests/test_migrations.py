"""The migrations and the SQLModel tables must describe the same schema.

If a table is changed without a migration (or the other way round), files made by older
versions would open into a schema the code does not expect.
"""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import models.tables  # noqa: F401  (registers every table on SQLModel.metadata)
from storage.probe import HEAD_REVISION, SCHEMA_REVISIONS
from storage.workshop_file import MIGRATIONS, open_workshop


def test_migrated_schema_matches_the_tables(tmp_path: Path) -> None:
    workshop = open_workshop(tmp_path / "w.seamwork")
    try:
        with workshop.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": False, "render_as_batch": True}
            )
            diff = compare_metadata(context, SQLModel.metadata)
    finally:
        workshop.close()
    ignored = {"alembic_version"}
    diff = [d for d in diff if not (d[0] == "remove_table" and d[1].name in ignored)]
    assert diff == []


def test_probe_knows_every_revision_in_order() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    chain = [rev.revision for rev in script.walk_revisions()][::-1]
    assert tuple(chain) == SCHEMA_REVISIONS
    assert script.get_current_head() == HEAD_REVISION
