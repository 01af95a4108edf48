"""The core never imports Textual (it must be usable without the TUI)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = ["quizapp.bank", "quizapp.bank.verify", "quizapp.bank.stats", "quizapp.store", "quizapp.quiz",
        "quizapp.reports", "quizapp.sandbox", "quizapp.safecodec", "quizapp.paths", "quizapp.cli",
        "quizapp.scheduling", "quizapp.study", "quizapp.exam", "quizapp.techtest", "quizapp.drills.grader",
        "quizapp.drills.service", "quizapp.drills.cli", "quizapp.jatext", "quizapp.numeric", "quizapp.cli_i18n",
        "quizapp.bank.cache", "quizapp.classmode.cli", "quizapp.classmode.finals",
        "quizapp.classmode.scoring", "quizapp.classmode.security", "quizapp.classmode.roster",
        "quizapp.classmode.report", "quizapp.classmode.awards", "quizapp.classmode.server"]


@pytest.mark.parametrize("module", CORE)
def test_core_does_not_import_textual(module):
    code = f"import sys, {module}; assert 'textual' not in sys.modules, [m for m in sys.modules if m.startswith('textual')]"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
