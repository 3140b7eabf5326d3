"""The agency workbench's inbox (issue 23): search, sort, a total, new vs acknowledged, filters that
fit a regency office, and "due soon" counted in working days."""
from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from chalicelib.console.worklists import row
from chalicelib.store import reports as store
from tests.fixtures.agencies import call
from tests.fixtures.staff import ConsoleClient, Person, Team


def _ids(page: str) -> list[str]:
    return re.findall(r'<a href="[^"]*/konsol/laporan/([A-Z0-9-]+)"', page)


def _status_of(page: str, tid: str) -> str:
    line = re.search(rf"/konsol/laporan/{tid}\".*?</tr>", page, re.DOTALL).group(0)
    return re.sub(r"<[^>]+>", "", re.search(r'class="inbox-status">(.*?)</td>', line, re.DOTALL).group(1)).strip()


def test_inbox_searches_sorts_counts_and_tells_new_from_acknowledged(
        team: Team, signed_in: Callable[[Person], ConsoleClient], api: Any,
        routed: Callable[..., dict[str, Any]]) -> None:
    word = f"Gorong{uuid.uuid4().hex[:6]}"
    tids = [routed(team.agency, title=f"Saluran tersumbat {n}")["tracking_id"] for n in range(2)]
    tids.append(routed(team.agency, title=f"{word} ambrol di jalan desa")["tracking_id"])
    assert call(api, "POST", f"/api/v1/agency/reports/{tids[0]}/acknowledge", None, team.agency.auth).status_code == 200
    admin = signed_in(team.admin)
    page = admin.get("/konsol/kotak-masuk").text
    assert re.search(r'id="total"[^>]*>3 laporan<', page), re.search(r'id="total".*', page)
    assert _status_of(page, tids[0]) == "Sedang ditangani"
    assert _status_of(page, tids[1]) == "Baru" and _status_of(page, tids[2]) == "Baru"
    assert 'id="f-region"' not in page  # a regency office's reports are all in its regency
    new = admin.get("/konsol/kotak-masuk", status="baru").text
    assert sorted(_ids(new)) == sorted(tids[1:]) and "2 laporan" in new
    assert _ids(admin.get("/konsol/kotak-masuk", status="ditangani").text) == [tids[0]]
    found = admin.get("/konsol/kotak-masuk", q=word.lower()).text
    assert _ids(found) == [tids[2]] and "1 laporan" in found
    assert _ids(admin.get("/konsol/kotak-masuk", q=tids[1]).text) == [tids[1]]
    soonest, latest = _ids(page), _ids(admin.get("/konsol/kotak-masuk", sort="tenggat-akhir").text)
    assert latest == list(reversed(soonest))
    assert _ids(admin.get("/konsol/kotak-masuk", assignee="-").text) == soonest  # none assigned yet


def test_due_soon_counts_working_days_over_a_weekend(aws: Any, routed: Callable[..., dict[str, Any]],
                                                     fresh_agency: Any) -> None:
    report = store.get(routed(fresh_agency)["tracking_id"])
    friday = datetime(2026, 1, 9, 3, 0, tzinfo=UTC)  # Friday 10:00 WIB
    monday_end = datetime(2026, 1, 12, 16, 59, tzinfo=UTC)  # due Monday 23:59 WIB
    line = row(report.evolve(deadline=monday_end), friday, "id")
    assert line["due_soon"] and line["working_days_left"] == 1  # 3.5 calendar days, one working day
    far = row(report.evolve(deadline=datetime(2026, 1, 14, 16, 59, tzinfo=UTC)), friday, "id")
    assert not far["due_soon"]
