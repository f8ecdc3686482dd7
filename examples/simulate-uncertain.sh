#!/usr/bin/env bash
# Monte Carlo over a scenario with distributions; the seed makes it reproducible.
cd "$(dirname "$0")"
revenue simulate --scenario uncertain.toml --seed 2025 --samples 20000 --format json
revenue sensitivity --scenario uncertain.toml --format markdown
