"""SMS 1708, two-way: inbound messages (SNS topic -> SQS) become reports and commands, answered by SMS."""
