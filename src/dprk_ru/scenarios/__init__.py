"""Scenarios: contingent and scenario models, loading (built-ins, files, published ids),
and the sources behind every shipped number. Data files live in ``data/``."""
