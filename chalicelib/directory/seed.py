"""Builds the agency directory and routing table from the reference data.

Per region (38 provinces, 514 regencies/cities): the regional government and one service unit
(dinas) per sector. National ministries and agencies own national programmes (categories).
Routes map "<region code>#<sector>" or "ID#<category>" to the agency that handles it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional

from chalicelib.directory.catalogue import NATIONAL, Region, national_agencies, regions, sectors

NATIONAL_ADMIN_AGENCY = "kemenpanrb"  # runs SP4N-LAPOR!: escalations of national agencies go here
REGIONAL_SUPERVISOR = "kemendagri"  # supervises provincial governments


@dataclass(frozen=True)
class AgencyEntry:
    id: str
    name: str
    name_en: str
    kind: str
    level: str  # NASIONAL, PROVINSI, KABUPATEN, KOTA
    region_code: str
    sector: Optional[str]
    parent_id: Optional[str]


def government_id(region_code: str) -> str:
    return f"pemda-{region_code}"


def unit_id(region_code: str, sector: str) -> str:
    return f"dinas-{region_code}-{sector}"


def route_key(region_code: str, sector_or_category: str) -> str:
    return f"{region_code}#{sector_or_category}"


def _government(region: Region) -> AgencyEntry:
    prefix = {"PROVINSI": "Pemerintah Provinsi", "KOTA": "Pemerintah Kota", "KABUPATEN": "Pemerintah Kabupaten"}
    suffix_en = {"PROVINSI": "Province", "KOTA": "City", "KABUPATEN": "Regency"}
    parent = REGIONAL_SUPERVISOR if region.is_province else government_id(region.province_code)
    return AgencyEntry(
        id=government_id(region.code),
        name=f"{prefix[region.kind]} {region.short_name}",
        name_en=f"Government of {region.short_name} {suffix_en[region.kind]}",
        kind="PEMDA",
        level=region.kind,
        region_code=region.code,
        sector="government",
        parent_id=parent,
    )


def _unit(region: Region, sector: str, meta: dict) -> AgencyEntry:
    place = {"PROVINSI": "Provinsi", "KOTA": "Kota", "KABUPATEN": "Kabupaten"}[region.kind]
    place_en = {"PROVINSI": "Province", "KOTA": "City", "KABUPATEN": "Regency"}[region.kind]
    return AgencyEntry(
        id=unit_id(region.code, sector),
        name=f"{meta['unit']} {place} {region.short_name}",
        name_en=f"{meta['unit_en']}, {region.short_name} {place_en}",
        kind="DINAS",
        level=region.kind,
        region_code=region.code,
        sector=sector,
        parent_id=government_id(region.code),
    )


def directory() -> Iterator[tuple[AgencyEntry, list[str]]]:
    """Every agency with the route keys it serves."""
    for item in national_agencies():
        parent = None if item["id"] == NATIONAL_ADMIN_AGENCY else NATIONAL_ADMIN_AGENCY
        entry = AgencyEntry(item["id"], item["name"], item["name_en"], item["kind"], "NASIONAL",
                            NATIONAL, None, parent)
        yield entry, [route_key(NATIONAL, category) for category in item["programmes"]]
    for region in regions().values():
        yield _government(region), [route_key(region.code, "government")]
        for sector, meta in sectors().items():
            if meta["unit"]:
                yield _unit(region, sector, meta), [route_key(region.code, sector)]
