"""`make run`'s stack as a subprocess: an SMS-style complaint with no category and no region,
filed through the API, is read, placed and dispositioned to the right agency by itself."""
from __future__ import annotations

import time

import pytest
import requests

from tests.fixtures.local_stack import wait_for_status
from tests.fixtures.reports import report_payload

pytestmark = pytest.mark.e2e
SMS = "jln rusak parah di depan sdn 2 kec pahandut, udh 2 bln gk diperbaiki"


def test_sms_style_complaint_without_category_is_dispositioned_to_the_right_agency(stack):
    api = stack["api_url"]
    suggestion = requests.post(f"{api}/api/v1/classify", json={"text": SMS}, timeout=10).json()
    assert suggestion["category"]["code"] == "jalan_rusak" and suggestion["agency"]["id"] == "dinas-62.71-public_works"
    started = time.monotonic()
    response = requests.post(f"{api}/api/v1/reports", json=report_payload(
        title="jalan rusak kec pahandut", body=SMS, category=None, region_code=None), timeout=10)
    assert response.status_code == 201, response.text
    tracking_id = response.json()["tracking_id"]
    public = wait_for_status(f"{api}/api/v1/reports/{tracking_id}", "DITERUSKAN")  # bounded: 30 s at most
    print(f"\nSMS-style complaint dispositioned in {time.monotonic() - started:.2f} s")
    assert public["agency"]["id"] == "dinas-62.71-public_works"
    assert public["category"] == "jalan_rusak" and public["region_code"] == "62.71"
    admin = requests.get(f"{api}/api/v1/admin/reports/{tracking_id}",
                         headers={"Authorization": f"Bearer {stack['admin_api_key']}"}, timeout=10).json()
    assert admin["suggestion"]["why"] == "classified" and admin["suggestion"]["keywords"]
    directory = requests.get(f"{api}/api/v1/agencies/dinas-62.71-public_works", timeout=10).json()
    assert directory["region_code"] == "62.71" and directory["parent_id"] == "pemda-62.71"
