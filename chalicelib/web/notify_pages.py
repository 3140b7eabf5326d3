"""Pages of the notification channel: one-click unsubscribe (RFC 8058: the email's
List-Unsubscribe URL answers POST without a confirmation step; GET shows a button), and the local
outbox (`/lokal/kotak-keluar`, local and test stages only) that lists what would have been sent."""
from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from chalice import Blueprint, Response
from jinja2 import DictLoader, Environment, select_autoescape

from chalicelib.notify import local_outbox, prefs

notify_pages = Blueprint(__name__)
FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"]
_PAGE = """<!doctype html><html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ title }} - LAPOR!</title>
<link rel="stylesheet" href="/static/app.css"></head><body><main class="container">
<h1>{{ title }}</h1>{% block body %}{% endblock %}</main></body></html>"""
_TEMPLATES = {
    "page.html": _PAGE,
    "unsubscribe.html": """{% extends "page.html" %}{% block body %}
{% if done %}<p>Anda tidak akan menerima email LAPOR! lagi untuk alamat ini.</p>
<p lang="en">You will receive no more LAPOR! emails at this address.</p>
{% elif valid %}<p>Berhenti menerima email pemberitahuan LAPOR!? <span lang="en">Stop LAPOR! notification emails?</span></p>
<form method="post" action="/berhenti?{{ query }}"><button type="submit">Berhenti / Unsubscribe</button></form>
{% else %}<p>Tautan ini tidak valid. <span lang="en">This link is not valid.</span></p>{% endif %}
{% endblock %}""",
    "outbox.html": """{% extends "page.html" %}{% block body %}
<p>Pesan yang dikirim stack lokal (SES dan SNS di endpoint lokal), terbaru di atas.
<span lang="en">What the local stack sent (SES and SNS on the local endpoint), newest first.</span></p>
<table><thead><tr><th>#</th><th>Kanal</th><th>Kepada / To</th><th>Pesan / Message</th></tr></thead><tbody>
{% for m in messages %}<tr><td>{{ loop.index }}</td><td>{{ m.channel }}</td><td>{{ m.to }}</td>
<td>{% if m.subject %}<strong>{{ m.subject }}</strong><br>{% endif %}<pre>{{ m.text }}</pre></td></tr>
{% else %}<tr><td colspan="4">Belum ada pesan. / Nothing sent yet.</td></tr>{% endfor %}
</tbody></table>{% endblock %}""",
}
_env = Environment(loader=DictLoader(_TEMPLATES), autoescape=select_autoescape(["html"]))
_HEADERS: dict[str, str | list[str]] = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
            "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


def _html(template: str, status: int = 200, **context: object) -> Response:
    return Response(_env.get_template(template).render(**context), status_code=status, headers=_HEADERS)


def _link() -> tuple[str, str, bool]:
    query: Mapping[str, str] = notify_pages.current_request.query_params or {}
    key, signature = query.get("a", ""), query.get("s", "")
    return key, signature, prefs.valid_unsubscribe(key, signature)


@notify_pages.route("/berhenti", methods=["GET"])
def unsubscribe_page() -> Response:
    key, signature, valid = _link()
    return _html("unsubscribe.html", 200 if valid else 404, title="Berhenti berlangganan",
                 query=urlencode({"a": key, "s": signature}), valid=valid, done=False)


@notify_pages.route("/berhenti", methods=["POST"], content_types=FORM_TYPES)
def unsubscribe_now() -> Response:
    """One click: a mail client POSTs `List-Unsubscribe=One-Click` here; the page's button too."""
    key, signature, valid = _link()
    if not valid:
        return _html("unsubscribe.html", 404, title="Berhenti berlangganan", valid=False, done=False)
    prefs.stop(key)
    return _html("unsubscribe.html", title="Berhenti berlangganan", valid=True, done=True)


@notify_pages.route("/lokal/kotak-keluar", methods=["GET"])
def local_outbox_page() -> Response:
    if not local_outbox.available():
        return _html("page.html", 404, title="Tidak ditemukan / Not found")
    return _html("outbox.html", title="Kotak keluar lokal / Local outbox", messages=local_outbox.messages())
