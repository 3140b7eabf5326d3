"""Lapor on AWS Chalice: wires the HTTP API and the event handlers. No logic lives here."""
from chalice import Chalice, Rate
from chalice.app import ConvertToMiddleware

from chalicelib.shared import config
from chalicelib.api.attachments import attachments
from chalicelib.api.citizen import citizen
from chalicelib.api.reporter import reporter
from chalicelib.api.gateway_errors import normalize_errors
from chalicelib.deadlines import settings as deadline_settings
from chalicelib.api.deadlines import deadlines_api
from chalicelib.deadlines.handler import handle_scheduled_sweep, handle_sweep_batch
from chalicelib.api.admin import admin_api
from chalicelib.api.agency import agency_api
from chalicelib.delivery import settings as delivery_settings
from chalicelib.delivery.fanout import handle_stream_records
from chalicelib.delivery.worker import handle_delivery_batch
from chalicelib.shared.observability import logger, metrics
from chalicelib.routing.handler import handle_routing_batch
from chalicelib.web.views import web
from chalicelib.api.staff import staff_api
from chalicelib.console.views import console

app = Chalice(app_name="lapor")
app.register_blueprint(citizen)
app.register_blueprint(reporter)
app.register_blueprint(deadlines_api)
app.register_blueprint(agency_api)
app.register_blueprint(admin_api)
app.register_blueprint(attachments)
app.register_blueprint(web)
app.register_blueprint(staff_api)
app.register_blueprint(console)
app.register_middleware(normalize_errors(app), "http")
app.register_middleware(ConvertToMiddleware(logger.inject_lambda_context), "all")
for _event_type in ("sqs", "scheduled", "dynamodb"):
    app.register_middleware(ConvertToMiddleware(metrics.log_metrics), _event_type)


@app.on_sqs_message(**config.sqs_consumer("routing"))
def route_reports(event):
    """Routing stage: disposition each received report to its agency (or leave it for admins)."""
    return handle_routing_batch(event)


@app.on_dynamodb_record(stream_arn=delivery_settings.timeline_stream_arn(), batch_size=100,
                        starting_position="TRIM_HORIZON")
def fan_out_webhooks(event):
    """Outbox: each committed timeline event -> webhook deliveries for the agencies it concerns."""
    handle_stream_records(event)


@app.on_sqs_message(**config.sqs_consumer("delivery"))
def deliver_webhooks(event):
    """Delivery stage: one signed POST per message; retries via SQS delays; DLQ after the last."""
    return handle_delivery_batch(event)


@app.schedule(Rate(deadline_settings.sweep_minutes(), unit=Rate.MINUTES), name="deadline-sweep")
def sweep_deadlines(event):
    """Deadline engine: warn, escalate, auto-close and refer what is due (rate per stage)."""
    return handle_scheduled_sweep(event)


@app.on_sqs_message(**config.sqs_consumer("sweep"))
def sweep_due_batch(event):
    """Deadline engine fan-out: the due reports one sweep run did not reach."""
    return handle_sweep_batch(event)
