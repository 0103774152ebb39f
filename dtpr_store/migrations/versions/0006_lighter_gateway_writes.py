"""lighter gateway writes: no second revision index, HOT updates of sensors on PostgreSQL

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-06 15:10:00

The revision table kept an index on ``sensor_id`` beside the unique (sensor_id, seq) one,
whose leading column serves the same reads: every appended revision paid for both. On
PostgreSQL the sensor table gets ``fillfactor = 70``, so the gateway's frequent updates of
device facts find room on their own page (heap-only tuples, no index maintenance);
``VACUUM FULL sensor`` applies it to pages written before, at an operator's convenience.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revision_sensor_id"))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE sensor SET (fillfactor = 70)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE sensor RESET (fillfactor)")
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_revision_sensor_id"), ["sensor_id"], unique=False)
