"""The API function registers its routes from a committed table and imports a view's module on the
first request for it (chalicelib/routes.py). These check the table against the blueprints, that the
lazily registered app routes exactly like an eager one, and that a cold start loads only what the
first request needs."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from chalice import Chalice

from chalicelib.routes import ROUTE_TABLE, register_http

PROJECT = Path(__file__).resolve().parents[1]


def test_the_committed_route_table_matches_the_blueprints() -> None:
    """Written from the blueprints in a fresh interpreter (Chalice registers a blueprint once)."""
    done = subprocess.run([sys.executable, "-m", "laportools.route_table", "--check"], cwd=PROJECT,
                          env={**os.environ, "PYTHONPATH": str(PROJECT)}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]


def test_the_api_registers_every_route_of_the_table_with_its_methods_and_content_types() -> None:
    app = Chalice(app_name="lazy")
    register_http(app)
    table = json.loads(ROUTE_TABLE.read_text(encoding="utf-8"))
    expected = {(entry["path"], method): (entry["name"], tuple(entry["content_types"]))
                for entry in table for method in entry["methods"]}
    registered = {(path, method): (entry.view_name, tuple(entry.content_types))
                  for path, methods in app.routes.items() for method, entry in methods.items()}
    assert len(expected) > 100
    assert registered == expected


def test_a_lazily_registered_route_answers_through_the_real_view(api: Any) -> None:
    """The first request for a console route imports the console and answers with its page."""
    answer = api.http.get("/konsol/masuk", headers={"Accept-Language": "en"})
    assert answer.status_code == 200
    assert "<form" in answer.body.decode()
    missing = api.http.get("/api/v1/reports/LPR-NOPE-0000", headers={"Accept": "application/json"})
    assert missing.status_code in (400, 404)
    assert json.loads(missing.body)["error"]


def first_request(path: str) -> tuple[int, set[str]]:
    """A fresh API function's first request: `import app`, one GET of `path` against the tests' local
    AWS endpoint; its status and the chalicelib modules loaded by then."""
    code = (
        "import json, sys\n"
        "import app\n"
        "from chalice.test import Client\n"
        "with Client(app.app) as client:\n"
        f"    status = client.http.get({path!r}).status_code\n"
        "print(json.dumps([status, sorted(m for m in sys.modules if m.startswith('chalicelib.'))]))\n")
    env = {**os.environ, "LAPOR_FUNCTION": "api", "PYTHONPATH": str(PROJECT)}
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    status, loaded = json.loads(done.stdout.strip().splitlines()[-1])
    return status, set(loaded)


def test_a_citizen_request_does_not_load_the_console_or_the_admin_api(aws: Any) -> None:
    status, loaded = first_request("/api/v1/stats")
    assert status == 200
    assert "chalicelib.api.stats" in loaded
    assert not {m for m in loaded if m.startswith(("chalicelib.console", "chalicelib.api.admin", "chalicelib.api.agency",
                                                   "chalicelib.intake"))}


def test_a_first_request_to_a_page_that_reads_another_blueprints_request_answers(aws: Any) -> None:
    """The public list (public_web) reads the request through the web form's helpers (web)."""
    status, loaded = first_request("/laporan")
    assert status == 200
    assert "chalicelib.web.views" in loaded


def test_first_requests_in_many_threads_each_get_their_whole_view() -> None:
    """The local stack serves requests in threads: every view's first import, all at once."""
    code = (
        "import json, threading\n"
        "import app\n"
        "views = [entry.view_function for methods in app.app.routes.values() for entry in methods.values()]\n"
        "found, failed = [], []\n"
        "def resolve(view):\n"
        "    try:\n"
        "        found.append(callable(view.target()))\n"
        "    except Exception as error:\n"
        "        failed.append(repr(error))\n"
        "threads = [threading.Thread(target=resolve, args=(view,)) for view in views]\n"
        "[thread.start() for thread in threads]; [thread.join() for thread in threads]\n"
        "print(json.dumps([len(views), found.count(True), failed]))\n")
    env = {**os.environ, "LAPOR_FUNCTION": "api", "PYTHONPATH": str(PROJECT)}
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    views, resolved, failed = json.loads(done.stdout.strip().splitlines()[-1])
    assert failed == [] and resolved == views > 100
