"""Line breaks an author wrote in the middle of a sentence (bank lint kind ``line-break``).

In a prompt, explanation or scenario a single newline is a line break on screen
(docs/bank-format.md, "Line breaks and wrapping"). A sentence wrapped by hand in the YAML
therefore shows as a ragged paragraph broken at a random place on a wide terminal. This
module finds those breaks: a prose line that ends without sentence-final punctuation and is
followed by a line that carries on the same sentence as prose.

Meant breaks are left alone: table rows (Markdown ``| … |`` rows, or columns aligned with runs
of spaces), list items, fenced or indented code, and display lines such as an equation on its
own line (a line with a relation sign and no Japanese prose outside its brackets). A sentence
that leads into a display (「…の学習規則」 / ``w ← w + ηx`` / 「を考える。」) is a display,
not a broken sentence; a display that ends in 「、」 and goes on at the next line is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Characters that may end a sentence or introduce what follows (a colon before a list or equation).
SENTENCE_END = frozenset("。．！？!?：:…‥.")
#: Closing brackets that may follow the sentence end: 「…。」 or (… である。)
CLOSERS = frozenset(")）」』】〕］]\"'”’")
#: Relation signs that make a line without prose a display (an equation, an update rule).
RELATION = re.compile(r"[=≠≈≃≡≤≥<>←→↦∈∝]")
HIRAGANA = re.compile(r"[\u3041-\u309f]")
#: A Markdown list item (what the renderer lays out as a list).
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s")
#: What starts a new item rather than continuing a sentence: list items and enumerations.
ITEM_START = re.compile(r"^\s*(?:[-*+]\s|\d{1,3}[.)]\s|[(（][0-9０-９a-zA-Zア-ン一-九ivx]{1,4}[)）]|[・•①-⑳])")
#: Aligned columns: two or more spaces between words inside the line.
ALIGNED = re.compile(r"\S {2,}\S|\t")
_PARENS = re.compile(r"\([^()]*\)|（[^（）]*）|\[[^\[\]]*\]")


@dataclass(frozen=True, slots=True)
class Break:
    """Line ``index`` (0-based, within the text) ends inside a sentence that goes on at ``index + 1``."""

    index: int
    line: str
    next_line: str

    def describe(self, keep: int = 12) -> str:
        tail = self.line.rstrip()[-keep:]
        head = self.next_line.strip()[:keep]
        return f"…{tail}⏎{head}…"


def _outside_brackets(line: str) -> str:
    prev = None
    while prev != line:
        prev, line = line, _PARENS.sub(" ", line)
    return line


def is_display(line: str) -> bool:
    """An equation or update rule on its own line: a relation sign and no Japanese prose
    (hiragana) outside brackets, so 「KL(q ‖ p) = …   (log は自然対数)」 is a display."""
    bare = _outside_brackets(line)
    return bool(RELATION.search(bare)) and not HIRAGANA.search(bare)


def is_table_row(line: str) -> bool:
    s = line.strip()
    return (s.startswith("|") and s.endswith("|")) or bool(ALIGNED.search(s))


def is_prose(line: str) -> bool:
    """A line of running text: not blank, code, a table row, a list item, a heading or a display."""
    if not line.strip() or line.startswith(("    ", "\t")):
        return False
    s = line.strip()
    return not (s.startswith(("#", "```", "~~~", ">")) or is_table_row(s) or LIST_ITEM.match(s) or is_display(s))


def ends_sentence(line: str) -> bool:
    s = line.rstrip()
    while s and s[-1] in CLOSERS and len(s) > 1 and s[-2] in SENTENCE_END | CLOSERS:
        s = s[:-1]
    return bool(s) and s[-1] in SENTENCE_END


def continues(line: str) -> bool:
    """The line goes on with the sentence before it: prose that does not start a new item."""
    return is_prose(line) and not ITEM_START.match(line)


def _display_goes_on(line: str, nxt: str) -> bool:
    """A run of values that ends in a comma (「P(a) = 1/3、」) and goes on at the next line, which
    is no new item: one sentence wrapped by hand, not a display of its own."""
    s = line.strip()
    return (bool(s) and not line.startswith(("    ", "\t")) and s[-1] in "、，," and is_display(s)
            and not LIST_ITEM.match(s) and (continues(nxt) or (is_display(nxt.strip()) and not ITEM_START.match(nxt)
                                                                 and not nxt.startswith(("    ", "\t")))))


def mid_sentence_breaks(text: str) -> list[Break]:
    """Every line of ``text`` that ends inside a sentence continued on the next line."""
    lines = text.split("\n")
    found: list[Break] = []
    fenced = False
    for i, line in enumerate(lines):
        if line.strip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or i + 1 >= len(lines):
            continue
        nxt = lines[i + 1]
        if (is_prose(line) and not ends_sentence(line) and continues(nxt)) or _display_goes_on(line, nxt):
            found.append(Break(i, line, nxt))
    return found
