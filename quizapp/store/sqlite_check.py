"""The check of an existing SQLite progress database before anything opens it for real, and the
newest schema revision. Standard library only (no SQLAlchemy, no Alembic), so the light paths
(:mod:`quizapp.store.lite`) run exactly the same check as :func:`quizapp.store.db.open_database`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: The newest migration. A test checks it equals Alembic's head, so start-up can compare
#: revisions with one query instead of importing Alembic and reading every script.
HEAD_REVISION = "0007"


def inspect_file(path: Path, backups: bool = True) -> None:
    """``quick_check`` an existing SQLite file and make sure it is a quizapp database this
    version can read, without changing a byte of it. Raises DatabaseProblem."""
    from quizapp import __version__
    from quizapp.store import health

    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=30, isolation_level=None)
    except sqlite3.DatabaseError as exc:
        raise health.problem_from_sqlite_error(exc, path) or health.DatabaseProblem("unreadable", path, str(exc)) \
            from exc
    try:
        conn.execute("PRAGMA busy_timeout=30000")
        try:
            problems = health.quick_check(conn, limit=3)
        except sqlite3.DatabaseError as exc:
            if health.problem_from_sqlite_error(exc, path) is None:
                raise  # a lock, not the file: the caller sees SQLite's own error
            problems = [str(exc)]
        if problems:
            conn.close()
            if backups:
                from quizapp.store.backup import damaged_copy

                damaged_copy(path)
            raise health.DatabaseProblem("corrupt", path, "; ".join(problems))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            if tables:
                raise health.DatabaseProblem("foreign", path)
            return  # a valid but empty file: the schema is created in it
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is None or row[0] == HEAD_REVISION or row[0] in health.known_revisions():
            return
        needed = None
        if "app_meta" in tables:
            found = conn.execute("SELECT value FROM app_meta WHERE key='schema_app_version'").fetchone()
            needed = found[0] if found else None
        raise health.DatabaseProblem("newer", path, revision=row[0], head=HEAD_REVISION, version=__version__,
                                     needed=needed or "?")
    except sqlite3.DatabaseError as exc:
        problem = health.problem_from_sqlite_error(exc, path)
        if problem is None:
            raise
        raise problem from exc
    finally:
        conn.close()
