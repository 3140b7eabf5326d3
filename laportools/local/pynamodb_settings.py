"""PynamoDB settings for the local stack (`PYNAMODB_CONFIG` points here; Lambda never reads it).

Locally one process serves many API threads and SQS pollers through shared PynamoDB
connections; botocore's default pool of 10 connections would be torn down and reopened under a
surge, each new connection costing the embedded endpoint a thread."""
max_pool_connections = 64
