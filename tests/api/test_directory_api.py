"""The public directory API: a region's agencies, name search, one agency, cursor pages."""
import json


def body(response):
    return json.loads(response.body)


def get(api, path, headers=None):
    return api.http.get(path, headers=headers or {})


def test_region_lists_its_government_and_offices_with_every_field(api):
    data = body(get(api, "/api/v1/agencies?region=62.01&limit=100"))
    by_id = {item["id"]: item for item in data["items"]}
    assert "pemda-62.01" in by_id and "dinas-62.01-public_works" in by_id
    works = by_id["dinas-62.01-public_works"]
    assert set(works) >= {"id", "name", "kind", "sector", "region_code", "parent_id", "receives_webhooks"}
    assert works["region_code"] == "62.01" and works["parent_id"] == "pemda-62.01"
    assert works["sector"] == "public_works" and works["receives_webhooks"] is False
    assert all(item["region_code"] == "62.01" for item in data["items"]) and data["next_cursor"] is None


def test_pages_follow_cursors_to_the_same_set_and_a_cursor_stays_in_its_region(api):
    whole = {item["id"] for item in body(get(api, "/api/v1/agencies?region=62.01&limit=100"))["items"]}
    seen, cursor, pages = [], None, 0
    while True:
        page = body(get(api, "/api/v1/agencies?region=62.01&limit=4" + (f"&cursor={cursor}" if cursor else "")))
        seen += [item["id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
        foreign = get(api, f"/api/v1/agencies?region=62.02&limit=4&cursor={cursor}")
        assert foreign.status_code == 422 and body(foreign)["error"]["code"] == "invalid_cursor"
    assert pages > 1 and len(seen) == len(set(seen)) and set(seen) == whole


def test_name_search_within_a_region_in_either_language(api):
    found = body(get(api, "/api/v1/agencies?region=62.01&q=pekerjaan%20umum&limit=100"))["items"]
    assert [item["id"] for item in found] == ["dinas-62.01-public_works"]
    english = body(get(api, "/api/v1/agencies?region=62.01&q=public%20works&lang=en&limit=100"))["items"]
    assert [item["id"] for item in english] == ["dinas-62.01-public_works"]
    assert english[0]["name"] == english[0]["name_en"]


def test_search_without_region_finds_national_bodies_and_region_governments(api):
    national = body(get(api, "/api/v1/agencies?q=bpjs&limit=100"))["items"]
    assert {"bpjs-kesehatan", "bpjs-ketenagakerjaan"} <= {item["id"] for item in national}
    assert all(item["region_code"] == "ID" for item in national)
    city = body(get(api, "/api/v1/agencies?q=palangka&limit=100"))["items"]
    assert "pemda-62.71" in {item["id"] for item in city}


def test_one_agency_and_its_webhook_flag(api, subscribed):
    agency, _receiver, _secret = subscribed
    data = body(get(api, f"/api/v1/agencies/{agency.agency_id}"))
    assert data["id"] == agency.agency_id and data["receives_webhooks"] is True
    assert body(get(api, "/api/v1/agencies/kemenkes"))["receives_webhooks"] is False


def test_unknown_agency_and_bad_queries_are_clear_errors(api):
    missing = get(api, "/api/v1/agencies/tidak-ada")
    assert missing.status_code == 404 and body(missing)["error"]["code"] == "agency_not_found"
    unknown = get(api, "/api/v1/agencies?region=99.99")  # well formed, no such region
    assert unknown.status_code == 422 and body(unknown)["error"]["code"] == "unknown_region"
    for malformed in ("", "62.1", "abc"):
        response = get(api, f"/api/v1/agencies?region={malformed}")
        assert response.status_code == 400 and body(response)["error"]["code"] == "invalid_query"
    assert body(get(api, "/api/v1/agencies?q=a"))["error"]["code"] == "query_too_short"
    assert get(api, "/api/v1/agencies?limit=0").status_code == 400
