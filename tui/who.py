"""Whose edits these are: the name the audit trail records for this process (issue 17).

`SEAMWORK_USER` if set, else the account's full name (the first part of the password
database's GECOS field), else its login name. Read once, by the entry point, and handed to
storage (`storage.actor.set_actor`); storage never reads the environment for it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

ENV_VAR = "SEAMWORK_USER"


def actor_from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """The name to record, or None when neither the environment nor the account gives one."""
    environ = os.environ if environ is None else environ
    given = environ.get(ENV_VAR, "").strip()
    if given:
        return given
    try:
        import pwd

        entry = pwd.getpwuid(os.getuid())
    except (ImportError, KeyError, OSError):  # no password database (Windows, a bare container)
        entry = None
    if entry is not None:
        full = entry.pw_gecos.split(",")[0].strip()
        if full:
            return full
        if entry.pw_name:
            return entry.pw_name
    for name in ("LOGNAME", "USER", "USERNAME"):
        if environ.get(name, "").strip():
            return environ[name].strip()
    return None


__all__ = ["ENV_VAR", "actor_from_environment"]
