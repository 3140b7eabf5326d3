"""Persistence: PynamoDB models (the single source of table definitions) and the queries the
rest of the code reaches through functions, never raw table calls."""
