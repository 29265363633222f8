"""The live session: meetings with attendees, an agenda with its stored timer, and minutes
(decisions, actions, parking-lot questions) with what each concerns.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _link(name: str, target: str) -> sa.Column:
    return sa.Column(
        name,
        sa.Integer,
        sa.ForeignKey(f"{target}.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _concern(name: str, target: str) -> sa.Column:
    return sa.Column(
        name,
        sa.Integer,
        sa.ForeignKey(f"{target}.id", ondelete="CASCADE"),
        nullable=True,
        index=True,
    )


def upgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("current_meeting_id", sa.Integer, nullable=True))
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("title", sa.String(120), nullable=False, server_default=""),
        sa.Column("title_key", sa.String, nullable=False, server_default=""),
        sa.UniqueConstraint("date", "title_key"),
    )
    op.create_table(
        "attendee",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("role", sa.String, nullable=False, server_default=""),
        sa.Column("organisation", sa.String, nullable=False, server_default=""),
        sa.Column("present", sa.Boolean, nullable=True),
        _link("meeting_id", "meeting"),
        sa.Column("name_key", sa.String, nullable=False, server_default=""),
        sa.UniqueConstraint("meeting_id", "name_key"),
    )
    op.create_table(
        "agenda_item",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("minutes", sa.Integer, nullable=True),
        _link("meeting_id", "meeting"),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        sa.Column("spent_seconds", sa.Float, nullable=False, server_default="0"),
        sa.Column("started_at", sa.String, nullable=True),
        sa.Column("done", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "minute",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("text", sa.String(10_000), nullable=False),
        sa.Column("due", sa.String(10), nullable=True),
        sa.Column("closed", sa.Boolean, nullable=False, server_default=sa.false()),
        _link("meeting_id", "meeting"),
        sa.Column(
            "who_id",
            sa.Integer,
            sa.ForeignKey("attendee.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("created_at", sa.String, nullable=False, server_default=""),
    )
    op.create_table(
        "minute_concern",
        sa.Column("id", sa.Integer, primary_key=True),
        _link("minute_id", "minute"),
        _concern("system_id", "system"),
        _concern("data_object_id", "data_object"),
        _concern("flow_id", "flow"),
        _concern("candidate_id", "candidate"),
        _concern("kpi_id", "kpi"),
        sa.CheckConstraint(_one_concern(), name="minute_concern_one"),
    )


def _one_concern() -> str:
    """Exactly one of the references is set (SQLite adds truth values; PostgreSQL counts)."""
    if op.get_bind().dialect.name != "sqlite":
        return "num_nonnulls(system_id, data_object_id, flow_id, candidate_id, kpi_id) = 1"
    return (
        "(system_id IS NOT NULL) + (data_object_id IS NOT NULL) + (flow_id IS NOT NULL)"
        " + (candidate_id IS NOT NULL) + (kpi_id IS NOT NULL) = 1"
    )


def downgrade() -> None:
    for table in ("minute_concern", "minute", "agenda_item", "attendee", "meeting"):
        op.drop_table(table)
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("current_meeting_id")
