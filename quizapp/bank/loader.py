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
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from quizapp.bank.model import AREAS, BLANK_LABELS, BLANK_TYPES, COURSE_ONLY, TYPES, Bank, BankIssue, Blank, Question
from quizapp.bank.syllabus import Syllabus, SyllabusError, load_syllabus

#: Lint checks that a question may waive (with a written reason); see quizapp.bank.lint.
LINT_KINDS: tuple[str, ...] = (
    "longest", "unique-formula", "unique-gloss", "unique-hedge", "absolute", "position-ref",
    "duplicate", "width-mix", "missing-why", "position-spread", "line-break",
)
#: File names in a bank folder that are not question files.
NOT_QUESTIONS = frozenset({"syllabus.yaml"})

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


class _BankYAMLError(yaml.constructor.ConstructorError):
    """A YAML error of the bank loader's own, reported with a message key and its values."""

    def __init__(self, message_key: str, mark: yaml.Mark, **params: Any) -> None:
        super().__init__(None, None, message_key, mark)
        self.key, self.params = message_key, params


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _merged(loader: yaml.SafeLoader, key_node: yaml.Node, value_node: yaml.Node) -> list[LineDict]:
    """The mappings named by a merge key (``<<: *base`` or ``<<: [*a, *b]``), constructed."""
    sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
    out = []
    for src in sources:
        if not isinstance(src, yaml.MappingNode):
            raise _BankYAMLError("bk_yaml_merge", key_node.start_mark)
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
            raise _BankYAMLError("bk_yaml_key_scalar", key_node.start_mark)
        if key in seen:
            raise _BankYAMLError("bk_yaml_duplicate", key_node.start_mark, name=key)
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

_COMMON = {"id", "type", "area", "topic", "difficulty", "prompt", "explanation",
           "syllabus", "prereq", "keywords", "shuffle", "waive", "set"}
_ALLOWED = {
    "single": _COMMON | {"choices", "answer", "compute"},
    "multi": _COMMON | {"choices", "answer"},
    "numeric": _COMMON | {"answer", "tolerance", "unit", "compute"},
    "code": _COMMON | {"code", "blanks", "check"},
    "fill": _COMMON | {"formula", "blanks", "check"},
}
_BLANK_KEYS = {"label", "choices", "answer", "explanation", "prompt", "shuffle", "waive"}


class _Collector:
    def __init__(self, path: str) -> None:
        self.path = path
        self.issues: list[BankIssue] = []

    def add(self, line: int, message_key: str, field: str = "", qid: str = "", **params: Any) -> None:
        """An issue with the message ``message_key`` of :mod:`quizapp.i18n` and the values it names."""
        self.issues.append(BankIssue(self.path, line, message_key, field, qid, tuple(params.items())))


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
            out.add(raw.line, "bk_required", key, qid)
        return ""
    if not isinstance(value, str) or not value.strip():
        out.add(_line_of(raw, key), "bk_nonempty_string", key, qid)
        return ""
    return value.strip("\n") if key in ("code", "check", "compute") else value.strip()


def _choices(raw: LineDict, key: str, out: _Collector, qid: str, field: str,
             exprs: list[str] | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The choice texts and their rationales (``why``, "" where none). A choice is a string or
    a mapping ``{text: …, why: …}``; with ``exprs`` (fill-in blanks) also ``expr:``, the Python
    text the choice stands for in the check, collected into ``exprs``."""
    allowed = ("text", "why", "expr") if exprs is not None else ("text", "why")
    value = raw.get(key)
    line = _line_of(raw, key)
    if value is None:
        out.add(raw.line, "bk_required", field, qid)
        return (), ()
    if not isinstance(value, list):
        out.add(line, "bk_choices_list", field, qid)
        return (), ()
    texts: list[str] = []
    whys: list[str] = []
    for i, c in enumerate(value):
        cfield = f"{field}[{i}]"
        if isinstance(c, (str, int, float)) and not isinstance(c, bool):
            texts.append(str(c).strip())
            whys.append("")
            if exprs is not None:
                exprs.append("")
            continue
        if not isinstance(c, LineDict):
            out.add(line, "bk_choice_type", cfield, qid)
            return (), ()
        for k in c:
            if k not in allowed:
                out.add(_line_of(c, str(k)), "bk_choice_unknown_field",
                        f"{cfield}.{k}", qid, expected=", ".join(allowed))
        text, why = c.get("text"), c.get("why", "")
        if isinstance(text, bool) or not isinstance(text, (str, int, float)):
            out.add(c.line, "bk_choice_text_required", f"{cfield}.text", qid)
            return (), ()
        if not isinstance(why, str):
            out.add(_line_of(c, "why", c.line), "bk_string", f"{cfield}.why", qid)
            return (), ()
        texts.append(str(text).strip())
        whys.append(why.strip())
        if exprs is not None:
            expr = c.get("expr", "")
            if not isinstance(expr, (str, int, float)) or isinstance(expr, bool):
                out.add(_line_of(c, "expr", c.line), "bk_expr", f"{cfield}.expr", qid)
                return (), ()
            exprs.append(str(expr).strip())
    choices = tuple(texts)
    if not 2 <= len(choices) <= 9:
        out.add(line, "bk_choices_count", field, qid, n=len(choices))
        return (), ()
    if any(not c for c in choices):
        out.add(line, "bk_choice_empty", field, qid)
        return (), ()
    if len(set(choices)) != len(choices):
        out.add(line, "bk_choice_dup", field, qid)
        return (), ()
    return choices, tuple(whys)


def _shuffle(raw: LineDict, out: _Collector, qid: str, field: str, default: bool = True) -> bool:
    value = raw.get("shuffle", default)
    if not isinstance(value, bool):
        out.add(_line_of(raw, "shuffle", raw.line), "bk_bool", field, qid, value=value)
        return default
    return value


def _waive(raw: LineDict, out: _Collector, qid: str, field: str) -> tuple[tuple[str, str], ...]:
    value = raw.get("waive")
    if value is None:
        return ()
    line = _line_of(raw, "waive", raw.line)
    if not isinstance(value, dict) or not value:
        out.add(line, "bk_waive_map", field, qid)
        return ()
    pairs = []
    for kind, reason in value.items():
        if kind not in LINT_KINDS:
            out.add(_line_of(value, str(kind), line), "bk_waive_kind", f"{field}.{kind}", qid,
                    kind=kind, kinds=", ".join(LINT_KINDS))
        elif not isinstance(reason, str) or len(reason.strip()) < 8:
            out.add(_line_of(value, str(kind), line), "bk_waive_reason", f"{field}.{kind}", qid)
        else:
            pairs.append((str(kind), reason.strip()))
    return tuple(pairs)


def _str_list(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value):
        return [str(v).strip() for v in value]
    return None


#: Every question must carry syllabus tags, and one topic must keep one area.
REQUIRE_SYLLABUS = True


def _syllabus_tags(raw: LineDict, out: _Collector, qid: str, syl: Syllabus | None) -> dict[str, Any]:
    """Check syllabus/prereq/keywords against the syllabus; returns the Question fields, with
    the area the tags imply under ``_area``."""
    kw: dict[str, Any] = {}
    has_syl, has_pre = "syllabus" in raw, "prereq" in raw
    if has_syl and has_pre:
        out.add(_line_of(raw, "prereq"), "bk_syl_both", "prereq", qid)
        return kw
    if not has_syl and not has_pre:
        if REQUIRE_SYLLABUS:
            out.add(raw.line, "bk_syl_required", "syllabus", qid)
        return kw
    kws = _str_list(raw.get("keywords", []))
    if kws is None:
        out.add(_line_of(raw, "keywords"), "bk_kw_list", "keywords", qid)
        kws = []
    field = "syllabus" if has_syl else "prereq"
    line = _line_of(raw, field)
    ids = _str_list(raw.get(field))
    if ids is None or not ids:
        out.add(line, "bk_syl_ids", field, qid)
        return kw
    if has_syl and ids == [COURSE_ONLY]:
        kw["course_only"] = True
        if kws:
            out.add(_line_of(raw, "keywords"), "bk_course_only_kw", "keywords", qid)
        return kw
    if has_pre and len(ids) != 1:
        out.add(line, "bk_prereq_one", field, qid)
        return kw
    if syl is None:
        return kw
    items = []
    for iid in ids:
        item = syl.item(iid)
        if item is None:
            if iid in syl.sections:
                out.add(line, "bk_syl_unknown_section", field, qid, item=iid, example=syl.sections[iid].items[0].id)
            else:
                out.add(line, "bk_syl_unknown", field, qid, item=iid)
        else:
            items.append(item)
    if len(items) != len(ids):
        return kw
    allowed = {k for it in items for k in it.keywords}
    for k in kws:
        if k not in allowed:
            out.add(_line_of(raw, "keywords"), "bk_kw_unknown", "keywords", qid,
                    keyword=k, items=", ".join(ids), allowed="; ".join(sorted(allowed)))
    if has_pre:
        kw["prereq"] = ids[0]
    else:
        kw["syllabus"] = tuple(ids)
    kw["keywords"] = tuple(kws)
    kw["_areas"] = [it.area for it in items]
    return kw


def _index(value: Any, n: int, line: int, out: _Collector, qid: str, field: str) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        out.add(line, "bk_index_type", field, qid, n=n, value=value)
        return None
    if not 1 <= value <= n:
        out.add(line, "bk_index_range", field, qid, value=value, n=n)
        return None
    return value


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not math.isfinite(value):
        return None
    return float(value)


def _parse_question(raw: Any, day: int, out: _Collector, index: int, syl: Syllabus | None = None) -> Question | None:
    if not isinstance(raw, LineDict):
        out.add(0, "bk_question_not_mapping", n=index + 1)
        return None
    start = len(out.issues)
    qid_raw = raw.get("id")
    qid = str(qid_raw) if qid_raw is not None else ""
    if qid_raw is None:
        out.add(raw.line, "bk_required", "id")
    elif not isinstance(qid_raw, str) or not _ID_RE.match(qid_raw):
        out.add(_line_of(raw, "id"), "bk_id_chars", "id", qid)

    qtype = raw.get("type")
    if qtype not in TYPES:
        out.add(_line_of(raw, "type", raw.line), "bk_one_of", "type", qid,
                choices=", ".join(TYPES), value=qtype)
        return None
    for key in raw:
        if key not in _ALLOWED[qtype]:
            close = [k for k in _ALLOWED[qtype] if k[:3] == str(key)[:3]]
            if close:
                out.add(_line_of(raw, str(key)), "bk_unknown_field_hint", str(key), qid, type=qtype, close=close[0])
            else:
                out.add(_line_of(raw, str(key)), "bk_unknown_field", str(key), qid, type=qtype)

    tags = _syllabus_tags(raw, out, qid, syl)
    implied = tags.pop("_areas", None)
    area = raw.get("area")
    if area is None and implied:
        area = implied[0]
    elif area not in AREAS:
        out.add(_line_of(raw, "area", raw.line), "bk_one_of", "area", qid,
                choices=", ".join(AREAS), value=area)
    elif implied and area not in implied:
        out.add(_line_of(raw, "area"), "bk_area_conflict", "area", qid, area=area, implied=implied[0])
    topic = _text(raw, "topic", out, qid)
    difficulty = raw.get("difficulty")
    if difficulty not in (1, 2, 3) or isinstance(difficulty, bool):
        out.add(_line_of(raw, "difficulty", raw.line), "bk_difficulty", "difficulty", qid, value=difficulty)
    prompt = _text(raw, "prompt", out, qid)
    explanation = _text(raw, "explanation", out, qid)

    kw: dict[str, Any] = dict(tags)
    qshuffle = _shuffle(raw, out, qid, "shuffle")
    kw["shuffle"] = qshuffle
    kw["waive"] = _waive(raw, out, qid, "waive")
    if qtype in ("single", "multi"):
        choices, whys = _choices(raw, "choices", out, qid, "choices")
        kw["choices"] = choices
        kw["why"] = whys
        ans = raw.get("answer")
        aline = _line_of(raw, "answer", raw.line)
        if ans is None:
            out.add(raw.line, "bk_required", "answer", qid)
        elif choices:
            if qtype == "single":
                kw["answer"] = _index(ans, len(choices), aline, out, qid, "answer")
            else:
                if not isinstance(ans, list) or not ans:
                    out.add(aline, "bk_answer_list", "answer", qid)
                else:
                    idx = [_index(a, len(choices), aline, out, qid, "answer") for a in ans]
                    if len(set(ans)) != len(ans):
                        out.add(aline, "bk_answer_twice", "answer", qid)
                    kw["answer"] = tuple(sorted(i for i in idx if i is not None))
        if qtype == "single" and "compute" in raw:
            kw["compute"] = _text(raw, "compute", out, qid)
    elif qtype == "numeric":
        ans = _number(raw.get("answer"))
        if ans is None:
            out.add(_line_of(raw, "answer", raw.line), "bk_finite", "answer", qid)
        tol = _number(raw.get("tolerance"))
        if tol is None or tol < 0:
            out.add(_line_of(raw, "tolerance", raw.line), "bk_tolerance", "tolerance", qid)
        kw.update(answer=ans, tolerance=tol or 0.0, compute=_text(raw, "compute", out, qid))
        unit = raw.get("unit")
        if unit is not None and not isinstance(unit, str):
            out.add(_line_of(raw, "unit"), "bk_string", "unit", qid)
        kw["unit"] = unit if isinstance(unit, str) else ""
    else:  # code or fill: blanks (あ) (い) … in a program or a formula
        body_key = "code" if qtype == "code" else "formula"
        code = _text(raw, body_key, out, qid)
        check = _text(raw, "check", out, qid, required=qtype == "code") or None
        blanks_raw = raw.get("blanks")
        blanks: list[Blank] = []
        bline = _line_of(raw, "blanks", raw.line)
        if not isinstance(blanks_raw, list) or not blanks_raw:
            out.add(bline, "bk_blanks_list", "blanks", qid)
        else:
            for i, b in enumerate(blanks_raw):
                fld = f"blanks[{i}]"
                if not isinstance(b, LineDict):
                    out.add(bline, "bk_mapping", fld, qid)
                    continue
                for key in b:
                    if key not in _BLANK_KEYS:
                        out.add(_line_of(b, str(key)), "bk_blank_unknown_field", f"{fld}.{key}", qid)
                label = b.get("label")
                if label not in BLANK_LABELS:
                    out.add(_line_of(b, "label", b.line), "bk_label", f"{fld}.label", qid,
                            labels="".join(BLANK_LABELS))
                    continue
                if label != BLANK_LABELS[i]:
                    out.add(_line_of(b, "label", b.line), "bk_label_order", f"{fld}.label", qid,
                            expected=BLANK_LABELS[i])
                bexprs: list[str] | None = [] if qtype == "fill" else None
                bch, bwhy = _choices(b, "choices", out, qid, f"{fld}.choices", bexprs)
                bshuffle = _shuffle(b, out, qid, f"{fld}.shuffle", default=qshuffle)
                bwaive = _waive(b, out, qid, f"{fld}.waive")
                bans = b.get("answer")
                bidx = _index(bans, len(bch), _line_of(b, "answer", b.line), out, qid, f"{fld}.answer") if bch else None
                bexp = _text(b, "explanation", out, qid)
                bprompt = b.get("prompt") if isinstance(b.get("prompt"), str) else ""
                if bch and bidx is not None and bexp:
                    blanks.append(Blank(label, bch, bidx, bexp, bprompt.strip(), bwhy, bshuffle, bwaive,
                                        tuple(bexprs or ())))
                if code and f"({label})" not in code:
                    out.add(_line_of(b, "label", b.line), "bk_no_marker", f"{fld}.label", qid,
                            body=body_key, label=label)
                if qtype == "fill" and check and f"({label})" not in check:
                    out.add(_line_of(raw, "check"), "bk_check_unused", "check", qid, label=label)
        if code:
            declared = {b.get("label") for b in blanks_raw or [] if isinstance(b, dict)}
            for m in _MARKER_RE.finditer(code):
                if m.group(1) not in declared:
                    out.add(_line_of(raw, body_key), "bk_marker_no_blank", body_key, qid,
                            label=m.group(1))
                    break
        if qtype == "code":
            kw.update(code=code, check=check, blanks=tuple(blanks))
        else:
            kw.update(formula=code, check=check, blanks=tuple(blanks))

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


def load_file(path: Path, syllabus: Syllabus | None = None,
              total_left: int | None = None) -> tuple[list[Question], list[BankIssue]]:
    """Parse one bank file; returns its valid questions and every defect found.

    Syllabus tags are checked against ``syllabus`` (default: the shipped syllabus.yaml). A file
    over :data:`MAX_FILE_BYTES`, with more than :data:`MAX_QUESTIONS_PER_FILE` questions, or
    more than ``total_left`` (what the total limit leaves) is refused whole, before construction."""
    import stat as _stat

    out = _Collector(str(path))
    try:
        st = path.stat()
    except OSError as exc:
        out.add(0, "bk_cannot_read", error=str(exc))
        return [], out.issues
    if not _stat.S_ISREG(st.st_mode):  # a FIFO would block the reader forever
        out.add(0, "bk_not_regular")
        return [], out.issues
    if st.st_size > MAX_FILE_BYTES:
        out.add(0, "bk_too_big", size=_mb(st.st_size), limit=_mb(MAX_FILE_BYTES))
        return [], out.issues
    if syllabus is None:
        try:
            syllabus = load_syllabus()
        except SyllabusError as exc:
            out.add(0, "bk_syllabus_unavailable", error=str(exc))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        out.add(0, "bk_cannot_read", error=str(exc))
        return [], out.issues
    try:
        loader = _LineLoader(text)
        try:
            node = loader.get_single_node()
            n = _question_nodes(node)
            line = node.start_mark.line + 1 if node is not None else 0
            if n > MAX_QUESTIONS_PER_FILE:
                out.add(line, "bk_too_many", "questions", n=n, limit=MAX_QUESTIONS_PER_FILE)
                return [], out.issues
            if total_left is not None and n > total_left:
                out.add(line, "bk_total_limit", "questions", n=n, left=total_left, limit=MAX_QUESTIONS_TOTAL)
                return [], out.issues
            doc = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        if isinstance(exc, _BankYAMLError):
            out.add(line, exc.key, **exc.params)
            return [], out.issues
        msg = " ".join(s for s in (exc.context, exc.problem) if s)  # PyYAML's own words (English)
        out.add(line, "bk_yaml_tag" if "could not determine a constructor" in msg else "bk_yaml", msg=msg)
        return [], out.issues
    except yaml.YAMLError as exc:
        out.add(0, "bk_yaml", msg=str(exc))
        return [], out.issues
    if not isinstance(doc, LineDict):
        out.add(1, "bk_file_mapping")
        return [], out.issues
    for key in doc:
        if key not in ("day", "title", "questions", "sets"):
            out.add(_line_of(doc, str(key)), "bk_top_unknown", str(key))
    day = doc.get("day")
    if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 9:
        out.add(_line_of(doc, "day", 1), "bk_day", "day", value=day)
        return [], out.issues
    raw_questions = doc.get("questions")
    if not isinstance(raw_questions, list):
        out.add(_line_of(doc, "questions", 1), "bk_questions_list", "questions")
        return [], out.issues
    sets = _parse_sets(doc, out)
    questions = []
    for i, raw in enumerate(raw_questions):
        q = _parse_question(raw, day, out, i, syllabus)
        if q is None:
            continue
        set_id = raw.get("set")
        if set_id is not None:
            if not isinstance(set_id, str) or set_id not in sets:
                out.add(_line_of(raw, "set"), "bk_set_unknown", "set", q.id, set=set_id)
                continue
            q = replace(q, set_id=set_id, scenario=sets[set_id][1])
        questions.append(q)
    members: dict[str, int] = {}
    for q in questions:
        if q.set_id:
            members[q.set_id] = members.get(q.set_id, 0) + 1
    for sid, (line, _text_) in sets.items():
        if members.get(sid, 0) < 2:
            out.add(line, "bk_set_small", "sets", set=sid, n=members.get(sid, 0))
    return questions, out.issues


def _parse_sets(doc: LineDict, out: _Collector) -> dict[str, tuple[int, str]]:
    """``sets:``: linked sets (大問), each an id and the scenario its questions share."""
    raw = doc.get("sets")
    if raw is None:
        return {}
    if not isinstance(raw, list):
        out.add(_line_of(doc, "sets"), "bk_sets_list", "sets")
        return {}
    sets: dict[str, tuple[int, str]] = {}
    for i, entry in enumerate(raw):
        fld = f"sets[{i}]"
        if not isinstance(entry, LineDict):
            out.add(_line_of(doc, "sets"), "bk_set_mapping", fld)
            continue
        for key in entry:
            if key not in ("id", "scenario"):
                out.add(_line_of(entry, str(key)), "bk_set_unknown_field", f"{fld}.{key}")
        sid = entry.get("id")
        if not isinstance(sid, str) or not _ID_RE.match(sid):
            out.add(entry.line, "bk_set_id_chars", f"{fld}.id")
            continue
        if sid in sets:
            out.add(entry.line, "bk_set_dup", f"{fld}.id", set=sid)
            continue
        scenario = _text(entry, "scenario", out, "")
        if scenario:
            sets[sid] = (entry.line, scenario)
    return sets


def bank_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(x for x in p.rglob("*") if x.suffix in (".yaml", ".yml") and x.is_file()
                                and x.name not in NOT_QUESTIONS))
        elif p.name not in NOT_QUESTIONS:
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
            bank_issues.append(BankIssue(str(root), 0, "bk_no_such"))
    for f in bank_files(r for r in roots if r.exists()):
        left = MAX_QUESTIONS_TOTAL - len(questions)
        qs, issues = load_file(f, total_left=left)
        files.append(str(f))
        bank_issues.extend(issues)
        for q in qs:
            first = seen.get(q.id)
            if first is not None:
                bank_issues.append(BankIssue(q.source, q.line, "bk_dup_id", "id", q.id,
                                               (("where", f"{first.source}:{first.line}"),)))
                continue
            seen[q.id] = q
            questions.append(q)
    if REQUIRE_SYLLABUS:
        bank_issues.extend(topic_area_conflicts(questions))
    return Bank(questions=questions, issues=bank_issues, files=files)


def topic_area_conflicts(questions: Iterable[Question]) -> list[BankIssue]:
    """A topic must belong to one area (per-area scores and the exam's split depend on it):
    each question whose topic first appeared with another area is reported."""
    first: dict[str, Question] = {}
    issues = []
    for q in questions:
        f = first.setdefault(q.topic, q)
        if f.area != q.area:
            issues.append(BankIssue(q.source, q.line, "bk_topic_area", "topic", q.id,
                                    (("topic", q.topic), ("area", q.area), ("first", f.area),
                                     ("where", f"{f.source}:{f.line}"))))
    return issues
