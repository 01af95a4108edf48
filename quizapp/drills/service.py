"""What the CLI and the drill screen do with a drill: the learner's workspace file, hints one at
a time, the solution (recorded), and checking with the verdict stored. No Textual here."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select

from quizapp.drills.grader import Grader, Verdict, default_grader
from quizapp.drills.model import Drill, load_drills
from quizapp.paths import data_dir
from quizapp.store.models import DrillEvent
from quizapp.store.store import Store


def workspace_dir() -> Path:
    path = data_dir() / "drills"
    path.mkdir(parents=True, exist_ok=True)
    return path


def workspace_path(drill: Drill) -> Path:
    """The learner's file for ``drill`` (``day01_relu.py``: importable by name, too)."""
    return workspace_dir() / f"{drill.id.replace('.', '_')}.py"


def start(drill: Drill) -> tuple[Path, bool]:
    """Copy the starter into the workspace unless the learner's file exists; (path, created)."""
    path = workspace_path(drill)
    if path.exists():
        return path, False
    path.write_text(drill.starter, encoding="utf-8")
    return path, True


def reset(drill: Drill, store: Store) -> tuple[Path, Path | None]:
    """Put the starter back (the previous file is kept as ``.bak``); recorded as a ``reset``."""
    path = workspace_path(drill)
    backup = None
    if path.exists():
        backup = path.with_suffix(".py.bak")
        shutil.copyfile(path, backup)
    path.write_text(drill.starter, encoding="utf-8")
    store.record_drill_event(drill.id, "reset")
    return path, backup


def _event_count(store: Store, drill_id: str, kind: str) -> int:
    with store.sessionmaker.begin() as s:
        stmt = select(func.count()).select_from(DrillEvent).where(
            DrillEvent.learner_id == store.learner_id, DrillEvent.drill_id == drill_id, DrillEvent.kind == kind)
        return int(s.scalar(stmt) or 0)


def hints_shown(store: Store, drill: Drill) -> int:
    return min(_event_count(store, drill.id, "hint"), len(drill.hints))


def next_hint(drill: Drill, store: Store) -> tuple[int, str] | None:
    """The next hint (1-based number, text), recorded; None when there are no hints at all.
    After the last one, the last one is shown again (and not recorded again)."""
    if not drill.hints:
        return None
    shown = hints_shown(store, drill)
    if shown >= len(drill.hints):
        return len(drill.hints), drill.hints[-1]
    store.record_drill_event(drill.id, "hint", str(shown + 1))
    return shown + 1, drill.hints[shown]


def solution(drill: Drill, store: Store) -> str:
    """The reference solution; viewing it is recorded (and whether the drill was passed before)."""
    passed = drill.id in store.passed_drills()
    store.record_drill_event(drill.id, "solution", "after passing" if passed else "before passing")
    return drill.solution


def check(drill: Drill, source: str, store: Store | None = None, grader: Grader | None = None) -> Verdict:
    """Grade ``source`` and store the submission with its verdict."""
    verdict = (grader or default_grader()).grade(drill, source)
    if store is not None:
        store.record_drill_submission(drill.id, source, verdict.passed, verdict.checks, verdict.seconds)
    return verdict


def drill_rows(store: Store | None = None) -> list[dict]:
    """One plain row per drill for listings: id, day, title, topic, passed, started."""
    passed = store.passed_drills() if store is not None else set()
    rows = []
    for d in load_drills().values():
        rows.append({"id": d.id, "day": d.day, "title": d.title, "topic": d.topic, "passed": d.id in passed,
                     "started": workspace_path(d).exists(), "functions": [f.name for f in d.functions]})
    return rows


def progress_by_day(store: Store) -> dict[int, tuple[int, int]]:
    """{day: (passed, total)} for the home screen."""
    out: dict[int, tuple[int, int]] = {}
    for row in drill_rows(store):
        p, t = out.get(row["day"], (0, 0))
        out[row["day"]] = (p + int(row["passed"]), t + 1)
    return out
