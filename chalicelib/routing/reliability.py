"""Which of the classifier's topics may route a report without a person: the route-reliability gate.

A confident reading is not a reliable route for every topic. For some topics the office depends on whose
road or land it is (province or regency, the housing office or BPN), not on the topic, so even the
classifier's surest answers there reach the office real admins chose too rarely; for others the route is
reliable. `make model` counts, per topic and per level of the report's region, how many of the
cross-validated real complaints' confident routes reached the admins' office, and writes
chalicelib/data/routing/reliability.json (topic codes and counts only, never a text). Operators may edit
the target, the minimum support or the counts; the file is checked on load, so a bad one fails the first
routing and the tests.

A topic is gated at a level when it has at least `min_support` routes there and the conservative estimate
of its reliability, the Wilson score interval's lower bound at `z`, is below `target`: a topic routes on its
own only while the evidence shows it reaches the admins' office at least that often (a raw 3 of 3 proves
nothing). Below `min_support` the data cannot tell (even a perfect record's lower bound, n / (n + z^2),
stays under the target), so such a topic keeps routing as before (`rare_topics` "route"), unless:
- "confident": a thin topic (or one never counted) routes only when the classifier is at least
  `rare_threshold` sure of it, else it is left for a person: its own record cannot vouch for the topic, so the
  reading's confidence has to (measured and not shipped: the texts written here about thin topics are read
  with confidences spread down to the operating threshold, so any bar above 0.65 held back more than 0.03 of
  their right routes, while the cross-validated real complaints' thin-topic routes are right about 0.73 of
  the time even above 0.9);
- "destination": a thin topic (or one never counted) is judged by the record of the office its routes reach,
  destination(): every counted route at the level to the same national body or the same kind of regional
  office, whatever its topic. A topic is new or rare far more often than an office is, and the admins'
  choice depends on whose matter it is as much as on the topic, so the office's record is the evidence
  nearest to hand; when that record is thin too, the topic routes as before;
- "pool": the level's thin topics (and those never counted) are judged together, as one (measured and not
  shipped: most of the catalogue is thin, so it held back nearly every report).
With "destination" or "pool", a `rare_threshold` lets a thin topic read at least that surely route whatever
its office's or the pool's record, so a thin topic is held back only when both kinds of evidence are against
it. What ships is "destination" with a bar (laportools/model.py GATE_RARE_TOPICS, GATE_RARE_THRESHOLD): the
office's record alone held back too many right routes of plainly written complaints, which are read surely.
A gated reading is left for a person with its suggestion (why `unreliable_topic`), so the desk still
forwards it in one click.

    >>> gate().unreliable("jalan_rusak", "province", 0.93)  # doctest: +SKIP
    True
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.directory.catalogue import DATA, Region, categories, category, default_offices, national_agencies
from chalicelib.domain.intervals import wilson
from chalicelib.routing.levels import routed_nationally

RELIABILITY_FILE = DATA / "routing" / "reliability.json"
# How topics with fewer than min_support routes are judged: they route as before, only when read surely enough
# (rare_threshold), by the record of the office they reach, or all together.
RARE_TOPICS = ("route", "confident", "destination", "pool")
PROVINCE, REGENCY = "province", "regency"
REGION_LEVELS = (PROVINCE, REGENCY)  # a report filed with a province, or with a regency or city
LEVEL_KINDS = {PROVINCE: ("PROVINSI",), REGENCY: ("KABUPATEN", "KOTA")}  # the region kinds of each level


def region_level(region: Region) -> str:
    """The level of a report's region, as the gate counts it."""
    return PROVINCE if region.is_province else REGENCY


@lru_cache(maxsize=1024)
def destination(category_code: str, level: str) -> str:
    """Where routes of the topic go from a region of the level, named the same for every region of it: the
    national body that owns the topic (routing/levels.py decides national or regional), else the level's
    office holding its affair (directory/offices.json), else "government" (the region's government, or for
    a province the regency or city the text names: routing/router.route_region). An unknown topic is its
    own destination."""
    found = category(category_code)
    if found is None:
        return f"topic:{category_code}"
    if routed_nationally(found):
        owner = next((body["id"] for body in national_agencies() if found.code in body["programmes"]), found.code)
        return f"national:{owner}"
    kinds = LEVEL_KINDS[level]
    office = next((key for key, meta in default_offices().items() if found.sector in meta["affairs"]
                   and any(kind in meta.get("levels", kinds) for kind in kinds)), "government")
    return f"{level}:{office}"


@dataclass(frozen=True)
class Counts:
    routes: int  # confident routes of the topic at the level (cross-validated real complaints)
    right: int  # of those, routes that reached the office the admins chose

    @staticmethod
    def summed(records: Iterable[Counts]) -> Counts:
        """Several records judged as one."""
        found = list(records)
        return Counts(sum(c.routes for c in found), sum(c.right for c in found))


@dataclass(frozen=True)
class Gate:
    target: float  # the share of routes that must reach the admins' office
    min_support: int  # fewer routes than this: not enough evidence, the topic routes as before
    z: float  # width of the Wilson interval (1.645: one-sided 95%)
    counts: Mapping[str, Mapping[str, Counts]]  # level -> topic -> counts
    rare_topics: str = "route"  # RARE_TOPICS: how topics with fewer than min_support routes are judged
    # A thin topic read at least this surely routes ("confident": only then; "destination", "pool": whatever
    # the record it is judged by). None: no such bar ("confident" requires one).
    rare_threshold: float | None = None

    def lower_bound(self, category_code: str, level: str) -> float | None:
        """The conservative estimate of the topic's reliability at the level (None: not counted)."""
        found = self.counts.get(level, {}).get(category_code)
        interval = wilson(found.right, found.routes, self.z) if found is not None else None
        return None if interval is None else interval[0]

    def unreliable(self, category_code: str, level: str, confidence: float) -> bool:
        """True: a route by this topic at this level, read with this confidence (the classifier's, 0..1), is left
        for a person. The confidence matters only for a thin topic (fewer than min_support routes counted)."""
        found = self.counts.get(level, {}).get(category_code)
        if found is None or found.routes < self.min_support:
            if self.rare_topics == "route" or (self.rare_threshold is not None and confidence >= self.rare_threshold):
                return False
            if self.rare_topics == "confident":
                return True  # below the bar, and its own record cannot vouch for it
            found = self.rare(level) if self.rare_topics == "pool" else self.at_destination(category_code, level)
            if found.routes < self.min_support:
                return False
        interval = wilson(found.right, found.routes, self.z)  # routes >= min_support >= 1: an interval
        return interval is not None and interval[0] < self.target

    def at_destination(self, category_code: str, level: str) -> Counts:
        """The record of the office the topic's routes reach from the level: every counted topic with the same
        destination(), its own routes included."""
        where = destination(category_code, level)
        return Counts.summed(c for code, c in self.counts.get(level, {}).items() if destination(code, level) == where)

    def rare(self, level: str) -> Counts:
        """The level's topics with fewer than min_support routes, counted together."""
        return Counts.summed(c for c in self.counts.get(level, {}).values() if c.routes < self.min_support)

    def gated(self, confidence: float = 1.0) -> dict[str, list[str]]:
        """level -> the topics gated there for a reading of this confidence, sorted (when thin topics are judged
        by more than their own record, every topic of the catalogue, counted or not). At the default, the
        surest reading, "confident" holds back only the topics gated on their own record."""
        every = categories() if self.rare_topics != "route" else {}
        return {level: sorted(code for code in {*topics, *every} if self.unreliable(code, level, confidence))
                for level, topics in self.counts.items()}


def _number(document: Mapping[str, Any], key: str, low: float, high: float) -> float:
    value = document.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ValueError(f"{RELIABILITY_FILE.name}: `{key}` must be a number from {low} to {high}")
    return float(value)


def parse(document: Any, known: Mapping[str, object] | None = None) -> Gate:
    """The gate a reliability document describes; raises ValueError naming what is wrong (unknown level or
    topic, counts that are not whole numbers with 0 <= right <= routes, a missing source, a target outside
    0..1)."""
    name = RELIABILITY_FILE.name
    if not isinstance(document, dict):
        raise ValueError(f"{name}: expected a JSON object")
    if not isinstance(document.get("source"), str) or len(document["source"]) < 20:
        raise ValueError(f"{name}: `source` must say where the counts come from")
    _number(document, "threshold", 0.0, 1.0)
    target = _number(document, "target", 0.0, 1.0)
    min_support = document.get("min_support")
    if isinstance(min_support, bool) or not isinstance(min_support, int) or min_support < 1:
        raise ValueError(f"{name}: `min_support` must be a whole number >= 1")
    z = _number(document, "z", 0.0, 5.0)
    topics = known if known is not None else categories()
    levels = document.get("levels")
    if not isinstance(levels, dict):
        raise ValueError(f"{name}: `levels` must map {' and '.join(REGION_LEVELS)} to topics")
    counts: dict[str, dict[str, Counts]] = {}
    for level, entries in levels.items():
        if level not in REGION_LEVELS or not isinstance(entries, dict):
            raise ValueError(f"{name}: level {level!r} must be one of {', '.join(REGION_LEVELS)} and map topics")
        counts[level] = {}
        for code, entry in entries.items():
            if code not in topics:
                raise ValueError(f"{name}: {level}.{code}: unknown category")
            routes, right = (entry.get("routes"), entry.get("right")) if isinstance(entry, dict) else (None, None)
            if not all(isinstance(n, int) and not isinstance(n, bool) for n in (routes, right)) \
                    or not 0 <= right <= routes:  # type: ignore[operator]
                raise ValueError(f"{name}: {level}.{code} needs whole `routes` and `right`, 0 <= right <= routes")
            counts[level][code] = Counts(routes, right)  # type: ignore[arg-type]
    rare_topics = document.get("rare_topics", "route")
    if rare_topics not in RARE_TOPICS:
        raise ValueError(f"{name}: `rare_topics` must be one of {', '.join(RARE_TOPICS)}")
    rare_threshold = None
    if document.get("rare_threshold") is not None:
        # below the operating threshold no reading routes at all, so such a bar would mean nothing
        rare_threshold = _number(document, "rare_threshold", document["threshold"], 1.0)
    elif rare_topics == "confident":
        raise ValueError(f"{name}: `rare_topics` confident needs `rare_threshold`, the confidence at which a thin "
                         "topic routes")
    return Gate(target, min_support, z, counts, rare_topics, rare_threshold)


def document_of(counts: Mapping[str, Mapping[str, Counts]], target: float, min_support: int, z: float,
                threshold: float, source: str, comment: str, rare_topics: str = "route",
                rare_threshold: float | None = None) -> dict[str, Any]:
    """A reliability document (what `make model` writes): counts and the shares they make, sorted;
    `threshold` is the confidence the routes were counted at (calibration.json's operating threshold)."""
    return {
        "_comment": comment,
        "source": source,
        "threshold": threshold,
        "target": target,
        "min_support": min_support,
        "z": z,
        "rare_topics": rare_topics,
        "rare_threshold": rare_threshold,
        "levels": {level: {code: {"routes": c.routes, "right": c.right,
                                  "share": round(c.right / c.routes, 3) if c.routes else None}
                           for code, c in sorted(counts[level].items())}
                   for level in REGION_LEVELS if level in counts},
    }


def dumps(document: Mapping[str, Any]) -> str:
    """The document as operators read it: one line per topic (the layout of routing/levels.json)."""
    lines = ["{"]
    for key in ("_comment", "source", "threshold", "target", "min_support", "z", "rare_topics", "rare_threshold"):
        lines.append(f" {json.dumps(key)}: {json.dumps(document[key], ensure_ascii=False)},")
    lines.append(' "levels": {')
    levels = list(document["levels"].items())
    for index, (level, topics) in enumerate(levels):
        lines.append(f"  {json.dumps(level)}: {{")
        entries = [f"   {json.dumps(code)}: {json.dumps(entry)}" for code, entry in topics.items()]
        lines.append(",\n".join(entries))
        lines.append("  }" + ("," if index < len(levels) - 1 else ""))
    lines += [" }", "}"]
    return "\n".join(lines) + "\n"


def load(path: Path = RELIABILITY_FILE) -> Gate:
    return parse(json.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def gate() -> Gate:
    """The shipped gate, checked once per process."""
    return load(RELIABILITY_FILE)


def unreliable_route(category_code: str, region: Region | None, confidence: float) -> bool:
    """True: a classifier route by this topic in this region, read with this confidence, is left for a person
    (no region: not gated). The router, /api/v1/classify and the SMS hook all ask this, so a topic the web form
    or an SMS would file as the reporter's own is never one the router would have held back."""
    return region is not None and gate().unreliable(category_code, region_level(region), confidence)
