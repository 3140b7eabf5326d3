"""The citizen in the loop on the web form (no JavaScript): when the reporter chose no topic and the
router would be unsure of the text, the form asks before filing, among the three likeliest topics with
plain descriptions or "none of these"; the answer becomes the report's topic."""
from __future__ import annotations

import re
from html import escape

from chalicelib.directory import catalogue
from chalicelib.store import reports as store
from tests.web.test_views import file_report, form_body, html, post_form

UNSURE = dict(category="", title="Masalah di desa kami",
              body="sudah lama kami mengeluhkan air dan jalan di desa, mohon perhatian pemerintah")


def offered(page: str) -> list[str]:
    section = re.search(r'<section class="notice topic-choice".*?</section>', page, re.DOTALL).group(0)
    return re.findall(r'name="topic_choice" id="[^"]+" value="([^"]+)"', section)


def test_an_unsure_text_asks_the_citizen_before_filing(api):
    first = post_form(api, "/lapor", form_body(**UNSURE))
    page = html(first)
    assert first.status_code == 200 and "Laporan Anda tentang apa?" in page
    choices = offered(page)
    assert len(choices) == 4 and choices[-1] == "none" and "jalan_rusak" in choices
    road = catalogue.category("jalan_rusak")
    assert road.name("id") in page and escape(road.description("id")) in page  # plain descriptions
    assert 'name="topic_asked" value="1"' in page and "sudah lama kami mengeluhkan air" in page  # kept
    labelled = set(re.findall(r'<label for="([^"]+)"', page))
    assert {f"topic-choice-{i}" for i in (1, 2, 3)} | {"topic-choice-none"} <= labelled
    english = html(post_form(api, "/lapor?lang=en", form_body(**UNSURE)))
    assert "What is your report about?" in english and "None of these (staff will decide)" in english


def test_the_choice_becomes_the_topic_and_none_of_these_leaves_it_to_staff(api, drain_queues):
    tracking_id, _ = file_report(api, **UNSURE, topic_asked="1", topic_choice="air_bersih")
    report = store.get(tracking_id)
    assert report.category == "air_bersih"
    left, _ = file_report(api, **UNSURE, topic_asked="1", topic_choice="none")
    assert store.get(left).category is None
    forged, _ = file_report(api, **UNSURE, topic_asked="1", topic_choice="ufo<script>")
    assert store.get(forged).category is None  # an unknown answer is ignored, never stored


def test_a_clear_text_or_a_chosen_topic_files_at_once(api):
    assert post_form(api, "/lapor", form_body(category="")).status_code == 201  # a broken road, plainly
    assert post_form(api, "/lapor", form_body(**{**UNSURE, "category": "air_bersih"})).status_code == 201


def test_emoji_only_or_empty_text_is_never_offered_topics(api):
    emoji = post_form(api, "/lapor", form_body(category="", title="😀" * 5, body="😀" * 20))
    assert 'id="topic-choice"' not in html(emoji)
    empty = post_form(api, "/lapor", form_body(category="", title="", body=""))
    assert empty.status_code == 422 and 'id="topic-choice"' not in html(empty)
