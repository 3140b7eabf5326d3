"""Which routing rules to try for a report, most specific first. Pure: no storage here."""
from __future__ import annotations

from typing import Optional

from chalicelib.directory.catalogue import NATIONAL, Category, Region
from chalicelib.directory.seed import route_key
from chalicelib.routing.levels import routed_nationally


def candidate_routes(category: Category, region: Region, nationally: Optional[bool] = None) -> list[str]:
    """National programmes go to the ministry or agency that owns them; regional topics (and the national
    programmes that routing/levels.json sends to the regions) go to the region's service unit for the
    sector, then the region's government, then the province's. `nationally` overrides that rule (the
    benchmark measures the router as it was before levels.json)."""
    if routed_nationally(category) if nationally is None else nationally:
        return [route_key(NATIONAL, category.code)]
    keys = [route_key(region.code, category.sector), route_key(region.code, "government")]
    if not region.is_province:
        keys += [route_key(region.province_code, category.sector),
                 route_key(region.province_code, "government")]
    return keys
