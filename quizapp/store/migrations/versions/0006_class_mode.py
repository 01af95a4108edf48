"""class mode: learner logins, final tests, the instructor's drill grades

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-04 17:10:00

Row-level security, roles and server-clock triggers are not part of the schema: ``quizapp class
init`` installs them on a PostgreSQL class database (see quizapp/classmode/security.py).
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('final_tests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('items', sa.Text(), nullable=False),
    sa.Column('drills', sa.Text(), nullable=False),
    sa.Column('knowledge_minutes', sa.Integer(), nullable=False),
    sa.Column('technical_minutes', sa.Integer(), nullable=False),
    sa.Column('pass_line', sa.Float(), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('final_grades',
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('checks_passed', sa.Integer(), nullable=False),
    sa.Column('checks_total', sa.Integer(), nullable=False),
    sa.Column('graded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['drill_submissions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('submission_id')
    )
    # Plain ADD COLUMN and CREATE INDEX, never a batch (copy-and-move) alter: on SQLite with
    # foreign keys on, dropping the old learners or quiz_sessions table would cascade to answers.
    op.add_column('learners', sa.Column('login', sa.String(length=63), nullable=True))
    op.create_index('ix_learners_login', 'learners', ['login'], unique=True)
    op.add_column('quiz_sessions', sa.Column('final_id', sa.Integer(), nullable=True))
    op.create_index('ix_quiz_sessions_final_id', 'quiz_sessions', ['final_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_quiz_sessions_final_id', table_name='quiz_sessions')
    op.drop_column('quiz_sessions', 'final_id')
    op.drop_index('ix_learners_login', table_name='learners')
    op.drop_column('learners', 'login')
    op.drop_table('final_grades')
    op.drop_table('final_tests')
