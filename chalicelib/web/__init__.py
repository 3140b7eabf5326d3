"""Citizen web: the report form, the confirmation and the tracking page (views.py), public pages
and statistics (public_views.py), served by the same Chalice app as the API. The page kit
(rendering, translations, templates) is chalicelib/pages/, shared with the console."""
