"""Every HTTP route, registered in one place: the JSON API, the citizen web and the staff console
(each a set of Chalice blueprints that never import one another), and the middleware that wraps
them all. The top of the layer graph: nothing in chalicelib imports this; only app.py does, and
only in the API function.

One Lambda function serves every route, so importing every blueprint on a cold start would make a
citizen opening a tracking page wait for the staff console, the admin API and the statistics
charts to load. Instead the API function registers each route from `ROUTE_TABLE` (a committed
file: path, methods, content types, and where the view lives) and imports a view's module the
first time one of its routes is asked for. A container that only ever serves citizens never loads
the console at all. `python -m laportools.route_table` rewrites the table from the blueprints, and
tests/test_routes.py fails when the two differ."""
from __future__ import annotations

import importlib
import json
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chalice import Chalice

from chalicelib.api.gateway_errors import normalize_errors
from chalicelib.api.transport_security import strict_transport
from chalicelib.http.endpoints import security_headers
from chalicelib.pages.headers import page_security_headers

# module:attribute of every blueprint, in registration order
BLUEPRINTS = (
    "chalicelib.api.filing:filing",
    "chalicelib.api.citizen:citizen",
    "chalicelib.api.reporter:reporter",
    "chalicelib.api.deadlines:deadlines_api",
    "chalicelib.api.agency:agency_api",
    "chalicelib.api.admin:admin_api",
    "chalicelib.api.attachments:attachments",
    "chalicelib.web.views:web",
    "chalicelib.web.notify_pages:notify_pages",
    "chalicelib.api.stats:stats_api",
    "chalicelib.web.public_views:public_web",
    "chalicelib.api.open311:open311",
    "chalicelib.api.staff:staff_api",
    "chalicelib.console.views:console",
    "chalicelib.api.classify:classify_api",
    "chalicelib.api.directory:directory_api",
)
ROUTE_TABLE = Path(__file__).resolve().parent / "data" / "routes.json"
_FIRST_IMPORTS = threading.RLock()


def register_http(app: Chalice) -> None:
    """Routes and HTTP middleware, in this order: the security headers first (outermost: they see
    every answer, Chalice's own errors included), then the error-format and transport middleware."""
    app.register_middleware(security_headers(page_security_headers), "http")
    table = json.loads(ROUTE_TABLE.read_text(encoding="utf-8"))
    binder = _Binder(app, {entry["blueprint"] for entry in table})
    for entry in table:
        app.route(entry["path"], methods=entry["methods"], content_types=entry["content_types"],
                  name=entry["name"])(_LazyView(binder, entry))
    app.register_middleware(normalize_errors(app), "http")
    app.register_middleware(strict_transport(app), "http")


def route_table() -> list[dict[str, Any]]:
    """Every route of every blueprint as the table holds it, read from an eager registration of each
    blueprint on its own (views of the console live in several modules but hang on one blueprint).
    Once per process: Chalice consumes a blueprint's route options as it registers them."""
    table: list[dict[str, Any]] = []
    for reference in BLUEPRINTS:
        blueprint = _attribute(reference)
        defined = f"{blueprint._import_name}:{reference.partition(':')[2]}"
        if _attribute(defined) is not blueprint:
            raise LookupError(f"{reference} is not defined as {defined}")
        serving = blueprint._current_app
        scratch = Chalice(app_name="route-table")
        scratch.register_blueprint(blueprint)
        blueprint._current_app = serving
        for path, methods in scratch.routes.items():
            by_name: dict[str, dict[str, Any]] = {}
            for method, route in methods.items():
                view = route.view_function
                if _attribute(f"{view.__module__}:{view.__qualname__}") is not view:
                    raise LookupError(f"{view.__module__}.{view.__qualname__} is not importable by name")
                entry = by_name.setdefault(route.view_name, {
                    "path": path, "methods": [], "content_types": route.content_types, "name": route.view_name,
                    "view": f"{view.__module__}:{view.__qualname__}", "blueprint": defined})
                entry["methods"].append(method)
            table.extend({**entry, "methods": sorted(entry["methods"])} for entry in by_name.values())
    return table


class _Binder:
    """Gives each blueprint the serving app once its module is loaded: what Blueprint.register would
    set, so that `blueprint.current_request` is the app's. A view may read another blueprint's request
    (the public pages use the web form's helpers), so every loaded blueprint is bound, not only the
    view's own; one whose module loads later is bound on the next request. Only a request after new
    modules were loaded looks (a container that never opens the console keeps some unbound)."""

    def __init__(self, app: Chalice, references: set[str]) -> None:
        self.app, self.unbound, self.modules_seen = app, set(references), 0

    def bind(self) -> None:
        if not self.unbound or len(sys.modules) == self.modules_seen:
            return
        seen, half_made = len(sys.modules), False
        for reference in list(self.unbound):
            module, _, name = reference.partition(":")
            blueprint = getattr(sys.modules.get(module), name, None)
            if blueprint is not None:
                blueprint._current_app = self.app
                self.unbound.discard(reference)
            elif module in sys.modules:
                half_made = True  # still being imported by another thread: look again next time
        if not half_made:
            self.modules_seen = seen


class _LazyView:
    """A route's view: imports the real one (`view_reference`, module:name) on its first call and
    hands every call to it."""

    def __init__(self, binder: _Binder, entry: dict[str, Any]) -> None:
        self.binder, self.view_reference, self.__name__ = binder, entry["view"], entry["name"]
        self.resolved: Callable[..., Any] | None = None

    def __call__(self, **params: Any) -> Any:
        return self.target()(**params)

    def target(self) -> Callable[..., Any]:
        """The real view, imported on first use, with every loaded blueprint bound to the app."""
        if self.resolved is None:
            # One first import at a time: two threads importing modules that import each other (the
            # local stack serves requests in threads) can each be handed the other's module half made.
            with _FIRST_IMPORTS:
                if self.resolved is None:
                    self.resolved = _attribute(self.view_reference)
        self.binder.bind()
        return self.resolved


def _attribute(reference: str) -> Any:
    """The object a `module:attribute` reference names (importing the module)."""
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)
