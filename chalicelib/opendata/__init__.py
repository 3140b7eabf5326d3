"""Open data: scheduled exports of public reports and statistics (CSV and JSON) with a data
dictionary and licence, to the public bucket's `open-data/` prefix."""
