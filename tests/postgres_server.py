"""A throw-away PostgreSQL server for the test run, and a workshop (schema) per test.

The controller starts one server before pytest-xdist spawns its workers and hands its URL to
them in `SEAMWORK_TEST_DATABASE_URL` (a URL given from outside is used instead, and nothing is
started). The server is Debian's binaries (`initdb`, `pg_ctl`, found on PATH or under
/usr/lib/postgresql/*/bin); run as root, they run as the `postgres` user. Connections over
TCP need the password (scram), so a wrong one is refused as on a real server; the data
folder lives in a temp folder and is removed afterwards, with the server stopped.

Each test gets its own workshop: a clone of a template schema built once per worker (running
every migration takes a third of a second; copying the tables a few milliseconds less than
that, so the template is cloned through PostgreSQL's own `CREATE TABLE ... (LIKE ...)`).
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ENV = "SEAMWORK_TEST_DATABASE_URL"
DATABASE = "seamwork_test"


@dataclass
class LocalServer:
    folder: Path
    bin: Path
    user: str | None  # the user the server runs as (None: this one)
    url: str

    def stop(self) -> None:
        data = str(self.folder / "data")
        try:
            _run(self, [str(self.bin / "pg_ctl"), "-D", data, "-m", "immediate", "stop"])
        except (OSError, subprocess.SubprocessError):
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


def _binaries() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def _run(server: LocalServer, argv: list[str]) -> None:
    if server.user is not None:
        argv = ["runuser", "-u", server.user, "--", *argv]
    subprocess.run(argv, check=True, capture_output=True, timeout=60)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start() -> LocalServer | str:
    """A running server, or why none could be started (a sentence for the skip)."""
    binaries = _binaries()
    if binaries is None:
        return "no PostgreSQL server binaries (initdb) on this machine and no " + ENV
    user = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "initdb refuses to run as root and there is no postgres user"
        user = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="seamwork-pg-"))
    password = secrets.token_hex(8)
    port = _free_port()
    server = LocalServer(folder, binaries, user, "")
    try:
        if user is not None:
            shutil.chown(folder, user)
        (folder / "pw").write_text(password + "\n")
        if user is not None:
            shutil.chown(folder / "pw", user)
        _run(server, [str(binaries / "initdb"), "-D", str(folder / "data"), "-U", "postgres",
                      "--auth-local=trust", "--auth-host=scram-sha-256",
                      f"--pwfile={folder / 'pw'}", "-E", "UTF8", "--locale=C"])  # fmt: skip
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        _run(server, [str(binaries / "pg_ctl"), "-D", str(folder / "data"), "-o", options,
                      "-l", str(folder / "log"), "-w", "-t", "60", "start"])  # fmt: skip
        _run(server, [str(binaries / "createdb"), "-h", str(folder), "-p", str(port),
                      "-U", "postgres", DATABASE])  # fmt: skip
    except (OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return f"could not start a PostgreSQL server ({exc})"
    server.url = f"postgresql://postgres:{password}@127.0.0.1:{port}/{DATABASE}"
    return server


class Workshops:
    """Workshops on the test server: each test's own database, a copy of this worker's
    template database (PostgreSQL's `CREATE DATABASE ... TEMPLATE`: ~40 ms, where running
    every migration takes ~300 ms), holding the workshops the template was given."""

    def __init__(self, url: str, worker: str) -> None:
        from urllib.parse import urlsplit, urlunsplit

        self.url = url
        parts = urlsplit(url)
        self._base = lambda database: urlunsplit(parts._replace(path=f"/{database}"))
        self._template = f"seamwork_template_{worker}"
        self._worker = worker
        self._count = 0
        self._admin = self._connect()
        self._admin.execute(f'DROP DATABASE IF EXISTS "{self._template}" WITH (FORCE)')
        self._admin.execute(f'CREATE DATABASE "{self._template}"')
        # PostgreSQL 15 copies a template block by block through the WAL by default: 100 to
        # 800 ms for a template holding a dozen workshops, where copying its files takes ~60.
        version = int(self._admin.execute("SHOW server_version_num").fetchone()[0])
        self._copy = " STRATEGY = FILE_COPY" if version >= 150000 else ""
        # Template databases, each with its workshops (name -> what built it): a name wanted
        # both empty and as the demo (`acme`) goes into a second one rather than being built
        # again for every test.
        self._templates: list[tuple[str, dict[str, str]]] = [(self._template, {})]
        self._wanted: str | None = None
        self.holds: dict[str, dict[str, str]] = {}  # a test database's URL -> its workshops

    def _connect(self):  # type: ignore[no-untyped-def]
        import psycopg

        return psycopg.connect(self._libpq(self.url), autocommit=True)

    @staticmethod
    def _libpq(url: str) -> str:
        return url.replace("postgresql+psycopg://", "postgresql://", 1)

    @staticmethod
    def kind(build) -> str:  # type: ignore[no-untyped-def]
        return str(getattr(build, "__qualname__", repr(build)))

    def template(self, name: str, build, *, want: bool = False, first: bool = False) -> None:  # type: ignore[no-untyped-def]
        """Give a template database the workshop `name`, made by `build(url)` once. `want`:
        the next `database()` is a copy of the template holding it. `first`: in the first
        template, the one copied when none is wanted."""
        kind = self.kind(build)
        found = next((db for db, names in self._templates if names.get(name) == kind), None)
        if found is None:
            # A template database of its own (or, for `first`, the first one's): a test's
            # copy takes the files of every workshop in its template (~60 ms for one, 100-550
            # ms for ten, more on a loaded machine), so no template fills up with names only
            # other tests want.
            if first:
                database, names = self._templates[0]
            else:
                database = f"{self._template}_{len(self._templates)}"
                self._admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
                self._admin.execute(f'CREATE DATABASE "{database}"')
                names = {}
                self._templates.append((database, names))
            build(f"{self._base(database)}?workshop={name}")
            names[name] = kind
            found = database
        if want:
            self._wanted = found

    def database(self) -> str:
        """A new database copied from a template (the one last wanted, else the first); its
        URL without a workshop."""
        template, names = next(
            ((db, names) for db, names in self._templates if db == self._wanted),
            self._templates[0],
        )
        self._wanted = None
        self._count += 1
        name = f"seamwork_t_{self._worker}_{self._count}"
        self._admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{self._copy}')
        url = self._base(name)
        self.holds[url] = dict(names)
        return url

    def forget_wanted(self) -> None:
        self._wanted = None

    def drop(self, url_without_workshop: str) -> None:
        database = url_without_workshop.rsplit("/", 1)[1].split("?", 1)[0]
        self.holds.pop(url_without_workshop, None)
        self._admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
