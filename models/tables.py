"""The SQLModel tables, and the input models forms and imports validate through.

Table models do not validate on construction, so every write goes through a `*Base` model first
(`SystemBase.model_validate(...)`); storage then copies the clean values onto the table row.
"""

from __future__ import annotations

from typing import Any

from pydantic import field_validator
from sqlalchemy import String
from sqlmodel import Field, SQLModel

from models.enums import Api, Category, Hosting, Lifecycle
from models.names import NAME_MAX, clean_name, name_key

TEXT_MAX = 10_000


def _text(value: Any) -> str:
    """Free text: None becomes empty, surrounding whitespace goes."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError("must be text")
    if len(value) > TEXT_MAX:
        raise ValueError(f"is too long (at most {TEXT_MAX} characters)")
    return value.strip()


class WorkshopBase(SQLModel):
    """The engagement a file is about."""


    name: str = Field(default="Untitled workshop", max_length=200)
    client: str = ""
    facilitator: str = ""
    notes: str = ""

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return clean_name(value)

    @field_validator("client", "facilitator", "notes", mode="before")
    @classmethod
    def _free_text(cls, value: Any) -> str:
        return _text(value)


class Workshop(WorkshopBase, table=True):
    id: int | None = Field(default=None, primary_key=True)


class SystemBase(SQLModel):
    """A business system in the client's estate."""

    name: str = Field(sa_type=String(NAME_MAX))
    category: Category = Field(default=Category.OTHER, sa_type=String(20))
    vendor: str = ""
    owner: str = ""
    lifecycle: Lifecycle = Field(default=Lifecycle.LIVE, sa_type=String(20))
    hosting: Hosting = Field(default=Hosting.OTHER, sa_type=String(20))
    api: Api = Field(default=Api.OTHER, sa_type=String(20))
    criticality: int = Field(default=3, ge=1, le=5)
    notes: str = ""

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return clean_name(value)

    @field_validator("vendor", "owner", "notes", mode="before")
    @classmethod
    def _free_text(cls, value: Any) -> str:
        return _text(value)

    @field_validator("category", "lifecycle", "hosting", "api", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


class System(SystemBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name_key: str = Field(default="", unique=True, index=True)

    def set_name_key(self) -> None:
        self.name_key = name_key(self.name)


class Audit(SQLModel, table=True):
    """One edit: written by storage for every insert, update and delete, never by hand."""

    id: int | None = Field(default=None, primary_key=True)
    at: str = Field(index=True)
    entity: str
    entity_id: int | None = None
    name: str = ""
    action: str
    before: str | None = None
    after: str | None = None


SYSTEM_FIELDS: tuple[str, ...] = tuple(SystemBase.model_fields)
WORKSHOP_FIELDS: tuple[str, ...] = tuple(WorkshopBase.model_fields)
