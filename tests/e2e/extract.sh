# extract.sh: custody extract against a real clickhouse-server (Debian's,
# started here on 127.0.0.1 with a config this script writes, ports from
# $$, time zone America/New_York so that a bare DateTime is not UTC):
# the response kept byte for byte and recorded, credentials that never
# reach the case, --recheck, TLS verification, and the bad input of the
# issue: no rows, wrong column types, connection refused, an HTTP error
# with ClickHouse's message, an error inside the stream, a response over
# the cap, a server that is not ClickHouse, a stall past --timeout, and a
# server killed mid-stream. Skips with a message when the server cannot
# start.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/clickhouse.sh"

need_cmd clickhouse-server "extract: clickhouse-server" || exit 0
need_cmd clickhouse-client "extract: clickhouse-client" || exit 0
BASE=$((21000 + ($$ % 3000) * 10))
HTTP=$BASE TLSPORT=$((BASE + 1)) TCP=$((BASE + 2)) NOTCH=$((BASE + 3)) DEAD=$((BASE + 4))
PY=
mkdir ch
TLS=
if command -v openssl >/dev/null 2>&1 && (
	cd ch &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key \
	    -out ca.crt -subj "/CN=custody test CA" -days 30 \
	    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign &&
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key \
	    -out server.csr -subj "/CN=127.0.0.1" &&
	printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' > ext.cnf &&
	openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
	    -out server.crt -days 30 -extfile ext.cnf) >/dev/null 2>&1; then
	TLS=1
fi
if ! CH_TIMEZONE=America/New_York ch_start "$T/ch" "$HTTP" "$TCP"; then
	skip "extract: $(cat ch/why)"
	exit 0
fi
trap 'ch_stop "$T/ch"; [ -n "$PY" ] && kill $PY 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
URL=http://127.0.0.1:$HTTP/

custody synth -q "$TOP/casefiles/alfa-2016/scenario.ini" -o ev
ch_table ch dns_lookups
ch_casefile_tsv ev | ch_sql ch "INSERT INTO dns_lookups FORMAT TabSeparated"
loaded=$(ch_sql ch "SELECT count() FROM dns_lookups")
check "extract: the claimed logs loaded into ClickHouse ($loaded rows)" test "$loaded" -gt 3000
printf 'extract:extract-secret\n' > creds
chmod 600 creds
new_case c || { notok "extract: make case"; exit 1; }

# what the event of evidence $1 records under "extract", member $2
recorded() {
	sqlite3 c/case.db "SELECT line FROM events e JOIN evidence v ON v.event_seq = e.seq
	    WHERE v.id = $1" | /usr/bin/python3 -c '
import json, sys
line = sys.stdin.read()
d = json.loads(line[line.index(" {") + 1:])
v = d
for k in sys.argv[1].split("."):
    v = v[k]
print(v if isinstance(v, str) else json.dumps(v), end="")' "$2"
}

# ---------------------------------------------------------------- one extract
expect_exit 0 "extract: --host through the HTTP interface, as a read-only user" \
    custody extract c --key key --clickhouse "$URL" --credentials creds \
    --host mail1.trump-email.com --since 2016-05-01 --until 2016-11-01 --source published-logs --json
cp out ex1.json
want=$(ch_sql ch "SELECT count() FROM dns_lookups WHERE (qname = 'mail1.trump-email.com'
    OR startsWith(qname, 'mail1.trump-email.com.')) AND time >= toDateTime('2016-05-01 00:00:00', 'UTC')
    AND time < toDateTime('2016-11-01 00:00:00', 'UTC')")
contains "extract: every row became a record ($want)" ex1.json "\"records\":$want,"
contains "extract: as many rows as the server counts" ex1.json "\"rows\":$want,"
sha=$(sqlite3 c/case.db "SELECT sha256 FROM evidence WHERE id = 1")
obj=c/objects/sha256/$(echo "$sha" | cut -c1-2)/$(echo "$sha" | cut -c3-)
sent=$(recorded 1 extract.sent)
ch_sql ch "$sent" > direct.tsv
check "extract: the original is byte for byte what clickhouse-client gets for the statement sent" \
    test "$(sha256sum < direct.tsv | cut -d' ' -f1)" = "$sha"
check "extract: the recorded sent_sha256 is the statement's" \
    test "$(printf '%s' "$sent" | sha256sum | cut -d' ' -f1)" = "$(recorded 1 extract.sent_sha256)"
custody extract --list --json > list.json
check "extract: the recorded query_sha256 is the built-in query's" \
    grep -q "\"query\":\"host_lookups\",\"query_sha256\":\"$(recorded 1 extract.query_sha256)\"" list.json
check "extract: the recorded response_sha256 is the original's" \
    test "$(recorded 1 extract.response_sha256)" = "$sha" -a "$(sha256sum < "$obj" | cut -d' ' -f1)" = "$sha"
check "extract: the server's version and name are recorded" \
    test "$(recorded 1 extract.server.version)" = "$(ch_sql ch 'SELECT version()')" -a \
    "$(recorded 1 extract.server.name)" = "$(ch_sql ch 'SELECT hostName()')"
case $sent in
*"qname = 'mail1.trump-email.com'"*"time >= toDateTime('2016-05-01 00:00:00', 'UTC')"*"FORMAT TabSeparatedWithNamesAndTypes")
	ok "extract: the statement sent has the values bound as literals" ;;
*) notok "extract: the statement sent has the values bound as literals: $sent" ;;
esac
check "extract: start and end times are recorded" \
    test -n "$(recorded 1 extract.started)" -a -n "$(recorded 1 extract.ended)"
check "extract: the server's time zone is the parse's --tz" \
    test "$(recorded 1 options.tz)" = America/New_York
check "extract: the URL is recorded as given" test "$(recorded 1 extract.url)" = "$URL"
check "extract: neither the password nor the user is anywhere in the case" \
    test "$(grep -rl -e extract-secret -e '"user"' c | wc -l)" -eq 0
expect_exit 0 "extract: verify --deep re-parses the stored response without the server" \
    custody verify c --deep
contains "extract: the re-parse matches" "$T/out" "every record table holds, row for row"

# the other built-in query: everything a set of servers logged
expect_exit 0 "extract: --query server_lookups, everything from a set of sources" \
    custody extract c --key key --clickhouse "$URL" --credentials creds --query server_lookups \
    --param servers=ns1.cdcservices.com,ns3.cdcservices.com --json
want=$(ch_sql ch "SELECT count() FROM dns_lookups WHERE server IN ('ns1.cdcservices.com', 'ns3.cdcservices.com')")
contains "extract: ... all of their $want rows" "$T/out" "\"records\":$want,"
check "extract: ... and nothing of the other server" test "$(sqlite3 c/case.db "SELECT count(*)
    FROM dns_message m JOIN evidence e ON e.id = m.evidence_id
    WHERE e.original_name = 'server_lookups.tsv' AND m.server = 'ns2.cdcservices.com'")" -eq 0

# ---------------------------------------------------------------- credentials
expect_exit 0 "extract: credentials from CLICKHOUSE_USER and CLICKHOUSE_PASSWORD" \
    env CLICKHOUSE_USER=extract CLICKHOUSE_PASSWORD=extract-secret \
    custody extract c --key key --clickhouse "$URL" --host trump1.contact-client.com -q
before=$(case_state c)
expect_exit 2 "extract: a wrong password is refused" \
    env CLICKHOUSE_USER=extract CLICKHOUSE_PASSWORD=wrong \
    custody extract c --key key --clickhouse "$URL" --host a.example
contains "extract: ... with ClickHouse's message" "$T/err" "Wrong password"
chmod 644 creds
expect_exit 2 "extract: a credentials file others can read is refused" \
    custody extract c --key key --clickhouse "$URL" --credentials creds --host a.example
chmod 600 creds
expect_exit 2 "extract: credentials in the URL are refused" \
    custody extract c --key key --clickhouse "http://extract:extract-secret@127.0.0.1:$HTTP/" \
    --host a.example
check "extract: none of these changed the case" test "$(case_state c)" = "$before"

# ---------------------------------------------------------------- time zones
# A bare DateTime is printed in the server's zone (America/New_York here):
# the recorded --tz turns it back into the same instants.
cat > bare.sql <<'EOF'
-- name: bare_datetime
-- summary: the host's lookups with times in the server's own zone
-- param host: the name looked up
SELECT CAST(time AS DateTime) AS time, server, client, qname, qtype
FROM dns_lookups WHERE qname = {host:String}
ORDER BY server, time, client, qname, qtype
EOF
expect_exit 0 "extract: a bare DateTime column, in the server's zone" \
    custody extract c --key key --clickhouse "$URL" --credentials creds --query-file bare.sql \
    --param host=mail1.trump-email.com --json
bare=$(sed -n 's/.*"evidence_id":\([0-9]*\).*/\1/p' "$T/out")
sum1=$(sqlite3 c/case.db "SELECT sum(time_ns / 1000000000) FROM dns_message WHERE evidence_id = 1 AND qname = 'mail1.trump-email.com'")
sum2=$(sqlite3 c/case.db "SELECT sum(time_ns / 1000000000) FROM dns_message WHERE evidence_id = ${bare:-0}")
check "extract: the same instants as DateTime('UTC') gave" test -n "$sum1" -a "$sum1" = "$sum2"
bobj=$(sqlite3 c/case.db "SELECT sha256 FROM evidence WHERE id = ${bare:-0}")
cp "c/objects/sha256/$(echo "$bobj" | cut -c1-2)/$(echo "$bobj" | cut -c3-)" bare.tsv
new_case c2
expect_exit 2 "extract: that original ingested by hand without --tz is refused" \
    custody ingest c2 --key key bare.tsv
contains "extract: ... saying to give --tz" "$T/err" "give --tz ZONE"
expect_exit 0 "extract: ... and parses with --tz (detected as clickhouse-dns)" \
    custody ingest c2 --key key --tz America/New_York --json bare.tsv
contains "extract: ... detected" "$T/out" '"format":"clickhouse-dns"'

# ---------------------------------------------------------------- org maps and timelines
cat > orgs.sql <<'EOF2'
-- name: orgs
-- summary: the org map, as a team might keep it beside its lookups
-- format: orgmap
SELECT '192.0.2.0/26' AS cidr, 'Alfa Bank' AS org, 'synthetic attribution' AS source,
	toDate('2016-01-01') AS valid_from, CAST(NULL AS Nullable(Date)) AS valid_until
UNION ALL SELECT '192.0.2.64/27', 'Spectrum Health', 'synthetic attribution',
	toDate('2016-01-01'), CAST(NULL AS Nullable(Date))
EOF2
expect_exit 0 "extract: --format orgmap (the query file's format)" \
    custody extract c --key key --clickhouse "$URL" --credentials creds --query-file orgs.sql --json
check "extract: ... its rows in the orgmap table" \
    test "$(sqlite3 c/case.db "SELECT group_concat(org, '|') FROM (SELECT org FROM orgmap
        WHERE valid_from = '2016-01-01' AND valid_until IS NULL ORDER BY cidr)")" = "Alfa Bank|Spectrum Health"
cat > dates.sql <<'EOF2'
-- name: dates
SELECT toDate('2016-07-18') AS date, 'rnc-convention' AS label, 'general record' AS source
EOF2
expect_exit 0 "extract: --format events over a query file that says nothing" \
    custody extract c --key key --clickhouse "$URL" --credentials creds --query-file dates.sql \
    --format events
check "extract: ... its row in the timeline" \
    test "$(sqlite3 c/case.db "SELECT label FROM timeline WHERE time_ns = 1468800000000000000")" = rnc-convention

# ---------------------------------------------------------------- a large extract
# Enough rows that the sink's writer thread stores them while the parse
# goes on: the case's connection is the writer's until the sink finishes,
# and asking the case whether it holds the response already (which an
# extract can only do after the transfer) must wait for that. Asked
# before, it raced the writer on a connection opened without SQLite's
# mutex: use after free, "database disk image is malformed"; now such a
# use is refused (lib/store/db.c), so the old order fails here every time.
cat > many.sql <<'EOF2'
-- name: many
-- summary: 60,000 generated lookups, one a second
-- format: dns
SELECT toDateTime(1462060800 + number, 'UTC') AS time, 'ns1.example' AS server,
	concat('192.0.2.', toString(1 + number % 254)) AS client,
	concat('h', toString(number), '.example') AS qname, 'A' AS qtype
FROM system.numbers LIMIT 60000
EOF2
expect_exit 0 "extract: 60,000 rows, stored by the writer thread as they are parsed" \
    custody extract c --key key --clickhouse "$URL" --credentials creds --query-file many.sql --json
check "extract: ... every one of them in dns_message" \
    test "$(sqlite3 c/case.db "SELECT count(*) FROM dns_message
        WHERE evidence_id = (SELECT max(id) FROM evidence)")" = 60000
expect_exit 0 "extract: ... and the same response again is found in the case after the parse" \
    custody extract c --key key --clickhouse "$URL" --credentials creds --query-file many.sql --json
contains "extract: ... as already present" "$T/out" '"status":"already-present"'
expect_exit 0 "extract: ... the case verifies, records re-parsed" custody verify --deep c

# ---------------------------------------------------------------- recheck
expect_exit 0 "extract: --recheck: the same bytes again" \
    custody extract --recheck c 1 --key key --credentials creds
contains "extract: ... says so" "$T/out" "the server returned the same bytes"
ch_sql ch "INSERT INTO dns_lookups VALUES ('2016-06-01 12:00:00', 'ns9.example', '192.0.2.99',
    'mail1.trump-email.com', 'A')"
expect_exit 1 "extract: --recheck after the table changed: different bytes, exit 1" \
    custody extract --recheck c "$(echo "$sha" | cut -c1-12)" --key key --credentials creds --json
contains "extract: ... says so" "$T/out" '"same":false'
check "extract: both rechecks are signed note events" \
    test "$(sqlite3 c/case.db "SELECT count(*) FROM events WHERE line LIKE '% note sha256:$sha %'")" -eq 2
expect_exit 2 "extract: --recheck of evidence that is not an extract" \
    sh -c "custody ingest c --key key --format raw --source x '$TOP/README.md' >/dev/null &&
    custody extract --recheck c \"\$(sqlite3 c/case.db 'SELECT max(id) FROM evidence')\" --key key"
contains "extract: ... says it is not one" "$T/err" "is not an extract"
expect_exit 0 "extract: the case verifies after the rechecks" custody verify c

# ---------------------------------------------------------------- bad input
X() { custody extract c --key key --credentials creds "$@"; }
before=$(case_state c)
expect_exit 0 "extract: a query that returns no rows is an empty original" \
    X --clickhouse "$URL" --host nosuch.example
contains "extract: ... and says so" "$T/out" "the query returned no rows"
before=$(case_state c)

cat > types.sql <<'EOF'
-- name: wrong_types
SELECT toUInt8(1) AS time, '192.0.2.1' AS client, 'a.example' AS qname
EOF
expect_exit 2 "extract: a column of the wrong type for --format dns" \
    X --clickhouse "$URL" --query-file types.sql
contains "extract: ... named" "$T/err" "column 'time' has type UInt8"
cat > columns.sql <<'EOF'
-- name: declared_columns
-- column time DateTime('UTC'): when
-- column client UInt32: who
-- column qname String: what
SELECT toDateTime('2016-05-04 00:00:00', 'UTC') AS time, '192.0.2.1' AS client, 'a.example' AS qname
EOF
expect_exit 2 "extract: a response whose columns are not those the query declares" \
    X --clickhouse "$URL" --query-file columns.sql
contains "extract: ... names the column" "$T/err" "column 2 of the response has type 'String'"
expect_exit 2 "extract: --format orgmap of lookup rows" \
    X --clickhouse "$URL" --host mail1.trump-email.com --format orgmap
contains "extract: ... names the column" "$T/err" "column 'time' is not a column of clickhouse-orgmap"
expect_exit 2 "extract: connection refused" X --clickhouse "http://127.0.0.1:$DEAD/" --host a.example
contains "extract: ... said" "$T/err" "onnect"
expect_exit 2 "extract: an HTTP error, with ClickHouse's message" \
    X --clickhouse "$URL" --host a.example --table no_such_table
contains "extract: ... the message" "$T/err" "no_such_table doesn't exist"
cat > midstream.sql <<'EOF'
-- name: midstream
SELECT toDateTime(1000000000 + number, 'UTC') AS time, '192.0.2.1' AS client,
	'a.example' AS qname, throwIf(number = 300000) AS qr
FROM system.numbers LIMIT 400000
EOF
expect_exit 2 "extract: ClickHouse stops mid-stream (an exception after the first blocks)" \
    custody extract c --key key --clickhouse "$URL" --query-file midstream.sql
contains "extract: ... with its message" "$T/err" "stopped the query after sending part of it"
expect_exit 2 "extract: a response over --max-bytes" \
    X --clickhouse "$URL" --host mail1.trump-email.com --max-bytes 10000
contains "extract: ... said" "$T/err" "over the limit of 10000 bytes"
cat > slow.sql <<'EOF'
-- name: stall
SELECT toDateTime('2016-05-04 00:00:00', 'UTC') AS time, '192.0.2.1' AS client,
	'a.example' AS qname, sleep(3) AS qr
EOF
expect_exit 2 "extract: a server silent past --timeout" \
    custody extract c --key key --clickhouse "$URL" --query-file slow.sql --timeout 1
contains "extract: ... said" "$T/err" "no byte from the server for 1 s"
/usr/bin/python3 -m http.server "$NOTCH" --bind 127.0.0.1 >py.out 2>&1 &
PY=$!
i=0; while ! grep -q Serving py.out && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
expect_exit 2 "extract: a web server that is not ClickHouse" \
    X --clickhouse "http://127.0.0.1:$NOTCH/" --host a.example
contains "extract: ... said" "$T/err" "not the HTTP interface of a ClickHouse server"
kill $PY 2>/dev/null; PY=
expect_exit 2 "extract: a String parameter with a control byte" \
    X --clickhouse "$URL" --host "$(printf 'a\001b')"
expect_exit 2 "extract: an Identifier that is not one" \
    X --clickhouse "$URL" --host a.example --table 'x; DROP TABLE dns_lookups'
expect_exit 2 "extract: a DateTime that is not ISO 8601" \
    X --clickhouse "$URL" --host a.example --since yesterday
expect_exit 2 "extract: a parameter the query does not take" \
    X --clickhouse "$URL" --host a.example --param sinse=2016-01-01
printf -- "-- param host: h\nSELECT 1 FROM t WHERE x = '{host:String}'\n" > quoted.sql
expect_exit 2 "extract: a placeholder inside a quoted string" \
    X --clickhouse "$URL" --query-file quoted.sql --param host=a
contains "extract: ... refused" "$T/err" "inside a quoted string"
check "extract: none of the bad inputs changed the case" test "$(case_state c)" = "$before"
check "extract: and none left a temporary file" test -z "$(ls c/tmp)"
check "extract: ClickHouse still has its table (a quoted identifier cannot be SQL)" \
    test "$(ch_sql ch 'EXISTS TABLE dns_lookups')" = 1

# ---------------------------------------------------------------- TLS
if [ -z "$TLS" ]; then
	skip "extract: TLS: openssl could not make a test certificate"
else
	S=https://127.0.0.1:$TLSPORT/
	expect_exit 2 "extract: https with a certificate no trusted CA signed is refused" \
	    X --clickhouse "$S" --host mail1.trump-email.com --since 2016-06-01
	contains "extract: ... for its certificate" "$T/err" "certificate"
	expect_exit 0 "extract: https verified against --cacert" \
	    X --clickhouse "$S" --host mail1.trump-email.com --since 2016-06-01 --cacert ch/ca.crt --json
	id=$(sed -n 's/.*"evidence_id":\([0-9]*\).*/\1/p' "$T/out")
	check "extract: ... recorded as verified" test "$(recorded "${id:-0}" extract.tls_verify)" = true
	expect_exit 0 "extract: https --insecure" \
	    X --clickhouse "$S" --host mail1.trump-email.com --since 2016-07-01 --insecure --json
	id=$(sed -n 's/.*"evidence_id":\([0-9]*\).*/\1/p' "$T/out")
	check "extract: ... recorded as not verified" test "$(recorded "${id:-0}" extract.tls_verify)" = false
fi

# ---------------------------------------------------------------- parsed as it arrives
# A bad row in the first block of a response the server takes long to
# send: the rows are parsed as they arrive, so the extract stops there,
# and the server with it, instead of refusing the rows once all have come.
cat > badrow.sql <<'EOF'
-- name: badrow
SELECT toDateTime(1000000000 + number, 'UTC') AS time,
	if(number = 5, 'not-an-address', '192.0.2.1') AS client, 'a.example' AS qname,
	sleep(0.3) AS qr
FROM system.numbers LIMIT 3000000
SETTINGS max_block_size = 65536
EOF
before=$(case_state c)
expect_exit 2 "extract: a bad row early in a long response" \
    custody extract c --key key --clickhouse "$URL" --query-file badrow.sql
contains "extract: ... is refused at its line" "$T/err" "badrow.tsv:8: byte"
contains "extract: ... while the response still came, which was stopped" "$T/err" \
    "the transfer was stopped there"
check "extract: ... and nothing was added" test "$(case_state c)" = "$before" -a -z "$(ls c/tmp)"
# A response that may be larger than the address space cannot be mapped
# ahead of its bytes: parsed once it has all come, to the same effect.
expect_exit 0 "extract: a --max-bytes too large to map ahead" \
    X --clickhouse "$URL" --host mail1.trump-email.com --since 2016-08-01 \
    --max-bytes 18446744073709551615 --json
contains "extract: ... is parsed once all has come" "$T/out" '"status":"ingested"'
check "extract: ... every row a record" test "$(sed -n 's/.*"records":\([0-9]*\).*/\1/p' "$T/out")" = \
    "$(sed -n 's/.*"rows":\([0-9]*\).*/\1/p' "$T/out")" -a -n "$(sed -n 's/.*"rows":\([1-9]\).*/\1/p' "$T/out")"

# ---------------------------------------------------------------- killed mid-stream
cat > long.sql <<'EOF'
-- name: long
SELECT toDateTime(1000000000 + number, 'UTC') AS time, '192.0.2.1' AS client,
	'a.example' AS qname, sleep(0.3) AS qr
FROM system.numbers LIMIT 3000000
SETTINGS max_block_size = 65536
EOF
before=$(case_state c)
custody extract c --key key --clickhouse "$URL" --query-file long.sql >long.out 2>long.err &
XPID=$!
i=0
while [ $i -lt 100 ] && [ "$(cat c/tmp/ingest-* 2>/dev/null | wc -c)" -lt 100000 ]; do
	sleep 0.1; i=$((i + 1))
done
got=$(cat c/tmp/ingest-* 2>/dev/null | wc -c)
kill -9 "$(cat ch/pid)"
wait $XPID
rc=$?
check "extract: the server killed mid-stream ($got bytes in): exit 2 (exit $rc)" \
    test $rc -eq 2
contains "extract: ... saying the transfer was cut" long.err "transfer closed"
check "extract: ... and nothing was added" test "$(case_state c)" = "$before" -a -z "$(ls c/tmp)"
expect_exit 0 "extract: the case verifies deeply at the end" custody verify c --deep
