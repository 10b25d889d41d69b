"""supply catalogue: the provider's own cartridge rows

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "supply_catalogue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor", sa.String(length=128), nullable=False),
        sa.Column("model", sa.String(length=256), nullable=False),
        sa.Column("model_key", sa.String(length=256), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("colour", sa.String(length=32), nullable=True),
        sa.Column("part", sa.String(length=128), nullable=False),
        sa.Column("description", sa.String(length=256), nullable=False),
        sa.Column("yield_pages", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=512), nullable=False),
        sa.Column("added_by", sa.String(length=128), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supply_catalogue")),
    )
    with op.batch_alter_table("supply_catalogue", schema=None) as batch_op:
        batch_op.create_index("ix_supply_catalogue_model_key", ["model_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("supply_catalogue", schema=None) as batch_op:
        batch_op.drop_index("ix_supply_catalogue_model_key")
    op.drop_table("supply_catalogue")
