"""`seamwork serve`: the app in web browsers, one app process per browser (textual-serve).

textual-serve's `Server` starts a process running a command for every websocket that connects
and relays the terminal between them; its handlers are reused here, but not its page or its
`serve()`: the page (tui/serve_page/index.html) fetches nothing from other hosts (textual-serve's
loads its font from Google), and the server is started here so that a busy port is one
sentence before any address is printed, and ctrl+c closes every browser's app before exiting.

Imported only by `seamwork serve` (aiohttp and textual-serve load nowhere else).
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import os
import shlex
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit, urlunsplit

if TYPE_CHECKING:
    from aiohttp import web

PAGE = Path(__file__).with_name("serve_page") / "index.html"
STOP_WAIT = 10.0  # seconds the browsers' apps get to quit when the server stops


class ServeError(Exception):
    """The server could not start; `str()` is the sentence to show."""


def public(host: str) -> bool:
    """Whether listening on `host` lets other machines in (anything but a loopback address)."""
    if host.lower() == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return True  # a host name: whatever it resolves to, it is not known to be loopback


def page_url(host: str, port: int) -> str:
    """The address to open: a wildcard host is shown as this machine's name."""
    shown = host.strip("[]")
    if shown in ("0.0.0.0", "::", ""):
        shown = socket.gethostname()
    elif ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def shown_target(target: str) -> str:
    """The workshop as the command line may print it: a URL's password masked."""
    if "://" not in target:
        return target
    parts = urlsplit(target)
    if parts.password is None:
        return target
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def app_command(target: str, *, edit: bool) -> str:
    """The shell command each browser's app runs: this Python, this Seamwork, the target as
    given (a path is read from the server's folder, which the app inherits)."""
    words = [sys.executable, "-m", "tui", *([] if edit else ["--read-only"]), "--", target]
    return shlex.join(words)


def without_password(target: str) -> tuple[str, str | None]:
    """A URL's password taken out of it (and the password), so that it is not on the command
    line of every browser's app, where anyone on the machine who lists processes would see it;
    the apps get it from libpq's `PGPASSWORD` in their environment instead."""
    if "://" not in target:
        return target, None
    parts = urlsplit(target)
    if parts.password is None:
        return target, None
    netloc = parts.netloc.replace(f":{parts.password}@", "@", 1)
    return urlunsplit(parts._replace(netloc=netloc)), unquote(parts.password)


def serve(target: str, *, host: str, port: int, edit: bool, say: Callable[[str], None]) -> int:
    """Serve until SIGINT or SIGTERM (ctrl+c), then close every browser's app; exit status 0.
    Raises `ServeError` when the address cannot be listened on."""
    given, password = without_password(target)
    if password is not None:
        os.environ["PGPASSWORD"] = password  # the apps inherit it; their command lines don't
    return asyncio.run(_serve(app_command(given, edit=edit), target, host, port, edit, say))


def _bind_problem(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is in use already; choose another with --port."
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port}; choose one above 1023 with --port."
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {host}: it is not an address of this machine."
    if isinstance(exc, socket.gaierror):
        return f'cannot listen on "{host}": no such host.'
    return f"cannot listen on {host} port {port}: {exc.strerror or exc}."


async def _serve(
    command: str, target: str, host: str, port: int, edit: bool, say: Callable[[str], None]
) -> int:
    from aiohttp import web
    from textual_serve.server import Server

    relay = Server(command, host=host, port=port, title="Seamwork")
    sessions: set[asyncio.Task[object]] = set()

    async def index(request: web.Request) -> web.StreamResponse:
        return web.FileResponse(PAGE, headers={"Cache-Control": "no-store"})

    async def websocket(request: web.Request) -> web.StreamResponse:
        task = asyncio.current_task()
        assert task is not None
        sessions.add(task)
        try:
            return await relay.handle_websocket(request)
        finally:
            sessions.discard(task)

    app = web.Application()
    app.add_routes(
        [
            web.get("/", index),
            web.get("/ws", websocket),
            web.get("/download/{key}", relay.handle_download),
            web.static("/static", relay.statics_path),
        ]
    )
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        await runner.cleanup()
        raise ServeError(_bind_problem(exc, host, port)) from None

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stop.set)
    mode = "for editing" if edit else "read-only"
    say(f"Serving {shown_target(target)} {mode}: open {page_url(host, port)} (ctrl+c stops).")
    try:
        await stop.wait()
    finally:
        for task in list(sessions):  # each closes its app as it ends (AppService.stop)
            task.cancel()
        if sessions:
            await asyncio.wait(list(sessions), timeout=STOP_WAIT)
        await runner.cleanup()
    say("Stopped.")
    return 0
