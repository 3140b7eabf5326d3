"""Starts a metered local AWS endpoint with Lapor's tables, queues and directory for a benchmark."""
from __future__ import annotations

import os
from typing import Any

from .awsmeter import IndexSpec, Meter, metered_endpoint


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


def start(stage: str = "bench") -> tuple[Any, Meter, dict[str, Any]]:
    """Environment first (table names freeze at import), then server, tables, queues, seed."""
    os.environ.update({
        "LAPOR_STAGE": stage, "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": "ap-southeast-3", "AWS_REGION": "ap-southeast-3",
        "POWERTOOLS_LOG_LEVEL": "ERROR", "POWERTOOLS_METRICS_DISABLED": "true",
    })
    meter = Meter({})
    server = metered_endpoint(meter)
    os.environ["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{server.port}"
    from chalicelib.shared.settings import settings

    settings.cache_clear()  # chalicelib reads the environment just set
    server.start()
    meter.indexes = gsi_keys()
    meter.table_keys = table_keys()
    from laportools.provision import provision
    from chalicelib.store.directory import seed_directory

    queues = provision()
    for kind, urls in queues.items():
        os.environ[f"LAPOR_QUEUE_URL_{kind.upper()}"] = urls["url"]
    seed_directory()
    return server, meter, queues
