"""PynamoDB models. These classes ARE the table definitions: the local stack creates tables from
them and infra builds its CloudFormation tables from them, so the two cannot drift."""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, cast

import pynamodb.connection.base
from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.constants import PAY_PER_REQUEST_BILLING_MODE, STREAM_NEW_IMAGE
from pynamodb.indexes import (
    AllProjection,
    GlobalSecondaryIndex,
    IncludeProjection,
    KeysOnlyProjection,
)
from pynamodb.models import MetaProtocol, Model

from chalicelib.domain.measures import all_fields
from chalicelib.shared import aws, config

# Every table's PynamoDB connection uses the process's botocore session (see shared.aws: one
# parse of the SDK's data per cold start instead of one per table).
pynamodb.connection.base.get_session = aws.session

# ...and one botocore DynamoDB client for every table: PynamoDB creates a client per table's
# connection, some 20 ms of CPU each, paid again for every table a cold start touches (the webhook
# fan-out touches six). Clients are thread-safe; the key keeps connections with other settings apart.
_per_table_client: Any = pynamodb.connection.base.Connection.client  # the property PynamoDB defines
_table_clients: dict[tuple[Any, ...], Any] = {}
_table_clients_lock = threading.Lock()


def _shared_table_client(connection: Any) -> Any:
    held = connection._client
    if held is not None and _has_credentials(held):  # every call after a connection's first: no lock
        return held
    key = (connection.region, connection.host, connection._connect_timeout_seconds, connection._read_timeout_seconds,
           connection._max_pool_connections, repr(connection._retry_configuration),
           connection._max_retry_attempts_exception)
    with _table_clients_lock:
        shared = _table_clients.get(key)
        if shared is None or not _has_credentials(shared):
            connection._client = None  # PynamoDB's own rule: a client that lost its credentials is made anew
            shared = _table_clients[key] = _per_table_client.fget(connection)
        connection._client = shared
    return shared


def _has_credentials(client: Any) -> bool:
    """PynamoDB's own test: botocore may cache empty credentials, and such a client stays useless."""
    return not (client._request_signer and not client._request_signer._credentials)


pynamodb.connection.base.Connection.client = property(_shared_table_client)  # type: ignore[method-assign,assignment]


def _meta(kind: str) -> MetaProtocol:
    class Meta:
        table_name = config.resource_name(kind)
        region = config.region()
        host = config.endpoint_url()
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    # The settings left out take PynamoDB's defaults (its model metaclass fills them in).
    return cast(MetaProtocol, Meta)


def _index_meta(name: str, projection: object) -> type:
    class Meta:
        index_name = name
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    Meta.projection = projection  # type: ignore[attr-defined]
    return Meta


# The list indexes project keys only (readers fetch the items with BatchGetItem: store.reports.
# hydrate): an ALL projection copies the whole report into each index on every change, which
# doubled a report's write cost while the lists read each report far less often than it changes.


class QueueIndex(GlobalSecondaryIndex["ReportRecord"]):
    """An agency's (or the national admins') reports in one status, by due date."""

    Meta = _index_meta("queue-index", KeysOnlyProjection())
    queue_key = UnicodeAttribute(hash_key=True)
    due_sort = UnicodeAttribute(range_key=True)


class AgencyDueIndex(GlobalSecondaryIndex["ReportRecord"]):
    """An agency's open reports with a deadline, by due date (all statuses)."""

    Meta = _index_meta("agency-due-index", KeysOnlyProjection())
    agency_key = UnicodeAttribute(hash_key=True)
    due_sort = UnicodeAttribute(range_key=True)


class DueIndex(GlobalSecondaryIndex["ReportRecord"]):
    """Every open deadline, spread over a few shards: the sweep reads `due_sort <= horizon`."""

    Meta = _index_meta("due-index", KeysOnlyProjection())
    due_shard = UnicodeAttribute(hash_key=True)
    due_sort = UnicodeAttribute(range_key=True)


class ReferralIndex(GlobalSecondaryIndex["ReportRecord"]):
    """Open complaints by the moment they become due for Ombudsman referral (60 calendar days
    after receipt), sharded like the due index: the sweep reads `referral_sort <= now`."""

    Meta = _index_meta("referral-index", KeysOnlyProjection())
    referral_shard = UnicodeAttribute(hash_key=True)
    referral_sort = UnicodeAttribute(range_key=True)


class BreachIndex(GlobalSecondaryIndex["ReportRecord"]):
    """Open reports whose current deadline was breached, per responsible agency (or NASIONAL)."""

    Meta = _index_meta("breach-index", AllProjection())
    breach_key = UnicodeAttribute(hash_key=True)
    breach_sort = UnicodeAttribute(range_key=True)


class FeedIndex(GlobalSecondaryIndex["ReportRecord"]):
    """The public feed by date, one partition per month. Rahasia reports never get a key."""

    Meta = _index_meta("feed-index", KeysOnlyProjection())
    feed_key = UnicodeAttribute(hash_key=True)
    feed_sort = UnicodeAttribute(range_key=True)


class MonthIndex(GlobalSecondaryIndex["ReportRecord"]):
    """Every report (rahasia too) by the month it was received: how the statistics rebuild and
    the open-data export enumerate reports without a Scan (one Query per month)."""

    Meta = _index_meta("month-index", KeysOnlyProjection())
    month_key = UnicodeAttribute(hash_key=True)
    month_sort = UnicodeAttribute(range_key=True)


class WorklistIndex(GlobalSecondaryIndex["ReportRecord"]):
    """A person's worklist: a liaison officer's assigned open reports by due date
    (`ASSIGNEE#<agency>#<username>`) and the Ombudsman's referred reports (`OMBUDSMAN`)."""

    Meta = _index_meta("worklist-index", AllProjection())
    worklist_key = UnicodeAttribute(hash_key=True)
    worklist_sort = UnicodeAttribute(range_key=True)


# The report attributes the similar index carries (store.reports.similar_open reads only these).
SIMILAR_ATTRIBUTES = ["title", "body", "region_code", "category", "created_at", "rahasia", "latitude", "longitude"]


class SimilarIndex(GlobalSecondaryIndex["ReportRecord"]):
    """Open reports by "<region code>#<category>", newest first: the candidates a new report is
    compared with for duplicates. Sparse: closed reports and reports without a category leave it."""

    # What the look-alike comparison reads, nothing more: these attributes do not change after
    # intake, so a report's later changes leave its entry alone (an ALL projection rewrote the whole
    # report into the index on every change: about 3 of a typical change's 17 write units).
    Meta = _index_meta("similar-index", IncludeProjection(SIMILAR_ATTRIBUTES))
    similar_key = UnicodeAttribute(hash_key=True)
    similar_sort = UnicodeAttribute(range_key=True)


class ReportRecord(Model):
    Meta = _meta("reports")
    tracking_id = UnicodeAttribute(hash_key=True)
    version = VersionAttribute()
    status = UnicodeAttribute()
    classification = UnicodeAttribute()
    title = UnicodeAttribute()
    body = UnicodeAttribute()
    incident_date = UnicodeAttribute()
    region_code = UnicodeAttribute(null=True)  # None until classified (an SMS report waits for the admins)
    category = UnicodeAttribute(null=True)
    channel = UnicodeAttribute()
    anonim = BooleanAttribute(default=False)
    rahasia = BooleanAttribute(default=False)
    suggested_agency_id = UnicodeAttribute(null=True)
    agency_id = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute(null=True)
    deadline = UTCDateTimeAttribute(null=True)
    deadline_kind = UnicodeAttribute(null=True)
    on_hold_by = UnicodeAttribute(null=True)
    rating = NumberAttribute(null=True)
    rating_comment = UnicodeAttribute(null=True)
    address = UnicodeAttribute(null=True)
    latitude = NumberAttribute(null=True)
    longitude = NumberAttribute(null=True)
    reporter_token_hash = UnicodeAttribute()
    attachments = JSONAttribute(null=True)  # [{"id", "content_type", "size", "name"}], verified on intake
    sla_warned_at = UTCDateTimeAttribute(null=True)  # the sweep warned about the current deadline
    sla_breached_at = UTCDateTimeAttribute(null=True)  # the current deadline was breached
    # Index keys: derived from the fields above by store.keys, never set by hand.
    queue_key = UnicodeAttribute(null=True)
    agency_key = UnicodeAttribute(null=True)
    due_shard = UnicodeAttribute(null=True)
    due_sort = UnicodeAttribute(null=True)
    feed_key = UnicodeAttribute(null=True)
    feed_sort = UnicodeAttribute(null=True)
    referral_shard = UnicodeAttribute(null=True)
    referral_sort = UnicodeAttribute(null=True)
    breach_key = UnicodeAttribute(null=True)
    breach_sort = UnicodeAttribute(null=True)
    # Honest closure (domain.lifecycle.Closure).
    first_follow_up_at = UTCDateTimeAttribute(null=True)
    closure = UnicodeAttribute(null=True)  # CONFIRMED or TIMED_OUT
    closed_at = UTCDateTimeAttribute(null=True)
    reopen_count = NumberAttribute(null=True)
    follow_up_count = NumberAttribute(null=True)  # absent: stored before it was counted
    month_key = UnicodeAttribute(null=True)  # month-index: MONTH#YYYY-MM (Jakarta) of receipt
    month_sort = UnicodeAttribute(null=True)
    assignee = UnicodeAttribute(null=True)
    acknowledged_at = UTCDateTimeAttribute(null=True)
    worklist_key = UnicodeAttribute(null=True)
    worklist_sort = UnicodeAttribute(null=True)
    suggestion = JSONAttribute(null=True)  # the classifier's suggestion when a human must decide
    similar_ids = JSONAttribute(null=True)  # tracking ids of open look-alike reports
    similar_key = UnicodeAttribute(null=True)
    similar_sort = UnicodeAttribute(null=True)

    queue_index = QueueIndex()
    agency_due_index = AgencyDueIndex()
    due_index = DueIndex()
    feed_index = FeedIndex()
    referral_index = ReferralIndex()
    breach_index = BreachIndex()
    month_index = MonthIndex()
    worklist_index = WorklistIndex()
    similar_index = SimilarIndex()


class UpdatesIndex(GlobalSecondaryIndex["TimelineRecord"]):
    """Public updates (status changes and follow-ups) by day, Asia/Jakarta: how Open311's
    servicerequestupdates reads a time window without a Scan. Other events get no key."""

    Meta = _index_meta("updates-index", KeysOnlyProjection())
    update_day = UnicodeAttribute(hash_key=True)
    update_sort = UnicodeAttribute(range_key=True)


class TimelineRecord(Model):
    """One event; `seq` is the report version the event produced, so it is written once."""

    Meta = _meta("timeline")
    # The timeline is the outbox of webhook deliveries: its stream feeds delivery.fanout.
    Meta.stream_view_type = STREAM_NEW_IMAGE
    tracking_id = UnicodeAttribute(hash_key=True)
    seq = NumberAttribute(range_key=True)
    at = UTCDateTimeAttribute()
    action = UnicodeAttribute()
    actor_role = UnicodeAttribute()
    actor_id = UnicodeAttribute()
    from_status = UnicodeAttribute(null=True)
    to_status = UnicodeAttribute()
    message = UnicodeAttribute(null=True)
    agency_id = UnicodeAttribute(null=True)
    deadline = UTCDateTimeAttribute(null=True)
    details = JSONAttribute(null=True)
    region_code = UnicodeAttribute(null=True)  # the report's region and category after the event
    category = UnicodeAttribute(null=True)
    update_day = UnicodeAttribute(null=True)  # updates-index: UPD#YYYY-MM-DD for public updates only
    update_sort = UnicodeAttribute(null=True)

    updates_index = UpdatesIndex()
    actor_staff_id = UnicodeAttribute(null=True)  # the staff member who acted in the console


class ContactRecord(Model):
    """The reporter's identity, apart from the report so that no report view can carry it."""

    Meta = _meta("contacts")
    tracking_id = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute(null=True)
    email = UnicodeAttribute(null=True)
    phone = UnicodeAttribute(null=True)


class AgencyRegionIndex(GlobalSecondaryIndex["AgencyRecord"]):
    """The agencies of one region ("ID" for national bodies), by id: the public directory API."""

    Meta = _index_meta("region-index", AllProjection())
    region_code = UnicodeAttribute(hash_key=True)
    agency_id = UnicodeAttribute(range_key=True)


class AgencyRecord(Model):
    Meta = _meta("agencies")
    agency_id = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute()
    name_en = UnicodeAttribute()
    kind = UnicodeAttribute()
    level = UnicodeAttribute()
    region_code = UnicodeAttribute()
    sector = UnicodeAttribute(null=True)
    parent_id = UnicodeAttribute(null=True)
    active = BooleanAttribute(default=True)

    region_index = AgencyRegionIndex()


class RouteRecord(Model):
    """Routing rule: "<region code>#<sector>" or "ID#<category>" -> the agency that handles it."""

    Meta = _meta("routes")
    route_key = UnicodeAttribute(hash_key=True)
    agency_id = UnicodeAttribute()


class IdempotencyRecord(Model):
    """Table definition for Powertools idempotency (Powertools itself reads and writes it)."""

    Meta = _meta("idempotency")
    id = UnicodeAttribute(hash_key=True)
    expiration = TTLAttribute(null=True)


ALL_MODELS: tuple[type[Model], ...] = (
    ReportRecord,
    TimelineRecord,
    ContactRecord,
    AgencyRecord,
    RouteRecord,
    IdempotencyRecord,
)


class CredentialOwnerIndex(GlobalSecondaryIndex["CredentialRecord"]):
    """An owner's keys (for listing and revoking by key id); never the key itself."""

    Meta = _index_meta("owner-index", AllProjection())
    owner = UnicodeAttribute(hash_key=True)
    key_id = UnicodeAttribute(range_key=True)


class CredentialRecord(Model):
    """An API key, stored only as its SHA-256 hash. `owner` is an agency id or an admin name."""

    Meta = _meta("credentials")
    key_hash = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute()  # ADMIN or AGENCY
    owner = UnicodeAttribute()
    key_id = UnicodeAttribute()  # short public id, for listing and revoking
    created_at = UTCDateTimeAttribute()
    revoked_at = UTCDateTimeAttribute(null=True)

    owner_index = CredentialOwnerIndex()


ALL_MODELS = ALL_MODELS + (CredentialRecord,)


class WebhookSubscriptionRecord(Model):
    """An agency's webhook endpoint. Its signing secrets must be usable to sign, so they cannot be
    hashed: they are stored only as KMS ciphertexts (see delivery.secrets)."""

    Meta = _meta("webhooks")
    agency_id = UnicodeAttribute(hash_key=True)
    url = UnicodeAttribute()
    secret_ciphertext = UnicodeAttribute()
    previous_secret_ciphertext = UnicodeAttribute(null=True)  # valid until previous_expires_at
    previous_expires_at = UTCDateTimeAttribute(null=True)
    active = BooleanAttribute(default=True)
    disabled_reason = UnicodeAttribute(null=True)  # e.g. ENDPOINT_GONE after an HTTP 410
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()


class DeliveryRecord(Model):
    """The delivery log: one webhook message to one agency, keyed by agency so an agency reads
    only its own partition. `delivery_id` is the Standard Webhooks `webhook-id` and sorts by time."""

    Meta = _meta("deliveries")
    agency_id = UnicodeAttribute(hash_key=True)
    delivery_id = UnicodeAttribute(range_key=True)
    event_type = UnicodeAttribute()
    tracking_id = UnicodeAttribute()
    event_seq = NumberAttribute()
    payload = UnicodeAttribute()  # the exact JSON body, so retries and replays send the same bytes
    status = UnicodeAttribute()  # PENDING, RETRYING, DELIVERED, FAILED, SKIPPED
    attempts = NumberAttribute(default=0)
    generation = NumberAttribute(default=0)  # bumped by each replay; stale queue messages are dropped
    created_at = UTCDateTimeAttribute()
    last_attempt_at = UTCDateTimeAttribute(null=True)
    last_status_code = NumberAttribute(null=True)
    last_error = UnicodeAttribute(null=True)
    next_attempt_at = UTCDateTimeAttribute(null=True)
    next_delay_seconds = NumberAttribute(null=True)
    delivered_at = UTCDateTimeAttribute(null=True)
    claim_token = UnicodeAttribute(null=True)  # which queue message holds the attempt (store.delivery_log)
    claimed_at = UTCDateTimeAttribute(null=True)
    expires = TTLAttribute(null=True)


ALL_MODELS = ALL_MODELS + (WebhookSubscriptionRecord, DeliveryRecord)


class NotificationRecord(Model):
    """The notification log: one message to the reporter about one timeline event on one channel.
    `notification_id` is `<seq:06d>#<channel>`, so a redelivered stream record finds its entry and
    sends nothing twice. It holds the rendered text and a masked destination, never the address."""

    Meta = _meta("notifications")
    tracking_id = UnicodeAttribute(hash_key=True)
    notification_id = UnicodeAttribute(range_key=True)
    event_seq = NumberAttribute()
    channel = UnicodeAttribute()  # SMS or EMAIL
    kind = UnicodeAttribute()  # dispositioned, follow_up, ...
    lang = UnicodeAttribute(default="id")
    status = UnicodeAttribute()  # PENDING, RETRYING, SENT, FAILED, SUPPRESSED
    reason = UnicodeAttribute(null=True)  # why suppressed, retrying or failed
    destination = UnicodeAttribute(null=True)  # masked, e.g. +62812****890
    subject = UnicodeAttribute(null=True)
    text = UnicodeAttribute()
    attempts = NumberAttribute(default=0)
    generation = NumberAttribute(default=0)  # bumped by an operator replay
    provider_id = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    sent_at = UTCDateTimeAttribute(null=True)
    next_attempt_at = UTCDateTimeAttribute(null=True)
    next_delay_seconds = NumberAttribute(null=True)
    claim_token = UnicodeAttribute(null=True)  # which queue message holds the attempt (store.delivery_log)
    claimed_at = UTCDateTimeAttribute(null=True)


class ContactPreferenceRecord(Model):
    """A reporter's channel preferences, keyed by `<channel>#<sha256 of the address>` (never the
    address in the clear): STOP/MULAI for SMS, unsubscribe for email, preferred language."""

    Meta = _meta("contact-prefs")
    address_key = UnicodeAttribute(hash_key=True)
    stopped_at = UTCDateTimeAttribute(null=True)
    lang = UnicodeAttribute(null=True)
    unsubscribe_hash = UnicodeAttribute(null=True)  # SHA-256 of the email's unsubscribe token
    updated_at = UTCDateTimeAttribute()


class CounterRecord(Model):
    """Short-lived counters and markers (TTL `expires`): per-reporter notification limits, SMS
    flood throttling, repeated-message detection. `value` may carry what the marker points at."""

    Meta = _meta("counters")
    counter_key = UnicodeAttribute(hash_key=True)
    # An attribute named like Model.count (the table's Query count): PynamoDB allows it, mypy sees a clash.
    count = NumberAttribute(default=0)  # type: ignore[assignment]
    value = UnicodeAttribute(null=True)
    expires = TTLAttribute(null=True)


class SmsPartRecord(Model):
    """Parts of an inbound SMS waiting to be joined (a long text arrives as several messages)."""

    Meta = _meta("sms-parts")
    sender_key = UnicodeAttribute(hash_key=True)
    part_id = UnicodeAttribute(range_key=True)  # <received at, sortable>#<inbound message id>
    sender = UnicodeAttribute()  # E.164; the part is deleted once handled (TTL as a backstop)
    text = UnicodeAttribute()
    expires = TTLAttribute(null=True)


ALL_MODELS = ALL_MODELS + (NotificationRecord, ContactPreferenceRecord, CounterRecord, SmsPartRecord)
class LeagueIndex(GlobalSecondaryIndex["StatisticsRecord"]):
    """Statistics items of one kind (agency, province, regency, category) in one month (or ALL):
    a league table is one Query of this index."""

    Meta = _index_meta("league-index", AllProjection())
    league_key = UnicodeAttribute(hash_key=True)
    scope = UnicodeAttribute(range_key=True)


def _statistics_model() -> type[StatisticsRecord]:
    """The statistics table: one item per (scope, month) with a number attribute per counter and
    histogram bucket (chalicelib.domain.measures), updated only by atomic ADDs; plus one marker
    item per counted timeline event (scope `EVT#<tracking id>`, month = seq), which makes counting
    idempotent under stream redelivery."""
    namespace: dict[str, object] = {
        "__doc__": _statistics_model.__doc__,
        "__module__": __name__,
        "Meta": _meta("stats"),
        "scope": UnicodeAttribute(hash_key=True),  # national, agency#<id>, regency#62.01, EVT#<id>, ...
        "month": UnicodeAttribute(range_key=True),  # YYYY-MM, ALL, or the event seq for markers
        "league_key": UnicodeAttribute(null=True),  # <kind>#<month> for league tables
        "expires": TTLAttribute(null=True),  # markers only
        "league_index": LeagueIndex(),
        **{name: NumberAttribute(null=True) for name in all_fields()},
    }
    metaclass: Any = type(Model)  # PynamoDB's model metaclass, which builds the table's class
    return cast("type[StatisticsRecord]", metaclass("StatisticsRecord", (Model,), namespace))


if TYPE_CHECKING:
    class StatisticsRecord(Model):
        """What mypy knows of the class _statistics_model() builds: its keys and index (the
        counters, one attribute per measure, are read and written by name)."""

        scope = UnicodeAttribute(hash_key=True)
        month = UnicodeAttribute(range_key=True)
        league_key = UnicodeAttribute(null=True)
        expires = TTLAttribute(null=True)
        league_index = LeagueIndex()
else:
    StatisticsRecord = _statistics_model()
ALL_MODELS = ALL_MODELS + (StatisticsRecord,)


class SupportRecord(Model):
    """Public support ("dukung") of a report: one item per supporter (a hash of the browser's
    supporter token, written only if absent), one `#COUNT` item per report (atomic ADD, in the
    same transaction), and hourly limit counters (`DEVICE#<hash>` or `REPORT_IP#<hash>`, hour; TTL)."""

    Meta = _meta("supports")
    tracking_id = UnicodeAttribute(hash_key=True)  # or <bucket kind>#<hash> for rate-limit counters
    supporter = UnicodeAttribute(range_key=True)  # supporter hash, `#COUNT`, or the hour for limit items
    # An attribute named like Model.count (the table's Query count): PynamoDB allows it, mypy sees a clash.
    count = NumberAttribute(null=True)  # type: ignore[assignment]
    created_at = UTCDateTimeAttribute(null=True)
    expires = TTLAttribute(null=True)


ALL_MODELS = ALL_MODELS + (SupportRecord,)
class StaffAccountRecord(Model):
    """The directory of staff accounts per agency (`NASIONAL` for national admins and Ombudsman
    readers), mirrored from the user pool when an account is created, so an agency admin lists and
    assigns its own liaison officers with one Query. The pool stays the authority on sign-in."""

    Meta = _meta("staff-accounts")
    agency_key = UnicodeAttribute(hash_key=True)
    username = UnicodeAttribute(range_key=True)
    role = UnicodeAttribute()  # a StaffRole value (the pool group)
    display_name = UnicodeAttribute()
    email = UnicodeAttribute(null=True)
    active = BooleanAttribute(default=True)
    created_at = UTCDateTimeAttribute()
    created_by = UnicodeAttribute(null=True)


class StaffSessionRecord(Model):
    """A console session, keyed by the SHA-256 of the random id in the browser's cookie (a leaked
    table never yields a usable cookie). Deleting it signs the browser out at once."""

    Meta = _meta("staff-sessions")
    session_hash = UnicodeAttribute(hash_key=True)
    username = UnicodeAttribute()
    role = UnicodeAttribute()
    agency_id = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    seen_at = UTCDateTimeAttribute()  # last request (written at most once a minute)
    expires = TTLAttribute()  # absolute end; DynamoDB deletes it afterwards


class StaffLoginRecord(Model):
    """Failed sign-ins of one (lower-cased) name: the lockout's counter."""

    Meta = _meta("staff-logins")
    username = UnicodeAttribute(hash_key=True)
    failures = NumberAttribute(default=0)
    first_failure_at = UTCDateTimeAttribute()
    locked_until = UTCDateTimeAttribute(null=True)
    expires = TTLAttribute()


class ResponseTemplateRecord(Model):
    """A follow-up text an agency keeps for answers it gives often."""

    Meta = _meta("response-templates")
    agency_id = UnicodeAttribute(hash_key=True)
    template_id = UnicodeAttribute(range_key=True)
    title = UnicodeAttribute()
    body = UnicodeAttribute()
    updated_at = UTCDateTimeAttribute()
    updated_by = UnicodeAttribute()


ALL_MODELS = ALL_MODELS + (StaffAccountRecord, StaffSessionRecord, StaffLoginRecord, ResponseTemplateRecord)


class CorrectionRecord(Model):
    """A person's decision on a report the router left or got wrong (a disposition from the verification
    queue, a topic correction, a forward after "bukan wewenang", a topic put back): one labelled example
    for the next model. Partitioned by month so `lapor-ops model export` reads a time range with one
    Query per month; the text is stored redacted (privacy.redact_public_text), never the original."""

    Meta = _meta("corrections")
    month = UnicodeAttribute(hash_key=True)  # YYYY-MM (UTC) of the decision
    sort_key = UnicodeAttribute(range_key=True)  # <decided at, ISO>#<tracking id>#<timeline seq>
    tracking_id = UnicodeAttribute()
    seq = NumberAttribute()  # the timeline event that carried the decision
    kind = UnicodeAttribute()  # disposition | forward_after_not_authority | amend | restore
    text = UnicodeAttribute()  # title and body, redacted as for the public
    region_code = UnicodeAttribute(null=True)
    category = UnicodeAttribute(null=True)  # the topic the person settled on
    agency_id = UnicodeAttribute(null=True)  # the office the report went to (final office)
    router_category = UnicodeAttribute(null=True)  # what the router read (suggested or routed by)
    router_agency_id = UnicodeAttribute(null=True)  # where the router had sent it, if anywhere
    model_version = UnicodeAttribute(null=True)  # the model that read the text
    actor = UnicodeAttribute()  # role:id (the admin key or console account)
    staff_id = UnicodeAttribute(null=True)  # the official, when one acted in the console
    decided_at = UTCDateTimeAttribute()


ALL_MODELS = ALL_MODELS + (CorrectionRecord,)


class FileAccessRecord(Model):
    """The audit trail of a report's files: one item per download link minted for a staff member,
    an agency's system or the reporter (who, which file, when). Never expires: it answers "who
    saw this photo" long after the report closed."""

    Meta = _meta("file-access")
    tracking_id = UnicodeAttribute(hash_key=True)
    access_key = UnicodeAttribute(range_key=True)  # <at, sortable>#<random>: newest last, never colliding
    attachment_id = UnicodeAttribute()
    audience = UnicodeAttribute()  # REPORTER / AGENCY / ADMIN / OMBUDSMAN
    actor = UnicodeAttribute()  # agency id, admin key owner, staff username, or "reporter"
    variant = UnicodeAttribute()  # "file" or "thumbnail"
    at = UTCDateTimeAttribute()


ALL_MODELS = ALL_MODELS + (FileAccessRecord,)
