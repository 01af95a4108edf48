"""What the CLI and the drill screen do with a drill: the learner's workspace file, hints one at
a time, the solution (recorded), and checking with the verdict stored. No Textual here."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp import i18n
from quizapp.drills.model import Drill, load_drills
from quizapp.paths import data_dir

if TYPE_CHECKING:  # imported where used: `drill check` needs neither SQLAlchemy nor the full store
    from quizapp.drills.grader import Grader, Verdict
    from quizapp.store.store import Store


MAX_SOURCE = 1024 * 1024  # bytes: a drill file is a page of NumPy


class DrillFileError(OSError):
    """A drill file that is not a plain file (FIFO, device, socket, symlink, directory) or too
    large: refused with a message, never opened blocking."""


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISLNK, "symlink"), (stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket"), (stat.S_ISDIR, "directory")):
        if test(mode):
            return name
    return "special file"


def _refuse(path: Path, mode: int) -> DrillFileError:
    return DrillFileError(errno.EINVAL, i18n.t("drill_file_refused", path=path, what=_kind(mode)))


def read_source(path: Path) -> str:
    """The text of a learner's drill file. ``lstat`` first, then ``O_NONBLOCK|O_NOFOLLOW`` and
    ``fstat`` on what was opened: a FIFO, device or symlink planted there is refused, so
    reading never hangs (the TUI's poll included). Raises OSError / UnicodeDecodeError."""
    st = os.lstat(path)
    if not stat.S_ISREG(st.st_mode):
        raise _refuse(path, st.st_mode)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped between lstat and open
            raise _refuse(path, st.st_mode)
        if st.st_size > MAX_SOURCE:
            raise DrillFileError(errno.EFBIG, i18n.t("drill_file_too_big", path=path, size=st.st_size, limit=MAX_SOURCE))
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_SOURCE:
                raise DrillFileError(errno.EFBIG, i18n.t("drill_file_too_big", path=path, size=size, limit=MAX_SOURCE))
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks).decode("utf-8")


def write_source(path: Path, text: str) -> None:
    """Write a learner's drill file; anything but a plain file (or nothing) there is refused,
    never opened (a FIFO would block the writer)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise _refuse(path, st.st_mode)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NONBLOCK | os.O_NOFOLLOW
                 | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # pragma: no cover - swapped in between
            raise _refuse(path, os.fstat(fd).st_mode)
        os.set_blocking(fd, True)
        data = memoryview(text.encode("utf-8"))
        while data:
            n = os.write(fd, data)
            data = data[n:]
    finally:
        os.close(fd)


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
    if os.path.lexists(path):
        return path, False
    write_source(path, drill.starter)
    return path, True


def reset(drill: Drill, store: Store) -> tuple[Path, Path | None]:
    """Put the starter back (the previous file is kept as ``.bak``); recorded as a ``reset``."""
    path = workspace_path(drill)
    backup = None
    if os.path.lexists(path):
        backup = path.with_suffix(".py.bak")
        old = read_source(path)  # refuses a FIFO/device/symlink instead of blocking on it
        write_source(backup, old)
    write_source(path, drill.starter)
    store.record_drill_event(drill.id, "reset")
    return path, backup


def _event_count(store: Store, drill_id: str, kind: str) -> int:
    from sqlalchemy import func, select

    from quizapp.store.models import DrillEvent

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


def check(drill: Drill, source: str, store: Store | None = None, grader: Grader | None = None,
          filename: str = "learner.py") -> Verdict:
    """Grade ``source`` (the learner's ``filename``) and store the submission with its verdict
    (``store``: a :class:`~quizapp.store.store.Store` or a :class:`~quizapp.store.lite.LiteStore`)."""
    if grader is None:
        from quizapp.drills.grader import default_grader

        grader = default_grader()
    verdict = grader.grade(drill, source, filename=filename)
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
