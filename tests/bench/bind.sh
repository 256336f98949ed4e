#!/bin/sh
# bind.sh: ingest of a 1,000,000-line BIND query log, side by side with
# the pipeline a user would otherwise write on the same file: awk pulling
# time, client, name and type into CSV, sqlite3 .import into a table, and
# an index on (name, time). Prints both times, the ratio and custody's
# peak RSS (GNU time %M). LINES=N changes the size.
set -u
BUILD=${BUILD:-build}
TOP=${TOP:-$(pwd)}
case "$BUILD" in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
BIN=$BUILD/bin
LINES=${LINES:-1000000}
T=$(mktemp -d "${TMPDIR:-/tmp}/custody-bench.XXXXXX")
trap 'chmod -R u+w "$T"; rm -rf "$T"' EXIT

now() { date +%s.%N; }
"$BUILD/tests/tools/gen-bindlog" "$LINES" > "$T/queries.log"
echo "bench bind: $LINES lines, $(($(wc -c < "$T/queries.log") / 1048576)) MiB"
"$BIN/custody" keygen -o "$T/key" >/dev/null 2>&1
"$BIN/custody" init "$T/case" --case-id bench --examiner Bench --key "$T/key" >/dev/null
cat "$T/queries.log" > /dev/null # same page-cache state for both
echo "page cache: warm for both (the log was just written, and is read in full first)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; the machine may be shared)"

t0=$(now)
/usr/bin/time -f %M -o "$T/rss" "$BIN/custody" ingest "$T/case" --key "$T/key" --format bind \
    --tz UTC -q "$T/queries.log" || exit 1
t1=$(now)
awk '{ t = $1 " " $2; for (i = 3; i <= NF; i++) if ($i == "client") break;
       c = $(i + 1); if (c ~ /^@0x/) c = $(i + 2); sub(/#.*/, "", c);
       for (; i <= NF; i++) if ($i == "query:") break;
       print t "," c "," $(i + 1) "," $(i + 3) }' "$T/queries.log" > "$T/q.csv"
t2=$(now)
sqlite3 "$T/pipe.db" <<SQL
CREATE TABLE q(time TEXT, client TEXT, name TEXT, type TEXT);
.mode csv
.import $T/q.csv q
CREATE INDEX q_name ON q(name, time);
SQL
t3=$(now)
n=$(sqlite3 "$T/case/case.db" 'SELECT count(*) FROM dns_message')
m=$(sqlite3 "$T/pipe.db" 'SELECT count(*) FROM q')
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v rss="$(cat "$T/rss")" -v n="$n" -v m="$m" 'BEGIN {
	ci = b - a; aw = c - b; pipe = d - b;
	printf "custody ingest: %.2f s (%d records, peak RSS %.1f MiB)\n", ci, n, rss / 1024;
	printf "pipeline:       %.2f s (awk %.2f s + sqlite3 import and index %.2f s, %d rows)\n", pipe, aw, d - c, m;
	printf "ratio:          custody is %.2fx the pipeline speed\n", pipe / ci }'
