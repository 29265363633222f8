"""Shared fixtures. TUI tests drive the real app on real workshop files in `tmp_path`.

Workshop files are copies of ones built once per worker (`workshop_templates`): the fixtures
`make_workshop(systems=..., name=...)` and `make_demo(name=...)` give one in `tmp_path`;
`new_workshop(path)`, `new_demo(path)`, `open_new(path)` and `cached(path, build, key)` put
one anywhere. Only tests about creating files (first run, migrations, the `demo` command)
call `open_workshop` or `write_demo` on a new path themselves.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import postgres_server
import pytest
import workshop_templates as workshop_templates_module
from hypothesis import HealthCheck, settings
from workshop_templates import cached, new_demo, new_workshop

from tui.screens.panel_screen import KEY_BAR_AFTER as REAL_KEY_BAR_AFTER

SystemData = Mapping[str, Any]

# Property tests measure no time: a loaded machine (the suite runs in parallel, beside other
# work) must not fail them for being slow. Each test's own @settings still apply on top.
settings.register_profile("seamwork", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("seamwork")

# A small, fixed estate for TUI tests: names chosen so every sortable column orders differently.
SAMPLE_SYSTEMS: tuple[dict[str, Any], ...] = (
    {
        "name": "Shopify",
        "category": "e-commerce",
        "vendor": "Shopify",
        "owner": "Head of e-commerce",
        "lifecycle": "live",
        "api": "rest",
        "criticality": 5,
    },
    {
        "name": "Sage X3",
        "category": "erp",
        "vendor": "Sage",
        "owner": "Finance director",
        "lifecycle": "live",
        "api": "soap",
        "criticality": 4,
    },
    {
        "name": "Mintsoft",
        "category": "warehouse",
        "vendor": "Access Group",
        "owner": "Operations",
        "lifecycle": "implementing",
        "api": "rest",
        "criticality": 3,
    },
    {
        "name": "Xero",
        "category": "finance",
        "vendor": "Xero",
        "owner": "CFO",
        "lifecycle": "retiring",
        "api": "rest",
        "criticality": 1,
    },
)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` (pyproject's addopts): two workers per CPU, at most eight.

    A pilot test spends most of its time waiting for the app to go idle (Textual's pilot polls
    every 20 ms), so one worker per CPU leaves them half idle: on the 2-CPU CI machine, quiet,
    the suite took 4 min 40 s with 2 workers and 3 min 10 s with 4.
    """
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(2 * (cpus or 1), 8)


# --- PostgreSQL: one server for the run, a database per test -----------------------------------

NO_SERVER = "SEAMWORK_TEST_NO_POSTGRESQL"  # why there is none (for the skips)


def pytest_configure(config: pytest.Config) -> None:
    """Start the run's PostgreSQL server in the controller, before xdist spawns its workers:
    they find its URL in the environment. A URL given from outside is used as it is."""
    config.addinivalue_line(
        "markers",
        "files_only(reason): a test about workshop files as files (locks, permissions, WAL, "
        "backups, the SQLite bytes), not run on the PostgreSQL server; the reason says why",
    )
    if os.environ.get("PYTEST_XDIST_WORKER") or os.environ.get(postgres_server.ENV):
        return
    if os.environ.get(NO_SERVER):
        return
    started = postgres_server.start()
    if isinstance(started, str):
        os.environ[NO_SERVER] = started
        return
    config.stash[_SERVER] = started
    os.environ[postgres_server.ENV] = started.url


def pytest_unconfigure(config: pytest.Config) -> None:
    server = config.stash.get(_SERVER, None)
    if server is not None:
        server.stop()
        os.environ.pop(postgres_server.ENV, None)


_SERVER = pytest.StashKey["postgres_server.LocalServer"]()


@pytest.fixture(scope="session")
def postgres(worker_id: str) -> postgres_server.Workshops:
    """This worker's handle on the run's server (its template database), or a skip saying why
    there is no server."""
    url = os.environ.get(postgres_server.ENV)
    if not url:
        pytest.skip(f"no PostgreSQL for these tests: {os.environ.get(NO_SERVER, 'not started')}")
    return postgres_server.Workshops(url, worker_id.replace("-", "_"))


def _empty_on_server(url: str) -> None:
    from storage.workshop_file import open_workshop

    open_workshop(url).close()


def _demo_on_server(url: str) -> None:
    from storage.demo import write_demo

    write_demo(url)


@pytest.fixture
def server_database(postgres: postgres_server.Workshops) -> Iterator[str]:
    """A database of this test's own, a copy of the worker's template (its workshops `acme`,
    empty, and `demo`); the URL without `?workshop=`."""
    postgres.template("acme", _empty_on_server, first=True)
    postgres.template("demo", _demo_on_server, first=True)
    url = postgres.database()
    yield url
    postgres.drop(url)


@pytest.fixture(params=["file", "postgresql"])
def engine(request: pytest.FixtureRequest) -> str:
    """Run the test on a workshop file and on a workshop on the PostgreSQL server."""
    marker = request.node.get_closest_marker("files_only")
    if marker is not None:  # a contradiction in the test itself, never a silent half
        raise pytest.UsageError(f"{request.node.nodeid} is files_only but asks for an engine")
    return str(request.param)


@pytest.fixture
def workshop_at(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Callable[..., str]:
    """`workshop_at(name, demo=False, systems=())` -> where a new workshop lives, as the command
    line takes it: a file in `tmp_path`, or a URL on the test server (in this test's database).

    Either way it is a copy of a template built once per worker (a file copied, or a schema in
    one of the worker's template databases, copied with the whole database), so a test made
    for both engines runs no migration of its own. A name first asked for after the test's
    database was copied, or in another template than that one, is built in place (slower)."""

    def make(name: str = "acme", *, demo: bool = False, systems: Iterable[SystemData] = ()) -> str:
        if engine == "file":
            path = tmp_path / f"{name}.seamwork"
            if demo:
                new_demo(path)
            else:
                write_workshop(path, systems)  # copied with its systems from a template
                systems = ()
            where = str(path)
        else:
            postgres: postgres_server.Workshops = request.getfixturevalue("postgres")
            build = _demo_on_server if demo else _empty_on_server
            postgres.template(name, build, want=True)
            base = request.getfixturevalue("server_database")
            postgres.forget_wanted()  # the test's database was made before, or just now
            where = f"{base}?workshop={name}"
            if postgres.holds.get(base, {}).get(name) != postgres.kind(build):
                from storage.location import parse_url
                from storage.server import drop_workshop

                drop_workshop(parse_url(where))  # the other kind of `name`, if any
                build(where)
        if systems:
            _add_systems(where, systems)
        return where

    return make


@pytest.fixture
def place(workshop_at: Callable[..., str]) -> Callable[..., str]:
    """`place(name, demo=False)` -> this test's workshop `name` (a path or URL): made empty, or
    as the demo, by `workshop_at` the first time it is asked for, the same one after that."""
    made: dict[str, str] = {}

    def at(name: str, *, demo: bool = False) -> str:
        if name not in made:
            made[name] = workshop_at(name, demo=demo)
        return made[name]

    return at


@pytest.fixture
def fresh_at(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[str], str]:
    """`fresh_at(name)` -> where a workshop named `name` could be made and none is yet: a path
    in `tmp_path`, or a URL in this test's database; for tests whose subject is making one
    (`write_demo`, a first import)."""

    def place(name: str) -> str:
        if engine == "file":
            return str(tmp_path / f"{name}.seamwork")
        postgres: postgres_server.Workshops = request.getfixturevalue("postgres")
        base = request.getfixturevalue("server_database")
        where = f"{base}?workshop={name}"
        if name in postgres.holds.get(base, {}):
            from storage.location import parse_url
            from storage.server import drop_workshop

            drop_workshop(parse_url(where))
        return where

    return place


@pytest.fixture(scope="module", params=["file", "postgresql"])
def shared_engine(request: pytest.FixtureRequest) -> str:
    """`engine` for a module's shared workshops (`shared_at`): module-scoped, so a workshop the
    module's tests only read is built once per engine, not once per test."""
    return str(request.param)


@pytest.fixture(scope="module")
def shared_at(
    shared_engine: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Callable[..., str]]:
    """`shared_at(name, demo=False)` -> a new workshop (empty, or the demo) for the module's
    tests to share: a file in a folder of the module's own, or a URL in a database of the
    module's own on the test server (dropped after the module). Made under the clock the
    caller pinned (`SEAMWORK_NOW`), as `workshop_templates` does. Its tests must leave it as
    they found it; one that writes takes its own from `workshop_at`."""
    folder = tmp_path_factory.mktemp("shared")
    databases: list[str] = []
    postgres: postgres_server.Workshops | None = None
    made: set[str] = set()

    def make(name: str = "acme", *, demo: bool = False) -> str:
        nonlocal postgres
        if name in made:
            raise ValueError(f"shared_at({name!r}) was made already in this module")
        made.add(name)
        if shared_engine == "file":
            path = folder / f"{name}.seamwork"
            (new_demo if demo else new_workshop)(path)
            return str(path)
        build = _demo_on_server if demo else _empty_on_server
        if postgres is None:
            postgres = request.getfixturevalue("postgres")
        # Under a pinned clock it is built in place, as a file's template is built per clock:
        # a server template's audit rows carry the time it was built.
        pinned = bool(os.environ.get("SEAMWORK_NOW"))
        if not databases:
            if not pinned:
                postgres.template(name, build, want=True)  # the first one comes with the copy
            databases.append(postgres.database())
        base = databases[0]
        where = f"{base}?workshop={name}"
        if pinned or postgres.holds.get(base, {}).get(name) != postgres.kind(build):
            from storage.location import parse_url
            from storage.server import drop_workshop

            drop_workshop(parse_url(where))
            build(where)
        return where

    yield make
    if postgres is not None:
        for base in databases:
            postgres.drop(base)


@pytest.fixture(scope="session", autouse=True)
def template_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Build the template workshops of `workshop_templates` in this worker's own temp folder."""
    workshop_templates_module.use_folder(tmp_path_factory.mktemp("templates"))


@pytest.fixture(autouse=True)
def key_bars_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A main screen's key bar comes `KEY_BAR_AFTER` (0.3 s) after it shows, so a key pressed
    as it shows comes first. Tests measure layouts and take snapshots at whatever moment their
    steps reach, which on a loaded machine may fall either side of that: here the bar comes
    right after the screen's first frame, so what they see does not depend on the machine.
    The tests of the delay itself put it back (`real_key_bar_delay`)."""
    import tui.screens.panel_screen as panel_screen

    monkeypatch.setattr(panel_screen, "KEY_BAR_AFTER", 0.0)


@pytest.fixture
def real_key_bar_delay(monkeypatch: pytest.MonkeyPatch) -> float:
    """The app's own `KEY_BAR_AFTER`, for the tests of what it is for."""
    import tui.screens.panel_screen as panel_screen

    monkeypatch.setattr(panel_screen, "KEY_BAR_AFTER", REAL_KEY_BAR_AFTER)
    return REAL_KEY_BAR_AFTER


@pytest.fixture(autouse=True)
def notification_history(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every notification an app raises, for `pilot_support.notified(app)`.

    `app._notifications` drops a notification once its 3-8 s are up, so a test asserting on
    one raised several steps earlier depended on how fast the machine ran those steps.
    """
    from textual.notifications import Notification, Notifications

    add = Notifications.add

    def keep(self: Notifications, notification: Notification) -> Notifications:
        self.__dict__.setdefault("history", []).append(notification)
        return add(self, notification)

    monkeypatch.setattr(Notifications, "add", keep)


def write_workshop(path: Path, systems: Iterable[SystemData] = ()) -> Path:
    """A new workshop file at `path` holding `systems`, closed: a copy of one built once per
    worker for the same systems (most TUI tests start from SAMPLE_SYSTEMS, and adding them
    through storage, audited, cost a tenth of a TUI test's time)."""
    systems = [dict(data) for data in systems]
    if not systems:
        return new_workshop(path)
    said = json.dumps(systems, sort_keys=True, default=str)
    key = "systems:" + hashlib.sha256(said.encode()).hexdigest()
    return cached(path, lambda template: _add_systems(new_workshop(template), systems), key)


def _add_systems(where: str | Path, systems: Iterable[SystemData]) -> None:
    """Add `systems` to the workshop at `where` (a path or a URL), through storage."""
    from storage.queries.systems import create_system
    from storage.workshop_file import open_workshop

    with open_workshop(where) as workshop, workshop.session() as session:
        for data in systems:
            create_system(session, data=dict(data))


@pytest.fixture
def make_workshop(tmp_path: Path) -> Callable[..., Path]:
    """`make_workshop(systems=..., name=...)` -> the path of a new, closed workshop file."""

    def make(systems: Iterable[SystemData] = (), name: str = "acme") -> Path:
        return write_workshop(tmp_path / f"{name}.seamwork", systems)

    return make


@pytest.fixture
def make_demo(tmp_path: Path) -> Callable[..., Path]:
    """`make_demo(name=...)` -> the path of a new copy of the demo workshop, `NAME.seamwork`."""

    def make(name: str = "demo") -> Path:
        return new_demo(tmp_path / f"{name}.seamwork")

    return make


def system_names(path: Path | str) -> list[str]:
    """The systems' names in the workshop at `path` (a file or URL), read afresh (read-only),
    sorted by name."""
    from storage.queries.systems import list_systems
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return [system.name for system in list_systems(session)]


@pytest.fixture
def read_names() -> Callable[[Path], list[str]]:
    return system_names


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """The demo in a folder nobody may write (permission bits count, even for root)."""
    from workshop_templates import new_demo

    folder = tmp_path / "shared"
    folder.mkdir()
    path = new_demo(folder / "demo.seamwork")
    folder.chmod(0o555)
    yield path
    folder.chmod(0o755)


@pytest.fixture
def fixed_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work in a fresh `tmp_path` with `SEAMWORK_NOW` pinned, for snapshots.

    The header shows the file's path, so a snapshot test opens its file by a relative name in
    `tmp_path` made the working directory: the header (and an export's destination) reads e.g.
    `demo.seamwork` on every machine, without the app needing a test-only "display name".
    """
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SEAMWORK_NOW", "2026-11-25T09:00:00+00:00")


@pytest.fixture
def cursors_do_not_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cursors that never start blinking, so a snapshot cannot catch one mid-blink.

    Turning blinking off after a widget mounts races its blink timer; Textual has no setting
    for it, so the reactive's default is changed for the test (textual is pinned exactly).
    """
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input.cursor_blink, "_default", False)
    monkeypatch.setattr(TextArea.cursor_blink, "_default", False)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """Run `seamwork ARGV` in this process: its exit code, standard output and error."""
    from tui.cli import main

    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err
