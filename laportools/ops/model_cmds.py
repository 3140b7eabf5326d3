"""`lapor-ops model ...`: the router's learning loop for operators.

- `model export`: the labelled examples people gave the router (store.corrections) as JSONL, one line
  per decision (redacted text, region, final office and topic, who and when), for
  `make model CORRECTIONS=FILE`;
- `model versions`: the model versions this build ships (the newest, then the kept earlier ones) and
  the one pinned;
- `model pin VERSION` / `model pin --newest`: roll the router back to a kept version, or forward again
  (takes effect within a minute, no deploy)."""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any


def _moment(text: str | None, default: datetime) -> datetime:
    """YYYY-MM-DD or a full ISO moment (UTC when it names no zone)."""
    if not text:
        return default
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def example_line(item: Any) -> str:
    """One JSONL line of a correction (store.corrections.Correction)."""
    row: dict[str, Any] = asdict(item)
    row["decided_at"] = item.decided_at.astimezone(UTC).isoformat()
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def cmd_model_export(args: argparse.Namespace) -> int:
    from chalicelib.store import corrections

    until = _moment(args.until, datetime.now(UTC))
    since = _moment(args.since, until - timedelta(days=31))
    if since >= until:
        print(f"error: --since {since.isoformat()} is not before --until {until.isoformat()}", file=sys.stderr)
        return 2
    lines = [example_line(item) for item in corrections.between(since, until)]
    text = "".join(f"{line}\n" for line in lines)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"{len(lines)} examples from {since:%Y-%m-%d %H:%M} to {until:%Y-%m-%d %H:%M} UTC written to "
              f"{args.out}; retrain: make model CORRECTIONS={args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_model_versions(args: argparse.Namespace) -> int:
    from chalicelib.classify import model
    from chalicelib.store import model_pin

    pinned = model_pin.pinned(fresh=True)
    shipped = model.versions()
    rows = [{"version": v, "newest": i == 0, "pinned": v == pinned} for i, v in enumerate(shipped)]
    text = "\n".join(f"{r['version']}{'  newest' if r['newest'] else ''}{'  PINNED' if r['pinned'] else ''}"
                     for r in rows)
    if pinned and pinned not in shipped:
        text += f"\nwarning: the pinned {pinned} is not shipped in this build: the router uses the newest"
    _print({"versions": rows, "pinned": pinned}, args, text)
    return 0


def cmd_model_pin(args: argparse.Namespace) -> int:
    from chalicelib.classify import model
    from chalicelib.store import model_pin

    if args.newest == bool(args.version):
        print("error: name a VERSION to pin, or --newest to unpin", file=sys.stderr)
        return 2
    if args.version and args.version not in model.versions():
        print(f"error: {args.version} is not a shipped model version (see `model versions`): "
              f"{', '.join(model.versions())}", file=sys.stderr)
        return 2
    current = model.current_version()
    model_pin.pin(None if args.newest or args.version == current else args.version)
    chosen = current if args.newest else args.version
    _print({"pinned": None if chosen == current else chosen, "routing_with": chosen}, args,
           f"The router reads texts with model {chosen} within a minute"
           + (" (the newest)." if chosen == current else "; `model pin --newest` undoes it."))
    return 0


def _print(payload: Any, args: argparse.Namespace, text: str) -> None:
    print(json.dumps(payload, indent=2, default=str) if args.json else text)


def add_commands(group: Any, command: Any) -> None:
    """Register `model export|versions|pin` on the CLI's parser (laportools.ops.cli.build_parser)."""
    model = group("model", "the routing model: export staff corrections, list versions, pin (roll back)")
    export = command(model, "export", "write the corrections staff made (labelled examples) as JSONL",
                     cmd_model_export)
    export.add_argument("--since", help="first moment, YYYY-MM-DD or ISO (default: 31 days before --until)")
    export.add_argument("--until", help="end moment, exclusive (default: now)")
    export.add_argument("--out", help="file to write (default: standard output)")
    command(model, "versions", "the model versions this build ships and the pinned one", cmd_model_versions)
    pin = command(model, "pin", "route with a kept earlier model version (roll back), or --newest", cmd_model_pin)
    pin.add_argument("version", nargs="?", help="a version from `model versions`")
    pin.add_argument("--newest", action="store_true", help="unpin: route with the newest model")
