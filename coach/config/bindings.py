"""The ids of the coach window's key bindings, for `keymap:` in config.yaml (data only).

The screens in `coach.tui` declare their `Binding`s with these ids; the config checks
`keymap:` names against this list without importing Textual, and docs/config.md
lists them. tests/config/test_config_docs.py fails when a screen's binding ids and
this list differ.
"""

from __future__ import annotations

# id -> (where, what it does)
BINDINGS: dict[str, tuple[str, str]] = {
    "find_routine": ("home", "find a routine"),
    "new_routine": ("home", "a new routine in the builder"),
    "open_in_builder": ("home", "open the highlighted routine in the builder"),
    "edit_routine": ("home", "edit the highlighted routine in your editor"),
    "show_history": ("home", "your history"),
    "show_safety": ("every screen", "the safety page (a session waits while it is open)"),
    "show_care": ("home", "back care: the flare-up plan and the tips"),
    "log_water": ("home", "log a glass of water"),
    "log_activity": ("home", "log activity done away from coach"),
    "answer_peg": ("home", "the weekly check-in (the PEG questions)"),
    "pause_reminders": ("home", "pause reminders for a while, or resume them"),
    "start_next_due": ("home", "start what is due next today (the Today panel says what)"),
    "quit_app": ("home", "quit"),
    "confirm": ("session", "done (reps you count)"),
    "pause": ("session", "pause"),
    "resume": ("session", "resume"),
    "confirm_enter": ("session", "done, with Enter"),
    "skip": ("session", "skip to the next phase"),
    "skip_step": ("session", "skip the whole step"),
    "back": ("session", "back a phase"),
    "restart_step": ("session", "restart the step"),
    "count_rep": ("session", "count a rep"),
    "mute": ("session", "mute the sound and the voice"),
    "toggle_voice": ("session", "spoken cues on or off"),
    "this_hurts": ("session", "this hurts: stop, an easier variant, or stop for today"),
    "quit_session": ("session", "quit the session"),
    **{f"pain_{n}": ("session", f"pain {n} at a check-in") for n in range(10)},
    "answer_yes": ("any yes/no question", "yes (quit, replace, leave, use easier…)"),
    "answer_no": ("any yes/no question", "no"),
    "close_summary": ("summary", "close"),
    "start_break": ("reminder", "start the break"),
    "drank_water": ("reminder", "drank a glass"),
    "reminder_accept": ("reminder", "accept, with Enter"),
    "snooze_reminder": ("reminder", "snooze"),
    "skip_reminder": ("reminder", "skip"),
    **{
        f"pause_pick_{n}": ("pause", f"choice {n} (30 min, 1 h, 2 h, until tomorrow)")
        for n in range(1, 5)
    },
    "pause_resume": ("pause", "resume now"),
    "pause_cancel": ("pause", "back"),
    "close_history": ("history", "back"),
    "history_week": ("history", "the week tab"),
    "history_days": ("history", "the days tab"),
    "history_pain": ("history", "the pain tab"),
    "history_sessions": ("history", "the sessions tab"),
    "history_undo": ("history", "undo or correct the last entry"),
    **{f"undo_pick_{n}": ("undo", f"pick entry {n}") for n in range(1, 5)},
    "undo_remove": ("undo", "remove the picked entry"),
    "undo_keep": ("undo", "keep it"),
    "close_peg": ("PEG", "not now"),
    "close_activity": ("activity", "cancel"),
    "close_care": ("back care", "close"),
    "close_water_goal": ("first run's water amount", "cancel (nothing changes)"),
    "acknowledge_safety": ("safety", "I understand (first run)"),
    "close_safety": ("safety", "close (on first run, once read to the end)"),
    "builder_save": ("builder", "save"),
    "builder_close": ("builder", "back"),
    "builder_find": ("builder", "search the exercises"),
    "builder_add": ("builder", "add the highlighted exercise"),
    "builder_remove": ("builder", "remove the highlighted step"),
    "builder_move_up": ("builder", "move the step up"),
    "builder_move_down": ("builder", "move the step down"),
    "builder_add_rest": ("builder", "add a rest"),
    "builder_add_breathing": ("builder", "add breathing"),
    "builder_add_drink": ("builder", "add a drink"),
    "builder_add_check_in": ("builder", "add a pain check-in"),
}

BINDING_IDS: tuple[str, ...] = tuple(BINDINGS)
