#!/bin/sh
# Runs every cargo-fuzz target in turn for SECONDS each (default 600), at
# low priority, continuing past crashes (each is saved in
# fuzz/artifacts/TARGET/); prints each target's last status line.
# Usage: fuzz/run-all.sh [SECONDS] [TARGET...]
set -u
cd "$(dirname "$0")"
secs=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-$(cargo +nightly fuzz list)}
# The starting corpus: the smoke test's seeds (real files from the fixtures).
(cd .. && cargo test -q -p attrib-core --test fuzz_smoke -- --ignored write_the_cargo_fuzz_seed_corpus >/dev/null)
for t in $targets; do
    mkdir -p "corpus/$t" "artifacts/$t" logs
    nice -n 10 cargo +nightly fuzz run "$t" "corpus/$t" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        > "logs/$t.log" 2>&1
    echo "$t: $(grep -E '^#[0-9]+' "logs/$t.log" | tail -n 1)"
    echo "$t: crashes $(ls "artifacts/$t" | wc -l)"
done
