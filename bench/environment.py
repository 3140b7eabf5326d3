"""Starts a metered local AWS endpoint with Lapor's tables, queues and directory for a benchmark."""
from __future__ import annotations

import os
from typing import Any

from .awsmeter import IndexSpec, Meter, metered_endpoint

# `python -m bench --quick` seeds the national bodies and this province only: every benchmark
# report is filed in 62.01, and the whole directory (15,000 agencies, 21,000 routes) takes
# longer to write than a quick section may run.
QUICK_PROVINCES = ("62",)


def gsi_keys() -> dict[str, list[IndexSpec]]:
    """Every table's global secondary indexes, read from the PynamoDB models (the definitions)."""
    from chalicelib.store.models import ALL_MODELS

    out: dict[str, list[IndexSpec]] = {}
    for model in ALL_MODELS:
        for index in model._indexes.values():
            schema = index._get_schema()
            projection = schema["projection"]
            out.setdefault(model.Meta.table_name, []).append(IndexSpec(
                schema["index_name"], tuple(k["AttributeName"] for k in schema["key_schema"]),
                projection["ProjectionType"], tuple(projection.get("NonKeyAttributes", ()))))
    return out


def table_keys() -> dict[str, tuple[str, ...]]:
    from chalicelib.store.models import ALL_MODELS

    return {model.Meta.table_name: tuple(name for name, attr in model.get_attributes().items()
                                          if attr.is_hash_key or attr.is_range_key)
            for model in ALL_MODELS}


def start(stage: str = "bench", quick: bool = False) -> tuple[Any, Meter, dict[str, Any]]:
    """Environment first (table names freeze at import), then server, tables, queues, seed
    (`quick`: only the part of the directory the benchmark reports are routed with)."""
    os.environ.update({
        "LAPOR_STAGE": stage, "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": "ap-southeast-3", "AWS_REGION": "ap-southeast-3",
        "POWERTOOLS_LOG_LEVEL": "ERROR", "POWERTOOLS_METRICS_DISABLED": "true",
    })
    meter = Meter({})
    server = metered_endpoint(meter)
    os.environ["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{server.port}"
    from chalicelib.settings import settings

    settings.cache_clear()  # chalicelib reads the environment just set
    server.start()
    meter.indexes = gsi_keys()
    meter.table_keys = table_keys()
    from chalicelib.directory.agencies import seed_directory
    from laportools.provision import provision

    queues = provision()
    for kind, urls in queues.items():
        os.environ[f"LAPOR_QUEUE_URL_{kind.upper()}"] = urls["url"]
    if quick:
        seed_provinces(QUICK_PROVINCES)
    else:
        seed_directory()
    return server, meter, queues


def seed_provinces(provinces: tuple[str, ...]) -> int:
    """Write the built-in directory's national bodies and the agencies (with their routes) of
    `provinces`, the same records seed_directory() writes for them. Returns the agencies written."""
    from chalicelib.directory import agencies
    from chalicelib.store import directory as store

    chosen = ((agencies._seed_fields(entry), keys) for entry, keys in agencies.built_in_directory()
              if entry.region_code == "ID" or entry.region_code.split(".")[0] in provinces)
    written, _routes = store.write_directory(chosen)
    return written
