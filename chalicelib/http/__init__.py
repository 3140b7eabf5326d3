"""What the JSON API, the citizen web and the staff console share about HTTP, so none of them
imports another: the error format and languages (endpoints.py, messages.py), listing cursors,
request bodies, and staff ID-token verification. Imports use cases, store, domain and shared only."""
