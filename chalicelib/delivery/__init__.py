"""Delivery: every message Lapor sends out -- webhooks to agencies, email and SMS to reporters --
through one framework. A channel (channel.py; one module each in channels/) renders, picks the
recipient, sends and judges a failure; the engine (engine.py) owns the rest for all of them: the
log entry (store.delivery_log), the queue message, the claim that makes an attempt happen once,
per-recipient limits, retries with backoff, the dead-letter queue and replay.

A webhook travels: timeline table (outbox) -> timeline topic -> `fanout` (one log entry + one
queue message per receiving agency) -> delivery queue -> engine + webhook channel (signed POST).
A notice to the reporter travels the same way from `notify.outbox` over the notify queue.
Webhook specifics stay here: events, signing secrets, subscriptions, the URL policy, the sender.
"""
