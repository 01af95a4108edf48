"""``quizapp drill …``: list, show, start, check, watch, hint, solution, reset."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

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
    print(f"quizapp drill: error: {msg}", file=sys.stderr)
    return EXIT_USAGE


def _store():
    from quizapp.store.store import Store

    return Store()


def _print_verdict(drill, verdict) -> None:
    mark = {True: "✓", False: "✗"}
    print(f"{drill.id} — {drill.title}")
    for c in verdict.checks:
        print(f"  {mark[c['passed']]} {c['name']:<9} {c['message']}")
    if verdict.output.strip():
        lines = verdict.output.rstrip().splitlines()
        print("  your code printed:" + (" (first 20 lines)" if len(lines) > 20 else ""))
        for line in lines[:20]:
            print(f"  | {line}")
    status = "PASSED" if verdict.passed else "FAILED"
    print(f"{status} ({verdict.seconds:.2f} s)")


def cmd_drill(args: argparse.Namespace) -> int:
    from quizapp.drills import service
    from quizapp.drills.mathtext import text_math
    from quizapp.drills.model import DrillError, load_drills

    try:
        drills = load_drills()
    except DrillError as exc:
        print(f"quizapp drill: {exc}", file=sys.stderr)
        return EXIT_FAIL
    action = args.drill_command
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
                print(f"Day {day}")
            status = "passed " if r["passed"] else ("started" if r["started"] else "       ")
            print(f"  [{status}] {r['id']:<30} {r['title']}")
        return EXIT_OK

    drill = drills.get(args.id)
    if drill is None:
        return _usage(f"unknown drill id {args.id!r}; see `quizapp drill list`")

    if action == "show":
        print(f"{drill.id} — {drill.title} (Day {drill.day})\n")
        print(text_math(drill.statement.rstrip()) + "\n")
        print("関数:")
        for f in drill.functions:
            print(f"  {f.signature}" + (f"\n      {f.shapes}" if f.shapes else ""))
        path = service.workspace_path(drill)
        print(f"\nworkspace: {path}" + ("" if path.exists() else f"  (not started: quizapp drill start {drill.id})"))
        return EXIT_OK
    if action == "start":
        path, created = service.start(drill)
        if not created:
            print(f"already started (use `quizapp drill reset {drill.id}` to start over):", file=sys.stderr)
        print(path)
        return EXIT_OK
    if action in ("check", "watch"):
        path = args.file or service.workspace_path(drill)
        if not path.is_file():
            if args.file:
                return _usage(f"no such file: {path}")
            return _usage(f"{drill.id} is not started; run `quizapp drill start {drill.id}` first (or pass --file)")
        if action == "check":
            return _check(drill, path, args.json)
        return _watch(drill, path, args.interval, args.count)

    store = _store()
    try:
        if action == "hint":
            got = service.next_hint(drill, store)
            if got is None:
                print("this drill has no hints")
            else:
                n, text = got
                print(f"hint {n}/{len(drill.hints)}: {text}")
            return EXIT_OK
        if action == "solution":
            if drill.id not in store.passed_drills():
                print("(you have not passed this drill yet; viewing the solution is recorded)", file=sys.stderr)
            print(service.solution(drill, store), end="")
            return EXIT_OK
        if action == "reset":
            path, backup = service.reset(drill, store)
            if backup:
                print(f"your previous file was saved as {backup}", file=sys.stderr)
            print(path)
            return EXIT_OK
    finally:
        store.close()
    return _usage(f"unknown action {action!r}")


def _check(drill, path: Path, as_json: bool) -> int:
    from quizapp.drills import service

    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return _usage(f"cannot read {path}: {exc}")
    store = _store()
    try:
        verdict = service.check(drill, source, store)
    finally:
        store.close()
    if as_json:
        print(json.dumps({"id": drill.id, "passed": verdict.passed, "checks": verdict.checks,
                          "seconds": round(verdict.seconds, 4), "output": verdict.output}, ensure_ascii=False, indent=2))
    else:
        _print_verdict(drill, verdict)
    return EXIT_OK if verdict.passed else EXIT_FAIL


def _watch(drill, path: Path, interval: float, count: int) -> int:
    print(f"watching {path} (Ctrl-C to stop)", file=sys.stderr)
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
                result = _check(drill, path, False)
                sys.stdout.flush()
                done += 1
                if count and done >= count:
                    return result
            time.sleep(interval)
    except KeyboardInterrupt:
        return result
