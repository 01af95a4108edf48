"""Snapshots of the home, question, feedback, exam, drill and report screens at 80×24 and 120×40
(update with --snapshot-update only after looking at the report)."""

from __future__ import annotations

import pytest

from quizapp.bank import load_bank
from quizapp.tui.app import QuizRequest, make_app

from tests.conftest import TEST_BANK

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def ready(pilot):
    await pilot.app.store_ready.wait()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_home_snapshot(snap_compare, size):
    assert snap_compare(make_app(bank=load_bank([TEST_BANK])), run_before=ready, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_question_snapshot(snap_compare, size):
    app = make_app(request=QuizRequest(day=1, count=4, seed=3), bank=load_bank([TEST_BANK]))
    assert snap_compare(app, run_before=ready, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_code_question_feedback_snapshot(snap_compare, size):
    app = make_app(request=QuizRequest(day=1, count=1, seed=1), bank=load_bank([TEST_BANK]))

    async def answer(pilot):
        await ready(pilot)
        assert app.screen.run.current()[0].type == "code"  # seed 1 picks the code question first
        await pilot.press("2", "enter")
        await pilot.pause()

    assert snap_compare(app, run_before=answer, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_select_all_feedback_snapshot(snap_compare, size):
    app = make_app(request=QuizRequest(day=1, count=4, seed=2), bank=load_bank([TEST_BANK]))

    async def answer(pilot):
        await ready(pilot)
        assert app.screen.run.current()[0].type == "multi"
        await pilot.press("1", "2", "enter")  # one right, one wrong pick, one missed
        await pilot.pause()

    assert snap_compare(app, run_before=answer, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_exam_screen_snapshot(snap_compare, monkeypatch, size):
    from quizapp.exam import ExamConfig
    from quizapp.tui.screens.exam import ExamScreen

    monkeypatch.setattr(ExamScreen, "elapsed", property(lambda self: 754.0))  # a frozen clock: 12:34 used
    app = make_app(request=QuizRequest(kind="exam", exam=ExamConfig(items=5, minutes=30), seed=7),
                   bank=load_bank([TEST_BANK]))

    async def answer_and_flag(pilot):
        await ready(pilot)
        await pilot.press("2", "f")
        await pilot.pause()

    assert snap_compare(app, run_before=answer_and_flag, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_drill_screen_snapshot(snap_compare, monkeypatch, size):
    from quizapp.tui.screens.drill import DrillScreen

    # the workspace lives in a per-test temporary folder: show a fixed path instead
    monkeypatch.setattr(DrillScreen, "display_path", lambda self: "~/.local/share/quizapp/drills/day01/relu.py")
    monkeypatch.setattr(DrillScreen, "_warm", lambda self: None)
    app = make_app(bank=load_bank([TEST_BANK]))

    async def open_drill(pilot):
        await ready(pilot)
        app.push_screen(DrillScreen("day01.relu", app.store))
        await pilot.pause()
        app.screen.query_one("#drill-editor").blur()  # no blinking cursor in the picture
        await pilot.pause()

    assert snap_compare(app, run_before=open_drill, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_report_screen_snapshot(snap_compare, size):
    from datetime import UTC, datetime, timedelta

    from quizapp.tui.screens.report import ReportScreen

    now = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
    app = make_app(bank=load_bank([TEST_BANK]))

    async def history_then_report(pilot):
        await ready(pilot)
        for i, (qid, ok) in enumerate([("t-single", True), ("t-multi", False), ("t-numeric", False),
                                       ("t-single", True), ("t-multi", True)]):
            q = app.bank.get(qid)
            app.store.record_answer(None, question_id=qid, part="", response=1, correct=ok, seconds=12, mode="day",
                                    day=q.day, area=q.area, topic=q.topic, rating=3 if ok else 1,
                                    when=now - timedelta(days=3 - i // 2, hours=1))
        screen = ReportScreen(now=now)
        app.push_screen(screen)
        await pilot.pause()
        await screen.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, run_before=history_then_report, terminal_size=size)
