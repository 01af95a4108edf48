"""Start the TUI from the command line."""

from __future__ import annotations

import argparse
import sys


def run_tui(args: argparse.Namespace) -> int:
    from quizapp import i18n
    from quizapp.quiz import QuizError, resolve_area, resolve_keyword, resolve_syllabus
    from quizapp.tui.app import QuizRequest, make_app

    i18n.set_lang(getattr(args, "lang", None))
    request = None
    command = getattr(args, "command", None)
    if command in ("review", "weak"):
        if getattr(args, "count", 10) < 1:
            print(f"quizapp {command}: {i18n.t('cli_count_min')}", file=sys.stderr)
            return 2
        node = getattr(args, "syllabus", None)
        if node:
            try:
                resolve_syllabus(node)
            except QuizError as exc:
                print(f"quizapp {command}: {exc}", file=sys.stderr)
                return 2
        request = QuizRequest(kind=command, count=getattr(args, "count", 10), syllabus=node)
    elif command == "techtest":
        if args.count < 1 or args.minutes < 1:
            print(f"quizapp techtest: {i18n.t('cli_count_minutes_min')}", file=sys.stderr)
            return 2
        request = QuizRequest(kind="techtest", count=args.count, exam=args.minutes)
    elif command == "exam":
        from quizapp.exam import ExamConfig, parse_shares

        try:
            cfg = ExamConfig(items=args.count, minutes=args.minutes, pass_line=args.pass_line / 100,
                             shares=parse_shares(args.share))
            cfg.validate()
        except QuizError as exc:
            print(f"quizapp exam: {exc}", file=sys.stderr)
            return 2
        request = QuizRequest(kind="exam", exam=cfg, seed=None)
        if args.new:
            request = QuizRequest(kind="exam-new", exam=cfg)
    elif command == "final":
        request = QuizRequest(kind="final-technical" if args.technical else "final")
    elif command == "quiz":
        if args.count < 1:
            print(f"quizapp quiz: {i18n.t('cli_count_min')}", file=sys.stderr)
            return 2
        area = None
        if args.area:
            try:
                area = resolve_area(args.area)
            except QuizError as exc:
                print(f"quizapp quiz: {exc}", file=sys.stderr)
                return 2
        try:
            if args.syllabus:
                resolve_syllabus(args.syllabus)
            if args.keyword:
                resolve_keyword(args.keyword)
        except QuizError as exc:
            print(f"quizapp quiz: {exc}", file=sys.stderr)
            return 2
        request = QuizRequest(day=args.day, area=area, count=args.count, syllabus=args.syllabus, keyword=args.keyword)
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        print(f"quizapp: {i18n.t('cli_needs_terminal')}", file=sys.stderr)
        return 2
    app = make_app(request=request)
    app.run()
    if app.db_problem is not None:  # shown in the app; printed again so it stays on the terminal
        print(app.db_problem.message(), file=sys.stderr)  # type: ignore[attr-defined]
        return 1
    return app.return_code or 0
