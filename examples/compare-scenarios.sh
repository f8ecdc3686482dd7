#!/usr/bin/env bash
# The built-in scenarios and a file of your own, against the article's $260M.
cd "$(dirname "$0")"
revenue compare article-baseline kursk-2024 shoigu-2025 two-contingents.toml \
    --vs article-estimate --vs china-exports-2018 --format markdown
