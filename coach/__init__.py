"""coach: a terminal back-care coach."""

__version__ = "0.1.0"
