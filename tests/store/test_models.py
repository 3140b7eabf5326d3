"""The PynamoDB models (chalicelib/store/models.py): how their table connections are made."""
from __future__ import annotations


def test_every_table_shares_one_botocore_session(aws: object) -> None:
    """One parse of the SDK's endpoint and service data per cold start, not one per table."""
    from chalicelib.shared import aws as sdk
    from chalicelib.store.models import ContactRecord, ReportRecord, TimelineRecord

    sessions = {id(model._get_connection().connection.session) for model in (ReportRecord, TimelineRecord, ContactRecord)}
    assert sessions == {id(sdk.session())}
