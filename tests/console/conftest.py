"""Console fixtures: the app served over HTTP (the browser tests' `site`), staff people in the
real user pool (one per role, for an agency of their own), and a signed-in HTTP client that keeps
cookies and the page's CSRF token as a browser would."""
from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Optional

import pytest
import requests

from chalicelib.shared.identity import AGENCY_ROLES, StaffRole
from tests.browser.conftest import site  # noqa: F401 - the served app, shared with the browser tests
from tests.fixtures.agencies import Agency

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Person:
    username: str
    password: str
    role: StaffRole
    agency_id: Optional[str]


@pytest.fixture()
def person(aws: Any) -> Callable[..., Person]:
    """person(role, agency_id=None) -> a new account in the pool and the staff directory."""
    from laportools.provision_identity import create_staff

    def make(role: StaffRole, agency_id: Optional[str] = None) -> Person:
        name = f"{role.value.split('-')[0]}-{uuid.uuid4().hex[:8]}"
        made = create_staff(name, role, agency_id if role in AGENCY_ROLES else None, f"Test {role.value}")
        return Person(made["username"], made["password"], role, made["agency_id"])

    return make


@dataclass
class Team:
    """The four roles, the agency ones for `agency`."""

    agency: Agency
    national: Person
    admin: Person
    liaison: Person
    ombudsman: Person


@pytest.fixture()
def team(person: Callable[..., Person], fresh_agency: Agency) -> Team:
    return Team(fresh_agency, person(StaffRole.NATIONAL_ADMIN), person(StaffRole.AGENCY_ADMIN, fresh_agency.agency_id),
                person(StaffRole.LIAISON, fresh_agency.agency_id), person(StaffRole.OMBUDSMAN))


class ConsoleClient:
    """A browser-like HTTP client: cookies kept, CSRF taken from the last page that had it."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url
        self.http = requests.Session()
        self.csrf = ""
        self.last: Optional[requests.Response] = None

    def _seen(self, response: requests.Response) -> requests.Response:
        found = CSRF.search(response.text)
        if found:
            self.csrf = found.group(1)
        self.last = response
        return response

    def get(self, path: str, **params: str) -> requests.Response:
        return self._seen(self.http.get(self.base + path, params=params, allow_redirects=True, timeout=30))

    def post(self, path: str, data: Optional[dict[str, Any]] = None, csrf: Optional[str] = None,
             follow: bool = True) -> requests.Response:
        body = {"csrf": self.csrf if csrf is None else csrf, **(data or {})}
        return self._seen(self.http.post(self.base + path, data=body, allow_redirects=follow, timeout=30))

    def sign_in(self, who: Person) -> requests.Response:
        self.get("/konsol/masuk")
        response = self.post("/konsol/masuk", {"username": who.username, "password": who.password})
        assert response.status_code == 200 and "/konsol/masuk" not in response.url, response.text[:2000]
        return response


@pytest.fixture()
def client(site: str) -> Callable[[], ConsoleClient]:
    return lambda: ConsoleClient(site)


@pytest.fixture()
def signed_in(client: Callable[[], ConsoleClient]) -> Callable[[Person], ConsoleClient]:
    def make(who: Person) -> ConsoleClient:
        c = client()
        c.sign_in(who)
        return c

    return make
