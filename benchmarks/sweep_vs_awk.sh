#!/usr/bin/env bash
# Times `revenue sweep` (start-up included) against mawk printing the same 1,001,000 rows,
# checks that both outputs agree byte for byte, and prints both times and the ratio.
# Usage: benchmarks/sweep_vs_awk.sh [RUNS]   (best of RUNS alternating runs, default 5)
set -euo pipefail
runs=${1:-5}
awk_bin=$(command -v mawk || command -v awk)
# Installed packages have their bytecode compiled by pip; make sure ours has too, as
# PYTHONDONTWRITEBYTECODE may be set here.
python3 -m compileall -q "$(dirname "$0")/../src"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run_revenue() {
    revenue sweep --troops 1000:1000000:1000 --monthly-pay 1000:2000:1 --format csv > "$tmp/revenue.csv"
}
run_awk() {
    # %.0f for money: mawk's %d wraps at 2^31.
    "$awk_bin" 'BEGIN {
        print "troops,monthly_pay_usd,months,bonus_usd,state_share,pay_total_usd,bonus_total_usd,total_usd,rotations,killed,death_payment_usd,death_total_usd"
        for (t = 1000; t <= 1000000; t += 1000)
            for (p = 1000; p <= 2000; p++) {
                pay = t * p * 12; bonus = t * 2000
                printf "%d,%d,12,2000,1,%.0f,%.0f,%.0f,1,0,0,0\n", t, p, pay, bonus, pay + bonus
            }
    }' > "$tmp/awk.csv"
}
nanos() { # wall time of one function, in nanoseconds
    local start end
    start=$(date +%s%N); "$1"; end=$(date +%s%N)
    echo $((end - start))
}

best_rev=; best_awk=
for _ in $(seq "$runs"); do  # alternate, keep the best of each
    r=$(nanos run_revenue); a=$(nanos run_awk)
    if [ -z "$best_rev" ] || [ "$r" -lt "$best_rev" ]; then best_rev=$r; fi
    if [ -z "$best_awk" ] || [ "$a" -lt "$best_awk" ]; then best_awk=$a; fi
done
if ! cmp -s "$tmp/revenue.csv" "$tmp/awk.csv"; then
    echo "outputs differ:" >&2
    diff <(head -5 "$tmp/revenue.csv") <(head -5 "$tmp/awk.csv") >&2 || true
    exit 1
fi
rows=$(($(wc -l < "$tmp/revenue.csv") - 1))
printf 'rows: %d (outputs identical)\n' "$rows"
"$awk_bin" -v r="$best_rev" -v a="$best_awk" -v n="$runs" -v name="$(basename "$awk_bin")" 'BEGIN {
    printf "revenue sweep: %.3f s   %s: %.3f s   (best of %d, alternating)\n", r / 1e9, name, a / 1e9, n
    printf "ratio revenue/awk: %.2f   (target <= 0.7, at most 0.85)\n", r / a
}'

# Memory: peak RSS of the same sweep, streamed to /dev/null (target: flat, within 100 MiB).
python3 - <<'PY'
import resource, subprocess
subprocess.run(["revenue", "sweep", "--troops", "1000:1000000:1000", "--monthly-pay", "1000:2000:1",
                "--format", "csv"], stdout=subprocess.DEVNULL, check=True)
print(f"peak RSS of revenue sweep: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.1f} MiB")
PY
