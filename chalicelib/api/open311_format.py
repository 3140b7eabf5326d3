"""Open311 GeoReport v2 representations: Lapor's reports and categories as the spec's `service`,
`service_definition`, `request` and FixMyStreet's `request_update`, rendered as JSON or as XML
exactly as the spec shows (`<services><service>`, `<service_requests><request>`, ...).

What a request shows comes from the privacy projection's PUBLIC view (domain/privacy.py): rahasia
reports never appear, the reporter's identity and location never do, text is redacted.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from chalice import Response

from chalicelib.directory import catalogue
from chalicelib.domain.lifecycle import OPEN
from chalicelib.domain.model import Classification, Status

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# Containers whose children repeat, and each child's tag (the spec's plural/singular pairs).
_CHILD = {"services": "service", "service_requests": "request", "attributes": "attribute", "values": "value",
          "endpoints": "endpoint", "formats": "format", "errors": "error",
          "service_request_updates": "request_update"}
# Detailed statuses for FixMyStreet's servicerequestupdates extension.
_UPDATE_STATUS = {
    "DITERIMA": "open", "DITERUSKAN": "in_progress", "DITINDAKLANJUTI": "action_scheduled",
    "DITUNDA": "investigating", "BUKAN_WEWENANG": "not_councils_responsibility",
    "DIARSIPKAN": "no_further_action", "DIRUJUK_OMBUDSMAN": "internal_referral",
}
_STATUS_NOTES = {
    "DITERIMA": "received, awaiting verification", "DITERUSKAN": "dispositioned to the agency",
    "DITINDAKLANJUTI": "the agency followed up", "DITUNDA": "on hold: clarification asked of the reporter",
    "BUKAN_WEWENANG": "not the agency's authority; being re-dispositioned", "DIARSIPKAN": "archived",
    "SELESAI": "done", "DIRUJUK_OMBUDSMAN": "referred to the Ombudsman",
}


def open_or_closed(status: str) -> str:
    return "open" if Status(status) in OPEN else "closed"


def status_notes(status: str, closure: str | None) -> str:
    """The detailed Lapor status behind open/closed, e.g. `SELESAI (TIMED_OUT): done`."""
    label = f"{status} ({closure})" if closure else status
    return f"{label}: {_STATUS_NOTES.get(status, status.lower())}"


def update_status(status: str, closure: str | None) -> str:
    if status == "SELESAI":
        return "fixed" if closure == "CONFIRMED" else "closed"
    return _UPDATE_STATUS.get(status, "open")


def service(code: str, lang: str) -> dict[str, Any]:
    category = catalogue.category(code)
    sectors = catalogue.sectors()
    sector = (sectors.get(category.sector) or {}) if category else {}
    group = sector.get("name_en" if lang == "en" else "name_id") or (category.sector if category else "")
    return {"service_code": code, "service_name": category.name(lang) if category else code,
            "description": f"{category.name_id} / {category.name_en}" if category else code,
            "metadata": True, "type": "realtime", "keywords": category.sector if category else "", "group": group}


def services(lang: str) -> list[dict[str, Any]]:
    return [service(code, lang) for code in sorted(catalogue.categories())]


def service_definition(code: str) -> dict[str, Any]:
    """The attributes a POST may carry (as `attribute[code]`). `region_code` is required: Lapor
    routes by the official region code, and coordinates alone cannot give it here."""
    def attribute(order: int, code_: str, datatype: str, required: bool, description: str,
                  datatype_description: str | None = None, values: list[dict[str, str]] | None = None
                  ) -> dict[str, Any]:
        out: dict[str, Any] = {"variable": True, "code": code_, "datatype": datatype, "required": required,
                               "datatype_description": datatype_description, "order": order,
                               "description": description}
        if values is not None:
            out["values"] = values
        return out

    yes_no = [{"key": "false", "name": "Tidak / No"}, {"key": "true", "name": "Ya / Yes"}]
    return {"service_code": code, "attributes": [
        attribute(1, "region_code", "string", True, "Kode wilayah Kemendagri / Region code",
                  "A province (62) or regency/city (62.01) code; see /api/v1/regions"),
        attribute(2, "classification", "singlevaluelist", False, "Jenis laporan / Type of report (default PENGADUAN)",
                  values=[{"key": c.value, "name": c.value} for c in Classification]),
        attribute(3, "title", "string", False, "Judul / Title (default: the start of the description)"),
        attribute(4, "incident_date", "string", False, "Tanggal kejadian / Date it happened (YYYY-MM-DD; default today)"),
        attribute(5, "anonim", "singlevaluelist", False, "Sembunyikan identitas pelapor / Hide the reporter's identity",
                  values=yes_no),
        attribute(6, "rahasia", "singlevaluelist", False, "Laporan rahasia (tidak dipublikasikan) / Secret report",
                  values=yes_no),
    ]}


def request(public: dict[str, Any], lang: str) -> dict[str, Any]:
    """A GeoReport `request` from the privacy projection's public view of a report."""
    category = catalogue.category(public["category"])
    region = catalogue.region(public["region_code"])
    return {
        "service_request_id": public["tracking_id"],
        "status": open_or_closed(public["status"]),
        "status_notes": status_notes(public["status"], public.get("closure")),
        "service_name": category.name(lang) if category else public["category"],
        "service_code": public["category"],
        "description": f"{public['title']}\n\n{public['body']}",
        "agency_responsible": (public.get("agency") or {}).get("name"),
        "service_notice": None,
        "requested_datetime": public["created_at"],
        "updated_datetime": public["updated_at"],
        "expected_datetime": public["deadline"],
        # The typed address can point at the reporter, so the address is the region's name. The
        # pin comes from the privacy projection: rounded to ~100 m for anonim reports.
        "address": region.name if region else public["region_code"],
        "address_id": public["region_code"],
        "zipcode": None,
        "lat": public.get("latitude"),
        "long": public.get("longitude"),
        "media_url": None,
    }


def request_update(tracking_id: str, update: dict[str, Any], closure: str | None) -> dict[str, Any]:
    status = update["to_status"]
    return {"update_id": f"{tracking_id}_{update['seq']}", "service_request_id": tracking_id,
            "status": update_status(status, closure if status == "SELESAI" else None),
            "external_status_code": status, "updated_datetime": update["at"],
            "description": update["message"] or status_notes(status, closure if status == "SELESAI" else None),
            "media_url": None}


# --- rendering -------------------------------------------------------------------------------------

# Everything outside XML 1.0's Char production (section 2.2): C0 controls but tab, LF and CR,
# surrogates, U+FFFE and U+FFFF. One such character makes a whole document ill-formed, so that a
# strict parser rejects every request in it.
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """`value` without the characters XML 1.0 cannot carry. Intake already drops them
    (domain/text.py); this keeps text stored before that, or from any other source (a path echoed
    in an error, an agency's name), from breaking the feed for every client."""
    return _NOT_XML_CHAR.sub("", value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_text(str(value))


def _add(parent: ET.Element, tag: str, value: Any) -> None:
    element = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, item in value.items():
            _add(element, key, item)
    elif isinstance(value, list):
        child = _CHILD.get(tag, "item")
        for item in value:
            _add(element, child, item)
    else:
        element.text = _text(value)


def to_xml(root: str, value: Any) -> str:
    """`value` (a list for plural roots, a dict otherwise) as the spec's XML document."""
    element = ET.Element(root)
    if isinstance(value, list):
        for item in value:
            _add(element, _CHILD[root], item)
    else:
        for key, item in value.items():
            _add(element, key, item)
    ET.indent(element)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="unicode") + "\n"


def answer(fmt: str, root: str, value: Any, status: int = 200, cache: str | None = None) -> Response:
    body = json.dumps(value, ensure_ascii=False) if fmt == "json" else to_xml(root, value)
    headers: dict[str, str | list[str]] = {"Content-Type": FORMATS[fmt], "Cache-Control": cache or "no-store",
                                           "Access-Control-Allow-Origin": "*"}
    return Response(body=body, status_code=status, headers=headers)


def errors(fmt: str, status: int, description: str) -> Response:
    return answer(fmt, "errors", [{"code": status, "description": description}], status=status)


def items(values: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return list(values)
