"""The report core: the one write path (perform), reads and lists, and what reporters, agencies
and national admins may do to a report."""
