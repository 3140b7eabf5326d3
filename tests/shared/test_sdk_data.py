"""The prebuilt SDK data: current with the installed botocore, equal to what botocore parses, used
by every session the functions open, and never in the way when it cannot be used."""
from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

import botocore
import pytest
from botocore.exceptions import UnknownServiceError
from botocore.loaders import JSONFileLoader, create_loader

from chalicelib.shared import sdk_data
from laportools.sdk_data import endpoint_prefixes, endpoints_for, plain


def test_the_committed_file_was_built_from_the_installed_botocore() -> None:
    assert sdk_data.read() is not None, (
        f"{sdk_data.FILE} is missing or was built for another botocore than {botocore.__version__}: "
        "run `python -m laportools.sdk_data` and commit the file")


def test_every_entry_is_what_botocore_itself_parses() -> None:
    prebuilt = sdk_data.loader()
    assert isinstance(prebuilt, sdk_data.PrebuiltLoader)
    reference = create_loader()
    for service in sdk_data.SERVICES:
        for type_name in sdk_data.MODEL_TYPES:
            assert prebuilt.load_service_model(service, type_name) == plain(
                reference.load_service_model(service, type_name)), (service, type_name)
    for name in sdk_data.DATA:
        data, path = prebuilt.load_data_with_path(name)
        expected, expected_path = reference.load_data_with_path(name)
        if name == "endpoints":  # narrowed to the prebuilt services, the rest as botocore has it
            expected = endpoints_for(expected, endpoint_prefixes(reference))
        assert data == plain(expected)
        assert Path(path).resolve() == Path(expected_path).resolve()


def test_the_narrowed_endpoints_resolve_every_prebuilt_service_in_every_region_as_botocore_does() -> None:
    from botocore.regions import EndpointResolver

    prebuilt = sdk_data.loader()
    assert prebuilt is not None
    full_data = create_loader().load_data_with_path("endpoints")[0]
    narrowed, full = EndpointResolver(prebuilt.load_data_with_path("endpoints")[0]), EndpointResolver(full_data)
    assert len(str(narrowed._endpoint_data)) < len(str(full_data)) / 5  # what the narrowing saves a cold start
    regions = {region for partition in full_data["partitions"] for region in partition["regions"]}
    prefixes = endpoint_prefixes(create_loader())
    assert {"dynamodb", "email", "cognito-idp"} <= prefixes  # SES is known by its endpoint prefix
    for prefix in prefixes:
        for region in sorted(regions) + ["ap-southeast-3", "us-east-1"]:
            for fips in (False, True):
                assert narrowed.construct_endpoint(prefix, region, use_fips_endpoint=fips) == \
                    full.construct_endpoint(prefix, region, use_fips_endpoint=fips), (prefix, region, fips)


def test_a_service_the_data_does_not_describe_gets_botocores_own_session() -> None:
    from chalicelib.shared import aws

    aws.reset_clients()
    try:
        sts = aws.client("sts")
        assert not isinstance(sts._loader, sdk_data.PrebuiltLoader)
        assert sts.meta.endpoint_url  # resolved from botocore's whole endpoint data
        assert isinstance(aws.client("dynamodb")._loader, sdk_data.PrebuiltLoader)
    finally:
        aws.reset_clients()


@pytest.fixture
def json_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SDK JSON files read from disk from now on."""
    reads: list[str] = []
    original = JSONFileLoader._load_file

    def counted(self: Any, full_path: str, open_method: Any) -> Any:
        data = original(self, full_path, open_method)
        if data is not None:
            reads.append(full_path)
        return data

    monkeypatch.setattr(JSONFileLoader, "_load_file", counted)
    return reads


def test_a_function_session_makes_its_clients_without_parsing_sdk_json(json_reads: list[str]) -> None:
    import threading

    from chalicelib.shared import aws

    made: dict[str, Any] = {}

    def fresh_session() -> None:  # a new thread has no session yet, as a new container
        session = aws.session()
        made["clients"] = [session.create_client(service, region_name="ap-southeast-3")
                           for service in ("dynamodb", "sqs", "s3", "sns", "kms", "ses")]

    worker = threading.Thread(target=fresh_session)
    worker.start()
    worker.join()
    assert [client.meta.service_model.service_name for client in made["clients"]] == [
        "dynamodb", "sqs", "s3", "sns", "kms", "ses"]
    assert made["clients"][0].meta.region_name == "ap-southeast-3"
    assert json_reads == []


def test_anything_not_prebuilt_is_read_from_botocore_as_before(json_reads: list[str]) -> None:
    prebuilt = sdk_data.loader()
    assert prebuilt is not None
    waiters = prebuilt.load_service_model("dynamodb", "waiters-2")
    assert "TableExists" in waiters["waiters"]
    assert any("waiters-2" in path for path in json_reads)
    with pytest.raises(UnknownServiceError):
        prebuilt.load_service_model("no-such-service", "service-2")


def test_a_file_for_another_botocore_or_unreadable_is_not_used(tmp_path: Path) -> None:
    other = tmp_path / "other.bin"
    other.write_bytes(marshal.dumps({"botocore": "0.0.1", "entries": {}}))
    assert sdk_data.loader(other) is None
    broken = tmp_path / "broken.bin"
    broken.write_bytes(b"\x00not marshal")
    assert sdk_data.loader(broken) is None
    assert sdk_data.loader(tmp_path / "missing.bin") is None


def test_an_operators_own_model_directories_keep_botocores_loader(monkeypatch: pytest.MonkeyPatch,
                                                                    tmp_path: Path) -> None:
    import threading

    from chalicelib.shared import aws

    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    loaders: list[Any] = []
    worker = threading.Thread(target=lambda: loaders.append(aws.session().get_component("data_loader")))
    worker.start()
    worker.join()
    assert loaders and not isinstance(loaders[0], sdk_data.PrebuiltLoader)
