"""`seamwork serve` in a real headless Chromium, for tests and scripts/export_browser_screenshot.py.

The operating system's Chromium (`apt-get install -y chromium`) driven by Playwright; Playwright's
own browser download is never used. The page draws the terminal on a canvas (xterm.js), so the
text is read from xterm's own buffer: textual-serve's script keeps its `Terminal` in a closure,
and an init script catches it as it is stored (`this.terminal = ...`) by a setter on
`Object.prototype` that steps aside at once. Rows are read with xterm's public API
(`buffer.active.getLine(y).translateToString()`): what the canvas shows, cell for cell.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = "install it with: apt-get install -y chromium (and pip install -e '.[test]')"
VIEWPORT = {"width": 1280, "height": 800}
START_WAIT = 60.0  # seconds for the server to print its address (a loaded machine)
CONTENT_WAIT = 90.0  # seconds for the page to show what is awaited (an app start, loaded)

TRAP = """
window.__seamworkTerminals = [];
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal",
      {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.buffer.active) window.__seamworkTerminals.push(value);
  },
});
"""

SCREEN_TEXT = """() => {
  const terminal = window.__seamworkTerminals && window.__seamworkTerminals[0];
  if (!terminal) return "";
  const buffer = terminal.buffer.active, rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""

SHOWS = (
    "([shown, gone]) => { const text = (" + SCREEN_TEXT + ")();"
    " return shown.every((p) => new RegExp(p, 'm').test(text))"
    " && !gone.some((p) => new RegExp(p, 'm').test(text)); }"
)


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        return f"Chromium is not installed; {INSTALL_HINT}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return f"Playwright for Python is not installed; {INSTALL_HINT}"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    """A running `seamwork serve`: its process, the address it printed and what it said."""

    process: subprocess.Popen[str]
    url: str
    lines: list[str] = field(default_factory=list)

    def stop(self) -> int:
        """ctrl+c, as a person would; the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


@contextmanager
def serving(target: Path | str, *extra: str, cwd: Path | None = None) -> Iterator[Served]:
    """`seamwork serve TARGET --port FREE EXTRA...` until the block ends (then ctrl+c)."""
    port = free_port()
    command = [sys.executable, "-m", "tui", "serve", str(target), "--port", str(port), *extra]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if "http://" in line:
                found.set()
        found.set()

    threading.Thread(target=read, daemon=True).start()
    served: Served | None = None
    try:
        found.wait(START_WAIT)
        match = next((re.search(r"http://\S+/", line) for line in lines if "http" in line), None)
        assert match is not None, f"seamwork serve printed no address: {lines}"
        served = Served(process, match.group(0), lines)
        yield served
    finally:
        if served is not None:
            status = served.stop()
            assert status == 0, f"seamwork serve exited {status}: {lines}"
        elif process.poll() is None:
            process.kill()
            process.wait()


@dataclass
class Browser:
    """One page in a headless Chromium, on a served app."""

    page: Any
    requests: list[str]

    def text(self) -> str:
        return str(self.page.evaluate(SCREEN_TEXT))

    def wait_for(
        self, *patterns: str, gone: Sequence[str] = (), timeout: float = CONTENT_WAIT
    ) -> str:
        """Wait until every regular expression matches the terminal's text and none of
        `gone` does (checked in the page at each frame); that text."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        arg = [list(patterns), list(gone)]
        try:
            self.page.wait_for_function(SHOWS, arg=arg, timeout=timeout * 1000)
        except PlaywrightTimeout:
            raise AssertionError(
                f"the page never showed {patterns!r} without {list(gone)!r}; it shows:\n"
                f"{self.text()}"
            ) from None
        return self.text()

    def press(self, *keys: str) -> None:
        self._focus()
        for key in keys:
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self._focus()
        self.page.keyboard.type(text)

    def _focus(self) -> None:
        """Keys go to xterm's input element, as after a click on the terminal (a click itself
        would reach the app as a mouse event)."""
        self.page.focus(".xterm-helper-textarea")

    def screenshot(self, path: Path) -> None:
        self.page.screenshot(path=str(path))


@contextmanager
def browsing(url: str, *, viewport: dict[str, int] | None = None) -> Iterator[Browser]:
    """A fresh headless Chromium (its own user-data folder) on `url`."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="seamwork-chromium-") as profile:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile,
                executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                args=CHROMIUM_ARGS,
                viewport=viewport or VIEWPORT,
            )
            try:
                page = context.new_page()
                requests: list[str] = []
                page.on("request", lambda request: requests.append(request.url))
                page.add_init_script(TRAP)
                page.goto(url)
                yield Browser(page, requests)
            finally:
                context.close()


def counted(label: str, count: int) -> str:
    """A pattern for the Overview's `Label      N` (any run of spaces between)."""
    return rf"{re.escape(label)}\s+{count}\b"


def overview_patterns(name: str, counts: Sequence[tuple[str, int]]) -> list[str]:
    return [re.escape(name), *(counted(label, count) for label, count in counts)]
