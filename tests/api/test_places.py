"""Place (issue 24): a pin is checked at intake (inside Indonesia, with a clear message), and the
public sees it on the report, in the GeoJSON feed and in Open311 only through the privacy
projection: exact for a named report, rounded to ~100 m for an anonim one, never for a rahasia one."""
from __future__ import annotations

import json
from typing import Any

from chalicelib.domain.calendar import JAKARTA
from chalicelib.shared import clock
from tests.fixtures.reports import post_json, report_payload

PIN = {"latitude": -2.2109876, "longitude": 113.9213456}  # Palangka Raya (62.71)


def test_a_pin_outside_indonesia_is_refused_with_a_clear_message(api: Any) -> None:
    for lang, start in (("id", "Titik lokasi berada di luar wilayah Indonesia"),
                        ("en", "The location pin is outside Indonesia")):
        refused = post_json(api, "/api/v1/reports", report_payload(latitude=-2.2, longitude=-113.9),  # sign lost
                            {"Accept-Language": lang})
        assert refused.status_code == 422, refused.body
        [detail] = json.loads(refused.body)["error"]["details"]
        assert detail["code"] == "coordinates_outside_indonesia" and detail["message"].startswith(start)
    london = post_json(api, "/api/v1/reports", report_payload(latitude=51.5, longitude=-0.12))
    assert json.loads(london.body)["error"]["details"][0]["code"] == "coordinates_outside_indonesia"
    swapped = post_json(api, "/api/v1/reports", report_payload(latitude=113.9, longitude=-2.2))
    assert swapped.status_code == 422  # beyond any latitude: "Must be at most 90"


def test_the_geojson_feed_shows_public_pins_through_the_privacy_projection(api: Any, submit: Any) -> None:
    named = submit(region_code="62.71", category="jalan_rusak", **PIN)["tracking_id"]
    anonim = submit(region_code="62.71", category="jalan_rusak", anonim=True, **PIN)["tracking_id"]
    rahasia = submit(region_code="62.71", category="jalan_rusak", rahasia=True, **PIN)["tracking_id"]
    no_pin = submit(region_code="62.71", category="jalan_rusak")["tracking_id"]
    month = f"{clock.now().astimezone(JAKARTA):%Y-%m}"

    answer = api.http.get(f"/api/v1/feed.geojson?month={month}&region=62.71&limit=100")
    assert answer.status_code == 200, answer.body
    assert answer.headers["Content-Type"].startswith("application/geo+json")
    collection = json.loads(answer.body)
    assert collection["type"] == "FeatureCollection" and collection["month"] == month
    features = {f["id"]: f for f in collection["features"]}
    assert named in features and anonim in features
    assert rahasia not in features and no_pin not in features and rahasia not in answer.body.decode()
    assert features[named]["geometry"] == {"type": "Point", "coordinates": [113.92135, -2.21099]}
    assert features[anonim]["geometry"]["coordinates"] == [113.921, -2.211]  # ~100 m
    assert features[anonim]["properties"]["approximate"] is True
    assert features[named]["properties"]["url"].endswith(f"/lacak/{named}")
    assert "reporter" not in json.dumps(features[anonim]) and "address" not in features[anonim]["properties"]

    # The same rounding on the public report itself; the agency would see the exact pin.
    public = json.loads(api.http.get(f"/api/v1/reports/{anonim}").body)
    assert (public["latitude"], public["longitude"]) == (-2.211, 113.921)
    # Filters are the feed's: a status with nothing in it gives an empty collection.
    closed = json.loads(api.http.get(f"/api/v1/feed.geojson?month={month}&region=62.71&status=SELESAI").body)
    assert all(f["properties"]["status"] == "SELESAI" for f in closed["features"])
    assert api.http.get("/api/v1/feed.geojson?status=NOPE").status_code == 400
