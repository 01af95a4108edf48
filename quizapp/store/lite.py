"""Light access to a SQLite progress database with the standard library's ``sqlite3`` only.

Importing SQLAlchemy and mapping the models costs more than everything else the app does
before its home screen shows progress, and more than ``quizapp drill check`` needs to grade a
file. :class:`LiteStore` reads what the home screen shows and records a drill submission with
plain SQL on the same schema, in the same formats (SQLAlchemy's SQLite ``DATETIME`` text,
booleans as 0/1), one transaction per action like :class:`~quizapp.store.store.Store`.

It only ever opens a SQLite file that already exists *at the newest schema revision*; anything
else (a new database, a migration, PostgreSQL, an odd file) is the full store's job, and
:meth:`LiteStore.open` returns None so the caller uses it. Opened for writing (``check=True``)
it runs the same safety steps as :func:`quizapp.store.db.open_database` first: the preflight,
``quick_check`` and the revision check (:func:`quizapp.store.sqlite_check.inspect_file`), and
the daily backup before anything is written. Tests check its results equal the full store's.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from quizapp.store.types import AnswerInfo, Progress, SessionInfo, item_key, learner_name


def _now() -> datetime:
    return datetime.now(UTC)


def _db_text(dt: datetime) -> str:
    """A datetime as SQLAlchemy's SQLite dialect stores it (wall-clock fields, no offset)."""
    return (f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d} "
            f"{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}.{dt.microsecond:06d}")


def _dt(value: Any) -> datetime | None:
    """A stored DATETIME back as the naive datetime SQLAlchemy returns."""
    if value is None:
        return None
    dt = datetime.fromisoformat(str(value))
    return dt.replace(tzinfo=None) if dt.tzinfo else dt


def _plain_sqlite_path(url: str) -> Path | None:
    """The file of a plain ``sqlite:///PATH`` URL (what the app uses by default); None for
    anything else (other databases, drivers, options, escapes, in-memory), left to the full store."""
    if not url.startswith("sqlite:///") or any(c in url for c in "?%#"):
        return None
    db = url[len("sqlite:///"):]
    if not db or db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db).expanduser()


class LiteStore:
    """Progress of one learner in one existing SQLite database, without SQLAlchemy."""

    def __init__(self, conn: sqlite3.Connection, path: Path, learner_id: int, learner_name: str) -> None:
        self._conn = conn
        self.path = path
        self.learner_id = learner_id
        self.learner_name = learner_name

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, url: str | None = None, learner: str | None = None, *, check: bool = True) -> LiteStore | None:
        """The light store for ``url`` (default: the app's database), or None when the full
        store must open it (not a SQLite file, not there yet, not at the newest revision, a
        learner not created yet with ``check=False``).

        ``check=True`` (before writing): the preflight, ``quick_check`` and revision check of
        the full store, raising :class:`~quizapp.store.health.DatabaseProblem` the same way,
        then the daily backup. ``check=False`` (a read-only preview): nothing is checked or
        written, and any error means None (the full store opens next and reports it)."""
        from quizapp.paths import default_db_url
        from quizapp.store import health
        from quizapp.store.sqlite_check import HEAD_REVISION, inspect_file

        learner = learner_name(learner)
        path = _plain_sqlite_path(url or default_db_url())
        if path is None:
            return None
        try:
            if check:
                if not health.preflight(path):
                    return None  # a new database: created and migrated by the full store
                inspect_file(path, backups=True)
            elif not path.is_file() or path.stat().st_size == 0:
                return None
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=30,
                                   isolation_level=None, check_same_thread=False)
        except sqlite3.Error:
            if check:
                raise
            return None
        try:
            conn.execute("PRAGMA busy_timeout=30000")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is None or row[0] != HEAD_REVISION:
                conn.close()
                return None  # the full store migrates it (with a backup first)
            if check:
                from quizapp.store.backup import daily_backup

                daily_backup(path)  # before anything is written, as the full store does
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=FULL")
                conn.execute("PRAGMA foreign_keys=ON")
            found = conn.execute("SELECT id, name FROM learners WHERE name = ?", (learner,)).fetchone()
            if found is None:
                if not check:
                    conn.close()
                    return None
                with _immediate(conn):
                    cur = conn.execute("INSERT INTO learners (name, created_at) VALUES (?, ?)",
                                       (learner, _db_text(_now())))
                    found = (cur.lastrowid, learner)
        except sqlite3.Error:
            conn.close()
            if check:
                raise
            return None
        return cls(conn, path, int(found[0]), str(found[1]))

    def close(self) -> None:
        self._conn.close()

    def _rows(self, sql: str, *args: Any) -> list[tuple]:
        return self._conn.execute(sql, args).fetchall()

    # -- what the home screen shows ----------------------------------------------------------
    def _grouped(self, column: str) -> dict:
        rows = self._rows(f"SELECT {column}, sum(answers), sum(correct), count(*) FROM question_stats "
                          "WHERE learner_id = ? GROUP BY " + column, self.learner_id)
        return {r[0]: Progress(int(r[1] or 0), int(r[2] or 0), int(r[3])) for r in rows}

    def progress_by_day(self) -> dict[int, Progress]:
        return self._grouped("day")

    def progress_by_area(self) -> dict[str, Progress]:
        return self._grouped("area")

    def progress_by_topic(self) -> dict[str, Progress]:
        return self._grouped("topic")

    def progress_by_question(self) -> dict[str, Progress]:
        return self._grouped("question_id")

    def passed_drills(self) -> set[str]:
        return {r[0] for r in self._rows("SELECT DISTINCT drill_id FROM drill_submissions "
                                         "WHERE learner_id = ? AND passed = 1", self.learner_id)}

    def unfinished_sessions(self, modes: list[str] | None = None) -> list[SessionInfo]:
        sql = ("SELECT id, mode, title, items, params, started_at, finished_at, time_limit_s, elapsed_s "
               "FROM quiz_sessions WHERE learner_id = ? AND finished_at IS NULL")
        args: list[Any] = [self.learner_id]
        if modes:
            sql += f" AND mode IN ({', '.join('?' * len(modes))})"
            args += list(modes)
        out = []
        for r in self._rows(sql + " ORDER BY started_at DESC", *args):
            answers: dict[str, AnswerInfo] = {}
            for qid, part, correct, response, seconds, shown in self._rows(
                    "SELECT question_id, part, correct, response, seconds, shown_order FROM answers "
                    "WHERE session_id = ? ORDER BY id", r[0]):
                key = item_key(qid, part)
                answers[key] = AnswerInfo(key, bool(correct), json.loads(response or "null"), seconds,
                                          tuple(json.loads(shown)) if shown else ())
            out.append(SessionInfo(id=r[0], mode=r[1], title=r[2], items=json.loads(r[3]), params=json.loads(r[4]),
                                   started_at=_dt(r[5]), finished_at=_dt(r[6]),  # type: ignore[arg-type]
                                   time_limit_s=r[7], elapsed_s=r[8], answers=answers))
        return out

    def exam_responses(self, session_id: int) -> dict[str, tuple[Any, bool]]:
        return {item: (json.loads(resp), bool(flag)) for item, resp, flag in self._rows(
            "SELECT item, response, flagged FROM exam_responses WHERE session_id = ?", session_id)}

    def cards(self) -> list[tuple[str, str, dict, datetime]]:
        return [(i, k, json.loads(c), _dt(d)) for i, k, c, d in self._rows(  # type: ignore[misc]
            "SELECT item, kind, card, due FROM review_cards WHERE learner_id = ?", self.learner_id)]

    def due_items(self, now: datetime | None = None, limit: int | None = None,
                  kind: str | None = None) -> list[tuple[str, datetime]]:
        sql = "SELECT item, due FROM review_cards WHERE learner_id = ? AND due <= ?"
        args: list[Any] = [self.learner_id, _db_text(now or _now())]
        if kind:
            sql += " AND kind = ?"
            args.append(kind)
        sql += " ORDER BY due"
        if limit:
            sql += " LIMIT ?"
            args.append(int(limit))
        return [(i, _dt(d)) for i, d in self._rows(sql, *args)]  # type: ignore[misc]

    def next_due(self, now: datetime | None = None) -> str | None:
        items = self.due_items(now, limit=1)
        return items[0][0] if items else None

    def first_reviews_on(self, day) -> int:
        start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        row = self._rows("SELECT count(id) FROM review_logs WHERE learner_id = ? AND card_before = '' "
                         "AND reviewed_at >= ? AND reviewed_at < ?", self.learner_id, _db_text(start),
                         _db_text(start + timedelta(days=1)))
        return int(row[0][0] or 0)

    def study_dates(self) -> list[str]:
        return [r[0] for r in self._rows("SELECT date FROM daily_stats WHERE learner_id = ? AND answers > 0 "
                                         "ORDER BY date DESC", self.learner_id)]

    # -- drills --------------------------------------------------------------------------------
    def record_drill_submission(self, drill_id: str, code: str, passed: bool, checks: list[dict],
                                seconds: float) -> int:
        """As :meth:`Store.record_drill_submission <quizapp.store.store.Store.record_drill_submission>`:
        the submission and its scheduling (``drill:ID``) in one transaction."""
        from quizapp.scheduling import Rating, card_due, drill_rating, review

        now = _now()
        conn, lid = self._conn, self.learner_id
        with _immediate(conn):
            last_pass = conn.execute("SELECT max(created_at) FROM drill_submissions WHERE learner_id = ? "
                                     "AND drill_id = ? AND passed = 1", (lid, drill_id)).fetchone()[0]
            sql = "SELECT count(id) FROM drill_submissions WHERE learner_id = ? AND drill_id = ? AND passed = 0"
            args: list[Any] = [lid, drill_id]
            if last_pass is not None:
                sql += " AND created_at > ?"
                args.append(last_pass)
            failed_before = int(conn.execute(sql, args).fetchone()[0] or 0)
            passed_today = last_pass is not None and _dt(last_pass).date() == now.date()  # type: ignore[union-attr]
            sub_id = conn.execute(
                "INSERT INTO drill_submissions (learner_id, drill_id, code, passed, checks, seconds, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (lid, drill_id, code, int(bool(passed)), json.dumps(checks, ensure_ascii=False), float(seconds),
                 _db_text(now))).lastrowid
            if not (passed and passed_today):
                rating = int(drill_rating(passed, failed_before)) if passed else int(Rating.AGAIN)
                self._apply_rating(f"drill:{drill_id}", "drill", rating, now, float(seconds), review, card_due)
        return int(sub_id)  # type: ignore[arg-type]

    def _apply_rating(self, item: str, kind: str, rating: int, when: datetime, seconds: float,
                      review, card_due) -> None:
        """As :func:`quizapp.store.repo.apply_rating` (inside the caller's transaction)."""
        from quizapp.scheduling import Rating

        conn, lid = self._conn, self.learner_id
        row = conn.execute("SELECT id, card, due, lapses FROM review_cards WHERE learner_id = ? AND item = ?",
                           (lid, item)).fetchone()
        before = row[1] if row is not None else ""
        was_due = row is not None and _dt(row[2]) <= when.replace(tzinfo=None)  # type: ignore[operator]
        new = review(json.loads(before) if before else None, Rating(rating), when)
        due = _db_text(card_due(new))
        if row is None:
            conn.execute("INSERT INTO review_cards (learner_id, item, kind, card, due, reps, lapses, last_review) "
                         "VALUES (?, ?, ?, ?, ?, 1, 0, ?)", (lid, item, kind, json.dumps(new), due, _db_text(when)))
        else:
            conn.execute("UPDATE review_cards SET card = ?, due = ?, reps = reps + 1, lapses = ?, last_review = ? "
                         "WHERE id = ?", (json.dumps(new), due, row[3] + (1 if rating == 1 else 0), _db_text(when),
                                          row[0]))
        conn.execute("INSERT INTO review_logs (learner_id, item, rating, auto_rating, reviewed_at, seconds, was_due, "
                     "card_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (lid, item, rating, rating, _db_text(when), seconds, int(was_due), before))


class _immediate:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on an error), as the full store's sessions."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, *_: object) -> None:
        self.conn.execute("ROLLBACK" if exc_type is not None else "COMMIT")

