"""The SDK's data files this code reads, parsed ahead of time.

A botocore client is built from JSON shipped with botocore: `endpoints.json` (every region of every
service, about 1 MB), the service's model and endpoint rules. Before loading a model, botocore's
loader lists every directory of its 400 services to check the name exists. On a Lambda cold start
that is the largest part of creating the first client (and of the first paginator), and every
container redoes it.

`laportools.sdk_data` reads exactly those files once, through botocore's own loader (so extras are
merged as botocore merges them), and writes them to `chalicelib/data/sdk/botocore.bin`: each entry
a zlib-compressed `marshal` of the parsed data, which Python reads several times faster than JSON.
`PrebuiltLoader` answers from it and leaves anything else (waiters, a service not
listed) to botocore's files. Its `endpoints.json` keeps only the listed services' entries (the rest is
nine tenths of the file), so a session reading it makes clients for SERVICES only: `aws.client` gives
any other service a session of botocore's own. The file names the botocore version it was built from; with any other
version, or a Python whose `marshal` cannot read it, the session keeps botocore's own loader
(`tests/shared/test_sdk_data.py` fails while the file is stale).
"""
from __future__ import annotations

import marshal
import zlib
from pathlib import Path
from typing import Any

import botocore
from botocore.loaders import Loader

FILE = Path(__file__).resolve().parents[1] / "data" / "sdk" / "botocore.bin"
# What the deployed functions create clients for (chalicelib.shared.aws.client callers).
SERVICES = ("dynamodb", "sqs", "s3", "sns", "kms", "ses", "cognito-idp")
MODEL_TYPES = ("service-2", "endpoint-rule-set-1", "paginators-1")  # paginators: listings (S3, Cognito)
DATA = ("endpoints", "partitions", "sdk-default-configuration", "_retry")
BOTOCORE_ROOT = Path(botocore.__file__).resolve().parent


def model_key(service: str, type_name: str) -> str:
    return f"model:{service}/{type_name}"


def data_key(name: str) -> str:
    return f"data:{name}"


class PrebuiltLoader(Loader):
    """botocore's loader, answering the prebuilt entries from memory."""

    def __init__(self, entries: dict[str, tuple[bytes, str | None]]) -> None:
        super().__init__()
        self._entries = entries
        self._parsed: dict[str, Any] = {}

    def _entry(self, key: str) -> Any:
        if key not in self._parsed:
            self._parsed[key] = marshal.loads(zlib.decompress(self._entries[key][0]))
        return self._parsed[key]

    def load_service_model(self, service_name: str, type_name: str, api_version: str | None = None) -> Any:
        key = model_key(service_name, type_name)
        if api_version is None and key in self._entries:
            return self._entry(key)
        return super().load_service_model(service_name, type_name, api_version)

    def load_data_with_path(self, name: str) -> tuple[Any, str]:
        key = data_key(name)
        if key in self._entries:
            relative = self._entries[key][1]
            return self._entry(key), str(BOTOCORE_ROOT / relative) if relative else ""
        return super().load_data_with_path(name)


def read(path: Path = FILE) -> dict[str, tuple[bytes, str | None]] | None:
    """The prebuilt entries, or None when the file is missing, unreadable or built for another
    botocore (whose data may differ)."""
    try:
        content = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(content, dict) or content.get("botocore") != botocore.__version__:
        return None
    entries: dict[str, tuple[bytes, str | None]] = content["entries"]
    return entries


def loader(path: Path = FILE) -> Loader | None:
    """A loader for a new session, or None to keep botocore's."""
    entries = read(path)
    return PrebuiltLoader(entries) if entries is not None else None
