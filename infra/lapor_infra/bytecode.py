"""Bytecode in the deployment package, so that a Lambda cold start does not compile Lapor and its
libraries from source.

Chalice builds `deployment.zip` by unpacking wheels and copying the project's sources: no
`__pycache__` (and the stack removes the project's own first, as a developer's can be stale). Lambda's
`/var/task` is read-only, so Python cannot keep what it compiles, and every cold start compiled every
module it imported (botocore, Powertools, PynamoDB, Chalice, chalicelib) from source: several times the
import time with bytecode (`python -m bench.package_imports` measures it on the package). The local
stack and the cold-start bench never showed it: there, Python writes `__pycache__` on the first run.

Added here, beside each `.py`: a checked-hash `.pyc` (PEP 552), which Python uses only while the hash
of its source matches, whatever the zip's timestamps; a source edited in place is compiled again. It
is compiled by the interpreter that packages the app, whose version Chalice also gives the functions'
runtime, so the cache tag (`cpython-311`) is the one Lambda's Python looks for.
"""
from __future__ import annotations

import compileall
import py_compile
import tempfile
import zipfile
from pathlib import Path

LAMBDA_TASK_ROOT = "/var/task"  # where Lambda unpacks the package: the path tracebacks name
# Sources no function imports, left uncompiled: phonenumbers' geocoding and carrier-name tables
# (Lapor only parses and checks numbers) would add 23 MB of bytecode to a package Lambda caps at
# 250 MB unpacked. tests/infra/test_package.py holds that the code never imports them.
NEVER_IMPORTED = ("phonenumbers/geodata/", "phonenumbers/carrierdata/")


def add_bytecode(package: Path) -> int:
    """Compile every `.py` of the zip at `package` and add the bytecode to it; returns how many
    `.pyc` files were added. A source that does not compile (a wheel's Python 2 example) is left as it
    is, as Python would fail on it too."""
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        sources = [name for name in names if name.endswith(".py") and not name.startswith(NEVER_IMPORTED)]
        with tempfile.TemporaryDirectory() as folder:
            for name in sources:
                archive.extract(name, folder)
            compileall.compile_dir(folder, quiet=2, workers=0, stripdir=folder, prependdir=LAMBDA_TASK_ROOT,
                                   invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
            compiled = sorted(path for path in Path(folder).rglob("*.pyc")
                              if path.relative_to(folder).as_posix() not in names)
            with zipfile.ZipFile(package, "a", compression=zipfile.ZIP_DEFLATED) as out:
                for path in compiled:
                    out.write(path, path.relative_to(folder).as_posix())
    return len(compiled)
