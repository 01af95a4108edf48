"""Engines, migrations and the unit-of-work session factory."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# HEAD_REVISION (the newest migration) and the check of an existing file live in
# quizapp.store.sqlite_check, which needs no SQLAlchemy (the light paths use it too).
from quizapp.store.sqlite_check import HEAD_REVISION, inspect_file as _inspect_file  # noqa: E402,F401


def normalize_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` URLs use psycopg 3 (``postgresql+psycopg://``)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _naive_utc_loader():
    """A psycopg loader reading ``timestamptz`` as a naive UTC datetime, as SQLite gives it back,
    so the code above the store sees the same values on both backends. Built on the loader
    psycopg uses by default (the C one when installed)."""
    from psycopg import adapters
    from psycopg.adapt import Loader
    from psycopg.pq import Format

    base = adapters.get_loader(adapters.types["timestamptz"].oid, Format.TEXT)

    class NaiveUTCLoader(Loader):
        def __init__(self, oid, context=None):  # type: ignore[no-untyped-def]
            super().__init__(oid, context)
            self._load = base(oid, context).load

        def load(self, data):  # type: ignore[no-untyped-def]
            return self._load(data).astimezone(UTC).replace(tzinfo=None)

    return NaiveUTCLoader


def make_engine(url: str) -> Engine:
    """Create an engine; for SQLite: WAL, full sync, a busy timeout and ``BEGIN IMMEDIATE``.

    ``BEGIN IMMEDIATE`` takes the write lock at the start of a transaction, so two app
    instances on one file wait for each other (up to the busy timeout) instead of failing
    with "database is locked" when a read transaction later tries to write.
    """
    url = normalize_url(url)
    is_sqlite = url.startswith("sqlite")
    kwargs: dict = {}
    if url.startswith("postgresql"):
        # Every session in UTC, so timestamps and the rollups' UTC dates read the same as on SQLite;
        # pre-ping so a learner reconnects by itself after the class server restarts.
        kwargs["connect_args"] = {"options": "-c timezone=UTC", "connect_timeout": 10}
        kwargs["pool_pre_ping"] = True
    if is_sqlite:
        kwargs["connect_args"] = {"timeout": 30}
        if url.startswith("sqlite:///") and url not in ("sqlite://", "sqlite:///:memory:"):
            Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)
    if url.startswith("postgresql"):

        @event.listens_for(engine, "connect")
        def _pg_naive_utc(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            dbapi_conn.adapters.register_loader("timestamptz", _naive_utc_loader())

    if is_sqlite:

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn) -> None:  # type: ignore[no-untyped-def]
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database schema up to ``revision`` (creating it if empty)."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)
    if inspect(engine).has_table("app_meta"):
        _record_app_version(engine)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).first() if engine.dialect.name == "sqlite" else not inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(None)).get_current_head()  # type: ignore[arg-type]


def open_database(url: str, *, backups: bool = True) -> tuple[Engine, sessionmaker[Session]]:
    """Open (and migrate if needed) the database at ``url``.

    A SQLite file is looked at before SQLite opens it and checked with ``quick_check`` after:
    anything wrong raises :class:`~quizapp.store.health.DatabaseProblem` (with a message for
    the learner) and leaves the file as it was. A database from a newer quizapp is refused.
    With ``backups``, a SQLite file is backed up once a day and always before a migration.
    """
    from quizapp.store import health

    path = health.sqlite_file(url)
    existed = health.preflight(path) if path is not None else False
    if existed:
        _inspect_file(path, backups)  # before the engine: its pragmas would change the file
    engine = make_engine(url)
    try:
        rev = current_revision(engine)
        if rev != HEAD_REVISION:
            if rev is not None:
                _refuse_unknown(engine, rev, path)
                if path is not None and backups:
                    from quizapp.store.backup import make_backup

                    make_backup(path, "pre", tag=rev)  # failing to back up stops the migration
            upgrade(engine)
        elif existed and backups:
            from quizapp.store.backup import daily_backup

            daily_backup(path)
    except health.DatabaseProblem:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        problem = health.problem_from_sqlite_error(exc, path) if path is not None else None
        if problem is None:
            raise
        raise problem from exc
    return engine, sessionmaker(engine, expire_on_commit=False)


def _refuse_unknown(engine: Engine, rev: str, path: Path | None) -> None:
    """A schema revision this version does not know was written by a newer quizapp."""
    from quizapp import __version__
    from quizapp.store import health

    if rev in health.known_revisions():
        return
    with engine.connect() as conn:
        needed = health.needed_version(conn)
    raise health.DatabaseProblem("newer", path if path is not None else engine.url.render_as_string(),
                                 revision=rev, head=HEAD_REVISION, version=__version__, needed=needed or "?")


def _record_app_version(engine: Engine) -> None:
    """After migrating: this version is what the schema needs from now on (``app_meta``)."""
    from quizapp import __version__
    from quizapp.store.models import AppMeta

    with Session(engine) as s, s.begin():
        s.merge(AppMeta(key="schema_app_version", value=__version__))


def table_names(engine: Engine) -> list[str]:
    return inspect(engine).get_table_names()
