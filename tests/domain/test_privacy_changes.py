"""Property: a reporter's privacy choice (`anonim`, `rahasia`) may only be tightened by staff.

Over every pair of (current, requested) flag values, every flag and every role that is not the
reporter: the domain rule refuses exactly the changes that would turn a flag off, and whatever it
lets through never leaves a flag looser than it was."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain.errors import IllegalTransition, ValidationFailed
from chalicelib.domain.model import Channel, Classification, Report, Role, Status
from chalicelib.domain.privacy import (
    PRIVACY_FLAGS,
    PrivacyLoosening,
    check_privacy_changes,
    privacy_change_allowed,
)
from chalicelib.http.messages import message

STAFF_ROLES = [role for role in Role if role is not Role.REPORTER]  # admin, agency, ombudsman, system
NOW = datetime(2025, 3, 3, 3, 0, tzinfo=UTC)

flag_changes = st.dictionaries(st.sampled_from(PRIVACY_FLAGS), st.booleans())
reports = st.builds(
    lambda anonim, rahasia, status: Report(
        "ABCDE-FGHJ2", Classification.PENGADUAN, "Jalan rusak", "Jalan berlubang besar", date(2025, 3, 1),
        "62.01", "jalan_rusak", Channel.WEB, NOW, status=status, anonim=anonim, rahasia=rahasia),
    st.booleans(), st.booleans(), st.sampled_from(list(Status)))


@given(current=st.booleans(), requested=st.booleans(), role=st.sampled_from(STAFF_ROLES))
@settings(max_examples=100, deadline=None)
def test_no_staff_role_may_turn_a_flag_off(current: bool, requested: bool, role: Role) -> None:
    allowed = privacy_change_allowed(current, requested, role)
    loosens = current and not requested
    assert allowed is not loosens  # every tightening or no-op allowed, every loosening refused


@given(report=reports, changes=flag_changes, role=st.sampled_from(STAFF_ROLES))
@settings(max_examples=200, deadline=None)
def test_no_staff_change_ever_loosens_a_flag(report: Report, changes: dict[str, bool], role: Role) -> None:
    loosening = [f for f, wanted in changes.items() if getattr(report, f) and not wanted]
    try:
        check_privacy_changes(report, changes, role)
    except PrivacyLoosening as refused:
        assert loosening and refused.params["flag"] in loosening
        assert isinstance(refused, IllegalTransition)  # the API answers 409, not 500
        return
    assert not loosening
    after = report.evolve(**changes)
    for flag in PRIVACY_FLAGS:
        assert getattr(after, flag) >= getattr(report, flag)


@pytest.mark.parametrize("value", ["false", 0, None, "0"])
def test_a_flag_that_is_not_a_boolean_is_refused(value: object) -> None:
    """'false' (a truthy string) must not slip past the rule as True, nor 0 as a loosening in disguise."""
    report = Report("ABCDE-FGHJ2", Classification.PENGADUAN, "Jalan rusak", "Jalan berlubang besar",
                    date(2025, 3, 1), "62.01", "jalan_rusak", Channel.WEB, NOW, anonim=True)
    with pytest.raises(ValidationFailed) as refused:
        check_privacy_changes(report, {"anonim": value}, Role.ADMIN)
    assert refused.value.params["field"] == "anonim"


def test_the_refusal_is_explained_in_indonesian_and_english() -> None:
    indonesian = message("privacy_loosening_refused", "id", flag="anonim")
    english = message("privacy_loosening_refused", "en", flag="rahasia")
    assert "anonim" in indonesian and "pelapor" in indonesian.lower()
    assert "rahasia" in english and "reporter" in english.lower()
    assert indonesian != message("invalid_value", "id")
