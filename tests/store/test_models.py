"""The PynamoDB models (chalicelib/store/models.py): how their table connections are made."""
from __future__ import annotations


def test_every_table_shares_one_botocore_session(aws: object) -> None:
    """One parse of the SDK's endpoint and service data per cold start, not one per table."""
    from chalicelib.shared import aws as sdk
    from chalicelib.store.models import ContactRecord, ReportRecord, TimelineRecord

    sessions = {id(model._get_connection().connection.session) for model in (ReportRecord, TimelineRecord, ContactRecord)}
    assert sessions == {id(sdk.session())}


def test_every_table_talks_through_one_dynamodb_client(aws) -> None:
    """PynamoDB would make a botocore client per table (some 20 ms each on a cold start)."""
    from chalicelib.store.models import AgencyRecord, ReportRecord, TimelineRecord

    connections = [model._get_connection().connection for model in (ReportRecord, TimelineRecord, AgencyRecord)]
    assert len({id(connection.client) for connection in connections}) == 1
    assert ReportRecord.count("NO-SUCH-REPORT") == 0 and AgencyRecord.count("no-such-agency") == 0
