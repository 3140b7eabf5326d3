"""Property: no agency-facing payload (API or webhook) ever contains an anonymous reporter's
identity, whatever the identity and the report's other flags."""
from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
from chalicelib.domain.privacy import Audience, view
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.reports.lists import summary

# Prefixed so a generated name can never coincide with a JSON literal or a field value ("true").
names = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll")), min_size=4, max_size=30).map(lambda s: "Nm" + s)
emails = st.builds(lambda user, host: f"{user}@{host}.id", st.from_regex(r"[a-z]{4,12}", fullmatch=True),
                   st.from_regex(r"[a-z]{4,10}", fullmatch=True))
phones = st.from_regex(r"\+628[0-9]{8,11}", fullmatch=True)
statuses = st.sampled_from(list(Status))
NOW = datetime(2025, 3, 3, 3, 0, tzinfo=UTC)


def _report(anonim: bool, rahasia: bool, status: Status) -> Report:
    return Report("ABCDE-FGHJ2", Classification.PENGADUAN, "Jalan rusak", "Jalan berlubang besar", date(2025, 3, 1),
                  "62.01", "jalan_rusak", Channel.WEB, NOW, status=status, anonim=anonim, rahasia=rahasia,
                  agency_id="dinas-62.01-public_works")


@given(name=names, email=emails, phone=phones, rahasia=st.booleans(), status=statuses)
@settings(max_examples=300)
def test_agency_view_of_anonim_report_never_carries_identity(name, email, phone, rahasia, status):
    report = _report(True, rahasia, status)
    events = [TimelineEvent(1, NOW, Action.SUBMIT, Actor(Role.REPORTER, "reporter"), None, Status.DITERIMA)]
    contact = Contact(name, email, phone)
    for payload in (view(Audience.AGENCY, report, timeline=events, contact=contact), summary(report)):
        text = json.dumps(payload, ensure_ascii=False)
        assert "reporter" not in payload
        for secret in (name, email, phone):
            assert secret not in text


@given(name=names, email=emails, phone=phones, rahasia=st.booleans())
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_api_or_webhook_payload_carries_an_anonymous_identity(api, subscribed, routed, drain_queues, fast_retries,
                                                                 name, email, phone, rahasia):
    agency, receiver, _ = subscribed
    marker = uuid.uuid4().hex[:8]  # makes the identity unique to this example
    identity = {"name": f"{name} {marker}", "email": f"{marker}.{email}", "phone": phone}
    tid = routed(agency, anonim=True, rahasia=rahasia, reporter=identity)["tracking_id"]
    call_paths = [f"/api/v1/agency/reports/{tid}", "/api/v1/agency/reports?limit=100",
                  "/api/v1/agency/reports?status=DITERUSKAN&limit=100", "/api/v1/agency/deliveries?limit=100"]
    drain_queues()
    payloads = [api.http.get(path, headers=agency.auth).body.decode() for path in call_paths]
    payloads += [hook.body.decode() for hook in receiver.received]
    assert any(tid in p for p in payloads[-len(receiver.received):]) if receiver.received else False
    for text in payloads:
        assert marker not in text
        assert identity["phone"] not in text
