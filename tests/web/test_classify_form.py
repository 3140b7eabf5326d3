"""The report form without a browser: "I don't know" for the topic, a region read from the text,
and the look-alike notice shown before filing (with a link to support the existing report)."""
from __future__ import annotations

import json
import re

from tests.fixtures.reports import post_json, report_payload
from tests.web.test_views import form_body, post_form


def test_topic_offers_i_dont_know_first_and_the_page_asks_for_suggestions(api):
    page = api.http.get("/").body.decode()
    select = re.search(r'<select id="category".*?</select>', page, re.DOTALL).group(0)
    assert re.search(r'<option value="">Saya tidak tahu \(biar Lapor yang menentukan\)</option>', select)
    assert 'data-classify-url="/api/v1/classify"' in page and 'id="category-suggestion"' in page
    english = api.http.get("/?lang=en").body.decode()
    assert "I don&#39;t know (let Lapor decide)" in english


def test_form_without_topic_or_region_files_when_the_text_names_the_place(api):
    body = form_body(category="", province="", regency="", similar_seen=None, title="Jembatan kayu putus di kec. Kahayan Hilir",
                     body="jembatan kayu penghubung desa di kec. Kahayan Hilir putus sejak banjir, "
                          "anak sekolah harus memutar jauh")
    response = post_form(api, "/lapor", body)
    assert response.status_code == 201, response.body.decode()[:2000]


def test_form_without_region_or_place_asks_for_the_region(api):
    response = post_form(api, "/lapor", form_body(category="", province="", regency="", similar_seen=None))
    assert response.status_code == 422
    assert "Pilih wilayah, atau sebutkan tempatnya di laporan" in response.body.decode()


def test_look_alike_is_shown_before_filing_and_filing_anyway_still_works(api):
    existing = dict(title="Sampah menumpuk di Pasar Kasongan", region_code="62.06", category="sampah",
                    body="Sampah menumpuk di TPS Pasar Kasongan sudah dua minggu tidak diangkut, bau dan banyak lalat.")
    filed = json.loads(post_json(api, "/api/v1/reports", report_payload(**existing)).body)
    secret = json.loads(post_json(api, "/api/v1/reports", report_payload(**existing, rahasia=True)).body)
    fields = dict(title="sampah numpuk di pasar kasongan", province="62", regency="62.06", category="",
                  body="sampah di TPS pasar Kasongan numpuk udh 2 minggu gk diangkut, bau bnyk lalat", similar_seen=None)
    first = post_form(api, "/lapor", form_body(**fields))
    page = first.body.decode()
    assert first.status_code == 200 and "Sudah ada laporan serupa" in page
    assert f'href="/lacak/{filed["tracking_id"]}"' in page and secret["tracking_id"] not in page
    assert 'name="similar_seen" value="1"' in page and "Tetap kirim laporan saya" in page
    assert "sampah numpuk di pasar kasongan" in page  # what the citizen wrote is kept
    anyway = post_form(api, "/lapor", form_body(**{**fields, "similar_seen": "1"}))
    assert anyway.status_code == 201
