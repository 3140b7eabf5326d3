"""Finds Indonesian place names in a report: provinces, regencies and cities, districts (kecamatan)
and villages (kelurahan/desa), with the Kemendagri codes of the idn-area-data release the
directory uses (chalicelib/data/regions, ODbL).

Districts and villages are only looked for after a word that announces them ("kec.", "kecamatan",
"desa", "kel.", "kelurahan"): bare village names are too often ordinary words. Many places share a
name (there are dozens of villages called Sukamaju); such a match is `ambiguous` and lists its
candidates. The villages file (~84,000 rows) is read only when a text announces a village.

    >>> [m.name for m in detect("lampu jalan mati di kec. Pahandut, Kota Palangka Raya")]
    ['Kota Palangka Raya', 'Pahandut']
"""
from __future__ import annotations

import csv
import gzip
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from chalicelib.directory.catalogue import DATA, Region, regions
from chalicelib.classify.normalise import expand, raw_tokens

REGIONS_DIR = DATA / "regions"
MAX_NAME_WORDS = 5
MAX_CANDIDATES = 12
# Regency names that are also everyday words: matched only after "kabupaten"/"kota".
COMMON_WORDS = frozenset({"batang", "pati", "buru", "kaur", "muna", "bone", "sabu", "lingga", "bima", "agam",
                          "alor", "jaya", "raya", "barat", "timur", "utara", "selatan", "tengah", "pusat", "baru",
                          "sinjai", "kota", "tanah", "kepulauan", "banjar", "empat", "lima", "puncak", "nduga"})
PROVINCE_ALIASES = {"jakarta": "31", "dki": "31", "jabar": "32", "jateng": "33", "jatim": "35", "jogja": "34",
                    "yogyakarta": "34", "diy": "34", "kalteng": "62", "kalbar": "61", "kalsel": "63", "kaltim": "64",
                    "sumut": "12", "sumbar": "13", "sumsel": "16", "sulsel": "73", "sulut": "71", "ntt": "53", "ntb": "52"}
TRIGGERS = {  # word in the normalised text -> the kinds of place that may follow it
    "provinsi": ("PROVINSI",), "kabupaten": ("KABUPATEN",), "kota": ("KOTA",), "kecamatan": ("KECAMATAN",),
    "distrik": ("KECAMATAN",), "kelurahan": ("KELURAHAN", "DESA"), "desa": ("DESA", "KELURAHAN"),
    "kampung": ("DESA", "KELURAHAN"), "nagari": ("DESA",), "gampong": ("DESA",),
}
_NAME_CLEAN = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    kind: str  # PROVINSI, KABUPATEN, KOTA, KECAMATAN, KELURAHAN, DESA


@dataclass(frozen=True)
class RegionMatch:
    """One place named in the text."""
    kind: str
    name: str  # official name of the (first) candidate
    words: str  # the words of the text that matched, normalised
    candidates: tuple[str, ...]  # codes of every place with that name (after narrowing by context)
    ambiguous: bool  # more than one candidate remains
    region_code: Optional[str]  # the regency/city (or province) all candidates lie in, for routing

    @property
    def code(self) -> Optional[str]:
        return self.candidates[0] if not self.ambiguous else None


def key(name: str) -> str:
    return _NAME_CLEAN.sub(" ", name.lower()).strip()


def _add(index: dict[str, list[Place]], name: str, place: Place) -> None:
    for variant in {key(name), key(name).replace(" ", "")}:
        if variant:
            index.setdefault(variant, []).append(place)


@lru_cache(maxsize=1)
def _regions_index() -> dict[str, dict[str, list[Place]]]:
    out: dict[str, dict[str, list[Place]]] = {"PROVINSI": {}, "KABUPATEN": {}, "KOTA": {}}
    for region in regions().values():
        place = Place(region.code, region.name, region.kind)
        _add(out[region.kind], region.short_name, place)
    for alias, code in PROVINCE_ALIASES.items():
        region = regions()[code]
        out["PROVINSI"].setdefault(alias, []).append(Place(code, region.name, "PROVINSI"))
    return out


@lru_cache(maxsize=1)
def _districts_index() -> dict[str, list[Place]]:
    index: dict[str, list[Place]] = {}
    with (REGIONS_DIR / "districts.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            _add(index, row["name"], Place(row["code"], row["name"], "KECAMATAN"))
    return index


@lru_cache(maxsize=1)
def _villages_index() -> dict[str, list[Place]]:
    """~84,000 villages; the 4th part of a code starts with 1 for a kelurahan, 2 for a desa."""
    index: dict[str, list[Place]] = {}
    with gzip.open(REGIONS_DIR / "villages.csv.gz", "rb") as raw:
        for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")):
            kind = "KELURAHAN" if row["code"].rsplit(".", 1)[1].startswith("1") else "DESA"
            _add(index, row["name"], Place(row["code"], row["name"], kind))
    return index


def _index_for(kind: str) -> dict[str, list[Place]]:
    if kind in ("PROVINSI", "KABUPATEN", "KOTA"):
        return _regions_index()[kind]
    if kind == "KECAMATAN":
        return _districts_index()
    return _villages_index()


def _routing_region(codes: Iterable[str]) -> Optional[str]:
    """The smallest region (regency/city, else province) containing every code."""
    codes = list(codes)
    if not codes:
        return None
    regencies = {c[:5] if len(c) >= 5 else c for c in codes}
    if len(regencies) == 1:
        return regencies.pop()
    provinces = {c[:2] for c in codes}
    return provinces.pop() if len(provinces) == 1 else None


def _longest(words: list[str], start: int, kinds: tuple[str, ...]) -> Optional[tuple[int, list[Place]]]:
    for size in range(min(MAX_NAME_WORDS, len(words) - start), 0, -1):
        chunk = words[start:start + size]
        for variant in (" ".join(chunk), "".join(chunk)):
            places = [p for kind in kinds for p in _index_for(kind).get(variant, ())]
            if places:
                return size, places
    return None


def _narrow(places: list[Place], anchors: list[str]) -> list[Place]:
    """Keep the candidates that lie inside (or contain) an anchor region, if any do."""
    if not anchors:
        return places
    inside = [p for p in places if any(p.code.startswith(a) or a.startswith(p.code) for a in anchors)]
    return inside or places


def detect(text: str, region_code: Optional[str] = None) -> list[RegionMatch]:
    """Every place named in the text, most general first. `region_code` (the region the reporter
    chose) and the other places named narrow the candidates of an ambiguous name."""
    words = expand(raw_tokens(text))
    found: list[tuple[str, str, list[Place]]] = []  # (kind, words, candidates)
    i = 0
    while i < len(words):
        kinds = TRIGGERS.get(words[i])
        hit = _longest(words, i + 1, kinds) if kinds else None
        if hit:
            size, places = hit
            found.append((places[0].kind, " ".join(words[i:i + 1 + size]), places))
            i += 1 + size
            continue
        bare = _longest(words, i, ("KOTA", "KABUPATEN", "PROVINSI"))
        if bare and not (bare[0] == 1 and words[i] in COMMON_WORDS):
            size, places = bare
            found.append((places[0].kind, " ".join(words[i:i + size]), places))
            i += size
            continue
        i += 1
    matches: list[RegionMatch] = []
    for n, (kind, matched, places) in enumerate(found):
        anchors = [region_code] if region_code else []
        for m, (_, _, others) in enumerate(found):
            if m != n:  # the other places named: "desa Sukamaju, kec. Cibadak" picks the right Sukamaju
                anchors.extend(p.code for p in others)
        narrowed = _narrow(places, anchors)
        codes = tuple(dict.fromkeys(p.code for p in narrowed))
        region = _routing_region(codes)
        matches.append(RegionMatch(narrowed[0].kind, narrowed[0].name, matched, codes[:MAX_CANDIDATES],
                                   len(codes) > 1, region))
    order = {"PROVINSI": 0, "KABUPATEN": 1, "KOTA": 1, "KECAMATAN": 2, "KELURAHAN": 3, "DESA": 3}
    return sorted(matches, key=lambda m: order[m.kind])


def region_from_places(matches: list[RegionMatch]) -> tuple[Optional[str], bool]:
    """The region to route by when the reporter chose none: the most specific place that points to
    one region. Returns (code, ambiguous): ambiguous when only an ambiguous name pointed there."""
    best: Optional[tuple[int, bool, str]] = None
    for m in matches:
        if m.region_code and m.region_code in regions():
            rank = (len(m.region_code), not m.ambiguous, m.region_code)
            best = max(best, rank) if best else rank  # type: ignore[type-var]
    if best is None:
        return None, False
    return best[2], not best[1]


def describe(code: str) -> Optional[Region]:
    return regions().get(code)
