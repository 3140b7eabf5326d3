"""Intake: validate a citizen's submission, store it as DITERIMA and hand it to routing."""
