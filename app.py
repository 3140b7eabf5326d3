"""Lapor on AWS Chalice: wires the HTTP API and the event handlers. No logic lives here."""
from chalice import Chalice
from chalice.app import ConvertToMiddleware

from chalicelib import config
from chalicelib.api.citizen import citizen
from chalicelib.api.gateway_errors import normalize_errors
from chalicelib.observability import logger, metrics
from chalicelib.routing.handler import handle_routing_batch

app = Chalice(app_name="lapor")
app.register_blueprint(citizen)
app.register_middleware(normalize_errors(app), "http")
app.register_middleware(ConvertToMiddleware(logger.inject_lambda_context), "all")
for _event_type in ("sqs", "scheduled"):
    app.register_middleware(ConvertToMiddleware(metrics.log_metrics), _event_type)


@app.on_sqs_message(queue=config.resource_name("routing"), batch_size=config.batch_size("routing"))
def route_reports(event):
    """Routing stage: disposition each received report to its agency (or leave it for admins)."""
    return handle_routing_batch(event)
