"""Issue 20, finding 11: the WAF's stricter support limit matched `/v1/reports/{id}/support|votes`,
a path no route has, so the support form (`POST /lacak/{id}/dukung`) was limited only by the
all-traffic rule. The rule's regex is checked here against the app's own route table: moving the
support route without moving the rule fails this test."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.infra.test_template import resources

SAMPLE_PARAMS = {"tracking_id": "LPR7K2M9QX"}  # a tracking id's shape; WAF lowercases the path first
STAGE_PREFIXES = ("", "/api")  # custom domain, execute-api URL with Chalice's stage


def support_rule_regex(template: dict[str, Any]) -> str:
    (acl,) = resources(template, "AWS::WAFv2::WebACL").values()
    rule = next(r for r in acl["Properties"]["Rules"] if r["Name"].endswith("support-per-device"))
    statement = rule["Statement"]["RateBasedStatement"]["ScopeDownStatement"]["RegexMatchStatement"]
    assert statement["TextTransformations"] == [{"Priority": 0, "Type": "LOWERCASE"}]
    return statement["RegexString"]


def app_routes() -> Iterator[tuple[str, str, Any]]:
    """(method, path as a client sends it, view) for every route the API function serves."""
    import app as app_module

    for pattern, methods in app_module.app.routes.items():
        path = re.sub(r"\{(\w+)\}", lambda m: SAMPLE_PARAMS.get(m.group(1), "x1"), pattern)
        for method, entry in methods.items():
            yield method, path, entry.view_function


def waf_paths(path: str) -> list[str]:
    return [(prefix + path).lower() for prefix in STAGE_PREFIXES]


@pytest.mark.parametrize("stage", ["prod", "staging"])
def test_support_rule_matches_the_support_route_and_nothing_else(stage: str, request: pytest.FixtureRequest) -> None:
    from chalicelib.web.public_views import support

    regex = re.compile(support_rule_regex(request.getfixturevalue(stage)))
    matched = {(method, path) for method, path, view in app_routes()
               for seen in waf_paths(path) if regex.search(seen)}
    support_routes = {(method, path) for method, path, view in app_routes()
                      if view.view_reference == f"{support.__module__}:{support.__qualname__}"}
    assert support_routes, "the support form's view is not routed"
    for _method, path in support_routes:
        assert all(regex.search(seen) for seen in waf_paths(path)), (regex.pattern, path)
    assert matched == support_routes, "the support limit would also throttle other routes"


def test_gateway_answers_carry_nosniff_like_the_app_answers(prod: dict[str, Any]) -> None:
    """Finding 12 at the gateway: answers API Gateway makes itself (unknown path, throttled, WAF
    block) never reach the app's header middleware, so they set the header themselves."""
    answers = resources(prod, "AWS::ApiGateway::GatewayResponse").values()
    assert answers
    for answer in answers:
        headers = answer["Properties"]["ResponseParameters"]
        assert headers["gatewayresponse.header.X-Content-Type-Options"] == "'nosniff'", answer["Properties"]["ResponseType"]
