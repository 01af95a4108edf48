"""Class mode: one PostgreSQL database for a course, with a login per learner.

``security`` installs roles, row-level security and server-clock triggers; ``roster`` adds
learners and prints invitations; ``finals`` defines the DAY.10 final tests and lets a learner
take one; ``scoring`` recomputes the board, the awards and the class report on the instructor's
side; ``server`` runs an embedded PostgreSQL for a classroom; ``cli`` is ``quizapp class …``.
None of it imports Textual.
"""
