"""The tracking page offers confirm after a reply and reopen after a timeout closure (no JS)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Role, Status
from chalicelib.pages.session import csrf_for
from chalicelib.reports.perform import perform
from chalicelib.store import reports as store
from tests.web.test_views import file_report, html, post_form


def test_confirm_after_reply_and_reopen_after_timeout(api: Any, drain_queues: Callable[[], int]) -> None:
    tracking_id, cookie = file_report(api)
    drain_queues()
    agency = Actor(Role.AGENCY, store.get(tracking_id, consistent=True).agency_id)
    token = cookie.split("=", 1)[1]
    perform(tracking_id, Action.FOLLOW_UP, agency, message="Sudah kami cek.")
    post_form(api, f"/lacak/{tracking_id}/balas", urlencode({"message": "Terima kasih.", "csrf": csrf_for(token)}),
              cookie)
    page = html(api.http.get(f"/lacak/{tracking_id}", headers={"Cookie": cookie}))
    assert 'id="confirm-form"' in page  # still possible after replying
    perform(tracking_id, Action.FOLLOW_UP, agency, message="Sudah diperbaiki.")
    perform(tracking_id, Action.AUTO_CLOSE, Actor(Role.SYSTEM, "sweep"))
    page = html(api.http.get(f"/lacak/{tracking_id}", headers={"Cookie": cookie}))
    assert 'id="reopen-form"' in page and "batas waktu balasan lewat" in page
    assert 'id="reopen-form"' not in html(api.http.get(f"/lacak/{tracking_id}"))  # the public has no form
    short = post_form(api, f"/lacak/{tracking_id}/buka-kembali", urlencode({"reason": "x", "csrf": csrf_for(token)}),
                      cookie)
    assert short.status_code == 422 and 'id="reason-error"' in html(short)
    done = post_form(api, f"/lacak/{tracking_id}/buka-kembali",
                     urlencode({"reason": "Jalannya berlubang lagi.", "csrf": csrf_for(token)}), cookie)
    assert done.status_code == 303 and done.headers["Location"].endswith("?ok=reopen")
    assert store.get(tracking_id, consistent=True).status is Status.DITERUSKAN
