"""Read-only reference data shipped with the code: regions (Kemendagri codes), government affairs
(sectors), categories, national bodies and which regional office holds which affair. Loaded lazily
once per process; nothing here touches AWS."""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data"
NATIONAL = "ID"  # region code used for national routes


@dataclass(frozen=True)
class Region:
    code: str  # "62" for a province, "62.01" for a regency or city
    name: str
    province_code: str

    @property
    def is_province(self) -> bool:
        return self.code == self.province_code

    @property
    def kind(self) -> str:
        if self.is_province:
            return "PROVINSI"
        return "KOTA" if self.name.startswith("Kota ") else "KABUPATEN"

    @property
    def short_name(self) -> str:
        """Name without the 'Kabupaten'/'Kota' prefix, for composing agency names."""
        for prefix in ("Kabupaten ", "Kota "):
            if self.name.startswith(prefix):
                return self.name[len(prefix):]
        return self.name


@dataclass(frozen=True)
class Category:
    code: str
    name_id: str
    name_en: str
    sector: str  # the government affair (a key of sectors.json) the topic belongs to
    national: bool  # True: a national programme, routed to the body that owns it
    description_id: str = ""
    description_en: str = ""
    keywords: tuple[str, ...] = ()  # words citizens use for it, SMS spellings included

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_id

    def description(self, lang: str) -> str:
        return self.description_en if lang == "en" else self.description_id


@dataclass(frozen=True)
class Office:
    """A regional office (dinas, badan, Satpol PP or regional-owned company) and the affairs it holds."""
    key: str  # stable: the agency id is dinas-<region code>-<key>
    name_id: str
    name_en: str
    kind: str  # DINAS, BADAN, SATUAN, BUMD
    affairs: tuple[str, ...]
    proper_name: bool = False  # True: the name is used as is, not followed by the region's name


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / "regions" / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def regions() -> dict[str, Region]:
    out = {r["code"]: Region(r["code"], r["name"], r["code"]) for r in _rows("provinces.csv")}
    out.update(
        {r["code"]: Region(r["code"], r["name"], r["province_code"]) for r in _rows("regencies.csv")}
    )
    return out


def region(code: str | None) -> Region | None:
    return regions().get(code) if code is not None else None


def provinces() -> list[Region]:
    return [r for r in regions().values() if r.is_province]


def regencies_of(province_code: str) -> list[Region]:
    return [r for r in regions().values() if not r.is_province and r.province_code == province_code]


@lru_cache(maxsize=1)
def sectors() -> dict[str, dict[str, str | None]]:
    raw = json.loads((DATA / "sectors.json").read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def categories() -> dict[str, Category]:
    raw = json.loads((DATA / "categories.json").read_text(encoding="utf-8"))
    return {c["code"]: Category(**{**c, "keywords": tuple(c.get("keywords", ()))}) for c in raw}


def category(code: str) -> Category | None:
    return categories().get(code)


@lru_cache(maxsize=1)
def national_agencies() -> list[dict]:
    return json.loads((DATA / "national_agencies.json").read_text(encoding="utf-8"))


def _load(name: str) -> dict[str, Any]:
    raw = json.loads((DATA / "directory" / name).read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def default_offices() -> dict[str, dict[str, Any]]:
    """offices.json: the office that usually holds each affair, with the levels it exists at."""
    return _load("offices.json")


@lru_cache(maxsize=1)
def region_office_changes() -> dict[str, dict[str, Any]]:
    """region_offices.json: per-region additions, replacements and removals of offices."""
    return _load("region_offices.json")


def offices_for(region: Region, defaults: dict[str, dict[str, Any]] | None = None,
                changes: dict[str, dict[str, Any]] | None = None) -> list[Office]:
    """The offices of one region: the defaults for its level, then its own changes. An office a
    region adds or replaces takes its affairs from whichever default office held them, so an
    affair always has at most one office (and none means: the regional government itself)."""
    defaults = default_offices() if defaults is None else defaults
    changes = region_office_changes() if changes is None else changes
    chosen = {key: meta for key, meta in defaults.items() if region.kind in meta.get("levels", (region.kind,))}
    own: dict[str, dict[str, Any] | None] = (changes.get(region.code) or {}).get("offices", {})
    claimed = {affair for meta in own.values() if meta for affair in meta["affairs"]}
    offices: dict[str, Office] = {}
    for key, meta in chosen.items():
        if key in own:
            continue
        affairs = tuple(a for a in meta["affairs"] if a not in claimed)
        if affairs:
            offices[key] = Office(key, meta["name_id"], meta["name_en"], meta["kind"], affairs)
    for key, change in own.items():
        if change is not None:
            offices[key] = Office(key, change["name_id"], change["name_en"], change["kind"],
                                  tuple(change["affairs"]), bool(change.get("proper_name", False)))
    return list(offices.values())
