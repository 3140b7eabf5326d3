"""Strict-Transport-Security on every response served over HTTPS (API and pages alike), so a
browser that once reached Lapor over HTTPS never falls back to plain HTTP, where a network
attacker could strip TLS and read reporter tokens. Not sent over plain HTTP (`make run`), where
browsers ignore it anyway and it would pin `localhost`."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice import Response

HSTS = "max-age=63072000; includeSubDomains"  # two years, the value hstspreload.org asks for


def over_https(request: Any) -> bool:
    # API Gateway always terminates TLS and sets X-Forwarded-Proto; the local server does not.
    return request is not None and (request.headers.get("x-forwarded-proto") or "").lower() == "https"


def strict_transport(app: Any) -> Callable[[Any, Callable[[Any], Response]], Response]:
    def middleware(event: Any, get_response: Callable[[Any], Response]) -> Response:
        response = get_response(event)
        if over_https(event):
            response.headers["Strict-Transport-Security"] = HSTS
        return response

    return middleware
