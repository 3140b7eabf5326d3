"""Every category routes to an existing, active agency through the SEEDED directory in DynamoDB
(the pure walk over every region is in tests/directory/test_directory_coverage.py): a sample of
regions of every level, read the way the router reads them (routes table, then agencies table)."""
import pytest

from chalicelib.directory.catalogue import categories, region
from chalicelib.routing.router import candidate_routes
from chalicelib.store import directory as store
from chalicelib.store.models import RouteRecord

SAMPLE = ("11", "31.71", "62.01", "62.71", "73.22", "91.71", "96.04")


@pytest.mark.parametrize("code", SAMPLE)
def test_every_category_routes_to_an_existing_active_agency_in_the_seeded_directory(aws, code):
    place = region(code)
    wanted = {category.code: candidate_routes(category, place) for category in categories().values()}
    keys = sorted({key for route in wanted.values() for key in route})
    rules = {record.route_key: record.agency_id for record in RouteRecord.batch_get(keys)}
    chosen = {}
    for category, route in wanted.items():
        agency = next((rules[key] for key in route if key in rules), None)
        assert agency is not None, (code, category)
        chosen[category] = agency
    agencies = {record.agency_id: record for record in store.get_agencies(chosen.values())}
    for category, agency in chosen.items():
        assert agency in agencies and agencies[agency].active, (code, category, agency)
    # the walk reads what the router itself would choose
    sample = next(iter(categories().values()))
    assert store.resolve_route(candidate_routes(sample, place)) == chosen[sample.code]
