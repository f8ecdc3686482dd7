"""The core: money, parameters, dates, currencies and the formula. Imports nothing above it."""
