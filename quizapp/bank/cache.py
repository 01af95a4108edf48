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
            bank = pickle.load(fh)
        if isinstance(bank, Bank):
            return bank
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
            pickle.dump(bank, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return bank
