"""report ids unique per school, not across the whole cluster

A report's ``report_id`` is its idempotency key; two schools' agents know nothing of each
other, so one school's id must not make another school's report a "duplicate".

Revision ID: 0003
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_constraint("uq_reports_report_uuid", type_="unique")
        batch_op.create_unique_constraint(
            "uq_reports_school_report_uuid", ["school_id", "report_uuid"]
        )


def downgrade() -> None:
    """Fails if two schools already share a report id (then keep 0003)."""
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_constraint("uq_reports_school_report_uuid", type_="unique")
        batch_op.create_unique_constraint("uq_reports_report_uuid", ["report_uuid"])
