"""Operator tooling: the CLI (`python -m laportools.ops`), scaling profiles, queue operations."""
