# bind.sh: a real BIND 9 (and Unbound, when installed) on 127.0.0.1 with
# query logging; queries from several loopback sources with dig -b; the
# log ingested and counted per source; the log corroborated one to one
# against a CSV of what was sent; the loopback capture ingested too when
# this tree can read pcap. Skips with a message when a server cannot start.
. "$TOP/tests/e2e/lib.sh"

need_cmd named "bind: named" || exit 0
need_cmd dig "bind: dig" || exit 0
PORT=$((20000 + $$ % 20000))
mkdir ns
cat > ns/named.conf <<CONF
options { directory "$T/ns"; listen-on port $PORT { 127.0.0.1; }; listen-on-v6 { none; };
	pid-file "$T/ns/named.pid"; recursion no; allow-query { any; }; dnssec-validation no; };
controls { };
logging { channel q { file "$T/ns/queries.log"; print-time yes; print-category yes;
	print-severity yes; }; category queries { q; }; category default { null; }; };
zone "example.test" { type primary; file "$T/ns/example.test.zone"; };
CONF
cat > ns/example.test.zone <<'ZONE'
$TTL 300
@   IN SOA ns.example.test. h.example.test. 1 3600 600 86400 300
@   IN NS  ns.example.test.
ns  IN A   127.0.0.1
www IN A   192.0.2.1
mail IN A  192.0.2.25
ZONE
if ! named -c "$T/ns/named.conf" -u "$(id -un)" -n 1 >ns/start.out 2>&1; then
	skip "bind: named did not start ($(head -c 200 ns/start.out))"; exit 0
fi
i=0; while [ ! -s ns/named.pid ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
stop_named() { [ -s "$T/ns/named.pid" ] && kill "$(cat "$T/ns/named.pid")" 2>/dev/null; }
trap 'stop_named; [ -n "${TCPDUMP:-}" ] && kill $TCPDUMP 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
if ! dig -p $PORT @127.0.0.1 www.example.test +short +time=2 +tries=1 >/dev/null 2>&1; then
	skip "bind: named does not answer on port $PORT"; exit 0
fi
TCPDUMP=
if command -v tcpdump >/dev/null 2>&1; then
	tcpdump -i lo -w lo.pcap -U "udp port $PORT" >tcpdump.out 2>&1 &
	TCPDUMP=$!
	sleep 1
	kill -0 $TCPDUMP 2>/dev/null || TCPDUMP=
fi
sleep 1 # the warm-up query above is logged before "sent" starts
: > ns/queries.log
echo "time,client,qname,qtype" > sent.csv
for src in 2 3 4; do
	n=$((src * 2))
	k=0
	while [ $k -lt $n ]; do
		name=www.example.test; [ $((k % 2)) -eq 1 ] && name=mail.example.test
		echo "$(date -u +%Y-%m-%dT%H:%M:%S.%NZ),127.0.0.$src,$name,A" >> sent.csv
		dig -b 127.0.0.$src -p $PORT @127.0.0.1 $name A +short +time=2 +tries=1 >/dev/null 2>&1
		k=$((k + 1))
	done
done
sleep 1
stop_named
[ -n "$TCPDUMP" ] && { sleep 0.5; kill $TCPDUMP 2>/dev/null; wait $TCPDUMP 2>/dev/null; }
cp ns/queries.log queries.log

new_case c || { notok "bind: make case"; exit 1; }
expect_exit 0 "bind: ingest the query log" custody ingest c --key key --tz UTC --json queries.log
contains "bind: detected as bind" "$T/out" '"format":"bind"'
contains "bind: 18 queries" "$T/out" '"dns_messages":18'
for src in 2 3 4; do
	got=$(sqlite3 c/case.db "SELECT count(*) FROM dns_message WHERE src = '127.0.0.$src' AND qr = 0")
	check "bind: 127.0.0.$src sent $((src * 2)), log has $got" test "$got" -eq $((src * 2))
done
expect_exit 0 "bind: ingest what was sent" custody ingest c --key key --format csv --json sent.csv
# corroboration through the fixed query (library: custody_corroborate; it
# selects evidence with custody's evidence_is(), so custody runs it)
corr=$(custody query c corroborate -p evidence_a=1 -p evidence_b=2 -p tolerance_ms=2000 \
	--json | sed 's/.*"rows":\[\[\([^]]*\)\]\].*/\1/')
check "bind: log and sent list match one to one ($corr)" test "${corr%%,*}" = 18
check "bind: nothing only in one of them ($corr)" test "$(echo "$corr" | cut -d',' -f2,3)" = "0,0"
expect_exit 0 "bind: lint of the case runs" custody lint c
contains "bind: lint reports the agreement" "$T/out" "[agree] all 18 lookups match"
expect_exit 0 "bind: verify --deep" custody verify c --deep

if [ -z "$TCPDUMP" ] || [ ! -s lo.pcap ]; then
	skip "bind: capture half: tcpdump could not capture on lo"
elif custody ingest c --key key --format pcap --dns-port $PORT lo.pcap >pcap.out 2>&1; then
	got=$(sqlite3 c/case.db "SELECT count(*) FROM dns_message WHERE evidence_id = 3 AND qr = 0 AND src LIKE '127.0.0.%' AND src <> '127.0.0.1'")
	check "bind: capture holds the 18 queries ($got)" test "$got" -eq 18
	corr=$(custody query c corroborate -p evidence_a=1 -p evidence_b=3 -p tolerance_ms=2000 \
		--json | sed 's/.*"rows":\[\[\([^]]*\)\]\].*/\1/')
	check "bind: log and capture match one to one ($corr)" test "${corr%%,*}" = 18
else
	skip "bind: capture half: this tree cannot ingest pcap yet ($(head -c 120 pcap.out))"
fi

# Unbound, the same way
if ! command -v unbound >/dev/null 2>&1; then
	skip "unbound: not installed"; exit 0
fi
UPORT=$((PORT + 1))
mkdir ub
cat > ub/unbound.conf <<CONF
server:
  interface: 127.0.0.1@$UPORT
  port: $UPORT
  do-ip6: no
  username: ""
  chroot: ""
  directory: "$T/ub"
  pidfile: "$T/ub/unbound.pid"
  logfile: "$T/ub/unbound.log"
  use-syslog: no
  log-queries: yes
  log-replies: yes
  verbosity: 0
  access-control: 127.0.0.0/8 allow
  local-zone: "example.test." static
  local-data: "www.example.test. 300 IN A 192.0.2.1"
remote-control:
  control-enable: no
CONF
if ! unbound -c "$T/ub/unbound.conf" >ub/start.out 2>&1; then
	skip "unbound: did not start ($(head -c 200 ub/start.out))"; exit 0
fi
i=0; while [ ! -s ub/unbound.pid ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
for src in 5 6; do
	k=0
	while [ $k -lt $src ]; do
		dig -b 127.0.0.$src -p $UPORT @127.0.0.1 www.example.test A +short +time=2 +tries=1 >/dev/null 2>&1
		k=$((k + 1))
	done
done
sleep 0.5
kill "$(cat ub/unbound.pid)" 2>/dev/null
sleep 0.3
cp ub/unbound.log unbound.log
expect_exit 0 "unbound: ingest the log" custody ingest c --key key --json unbound.log
contains "unbound: detected" "$T/out" '"format":"unbound"'
for src in 5 6; do
	got=$(sqlite3 c/case.db "SELECT count(*) FROM dns_message m JOIN evidence e ON e.id = m.evidence_id WHERE e.format = 'unbound' AND src = '127.0.0.$src' AND qr = 0")
	check "unbound: 127.0.0.$src sent $src, log has $got queries" test "$got" -eq "$src"
	got=$(sqlite3 c/case.db "SELECT count(*) FROM dns_message m JOIN evidence e ON e.id = m.evidence_id WHERE e.format = 'unbound' AND dst = '127.0.0.$src' AND qr = 1")
	check "unbound: and $got replies to it" test "$got" -eq "$src"
done
