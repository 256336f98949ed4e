# zeekconn.sh: Zeek conn.log (format zeek-conn) into the flow table.
# Zeek's own baseline conn.log of pcapng-multi-interface.pcapng (its ts
# masked upstream, put back from tshark's decode of the same capture)
# against custody's flows of that capture; the fixture conn.log in TSV and
# JSON giving the same flows; the connection queries and the "no email"
# claim testable on a sensor's logs alone (UNTESTABLE on DNS logs alone);
# and a log whose rows disagree with its #fields refused under --strict.
. "$TOP/tests/e2e/lib.sh"

D=$TOP/tests/data/text
new_case c || { notok "zeek-conn: make case"; exit 1; }

if need_shared "zeek-conn: Zeek's baseline conn.log"; then
	Z=$SHARED/dns-pcaps/zeek
	TS=$SHARED/dns-pcaps/generated-here/zeek/pcapng-multi-interface.pcapng.tshark.tsv
	# the three queries' times, in the order of the baseline's rows
	awk -F'\t' 'NR > 1 && $12 == 0 { printf "%.6f\n", $2 }' "$TS" > ts.txt
	awk 'NR == FNR { t[++n] = $0; next } /^XXXXXXXXXX\.XXXXXX/ { sub(/^XXXXXXXXXX\.XXXXXX/, t[++i]) }
	    !/^### / { print }' ts.txt "$Z/Baseline/core.pcapng-pktsrc/conn.log" > conn.log
	expect_exit 0 "zeek-conn: Zeek's baseline conn.log (detected)" custody ingest c --key key --strict --json conn.log
	contains "zeek-conn: detected" "$T/out" '"format":"zeek-conn"'
	contains "zeek-conn: three connections" "$T/out" '"records":3'
	expect_exit 0 "zeek-conn: the capture Zeek read" custody ingest c --key key --json "$Z/Traces/pcapng-multi-interface.pcapng"
	# the same flows: ends, ports, packets, payload bytes each way, and
	# the durations to Zeek's microsecond
	q="SELECT proto, src, sport, dst, dport, first_ns / 1000, (last_ns - first_ns) / 1000, packets, bytes_fwd, bytes_rev, syn, synack, established FROM flow WHERE evidence_id = %s ORDER BY src, sport"
	sqlite3 c/case.db "$(printf "$q" 1)" > zeek.flows
	sqlite3 c/case.db "$(printf "$q" 2)" > capture.flows
	check "zeek-conn: Zeek's flows are custody's flows of the capture" cmp -s zeek.flows capture.flows
	check "zeek-conn: (three of them)" test "$(wc -l < zeek.flows)" -eq 3
	check "zeek-conn: history and state kept" test \
	    "$(sqlite3 c/case.db "SELECT group_concat(conn_state || '/' || history || '/' || service, ' ') FROM flow_state WHERE evidence_id = 1")" = \
	    "SF/Dd/dns SF/Dd/dns SF/Dd/dns"
fi

# TSV and JSON forms of one log give the same flows
expect_exit 0 "zeek-conn: the TSV fixture" custody ingest c --key key --json "$D/zeek-conn.log"
tsv=$(sqlite3 c/case.db "SELECT max(id) FROM evidence")
expect_exit 0 "zeek-conn: the JSON fixture (detected)" custody ingest c --key key --json "$D/zeek-conn.json"
contains "zeek-conn: JSON detected" "$T/out" '"format":"zeek-conn"'
json=$(sqlite3 c/case.db "SELECT max(id) FROM evidence")
q="SELECT f.proto, f.src, f.sport, f.dst, f.dport, f.first_ns, f.last_ns, f.packets, f.bytes_fwd, f.bytes_rev, f.syn, f.synack, f.rst, f.fin, f.established, s.uid, s.conn_state, s.history FROM flow f JOIN flow_state s USING (evidence_id, loc_index, loc_offset) WHERE f.evidence_id = %s ORDER BY f.first_ns"
check "zeek-conn: TSV and JSON rows give the same flows" test \
    "$(sqlite3 c/case.db "$(printf "$q" $tsv)")" = "$(sqlite3 c/case.db "$(printf "$q" $json)")"
contains "zeek-conn: ICMP counted, not stored" "$T/out" '"skipped":{}'
expect_exit 0 "zeek-conn: verify --deep" custody verify c --deep

need_cmd jq "zeek-conn: claims" || exit 0
# the connection queries on a sensor's log alone
new_case s || { notok "zeek-conn: make case s"; exit 1; }
cat > orgs.csv <<'CSV'
cidr,org,source
192.0.2.0/24,Sender Org,test
198.51.100.0/24,Mail Host,test
CSV
expect_exit 0 "zeek-conn: org map" custody ingest s --key key --format orgmap orgs.csv
expect_exit 0 "zeek-conn: the conn.log" custody ingest s --key key --source sensor "$D/zeek-conn.log"
expect_exit 0 "zeek-conn: tcp_sessions" custody query s tcp_sessions -p port=25 -p 'org_a=Sender Org' -p 'org_b=Mail Host' --json
contains "zeek-conn: one completed SMTP session" "$T/out" '"rows":[[1]]'
expect_exit 0 "zeek-conn: connection_acceptance" custody query s connection_acceptance -p address=198.51.100.25 -p port=25 --json
# accepted 192.0.2.15 (SF); refused .16 (S0) and .17 (REJ); .18 was picked
# up mid-stream (no SYN seen): neither
contains "zeek-conn: accepted 1, refused 2, 3 attempts, 1 handshake" "$T/out" '"rows":[[1,2,3,1]]'
cat > claims.ini <<'INI'
[claim E1]
text   = There was no email between them
source = test
query  = tcp_sessions
port   = 25
org_a  = Sender Org
org_b  = Mail Host
expect = == 0

[claim E2]
text   = Exactly one SMTP session
source = test
query  = tcp_sessions
port   = 25
org_a  = Sender Org
org_b  = Mail Host
expect = == 1
INI
custody claims s claims.ini --json > claims.out 2>claims.err
verdict() { jq -r ".claims[] | select(.id == \"$1\") | .verdict" claims.out; }
check "zeek-conn: 'no email' is CONTRADICTED by the sensor's log" test "$(verdict E1)" = CONTRADICTED
check "zeek-conn: one session is SUPPORTED" test "$(verdict E2)" = SUPPORTED
# without the conn.log, DNS logs cannot say
new_case n || { notok "zeek-conn: make case n"; exit 1; }
expect_exit 0 "zeek-conn: org map (DNS-only case)" custody ingest n --key key --format orgmap orgs.csv
expect_exit 0 "zeek-conn: a DNS log only" custody ingest n --key key --tz UTC "$D/bind-918.log"
custody claims n claims.ini --json > claims.out 2>claims.err
check "zeek-conn: on DNS logs alone, UNTESTABLE" test "$(verdict E1)" = UNTESTABLE
contains "zeek-conn: and it says what would do" claims.out "no packet capture or Zeek conn.log"

# rows that disagree with #fields: skipped with their lines; --strict refuses
sed '9s/\t-$//' "$D/zeek-conn.log" > short.log
before=$(case_state c)
expect_exit 2 "zeek-conn: --strict refuses a row short of #fields" custody ingest c --key key --strict short.log
contains "zeek-conn: names the line" "$T/err" "short.log:9: byte"
contains "zeek-conn: and why" "$T/err" "row disagrees with #fields (20 fields where #fields names 21)"
check "zeek-conn: nothing changed" test "$(case_state c)" = "$before"
expect_exit 0 "zeek-conn: without --strict the row is skipped" custody ingest c --key key --json short.log
contains "zeek-conn: counted" "$T/out" '"row disagrees with #fields":1'
# a dns.log given as zeek-conn is refused, naming what it is
expect_exit 2 "zeek-conn: a dns.log is not a conn.log" custody ingest c --key key --format zeek-conn "$D/zeek-dns.log"
contains "zeek-conn: says so" "$T/err" "#path dns: a Zeek dns log, not conn.log (its format is zeek)"
