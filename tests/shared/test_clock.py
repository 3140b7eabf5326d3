"""The two clocks (chalicelib/shared/clock.py): the domain clock moves with the local demo offset,
the wall clock never does, and nothing else in chalicelib reads the time itself."""
from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from chalicelib.shared import clock
from tests.fixtures.settings import Env

PROJECT_DIR = Path(__file__).resolve().parents[2]
# datetime.now(, datetime.utcnow(, datetime.today(, date.today(, time.time(, time.time_ns(
DIRECT_READ = re.compile(r"\b(?:datetime\.(?:now|utcnow|today)|date\.today|time\.time(?:_ns)?)\(")


def direct_reads(root: Path) -> list[str]:
    home = root / "chalicelib" / "shared" / "clock.py"
    return [f"{path.relative_to(root)}:{number}: {line.strip()}"
            for path in sorted([root / "app.py", *(root / "chalicelib").rglob("*.py")]) if path != home
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if DIRECT_READ.search(line)]


def test_nothing_but_the_clock_module_reads_the_time() -> None:
    """A direct read would silently pick one clock: ask clock.now() (domain) or clock.real_now() (wall)."""
    assert direct_reads(PROJECT_DIR) == []


def test_the_check_finds_each_kind_of_direct_read(tmp_path: Path) -> None:
    package = tmp_path / "chalicelib" / "store"
    package.mkdir(parents=True)
    (tmp_path / "app.py").write_text("", encoding="utf-8")
    (package / "late.py").write_text(
        "a = datetime.now(timezone.utc)\nb = datetime.utcnow()\nc = time.time()\nd = date.today()\n"
        "e = time.monotonic()  # intervals are fine\n", encoding="utf-8")
    assert [hit.split(":")[1] for hit in direct_reads(tmp_path)] == ["1", "2", "3", "4"]


def test_the_demo_offset_moves_the_domain_clock_only_on_the_local_stage(env: Env) -> None:
    env.set("LAPOR_CLOCK_OFFSET_DAYS", "6")
    env.set("LAPOR_STAGE", "local")
    skew = clock.now() - clock.real_now()
    assert timedelta(days=6) - timedelta(seconds=5) < skew <= timedelta(days=6)
    env.set("LAPOR_STAGE", "prod")
    assert clock.offset() == timedelta(0) and abs(clock.now() - clock.real_now()) < timedelta(seconds=5)


def test_the_wall_clock_is_aware_utc() -> None:
    assert clock.real_now().utcoffset() == timedelta(0) and clock.now().utcoffset() == timedelta(0)
