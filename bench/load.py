"""`make load`: the Locust campaign scenario (bench/locustfile.py), headless, with its report saved.

Without `--url` it runs against the local stack: the one `make run` started (read from
`.lapor/local-stack.json`), or, when none answers, one it starts itself (free ports, the
`campaign` profile) and stops afterwards; the demo agency's key drives the agency users. With
`--url https://<api-id>.execute-api.<region>.amazonaws.com/api` it runs against a deployed stage,
with LAPOR_AGENCY_KEY / LAPOR_AGENCY_ID from the environment. Users and duration are bounded.
Reports: `<out>/lapor_stats.csv` (and the other Locust CSVs) and `<out>/lapor.html`.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
STATE_FILE = Path(os.environ.get("LAPOR_STATE_FILE", PROJECT / ".lapor" / "local-stack.json"))
MAX_USERS = 500


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/v1/categories", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_local_stack(state_file: Path) -> tuple[subprocess.Popen[bytes], dict[str, Any]]:
    """`make run`'s stack in a subprocess on free ports, writing its state to `state_file`."""
    env = {**os.environ, "LAPOR_STATE_FILE": str(state_file), "LAPOR_PROFILE": os.environ.get("LAPOR_PROFILE", "campaign"),
           "LAPOR_DEMO_AGENCY_PORT": "0"}
    process = subprocess.Popen([sys.executable, "-m", "laportools.local.stack", "--api-port", str(_free_port()),
                                "--aws-port", "0"], cwd=PROJECT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the local stack did not start (try `make run` to see why)")
        if state_file.exists():
            info = json.loads(state_file.read_text())
            if _answers(info["api_url"]):
                return process, info
        time.sleep(1)
    process.terminate()
    raise SystemExit("the local stack did not answer within 3 minutes")


def run(url: str | None, users: int, spawn_rate: float, duration: str, out: Path) -> int:
    if users < 1 or users > MAX_USERS:
        raise SystemExit(f"--users must be between 1 and {MAX_USERS}")
    started: subprocess.Popen[bytes] | None = None
    env = dict(os.environ)
    if url is None:
        info = json.loads(STATE_FILE.read_text()) if STATE_FILE.exists() else None
        if info is None or not _answers(info["api_url"]):
            print("No local stack answering: starting one (stopped again afterwards)...", flush=True)
            out.mkdir(parents=True, exist_ok=True)
            started, info = start_local_stack(out / "stack.json")
        url = info["api_url"]
        demo = info.get("demo_agency") or {}
        env.setdefault("LAPOR_AGENCY_KEY", demo.get("api_key", ""))
        env.setdefault("LAPOR_AGENCY_ID", demo.get("agency_id", ""))
    elif not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise SystemExit("--url must be https:// (a deployed stage) or a loopback address")
    out.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "locust", "-f", str(PROJECT / "bench" / "locustfile.py"), "--headless",
               "--host", url.rstrip("/"), "--users", str(users), "--spawn-rate", str(spawn_rate),
               "--run-time", duration, "--stop-timeout", "10", "--csv", str(out / "lapor"),
               "--html", str(out / "lapor.html"), "--only-summary"]
    print(f"Locust: {users} users for {duration} against {url}; reports in {out}/", flush=True)
    try:
        done = subprocess.run(command, cwd=PROJECT, env=env)
    finally:
        if started is not None:
            started.terminate()
            started.wait(timeout=60)
    print(f"\nCSV: {out}/lapor_stats.csv  HTML: {out}/lapor.html", flush=True)
    return done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the Locust campaign scenario headless.")
    parser.add_argument("--url", help="a deployed stage's API URL (default: the local stack)")
    parser.add_argument("--users", type=int, default=20, help=f"concurrent users (default 20, at most {MAX_USERS})")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second (default 5)")
    parser.add_argument("--duration", default="60s", help="how long, Locust syntax: 60s, 5m (default 60s)")
    parser.add_argument("--out", type=Path, default=PROJECT / "test-artifacts" / "load", help="report folder")
    args = parser.parse_args(argv)
    return run(args.url, args.users, args.spawn_rate, args.duration, args.out)


if __name__ == "__main__":
    sys.exit(main())
