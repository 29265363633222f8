"""Build `tests/fixtures/rev0001.seamwork`: a workshop file at the first schema revision.

The file is committed and never rebuilt once a later revision exists: later migrations are
tested by opening it with the current code. Run from the repository root:

    python scripts/make_fixture.py [--force]
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storage.queries.systems import create_system, update_workshop  # noqa: E402
from storage.workshop_file import open_workshop  # noqa: E402

TARGET = ROOT / "tests" / "fixtures" / "rev0001.seamwork"
REVISION = "0001"

SYSTEMS = (
    {
        "name": "Shopify",
        "category": "e-commerce",
        "vendor": "Shopify",
        "lifecycle": "live",
        "hosting": "saas",
        "api": "rest",
        "criticality": 5,
        "owner": "Head of e-commerce",
    },
    {
        "name": "Sage X3",
        "category": "erp",
        "vendor": "Sage",
        "hosting": "on-premise",
        "api": "soap",
        "criticality": 5,
        "notes": "Stock master",
    },
    {
        "name": "Zoé Café Kassensystem",
        "category": "other",
        "vendor": "Ümlaut GmbH",
        "lifecycle": "retiring",
        "notes": "Unicode: 東京 Ελληνικά emoji 🚚",
    },
    {
        "name": "[red]Markup[/] [@click=app.quit]",
        "category": "custom",
        "lifecycle": "planned",
        "notes": "[b]not bold[/b] and a lone [/",
    },
)


def build(target: Path) -> None:
    with open_workshop(target, revision=REVISION) as workshop, workshop.session() as session:
        update_workshop(
            session,
            data={
                "name": "Fixture at revision 0001",
                "client": "Fixture Ltd",
                "notes": "Do not edit.",
            },
        )
        for system in SYSTEMS:
            create_system(session, data=system)
    # One self-contained file: fold the WAL in and leave rollback-journal mode.
    connection = sqlite3.connect(target)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
    finally:
        connection.close()
    for suffix in ("-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)


def main(argv: list[str]) -> int:
    if TARGET.exists() and "--force" not in argv:
        print(f"{TARGET} exists; pass --force to rebuild it.", file=sys.stderr)
        return 2
    TARGET.unlink(missing_ok=True)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    build(TARGET)
    print(f"Wrote {TARGET.relative_to(ROOT)} at revision {REVISION}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
