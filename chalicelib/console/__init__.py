"""The staff console: server-rendered pages for national admins, agency admins, liaison officers
and Ombudsman readers, signed in through the Cognito user pool (chalicelib/shared/identity.py)."""
