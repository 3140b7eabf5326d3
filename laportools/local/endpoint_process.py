"""Runs the embedded AWS endpoint (`LocalAwsEndpoint`, unchanged) in a process of its own.

moto is pure Python: in the same process as the API, the event runtime and their botocore
clients it competes with them for one interpreter lock, so on a 2-core machine one core idles
while "AWS" and the app take turns. In its own process the endpoint gets the other core.

`EndpointProcess` has the same small surface as `LocalAwsEndpoint` (`start()`, `stop()`, `url`,
`host`, `port`), so the local stack and the surge use it interchangeably. The child runs the
endpoint exactly as an in-process caller would (its start/stop hooks run there) and stops when
told to (SIGTERM) or when its parent goes away (its stdin closes). With a data directory it
also keeps the state on disk (`persistence.py`): it restores the last snapshot before serving,
snapshots at an interval, and takes a final one when it stops, even when its parent was killed.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

READY = "LAPOR-AWS-READY"


class EndpointProcess:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, start_timeout: float = 60,
                 data_dir: Path | None = None) -> None:
        self.host, self.port = host, port
        self.data_dir = data_dir
        self.restored = 0  # items restored from the data directory's snapshot
        self._timeout = start_timeout
        self._process: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self) -> EndpointProcess:
        argv = [sys.executable, "-m", "laportools.local.endpoint_process", "--host", self.host, "--port", str(self.port)]
        if self.data_dir is not None:
            argv += ["--data-dir", str(self.data_dir)]
        self._process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=os.environ.copy(),
        )
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(self._process.stdout.readline()),  # type: ignore[union-attr]
                                  daemon=True)
        reader.start()
        reader.join(self._timeout)
        if not line or not line[0].startswith(READY):
            self.stop()
            raise RuntimeError(f"the local AWS endpoint did not start on {self.host}:{self.port}")
        _, port, restored = line[0].split()
        self.port, self.restored = int(port), int(restored)
        return self

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The embedded AWS endpoint, in its own process.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--data-dir", help="keep the state on disk here (snapshots)")
    args = parser.parse_args(argv)
    from laportools.local.aws_endpoint import LocalAwsEndpoint

    persistence, restored = None, 0
    if args.data_dir:
        from laportools.local.persistence import Persistence

        persistence = Persistence(Path(args.data_dir))
        restored = persistence.restore()
    endpoint = LocalAwsEndpoint(args.host, args.port, wrap=persistence.wrap if persistence else None).start()
    if persistence is not None:
        persistence.start()
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent stops us, last
    # The parent holds our stdin open; EOF means it is gone, so we do not outlive it.
    threading.Thread(target=lambda: (sys.stdin.read(), stopping.set()), daemon=True).start()
    print(f"{READY} {endpoint.port} {restored}", flush=True)
    stopping.wait()
    if persistence is not None:
        persistence.stop()  # the final snapshot, after the last write
    endpoint.stop()


if __name__ == "__main__":
    main()
