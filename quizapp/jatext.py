"""Japanese line breaking for the terminal, as a printed page does it. Core: Rich only, no Textual.

Rich and Textual break lines only at spaces, and fold a space-less Japanese sentence at any
character, so lines start with 「。」 and a number is cut from its unit. This module decides
where a line may break:

* at the phrase boundaries BudouX finds (``budoux``, Japanese phrase segmentation), where a
  Japanese character is on one side (``∇f(x_0`` stays whole even though BudouX would split it);
* after a run of spaces (Western words);
* never so that a line starts with closing punctuation or a small kana (行頭禁則: 。、」）・ー …)
  or ends with an opening bracket (行末禁則: 「（ …), never inside a number with its sign and unit
  (``−0.5``, ``1500 ms``, ``3 回``), never next to ``=`` (``b = −0.5`` stays whole).

When no allowed break fits (a phrase wider than the line), the text is folded by character,
still moving a forbidden line-start character back with its neighbour.

:func:`wrap_lines` gives the lines of a plain string; :class:`JaText` is a Rich ``Text`` that
wraps this way wherever Rich wraps text (consoles, tables, Markdown paragraphs), optionally with
a hanging indent; :class:`JaMarkdown` is Rich's Markdown with Japanese paragraphs and the
author's line breaks kept (a single newline is a line break, a blank line a new paragraph).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import Markdown, MarkdownContext, Paragraph
from rich.measure import Measurement
from rich.text import Lines, Text

#: Characters a line must not start with (行頭禁則), including ``=`` so ``b = −0.5`` stays whole.
NO_LINE_START = frozenset(
    "、。，．,.:;：；!?！？)]}）］｝」』】〕〉》〙〗〟’”｠»・ー…‥〜～"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々〻ゝゞヽヾ゛゜%％="
)
#: Characters a line must not end with (行末禁則).
NO_LINE_END = frozenset("([{（［｛「『【〔〈《〘〖〝‘“｟«=")

_UNITS = ("%", "％", "°", "℃", "倍", "個", "回", "次元", "層", "枚", "番目", "秒", "分", "時間", "日",
          "問", "点", "件", "ms", "MB", "GB", "KB", "px", "dB")
#: A number with its sign and unit: no break inside.
_NUMBER = re.compile(
    r"[+\-−－±]?[0-9０-９]+(?:[.,．][0-9０-９]+)*(?:[eE][+\-−]?[0-9]+)?"
    r"(?:[ \u3000]?(?:" + "|".join(map(re.escape, _UNITS)) + r"))?"
)


def is_cjk(ch: str) -> bool:
    """Kana, kanji, CJK punctuation and full-width forms."""
    o = ord(ch)
    return (0x3000 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF
            or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or 0x31F0 <= o <= 0x31FF)


@functools.cache
def _parser():
    import budoux

    return budoux.load_default_japanese_parser()


@functools.lru_cache(maxsize=4096)
def break_opportunities(text: str) -> frozenset[int]:
    """Indices ``i`` where a line may break before ``text[i]`` (a single line, no newline)."""
    allowed: set[int] = set()
    if any(is_cjk(c) for c in text):
        pos = 0
        for phrase in _parser().parse(text):
            pos += len(phrase)
            if 0 < pos < len(text):
                a, b = text[pos - 1], text[pos]
                if (is_cjk(a) or is_cjk(b)) and not a.isspace() and not b.isspace():
                    allowed.add(pos)
    for i in range(1, len(text)):
        if text[i - 1].isspace() and not text[i].isspace():
            allowed.add(i)
    blocked: set[int] = set()
    for m in _NUMBER.finditer(text):
        blocked.update(range(m.start() + 1, m.end()))
    result = set()
    for i in allowed - blocked:
        head = text[i:].lstrip()
        tail = text[:i].rstrip()
        if not head or not tail or head[0] in NO_LINE_START or tail[-1] in NO_LINE_END:
            continue
        # a break at a space counts as a break after the last non-space of the line
        start = len(text) - len(head)
        if any(start > m.start() and start < m.end() for m in _NUMBER.finditer(text, max(0, start - 24), start + 1)):
            continue
        result.add(i)
    return frozenset(result)


def _fold_point(text: str, start: int, width: int) -> int:
    """The end of a line folded by character from ``start``: as much as fits, moved back so the
    next line does not start with a forbidden character (at least one character)."""
    used = 0
    end = start
    while end < len(text):
        w = cell_len(text[end])
        if used + w > width:
            break
        used += w
        end += 1
    if end >= len(text):
        return len(text)
    best = end
    while best - 1 > start and (text[best] in NO_LINE_START or text[best - 1] in NO_LINE_END):
        best -= 1
    if best - 1 <= start and (text[best] in NO_LINE_START or text[best - 1] in NO_LINE_END):
        best = end  # nothing better in this line: keep the plain fold
    return max(best, start + 1)


def line_offsets(text: str, width: int, indent: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each wrapped line of ``text`` (one paragraph line, no newline). Lines after
    the first have ``width - indent`` cells; trailing spaces are excluded from ``end`` and the
    leading spaces of continuation lines are skipped."""
    if width <= 0:
        width = 1
    if not text:
        return [(0, 0)]
    breaks = sorted(break_opportunities(text))
    out: list[tuple[int, int]] = []
    start = 0
    avail = width
    n = len(text)
    while True:
        if cell_len(text[start:].rstrip()) <= avail:
            out.append((start, len(text.rstrip())))
            break
        best = None
        for b in breaks:
            if b <= start:
                continue
            if cell_len(text[start:b].rstrip()) <= avail:
                best = b
            else:
                break
        if best is None:
            best = _fold_point(text, start, avail)
        end = len(text[:best].rstrip())
        if end <= start:
            end = best
        out.append((start, end))
        start = best
        while start < n and text[start] == " ":
            start += 1
        if start >= n:
            break
        avail = max(1, width - indent)
    return out


def wrap_lines(text: str, width: int, indent: int = 0) -> list[str]:
    """``text`` wrapped to ``width`` cells; its own newlines are kept; continuation lines of each
    paragraph line get ``indent`` spaces (a hanging indent)."""
    lines: list[str] = []
    for para in text.split("\n"):
        for k, (s, e) in enumerate(line_offsets(para, width, indent)):
            lines.append((" " * indent if k and indent else "") + para[s:e])
    return lines


class JaText(Text):
    """A Rich ``Text`` that wraps at Japanese phrase boundaries with 禁則 and an optional hanging
    indent (continuation lines start ``hanging`` cells in)."""

    hanging: int = 0

    def wrap(self, console: Console, width: int, *, justify=None, overflow=None, tab_size: int = 8,
             no_wrap: bool | None = None) -> Lines:
        if no_wrap or self.no_wrap:
            return super().wrap(console, width, justify=justify, overflow=overflow, tab_size=tab_size,
                                no_wrap=no_wrap)
        lines = Lines()
        for line in self.split(allow_blank=True):
            if "\t" in line:
                line.expand_tabs(tab_size)
            plain = line.plain
            spans = line_offsets(plain, width, self.hanging)
            for k, (s, e) in enumerate(spans):
                piece = line[s:e]
                if k and self.hanging:
                    piece = Text(" " * self.hanging, end="") + piece
                piece.truncate(width, overflow="fold" if (overflow or self.overflow) != "ellipsis" else "ellipsis")
                lines.append(piece)
        return lines

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        m = super().__rich_measure__(console, options)
        # the widest phrase, not the widest space-separated word, is the narrowest sensible width
        return Measurement(min(m.minimum, 12), m.maximum)


def ja_text(text: str | Text, style: str = "", hanging: int = 0) -> JaText:
    """A :class:`JaText` of a string (plain, not markup) or of a styled Rich ``Text``."""
    if isinstance(text, Text):
        out = JaText(text.plain, style=text.style, justify=text.justify, overflow=text.overflow, end=text.end)
        out._spans = list(text._spans)
    else:
        out = JaText(text, style=style)
    out.hanging = hanging
    return out


class Wrapped:
    """A renderable holding :class:`JaText` items, one after the other. Textual turns a bare Rich
    ``Text`` into its own content type (and its own wrapping); wrapping the text in this keeps
    Rich, and so the Japanese line breaking, in charge."""

    def __init__(self, *items: Text) -> None:
        self.items = [i if isinstance(i, JaText) else ja_text(i) for i in items]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.items

    def __str__(self) -> str:
        return "\n".join(i.plain for i in self.items)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        ms = [i.__rich_measure__(console, options) for i in self.items] or [Measurement(0, 0)]
        return Measurement(max(m.minimum for m in ms), max(m.maximum for m in ms))


def hanging_item(prefix: str | Text, body: str | Text, style: str = "") -> JaText:
    """``prefix`` (``1. ``, ``- ``) then ``body``, continuation lines under the body's first character."""
    head = prefix if isinstance(prefix, Text) else Text(prefix, style=style)
    rest = body if isinstance(body, Text) else Text(body, style=style)
    out = ja_text(head + rest, hanging=head.cell_len)
    return out


class _JaParagraph(Paragraph):
    def on_enter(self, context: MarkdownContext) -> None:
        super().on_enter(context)
        self.text = ja_text(self.text)


class JaMarkdown(Markdown):
    """Rich Markdown whose paragraphs wrap as Japanese text and keep the author's line breaks
    (a single newline is a line break; a blank line starts a new paragraph)."""

    elements = {**Markdown.elements, "paragraph_open": _JaParagraph}

    def __str__(self) -> str:
        return self.markup

    def __init__(self, markup: str, **kwargs) -> None:
        kwargs.setdefault("code_theme", "monokai")
        kwargs.setdefault("hyperlinks", False)
        super().__init__(markup, **kwargs)
        for token in self.parsed:
            for child in token.children or ():
                if child.type == "softbreak":
                    child.type = "hardbreak"


def render_plain(renderable, width: int) -> list[str]:
    """The lines a renderable shows at ``width`` cells, as plain text (for tests and the CLI)."""
    import io

    console = Console(width=width, file=io.StringIO(), color_system=None, force_terminal=False,
                      legacy_windows=False, record=True)
    if isinstance(renderable, Text):  # console.print would join a bare Text into a plain one
        renderable = Wrapped(renderable)
    console.print(renderable)
    return [line.rstrip() for line in console.export_text(styles=False).rstrip("\n").split("\n")]
