"""Load and validate question-bank YAML files.

Files are parsed with PyYAML's *safe* loader only: a tag that would construct a Python
object (``!!python/object/apply:os.system``) is reported as an error, never executed.
Every defect is reported with the file, line and field; a broken question is skipped and
the rest of the bank stays usable.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from quizapp.bank.model import AREAS, BLANK_LABELS, TYPES, Bank, BankIssue, Blank, Question

try:  # the C parser is several times faster; construction stays in Python either way
    _BaseLoader = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader


class LineDict(dict):
    """A mapping that remembers the line (1-based) of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    pass


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _merged(loader: yaml.SafeLoader, key_node: yaml.Node, value_node: yaml.Node) -> list[LineDict]:
    """The mappings named by a merge key (``<<: *base`` or ``<<: [*a, *b]``), constructed."""
    sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
    out = []
    for src in sources:
        if not isinstance(src, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a merge key '<<' takes a mapping (like *base) or a list of them", key_node.start_mark)
        out.append(loader.construct_object(src, deep=True))
    return out


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    """A LineDict; duplicate keys are errors. Merge keys (``<<: *base``) are allowed: keys of
    the mapping itself win over merged ones, and earlier merged mappings over later ones."""
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    own = []
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE_TAG:
            for src in _merged(loader, key_node, value_node):
                for key, value in src.items():
                    if key not in result:
                        result[key] = value
                        result.key_lines[str(key)] = src.key_lines.get(str(key), src.line)
        else:
            own.append((key_node, value_node))
    seen: set = set()
    for key_node, value_node in own:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise yaml.constructor.ConstructorError(
                None, None, "mapping keys must be plain scalars", key_node.start_mark
            )
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

#: Limits for one bank file and for everything loaded together. A bank folder from someone
#: else (QUIZAPP_BANKS) could hold a 50 MB file: without a limit it took 45 s and 3 GB to
#: load; with it, the file is refused at once (from its size on disk) and the rest loads.
#: The shipped banks are far below (about 150 KB and 120 questions per file).
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_QUESTIONS_PER_FILE = 2000
MAX_QUESTIONS_TOTAL = 20000

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$")
_MARKER_RE = re.compile(r"\((" + "|".join(BLANK_LABELS) + r")\)")

_COMMON = {"id", "type", "area", "topic", "difficulty", "prompt", "explanation"}
_ALLOWED = {
    "single": _COMMON | {"choices", "answer", "compute"},
    "multi": _COMMON | {"choices", "answer"},
    "numeric": _COMMON | {"answer", "tolerance", "unit", "compute"},
    "code": _COMMON | {"code", "blanks", "check"},
}
_BLANK_KEYS = {"label", "choices", "answer", "explanation", "prompt"}


class _Collector:
    def __init__(self, path: str) -> None:
        self.path = path
        self.issues: list[BankIssue] = []

    def add(self, line: int, message: str, field: str = "", qid: str = "") -> None:
        self.issues.append(BankIssue(self.path, line, message, field, qid))


def _line_of(obj: Any, key: str | None = None, default: int = 0) -> int:
    if isinstance(obj, LineDict):
        if key is not None and key in obj.key_lines:
            return obj.key_lines[key]
        return obj.line
    return default


def _text(raw: LineDict, key: str, out: _Collector, qid: str, required: bool = True) -> str:
    value = raw.get(key)
    if value is None:
        if required:
            out.add(raw.line, "is required", key, qid)
        return ""
    if not isinstance(value, str) or not value.strip():
        out.add(_line_of(raw, key), "must be a non-empty string", key, qid)
        return ""
    return value.strip("\n") if key in ("code", "check", "compute") else value.strip()


def _choices(raw: LineDict, key: str, out: _Collector, qid: str, field: str) -> tuple[str, ...]:
    value = raw.get(key)
    line = _line_of(raw, key)
    if value is None:
        out.add(raw.line, "is required", field, qid)
        return ()
    if not isinstance(value, list) or not all(isinstance(c, (str, int, float)) for c in value):
        out.add(line, "must be a list of strings", field, qid)
        return ()
    choices = tuple(str(c).strip() for c in value)
    if not 2 <= len(choices) <= 9:
        out.add(line, f"must have 2 to 9 entries (has {len(choices)})", field, qid)
        return ()
    if any(not c for c in choices):
        out.add(line, "has an empty choice", field, qid)
        return ()
    if len(set(choices)) != len(choices):
        out.add(line, "has two identical choices", field, qid)
        return ()
    return choices


def _index(value: Any, n: int, line: int, out: _Collector, qid: str, field: str) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        out.add(line, f"must be the number (1-{n}) of the right choice, got {value!r}", field, qid)
        return None
    if not 1 <= value <= n:
        out.add(line, f"is {value}, but there are only {n} choices (numbered from 1)", field, qid)
        return None
    return value


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not math.isfinite(value):
        return None
    return float(value)


def _parse_question(raw: Any, day: int, out: _Collector, index: int) -> Question | None:
    if not isinstance(raw, LineDict):
        out.add(0, f"question #{index + 1} is not a mapping")
        return None
    start = len(out.issues)
    qid_raw = raw.get("id")
    qid = str(qid_raw) if qid_raw is not None else ""
    if qid_raw is None:
        out.add(raw.line, "is required", "id")
    elif not isinstance(qid_raw, str) or not _ID_RE.match(qid_raw):
        out.add(_line_of(raw, "id"), "must be letters, digits, '_', '.', ':' or '-' (at most 80)", "id", qid)

    qtype = raw.get("type")
    if qtype not in TYPES:
        out.add(_line_of(raw, "type", raw.line), f"must be one of {', '.join(TYPES)} (got {qtype!r})", "type", qid)
        return None
    for key in raw:
        if key not in _ALLOWED[qtype]:
            hint = ""
            close = [k for k in _ALLOWED[qtype] if k[:3] == str(key)[:3]]
            if close:
                hint = f" (did you mean {close[0]!r}?)"
            out.add(_line_of(raw, str(key)), f"unknown field for a {qtype} question{hint}", str(key), qid)

    area = raw.get("area")
    if area not in AREAS:
        out.add(_line_of(raw, "area", raw.line), f"must be one of {', '.join(AREAS)} (got {area!r})", "area", qid)
    topic = _text(raw, "topic", out, qid)
    difficulty = raw.get("difficulty")
    if difficulty not in (1, 2, 3) or isinstance(difficulty, bool):
        out.add(_line_of(raw, "difficulty", raw.line), f"must be 1, 2 or 3 (got {difficulty!r})", "difficulty", qid)
    prompt = _text(raw, "prompt", out, qid)
    explanation = _text(raw, "explanation", out, qid)

    kw: dict[str, Any] = {}
    if qtype in ("single", "multi"):
        choices = _choices(raw, "choices", out, qid, "choices")
        kw["choices"] = choices
        ans = raw.get("answer")
        aline = _line_of(raw, "answer", raw.line)
        if ans is None:
            out.add(raw.line, "is required", "answer", qid)
        elif choices:
            if qtype == "single":
                kw["answer"] = _index(ans, len(choices), aline, out, qid, "answer")
            else:
                if not isinstance(ans, list) or not ans:
                    out.add(aline, "must be a non-empty list of choice numbers", "answer", qid)
                else:
                    idx = [_index(a, len(choices), aline, out, qid, "answer") for a in ans]
                    if len(set(ans)) != len(ans):
                        out.add(aline, "lists a choice twice", "answer", qid)
                    kw["answer"] = tuple(sorted(i for i in idx if i is not None))
        if qtype == "single" and "compute" in raw:
            kw["compute"] = _text(raw, "compute", out, qid)
    elif qtype == "numeric":
        ans = _number(raw.get("answer"))
        if ans is None:
            out.add(_line_of(raw, "answer", raw.line), "must be a finite number", "answer", qid)
        tol = _number(raw.get("tolerance"))
        if tol is None or tol < 0:
            out.add(_line_of(raw, "tolerance", raw.line), "must be a number >= 0 (the accepted absolute error)", "tolerance", qid)
        kw.update(answer=ans, tolerance=tol or 0.0, compute=_text(raw, "compute", out, qid))
        unit = raw.get("unit")
        if unit is not None and not isinstance(unit, str):
            out.add(_line_of(raw, "unit"), "must be a string", "unit", qid)
        kw["unit"] = unit if isinstance(unit, str) else ""
    else:  # code
        code = _text(raw, "code", out, qid)
        check = _text(raw, "check", out, qid)
        blanks_raw = raw.get("blanks")
        blanks: list[Blank] = []
        bline = _line_of(raw, "blanks", raw.line)
        if not isinstance(blanks_raw, list) or not blanks_raw:
            out.add(bline, "must be a non-empty list of blanks", "blanks", qid)
        else:
            for i, b in enumerate(blanks_raw):
                fld = f"blanks[{i}]"
                if not isinstance(b, LineDict):
                    out.add(bline, "must be a mapping", fld, qid)
                    continue
                for key in b:
                    if key not in _BLANK_KEYS:
                        out.add(_line_of(b, str(key)), "unknown field of a blank", f"{fld}.{key}", qid)
                label = b.get("label")
                if label not in BLANK_LABELS:
                    out.add(_line_of(b, "label", b.line), f"must be one of {''.join(BLANK_LABELS)}", f"{fld}.label", qid)
                    continue
                if label != BLANK_LABELS[i]:
                    out.add(_line_of(b, "label", b.line), f"blanks must be labelled in order; expected {BLANK_LABELS[i]}", f"{fld}.label", qid)
                bch = _choices(b, "choices", out, qid, f"{fld}.choices")
                bans = b.get("answer")
                bidx = _index(bans, len(bch), _line_of(b, "answer", b.line), out, qid, f"{fld}.answer") if bch else None
                bexp = _text(b, "explanation", out, qid)
                bprompt = b.get("prompt") if isinstance(b.get("prompt"), str) else ""
                if bch and bidx is not None and bexp:
                    blanks.append(Blank(label, bch, bidx, bexp, bprompt.strip()))
                if code and f"({label})" not in code:
                    out.add(_line_of(b, "label", b.line), f"the code has no ({label}) marker", f"{fld}.label", qid)
        if code:
            declared = {b.get("label") for b in blanks_raw or [] if isinstance(b, dict)}
            for m in _MARKER_RE.finditer(code):
                if m.group(1) not in declared:
                    out.add(_line_of(raw, "code"), f"the marker ({m.group(1)}) has no blank", "code", qid)
                    break
        kw.update(code=code, check=check, blanks=tuple(blanks))

    if len(out.issues) > start:
        return None
    return Question(
        id=qid, type=qtype, day=day, area=area, topic=topic, difficulty=difficulty,
        prompt=prompt, explanation=explanation, source=out.path, line=raw.line, **kw,
    )


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _question_nodes(node: yaml.Node | None) -> int:
    """How many entries the ``questions:`` list of a composed (not yet constructed) file has."""
    if not isinstance(node, yaml.MappingNode):
        return 0
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "questions" and isinstance(value, yaml.SequenceNode):
            return len(value.value)
    return 0


def load_file(path: Path, total_left: int | None = None) -> tuple[list[Question], list[BankIssue]]:
    """Parse one bank file; returns its valid questions and every defect found. A file over
    :data:`MAX_FILE_BYTES`, with more than :data:`MAX_QUESTIONS_PER_FILE` questions, or more
    than ``total_left`` (what the total limit leaves) is refused whole, before construction."""
    import stat as _stat

    out = _Collector(str(path))
    try:
        st = path.stat()
    except OSError as exc:
        out.add(0, f"cannot read: {exc}")
        return [], out.issues
    if not _stat.S_ISREG(st.st_mode):  # a FIFO would block the reader forever
        out.add(0, "not a regular file (a FIFO, device or folder); skipped")
        return [], out.issues
    if st.st_size > MAX_FILE_BYTES:
        out.add(0, f"the file is {_mb(st.st_size)}; a bank file may be at most {_mb(MAX_FILE_BYTES)} "
                   "(split it into several files); skipped")
        return [], out.issues
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        out.add(0, f"cannot read: {exc}")
        return [], out.issues
    try:
        loader = _LineLoader(text)
        try:
            node = loader.get_single_node()
            n = _question_nodes(node)
            line = node.start_mark.line + 1 if node is not None else 0
            if n > MAX_QUESTIONS_PER_FILE:
                out.add(line, f"has {n} questions; a bank file may have at most {MAX_QUESTIONS_PER_FILE} "
                              "(split it into several files); skipped", "questions")
                return [], out.issues
            if total_left is not None and n > total_left:
                out.add(line, f"has {n} questions, more than the {total_left} left of the limit of "
                              f"{MAX_QUESTIONS_TOTAL} questions for all banks together; skipped", "questions")
                return [], out.issues
            doc = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        msg = " ".join(s for s in (exc.context, exc.problem) if s)
        if "could not determine a constructor" in msg:
            msg = f"{msg} (Python object tags are not allowed in banks)"
        out.add(line, f"YAML error: {msg}")
        return [], out.issues
    except yaml.YAMLError as exc:
        out.add(0, f"YAML error: {exc}")
        return [], out.issues
    if not isinstance(doc, LineDict):
        out.add(1, "the file must be a mapping with 'day' and 'questions'")
        return [], out.issues
    for key in doc:
        if key not in ("day", "title", "questions"):
            out.add(_line_of(doc, str(key)), "unknown top-level field (expected day, title, questions)", str(key))
    day = doc.get("day")
    if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 9:
        out.add(_line_of(doc, "day", 1), f"must be a whole number 0-9 (got {day!r})", "day")
        return [], out.issues
    raw_questions = doc.get("questions")
    if not isinstance(raw_questions, list):
        out.add(_line_of(doc, "questions", 1), "must be a list of questions", "questions")
        return [], out.issues
    questions = []
    for i, raw in enumerate(raw_questions):
        q = _parse_question(raw, day, out, i)
        if q is not None:
            questions.append(q)
    return questions, out.issues


def bank_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(x for x in p.rglob("*") if x.suffix in (".yaml", ".yml") and x.is_file()))
        else:
            files.append(p)
    return files


def load_bank(paths: Iterable[Path | str] | None = None) -> Bank:
    """Load the shipped banks (plus ``QUIZAPP_BANKS``) or the given files and folders.

    Ids must be unique across everything loaded: a repeated id is reported at its second
    place, naming the first, and that second question is skipped.
    """
    from quizapp import paths as qpaths

    roots = [Path(p) for p in paths] if paths is not None else [qpaths.bank_dir(), *qpaths.extra_bank_dirs()]
    bank_issues: list[BankIssue] = []
    files = []
    seen: dict[str, Question] = {}
    questions: list[Question] = []
    for root in roots:
        if not root.exists():
            bank_issues.append(BankIssue(str(root), 0, "no such file or folder"))
    for f in bank_files(r for r in roots if r.exists()):
        left = MAX_QUESTIONS_TOTAL - len(questions)
        qs, issues = load_file(f, total_left=left)
        files.append(str(f))
        bank_issues.extend(issues)
        for q in qs:
            first = seen.get(q.id)
            if first is not None:
                bank_issues.append(BankIssue(q.source, q.line, f"duplicate id; first used at {first.source}:{first.line}", "id", q.id))
                continue
            seen[q.id] = q
            questions.append(q)
    return Bank(questions=questions, issues=bank_issues, files=files)
