"""shown choice order: the order in which an answer's choices were on screen

Choices are shuffled at every presentation; each answer keeps the order shown (a JSON list of
the file's 1-based choice numbers, in screen order; '' for numeric answers and for answers
stored before this revision, which were shown in the file's order).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 17:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('answers') as batch:
        batch.add_column(sa.Column('shown_order', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('answers') as batch:
        batch.drop_column('shown_order')
