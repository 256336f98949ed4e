# dnstap.sh: a real BIND 9 with dnstap to a file and query logging, a
# capture of the same traffic (tcpdump on lo), queries with dig -b from
# several loopback sources; the dnstap file, the query log and the capture
# must give the same queries per source, dnstap-read must agree with
# custody on every frame, and corroborate must match the dnstap record
# to the log and to the capture one to one. Then Unbound's dnstap through
# fstrm_capture the same way, BIND's large-answer.fstrm against
# dnstap-read, and the bad inputs (a cut file, --strict, gzip). Skips
# with a message when a server cannot start.
. "$TOP/tests/e2e/lib.sh"

need_cmd named "dnstap: named" || exit 0
need_cmd dig "dnstap: dig" || exit 0
need_cmd dnstap-read "dnstap: dnstap-read (bind9-dnsutils)" || exit 0
if ! named -V 2>/dev/null | grep -q enable-dnstap; then
	skip "dnstap: this named was built without dnstap"; exit 0
fi
PORT=$((20000 + ($$ * 7) % 20000))
mkdir ns
cat > ns/named.conf <<CONF
options { directory "$T/ns"; listen-on port $PORT { 127.0.0.1; }; listen-on-v6 { none; };
	pid-file "$T/ns/named.pid"; recursion no; allow-query { any; }; dnssec-validation no;
	dnstap { auth; }; dnstap-output file "$T/ns/dnstap.fstrm"; dnstap-identity "ns-test"; };
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
TCPDUMP=
stop_all() {
	[ -s "$T/ns/named.pid" ] && kill "$(cat "$T/ns/named.pid")" 2>/dev/null
	[ -s "$T/ub/unbound.pid" ] && kill "$(cat "$T/ub/unbound.pid")" 2>/dev/null
	[ -s "$T/ub/capture.pid" ] && kill "$(cat "$T/ub/capture.pid")" 2>/dev/null
	[ -n "$TCPDUMP" ] && kill "$TCPDUMP" 2>/dev/null
}
trap 'stop_all; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
if command -v tcpdump >/dev/null 2>&1; then
	tcpdump -i lo -w lo.pcap -U "port $PORT" >tcpdump.out 2>&1 &
	TCPDUMP=$!
	sleep 1
	kill -0 $TCPDUMP 2>/dev/null || TCPDUMP=
fi
if ! named -c "$T/ns/named.conf" -u "$(id -un)" -n 1 >ns/start.out 2>&1; then
	skip "dnstap: named did not start ($(head -c 200 ns/start.out))"; exit 0
fi
i=0; while [ ! -s ns/named.pid ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if ! dig -b 127.0.0.9 -p $PORT @127.0.0.1 www.example.test +short +time=2 +tries=1 >/dev/null 2>&1; then
	skip "dnstap: named does not answer on port $PORT"; exit 0
fi
# sources 2, 3, 4 send 4, 6, 8 queries, alternating names; source 4's
# last two go over TCP
for src in 2 3 4; do
	n=$((src * 2))
	k=0
	while [ $k -lt $n ]; do
		name=www.example.test; [ $((k % 2)) -eq 1 ] && name=mail.example.test
		tcp=; [ $src -eq 4 ] && [ $k -ge $((n - 2)) ] && tcp=+tcp
		dig -b 127.0.0.$src -p $PORT @127.0.0.1 $name A +short +time=2 +tries=1 $tcp \
		    >/dev/null 2>&1
		k=$((k + 1))
	done
done
sleep 1
kill "$(cat ns/named.pid)" 2>/dev/null
i=0; while kill -0 "$(cat ns/named.pid 2>/dev/null)" 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1)); done
[ -n "$TCPDUMP" ] && { sleep 0.5; kill $TCPDUMP 2>/dev/null; wait $TCPDUMP 2>/dev/null; TCPDUMP=; }
cp ns/dnstap.fstrm bind.fstrm
cp ns/queries.log queries.log

new_case c || { notok "dnstap: make case"; exit 1; }
expect_exit 0 "dnstap: ingest BIND's dnstap file (detected)" custody ingest c --key key --json bind.fstrm
contains "dnstap: detected as dnstap" "$T/out" '"format":"dnstap"'
contains "dnstap: nothing skipped" "$T/out" '"skipped":{}'
# the oracle: dnstap-read's one line per frame, AQ lines per source
TZ=UTC dnstap-read bind.fstrm > read.txt
frames=$(wc -l < read.txt)
got=$(sqlite3 c/case.db "SELECT count(*) FROM dns_message WHERE evidence_id = 1")
check "dnstap: one message per frame, as dnstap-read lists ($got, $frames)" test "$got" -eq "$frames"
for src in 2 3 4 9; do
	want=$(grep -c " AQ 127\.0\.0\.$src:" read.txt)
	got=$(sqlite3 c/case.db "SELECT count(*) FROM dns_message WHERE evidence_id = 1 AND qr = 0 AND src = '127.0.0.$src' AND log_flags = 'AQ'")
	check "dnstap: 127.0.0.$src: $got queries, dnstap-read $want" test "$got" -eq "$want"
done
for src in 2 3 4; do
	got=$(sqlite3 c/case.db "SELECT count(*) FROM dns_message WHERE evidence_id = 1 AND qr = 0 AND src = '127.0.0.$src'")
	check "dnstap: 127.0.0.$src sent $((src * 2)), dnstap has $got" test "$got" -eq $((src * 2))
done
want=$(grep -c ' AQ .* TCP ' read.txt)
got=$(sqlite3 c/case.db "SELECT count(*) FROM dns_message WHERE evidence_id = 1 AND qr = 0 AND transport = 'tcp'")
check "dnstap: TCP queries $got, dnstap-read $want" test "$got" -eq "$want" -a "$got" -eq 2
# each frame's time to the millisecond, as dnstap-read prints it
sqlite3 c/case.db "SELECT strftime('%d-%H:%M:%S', time_ns / 1000000000, 'unixepoch') || '.' || printf('%03d', time_ns / 1000000 % 1000) FROM dns_message WHERE evidence_id = 1 ORDER BY loc_index" > ours.times
awk '{ split($1, d, "-"); print d[1] "-" $2 }' read.txt > theirs.times
check "dnstap: every frame's time is dnstap-read's" cmp -s ours.times theirs.times
check "dnstap: the identity is the server" test "$(sqlite3 c/case.db "SELECT DISTINCT server FROM dns_message WHERE evidence_id = 1")" = ns-test

expect_exit 0 "dnstap: ingest the query log" custody ingest c --key key --tz UTC --json queries.log
for src in 2 3 4; do
	got=$(sqlite3 c/case.db "SELECT count(*) FROM dns_message WHERE evidence_id = 2 AND qr = 0 AND src = '127.0.0.$src'")
	check "dnstap: the query log has $got from 127.0.0.$src" test "$got" -eq $((src * 2))
done
corr=$(custody query c corroborate -p evidence_a=1 -p evidence_b=2 -p tolerance_ms=2000 --json |
	sed 's/.*"rows":\[\[\([^]]*\)\]\].*/\1/')
check "dnstap: dnstap and query log match one to one ($corr)" test "$(echo "$corr" | cut -d, -f1-3)" = "19,0,0"

if [ ! -s lo.pcap ]; then
	skip "dnstap: capture half: tcpdump could not capture on lo"
else
	expect_exit 0 "dnstap: ingest the capture" custody ingest c --key key --format pcap --dns-port $PORT lo.pcap
	for src in 2 3 4; do
		got=$(sqlite3 c/case.db "SELECT count(*) FROM dns_message WHERE evidence_id = 3 AND qr = 0 AND src = '127.0.0.$src'")
		check "dnstap: the capture has $got from 127.0.0.$src" test "$got" -eq $((src * 2))
	done
	corr=$(custody query c corroborate -p evidence_a=1 -p evidence_b=3 -p tolerance_ms=2000 --json |
		sed 's/.*"rows":\[\[\([^]]*\)\]\].*/\1/')
	check "dnstap: dnstap and capture match one to one ($corr)" test "$(echo "$corr" | cut -d, -f1-3)" = "19,0,0"
	# the capture's responses are the dnstap AR frames' when BIND logs them
	if [ "$(grep -c ' AR ' read.txt)" -gt 0 ]; then
		want=$(grep -c ' AR ' read.txt)
		got=$(sqlite3 c/case.db "SELECT count(*) FROM dns_message WHERE evidence_id = 3 AND qr = 1")
		check "dnstap: $want AR frames, $got responses captured" test "$got" -eq "$want"
	fi
fi
expect_exit 0 "dnstap: verify --deep" custody verify c --deep

# bad input: a cut file is read up to the cut, and refused under --strict
size=$(wc -c < bind.fstrm)
head -c $((size - 20)) bind.fstrm > cut.fstrm
before=$(case_state c)
expect_exit 2 "dnstap: --strict refuses a cut file" custody ingest c --key key --strict cut.fstrm
contains "dnstap: the refusal names the frame" "$T/err" "truncated frame"
check "dnstap: the refusal changed nothing" test "$(case_state c)" = "$before"
expect_exit 0 "dnstap: a cut file is read up to the cut" custody ingest c --key key --json cut.fstrm
contains "dnstap: the cut frame is counted" "$T/out" '"truncated frame":1'
# compressed: the same records, the same parse digest
d1=$(sqlite3 c/case.db "SELECT parse_digest FROM evidence WHERE id = 1")
gzip -n -c bind.fstrm > bind.fstrm.gz
expect_exit 0 "dnstap: ingest it gzip-compressed" custody ingest c --key key --json bind.fstrm.gz
contains "dnstap: compressed, same digest" "$T/out" "\"parse_digest\":\"$d1\""
contains "dnstap: compressed, recorded as gzip" "$T/out" '"compression":"gzip"'

# BIND's own test file against dnstap-read
if need_shared "dnstap: large-answer.fstrm"; then
	LA=$SHARED/dns-pcaps/bind9/large-answer.fstrm
	expect_exit 0 "dnstap: large-answer.fstrm" custody ingest c --key key --strict --json "$LA"
	dnstap-read -y "$LA" > la.yaml
	dnstap-read -p "$LA" > la.txt
	id=$(sqlite3 c/case.db "SELECT id FROM evidence WHERE original_name = 'large-answer.fstrm'")
	check "dnstap: large-answer: 48 answers, as dnstap-read -p" test \
	    "$(sqlite3 c/case.db "SELECT count(*) FROM dns_answer WHERE evidence_id = $id AND section = 1")" \
	    -eq "$(grep -c '	IN	A	' la.txt)"
	check "dnstap: large-answer: the query port is the destination" test \
	    "$(sqlite3 c/case.db "SELECT dport FROM dns_message WHERE evidence_id = $id")" = \
	    "$(sed -n 's/^ *query_port: //p' la.yaml)"
	check "dnstap: large-answer: message id" test \
	    "$(sqlite3 c/case.db "SELECT dns_id FROM dns_message WHERE evidence_id = $id")" = \
	    "$(sed -n 's/^ *id: //p' la.yaml)"
	check "dnstap: large-answer: AUTH_RESPONSE" test \
	    "$(sqlite3 c/case.db "SELECT log_flags FROM dns_message WHERE evidence_id = $id")" = AR
fi
expect_exit 0 "dnstap: verify --deep after all of it" custody verify c --deep

# Unbound, its dnstap through fstrm_capture
if ! command -v unbound >/dev/null 2>&1 || ! command -v fstrm_capture >/dev/null 2>&1; then
	skip "dnstap: unbound half: unbound or fstrm_capture (fstrm-bin) is not installed"; exit 0
fi
UPORT=$((PORT + 1))
mkdir ub
fstrm_capture -t protobuf:dnstap.Dnstap -u "$T/ub/dnstap.sock" -w "$T/ub/unbound.fstrm" \
    >ub/capture.out 2>&1 &
echo $! > ub/capture.pid
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
  verbosity: 1
  access-control: 127.0.0.0/8 allow
  local-zone: "example.test." static
  local-data: "www.example.test. 300 IN A 192.0.2.1"
remote-control:
  control-enable: no
dnstap:
  dnstap-enable: yes
  dnstap-socket-path: "$T/ub/dnstap.sock"
  dnstap-send-identity: yes
  dnstap-identity: "ub-test"
  dnstap-log-client-query-messages: yes
  dnstap-log-client-response-messages: yes
CONF
i=0; while [ ! -S ub/dnstap.sock ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
if command -v tcpdump >/dev/null 2>&1; then
	tcpdump -i lo -w ub.pcap -U "port $UPORT" >ub/tcpdump.out 2>&1 &
	TCPDUMP=$!
	sleep 1
	kill -0 $TCPDUMP 2>/dev/null || TCPDUMP=
fi
if ! unbound -c "$T/ub/unbound.conf" >ub/start.out 2>&1; then
	skip "dnstap: unbound did not start ($(head -c 200 ub/start.out))"; exit 0
fi
i=0; while [ ! -s ub/unbound.pid ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
# Unbound connects to the socket on its own schedule (its I/O thread says
# so at verbosity 1): wait for it, so that no frame waits in its queue
i=0; while ! grep -q 'dnstap io: connected' ub/unbound.log 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1)); done
for src in 5 6; do
	k=0
	while [ $k -lt $src ]; do
		dig -b 127.0.0.$src -p $UPORT @127.0.0.1 www.example.test A +short +time=2 +tries=1 >/dev/null 2>&1
		k=$((k + 1))
	done
done
sleep 1
kill "$(cat ub/unbound.pid)" 2>/dev/null
[ -n "$TCPDUMP" ] && { sleep 0.5; kill $TCPDUMP 2>/dev/null; wait $TCPDUMP 2>/dev/null; TCPDUMP=; }
sleep 1
kill "$(cat ub/capture.pid)" 2>/dev/null
i=0; while kill -0 "$(cat ub/capture.pid)" 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
cp ub/unbound.fstrm unbound.fstrm 2>/dev/null
cp ub/unbound.log unbound.log
if [ "$(dnstap-read unbound.fstrm 2>/dev/null | wc -l)" -eq 0 ]; then
	skip "dnstap: unbound half: unbound logged no frames to fstrm_capture ($(head -c 160 ub/capture.out))"
	exit 0
fi
expect_exit 0 "dnstap: ingest Unbound's dnstap (fstrm_capture)" custody ingest c --key key --json unbound.fstrm
contains "dnstap: unbound's file is dnstap" "$T/out" '"format":"dnstap"'
ue=$(sqlite3 c/case.db "SELECT max(id) FROM evidence")
TZ=UTC dnstap-read unbound.fstrm > ub.txt
for src in 5 6; do
	want=$(grep -c " CQ 127\.0\.0\.$src:" ub.txt)
	got=$(sqlite3 c/case.db "SELECT count(*) FROM dns_message WHERE evidence_id = $ue AND qr = 0 AND src = '127.0.0.$src' AND log_flags = 'CQ'")
	check "dnstap: unbound: 127.0.0.$src sent $src, dnstap has $got, dnstap-read $want" test "$got" -eq "$src" -a "$want" -eq "$src"
	got=$(sqlite3 c/case.db "SELECT count(*) FROM dns_message WHERE evidence_id = $ue AND qr = 1 AND dst = '127.0.0.$src' AND log_flags = 'CR'")
	check "dnstap: unbound: and $got responses to it" test "$got" -eq "$src"
done
expect_exit 0 "dnstap: ingest Unbound's query log" custody ingest c --key key --format unbound --json unbound.log
ul=$(sqlite3 c/case.db "SELECT max(id) FROM evidence")
for src in 5 6; do
	got=$(sqlite3 c/case.db "SELECT count(*) FROM dns_message WHERE evidence_id = $ul AND qr = 0 AND src = '127.0.0.$src'")
	check "dnstap: unbound's log has $got from 127.0.0.$src" test "$got" -eq "$src"
done
# Unbound's log keeps whole seconds, which corroborate cannot pair one by
# one; the capture of the same traffic can be.
if [ ! -s ub.pcap ]; then
	skip "dnstap: unbound capture: tcpdump could not capture on lo"
else
	expect_exit 0 "dnstap: ingest the capture of Unbound's traffic" custody ingest c --key key --format pcap --dns-port $UPORT ub.pcap
	up=$(sqlite3 c/case.db "SELECT max(id) FROM evidence")
	for src in 5 6; do
		got=$(sqlite3 c/case.db "SELECT count(*) FROM dns_message WHERE evidence_id = $up AND qr = 0 AND src = '127.0.0.$src'")
		check "dnstap: unbound's capture has $got from 127.0.0.$src" test "$got" -eq "$src"
	done
	corr=$(custody query c corroborate -p evidence_a=$ue -p evidence_b=$up -p tolerance_ms=2000 --json |
		sed 's/.*"rows":\[\[\([^]]*\)\]\].*/\1/')
	check "dnstap: unbound's dnstap and the capture match one to one ($corr)" test "$(echo "$corr" | cut -d, -f1-3)" = "11,0,0"
fi
expect_exit 0 "dnstap: verify --deep with Unbound's file" custody verify c --deep
