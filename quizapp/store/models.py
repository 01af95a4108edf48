"""SQLAlchemy 2.0 models of the progress database.

Schema changes go through Alembic migrations in ``quizapp/store/migrations``; a test checks
that the migrations and these models agree.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Learner(Base):
    """A learner profile; the app uses the one named ``default`` unless told otherwise."""

    __tablename__ = "learners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # class mode (PostgreSQL): the database login of this learner; row-level security matches it
    login: Mapped[str | None] = mapped_column(String(63), nullable=True)
    __table_args__ = (Index("ix_learners_login", "login", unique=True),)


class QuizSession(Base):
    """One quiz run: the ordered items it asks (``qid`` or ``qid#part``) and when it ended."""

    __tablename__ = "quiz_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    mode: Mapped[str] = mapped_column(String(20))  # day | area | mixed | review | weak | exam
    title: Mapped[str] = mapped_column(String(200), default="")
    params: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    items: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of item keys
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    time_limit_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    elapsed_s: Mapped[float] = mapped_column(Float, default=0.0)
    # class mode: the final test it belongs to (no foreign key: SQLite cannot add one in place)
    final_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)


class Answer(Base):
    """One answer to one item. Day, area and topic are copied in so reports need no bank."""

    __tablename__ = "answers"
    __table_args__ = (
        Index("ix_answers_learner_question", "learner_id", "question_id"),
        Index("ix_answers_learner_time", "learner_id", "answered_at"),
        Index("ix_answers_session", "session_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("quiz_sessions.id", ondelete="SET NULL"), nullable=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(100))
    part: Mapped[str] = mapped_column(String(8), default="")
    response: Mapped[str] = mapped_column(Text, default="")  # JSON of what was chosen or typed
    #: JSON list of the file's choice numbers in the order shown ("" = file order / numeric)
    shown_order: Mapped[str] = mapped_column(Text, default="", server_default="")
    correct: Mapped[bool] = mapped_column(Boolean)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    mode: Mapped[str] = mapped_column(String(20), default="")
    day: Mapped[int] = mapped_column(Integer, default=0)
    area: Mapped[str] = mapped_column(String(40), default="")
    topic: Mapped[str] = mapped_column(String(100), default="")


class DrillSubmission(Base):
    """A graded drill submission: the code as checked and the verdict per check."""

    __tablename__ = "drill_submissions"
    __table_args__ = (Index("ix_drill_submissions_learner_drill", "learner_id", "drill_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    drill_id: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(Text)
    passed: Mapped[bool] = mapped_column(Boolean)
    checks: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of {name, passed, message}
    seconds: Mapped[float] = mapped_column(Float, default=0.0)  # grading time
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DrillEvent(Base):
    """Drill events other than submissions: ``solution`` (viewed), ``hint`` (n-th shown), ``reset``."""

    __tablename__ = "drill_events"
    __table_args__ = (Index("ix_drill_events_learner_drill", "learner_id", "drill_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    drill_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReviewCard(Base):
    """The FSRS card of one item (a question, a blank ``qid#あ``, or a drill ``drill:ID``)."""

    __tablename__ = "review_cards"
    __table_args__ = (
        UniqueConstraint("learner_id", "item", name="uq_review_cards_learner_item"),
        Index("ix_review_cards_learner_due", "learner_id", "due"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    item: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(10), default="question")  # question | drill
    card: Mapped[str] = mapped_column(Text)  # fsrs.Card.to_dict() as JSON
    due: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    last_review: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ReviewLog(Base):
    """One scheduling decision; ``card_before`` lets the learner override the rating."""

    __tablename__ = "review_logs"
    __table_args__ = (Index("ix_review_logs_learner_time", "learner_id", "reviewed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    item: Mapped[str] = mapped_column(String(120))
    rating: Mapped[int] = mapped_column(Integer)
    auto_rating: Mapped[int] = mapped_column(Integer)
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    was_due: Mapped[bool] = mapped_column(Boolean, default=False)  # a review (not a first sight)
    card_before: Mapped[str] = mapped_column(Text, default="")  # JSON; empty for a new card


class ExamResponse(Base):
    """The current response to one exam item (changeable until submission) and its flag."""

    __tablename__ = "exam_responses"
    __table_args__ = (UniqueConstraint("session_id", "item", name="uq_exam_responses_session_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("quiz_sessions.id", ondelete="CASCADE"))
    item: Mapped[str] = mapped_column(String(120))
    response: Mapped[str] = mapped_column(Text, default="null")  # JSON
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class QuestionStat(Base):
    """Running totals per learner and question, updated with every answer (reports read these
    instead of scanning all answers)."""

    __tablename__ = "question_stats"

    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    day: Mapped[int] = mapped_column(Integer, default=0)
    area: Mapped[str] = mapped_column(String(40), default="")
    topic: Mapped[str] = mapped_column(String(100), default="")
    answers: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[int] = mapped_column(Integer, default=0)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    last_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class DailyStat(Base):
    """Running totals per learner and UTC date."""

    __tablename__ = "daily_stats"

    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True)
    date: Mapped[str] = mapped_column(String(10), primary_key=True)  # YYYY-MM-DD
    answers: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[int] = mapped_column(Integer, default=0)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)


class FinalTest(Base):
    """Class mode: a DAY.10 final — one fixed knowledge test and technical test for everybody,
    open between ``opens_at`` and ``closes_at`` (server clock). Only the instructor writes it."""

    __tablename__ = "final_tests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    seed: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of knowledge-test item keys
    drills: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of drill ids
    knowledge_minutes: Mapped[int] = mapped_column(Integer, default=120)
    technical_minutes: Mapped[int] = mapped_column(Integer, default=60)
    pass_line: Mapped[float] = mapped_column(Float, default=0.65)
    opens_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closes_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FinalGrade(Base):
    """Class mode: the instructor's own verdict on a drill submission of a final (graded again
    from the stored code, so a forged ``passed`` counts for nothing). Learners cannot read it."""

    __tablename__ = "final_grades"

    submission_id: Mapped[int] = mapped_column(ForeignKey("drill_submissions.id", ondelete="CASCADE"),
                                               primary_key=True)
    passed: Mapped[bool] = mapped_column(Boolean)
    checks_passed: Mapped[int] = mapped_column(Integer, default=0)
    checks_total: Mapped[int] = mapped_column(Integer, default=0)
    graded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
