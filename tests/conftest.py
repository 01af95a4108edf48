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
    monkeypatch.delenv("QUIZAPP_LANG", raising=False)  # the interface default (ja) unless a test says otherwise
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
def store(db_url):
    from quizapp.store import Store

    s = Store(db_url)
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


# -- two database backends ----------------------------------------------------------------
# Store, report, exam and scheduling tests run on SQLite and on a real PostgreSQL server: a
# module that sets ``BOTH_BACKENDS = True`` gets every test that uses ``db_url`` (directly or
# through ``store``) once per backend. The server is a throwaway embedded PostgreSQL started
# once per test process; ``QUIZAPP_TEST_PG_URL`` points the tests at an existing server instead
# (its user needs CREATEDB and CREATEROLE; each test gets its own database, dropped afterwards).

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


def pytest_generate_tests(metafunc):
    if getattr(metafunc.module, "BOTH_BACKENDS", False) and "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture(scope="session")
def pg_server():
    """A running PostgreSQL server for this test process: ``PgServer`` (admin URL, helpers)."""
    from pgserver import PgServer

    server = PgServer.start()
    yield server
    server.stop()


@pytest.fixture
def pg_database(pg_server):
    """The URL of a fresh, migrated database on the test server (dropped after the test)."""
    name = pg_server.create_database(migrated=True)
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def pg_empty_database(pg_server):
    """The URL of a fresh database with no tables (for migration tests)."""
    name = pg_server.create_database(migrated=False)
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def backend(request):
    return getattr(request, "param", "sqlite")


@pytest.fixture
def db_url(backend, isolated_home, monkeypatch, request):
    """The database URL of this test on its backend; also set as ``QUIZAPP_DB``."""
    if backend == "postgresql":
        url = request.getfixturevalue("pg_database")
    else:
        url = f"sqlite:///{isolated_home / 'test.db'}"
    monkeypatch.setenv("QUIZAPP_DB", url)
    return url


@pytest.fixture
def empty_db_url(backend, tmp_path, request):
    """A database with no schema yet on this test's backend."""
    if backend == "postgresql":
        return request.getfixturevalue("pg_empty_database")
    return f"sqlite:///{tmp_path / 'empty.db'}"
