"""Loading the shipped drills: ``drills/<id>/drill.yaml`` + ``starter.py`` + ``solution.py`` +
``checks.py`` (see docs/drills.md)."""

from __future__ import annotations

import importlib.util
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import ModuleType

from quizapp.paths import drills_dir

_ID = re.compile(r"^day\d\d\.[a-z][a-z0-9_]*$")


class DrillError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Function:
    signature: str
    shapes: str = ""

    @property
    def name(self) -> str:
        return self.signature.split("(", 1)[0].strip()


@dataclass(eq=False)
class Drill:
    id: str
    day: int
    title: str
    statement: str
    functions: list[Function]
    hints: list[str]
    folder: Path
    topic: str = ""
    order: int = 0
    _modules: dict = field(default_factory=dict, repr=False)

    @property
    def starter(self) -> str:
        return (self.folder / "starter.py").read_text(encoding="utf-8")

    @property
    def solution(self) -> str:
        return (self.folder / "solution.py").read_text(encoding="utf-8")

    def _module(self, name: str) -> ModuleType:
        if name not in self._modules:
            modname = f"quizapp._drill_{name}_{self.id.replace('.', '_')}"
            spec = importlib.util.spec_from_file_location(modname, self.folder / f"{name}.py")
            assert spec is not None and spec.loader is not None
            mod = importlib.util.module_from_spec(spec)
            sys.modules[modname] = mod
            spec.loader.exec_module(mod)
            self._modules[name] = mod
        return self._modules[name]

    @property
    def reference(self) -> ModuleType:
        """The reference solution, imported in this process (shipped, trusted code)."""
        return self._module("solution")

    @cached_property
    def checks(self):
        """The drill's :class:`~quizapp.drills.spec.Checks` (cases built from fixed seeds)."""
        return self._module("checks").build()


def load_drill(folder: Path) -> Drill:
    import yaml  # here, not at the top: the home screen counts drills by folder name without it

    meta_path = folder / "drill.yaml"
    try:
        meta = yaml.load(meta_path.read_text(encoding="utf-8"),  # the C safe loader where built: faster
                         Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise DrillError(f"{meta_path}: {exc}") from exc
    if not isinstance(meta, dict):
        raise DrillError(f"{meta_path}: not a mapping")
    unknown = set(meta) - {"id", "day", "order", "title", "topic", "statement", "functions", "hints"}
    if unknown:
        raise DrillError(f"{meta_path}: unknown field(s) {sorted(unknown)}")
    try:
        did, day, title, statement = meta["id"], meta["day"], meta["title"], meta["statement"]
        functions = [Function(str(f["signature"]), str(f.get("shapes", ""))) for f in meta["functions"]]
        hints = [str(h) for h in meta.get("hints") or []]
    except (KeyError, TypeError) as exc:
        raise DrillError(f"{meta_path}: missing or bad field {exc}") from exc
    if not isinstance(did, str) or not _ID.match(did) or did != folder.name:
        raise DrillError(f"{meta_path}: id {did!r} must look like day01.relu and equal the folder name")
    if not isinstance(day, int) or not did.startswith(f"day{day:02d}."):
        raise DrillError(f"{meta_path}: day {day!r} does not match the id")
    for name in ("starter.py", "solution.py", "checks.py"):
        if not (folder / name).is_file():
            raise DrillError(f"{folder}: missing {name}")
    return Drill(id=did, day=day, title=str(title), statement=str(statement), functions=functions,
                 hints=hints, folder=folder, topic=str(meta.get("topic", "")),
                 order=int(meta.get("order", 0)))


_CACHE: dict[Path, dict[str, Drill]] = {}


def load_drills(root: Path | None = None) -> dict[str, Drill]:
    """Every drill under ``root`` (default: the shipped drills), by id, in (day, id) order."""
    root = (root or drills_dir()).resolve()
    if root not in _CACHE:
        drills = [load_drill(p) for p in sorted(root.iterdir()) if (p / "drill.yaml").is_file()] if root.is_dir() else []
        drills.sort(key=lambda d: (d.day, d.order, d.id))
        _CACHE[root] = {d.id: d for d in drills}
    return _CACHE[root]


def drill_ids_by_day(root: Path | None = None) -> dict[int, list[str]]:
    """{day: [drill ids]} from the drills' folder names (``day01.relu`` is on day 1), without
    reading any drill.yaml: what the home screen counts. The same ids :func:`load_drills` gives
    for valid drills (it refuses a folder whose id and day disagree)."""
    root = (root or drills_dir()).resolve()
    if root in _CACHE:
        ids = list(_CACHE[root])
    else:
        ids = sorted(p.name for p in root.iterdir() if _ID.match(p.name) and (p / "drill.yaml").is_file()) \
            if root.is_dir() else []
    out: dict[int, list[str]] = {}
    for did in ids:
        out.setdefault(int(did[3:5]), []).append(did)
    return out


def load_one(drill_id: str, root: Path | None = None) -> Drill | None:
    """The drill ``drill_id`` read from its own folder only (what ``quizapp drill check ID``
    needs), or None when no folder has that id (the caller then loads all of them to say so).
    The same drill :func:`load_drills` gives, and the same errors for a bad folder."""
    root = (root or drills_dir()).resolve()
    if root in _CACHE:
        return _CACHE[root].get(drill_id)
    if not isinstance(drill_id, str) or not _ID.match(drill_id):
        return None
    folder = root / drill_id
    if not (folder / "drill.yaml").is_file():
        return None
    return load_drill(folder)


def get_drill(drill_id: str) -> Drill:
    drills = load_drills()
    if drill_id not in drills:
        raise KeyError(drill_id)
    return drills[drill_id]
