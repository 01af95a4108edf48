"""``quizapp class …``: the instructor's commands (PostgreSQL)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def add_class_parser(sub, add_common) -> None:
    k = sub.add_parser("class", help="class mode: a shared PostgreSQL database, finals, leaderboard (instructor)",
                       description="Class mode for instructors: one PostgreSQL database for a course, a login per "
                                   "learner, the DAY.10 final, a live leaderboard and the awards. Give the database "
                                   "with --db URL (the instructor's login) or --data DIR (a `class serve` folder).")
    ks = k.add_subparsers(dest="class_command", metavar="ACTION", required=True, parser_class=type(k))

    def common(p):
        add_common(p)
        p.add_argument("--data", type=Path, metavar="DIR", default=argparse.SUPPRESS,
                       help="the folder of `class serve` (instead of --db)")

    p = ks.add_parser("serve", help="run an embedded PostgreSQL for the class",
                      description="Run an embedded PostgreSQL server for the class, keeping its data in DIR, until "
                                  "Ctrl-C. Creates the database, migrates it and creates the roles.")
    p.add_argument("--data", type=Path, metavar="DIR", required=True, help="data folder (created if missing)")
    p.add_argument("--port", type=int, default=5432, help="TCP port for the learners (default 5432)")
    p.add_argument("--listen", default="0.0.0.0", help="address to listen on (default: all)")
    p.add_argument("--public-host", help="host name learners use to connect (default: this machine's address)")
    p = ks.add_parser("init", help="set up an existing PostgreSQL database for a class",
                      description="Migrate the database given with --db and install roles and row-level security.")
    common(p)
    p = ks.add_parser("add", help="add learners (one login each)", description="Add learners and print their lines.")
    common(p)
    p.add_argument("names", nargs="+", metavar="NAME")
    p.add_argument("--host", help="host in the printed lines (default: the server's)")
    p.add_argument("--port", type=int, help="port in the printed lines")
    p = ks.add_parser("import", help="add the learners of a roster CSV", description="Add every learner of a CSV "
                      "file with a `name` column (or names in the first column) and print their lines.")
    common(p)
    p.add_argument("roster", type=Path)
    p.add_argument("--host", help="host in the printed lines (default: the server's)")
    p.add_argument("--port", type=int, help="port in the printed lines")
    p = ks.add_parser("invite", help="print the line a learner runs (new password)",
                      description="Issue a new password for a learner and print the one line they run.")
    common(p)
    p.add_argument("name")
    p.add_argument("--host", help="host in the printed line (default: the server's)")
    p.add_argument("--port", type=int, help="port in the printed line")

    f = ks.add_parser("final", help="DAY.10 final tests: create, list, close", description="The class's final tests.")
    fs = f.add_subparsers(dest="final_command", metavar="ACTION", required=True, parser_class=type(k))
    p = fs.add_parser("create", help="define a final (fixed seeded questions and drills, open window)",
                      description="Create a final: one seeded knowledge test for everybody, composed like the mock "
                                  "exam, a technical test of drills, and the window in which it is open.")
    common(p)
    p.add_argument("--title", default="DAY.10 修了テスト")
    p.add_argument("--questions", type=int, default=100, help="knowledge-test questions (default 100)")
    p.add_argument("--minutes", type=int, default=120, help="knowledge-test time limit (default 120)")
    p.add_argument("--drills", type=int, default=5, help="technical-test drills (default 5)")
    p.add_argument("--technical-minutes", type=int, default=60, help="technical-test time limit (default 60)")
    p.add_argument("--opens-in", type=float, default=0.0, metavar="MINUTES", help="opens in this many minutes (default now)")
    p.add_argument("--hours", type=float, default=4.0, help="how long it stays open (default 4)")
    p.add_argument("--seed", type=int, help="seed of the question draw (default random)")
    p = fs.add_parser("list", help="list the finals", description="List the finals with their windows.")
    common(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p = fs.add_parser("close", help="close a final now", description="Close a final now (server clock).")
    common(p)
    p.add_argument("final_id", type=int)

    p = ks.add_parser("board", help="leaderboard of a final", description="Knowledge, technical and combined "
                      "scores of a final, recomputed from the stored answers; ties go to less time used.")
    common(p)
    p.add_argument("--final", type=int, help="final id (default: the newest)")
    p.add_argument("--watch", action="store_true", help="a live screen that refreshes as answers arrive")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--allow-unconfined", action="store_true", help=_UNCONFINED_HELP)
    p = ks.add_parser("awards", help="the 優秀者 of a final (text and printable HTML)",
                      description="The top N of a final by combined score, with the rule printed.")
    common(p)
    p.add_argument("--final", type=int, help="final id (default: the newest)")
    p.add_argument("--top", type=int, default=3, help="how many (default 3)")
    p.add_argument("--html", type=Path, metavar="FILE", help="also write a printable HTML page")
    p.add_argument("--allow-unconfined", action="store_true", help=_UNCONFINED_HELP)
    p = ks.add_parser("report", help="class report (html, csv or json)",
                      description="Per learner: progress by day, area and topic, exam and technical-test history, "
                                  "final results, and who is falling behind.")
    common(p)
    p.add_argument("--format", choices=("html", "csv", "json"), default="html")
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")
    p.add_argument("--allow-unconfined", action="store_true", help=_UNCONFINED_HELP)


_UNCONFINED_HELP = ("grade learners' code even where the kernel sandbox is not available "
                    "(a hostile submission could then forge its verdict)")


def _require_sandbox(args) -> int | None:
    """Class-mode grading runs learners' code kernel-confined, or not at all unless the
    instructor says so explicitly."""
    from quizapp import sandbox
    from quizapp.classmode import scoring

    scoring.ALLOW_UNCONFINED = bool(getattr(args, "allow_unconfined", False))
    if sandbox.level() == "full" or scoring.ALLOW_UNCONFINED:
        return None
    from quizapp import i18n

    from quizapp.sandbox_text import describe

    print(i18n.t("cls_no_sandbox", command=args.class_command, what=describe()), file=sys.stderr)
    return EXIT_FAIL


def _admin_url(args) -> str:
    import os

    from quizapp.classmode.server import read_config

    data = getattr(args, "data", None)
    if data is not None:
        return read_config(data)["admin_url"]
    url = os.environ.get("QUIZAPP_DB", "")
    if not url.startswith(("postgresql", "postgres:")):
        from quizapp import i18n

        raise ValueError(i18n.t("cls_needs_pg"))
    return url


def _engine(args):
    from quizapp.store.db import open_database

    engine, _sm = open_database(_admin_url(args))
    return engine


def _print_lines(args, admin_url: str, creds) -> None:
    from quizapp.classmode.roster import invite_line
    from quizapp.classmode.server import read_config

    host, port = getattr(args, "host", None), getattr(args, "port", None)
    if getattr(args, "data", None) is not None and not host:
        cfg = read_config(args.data)
        host, port = cfg["public_host"], port or cfg["port"]
    for c in creds:
        print(f"{c.name}\t{invite_line(admin_url, c, host, port)}")


def _bank_and_drills():
    from quizapp.bank import load_bank
    from quizapp.drills.model import load_drills

    return load_bank(None), load_drills()


def _final_id(args, engine) -> int:
    from quizapp.classmode.finals import FinalError, list_finals

    if getattr(args, "final", None):
        return args.final
    fs = list_finals(engine)
    if not fs:
        from quizapp import i18n

        raise FinalError(i18n.t("cls_no_final_yet"))
    return fs[-1].id


def cmd_class(args: argparse.Namespace) -> int:
    from quizapp import i18n
    from quizapp.classmode import texts  # noqa: F401 - registers the strings
    from quizapp.classmode.finals import FinalError
    from quizapp.classmode.roster import RosterError

    i18n.set_lang(getattr(args, "lang", None))

    try:
        return _dispatch(args)
    except (RosterError, FinalError, ValueError, FileNotFoundError) as exc:
        print(f"quizapp class {args.class_command}: {exc}", file=sys.stderr)
        return EXIT_FAIL


def _dispatch(args) -> int:
    from quizapp import i18n
    from quizapp.classmode import finals, roster, scoring, security

    cmd = args.class_command
    if cmd == "serve":
        return _serve(args)
    if cmd in ("board", "awards", "report"):
        refused = _require_sandbox(args)
        if refused is not None:
            return refused
    engine = _engine(args)
    try:
        if cmd == "init":
            group = security.install(engine)
            print(i18n.t("cls_init_ok", group=group))
        elif cmd in ("add", "import"):
            security.install(engine)
            names = args.names if cmd == "add" else roster.read_roster(args.roster)
            _print_lines(args, _admin_url(args), roster.add_learners(engine, names))
        elif cmd == "invite":
            _print_lines(args, _admin_url(args), [roster.invite(engine, args.name)])
        elif cmd == "final":
            return _final(args, engine)
        elif cmd == "board":
            bank, drills = _bank_and_drills()
            fid = _final_id(args, engine)
            if args.watch:
                from quizapp.classmode.board_tui import run_board

                return run_board(engine, fid, bank, drills)
            board = scoring.standings(engine, fid, bank, drills)
            if args.json:
                print(json.dumps([s.to_dict() for s in board], ensure_ascii=False, indent=2))
            else:
                print(render_board(finals.get_final(engine, fid), board))
        elif cmd == "awards":
            from quizapp.classmode.awards import awards_html, awards_text

            bank, drills = _bank_and_drills()
            fid = _final_id(args, engine)
            final = finals.get_final(engine, fid)
            board = scoring.standings(engine, fid, bank, drills)
            print(awards_text(final, board, args.top))
            if args.html:
                args.html.write_text(awards_html(final, board, args.top), encoding="utf-8")
                print(i18n.t("cls_written", path=args.html))
        elif cmd == "report":
            from quizapp.classmode.report import class_report, render_report

            bank, drills = _bank_and_drills()
            data = class_report(engine, bank, drills)
            out = render_report(data, args.format)
            if args.output:
                args.output.write_text(out, encoding="utf-8")
            else:
                sys.stdout.write(out)
        return EXIT_OK
    finally:
        engine.dispose()


def _final(args, engine) -> int:
    from quizapp import i18n
    from quizapp.classmode import finals

    if args.final_command == "create":
        bank, drills = _bank_and_drills()
        f = finals.create_final(engine, bank, drills, title=args.title, questions=args.questions,
                                minutes=args.minutes, drill_count=args.drills,
                                technical_minutes=args.technical_minutes, hours_open=args.hours,
                                opens_in_minutes=args.opens_in, seed=args.seed)
        print(i18n.t("cls_final_created", id=f.id, questions=len(f.items), minutes=f.knowledge_minutes,
                     drills=len(f.drills), tminutes=f.technical_minutes, opens=f"{f.opens_at:%Y-%m-%d %H:%M}",
                     closes=f"{f.closes_at:%Y-%m-%d %H:%M}", seed=f.seed))
    elif args.final_command == "list":
        fs = finals.list_finals(engine)
        if args.json:
            print(json.dumps([f.to_dict() for f in fs], ensure_ascii=False, indent=2))
        for f in [] if args.json else fs:
            print(i18n.t("cls_final_row", id=f.id, title=f.title, questions=len(f.items), minutes=f.knowledge_minutes,
                         drills=len(f.drills), tminutes=f.technical_minutes, opens=f"{f.opens_at:%Y-%m-%d %H:%M}",
                         closes=f"{f.closes_at:%Y-%m-%d %H:%M}"))
    else:
        f = finals.close_final(engine, args.final_id)
        print(i18n.t("cls_final_closed", id=f.id, closes=f"{f.closes_at:%Y-%m-%d %H:%M:%S}"))
    return EXIT_OK


def _fmt_time(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m // 60}:{m % 60:02d}:{s:02d}"


def render_board(final, board) -> str:
    from quizapp import i18n

    lines = [i18n.t("class_board_title", id=final.id, title=final.title), i18n.t("class_board_head")]
    for st in board:
        lines.append(f"{st.rank:>4}  {st.learner[:20]:<20} {st.knowledge_correct:>3}/{st.knowledge_total:<3} "
                     f"{st.knowledge_pct:5.1f}%  {st.technical_passed}/{st.technical_total} {st.technical_pct:5.1f}%  "
                     f"{st.combined_pct:5.1f}%  {_fmt_time(st.seconds)}")
    return "\n".join(lines)


def _serve(args) -> int:
    import signal
    import threading

    from quizapp import i18n
    from quizapp.classmode import security
    from quizapp.classmode.server import ClassServer, guess_public_host
    from quizapp.store.db import open_database

    server = ClassServer(args.data.resolve(), args.port, args.listen, None)
    server.start()
    try:
        url = server.ensure_database()
        engine, _ = open_database(url)
        security.install(engine)
        engine.dispose()
        public = args.public_host or guess_public_host()
        server.write_config(public)
        print(i18n.t("cls_serve_ready", host=public, port=args.port, data=server.data), flush=True)
        print(i18n.t("cls_serve_add", data=server.data), flush=True)
        print(i18n.t("cls_serve_final", data=server.data), flush=True)
        print(i18n.t("cls_serve_board", data=server.data), flush=True)
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        stop.wait()
    finally:
        server.stop()
        print(i18n.t("cls_serve_stopped"), flush=True)
    return EXIT_OK
