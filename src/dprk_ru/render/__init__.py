"""Rendering: formats and their writers, the console, terminal tables, charts, atomic files."""
