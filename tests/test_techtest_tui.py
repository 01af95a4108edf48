"""The drill list and the technical test, driven through the app."""

from __future__ import annotations

import random

from textual.widgets import TextArea

from quizapp.bank import load_bank
from quizapp.drills.model import load_drills
from quizapp.tui.app import make_app
from quizapp.tui.screens.drill import DrillScreen
from quizapp.tui.screens.drills import DrillListScreen
from quizapp.tui.widgets.ask import Ask
from quizapp.tui.screens.techtest import TechTestResultScreen, TechTestScreen, TechTestDrillScreen

from tests.conftest import TEST_BANK

SIZE = (140, 45)


async def test_drill_list_opens_a_drill():
    app = make_app(bank=load_bank([TEST_BANK]))
    async with app.run_test(size=SIZE) as pilot:
        await app.store_ready.wait()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DrillListScreen)
        table = app.screen.query_one("#drill-list")
        assert table.row_count == len(load_drills())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)


async def test_technical_test_solve_one_drill_and_submit():
    app = make_app(bank=load_bank([TEST_BANK]))
    async with app.run_test(size=SIZE) as pilot:
        await app.store_ready.wait()
        app.open_techtest(count=3, minutes=60, rng=random.Random(0))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TechTestScreen)
        test = screen.test
        assert len(test.drill_ids) == 3
        first = test.drill_ids[0]
        await pilot.press("enter")
        await pilot.pause()
        drill_screen = app.screen
        assert isinstance(drill_screen, TechTestDrillScreen) and drill_screen.drill.id == first
        # the test starts from the starter, in a file of its own
        assert "techtest" in str(drill_screen.path)
        await pilot.press("f2")  # no hints during the test
        assert drill_screen._hints == []
        editor = drill_screen.query_one("#drill-editor", TextArea)
        editor.text = load_drills()[first].solution
        await pilot.press("f5")
        await drill_screen.workers.wait_for_complete()
        await pilot.pause()
        assert drill_screen.verdict is not None and drill_screen.verdict.passed
        assert test.verdicts[first]["passed"] is True
        await pilot.press("escape")  # the first Escape leaves the editor, the second the drill
        await pilot.pause()
        if not isinstance(app.screen, TechTestScreen):
            await pilot.press("escape")
            await pilot.pause()
        # the solution was typed into the editor, not saved: leaving asks (save / discard / stay)
        assert isinstance(app.screen, Ask)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, TechTestScreen)
        assert drill_screen.path.read_text(encoding="utf-8") == load_drills()[first].solution
        assert "✓" in str(app.screen.query_one("#tt-list").get_row(first)[-1])
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, TechTestResultScreen)
        assert app.screen.result.passed == 1
        assert app.store.exam_history("techtest")[0]["result"]["passed"] == 1
