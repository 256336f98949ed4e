#!/bin/sh
# lint-rates.sh: lint's false-alarm and detection rates on a seeded corpus
# (docs/lint.md). For each profile and seed, lint-corpus writes a clean
# log, plants each edit in it, and custody lint --json reads every file;
# a check "fires" on a file when it reports a warning or an error there.
#
#   lint-rates.sh [-r RAW] [-S SEEDS] [-C CLEAN] [-s FIRST] PROFILE...
#
# Edits are planted in SEEDS logs; CLEAN clean logs (default SEEDS, at
# least SEEDS) give the false-alarm rate.
#
# PROFILE is NAME:FORMAT:DAYS:PER_DAY, FORMAT bind, unbound or
# unbound-real (the queries sent to a real Unbound under libfaketime,
# whose own log is the clean file). Prints one table per profile: for
# the clean logs and each edit, the share of seeds on which each check
# fired. RAW keeps the per-file lines ("profile edit seed check..."),
# which tests/e2e/lint-rates.sh compares with its floors.
#
# Needs BIN (custody) and TOOLS (lint-corpus) in the environment, as
# tests/e2e/lib.sh and tests/bench/lib.sh set them.
set -u
SEEDS=20 CLEAN= FIRST=1 RAW=
while getopts C:r:S:s: o; do
	case $o in
	C) CLEAN=$OPTARG ;;
	r) RAW=$OPTARG ;;
	S) SEEDS=$OPTARG ;;
	s) FIRST=$OPTARG ;;
	*) echo "usage: lint-rates.sh [-r RAW] [-S SEEDS] [-C CLEAN] [-s FIRST] PROFILE..." >&2; exit 2 ;;
	esac
done
[ -n "$CLEAN" ] && [ "$CLEAN" -ge "$SEEDS" ] || CLEAN=$SEEDS
shift $((OPTIND - 1))
: "${BIN:?}" "${TOOLS:?}"
CORPUS=$TOOLS/lint-corpus
EDITS=${LINT_EDITS-"delete:24 delete:72 delete:120 insert insert:100 forge copy-day shift merge clients"}
W=$(mktemp -d "${TMPDIR:-/tmp}/lint-rates.XXXXXX")
UB_PID=
trap 'stop_unbound; rm -rf "$W"' EXIT
[ -n "$RAW" ] || RAW=$W/raw
: > "$RAW"

stop_unbound() {
	[ -n "$UB_PID" ] && kill "$UB_PID" 2>/dev/null && sleep 0.2
	UB_PID=
}

# fired FILE: the checks with a warning or error in FILE, one line.
fired() {
	"$BIN/custody" lint --json "$1" 2>/dev/null |
	    grep -o '"severity":"\(warning\|error\)","check":"[a-z0-9-]*"' |
	    sed 's/.*"check":"//; s/"$//' | sort -u | tr '\n' ' '
}

# real_unbound SEED SERVER OUT: OUT is the log of a real Unbound that
# received the seed's queries for that server at their scheduled times.
FAKETIME_LIB=
for f in /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 /usr/lib/*/faketime/libfaketime.so.1; do
	[ -f "$f" ] && FAKETIME_LIB=$f && break
done
PORT_BASE=$((30000 + $$ % 20000))
real_unbound() {
	_d=$W/ub.$2
	rm -rf "$_d"; mkdir -p "$_d"
	_port=$((PORT_BASE + $2))
	"$CORPUS" serverconf unbound "$_d" "$_port" || return 1
	echo "+0" > "$_d/ft"
	LD_PRELOAD=$FAKETIME_LIB FAKETIME_TIMESTAMP_FILE=$_d/ft FAKETIME_NO_CACHE=1 \
	    FAKETIME_DONT_FAKE_MONOTONIC=1 unbound -d -c "$_d/unbound.conf" >"$_d/out" 2>&1 &
	UB_PID=$!
	_i=0
	while ! grep -q "start of service" "$_d/unbound.log" 2>/dev/null && [ $_i -lt 50 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	"$CORPUS" gen --loopback --schedule --format unbound --seed "$1" --server "$2" \
	    --days "$DAYS" --per-day "$PER_DAY" > "$_d/sched" &&
	    "$CORPUS" replay --port "$_port" --faketime "$_d/ft" "$_d/sched" > "$_d/sent" 2>"$_d/replay.err"
	_rc=$?
	sleep 0.2
	stop_unbound
	# The clean file: the query and reply lines, as Unbound wrote them.
	grep -v "start of service\|service stopped\|stopping\|generic:" "$_d/unbound.log" > "$3"
	return $_rc
}

for prof in "$@"; do
	IFS=: read -r NAME FORMAT DAYS PER_DAY <<-EOF
	$prof
	EOF
	if [ "$FORMAT" = unbound-real ]; then
		if ! command -v unbound >/dev/null 2>&1 || [ -z "$FAKETIME_LIB" ]; then
			echo "skip $NAME: unbound or libfaketime is not installed"
			continue
		fi
	fi
	s=$FIRST
	while [ "$s" -lt $((FIRST + CLEAN)) ]; do
		clean=$W/$NAME.$s.log other=$W/$NAME.$s.s1.log
		edits=$EDITS
		[ "$s" -ge $((FIRST + SEEDS)) ] && edits=
		if [ "$FORMAT" = unbound-real ]; then
			real_unbound "$s" 0 "$clean" && { [ -z "$edits" ] || real_unbound "$s" 1 "$other"; } ||
			    { echo "lint-rates: $NAME seed $s: the real Unbound did not answer every query" >&2; }
		else
			"$CORPUS" gen --format "$FORMAT" --seed "$s" --days "$DAYS" --per-day "$PER_DAY" > "$clean"
			"$CORPUS" gen --format "$FORMAT" --seed "$s" --server 1 --days "$DAYS" \
			    --per-day "$PER_DAY" > "$other"
		fi
		echo "$NAME clean $s $(fired "$clean")" >> "$RAW"
		for e in $edits; do
			kind=${e%%:*} size=
			[ "$kind" != "$e" ] && size=${e#*:}
			opt=
			case $kind in
			delete|shift|clients) [ -n "$size" ] && opt="--hours $size" ;;
			insert|forge) [ -n "$size" ] && opt="--lines $size" ;;
			esac
			# shellcheck disable=SC2086
			"$CORPUS" mutate --edit "$kind" --seed "$s" $opt --with "$other" "$clean" \
			    -o "$W/m.log" 2>/dev/null || continue
			echo "$NAME $e $s $(fired "$W/m.log")" >> "$RAW"
		done
		rm -f "$clean" "$other"
		s=$((s + 1))
	done
done

# The tables: per profile, the share of seeds each check fired on (to a
# tenth of a percent below 10 %, so that one clean log in 200 shows).
awk '
function pct(h, n,  v) {
	v = 100 * h / n
	if (v > 0 && v < 10) printf " %5.1f%%", v; else printf " %5.0f%%", v
}
{
	p = $1; e = $2; key = p SUBSEP e
	if (!(key in n)) { order[++no] = key; }
	n[key]++
	any = 0
	for (i = 4; i <= NF; i++) { hit[key, $i]++; seen[$i] = 1; any = 1 }
	if (any) hit[key, "any"]++
}
END {
	nc = split("hole burst rate-change precision source-port client-object flags listen-address copied merged requery", cols, " ")
	other = ""
	for (c in seen) {
		known = 0
		for (i = 1; i <= nc; i++) if (cols[i] == c) known = 1
		if (!known) other = other " " c
	}
	prev = ""
	for (k = 1; k <= no; k++) {
		split(order[k], pe, SUBSEP)
		if (pe[1] != prev) {
			printf "\n%s\n%-12s %5s", pe[1], "edit", "logs"
			for (i = 1; i <= nc; i++) printf " %6.6s", cols[i]
			printf " %6s %s\n", "any", "others"
			prev = pe[1]
		}
		printf "%-12s %5d", pe[2], n[order[k]]
		for (i = 1; i <= nc; i++) pct(hit[order[k], cols[i]], n[order[k]])
		pct(hit[order[k], "any"], n[order[k]])
		m = split(other, oc, " "); sep = " "
		for (i = 1; i <= m; i++)
			if (hit[order[k], oc[i]] > 0) {
				printf "%s%s %.0f%%", sep, oc[i], 100 * hit[order[k], oc[i]] / n[order[k]]; sep = ", "
			}
		printf "\n"
	}
}' "$RAW"
