"""The console's correction form (koreksi) follows the same privacy rule as the admin API: a
national admin may turn `anonim`/`rahasia` on, never off; a flag that is on offers no "off" choice."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.store import reports as store
from tests.console.test_forms import field_errors
from tests.fixtures.staff import ConsoleClient, Person, Team


def test_correction_form_cannot_loosen_privacy(team: Team, submit: Callable[..., dict[str, Any]],
                                               signed_in: Callable[[Person], ConsoleClient]) -> None:
    tid = submit(region_code=team.agency.region_code, anonim=True, rahasia=True,
                 reporter={"name": "Anonim Sekali"})["tracking_id"]
    national = signed_in(team.national)
    page = national.get(f"/konsol/laporan/{tid}")
    assert 'id="koreksi-anonim-hint"' in page.text and 'id="koreksi-rahasia-hint"' in page.text
    unmask = national.post(f"/konsol/laporan/{tid}/koreksi",
                           {"classification": "PENGADUAN", "anonim": "0", "rahasia": "1"})
    assert unmask.status_code == 422 and "koreksi-anonim" in field_errors(unmask.text)
    assert "hanya dapat diperketat" in unmask.text
    publish = national.post(f"/konsol/laporan/{tid}/koreksi",
                            {"classification": "PENGADUAN", "anonim": "1", "rahasia": "0"})
    assert publish.status_code == 422 and "koreksi-rahasia" in field_errors(publish.text)
    stored = store.get(tid, consistent=True)
    assert (stored.anonim, stored.rahasia, stored.version) == (True, True, 1)


def test_correction_form_may_tighten_privacy(team: Team, submit: Callable[..., dict[str, Any]],
                                             signed_in: Callable[[Person], ConsoleClient]) -> None:
    tid = submit(region_code=team.agency.region_code, reporter={"name": "Budi Santoso"})["tracking_id"]
    national = signed_in(team.national)
    national.get(f"/konsol/laporan/{tid}")
    done = national.post(f"/konsol/laporan/{tid}/koreksi", {"classification": "PENGADUAN", "anonim": "1", "rahasia": "1"})
    assert done.status_code == 200 and "ok=koreksi" in done.url
    stored = store.get(tid, consistent=True)
    assert (stored.anonim, stored.rahasia) == (True, True)
