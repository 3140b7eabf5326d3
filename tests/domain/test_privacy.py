"""Privacy as a property over arbitrary reports, contacts and timelines: the reporter's identity
never reaches an agency, an admin or the public when `anonim`; `rahasia` never reaches the public."""
import json
from datetime import UTC, date, datetime

from hypothesis import given, settings
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

identity_text = st.text(alphabet="abcdefghijklmnopqrstuvwxyzQXZ@.+0123456789", min_size=6, max_size=30)
# Identity values carry a marker so that a match in a payload is a real leak, never a JSON key.
contacts = st.builds(Contact, name=identity_text.map(lambda s: f"Nama~{s}"),
                     email=identity_text.map(lambda s: f"~{s}@mail.id"),
                     phone=st.from_regex(r"\+62[0-9]{9,11}", fullmatch=True).map(lambda p: f"~{p}"))
moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 1, 1), timezones=st.just(UTC))
events = st.builds(
    TimelineEvent, seq=st.integers(1, 50), at=moments, action=st.sampled_from(list(Action)),
    actor=st.builds(Actor, role=st.sampled_from(list(Role)), id=st.sampled_from(["reporter", "router", "dinas-x"])),
    from_status=st.none() | st.sampled_from(list(Status)), to_status=st.sampled_from(list(Status)),
    message=st.none() | st.text(max_size=40),
)
reports = st.builds(
    Report, tracking_id=st.just("ABCDE-FGHJK"), classification=st.sampled_from(list(Classification)),
    title=st.text(min_size=1, max_size=30), body=st.text(min_size=1, max_size=60),
    incident_date=st.just(date(2026, 1, 1)), region_code=st.just("62.01"), category=st.just("jalan_rusak"),
    channel=st.sampled_from(list(Channel)), created_at=moments, status=st.sampled_from(list(Status)),
    anonim=st.booleans(), rahasia=st.booleans(), agency_id=st.none() | st.just("dinas-62.01-health"),
    reporter_token_hash=st.just("f" * 64),
)


def leaks(payload, contact: Contact) -> bool:
    text = json.dumps(payload, ensure_ascii=False)
    return any(value and value in text for value in (contact.name, contact.email, contact.phone))


@settings(max_examples=400)
@given(reports, contacts, st.lists(events, max_size=6))
def test_identity_and_secrecy_hold_for_every_audience(report, contact, timeline):
    # Skip inputs where report text happens to contain the contact (the reporter typed it).
    text = json.dumps([report.title, report.body, [e.message for e in timeline]], ensure_ascii=False)
    if leaks(text, contact):
        return
    for audience in Audience:
        payload = view(audience, report, timeline=timeline, contact=contact, agency={"id": "a", "name": "A"})
        if audience is Audience.PUBLIC and report.rahasia:
            assert payload is None
            continue
        assert payload is not None
        assert "reporter_token_hash" not in json.dumps(payload)
        if audience is Audience.REPORTER:
            assert payload["reporter"]["email"] == contact.email
        elif report.anonim or audience is Audience.PUBLIC:
            assert "reporter" not in payload and not leaks(payload, contact)
        else:
            assert payload["reporter"]["name"] == contact.name


@given(reports, st.lists(events, max_size=6))
def test_internal_notes_never_reach_reporter_or_public(report, timeline):
    for audience in (Audience.REPORTER, Audience.PUBLIC):
        payload = view(audience, report, timeline=timeline)
        if payload is None:
            continue
        actions = {e["action"] for e in payload["timeline"]}
        assert Action.NOTE.value not in actions and Action.AMEND.value not in actions
        if audience is Audience.PUBLIC:
            assert all("message" not in e and "actor" not in e for e in payload["timeline"])
