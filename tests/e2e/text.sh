# text.sh: every text format ingested from the fixtures in tests/data/text,
# with its detection, its skips counted by reason, verify --deep, and bad
# input: binary garbage, a 100 MB line, a truncated final line, UTF-16,
# CRLF, an empty file; --strict refuses with exit 2 and changes nothing.
. "$TOP/tests/e2e/lib.sh"
D=$TOP/tests/data/text

new_case c || { notok "make case"; exit 1; }
ing() { # NAME WANT-FORMAT ARGS...
	_n=$1 _f=$2; shift 2
	expect_exit 0 "$_n: ingest" custody ingest c --key key --json "$@"
	contains "$_n: format $_f" "$T/out" "\"format\":\"$_f\""
}
ing "bind" bind "$D/bind-918.log"
contains "bind: skipped lines counted by reason" "$T/out" '"not a query line":1'
ing "unbound" unbound "$D/unbound.log"
contains "unbound: 4 messages" "$T/out" '"dns_messages":4'
ing "unbound ascii" unbound --year 2016 "$D/unbound-ascii.log"
expect_exit 2 "dnsmasq without --year is refused" custody ingest c --key key "$D/dnsmasq.log"
contains "dnsmasq without --year: message" "$T/err" "give --year"
ing "dnsmasq" dnsmasq --year 2016 "$D/dnsmasq.log"
ing "zeek tsv" zeek "$D/zeek-dns.log"
ing "zeek json" zeek "$D/zeek-dns.json"
ing "csv" csv "$D/claimed.csv"
expect_exit 2 "csv without offset needs --tz" custody ingest c --key key "$D/local-ny.csv"
contains "csv without offset: message" "$T/err" "give --tz ZONE"
ing "csv with --tz" csv --tz America/New_York "$D/local-ny.csv"
contains "csv: DST hours flagged" "$T/out" "repeated hour at a DST change"
ing "published 2016 form" csv --format csv --columns time=1,client=2,qname=3,qtype=4 "$D/ns1_cdcservices_com.log"
contains "published 2016 form: 3 rows" "$T/out" '"records":3'
ing "orgmap" orgmap "$D/orgmap.csv"
ing "events" events "$D/events.csv"
sqlite3 c/case.db "SELECT line FROM events" > log.txt
contains "the year used is in the custody log" log.txt '"year":2016'
contains "the zone used is in the custody log" log.txt '"tz":"America/New_York"'
expect_exit 0 "verify --deep re-parses every format" custody verify c --deep

# bad input
before=$(case_state c)
unchanged() { if [ "$(case_state c)" = "$before" ]; then ok "$1: case unchanged"; else notok "$1: case changed"; fi; }
# not a newline first: one random file in 256 starts with one, its first
# line is then empty and the first failure is line 2
{ printf 'G'; head -c 4095 /dev/urandom; } > garbage.bin
expect_exit 2 "binary garbage: refused" custody ingest c --key key --format bind garbage.bin
contains "binary garbage: locator" "$T/err" "line 1, byte"
unchanged "binary garbage"
printf '\377\376' > utf16.log; printf 'time,client,qname\n' | sed 's/./&\x00/g' >> utf16.log
expect_exit 2 "UTF-16: refused" custody ingest c --key key --format csv utf16.log
contains "UTF-16: message" "$T/err" "UTF-16LE"
unchanged "UTF-16"
# without a byte order mark: NUL in every other byte, after or before
printf 'time,client,qname\n' | sed 's/./&\x00/g' > utf16le.log
expect_exit 2 "UTF-16LE, no mark: refused" custody ingest c --key key --format csv utf16le.log
contains "UTF-16LE, no mark: message" "$T/err" "UTF-16LE (no byte order mark"
printf 'time,client,qname\n' | sed 's/./\x00&/g' > utf16be.log
expect_exit 2 "UTF-16BE, no mark: refused" custody ingest c --key key --format csv utf16be.log
contains "UTF-16BE, no mark: message" "$T/err" "UTF-16BE (no byte order mark"
unchanged "UTF-16, no mark"
: > empty.log
expect_exit 2 "empty file, --strict: refused" custody ingest c --key key --format bind --strict empty.log
contains "empty file: message" "$T/err" "empty file"
unchanged "empty file --strict"
expect_exit 0 "empty file, default: ingested with no records" custody ingest c --key key --format bind --json empty.log
contains "empty file: noted" "$T/out" '"records":0'
before=$(case_state c)
{ sed -n 1,2p "$D/bind-918.log"; head -c 104857600 /dev/zero | tr '\0' 'x'; echo; sed -n 3p "$D/bind-918.log"; } > long.log
expect_exit 0 "100 MB line: skipped, the rest kept" custody ingest c --key key --format bind --json long.log
contains "100 MB line: reason" "$T/out" '"line too long":1'
contains "100 MB line: 3 records" "$T/out" '"records":3'
before=$(case_state c)
echo >> long.log
expect_exit 2 "100 MB line, --strict: refused" custody ingest c --key key --format bind --strict long.log
contains "100 MB line, --strict: line and byte" "$T/err" "long.log:3: byte"
unchanged "100 MB line --strict"
sed -n 1,3p "$D/bind-918.log" > trunc.log; sed -n 4p "$D/bind-918.log" | head -c 60 >> trunc.log
expect_exit 0 "truncated final line: skipped" custody ingest c --key key --format bind --json trunc.log
contains "truncated final line: reason" "$T/out" '"truncated final line (no newline)":1'
before=$(case_state c)
sed -n 1,3p "$D/bind-918.log" > trunc2.log; sed -n 4p "$D/bind-918.log" | head -c 70 >> trunc2.log
expect_exit 2 "truncated final line, --strict" custody ingest c --key key --format bind --strict trunc2.log
contains "truncated final line, --strict: locator" "$T/err" "trunc2.log:4: byte"
unchanged "truncated final line --strict"
sed -n 1,3p "$D/bind-918.log" | sed 's/$/\r/' > crlf.log
expect_exit 0 "CRLF: read" custody ingest c --key key --format bind --json crlf.log
contains "CRLF: 3 records" "$T/out" '"records":3'
expect_exit 0 "verify --deep after bad input" custody verify c --deep
