"""Routing: pick the agency for a received report and disposition it (DITERUSKAN)."""
