"""Widgets of coach's screens. They show what they are given and never read a clock."""
