"""Analyses: one module per command's work, each computing through ``core.formula``."""
