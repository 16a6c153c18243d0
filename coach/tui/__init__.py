"""The Textual face of coach: app, screens, widgets and styles.

Import `coach.tui.app` only where the TUI is about to run (the CLI does it inside
its command functions), so the rest of coach never pays for Textual.
"""
