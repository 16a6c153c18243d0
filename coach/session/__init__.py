"""Guided sessions: a routine's plan and its clock, recording, cues, progression and
easier variants."""
