"""The server-rendered page kit the citizen web and the staff console share: Jinja2 rendering and
page headers, translations (gettext catalogs, i18n.py), form parsing, cookie sessions, and the
templates, static assets and locale files themselves."""
