"""Nothing typed in the drill editor is lost: leaving asks save/discard/stay, an external change
does not reload over unsaved edits, and edits autosaved before a kill are offered back."""

from __future__ import annotations

import os
import time

import pytest
from textual.app import App
from textual.widgets import TextArea

from quizapp.drills import service
from quizapp.drills.model import get_drill
from quizapp.store.store import Store
from quizapp.tui.screens import drill as drill_screen
from quizapp.tui.screens.drill import DrillScreen, autosave_path
from quizapp.tui.widgets.ask import Ask

RELU = get_drill("day01.relu")
MINE = RELU.starter + "\n# my edit\n"


@pytest.fixture
def store():
    s = Store()
    yield s
    s.close()


class DrillApp(App):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def on_mount(self) -> None:
        self.push_screen(DrillScreen("day01.relu", self.store))


async def _until(pilot, cond, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the screen")
        await pilot.pause(0.05)


async def _leave(pilot) -> None:
    """Esc (the first Esc in the code editor only moves the focus out of it, as before)."""
    if isinstance(pilot.app.focused, TextArea):
        await pilot.press("escape")
    await pilot.press("escape")
    await pilot.pause()


def _drill(app) -> DrillScreen:
    return next(s for s in app.screen_stack if isinstance(s, DrillScreen))


async def test_leaving_with_unsaved_edits_asks_save_discard_stay(store):
    app = DrillApp(store)
    path = service.workspace_path(RELU)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = _drill(app)
        screen.query_one("#drill-editor", TextArea).load_text(MINE)
        await _leave(pilot)
        assert isinstance(app.screen, Ask)
        await pilot.press("c")  # stay
        await pilot.pause()
        assert app.screen is screen and screen.editor_text == MINE
        assert path.read_text(encoding="utf-8") == RELU.starter
        await _leave(pilot)
        await pilot.press("s")  # save
        await pilot.pause()
        assert screen not in app.screen_stack
        assert path.read_text(encoding="utf-8") == MINE


async def test_discard_keeps_the_file_and_leaves(store):
    app = DrillApp(store)
    path = service.workspace_path(RELU)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = _drill(app)
        screen.query_one("#drill-editor", TextArea).load_text(MINE)
        screen._autosave()
        assert autosave_path(path).exists()
        await _leave(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert screen not in app.screen_stack
        assert path.read_text(encoding="utf-8") == RELU.starter and not autosave_path(path).exists()


async def test_clean_editor_leaves_without_asking(store):
    app = DrillApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = _drill(app)
        await _leave(pilot)
        assert screen not in app.screen_stack and not isinstance(app.screen, Ask)


async def test_autosaved_edits_are_offered_back_after_a_kill(store, monkeypatch):
    monkeypatch.setattr(drill_screen, "AUTOSAVE_SECONDS", 0.1)
    path = service.workspace_path(RELU)
    app = DrillApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = _drill(app)
        screen.query_one("#drill-editor", TextArea).load_text(MINE)
        await _until(pilot, lambda: autosave_path(path).exists())
        app.exit()  # a kill: nothing settled, nothing saved
    assert path.read_text(encoding="utf-8") == RELU.starter
    assert autosave_path(path).read_text(encoding="utf-8") == MINE

    app = DrillApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, Ask))
        await pilot.press("r")  # restore
        await pilot.pause()
        screen = _drill(app)
        assert screen.editor_text == MINE and screen.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.read_text(encoding="utf-8") == MINE and not autosave_path(path).exists()


async def test_external_change_with_unsaved_edits_asks_which_to_keep(store):
    app = DrillApp(store)
    path = service.workspace_path(RELU)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = _drill(app)
        screen.query_one("#drill-editor", TextArea).load_text(MINE)
        theirs = RELU.starter + "\n# changed outside\n"
        path.write_text(theirs, encoding="utf-8")
        os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
        await _until(pilot, lambda: isinstance(app.screen, Ask))
        assert screen.editor_text == MINE  # not reloaded over the edits
        await pilot.press("k")  # keep mine
        await pilot.pause(0.8)
        assert screen.editor_text == MINE and not isinstance(app.screen, Ask)  # asked once
        path.write_text(theirs + "# again\n", encoding="utf-8")
        os.utime(path, ns=(time.time_ns(), time.time_ns() + 2 * 10**9))
        await _until(pilot, lambda: isinstance(app.screen, Ask))
        await pilot.press("f")  # load the file
        await pilot.pause()
        assert screen.editor_text == theirs + "# again\n" and not screen.dirty


async def test_hints_say_when_there_are_no_more_and_come_into_view(store):
    app = DrillApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = _drill(app)
        n = len(RELU.hints)
        assert n >= 1
        for _ in range(n):
            await pilot.press("f2")
            await pilot.pause()
        assert len(screen._hints) == n
        left = screen.query_one("#drill-left")
        hints = screen.query_one("#drill-hints")
        assert left.scroll_y > 0 and hints.region.y < left.region.bottom  # revealed text is in view
        await pilot.press("f2")
        await pilot.pause()
        assert len(screen._hints) == n
        assert any("最後のヒント" in str(m.message) for m in app._notifications)


async def test_after_a_pass_the_next_drill_is_offered_and_f6_opens_it(store):
    from quizapp.drills.model import load_drills

    ids = list(load_drills())
    expected = ids[ids.index("day01.relu") + 1]
    app = DrillApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = _drill(app)
        screen.query_one("#drill-editor", TextArea).load_text(RELU.solution)
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: screen.verdict is not None)
        assert screen.verdict.passed
        title = get_drill(expected).title
        assert any(title in str(n.message) and "F6" in str(n.message) for n in app._notifications)
        await pilot.press("f6")
        await _until(pilot, lambda: isinstance(app.screen, DrillScreen) and app.screen.drill.id == expected)
