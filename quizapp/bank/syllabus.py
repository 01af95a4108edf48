"""The exam's syllabus (``question_bank/syllabus.yaml``): 大項目 → 中項目 → 小項目, keywords, scope.

No I/O beyond reading that one file; no Textual. Ids are ours: 大項目 ``"4"``, 中項目 ``"4-2"``,
小項目 ``"4-2-2"``. Scope ``in`` and ``disputed`` are examined; ``gray`` (出題対象外) is not.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.bank.model import AREAS

SCOPES = ("in", "gray", "disputed")
EXAMINED = frozenset({"in", "disputed"})
_ID_RE = re.compile(r"^\d+(-\d+){0,2}$")


class SyllabusError(ValueError):
    """syllabus.yaml is missing or malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Item:
    """A 小項目."""

    id: str
    name: str
    name_en: str
    scope: str
    keywords: tuple[str, ...]
    section: str  # 中項目 id
    major: str  # 大項目 id
    area: str  # the bank area of its 大項目

    @property
    def examined(self) -> bool:
        return self.scope in EXAMINED

    def label(self, lang: str = "ja") -> str:
        return f"{self.id} {self.name_en if lang == 'en' else self.name}"


@dataclass(frozen=True, slots=True)
class Section:
    """A 中項目."""

    id: str
    name: str
    name_en: str
    major: str
    items: tuple[Item, ...]

    @property
    def examined(self) -> bool:
        return any(i.examined for i in self.items)

    def label(self, lang: str = "ja") -> str:
        return f"{self.id} {self.name_en if lang == 'en' else self.name}"


@dataclass(frozen=True, slots=True)
class Major:
    """A 大項目."""

    id: str
    name: str
    name_en: str
    area: str
    sections: tuple[Section, ...]

    def label(self, lang: str = "ja") -> str:
        return f"{self.id}. {self.name_en if lang == 'en' else self.name}"


@dataclass
class Syllabus:
    majors: tuple[Major, ...]
    version: str = ""
    items: dict[str, Item] = field(init=False)
    sections: dict[str, Section] = field(init=False)

    def __post_init__(self) -> None:
        self.sections = {s.id: s for m in self.majors for s in m.sections}
        self.items = {i.id: i for s in self.sections.values() for i in s.items}

    def item(self, item_id: str) -> Item | None:
        return self.items.get(item_id)

    @property
    def examined_items(self) -> list[Item]:
        return [i for i in self.items.values() if i.examined]

    def node_label(self, node_id: str, lang: str = "ja") -> str:
        """Label of a 大項目, 中項目 or 小項目 id."""
        for m in self.majors:
            if m.id == node_id:
                return m.label(lang)
        node = self.sections.get(node_id) or self.items.get(node_id)
        if node is None:
            raise KeyError(node_id)
        return node.label(lang)

    def items_under(self, node_id: str) -> list[Item]:
        """The 小項目 under a 大項目 (``4``), 中項目 (``4-2``) or the 小項目 itself; [] if unknown."""
        node_id = node_id.strip()
        if node_id in self.items:
            return [self.items[node_id]]
        if node_id in self.sections:
            return list(self.sections[node_id].items)
        return [i for i in self.items.values() if i.major == node_id]

    def keyword_owners(self, keyword: str) -> list[Item]:
        return [i for i in self.items.values() if keyword in i.keywords]

    def find_keywords(self, query: str) -> list[tuple[Item, str]]:
        """Keywords matching ``query``: exact (case-insensitive) first, else every keyword that
        contains it or one of its ``/``・``・`` parts."""
        q = query.strip().casefold()
        if not q:
            return []
        pairs = [(i, k) for i in self.items.values() for k in i.keywords]
        exact = [(i, k) for i, k in pairs if k.casefold() == q]
        if exact:
            return exact
        return [(i, k) for i, k in pairs if q in k.casefold()]


def default_path() -> Path:
    from quizapp import paths

    return paths.bank_dir() / "syllabus.yaml"


def _str(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SyllabusError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()


def parse_syllabus(doc: object, source: str = "syllabus.yaml") -> Syllabus:
    if not isinstance(doc, dict) or not isinstance(doc.get("majors"), list):
        raise SyllabusError(f"{source}: expected a mapping with a 'majors' list")
    majors = []
    seen: set[str] = set()
    for mi, m in enumerate(doc["majors"]):
        where = f"{source}: majors[{mi}]"
        if not isinstance(m, dict):
            raise SyllabusError(f"{where}: must be a mapping")
        mid = str(m.get("id", ""))
        area = _str(m, "area", where)
        if area not in AREAS:
            raise SyllabusError(f"{where}: area {area!r} is not one of {', '.join(AREAS)}")
        sections = []
        for si, s in enumerate(m.get("sections") or []):
            swhere = f"{where}.sections[{si}]"
            sid = str(s.get("id", "")) if isinstance(s, dict) else ""
            if not sid.startswith(mid + "-") or not _ID_RE.match(sid):
                raise SyllabusError(f"{swhere}: id {sid!r} must look like '{mid}-N'")
            items = []
            for ii, it in enumerate(s.get("items") or []):
                iwhere = f"{swhere}.items[{ii}]"
                iid = str(it.get("id", "")) if isinstance(it, dict) else ""
                if not iid.startswith(sid + "-") or not _ID_RE.match(iid):
                    raise SyllabusError(f"{iwhere}: id {iid!r} must look like '{sid}-N'")
                if iid in seen:
                    raise SyllabusError(f"{iwhere}: duplicate id {iid}")
                seen.add(iid)
                scope = it.get("scope")
                if scope not in SCOPES:
                    raise SyllabusError(f"{iwhere} ({iid}): scope must be one of {', '.join(SCOPES)}")
                kws = it.get("keywords")
                if not isinstance(kws, list) or not kws or not all(isinstance(k, str) and k.strip() for k in kws):
                    raise SyllabusError(f"{iwhere} ({iid}): keywords must be a non-empty list of strings")
                items.append(Item(iid, _str(it, "name", iwhere), _str(it, "name_en", iwhere), scope,
                                  tuple(k.strip() for k in kws), sid, mid, area))
            sections.append(Section(sid, _str(s, "name", swhere), _str(s, "name_en", swhere), mid, tuple(items)))
        majors.append(Major(mid, _str(m, "name", where), _str(m, "name_en", where), area, tuple(sections)))
    return Syllabus(tuple(majors), str(doc.get("version", "")))


#: Parsed syllabi handed over by the bank cache (quizapp/bank/cache.py), by (path, mtime_ns):
#: the app's start-up reads the pickle instead of importing and running the YAML parser.
_PRIMED: dict[tuple[str, int], Syllabus] = {}


def prime(path: str, mtime_ns: int, syllabus: Syllabus) -> None:
    """Remember ``syllabus`` as the parse of ``path`` at ``mtime_ns`` (from the bank cache)."""
    if isinstance(syllabus, Syllabus):
        _PRIMED[(str(path), int(mtime_ns))] = syllabus


def file_key(path: Path | str | None = None) -> tuple[str, int]:
    """(path, mtime_ns) of the syllabus file: what a parse is valid for."""
    p = Path(path) if path is not None else default_path()
    return str(p), p.stat().st_mtime_ns


@functools.lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int) -> Syllabus:
    primed = _PRIMED.get((path, mtime_ns))
    if primed is not None:
        return primed
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SyllabusError(f"{path}: cannot read the syllabus: {exc}") from exc
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SyllabusError(f"{path}: YAML error: {exc}") from exc
    return parse_syllabus(doc, path)


def load_syllabus(path: Path | str | None = None) -> Syllabus:
    """The shipped syllabus (or the one at ``path``), parsed once per file version."""
    p = Path(path) if path is not None else default_path()
    try:
        mtime = p.stat().st_mtime_ns
    except OSError as exc:
        raise SyllabusError(f"{p}: cannot read the syllabus: {exc}") from exc
    return _load_cached(str(p), mtime)
