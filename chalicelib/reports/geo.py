"""Reports as places: the public feed as GeoJSON, for the public map and anyone's GIS.

Why a module: every point comes from the privacy projection's public view (rahasia reports are
never in the feed, anonim pins arrive rounded to ~100 m: `privacy.public_coordinates`), and this
module only reshapes that view into RFC 7946 features, so no map can show more than the public
pages do.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Properties a feature carries: what the public report page shows in its header, nothing more.
_PROPERTIES = ("tracking_id", "title", "status", "classification", "category", "region_code", "created_at",
               "updated_at", "closure")


def feature(item: dict[str, Any], site_url: str = "") -> dict[str, Any] | None:
    """One public view as a GeoJSON Point feature, or None when it has no public pin."""
    latitude, longitude = item.get("latitude"), item.get("longitude")
    if latitude is None or longitude is None:
        return None
    properties = {key: item.get(key) for key in _PROPERTIES}
    properties["agency"] = (item.get("agency") or {}).get("name")
    properties["approximate"] = bool(item.get("anonim"))  # rounded to ~100 m
    properties["url"] = f"{site_url}/lacak/{item['tracking_id']}"
    return {"type": "Feature", "id": item["tracking_id"],
            "geometry": {"type": "Point", "coordinates": [longitude, latitude]},  # GeoJSON: x (lon), y (lat)
            "properties": properties}


def feature_collection(items: Iterable[dict[str, Any]], site_url: str = "",
                       **members: Any) -> dict[str, Any]:
    """A FeatureCollection of the items that have a public pin; `members` (month, next_cursor)
    are added as foreign members, as RFC 7946 allows."""
    features = [f for f in (feature(item, site_url) for item in items) if f is not None]
    return {"type": "FeatureCollection", "features": features, **members}
