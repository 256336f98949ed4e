#!/bin/sh
# bind.sh: ingest of a 1,000,000-line BIND query log, side by side with
# the pipeline a user would otherwise write on the same file: awk pulling
# time, client, name and type into CSV, sqlite3 .import into a table, and
# an index on (name, time). The two alternate, ROUNDS times each (default
# 3, each custody run into a fresh case); the medians, their ratio, and
# custody's peak RSS (GNU time %M) are printed, with custody's own phases
# (CUSTODY_PHASES=1) of its last run and the SQLite floor (tests/tools/
# sqlite-floor: SQLite alone storing the same rows with the same indexes
# and settings). LINES=N changes the size.
. "$(dirname "$0")/lib.sh"
LINES=${LINES:-1000000}

"$TOOLS/gen-bindlog" "$LINES" > "$W/queries.log"
echo "bench bind: $LINES lines, $(($(wc -c < "$W/queries.log") / 1048576)) MiB, $ROUNDS rounds"
custody keygen -o "$W/key" >/dev/null 2>&1
cat "$W/queries.log" > /dev/null # same page-cache state for both
echo "page cache: warm for both (the log was just written, and is read in full first)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; the machine may be shared)"

fresh_case() {
	chmod -R u+w "$W/case" 2>/dev/null
	rm -rf "$W/case"
	custody init "$W/case" --case-id bench --examiner Bench --key "$W/key" >/dev/null
}
ingest() {
	custody ingest "$W/case" --key "$W/key" --format bind --tz UTC -q "$W/queries.log"
}
pipe_awk() {
	awk '{ t = $1 " " $2; for (i = 3; i <= NF; i++) if ($i == "client") break;
	       c = $(i + 1); if (c ~ /^@0x/) c = $(i + 2); sub(/#.*/, "", c);
	       for (; i <= NF; i++) if ($i == "query:") break;
	       print t "," c "," $(i + 1) "," $(i + 3) }' "$W/queries.log" > "$W/q.csv"
}
pipe_sqlite() {
	rm -f "$W/pipe.db"
	sqlite3 "$W/pipe.db" <<SQL
CREATE TABLE q(time TEXT, client TEXT, name TEXT, type TEXT);
.mode csv
.import $W/q.csv q
CREATE INDEX q_name ON q(name, time);
SQL
}

c_runs="" a_runs="" s_runs="" p_runs=""
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	fresh_case
	c=$(timeit ingest)
	a=$(timeit pipe_awk)
	s=$(timeit pipe_sqlite)
	c_runs="$c_runs $c"
	a_runs="$a_runs $a"
	s_runs="$s_runs $s"
	p_runs="$p_runs $(awk -v a="$a" -v b="$s" 'BEGIN { printf "%.3f", a + b }')"
	r=$((r + 1))
done
fresh_case
rss=$(peak_kib custody ingest "$W/case" --key "$W/key" --format bind --tz UTC -q "$W/queries.log")
fresh_case
CUSTODY_PHASES=1 custody ingest "$W/case" --key "$W/key" --format bind --tz UTC -q \
    "$W/queries.log" 2>&1 | sed 's/^custody-ingest: /  custody /'
"$TOOLS/sqlite-floor" "$W/case/case.db" "$W/floor.db" | sed 's/^/  /'
rm -f "$W/floor.db"
"$TOOLS/parse-rate" bind "$W/queries.log" --tz UTC | sed 's/^/  /'
db=$(stat -c %s "$W/case/case.db")
echo "  case.db / log: $(ratio "$db" "$(stat -c %s "$W/queries.log")")x ($db bytes)"
n=$(sqlite3 "$W/case/case.db" 'SELECT count(*) FROM dns_message')
m=$(sqlite3 "$W/pipe.db" 'SELECT count(*) FROM q')
ci=$(median $c_runs)
pi=$(median $p_runs)
echo "custody ingest: $ci s median of$c_runs ($n records, peak RSS $((rss / 1024)) MiB)"
echo "pipeline:       $pi s median of$p_runs (awk median $(median $a_runs) s + sqlite3 import and index median $(median $s_runs) s, $m rows)"
echo "ratio:          custody is $(ratio "$pi" "$ci")x the pipeline speed (target 2x)"
bench_end
