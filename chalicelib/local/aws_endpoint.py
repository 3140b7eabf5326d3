"""The embedded local AWS endpoint: moto's server application behind a threaded WSGI server.

moto applies DynamoDB conditional writes and transactions without a lock, so two concurrent
requests can both pass a condition that real DynamoDB would let only one pass. This endpoint
serializes DynamoDB requests (SQS, S3 and the rest stay concurrent), so the version checks and
conditional writes Lapor relies on behave locally as they do in AWS.
"""
from __future__ import annotations

import threading
from typing import Any, Callable, Iterable, Optional

from werkzeug.serving import WSGIRequestHandler, make_server

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:  # one line per AWS call is noise
        pass


def _serialize_dynamodb(app: Wsgi) -> Wsgi:
    lock = threading.Lock()

    def guarded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_"):
            with lock:
                return list(app(environ, start_response))
        return app(environ, start_response)

    return guarded


class LocalAwsEndpoint:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, wrap: Optional[Callable[[Wsgi], Wsgi]] = None) -> None:
        from moto.server import DomainDispatcherApplication, create_backend_app

        app: Wsgi = DomainDispatcherApplication(create_backend_app)
        if wrap is not None:
            app = wrap(app)
        self._server = make_server(host, port, _serialize_dynamodb(app), threaded=True,
                                   request_handler=_QuietHandler)
        self.host, self.port = host, self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, name="local-aws", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> "LocalAwsEndpoint":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
