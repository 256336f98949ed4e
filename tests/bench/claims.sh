#!/bin/sh
# claims.sh [SCALE]: query speed on a large synthetic case (issue 5).
#
# custody synth casefiles/alfa-2016/scenario.ini --scale SCALE (default
# 1000: about 10,000,000 DNS messages in the capture, and half as many
# lines in the BIND log), ingested as casefiles/alfa-2016/demo.sh does;
# then, in the same run:
#   ingest     every file of the evidence, timed as a whole
#   claims     custody claims CASE claims.ini --out DIR --key KEY (the
#              report's charts included), timed as a whole
#   each claim the query the claim names, run alone as
#              custody query CASE NAME --param K=V... --json with the
#              claim's parameters and the [defaults] the query takes
#   report     the charts' daily_series and hourly_profile queries
# and prints the claims/ingest ratio (target < 0.2) and every query's time
# (target < 1 s; over it is marked SLOW). One round: at 10M messages a
# round takes minutes. Nothing is asserted.
#
# CASE_DIR=dir keeps the ingested case there (its key in dir.key) and,
# when it already holds one, reuses it (no synth, no ingest, no ratio): for timing queries again
# after changing them. SCALE=100 gives a 1M-message case in ~30 s.
. "$(dirname "$0")/lib.sh"
SCALE=${1:-${SCALE:-1000}}
CASEFILE=$TOP/casefiles/alfa-2016
CLAIMS=$CASEFILE/claims.ini
C=${CASE_DIR:-$W/case}
K=$W/key
[ -n "${CASE_DIR:-}" ] && K=$CASE_DIR.key	# the key the kept case was made with

[ -e "$K" ] || custody keygen -o "$K" >/dev/null || exit 1
ti=''
if [ -n "${CASE_DIR:-}" ] && [ -e "$C/case.db" ]; then
	echo "reusing the case in $C (no ingest timed)"
else
	echo "synth --scale $SCALE, ingest as demo.sh does (this machine: $(nproc) cores)"
	ts=$(timeit custody synth "$CASEFILE/scenario.ini" -o "$W/evidence" --scale "$SCALE")
	row "custody synth --scale $SCALE" "$ts"
	rm -rf "$C"
	custody init "$C" --case-id alfa-2016 --examiner bench --key "$K" >/dev/null || exit 1
	# ingest_all: every file as demo.sh labels it, then the timeline.
	ingest_all() {
		for f in "$W"/evidence/*; do
			case $(basename "$f") in
			*capture*.pcap) set -- --format pcap --source capture-ns1 ;;
			*bind*.log) set -- --format bind --source server-log-ns1 ;;
			*orgs*.csv) set -- --format orgmap --source orgmap ;;
			*.csv) set -- --format csv --source published-logs \
			    --columns time=time,client=querier,qname=name,qtype=type ;;
			*) set -- --format raw ;;
			esac
			custody ingest -q "$C" --key "$K" "$@" "$f" || return 1
		done
		custody ingest -q "$C" --key "$K" --format events --source timeline \
		    "$CASEFILE/events.csv"
	}
	sync
	ti=$(timeit ingest_all)
	bench_end || exit 1
	rm -rf "$W/evidence"
	msgs=$(sqlite3 "file:$C/case.db?mode=ro" 'SELECT count(*) FROM dns_message' 2>/dev/null)
	row "custody ingest, all files" "$ti" "(${msgs:-?} dns_message rows)"
fi

tc=$(timeit custody claims "$C" "$CLAIMS" --out "$W/report" --key "$K")
bench_end || exit 1
row "custody claims --out (whole claims.ini)" "$tc"
[ -n "$ti" ] && echo "  ratio claims/ingest: $(ratio "$tc" "$ti")   (target < 0.20)"

# The claims as lines: ID, query, then K=V for each parameter the query
# takes (the claim's own, then [defaults] the claim does not set), split
# by tabs. text/source/note/expect/column are the claim's, not the query's.
claim_lines() {
	awk -v OFS='\t' '
	function flush(   k, line) {
		if (id == "") return
		line = id OFS q
		for (k in p) line = line OFS k "=" p[k]
		for (k in d) if (!(k in p)) line = line OFS "?" k "=" d[k]
		print line
		id = ""; delete p
	}
	/^[ \t]*(#|;|$)/ { next }
	/^\[defaults\]/ { flush(); indef = 1; next }
	/^\[claim / { flush(); indef = 0; id = $2; sub(/\]$/, "", id); next }
	{
		k = $0; sub(/[ \t]*=.*/, "", k); v = $0; sub(/^[^=]*=[ \t]*/, "", v)
		sub(/[ \t]+$/, "", v)
		if (indef) { d[k] = v; next }
		if (k == "query") q = v
		else if (k !~ /^(text|source|note|expect|column)$/) p[k] = v
	}
	END { flush() }' "$CLAIMS"
}

# time_query LABEL QUERY K=V...: one custody query, timed; a ?K=V (a
# default) is passed only when the query takes K.
slow=0 worst='' worst_t=0
time_query() {
	label=$1 q=$2; shift 2
	sql=$(custody query --sql "$q") || { bench_failed "custody query --sql $q"; return; }
	n=$#
	while [ "$n" -gt 0 ]; do
		a=$1; shift; n=$((n - 1))
		case $a in
		\?*) a=${a#\?}
		     printf '%s\n' "$sql" | grep -q "^-- param ${a%%=*}[?: ]" || continue ;;
		esac
		set -- "$@" --param "$a"
	done
	t=$(timeit custody query "$C" "$q" "$@" --json)
	note=''
	if awk -v t="$t" 'BEGIN { exit !(t >= 1.0) }'; then note=SLOW; slow=$((slow + 1)); fi
	row "$label $q" "$t" "$note"
	if awk -v t="$t" -v w="$worst_t" 'BEGIN { exit !(t > w) }'; then
		worst_t=$t worst="$label $q"
	fi
}

echo "each claim's query alone (custody query --json; target < 1 s)"
tab=$(printf '\t')
claim_lines >"$W/claims.tsv"
while IFS= read -r line; do
	set -f
	old=$IFS; IFS=$tab
	# shellcheck disable=SC2086
	set -- $line
	IFS=$old
	set +f
	time_query "$@"
done <"$W/claims.tsv"

echo "the report's charts (claims --out runs these as well)"
host=mail1.trump-email.com
for org in "Alfa Bank" "Spectrum Health"; do
	time_query "chart" daily_series "host=$host" "org=$org" since=2016-05-04 \
	    until=2016-09-24 evidence=published-logs
done
time_query "chart" daily_series "host=$host" since=2016-05-04 until=2016-09-24 \
    evidence=published-logs
for tz in America/New_York Europe/Moscow; do
	time_query "chart" hourly_profile "host=$host" "tz=$tz" "org=Alfa Bank" \
	    evidence=published-logs
done
echo "  queries at or over 1 s: $slow; slowest: $worst ($worst_t s)"
bench_end
