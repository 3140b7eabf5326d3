"""Operator tooling: the CLI (`python -m laportools.ops`), capacity plans, queue operations. The scaling
profiles it shows and switches belong to infra (`infra/lapor_infra/profiles.py`)."""
