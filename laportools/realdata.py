"""Real complaints (LaporGub! Jawa Tengah) and the one rule that judges a routing decision against
the office the admins chose. Used by the model builder (to learn from them) and bench/real_routing.py
(to measure on them).

The texts are read from ../shared/data/laporgub-jateng/ (relative to the repository root; the
LAPOR_REAL_DATA environment variable points elsewhere) at build and benchmark time only: never commit,
print or log them. What may leave this module is derived: category labels, counts, shares.

"Right office", precisely (judge()):
- the admins' office (chalicelib/data/routing/laporgub_offices.json) has a level (NASIONAL, PROVINSI,
  KABUPATEN, KOTA), a region (ID for national bodies) and the government affairs it holds;
- the router's decision is the agency its first matching route key names, with that key's region and
  affair (the category's own affair for a national programme's owner, "government" when the route
  fell back to a regional government);
- right when the level and region are the same and the decision's affair is one the office holds;
  a regency/city government (PEMDA) holds every affair of its region, so any agency of that region is
  right; a report sent up to the national LAPOR! admins (NATIONAL_CHANNEL) is right for any national
  body. No decision is "left for a person"; anything else is a wrong office.
"""
from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from chalicelib.classify.classifier import FALLBACK_CATEGORY, Classification
from chalicelib.classify.places import region_from_places
from chalicelib.directory.catalogue import DATA, NATIONAL, category, region
from chalicelib.directory.seed import AgencyEntry, directory
from chalicelib.routing.reliability import Counts, Gate, region_level
from chalicelib.routing.router import candidate_routes, routes_for

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("LAPOR_REAL_DATA") or ROOT.parent / "shared" / "data" / "laporgub-jateng")
OFFICES_FILE = DATA / "routing" / "laporgub_offices.json"
MONTHS = ("2018-02", "2018-03", "2018-05")
DEMAK = "demak-2014-2019"
DEMAK_REGION = "33.21"  # Kabupaten Demak: every report of that file is about it
HELD_OUT_MONTH = "2018-05"  # the latest month: measured by a model trained on the others


class Verdict(str, Enum):
    RIGHT = "right office"
    LEFT = "left for a person"
    WRONG = "wrong office"


@dataclass(frozen=True)
class Complaint:
    source: str  # the file's stem: a month ("2018-05") or the Demak file
    text: str  # the citizen's words: never print or log
    office: str  # the `diteruskan` value: where the admins sent it
    region_code: str  # what the report's region is: the province for LaporGub!, Demak for its file


@dataclass(frozen=True)
class Office:
    name: str
    level: str
    region_code: str
    kind: str  # OFFICE, NATIONAL, PEMDA, NATIONAL_CHANNEL
    affairs: tuple[str, ...]


@dataclass(frozen=True)
class Decision:
    agency_id: str
    level: str
    region_code: str
    affair: str  # the affair the route was found for ("government": the regional government's fallback)


def available() -> bool:
    """True when the real complaints are on this machine (they are not part of the repository)."""
    return all((DATA_DIR / f"{name}.csv").exists() for name in (*MONTHS, DEMAK))


def complaints(sources: tuple[str, ...] = (*MONTHS, DEMAK)) -> list[Complaint]:
    """The complaints of the given files, in file order (deterministic)."""
    out = []
    for name in sources:
        with (DATA_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = " ".join((row.get("laporan") or "").split())
                if text and row.get("diteruskan"):
                    out.append(Complaint(name, text, row["diteruskan"].strip(),
                                         DEMAK_REGION if name == DEMAK else offices_document()["province"]))
    return out


@lru_cache(maxsize=1)
def offices_document() -> dict:
    return json.loads(OFFICES_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def offices() -> dict[str, Office]:
    """`diteruskan` value -> the office in the directory's terms."""
    return {name: Office(name, meta["level"], meta["region_code"], meta["kind"], tuple(meta["affairs"]))
            for name, meta in offices_document()["offices"].items()}


@lru_cache(maxsize=1)
def route_table() -> dict[str, AgencyEntry]:
    """Route key -> agency, as the seeded directory holds it (the same data the store is seeded from)."""
    return {key: entry for entry, keys in directory() for key in keys}


def decide(category_code: str, region_code: str, new_rules: bool = True, named_code: str | None = None,
           by_place: bool = True) -> Decision | None:
    """Where the router sends a report of this category in this region (None: nowhere), `named_code` being
    the place its text names. Without `new_rules`, as it did before issue 22: categories.json's `national`
    flag alone (no levels.json) and the report's region whatever the topic (no route_region()). Without
    `by_place`, levels.json but not route_region(): how the builder's training labels were chosen."""
    found, where = category(category_code), region(region_code)
    if found is None or where is None:
        return None
    if not new_rules:
        keys = candidate_routes(found, where, found.national)
    elif not by_place:
        keys = candidate_routes(found, where)
    else:
        keys = routes_for(found, where, region(named_code) if named_code else None)
    table = route_table()
    for key in keys:
        entry = table.get(key)
        if entry is not None:
            place, topic = key.split("#", 1)
            affair = found.sector if place == NATIONAL else topic
            return Decision(entry.id, entry.level, entry.region_code, affair)
    return None


def route_of(result: Classification, region_code: str, threshold: float, new_rules: bool = True,
             gate: Gate | None = None) -> Decision | None:
    """What the router does with a report that came without a category (routing/reading.py): routes by the
    classifier's category when it is at least `threshold` sure and names a topic, else leaves it; with a
    route-reliability `gate` (routing/reliability.py), a topic the gate holds unreliable at the region's
    level is left too."""
    if result.category == FALLBACK_CATEGORY or result.confidence < threshold:
        return None
    where = region(region_code)
    if gate is not None and where is not None and gate.unreliable(result.category, region_level(where),
                                                                  result.confidence):
        return None
    named, ambiguous = region_from_places(list(result.regions))
    return decide(result.category, region_code, new_rules, None if ambiguous else named)


def judge(decision: Decision | None, office: Office) -> Verdict:
    """The router's decision against the admins' office (the rule in this module's docstring)."""
    if decision is None:
        return Verdict.LEFT
    if office.kind == "NATIONAL_CHANNEL":
        right = decision.level == "NASIONAL"
    elif office.kind == "PEMDA":
        right = decision.region_code == office.region_code
    else:
        right = (decision.level == office.level and decision.region_code == office.region_code
                 and decision.affair in office.affairs)
    return Verdict.RIGHT if right else Verdict.WRONG


def scored_routes(items: list[Complaint], results: list[Classification]) -> list[tuple[float, bool]]:
    """(confidence, right) of every answer the router could route at any threshold, judged against
    the admins' office: what calibration chooses a threshold on and the reliability table bands."""
    by_name = offices()
    scored = []
    for item, result in zip(items, results):
        decision = route_of(result, item.region_code, 0.0)
        if decision is not None:
            scored.append((result.confidence, judge(decision, by_name[item.office]) is Verdict.RIGHT))
    return scored


def route_counts(items: list[Complaint], results: list[Classification], threshold: float
                 ) -> dict[str, dict[str, Counts]]:
    """level of the report's region -> the classifier's topic -> (routes at `threshold`, routes that reached
    the admins' office): what the route-reliability gate is learned from. Codes and counts only."""
    by_name = offices()
    tally: dict[str, dict[str, list[int]]] = {}
    for item, result in zip(items, results):
        decision = route_of(result, item.region_code, threshold)
        where = region(item.region_code)
        if decision is None or where is None:
            continue
        counts = tally.setdefault(region_level(where), {}).setdefault(result.category, [0, 0])
        counts[0] += 1
        counts[1] += judge(decision, by_name[item.office]) is Verdict.RIGHT
    return {level: {code: Counts(routes, right) for code, (routes, right) in sorted(topics.items())}
            for level, topics in sorted(tally.items())}
