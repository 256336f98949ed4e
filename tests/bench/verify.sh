#!/bin/sh
# verify.sh: what custody verify and verify --deep cost, as a ratio to the
# ingest that made the case, on the alfa-2016 demo case and on a capture
# of N packets (default 1000000, tests/tools/gen-pcap).
#
#   sh tests/bench/verify.sh [N]
#
# Each command runs ROUNDS times (default 3); printed are the medians of
# its wall time and of its CPU time (user + system, /usr/bin/time), and
# the ratios to ingest by CPU time, which a shared machine disturbs less
# than wall time. The load is printed first. Nothing is asserted.
. "$(dirname "$0")/lib.sh"
N=${1:-1000000}
CF=$TOP/casefiles/alfa-2016
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; the machine may be shared)"
cd "$W" || exit 2
custody keygen -o key >/dev/null 2>&1

# cpu CMD...: "WALL CPU" of one run (seconds)
cpu() {
	/usr/bin/time -f "%e %U %S" -o "$W/.t" "$@" >/dev/null 2>"$W/.err" || bench_failed "$@"
	awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$W/.t"
}

# measure LABEL MAKE CMD...: ROUNDS runs of CMD, each after MAKE (a shell
# command run first, untimed: a fresh case for ingest); prints the medians.
measure() {
	_l=$1 _mk=$2; shift 2
	_w= _c=
	_r=0
	while [ $_r -lt "$ROUNDS" ]; do
		sh -c "$_mk" >/dev/null 2>&1
		set -- "$@"
		_o=$(cpu "$@")
		_w="$_w ${_o% *}" _c="$_c ${_o#* }"
		_r=$((_r + 1))
	done
	# shellcheck disable=SC2086
	echo "$(median $_w) $(median $_c)"
}

report() { # NAME INGEST VERIFY DEEP (each "WALL CPU")
	printf '%s\n' "$1"
	row "ingest" "${2% *}" "cpu ${2#* } s"
	row "verify" "${3% *}" "cpu ${3#* } s  = $(ratio "${3#* }" "${2#* }") x ingest"
	row "verify --deep" "${4% *}" "cpu ${4#* } s  = $(ratio "${4#* }" "${2#* }") x ingest"
}

custody synth -q "$CF/scenario.ini" -o ev >/dev/null 2>&1 || bench_failed "custody synth"
mk_demo="rm -rf d && custody init d --case-id demo --examiner Bench --key key"
# every file of the demo into case d, with the demo's options
cat > ingest-demo.sh <<SH
set -e
for f in ev/*; do
	case \$(basename "\$f") in
	*capture*.pcap) custody ingest -q d --key key --format pcap --source capture-ns1 "\$f" ;;
	*bind*.log) custody ingest -q d --key key --format bind --source server-log-ns1 "\$f" ;;
	*orgs*.csv) custody ingest -q d --key key --format orgmap --source orgmap "\$f" ;;
	*.csv) custody ingest -q d --key key --format csv --source published-logs \\
	    --columns time=time,client=querier,qname=name,qtype=type "\$f" ;;
	esac
done
custody ingest -q d --key key --format events --source timeline "$CF/events.csv"
SH
i=$(measure "demo ingest" "$mk_demo" sh ingest-demo.sh)
v=$(measure "demo verify" ":" custody verify -q d)
dp=$(measure "demo verify --deep" ":" custody verify -q --deep d)
report "alfa-2016 demo case ($(ls ev | wc -l) synthetic files and the timeline, $(du -sk d/case.db | cut -f1) KiB case.db)" "$i" "$v" "$dp"

"$TOOLS/gen-pcap" "$N" cap.pcap >/dev/null || bench_failed gen-pcap
mk_cap="rm -rf c && custody init c --case-id cap --examiner Bench --key key"
i=$(measure "capture ingest" "$mk_cap" custody ingest -q c --key key --format pcap cap.pcap)
v=$(measure "capture verify" ":" custody verify -q c)
dp=$(measure "capture verify --deep" ":" custody verify -q --deep c)
report "capture of $N packets ($(wc -c < cap.pcap) bytes, $(sqlite3 c/case.db 'SELECT records FROM evidence' 2>/dev/null) records)" "$i" "$v" "$dp"
bench_end
