"""Question banks: the format, loading and validation, verification, statistics.

``load_bank``/``load_file`` are imported on first use: the model is needed by almost every
module, the YAML loader only when banks are read (the app's first frame does not wait for it)."""

from quizapp.bank.model import AREAS, REPORT_AREAS, Bank, BankIssue, Blank, Question

__all__ = ["AREAS", "REPORT_AREAS", "Bank", "BankIssue", "Blank", "Question", "load_bank", "load_file"]


def __getattr__(name: str):
    if name in ("load_bank", "load_file"):
        from quizapp.bank import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'quizapp.bank' has no attribute {name!r}")
