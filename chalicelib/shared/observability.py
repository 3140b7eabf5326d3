"""Powertools logger and metrics shared by every handler (one service name, one namespace)."""
from __future__ import annotations

import warnings

from aws_lambda_powertools import Logger, Metrics

# A batch that counted nothing (e.g. a stream batch with no report-flow event) is normal here.
warnings.filterwarnings("ignore", message="No application metrics to publish")

logger = Logger(service="lapor")
metrics = Metrics(namespace="Lapor", service="lapor")


# Report-flow metrics counted from committed timeline events (the infra dashboard graphs these).
FLOW_METRICS = {"SUBMIT": "ReportReceived", "FOLLOW_UP": "ReportFollowedUp"}
