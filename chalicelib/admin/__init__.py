"""National admins: the verification queue, disposition, archive, hold, corrections, the agency
directory and agency API keys."""
