"""One-flow scenarios: a scenario the room adds for a single flow carries that flow until it is
promoted to the workshop's library. Existing scenarios are the library's (flow_id NULL).

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch copy of the table: with foreign keys on, dropping the old
    # scenario table in a copy would cascade to every check. No ON DELETE: the flow's one-flow
    # scenarios are deleted through the ORM with it, so the audit trail (and undo) sees them.
    op.execute("ALTER TABLE scenario ADD COLUMN flow_id INTEGER REFERENCES flow (id)")
    op.create_index("ix_scenario_flow_id", "scenario", ["flow_id"])


def downgrade() -> None:
    op.drop_index("ix_scenario_flow_id", "scenario")
    op.execute("ALTER TABLE scenario DROP COLUMN flow_id")
