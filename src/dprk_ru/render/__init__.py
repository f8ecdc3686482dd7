"""Rendering: output formats, terminal tables, charts and atomic files."""
