"""Sitting-break and water reminders: the rules, the service on APScheduler, presence,
the daemon, and the state it leaves for `coach status`."""
