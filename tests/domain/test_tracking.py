from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.tracking import (
    ALPHABET,
    format_tracking_id,
    new_tracking_id,
    normalize_tracking_id,
)


def test_ids_are_short_grouped_and_free_of_look_alikes():
    tracking_id = new_tracking_id()
    assert len(tracking_id) == 11 and tracking_id[5] == "-"
    assert not set("01OIL U") & set(ALPHABET)
    assert set(tracking_id.replace("-", "")) <= set(ALPHABET)


def test_ids_are_not_sequential_or_repeated():
    ids = {new_tracking_id() for _ in range(2000)}
    assert len(ids) == 2000
    prefixes = {i[:3] for i in ids}
    assert len(prefixes) > 500  # spread over the space, not counting up


def test_typing_variations_are_accepted():
    tracking_id = new_tracking_id()
    compact = tracking_id.replace("-", "")
    assert normalize_tracking_id(compact.lower()) == tracking_id
    assert normalize_tracking_id(f" {compact[:3]} {compact[3:7]} {compact[7:]} ") == tracking_id


def test_garbage_is_rejected():
    for text in ("", "ABC", "00000-00000", "x" * 50, "AAAAA-AAAAA-A"):
        assert normalize_tracking_id(text) is None


@given(st.data())
def test_any_single_mistyped_symbol_is_caught(data):
    tracking_id = new_tracking_id().replace("-", "")
    position = data.draw(st.integers(0, len(tracking_id) - 1))
    replacement = data.draw(st.sampled_from([c for c in ALPHABET if c != tracking_id[position]]))
    typo = tracking_id[:position] + replacement + tracking_id[position + 1:]
    assert normalize_tracking_id(typo) is None
    assert normalize_tracking_id(format_tracking_id(tracking_id)) is not None
