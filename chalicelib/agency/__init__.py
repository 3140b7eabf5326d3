"""Agency side: what an agency's system does with the reports dispositioned to it, over the API."""
