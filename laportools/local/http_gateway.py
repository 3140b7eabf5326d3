"""The local API server: Chalice's local HTTP server, answering its gateway errors the way the
deployed API Gateway does (gateway responses in infra/lapor_infra/stack.py) and the API contract
says: an unknown path is 404 `route_not_found` in the JSON error format (never Chalice local's
403 "Missing Authentication Token", which also echoes the caller's Authorization header), and any
HTTP method, TRACE or made-up ones included, reaches the app, which answers 405 in JSON.
"""
from __future__ import annotations

from typing import Any

from chalice.local import (
    ChaliceRequestHandler,
    CustomLocalChalice,
    ForbiddenError,
    LocalChalice,
    LocalDevServer,
    LocalGatewayException,
)

from chalicelib.http.endpoints import error_response


def _language(headers: Any) -> str:
    accept = (headers.get("Accept-Language") or "").lower()
    return "en" if accept.startswith("en") else "id"


class ContractRequestHandler(ChaliceRequestHandler):
    def _send_error_response(self, error: LocalGatewayException) -> None:
        # Lapor defines no API Gateway authorizers, so Chalice local raises ForbiddenError only
        # for a path no route matches (its body may echo the Authorization header).
        if isinstance(error, ForbiddenError):
            response = error_response(404, "route_not_found", _language(self.headers))
            self._send_http_response(404, dict(response.headers), response.body)
            return
        super()._send_error_response(error)

    def __getattr__(self, name: str) -> Any:
        # BaseHTTPRequestHandler looks up do_<METHOD> and answers 501 HTML when it is missing.
        if name.startswith("do_") and name[3:].isalpha():
            return self._generic_handle
        raise AttributeError(name)


def create_server(app: Any, config: Any, host: str, port: int) -> LocalDevServer:
    """Like chalice.local.create_local_server, with the contract-conformant handler."""
    if not isinstance(app, CustomLocalChalice):
        CustomLocalChalice.__bases__ = (LocalChalice, app.__class__)
        app.__class__ = CustomLocalChalice
    return LocalDevServer(app, config, host, port, handler_cls=ContractRequestHandler)


__all__ = ["ContractRequestHandler", "create_server"]
