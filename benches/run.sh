#!/usr/bin/env bash
# Times wareport on large synthetic reports against `unzip -p REPORT > /dev/null`, the cost
# of merely decompressing the same file. Prints each command's median wall time over RUNS
# runs, its ratio to unzip, and its peak memory (max RSS, from GNU time).
#
#   benches/run.sh                      # 200,000 contacts, 20,000 groups, 32 devices
#   CONTACTS=50000 GROUP_COUNT=5000 DEVICES=8 RUNS=3 benches/run.sh
#
# Every tool's exit status is checked, and every wareport output is checked against the
# report it was given (the contact count of the JSON): a figure that was not measured is
# never printed. Any failure stops the script with a message and exit status 1.
set -euo pipefail
cd "$(dirname "$0")/.."

script=run.sh
# shellcheck source=benches/common.sh
. benches/common.sh
need cargo unzip bc awk sed sort

runs=${RUNS:-5}
contacts=${CONTACTS:-200000}
# Not GROUPS: bash sets that to the user's group ids and ignores assignments to it.
groups=${GROUP_COUNT:-20000}
devices=${DEVICES:-32}
whole() { [[ "$2" =~ ^[1-9][0-9]*$ ]] || fail "$1 must be a positive whole number, not '$2'"; }
whole RUNS "$runs"; whole CONTACTS "$contacts"; whole GROUP_COUNT "$groups"; whole DEVICES "$devices"

find_binary
dir=${BENCH_DIR:-$target_dir/bench-reports}
cargo bench --locked --quiet --bench bigreport -- --out "$dir" \
  --contacts "$contacts" --groups "$groups" --devices "$devices" \
  || fail "generating the reports failed"
for f in gen-a gen-b gen-b-next; do
  [ -s "$dir/$f.zip" ] || fail "the generator wrote no $dir/$f.zip"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# unzip wrote something; wareport's JSON names exactly the contacts the generator wrote.
check_unzip() { [ -s "$tmp/out" ]; }
json_count() { grep -o "\"$1\": *[0-9]*" "$tmp/out" | head -n 1 | grep -o '[0-9]*$'; }
check_summary() { [ "$(json_count contacts)" = "$contacts" ]; }
# show lists every contact (and blocked number) on a line of its own.
check_show() { [ "$(grep -cE '^ +"\+[0-9]+",?$' "$tmp/out")" -ge "$contacts" ]; }
# The next month's report replaces 1 in 100 contacts: diff must find changes.
check_diff() { grep -q '"section": "contacts"' "$tmp/out"; }

row() { printf '%-44s %8.3f s %8.1f MiB' "$1" "$median" "$peak"; }

machine
echo "runs: $runs (median), binary: $bin"
for gen in b a; do
  zip="$dir/gen-$gen.zip"
  echo
  echo "== $zip ($(du -h "$zip" | cut -f1) zipped; largest entry $(unzip -l "$zip" | awk 'NR>3 && $4 != "" {print $1, $4}' | sort -n | tail -1))"
  measure check_unzip unzip -p "$zip"; row "unzip -p"; echo; base=$median
  [ "$gen" = b ] && base_b=$median
  for cmd in summary show; do
    measure "check_$cmd" "$bin" "$cmd" --json "$zip"
    row "wareport $cmd --json"
    printf '   %5.2fx unzip\n' "$(echo "$median / $base" | bc -l)"
  done
done
echo
expect=1 # diff's status when the reports differ
measure check_diff "$bin" diff --json "$dir/gen-b.zip" "$dir/gen-b-next.zip"
row "wareport diff --json gen-b gen-b-next"
printf '   %5.2fx unzip -p of gen-b\n' "$(echo "$median / $base_b" | bc -l)"
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
