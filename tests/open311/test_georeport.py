"""Open311 GeoReport v2 over HTTP, read by PyPI `georeport` (unmodified) in JSON and XML, and
checked against the spec's examples: element names and nesting, an array of one for a single
request, open/closed with the detail in status_notes, errors; rahasia and identities never out."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
import requests
from georeport import GeoReport

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Role
from chalicelib.reports.perform import perform
from chalicelib.store import reports as store

SPEC_REQUEST_FIELDS = ["service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                       "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                       "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"]


@pytest.fixture(scope="module")
def open311_key(aws: Any) -> str:
    from chalicelib.api.open311 import OPEN311
    from chalicelib.store.credentials import issue_key

    return issue_key(OPEN311, "test-client")[0]


def post(site_url: str, fmt: str, **form: str) -> requests.Response:
    return requests.post(f"{site_url}/open311/v2/requests.{fmt}", data=form, timeout=30)


def file_via_open311(site_url: str, key: str, fmt: str = "json", **extra: str) -> str:
    form = {"api_key": key, "service_code": "jalan_rusak", "attribute[region_code]": "62.01",
            "description": "Jalan berlubang besar di depan pasar sejak seminggu. Telp saya 081234567890.",
            "first_name": "Siti", "last_name": "Rahayu", "email": "siti@example.id", "lat": "-2.68", "long": "111.62",
            **extra}
    response = post(site_url, fmt, **form)
    assert response.status_code == 201, response.text
    if fmt == "json":
        body = response.json()
        assert list(body[0]) == ["service_request_id", "service_notice", "account_id"]
        return body[0]["service_request_id"]
    root = ET.fromstring(response.content)
    assert root.tag == "service_requests" and root[0].tag == "request"
    return root[0].findtext("service_request_id")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_client_lists_services_definitions_and_requests(site, open311_key, drain_queues, fmt):
    client = GeoReport(f"{site}/open311/v2", output_format=fmt)
    services = client.get_service_list()
    codes = {s["service_code"] for s in services}
    assert "jalan_rusak" in codes and len(services) == len(codes) > 10
    road = next(s for s in services if s["service_code"] == "jalan_rusak")
    assert set(road) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
    assert road["metadata"] in (True, "true") and road["type"] == "realtime"

    definition = client.get_service_definition("jalan_rusak")
    assert definition["service_code"] == "jalan_rusak"
    attributes = definition["attributes"] if fmt == "json" else definition["attributes"]["attribute"]
    region = next(a for a in attributes if a["code"] == "region_code")
    assert region["required"] in (True, "true") and region["datatype"] == "string"

    tracking_id = file_via_open311(site, open311_key, fmt)
    drain_queues()
    one = client.get_service_request(tracking_id)
    assert one["service_request_id"] == tracking_id and one["status"] == "open"
    assert one["status_notes"].startswith("DITERUSKAN")
    assert "081234567890" not in json.dumps(one) and "[TELEPON]" in one["description"]
    assert "Siti" not in json.dumps(one) and "siti@example.id" not in json.dumps(one)
    # The pin is published (issue 24): exact for a named report, as the privacy projection says.
    assert (float(one["lat"]), float(one["long"])) == (-2.68, 111.62)

    listed = client.get_service_requests(service_code="jalan_rusak", status="open")
    listed = listed if isinstance(listed, list) else [listed]
    assert tracking_id in {r["service_request_id"] for r in listed}
    assert all(r["status"] == "open" for r in listed)
    by_id = client.get_service_requests(service_request_id=tracking_id)
    by_id = by_id if isinstance(by_id, list) else [by_id]
    assert [r["service_request_id"] for r in by_id] == [tracking_id]
    # An empty answer is `[]` / `<service_requests />`; the client cannot parse an empty XML list
    # (xmltodict yields None), so that case is read directly.
    closed = requests.get(f"{site}/open311/v2/requests.{fmt}?service_code=jalan_rusak&status=closed", timeout=30)
    assert closed.status_code == 200 and tracking_id not in closed.text


def test_json_request_has_the_specs_fields_in_order_and_is_an_array_of_one(site, open311_key, drain_queues):
    tracking_id = file_via_open311(site, open311_key)
    drain_queues()
    body = requests.get(f"{site}/open311/v2/requests/{tracking_id}.json", timeout=30).json()
    assert isinstance(body, list) and len(body) == 1 and list(body[0]) == SPEC_REQUEST_FIELDS
    xml = ET.fromstring(requests.get(f"{site}/open311/v2/requests/{tracking_id}.xml", timeout=30).content)
    assert xml.tag == "service_requests" and [c.tag for c in xml] == ["request"]
    assert [c.tag for c in xml[0]] == SPEC_REQUEST_FIELDS
    token = requests.get(f"{site}/open311/v2/tokens/{tracking_id}.json", timeout=30).json()
    assert token == [{"service_request_id": tracking_id, "token": tracking_id}]


def test_services_xml_matches_the_specs_shape(site):
    root = ET.fromstring(requests.get(f"{site}/open311/v2/services.xml", timeout=30).content)
    assert root.tag == "services" and {c.tag for c in root} == {"service"}
    assert [c.tag for c in root[0]] == ["service_code", "service_name", "description", "metadata", "type",
                                        "keywords", "group"]
    definition = ET.fromstring(requests.get(f"{site}/open311/v2/services/jalan_rusak.xml", timeout=30).content)
    assert definition.tag == "service_definition"
    attribute = definition.find("attributes/attribute")
    assert [c.tag for c in attribute][:7] == ["variable", "code", "datatype", "required", "datatype_description",
                                              "order", "description"]
    assert definition.find("attributes/attribute[code='classification']/values/value/key") is not None
    discovery = requests.get(f"{site}/open311/discovery.json", timeout=30).json()
    assert discovery["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert discovery["endpoints"][0]["url"].endswith("/open311/v2")
    xml = ET.fromstring(requests.get(f"{site}/open311/v2/discovery.xml", timeout=30).content)
    assert [f.text for f in xml.findall("endpoints/endpoint/formats/format")] == ["text/xml", "application/json"]


def test_post_errors_follow_the_spec(site, open311_key):
    bad_key = post(site, "json", api_key="nope", service_code="jalan_rusak")
    assert bad_key.status_code == 403 and bad_key.json() == [{"code": 403, "description": "Invalid api_key received"}]
    xml = ET.fromstring(post(site, "xml", api_key="nope").content)
    assert xml.tag == "errors" and xml.find("error/code").text == "403"
    no_region = post(site, "json", api_key=open311_key, service_code="jalan_rusak",
                     description="Jalan berlubang besar di depan pasar sejak seminggu.")
    assert no_region.status_code == 400 and "region_code" in no_region.json()[0]["description"]
    short = post(site, "json", api_key=open311_key, service_code="jalan_rusak", description="pendek",
                 **{"attribute[region_code]": "62.01"})
    assert short.status_code == 400 and "body" in short.json()[0]["description"]
    assert requests.get(f"{site}/open311/v2/requests/AAAAA-AAAAA.json", timeout=30).status_code == 404
    assert requests.get(f"{site}/open311/v2/services/nope.json", timeout=30).status_code == 404
    wide = requests.get(f"{site}/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2021-01-01T00:00:00Z",
                        timeout=30)
    assert wide.status_code == 400


def test_rahasia_never_appears_and_the_report_is_one_of_lapors(site, open311_key, drain_queues):
    secret = file_via_open311(site, open311_key, **{"attribute[rahasia]": "true"})
    anonymous = file_via_open311(site, open311_key, **{"attribute[anonim]": "true"})
    drain_queues()
    assert requests.get(f"{site}/open311/v2/requests/{secret}.json", timeout=30).status_code == 404
    listed = requests.get(f"{site}/open311/v2/requests.json?service_request_id={secret},{anonymous}", timeout=30).json()
    assert [r["service_request_id"] for r in listed] == [anonymous]
    assert requests.get(f"{site}/open311/v2/tokens/{secret}.json", timeout=30).status_code == 404
    stored = store.get(secret)
    assert stored.channel.value == "OPEN311" and stored.rahasia and store.get(anonymous).anonim
    assert store.contact(anonymous).name == "Siti Rahayu"  # kept for replying, never published


def test_servicerequestupdates_extension(site, open311_key, drain_queues):
    tracking_id = file_via_open311(site, open311_key)
    drain_queues()
    agency = store.get(tracking_id).agency_id
    perform(tracking_id, Action.FOLLOW_UP, Actor(Role.AGENCY, agency),
            message="Sudah ditambal. Hubungi petugas kami di 0812-9999-8888.")
    perform(tracking_id, Action.CONFIRM, Actor(Role.REPORTER, "reporter"))
    updates = requests.get(f"{site}/open311/v2/servicerequestupdates.json", timeout=30).json()
    mine = [u for u in updates if u["service_request_id"] == tracking_id]
    assert [u["status"] for u in mine] == ["in_progress", "action_scheduled", "fixed"]
    assert "[TELEPON]" in mine[1]["description"] and "9999" not in mine[1]["description"]
    assert set(mine[0]) == {"update_id", "service_request_id", "status", "external_status_code", "updated_datetime",
                            "description", "media_url"}
    root = ET.fromstring(requests.get(f"{site}/open311/v2/servicerequestupdates.xml", timeout=30).content)
    assert root.tag == "service_request_updates" and {c.tag for c in root} == {"request_update"}
    assert tracking_id in {u.findtext("service_request_id") for u in root}
