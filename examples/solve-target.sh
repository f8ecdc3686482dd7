#!/usr/bin/env bash
# Goal seek: how many troops would replace DPRK exports to China in 2016 ($2.6B)?
revenue solve --for troops --target china-exports-2016 --format csv
# And what monthly pay would 12,000 troops need for the same?
revenue solve --for monthly-pay --target 2.6B --troops 12000 --format csv
# A target no valid value reaches exits 1 and says why.
revenue solve --for months --target 1B 2>&1 || echo "exit code $?"
