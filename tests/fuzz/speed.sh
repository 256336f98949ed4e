#!/bin/sh
# speed.sh [RUNS]: inputs per CPU second of the parser harnesses (issue 18
# asks 10,000), load-independent enough to compare two builds: each
# $FUZZ_DIR/fuzz_NAME runs RUNS inputs (default 20000) with -seed=1 from
# its corpus ($FUZZ_DIR/corpus/NAME, which `make fuzz-smoke` grows, else
# its seeds), into a scratch corpus that is removed after; user + system
# time from /usr/bin/time. Prints one line per harness. FUZZ=substr
# selects harnesses; FUZZ_DIR another build (default build/fuzz).
set -u
FUZZ_DIR=${FUZZ_DIR:-build/fuzz}
runs=${1:-20000}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
echo "load: $(uptime | sed 's/.*average: //')"
for name in pcap bind unbound dnsmasq zeek csv events; do
	[ -n "${FUZZ:-}" ] && case $name in *$FUZZ*) ;; *) continue ;; esac
	bin=$FUZZ_DIR/fuzz_$name
	[ -x "$bin" ] || { echo "skip fuzz_$name: $bin not built (make fuzz)"; continue; }
	corpus=$FUZZ_DIR/corpus/$name
	[ -d "$corpus" ] || corpus=$FUZZ_DIR/seeds/$name
	[ -d "$corpus" ] || { echo "skip fuzz_$name: no corpus or seeds (make fuzz-smoke)"; continue; }
	ml=16384
	[ "$name" = pcap ] && ml=65536
	mkdir -p "$tmp/$name"
	case $bin in /*) ;; *) bin=$PWD/$bin corpus=$PWD/$corpus ;; esac
	(cd "$tmp" && /usr/bin/time -f '%U %S' -o "$tmp/$name.time" "$bin" -seed=1 \
	    -runs="$runs" -max_len=$ml -timeout=10 -rss_limit_mb=2048 "$tmp/$name" \
	    "$corpus" > "$tmp/$name.log" 2>&1)
	done_runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$tmp/$name.log")
	awk -v n="fuzz_$name" -v r="${done_runs:-0}" '{ c = $1 + $2;
		printf "%s: %d inputs in %.1f CPU s, %d per CPU second\n", n, r, c, (c > 0 ? r / c : 0) }' \
	    "$tmp/$name.time"
done
