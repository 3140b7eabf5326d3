"""Builds the agency directory and routing table from the reference data.

Per region (38 provinces, 514 regencies/cities): the regional government and its offices (dinas,
badan, Satpol PP, regional-owned companies), each holding one or more government affairs as
chalicelib/data/directory/offices.json and region_offices.json say. National ministries, agencies,
social-security bodies and state companies own national programmes (categories).
Routes map "<region code>#<affair>" or "ID#<category>" to the agency that handles it; an affair no
office holds has no route, so the router falls back to the regional government.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from chalicelib.directory.catalogue import (
    NATIONAL,
    Office,
    Region,
    national_agencies,
    offices_for,
    regions,
)

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
    sector: str | None
    parent_id: str | None


def government_id(region_code: str) -> str:
    return f"pemda-{region_code}"


def unit_id(region_code: str, office_key: str) -> str:
    return f"dinas-{region_code}-{office_key}"


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


def _unit(region: Region, office: Office) -> AgencyEntry:
    place = {"PROVINSI": "Provinsi", "KOTA": "Kota", "KABUPATEN": "Kabupaten"}[region.kind]
    place_en = {"PROVINSI": "Province", "KOTA": "City", "KABUPATEN": "Regency"}[region.kind]
    proper = office.proper_name
    return AgencyEntry(
        id=unit_id(region.code, office.key),
        name=office.name_id if proper else f"{office.name_id} {place} {region.short_name}",
        name_en=office.name_en if proper else f"{office.name_en}, {region.short_name} {place_en}",
        kind=office.kind,
        level=region.kind,
        region_code=region.code,
        sector=office.affairs[0],
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
        for office in offices_for(region):
            yield _unit(region, office), [route_key(region.code, affair) for affair in office.affairs]

