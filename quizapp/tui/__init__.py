"""The Textual face of quizapp. Everything it shows comes from the core modules."""
