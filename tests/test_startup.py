"""Start-up: the first frame does not wait for the banks; the parsed banks are cached until a
file changes; the core imports stay light."""

from __future__ import annotations

import shutil
import subprocess
import sys

from quizapp.bank.cache import load_bank_cached
from quizapp.bank.loader import load_bank
from quizapp.tui.app import make_app

from tests.conftest import TEST_BANK


def test_bank_cache_is_used_and_refreshed_when_a_file_changes(tmp_path, monkeypatch, isolated_home):
    extra = tmp_path / "mine"
    shutil.copytree(TEST_BANK, extra)
    for f in extra.glob("*.yaml"):  # ids must not clash with anything else loaded
        f.write_text(f.read_text(encoding="utf-8").replace("id: t-", "id: mine-"), encoding="utf-8")
    monkeypatch.setenv("QUIZAPP_BANKS", str(extra))
    first = load_bank_cached()
    assert [q.id for q in first.questions] == [q.id for q in load_bank().questions]
    cached = list((isolated_home / "cache").glob("bank-*.pickle"))
    assert len(cached) == 1
    again = load_bank_cached()
    assert again.get("mine-single") == first.get("mine-single") and again is not first
    f = next(extra.glob("*.yaml"))
    f.write_text(f.read_text(encoding="utf-8").replace("で答えよ。", "で求めなさい。"), encoding="utf-8")
    fresh = load_bank_cached()
    assert "求めなさい" in fresh.get("mine-numeric").prompt  # the edit is seen, not the stale pickle
    assert len(list((isolated_home / "cache").glob("bank-*.pickle"))) == 1  # the old one is gone


async def test_the_app_loads_the_banks_after_the_first_frame():
    app = make_app()  # no bank given: the app reads the shipped ones itself, off the UI thread
    assert app.bank is None
    async with app.run_test(size=(100, 30)) as pilot:
        await app.store_ready.wait()
        await pilot.pause()
        assert app.bank is not None and len(app.bank) > 500
        assert "DAY.1" in str(app.screen.query_one("#days").get_row("1")[0])


def test_the_app_module_does_not_import_yaml_sqlalchemy_or_the_drills():
    code = ("import sys; import quizapp.tui.app, quizapp.tui.screens.home; "
            "print(sorted(m for m in ('yaml', 'sqlalchemy', 'alembic', 'plotext', 'quizapp.drills.grader') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def _history(bank) -> None:
    """A learner with answers on DAY.1, a passed drill and an unfinished quiz, in the test database."""
    from quizapp.store.store import Store

    store = Store()
    qs = [q for q in bank.questions if q.day == 1][:3]
    sid = store.start_session("day", "DAY.1", [q.id for q in qs])
    for q in qs[:2]:
        store.record_answer(sid, question_id=q.id, part=q.parts[0], response=1, correct=True, seconds=3.0,
                            mode="day", day=q.day, area=q.area, topic=q.topic, rating=3)
    store.record_drill_submission("day01.relu", "# ok\n", True, [], 0.1)
    store.close()


async def test_progress_is_shown_from_the_preview_before_the_store_opens(test_bank):
    import threading

    _history(test_bank)
    app = make_app(bank=test_bank)
    release = threading.Event()
    open_store = app._store_factory

    def slow_store():  # the full store cannot open until the test says so
        release.wait(30)
        return open_store()

    app._store_factory = slow_store
    async with app.run_test(size=(120, 40)) as pilot:
        await app.progress_shown.wait()
        await pilot.pause()
        assert app.store is None and app.preview is not None
        row = app.screen.query_one("#days").get_row("1")
        assert row[3] == "2" and row[5] == "100%" and row[6].startswith("1/")  # answered, accuracy, drills
        assert "DAY.1" in str(app.screen.query_one("#status").render())  # the unfinished quiz is offered
        app.open_quiz(day=1)  # an action that writes waits for the store (and asks for it at once)
        assert app._store_wanted.is_set() and type(app.screen).__name__ == "HomeScreen"
        release.set()
        await app.store_ready.wait()
        await pilot.pause()
        assert app.store is not None and app.preview is None  # the preview is closed
        assert app.screen.query_one("#days").get_row("1") == row  # the same figures from the store


def test_progress_is_shown_without_importing_sqlalchemy_or_alembic(test_bank, tmp_path):
    _history(test_bank)
    out = tmp_path / "mods.txt"
    code = f"""
import sys, asyncio
from quizapp.bank import load_bank
from quizapp.tui.app import make_app

class Seen(asyncio.Event):
    def set(self):  # the first time: when the home screen first shows progress
        if not self.is_set():
                open({str(out)!r}, "w").write(" ".join(sorted(m for m in ("sqlalchemy", "alembic", "plotext", "yaml",
                                                                       "quizapp.store.store") if m in sys.modules)))
        super().set()

app = make_app(bank=load_bank([{str(TEST_BANK)!r}]))
app.progress_shown = Seen()

async def auto(pilot):
    await app.progress_shown.wait()
    await app.store_ready.wait()
    app.exit()

app.run(headless=True, size=(120, 40), auto_pilot=auto)
"""
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120, capture_output=True)
    assert out.read_text() == "yaml"  # yaml: this test parses its bank itself; the app reads a cache


async def test_the_home_footer_is_built_once_and_rebuilt_when_its_keys_change(test_bank, monkeypatch):
    from textual.binding import Binding
    from textual.widgets._footer import FooterKey

    from quizapp.tui.widgets.footer import QuietFooter

    built = []
    compose = QuietFooter.compose

    def counting(self):
        built.append(self)
        yield from compose(self)

    monkeypatch.setattr(QuietFooter, "compose", counting)
    app = make_app(bank=test_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.store_ready.wait()
        await pilot.pause()
        footer = app.screen.query_one(QuietFooter)
        keys = {k.action for k in footer.query(FooterKey)}
        assert {"review", "exam", "report", "drills", "resume"} <= keys
        n = len([b for b in built if b is footer])
        # once empty (before the screen's bindings are known, as Textual's Footer does) and once with
        # the keys; focus changes, screen resume and the store opening do not rebuild it again
        assert n == 2
        app.screen._bindings.bind("z", "app.bell", "zzz")  # a key the footer does not show yet
        app.screen.refresh_bindings()
        await pilot.pause()
        assert len([b for b in built if b is footer]) == n + 1
        assert "z" in {k.key for k in footer.query(FooterKey)}
