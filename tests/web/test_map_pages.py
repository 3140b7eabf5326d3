"""The map (issue 24): the form's pin (vendored Leaflet, tile URL from configuration, a region
proposed from packaged island points), and the public map page with its list and GeoJSON link,
all through the privacy projection."""
from __future__ import annotations

import json
from typing import Any

from chalicelib.domain.calendar import JAKARTA
from chalicelib.shared import clock

PIN = {"latitude": -2.2109876, "longitude": 113.9213456}


def test_the_form_has_a_map_pin_that_still_files_without_it(api: Any) -> None:
    page = api.http.get("/")
    html = page.body.decode()
    assert 'id="pin-map"' in html and 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    assert "/static/leaflet.js?v=" in html and "/static/map.js?v=" in html
    assert 'name="latitude"' in html and 'id="use-location"' in html  # typed or located without the map
    csp = page.headers["Content-Security-Policy"]
    assert "img-src 'self' data:" in csp and "https://tile.openstreetmap.org" in csp
    leaflet = api.http.get("/static/leaflet.js")
    assert leaflet.status_code == 200 and b"Leaflet" in leaflet.body[:400]
    assert api.http.get("/static/pin.svg").headers["Content-Type"].startswith("image/svg+xml")


def test_a_pin_proposes_the_region_only_where_packaged_data_can_tell(api: Any) -> None:
    nusa_penida = json.loads(api.http.get("/api/v1/regions/at?lat=-8.6705&lon=115.4456").body)
    assert nusa_penida["region_code"] == "51.05" and nusa_penida["province_code"] == "51"
    inland_java = json.loads(api.http.get("/api/v1/regions/at?lat=-7.0&lon=110.4").body)
    assert inland_java is None  # no boundary data: the reporter chooses
    assert json.loads(api.http.get("/api/v1/regions/at?lat=51.5&lon=-0.1").body) is None
    assert api.http.get("/api/v1/regions/at?lat=abc&lon=1").status_code == 400


def test_the_public_map_lists_public_pins_only(api: Any, submit: Any) -> None:
    named = submit(region_code="62.71", category="jalan_rusak", **PIN)["tracking_id"]
    anonim = submit(region_code="62.71", category="jalan_rusak", anonim=True, **PIN)["tracking_id"]
    rahasia = submit(region_code="62.71", category="jalan_rusak", rahasia=True, **PIN)["tracking_id"]
    month = f"{clock.now().astimezone(JAKARTA):%Y-%m}"
    page = api.http.get(f"/peta?month={month}&region=62&category=jalan_rusak")
    assert page.status_code == 200
    html = page.body.decode()
    assert f"/lacak/{named}" in html and f"/lacak/{anonim}" in html and rahasia not in html
    assert "-2.21099, 113.92135" in html and "-2.211, 113.921" in html and "-2.2109876" not in html
    assert f"/api/v1/feed.geojson?region=62&amp;category=jalan_rusak&amp;month={month}&amp;limit=100" in html
    assert 'id="reports-map"' in html and "leaflet.markercluster.js" in html
    assert api.http.get("/peta?status=NOPE").status_code == 400
    assert 'href="/peta"' in api.http.get("/laporan").body.decode()  # in the public navigation
