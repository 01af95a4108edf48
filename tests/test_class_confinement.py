"""Class-mode grading runs learners' code kernel-confined, or only with the instructor's
explicit --allow-unconfined (issue 13: a forged pass must not reach the board or the awards)."""

from __future__ import annotations

import argparse

import pytest

from quizapp import i18n
from quizapp.classmode import cli as class_cli
from quizapp.classmode import scoring


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.setattr(scoring, "ALLOW_UNCONFINED", False)
    monkeypatch.setattr(scoring, "_GRADERS", {})


def test_the_class_grader_requires_the_kernel_sandbox():
    g = scoring.class_grader()
    assert g.sandbox.require_confinement is True
    g.close()


def test_grading_commands_refuse_without_the_kernel_sandbox(monkeypatch, capsys):
    from quizapp import sandbox

    monkeypatch.setattr(sandbox, "level", lambda: "limited")
    args = argparse.Namespace(class_command="board", allow_unconfined=False)
    assert class_cli._require_sandbox(args) == class_cli.EXIT_FAIL
    err = capsys.readouterr().err
    assert "カーネルのサンドボックスが使えません" in err and "--allow-unconfined" in err
    i18n.set_lang("en")
    assert class_cli._require_sandbox(args) == class_cli.EXIT_FAIL
    assert "kernel sandbox is not available" in capsys.readouterr().err
    assert scoring.ALLOW_UNCONFINED is False


def test_the_explicit_flag_grades_unconfined(monkeypatch):
    from quizapp import sandbox

    monkeypatch.setattr(sandbox, "level", lambda: "limited")
    args = argparse.Namespace(class_command="awards", allow_unconfined=True)
    assert class_cli._require_sandbox(args) is None
    g = scoring.class_grader()
    assert g.sandbox.require_confinement is False
    g.close()


def test_the_flag_is_on_every_grading_command():
    from quizapp.cli import build_parser

    parser = build_parser()
    for cmd in ("board", "awards", "report"):
        ns = parser.parse_args(["class", cmd, "--allow-unconfined"])
        assert ns.allow_unconfined is True
