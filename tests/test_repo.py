"""The README's promises about the repository hold."""

from __future__ import annotations

import re

from tests.conftest import REPO


def _commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_readme_first_screen_has_install_and_test_commands():
    head = "\n".join((REPO / "README.md").read_text(encoding="utf-8").splitlines()[:20])
    cmds = _commands()
    assert len(cmds) >= 2 and cmds[0] in head and cmds[1] in head
    assert "pip install ." in cmds[0] and cmds[0].endswith("quizapp")
    assert "pytest" in cmds[1]


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci
