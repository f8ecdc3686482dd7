"""Inputs: text as users write it turned into values (numbers, grids, distributions)."""
