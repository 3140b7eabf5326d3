"""Webhooks to agencies (Standard Webhooks): subscriptions, signing, fan-out from the timeline
stream, the delivery queue consumer with retries, the delivery log and replay.

One report event travels: timeline table (outbox) -> DynamoDB stream -> `fanout` (one delivery
log entry + one SQS message per receiving agency) -> delivery queue -> `worker` (signed POST,
retries with backoff via SQS delays, dead-letter queue after the last attempt).
"""
