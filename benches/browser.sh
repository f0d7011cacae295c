#!/usr/bin/env bash
# From drop to rendered page in headless Chromium (issue 22): wareport.html given a typical
# real-weight report (benches/bigreport.rs --typical) and the 200,000-contact report
# (benches/bigreport.rs, gen-b.zip), each timed by the page's own clock from the file
# input's change to the first frame painted with the report (benches/browser.rs).
#
#   benches/browser.sh              # 7 runs each
#   RUNS=15 benches/browser.sh
set -euo pipefail
cd "$(dirname "$0")/.."

script=browser.sh
# shellcheck source=benches/common.sh
. benches/common.sh
command -v chromium >/dev/null || fail "needs chromium (apt-get install -y chromium)"

cargo xtask web
target_dir=$(cargo metadata --format-version 1 --no-deps --locked \
  | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
page=$target_dir/browser/wareport.html
dir=${BENCH_DIR:-$target_dir/bench-browser}
mkdir -p "$dir"
cargo bench --locked --quiet --bench bigreport -- --typical --out "$dir/typical" \
  || fail "generating the typical report failed"
cargo bench --locked --quiet --bench bigreport -- --out "$dir/big" \
  || fail "generating the 200,000-contact report failed"
machine
cargo bench --locked --quiet --bench browser -- "$page" \
  "$dir/typical/typical.zip" "$dir/big/gen-b.zip" --runs "${RUNS:-7}"
