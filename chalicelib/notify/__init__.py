"""Notifications to reporters: the notice producer (outbox: timeline -> notification log + notify
queue), their preferences (prefs), the texts (templates) and what every channel to a reporter
shares (reporter_channel). Which events a reporter hears of is a domain rule (domain/notices.py);
the channels themselves (SMS, email) are plug-ins of the delivery framework in chalicelib/channels/."""
