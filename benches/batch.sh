#!/usr/bin/env bash
# The batch benchmark: N typical synthetic reports (benches/bigreport.rs --batch: about 300
# contacts, 30 groups, 2 devices, every HTML twin, varied by a seed) exported with
# `wareport export --format sqlite` and `--format ndjson`, against a shell loop running
# `wareport show --json` once per report. Prints wall time (median of RUNS runs), reports
# per second, peak memory (max RSS, GNU time) and the speed-up over the loop.
#
#   benches/batch.sh                         # 1,000 and 10,000 reports
#   SIZES="1000" RUNS=5 SEED=7 benches/batch.sh
#   LOOP=0 benches/batch.sh                  # skip the (slow) shell loop
#
# Every tool's exit status is checked, and every output is counted (the database must hold
# N reports, the NDJSON N lines): a figure that was not measured is never printed.
set -euo pipefail
cd "$(dirname "$0")/.."

script=batch.sh
# shellcheck source=benches/common.sh
. benches/common.sh
need cargo sqlite3 bc awk sed

sizes=${SIZES:-"1000 10000"}
runs=${RUNS:-3}
seed=${SEED:-1}
loop=${LOOP:-1}

find_binary
work=${BENCH_DIR:-$target_dir/bench-batch}
mkdir -p "$work"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# generate N -> $reports (reused when it already holds N reports of this seed)
generate() {
  reports=$work/reports-$1-seed-$seed
  if [ "$(cat "$reports/.complete" 2>/dev/null)" != "$1" ]; then
    rm -rf "$reports"
    cargo bench --locked --quiet --bench bigreport -- --batch "$1" --seed "$seed" --out "$reports" \
      || fail "generating $1 reports failed"
    echo "$1" > "$reports/.complete"
  fi
  local n; n=$(find "$reports" -name '*.zip' | wc -l)
  [ "$n" -eq "$1" ] || fail "$reports holds $n reports, not $1"
}

check_sqlite() {
  local got; got=$(sqlite3 "$tmp/out.db" 'SELECT count(*) FROM reports') || return 1
  [ "$got" -eq "$n" ] && [ "$(sqlite3 "$tmp/out.db" 'SELECT count(*) FROM failures')" -eq 0 ]
}
check_ndjson() { [ "$(wc -l < "$tmp/out.ndjson")" -eq "$n" ]; }
check_loop() { [ "$(cat "$tmp/count")" -eq "$n" ]; }

machine
echo "runs: $runs (median), seed: $seed, binary: $bin"
for n in $sizes; do generate "$n"; done
printf '\n%-8s %-24s %9s %11s %10s %9s\n' reports command wall reports/s "peak MiB" "vs loop"
for n in $sizes; do
  generate "$n" >/dev/null
  loop_time=""
  if [ "$loop" = 1 ]; then
    saved_runs=$runs; runs=1
    # shellcheck disable=SC2016
    measure check_loop bash -c 'c=0; for f in "$1"/*.zip; do "$2" show --json "$f" > /dev/null || exit 1; c=$((c+1)); done; echo "$c" > "$3"' \
      _ "$reports" "$bin" "$tmp/count"
    runs=$saved_runs
    loop_time=$median
    printf '%-8s %-24s %8.2fs %11.0f %10.1f %9s\n' "$n" "loop: show --json" "$median" \
      "$(echo "$n / $median" | bc -l)" "$peak" "1.00x"
  fi
  for form in sqlite ndjson; do
    out=$tmp/out.$( [ "$form" = sqlite ] && echo db || echo ndjson )
    # A fresh output each run: the first run's database would make the others replace.
    measure "check_$form" bash -c 'rm -f "$3"; exec "$1" export --format "$2" -o "$3" "$4"' \
      _ "$bin" "$form" "$out" "$reports"
    ratio="-"
    [ -n "$loop_time" ] && ratio=$(printf '%.1fx' "$(echo "$loop_time / $median" | bc -l)")
    printf '%-8s %-24s %8.2fs %11.0f %10.1f %9s\n' "$n" "export --format $form" "$median" \
      "$(echo "$n / $median" | bc -l)" "$peak" "$ratio"
  done
done
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
