#!/bin/sh
# pcap.sh: custody ingest of a generated DNS capture, timed side by side
# with tshark and tcpdump reading the same file, and custody's peak memory.
#
#   sh tests/bench/pcap.sh [N]        N packets (default 1000000)
#
# Environment: BUILD (default build), TCP (share of exchanges over TCP,
# percent, default 10), PEERS=0 to time custody alone (for the memory
# check at 4M), PERF=1 to add a perf profile of custody's ingest.
# Prints one line per tool: wall seconds and peak RSS (KiB, /usr/bin/time
# -f %M), then the ratios, custody's phases (CUSTODY_PHASES) and the
# SQLite floor (tests/tools/sqlite-floor: SQLite alone storing the same
# rows). Not part of make check: it takes minutes.
set -u
N=${1:-1000000}
BUILD=${BUILD:-build}
TCP=${TCP:-10}
PEERS=${PEERS:-1}
top=$(pwd)
case "$BUILD" in /*) ;; *) BUILD=$top/$BUILD ;; esac
W=$(mktemp -d "${TMPDIR:-/tmp}/custody-bench.XXXXXX")
trap 'chmod -R u+w "$W" 2>/dev/null; rm -rf "$W"' EXIT
cd "$W" || exit 2
B=$BUILD/bin

"$BUILD/tests/tools/gen-pcap" -t "$TCP" "$N" cap.pcap > counts || exit 2
echo "capture: $N packets, $(wc -c < cap.pcap) bytes, TCP share $TCP%"
echo "page cache: warm for every tool (the capture was just written, and is read in full first)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; the machine may be shared)"
sed 's/^/  /' counts
"$B/custody" keygen -o key > /dev/null 2>&1
"$B/custody" init c --case-id bench --examiner Bench --key key > /dev/null 2>&1 || exit 2

# run NAME COMMAND...: wall time and peak RSS of COMMAND (stdout dropped)
run() {
	_n=$1; shift
	/usr/bin/time -f "%e %M" -o "$W/time.$_n" "$@" > /dev/null 2> "$W/err.$_n"
	_rc=$?
	read -r _s _m < "$W/time.$_n"
	printf '%-8s %8.2f s  %8d KiB  (exit %d)\n' "$_n" "$_s" "$_m" "$_rc"
	eval "t_$_n=$_s"
}

cat cap.pcap > /dev/null
sync
run custody "$B/custody-ingest" c --key key --format pcap -q cap.pcap
if [ "$PEERS" = 1 ]; then
	run tshark tshark -r cap.pcap -T fields -e frame.time_epoch -e ip.src -e ipv6.src \
	    -e dns.qry.name -e dns.qry.type -e dns.flags.rcode
	run tcpdump tcpdump -nr cap.pcap
	awk -v c="$t_custody" -v s="$t_tshark" -v d="$t_tcpdump" 'BEGIN {
		printf "tshark / custody  = %.1fx (target >= 10x)\n", s / c
		printf "tcpdump / custody = %.1fx (target > 1x)\n", d / c }'
fi
sqlite3 c/case.db "SELECT 'records ' || records || ', summary ' || summary FROM evidence" 2>/dev/null |
    cut -c1-400
# Where custody's time went (its phases, one more run), and the floor:
# SQLite alone storing the same rows with the same indexes and settings.
"$B/custody" init ph --case-id phases --examiner Bench --key key > /dev/null 2>&1
CUSTODY_PHASES=1 "$B/custody-ingest" ph --key key --format pcap -q cap.pcap 2>&1 |
    sed 's/^custody-ingest: /  custody /'
"$BUILD/tests/tools/sqlite-floor" c/case.db floor.db | sed 's/^/  /'
rm -f floor.db
if [ "${PERF:-0}" = 1 ] && command -v perf > /dev/null; then
	"$B/custody" init p --case-id perf --examiner Bench --key key > /dev/null 2>&1
	perf record -q -g -o perf.data "$B/custody-ingest" p --key key --format pcap -q cap.pcap \
	    > /dev/null 2>&1
	perf report -i perf.data --stdio --no-children --sort dso,symbol 2>/dev/null |
	    grep -E '^ +[0-9]' | head -25
fi
