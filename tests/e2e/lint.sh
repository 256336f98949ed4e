# lint.sh: custody lint on files and on a case: findings with severity and
# locator, the summary after them, --json (paths as given, SHA-256 of each
# file, null for a missing line, reasons as an object), --fail-on, exit 1
# on errors, 2 on bad usage; a binary file reported once; captures spoken
# of in packets; and the model checks on the seeded corpus (the holes the
# issue names, a quiet night left alone, an edit found in a case).
. "$TOP/tests/e2e/lib.sh"
D=$TOP/tests/data/text

expect_exit 0 "clean log: exit 0" custody lint "$D/unbound-ascii.log" --year 2016
expect_exit 0 "published form: warnings only" custody lint --format csv --columns time=1,client=2,qname=3,qtype=4 "$D/ns1_cdcservices_com.log"
contains "duplicate line found with its locator" "$T/out" "ns1_cdcservices_com.log:2: byte 62: warning: [duplicate]"
contains "the path as given" "$T/out" "$D/ns1_cdcservices_com.log:2:"
last=$(tail -n 1 "$T/out")
case $last in
*" error(s), "*" warning(s), "*" note(s)") ok "the summary comes after the findings, on stdout" ;;
*) notok "the summary comes after the findings, on stdout (last line: $last)" ;;
esac
expect_exit 1 "--fail-on warning: exit 1 on warnings" custody lint --fail-on warning --format csv --columns time=1,client=2,qname=3,qtype=4 "$D/ns1_cdcservices_com.log"
expect_exit 1 "--fail-on note: exit 1 on a note" custody lint --fail-on note "$D/unbound-ascii.log" --year 2016
expect_exit 0 "--fail-on error: notes and warnings pass" custody lint --fail-on error --format csv --columns time=1,client=2,qname=3,qtype=4 "$D/ns1_cdcservices_com.log"
expect_exit 2 "--fail-on nonsense: exit 2" custody lint --fail-on sometimes "$D/unbound-ascii.log"
expect_exit 0 "out of order" custody lint "$D/claimed.csv"
contains "order: locator" "$T/out" "claimed.csv:4: byte 148: warning: [order]"
{ echo "time,client,qname,qtype,rcode"; echo "2016-09-23T13:56:29Z,217.12.96.15,a.example,A,NOERROR";
  echo "2016-09-23T13:56:30Z,217.12.96.15,b.example,A,77"; } > bad.csv
expect_exit 1 "unknown rcode is an error: exit 1" custody lint bad.csv
contains "unknown rcode: message" "$T/out" "bad.csv:3: byte"
expect_exit 1 "--json" custody lint --json bad.csv
contains "--json: severity" "$T/out" '"severity":"error","check":"impossible"'
contains "--json: counts" "$T/out" '"errors":1'
contains "--json: the file's SHA-256" "$T/out" "\"file\":\"bad.csv\",\"sha256\":\"$(sha256sum bad.csv | cut -c1-64)\""
contains "--json: null for a finding without a line" "$T/out" '"check":"format","file":"bad.csv","line":null,"offset":null'
expect_exit 1 "--json: the path as given" custody lint --json "$T/bad.csv"
contains "--json: the path as given, in findings" "$T/out" "\"file\":\"$T/bad.csv\",\"line\":3"
printf '23-Sep-2016 13:56:29.123 client 1.2.3.4#5353: query: a.example IN A +E(0) (5.6.7.8)\n23-Sep-2016 13:56:30.000 client 1.2.3.4#5353 query\n23-Sep-2016 13:56:31.000 general: info: nothing\n' > partial.log
expect_exit 0 "unparseable lines: exit 0" custody lint --json --format bind partial.log
contains "--json: the parser's reasons as an object" "$T/out" '"reasons":{"not a query line":2}'
printf 'time,client,qname\r\n2016-09-23T13:56:29Z,1.2.3.4,a.example\n' > mixed.csv
expect_exit 0 "mixed endings" custody lint mixed.csv
contains "mixed endings: warning" "$T/out" "[line-endings] mixed line endings"
printf '\377\376t\000i\000m\000e\000,\000q\000n\000a\000m\000e\000\n\000' > u16.csv
expect_exit 1 "UTF-16: error" custody lint --format csv u16.csv
contains "UTF-16: encoding" "$T/out" "[encoding]"
awk 'BEGIN { srand(7); for (i = 0; i < 20000; i++) printf "%c", int(rand() * 256) }' > noise.bin
printf '\000\000\n\000\n' >> noise.bin
expect_exit 1 "binary file: exit 1" custody lint --json noise.bin
n=$(grep -o '"check":"[a-z-]*"' "$T/out" | sort | uniq -c | awk '{ s += $1 } END { print s + 0 }')
contains "binary file: reported as binary" "$T/out" '"check":"binary"'
check "binary file: one finding, not one per line ($n)" test "$n" -eq 1
expect_exit 2 "bad usage: exit 2" custody lint --format nosuch x
expect_exit 2 "missing file: exit 2" custody lint nosuch.log
n=$(grep -c "nosuch.log" "$T/err")
check "missing file: reported once ($n)" test "$n" -eq 1
expect_exit 2 "missing file among good ones: exit 2" custody lint --json bad.csv nosuch.log
contains "missing file: in files, with why" "$T/out" '"file":"nosuch.log","sha256":null,"error":'
contains "missing file: the others are still linted" "$T/out" '"check":"impossible"'

# A capture: locators are packets.
"$TOOLS/gen-pcap" 200 capture-2001-01-01.pcap > /dev/null
expect_exit 0 "capture: runs" custody lint --json capture-2001-01-01.pcap
contains "capture: a packet locator" "$T/out" '"check":"period","file":"capture-2001-01-01.pcap","packet":'
contains "capture: no line number for a packet" "$T/out" '"line":null,"message":"time 2016-05-04'
contains "capture: packets in the summary" "$T/out" "packets outside the claimed day"
expect_exit 0 "capture: text form" custody lint capture-2001-01-01.pcap
contains "capture: text names the packet" "$T/out" "capture-2001-01-01.pcap: packet 1: byte 24: warning: [period]"

# The model checks, on the seeded corpus (tests/tools/lint-corpus.c).
C=$TOOLS/lint-corpus
"$C" gen --seed 3 --days 60 --per-day 12 > b12.log
"$C" gen --seed 3 --days 30 --per-day 40 > b40.log
expect_exit 0 "corpus, 12 a day: no warning on the clean log" custody lint --fail-on warning b12.log
expect_exit 0 "corpus, 40 a day: no warning on the clean log" custody lint --fail-on warning b40.log
"$C" mutate --edit delete --hours 120 --seed 3 b12.log -o hole5.log 2>/dev/null
expect_exit 1 "a 5-day hole in 12 lines a day is found" custody lint --fail-on warning hole5.log
contains "the 5-day hole: as a hole" "$T/out" "warning: [hole] no queries for 5."
contains "the 5-day hole: with what the rate predicts and p" "$T/out" "where the log's own rate predicts"
"$C" mutate --edit delete --hours 72 --seed 3 b40.log -o hole3.log 2>/dev/null
expect_exit 1 "a 3-day hole in 40 lines a day is found" custody lint --fail-on warning hole3.log
contains "the 3-day hole: as a hole" "$T/out" "warning: [hole] no queries for 3."
# Quiet nights: an office-hours world with every night silent stays clean.
awk '{ split($2, t, ":"); if (t[1] >= 7 && t[1] < 20) print }' b40.log > nights.log
expect_exit 0 "silent nights are not holes" custody lint --fail-on warning nights.log
"$C" mutate --edit copy-day --seed 3 b40.log -o copied.log 2>/dev/null
expect_exit 0 "a copied day: found" custody lint --json copied.log
contains "a copied day: copied, with its shift" "$T/out" '"check":"copied"'
contains "a copied day: its figures" "$T/out" '"shift_s":'

new_case c || { notok "make case"; exit 1; }
custody ingest c --key key "$D/bind-918.log" "$D/claimed.csv" >/dev/null 2>&1
expect_exit 0 "case: exit 0" custody lint c
contains "case: cross-source finding" "$T/out" "[disagree]"
# lint CASE runs the model checks on each evidence item.
"$C" gen --seed 4 --days 30 --per-day 40 > s0.log
"$C" gen --seed 4 --server 1 --days 30 --per-day 40 > s1.log
"$C" mutate --edit merge --seed 4 --with s1.log s0.log -o merged.log 2>/dev/null
new_case m || { notok "make case m"; exit 1; }
custody ingest m --key key --format bind merged.log >/dev/null 2>&1
before=$(case_state m)
expect_exit 1 "case: a merged log fails --fail-on warning" custody lint --fail-on warning --json m
contains "case: the model check on the evidence" "$T/out" '"check":"merged","file":"evidence 1 (merged.log)"'
contains "case: files carry the evidence's SHA-256" "$T/out" "\"sha256\":\"$(sha256sum merged.log | cut -c1-64)\""
check "case: lint changed nothing" test "$(case_state m)" = "$before"

# A compressed original (gzip, xz, ...): lint reads its stream, as ingest
# does, in a file and in a case.
gzip -c hole3.log > hole3.log.gz
expect_exit 1 "compressed: the stream's hole is found" custody lint --fail-on warning --json hole3.log.gz
contains "compressed: as a hole" "$T/out" '"check":"hole"'
contains "compressed: the file's compression" "$T/out" "\"sha256\":\"$(sha256sum hole3.log.gz | cut -c1-64)\",\"size\":$(wc -c < hole3.log.gz),\"format\":\"bind\",\"compression\":\"gzip\""
new_case z || { notok "make case z"; exit 1; }
custody ingest z --key key hole3.log.gz >/dev/null 2>&1
expect_exit 1 "compressed: lint CASE reads the stored original's stream" custody lint --fail-on warning z
contains "compressed: the hole in the case" "$T/out" "evidence 1 (hole3.log.gz):361: byte 57603: warning: [hole]"
if grep -q "\[binary\]\|\[utf8\]" "$T/out"; then notok "compressed: no byte findings on the compressed bytes"; else ok "compressed: no byte findings on the compressed bytes"; fi
