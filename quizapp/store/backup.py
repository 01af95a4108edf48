"""Backups of a SQLite progress database: ``quizapp db check|backup|restore`` and the app's
own rotating backups.

Copies are made with SQLite's online backup API, so a backup taken while another instance
writes is a consistent snapshot. Every file is written under a temporary name and renamed
into place, and checked with ``integrity_check`` before it counts. ``restore`` never deletes
anything: the database it replaces is kept in the backups folder.

Backups live in ``backups/`` beside the database, named ``<stem>-<date>[-<kind>].db``:
``daily`` (the first open of a day), ``pre-<rev>`` (before a migration from ``rev``),
``manual`` (``db backup``), ``replaced`` (the database a restore replaced; never rotated)
and ``damaged`` (a raw copy of a database that failed its check on open).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from quizapp.store.health import DatabaseProblem, integrity_check, preflight, problem_from_sqlite_error

#: How many backups of each rotating kind are kept.
KEEP = {"daily": 7, "pre": 7, "damaged": 3, "manual": 10}


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    kind: str  # daily | pre | manual | replaced | damaged
    stamp: str  # YYYYmmdd-HHMMSS from the name: the order of backups
    mtime: float
    size: int


def backups_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def _connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    """Open an existing file (never creates one)."""
    mode = "ro" if readonly else "rw"
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode={mode}", uri=True, timeout=30,
                           isolation_level=None)
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def _stamp(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("%Y%m%d-%H%M%S")


def list_backups(db_path: Path) -> list[BackupFile]:
    """The backups of ``db_path``, newest first."""
    folder = backups_dir(db_path)
    stem = Path(db_path).stem
    pat = re.compile(rf"^{re.escape(stem)}-(\d{{8}}(?:-\d{{6}})?)-([a-z]+)(?:-[\w.]+)?\.db$")
    out = []
    if not folder.is_dir():
        return out
    for p in folder.iterdir():
        m = pat.match(p.name)
        if m and p.is_file():
            st = p.stat()
            out.append(BackupFile(p, m.group(2), m.group(1), st.st_mtime, st.st_size))
    return sorted(out, key=lambda b: (b.stamp, b.mtime, b.path.name), reverse=True)


def _prune(db_path: Path, kind: str) -> None:
    keep = KEEP.get(kind)
    if keep is None:
        return
    for old in [b for b in list_backups(db_path) if b.kind == kind][keep:]:
        for extra in (old.path, Path(f"{old.path}-wal")):
            extra.unlink(missing_ok=True)


def copy_database(src: Path, dest: Path) -> None:
    """Copy the database ``src`` to ``dest`` with the online backup API (consistent even while
    another connection writes), as one self-contained file, checked before it is renamed into
    place. Raises DatabaseProblem for a damaged source and OSError for a write failure."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        src_conn = _connect(src)
        try:
            dst_conn = sqlite3.connect(tmp, isolation_level=None)
            try:
                src_conn.backup(dst_conn)
                dst_conn.execute("PRAGMA journal_mode=DELETE")
                problems = integrity_check(dst_conn)
            finally:
                dst_conn.close()
        finally:
            src_conn.close()
        if problems:
            raise DatabaseProblem("corrupt", src, "; ".join(problems[:3]))
        os.replace(tmp, dest)
    except sqlite3.DatabaseError as exc:
        problem = problem_from_sqlite_error(exc, src)
        if problem is None:
            raise
        raise problem from exc
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}-journal").unlink(missing_ok=True)


def make_backup(db_path: Path, kind: str = "manual", dest: Path | None = None, tag: str = "",
                now: datetime | None = None) -> Path:
    """A checked backup of ``db_path``: to ``dest``, or into the backups folder (rotated)."""
    if dest is None:
        suffix = f"-{tag}" if tag else ""
        dest = backups_dir(db_path) / f"{Path(db_path).stem}-{_stamp(now)}-{kind}{suffix}.db"
    copy_database(db_path, dest)
    if dest.parent == backups_dir(db_path):
        _prune(db_path, kind)
    return dest


def daily_backup(db_path: Path, now: datetime | None = None) -> Path | None:
    """The first open of a day keeps a backup (the last 7 days are kept). Best effort: a
    folder that cannot be written is not a reason to refuse to start."""
    today = (now or datetime.now()).strftime("%Y%m%d")
    if any(b.kind == "daily" and b.path.name.startswith(f"{Path(db_path).stem}-{today}")
           for b in list_backups(db_path)):
        return None
    try:
        return make_backup(db_path, "daily", now=now)
    except (OSError, sqlite3.Error, DatabaseProblem):
        return None


def damaged_copy(db_path: Path) -> Path | None:
    """A raw copy (with its write-ahead log) of a database that failed its check, once a day, so
    that whatever is done next (a restore, a delete) the damaged original is still there."""
    today = datetime.now().strftime("%Y%m%d")
    stem = Path(db_path).stem
    if any(b.kind == "damaged" and b.path.name.startswith(f"{stem}-{today}") for b in list_backups(db_path)):
        return None
    dest = backups_dir(db_path) / f"{stem}-{_stamp()}-damaged.db"
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(db_path, dest)
        wal = Path(f"{db_path}-wal")
        if wal.is_file():
            shutil.copyfile(wal, f"{dest}-wal")
    except OSError:
        return None
    _prune(db_path, "damaged")
    return dest


def validate_backup(path: Path) -> str:
    """Check a file offered to ``db restore``: a healthy quizapp database that this version can
    read. Returns its schema revision; raises DatabaseProblem (naming the file) otherwise."""
    from quizapp import __version__
    from quizapp.store.health import known_revisions

    path = Path(path)
    if not preflight(path, backup_file=True):
        raise DatabaseProblem("missing", path, backup_file=True)
    try:
        conn = _connect(path, readonly=True)
        try:
            problems = integrity_check(conn)
            if problems:
                raise DatabaseProblem("corrupt", path, "; ".join(problems[:3]), backup_file=True)
            has_version = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone() if has_version else None
            needed = None
            if rev is not None:
                row = conn.execute("SELECT value FROM app_meta WHERE key='schema_app_version'").fetchone() \
                    if conn.execute("SELECT 1 FROM sqlite_master WHERE name='app_meta'").fetchone() else None
                needed = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        problem = problem_from_sqlite_error(exc, path, backup_file=True)
        if problem is None:
            raise
        raise problem from exc
    if rev is None:
        raise DatabaseProblem("foreign", path, backup_file=True)
    from quizapp.store.sqlite_check import HEAD_REVISION

    if rev[0] not in known_revisions():
        raise DatabaseProblem("newer", path, backup_file=True, revision=rev[0], head=HEAD_REVISION,
                              version=__version__, needed=needed or "?")
    return rev[0]


def restore(db_path: Path, src: Path) -> Path | None:
    """Replace the database at ``db_path`` with the backup ``src`` after checking it. The
    database replaced (if any) is kept in the backups folder; its path is returned."""
    db_path = Path(db_path)
    validate_backup(src)
    tmp = db_path.with_name(f".{db_path.name}.restore.{os.getpid()}.tmp")
    copy_database(src, tmp)  # a checked, self-contained copy next to the target first
    try:
        replaced = None
        if db_path.exists():
            replaced = backups_dir(db_path) / f"{db_path.stem}-{_stamp()}-replaced.db"
            try:
                preflight(db_path)
                copy_database(db_path, replaced)  # consistent, includes the write-ahead log
            except DatabaseProblem:  # damaged: keep the raw bytes and the log as they are
                replaced.parent.mkdir(parents=True, exist_ok=True)
                if db_path.is_dir():
                    raise
                shutil.copyfile(db_path, replaced)
                if Path(f"{db_path}-wal").is_file():
                    shutil.copyfile(f"{db_path}-wal", f"{replaced}-wal")
            # The old log must not be replayed into the restored file.
            for side in ("-wal", "-shm", "-journal"):
                Path(f"{db_path}{side}").unlink(missing_ok=True)
        os.replace(tmp, db_path)
        return replaced
    finally:
        tmp.unlink(missing_ok=True)


@dataclass(slots=True)
class CheckReport:
    path: Path
    size: int
    revision: str | None
    problems: list[str]
    counts: dict[str, int]


def check(db_path: Path) -> CheckReport:
    """``integrity_check`` and row counts of every table, without migrating or writing."""
    db_path = Path(db_path)
    if not preflight(db_path):
        raise DatabaseProblem("missing", db_path)
    try:
        conn = _connect(db_path)
        try:
            problems = integrity_check(conn)
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            counts = {}
            for name in tables:
                try:
                    counts[name] = conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                except sqlite3.DatabaseError as exc:
                    problems.append(f"{name}: {exc}")
            rev = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                rev = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        problem = problem_from_sqlite_error(exc, db_path)
        if problem is None:
            raise
        raise problem from exc
    return CheckReport(db_path, db_path.stat().st_size, rev, problems, counts)
