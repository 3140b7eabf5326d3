"""Merging a duplicate into its original: archived as DUPLICATE naming the original, support added up,
and a merge retried after a crash between the archive and the support carry-over finishes the job
without counting anyone twice."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from chalicelib.domain.errors import IllegalTransition, ValidationFailed
from chalicelib.domain.model import Status
from chalicelib.reports import merge, support
from chalicelib.store import reports as store
from chalicelib.store import support_merge, supports


def test_merge_adds_support_once_even_when_retried_after_a_crash(
        submit: Callable[..., dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    original = submit()["tracking_id"]
    duplicate = submit()["tracking_id"]
    other = submit()["tracking_id"]
    support.support(duplicate, "browser-1", "10.1.0.1")
    real = support_merge.carry_over
    monkeypatch.setattr(support_merge, "carry_over", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("crash")))
    with pytest.raises(RuntimeError):
        merge.merge_into("admin", duplicate, original)
    assert store.get(duplicate, consistent=True).status is Status.DIARSIPKAN and supports.count(original) == 0
    monkeypatch.setattr(support_merge, "carry_over", real)
    merge.merge_into("admin", duplicate, original)  # the retry finishes the carry-over
    merge.merge_into("admin", duplicate, original)  # and a second retry changes nothing
    assert supports.count(original) == 2  # browser-1 and the duplicate's reporter
    assert merge.merged_into(duplicate) == original
    with pytest.raises(IllegalTransition):
        merge.merge_into("admin", duplicate, other)  # merged already, into another report


def test_merge_refuses_itself_unknown_and_closed_originals(submit: Callable[..., dict[str, Any]]) -> None:
    first, second, closed = (submit()["tracking_id"] for _ in range(3))
    from chalicelib.reports import admin_actions

    admin_actions.archive("admin", closed, "SPAM")
    for target, code in ((first, "merge_same_report"), ("ZZZZZ-99999", "merge_unknown_original"),
                         (closed, "merge_original_closed")):
        with pytest.raises(ValidationFailed) as refused:
            merge.merge_into("admin", first, target)
        assert refused.value.code == code
    assert store.get(first, consistent=True).status is Status.DITERIMA and store.get(second) is not None
