"""Citizen web: the report form, the confirmation and the tracking page (views.py), served by the
same Chalice app as the API. Templates, translations (i18n.py) and static assets live here too."""
