"""Coding drills: the learner implements NumPy layers; the grader checks them in a sandbox."""
