"""Worklist thumbnails (issue 24): a report with a cleaned photo shows a small picture in the
desk's verification queue and the agency inbox. Listing mints no link and writes no trail; the
row's image asks the audited file route for the thumbnail variant, one recorded link per image
a browser actually loads."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from chalicelib.store import file_access
from tests.fixtures import images
from tests.fixtures.staff import ConsoleClient, Person, Team
from tests.fixtures.uploads import upload


def _thumbnail(page: str, tid: str) -> str | None:
    row = re.search(rf'<tr>(?:(?!</tr>).)*?/konsol/laporan/{tid}"(?:(?!</tr>).)*</tr>', page, re.DOTALL)
    assert row is not None, f"{tid} not listed"
    found = re.search(r'<img class="row-thumb" src="([^"]+)"', row.group(0))
    return found.group(1).replace("&amp;", "&") if found else None


def test_queue_and_inbox_rows_show_the_first_photos_thumbnail(
        api: Any, team: Team, signed_in: Callable[[Person], ConsoleClient],
        submit: Callable[..., dict[str, Any]], routed: Callable[..., dict[str, Any]]) -> None:
    photo = upload(api, images.jpeg(images.picture(120, 80)), "image/jpeg", "jalan.jpg")
    document = upload(api, images.pdf(), "application/pdf", "surat.pdf")
    with_photo = submit(region_code=team.agency.region_code, attachments=[document, photo])["tracking_id"]
    plain = submit(region_code=team.agency.region_code)["tracking_id"]

    national = signed_in(team.national)
    queue = national.get("/konsol/verifikasi").text
    src = _thumbnail(queue, with_photo)
    assert src is not None and src.endswith(f"/konsol/laporan/{with_photo}/lampiran/{photo}?variant=thumbnail")
    assert _thumbnail(queue, plain) is None  # no photo, no picture (the PDF is not one)
    assert 'loading="lazy"' in queue and 'alt=""' in queue
    assert file_access.entries(with_photo) == []  # listing minted and recorded nothing

    opened = national.http.get(national.base + src, allow_redirects=False)
    assert opened.status_code == 303 and opened.headers["Cache-Control"] == "no-store"
    [entry] = file_access.entries(with_photo)
    assert entry["variant"] == "thumbnail" and entry["attachment_id"] == photo

    routed_photo = upload(api, images.png(), "image/png", "saluran.png")
    tid = routed(team.agency, attachments=[routed_photo])["tracking_id"]
    inbox = signed_in(team.admin).get("/konsol/kotak-masuk").text
    inbox_src = _thumbnail(inbox, tid)
    assert inbox_src is not None and f"/lampiran/{routed_photo}?variant=thumbnail" in inbox_src
