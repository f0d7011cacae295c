#!/usr/bin/env bash
# Times wareport on large synthetic reports against `unzip -p REPORT > /dev/null`, the cost
# of merely decompressing the same file. Prints each command's median wall time over RUNS
# runs, its ratio to unzip, and its peak memory (max RSS).
#
#   benches/run.sh                      # 200,000 contacts, 20,000 groups, 32 devices
#   CONTACTS=50000 RUNS=3 benches/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${BENCH_DIR:-target/bench-reports}
runs=${RUNS:-5}
cargo build --release --locked --quiet
cargo bench --locked --quiet --bench bigreport -- --out "$dir" \
  --contacts "${CONTACTS:-200000}" --groups "${GROUPS:-20000}" --devices "${DEVICES:-32}"
bin=target/release/wareport
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# measure LABEL CMD... -> sets $median (seconds) and $peak (MiB)
measure() {
  local label=$1; shift
  local times=() peak_kib=0
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$tmp" "$@" >/dev/null 2>/dev/null || true
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
    local kib; kib=$(tail -n 1 "$tmp")
    (( kib > peak_kib )) && peak_kib=$kib
  done
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  peak=$(echo "scale=1; $peak_kib / 1024" | bc -l)
  printf '%-44s %8.3f s %8.1f MiB' "$label" "$median" "$peak"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; runs: $runs"
for gen in b a; do
  zip="$dir/gen-$gen.zip"
  echo
  echo "== $zip ($(du -h "$zip" | cut -f1) zipped; largest entry $(unzip -l "$zip" | awk 'NR>3 && $4 != "" {print $1, $4}' | sort -n | tail -1))"
  measure "unzip -p" unzip -p "$zip"; echo; base=$median
  [ "$gen" = b ] && base_b=$median
  for cmd in "summary --json" "show --json"; do
    # shellcheck disable=SC2086
    measure "wareport $cmd" "$bin" $cmd "$zip"
    printf '   %5.2fx unzip\n' "$(echo "$median / $base" | bc -l)"
  done
done
echo
measure "wareport diff --json gen-b gen-b-next" "$bin" diff --json "$dir/gen-b.zip" "$dir/gen-b-next.zip"
printf '   %5.2fx unzip -p of gen-b\n' "$(echo "$median / $base_b" | bc -l)"
