"""Read-only reference data shipped with the code: regions (Kemendagri codes), sectors and
categories. Loaded lazily once per process; nothing here touches AWS."""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

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
    sector: str
    national: bool

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_id


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


def region(code: str) -> Optional[Region]:
    return regions().get(code)


def provinces() -> list[Region]:
    return [r for r in regions().values() if r.is_province]


def regencies_of(province_code: str) -> list[Region]:
    return [r for r in regions().values() if not r.is_province and r.province_code == province_code]


@lru_cache(maxsize=1)
def sectors() -> dict[str, dict[str, Optional[str]]]:
    raw = json.loads((DATA / "sectors.json").read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def categories() -> dict[str, Category]:
    raw = json.loads((DATA / "categories.json").read_text(encoding="utf-8"))
    return {c["code"]: Category(**c) for c in raw}


def category(code: str) -> Optional[Category]:
    return categories().get(code)


@lru_cache(maxsize=1)
def national_agencies() -> list[dict]:
    return json.loads((DATA / "national_agencies.json").read_text(encoding="utf-8"))
