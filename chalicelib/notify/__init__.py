"""Notifications to reporters: the timeline stream (outbox) -> notification log + notify queue ->
email (SES) and SMS (SNS). See outbox.py for the why."""
