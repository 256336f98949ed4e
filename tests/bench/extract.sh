#!/bin/sh
# extract.sh: custody extract of ROWS lookups (default 1,000,000) out of a
# table of TOTAL rows (default 10,000,000) held by a two-shard ClickHouse
# cluster (two clickhouse-server processes on 127.0.0.1, a Distributed
# table over a MergeTree table on each; tests/clickhouse.sh), side by side
# with the bare client fetching the same rows: clickhouse-client --query
# with the very statement custody sent, its output to a file. The two
# alternate, ROUNDS times each (default 3, custody into a fresh case each
# time); medians, their ratio, custody's share (its time beyond the
# transfer, which the event records as started/ended: custody parses the
# rows while they arrive, so this is what is left once the last byte has
# come), and custody's peak RSS (GNU time %M) at ROWS and at a tenth of
# ROWS, to show it stays flat. INSTR=1 adds what does not depend on the
# machine's load: callgrind's instruction count of ingesting the first
# 100,000 rows of the response from a file (the parse, the sink, hashing).
# TOTAL=100000000 for the larger table, if the machine has the disk and
# the patience (about 2 GB of table). Skips when the server cannot start.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/clickhouse.sh"
TOTAL=${TOTAL:-10000000}
ROWS=${ROWS:-1000000}
EVERY=$((TOTAL / ROWS))

base=$((31000 + ($$ % 2000) * 10))
shards="$((base + 1)) $((base + 4))"
trap 'ch_stop "$W/s1"; ch_stop "$W/s2"; chmod -R u+w "$W" 2>/dev/null; rm -rf "$W"' EXIT
if ! ch_start "$W/s1" "$base" "$((base + 1))" "$shards" ||
    ! ch_start "$W/s2" "$((base + 3))" "$((base + 4))" "$shards"; then
	echo "bench extract: skipped: $(cat "$W"/s*/why 2>/dev/null | head -1)"
	exit 0
fi
for s in s1 s2; do ch_table "$W/$s" dns_lookups_local; done
ch_sql "$W/s1" "CREATE TABLE dns_lookups AS dns_lookups_local
    ENGINE = Distributed(custody_test, default, dns_lookups_local, rand())"
# One row in EVERY is a lookup of the host extracted; the rest spread over
# 100,000 other names. Four servers, 254 clients, one row per 0.1 s.
t0=$(now_ns)
ch_sql "$W/s1" "INSERT INTO dns_lookups SELECT
    toDateTime(1462060800 + intDiv(number, 10), 'UTC') AS time,
    concat('ns', toString(number % 4), '.example') AS server,
    concat('192.0.2.', toString(1 + number % 254)) AS client,
    if(number % $EVERY = 0, 'mail1.trump-email.com',
       concat('h', toString(number % 100000), '.example')) AS qname,
    ['A', 'AAAA', 'MX'][1 + number % 3] AS qtype
    FROM system.numbers LIMIT $TOTAL SETTINGS insert_distributed_sync = 1" || {
	echo "bench extract: loading the table failed" >&2; exit 1; }
# 18.16 may still be sending the last blocks to the other shard when the
# INSERT returns: wait until every row is there.
i=0
while [ "$(ch_sql "$W/s1" "SELECT count() FROM dns_lookups")" -lt "$TOTAL" ] && [ $i -lt 600 ]; do
	sleep 0.1; i=$((i + 1))
done
load_s=$(awk -v a="$t0" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
n1=$(ch_sql "$W/s1" "SELECT count() FROM dns_lookups_local")
n2=$(ch_sql "$W/s2" "SELECT count() FROM dns_lookups_local")
want=$(ch_sql "$W/s1" "SELECT count() FROM dns_lookups WHERE qname = 'mail1.trump-email.com'")
echo "bench extract: $ROWS of $TOTAL rows through a Distributed table over 2 shards ($n1 + $n2 rows; loaded in $load_s s), $ROUNDS rounds"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; the machine may be shared)"
custody keygen -o "$W/key" >/dev/null 2>&1
URL=http://127.0.0.1:$base/

fresh_case() {
	chmod -R u+w "$W/case" 2>/dev/null
	rm -rf "$W/case"
	custody init "$W/case" --case-id bench --examiner Bench --key "$W/key" >/dev/null
}
extract() {
	custody extract "$W/case" --key "$W/key" --clickhouse "$URL" --host mail1.trump-email.com \
	    --json "$@" > "$W/x.json"
}
# the statement custody sends, for the bare client
fresh_case
extract || { echo "bench extract: custody extract failed" >&2; exit 1; }
sent=$(sqlite3 "$W/case/case.db" "SELECT line FROM events WHERE seq = 2" |
    /usr/bin/python3 -c 'import json, sys; l = sys.stdin.read(); print(json.loads(l[l.index(" {") + 1:])["extract"]["sent"])')
records=$(sed -n 's/.*"records":\([0-9]*\).*/\1/p' "$W/x.json")
share() { # the part of custody's time outside the transfer (started..ended)
	/usr/bin/python3 -c '
import json, sys, datetime
x = json.load(open(sys.argv[1]))
f = lambda s: datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()
print("%.3f" % (f(x["ended"]) - f(x["started"])))' "$W/x.json"
}

# measure OUT CMD...: "WALL CPU RSS" (seconds, user+system seconds, KiB) of
# CMD, its standard output to OUT.
measure() {
	_out=$1; shift
	/usr/bin/time -f '%e %U %S %M' -o "$W/.m" "$@" >"$_out" 2>"$W/.err" || bench_failed "$@"
	tail -n 1 "$W/.m" | awk '{ printf "%.3f %.3f %d\n", $1, $2 + $3, $4 }'
}

c_runs="" k_runs="" t_runs="" cc_runs="" kc_runs="" rss=0
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	fresh_case
	set -- $(measure "$W/x.json" custody extract "$W/case" --key "$W/key" --clickhouse "$URL" \
	    --host mail1.trump-email.com --json)
	c_runs="$c_runs $1" cc_runs="$cc_runs $2" rss=$3
	t_runs="$t_runs $(share)"
	set -- $(measure "$W/client.tsv" clickhouse-client --host 127.0.0.1 --port "$((base + 1))" \
	    --query "$sent")
	k_runs="$k_runs $1" kc_runs="$kc_runs $2"
	r=$((r + 1))
done
same=no
cmp -s "$W/client.tsv" "$(ls "$W"/case/objects/sha256/*/* | head -n 1)" && same=yes
fresh_case
rss10=$(peak_kib custody extract "$W/case" --key "$W/key" --clickhouse "$URL" \
    --host mail1.trump-email.com --until "$(date -u -d @$((1462060800 + TOTAL / 100)) +%Y-%m-%dT%H:%M:%SZ)" -q)
n10=$(sqlite3 "$W/case/case.db" 'SELECT count(*) FROM dns_message')
fresh_case
CUSTODY_PHASES=1 custody extract "$W/case" --key "$W/key" --clickhouse "$URL" \
    --host mail1.trump-email.com -q 2>&1 | sed 's/^custody: /  custody /'
"$TOOLS/sqlite-floor" "$W/case/case.db" "$W/floor.db" | sed 's/^/  /'
rm -f "$W/floor.db"
ci=$(median $c_runs)
ki=$(median $k_runs)
ti=$(median $t_runs)
echo "custody extract:   $ci s median of$c_runs; CPU $(median $cc_runs) s ($records records, $want rows the server counts)"
echo "  of which the transfer (query start to last byte, stored, hashed and parsed as it came): $ti s median of$t_runs;"
echo "  custody's own share after it (the rest of the parse, indexes, digest, signed event, commit): $(awk -v a="$ci" -v b="$ti" 'BEGIN { printf "%.3f", a - b }') s"
echo "clickhouse-client: $ki s median of$k_runs; CPU $(median $kc_runs) s (same statement, native protocol, to a file; bytes identical to the original: $same)"
echo "ratio:             custody takes $(ratio "$ci" "$ki")x the bare client's time (target at most 1.5x);"
echo "                   the transfer alone $(ratio "$ti" "$ki")x"
echo "peak RSS:          $((rss / 1024)) MiB extracting $records rows, $((rss10 / 1024)) MiB extracting $n10 rows"
if [ "${INSTR:-0}" = 1 ] && command -v valgrind >/dev/null 2>&1; then
	head -n 100002 "$W/client.tsv" > "$W/100k.tsv"
	fresh_case
	valgrind --tool=callgrind --callgrind-out-file="$W/cg.out" "$BIN/custody-ingest" "$W/case" \
	    --key "$W/key" --format clickhouse-dns --tz UTC -q "$W/100k.tsv" 2>"$W/cg.err" >/dev/null
	total=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$W/cg.err")
	parse=$(callgrind_annotate --inclusive=yes "$W/cg.out" 2>/dev/null |
	    sed -n 's/^ *\([0-9,]*\) .*textlog.c:custody_textparse_run .*/\1/p' | head -n 1 | tr -d ,)
	sinkd=$(callgrind_annotate --inclusive=yes "$W/cg.out" 2>/dev/null |
	    sed -n 's/^ *\([0-9,]*\) .*sink.c:custody_sink_dns .*/\1/p' | head -n 1 | tr -d ,)
	echo "instructions:      ingesting 100,000 rows of it from a file (callgrind): $((total / 100000)) a row;"
	echo "                   the parse $(((parse - sinkd) / 100000)) a row, the sink under it $((sinkd / 100000))"
fi
bench_end
