"""``quizapp drill …`` commands (placeholder until the grader lands)."""

from __future__ import annotations

import argparse
import sys


def add_drill_parser(sub, add_common) -> None:
    p = sub.add_parser("drill", help="coding drills", description="Coding drills (NumPy forward/backward).")
    add_common(p)
    p.add_argument("drill_command", nargs="?", help="list | show | start | check | watch | hint | solution | reset")


def cmd_drill(args: argparse.Namespace) -> int:
    print("quizapp drill: the coding drills are not available in this version", file=sys.stderr)
    return 2
