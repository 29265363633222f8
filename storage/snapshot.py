"""Read a whole workshop into plain values (`models.snapshot.WorkshopData`) without writing."""

from __future__ import annotations

from sqlmodel import Session, col, select

from models.snapshot import WorkshopData
from models.tables import SYSTEM_FIELDS, WORKSHOP_FIELDS, System, SystemBase, Workshop, WorkshopBase


def read_workshop(session: Session) -> WorkshopBase:
    """The workshop's details; a file whose row was removed by hand reads as a default one.

    Unlike `storage.systems.get_workshop` this never adds the row, so it works read-only.
    """
    row = session.exec(select(Workshop).order_by(col(Workshop.id))).first()
    if row is None:
        return WorkshopBase(name="Workshop")
    return WorkshopBase.model_validate({field: getattr(row, field) for field in WORKSHOP_FIELDS})


def sort_key(name: str) -> tuple[str, str]:
    """How systems (and later every named entity) are ordered in exports: caseless, then exact."""
    return (name.casefold(), name)


def read_systems(session: Session) -> list[System]:
    return sorted(session.exec(select(System)).all(), key=lambda system: sort_key(system.name))


def load_snapshot(session: Session) -> WorkshopData:
    """Everything the pure rules read, as validated values, sorted by name."""
    return WorkshopData(
        workshop=read_workshop(session),
        systems=tuple(
            SystemBase.model_validate({field: getattr(row, field) for field in SYSTEM_FIELDS})
            for row in read_systems(session)
        ),
    )
