"""The HTTP layer as one unit: every blueprint (JSON API and web pages) and the middleware that
gives Chalice's own errors the API's error format. Only the API function imports this."""
from __future__ import annotations

from chalice import Chalice

from chalicelib.api.admin import admin_api
from chalicelib.api.agency import agency_api
from chalicelib.api.attachments import attachments
from chalicelib.api.citizen import citizen
from chalicelib.api.deadlines import deadlines_api
from chalicelib.api.gateway_errors import normalize_errors
from chalicelib.api.reporter import reporter
from chalicelib.api.transport_security import strict_transport
from chalicelib.web.views import web
from chalicelib.api.open311 import open311
from chalicelib.api.staff import staff_api
from chalicelib.api.stats import stats_api
from chalicelib.console.views import console
from chalicelib.web.notify_pages import notify_pages
from chalicelib.api.classify import classify_api
from chalicelib.api.directory import directory_api
from chalicelib.web.public_views import public_web

BLUEPRINTS = (citizen, reporter, deadlines_api, agency_api, admin_api, attachments, web, notify_pages,
              stats_api, public_web, open311, staff_api, console, classify_api, directory_api)


def register_http(app: Chalice) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.register_middleware(normalize_errors(app), "http")
    app.register_middleware(strict_transport(app), "http")
