#!/bin/sh
# pcap.sh [N]: custody ingest of a generated DNS capture of N packets
# (default 1,000,000; tests/tools/gen-pcap, TCP=10 percent of exchanges
# over TCP, IPv4 and IPv6), side by side in one run with the peers issue
# 15 names, alternating, ROUNDS times each (default 3; medians):
#   tshark -r F -T fields -e frame.time_epoch -e ip.src -e ipv6.src
#          -e dns.qry.name -e dns.qry.type -e dns.flags.rcode   (target: custody 10x faster)
#   tcpdump -nr F > /dev/null                                    (target: custody 2x faster)
# and prints the ratios, the parser's own speed on one core
# (tests/tools/parse-rate, target 1M packets/s), case.db's size against
# the capture's (target at most 1.0x), custody's peak RSS (target under
# 64 MiB), its phases (CUSTODY_PHASES=1) and the SQLite floor of the
# record layout (tests/tools/sqlite-floor: SQLite alone storing the same
# rows with the same indexes and settings). PEERS=0 times custody alone,
# PEERS=tshark or PEERS=tcpdump with that one peer (tcpdump takes about
# 170 s a round here). A peer that is not installed is skipped with a
# message.
. "$(dirname "$0")/lib.sh"
N=${1:-${N:-1000000}}
TCP=${TCP:-10}
PEERS=${PEERS:-1}

"$TOOLS/gen-pcap" -t "$TCP" "$N" "$W/cap.pcap" >"$W/counts" || exit 1
size=$(stat -c %s "$W/cap.pcap")
echo "bench pcap: $N packets, $size bytes, TCP share $TCP%, $ROUNDS rounds, median"
sed 's/^/  /' "$W/counts" | tr '\n' ' ' | fold -w 100 -s; echo
custody keygen -o "$W/key" >/dev/null 2>&1
cat "$W/cap.pcap" >/dev/null # same page-cache state for every tool
echo "page cache: warm for every tool (the capture was just written, and is read in full first)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; the machine may be shared: $(nproc) cores)"

fresh_case() {
	chmod -R u+w "$W/case" 2>/dev/null
	rm -rf "$W/case"
	custody init "$W/case" --case-id bench --examiner Bench --key "$W/key" >/dev/null
}
ingest() { custody ingest "$W/case" --key "$W/key" --format pcap -q "$W/cap.pcap"; }
run_tshark() {
	tshark -r "$W/cap.pcap" -T fields -e frame.time_epoch -e ip.src -e ipv6.src \
	    -e dns.qry.name -e dns.qry.type -e dns.flags.rcode >/dev/null
}
run_tcpdump() { tcpdump -nr "$W/cap.pcap" >/dev/null 2>&1; }

have_tshark=0 have_tcpdump=0
case $PEERS in 1|tshark)
	command -v tshark >/dev/null 2>&1 && have_tshark=1 || echo "skip tshark: not installed" ;;
esac
case $PEERS in 1|tcpdump)
	command -v tcpdump >/dev/null 2>&1 && have_tcpdump=1 || echo "skip tcpdump: not installed" ;;
esac
c_runs="" t_runs="" d_runs=""
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	fresh_case
	sync
	c_runs="$c_runs $(timeit ingest)"
	[ $have_tshark = 1 ] && t_runs="$t_runs $(timeit run_tshark)"
	[ $have_tcpdump = 1 ] && d_runs="$d_runs $(timeit run_tcpdump)"
	r=$((r + 1))
done
bench_end || exit 1
ci=$(median $c_runs)
db=$(stat -c %s "$W/case/case.db")
fresh_case
rss=$(peak_kib custody ingest "$W/case" --key "$W/key" --format pcap -q "$W/cap.pcap")
row "custody ingest" "$ci" "median of$c_runs; peak RSS $((rss / 1024)) MiB (target < 64)"
if [ $have_tshark = 1 ]; then
	ti=$(median $t_runs)
	row "tshark -r F -T fields (the issue's command)" "$ti" "median of$t_runs"
fi
if [ $have_tcpdump = 1 ]; then
	di=$(median $d_runs)
	row "tcpdump -nr F > /dev/null" "$di" "median of$d_runs"
fi
[ $have_tshark = 1 ] && echo "  ratio tshark / custody:  $(ratio "$ti" "$ci")x   (target >= 10)"
[ $have_tcpdump = 1 ] && echo "  ratio tcpdump / custody: $(ratio "$di" "$ci")x   (target >= 2)"
echo "  case.db / capture:       $(ratio "$db" "$size")x   ($db / $size bytes, target <= 1.00)"
"$TOOLS/parse-rate" pcap "$W/cap.pcap" | sed 's/^/  /;s/$/   (target >= 1000000\/s)/'
# Where custody's time went (its phases, one more run), and the floor:
# SQLite alone storing the same rows with the same indexes and settings.
fresh_case
CUSTODY_PHASES=1 custody ingest "$W/case" --key "$W/key" --format pcap -q "$W/cap.pcap" 2>&1 |
    sed 's/^custody-ingest: /  custody /'
"$TOOLS/sqlite-floor" "$W/case/case.db" "$W/floor.db" | sed 's/^/  /'
rm -f "$W/floor.db"
if [ "${PERF:-0}" = 1 ] && command -v perf >/dev/null; then
	fresh_case
	perf record -q -g -o "$W/perf.data" custody-ingest "$W/case" --key "$W/key" --format pcap \
	    -q "$W/cap.pcap" >/dev/null 2>&1
	perf report -i "$W/perf.data" --stdio --no-children --sort dso,symbol 2>/dev/null |
	    grep -E '^ +[0-9]' | head -25
fi
bench_end
