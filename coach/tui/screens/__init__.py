"""coach's screens: home, session, summary and the quit question."""
