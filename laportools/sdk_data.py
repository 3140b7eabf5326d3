"""Write `chalicelib/data/sdk/botocore.bin`: the SDK data files the functions read, parsed ahead.

    python -m laportools.sdk_data

Run it after changing the botocore pin in requirements.txt (a test fails until then). The entries
are read through botocore's own loader, so they are byte for byte what botocore would parse.
"""
from __future__ import annotations

import marshal
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import botocore
from botocore.loaders import create_loader

from chalicelib.shared import sdk_data


def plain(value: Any) -> Any:
    """`value` with botocore's OrderedDicts as dicts (which keep order too): marshal writes only
    built-in types."""
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def endpoints_for(data: dict[str, Any], prefixes: set[str]) -> dict[str, Any]:
    """`endpoints.json` with each partition's services narrowed to `prefixes` (the endpoint prefixes
    of the prebuilt services): everything else in a partition (regions, defaults, hostname) stays.
    The other services' entries are most of the file and no session that reads it makes their clients
    (`chalicelib.shared.aws` gives those a session of botocore's own)."""
    return {**data, "partitions": [
        {**partition, "services": {name: service for name, service in partition["services"].items()
                                   if name in prefixes}}
        for partition in data["partitions"]]}


def entries() -> dict[str, tuple[bytes, str | None]]:
    """Each prebuilt entry: compressed data and, for data files, the path botocore reports for them
    (relative to botocore, whose location differs between machines)."""
    loader = create_loader()
    out: dict[str, tuple[bytes, str | None]] = {}

    def pack(value: Any) -> bytes:
        return zlib.compress(marshal.dumps(plain(value)), 9)

    for service in sdk_data.SERVICES:
        for type_name in sdk_data.MODEL_TYPES:
            out[sdk_data.model_key(service, type_name)] = (pack(loader.load_service_model(service, type_name)), None)
    for name in sdk_data.DATA:
        data, path = loader.load_data_with_path(name)
        if name == "endpoints":
            data = endpoints_for(data, endpoint_prefixes(loader))
        relative = str(Path(path).resolve().relative_to(sdk_data.BOTOCORE_ROOT)) if path else None
        out[sdk_data.data_key(name)] = (pack(data), relative)
    return out


def endpoint_prefixes(loader: Any) -> set[str]:
    """The names `endpoints.json` knows the prebuilt services by (SES is "email", for one)."""
    return {loader.load_service_model(service, "service-2")["metadata"]["endpointPrefix"]
            for service in sdk_data.SERVICES}


def build(path: Path = sdk_data.FILE) -> int:
    """Write the file; returns its size in bytes."""
    content = marshal.dumps({"botocore": botocore.__version__, "entries": entries()})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return len(content)


if __name__ == "__main__":
    size = build()
    print(f"wrote {sdk_data.FILE.relative_to(Path.cwd()) if sdk_data.FILE.is_relative_to(Path.cwd()) else sdk_data.FILE}"
          f" ({size / 1024:.0f} KiB, botocore {botocore.__version__})")
