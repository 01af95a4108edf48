"""Pilot tests of the drill screen: edit, check, see the failing element, fix, pass, solution
unlocked; hints one at a time; external edits of the workspace file are noticed."""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import select
from textual.app import App
from textual.widgets import Markdown, Static, TextArea

from quizapp import i18n
from quizapp.drills import service
from quizapp.drills.model import get_drill
from quizapp.store.models import DrillEvent
from quizapp.store.store import Store
from quizapp.tui.screens.drill import DrillScreen

RELU = get_drill("day01.relu")
WRONG = RELU.solution.replace("return dout * mask", "return mask * 1.0")


@pytest.fixture
def store():
    s = Store()
    yield s
    s.close()


class DrillApp(App):
    def __init__(self, store: Store, drill_id: str = "day01.relu") -> None:
        super().__init__()
        self.store = store
        self.drill_id = drill_id

    def on_mount(self) -> None:
        self.push_screen(DrillScreen(self.drill_id, self.store))


async def _until(pilot, cond, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the screen")
        await pilot.pause(0.05)


def _checks_text(screen) -> str:
    return "\n".join(str(w.render()) for w in screen.query("#drill-checks Static"))


def _events(store: Store) -> list[tuple[str, str]]:
    with store.sessionmaker.begin() as s:
        return [(e.kind, e.detail) for e in s.scalars(select(DrillEvent).order_by(DrillEvent.id))]


async def test_edit_check_fail_fix_pass_and_the_solution_unlocks(store):
    app = DrillApp(store)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        editor = screen.query_one("#drill-editor", TextArea)
        assert editor.text == RELU.starter  # the workspace file was created from the starter
        assert service.workspace_path(RELU).read_text(encoding="utf-8") == RELU.starter

        editor.load_text(WRONG)
        await pilot.press("f5")
        await _until(pilot, lambda: screen.verdict is not None)
        assert screen.verdict.passed is False
        text = _checks_text(screen)
        assert "✓ import" in text and "✗ backward" in text and "最も外れた要素 dx[0, 0]" in text  # Japanese by default
        assert "逆伝播 (backward) の勾配 dx" in text and "数値微分 -0.36590558" in text
        assert "不合格" in str(screen.query_one("#drill-status", Static).render())
        assert "模範解答が見られます" not in str(screen.query_one("#drill-solution", Markdown).source)

        editor.load_text(RELU.solution)
        editor.focus()
        await pilot.press("end")
        await pilot.press("ctrl+s")  # save and check
        await _until(pilot, lambda: screen.verdict is not None and screen.verdict.passed)
        assert service.workspace_path(RELU).read_text(encoding="utf-8") == editor.text
        assert "✓ backward" in _checks_text(screen)
        assert screen.passed and "✓" in str(screen.query_one("#drill-head", Static).render())
        assert "(F3)" in screen.query_one("#drill-solution", Markdown).source

        await pilot.press("f3")
        await pilot.pause(0.1)
        assert "def relu_backward" in screen.query_one("#drill-solution", Markdown).source
    assert store.passed_drills() == {"day01.relu"}
    assert ("solution", "after passing") in _events(store)


async def test_hints_one_at_a_time_and_the_solution_needs_a_second_press(store):
    app = DrillApp(store)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.screen
        hints = screen.query_one("#drill-hints", Markdown)
        assert hints.source == ""
        await pilot.press("f2")
        await pilot.pause(0.05)
        assert "1/3" in hints.source and RELU.hints[0] in hints.source and "2/3" not in hints.source
        await pilot.press("f2")
        await pilot.pause(0.05)
        assert "2/3" in hints.source and RELU.hints[1] in hints.source

        solution = screen.query_one("#drill-solution", Markdown)
        await pilot.press("f3")
        await pilot.pause(0.05)
        assert "def relu_backward" not in solution.source  # not passed: asks for a second press
        await pilot.press("f3")
        await pilot.pause(0.05)
        assert "def relu_backward" in solution.source
    assert _events(store) == [("hint", "1"), ("hint", "2"), ("solution", "before passing")]


async def test_external_edits_are_noticed_and_checked(store):
    path, _ = service.start(RELU)
    app = DrillApp(store)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.screen
        await pilot.pause(0.1)
        path.write_text(RELU.solution, encoding="utf-8")
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        await _until(pilot, lambda: screen.verdict is not None)
        assert screen.query_one("#drill-editor", TextArea).text == RELU.solution
        assert screen.verdict.passed
    assert store.passed_drills() == {"day01.relu"}


async def test_open_in_editor_runs_editor_on_the_workspace_file(store, monkeypatch, tmp_path):
    script = tmp_path / "fake-editor.sh"
    script.write_text(f"#!/bin/sh\ncp {RELU.folder / 'solution.py'} \"$1\"\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(script))
    app = DrillApp(store)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.screen
        await pilot.press("f4")
        await _until(pilot, lambda: screen.verdict is not None)
        assert screen.query_one("#drill-editor", TextArea).text == RELU.solution
        assert screen.verdict.passed


async def test_the_screen_and_the_grader_speak_english_with_lang_en(store):
    i18n.set_lang("en")
    app = DrillApp(store)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.screen
        assert "F5 / Ctrl+R: check" in str(screen.query_one("#drill-status", Static).render())
        screen.query_one("#drill-editor", TextArea).load_text(WRONG)
        await pilot.press("f5")
        await _until(pilot, lambda: screen.verdict is not None)
        text = _checks_text(screen)
        assert "✗ backward" in text and "Worst element dx[0, 0]: yours 1, numerical -0.36590558" in text
        assert "FAILED" in str(screen.query_one("#drill-status", Static).render())
        assert "Day 1" in str(screen.query_one("#drill-head", Static).render())
