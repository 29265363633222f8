"""`seamwork serve` and `seamwork --read-only` on the command line: every mistake is one sentence
and exit status 2 before anything listens or is written (the browser itself:
tests/test_serve_browser.py)."""

from __future__ import annotations

import os
import socket
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest

import tui.serve
from tui.cli import _check_serves as check_serves
from tui.cli import main
from tui.serve import app_command, page_url, public, shown_target, without_password


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_missing_workshop_is_refused_and_not_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "nowhere.seamwork"
    code, out, err = run(capsys, "serve", str(path))
    assert (code, out) == (2, "")
    assert err == f"seamwork: {path} does not exist.\n"
    assert list(tmp_path.iterdir()) == []


def test_a_file_of_another_program_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "notes.seamwork"
    path.write_text("not a database, just notes\n")
    code, out, err = run(capsys, "serve", str(path))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "not a Seamwork workshop" in err
    assert path.read_text() == "not a database, just notes\n"


@pytest.mark.parametrize("port", ["eighty", "0", "70000", "-1"])
def test_a_bad_port_is_one_sentence(
    capsys: pytest.CaptureFixture[str], make_workshop: Callable[..., Path], port: str
) -> None:
    path = make_workshop()
    code, out, err = run(capsys, "serve", str(path), "--port", port)
    assert (code, out) == (2, "")
    assert err == f'seamwork: --port takes a number from 1 to 65535, not "{port}".\n'


def test_a_busy_port_is_one_sentence(
    capsys: pytest.CaptureFixture[str], make_workshop: Callable[..., Path]
) -> None:
    path = make_workshop()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run(capsys, "serve", str(path), "--port", str(port))
    assert (code, out) == (2, "")
    assert err == (
        f"seamwork: port {port} on 127.0.0.1 is in use already; choose another with --port.\n"
    )


def test_an_address_not_of_this_machine_is_one_sentence(
    capsys: pytest.CaptureFixture[str], make_workshop: Callable[..., Path]
) -> None:
    path = make_workshop()
    code, out, err = run(capsys, "serve", str(path), "--host", "192.0.2.1", "--port", "8999")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "seamwork: warning: 192.0.2.1 is not this machine alone: anyone who can reach port "
        "8999 can see this workshop.",
        "seamwork: cannot listen on 192.0.2.1: it is not an address of this machine.",
    ]


def test_the_apps_it_starts_open_the_target_as_given() -> None:
    """A path goes through unchanged (and after --, so a name like -x.seamwork is a name); so
    would any target the app accepts."""
    command = app_command("-odd name.seamwork", edit=False)
    assert command.endswith("-m tui --read-only -- '-odd name.seamwork'")
    assert command.startswith(sys.executable)
    assert "--read-only" not in app_command("a.seamwork", edit=True)


def test_loopback_is_private_and_everything_else_public() -> None:
    assert not any(public(host) for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"))
    assert all(public(host) for host in ("0.0.0.0", "::", "10.1.2.3", "example.org"))
    assert page_url("::1", 8000) == "http://[::1]:8000/"
    assert page_url("0.0.0.0", 80) == f"http://{socket.gethostname()}:80/"


def test_a_password_in_a_url_is_never_printed() -> None:
    shown = shown_target("postgresql://ana:s3cret@db.example/acme?workshop=x")
    assert shown == "postgresql://ana:***@db.example/acme?workshop=x"
    assert shown_target("acme.seamwork") == "acme.seamwork"


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, bool]]:
    """Stands in for `tui.app`: what the app would have opened, and whether read-only."""
    calls: list[tuple[Path, bool]] = []

    def run_app(path: Path, *, read_only: bool = False) -> int:
        calls.append((path, read_only))
        return 0

    monkeypatch.setitem(sys.modules, "tui.app", types.SimpleNamespace(run_app=run_app))
    return calls


def test_read_only_opens_the_app_read_only(
    capsys: pytest.CaptureFixture[str],
    make_workshop: Callable[..., Path],
    opened: list[tuple[Path, bool]],
) -> None:
    path = make_workshop()
    assert run(capsys, "--read-only", str(path))[0] == 0
    assert run(capsys, "--read-only", "--", str(path))[0] == 0
    assert run(capsys, str(path))[0] == 0
    assert opened == [(path, True), (path, True), (path, False)]


@pytest.mark.parametrize(
    ("argv", "sentence"),
    [
        (["--read-only", "{missing}"], "seamwork: {missing} does not exist."),
        (
            ["--read-only", "check"],
            "seamwork: --read-only applies to opening the app (seamwork --read-only PATH), not "
            'to "check"; see seamwork --help.',
        ),
    ],
)
def test_read_only_mistakes_are_one_sentence(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    opened: list[tuple[Path, bool]],
    argv: list[str],
    sentence: str,
) -> None:
    missing = str(tmp_path / "missing.seamwork")
    code, out, err = run(capsys, *(word.format(missing=missing) for word in argv))
    assert (code, out, opened) == (2, "", [])
    assert err == sentence.format(missing=missing) + "\n"
    assert list(tmp_path.iterdir()) == []


def test_only_serve_loads_the_web_server() -> None:
    """textual-serve and aiohttp load for `seamwork serve` only: the app and the other
    commands start no slower for them."""
    import subprocess

    probe = (
        "import sys, tui.cli, tui.app; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'textual_serve')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]"


def test_the_apps_command_lines_never_hold_a_password(monkeypatch: pytest.MonkeyPatch) -> None:
    """Anyone on the machine can list processes: the apps get the password from libpq's
    PGPASSWORD in their environment instead."""
    url = "postgresql://ana:s%40cret@db.example/acme?workshop=x"
    given, password = without_password(url)
    assert (given, password) == ("postgresql://ana@db.example/acme?workshop=x", "s@cret")
    assert "cret" not in app_command(given, edit=True)
    assert without_password("acme.seamwork") == ("acme.seamwork", None)
    started: list[str] = []
    monkeypatch.setattr(tui.serve, "_serve", lambda command, *args: _record(started, command))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    assert tui.serve.serve(url, host="127.0.0.1", port=1, edit=False, say=print) == 0
    assert "cret" not in started[0] and "ana@db.example" in started[0]
    assert os.environ["PGPASSWORD"] == "s@cret"
    monkeypatch.delenv("PGPASSWORD")


async def _record(started: list[str], command: str) -> int:
    started.append(command)
    return 0


def test_a_server_workshop_is_checked_before_anything_listens(
    capsys: pytest.CaptureFixture[str], server_database: str
) -> None:
    missing = f"{server_database}?workshop=nowhere"
    code, out, err = run(capsys, "serve", missing)
    assert (code, out) == (2, "")
    assert "there is no such workshop on the server" in err and err.count("\n") == 1
    check_serves(f"{server_database}?workshop=demo", edit=True)  # exists: no sentence
