"""Operator tooling: the CLI (`python -m chalicelib.ops`), scaling profiles, queue operations."""
