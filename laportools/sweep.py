"""Operator command: run one deadline sweep now against the running local stack.

    python -m laportools.sweep [--offset-days N] [--state .lapor/local-stack.json]

Reads the endpoint, region and queue URLs that `make run` wrote, sweeps once and prints the
counts as JSON (and the EMF metrics, as Lambda would). `--offset-days` moves the sweep's clock
forward to watch a deadline pass in a demo (the local stage only).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

STATE_FILE = Path(__file__).resolve().parents[1] / ".lapor" / "local-stack.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run one deadline sweep now (local stack).")
    parser.add_argument("--state", type=Path, default=STATE_FILE, help="local stack state file")
    parser.add_argument("--offset-days", type=float, default=None,
                        help="move the sweep's clock forward (local stage only)")
    args = parser.parse_args(argv)
    if not args.state.exists():
        print(f"{args.state} not found: start the local stack first (make run).", file=sys.stderr)
        return 2
    state = json.loads(args.state.read_text())
    # Before any chalicelib import: table and queue names are fixed from the environment.
    os.environ.update({
        "LAPOR_STAGE": state.get("stage", "local"), "AWS_ENDPOINT_URL": state["aws_endpoint"],
        "AWS_DEFAULT_REGION": state["region"], "AWS_REGION": state["region"],
        "AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local",
    })
    for kind, urls in state.get("queues", {}).items():
        os.environ[f"LAPOR_QUEUE_URL_{kind.upper()}"] = urls["url"]
    if args.offset_days is not None:
        os.environ["LAPOR_CLOCK_OFFSET_DAYS"] = str(args.offset_days)

    from chalicelib.settings import settings
    from chalicelib.shared.observability import metrics

    settings.cache_clear()  # in case chalicelib read the environment before it was set here
    from chalicelib.deadlines.sweep import run_sweep

    result = run_sweep()
    metrics.flush_metrics()
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
