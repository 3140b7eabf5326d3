"""What infra deploys, read from the code's own definitions at synth time: tables from the
PynamoDB models, queues from chalicelib.shared.queues and buckets from chalicelib.shared.resources. Nothing here is
typed twice, so a table, index, stream, queue or bucket another module adds reaches the template by itself."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pynamodb.attributes import TTLAttribute
from pynamodb.models import Model

from chalicelib.shared import config, resources
from chalicelib.shared import queues as shared_queues
from chalicelib.store.models import ALL_MODELS


@dataclass(frozen=True)
class IndexDef:
    name: str
    key_schema: list[dict[str, str]]  # HASH first
    projection: dict[str, Any]  # {"ProjectionType": ..., "NonKeyAttributes"?: [...]}


@dataclass(frozen=True)
class TableDef:
    kind: str
    attributes: dict[str, str]  # name -> S | N | B
    key_schema: list[dict[str, str]]
    global_indexes: list[IndexDef]
    local_indexes: list[IndexDef]
    stream_view_type: str | None
    ttl_attribute: str | None

    def name(self, stage: str) -> str:
        return f"lapor-{stage}-{self.kind}"


def _hash_first(key_schema: list[dict[str, str]]) -> list[dict[str, str]]:
    return sorted(({"AttributeName": k["AttributeName"], "KeyType": k["KeyType"]} for k in key_schema),
                  key=lambda k: k["KeyType"] != "HASH")


def _index(raw: dict[str, Any]) -> IndexDef:
    projection = dict(raw["projection"])
    return IndexDef(raw["index_name"], _hash_first(raw["key_schema"]), projection)


def kind_of(table_name: str) -> str:
    """`lapor-<stage>-reports` -> `reports` (models are named for the stage this process runs)."""
    prefix = config.resource_name("")
    if not table_name.startswith(prefix):
        raise ValueError(f"table {table_name!r} is not named by config.resource_name")
    return table_name[len(prefix):]


def table_def(model: type[Model]) -> TableDef:
    schema = model._get_schema()  # what PynamoDB's create_table sends: the local stack's tables
    ttl = [attr.attr_name for attr in model.get_attributes().values() if isinstance(attr, TTLAttribute)]
    if len(ttl) > 1:
        raise ValueError(f"{model.__name__} has more than one TTLAttribute; DynamoDB allows one")
    return TableDef(
        kind=kind_of(model.Meta.table_name),
        attributes={a["AttributeName"]: a["AttributeType"] for a in schema["attribute_definitions"]},
        key_schema=_hash_first(schema["key_schema"]),
        global_indexes=sorted((_index(i) for i in schema.get("global_secondary_indexes", [])), key=lambda i: i.name),
        local_indexes=sorted((_index(i) for i in schema.get("local_secondary_indexes", [])), key=lambda i: i.name),
        stream_view_type=getattr(model.Meta, "stream_view_type", None),
        ttl_attribute=ttl[0] if ttl else None,
    )


def tables() -> list[TableDef]:
    seen: dict[str, TableDef] = {}
    for model in ALL_MODELS:
        definition = table_def(model)
        seen.setdefault(definition.kind, definition)
    return list(seen.values())


def queues() -> tuple[shared_queues.QueueSpec, ...]:
    return shared_queues.QUEUES


def buckets() -> tuple[Any, ...]:
    return tuple(getattr(resources, "BUCKETS", ()))


def webhook_key_kind() -> str | None:
    return getattr(resources, "WEBHOOK_KEY_ALIAS_KIND", None)
