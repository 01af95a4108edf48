"""Reading a number as a learner typed it, on any keyboard. Core: no UI.

A Japanese input method gives full-width digits (``３``), 「．」, 「－」, 「−」 (U+2212), 「ー」 (the
long-vowel mark, typed for minus) and full-width spaces. :func:`read_number` normalizes these
(NFKC plus every minus look-alike), accepts decimals, ``3e-4``, fractions ``1/2`` and ``1,000``
(thousands), and refuses anything else with a message naming what it could not read. It never
drops a character silently: ``0,5`` is refused, not read as 5.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

#: Characters read as a minus sign after NFKC.
MINUS_SIGNS = "\u2212\u30fc\u2010\u2011\u2012\u2013\u2014\u2015\ufe63\uff0d\u02d7\u2796"

_DECIMAL = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_THOUSANDS = r"\d{1,3}(?:,\d{3})+(?:\.\d*)?"
_NUMBER = re.compile(
    rf"(?P<sign>[+-]?)\s*(?:(?P<num>{_DECIMAL}|{_THOUSANDS})\s*/\s*(?P<den>{_DECIMAL}|{_THOUSANDS})"
    rf"|(?P<value>{_DECIMAL}|{_THOUSANDS}))"
)


@dataclass(frozen=True, slots=True)
class Reading:
    """What was read from the typed text: a value, or why none could be read."""

    typed: str
    value: float | None
    normalized: str = ""  # the text as read (half-width, ASCII minus), e.g. ``-1/2``
    problem: str = ""  # i18n key of the reason when value is None
    bad: str = ""  # the character (or text) that could not be read

    @property
    def ok(self) -> bool:
        return self.value is not None

    def shown(self) -> str:
        """The answer as read, for feedback: ``-4``, ``1/2 (= 0.5)``, ``0.0003``."""
        if self.value is None:
            return self.typed
        v = f"{self.value:.10g}"
        return v if self.normalized in (v, v.lstrip("+")) or "/" not in self.normalized else f"{self.normalized} (= {v})"

    def message(self) -> str:
        """The refusal, in the interface language."""
        from quizapp import i18n

        return i18n.t(self.problem or "need_number", bad=self.bad)


def normalize(text: str) -> str:
    """NFKC, every minus look-alike as ``-``, full-width and other spaces as one space, trimmed."""
    t = unicodedata.normalize("NFKC", text)
    t = t.translate({ord(c): "-" for c in MINUS_SIGNS})
    t = re.sub(r"\s+", " ", t)
    return t.strip()


def read_number(text: str) -> Reading:
    t = normalize(text)
    if not t:
        return Reading(text, None, t, "need_number")
    m = _NUMBER.fullmatch(t)
    if m is None:
        # Name the first character that cannot belong to a number, else say the form is wrong.
        for ch in t:
            if not (ch.isdigit() or ch in "+-.,/eE "):
                return Reading(text, None, t, "number_bad_char", ch)
        if re.search(r"\d,\d", t):
            return Reading(text, None, t, "number_comma", t)
        return Reading(text, None, t, "number_bad_form", t)
    sign = -1.0 if m["sign"] == "-" else 1.0
    try:
        if m["value"] is not None:
            value = sign * float(m["value"].replace(",", ""))
        else:
            den = float(m["den"].replace(",", ""))
            if den == 0:
                return Reading(text, None, t, "number_zero_div", t)
            value = sign * float(m["num"].replace(",", "")) / den
    except (ValueError, OverflowError):
        return Reading(text, None, t, "number_bad_form", t)
    if not math.isfinite(value):
        return Reading(text, None, t, "number_bad_form", t)
    return Reading(text, value, re.sub(r"\s+", "", t))
