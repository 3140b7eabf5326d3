"""Every human-facing string of Lapor, in gettext catalogs (`locale/<lang>/LC_MESSAGES/<domain>.po`).

One directory, one reader (`catalog.py`), one tool (`python -m laportools.catalogs`). It sits at
the bottom of the layers, beside `domain` and `shared`, so the pages, the API, the 1708 SMS
service and the notifications all read their words from here; it imports nothing of Lapor."""
