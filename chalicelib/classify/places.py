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
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain
from operator import attrgetter, itemgetter
from typing import TypeVar

from chalicelib.classify.normalise import expand, raw_tokens
from chalicelib.directory.catalogue import DATA, Region, regions

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
_CODE = attrgetter("code")
K = TypeVar("K", bound=Hashable)
Name = tuple[tuple[str, ...], str]  # (the kinds of place looked for, the name as the indexes spell it)


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
    region_code: str | None  # the regency/city (or province) all candidates lie in, for routing

    @property
    def code(self) -> str | None:
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


def _routing_region(codes: Iterable[str]) -> str | None:
    """The smallest region (regency/city, else province) containing every code."""
    codes = list(codes)
    if not codes:
        return None
    regencies = {c[:5] if len(c) >= 5 else c for c in codes}
    if len(regencies) == 1:
        return regencies.pop()
    provinces = {c[:2] for c in codes}
    return provinces.pop() if len(provinces) == 1 else None


def _indexes(kinds: tuple[str, ...]) -> list[dict[str, list[Place]]]:
    """The indexes holding those kinds, each once: desa and kelurahan share the villages index, and
    reading it twice would list every village twice."""
    return list({id(index): index for index in map(_index_for, kinds)}.values())


def _candidates(name: Name) -> Sequence[Place]:
    """Every place of the name's kinds with that name, in index order. May be an index's own list:
    read it, never change it."""
    lists = [hits for index in _indexes(name[0]) if (hits := index.get(name[1]))]
    return lists[0] if len(lists) == 1 else list(chain.from_iterable(lists))


def _longest(words: list[str], start: int, kinds: tuple[str, ...]) -> tuple[int, Name] | None:
    """The longest run of words from `start` that names a place of those kinds: (words used, name)."""
    indexes = _indexes(kinds)
    for size in range(min(MAX_NAME_WORDS, len(words) - start), 0, -1):
        chunk = words[start:start + size]
        for variant in (" ".join(chunk), "".join(chunk)):
            if any(variant in index for index in indexes):
                return size, (kinds, variant)
    return None


def _scan(words: list[str]) -> list[tuple[str, Name]]:
    """The places named in the words, in text order: (the words that matched, the name found)."""
    found: list[tuple[str, Name]] = []
    i = 0
    while i < len(words):
        kinds = TRIGGERS.get(words[i])
        hit = _longest(words, i + 1, kinds) if kinds else None
        if hit:
            size, name = hit
            found.append((" ".join(words[i:i + 1 + size]), name))
            i += 1 + size
            continue
        bare = _longest(words, i, ("KOTA", "KABUPATEN", "PROVINSI"))
        if bare and not (bare[0] == 1 and words[i] in COMMON_WORDS):
            size, name = bare
            found.append((" ".join(words[i:i + size]), name))
            i += size
            continue
        i += 1
    return found


def _seen_once_and_twice(sets: Iterable[tuple[frozenset[str], int]]) -> tuple[set[str], set[str]]:
    """From (set of one name, how many times the text names it): the members named at least once,
    and those named at least twice (by two matches, of one name or of two)."""
    once: set[str] = set()
    twice: set[str] = set()
    for members, times in sets:
        twice |= members if times > 1 else once & members
        once |= members
    return once, twice


def _narrow_all(named: Sequence[K], candidates: Mapping[K, Sequence[Place]],
                region_code: str | None = None) -> dict[K, Sequence[Place]]:
    """For each name the text names (`named`, in text order, repeats included): its candidates that
    lie inside, or contain, the reporter's region or a candidate of another match, if any do; else
    all of them. "desa Sukamaju, kec. Cibadak" keeps the Sukamaju in Cibadak.

    Why sets: comparing every candidate with every other match's candidates costs matches² x
    candidates², and a text listing 300 shared village names ("desa sidomulyo desa sidorejo ...",
    issue 20) took 22 s. Here each distinct name is read once, and a match leaves itself out by
    knowing which codes (and leading parts of codes) two matches name, so the cost is linear in the
    matches plus the candidates of the distinct names.
    """
    times = Counter(named)
    codes = {name: frozenset(map(_CODE, candidates[name])) for name in times}
    lengths = sorted(frozenset().union(*(map(len, group) for group in codes.values())))
    cutters = [itemgetter(slice(0, n)) for n in lengths]  # a code's leading part at each code length
    leading = {name: frozenset().union(*(map(cut, group) for cut in cutters)) for name, group in codes.items()}
    once_codes, twice_codes = _seen_once_and_twice((codes[name], times[name]) for name in times)
    _, twice_leading = _seen_once_and_twice((leading[name], times[name]) for name in times)
    narrowed: dict[K, Sequence[Place]] = {}
    for name, own in codes.items():
        # Another match names this place or one inside it: a code of that match starts with the
        # candidate's code, which is then a leading part of the codes of two matches.
        inside = set(own & twice_leading)
        # Another match names a region around this candidate: its code is a leading part of the
        # candidate's code ("kab. Bogor" is 32.01, a Sukamaju in it 32.01.xx.xxxx).
        around = (leading[name] & twice_codes) | ((leading[name] & once_codes) - own)
        if around:
            inside |= {code for code in own if any(cut(code) in around for cut in cutters)}
        if region_code:
            inside |= {code for code in own if code.startswith(region_code) or region_code.startswith(code)}
        places = candidates[name]
        narrowed[name] = places if not inside or inside == own else [p for p in places if p.code in inside]
    return narrowed


def _match(matched: str, narrowed: Sequence[Place]) -> RegionMatch:
    codes = tuple(dict.fromkeys(map(_CODE, narrowed)))
    return RegionMatch(narrowed[0].kind, narrowed[0].name, matched, codes[:MAX_CANDIDATES], len(codes) > 1,
                       _routing_region(codes))


def detect(text: str, region_code: str | None = None) -> list[RegionMatch]:
    """Every place named in the text, most general first. `region_code` (the region the reporter
    chose) and the other places named narrow the candidates of an ambiguous name."""
    found = _scan(expand(raw_tokens(text)))
    names = [name for _, name in found]
    narrowed = _narrow_all(names, {name: _candidates(name) for name in names}, region_code)
    by_name: dict[Name, RegionMatch] = {}  # a name named again is the same match but for the words
    matches = []
    for matched, name in found:
        if name not in by_name:
            by_name[name] = _match(matched, narrowed[name])
        matches.append(replace(by_name[name], words=matched))
    order = {"PROVINSI": 0, "KABUPATEN": 1, "KOTA": 1, "KECAMATAN": 2, "KELURAHAN": 3, "DESA": 3}
    return sorted(matches, key=lambda m: order[m.kind])


def region_from_places(matches: list[RegionMatch]) -> tuple[str | None, bool]:
    """The region to route by when the reporter chose none: the most specific place that points to
    one region. Returns (code, ambiguous): ambiguous when only an ambiguous name pointed there."""
    best: tuple[int, bool, str] | None = None
    for m in matches:
        if m.region_code and m.region_code in regions():
            rank = (len(m.region_code), not m.ambiguous, m.region_code)
            best = max(best, rank) if best else rank
    if best is None:
        return None, False
    return best[2], not best[1]


def describe(code: str) -> Region | None:
    return regions().get(code)
