"""Where a workshop lives: a `.seamwork` file, or a schema on a PostgreSQL server.

Where a path is accepted, a URL is too: `postgresql://user[:password]@host[:port]/db?workshop=acme`
(`postgresql+psycopg://` also). Anything written `scheme://...` is read as a URL, so a mistyped
scheme is refused in one sentence rather than made into a file of that name; anything else is
a path, as before. Standard library only: the command line tells the two apart before storage
loads.

The `workshop` query parameter is Seamwork's: it names the workshop and is removed before the
URL goes to the driver (every other parameter, `sslmode` and the rest, passes through). Each
workshop is one PostgreSQL schema, `seamwork_` + its name, so many share one database without
seeing each other's rows. A name is 1 to 40 of a-z, 0-9 and `_`, starting with a letter: it
then needs no quoting anywhere and fits PostgreSQL's 63-byte identifiers with the prefix.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

SCHEMA_PREFIX = "seamwork_"
WORKSHOP_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
SCHEMES = {"postgresql": "postgresql+psycopg", "postgresql+psycopg": "postgresql+psycopg"}


class LocationError(ValueError):
    """A URL Seamwork cannot use; `str()` is one sentence, never showing a password."""


@dataclass(frozen=True)
class ServerLocation:
    """A workshop on a PostgreSQL server. `url` is what the driver gets (password included,
    never shown); `str()` is where it lives for titles and messages, without the password."""

    url: str
    workshop: str
    host: str
    database: str

    @property
    def schema(self) -> str:
        return SCHEMA_PREFIX + self.workshop

    @property
    def name(self) -> str:
        """The workshop's name, as a file's stem names a new workshop."""
        return self.workshop

    def __str__(self) -> str:
        return f"{self.host}/{self.database} · {self.workshop}"


Location = Path | ServerLocation


def is_url(text: str | os.PathLike[str]) -> bool:
    """Whether `text` is written as a URL (`scheme://`) rather than a path."""
    return isinstance(text, str) and _URL.match(text) is not None


def masked(text: str) -> str:
    """`text` with any password in a URL's user part replaced by `***`."""
    return re.sub(r"(://[^:/@?#]*):[^@/?#]*@", r"\1:***@", text)


def parse_location(text: str | os.PathLike[str] | ServerLocation) -> Location:
    """A path as a `Path` (`~` expanded), a URL as a `ServerLocation`; `LocationError` for a
    URL that cannot be used."""
    if isinstance(text, ServerLocation):
        return text
    if not is_url(text):
        return Path(text).expanduser()
    return parse_url(str(text))


def parse_url(text: str) -> ServerLocation:
    """A PostgreSQL URL with its `workshop` parameter as a `ServerLocation`."""
    from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

    shown = masked(text)
    scheme = text.split("://", 1)[0].lower()
    if scheme not in SCHEMES:
        if scheme.startswith("postgresql+"):
            raise LocationError(
                f'{shown}: the driver "{scheme.split("+", 1)[1]}" is not supported; '
                "Seamwork uses psycopg (postgresql:// or postgresql+psycopg://)."
            )
        raise LocationError(
            f'{shown}: "{scheme}" is not a kind of URL Seamwork opens; give a workshop file '
            "or a postgresql:// URL."
        )
    try:
        parts = urlsplit(text)
        port = parts.port
        pairs = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    except ValueError:
        raise LocationError(f"{shown} is not a well-formed PostgreSQL URL.") from None
    database = unquote(parts.path.lstrip("/"))
    if not database or "/" in database:
        raise LocationError(f"{shown} names no database (postgresql://user@host/DATABASE?...).")
    names = [value for key, value in pairs if key == "workshop"]
    if not names or not names[0]:
        raise LocationError(f"{shown} names no workshop; add ?workshop=NAME to the URL.")
    if len(names) > 1:
        raise LocationError(f"{shown} names more than one workshop.")
    workshop = names[0]
    if not WORKSHOP_NAME.fullmatch(workshop):
        raise LocationError(
            f'"{workshop}" cannot name a workshop on a server: use 1 to 40 lower-case letters, '
            "digits or _, starting with a letter."
        )
    rest = [(key, value) for key, value in pairs if key != "workshop"]
    netloc = parts.netloc
    url = urlunsplit((SCHEMES[scheme], netloc, quote(database), urlencode(rest), parts.fragment))
    host = parts.hostname or dict(rest).get("host") or "localhost"
    if port is not None:
        host = f"{host}:{port}"
    return ServerLocation(url=url, workshop=workshop, host=host, database=database)
