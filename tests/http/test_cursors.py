"""Issue 20, finding 8: a cursor that decodes but is not a key of its listing's index (a sort key
of the wrong type or missing, `{}`, `null`, a list...) was handed to DynamoDB and answered 500.
The decoder now checks the whole key against the index's schema: anything else is `invalid_cursor`.

Status codes follow the documented contract (docs/openapi.yaml, README): text that is not shaped
like a cursor is 400, a well-formed cursor Lapor did not issue for this listing is 422; both carry
the code `invalid_cursor` and its Bahasa Indonesia message."""
from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from chalicelib.http import cursors
from chalicelib.http.endpoints import ApiError
from chalicelib.store import keys

MONTH = "2026-12"
FEED = f"FEED#{MONTH}"


def body(response: Any) -> Any:
    return json.loads(response.body)


def as_cursor(value: Any) -> str:
    """Any JSON value encoded the way Lapor writes cursors (base64url, no padding)."""
    raw = json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


# -- the decoder on its own ---------------------------------------------------------------------

# (partition attribute, partition value, the key attributes and types its listing's index has)
LISTINGS = [
    ("feed_key", FEED, {"feed_key": "S", "feed_sort": "S", "tracking_id": "S"}),
    ("queue_key", keys.queue_key("dinas-x", "DITERUSKAN"), {"queue_key": "S", "due_sort": "S", "tracking_id": "S"}),
    ("agency_key", "dinas-x", {"agency_key": "S", "due_sort": "S", "tracking_id": "S"}),
    ("worklist_key", "OMBUDSMAN", {"worklist_key": "S", "worklist_sort": "S", "tracking_id": "S"}),
    ("agency_id", "dinas-x", {"agency_id": "S", "delivery_id": "S"}),
    ("region_code", "62.01", {"region_code": "S", "agency_id": "S"}),
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


def near_keys(attributes: dict[str, str], partition_attribute: str, partition: str) -> st.SearchStrategy:
    """Objects shaped almost like a key: the listing's attribute names (sometimes one missing or
    one extra) with typed values that are right or subtly wrong (a number for a string, an empty or
    unencodable string, two types at once...)."""
    values = st.one_of(
        st.builds(lambda s: {"S": s}, st.text(max_size=12)),
        st.builds(lambda s: {"N": s}, st.sampled_from(["1", "-2.5", "1e3", "NaN", "Infinity", "1_0", "", " 1", "1e999"])),
        st.sampled_from([{"S": 123}, {"S": None}, {"S": ""}, {"S": "\ud800"}, {"N": 1}, {"S": "a", "N": "1"}, {},
                         {"B": "AA=="}, {"SS": ["a"]}, "x", None, []]),
    )
    names = st.sampled_from([*attributes, "other"])
    return st.builds(
        lambda body_, keep_partition: {**body_, **({partition_attribute: {"S": partition}} if keep_partition else {})},
        st.dictionaries(names, values, max_size=len(attributes) + 1), st.booleans())


def is_key_of(key: dict[str, Any], attributes: dict[str, str], partition_attribute: str, partition: str) -> bool:
    """A start key DynamoDB accepts for this listing: exactly its attributes, each one value of the
    schema's type (a non-empty UTF-8 string, or a finite number in DynamoDB's range)."""
    if set(key) != set(attributes) or key[partition_attribute] != {"S": partition}:
        return False
    for name, kind in attributes.items():
        value = key[name]
        if not isinstance(value, dict) or list(value) != [kind] or not isinstance(value[kind], str) or not value[kind]:
            return False
        value[kind].encode("utf-8")  # raises on a lone surrogate
        if kind == "N":
            float(value[kind])
    return True


@pytest.mark.parametrize("partition_attribute,partition,attributes", LISTINGS, ids=[row[0] for row in LISTINGS])
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_any_json_cursor_decodes_to_a_key_of_its_listing_or_is_invalid_cursor(
        partition_attribute: str, partition: str, attributes: dict[str, str], data: st.DataObject) -> None:
    value = data.draw(json_values | near_keys(attributes, partition_attribute, partition))
    try:
        key = cursors.decode(as_cursor(value), partition_attribute, partition)
    except ApiError as error:
        assert error.code == "invalid_cursor" and error.status == 422
        return
    assert is_key_of(key, attributes, partition_attribute, partition), key


@pytest.mark.parametrize("partition_attribute,partition,attributes", LISTINGS, ids=[row[0] for row in LISTINGS])
def test_a_key_the_listing_issued_still_decodes(partition_attribute: str, partition: str,
                                               attributes: dict[str, str]) -> None:
    issued = {name: {"S": partition if name == partition_attribute else f"v-{name}"} for name in attributes}
    assert cursors.decode(cursors.encode(issued), partition_attribute, partition) == issued


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=40))
@example(text="")
@example(text="==")
def test_text_not_shaped_like_a_cursor_is_400(text: str) -> None:
    try:
        cursors.decode(text, "feed_key", FEED)
    except ApiError as error:
        assert error.code == "invalid_cursor" and error.status in (400, 422)
        assert error.status == 400 or (text and set(text) <= set(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"))


# -- every listing endpoint, through the app ----------------------------------------------------

def feed_cursors() -> list[Any]:
    return [
        {"feed_key": {"S": FEED}, "tracking_id": {"S": 123}},  # the finding's example
        {"feed_key": {"S": FEED}, "feed_sort": {"S": 5}, "tracking_id": {"S": "LPR1234567"}},
        {"feed_key": {"S": FEED}, "feed_sort": {"N": "5"}, "tracking_id": {"S": "LPR1234567"}},
        {"feed_key": {"S": FEED}, "feed_sort": {"S": "2026-12-01"}},  # no table key
        {"feed_key": {"S": FEED}, "tracking_id": {"S": "LPR1234567"}},  # no sort key
        {"feed_key": {"S": FEED}, "feed_sort": {"S": ""}, "tracking_id": {"S": "LPR1234567"}},
        {"feed_key": {"S": FEED}, "feed_sort": {"S": "\ud800"}, "tracking_id": {"S": "LPR1234567"}},
        {"feed_key": {"S": FEED}, "feed_sort": {"S": "a"}, "tracking_id": {"S": "b"}, "extra": {"S": "c"}},
        {}, None, [], ["feed_key"], "FEED", 7,
    ]


def keyed_cursors(partition_attribute: str, partition: str, sort: str) -> list[Any]:
    """The same attacks against a listing with another key schema."""
    swap = {"feed_key": partition_attribute, "feed_sort": sort}
    out = []
    for cursor in feed_cursors():
        if isinstance(cursor, dict):
            cursor = {swap.get(name, name): ({"S": partition} if name == "feed_key" else value)
                      for name, value in cursor.items()}
        out.append(cursor)
    return out


def delivery_cursors(agency_id: str) -> list[Any]:
    """The deliveries table's own key is (agency_id, delivery_id): no index, no third attribute."""
    partition = {"agency_id": {"S": agency_id}}
    return [{**partition, "delivery_id": {"S": 123}}, partition, {**partition, "delivery_id": {"N": "1"}},
            {**partition, "delivery_id": {"S": ""}}, {**partition, "delivery_id": {"S": "a"}, "tracking_id": {"S": "b"}},
            {**partition, "delivery_id": {"S": "a", "N": "1"}}, {}, None, [], "agency_id", 7]


def assert_invalid_cursor(response: Any, cursor: Any) -> None:
    assert response.status_code == 422, (cursor, response.status_code, response.body)
    error = body(response)["error"]
    assert error["code"] == "invalid_cursor" and error["message"].startswith("Kursor halaman tidak sah"), cursor


@pytest.mark.parametrize("cursor", feed_cursors(), ids=repr)
def test_bad_cursor_on_the_public_feed_is_422_not_500(api, cursor: Any) -> None:
    assert_invalid_cursor(api.http.get(f"/api/v1/feed?month={MONTH}&cursor={as_cursor(cursor)}"), cursor)


@pytest.mark.parametrize("cursor", feed_cursors(), ids=repr)
def test_bad_cursor_on_the_browse_page_is_a_400_page_not_500(api, cursor: Any) -> None:
    response = api.http.get(f"/laporan?month={MONTH}&cursor={as_cursor(cursor)}")
    assert response.status_code == 400, (cursor, response.status_code)
    assert "text/html" in response.headers["Content-Type"]


def test_bad_cursors_on_the_agency_lists_are_422_not_500(api, fresh_agency) -> None:
    agency_id = fresh_agency.agency_id
    listings = [
        ("/api/v1/agency/reports?", keyed_cursors("agency_key", agency_id, "due_sort")),
        ("/api/v1/agency/reports?status=DITERUSKAN&",
         keyed_cursors("queue_key", keys.queue_key(agency_id, "DITERUSKAN"), "due_sort")),
        ("/api/v1/agency/deliveries?", delivery_cursors(agency_id)),
    ]
    for path, attacks in listings:
        for cursor in attacks:
            assert_invalid_cursor(api.http.get(f"{path}cursor={as_cursor(cursor)}", headers=fresh_agency.auth), cursor)


@settings(max_examples=40, deadline=None)
@given(sort=st.text(min_size=1, max_size=30), tracking_id=st.text(min_size=1, max_size=30))
def test_every_key_the_decoder_accepts_is_one_dynamodb_accepts(app, sort: str, tracking_id: str) -> None:
    """What decode() lets through reaches DynamoDB as a start key: it must never 500 there."""
    from chalice.test import Client

    cursor = as_cursor({"feed_key": {"S": FEED}, "feed_sort": {"S": sort}, "tracking_id": {"S": tracking_id}})
    with Client(app.app) as client:
        response = client.http.get(f"/api/v1/feed?month={MONTH}&cursor={cursor}")
    assert response.status_code in (200, 422), response.body


def test_the_number_rules_are_dynamodbs_as_boto3_defines_them():
    from boto3.dynamodb.types import DYNAMODB_CONTEXT

    ours = cursors.DYNAMODB_CONTEXT
    assert (ours.prec, ours.Emin, ours.Emax) == (DYNAMODB_CONTEXT.prec, DYNAMODB_CONTEXT.Emin, DYNAMODB_CONTEXT.Emax)
    assert {t for t, on in ours.traps.items() if on} == {t for t, on in DYNAMODB_CONTEXT.traps.items() if on}
