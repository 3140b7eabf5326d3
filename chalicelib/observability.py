"""Powertools logger and metrics shared by every handler (one service name, one namespace)."""
from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics

logger = Logger(service="lapor")
metrics = Metrics(namespace="Lapor", service="lapor")


# Report-flow metrics counted from committed timeline events (the infra dashboard graphs these).
FLOW_METRICS = {"SUBMIT": "ReportReceived", "FOLLOW_UP": "ReportFollowedUp"}
