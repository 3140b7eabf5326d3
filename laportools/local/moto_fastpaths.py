"""Keeps moto's SQS off O(backlog) paths, so a deep queue drains in time linear in its size.

moto stores a queue as one list of messages and answers most calls by walking it in Python:
- SendMessage reads `queue.attributes` (to see whether content-based deduplication is on), which
  counts visible, delayed and in-flight messages: three walks of the whole backlog per send.
- ReceiveMessage builds the full list of visible messages (two clock reads per stored message)
  before taking the first ten.
- DeleteMessage walks the backlog twice per receipt handle (DeleteMessageBatch: twenty walks).

A 10,000-report surge makes each of those ~10,000 Python steps, thousands of times. The patches
below keep moto's semantics (same messages, same order, same visibility and redrive rules) and
change only how much of the list is looked at: the first visible messages are found lazily, and
a receipt handle leads straight to its message.

moto's DynamoDB answers every Query by sorting *all* items of the table (`Table.all_items`) and
filtering them, even a query on the table's own hash key (a report's timeline): O(table log table)
per read. `install_dynamodb` gives a base-table query only its partition's items (moto sorts
those by range key afterwards, as before), and an index query only the items that may carry its
hash value, from a map kept per table (built on its first index query, grown by every put and
update): a timeline read, a look-alike search by region and category or a sweep's due-index read
costs its own size, not the table's (before, each walked all 10,000 reports of a surge).
Measured by `bench/surge.py` (README).
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

_local = threading.local()


class _VisibleMessages:
    """What `Queue.messages` returns: visible, not delayed messages, computed only as far as the
    caller iterates (receive stops after a batch). `len()` and truth still mean what they meant."""

    def __init__(self, queue: Any) -> None:
        self._snapshot = list(queue._messages)  # a C-speed copy; sends and deletes may run concurrently

    def __iter__(self) -> Iterator[Any]:
        from moto.core.utils import unix_time_millis

        now = unix_time_millis()  # moto's `visible` and `delayed`, with one clock read per call
        return (m for m in self._snapshot if now > m.visible_at and not now < m.delayed_until)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __bool__(self) -> bool:
        return any(True for _ in self)


def install() -> None:
    """Idempotent: patches moto's SQS and DynamoDB classes once per process."""
    install_sqs()
    install_dynamodb()


def _hashable(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bytes)) else repr(value)


def _note_item(table: Any, item: Any) -> None:
    """Adds `item` to its table's index map (when one was built) under each index hash value it has."""
    index_map = getattr(table, "_lapor_index_map", None)
    if index_map is None or item is None:
        return
    for attr, by_value in index_map.items():
        value = item.attrs.get(attr)
        if value is not None:
            by_value.setdefault((value.type, _hashable(value.value)), set()).add((item.hash_key, item.range_key))


def _index_candidates(table: Any, index_name: str, hash_value: Any) -> Any:
    """Items that may have `hash_value` as index `index_name`'s hash key, or None (walk the table).

    The map is built on a table's first index query and then grows with every put and update; it
    never forgets (an item whose key attribute changed stays listed under its old value too), so it
    is a superset, and moto's own filtering keeps only the exact matches."""
    index = next((i for i in table.all_indexes() if i.name == index_name), None)
    hash_keys = [k["AttributeName"] for k in index.schema if k["KeyType"] == "HASH"] if index else []
    if len(hash_keys) != 1 or hash_value is None:
        return None
    if getattr(table, "_lapor_index_map", None) is None:
        table._lapor_index_map = {k["AttributeName"]: {} for i in table.all_indexes()
                                  for k in i.schema if k["KeyType"] == "HASH"}
        for item in _every_item(table):
            _note_item(table, item)
    keys = table._lapor_index_map[hash_keys[0]].get((hash_value.type, _hashable(hash_value.value)), ())
    found = (table.get_item(hash_key, range_key) for hash_key, range_key in list(keys))
    return [item for item in found if item is not None]


def _every_item(table: Any) -> list[Any]:
    return [item for bucket in list(table.items.values())
            for item in (bucket.values() if table.range_key_attr else (bucket,))]


def install_dynamodb() -> None:
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.table import Table

    if getattr(Table, "_lapor_fast", False):
        return
    original_all_items = Table.all_items
    original_query = Table.query
    original_put = Table.put_item
    original_update = DynamoDBBackend.update_item

    def put_item(self: Any, *args: Any, **kwargs: Any) -> Any:
        item = original_put(self, *args, **kwargs)
        _note_item(self, item)
        return item

    def update_item(self: Any, table_name: str, *args: Any, **kwargs: Any) -> Any:
        item = original_update(self, table_name, *args, **kwargs)
        _note_item(self.get_table(table_name), item)
        return item

    def all_items(self: Any) -> Any:
        scope = getattr(_local, "query_scope", None)
        if scope is not None and scope[0] is self:
            return scope[1]
        return original_all_items(self)

    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = args[6] if len(args) > 6 else kwargs.get("index_name")
        if index_name:
            candidates = _index_candidates(self, index_name, hash_key)
            if candidates is None:
                candidates = _every_item(self)
        elif self.range_key_attr:
            candidates = list(self.items.get(hash_key, {}).values()) if hash_key in self.items else []
        else:
            candidates = [self.items[hash_key]] if hash_key in self.items else []
        _local.query_scope = (self, candidates)
        try:
            return original_query(self, hash_key, *args, **kwargs)
        finally:
            _local.query_scope = None

    Table.all_items = all_items
    Table.query = query
    Table.put_item = put_item
    DynamoDBBackend.update_item = update_item
    Table._lapor_fast = True


def install_sqs() -> None:
    from moto.sqs.models import Queue, SQSBackend

    if getattr(Queue, "_lapor_fast", False):
        return
    original_attributes = Queue.attributes.fget
    original_send = SQSBackend.send_message
    original_receive = SQSBackend.receive_message
    original_delete = Queue.delete_message

    def attributes(self: Any) -> dict[str, Any]:
        # While sending to a standard queue, the only attribute moto reads is
        # ContentBasedDeduplication, which a standard queue never has.
        if getattr(_local, "sending", False) and not self.fifo_queue:
            return {}
        return original_attributes(self)

    def send_message(self: Any, *args: Any, **kwargs: Any) -> Any:
        _local.sending = True
        try:
            return original_send(self, *args, **kwargs)
        finally:
            _local.sending = False

    def receive_message(self: Any, queue_name: str, *args: Any, **kwargs: Any) -> Any:
        result = original_receive(self, queue_name, *args, **kwargs)
        if result:  # remember which stored message each new receipt handle belongs to
            queue = self.get_queue(queue_name)
            handles = queue.__dict__.setdefault("_lapor_handles", {})
            wanted = {m.id: m.receipt_handle for m in result}
            with queue._lapor_lock:
                for message in queue._messages:
                    if message.id in wanted:
                        handles[wanted.pop(message.id)] = message
                        if not wanted:
                            break
        return result

    def delete_message(self: Any, receipt_handle: str) -> None:
        if receipt_handle in self.deleted_messages:
            return
        message = self.__dict__.get("_lapor_handles", {}).pop(receipt_handle, None)
        if message is None:  # a handle received before the patch, or an invalid one: moto decides
            return original_delete(self, receipt_handle)
        with self._lapor_lock:
            remaining = [m for m in self._messages if m is not message]
            if len(remaining) == len(self._messages):  # already gone (e.g. moved to the DLQ)
                return original_delete(self, receipt_handle)
            self._messages = remaining
            self.pending_messages.discard(message)
            self.deleted_messages.update(message.all_receipt_handles)
            for handle in message.all_receipt_handles:
                self._lapor_handles.pop(handle, None)

    # moto iterates the pending set while other request threads add to and remove from it
    # ("Set changed size during iteration" under many concurrent pollers): iterate a copy,
    # which the interpreter takes without releasing its lock.
    Queue.pending_message_groups = property(
        lambda self: {m.group_id for m in list(self._pending_messages) if m.group_id is not None})
    Queue._lapor_lock = property(lambda self: self.__dict__.setdefault("_lapor_lock_obj", threading.Lock()))
    Queue.attributes = property(attributes)
    Queue.messages = property(lambda self: _VisibleMessages(self))
    Queue.delete_message = delete_message
    SQSBackend.send_message = send_message
    SQSBackend.receive_message = receive_message
    Queue._lapor_fast = True
