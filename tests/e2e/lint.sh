# lint.sh: custody lint on files and on a case: findings with severity and
# locator, --json, exit 1 on errors, 2 on bad usage.
. "$TOP/tests/e2e/lib.sh"
D=$TOP/tests/data/text

expect_exit 0 "clean log: exit 0" custody lint "$D/unbound-ascii.log" --year 2016
expect_exit 0 "published form: warnings only" custody lint --format csv --columns time=1,client=2,qname=3,qtype=4 "$D/ns1_cdcservices_com.log"
contains "duplicate line found with its locator" "$T/out" "ns1_cdcservices_com.log:2: byte 62: warning: [duplicate]"
expect_exit 0 "out of order" custody lint "$D/claimed.csv"
contains "order: locator" "$T/out" "claimed.csv:4: byte 148: warning: [order]"
{ echo "time,client,qname,qtype,rcode"; echo "2016-09-23T13:56:29Z,217.12.96.15,a.example,A,NOERROR";
  echo "2016-09-23T13:56:30Z,217.12.96.15,b.example,A,77"; } > bad.csv
expect_exit 1 "unknown rcode is an error: exit 1" custody lint bad.csv
contains "unknown rcode: message" "$T/out" "bad.csv:3: byte"
expect_exit 1 "--json" custody lint --json bad.csv
contains "--json: severity" "$T/out" '"severity":"error","check":"impossible"'
contains "--json: counts" "$T/out" '"errors":1'
printf 'time,client,qname\r\n2016-09-23T13:56:29Z,1.2.3.4,a.example\n' > mixed.csv
expect_exit 0 "mixed endings" custody lint mixed.csv
contains "mixed endings: warning" "$T/out" "[line-endings] mixed line endings"
printf '\377\376t\000i\000m\000e\000,\000q\000n\000a\000m\000e\000\n\000' > u16.csv
expect_exit 1 "UTF-16: error" custody lint --format csv u16.csv
contains "UTF-16: encoding" "$T/out" "[encoding]"
expect_exit 2 "bad usage: exit 2" custody lint --format nosuch x
expect_exit 2 "missing file: exit 2" custody lint nosuch.log
new_case c || { notok "make case"; exit 1; }
custody ingest c --key key "$D/bind-918.log" "$D/claimed.csv" >/dev/null 2>&1
expect_exit 0 "case: exit 0" custody lint c
contains "case: cross-source finding" "$T/out" "[disagree]"
