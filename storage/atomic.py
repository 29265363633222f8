"""Writing export files so a reader never sees half of one and a crash never leaves one.

Temporary files and folders are made beside their target, named `.NAME.PID.…`: the process id
says whether their writer still runs, so what a killed export or start left behind (client
data, half written) is removed by the next one (`abandoned`), and nothing a running one is
writing is touched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


def writer_alive(pid: int) -> bool:
    """Whether process `pid` still runs (a process of another user counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def temporary_prefix(target: Path) -> str:
    """`.NAME.PID.`: the start of every temporary name this process makes for `target`."""
    return f".{target.name}.{os.getpid()}."


def abandoned(target: Path) -> Iterator[Path]:
    """The temporary files and folders beside `target` whose writer is no longer running."""
    prefix = f".{target.name}."
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        pid = entry.name[len(prefix) :].split(".", 1)[0]
        if pid.isdigit() and not writer_alive(int(pid)):
            yield entry


def remove(entry: Path) -> None:
    """Remove a leftover file or folder; one that cannot be removed stays (it is reported by
    nothing: the export itself goes on)."""
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        entry.unlink(missing_ok=True)


def write_atomically(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    The rename is atomic on one file system, which is why the temporary file is in the same
    folder. The file is owner-only, like workshops: exports hold the same client data. What a
    killed export to `path` left is removed first.
    """
    target = Path(path)
    for leftover in abandoned(target):
        remove(leftover)
    fd, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=temporary_prefix(target), suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
