#!/bin/sh
# bundle.sh [N]: the size and review targets of issue 15 on a generated
# capture of N packets (default 1,000,000; tests/tools/gen-pcap, TCP as
# in pcap.sh) and on the alfa-2016 demo case (DEMO=0 to leave it out):
#   case.db against the capture                          (target <= 1.00x)
#   the bundle against the originals plus the report     (target <= 1.25x)
#     as export writes it by default, and with --record-dump
#   custody review of the bundle, default limits, against the ingest of
#   the same originals                                   (target <= 1.50x)
#   peak RSS of ingest and of review                     (flat: under 64 MiB)
# One run each (ROUNDS does not apply: the runs are long); the load is
# printed before and after. About 12.5M packets give 10M DNS messages
# (gen-pcap: 0.8 per packet); the scratch space needs about 6x the
# capture (BENCH_DIR to put it elsewhere), 10x with the record dump
# (RECORD_DUMP=0 leaves that export out). CALLGRIND=1 adds the
# instruction counts of ingest and review of a CG_N-packet capture
# (default 100,000; valgrind --tool=callgrind, all threads), a
# comparison the machine's load does not move.
. "$(dirname "$0")/lib.sh"
N=${1:-${N:-1000000}}
TCP=${TCP:-10}
DEMO=${DEMO:-1}
RECORD_DUMP=${RECORD_DUMP:-1}
CALLGRIND=${CALLGRIND:-0}
CG_N=${CG_N:-100000}
SEAL=2030-01-01T00:00:00Z

load() { echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; $(nproc) cores, shared)"; }
# timed LABEL CMD...: wall seconds, CPU seconds (user + system: less
# sensitive to a shared machine's load) and peak RSS of CMD into t_LABEL,
# c_LABEL, m_LABEL
timed() {
	_l=$1; shift
	/usr/bin/time -f "%e %M %U %S" -o "$W/.time" "$@" >/dev/null 2>"$W/.err" ||
	    bench_failed "$@"
	read -r _t _m _u _s <"$W/.time"
	eval "t_$_l=$_t m_$_l=$_m c_$_l=$(awk -v u="$_u" -v s="$_s" 'BEGIN { printf "%.2f", u + s }')"
}
size() { stat -c %s "$1"; }

custody keygen -o "$W/key" >/dev/null 2>&1
echo "bench bundle: $N packets, TCP share $TCP%"
load

# ---------------------------------------------------------------- capture
"$TOOLS/gen-pcap" -t "$TCP" "$N" "$W/cap.pcap" >"$W/counts" || exit 1
cap=$(size "$W/cap.pcap")
msgs=$(awk '$1 == "dns_messages" { print $2 }' "$W/counts")
custody init "$W/case" --case-id bench --examiner Bench --key "$W/key" >/dev/null
cat "$W/cap.pcap" >/dev/null
sync
timed ingest custody ingest "$W/case" --key "$W/key" --format pcap -q "$W/cap.pcap"
db=$(size "$W/case/case.db")
rm -f "$W/cap.pcap" # the case holds its copy
[ "$RECORD_DUMP" = 1 ] && cp -a "$W/case" "$W/case2"
timed export custody export -q "$W/case" -o "$W/b.tar" --key "$W/key" --seal-time "$SEAL"
[ -s "$W/.err" ] && sed 's/^/  export said: /' "$W/.err"
b=$(size "$W/b.tar") bd=0 t_exportd=-
if [ "$RECORD_DUMP" = 1 ]; then
	timed exportd custody export -q "$W/case2" -o "$W/bd.tar" --key "$W/key" \
	    --seal-time "$SEAL" --record-dump
	chmod -R u+w "$W/case2"
	rm -rf "$W/case2"
	bd=$(size "$W/bd.tar")
	rm -f "$W/bd.tar"
fi
sync
timed review custody review "$W/b.tar" --pubkey "$W/key.pub" -q
echo "  capture: $cap bytes, $msgs DNS messages"
row "custody ingest" "$t_ingest" "CPU $c_ingest s, peak RSS $m_ingest KiB"
row "custody export (default)" "$t_export" "peak RSS $m_export KiB"
row "custody export --record-dump" "$t_exportd"
row "custody review, default limits" "$t_review" "CPU $c_review s, peak RSS $m_review KiB"
echo "  case.db / capture:                $(ratio "$db" "$cap")x   ($db bytes; target <= 1.00)"
echo "  bundle / originals (default):     $(ratio "$b" "$cap")x   ($b bytes; target <= 1.25)"
[ "$RECORD_DUMP" = 1 ] && echo "  bundle / originals (--record-dump): $(ratio "$bd" "$cap")x   ($bd bytes)"
echo "  review / ingest:                  $(ratio "$t_review" "$t_ingest")x wall, $(ratio "$c_review" "$c_ingest")x CPU   (target <= 1.50)"
load
chmod -R u+w "$W/case"
rm -rf "$W/case" "$W/b.tar"

# ---------------------------------------------------------------- instructions
if [ "$CALLGRIND" = 1 ] && command -v valgrind >/dev/null 2>&1; then
	# cg NAME CMD...: total instructions (Ir) of CMD, every thread
	cg() {
		_n=$1; shift
		valgrind --tool=callgrind --callgrind-out-file="$W/cg.$_n" "$@" >/dev/null \
		    2>"$W/cg.$_n.err" || bench_failed valgrind "$@"
		sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$W/cg.$_n.err" | tail -n 1
	}
	"$TOOLS/gen-pcap" -t "$TCP" "$CG_N" "$W/cg.pcap" >/dev/null || exit 1
	custody init "$W/cgc" --case-id bench --examiner Bench --key "$W/key" >/dev/null
	i_ingest=$(cg ingest custody-ingest "$W/cgc" --key "$W/key" --format pcap -q "$W/cg.pcap")
	custody export -q "$W/cgc" -o "$W/cg.tar" --key "$W/key" --seal-time "$SEAL" >/dev/null
	i_review=$(cg review custody-review "$W/cg.tar" --pubkey "$W/key.pub" -q)
	echo "  instructions, $CG_N packets: ingest $i_ingest, review $i_review:" \
	    "review / ingest $(ratio "$i_review" "$i_ingest")x (target <= 1.50)"
elif [ "$CALLGRIND" = 1 ]; then
	echo "skip callgrind: valgrind is not installed"
fi

# ---------------------------------------------------------------- the demo
if [ "$DEMO" = 1 ]; then
	CF=$TOP/casefiles/alfa-2016
	CASEFILE=$CF
	D=$W/demo
	mkdir -p "$D"
	custody synth -q "$CF/scenario.ini" -o "$D/evidence" >/dev/null || bench_failed synth
	custody init "$D/case" --case-id alfa-2016 --examiner Bench --key "$W/key" >/dev/null
	. "$CF/ingest.sh"
	ingest_evidence "$D/case" "$W/key" "$D/evidence" >/dev/null || bench_failed ingest_evidence
	custody claims "$D/case" "$CF/claims.ini" --out "$D/report" >/dev/null 2>&1 ||
	    bench_failed claims
	cp -a "$D/case" "$D/case2"
	custody export -q "$D/case" -o "$D/b.tar" --key "$W/key" --claims "$CF/claims.ini" \
	    --seal-time "$SEAL" >/dev/null 2>"$W/.err" || bench_failed export demo
	custody export -q "$D/case2" -o "$D/bd.tar" --key "$W/key" --claims "$CF/claims.ini" \
	    --seal-time "$SEAL" --record-dump >/dev/null 2>"$W/.err" || bench_failed export demo
	orig=$(find "$D/case/objects/sha256" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
	rep=$(find "$D/report" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
	evbytes=$(find "$D/evidence" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
	ddb=$(size "$D/case/case.db")
	echo "  demo: originals $orig bytes, report $rep bytes (claims --out)"
	echo "  demo case.db / originals:          $(ratio "$ddb" "$orig")x   (target <= 1.00; text logs and a capture, $evbytes bytes synthesised)"
	echo "  demo bundle / (originals + report), default:       $(ratio "$(size "$D/b.tar")" $((orig + rep)))x   (target <= 1.25)"
	echo "  demo bundle / (originals + report), --record-dump: $(ratio "$(size "$D/bd.tar")" $((orig + rep)))x"
fi
bench_end
