"""The history: the SQLite journal and what is read from it (today, weeks, streaks, goals)."""
