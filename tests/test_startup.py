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
