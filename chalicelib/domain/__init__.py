"""The domain: reports, their lifecycle, deadlines and privacy. Imports no AWS library."""
