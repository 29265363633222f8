"""Workshop files for tests, built once per test process and copied: empty, demo, or your own.

Creating a workshop runs every Alembic migration and writing the demo imports a whole workshop;
done for each of several hundred tests that only need *a* file, that was most of the suite's
time. Here each file is built once per process (per xdist worker) into a private folder and
then copied with `shutil.copy` to where the test wants it:

    new_workshop(tmp_path / "acme.seamwork")   # as `open_workshop(path)` creates it, closed
    open_new(tmp_path / "acme.seamwork")       # the same, then opened: `with open_new(p) as w:`
    new_demo(tmp_path / "demo.seamwork")       # as `write_demo(path)` writes it
    cached(tmp_path / "acme.seamwork", build)  # whatever `build(path)` writes, built once

A copy is the file the product would have written at that path, byte for byte:

- keyed by the file's *name* (a new workshop is named after it) and by `SEAMWORK_NOW` (audit
  timestamps), so `acme.seamwork` under a pinned clock is never the copy of another file;
  with the clock not pinned, its audit rows carry the time the template was built, earlier in
  the same run, as if the file had been made a little before the test started;
- closed before it is copied: the last connection checkpoints the WAL and removes `-wal` and
  `-shm`, which is checked, so the copy is complete and a fresh copy has no sidecars;
- owner-only (0o600), as the product creates files: `shutil.copy` keeps the template's mode;
- not locked and not open anywhere.

Tests whose subject is creating, migrating or first-run (file permissions of a new file, the
`demo` command, upgrades) must keep calling `open_workshop`/`write_demo` themselves.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.workshop_file import WorkshopFile

SIDECARS = ("-wal", "-shm", "-journal")

_folder: Path | None = None
_built: dict[tuple[str, str, str | None], Path] = {}


def use_folder(folder: Path) -> None:
    """Build templates in `folder` (the session fixture passes a per-worker pytest folder)."""
    global _folder
    _folder = folder
    _built.clear()


def _templates() -> Path:
    global _folder
    if _folder is None:  # used outside the session fixture (a script, a REPL)
        _folder = Path(tempfile.mkdtemp(prefix="seamwork-templates-"))
    return _folder


def _empty(path: Path) -> None:
    from storage.workshop_file import open_workshop

    open_workshop(path).close()


def _demo(path: Path) -> None:
    from storage.demo import write_demo

    write_demo(path)


def cached(path: str | os.PathLike[str], build: Callable[[Path], object], key: str = "") -> Path:
    """Copy to `path` the file `build(template_path)` writes, built once per process.

    `build` must be deterministic and leave the file closed; `key` tells builders apart (it
    defaults to the builder's qualified name). `path` must not exist; its folder is created
    owner-only when missing, as `open_workshop` does.
    """
    target = Path(path)
    if target.exists() or target.is_symlink():
        raise FileExistsError(f"{target} already exists; a template is only copied to a new file.")
    if not key:
        if "<" in build.__qualname__:  # a lambda or a closure: its name says nothing of its file
            raise ValueError(f"Give a key for {build.__qualname__}: it names the template.")
        key = f"{build.__module__}.{build.__qualname__}"
    now = os.environ.get("SEAMWORK_NOW")
    template = _built.get((key, target.name, now))
    if template is None:
        template = _build(key, target.name, build)
        _built[(key, target.name, now)] = template
    if not target.parent.exists():
        target.parent.mkdir(mode=0o700, parents=True)
    shutil.copy(template, target)  # copies the mode too: 0o600 as created
    return target


def _build(key: str, name: str, build: Callable[[Path], object]) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="t-", dir=_templates()))
    template = folder / name
    try:
        build(template)
        left = [s for s in SIDECARS if template.with_name(template.name + s).exists()]
        if left:
            raise RuntimeError(f"Template {key} for {name} was left open ({', '.join(left)}).")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # a failed build is never used
        raise
    return template


def new_workshop(path: str | os.PathLike[str]) -> Path:
    """A migrated, empty workshop at `path`, as `open_workshop(path)` creates it (closed)."""
    return cached(path, _empty, "empty")


def new_demo(path: str | os.PathLike[str]) -> Path:
    """The demo workshop at `path`, as `write_demo(path)` writes it."""
    return cached(path, _demo, "demo")


def open_new(path: str | os.PathLike[str]) -> WorkshopFile:
    """`open_workshop(path)` for a workshop that does not exist yet: a new one, opened for
    editing (close it, or use `with`)."""
    from storage.workshop_file import open_workshop

    return open_workshop(new_workshop(path))
