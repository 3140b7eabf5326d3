"""Which routing rules to try for a report, most specific first. Pure: no storage here."""
from __future__ import annotations

from chalicelib.directory.catalogue import NATIONAL, Category, Region, offices_for
from chalicelib.directory.seed import route_key
from chalicelib.routing.levels import routed_nationally


def candidate_routes(category: Category, region: Region, nationally: bool | None = None) -> list[str]:
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


def route_region(category: Category, region: Region, named: Region | None = None) -> Region | None:
    """The region whose offices take the report. A report filed for a whole province about an affair that
    no office of the province holds, only its regencies and cities (piped water, kelurahan services, fire),
    goes to the regency or city of that province the text names (LaporGub! admins sent Semarang's PDAM
    complaints to Kota Semarang); without one it goes to no one and a person decides, because the
    province's government does not hold the matter."""
    if not region.is_province or routed_nationally(category) or category.sector == "government":
        return region
    if any(category.sector in office.affairs for office in offices_for(region)):
        return region
    if named is not None and not named.is_province and named.province_code == region.code:
        return named
    return None


def routes_for(category: Category, region: Region, named: Region | None = None) -> list[str]:
    """candidate_routes() in the region route_region() picks (none: a person decides)."""
    where = route_region(category, region, named)
    return candidate_routes(category, where) if where is not None else []
