"""What the bytecode in the deployment package saves each function's cold start in AWS.

Lambda's `/var/task` is read-only: without `.pyc` files in the package, Python compiles every module
a cold start imports from source, every time (infra/lapor_infra/bytecode.py). The other cold-start
figures (bench/coldstart.py) run from this checkout, where Python keeps its own `__pycache__`, so they
cannot show it. This section synthesizes the stage as `cdk synth` would, unpacks the package the
functions would run, and times fresh interpreters (this machine's Python, with none of the project's
virtualenv) importing `app.py` and the function's own stage, as each function's first event does,
twice: from the package as built, and from the same package with its bytecode removed (what the
package held before). Figures are CPU time (user + system) of the whole process; medians over
interleaved runs, and their ratio.
"""
from __future__ import annotations

import ast
import os
import shutil
import statistics
import sys
import tempfile
import zipfile
from pathlib import Path

from .coldstart import timed

PROJECT = Path(__file__).resolve().parents[1]
REPEATS = 5
QUICK_REPEATS = 1
QUICK_FUNCTIONS = ("api", "route_reports")
# The first request of the API imports a view's module (chalicelib/routes.py): a report's public page.
API_MODULE = "chalicelib.api.citizen"
CHILD = """
import importlib, sys
import app
importlib.import_module(sys.argv[1])
"""


def stage_modules(app_source: str) -> dict[str, str]:
    """Each event function of app.py and the module its handler imports (its stage's code)."""
    found = {}
    for node in ast.parse(app_source).body:
        if isinstance(node, ast.FunctionDef) and node.decorator_list:
            imports = [n for n in ast.walk(node) if isinstance(n, ast.ImportFrom) and n.module]
            if imports:
                found[node.name] = str(imports[0].module)
    return found


def measure(package: Path, repeats: int = REPEATS, only: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Rows: per function (`only` these, when given), the import CPU time from source and with
    bytecode, and the ratio."""
    modules = {"api": API_MODULE, **stage_modules((PROJECT / "app.py").read_text(encoding="utf-8"))}
    modules = {name: module for name, module in modules.items() if not only or name in only}
    python = Path(sys.base_prefix) / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    with tempfile.TemporaryDirectory() as folder:
        built, source_only = Path(folder) / "built", Path(folder) / "source-only"
        with zipfile.ZipFile(package) as archive:
            pycs = sum(name.endswith(".pyc") for name in archive.namelist())
            archive.extractall(built)
        shutil.copytree(built, source_only, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        # As Lambda runs it: the package first on the path, nothing written, the function's name set.
        base_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONDONTWRITEBYTECODE": "1",
                    "LAPOR_STAGE": "prod", "AWS_DEFAULT_REGION": "ap-southeast-3"}
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(repeats):
            for name, module in modules.items():
                env = {**base_env, **({} if name == "api" else {"LAPOR_FUNCTION": name})}
                for kind, root in (("source", source_only), ("bytecode", built)):
                    argv = [str(python), "-s", "-c", CHILD, module]
                    # cwd is the package: `-c` puts it first on the path, as Lambda's task root is
                    _, cpu = timed(argv, {**env, "PYTHONPATH": str(root)}, root)
                    times.setdefault((name, kind), []).append(cpu)
    rows = [("package imports: bytecode files in the package", f"{pycs}")]
    for name in modules:
        source, bytecode = (statistics.median(times[(name, kind)]) for kind in ("source", "bytecode"))
        rows.append((f"package imports: {name} (app.py + its code, CPU)",
                     f"from source {source * 1000:.0f} ms; with bytecode {bytecode * 1000:.0f} ms "
                     f"({bytecode / source:.2f}x)"))
    return rows


def run(quick: bool = False) -> list[tuple[str, str]]:
    from laportools.infra_synth import deployment_package, synth

    with tempfile.TemporaryDirectory() as out:
        synth(Path(out), "prod")
        package = deployment_package(Path(out))
        # quick: a check that the package still imports and holds bytecode, not figures to quote
        return measure(package, QUICK_REPEATS, QUICK_FUNCTIONS) if quick else measure(package)


if __name__ == "__main__":
    for metric, value in run():
        print(f"{metric:<60} {value}")
