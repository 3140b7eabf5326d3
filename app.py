"""Lapor on AWS Chalice: wires the HTTP API and the event handlers. No logic lives here.

Chalice makes this module the handler of every Lambda function, so each function imports it on
a cold start. Infra sets `LAPOR_FUNCTION` to the function's name: the event functions then skip
the HTTP layer, and each handler imports its own stage's code, so a function loads only what it
runs. Unset (the API function, local runs, tests, packaging), everything is registered; the API
registers its routes from a table and loads a route's code on the first request for it
(chalicelib/routes.py), so a cold start pays only for what the first request needs."""
from chalicelib.shared import cold_start

cold_start.begin()  # before the imports: the collector need not traverse them while they load

from chalice import Chalice, Rate
from chalice.app import ConvertToMiddleware

from chalicelib.deadlines import settings as deadline_settings
from chalicelib.delivery import settings as delivery_settings
from chalicelib.opendata import settings as open_data_settings
from chalicelib.settings import settings
from chalicelib.shared import queues
from chalicelib.shared.observability import logger, metrics

app = Chalice(app_name="lapor")
if settings().function == "api":
    from chalicelib.routes import register_http

    register_http(app)  # every HTTP route and its middleware (security headers outermost)
app.register_middleware(ConvertToMiddleware(logger.inject_lambda_context), "all")
app.register_middleware(cold_start.after_first_event, "all")
for _event_type in ("sqs", "scheduled", "dynamodb"):
    app.register_middleware(ConvertToMiddleware(metrics.log_metrics), _event_type)


@app.on_sqs_message(**queues.consumer(queues.ROUTING))
def route_reports(event):
    """Routing stage: each SUBMIT event (timeline topic) -> its report dispositioned, or left for admins."""
    from chalicelib.routing.handler import handle_routing_batch

    return handle_routing_batch(event)


@app.on_dynamodb_record(stream_arn=delivery_settings.timeline_stream_arn(), batch_size=100,
                        starting_position="TRIM_HORIZON")
def publish_timeline_events(event):
    """Outbox: the timeline stream's one reader -> each committed event to the timeline topic."""
    from chalicelib.outbox.handler import handle_stream_batch

    return handle_stream_batch(event)


@app.on_sqs_message(**queues.consumer(queues.WEBHOOK_EVENTS))
def fan_out_webhooks(event):
    """Webhook fan-out: each timeline event -> delivery log entries and delivery queue messages."""
    from chalicelib.delivery.fanout import handle_webhook_events

    return handle_webhook_events(event)


@app.on_sqs_message(**queues.consumer(queues.DELIVERY))
def deliver_webhooks(event):
    """Delivery stage: one signed POST per message; retries via SQS delays; DLQ after the last
    (the shared delivery engine, as for notifications)."""
    from chalicelib.delivery.engine import handle_delivery_batch

    return handle_delivery_batch(event)


@app.schedule(Rate(deadline_settings.sweep_minutes(), unit=Rate.MINUTES), name="deadline-sweep")
def sweep_deadlines(event):
    """Deadline engine: warn, escalate, auto-close and refer what is due (rate per stage)."""
    from chalicelib.deadlines.handler import handle_scheduled_sweep

    return handle_scheduled_sweep(event)


@app.on_sqs_message(**queues.consumer(queues.SWEEP))
def sweep_due_batch(event):
    """Deadline engine fan-out: the due reports one sweep run did not reach."""
    from chalicelib.deadlines.handler import handle_sweep_batch

    return handle_sweep_batch(event)


@app.on_sqs_message(**queues.consumer(queues.NOTICE_EVENTS))
def notify_reporters(event):
    """Notices: each timeline event -> the notifications the reporter should get (log + queue)."""
    from chalicelib.notify.outbox import handle_notice_events

    return handle_notice_events(event)


@app.on_sqs_message(**queues.consumer(queues.STATISTICS_EVENTS))
def count_statistics(event):
    """Statistics: each timeline event -> counters per agency, region, category, month."""
    from chalicelib.stats.consumer import handle_statistics_events

    return handle_statistics_events(event)


@app.on_sqs_message(**queues.consumer(queues.NOTIFY))
def send_notifications(event):
    """Notify stage: one email (SES) or SMS (SNS) per message; STOP, unsubscribe and limits honoured."""
    from chalicelib.delivery.engine import handle_delivery_batch

    return handle_delivery_batch(event)


@app.on_sqs_message(**queues.consumer(queues.SMS))
def receive_sms(event):
    """SMS 1708 intake: inbound SMS (SNS topic -> SQS) -> the same intake service as the web form."""
    from chalicelib.sms.handler import handle_sms_batch

    return handle_sms_batch(event)


@app.schedule(Rate(open_data_settings.export_minutes(), unit=Rate.MINUTES), name="open-data-export")
def export_open_data(event):
    """Open data: public reports and statistics as CSV and JSON to the public bucket (daily)."""
    from chalicelib.opendata.export import handle_scheduled_export

    return handle_scheduled_export(event)
