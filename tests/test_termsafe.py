"""Escape sequences from learner output and bank text never reach the terminal through the
plain CLI (issue 13): screen clears, window titles, OSC 52 clipboard writes are stripped;
newlines and tabs stay."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from quizapp.cli import main
from quizapp.drills.model import load_drills
from quizapp.termsafe import SafeStream, strip_controls

HOSTILE = {
    "clear screen (CSI)": ("a\x1b[2J\x1b[Hb", "ab"),
    "colour (CSI SGR)": ("\x1b[31;1mred\x1b[0m", "red"),
    "title (OSC, BEL)": ("x\x1b]0;pwned\x07y", "xy"),
    "clipboard (OSC 52, ST)": ("x\x1b]52;c;cm0gLXJmIH4=\x1b\\y", "xy"),
    "hyperlink (OSC 8)": ("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "link"),
    "device control (DCS)": ("p\x1bP1$r0m\x1b\\q", "pq"),
    "8-bit CSI": ("a\x9b2Jb", "ab"),
    "8-bit OSC": ("a\x9d0;t\x9cb", "ab"),
    "reset (ESC c)": ("a\x1bcb", "ab"),
    "charset (ESC ( 0)": ("a\x1b(0b", "ab"),
    "lone ESC at the end": ("a\x1b", "a"),
    "carriage return overwrite": ("safe\rEVIL", "safeEVIL"),
    "backspaces and bell": ("ab\x08\x08\x07c", "abc"),
    "unterminated OSC stops at the line end": ("a\x1b]0;title\nnext line", "a\nnext line"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_strip_controls(case):
    raw, want = HOSTILE[case]
    got = strip_controls(raw)
    assert got == want
    assert not any(ord(c) < 0x20 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F for c in got)


def test_plain_text_is_left_alone():
    text = "ソフトマックス関数\tσ(x) = 1/(1+e^{-x})\n次の行 ✓ ✗ ★\n"
    assert strip_controls(text) == text
    assert strip_controls("a\r\nb") == "a\nb"


def test_safe_stream_wraps_writes():
    raw = io.StringIO()
    s = SafeStream(raw)
    print("x\x1b[2Jy", file=s)
    assert raw.getvalue() == "xy\n"


def test_drill_output_is_stripped_in_the_cli(capsys, tmp_path):
    relu = load_drills()["day01.relu"]
    f = tmp_path / "mine.py"
    f.write_text('print("before\\x1b[2J\\x1b]0;owned\\x07\\x1b]52;c;ZXZpbA==\\x07after\\tTAB")\n' + relu.solution,
                 encoding="utf-8")
    code = main(["--lang", "en", "drill", "check", "day01.relu", "--file", str(f)])
    out, err = capsys.readouterr()
    assert code == 0
    assert "beforeafter\tTAB" in out  # the learner's output is shown, without the sequences
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert sys.stdout is not None and not isinstance(sys.stdout, SafeStream)  # restored after main()


def test_bank_text_and_file_names_are_stripped_in_the_console_script(tmp_path):
    evil = tmp_path / "evil\x1b]0;title\x07\x1b[2J.yaml"
    # YAML refuses raw control characters, but double-quoted strings may spell them: \e is ESC.
    evil.write_text('day: 1\nquestions:\n  - id: "x\\e[31m\\e]52;c;ZXZpbA==\\a"\n    type: single\n',
                    encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "quizapp", "--lang", "en", "bank", "validate", str(evil)], capture_output=True,
                       timeout=120, stdin=subprocess.DEVNULL)
    assert r.returncode == 1
    both = r.stdout + r.stderr
    assert b"\x1b" not in both and b"\x07" not in both
    assert b"evil" in r.stdout and b"area: must be one of" in r.stdout
    assert b"[x] id: must be letters" in r.stdout  # the id is named without its sequences
