"""Progress storage (SQLAlchemy): learners, quiz sessions, answers, drill submissions.

``Store`` is imported lazily so that code which only needs the plain data types (the TUI's
first frame) does not pay for importing SQLAlchemy.
"""

from quizapp.store.types import AnswerInfo, Progress, SessionInfo, item_key, split_item

__all__ = ["AnswerInfo", "Progress", "SessionInfo", "Store", "item_key", "split_item"]


def __getattr__(name: str):
    if name == "Store":
        from quizapp.store.store import Store

        return Store
    raise AttributeError(name)
