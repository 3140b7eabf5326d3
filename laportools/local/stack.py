"""`make run`: the whole system on this machine.

Starts moto's server in a process of its own (a real AWS-compatible endpoint reached through
boto3; see `endpoint_process`), creates tables and queues from their definitions, seeds the agency
directory, serves the Chalice API, and runs the event runtime with the consumers' scaling taken
from a profile of `infra/scaling.json` (`LAPOR_PROFILE`, default `normal`). Prints the URLs and
writes `.lapor/local-stack.json`.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parents[2]
STATE_FILE = Path(os.environ.get("LAPOR_STATE_FILE", PROJECT_DIR / ".lapor" / "local-stack.json"))
DATA_DIR = Path(os.environ.get("LAPOR_STATE_DIR", PROJECT_DIR / ".lapor" / "state"))  # local data (persistence.py)


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def local_environment(aws_port: int, host: str = "127.0.0.1") -> dict[str, str]:
    """Environment of the local stage. Credentials are moto's dummies, never real ones."""
    return {
        "LAPOR_STAGE": "local",
        "AWS_ENDPOINT_URL": f"http://{host}:{aws_port}",
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": "ap-southeast-3",
        "AWS_REGION": "ap-southeast-3",
        "POWERTOOLS_SERVICE_NAME": "lapor",
        "POWERTOOLS_METRICS_NAMESPACE": "Lapor",
        "PYNAMODB_CONFIG": str(Path(__file__).with_name("pynamodb_settings.py")),
        "LAPOR_SMS_JOIN_SECONDS": "3",  # inbound SMS parts: answer quickly on the local stack
    }


class LocalStack:
    """Everything `make run` starts, so tests and benchmarks can start the same thing."""

    def __init__(self, host: str = "127.0.0.1", api_port: int = 8000, aws_port: int = 4566,
                 seed: bool = True, runtime: bool = True, data_dir: Path | None = None,
                 profile: str | None = None, aws_in_process: bool = False) -> None:
        self.host, self.api_port, self.aws_port = host, api_port, aws_port
        self.data_dir = data_dir  # None: in memory only (tests, benchmarks)
        self.persistence: Any = None
        self.restored = 0
        self.seed, self.with_runtime = seed, runtime
        self.profile = profile or os.environ.get("LAPOR_PROFILE") or "normal"
        self.aws_in_process = aws_in_process
        self.moto: Any = None
        self.server: Any = None
        self.runtime: Any = None
        self.info: dict[str, Any] = {}

    def start(self) -> dict[str, Any]:
        from chalicelib.settings import (
            settings,  # defines no table: safe before the stage is set
        )

        for port in (self.api_port, self.aws_port):
            if not _port_free(self.host, port):
                raise SystemExit(f"Port {port} on {self.host} is in use. Stop the other process or set "
                                 "LAPOR_API_PORT / LAPOR_AWS_PORT to free ports.")
        os.environ.update(local_environment(self.aws_port, self.host))
        os.environ.setdefault("LAPOR_SITE_URL", f"http://{self.host}:{self.api_port}")  # links in messages
        settings.cache_clear()  # each change to os.environ here: chalicelib reads it again
        if self.aws_in_process:
            from laportools.local.aws_endpoint import LocalAwsEndpoint

            if self.data_dir is not None:
                from laportools.local.persistence import Persistence

                self.persistence = Persistence(self.data_dir)
                self.restored = self.persistence.restore()
            self.moto = LocalAwsEndpoint(self.host, self.aws_port,
                                         wrap=self.persistence.wrap if self.persistence else None).start()
        else:  # its own process (a core of its own); it keeps the on-disk snapshots itself
            from laportools.local.endpoint_process import EndpointProcess

            self.moto = EndpointProcess(self.host, self.aws_port, data_dir=self.data_dir).start()
            self.restored = self.moto.restored
        if self.aws_port == 0:  # "any free port": the endpoint chose one
            self.aws_port = self.moto.port
            os.environ["AWS_ENDPOINT_URL"] = f"http://{self.host}:{self.aws_port}"
            settings.cache_clear()
        from laportools.provision import provision

        queues = provision()
        for kind, urls in queues.items():
            os.environ[f"LAPOR_QUEUE_URL_{kind.upper()}"] = urls["url"]
        from infra.lapor_infra import profiles

        # Before the app is imported: its SQS registrations read batch size, window, concurrency.
        os.environ.update(profiles.get(self.profile).environment(queues))
        settings.cache_clear()
        admin_key = self._seed() if self.seed else None
        if self.persistence is not None:
            self.persistence.start()
        from laportools.local.concurrency import make_metrics_thread_safe

        make_metrics_thread_safe()  # the API's threads and the pollers share Powertools' metric set
        self._serve_api()
        if self.with_runtime:
            from infra.lapor_infra import profiles
            from laportools.local.runtime import EventRuntime

            self.runtime = EventRuntime(self.app, self.app_module,
                                        stream_parallelization=profiles.get(self.profile).stream_parallelization)
            self.runtime.start()
        self.info = {
            "api_url": f"http://{self.host}:{self.api_port}",
            "web_url": f"http://{self.host}:{self.api_port}/",
            "aws_endpoint": os.environ["AWS_ENDPOINT_URL"],
            "region": os.environ["AWS_DEFAULT_REGION"],
            "queues": queues,
            "admin_api_key": admin_key,
            "stage": "local",
            "profile": self.profile,
            "aws_pid": getattr(self.moto, "pid", None) or os.getpid(),
        }
        if self.seed:  # a demo agency system receiving signed webhooks (LAPOR_DEMO_AGENCY_PORT, else any free port)
            from laportools.local.demo_receiver import start_demo_agency

            self.demo, self.info["demo_agency"] = start_demo_agency(
                self.host, int(os.environ.get("LAPOR_DEMO_AGENCY_PORT", "0")))
            from laportools.provision_identity import (
                create_demo_staff,  # one signed-in person per role
            )

            self.info["console_url"] = f"http://{self.host}:{self.api_port}/konsol"
            self.info["demo_staff"] = create_demo_staff(self.info["demo_agency"]["agency_id"])
            from laportools.local.demo_desk import (
                file_desk_reports,  # the verification desk has work to show
            )

            self.info["demo_desk_reports"] = file_desk_reports()
        return self.info

    def _seed(self) -> str:
        from chalicelib.directory.agencies import seed_directory
        from chalicelib.store.credentials import ADMIN, issue_key

        started = time.monotonic()
        agencies, routes = seed_directory()
        logging.getLogger("lapor.stack").info(
            "seeded %d agencies and %d routes in %.1fs", agencies, routes, time.monotonic() - started)
        key, _ = issue_key(ADMIN, "local-admin")
        return key

    def _serve_api(self) -> None:
        from chalice.cli.factory import CLIFactory

        from laportools.local.http_gateway import create_server

        sys.path.insert(0, str(PROJECT_DIR))
        factory = CLIFactory(project_dir=str(PROJECT_DIR))
        chalice_config = factory.create_config_obj(chalice_stage_name="local")
        self.app = chalice_config.chalice_app
        self.app_module = sys.modules["app"]
        self.server = create_server(self.app, chalice_config, self.host, self.api_port)
        thread = threading.Thread(target=self.server.serve_forever, name="api", daemon=True)
        thread.start()

    def stop(self) -> None:
        if self.runtime is not None:
            self.runtime.stop()
        if getattr(self, "demo", None) is not None:
            self.demo.stop()
        if self.server is not None:
            self.server.shutdown()
        if self.persistence is not None:
            self.persistence.stop()  # the final snapshot, after the last write
        if self.moto is not None:
            self.moto.stop()


def _staff_lines(info: dict[str, Any]) -> str:
    """The demo logins of the staff console, one per role (local stage only; new each run)."""
    if not info.get("demo_staff"):
        return ""
    lines = [f"  Staff console:   {info['console_url']}  (demo logins, new passwords each run)\n"]
    for person in info["demo_staff"]:
        agency = f" of {person['agency_id']}" if person.get("agency_id") else ""
        lines.append(f"    {person['role'] + agency:<45} {person['username']:<16} {person['password']}\n")
    return "".join(lines)


def main(argv: list[str] | None = None) -> None:
    from laportools.local.persistence import interval_from_env

    parser = argparse.ArgumentParser(description="Run the whole Lapor system locally.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--api-port", type=int, default=int(os.environ.get("LAPOR_API_PORT", "8000")))
    parser.add_argument("--aws-port", type=int, default=int(os.environ.get("LAPOR_AWS_PORT", "4566")))
    args = parser.parse_args(argv)
    # Ctrl-C stops the stack however it was started: a shell starts a background job (`make run &`,
    # a CI script's `&`) with SIGINT ignored, and Python then leaves it ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    for noisy in ("werkzeug", "botocore", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    stack = LocalStack(args.host, args.api_port, args.aws_port, data_dir=DATA_DIR)
    info = stack.start()
    STATE_FILE.parent.mkdir(exist_ok=True)
    # Whole or not at all, and never readable by others (it holds the admin API key): written to a
    # private temporary file, then renamed over the state file (tests and tools poll for it).
    partial = STATE_FILE.with_suffix(".partial")
    with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as out:
        out.write(json.dumps(info, indent=2))
    os.replace(partial, STATE_FILE)
    print(
        "\nLapor is running locally.\n"
        f"  Web form:        {info['web_url']}\n"
        f"  API:             {info['api_url']}/api/v1/categories\n"
        f"  Public reports:  {info['web_url']}laporan   statistics: {info['web_url']}statistik   "
        f"open data: {info['web_url']}data-terbuka\n"
        f"  Open311:         {info['api_url']}/open311/v2/services.json (keys: lapor-ops keys issue --open311 NAME)\n"
        f"  Local AWS:       {info['aws_endpoint']}\n"
        f"  Local outbox:    {info['web_url']}lokal/kotak-keluar (SMS and email sent; `make ops ARGS=\"sms outbox\"`)\n"
        f"  Admin API key:   in {STATE_FILE} (local stage only)\n"
        + f"  Local data:      {DATA_DIR} ({'restored' if stack.restored else 'new'}; saved every "
          f"{interval_from_env():g} s and on Ctrl-C; start empty: make run FRESH=1)\n"
        + (f"  Demo agency:     {info['demo_agency']['agency_id']} receives webhooks at "
           f"{info['demo_agency']['webhook_url']} (events: {info['demo_agency']['events_url']}; "
           f"its API key is in {STATE_FILE})\n" if info.get("demo_agency") else "")
        + _staff_lines(info)
        +
        "Press Ctrl-C to stop.\n",
        flush=True,
    )
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        while not stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    print("Stopping Lapor...", flush=True)
    stack.stop()
    STATE_FILE.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
