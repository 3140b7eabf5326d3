"""The console's progress form (perkembangan) takes uploaded photos as the follow-up form does
(issue 24): the news carries them, staff open them through the audited link, and a reused upload
is refused beside the form, nothing written."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.store import file_access
from chalicelib.store import reports as store
from tests.fixtures import images
from tests.fixtures.staff import ConsoleClient, Person, Team
from tests.fixtures.uploads import upload


def test_progress_from_the_console_carries_an_uploaded_photo(
        api: Any, team: Team, signed_in: Callable[[Person], ConsoleClient],
        routed: Callable[..., dict[str, Any]]) -> None:
    tid = routed(team.agency)["tracking_id"]
    liaison = signed_in(team.liaison)
    liaison.get(f"/konsol/laporan/{tid}")
    first = liaison.post(f"/konsol/laporan/{tid}/tindak-lanjut",
                         {"message": "Tim kami sudah meninjau lokasi dan menjadwalkan perbaikan.", "attachments": ""})
    assert first.status_code == 200, first.text[:2000]
    assert 'id="perkembangan-files"' in first.text  # the upload control is offered on the progress form

    photo = upload(api, images.jpeg(), "image/jpeg", "pengaspalan.jpg")
    posted = liaison.post(f"/konsol/laporan/{tid}/perkembangan",
                          {"message": "Pengaspalan dimulai hari Senin, foto terlampir.", "attachments": "",
                           "files": [photo]})
    assert posted.status_code == 200 and "Kabar perkembangan terkirim" in posted.text, posted.text[:2000]
    last = store.timeline(tid)[-1]
    assert last.action.value == "PROGRESS" and [f["id"] for f in last.details["files"]] == [photo]

    # Staff open it through the audited link: a redirect to a 5-minute link, written to the trail.
    before = len(file_access.entries(tid))
    opened = liaison.http.get(liaison.base + f"/konsol/laporan/{tid}/lampiran/{photo}", allow_redirects=False)
    assert opened.status_code == 303
    assert len(file_access.entries(tid)) == before + 1

    again = liaison.post(f"/konsol/laporan/{tid}/perkembangan",
                         {"message": "Pengaspalan hari kedua, foto yang sama.", "attachments": "", "files": [photo]})
    assert again.status_code in (409, 422), again.text[:500]
    assert store.timeline(tid)[-1].seq == last.seq
