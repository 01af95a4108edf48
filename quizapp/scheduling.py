"""Spaced repetition with FSRS-6 (the ``fsrs`` package): ratings from answers, card updates,
recall probabilities. Pure functions over plain dicts; the store persists the results.

The automatic rating rule (the learner may override it after the feedback):

=========================  =====================================================
answer                     rating
=========================  =====================================================
wrong                      Again
right, slower than *slow*  Hard
right, faster than *fast*  Easy
right otherwise            Good
=========================  =====================================================

*slow* is 60 s for single, 90 s for multi and code blanks, 180 s for numeric questions
(calculations take longer); *fast* is a quarter of *slow*. Drills: failed → Again, passed on
the first submission of the day → Good, passed after several failed submissions → Hard.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import IntEnum
from functools import lru_cache
from typing import Any

SLOW_SECONDS = {"single": 60.0, "multi": 90.0, "code": 90.0, "numeric": 180.0}


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


RATING_LABELS = {
    "ja": {1: "もう一度", 2: "難しい", 3: "普通", 4: "簡単"},
    "en": {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"},
}


def auto_rating(correct: bool, seconds: float, qtype: str) -> Rating:
    if not correct:
        return Rating.AGAIN
    slow = SLOW_SECONDS.get(qtype, 60.0)
    if seconds > slow:
        return Rating.HARD
    if seconds < slow / 4:
        return Rating.EASY
    return Rating.GOOD


def drill_rating(passed: bool, failed_before: int) -> Rating:
    if not passed:
        return Rating.AGAIN
    return Rating.HARD if failed_before >= 2 else Rating.GOOD


@lru_cache(maxsize=1)
def _scheduler():
    import fsrs

    # No fuzzing: due dates must be reproducible for tests and for the learner's plan.
    return fsrs.Scheduler(enable_fuzzing=False)


def _aware(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def new_card_dict() -> dict[str, Any]:
    import fsrs

    return fsrs.Card(card_id=1).to_dict()


def review(card: dict[str, Any] | None, rating: Rating, when: datetime) -> dict[str, Any]:
    """The card after a review with ``rating`` at ``when`` (a new card if ``card`` is None)."""
    import fsrs

    sched = _scheduler()
    c = fsrs.Card.from_dict(card) if card else fsrs.Card(card_id=1, due=_aware(when))
    new, _log = sched.review_card(c, fsrs.Rating(int(rating)), review_datetime=_aware(when))
    return new.to_dict()


def retrievability(card: dict[str, Any], when: datetime) -> float:
    """Probability of recalling the item at ``when`` (FSRS-6's forgetting curve)."""
    import fsrs

    return float(_scheduler().get_card_retrievability(fsrs.Card.from_dict(card), _aware(when)))


def card_due(card: dict[str, Any]) -> datetime:
    due = datetime.fromisoformat(card["due"])
    return due if due.tzinfo else due.replace(tzinfo=UTC)
