from __future__ import annotations

from pathlib import Path

import pytest

TEST_BANK = Path(__file__).parent / "data" / "bank"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """Every test gets its own data folder and database; nothing touches the user's."""
    home = tmp_path / "home"
    monkeypatch.setenv("QUIZAPP_HOME", str(home))
    monkeypatch.setenv("QUIZAPP_DB", f"sqlite:///{home / 'test.db'}")
    monkeypatch.delenv("QUIZAPP_BANKS", raising=False)
    monkeypatch.setenv("QUIZAPP_LEARNER", "default")  # restored after each test, also when main() changes it
    from quizapp import i18n

    i18n.set_lang("ja")
    return home


@pytest.fixture
def test_bank():
    from quizapp.bank import load_bank

    bank = load_bank([TEST_BANK])
    assert not bank.issues, bank.issues
    return bank


@pytest.fixture
def store(isolated_home):
    from quizapp.store import Store

    s = Store()
    yield s
    s.close()


@pytest.fixture
def english(isolated_home):
    """For tests that read the grader's English messages (the interface default is Japanese)."""
    from quizapp import i18n

    i18n.set_lang("en")


@pytest.fixture(scope="module")
def grader():
    """One warm drill grader per test module."""
    from quizapp.drills.grader import Grader

    g = Grader()
    yield g
    g.close()
