"""The shipped banks, parsed once and kept as a pickle in the data folder until a bank file (or
the loader) changes. The app's start-up reads this instead of parsing and validating the YAML
(≈ 0.2 s) every time. Any doubt (missing, unreadable, stale) means a normal load."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from quizapp.bank.model import Bank


def _stamp() -> str:
    from quizapp import __version__
    from quizapp import paths as qpaths

    parts: list[tuple[str, int, int]] = []
    roots = [qpaths.bank_dir(), *qpaths.extra_bank_dirs()]
    sources = sorted(Path(__file__).parent.glob("*.py"))
    for root in roots:
        files = sorted(root.rglob("*.y*ml")) if root.is_dir() else [root]
        for f in [*files, *([] if root.exists() else [root])]:
            try:
                st = f.stat()
                parts.append((str(f), st.st_size, st.st_mtime_ns))
            except OSError:
                parts.append((str(f), -1, -1))
    for f in sources:
        st = f.stat()
        parts.append((str(f), st.st_size, st.st_mtime_ns))
    return hashlib.sha256(repr((__version__, sys.version, parts)).encode()).hexdigest()[:20]


def load_bank_cached() -> Bank:
    """Like ``load_bank()`` (shipped banks plus ``QUIZAPP_BANKS``), from the cache when fresh."""
    from quizapp import paths as qpaths

    try:
        folder = qpaths.data_dir() / "cache"
        path = folder / f"bank-{_stamp()}.pickle"
    except OSError:
        from quizapp.bank.loader import load_bank

        return load_bank()
    try:
        with open(path, "rb") as fh:
            cached = pickle.load(fh)
        if isinstance(cached, dict) and isinstance(cached.get("bank"), Bank):
            _prime_syllabus(cached.get("syllabus"))
            return cached["bank"]
    except Exception:  # noqa: BLE001 - a missing or broken cache only means a normal load
        pass
    from quizapp.bank.loader import load_bank

    bank = load_bank()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("bank-*.pickle"):
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump({"bank": bank, "syllabus": _parsed_syllabus()}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return bank


def _parsed_syllabus() -> tuple[str, int, object] | None:
    """The shipped syllabus, parsed, with the (path, mtime_ns) it is valid for; None if it does
    not parse (the home screen then reports the error itself, as without the cache)."""
    from quizapp.bank import syllabus

    try:
        path, mtime = syllabus.file_key()
        return path, mtime, syllabus.load_syllabus(path)
    except (OSError, ValueError):
        return None


def _prime_syllabus(entry: object) -> None:
    """Hand the cached parse to the syllabus module (used only while the file is unchanged)."""
    if isinstance(entry, tuple) and len(entry) == 3:
        from quizapp.bank import syllabus

        syllabus.prime(entry[0], entry[1], entry[2])
