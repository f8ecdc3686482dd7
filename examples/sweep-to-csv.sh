#!/usr/bin/env bash
# Sweep a grid into a CSV file, then look at it with standard tools.
set -e
out=$(mktemp -d)/grid.csv
revenue sweep --troops 5000:20000:5000 --monthly-pay 1500,2000,2500 --bonus 0,2000 \
    --output "$out"
wc -l < "$out"
head -n 4 "$out"
rm -r "$(dirname "$out")"
