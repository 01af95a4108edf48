"""The drill screen with a FIFO planted as the learner's file (it opens, it does not hang), and
"sandbox: limited" said once per run where the kernel cannot confine."""

from __future__ import annotations

import os
import stat
import time

import pytest
from textual.app import App
from textual.widgets import TextArea

from quizapp.drills import service
from quizapp.drills.model import get_drill
from quizapp.store.store import Store
from quizapp.tui.screens import drill as drill_screen
from quizapp.tui.screens.drill import DrillScreen

RELU = get_drill("day01.relu")


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


def _notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]  # noqa: SLF001


async def test_a_fifo_as_the_drill_file_does_not_hang_the_screen(store):
    path = service.workspace_path(RELU)
    os.mkfifo(path)
    app = DrillApp(store)
    t0 = time.monotonic()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        assert time.monotonic() - t0 < 10
        editor = app.screen.query_one("#drill-editor", TextArea)
        assert editor.text == RELU.starter  # the FIFO was not read; the starter is shown
        assert any("FIFO" in n for n in _notes(app)), _notes(app)
        await pilot.press("ctrl+s")  # saving refuses the FIFO instead of blocking on it
        await pilot.pause(0.2)
    assert stat.S_ISFIFO(os.lstat(path).st_mode)


async def test_sandbox_limited_is_said_once(store, monkeypatch):
    monkeypatch.setenv("QUIZAPP_SANDBOX", "limited")
    monkeypatch.setattr(drill_screen, "_LIMITED_SAID", False)
    for expected in (1, 0):
        app = DrillApp(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.2)
            assert sum("サンドボックス: 制限付き" in n for n in _notes(app)) == expected, _notes(app)
