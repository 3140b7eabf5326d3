"""Notifications to reporters: which events they hear of (events), the notice producer (outbox:
timeline -> notification log + notify queue), their preferences (prefs), the texts (templates)
and what every channel to a reporter shares (reporter_channel). The channels themselves (SMS,
email) are modules of the delivery framework: chalicelib/delivery/channels/."""
