"""Keep terminal control sequences from learner-controlled text out of the plain CLI.

Drill output, bank text and file names are printed by the plain (non-TUI) commands. A
``print("\\x1b[2J")`` in a drill, or an OSC 52 sequence in a bank's prompt, would otherwise
clear the screen, set the window title or write to the clipboard. :func:`strip_controls`
removes escape sequences (CSI, OSC, DCS, SOS, PM, APC and the two-character ones), the 8-bit
C1 controls and every other control character except newline and tab. :class:`SafeStream`
applies it to everything written to a text stream.
"""

from __future__ import annotations

import re
from typing import TextIO

_SEQUENCES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?          # CSI ... final byte
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?  # OSC/DCS/SOS/PM/APC ... ST/BEL
  | \x1b[\x20-\x2f]*[\x30-\x7e]?                                   # other escape sequences (ESC c, ESC ( B, ...)
    """,
    re.VERBOSE,
)
# What is left after the sequences: C0 controls except \t and \n, DEL, C1 controls, and
# carriage returns not followed by a newline (they would let text overwrite a line).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """``text`` without terminal control sequences or control characters (keeps \\n and \\t)."""
    if not text or (text.isprintable() and "\x1b" not in text):
        return text
    text = _SEQUENCES.sub("", text)
    text = text.replace("\r\n", "\n")
    return _CONTROLS.sub("", text)


class SafeStream:
    """A text stream wrapper that strips control sequences from everything written."""

    def __init__(self, raw: TextIO) -> None:
        self._raw = raw

    def write(self, s: str) -> int:
        self._raw.write(strip_controls(s))
        return len(s)

    def write_control(self, s: str) -> int:
        """Write a control sequence of the app's own (``drill watch`` clearing the screen)."""
        return self._raw.write(s)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        return getattr(self._raw, name)
