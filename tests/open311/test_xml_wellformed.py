"""Every Open311 XML document is well-formed whatever text is stored (issue 20, finding 6).

One report title with U+FFFE (or a control character, or a lone surrogate) used to make
`/open311/v2/requests.xml` unparseable for every client for the 90-day window. Intake now drops
such characters (domain/text.py) and the XML writer never emits a character outside XML 1.0's
`Char` production, for text stored before the cleaning existed."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.api import open311_format as fmt311
from chalicelib.domain import lifecycle
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import (
    Actor,
    Channel,
    Classification,
    Contact,
    Report,
    Role,
    Status,
)
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.domain.tracking import new_tracking_id
from chalicelib.shared import clock
from chalicelib.store import reports as store
from tests.fixtures.reports import post_json, report_payload

# XML 1.0 section 2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Any code point at all, with the ones people trip over (controls, surrogates, U+FFFE/U+FFFF) often.
HOSTILE_CHARS = st.sampled_from(["\ufffe", "\uffff", "\U0001fffe", "\ufdd0", "\x00", "\x01", "\x0b", "\x1f",
                                 "\x7f", "\x85", "\ud800", "\udfff", "\r", "\t", "\n", "<", "&", "]]>"])
TEXT = st.lists(st.one_of(st.characters(), HOSTILE_CHARS), max_size=12).map("".join)


def parse(body: str | bytes) -> ET.Element:
    """A strict parse of the bytes a client receives (expat rejects anything not well-formed)."""
    raw = body if isinstance(body, bytes) else body.encode("utf-8")
    return ET.fromstring(raw)


def shown(text: str) -> str:
    """What a parser reads back for `text`: XML characters only, line ends normalised (XML 2.11)."""
    return NOT_XML_CHAR.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


def public_view(title: str, body: str, agency: str, region_code: str, category: str, closure: str) -> dict[str, Any]:
    return {"tracking_id": "ABCDE-FGHJK", "status": "SELESAI", "closure": closure, "category": category,
            "title": title, "body": body, "agency": {"id": "x", "name": agency}, "region_code": region_code,
            "created_at": "2026-01-01T08:00:00+07:00", "updated_at": "2026-01-02T08:00:00+07:00", "deadline": None}


@settings(max_examples=150, deadline=None)
@given(title=TEXT, body=TEXT, agency=TEXT, region_code=TEXT, category=TEXT, closure=TEXT, message=TEXT)
def test_every_open311_xml_document_parses_whatever_the_text(title, body, agency, region_code, category, closure,
                                                             message):
    public = public_view(title, body, agency, region_code, category, closure)
    request = fmt311.request(public, "id")
    update = fmt311.request_update("ABCDE-FGHJK", {"to_status": "SELESAI", "seq": 3, "at": "2026-01-02T08:00:00+07:00",
                                                   "message": message}, closure)
    service = {"service_code": category, "service_name": title, "description": body, "metadata": True,
               "type": "realtime", "keywords": agency, "group": region_code}
    documents = {
        "service_requests": fmt311.answer("xml", "service_requests", [request]),  # the list and the one
        "service_request_updates": fmt311.answer("xml", "service_request_updates", [update]),
        "services": fmt311.answer("xml", "services", [service]),
        "service_definition": fmt311.answer("xml", "service_definition", {
            **fmt311.service_definition(category), "service_code": category}),
        "tokens": fmt311.answer("xml", "service_requests", [{"service_request_id": title, "token": body}]),
        "errors": fmt311.errors("xml", 404, f"No service request {title}"),
        "discovery": fmt311.answer("xml", "discovery", {"changeset": "x", "contact": agency, "key_service": body,
                                                         "endpoints": [{"url": region_code, "formats": [title]}]}),
    }
    for name, response in documents.items():
        assert isinstance(response.body, str)
        root = parse(response.body)  # raises ParseError (or UnicodeEncodeError) when ill-formed
        assert root.tag == ("service_requests" if name == "tokens" else name)
    parsed = parse(documents["service_requests"].body)[0]
    assert parsed.findtext("description") == shown(f"{title}\n\n{body}")
    assert parsed.findtext("agency_responsible") == shown(agency)
    assert parsed.findtext("status_notes") == shown(fmt311.status_notes("SELESAI", closure))
    assert parse(documents["errors"].body).findtext("error/description") == shown(f"No service request {title}")


@settings(max_examples=100, deadline=None)
@given(value=TEXT)
def test_xml_text_keeps_every_character_xml_allows(value):
    """The writer removes only what XML 1.0 forbids: noncharacters it allows (U+FDD0, U+1FFFE) stay."""
    root = parse(fmt311.to_xml("errors", [{"code": 400, "description": value}]))
    assert root.findtext("error/description") == shown(value)


def store_report(title: str) -> str:
    """A report written straight to the store, as text stored before intake cleaned it would be."""
    at = clock.now() - timedelta(hours=1)
    report = Report(tracking_id=new_tracking_id(), classification=Classification.PENGADUAN, title=title,
                    body="Jalan di depan pasar berlubang besar sejak dua minggu.", incident_date=date.today(),
                    region_code="62.01", category="jalan_rusak", channel=Channel.WEB, created_at=at, updated_at=at,
                    deadline=lifecycle.deadline_for(lifecycle.INITIAL_DEADLINE, at), deadline_kind="VERIFICATION",
                    reporter_token_hash="x")
    store.create(report, Contact(name="Warga"), TimelineEvent(seq=1, at=at, action=Action.SUBMIT,
                                                              actor=Actor(Role.REPORTER, "r"), from_status=None,
                                                              to_status=Status.DITERIMA))
    return report.tracking_id


def test_a_title_with_u_fffe_filed_through_the_api_leaves_requests_xml_well_formed(api, drain_queues):
    created = post_json(api, "/api/v1/reports", report_payload(title="Jalan \ufffe rusak \uffff parah\U0010fffe"))
    assert created.status_code == 201, created.body
    tracking_id = json.loads(created.body)["tracking_id"]
    drain_queues()
    assert store.get(tracking_id).title == "Jalan  rusak  parah"

    listing = api.http.get("/open311/v2/requests.xml")
    assert listing.status_code == 200
    titles = [r.findtext("description").split("\n\n")[0] for r in parse(listing.body)]
    assert "Jalan  rusak  parah" in titles
    one = api.http.get(f"/open311/v2/requests/{tracking_id}.xml")
    assert one.status_code == 200 and parse(one.body)[0].findtext("service_request_id") == tracking_id


def test_text_stored_before_the_cleaning_cannot_break_the_xml(api):
    tracking_id = store_report("Pungli \ufffe di \x01kantor \U0003ffff kelurahan")
    listing = api.http.get(f"/open311/v2/requests.xml?service_request_id={tracking_id}")
    assert listing.status_code == 200
    # U+FFFE and U+0001 are not XML characters and go; U+3FFFF is one (a discouraged noncharacter) and stays.
    assert parse(listing.body)[0].findtext("description").startswith("Pungli  di kantor \U0003ffff kelurahan\n\n")
    # The listing around the stored report's time (an hour ago): the session's other reports stay out.
    around = [quote((clock.now() - timedelta(minutes=m)).isoformat(timespec="seconds")) for m in (62, 58)]
    whole = api.http.get(f"/open311/v2/requests.xml?start_date={around[0]}&end_date={around[1]}")
    assert whole.status_code == 200 and tracking_id in {r.findtext("service_request_id") for r in parse(whole.body)}
    echoed = api.http.get(f"/open311/v2/requests/{quote('AB' + chr(0xFFFE) + chr(1))}.xml")
    assert echoed.status_code == 404 and parse(echoed.body).findtext("error/code") == "404"
    unknown = api.http.get(f"/open311/v2/services/{quote(chr(0xFFFF) + 'x')}.xml")
    assert unknown.status_code == 404 and parse(unknown.body).tag == "errors"


def test_lone_surrogates_in_a_json_title_are_dropped_at_intake(api):
    raw = json.dumps(report_payload(title="Jalan rusak parah")).replace("Jalan rusak", "Jalan \\ud800rusak")
    created = api.http.post("/api/v1/reports", body=raw, headers={"Content-Type": "application/json"})
    assert created.status_code == 201, created.body
    assert store.get(json.loads(created.body)["tracking_id"]).title == "Jalan rusak parah"
