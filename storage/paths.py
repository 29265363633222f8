"""Where workshops live by default, without importing SQLAlchemy.

`seamwork` with no arguments needs this before its first frame; `storage.workshop_file` holds
the same function but importing it costs most of a second (SQLModel, SQLAlchemy).
"""

from __future__ import annotations

from pathlib import Path


def default_workshop_path() -> Path:
    """`user_data_dir("seamwork")/default.seamwork`; `open_workshop` makes the folder owner-only."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("seamwork", appauthor=False)) / "default.seamwork"
