"""The embedded local AWS endpoint: moto's server application behind a threaded WSGI server.

moto applies DynamoDB conditional writes and transactions without a lock, so two concurrent
requests can both pass a condition that real DynamoDB would let only one pass. This endpoint
serializes DynamoDB requests (SQS, S3 and the rest stay concurrent), so the version checks and
conditional writes Lapor relies on behave locally as they do in AWS.

moto also snapshots every table a TransactWriteItems touches with a deep copy (to roll back on a
failed condition), which makes each transaction cost O(table size): a surge of 10,000 reports
becomes quadratic (and a statistics table with one marker per counted event was deep-copied on
every count, which grew the endpoint past 20 GB in a 2,000-report surge). An undo log of the
touched items is enough: `_cheap_transaction_snapshots` keeps one (and the length of the table's
stream); Put and Delete replace items, so the old item is kept as it is, and an Update changes its
item in place, so a deep copy of that item (its partition, for a table with a range key) is kept.

moto's SQS checks each received message's retention by computing *all* queue attributes, which
counts every stored message three times: a receive costs O(backlog x batch). `_cheap_retention_
check` reads the retention period directly, so draining a deep queue stays linear.
"""
from __future__ import annotations

import copy
import io
import json
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server

from laportools.local import moto_fastpaths

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:  # one line per AWS call is noise
        pass


def _serialize_dynamodb(app: Wsgi) -> Wsgi:
    lock = threading.Lock()
    transactions = _TransactionTokens(app)

    def guarded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if target.startswith("DynamoDB_"):
            with lock:
                if target.endswith(".TransactWriteItems"):
                    return transactions(environ, start_response)
                return list(app(environ, start_response))
        return app(environ, start_response)

    return guarded


class _TransactionTokens:
    """DynamoDB's TransactWriteItems idempotency, which moto lacks: the SDK gives every call a
    ClientRequestToken and keeps it across its own retries, so a retry of a transaction that
    committed (its answer lost to a timeout or a dropped connection) succeeds without writing again
    instead of failing its conditions on its own first attempt. Within 10 minutes of the first
    success, the same token with the same request answers that success; with another request it
    answers IdempotentParameterMismatchException, as DynamoDB does. Runs under the DynamoDB lock."""

    WINDOW_SECONDS = 600

    def __init__(self, app: Wsgi) -> None:
        self._app = app
        # token -> (when, request, status, headers, answer), oldest first
        self._done: OrderedDict[str, tuple[float, bytes, str, list[tuple[str, str]], bytes]] = OrderedDict()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(body)
        try:
            token = json.loads(body).get("ClientRequestToken")
        except (ValueError, AttributeError):
            token = None
        now = time.monotonic()
        while self._done and now - next(iter(self._done.values()))[0] >= self.WINDOW_SECONDS:
            self._done.popitem(last=False)
        seen = self._done.get(token) if token else None
        if seen is not None:
            if seen[1] != body:
                answer = json.dumps({"__type": "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException",
                                     "message": "the ClientRequestToken was used with another request"}).encode()
                start_response("400 Bad Request", [("Content-Type", "application/x-amz-json-1.0"),
                                                   ("Content-Length", str(len(answer)))])
                return [answer]
            start_response(seen[2], seen[3])
            return [seen[4]]
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            captured.update(status=status, headers=list(headers))
            return start_response(status, headers, *rest)

        chunks = list(self._app(environ, capture))
        if token and captured.get("status", "").startswith("200"):
            self._done[token] = (now, body, captured["status"], captured["headers"], b"".join(chunks))
        return chunks


def _undo_log(backend: Any, transact_items: list[dict[str, Any]]) -> list[Callable[[], None]]:
    """What restores each item a transaction touches (and its table's stream) to how it is now."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    undo: list[Callable[[], None]] = []
    updates = any("Update" in entry for entry in transact_items)
    for entry in transact_items:
        (_, op), = entry.items()
        table = backend.tables.get(op.get("TableName"))
        if table is None:
            continue
        key = op["Item"] if "Item" in op else op["Key"]
        if table.hash_key_attr not in key:
            continue
        hash_value = DynamoType(key[table.hash_key_attr])
        if table.has_range_key:
            before = dict(table.items[hash_value]) if hash_value in table.items else None
        else:
            before = table.items.get(hash_value)
        if updates and before is not None:
            # Put and Delete replace items, Update changes one in place: with an Update in the
            # transaction every snapshot is a deep copy, because a Put's partition snapshot may hold
            # the very item object an Update of the same partition changes (undo runs in reverse,
            # so the first snapshot of a partition is the one that stays).
            before = copy.deepcopy(before)

        def restore(table: Any = table, hash_value: Any = hash_value, before: Any = before) -> None:
            if before is None:
                table.items.pop(hash_value, None)
            else:
                table.items[hash_value] = before

        undo.append(restore)
        shard = getattr(table, "stream_shard", None)
        if shard is not None:
            length = len(shard.items)
            undo.append(lambda shard=shard, length=length: shard.items.__delitem__(slice(length, None)))
    return undo


def _cheap_transaction_snapshots() -> None:
    import moto.dynamodb.models as backend_module
    from moto.dynamodb.models.table import Table

    backend = backend_module.DynamoDBBackend
    if getattr(backend.transact_write_items, "_lapor_cheap", False):
        return
    original = backend.transact_write_items
    real_copy = backend_module.copy

    class _Copy:  # a "snapshot" of a table is the table itself; the undo log restores it
        deepcopy = staticmethod(lambda value, *a: value if isinstance(value, Table) else real_copy.deepcopy(value, *a))
        copy = staticmethod(real_copy.copy)

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        undo = _undo_log(self, transact_items)
        backend_module.copy = _Copy  # only ever swapped while the DynamoDB lock is held
        try:
            return original(self, transact_items)
        except Exception:
            for step in reversed(undo):
                step()
            raise
        finally:
            backend_module.copy = real_copy

    transact_write_items._lapor_cheap = True  # type: ignore[attr-defined]
    backend.transact_write_items = transact_write_items


def _cheap_retention_check() -> None:
    from moto.core.utils import unix_time
    from moto.sqs.models import SQSBackend

    if getattr(SQSBackend.is_message_valid_based_on_retention_period, "_lapor_cheap", False):
        return

    def is_message_valid_based_on_retention_period(self: Any, queue_name: str, message: Any) -> bool:
        retention = int(self.get_queue(queue_name).message_retention_period)
        return retention + message.sent_timestamp / 1000 > unix_time()

    is_message_valid_based_on_retention_period._lapor_cheap = True  # type: ignore[attr-defined]
    SQSBackend.is_message_valid_based_on_retention_period = is_message_valid_based_on_retention_period


OUTBOX_PATH = "/_lapor/outbox.json"


def _outbox_json() -> bytes:
    """What SES and SNS kept (sent emails, SMS), read from moto's backends in this process:
    moto's own /moto-api/data.json serialises every model of every service, which grows slow."""
    import json

    from moto.ses.models import ses_backends
    from moto.sns.models import sns_backends

    sms, emails = [], []
    for regions in list(sns_backends.values()):
        for backend in list(regions.values()):
            sms += [{"message_id": k, "phone_number": v[0], "message": v[1]} for k, v in list(backend.sms_messages.items())]
    for regions in list(ses_backends.values()):
        for backend in list(regions.values()):
            emails += [{"id": m.id, "destinations": list(m.destinations), "raw_data": m.raw_data}
                       for m in list(backend.sent_messages) if hasattr(m, "raw_data")]
    return json.dumps({"sns": {"SMS": sms}, "ses": {"RawMessage": emails}}).encode("utf-8")


def _serve_outbox(app: Wsgi) -> Wsgi:
    def outbox(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == OUTBOX_PATH and environ.get("REQUEST_METHOD") == "GET":
            body = _outbox_json()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        return app(environ, start_response)

    return outbox


class LocalAwsEndpoint:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, wrap: Callable[[Wsgi], Wsgi] | None = None) -> None:
        from moto.server import DomainDispatcherApplication, create_backend_app

        if os.environ.get("LAPOR_MOTO_FASTPATHS", "1") != "0":  # 0: moto as shipped (bench/emulator.py compares)
            _cheap_transaction_snapshots()
            _cheap_retention_check()
            moto_fastpaths.install()
        app: Wsgi = DomainDispatcherApplication(create_backend_app)
        if wrap is not None:
            app = wrap(app)
        self._server = make_server(host, port, _serve_outbox(_serialize_dynamodb(app)), threaded=True,
                                   request_handler=_QuietHandler)
        self.host, self.port = host, self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, name="local-aws", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> LocalAwsEndpoint:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
