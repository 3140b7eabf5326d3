"""A model's version: what routing events record and operators pin. The shipped model's is read from
the file `make model` writes beside it; it must always be the model's own digest."""
from __future__ import annotations

import re
from pathlib import Path

from chalicelib.classify import model


def test_the_shipped_version_file_names_the_shipped_model() -> None:
    written = model.version_file(model.MODEL_FILE).read_text(encoding="ascii").strip()
    assert written == model.digest_of(model.MODEL_FILE), (
        "categories.version does not match categories.ftz: rebuild with `make model`")
    assert model.current_version() == written
    assert re.fullmatch(r"[0-9a-f]{16}", written)


def test_a_model_without_a_version_file_or_with_a_bad_one_is_hashed(tmp_path: Path) -> None:
    model_file = tmp_path / "categories.ftz"
    model_file.write_bytes(b"not really a model")
    digest = model.digest_of(model_file)
    assert model.version_of(model_file) == digest
    model.version_file(model_file).write_text("../../etc/passwd\n", encoding="ascii")
    assert model.version_of(model_file) == digest
    model.version_file(model_file).write_bytes(b"\xff\xfe")
    assert model.version_of(model_file) == digest
    model.version_file(model_file).write_text("0123456789abcdef\n", encoding="ascii")
    assert model.version_of(model_file) == "0123456789abcdef"
