"""The report form's map in headless Chromium, with no tile server reachable (the tests have no
internet, and every tile request is refused here so the result does not depend on it): the page
still files, a click on the map drops a pin into the coordinate fields, "use my location" fills
them from a granted geolocation, and a report filed with a GPS-tagged photo and a pin shows its
point on the public map and in the GeoJSON feed, rounded because it is anonim."""
from __future__ import annotations

import io
import json
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

from chalicelib.intake.attachments import stored_key
from chalicelib.shared.aws import client
from chalicelib.shared.resources import ATTACHMENTS_BUCKET
from chalicelib.store import reports as store
from tests.browser.test_citizen_web import drain_until_routed, fill_report
from tests.fixtures import images
from tests.fixtures.browser import assert_accessible, screenshot

pytestmark = pytest.mark.browser
BOGOR = (-6.595038, 106.816635)  # a granted device position (Kota Bogor)


@pytest.fixture()
def map_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """map_page(width, geolocation=None) -> a page whose tile requests all fail, optionally with
    geolocation granted at a position."""
    contexts: list[Any] = []
    tiles: list[str] = []

    def _open(width: int = 360, geolocation: tuple[float, float] | None = None) -> Any:
        options: dict[str, Any] = {"locale": "id-ID", "viewport": {"width": width, "height": 800}}
        if geolocation is not None:
            options.update(geolocation={"latitude": geolocation[0], "longitude": geolocation[1]},
                           permissions=["geolocation"])
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)

        def refuse(route: Any) -> None:
            tiles.append(route.request.url)
            route.abort()

        context.route("**/*.png", lambda route: refuse(route) if "127.0.0.1" not in route.request.url
                      else route.continue_())
        contexts.append(context)
        page = context.new_page()
        page.tiles = tiles  # the refused tile URLs, for the test to check the map asked for some
        return page

    yield _open
    for context in contexts:
        context.close()


def open_coordinates(page: Any) -> None:
    page.locator("details.coords summary").click()
    expect(page.locator("#pin-map")).to_be_visible()


def test_pin_on_the_map_fills_the_coordinates_without_tiles(site: str, map_page: Callable[..., Any]) -> None:
    page = map_page(360)
    page.goto(site + "/")
    open_coordinates(page)
    # Leaflet is running (its container class) though every tile failed.
    expect(page.locator("#pin-map.leaflet-container")).to_be_visible()
    page.wait_for_timeout(300)
    assert page.tiles, "the map asked for tiles (refused here)"
    assert page.locator("#latitude").input_value() == ""

    box = page.locator("#pin-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("#latitude")).not_to_have_value("")
    lat, lon = float(page.locator("#latitude").input_value()), float(page.locator("#longitude").input_value())
    # The map starts centred on Indonesia (-2.5, 118 at zoom 4): a click in the middle lands near it.
    assert -6 < lat < 1 and 113 < lon < 123
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    assert_accessible(page, "form-map-360")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert_accessible(page, "form-map-1280")
    screenshot(page, "map-01-form-pin")

    page.locator("#pin-clear").click()
    expect(page.locator("#latitude")).to_have_value("")


def test_use_my_location_fills_the_coordinates(site: str, map_page: Callable[..., Any]) -> None:
    page = map_page(360, geolocation=BOGOR)
    page.goto(site + "/")
    open_coordinates(page)
    page.locator("#use-location").click()
    expect(page.locator("#latitude")).to_have_value(f"{BOGOR[0]:.6f}")
    expect(page.locator("#longitude")).to_have_value(f"{BOGOR[1]:.6f}")
    expect(page.locator("#location-status")).not_to_have_text("")
    # map.js follows the filled inputs with its pin.
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)


def test_report_with_gps_photo_and_pin_shows_its_rounded_point(
        site: str, map_page: Callable[..., Any], drain_queues: Callable[[], int]) -> None:
    page = map_page(360)
    page.goto(site + "/")
    fill_report(page, title="Trotoar amblas dekat pasar, difoto dengan GPS", regency="62.09")
    page.get_by_label("Lampiran").set_input_files(
        {"name": "trotoar.jpg", "mimeType": "image/jpeg", "buffer": images.jpeg()})
    expect(page.locator("#attachment-list")).to_contain_text("trotoar.jpg terunggah")
    open_coordinates(page)
    page.locator("#latitude").fill("-2.683215")
    page.locator("#longitude").fill("111.627844")
    page.locator("#longitude").dispatch_event("change")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    page.get_by_label("Anonim: sembunyikan identitas saya").check()
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Laporan Anda sudah kami terima")
    tracking_id = page.locator("#tracking-id").inner_text().strip()

    stored = store.get(tracking_id, consistent=True)
    assert stored is not None and stored.anonim
    assert (stored.latitude, stored.longitude) == (-2.683215, 111.627844)
    assert [a.content_type for a in stored.attachments] == ["image/jpeg"]
    cleaned = client("s3").get_object(Bucket=ATTACHMENTS_BUCKET.name,
                                      Key=stored_key(stored.attachments[0].id))["Body"].read()
    assert cleaned.startswith(b"\xff\xd8") and b"LaporCam" not in cleaned  # EXIF (and its GPS) gone
    assert Image.open(io.BytesIO(cleaned)).getexif().get_ifd(images.GPS_IFD) == {}
    drain_until_routed(drain_queues, tracking_id)

    # The GeoJSON feed carries the point rounded to ~100 m (anonim), never the exact pin.
    with urllib.request.urlopen(site + "/api/v1/feed.geojson") as response:
        collection = json.loads(response.read())
    features = [f for f in collection["features"] if f["properties"]["tracking_id"] == tracking_id]
    assert len(features) == 1
    assert features[0]["geometry"]["coordinates"] == [111.628, -2.683]
    assert "111.627844" not in json.dumps(collection)

    # The public map page lists it with the same rounded point, and is accessible at both widths.
    page.goto(site + "/peta")
    entry = page.locator("li", has_text="Trotoar amblas dekat pasar")
    expect(entry.locator(".coordinates")).to_have_text("-2.683, 111.628")
    expect(page.locator("#reports-map .leaflet-marker-icon, #reports-map .marker-cluster").first).to_be_visible()
    assert_accessible(page, "peta-360")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert_accessible(page, "peta-1280")
    screenshot(page, "map-02-peta")
