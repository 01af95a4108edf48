"""``quizapp drill …``: list, show, start, check, watch, hint, solution, reset."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from quizapp import i18n

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2

_ACTIONS = {
    "list": "list the drills with their status",
    "show": "print a drill's statement",
    "start": "copy the starter into your workspace and print its path",
    "check": "grade your file (exit 0 pass, 1 fail, 2 usage error)",
    "watch": "check again on every save of your file",
    "hint": "show the next hint",
    "solution": "show the reference solution (recorded)",
    "reset": "put the starter back into your workspace (the old file is kept as .bak)",
}


def _common(parser: argparse.ArgumentParser, add_common) -> None:
    """The common options (--db, --lang), accepted at every level without a nested default
    overwriting a value given earlier on the command line."""
    add_common(parser)
    for action in parser._actions:  # noqa: SLF001 - argparse has no public way to do this
        if action.dest in ("db", "lang"):
            action.default = argparse.SUPPRESS


def add_drill_parser(sub, add_common) -> None:
    p = sub.add_parser("drill", help="coding drills (NumPy forward/backward)",
                       description="Coding drills: write NumPy layers; the grader checks them in a sandbox.")
    _common(p, add_common)
    dsub = p.add_subparsers(dest="drill_command", metavar="ACTION", required=True, parser_class=type(p))
    for name, text in _ACTIONS.items():
        q = dsub.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        _common(q, add_common)
        if name == "list":
            q.add_argument("--json", action="store_true", help="print JSON: a list of {id, day, title, passed, ...}")
            continue
        q.add_argument("id", metavar="ID", help="drill id, e.g. day01.relu (see `quizapp drill list`)")
        if name == "check":
            q.add_argument("--file", type=Path, metavar="PATH", help="check this file instead of your workspace file")
            q.add_argument("--json", action="store_true", help="print JSON: {passed, checks: [{name, passed, message}], ...}")
        if name == "watch":
            q.add_argument("--file", type=Path, metavar="PATH", help="watch this file instead of your workspace file")
            q.add_argument("--interval", type=float, default=0.3, help="seconds between looks at the file (default 0.3)")
            q.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)  # stop after N checks (tests)


def _usage(msg: str) -> int:
    print(i18n.t("drill_cli_error", msg=msg), file=sys.stderr)
    return EXIT_USAGE


def _store():
    from quizapp.store.store import Store

    return Store()


def _record_store():
    """Where a check records its submission: the light store (plain ``sqlite3``, the same checks
    and daily backup first) when the database is a SQLite file at the newest revision, so a
    check does not wait for SQLAlchemy; otherwise the full store (it creates or migrates)."""
    from quizapp.store.lite import LiteStore

    return LiteStore.open() or _store()


def _print_verdict(drill, verdict) -> None:
    mark = {True: "✓", False: "✗"}
    print(f"{drill.id} — {drill.title}")
    for c in verdict.checks:
        print(f"  {mark[c['passed']]} {c['name']:<9} {c['message']}")
    if verdict.output.strip():
        lines = verdict.output.rstrip().splitlines()
        print(i18n.t("drill_cli_printed") + (i18n.t("drill_cli_first20") if len(lines) > 20 else ""))
        for line in lines[:20]:
            print(f"  | {line}")
    status = i18n.t("drill_scr_passed") if verdict.passed else i18n.t("drill_scr_failed")
    print(i18n.t("drill_cli_status", status=status, seconds=f"{verdict.seconds:.2f}"))


def cmd_drill(args: argparse.Namespace) -> int:
    i18n.set_lang(getattr(args, "lang", None))  # the grader's messages follow it, too
    sandbox = None
    if args.drill_command in ("check", "watch"):
        # The sandbox worker (a fresh Python importing NumPy) starts first and boots on the
        # other core while this process reads the drill and the file and imports the grader.
        from quizapp.sandbox import Sandbox

        sandbox = Sandbox()
        sandbox.warm()
    try:
        return _cmd_drill(args, sandbox)
    finally:
        if sandbox is not None:
            sandbox.close()


def _cmd_drill(args: argparse.Namespace, sandbox) -> int:
    from quizapp.drills import service
    from quizapp.drills.mathtext import text_math
    from quizapp.drills.model import DrillError, load_drills, load_one

    action = args.drill_command
    try:
        # one drill named by id: only its own folder is read (all of them for list or an unknown id)
        one = load_one(args.id) if action != "list" else None
        drills = {one.id: one} if one is not None else load_drills()
    except DrillError as exc:
        print(f"quizapp drill: {exc}", file=sys.stderr)
        return EXIT_FAIL
    if action == "list":
        store = _store()
        try:
            rows = service.drill_rows(store)
        finally:
            store.close()
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=2))
            return EXIT_OK
        day = None
        for r in rows:
            if r["day"] != day:
                day = r["day"]
                print(i18n.t("drill_cli_day", day=day))
            status = i18n.t("drill_cli_passed" if r["passed"] else ("drill_cli_started" if r["started"] else "drill_cli_new"))
            print(f"  [{status}] {r['id']:<30} {r['title']}")
        return EXIT_OK

    drill = drills.get(args.id)
    if drill is None:
        return _usage(i18n.t("drill_cli_unknown_id", id=repr(args.id)))

    if action == "show":
        print(i18n.t("drill_cli_show_head", id=drill.id, title=drill.title, day=drill.day) + "\n")
        print(text_math(drill.statement.rstrip()) + "\n")
        print(i18n.t("drill_cli_functions"))
        for f in drill.functions:
            print(f"  {f.signature}" + (f"\n      {f.shapes}" if f.shapes else ""))
        path = service.workspace_path(drill)
        print("\n" + i18n.t("drill_cli_workspace", path=path)
              + ("" if path.exists() else i18n.t("drill_cli_not_started", id=drill.id)))
        return EXIT_OK
    if action == "start":
        path, created = service.start(drill)
        if not created:
            print(i18n.t("drill_cli_already", id=drill.id), file=sys.stderr)
        print(path)
        return EXIT_OK
    if action in ("check", "watch"):
        path = args.file or service.workspace_path(drill)
        if not os.path.lexists(path):  # a FIFO or symlink there gets its own message from the check
            if args.file:
                return _usage(i18n.t("drill_cli_no_file", path=path))
            return _usage(i18n.t("drill_cli_not_started_err", id=drill.id))
        from quizapp.drills.grader import Grader

        grader = Grader(sandbox=sandbox)  # the worker started above; closed by cmd_drill
        if action == "check":
            return _check(drill, path, args.json, grader)
        return _watch(drill, path, args.interval, args.count, grader)

    store = _store()
    try:
        if action == "hint":
            already = service.hints_shown(store, drill)
            got = service.next_hint(drill, store)
            if got is None:
                print(i18n.t("drill_cli_no_hints"))
            else:
                n, text = got
                print(i18n.t("drill_cli_hint", n=n, total=len(drill.hints), text=text))
                if already >= len(drill.hints):  # every hint was already shown: say so
                    print(i18n.t("drill_scr_last_hint", n=len(drill.hints)))
            return EXIT_OK
        if action == "solution":
            if drill.id not in store.passed_drills():
                print(i18n.t("drill_cli_solution_note"), file=sys.stderr)
            print(service.solution(drill, store), end="")
            return EXIT_OK
        if action == "reset":
            path, backup = service.reset(drill, store)
            if backup:
                print(i18n.t("drill_cli_backup", path=backup), file=sys.stderr)
            print(path)
            return EXIT_OK
    finally:
        store.close()
    return _usage(i18n.t("drill_cli_unknown_action", action=repr(action)))


_LIMITED_SAID = False


def _say_limited() -> None:
    """Say once per run, on standard error, when the sandbox is limited (no kernel confinement)."""
    global _LIMITED_SAID
    from quizapp import sandbox

    if not _LIMITED_SAID and sandbox.level() != "full":
        _LIMITED_SAID = True
        from quizapp.sandbox_text import describe

        print(i18n.t("sandbox_limited", why=describe()), file=sys.stderr)


def _check(drill, path: Path, as_json: bool, grader=None) -> int:
    from quizapp.drills import service

    try:
        source = service.read_source(path)
    except service.DrillFileError as exc:
        return _usage(str(exc.strerror))
    except (OSError, UnicodeDecodeError) as exc:
        return _usage(i18n.t("drill_cli_cannot_read", path=path, error=exc))
    _say_limited()
    store = _record_store()
    try:
        verdict = service.check(drill, source, store, grader=grader, filename=path.name)
    finally:
        store.close()
    if as_json:
        print(json.dumps({"id": drill.id, "passed": verdict.passed, "checks": verdict.checks,
                          "seconds": round(verdict.seconds, 4), "output": verdict.output}, ensure_ascii=False, indent=2))
    else:
        _print_verdict(drill, verdict)
    return EXIT_OK if verdict.passed else EXIT_FAIL


def _watch(drill, path: Path, interval: float, count: int, grader=None) -> int:
    print(i18n.t("drill_cli_watching", path=path), file=sys.stderr)
    last = None
    done = 0
    result = EXIT_FAIL
    try:
        while True:
            try:
                st = path.stat()
                stamp = (st.st_mtime_ns, st.st_size)
            except OSError:
                stamp = None
            if stamp is not None and stamp != last:
                last = stamp
                if sys.stdout.isatty():  # each run on a clean screen, like rustlings watch
                    # our own sequence: past the CLI's filter of learner-controlled text
                    getattr(sys.stdout, "write_control", sys.stdout.write)("\x1b[2J\x1b[H")
                    print(i18n.t("drill_cli_watching", path=path))
                result = _check(drill, path, False, grader)
                sys.stdout.flush()
                done += 1
                if count and done >= count:
                    return result
            time.sleep(interval)
    except KeyboardInterrupt:
        return result
