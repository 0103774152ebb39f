"""page votes: "did this page help?" counted per sensor and day

Revision ID: 0002
Revises: 0006
Create Date: 2026-12-06 14:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "page_vote",
        sa.Column("sensor_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("helpful", sa.Integer(), nullable=False),
        sa.Column("not_helpful", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("sensor_id", "day"),
    )


def downgrade() -> None:
    op.drop_table("page_vote")
