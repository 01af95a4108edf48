"""rollup statistics

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 23:28:37.210611
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('daily_stats',
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.String(length=10), nullable=False),
    sa.Column('answers', sa.Integer(), nullable=False),
    sa.Column('correct', sa.Integer(), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['learner_id'], ['learners.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('learner_id', 'date')
    )
    op.create_table('question_stats',
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=100), nullable=False),
    sa.Column('day', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=40), nullable=False),
    sa.Column('topic', sa.String(length=100), nullable=False),
    sa.Column('answers', sa.Integer(), nullable=False),
    sa.Column('correct', sa.Integer(), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=False),
    sa.Column('last_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['learner_id'], ['learners.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('learner_id', 'question_id')
    )
    # Backfill from the answers already stored (a frozen copy of the SQL in repo.rebuild_stats).
    op.execute(
        "INSERT INTO question_stats (learner_id, question_id, day, area, topic, answers, correct, seconds, last_at) "
        "SELECT learner_id, question_id, max(day), max(area), max(topic), count(*), "
        "sum(CASE WHEN correct THEN 1 ELSE 0 END), sum(seconds), max(answered_at) "
        "FROM answers GROUP BY learner_id, question_id"
    )
    op.execute(
        "INSERT INTO daily_stats (learner_id, date, answers, correct, seconds) "
        "SELECT learner_id, substr(CAST(answered_at AS TEXT), 1, 10), count(*), "
        "sum(CASE WHEN correct THEN 1 ELSE 0 END), sum(seconds) "
        "FROM answers GROUP BY learner_id, substr(CAST(answered_at AS TEXT), 1, 10)"
    )


def downgrade() -> None:
    op.drop_table('question_stats')
    op.drop_table('daily_stats')
