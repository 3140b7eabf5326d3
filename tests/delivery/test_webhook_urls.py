"""Webhook address policy (issue 20, finding 9): one rule for every address a name resolves to,
checked at registration and again at delivery, and the sender connects to the address it checked
(no second lookup for DNS rebinding to win), with TLS still verified against the host name."""
from __future__ import annotations

import datetime as dt
import ipaddress
import json
import socket
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from chalicelib.delivery import sender
from chalicelib.delivery.urls import is_public_address, validate_webhook_url
from chalicelib.domain.errors import ValidationFailed
from tests.fixtures.agencies import call

WRAPPED_INTERNAL = ["https://[2002:a9fe:a9fe::]/", "https://[2002:7f00:1::]/", "https://[fec0::1]/"]
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# IPv4 ranges that are never a public receiver, written out so the test does not lean on the
# ipaddress module's own (version-dependent) idea of "private".
INTERNAL_V4 = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
               "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4"]
PUBLIC_V4 = ["8.8.8.0/24", "93.184.216.0/24", "36.64.0.0/11", "140.82.112.0/20"]


def refusal(url: str, **kwargs: Any) -> str:
    with pytest.raises(ValidationFailed) as refused:
        validate_webhook_url(url, **kwargs)
    return refused.value.code


# --- the three addresses from the finding ---------------------------------------------------------

@pytest.mark.parametrize("stage", ["test", "prod"])
@pytest.mark.parametrize("url", WRAPPED_INTERNAL)
def test_wrapped_and_site_local_addresses_are_refused(env, url, stage):
    env.set("LAPOR_STAGE", stage)  # the test stage's loopback allowance must not unwrap 6to4
    assert refusal(url) == "webhook_url_private"


@pytest.mark.parametrize("url", WRAPPED_INTERNAL)
def test_agency_sees_a_422_for_wrapped_internal_addresses(api, fresh_agency, url):
    response = call(api, "PUT", "/api/v1/agency/webhook", {"url": url}, fresh_agency.auth)
    assert response.status_code == 422, response.body
    detail = json.loads(response.body)["error"]["details"][0]
    assert detail["code"] == "webhook_url_private" and "privat" in detail["message"]


# --- the policy, as a property --------------------------------------------------------------------

def mapped(v4: ipaddress.IPv4Address) -> ipaddress.IPv6Address:
    return ipaddress.IPv6Address((0xFFFF << 32) | int(v4))


def six_to_four(v4: ipaddress.IPv4Address) -> ipaddress.IPv6Address:
    return ipaddress.IPv6Address((0x2002 << 112) | (int(v4) << 80))


def teredo(server: ipaddress.IPv4Address, client: ipaddress.IPv4Address) -> ipaddress.IPv6Address:
    return ipaddress.IPv6Address((0x20010000 << 96) | (int(server) << 64) | (int(client) ^ 0xFFFFFFFF))


def nat64(v4: ipaddress.IPv4Address) -> ipaddress.IPv6Address:
    return ipaddress.IPv6Address(int(NAT64.network_address) | int(v4))


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    out = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    if ip in NAT64:
        out.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [v4 for v4 in out if v4 is not None]


def globally_reachable(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """The oracle: a unicast, globally routed address, and so is everything it wraps. 6to4 and
    Teredo tunnels (deprecated; IANA: not globally reachable) are never a receiver."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.sixtofour is not None or ip.teredo is not None:
            return False
        inner = embedded_ipv4(ip)
        if inner and not all(globally_reachable(v4) for v4 in inner):
            return False
        if ip.ipv4_mapped is not None or ip in NAT64:
            return True  # a v4 destination written in v6: judged by the v4 address above
        if ip.is_site_local:
            return False
    elif any(ip in ipaddress.IPv4Network(net) for net in INTERNAL_V4):
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


internal_v4 = st.one_of(*(st.ip_addresses(network=net) for net in INTERNAL_V4))
public_v4 = st.one_of(*(st.ip_addresses(network=net) for net in PUBLIC_V4))
any_v4 = st.one_of(st.ip_addresses(v=4), internal_v4, public_v4)
wrapped = st.one_of(
    st.builds(mapped, any_v4), st.builds(six_to_four, any_v4), st.builds(nat64, any_v4),
    st.builds(teredo, any_v4, any_v4),
)
any_address = st.one_of(any_v4, st.ip_addresses(v=6), wrapped,
                        st.ip_addresses(network="fec0::/10"), st.ip_addresses(network="ff00::/8"))


@hypothesis_settings(max_examples=200, deadline=None)
@given(any_address)
def test_policy_accepts_only_global_addresses(ip):
    assert is_public_address(str(ip)) == globally_reachable(ip)


@hypothesis_settings(max_examples=150, deadline=None)
@given(internal_v4, any_v4)
def test_no_wrapping_smuggles_an_internal_ipv4(v4, other):
    for form in (v4, mapped(v4), six_to_four(v4), nat64(v4), teredo(other, v4), teredo(v4, other)):
        assert not is_public_address(str(form)), form


@hypothesis_settings(max_examples=100, deadline=None)
@given(public_v4)
def test_public_ipv4_is_accepted_plain_mapped_and_through_nat64(v4):
    assert all(is_public_address(str(form)) for form in (v4, mapped(v4), nat64(v4)))
    assert not is_public_address(str(six_to_four(v4)))  # a tunnel relay decides where it ends up


@hypothesis_settings(max_examples=100, deadline=None)
@given(st.lists(public_v4, min_size=1, max_size=3), st.one_of(internal_v4.map(str), wrapped.map(str)))
def test_every_resolved_address_is_checked(publics, internal):
    answers = [str(a) for a in publics]
    if is_public_address(internal):
        return
    def resolver(host, port):
        return [*answers, internal]
    assert refusal("https://sipp.example.go.id/lapor", resolver=resolver) == "webhook_url_private"


def test_http_is_refused_plainly_without_a_dns_lookup(env):
    env.set("LAPOR_STAGE", "prod")
    asked: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        asked.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    assert refusal("http://sipp.example.go.id/lapor", resolver=resolver) == "webhook_url_not_https"
    assert asked == []


def test_http_to_an_unknown_host_says_https_in_the_api(api, fresh_agency, monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", FakeDns({"sipp.example.go.id": []}))
    response = call(api, "PUT", "/api/v1/agency/webhook", {"url": "http://sipp.example.go.id/lapor"},
                    fresh_agency.auth)
    assert response.status_code == 422, response.body
    detail = json.loads(response.body)["error"]["details"][0]
    assert detail["code"] == "webhook_url_not_https" and "https" in detail["message"]
    assert "resolve" not in detail["message"]


def test_loopback_allowance_is_kept_for_test_and_local_only(env):
    def loopback(host, port):
        return ["127.0.0.1"]
    assert validate_webhook_url("http://receiver.local:8080/x", resolver=loopback)
    env.set("LAPOR_STAGE", "prod")
    assert refusal("http://receiver.local:8080/x", resolver=loopback) == "webhook_url_not_https"
    assert refusal("https://receiver.local:8080/x", resolver=loopback) == "webhook_url_private"


# --- DNS rebinding at delivery --------------------------------------------------------------------

REBOUND_HOST = "sipp.example.go.id"
PUBLIC_ANSWER = "93.184.216.34"
_real_getaddrinfo = socket.getaddrinfo
_real_create_connection = socket.create_connection


class FakeDns:
    """socket.getaddrinfo for a few names (a list of answers per call, the last one repeating);
    every other name goes to the real resolver (the moto server on loopback)."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers
        self.calls: dict[str, int] = {}

    def __call__(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in self.answers:
            return _real_getaddrinfo(host, port, *args, **kwargs)
        n = self.calls[name] = self.calls.get(name, 0) + 1
        answer = self.answers[name]
        if callable(answer):
            answer = answer(n)
        if not answer:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (a, int(port or 0))) for a in answer]


@pytest.fixture()
def connections(monkeypatch) -> Iterator[list[str]]:
    """Records the address of every outgoing connection to the webhook host (by name or by address,
    resolved the way the real create_connection would), and refuses it: nothing leaves the test."""
    targets: list[str] = []
    watched = {REBOUND_HOST, PUBLIC_ANSWER, "127.0.0.1", "169.254.169.254"}

    def create_connection(address: tuple[Any, ...], *args: Any, **kwargs: Any) -> socket.socket:
        host, port = address[0], address[1]
        if host not in watched:
            return _real_create_connection(address, *args, **kwargs)
        for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):  # the patched resolver
            targets.append(info[4][0])
        raise ConnectionRefusedError(111, "refused by the test")

    monkeypatch.setattr(socket, "create_connection", create_connection)
    yield targets


@pytest.mark.parametrize("internal", ["127.0.0.1", "169.254.169.254"])
@pytest.mark.parametrize("public_answers", [1, 2, 3])
def test_dns_rebinding_never_reaches_the_internal_address(api, fresh_agency, routed, drain_queues, fast_retries,
                                                          monkeypatch, env, connections, internal, public_answers):
    env.unset("LAPOR_WEBHOOK_ALLOW_LOOPBACK")  # the test stage then refuses loopback like prod
    dns = FakeDns({REBOUND_HOST: lambda n: [PUBLIC_ANSWER] if n <= public_answers else [internal]})
    monkeypatch.setattr(socket, "getaddrinfo", dns)
    registered = call(api, "PUT", "/api/v1/agency/webhook", {"url": f"https://{REBOUND_HOST}/lapor"}, fresh_agency.auth)
    assert registered.status_code == 200, registered.body
    try:
        routed(fresh_agency)
        drain_queues()
    finally:
        from chalicelib.delivery import subscriptions

        subscriptions.remove(fresh_agency.agency_id)
    assert dns.calls[REBOUND_HOST] > public_answers  # delivery did look the name up again
    assert internal not in connections and set(connections) <= {PUBLIC_ANSWER}
    [logged] = json.loads(api.http.get("/api/v1/agency/deliveries", headers=fresh_agency.auth).body)["items"]
    assert logged["status"] == "FAILED" and logged["last_status_code"] is None
    assert logged["last_error"] == "address refused: webhook_url_private"


def test_refused_at_delivery_is_not_contacted(monkeypatch, connections):
    attempt = sender.post("https://[2002:a9fe:a9fe::]/latest", "msg_1", "{}", ["whsec_" + "A" * 32], 1.0)
    assert attempt.status_code is None and attempt.error == "address refused: webhook_url_private"
    assert connections == []


# --- pinned connection, TLS against the host name -------------------------------------------------

HOOK_HOST = "hooks.example.go.id"


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


@pytest.fixture(scope="module")
def authority(tmp_path_factory) -> dict[str, Any]:
    """A throwaway CA and a server certificate for each of two host names, as PEM files."""
    folder = tmp_path_factory.mktemp("tls")
    now = dt.datetime.now(dt.UTC)
    ca_key = _key()
    ca = (x509.CertificateBuilder().subject_name(_name("Lapor test CA")).issuer_name(_name("Lapor test CA"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files = {"ca": str(folder / "ca.pem")}
    for host in (HOOK_HOST, "other.example.go.id"):
        key = _key()
        cert = (x509.CertificateBuilder().subject_name(_name(host)).issuer_name(ca.subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
                .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
                .sign(ca_key, hashes.SHA256()))
        pem = folder / f"{host}.pem"
        pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        files[host] = str(pem)
    return files


class TlsReceiver:
    """An https receiver on loopback presenting `cert`; records SNI names and request Host headers."""

    def __init__(self, cert: str) -> None:
        self.server_names: list[str | None] = []
        self.hosts: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length") or 0))
                outer.hosts.append(self.headers.get("Host", ""))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert)
        context.sni_callback = lambda sock, name, ctx: outer.server_names.append(name)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def pinned_dns(monkeypatch) -> tuple[FakeDns, list[tuple[str, int]]]:
    """HOOK_HOST resolves to loopback (allowed in the test stage); connections are recorded and
    then made for real, so the TLS handshake and the request go through."""
    dns = FakeDns({HOOK_HOST: ["127.0.0.1"]})
    monkeypatch.setattr(socket, "getaddrinfo", dns)
    opened: list[tuple[str, int]] = []

    def create_connection(address: tuple[Any, ...], *args: Any, **kwargs: Any) -> socket.socket:
        opened.append((address[0], address[1]))
        return _real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return dns, opened


def client_context(authority: dict[str, Any]) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=authority["ca"])


def test_delivery_connects_to_the_checked_address_with_sni_of_the_host(authority, pinned_dns):
    dns, opened = pinned_dns
    receiver = TlsReceiver(authority[HOOK_HOST])
    try:
        attempt = sender.post(f"https://{HOOK_HOST}:{receiver.port}/lapor?v=1", "msg_1", "{}",
                              ["whsec_" + "A" * 32], 5.0, context=client_context(authority))
    finally:
        receiver.close()
    assert attempt.succeeded and attempt.status_code == 204, attempt
    assert dns.calls[HOOK_HOST] == 1  # resolved once, by the check itself
    assert [a for a in opened if a[1] == receiver.port] == [("127.0.0.1", receiver.port)]
    assert receiver.server_names == [HOOK_HOST]
    assert receiver.hosts == [f"{HOOK_HOST}:{receiver.port}"]


def test_certificate_is_verified_against_the_host_name_not_the_address(authority, pinned_dns):
    receiver = TlsReceiver(authority["other.example.go.id"])  # valid chain, wrong name
    try:
        attempt = sender.post(f"https://{HOOK_HOST}:{receiver.port}/lapor", "msg_1", "{}",
                              ["whsec_" + "A" * 32], 5.0, context=client_context(authority))
    finally:
        receiver.close()
    assert attempt.status_code is None and attempt.error.startswith("connection: SSLCertVerificationError"), attempt
    assert receiver.hosts == []  # the request itself never went out
