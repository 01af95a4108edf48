"""Snapshots of the home and question screens (update with --snapshot-update after looking)."""

from __future__ import annotations

from quizapp.bank import load_bank
from quizapp.tui.app import QuizRequest, make_app

from tests.conftest import TEST_BANK

SIZE = (100, 32)


async def ready(pilot):
    await pilot.app.store_ready.wait()
    await pilot.pause()


def test_home_snapshot(snap_compare):
    assert snap_compare(make_app(bank=load_bank([TEST_BANK])), run_before=ready, terminal_size=SIZE)


def test_question_snapshot(snap_compare):
    app = make_app(request=QuizRequest(day=1, count=4, seed=3), bank=load_bank([TEST_BANK]))
    assert snap_compare(app, run_before=ready, terminal_size=SIZE)


def test_code_question_feedback_snapshot(snap_compare):
    app = make_app(request=QuizRequest(day=1, count=1, seed=0), bank=load_bank([TEST_BANK]))

    async def answer(pilot):
        await ready(pilot)
        assert app.screen.run.current()[0].type == "code"  # seed 0 picks the code question first
        await pilot.press("2", "enter")
        await pilot.pause()

    assert snap_compare(app, run_before=answer, terminal_size=SIZE)
