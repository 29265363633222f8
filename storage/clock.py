"""The time storage stamps rows with, and the day the rules judge as of.

Standard library only: `storage.findings_cache` (read before the rest of storage loads) keys
its cache by the same day the rules use.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime


def utc_now() -> str:
    """Now, as ISO 8601 UTC. `SEAMWORK_NOW` pins it, for reproducible screenshots and tests."""
    pinned = os.environ.get("SEAMWORK_NOW")
    if pinned:
        return pinned
    return datetime.now(UTC).isoformat(timespec="seconds")


def today() -> str:
    """Today's date (UTC) as ISO text, from `utc_now` so `SEAMWORK_NOW` pins it."""
    return utc_now()[:10]
