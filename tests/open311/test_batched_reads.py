"""Open311 lists read their reports in batches: the DynamoDB requests one listing makes do not
grow with the reports in it (servicerequestupdates read a report and its whole timeline per
update; a list of service_request_ids read one report per id)."""
from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from pynamodb.connection.base import Connection

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Role
from chalicelib.reports.perform import perform
from chalicelib.store import reports as store
from tests.fixtures.dynamodb_calls import count_calls

REPORTS = 6


@pytest.fixture()
def dynamodb_calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    return count_calls(monkeypatch)


@pytest.fixture()
def batch_sizes(dynamodb_calls: Counter[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, list[int]]:
    """The number of keys of each BatchGetItem this process sends while the test runs, by table."""
    sizes: dict[str, list[int]] = {}
    original = Connection._make_api_call

    def recorded(self: Connection, operation_name: str, operation_kwargs: dict[str, Any]) -> Any:
        if operation_name == "BatchGetItem":
            for table, request in operation_kwargs["RequestItems"].items():
                sizes.setdefault(table, []).append(len(request["Keys"]))
        return original(self, operation_name, operation_kwargs)

    monkeypatch.setattr(Connection, "_make_api_call", recorded)
    return sizes


@pytest.fixture(scope="module")
def followed_up(aws: Any, runtime: Any) -> list[str]:
    """REPORTS routed reports, each with a public follow-up (so each has several public updates)."""
    from chalice.test import Client

    import app as app_module
    from tests.fixtures.reports import report_payload
    from tests.fixtures.runtime import drain

    tracking_ids = []
    with Client(app_module.app) as client:
        for number in range(REPORTS):
            response = client.http.post("/api/v1/reports", headers={"Content-Type": "application/json"},
                                        body=json.dumps(report_payload(title=f"Lampu jalan padam nomor {number}")))
            assert response.status_code == 201, response.body
            tracking_ids.append(json.loads(response.body)["tracking_id"])
    drain(runtime)
    for tracking_id in tracking_ids:
        agency = store.get(tracking_id).agency_id
        perform(tracking_id, Action.FOLLOW_UP, Actor(Role.AGENCY, agency), message="Petugas sudah dijadwalkan.")
    return tracking_ids


def _get(api: Any, path: str) -> Any:
    response = api.http.get(path)
    assert response.status_code == 200, response.body
    return json.loads(response.body)


def test_updates_are_read_in_batches_not_per_report(api: Any, followed_up: list[str], dynamodb_calls: Counter[str],
                                                     batch_sizes: dict[str, list[int]]) -> None:
    updates = _get(api, "/open311/v2/servicerequestupdates.json")
    mine = [u for u in updates if u["service_request_id"] in followed_up]
    assert {u["service_request_id"] for u in mine} == set(followed_up)
    assert len(mine) >= 2 * REPORTS  # the disposition and the follow-up of each
    listed = len({u["service_request_id"] for u in updates})
    assert dynamodb_calls["GetItem"] == 0, dynamodb_calls
    assert 1 <= dynamodb_calls["Query"] <= 2, dynamodb_calls  # the updates index: one per Jakarta day in the window
    # Reports, events and contacts: one BatchGetItem per 100 keys of each (every batch full but the
    # last), never one request per report. The window may hold updates the public list leaves out
    # (internal notes, rahasia reports), so the keys asked for, not the updates shown, bound it.
    assert 1 <= len(batch_sizes) <= 3, batch_sizes
    for table, sizes in batch_sizes.items():
        assert len(sizes) == -(-sum(sizes) // 100) and all(size == 100 for size in sizes[:-1]), (table, sizes)
    assert sum(dynamodb_calls.values()) < listed, (dynamodb_calls, listed)


def test_a_list_of_ids_is_one_batched_read_in_the_order_asked(api: Any, followed_up: list[str],
                                                              dynamodb_calls: Counter[str]) -> None:
    asked = list(reversed(followed_up))
    listed = _get(api, "/open311/v2/requests.json?service_request_id=" + ",".join(asked))
    assert [r["service_request_id"] for r in listed] == asked
    # The reports, their contacts (to redact names) and their support counts: one batch each.
    assert dynamodb_calls["GetItem"] == 0 and 1 <= dynamodb_calls["BatchGetItem"] <= 3, dynamodb_calls


def test_an_unknown_id_in_the_list_is_left_out(api: Any, followed_up: list[str],
                                               dynamodb_calls: Counter[str]) -> None:
    listed = _get(api, f"/open311/v2/requests.json?service_request_id={followed_up[0]},LPR-0000-0000-000000")
    assert [r["service_request_id"] for r in listed] == [followed_up[0]]
