"""Deadline engine (SLA): working-day deadlines watched by a scheduled sweep that warns,
escalates, auto-closes and refers to the Ombudsman, each effect exactly once.

- `policy`: pure decisions (what is due for a report at a given moment); no AWS.
- `sweep`: finds due reports through sparse indexes and performs the effects (`run_sweep`).
- `handler`: the scheduled Lambda and the SQS consumer of the fan-out queue.
- `queries` / `api`: the agency's "due" listing and the admin's breaches by agency.
"""
