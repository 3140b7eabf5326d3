"""How long a report's title and body may be: one place for every channel's check.

The web form, the API and Open311 check them in their request model (intake/schema.py, pydantic);
SMS 1708 checks them on its own filing (intake/sms_filing.py), which needs no pydantic."""
TITLE_MIN, TITLE_MAX = 5, 150
BODY_MIN, BODY_MAX = 20, 4000
