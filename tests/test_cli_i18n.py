"""--help and usage errors in the interface language: Japanese by default, English with --lang en."""

from __future__ import annotations

import argparse

import pytest

from quizapp.cli import build_parser, main
from quizapp.cli_i18n import install_argparse_messages, untranslated


@pytest.fixture(autouse=True)
def _restore_argparse():
    yield
    install_argparse_messages("en")


def test_every_help_text_has_a_japanese_version():
    install_argparse_messages("en")
    assert untranslated(build_parser()) == []


@pytest.mark.parametrize("argv", [["--help"], ["quiz", "--help"], ["drill", "check", "--help"], ["bank", "lint", "--help"]])
def test_help_is_japanese_by_default_and_english_with_lang_en(argv, capsys):
    with pytest.raises(SystemExit) as ex:
        main(argv)
    assert ex.value.code == 0
    ja = capsys.readouterr().out
    assert ja.startswith("使い方: ") and "オプション:" in ja and "このヘルプを表示して終了する" in ja
    assert "show this help" not in ja and "usage:" not in ja
    with pytest.raises(SystemExit):
        main(["--lang", "en", *argv])
    en = capsys.readouterr().out
    assert en.startswith("usage: ") and "options:" in en and "使い方" not in en and "オプション" not in en


def test_usage_errors_follow_the_language(capsys):
    with pytest.raises(SystemExit) as ex:
        main(["quiz", "--day", "12"])
    assert ex.value.code == 2
    err = capsys.readouterr().err
    assert "エラー: 引数 --day: 選べない値です: 12" in err
    with pytest.raises(SystemExit):
        main(["quiz", "--day", "12", "--lang=en"])
    assert "error: argument --day: invalid choice: 12" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["report", "--bogus"])
    assert "知らない引数です: --bogus" in capsys.readouterr().err
    assert argparse._("usage: ") == "使い方: "  # the last run was Japanese


def test_translations_survive_argparse_formatting():
    from quizapp.cli_i18n import HELP_JA

    for en, ja in HELP_JA.items():
        params = {"prog": "quizapp", "default": 1, "choices": "a", "dest": "x", "metavar": "X", "option_strings": "-x"}
        assert "%" not in ja.replace("%%", "") or "%(" in ja, ja
        (ja % params) if "%" in ja else ja  # noqa: B018 - raises on a bad format


def test_english_counts_of_one_are_singular():
    from quizapp import i18n

    i18n.set_lang("en")
    try:
        assert i18n.t("plan", due=1, new=1, drills=1, streak=1) == \
            "Today: 1 review · 1 new question · 1 drill due · streak 1 day"
        assert "2 reviews" in i18n.t("plan", due=2, new=2, drills=2, streak=11) and "11 days" in \
            i18n.t("plan", due=2, new=2, drills=2, streak=11)
        assert i18n.singular("(1 answers) 21 answers 1.1 days") == "(1 answer) 21 answers 1.1 days"
    finally:
        i18n.set_lang("ja")
