"""The local stack: moto's server in-process, the Chalice API, and a runtime that feeds SQS
messages and schedules to the same handlers Lambda calls."""
