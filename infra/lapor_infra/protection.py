"""Abuse limits and contract-shaped gateway errors for the public API (issue 10).

- A WAF web ACL on the API stage with rate-based rules per client IP: one for everything, a
  stricter one for intake (`POST .../v1/reports`, `POST .../lapor`), one per device for the support
  form (`POST .../lacak/{id}/dukung`, the only support route: keyed on the address AND the
  browser's supporter cookie, since thousands of phones share one address behind carrier-grade NAT;
  see docs/support-limits.md), plus one per API key (the `Authorization`
  header) on the agency and admin APIs. A blocked request gets 429 `rate_limited` in the API's
  error format. Limits come from the scaling profile (`abuse` in `infra/scaling.json`), so the
  campaign profile raises them.
- A usage plan for API-key clients (API Gateway keys an operator attaches for partners that
  need their own quota), with throttle and daily quota from the same profile.
- Gateway responses: API Gateway answers a path or method no route has with
  MISSING_AUTHENTICATION_TOKEN (403 "Missing Authentication Token"); here it is 404
  `route_not_found` in the JSON error format, and every other gateway error is JSON too.
"""
from __future__ import annotations

import json
from typing import Any

from aws_cdk import CfnResource
from constructs import Construct

from chalicelib.http.messages import message

from .profiles import Profile

# Paths as WAF sees them: with the stage prefix on the execute-api URL (/api/api/v1/...) or
# without it behind a custom domain, so rules match the end of the path.
INTAKE_PATHS = ("/v1/reports", "/lapor")
# The support ("dukung") route of chalicelib/web/public_views.py; tests/infra/test_waf_paths.py checks
# this against the app's route table. WAF lowercases the path before matching.
SUPPORT_PATH_REGEX = r"/lacak/[^/]+/dukung/?$"
SUPPORTER_COOKIE = "lapor_sp"  # chalicelib/web/support_form.py names it; tests/infra checks they agree
KEYED_PATH_REGEX = r"/v1/(agency|admin)(/|$)"
RATE_LIMITED_BODY = "rate-limited"

# (gateway response type, status, error code): what API Gateway itself answers.
GATEWAY_RESPONSES = (
    ("MISSING_AUTHENTICATION_TOKEN", 404, "route_not_found"),
    ("THROTTLED", 429, "rate_limited"),
    ("QUOTA_EXCEEDED", 429, "rate_limited"),
    ("WAF_FILTERED", 403, "forbidden"),
    ("REQUEST_TOO_LARGE", 413, "payload_too_large"),
    ("UNSUPPORTED_MEDIA_TYPE", 415, "unsupported_media_type"),
    ("DEFAULT_4XX", None, "bad_request"),
    ("DEFAULT_5XX", None, "internal_error"),
)


def error_body(code: str, **params: Any) -> str:
    """The API's error object; gateway responses cannot read Accept-Language: Bahasa Indonesia."""
    return json.dumps({"error": {"code": code, "message": message(code, "id", **params)}}, ensure_ascii=False)


def _ends_with(path: str) -> dict[str, Any]:
    return {"ByteMatchStatement": {"FieldToMatch": {"UriPath": {}}, "PositionalConstraint": "ENDS_WITH",
                                   "SearchString": path,
                                   "TextTransformations": [{"Priority": 0, "Type": "LOWERCASE"}]}}


def _regex(pattern: str) -> dict[str, Any]:
    return {"RegexMatchStatement": {"FieldToMatch": {"UriPath": {}}, "RegexString": pattern,
                                    "TextTransformations": [{"Priority": 0, "Type": "LOWERCASE"}]}}


def _method(verb: str) -> dict[str, Any]:
    return {"ByteMatchStatement": {"FieldToMatch": {"Method": {}}, "PositionalConstraint": "EXACTLY",
                                   "SearchString": verb, "TextTransformations": [{"Priority": 0, "Type": "NONE"}]}}


def _visibility(name: str) -> dict[str, Any]:
    return {"CloudWatchMetricsEnabled": True, "MetricName": name, "SampledRequestsEnabled": True}


def _block_429() -> dict[str, Any]:
    return {"Block": {"CustomResponse": {"ResponseCode": 429, "CustomResponseBodyKey": RATE_LIMITED_BODY,
                                         "ResponseHeaders": [{"Name": "Retry-After", "Value": "60"}]}}}


def rate_rules(profile: Profile, prefix: str) -> list[dict[str, Any]]:
    limits = profile.abuse
    intake = {"AndStatement": {"Statements": [
        _method("POST"), {"OrStatement": {"Statements": [_ends_with(p) for p in INTAKE_PATHS]}}]}}
    rules = [
        ("intake-per-ip", limits["intake_per_ip"], "IP", intake),
        ("support-per-device", limits["support_per_device"], "DEVICE", _regex(SUPPORT_PATH_REGEX)),
        ("api-key-clients", limits["per_api_key"], "KEY", _regex(KEYED_PATH_REGEX)),
        ("all-per-ip", limits["per_ip"], "IP", None),
    ]
    out = []
    for priority, (name, limit, aggregate, scope) in enumerate(rules):
        statement: dict[str, Any] = {"Limit": int(limit), "EvaluationWindowSec": int(limits["window_seconds"])}
        if aggregate == "IP":
            statement["AggregateKeyType"] = "IP"
        elif aggregate == "DEVICE":  # one counter per address and browser: a shared address is not one client
            statement["AggregateKeyType"] = "CUSTOM_KEYS"
            statement["CustomKeys"] = [{"IP": {}}, {"Cookie": {"Name": SUPPORTER_COOKIE,
                                                               "TextTransformations": [{"Priority": 0, "Type": "NONE"}]}}]
        else:  # one counter per API key: the bearer key is the client
            statement["AggregateKeyType"] = "CUSTOM_KEYS"
            statement["CustomKeys"] = [{"Header": {"Name": "authorization",
                                                   "TextTransformations": [{"Priority": 0, "Type": "NONE"}]}}]
        if scope is not None:
            statement["ScopeDownStatement"] = scope
        out.append({"Name": f"{prefix}-{name}", "Priority": priority, "Action": _block_429(),
                    "Statement": {"RateBasedStatement": statement}, "VisibilityConfig": _visibility(f"{prefix}-{name}")})
    return out


class ApiProtection(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, api_logical_id: str, stage: str,
                 profile: Profile) -> None:
        super().__init__(scope, construct_id)
        prefix = f"lapor-{stage}"
        api_ref = {"Ref": api_logical_id}
        stage_ref = {"Ref": f"{api_logical_id}.Stage"}  # the stage the SAM transform creates

        self.web_acl = CfnResource(self, "WebAcl", type="AWS::WAFv2::WebACL", properties={
            "Name": f"{prefix}-api", "Scope": "REGIONAL", "DefaultAction": {"Allow": {}},
            "Description": f"Rate limits of the Lapor {stage} API, profile {profile.name}",
            "CustomResponseBodies": {RATE_LIMITED_BODY: {"ContentType": "APPLICATION_JSON",
                                                         "Content": error_body("rate_limited")}},
            "Rules": rate_rules(profile, prefix),
            "VisibilityConfig": _visibility(f"{prefix}-api"),
        })
        CfnResource(self, "WebAclAssociation", type="AWS::WAFv2::WebACLAssociation", properties={
            "WebACLArn": self.web_acl.get_att("Arn"),
            "ResourceArn": {"Fn::Sub": ["arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage}",
                                        {"Api": api_ref, "Stage": stage_ref}]},
        })
        limits = profile.abuse
        CfnResource(self, "KeyClientsUsagePlan", type="AWS::ApiGateway::UsagePlan", properties={
            "UsagePlanName": f"{prefix}-api-key-clients",
            "Description": "Throttle and daily quota for API Gateway keys attached to partner clients",
            "ApiStages": [{"ApiId": api_ref, "Stage": stage_ref}],
            "Throttle": {"RateLimit": float(limits["usage_plan_rate"]), "BurstLimit": int(limits["usage_plan_burst"])},
            "Quota": {"Limit": int(limits["usage_plan_daily_quota"]), "Period": "DAY"},
        })
        for response_type, status, code in GATEWAY_RESPONSES:
            properties: dict[str, Any] = {
                "RestApiId": api_ref, "ResponseType": response_type,
                "ResponseTemplates": {"application/json": error_body(code, limit=10 * 1024 * 1024)},
                "ResponseParameters": {"gatewayresponse.header.Cache-Control": "'no-store'",
                                       "gatewayresponse.header.Content-Type": "'application/json; charset=utf-8'",
                                       "gatewayresponse.header.X-Content-Type-Options": "'nosniff'"},
            }
            if status is not None:
                properties["StatusCode"] = str(status)
            CfnResource(self, f"Gateway{response_type.title().replace('_', '')}", type="AWS::ApiGateway::GatewayResponse",
                        properties=properties)
