#!/usr/bin/env bash
# Pipe a sweep into awk: the smallest deployment at each pay level that beats
# DPRK exports to China in 2018 ($200M). Columns: 1 troops, 2 monthly pay, 8 total.
revenue sweep --troops 1000:20000:1000 --monthly-pay 1000:3000:500 \
    | awk -F, 'NR > 1 && $8 > 200000000 && !seen[$2]++ { print $2, $1, $8 }' \
    | sort -n
