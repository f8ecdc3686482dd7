#!/usr/bin/env bash
# Times `revenue sweep` (start-up included) against mawk printing the same rows, for four grid
# shapes of about 1,001,000 rows each; checks that both outputs agree byte for byte, and prints
# the times, their ratio and the peak RSS of `revenue sweep` for each shape.
# Pass: no shape above 1.0x mawk; target 0.7x. The ratio judged is of CPU time (user + sys):
# both programs run on one core, so on an idle machine it is the wall time's, and it holds
# steady when other jobs share the cores (the wall ratio is printed too).
# Usage: benchmarks/sweep_vs_awk.sh [RUNS]   (best of RUNS alternating runs, default 5)
set -euo pipefail
runs=${1:-5}
awk_bin=$(command -v mawk || command -v awk)
# Installed packages have their bytecode compiled by pip; make sure ours has too, as
# PYTHONDONTWRITEBYTECODE may be set here.
python3 -m compileall -q "$(dirname "$0")/../src"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
header=troops,monthly_pay_usd,months,bonus_usd,state_share,pay_total_usd,bonus_total_usd,total_usd,rotations,killed,death_payment_usd,death_total_usd,pay_share,bonus_share,death_share,personnel

# Each shape: the sweep's options, and an awk program printing the same rows. Money is
# printed with %.0f, as mawk's %d wraps at 2^31.
shape_names=(pay-inner rotations two-valued all-eight)
declare -A shape_args shape_awk
shape_args[pay-inner]="--troops 1000:1000000:1000 --monthly-pay 1000:2000:1"
shape_awk[pay-inner]='BEGIN {
    print header
    for (t = 1000; t <= 1000000; t += 1000)
        for (p = 1000; p <= 2000; p++) {
            pay = t * p * 12; bonus = t * 2000
            printf "%d,%d,12,2000,1,%.0f,%.0f,%.0f,1,0,0,0,1,1,1,soldiers\n", t, p, pay, bonus, pay + bonus
        }
}'
shape_args[rotations]="--troops 0:1000000:1000 --monthly-pay 1:100:1 --rotations 1:10:1"
shape_awk[rotations]='BEGIN {
    print header
    for (t = 0; t <= 1000000; t += 1000)
        for (p = 1; p <= 100; p++) {
            pay = t * p * 12
            for (r = 1; r <= 10; r++) {
                bonus = t * 2000 * r
                printf "%d,%d,12,2000,1,%.0f,%.0f,%.0f,%d,0,0,0,1,1,1,soldiers\n", t, p, pay, bonus, pay + bonus, r
            }
        }
}'
shape_args[two-valued]="--troops 0:1000998:2 --state-share 0.5,1"
shape_awk[two-valued]='BEGIN {
    print header
    n = split("0.5 1", share, " ")
    for (t = 0; t <= 1000998; t += 2)
        for (i = 1; i <= n; i++) {
            pay = t * 24000 * share[i]; bonus = t * 2000 * share[i]
            printf "%d,2000,12,2000,%s,%.0f,%.0f,%.0f,1,0,0,0,%s,%s,%s,soldiers\n", t, share[i], pay, bonus, pay + bonus, share[i], share[i], share[i]
        }
}'
# All eight parameters vary (7 x 11 x 2 x 5 x 2 x 2 x 13 x 25 rows), with cents, a fractional
# month and a share that leave fractions of a cent: awk works in cents (exact in doubles
# here: every product is a multiple of 1/8 below 2^53) and rounds half up as the model does.
shape_args[all-eight]="--troops 10001:70001:10000 --monthly-pay 1500.5:2500.5:100 --months 6.5,12
    --bonus 0:2000:500 --state-share 0.75,1 --rotations 1,2 --killed 0:1200:100
    --death-payment 0.5:24000.5:1000"
shape_awk[all-eight]='
function usd(c,    whole, part) {  # cents as the model prints dollars: 1500.50, 2000
    whole = int(c / 100); part = c - whole * 100
    return part ? sprintf("%.0f.%02d", whole, part) : sprintf("%.0f", whole)
}
BEGIN {
    print header
    split("6.5 12", months, " "); split("0.75 1", share, " ")
    for (t = 10001; t <= 70001; t += 10000)
    for (p = 150050; p <= 250050; p += 10000) {
        pt = usd(p)
        for (m = 1; m <= 2; m++)
        for (b = 0; b <= 200000; b += 50000) {
            bt = usd(b)
            for (s = 1; s <= 2; s++) {
                pay = int(t * p * months[m] * share[s] + 0.5)
                for (r = 1; r <= 2; r++) {
                    bonus = int(t * b * r * share[s] + 0.5)
                    for (k = 0; k <= 1200; k += 100)
                    for (d = 50; d <= 2400050; d += 100000) {
                        death = int(k * d * share[s] + 0.5)
                        printf "%d,%s,%s,%s,%s,%s,%s,%s,%d,%d,%s,%s,%s,%s,%s,soldiers\n", t,
                            pt, months[m], bt, share[s], usd(pay), usd(bonus),
                            usd(pay + bonus + death), r, k, usd(d), usd(death), share[s],
                            share[s], share[s]
                    }
                }
            }
        }
    }
}'

measure() { # wall and CPU (user + sys) seconds of one run of a command
    local TIMEFORMAT='%3R %3U %3S'
    { time "$@"; } 2> "$tmp/time"
    "$awk_bin" '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$tmp/time"
}
min() { "$awk_bin" -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }
run_revenue() { # shellcheck disable=SC2086 # the options split on purpose
    revenue sweep ${shape_args[$1]} --format csv > "$tmp/revenue.csv"
}
run_awk() {
    "$awk_bin" -v header="$header" "${shape_awk[$1]}" > "$tmp/awk.csv"
}
peak_rss() { # peak RSS of the sweep streamed to /dev/null, in MiB
    # shellcheck disable=SC2086
    python3 - ${shape_args[$1]} <<'PY'
import resource, subprocess, sys
subprocess.run(["revenue", "sweep", *sys.argv[1:], "--format", "csv"],
               stdout=subprocess.DEVNULL, check=True)
print(f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.1f}")
PY
}

worst=0
for shape in "${shape_names[@]}"; do
    rev_wall=; rev_cpu=; awk_wall=; awk_cpu=
    for _ in $(seq "$runs"); do  # alternate, keep the best of each
        read -r wall cpu < <(measure run_revenue "$shape")
        rev_wall=$(min "$rev_wall" "$wall"); rev_cpu=$(min "$rev_cpu" "$cpu")
        read -r wall cpu < <(measure run_awk "$shape")
        awk_wall=$(min "$awk_wall" "$wall"); awk_cpu=$(min "$awk_cpu" "$cpu")
    done
    if ! cmp -s "$tmp/revenue.csv" "$tmp/awk.csv"; then
        echo "$shape: outputs differ:" >&2
        diff "$tmp/revenue.csv" "$tmp/awk.csv" | head -5 >&2 || true
        exit 1
    fi
    rows=$(($(wc -l < "$tmp/revenue.csv") - 1))
    echo "$shape: revenue sweep ${shape_args[$shape]//$'\n    '/ }"
    "$awk_bin" -v rw="$rev_wall" -v rc="$rev_cpu" -v aw="$awk_wall" -v ac="$awk_cpu" \
        -v n="$runs" -v rows="$rows" -v rss="$(peak_rss "$shape")" -v name="$(basename "$awk_bin")" 'BEGIN {
        printf "  %d rows, outputs identical; best of %d: revenue %.2f s (CPU %.2f s), %s %.2f s (CPU %.2f s)\n",
            rows, n, rw, rc, name, aw, ac
        printf "  ratio revenue/%s: %.2f CPU, %.2f wall   peak RSS: %s MiB\n", name, rc / ac, rw / aw, rss
    }'
    worst=$("$awk_bin" -v r="$rev_cpu" -v a="$awk_cpu" -v w="$worst" \
        'BEGIN { print (r / a > w ? r / a : w) }')
done
"$awk_bin" -v w="$worst" 'BEGIN {
    printf "worst CPU ratio: %.2f   (pass <= 1.0, target <= 0.7): %s\n", w,
        (w <= 0.7 ? "target met" : w <= 1.0 ? "pass" : "FAIL")
    exit (w > 1.0)
}'
