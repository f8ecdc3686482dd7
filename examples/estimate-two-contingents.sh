#!/usr/bin/env bash
# A multi-contingent scenario file: one row per contingent, then the total (286,000,000).
cd "$(dirname "$0")"
revenue estimate --scenario two-contingents.toml --format csv
