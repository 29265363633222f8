"""Workshops on a PostgreSQL server: the commands work on a URL exactly as on a file, the
workshops of one database never see each other's rows, the migrations build the same schema,
and every way a URL can be unusable is one sentence and exit 2, nothing written, no password.

The server is the run's own (tests/postgres_server.py); every test has a database of its own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import engines
import psycopg
import pytest
from conftest import run_cli

from storage.location import LocationError, ServerLocation, parse_location
from storage.probe import HEAD_REVISION, WorkshopFileError
from storage.workshop_file import open_workshop

TEXT_FORMATS = ("json", "md", "mermaid")


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1).split("?", 1)[0]


def _demo_json(tmp_path: Path) -> Path:
    from storage.demo import demo_document

    source = tmp_path / "demo.json"
    source.write_text(json.dumps(demo_document(), ensure_ascii=False))
    return source


# --- the commands, on both engines ----------------------------------------------------------


def test_import_export_check_and_priorities(
    workshop_at: Any, engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Import into a new workshop, then every export format, check and priorities read it."""
    where = workshop_at("acme")
    code, out, err = run_cli(capsys, "import", where, _demo_json(tmp_path))
    assert code == 0, err
    assert "Imported 10 systems (10 new)" in out
    from tui.cli import EXPORT_FORMATS

    done = []
    for fmt, name in (("json", "o.json"), ("md", "o.md"), ("html", "o.html"), ("csv", "o-csv"),
                      ("xlsx", "o.xlsx"), ("mermaid", "o.mmd"), ("archimate-xml", "o.xml"),
                      ("archi-csv", "o-archi")):  # fmt: skip
        target = tmp_path / name
        code, out, err = run_cli(capsys, "export", where, "-f", fmt, "-o", target)
        assert (code, err) == (0, ""), fmt
        assert target.exists() and (target.is_dir() or target.stat().st_size > 0), fmt
        done.append(fmt)
    assert sorted(done) == sorted(EXPORT_FORMATS)  # every format
    document = json.loads((tmp_path / "o.json").read_text())
    assert len(document["systems"]) == 10 and len(document["flows"]) == 24
    code, out, _ = run_cli(capsys, "check", where, "-f", "json")
    assert code == 1  # the demo has blockers
    assert {"SCENARIO-GAP", "SOT-CONFLICT"} <= {f["code"] for f in json.loads(out)["findings"]}
    code, out, _ = run_cli(capsys, "priorities", where, "-f", "json")
    assert code == 0 and len(json.loads(out)["candidates"]) == 6


def test_exports_of_a_server_workshop_equal_the_files(
    server_database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: Any
) -> None:
    """The same document imported into a file and into a server workshop exports the same
    bytes in every text format, CSV, HTML and both ArchiMate formats, and check and
    priorities say the same."""
    monkeypatch.setenv("SEAMWORK_NOW", "2026-11-25T09:00:00+00:00")  # the audit's times
    source = _demo_json(tmp_path)
    file = tmp_path / "acme.seamwork"
    url = f"{server_database}?workshop=acme2"
    for where in (file, url):
        assert run_cli(capsys, "import", where, source)[0] == 0
    for argv in [("export", "-f", fmt) for fmt in TEXT_FORMATS] + [
        ("check", "-f", "json"),
        ("priorities", "-f", "json"),
        ("check",),
    ]:
        on_file = run_cli(capsys, argv[0], file, *argv[1:])
        on_server = run_cli(capsys, argv[0], url, *argv[1:])
        assert on_server == on_file, argv
    for where, folder in ((file, tmp_path / "f-csv"), (url, tmp_path / "s-csv")):
        assert run_cli(capsys, "export", where, "-f", "csv", "-o", folder)[0] == 0
    for table in sorted((tmp_path / "f-csv").iterdir()):
        assert (tmp_path / "s-csv" / table.name).read_bytes() == table.read_bytes(), table.name
    for fmt, name in (("html", "x.html"), ("archimate-xml", "x.xml"), ("archi-csv", "x-archi")):
        for where, side in ((file, "f"), (url, "s")):
            target = tmp_path / f"{side}-{name}"
            assert run_cli(capsys, "export", where, "-f", fmt, "-o", target)[0] == 0, fmt
        made = tmp_path / f"f-{name}"
        for one in sorted(made.iterdir()) if made.is_dir() else [made]:
            twin = tmp_path / f"s-{name}" / one.name if made.is_dir() else tmp_path / f"s-{name}"
            assert twin.read_bytes() == one.read_bytes(), (fmt, one.name)


def test_html_and_xlsx_default_to_the_workshops_name_in_the_working_folder(
    server_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, "export", f"{server_database}?workshop=demo", "-f", "html")
    assert (code, err) == (0, "")
    assert (tmp_path / "demo.html").exists() and "demo.html" in out


def test_an_import_that_fails_leaves_no_workshop_behind(
    server_database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "seamwork/1", "systems": [{"name": ""}]}))
    code, _, err = run_cli(capsys, "import", f"{server_database}?workshop=fresh", bad)
    assert code == 2 and err.count("\n") == 1
    assert "seamwork_fresh" not in engines.schemas(server_database)


# --- workshops, schemas and migrations ------------------------------------------------------


def test_workshops_in_one_database_never_see_each_others_rows(server_database: str) -> None:
    from storage.queries.systems import create_system, list_systems

    first, second = (f"{server_database}?workshop={name}" for name in ("north", "south"))
    with open_workshop(first) as workshop, workshop.session() as session:
        create_system(session, data={"name": "Shopify"})
    with open_workshop(second) as workshop, workshop.session() as session:
        assert list_systems(session) == []
        create_system(session, data={"name": "Xero"})
    with open_workshop(first, read_only=True) as workshop, workshop.session() as session:
        assert [system.name for system in list_systems(session)] == ["Shopify"]
    assert {"seamwork_north", "seamwork_south"} <= engines.schemas(server_database)


def test_a_new_workshop_is_created_whole_and_named_after_itself(server_database: str) -> None:
    from storage.queries.systems import get_workshop

    with open_workshop(f"{server_database}?workshop=globex") as workshop:
        assert workshop.created and not workshop.read_only
        assert workshop.where.startswith("127.0.0.1:") and workshop.where.endswith(" · globex")
        with workshop.session() as session:
            assert get_workshop(session).name == "globex"
    with open_workshop(f"{server_database}?workshop=globex") as again:
        assert not again.created


def test_migrations_build_the_tables_schema_on_postgresql(server_database: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import models.tables  # noqa: F401

    with open_workshop(f"{server_database}?workshop=fresh") as workshop:
        with workshop.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            diff = compare_metadata(context, SQLModel.metadata)
            version = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            assert version.scalar() == HEAD_REVISION
    # Server defaults and the names PostgreSQL gives constraints differ from the models'.
    kinds = {entry[0] if isinstance(entry, tuple) else entry[0][0] for entry in diff}
    assert not kinds & {"add_table", "remove_table", "add_column", "remove_column"}, diff


def test_a_workshop_at_the_previous_revision_upgrades_when_opened(server_database: str) -> None:
    """A workshop made at 0008 on the server opens at head with its rows kept, and writes
    move the change count its triggers keep."""
    url = f"{server_database}?workshop=older"
    with open_workshop(url, revision="0008") as workshop:
        with workshop.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO system (name, name_key, category) "
                "VALUES ('Shopify', 'shopify', 'e-commerce')"
            )
            assert "change_count" not in set(
                row[0]
                for row in connection.exec_driver_sql(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                )
            )
    from storage.queries.systems import create_system, list_systems

    with open_workshop(url) as workshop:
        with workshop.session() as session:
            assert [(s.name, s.category) for s in list_systems(session)] == [
                ("Shopify", "e-commerce")
            ]
        before = workshop.stamp()
        with workshop.session() as session:
            create_system(session, data={"name": "Xero"})
        assert workshop.stamp() != before
        with workshop.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def test_a_read_only_workshop_refuses_writes_on_the_server_too(server_database: str) -> None:
    from storage.errors import ReadOnlyError
    from storage.queries.systems import create_system

    with open_workshop(f"{server_database}?workshop=acme", read_only=True) as workshop:
        assert workshop.read_only
        with pytest.raises(ReadOnlyError), workshop.session() as session:
            create_system(session, data={"name": "Xero"})


# --- unusable URLs: one sentence, exit 2, nothing written, no password ----------------------


def _one_sentence(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run_cli(capsys, *argv)
    assert code == 2, (argv, out, err)
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert "sekret" not in err and "sekret" not in out
    return err


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("postgresql://u:sekret@host:port/db?workshop=acme", "not a well-formed"),
        ("postgresql://u:sekret@host/db", "names no workshop"),
        ("postgresql://u:sekret@host/db?workshop=", "names no workshop"),
        ("postgresql://u:sekret@host/db?workshop=Acme-1", "cannot name a workshop"),
        ("postgresql://u:sekret@host/?workshop=acme", "names no database"),
        ("postgresql+asyncpg://u:sekret@host/db?workshop=acme", 'driver "asyncpg"'),
        ("mysql://u:sekret@host/db?workshop=acme", '"mysql" is not a kind of URL'),
    ],
)
def test_a_malformed_url_is_one_sentence(
    url: str, words: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    for argv in (("check", url), ("export", url, "-f", "json"), ("priorities", url)):
        assert words in _one_sentence(capsys, *argv)
    source = tmp_path.parent / "empty.json"
    source.write_text('{"format": "seamwork/1"}')
    assert words in _one_sentence(capsys, "import", url, source)
    assert list(tmp_path.iterdir()) == []  # no file made of a URL
    with pytest.raises(LocationError):
        parse_location(url)


def test_an_unreachable_server_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"postgresql://u:sekret@127.0.0.1:{_free_port()}/db?workshop=acme"
    err = _one_sentence(capsys, "check", url)
    assert "cannot reach a PostgreSQL server at 127.0.0.1" in err


def test_a_wrong_password_is_one_sentence(
    server_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = re.sub(r"://([^:]+):[^@]*@", r"://\1:sekret@", server_database)
    try:
        psycopg.connect(_libpq(wrong)).close()
        pytest.skip("this server does not check passwords")
    except psycopg.OperationalError:
        pass
    err = _one_sentence(capsys, "priorities", f"{wrong}?workshop=acme")
    assert "refused the user name or password" in err


def test_a_database_that_does_not_exist_is_one_sentence(
    server_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = server_database.rsplit("/", 1)[0] + "/no_such_db?workshop=acme"
    err = _one_sentence(capsys, "export", missing, "-f", "json")
    assert 'the database "no_such_db" does not exist' in err


def test_a_missing_workshop_is_one_sentence_for_reading(
    server_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (("export", "-f", "json"), ("check",), ("priorities",)):
        url = f"{server_database}?workshop=nobody"
        err = _one_sentence(capsys, argv[0], url, *argv[1:])
        assert "there is no such workshop on the server" in err
    assert "seamwork_nobody" not in engines.schemas(server_database)


def test_a_schema_of_another_program_is_refused_untouched(
    server_database: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with psycopg.connect(_libpq(server_database), autocommit=True) as connection:
        connection.execute("CREATE SCHEMA seamwork_billing")
        connection.execute("CREATE TABLE seamwork_billing.invoice (id int)")
        connection.execute("INSERT INTO seamwork_billing.invoice VALUES (7)")
    url = f"{server_database}?workshop=billing"
    err = _one_sentence(capsys, "import", url, _demo_json(tmp_path))
    assert "holds another program's tables, not a Seamwork workshop" in err
    assert "another program" in _one_sentence(capsys, "check", url)
    with pytest.raises(WorkshopFileError, match="another program"):
        open_workshop(url)
    with psycopg.connect(_libpq(server_database)) as connection:
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'seamwork_billing'"
        ).fetchall()
        assert tables == [("invoice",)]
        assert connection.execute("SELECT id FROM seamwork_billing.invoice").fetchall() == [(7,)]


def test_the_location_never_shows_the_password() -> None:
    location = parse_location(
        "postgresql://ana:sekret@db.example:5433/firm?workshop=acme&sslmode=require"
    )
    assert isinstance(location, ServerLocation)
    assert str(location) == "db.example:5433/firm · acme"
    assert location.schema == "seamwork_acme"
    assert "workshop" not in location.url and "sslmode=require" in location.url
    assert location.url.startswith("postgresql+psycopg://ana:sekret@")
    assert "sekret" not in repr(str(location))
    assert isinstance(parse_location("postgres-notes.seamwork"), Path)


# The app on a URL: the Pilot tests of each screen's main path run on both engines (the
# `engine` fixture: grep `workshop_at`/`fresh_at` in tests/test_tui_*.py).
