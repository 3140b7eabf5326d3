"""Which region a map pin is in, as far as packaged data can tell: a proposal, never a decision.

Why only a proposal: no package on the registries this project uses ships Indonesia's regency
boundaries; the official area data (npm `idn-area-data`, data/regions/ATTRIBUTION.md) ships a
point for each of ~17,000 named islands with its regency. A pin within PROPOSE_WITHIN_KM of such
a point is almost surely in that island's regency (small islands are one regency), so the form
proposes it; anywhere else (inland, on the big islands' mainland) nothing is proposed and the
reporter chooses, or the region is read from the text and address as before (classify/places.py).
The reporter's own choice always stands.

Usage:
    proposal = propose(-8.65, 115.22)   # -> Proposal(region_code, province_code, name, km) or None
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from chalicelib.directory import catalogue

DATA = Path(__file__).resolve().parent.parent / "data" / "regions" / "island_points.csv"
PROPOSE_WITHIN_KM = 3.0
_CELL = 0.1  # degrees (~11 km): points bucketed by cell, a lookup reads the 9 cells around a pin


@dataclass(frozen=True)
class Proposal:
    region_code: str
    province_code: str
    name: str
    distance_km: float


@lru_cache(maxsize=1)
def _grid() -> dict[tuple[int, int], list[tuple[float, float, str]]]:
    grid: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
    with DATA.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lat, lon = float(row["latitude"]), float(row["longitude"])
            cell = (math.floor(lat / _CELL), math.floor(lon / _CELL))
            grid.setdefault(cell, []).append((lat, lon, row["regency_code"]))
    return grid


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def propose(latitude: float, longitude: float) -> Proposal | None:
    """The regency of the nearest island point within PROPOSE_WITHIN_KM, or None."""
    row, col = math.floor(latitude / _CELL), math.floor(longitude / _CELL)
    best: tuple[float, str] | None = None
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            for lat, lon, code in _grid().get((row + dr, col + dc), ()):
                km = distance_km(latitude, longitude, lat, lon)
                if km <= PROPOSE_WITHIN_KM and (best is None or km < best[0]):
                    best = (km, code)
    if best is None:
        return None
    region = catalogue.region(best[1])
    if region is None:
        return None
    return Proposal(region.code, region.province_code, region.name, round(best[0], 2))
