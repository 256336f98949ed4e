# pdns.sh: passive DNS in the Common Output Format (format pdns). Its rows
# against jq's reading of the same file; the resolution queries answering
# from passive DNS and naming it; a claim that counts lookups UNTESTABLE
# on passive DNS alone (aggregates are not lookups); the same case with a
# capture's answers, where the later source wins and is named; the bad
# lines (a missing member, a time before 1990) counted with their lines,
# and refused under --strict with nothing changed.
. "$TOP/tests/e2e/lib.sh"

need_cmd jq "pdns" || exit 0
D=$TOP/tests/data/text
new_case c || { notok "pdns: make case"; exit 1; }
expect_exit 0 "pdns: the COF fixture (detected)" custody ingest c --key key --source pdns --json "$D/pdns.json"
contains "pdns: detected" "$T/out" '"format":"pdns"'
contains "pdns: no DNS messages" "$T/out" '"dns_messages":0'
# jq's count of values: one row per rdata value, arrays flattened
want=$(jq -s '[.[] | (.rdata | if type == "array" then length else 1 end)] | add' "$D/pdns.json")
got=$(sqlite3 c/case.db "SELECT count(*) FROM pdns")
check "pdns: $got rows, jq counts $want values" test "$got" -eq "$want"
want=$(jq -r 'select(.rrname == "mail1.trump-email.com" and .rrtype == "A") | "\(.time_first) \(.time_last) \(.count)"' "$D/pdns.json")
got=$(sqlite3 c/case.db "SELECT (time_first_ns / 1000000000) || ' ' || (time_last_ns / 1000000000) || ' ' || count FROM pdns WHERE rrname = 'mail1.trump-email.com' AND rrtype = 1")
check "pdns: times and count as jq reads them ($got)" test "$got" = "$want"
check "pdns: names without the final dot" test \
    "$(sqlite3 c/case.db "SELECT group_concat(rdata, ' ') FROM (SELECT rdata FROM pdns WHERE rrtype = 2 ORDER BY rdata)")" = \
    "ns1.contact-client.com ns2.contact-client.com"

cat > claims.ini <<'INI'
[claim P1]
text   = The name stopped resolving on 23 Sep 2016
source = test
query  = resolution_status
host   = mail1.trump-email.com
column = last_answer
expect = between 2016-09-23 2016-09-23

[claim P2]
text   = The new name appeared four days later
source = test
query  = gap_days
host_a = mail1.trump-email.com
host_b = trump1.contact-client.com
expect = 4 +- 0

[claim P3]
text   = 2,820 lookups of the name
source = test
query  = lookup_count
host   = mail1.trump-email.com
expect = == 2820
INI
expect_exit 0 "pdns: resolution_status on passive DNS" custody query c resolution_status -p host=mail1.trump-email.com --json
contains "pdns: last seen 2016-09-23" "$T/out" '"2016-09-23T00:00:00Z"'
contains "pdns: named as passive DNS" "$T/out" '"passive DNS"]'
expect_exit 0 "pdns: gap_days on passive DNS" custody query c gap_days -p host_a=mail1.trump-email.com -p host_b=trump1.contact-client.com --json
contains "pdns: four days, both from passive DNS" "$T/out" '[[4,"2016-09-23T00:00:00Z","2016-09-27T00:00:00Z","passive DNS","passive DNS"]]'
custody claims c claims.ini --json > claims.out 2>claims.err
verdict() { jq -r ".claims[] | select(.id == \"$1\") | .verdict" claims.out; }
check "pdns: the stop date is SUPPORTED by passive DNS" test "$(verdict P1)" = SUPPORTED
check "pdns: the four days are SUPPORTED" test "$(verdict P2)" = SUPPORTED
check "pdns: a lookup count is UNTESTABLE on passive DNS" test "$(verdict P3)" = UNTESTABLE
check "pdns: and says aggregates are not lookups" sh -c \
    "jq -r '.claims[] | select(.id == \"P3\") | .reason' claims.out | grep -q 'never counted as lookups'"
check "pdns: the count of 2,820 in the passive DNS is not a lookup figure" test \
    "$(jq -r '.claims[] | select(.id == "P3") | .observed' claims.out)" = null

# with answers in the case: the later source gives last_answer, and is named
if need_shared "pdns: a capture beside it"; then
	expect_exit 0 "pdns: a capture" custody ingest c --key key --source capture "$SHARED/dns-pcaps/tcpdump/dns_udp.pcap"
	expect_exit 0 "pdns: resolution_status of the captured name" custody query c resolution_status -p host=www.tcpdump.org --json
	contains "pdns: from the capture's responses" "$T/out" '"responses"]'
	contains "pdns: one NOERROR answer counted" "$T/out" ',1,0,0,0,'
	expect_exit 0 "pdns: passive DNS alone still answers" custody query c resolution_status -p host=mail1.trump-email.com -p evidence=pdns --json
	contains "pdns: named" "$T/out" '"passive DNS"]'
fi
expect_exit 0 "pdns: verify --deep" custody verify c --deep

# bad lines
cp "$D/pdns.json" bad.json
echo '{"rrname":"x.example","rrtype":"A","rdata":"192.0.2.1","time_first":0,"time_last":1474588800}' >> bad.json
echo '{"rrname":"x.example","rrtype":"A","time_first":1474588800,"time_last":1474588800}' >> bad.json
before=$(case_state c)
expect_exit 2 "pdns: --strict refuses a time before 1990" custody ingest c --key key --strict bad.json
contains "pdns: names the line" "$T/err" "bad.json:5: byte"
contains "pdns: and why" "$T/err" "time before 1990"
check "pdns: nothing changed" test "$(case_state c)" = "$before"
expect_exit 0 "pdns: without --strict the lines are skipped" custody ingest c --key key --json bad.json
contains "pdns: the 1990 line counted" "$T/out" '"time before 1990":1'
contains "pdns: the line without rdata counted" "$T/out" '"missing field":1'
check "pdns: and the good lines kept" test "$(sqlite3 c/case.db "SELECT records FROM evidence WHERE original_name = 'bad.json'")" -eq 5
