"""Privacy of places and files as properties over arbitrary reports (issue 24):
- a pin reaches the public only for a report the public may see, rounded to ~100 m when anonim,
  in the projection and in everything built from it (GeoJSON features);
- the reporter's files never reach the public; only metadata-stripped copies are ever handed out,
  to the reporter, the agency, the admins and the Ombudsman; their file names only to the reporter;
- files staff attach to follow-ups reach the public exactly when the report does."""
import json
from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import (
    Actor,
    Attachment,
    Channel,
    Classification,
    Report,
    Role,
    Status,
)
from chalicelib.domain.privacy import (
    ANONIM_COORDINATE_DECIMALS,
    Audience,
    may_download,
    may_download_staff_file,
    public_coordinates,
    view,
)
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.reports.geo import feature

moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 1, 1), timezones=st.just(UTC))
latitudes = st.floats(-11, 6, allow_nan=False)
longitudes = st.floats(95, 141, allow_nan=False)
attachments = st.builds(
    Attachment, id=st.from_regex(r"att_R[A-Za-z0-9]{21}", fullmatch=True),
    content_type=st.sampled_from(["image/jpeg", "image/png", "application/pdf"]), size=st.integers(1, 5_000_000),
    name=st.from_regex(r"~KTP_[a-z]{4,10}\.jpg", fullmatch=True), cleaned=st.booleans(), thumbnail=st.booleans())
staff_file = st.fixed_dictionaries({"id": st.from_regex(r"att_S[A-Za-z0-9]{21}", fullmatch=True),
                                     "content_type": st.just("image/jpeg"), "size": st.integers(1, 9999),
                                     "thumbnail": st.booleans()})
reports = st.builds(
    Report, tracking_id=st.just("ABCDE-FGHJK"), classification=st.sampled_from(list(Classification)),
    title=st.text(min_size=1, max_size=20), body=st.text(min_size=1, max_size=40),
    incident_date=st.just(date(2026, 1, 1)), region_code=st.just("62.01"), category=st.just("jalan_rusak"),
    channel=st.sampled_from(list(Channel)), created_at=moments, status=st.sampled_from(list(Status)),
    anonim=st.booleans(), rahasia=st.booleans(), agency_id=st.none() | st.just("dinas-62.01-health"),
    latitude=st.none() | latitudes, longitude=st.none() | longitudes,
    attachments=st.lists(attachments, max_size=3, unique_by=lambda a: a.id).map(tuple),
    reporter_token_hash=st.just("f" * 64),
)


def follow_up(at: datetime, files: list[dict]) -> TimelineEvent:
    return TimelineEvent(seq=2, at=at, action=Action.FOLLOW_UP, actor=Actor(Role.AGENCY, "dinas-x"),
                         from_status=Status.DITERUSKAN, to_status=Status.DITINDAKLANJUTI, message="Sudah ditambal.",
                         details={"files": files})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports)
def test_a_public_pin_is_rounded_when_anonim_and_absent_when_rahasia(report):
    public = view(Audience.PUBLIC, report)
    if report.rahasia:
        assert public is None and public_coordinates(report) is None
        return
    has_pin = report.latitude is not None and report.longitude is not None
    point = (public["latitude"], public["longitude"])
    if not has_pin:
        assert point == (None, None) and feature(public) is None
        return
    assert point == public_coordinates(report)
    step = 10 ** -ANONIM_COORDINATE_DECIMALS
    for shown, true in zip(point, (report.latitude, report.longitude)):
        assert abs(shown - true) <= step / 2 + 1e-9  # still the right street
        if report.anonim:
            assert round(shown, ANONIM_COORDINATE_DECIMALS) == shown  # never finer than ~100 m
    assert feature(public)["geometry"]["coordinates"] == [point[1], point[0]]
    # Staff keep the exact pin: they have to find the pothole.
    assert view(Audience.AGENCY, report)["latitude"] == report.latitude


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports, st.lists(staff_file, max_size=2, unique_by=lambda f: f["id"]), moments)
def test_files_reach_only_those_who_may_have_them(report, files, at):
    timeline = [follow_up(at, files)]
    for audience in Audience:
        payload = view(audience, report, timeline=timeline)
        text = json.dumps(payload)
        for attachment in report.attachments:
            allowed = may_download(audience, report, attachment)
            assert allowed == (audience is not Audience.PUBLIC and attachment.cleaned), (audience, attachment)
            if audience is Audience.PUBLIC:
                assert attachment.id not in text  # the reporter's files never reach the public
            if audience is not Audience.REPORTER:
                assert attachment.name not in text  # nor their file names anyone but the reporter
        if payload is None:
            continue
        listed = payload.get("attachments") or []
        # Only a cleaned copy is ever offered for download.
        assert all(item["downloadable"] == next(a.cleaned for a in report.attachments if a.id == item["id"])
                   for item in listed)
        for staff_file in files:
            assert may_download_staff_file(audience, report) == (audience is not Audience.PUBLIC or not report.rahasia)
            assert staff_file["id"] in text  # whoever sees the follow-up sees its files

