"""register: RFC 6962 Merkle tree nodes, and the root and frontier in the head (backfilled from existing entries)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _leaf(digest: str) -> str:
    return hashlib.sha256(b"\x00" + bytes.fromhex(digest)).hexdigest()


def _node(left: str, right: str) -> str:
    return hashlib.sha256(b"\x01" + bytes.fromhex(left) + bytes.fromhex(right)).hexdigest()


def _backfill() -> None:
    """Written out rather than imported: a migration must not change when the code does."""
    bind = op.get_bind()
    frontier, rows = [], []
    for n, (digest,) in enumerate(bind.execute(sa.text("SELECT digest FROM register_entries ORDER BY seq"))):
        frontier.append([0, n, _leaf(digest)])
        rows.append(dict(zip(("level", "idx", "hash"), frontier[-1])))
        while len(frontier) > 1 and frontier[-1][0] == frontier[-2][0]:
            (level, index, left), (_, _, right) = frontier[-2], frontier[-1]
            frontier[-2:] = [[level + 1, index // 2, _node(left, right)]]
            rows.append(dict(zip(("level", "idx", "hash"), frontier[-1])))
    root = hashlib.sha256(b"").hexdigest()
    if frontier:
        root = frontier[-1][2]
        for _, _, left in reversed(frontier[:-1]):
            root = _node(left, root)
    nodes = sa.table("register_nodes", sa.column("level"), sa.column("idx"), sa.column("hash"))
    if rows:
        op.bulk_insert(nodes, rows)
    bind.execute(sa.text("UPDATE register_head SET root = :root, frontier = :frontier"), {"root": root, "frontier": json.dumps(frontier)})


def upgrade() -> None:
    op.create_table(
        "register_nodes",
        sa.Column("level", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("idx", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("level", "idx", name="pk_register_nodes"),
    )
    with op.batch_alter_table("register_head") as batch:
        batch.add_column(sa.Column("root", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("frontier", sa.Text(), nullable=True))
    _backfill()


def downgrade() -> None:
    with op.batch_alter_table("register_head") as batch:
        batch.drop_column("frontier")
        batch.drop_column("root")
    op.drop_table("register_nodes")
