"""Routines as data: the model, the YAML loader, the library of built-in and user routines."""
