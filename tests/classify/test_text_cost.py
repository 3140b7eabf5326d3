"""The classify path's work grows linearly with the text (issue 20, finding 1).

`POST /api/v1/classify` needs no sign-in, and the web form, SMS and the router read texts with the
same code, so a long hostile text must cost about what a long ordinary one does. Cost is counted,
never timed: the number of lines of chalicelib/classify that run (each loop turn counts again), read
with sys.settrace. Work inside C (regular expressions, fastText) is not seen this way; the e-mail
pattern, whose backtracking was the cost there, is checked against the old pattern instead.
"""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import chalicelib.classify as classify_package
from chalicelib.classify import classify, normalise
from chalicelib.classify.places import Place, _narrow_all, detect

CLASSIFY_DIR = str(Path(classify_package.__file__).resolve().parent) + os.sep
VILLAGES = ["sidomulyo", "sidorejo", "sukamaju", "mekarsari", "mekarjaya", "karanganyar", "tanjungsari",
            "sumberagung", "sukamulya", "banjarsari"]
# The most lines one character of text may cost, and the fixed cost of a call. Measured: ~10 per
# character for issue 20's text, at most ~30 for any village or district name (~90 per call); the
# old pairwise narrowing cost thousands per character already for two shared village names.
LINES_PER_CHAR = 50
LINES_PER_CALL = 1_000


class OverBudget(AssertionError):
    """More lines ran than the linear budget allows: the cost is not linear in the text."""


def lines_run(call: Callable[..., Any], text: str, *args: Any) -> int:
    """Lines of chalicelib/classify run by call(text, *args); stops the call once it is over budget."""
    budget = LINES_PER_CALL + LINES_PER_CHAR * len(text)
    count = 0

    def on_line(frame: FrameType, event: str, arg: Any) -> Callable[..., Any]:
        nonlocal count
        if event == "line":
            count += 1
            if count > budget:
                raise OverBudget(f"over {budget} lines for a text of {len(text)} characters")
        return on_line

    def on_call(frame: FrameType, event: str, arg: Any) -> Callable[..., Any] | None:
        return on_line if frame.f_code.co_filename.startswith(CLASSIFY_DIR) else None

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        call(text, *args)
    finally:
        sys.settrace(previous)
    return count


def village_text(length: int) -> str:
    """ "desa sidomulyo desa sidorejo desa sukamaju ...": the report of issue 20."""
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        words += ["desa", VILLAGES[len(words) // 2 % len(VILLAGES)]]
    return " ".join(words)[:length]


def warm_up() -> None:
    """Read the place indexes, lexicon, keywords and model before counting: a one-off cost per process."""
    classify("jalan rusak di desa Sukamaju, kec. Cibadak, kab. Bogor, kota Bandung, provinsi Jawa Barat")


def test_village_name_texts_cost_linear_in_length() -> None:
    warm_up()
    for call in (detect, classify):
        short, long = lines_run(call, village_text(2000)), lines_run(call, village_text(4000))
        assert long <= 2.5 * short, (call.__name__, short, long)


def test_every_name_still_found_in_a_long_list_of_villages() -> None:
    found = detect(village_text(4000))
    assert len(found) == village_text(4000).count("desa ")
    assert {m.kind for m in found} == {"DESA"} and all(m.ambiguous for m in found)


PLACE_WORDS = VILLAGES + ["bogor", "bandung", "palangka raya", "pahandut", "cibadak", "sukabumi", "lamongan",
                          "jakarta", "kapuas", "langkai", "sukajaya", "kampung baru"]
TRIGGER_WORDS = ["desa", "kel.", "kelurahan", "kec.", "kecamatan", "kab.", "kabupaten", "kota", "kampung"]
FILLER_WORDS = st.text(alphabet="abcdeghijklmnoprstuy", min_size=1, max_size=9)
PIECES = st.one_of(st.sampled_from(PLACE_WORDS), st.sampled_from(TRIGGER_WORDS),
                   st.builds(lambda t, p: f"{t} {p}", st.sampled_from(TRIGGER_WORDS), st.sampled_from(PLACE_WORDS)),
                   FILLER_WORDS)
TEXTS = st.builds(lambda pieces, sep: sep.join(pieces), st.lists(PIECES, min_size=1, max_size=120),
                  st.sampled_from([" ", ", ", "\n"]))


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_place_detection_work_per_character_is_bounded(text: str) -> None:
    warm_up()
    assert lines_run(detect, text) <= LINES_PER_CALL + LINES_PER_CHAR * len(text)


def test_places_of_ordinary_texts_are_unchanged() -> None:
    found = detect("jalan rusak di desa Sukamaju, kec. Cibadak, kab. Sukabumi")
    assert [(m.kind, m.candidates, m.region_code) for m in found] == [
        ("KABUPATEN", ("32.02",), "32.02"), ("KECAMATAN", ("32.02.11",), "32.02"),
        ("DESA", ("32.02.03.2004", "32.02.10.2006", "32.02.30.2008", "32.02.36.2002", "32.02.39.2003",
                  "32.02.46.2002"), "32.02")]
    found = detect("banjir di desa Sidomulyo kab. Lamongan dan desa Sidorejo")
    assert [(m.kind, m.candidates, m.region_code) for m in found] == [
        ("KABUPATEN", ("35.24",), "35.24"), ("DESA", ("35.24.03.2007", "35.24.16.2011", "35.24.25.2008"), "35.24"),
        ("DESA", ("35.24.12.2004", "35.24.25.2001"), "35.24")]
    chosen = detect("jembatan putus di desa Mekarsari", "32.01")[0]
    assert chosen.candidates == ("32.01.07.2002", "32.01.18.2013", "32.01.34.2005")
    twice = detect("sampah di desa Sukamaju dan desa Sukamaju lagi")  # one name twice narrows nothing
    assert twice[0] == twice[1] and twice[0].region_code is None and len(twice[0].candidates) == 12


def pairwise_narrow(groups: list[list[Place]], region_code: str | None) -> list[list[Place]]:
    """The old narrowing, comparing every candidate with every other match's: the reference."""
    out = []
    for n, places in enumerate(groups):
        anchors = ([region_code] if region_code else []) + [p.code for m, g in enumerate(groups) if m != n for p in g]
        inside = [p for p in places if any(p.code.startswith(a) or a.startswith(p.code) for a in anchors)]
        out.append(inside or places)
    return out


CODES = st.sampled_from(["32", "32.01", "32.01.07", "32.01.07.2002", "32.01.18.2013", "32.02", "32.02.11",
                         "32.02.03.2004", "35.24", "35.24.25.2001", "62.71", "62.71.01.1003", "11.02.02.2015"])
GROUPS = st.lists(st.lists(CODES.map(lambda c: Place(c, c, "DESA")), min_size=1, max_size=6), min_size=1, max_size=5)
REGION_CODES = st.one_of(st.none(), CODES, st.sampled_from(["", "3", "32.0", "32.01.07.2002.9", "99"]))


@settings(max_examples=200, deadline=None)
@given(GROUPS, st.lists(st.integers(min_value=0, max_value=4), max_size=8), REGION_CODES)
def test_narrowing_keeps_the_same_candidates_as_comparing_every_pair(groups: list[list[Place]], order: list[int],
                                                                     region_code: str | None) -> None:
    """Names in any order, some named more than once, two names with the same places."""
    named = [i % len(groups) for i in order]
    narrowed = _narrow_all(named, dict(enumerate(groups)), region_code)
    assert [list(narrowed[i]) for i in named] == pairwise_narrow([groups[i] for i in named], region_code)


# The e-mail/URL pattern before issue 20: `\S+@\S+\.\S+` backtracks over every "@" of a long word
# for every start, ~n³ steps ("a@" x 2,000 took 25 s).
OLD_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="a.@/:htpsw x\n", max_size=40))
def test_url_and_email_removal_matches_the_old_pattern(text: str) -> None:
    assert normalise._URL.sub(" ", text) == OLD_URL.sub(" ", text)


def test_hostile_email_like_words_are_dropped_whole() -> None:
    """The worst case of the old pattern (25 s for 4,000 characters of "a@a@...") reads as before."""
    text = "a@" * 1000 + "a.b lampu " + "x" * 2000 + "@y.z jalan www." + "w" * 900 + " mati"
    assert normalise.raw_tokens(text) == ["lampu", "jalan", "mati"]
