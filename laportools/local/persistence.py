"""Local data that survives a restart: snapshots of the embedded AWS endpoint's state on disk.

moto keeps every table, queue, bucket and key in memory (its backends, `moto.core.base_backend.
BackendDict`), so stopping `make run` used to lose every report. This module pickles those
backends to `<dir>/aws.pickle` (default `.lapor/state/`):
- on start, before the endpoint serves a request, the last snapshot is loaded back;
- every `LAPOR_SNAPSHOT_SECONDS` (default 5) while anything changed, and once more on a clean stop.
A SIGKILL or a crash therefore loses at most the writes of the last interval (5 s by default);
reports accepted before the last snapshot are there after the restart, and the local event
runtime replays the timeline stream from its start, so routing and webhooks of events that were
not handled yet happen after the restart (every consumer is idempotent).

A snapshot is consistent: `wrap()` puts a gate in front of the endpoint, and a snapshot waits for
the requests in flight to finish (SQS long polls last at most a second locally) while new ones
wait for it. The file is written to a temporary name and renamed, so a crash mid-write leaves
the previous snapshot. A snapshot from another moto version, or one that cannot be read, is
moved aside (`aws.pickle.unreadable`) and the stack starts empty.

Start empty: `make run FRESH=1`, or `rm -rf .lapor/state`.
"""
from __future__ import annotations

import io
import logging
import os
import pickle
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger("lapor.persistence")
SNAPSHOT_NAME = "aws.pickle"
DEFAULT_INTERVAL = 5.0
_LOCK_TYPES = (type(threading.Lock()), type(threading.RLock()))
Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def interval_from_env() -> float:
    return float(os.environ.get("LAPOR_SNAPSHOT_SECONDS", DEFAULT_INTERVAL))


def _load_pem_private_key(pem: bytes) -> Any:
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    return load_pem_private_key(pem, password=None)


class _Pickler(pickle.Pickler):
    """Pickles moto's state, including what plain pickle refuses: locks (recreated unlocked) and
    the private keys KMS keeps for its keys (as PEM)."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, _LOCK_TYPES):
            return (threading.RLock if "RLock" in type(obj).__name__ else threading.Lock), ()
        private_bytes = getattr(obj, "private_bytes", None)
        if private_bytes is not None and type(obj).__module__.startswith("cryptography"):
            from cryptography.hazmat.primitives import serialization

            pem = private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
            return _load_pem_private_key, (pem,)
        return NotImplemented


class _Gate:
    """Many requests at a time, or one snapshot: a writer-preferring readers-writer lock."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._active = 0
        self._snapshotting = False

    def enter(self) -> None:
        with self._cond:
            while self._snapshotting:
                self._cond.wait()
            self._active += 1

    def leave(self) -> None:
        with self._cond:
            self._active -= 1
            self._cond.notify_all()

    def exclusive(self) -> _Exclusive:
        return _Exclusive(self)


class _Exclusive:
    def __init__(self, gate: _Gate) -> None:
        self.gate = gate

    def __enter__(self) -> None:
        with self.gate._cond:
            while self.gate._snapshotting:
                self.gate._cond.wait()
            self.gate._snapshotting = True
            while self.gate._active:
                self.gate._cond.wait()

    def __exit__(self, *exc: object) -> None:
        with self.gate._cond:
            self.gate._snapshotting = False
            self.gate._cond.notify_all()


def _moto_version() -> str:
    import moto

    return moto.__version__


def backends_state() -> dict[str, dict[str, dict[str, Any]]]:
    """{service: {account: {region: backend}}} of every moto backend in use."""
    from moto.core.base_backend import BackendDict

    return {instance.service_name: {account: dict(dict.items(per_account)) for account, per_account in instance.items()}
            for instance in list(BackendDict._instances)}


def install_state(state: dict[str, dict[str, dict[str, Any]]]) -> int:
    """Put pickled backends back in place. Returns how many region backends were restored."""
    from moto.backends import get_backend

    restored = 0
    for service, accounts in state.items():
        backends = get_backend(service)  # type: ignore[call-overload]
        for account, regions in accounts.items():
            per_account = backends[account]
            for region, backend in regions.items():
                dict.__setitem__(per_account, region, backend)
                restored += 1
    return restored


class Persistence:
    def __init__(self, directory: Path, interval: float | None = None) -> None:
        self.directory = Path(directory)
        self.path = self.directory / SNAPSHOT_NAME
        self.interval = interval_from_env() if interval is None else interval
        self._gate = _Gate()
        self._writes = 0  # requests that may have changed something since the last snapshot
        self._snapshotted_writes = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- the endpoint hook ------------------------------------------------------------------
    def wrap(self, app: Wsgi) -> Wsgi:
        def gated(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            self._gate.enter()
            try:
                self._writes += 1  # reads count too: SQS receives change visibility
                return list(app(environ, start_response))
            finally:
                self._gate.leave()

        return gated

    # -- restore and snapshot ---------------------------------------------------------------
    def restore(self) -> int:
        """Load the last snapshot, if any. Returns the number of backends restored (0: fresh)."""
        if not self.path.exists():
            return 0
        try:
            with open(self.path, "rb") as stream:
                header = pickle.load(stream)
                if header.get("moto") != _moto_version():
                    raise ValueError(f"snapshot of moto {header.get('moto')}, running {_moto_version()}")
                state = pickle.load(stream)
            return install_state(state)
        except Exception as error:  # noqa: BLE001 - an unreadable snapshot must not stop the stack
            aside = self.path.with_suffix(".pickle.unreadable")
            os.replace(self.path, aside)
            log.warning("could not restore local data (%s); kept it as %s and starting empty", error, aside)
            return 0

    def snapshot(self, force: bool = False) -> bool:
        """Write a consistent snapshot if anything changed (or `force`). Returns whether it wrote."""
        if not force and self._writes == self._snapshotted_writes:
            return False
        buffer = io.BytesIO()
        with self._gate.exclusive():
            writes = self._writes
            pickle.dump({"moto": _moto_version(), "at": time.time()}, buffer)
            _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(backends_state())
        self.directory.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".pickle.tmp")
        with open(temporary, "wb") as stream:
            stream.write(buffer.getvalue())
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, self.path)
        self._snapshotted_writes = writes
        return True

    def start(self) -> Persistence:
        def loop() -> None:
            while not self._stop.wait(self.interval):
                try:
                    self.snapshot()
                except Exception:  # try again next interval; the last good file stays
                    log.exception("local data snapshot failed")

        self._thread = threading.Thread(target=loop, name="local-data-snapshots", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the interval snapshots and write the final one (a clean stop loses nothing)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval + 30)
        self.snapshot(force=True)
