"""Bank lint: the cues that let a test-wise learner pick the key from the shape of the choices.

A question is only good if someone who does not know the material cannot get it right from
its form. Each check here finds one such cue (see docs/bank-format.md, "Lint"). A finding can
be waived in the YAML with a written reason (``waive: {longest: "…"}``); waived findings are
listed, not counted against the bank.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from quizapp.bank.linebreaks import mid_sentence_breaks
from quizapp.bank.model import Question
from quizapp.i18n import t

#: Key at least this many times as wide as the next widest choice: always a finding.
LONGEST_RATIO = 1.4
#: Share of four-choice items per file where the key may be strictly the widest (a gate).
LONGEST_SHARE = 0.30
#: Chi-square (3 degrees of freedom) above which a file's key positions count as uneven (p < 0.001).
SPREAD_CHI2 = 16.27

FORMULA = re.compile(r"[=≠≈≤≥∑Σ∏√∂∇×÷±∫]|[A-Za-z0-9)]\s*[\^*+]\s*[A-Za-z0-9(]|\b(?:exp|log|ln|sqrt)\s*\(")
GLOSS = re.compile(r"[(（][^()（）]*[A-Za-z]{2,}[^()（）]*[)）]")
HEDGE = re.compile(r"など|場合がある|場合が多い|ことがある|ことが多い|一般に|一般的に|傾向がある|可能性がある|多くの場合|しばしば")
ABSOLUTE = re.compile(r"必ず|(?<!非)常に|すべて|全て|決して|一切|絶対に|いかなる|どんな場合も|完全に|唯一")
NEGATIVE_STEM = re.compile(r"誤っている|誤り|誤った|不適切|正しくない|適切でない|当てはまらない|ではないもの|含まれないもの")
POSITION_REF = re.compile(
    r"選択肢\s*[(（]?[0-9０-９]"
    r"|[0-9０-９]\s*(?:番目|つ目)(?:の選択肢|の説明|の記述|の通り|\s*は|\s*も|\s*が)"
    r"|(?:最初|最後|先頭|末尾|上|下)の(?:選択肢|記述|[0-9０-９一二三]つ(?:は|も|の選択肢))"
    r"|(?<![0-9.,^/_a-zA-Z−\-])[(（]?[1-9][)）]?\s*(?:と|や|・|、)\s*[(（]?[1-9][)）]?\s*(?:は|も|が|の選択肢)"
    r"|(?:^|[。\n])\s*[(（]?[1-9][)）]?\s*(?:は|も)(?!\s*[0-9])"
    r"|(?<![0-9.,^/_a-zA-Z−\-])[(（]?[1-9][)）]?\s*(?:は|も)\s*(?:誤|正し|正解|不正解|逆)"
    r"|\b(?:choice|option)\s*#?\d",
    re.IGNORECASE | re.MULTILINE,
)
_FENCE = re.compile(r"```.*?```", re.S)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
WIDTH_PAIRS = (("（", "("), ("）", ")"), ("：", ":"), ("！", "!"), ("？", "?"))


def width(text: str) -> int:
    """Display width: East Asian wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    question_id: str
    part: str  # blank label, "" for the question
    kind: str
    message: str
    waived: str = ""  # the written reason, when waived

    @property
    def where(self) -> str:
        who = self.question_id + (f"#{self.part}" if self.part else "")
        return f"{self.path}:{self.line}: [{who}]"

    def __str__(self) -> str:
        return f"{self.where} {self.kind}: {self.message}"


@dataclass
class FileStats:
    items: int = 0  # four-choice items (single questions and code blanks)
    key_longest: int = 0  # key strictly the widest
    ge_ratio: int = 0  # key >= LONGEST_RATIO x the next widest
    positions: Counter = field(default_factory=Counter)

    @property
    def key_longest_pct(self) -> float:
        return 100.0 * self.key_longest / self.items if self.items else 0.0


@dataclass
class LintReport:
    findings: list[Finding] = field(default_factory=list)  # not waived
    waived: list[Finding] = field(default_factory=list)
    files: dict[str, FileStats] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.findings

    def by_kind(self) -> dict[str, int]:
        return dict(sorted(Counter(f.kind for f in self.findings).items()))

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "findings": [asdict(f) for f in self.findings],
            "waivers": [asdict(f) for f in self.waived],
            "by_kind": self.by_kind(),
            "waived_by_kind": dict(sorted(Counter(f.kind for f in self.waived).items())),
            "files": {p: {"items": s.items, "key_longest": s.key_longest, "key_longest_pct": round(s.key_longest_pct, 1),
                          "key_ge_1_4": s.ge_ratio, "positions": {str(k): v for k, v in sorted(s.positions.items())}}
                      for p, s in self.files.items()},
        }


def _plain(text: str) -> str:
    return _INLINE_CODE.sub("", _FENCE.sub("", text))


def _norm(text: str, fold_case: bool = True) -> str:
    t = unicodedata.normalize("NFKC", text)
    if fold_case:
        t = t.casefold()
    return re.sub(r"[\s。、.,]+", "", t)


def longest_ratio(choices: Sequence[str], answer: int) -> float | None:
    """The key's width over the widest other choice, or None when it is not strictly widest."""
    widths = [width(c) for c in choices]
    key = widths[answer - 1]
    others = [w for i, w in enumerate(widths) if i != answer - 1]
    if not others or key <= max(others):
        return None
    return key / max(max(others), 1)


def _item_checks(q: Question, part: str, choices: Sequence[str], whys: Sequence[str], keys: set[int],
                 explanation: str, stats: FileStats, text_item: bool) -> Iterable[tuple[str, str]]:
    n = len(choices)
    if len(keys) == 1 and n == 4:
        (key,) = keys
        stats.items += 1
        stats.positions[key] += 1
        ratio = longest_ratio(choices, key)
        if ratio is not None:
            stats.key_longest += 1
            if ratio >= LONGEST_RATIO:
                stats.ge_ratio += 1
                yield "longest", t("lint_longest", ratio=ratio, limit=LONGEST_RATIO)
    if text_item and len(keys) == 1 and n >= 3 and not all(re.fullmatch(r"[\s\d.,+\-−/%eE×^]+", c) for c in choices):
        (key,) = keys
        for kind, rx, what in (("unique-formula", FORMULA, "lint_what_formula"), ("unique-gloss", GLOSS, "lint_what_gloss"),
                               ("unique-hedge", HEDGE, "lint_what_hedge")):
            has = [bool(rx.search(c)) for c in choices]
            if has[key - 1] and sum(has) == 1:
                yield kind, t("lint_unique", what=t(what), found=rx.search(choices[key - 1]).group(0))
        absolute = [bool(ABSOLUTE.search(c)) for c in choices]
        if any(absolute):
            if NEGATIVE_STEM.search(q.prompt):
                if absolute[key - 1] and sum(absolute) == 1:
                    yield "absolute", t("lint_absolute_key")
            elif not absolute[key - 1]:
                words = sorted({ABSOLUTE.search(c).group(0) for c, a in zip(choices, absolute) if a})
                yield "absolute", t("lint_absolute", words=", ".join(words))
    seen: dict[str, int] = {}
    for i, c in enumerate(choices, 1):
        k = _norm(c, fold_case=text_item)  # in code, W and w are different names
        if k in seen:
            yield "duplicate", t("lint_duplicate", a=seen[k], b=i)
        seen.setdefault(k, i)
    missing = [i for i, w in enumerate(whys or [""] * n, 1) if not w]
    if missing:
        yield "missing-why", t("lint_missing_why", k=len(missing), n=n)
    for label, text in [(t("lint_label_explanation"), explanation),
                        *((t("lint_label_why", i=i), w) for i, w in enumerate(whys, 1))]:
        m = POSITION_REF.search(_plain(text))
        if m:
            yield "position-ref", t("lint_position_ref", label=label, found=m.group(0).strip())


def _width_mix(q: Question) -> str | None:
    texts = [_plain(q.prompt), q.explanation, *q.choices, *q.why]
    for b in q.blanks:
        texts += [b.explanation, b.prompt, *b.why]  # blank choices are code or formulas
    blob = "\n".join(texts)
    mixed = [f"{a}/{b}" for a, b in WIDTH_PAIRS if a in blob and b in blob]
    return ", ".join(mixed) if mixed else None


class _SourceLines:
    """The lines of the bank files, read once, to name the file line of a text's line."""

    def __init__(self) -> None:
        self._files: dict[str, list[str]] = {}

    def lines(self, path: str) -> list[str]:
        if path not in self._files:
            try:
                with open(path, encoding="utf-8") as fh:
                    self._files[path] = fh.read().split("\n")
            except (OSError, UnicodeDecodeError):
                self._files[path] = []
        return self._files[path]

    def find(self, path: str, start: int, text: str) -> int:
        """The 1-based line at or after ``start`` whose content is ``text`` (``start`` if none:
        a quoted YAML string, say)."""
        want = text.strip()
        lines = self.lines(path)
        for n in range(max(start, 1), len(lines) + 1):
            if lines[n - 1].strip() == want:
                return n
        return start

    def set_line(self, path: str, set_id: str) -> int:
        rx = re.compile(r"^\s*(?:-\s+)?id:\s*['\"]?" + re.escape(set_id) + r"['\"]?\s*$")
        return next((n for n, line in enumerate(self.lines(path), 1) if rx.match(line)), 0)


def _line_break_texts(q: Question) -> Iterable[tuple[str, str, str]]:
    """(part, field, text) of every text of ``q`` where a single newline is a line break."""
    yield "", "prompt", q.prompt
    yield "", "explanation", q.explanation
    for i, w in enumerate(q.why, 1):
        yield "", f"why of choice {i}", w
    for b in q.blanks:
        yield b.label, "prompt", b.prompt
        yield b.label, "explanation", b.explanation
        for i, w in enumerate(b.why, 1):
            yield b.label, f"why of choice {i}", w


def lint_questions(questions: Iterable[Question]) -> LintReport:
    report = LintReport()
    sources = _SourceLines()
    scenarios_seen: set[tuple[str, str]] = set()

    def add(q: Question, part: str, kind: str, message: str, waive: dict[str, str], line: int = 0) -> None:
        f = Finding(q.source, line or q.line, q.id, part, kind, message)
        reason = waive.get(kind)
        if reason:
            report.waived.append(Finding(f.path, f.line, f.question_id, part, kind, message, reason))
        else:
            report.findings.append(f)

    for q in questions:
        stats = report.files.setdefault(q.source, FileStats())
        qwaive = dict(q.waive)
        if q.type in ("single", "multi"):
            keys = {q.answer} if q.type == "single" else set(q.answer)  # type: ignore[arg-type]
            for kind, msg in _item_checks(q, "", q.choices, q.why, keys, q.explanation, stats, text_item=True):
                add(q, "", kind, msg, qwaive)
        elif q.type in ("code", "fill"):
            for b in q.blanks:
                bwaive = {**qwaive, **dict(b.waive)}
                for kind, msg in _item_checks(q, b.label, b.choices, b.why, {b.answer}, b.explanation, stats, text_item=False):
                    add(q, b.label, kind, msg, bwaive)
            m = POSITION_REF.search(_plain(q.explanation))
            if m:
                add(q, "", "position-ref", t("lint_position_ref_q", found=m.group(0).strip()), qwaive)
        mixed = _width_mix(q)
        if mixed:
            add(q, "", "width-mix", t("lint_width_mix", mixed=mixed), qwaive)
        texts = list(_line_break_texts(q))
        if q.scenario and (q.source, q.set_id) not in scenarios_seen:  # a set's scenario once, at the set
            scenarios_seen.add((q.source, q.set_id))
            texts.insert(0, ("", f"scenario of set {q.set_id}", q.scenario))
        for part, label, text in texts:
            start = sources.set_line(q.source, q.set_id) if label.startswith("scenario") else q.line
            bwaive = {**qwaive, **dict(q.blank(part).waive)} if part else qwaive
            for brk in mid_sentence_breaks(text):
                add(q, part, "line-break", t("lint_line_break", field=label, where=brk.describe()),
                    bwaive, line=sources.find(q.source, start, brk.line))

    for path, s in report.files.items():
        total = sum(s.positions.values())
        if total >= 12:
            expected = total / 4
            chi2 = sum((s.positions.get(k, 0) - expected) ** 2 / expected for k in range(1, 5))
            if chi2 > SPREAD_CHI2:
                counts = ", ".join(f"{k}: {s.positions.get(k, 0)}" for k in range(1, 5))
                report.findings.append(Finding(path, 0, "", "", "position-spread",
                                               t("lint_spread", counts=counts, chi2=chi2)))
    return report


def format_report(report: LintReport, lang: str = "ja") -> str:
    from quizapp.i18n import t_in

    lines = [str(f) for f in report.findings]
    if report.waived:
        lines.append("")
        lines.append(t_in(lang, "bank_lint_waivers"))
        lines += [f"  {f.where} {f.kind}: {f.waived}" for f in report.waived]
    lines.append("")
    for path, s in report.files.items():
        if s.items:
            lines.append(t_in(lang, "bank_lint_file", path=path, longest=s.key_longest, items=s.items,
                              pct=s.key_longest_pct, ratio=LONGEST_RATIO, ge=s.ge_ratio))
    kinds = report.by_kind()
    summary = ", ".join(f"{k} {v}" for k, v in kinds.items()) or t_in(lang, "bank_lint_none")
    lines.append(t_in(lang, "bank_lint_summary", n=len(report.findings), kinds=summary, waived=len(report.waived)))
    return "\n".join(lines)
