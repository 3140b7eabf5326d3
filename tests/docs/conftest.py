"""The agency suite's fixtures (isolated agencies, keys, routed reports, webhook receivers),
reused to exercise the documented contract with real responses."""
from tests.agency.conftest import (  # noqa: F401 - fixtures
    admin_auth,
    admin_key,
    fast_retries,
    fresh_agency,
    new_agency,
    receiver,
    routed,
    subscribed,
)
