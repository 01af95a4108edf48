"""``quizapp db check|backup|restore``: look after the progress database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizapp import i18n

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2

_ACTIONS = {
    "check": ("run SQLite's integrity_check and count the rows of every table (exit 1 on problems)",
              "Check the database without changing it: integrity_check, schema revision, rows per table "
              "and the backups kept beside it. Exit 0 when healthy, 1 on any problem."),
    "backup": ("copy the database (safe while the app runs)",
               "Copy the database with SQLite's online backup API (a consistent copy even while the app "
               "writes), checked before it is kept. Without PATH it goes to the backups folder beside "
               "the database."),
    "restore": ("replace the database with a backup (the current one is kept)",
                "Check the backup PATH (integrity, a quizapp schema this version can read), then put it "
                "in place of the database. The database it replaces is kept in the backups folder; "
                "nothing is deleted. Close the app before restoring."),
}


def add_db_parser(sub, add_common) -> None:
    p = sub.add_parser("db", help="check, back up or restore the progress database",
                       description="Look after the progress database (SQLite files).")
    add_common(p)
    dsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True, parser_class=type(p))
    for name, (short, long) in _ACTIONS.items():
        q = dsub.add_parser(name, help=short, description=long)
        add_common(q)
        if name == "backup":
            q.add_argument("path", nargs="?", type=Path, metavar="PATH",
                           help="where to write the copy (default: backups/ beside the database)")
        elif name == "restore":
            q.add_argument("path", type=Path, metavar="PATH", help="the backup file to restore")


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def _other_database(action: str, url: str) -> int:
    """Row counts for ``check`` on a server database; backup/restore say what they support."""
    from sqlalchemy.engine import make_url

    shown = make_url(url).render_as_string(hide_password=True)
    if action != "check":
        hint = i18n.t("db_cli_pg_hint") if url.startswith("postgres") else ""
        print(i18n.t("db_cli_only_sqlite", action=action, url=shown, hint=hint).rstrip(), file=sys.stderr)
        return EXIT_USAGE
    from sqlalchemy import inspect
    from sqlalchemy.exc import OperationalError

    from quizapp.store.db import current_revision, make_engine

    engine = make_engine(url)
    try:
        try:
            rev = current_revision(engine)
        except OperationalError as exc:  # a server that is down or refuses the login: say so, no traceback
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            print(i18n.t("db_cli_cannot_connect", url=shown, error=reason), file=sys.stderr)
            return EXIT_FAIL
        print(i18n.t("db_cli_check_head", path=shown, size="-", revision=rev or "-"))
        print(i18n.t("db_cli_no_check_other"))
        print(i18n.t("db_cli_rows"))
        with engine.connect() as conn:
            for name in sorted(inspect(conn).get_table_names()):
                n = conn.exec_driver_sql(f'SELECT count(*) FROM "{name}"').scalar()
                print(f"  {name:<20} {n}")
    finally:
        engine.dispose()
    return EXIT_OK


def cmd_db(args: argparse.Namespace) -> int:
    from quizapp.paths import default_db_url
    from quizapp.store import backup
    from quizapp.store.health import sqlite_file

    i18n.set_lang(getattr(args, "lang", None))
    url = default_db_url()
    path = sqlite_file(url)
    action = args.db_command
    if path is None:
        return _other_database(action, url)
    if action == "check":
        report = backup.check(path)
        print(i18n.t("db_cli_check_head", path=report.path, size=_size(report.size), revision=report.revision or "-"))
        if report.problems:
            print(i18n.t("db_cli_check_bad", n=len(report.problems)))
            for p in report.problems:
                print(f"  {p}")
        else:
            print(i18n.t("db_cli_check_ok"))
        print(i18n.t("db_cli_rows"))
        for name, n in report.counts.items():
            print(f"  {name:<20} {n}")
        kept = backup.list_backups(path)
        if kept:
            print(i18n.t("db_cli_backups", n=len(kept), folder=backup.backups_dir(path)))
            for b in kept[:10]:
                print(f"  {b.path.name}  {_size(b.size)}")
        else:
            print(i18n.t("db_cli_no_backups"))
        if report.problems:
            from quizapp.store.health import DatabaseProblem

            print(DatabaseProblem("corrupt", path).message().split("\n", 1)[1], file=sys.stderr)
            return EXIT_FAIL
        return EXIT_OK
    if action == "backup":
        from quizapp.store.health import DatabaseProblem, preflight

        if not preflight(path):
            raise DatabaseProblem("missing", path)
        dest = args.path
        if dest is not None and dest.is_dir():
            dest = dest / f"{path.stem}-{backup._stamp()}.db"  # noqa: SLF001
        if dest is not None and dest.exists():
            print(i18n.t("db_cli_exists", path=dest), file=sys.stderr)
            return EXIT_USAGE
        written = backup.make_backup(path, "manual", dest=dest)
        print(i18n.t("db_cli_backup_done", path=written, size=_size(written.stat().st_size)))
        return EXIT_OK
    # restore
    from quizapp.store.db import HEAD_REVISION

    rev = backup.validate_backup(args.path)
    replaced = backup.restore(path, args.path)
    print(i18n.t("db_cli_restored", path=path, src=args.path))
    if replaced is not None:
        print(i18n.t("db_cli_replaced", path=replaced))
    if rev != HEAD_REVISION:
        print(i18n.t("db_cli_schema_old", revision=rev))
    return EXIT_OK
