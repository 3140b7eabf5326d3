"""A demo agency system for `make run`: receives Lapor webhooks on loopback, verifies each one
with PyPI `standardwebhooks` (exactly as an agency's developer would) and logs what it got.

`GET /` on it lists the verified events, newest last. Local stage only.
"""
from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

log = logging.getLogger("lapor.demo-agency")
DEMO_AGENCY = "dinas-62.01-public_works"  # a report in region 62.01 about jalan_rusak routes here


class DemoReceiver:
    def __init__(self, host: str, port: int) -> None:
        self.secret: str | None = None
        self.events: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                try:
                    payload = Webhook(receiver.secret or "").verify(body, dict(self.headers.items()))
                except (WebhookVerificationError, ValueError) as error:
                    log.warning("REJECTED webhook %s: %s", self.headers.get("webhook-id"), error)
                    self._answer(401, {"error": "invalid signature"})
                    return
                data = payload.get("data") or {}
                log.info("verified %s %s for %s (status %s)", payload.get("type"), self.headers.get("webhook-id"),
                         data.get("tracking_id"), data.get("status"))
                receiver.events.append({"webhook_id": self.headers.get("webhook-id"), "type": payload.get("type"),
                                        "tracking_id": data.get("tracking_id"), "status": data.get("status")})
                self._answer(200, {"ok": True})

            def do_GET(self) -> None:
                self._answer(200, {"agency_id": DEMO_AGENCY, "events": receiver.events})

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.url = f"http://{host}:{self.server.server_address[1]}/webhooks/lapor"

    def start(self) -> None:
        threading.Thread(target=self.server.serve_forever, name="demo-agency", daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_demo_agency(host: str, port: int) -> tuple[DemoReceiver, dict[str, str]]:
    """Start the receiver, register it as the demo agency's webhook and issue the agency a key."""
    from chalicelib.delivery import subscriptions
    from chalicelib.store.credentials import AGENCY, issue_key

    receiver = DemoReceiver(host, port)
    receiver.start()
    receiver.secret = subscriptions.register(DEMO_AGENCY, receiver.url).secret
    key, _ = issue_key(AGENCY, DEMO_AGENCY)
    return receiver, {"agency_id": DEMO_AGENCY, "api_key": key, "webhook_url": receiver.url,
                      "events_url": receiver.url.rsplit("/", 2)[0] + "/"}
