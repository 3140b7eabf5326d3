"""Locust scenario of a campaign (`make load`, or `locust -f bench/locustfile.py --host URL`).

What a campaign brings, weighted roughly as it arrives:
- citizens file reports (one in four with a photo, uploaded through the presigned S3 POST of
  `POST /api/v1/attachments`), track their own report with its reporter token, read the public
  feed, and support other reports where the deployment has support votes;
- agency staff list their queue, read reports, acknowledge them and post follow-ups.

Settings (environment):
- LAPOR_AGENCY_KEY, LAPOR_AGENCY_ID: an agency API key and its agency (the local stack writes
  the demo agency's to .lapor/local-stack.json and `bench/load.py` passes them on). Without a
  key the agency users do nothing.
- LAPOR_AGENCY_REGION, LAPOR_AGENCY_CATEGORY: where and what a report must be about to reach
  that agency (default: the demo agency's 62.01 / jalan_rusak); a third of the reports are.
- LAPOR_SUPPORT_PATH: the support-vote route, `{tracking_id}` in it (default
  /api/v1/reports/{tracking_id}/support). The task switches itself off when the deployment
  answers that the route does not exist.
"""
from __future__ import annotations

import io
import os
import random
import uuid
from datetime import date, timedelta
from typing import Any

from locust import HttpUser, between, events, task

AGENCY_KEY = os.environ.get("LAPOR_AGENCY_KEY", "")
AGENCY_REGION = os.environ.get("LAPOR_AGENCY_REGION", "62.01")
AGENCY_CATEGORY = os.environ.get("LAPOR_AGENCY_CATEGORY", "jalan_rusak")
SUPPORT_PATH = os.environ.get("LAPOR_SUPPORT_PATH", "/api/v1/reports/{tracking_id}/support")
REGIONS = ["31.71", "32.73", "33.74", "35.78", "51.71", "62.01", "64.72", "73.71", "12.71", "18.71"]
CATEGORIES = ["jalan_rusak", "drainase_banjir", "air_bersih", "sampah", "penerangan_jalan", "layanan_kesehatan"]


def _photo() -> bytes:
    """A real (small) JPEG: intake decodes and cleans every picture, so a few magic bytes are refused."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 90, 40)).save(out, "JPEG")
    return out.getvalue()


JPEG = _photo()

filed: list[str] = []  # tracking ids filed in this run, for supporters and the feed
support_route = {"exists": True}


def report_body(attachments: list[str] | None = None) -> dict[str, Any]:
    for_agency = random.random() < 1 / 3
    body: dict[str, Any] = {
        "classification": "PENGADUAN",
        "title": "Uji beban: laporan warga tentang layanan publik",
        "body": "Laporan uji beban kampanye: " + " ".join(random.choices(
            ["jalan", "berlubang", "banjir", "sampah", "lampu", "mati", "air", "keruh", "warga", "mohon",
             "segera", "ditangani", "sejak", "minggu", "lalu"], k=60)),
        "incident_date": (date.today() - timedelta(days=random.randint(1, 20))).isoformat(),
        "region_code": AGENCY_REGION if for_agency else random.choice(REGIONS),
        "category": AGENCY_CATEGORY if for_agency else random.choice(CATEGORIES),
    }
    if attachments:
        body["attachments"] = attachments
    return body


class Citizen(HttpUser):
    weight = 8
    wait_time = between(1, 4)

    def on_start(self) -> None:
        self.mine: list[tuple[str, str]] = []  # (tracking id, reporter token)

    def _file(self, attachments: list[str] | None = None) -> None:
        with self.client.post("/api/v1/reports", json=report_body(attachments), name="file report",
                              headers={"Idempotency-Key": uuid.uuid4().hex}, catch_response=True) as response:
            if response.status_code != 201:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
                return
            body = response.json()
            self.mine.append((body["tracking_id"], body["reporter_token"]))
            filed.append(body["tracking_id"])
            del filed[:-500]

    @task(6)
    def file_report(self) -> None:
        self._file()

    @task(2)
    def file_report_with_photo(self) -> None:
        upload = self.client.post("/api/v1/attachments", name="attachment upload url",
                                  json={"name": "foto.jpg", "content_type": "image/jpeg", "size": len(JPEG)})
        if upload.status_code != 201:
            return
        grant = upload.json()
        # Straight to S3 (the presigned POST), as a browser would: not through the API.
        stored = self.client.post(grant["upload"]["url"], data=grant["upload"]["fields"], name="S3 presigned POST",
                                  files={"file": ("foto.jpg", JPEG, "image/jpeg")})
        if stored.status_code in (200, 201, 204):
            self._file([grant["id"]])

    @task(5)
    def track_my_report(self) -> None:
        if self.mine:
            tracking_id, token = random.choice(self.mine)
            self.client.get(f"/api/v1/reports/{tracking_id}", name="track own report",
                            headers={"Authorization": f"Bearer {token}"})

    @task(4)
    def public_feed(self) -> None:
        self.client.get("/api/v1/feed", name="public feed")

    @task(2)
    def support_a_report(self) -> None:
        if not (support_route["exists"] and filed):
            return
        path = SUPPORT_PATH.format(tracking_id=random.choice(filed))
        with self.client.post(path, json={}, name="support vote", catch_response=True) as response:
            if response.status_code in (403, 404, 405):
                # The report was filed in this run, so "not found" means the route is not
                # deployed here: stop asking.
                support_route["exists"] = False
                response.success()


class AgencyStaff(HttpUser):
    weight = 1
    wait_time = between(2, 6)

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {AGENCY_KEY}"}

    @task(4)
    def list_queue(self) -> None:
        if AGENCY_KEY:
            self.client.get("/api/v1/agency/reports?status=DITERUSKAN&limit=20", name="agency queue",
                            headers=self._headers())

    @task(3)
    def work_a_report(self) -> None:
        if not AGENCY_KEY:
            return
        listing = self.client.get("/api/v1/agency/reports?limit=20", name="agency open reports",
                                  headers=self._headers())
        items = listing.json().get("items", []) if listing.status_code == 200 else []
        if not items:
            return
        tracking_id = random.choice(items)["tracking_id"]
        report = self.client.get(f"/api/v1/agency/reports/{tracking_id}", name="agency read report",
                                 headers=self._headers())
        if report.status_code != 200:
            return
        if report.json().get("status") != "DITERUSKAN":
            return
        # Acknowledge first, follow up later; a report another staff user (or this one) already
        # moved answers 409, which is what concurrent staff meet in real life too.
        action, body, name = random.choice([
            ("acknowledge", {}, "agency acknowledge"),
            ("follow-ups", {"message": "Tim kami sudah meninjau lokasi dan menjadwalkan perbaikan."},
             "agency follow-up")])
        with self.client.post(f"/api/v1/agency/reports/{tracking_id}/{action}", json=body, name=name,
                              headers=self._headers(), catch_response=True) as response:
            if response.status_code == 409:
                response.success()


@events.test_start.add_listener
def _announce(environment: Any, **_: Any) -> None:
    print(f"Lapor load scenario against {environment.host}; agency users "
          f"{'with a key' if AGENCY_KEY else 'idle (no LAPOR_AGENCY_KEY)'}", flush=True)
