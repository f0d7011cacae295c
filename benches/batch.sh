#!/usr/bin/env bash
# The batch benchmark: N synthetic reports as heavy as real ones (benches/bigreport.rs
# --batch: about 125 KB zipped, 280 KB inflated, 250 to 350 contacts, every HTML twin, varied
# by a seed) exported with `wareport export --format sqlite` and `--format ndjson`. Prints
# wall time (median of RUNS runs), reports per second and peak memory (max RSS, GNU time).
# To compare two binaries, pair them in one run with `farm-bench --vs` (benches/README.md).
#
#   benches/batch.sh                         # 1,000 and 10,000 reports
#   SIZES="1000" RUNS=5 SEED=7 benches/batch.sh
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

machine
echo "runs: $runs (median), seed: $seed, binary: $bin"
for n in $sizes; do generate "$n"; done
printf '\n%-8s %-24s %9s %11s %10s\n' reports command wall reports/s "peak MiB"
for n in $sizes; do
  generate "$n" >/dev/null
  for form in sqlite ndjson; do
    out=$tmp/out.$( [ "$form" = sqlite ] && echo db || echo ndjson )
    # A fresh output each run: the first run's database would make the others replace.
    measure "check_$form" bash -c 'rm -f "$3"; exec "$1" export --format "$2" -o "$3" "$4"' \
      _ "$bin" "$form" "$out" "$reports"
    printf '%-8s %-24s %8.2fs %11.0f %10.1f\n' "$n" "export --format $form" "$median" \
      "$(echo "$n / $median" | bc -l)" "$peak"
  done
done
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
