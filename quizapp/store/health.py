"""Is the progress database usable? Checks before and while opening it, and messages that
say what is wrong, where, and what to do.

A damaged database must never look like an empty one: a zero-byte file, a file that is not
SQLite, a truncated or corrupted file, a folder at the path, or a database written by a newer
quizapp each raise :class:`DatabaseProblem`, whose :meth:`~DatabaseProblem.message` is shown
by the CLI and the TUI instead of a traceback (and instead of a home screen with no history).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"

#: Problem kinds, each with its message in quizapp/i18n.py (``dbp_<kind>``).
KINDS = ("directory", "not_file", "unreadable", "empty", "not_sqlite", "truncated", "corrupt", "foreign",
         "newer", "missing")


class DatabaseProblem(Exception):
    """A database file that cannot be used as it is. Nothing in it has been changed."""

    def __init__(self, kind: str, path: Path | str | None, detail: str = "", *, backup_file: bool = False,
                 **extra: str) -> None:
        assert kind in KINDS, kind
        self.kind = kind
        self.path = Path(path) if path is not None else None
        self.detail = detail
        #: True when the file is a backup given to ``db restore`` (not the live database).
        self.backup_file = backup_file
        self.extra = extra
        super().__init__(f"{kind}: {path}: {detail}" if detail else f"{kind}: {path}")

    def message(self) -> str:
        """One clear message in the learner's language: what, where, and what to do."""
        from quizapp import i18n

        path = str(self.path) if self.path is not None else "?"
        detail = i18n.t("dbp_detail", detail=self.detail) if self.detail else ""
        key = f"dbp_{self.kind}"
        if self.kind == "newer" and self.extra.get("needed", "?") == "?":
            key = "dbp_newer_unknown"
        head = i18n.t(key, path=path, detail=detail, **self.extra)
        if self.backup_file:
            return head + "\n" + i18n.t("dbp_backup_refused")
        if self.kind in ("newer", "missing"):
            return head
        lines = [head, i18n.t("dbp_kept")]
        newest = None
        if self.path is not None:
            from quizapp.store.backup import list_backups

            try:
                found = list_backups(self.path)
            except OSError:
                found = []
            newest = next((b for b in found if b.kind not in ("damaged", "replaced")), None)
        if newest is not None:
            lines.append(i18n.t("dbp_restore_hint", backup=newest.path))
        else:
            lines.append(i18n.t("dbp_no_backup"))
        lines.append(i18n.t("dbp_check_hint"))
        return "\n".join(lines)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory SQLite."""
    if not url.startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url

    db = make_url(url).database
    if not db or db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db).expanduser()


def _sqlite_header_problem(path: Path, size: int, header: bytes, backup_file: bool) -> DatabaseProblem | None:
    if not header.startswith(SQLITE_MAGIC):
        if SQLITE_MAGIC.startswith(header):
            return DatabaseProblem("truncated", path, f"{size} bytes", backup_file=backup_file)
        return DatabaseProblem("not_sqlite", path, backup_file=backup_file)
    if len(header) < 100:
        return DatabaseProblem("truncated", path, f"{size} bytes", backup_file=backup_file)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return DatabaseProblem("corrupt", path, f"page size {page_size} in the header", backup_file=backup_file)
    pages = int.from_bytes(header[28:32], "big")
    # The in-header size is valid only when the "version-valid-for" number equals the change counter.
    if pages and header[92:96] == header[24:28] and size < pages * page_size:
        return DatabaseProblem("truncated", path, f"{size} of {pages * page_size} bytes", backup_file=backup_file)
    return None


def preflight(path: Path, *, backup_file: bool = False) -> bool:
    """Look at ``path`` before SQLite opens it: True if a database file is there, False if
    nothing is (a new database may be created). Raises :class:`DatabaseProblem` for a folder,
    a FIFO or device (never opened: it could block), an unreadable or zero-byte file, a file
    that is not SQLite, or one shorter than its header says."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise DatabaseProblem("unreadable", path, exc.strerror or str(exc), backup_file=backup_file) from exc
    if stat.S_ISDIR(st.st_mode):
        raise DatabaseProblem("directory", path, backup_file=backup_file)
    if not stat.S_ISREG(st.st_mode):
        raise DatabaseProblem("not_file", path, backup_file=backup_file)
    if st.st_size == 0:
        wal = Path(f"{path}-wal")
        if not backup_file and wal.is_file() and wal.stat().st_size > 0:
            return True  # the content may all be in the write-ahead log: SQLite will tell
        raise DatabaseProblem("empty", path, backup_file=backup_file)
    try:
        with open(path, "rb") as f:
            header = f.read(100)
    except OSError as exc:
        raise DatabaseProblem("unreadable", path, exc.strerror or str(exc), backup_file=backup_file) from exc
    problem = _sqlite_header_problem(path, st.st_size, header, backup_file)
    if problem is not None:
        raise problem
    return True


_CORRUPT_CODES = ("SQLITE_CORRUPT", "SQLITE_IOERR_SHORT_READ")
_UNREADABLE_CODES = ("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_AUTH")


def problem_from_sqlite_error(exc: BaseException, path: Path, *, backup_file: bool = False) -> DatabaseProblem | None:
    """Map a sqlite3 error (or SQLAlchemy's wrapper of one) on opening ``path`` to a problem;
    None for errors that say nothing about the file (a lock held by another instance)."""
    orig = getattr(exc, "orig", None) or exc
    name = getattr(orig, "sqlite_errorname", "") or ""
    text = str(orig)
    if name == "SQLITE_NOTADB" or "file is not a database" in text:
        return DatabaseProblem("not_sqlite", path, text, backup_file=backup_file)
    if name.startswith(_CORRUPT_CODES) or "malformed" in text:
        return DatabaseProblem("corrupt", path, text, backup_file=backup_file)
    if name.startswith(_UNREADABLE_CODES) or "unable to open" in text or "readonly" in text:
        return DatabaseProblem("unreadable", path, text, backup_file=backup_file)
    return None


def quick_check(dbapi_conn, limit: int = 5) -> list[str]:
    """``PRAGMA quick_check`` on a DB-API connection: [] when healthy, else the first problems."""
    rows = [r[0] for r in dbapi_conn.execute(f"PRAGMA quick_check({int(limit)})").fetchall()]
    return [] if rows == ["ok"] else rows


def integrity_check(dbapi_conn, limit: int = 20) -> list[str]:
    """The thorough ``PRAGMA integrity_check`` (also cross-checks indexes): [] when healthy."""
    rows = [r[0] for r in dbapi_conn.execute(f"PRAGMA integrity_check({int(limit)})").fetchall()]
    return [] if rows == ["ok"] else rows


def needed_version(conn) -> str | None:
    """The quizapp version that last migrated this database (table ``app_meta``), if recorded."""
    try:
        row = conn.exec_driver_sql("SELECT value FROM app_meta WHERE key = 'schema_app_version'").first()
    except Exception:  # noqa: BLE001 - no such table in databases from before it existed
        return None
    return row[0] if row else None


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from quizapp.store.db import alembic_config

    script = ScriptDirectory.from_config(alembic_config(None))  # type: ignore[arg-type]
    return {rev.revision for rev in script.walk_revisions()}
