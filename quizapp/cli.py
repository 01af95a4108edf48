"""The ``quizapp`` command line: the TUI by default, plus bank, quiz, report and drill commands."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from quizapp import __version__

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with a clear line
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, argparse._("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message})


def _add_common(p: argparse.ArgumentParser, top: bool = False) -> None:
    # On subcommands the defaults are SUPPRESS, so `quizapp --db URL report` keeps the URL
    # given before the subcommand instead of resetting it to None.
    default = None if top else argparse.SUPPRESS
    p.add_argument("--db", metavar="URL", default=default,
                   help="SQLAlchemy database URL (default: $QUIZAPP_DB or a SQLite file in the data folder)")
    p.add_argument("--lang", choices=("ja", "en"), default=default, help="interface language (default: ja)")
    p.add_argument("--learner", metavar="NAME", default=default,
                   help="learner profile: progress is kept per name (default: $QUIZAPP_LEARNER or 'default')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="quizapp",
        description="JDLA E資格 (E検定) exam prep in the terminal. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"quizapp {__version__}")
    _add_common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("tui", help="open the app (the default)", description="Open the terminal app.")
    _add_common(p)

    p = sub.add_parser("quiz", help="open the app straight into a quiz", description="Start a quiz in the app.")
    _add_common(p)
    p.add_argument("--day", type=int, choices=range(0, 10), metavar="N", help="curriculum day 0-9")
    p.add_argument("--area", help="area, e.g. 機械学習 or 深層学習")
    p.add_argument("--syllabus", metavar="ID", help="syllabus item: a 大項目 (4), 中項目 (4-2) or 小項目 (4-2-2)")
    p.add_argument("--keyword", metavar="WORD", help="syllabus keyword, e.g. NMS (see `quizapp bank coverage`)")
    p.add_argument("--count", type=int, default=10, metavar="K", help="number of questions (default 10)")

    p = sub.add_parser("review", help="review the questions due today (spaced repetition)",
                       description="Open the app on a review of every due item, most overdue first.")
    _add_common(p)
    p = sub.add_parser("weak", help="practice your weakest topics", description="Open the app on weak-spot practice.")
    _add_common(p)
    p.add_argument("--count", type=int, default=10, metavar="K", help="number of questions (default 10)")
    p.add_argument("--syllabus", metavar="ID", help="only this part of the syllabus: 4, 4-2 or 4-2-2")

    p = sub.add_parser("exam", help="DAY.10 mock exam (timed, scored per area)",
                       description="Open the app on a timed mock exam (resumes an unfinished one), "
                                   "or list past results with --history.")
    _add_common(p)
    p.add_argument("--count", type=int, default=100, metavar="N", help="questions (default 100)")
    p.add_argument("--minutes", type=int, default=120, metavar="M", help="time limit (default 120)")
    p.add_argument("--pass-line", type=float, default=65.0, metavar="PCT", help="pass line in percent (default 65)")
    p.add_argument("--share", action="append", default=[], metavar="AREA=PCT",
                   help="share of a report area in percent, instead of the default draw by syllabus item (repeatable; "
                        "areas not given keep 応用数学=10 機械学習=20 深層学習=60 開発・運用環境=10)")
    p.add_argument("--new", action="store_true", help="start a new exam even if one is unfinished")
    p.add_argument("--history", action="store_true", help="print past results instead of opening the app")
    p.add_argument("--json", action="store_true", help="with --history: print JSON")

    p = sub.add_parser("techtest", help="DAY.10 technical test (timed coding drills)",
                       description="Open the app on a timed set of drills from different days "
                                   "(resumes an unfinished one), or list past results with --history.")
    _add_common(p)
    p.add_argument("--count", type=int, default=5, metavar="N", help="drills (default 5)")
    p.add_argument("--minutes", type=int, default=60, metavar="M", help="time limit (default 60)")
    p.add_argument("--history", action="store_true", help="print past results instead of opening the app")
    p.add_argument("--json", action="store_true", help="with --history: print JSON")

    bank = sub.add_parser("bank", help="check and count the question banks", description="Question-bank tools.")
    bsub = bank.add_subparsers(dest="bank_command", metavar="ACTION", required=True, parser_class=_Parser)
    p = bsub.add_parser("validate", help="report every schema error (exit 1 if any)",
                        description="Check bank files against the schema; every error with file, line and field.")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the shipped banks and $QUIZAPP_BANKS)")
    p = bsub.add_parser("verify", help="run every computation and code question (exit 1 on any failure)",
                        description="Run numeric computations and code questions in a sandbox and check the answer keys.")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the shipped banks)")
    p.add_argument("--jobs", type=int, default=2, help="parallel sandboxes (default 2)")
    p.add_argument("-v", "--verbose", action="store_true", help="list questions that pass too")
    p = bsub.add_parser("stats", help="count questions by day, area, type and topic", description="Bank statistics.")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the shipped banks)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = bsub.add_parser("lint", help="find test-taking cues (exit 1 on any finding not waived)",
                        description="Report, with file:line, the cues that let a test-wise learner pick the key "
                                    "without knowing the material: the longest key, a key alone in carrying a formula, "
                                    "gloss or hedge, absolute words only in distractors, choices named by position, "
                                    "duplicate choices, mixed punctuation widths, missing rationales, uneven key "
                                    "positions; and sentences broken mid-way by a line break. Waivers (waive: in "
                                    "the YAML, with a reason) are listed.")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the shipped banks and $QUIZAPP_BANKS)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = bsub.add_parser("coverage", help="questions per syllabus item and keyword",
                        description="Count questions, calculation/code questions and verified questions for every "
                                    "syllabus item (小項目) and keyword; mark items in scope under N questions.")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the shipped banks)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--below", type=int, metavar="N", default=None,
                   help="list only examined items and keywords with fewer than N questions (exit 1 if any)")

    p = sub.add_parser("report", help="progress report", description="Print a progress report.")
    _add_common(p)
    p.add_argument("--format", choices=("text", "md", "html", "json", "csv"), default="text",
                   help="text (default), md, html (self-contained, with charts), json or csv")
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")

    from quizapp.drills.cli import add_drill_parser  # noqa: PLC0415

    add_drill_parser(sub, _add_common)

    p = sub.add_parser("final", help="take the open final test of your class (class mode)",
                       description="Open the final test your instructor has opened on the class database "
                                   "(the knowledge test; --technical for the technical test). It resumes if started.")
    _add_common(p)
    p.add_argument("--technical", action="store_true", help="the technical test instead of the knowledge test")

    from quizapp.classmode.cli import add_class_parser  # noqa: PLC0415

    add_class_parser(sub, _add_common)

    from quizapp.doctor import add_doctor_parser  # noqa: PLC0415

    add_doctor_parser(sub, _add_common)

    from quizapp.store.cli import add_db_parser  # noqa: PLC0415

    add_db_parser(sub, _add_common)
    return parser


def _load_bank(paths: list[Path]):
    from quizapp.bank import load_bank

    return load_bank(paths or None)


def cmd_bank(args: argparse.Namespace) -> int:
    from quizapp import i18n

    bank = _load_bank(args.paths)
    if args.bank_command == "validate":
        for issue in bank.issues:
            print(issue)
        n_files = len(bank.files)
        if bank.issues:
            print(i18n.t("bank_validate_failed", n=len(bank.issues), files=n_files, valid=len(bank)), file=sys.stderr)
            return EXIT_FAIL
        print(i18n.t("bank_validate_ok", n=len(bank), files=n_files))
        return EXIT_OK
    if args.bank_command == "lint":
        from quizapp.bank.lint import format_report, lint_questions

        for issue in bank.issues:
            print(i18n.t("bank_invalid", issue=issue), file=sys.stderr)
        report = lint_questions(bank.questions)
        if args.json:
            print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            print(format_report(report, lang=i18n.get_lang()))
        return EXIT_OK if report.ok and not bank.issues else EXIT_FAIL
    if args.bank_command == "coverage":
        from quizapp.bank.coverage import DEFAULT_BELOW, coverage, format_coverage
        from quizapp.bank.syllabus import SyllabusError

        for issue in bank.issues:
            print(i18n.t("bank_warning", issue=issue), file=sys.stderr)
        if args.below is not None and args.below < 1:
            print(i18n.t("bank_cli_error", action="coverage", msg=i18n.t("bank_below_min")), file=sys.stderr)
            return EXIT_USAGE
        below = args.below or DEFAULT_BELOW
        try:
            cov = coverage(bank)
        except SyllabusError as exc:
            print(i18n.t("bank_error", error=exc), file=sys.stderr)
            return EXIT_FAIL
        if args.json:
            print(json.dumps(cov.to_dict(below), ensure_ascii=False, indent=2))
        else:
            print(format_coverage(cov, below, only_below=args.below is not None, lang=i18n.get_lang()))
        if args.below is not None:
            s = cov.summary(below)
            under = s["items_in_scope"] - s[f"items_in_scope_with_{below}_or_more"]
            return EXIT_FAIL if under or s["keywords_at_0"] or s[f"keywords_at_1_to_{below - 1}"] else EXIT_OK
        return EXIT_OK
    if args.bank_command == "stats":
        from quizapp.bank.stats import bank_stats

        stats = bank_stats(bank)
        for issue in bank.issues:
            print(i18n.t("bank_warning", issue=issue), file=sys.stderr)
        if args.json:
            print(json.dumps(stats, ensure_ascii=False, indent=2))
        else:
            print(i18n.t("bank_stats_total", total=stats["total"], verified=stats["verified"]))
            print(i18n.t("bank_stats_day", counts="  ".join(f"{d}:{n}" for d, n in stats["by_day"].items())))
            print(i18n.t("bank_stats_area", counts="  ".join(f"{i18n.area_name(a)}:{n}"
                                                              for a, n in stats["by_area"].items())))
            print(i18n.t("bank_stats_type", counts="  ".join(f"{t}:{n}" for t, n in stats["by_type"].items())))
            print(i18n.t("bank_stats_topics", n=len(stats["by_topic"])))
        return EXIT_OK
    # verify
    from quizapp.bank.verify import verify_all

    for issue in bank.issues:
        print(i18n.t("bank_invalid", issue=issue))
    failures = 0

    def progress(res) -> None:
        nonlocal failures
        if not res.ok:
            failures += 1
            print(res, flush=True)
        elif args.verbose:
            print(res, flush=True)

    results = verify_all(bank.questions, workers=max(1, args.jobs), progress=progress)
    runs = sum(r.runs for r in results)
    skipped = [r for r in results if r.skipped]
    if skipped:
        from quizapp.bank.verify import FRAMEWORKS

        names = sorted({FRAMEWORKS.get(f, f) for r in skipped for f in r.skipped})
        print(i18n.t("verify_skipped", n=len(skipped), names=", ".join(names)), file=sys.stderr)
    checked = len(results) - len(skipped)
    summary = i18n.t("bank_verify_summary", ok=checked - failures, total=checked, runs=runs)
    if skipped:
        summary += i18n.t("bank_verify_skipped", n=len(skipped))
    if failures or bank.issues:
        print(i18n.t("bank_verify_failed", summary=summary, failures=failures, invalid=len(bank.issues)), file=sys.stderr)
        return EXIT_FAIL
    print(summary)
    return EXIT_OK


def cmd_exam_history(args: argparse.Namespace) -> int:
    from quizapp.store.store import Store

    store = Store()
    try:
        hist = store.exam_history(args.command)
    finally:
        store.close()
    if args.json:
        print(json.dumps(hist, ensure_ascii=False, indent=2))
        return EXIT_OK
    from quizapp import i18n

    if not hist:
        print(i18n.t("history_none", command=args.command))
    if args.command == "techtest":
        for h in hist:
            r = h["result"] or {}
            print(f"{h['finished_at'][:16]}  " + i18n.t("history_techtest", passed=r.get("passed"), total=r.get("total"),
                                                          minutes=int(r.get("seconds", 0)) // 60))
        return EXIT_OK
    for h in hist:
        r = h["result"] or {}
        areas = "  ".join(f"{i18n.area_name(a)} {v['pct']:.0f}%" for a, v in r.get("by_area", {}).items() if v["total"])
        verdict = i18n.t("exam_pass") if r.get("passed") else i18n.t("exam_fail")
        print(f"{h['finished_at'][:16]}  {r.get('score_pct', 0):5.1f}%  {verdict}  {r.get('correct')}/{r.get('total')}  {areas}")
    return EXIT_OK


_TUI_COMMANDS = ("tui", "quiz", "review", "weak", "exam", "techtest", "final")


def _strip_terminal_controls() -> None:
    """The plain commands print text that learners and bank authors control (drill output,
    prompts, file names): escape sequences in it must not reach the terminal."""
    from quizapp.termsafe import SafeStream

    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, SafeStream):
            setattr(sys, name, SafeStream(stream))


def main(argv: list[str] | None = None) -> int:
    from quizapp import i18n
    from quizapp.cli_i18n import install_argparse_messages, lang_from_argv, localize

    argv = sys.argv[1:] if argv is None else list(argv)
    lang = lang_from_argv(argv)  # --help and usage errors are in the interface language too
    i18n.set_lang(lang)
    install_argparse_messages(lang)
    parser = build_parser()
    localize(parser, lang)
    args = parser.parse_args(argv)
    if args.db:
        os.environ["QUIZAPP_DB"] = args.db
    if getattr(args, "learner", None):
        os.environ["QUIZAPP_LEARNER"] = args.learner
    from quizapp.store.types import learner_name

    try:
        learner_name()
    except ValueError:
        parser.error(i18n.t("learner_name_bad", n=len((os.environ.get("QUIZAPP_LEARNER") or "").strip())))
    cmd = args.command or "tui"
    saved = sys.stdout, sys.stderr
    if cmd not in _TUI_COMMANDS or getattr(args, "history", False):
        _strip_terminal_controls()
    try:
        if cmd == "db":
            from quizapp.store.cli import cmd_db

            return cmd_db(args)
        if cmd == "bank":
            return cmd_bank(args)
        if cmd == "report":
            from quizapp.reports import cmd_report

            return cmd_report(args)
        if cmd in ("exam", "techtest") and args.history:
            return cmd_exam_history(args)
        if cmd == "drill":
            from quizapp.drills.cli import cmd_drill

            return cmd_drill(args)
        if cmd == "class":
            from quizapp.classmode.cli import cmd_class

            return cmd_class(args)
        if cmd == "doctor":
            from quizapp.doctor import cmd_doctor

            return cmd_doctor(args)
        from quizapp.tui.run import run_tui

        return run_tui(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        from quizapp.store.health import DatabaseProblem

        if not isinstance(exc, DatabaseProblem):
            raise
        from quizapp import i18n

        i18n.set_lang(getattr(args, "lang", None))
        print(exc.message(), file=sys.stderr)
        return EXIT_FAIL
    finally:
        sys.stdout, sys.stderr = saved


if __name__ == "__main__":
    raise SystemExit(main())
