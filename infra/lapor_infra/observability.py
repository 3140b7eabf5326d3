"""Alarms to one SNS topic, and the report-flow dashboard.

Metric names the app emits through Powertools (namespace `Lapor`, dimension `service=lapor`) are
listed in FLOW_METRICS and the SLA/webhook constants: the code that counts an event must use the
same name, or its graph stays empty. The README runbook says what to do for each alarm."""
from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct

NAMESPACE = "Lapor"
SERVICE = {"service": "lapor"}
# The report's journey, in order: (metric name, label).
FLOW_METRICS = (
    ("ReportReceived", "received"),
    ("RoutingRouted", "routed"),
    ("WebhookDelivered", "delivered"),
    ("ReportFollowedUp", "followed up"),
    ("SlaBreaches", "deadline breached"),
)
SLA_BREACH_METRIC = "SlaBreaches"  # emitted by chalicelib/deadlines/sweep.py
SLA_BREACHES_PER_HOUR = 25  # above this, supervisors must intervene (DESIGN: missed deadlines)
WEBHOOK_FAILURE_METRIC = "WebhookDeliveryFailed"  # dimension `agency` besides `service`
WEBHOOK_FAILURES_PER_AGENCY = 10  # per 15 minutes, for the worst agency
API_5XX_PERCENT = 1.0
FUNCTION_ERRORS = 5  # per 5 minutes


class Observability(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage: str, dlqs: Mapping[str, sqs.Queue],
                 queues: Mapping[str, sqs.Queue], function_names: Mapping[str, str],
                 api_name: str | None) -> None:
        super().__init__(scope, construct_id)
        self.stage = stage
        key = kms.Key(self, "AlarmTopicKey", enable_key_rotation=True,
                      description="Encrypts the Lapor alarm topic; CloudWatch may use it to publish")
        key.add_to_resource_policy(iam.PolicyStatement(
            actions=["kms:Decrypt", "kms:GenerateDataKey*"],
            principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")], resources=["*"]))
        self.topic = sns.Topic(self, "Alarms", topic_name=f"lapor-{stage}-alarms", master_key=key,
                               enforce_ssl=True, display_name=f"Lapor {stage} alarms")
        self.alarms: list[cloudwatch.Alarm | cloudwatch.CfnAlarm] = []

        for kind, dlq in dlqs.items():
            self._alarm(f"{kind}-dead-letters", dlq.metric_approximate_number_of_messages_visible(
                period=Duration.minutes(1), statistic="Maximum"), threshold=1,
                description=f"A message reached {dlq.queue_name}: it failed every retry. Inspect it "
                            f"(`python -m laportools.ops dlq show {kind}`), fix the cause, then replay.")
        for logical_id, name in function_names.items():
            self._alarm(f"{logical_id}-errors", self._lambda_metric("Errors", name), threshold=FUNCTION_ERRORS,
                        description=f"{name} failed {FUNCTION_ERRORS}+ times in 5 minutes. Read its logs.")
            self._alarm(f"{logical_id}-throttles", self._lambda_metric("Throttles", name), threshold=1,
                        description=f"{name} was throttled: concurrency cap reached. Consider the campaign "
                                    "profile (`python -m laportools.ops profile switch campaign`).")
        if api_name:
            self._alarm("api-5xx-rate", self._api_5xx_rate(api_name), threshold=API_5XX_PERCENT,
                        description=f"More than {API_5XX_PERCENT}% of API requests failed with 5xx for 15 "
                                    "minutes. Check the APIHandler errors and DynamoDB throttling.",
                        periods=3)
        self._alarm("sla-breaches", cloudwatch.Metric(
            namespace=NAMESPACE, metric_name=SLA_BREACH_METRIC, dimensions_map=SERVICE, statistic="Sum",
            period=Duration.hours(1)), threshold=SLA_BREACHES_PER_HOUR,
            description=f"More than {SLA_BREACHES_PER_HOUR} report deadlines were breached in an hour. "
                        "Supervising admins must intervene; see the dashboard's breach widget.")
        self._webhook_failures_alarm()
        self._dashboard(queues, dlqs, function_names, api_name)

    def _alarm(self, name: str, metric: cloudwatch.IMetric, *, threshold: float, description: str,
               periods: int = 1) -> None:
        alarm = cloudwatch.Alarm(
            self, f"Alarm-{name}", alarm_name=f"lapor-{self.stage}-{name}", metric=metric,
            threshold=threshold, evaluation_periods=periods, datapoints_to_alarm=periods,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING, alarm_description=description)
        alarm.add_alarm_action(actions.SnsAction(self.topic))
        alarm.add_ok_action(actions.SnsAction(self.topic))
        self.alarms.append(alarm)

    @staticmethod
    def _lambda_metric(metric_name: str, function_name: str) -> cloudwatch.Metric:
        return cloudwatch.Metric(namespace="AWS/Lambda", metric_name=metric_name, statistic="Sum",
                                 dimensions_map={"FunctionName": function_name}, period=Duration.minutes(5))

    @staticmethod
    def _api_5xx_rate(api_name: str) -> cloudwatch.MathExpression:
        dims = {"ApiName": api_name, "Stage": "api"}
        return cloudwatch.MathExpression(
            expression="IF(requests > 0, 100 * errors / requests, 0)", label="5xx %",
            period=Duration.minutes(5), using_metrics={
                "errors": cloudwatch.Metric(namespace="AWS/ApiGateway", metric_name="5XXError",
                                            dimensions_map=dims, statistic="Sum"),
                "requests": cloudwatch.Metric(namespace="AWS/ApiGateway", metric_name="Count",
                                              dimensions_map=dims, statistic="Sum")})

    def _webhook_failures_query(self) -> str:
        return (f"SELECT SUM({WEBHOOK_FAILURE_METRIC}) FROM SCHEMA(\"{NAMESPACE}\", agency, service) "
                "GROUP BY agency ORDER BY SUM() DESC LIMIT 1")

    def _webhook_failures_alarm(self) -> None:
        """Failures of the worst agency (a Metrics Insights query keeps one alarm for 650+
        agencies). The dashboard widget below shows which agency it is."""
        alarm = cloudwatch.CfnAlarm(
            self, "Alarm-webhook-failures", alarm_name=f"lapor-{self.stage}-webhook-failures-per-agency",
            alarm_description=f"One agency's webhook endpoint failed {WEBHOOK_FAILURES_PER_AGENCY}+ deliveries "
                              "in 15 minutes. Contact that agency; deliveries retry for a day, then go to the "
                              "delivery DLQ.",
            comparison_operator="GreaterThanOrEqualToThreshold", threshold=WEBHOOK_FAILURES_PER_AGENCY,
            evaluation_periods=1, datapoints_to_alarm=1, treat_missing_data="notBreaching",
            metrics=[cloudwatch.CfnAlarm.MetricDataQueryProperty(
                id="worst", expression=self._webhook_failures_query(), period=900, return_data=True)],
            alarm_actions=[self.topic.topic_arn], ok_actions=[self.topic.topic_arn])
        self.alarms.append(alarm)

    def _dashboard(self, queues: Mapping[str, sqs.Queue], dlqs: Mapping[str, sqs.Queue],
                   function_names: Mapping[str, str], api_name: str | None) -> None:
        board = cloudwatch.Dashboard(self, "Dashboard", dashboard_name=f"lapor-{self.stage}-report-flow",
                                     default_interval=Duration.hours(24))
        flow = [cloudwatch.Metric(namespace=NAMESPACE, metric_name=name, dimensions_map=SERVICE, label=label,
                                  statistic="Sum", period=Duration.hours(1)) for name, label in FLOW_METRICS]
        board.add_widgets(cloudwatch.GraphWidget(title="Report flow (per hour)", left=flow, width=24),
                          cloudwatch.SingleValueWidget(title="Last 24 hours", metrics=[
                              m.with_(period=Duration.days(1)) for m in flow], width=24))
        board.add_widgets(
            cloudwatch.GraphWidget(title="Queue depth", width=12, left=[
                q.metric_approximate_number_of_messages_visible(label=k, period=Duration.minutes(1))
                for k, q in queues.items()]),
            cloudwatch.GraphWidget(title="Oldest message age (s)", width=12, left=[
                q.metric_approximate_age_of_oldest_message(label=k, period=Duration.minutes(1))
                for k, q in queues.items()]),
        )
        board.add_widgets(cloudwatch.GraphWidget(title="Dead-letter queues", width=12, left=[
            q.metric_approximate_number_of_messages_visible(label=k, period=Duration.minutes(1))
            for k, q in dlqs.items()]),
            cloudwatch.GraphWidget(title="Webhook failures, worst agencies", width=12, left=[
                cloudwatch.MathExpression(expression=self._webhook_failures_query().replace("LIMIT 1", "LIMIT 10"),
                                          label="", period=Duration.minutes(15), using_metrics={})]))
        board.add_widgets(
            cloudwatch.GraphWidget(title="Function errors and throttles", width=12, left=[
                self._lambda_metric(metric, name).with_(label=f"{logical_id} {metric.lower()}")
                for logical_id, name in function_names.items() for metric in ("Errors", "Throttles")]),
            cloudwatch.GraphWidget(title="Function duration p95 (ms)", width=12, left=[
                cloudwatch.Metric(namespace="AWS/Lambda", metric_name="Duration", statistic="p95", label=logical_id,
                                  dimensions_map={"FunctionName": name}, period=Duration.minutes(5))
                for logical_id, name in function_names.items()]),
        )
        if api_name:
            dims = {"ApiName": api_name, "Stage": "api"}
            board.add_widgets(cloudwatch.GraphWidget(title="API", width=24, left=[
                cloudwatch.Metric(namespace="AWS/ApiGateway", metric_name=name, dimensions_map=dims,
                                  statistic="Sum", period=Duration.minutes(5)) for name in ("Count", "4XXError", "5XXError")],
                right=[cloudwatch.Metric(namespace="AWS/ApiGateway", metric_name="Latency", dimensions_map=dims,
                                         statistic="p95", period=Duration.minutes(5))]))
