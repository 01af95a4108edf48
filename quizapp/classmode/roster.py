"""Learners of a class: one database login each, and the line each learner runs."""

from __future__ import annotations

import csv
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select, text
from sqlalchemy.engine import make_url

from quizapp.classmode.security import _q, group_role
from quizapp.store.models import Learner

MAX_NAME = 100


class RosterError(ValueError):
    """A bad roster entry (the message names the file, line and field)."""


@dataclass(frozen=True, slots=True)
class Credentials:
    name: str
    login: str
    password: str


def _check_name(name: str, where: str) -> str:
    from quizapp import i18n

    name = name.strip()
    if not name:
        raise RosterError(i18n.t("cls_name_empty", where=where))
    if len(name) > MAX_NAME:
        raise RosterError(i18n.t("cls_name_long", where=where, max=MAX_NAME))
    if any(ord(c) < 32 for c in name):
        raise RosterError(i18n.t("cls_name_control", where=where))
    return name


def read_roster(path: Path) -> list[str]:
    """Names from a CSV file with a ``name`` column (or, without a header, the first column).
    Every problem is reported with its line; nothing is added if any line is bad."""
    from quizapp import i18n

    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(i18n.t("cls_roster_unreadable", path=path, error=exc)) from None
    rows = list(csv.reader(raw.splitlines()))
    if not rows:
        raise RosterError(i18n.t("cls_roster_empty", path=path))
    header = [h.strip().lower() for h in rows[0]]
    col, start = (header.index("name"), 1) if "name" in header else (0, 0)
    names: list[str] = []
    seen: dict[str, int] = {}
    problems: list[str] = []
    for lineno, row in enumerate(rows[start:], start=start + 1):
        if not row or not any(c.strip() for c in row):
            continue
        where = f"{path}:{lineno}"
        try:
            name = _check_name(row[col] if col < len(row) else "", where)
        except RosterError as exc:
            problems.append(str(exc))
            continue
        if name in seen:
            problems.append(i18n.t("cls_name_repeat", where=where, name=name, line=seen[name]))
            continue
        seen[name] = lineno
        names.append(name)
    if problems:
        raise RosterError("\n".join(problems))
    if not names:
        raise RosterError(i18n.t("cls_roster_empty", path=path))
    return names


def _set_password(conn, login: str) -> str:
    password = secrets.token_urlsafe(12)
    conn.execute(text(f"ALTER ROLE {_q(login)} WITH LOGIN PASSWORD {_literal(password)}"))
    return password


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def add_learners(engine: Engine, names: list[str]) -> list[Credentials]:
    """Create (or keep) each learner and their login; returns fresh credentials for each."""
    names = [_check_name(n, f"name {i + 1}") for i, n in enumerate(names)]
    out = []
    with engine.begin() as conn:
        db = conn.execute(text("SELECT current_database()")).scalar()
        group = group_role(db)
        for name in names:
            lid = conn.execute(select(Learner.id).where(Learner.name == name)).scalar()
            if lid is None:
                lid = conn.execute(text("INSERT INTO learners (name, created_at) VALUES (:n, now()) RETURNING id"),
                                   {"n": name}).scalar()
            login = conn.execute(select(Learner.login).where(Learner.id == lid)).scalar()
            if not login:
                login = f"{db}_l{lid}"[-63:]
                conn.execute(text("UPDATE learners SET login = :l WHERE id = :i"), {"l": login, "i": lid})
            if not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": login}).first():
                conn.execute(text(f"CREATE ROLE {_q(login)} LOGIN IN ROLE {_q(group)}"))
            out.append(Credentials(name, login, _set_password(conn, login)))
    return out


def invite(engine: Engine, name: str) -> Credentials:
    """New credentials for a learner who exists already (the old password stops working)."""
    with engine.begin() as conn:
        login = conn.execute(select(Learner.login).where(Learner.name == name)).scalar()
        if not login:
            from quizapp import i18n

            raise RosterError(i18n.t("cls_no_learner", name=name))
        return Credentials(name, login, _set_password(conn, login))


def learner_url(admin_url: str, cred: Credentials, host: str | None = None, port: int | None = None) -> str:
    url = make_url(admin_url).set(drivername="postgresql", username=cred.login, password=cred.password)
    if host:
        url = url.set(host=host, query={k: v for k, v in url.query.items() if k != "host"})
    if port:
        url = url.set(port=port)
    return url.render_as_string(hide_password=False)


def invite_line(admin_url: str, cred: Credentials, host: str | None = None, port: int | None = None) -> str:
    """The one command the learner runs."""
    import shlex

    return f"quizapp --db {shlex.quote(learner_url(admin_url, cred, host, port))} --learner {shlex.quote(cred.name)}"
