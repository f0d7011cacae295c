# What benches/run.sh and benches/batch.sh share; sourced by both, after `cd` to the
# repository and with $script set to the caller's name.
#
#   need TOOL...       fails unless every tool (and GNU time) is there
#   find_binary        builds the release binary; sets $target_dir and $bin
#   measure CHECK CMD  runs CMD $runs times -> $median (s), $peak (MiB); see below
#   machine            the machine line every report starts with

fail() { echo "$script: $*" >&2; exit 1; }

need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || fail "needs $tool"
  done
  # GNU time, not the shell keyword: `-f %M` is its peak-memory format. A missing binary
  # makes the shell exit 127, which must not pass for a measurement.
  [ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true \
    || fail "needs GNU time at /usr/bin/time (apt-get install time)"
}

find_binary() {
  cargo build --release --locked --quiet || fail "cargo build failed"
  # The binary where cargo put it (CARGO_TARGET_DIR and .cargo/config included).
  target_dir=$(cargo metadata --format-version 1 --no-deps --locked \
    | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
  [ -n "$target_dir" ] || fail "cargo metadata gave no target directory"
  bin=$target_dir/release/wareport
  [ -x "$bin" ] || fail "no binary at $bin"
}

machine() {
  # The processor's model: figures from two machines differ by more than most changes do.
  local cpu
  cpu=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null)
  echo "machine: ${cpu:-unknown processor}, $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sm); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# measure CHECK CMD... -> $median (seconds) and $peak (MiB), over $runs runs, with output in
# $tmp/out and $tmp/err. CHECK runs after every run and must succeed for the run to count;
# $expect (default 0) is the exit status the command must end with.
measure() {
  local check=$1; shift
  local times=() peak_kib=0 status start end kib
  for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    set +e
    /usr/bin/time -f "%M" -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    set -e
    end=$(date +%s.%N)
    [ "$status" -eq "${expect:-0}" ] || { tail -n 5 "$tmp/err" >&2; fail "exit status $status: $*"; }
    "$check" || fail "wrong output: $*"
    times+=("$(echo "$end - $start" | bc -l)")
    kib=$(tail -n 1 "$tmp/time")
    [[ "$kib" =~ ^[0-9]+$ ]] || fail "GNU time gave no peak memory: $kib"
    (( kib > peak_kib )) && peak_kib=$kib
  done
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  peak=$(echo "scale=1; $peak_kib / 1024" | bc -l)
}
