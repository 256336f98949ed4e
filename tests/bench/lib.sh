# lib.sh: helpers for the benchmarks in tests/bench/*.sh.
#
# A benchmark runs custody and the tool a user would otherwise reach for
# on the same input, in the same run, alternating, and prints the median
# of ROUNDS runs of each and their ratio. Wall time comes from date +%s%N;
# peak RSS from GNU time (-f %M, in KiB). Nothing here asserts a time:
# figures are printed, read by people, and copied into closing notes.
set -u
TOP=${TOP:-$(pwd)}
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
BIN=$BUILD/bin
TOOLS=$BUILD/tests/tools
ROUNDS=${ROUNDS:-3}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}}
W=$(mktemp -d "$BENCH_DIR/custody-bench.XXXXXX")
trap 'chmod -R u+w "$W" 2>/dev/null; rm -rf "$W"' EXIT
PATH=$BIN:$PATH
export PATH

# bench_failed CMD...: says what failed; bench_end then exits 1. (The
# timing helpers run in $(...), where exit would only leave the subshell.)
bench_failed() {
	echo "bench: failed: $*" >&2
	sed 's/^/bench:   /' "$W/.err" >&2
	touch "$W/.failed"
}
bench_end() { [ ! -e "$W/.failed" ]; }

# now_ns: monotonic enough for runs of a second or more.
now_ns() { date +%s%N; }

# timeit CMD...: runs CMD (stdout/stderr discarded), prints seconds.
timeit() {
	_t0=$(now_ns)
	"$@" >/dev/null 2>"$W/.err" || bench_failed "$@"
	_t1=$(now_ns)
	awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }'
}

# peak_kib CMD...: runs CMD under GNU time, prints peak RSS in KiB.
peak_kib() {
	/usr/bin/time -f %M -o "$W/.rss" "$@" >/dev/null 2>"$W/.err" ||
	    bench_failed "$@"
	tail -n 1 "$W/.rss"
}

# median V...: the median of its arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# ratio A B: A / B to two places.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", (b > 0) ? a / b : 0 }'; }

# row LABEL SECONDS [NOTE]: one line of a results table.
row() { printf '  %-44s %8s s  %s\n' "$1" "$2" "${3:-}"; }

# mkfile PATH MIB: a file of random bytes (openssl is faster than urandom).
mkfile() {
	openssl rand -out "$1" $(($2 * 1024 * 1024)) 2>/dev/null ||
	    head -c $(($2 * 1024 * 1024)) /dev/urandom >"$1"
}
