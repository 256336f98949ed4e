#!/bin/sh
# lint.sh: lint's false-alarm and detection rates, the full table of
# docs/lint.md (make bench BENCH=lint; about half an hour on two cores).
# tests/tools/lint-rates.sh runs the corpus: for every profile and seed a
# clean log from lint-corpus (or from a real Unbound under libfaketime),
# each edit planted in it, custody lint on every file; a check fires when
# it reports a warning or an error.
#
#   SEEDS   logs per profile with each edit planted (default 50)
#   CLEAN   clean logs per profile, for the false-alarm rate (default 200)
#   BUSY    seeds of the busy profile, 1500 queries a day (default 20; its
#           clean logs: 2 x BUSY); 0 leaves it out
#   REAL    seeds of the real-Unbound profile (default 20; 0 leaves it out)
#   PROFILES  replaces the list of the synthetic profiles
#
# Prints the tables and the time it took; nothing is asserted here (the
# floors are in tests/e2e/lint-rates.sh).
. "$(dirname "$0")/lib.sh"

SEEDS=${SEEDS:-50}
CLEAN=${CLEAN:-200}
BUSY=${BUSY:-20}
REAL=${REAL:-20}
PROFILES=${PROFILES:-"bind12:bind:60:12 bind40:bind:30:40 bind400:bind:14:400 unbound40:unbound:30:40"}
echo "lint rates: $SEEDS seeds with edits and $CLEAN clean per profile, $BUSY busy, $REAL on a real Unbound"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(now_ns)
RATES="$TOP/tests/tools/lint-rates.sh"
export BIN TOOLS
# shellcheck disable=SC2086
sh "$RATES" -S "$SEEDS" -C "$CLEAN" -r "$W/raw" $PROFILES || bench_failed lint-rates.sh
if [ "$BUSY" -gt 0 ]; then
	sh "$RATES" -S "$BUSY" -C $((2 * BUSY)) -r "$W/raw-busy" bind1500:bind:30:1500 ||
	    bench_failed lint-rates.sh busy
fi
if [ "$REAL" -gt 0 ]; then
	sh "$RATES" -S "$REAL" -r "$W/raw-real" ubreal40:unbound-real:30:40 ||
	    bench_failed lint-rates.sh real
fi
t1=$(now_ns)
runs=$(cat "$W"/raw* 2>/dev/null | wc -l)
echo
echo "$runs files linted in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", (b - a) / 1e9 }') s;" \
    "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
bench_end
