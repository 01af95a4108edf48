"""Where quizapp keeps its data and finds its shipped content.

One module answers every "where is it" question so that tests can redirect all of it with
``QUIZAPP_HOME`` and nothing reads the environment at import time.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "quizapp"
_PKG_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The folder for the database, drill workspaces and reports (created on demand)."""
    home = os.environ.get("QUIZAPP_HOME")
    path = Path(home).expanduser() if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    """``QUIZAPP_DB`` if set, else a SQLite file in the data folder."""
    url = os.environ.get("QUIZAPP_DB")
    if url:
        return url
    return f"sqlite:///{data_dir() / 'quizapp.db'}"


def _shipped(name: str) -> Path:
    # In a wheel the content is force-included under quizapp/_data/; in a source checkout
    # (editable install or running from the tree) it sits beside the package.
    packaged = _PKG_DIR / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PKG_DIR.parent / name


def bank_dir() -> Path:
    """The question banks shipped with the app."""
    return _shipped("question_bank")


def drills_dir() -> Path:
    """The coding drills shipped with the app."""
    return _shipped("drills")


def extra_bank_dirs() -> list[Path]:
    """Extra bank folders from ``QUIZAPP_BANKS`` (os.pathsep-separated)."""
    raw = os.environ.get("QUIZAPP_BANKS", "")
    return [Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip()]
