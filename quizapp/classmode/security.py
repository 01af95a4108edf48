"""Roles, row-level security and server-clock triggers of a class database (PostgreSQL only).

The instructor's login owns the tables and is not subject to row-level security, so it reads
everything. Every learner login is a member of ``<db>_learner`` and sees, changes and deletes
only rows whose ``learner_id`` is its own (``learners.login = current_user``). Learners may
read a final test once it has opened but never write it, cannot delete a final's session (to
start again with a fresh clock), and cannot read the instructor's grades at all.
Times that decide a final (answers, exam responses, drill submissions, session starts) are
set from the server clock by triggers, whatever the client sends.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

# tables with a learner_id column: each learner sees only their own rows
LEARNER_TABLES = ("quiz_sessions", "answers", "drill_submissions", "drill_events", "review_cards", "review_logs",
                  "question_stats", "daily_stats")

_FUNCTIONS = """
CREATE OR REPLACE FUNCTION quizapp_learner_id() RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT id FROM learners WHERE login = current_user $$;

CREATE OR REPLACE FUNCTION quizapp_server_clock() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF quizapp_learner_id() IS NULL THEN  -- the instructor's own writes keep their times
    RETURN NEW;
  END IF;
  IF TG_TABLE_NAME = 'answers' THEN
    NEW.answered_at := now();
  ELSIF TG_TABLE_NAME = 'exam_responses' THEN
    NEW.updated_at := now();
  ELSIF TG_TABLE_NAME = 'drill_submissions' THEN
    NEW.created_at := now();
  ELSIF TG_TABLE_NAME = 'quiz_sessions' THEN
    IF TG_OP = 'INSERT' THEN
      NEW.started_at := now();
    ELSE
      NEW.started_at := OLD.started_at;
      NEW.final_id := OLD.final_id;
    END IF;
  END IF;
  RETURN NEW;
END $$;
"""


def group_role(database: str) -> str:
    return f"{database}_learner"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def install(engine: Engine) -> str:
    """Create the learner group role and install the policies and triggers (idempotent).
    Returns the group role's name. The engine's login must own the tables and may create roles."""
    if engine.dialect.name != "postgresql":
        from quizapp import i18n

        raise ValueError(i18n.t("cls_needs_pg_url"))
    with engine.begin() as conn:
        db = conn.execute(text("SELECT current_database()")).scalar()
        group = group_role(db)
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": group}).first()
        if not exists:
            conn.execute(text(f"CREATE ROLE {_q(group)} NOLOGIN"))
        conn.execute(text(f"GRANT CONNECT ON DATABASE {_q(db)} TO {_q(group)}"))
        conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {_q(group)}"))
        conn.execute(text(_FUNCTIONS))
        conn.execute(text(f"GRANT EXECUTE ON FUNCTION quizapp_learner_id() TO {_q(group)}"))
        conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {_q(group)}"))
        # app_meta: which quizapp a newer schema needs (read when a learner's copy is too old)
        conn.execute(text(f"GRANT SELECT ON alembic_version, app_meta, final_tests TO {_q(group)}"))
        # a final's questions are hidden until it opens
        conn.execute(text("ALTER TABLE final_tests ENABLE ROW LEVEL SECURITY"))
        conn.execute(text("DROP POLICY IF EXISTS opened ON final_tests"))
        conn.execute(text(f"CREATE POLICY opened ON final_tests FOR SELECT TO {_q(group)} USING (opens_at <= now())"))
        conn.execute(text(f"REVOKE ALL ON final_grades FROM {_q(group)}"))

        conn.execute(text(f"GRANT SELECT ON learners TO {_q(group)}"))
        conn.execute(text("ALTER TABLE learners ENABLE ROW LEVEL SECURITY"))
        conn.execute(text("DROP POLICY IF EXISTS own_row ON learners"))
        conn.execute(text(f"CREATE POLICY own_row ON learners TO {_q(group)} USING (login = current_user)"))

        for table in LEARNER_TABLES:
            conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {_q(group)}"))
            conn.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
            conn.execute(text(f"DROP POLICY IF EXISTS own_rows ON {table}"))
            conn.execute(text(
                f"CREATE POLICY own_rows ON {table} TO {_q(group)} "
                "USING (learner_id = quizapp_learner_id()) WITH CHECK (learner_id = quizapp_learner_id())"))

        # a final's session cannot be deleted to start it again with a fresh clock
        conn.execute(text("DROP POLICY IF EXISTS keep_finals ON quiz_sessions"))
        conn.execute(text(f"CREATE POLICY keep_finals ON quiz_sessions AS RESTRICTIVE FOR DELETE TO {_q(group)} "
                          "USING (final_id IS NULL)"))

        conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON exam_responses TO {_q(group)}"))
        conn.execute(text("ALTER TABLE exam_responses ENABLE ROW LEVEL SECURITY"))
        conn.execute(text("DROP POLICY IF EXISTS own_rows ON exam_responses"))
        own_session = "session_id IN (SELECT id FROM quiz_sessions WHERE learner_id = quizapp_learner_id())"
        conn.execute(text(f"CREATE POLICY own_rows ON exam_responses TO {_q(group)} "
                          f"USING ({own_session}) WITH CHECK ({own_session})"))

        for table, when in (("answers", "INSERT OR UPDATE"), ("exam_responses", "INSERT OR UPDATE"),
                            ("drill_submissions", "INSERT OR UPDATE"), ("quiz_sessions", "INSERT OR UPDATE")):
            conn.execute(text(f"DROP TRIGGER IF EXISTS server_clock ON {table}"))
            conn.execute(text(f"CREATE TRIGGER server_clock BEFORE {when} ON {table} "
                              "FOR EACH ROW EXECUTE FUNCTION quizapp_server_clock()"))
    return group
