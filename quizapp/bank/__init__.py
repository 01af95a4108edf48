"""Question banks: the format, loading and validation, verification, statistics."""

from quizapp.bank.loader import load_bank, load_file
from quizapp.bank.model import AREAS, REPORT_AREAS, Bank, BankIssue, Blank, Question

__all__ = ["AREAS", "REPORT_AREAS", "Bank", "BankIssue", "Blank", "Question", "load_bank", "load_file"]
