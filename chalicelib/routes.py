"""Every HTTP route, registered in one place: the JSON API, the citizen web and the staff console
(each a set of Chalice blueprints that never import one another), and the middleware that wraps
them all. The top of the layer graph: nothing in chalicelib imports this; only app.py does, and
only in the API function."""
from __future__ import annotations

from chalice import Chalice

from chalicelib.api.admin import admin_api
from chalicelib.api.agency import agency_api
from chalicelib.api.attachments import attachments
from chalicelib.api.citizen import citizen
from chalicelib.api.classify import classify_api
from chalicelib.api.deadlines import deadlines_api
from chalicelib.api.directory import directory_api
from chalicelib.api.gateway_errors import normalize_errors
from chalicelib.api.open311 import open311
from chalicelib.api.reporter import reporter
from chalicelib.api.staff import staff_api
from chalicelib.api.stats import stats_api
from chalicelib.api.transport_security import strict_transport
from chalicelib.console.views import console
from chalicelib.http.endpoints import security_headers
from chalicelib.pages.render import page_security_headers
from chalicelib.web.notify_pages import notify_pages
from chalicelib.web.public_views import public_web
from chalicelib.web.views import web

BLUEPRINTS = (citizen, reporter, deadlines_api, agency_api, admin_api, attachments, web, notify_pages,
              stats_api, public_web, open311, staff_api, console, classify_api, directory_api)


def register_http(app: Chalice) -> None:
    """Routes and HTTP middleware, in this order: the security headers first (outermost: they see
    every answer, Chalice's own errors included), then the error-format and transport middleware."""
    app.register_middleware(security_headers(page_security_headers), "http")
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.register_middleware(normalize_errors(app), "http")
    app.register_middleware(strict_transport(app), "http")
