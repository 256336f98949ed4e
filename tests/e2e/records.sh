# records.sh: from a figure to its records to their bytes, on the demo
# case (made as casefiles/alfa-2016/demo.sh makes it: tests/e2e/demo-case.inc):
#   - custody query --records lists the 2,820 records behind C01's figure,
#     and every locator it lists, fed to custody show --raw, gives the
#     same bytes as reading the original at that line with sed;
#   - a packet's locator gives the record's bytes as dd reads them at its
#     offset, and the DNS message the case holds for it;
#   - every claim's records/ID.csv has as many rows as report.json says
#     its figure counts, and the count-only claims' rows are their figure;
#   - show refuses an original whose bytes changed (exit 1), and a bad
#     locator (exit 2);
#   - custody list names every evidence item, its counts and its mark;
#   - a bundled query re-run with stock sqlite3 and the SQLite extension
#     (installed by make install into a staging directory) gives the
#     report's figure.
. "$TOP/tests/e2e/lib.sh"

CF=$TOP/casefiles/alfa-2016
. "$TOP/tests/e2e/demo-case.inc"
if ! demo_case "$T/demo" export >demo.out 2>demo.err; then
	notok "demo case made (see below)"
	tail -5 demo.err | sed 's/^/#   /'
	exit 0
fi
ok "demo case made"
C=$T/demo/case
EV=$T/demo/evidence

# ---------------------------------------------------------------- query --records
custody query "$C" lookup_count --param host=mail1.trump-email.com --param org="Alfa Bank" \
    --param since=2016-05-04 --param until=2016-09-24 --param evidence=published-logs \
    --records >c01.txt 2>c01.err
check "query --records for C01 exits 0" test $? -eq 0
contains "query --records: the figure is 2820" c01.txt "2820"
contains "query --records: the check holds" c01.txt "check: lookups = 2820: 2820 records (all)"
grep -E '^  [0-9]+:[0-9]+ ' c01.txt | awk '{ print $1 }' >locators
check "query --records lists 2820 records behind C01 ($(wc -l <locators))" \
    test "$(wc -l <locators)" -eq 2820
custody query "$C" lookup_count --param host=mail1.trump-email.com --param org="Alfa Bank" \
    --param since=2016-05-04 --param until=2016-09-24 --param evidence=published-logs \
    --records --json >c01.json
check "query --records --json is JSON" /usr/bin/python3 -c \
    'import json,sys; d=json.load(open(sys.argv[1])); assert d["records"]["total"] == 2820 and len(d["records"]["list"]) == 2820 and d["records"]["check"]["ok"]' c01.json
custody query "$C" lookup_share --param host=mail1.trump-email.com --param org="Alfa Bank" \
    --param since=2016-05-04 --param until=2016-09-24 --param evidence=published-logs \
    --records --limit 2 >c05.txt
contains "a share lists its numerator" c05.txt "part numerator:"
contains "... and what is only in its denominator" c05.txt "part denominator only:"
contains "--limit 2 lists two of each and counts the rest" c05.txt "... 2818 more (--limit 2)"

# Every locator to its bytes: custody show --raw against sed on the original.
ids=$(cut -d: -f1 locators | sort -u)
bad=0
for id in $ids; do
	name=$(custody list "$C" --json | /usr/bin/python3 -c \
	    'import json,sys; d=json.load(sys.stdin); print([e["original"] for e in d["evidence"] if e["evidence"] == int(sys.argv[1])][0])' "$id")
	grep "^$id:" locators >loc.$id
	# one show for all locators of this evidence item; then line by line
	xargs custody show "$C" --raw <loc.$id >shown.$id
	sed 's/^[0-9]*://' loc.$id | awk '{ printf "%dp\n", $1 }' >lines.$id
	sed -n -f lines.$id "$EV/$name" >want.$id
	cmp -s shown.$id want.$id || bad=$((bad + 1))
done
check "every listed locator gives, through custody show, the bytes sed reads at that line" \
    test "$bad" -eq 0 -a -s shown.3
first=$(head -1 locators)
custody show "$C" "$first" >show1.txt
contains "show names the line and its evidence" show1.txt "line ${first#*:}:"
contains "show lists the case's record at the locator" show1.txt "dns_message"

# A packet: the record's bytes as dd reads them, and its DNS message.
pcap=$EV/synthetic-capture-ns1_cdcservices_com.pcap
pk=$(custody query "$C" first_querier --param host=trump1.contact-client.com \
    --param evidence=capture-ns1 --records --json | /usr/bin/python3 -c \
    'import json,sys; r=json.load(sys.stdin)["records"]["list"][0]; print(r["locator"], r["offset"])')
loc=${pk% *} off=${pk#* }
custody show "$C" "$loc" --json >pk.json
check "show PACKET --json: one object" /usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' pk.json
len=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["length"])' pk.json)
custody show "$C" "$loc" --raw >pk.raw
dd if="$pcap" bs=1 skip="$off" count="$len" status=none >pk.dd
check "show $loc --raw gives the $len bytes dd reads at offset $off" cmp -s pk.raw pk.dd
check "show $loc decodes the query for trump1.contact-client.com" /usr/bin/python3 -c \
    'import json,sys; d=json.load(open(sys.argv[1])); assert d["dns"][0]["qname"] == "trump1.contact-client.com" and d["dns"][0]["qr"] == 0' pk.json
custody show "$C" "$loc" >pk.txt
contains "show PACKET: tcpdump-like summary line" pk.txt "DNS query"
contains "show PACKET: hex dump" pk.txt "0x0000:  "
if need_cmd tcpdump "show against tcpdump"; then
	n=${loc#*#}
	tcpdump -nr "$pcap" -c "$n" 2>/dev/null | tail -1 >td.txt
	check "tcpdump's packet $n is the same query (trump1.contact-client.com)" \
	    grep -q 'A? trump1.contact-client.com' td.txt
fi
custody show "$C" "2@$off" --raw >pk2.raw
check "show 2@OFFSET is the same packet" cmp -s pk.raw pk2.raw

# ---------------------------------------------------------------- claims records
R=$T/demo/report
/usr/bin/python3 - "$R" <<'EOF' >csv.out
import csv, json, os, sys
d = sys.argv[1]
r = json.load(open(os.path.join(d, "report.json")))
bad, n = [], 0
for c in r["claims"]:
    rec = c.get("records")
    if rec is None:
        bad.append(c["id"] + ": no records"); continue
    rows = list(csv.DictReader(open(os.path.join(d, rec["csv"]), newline="")))
    n += 1
    if len(rows) != rec["count"]:
        bad.append("%s: %d rows, report says %d" % (c["id"], len(rows), rec["count"]))
    # claims whose figure is a plain count of lookups or sessions
    if c["query"] in ("lookup_count", "tcp_sessions") and c["verdict"] != "UNTESTABLE":
        if len(rows) != c["observed"]:
            bad.append("%s: %d rows, figure %s" % (c["id"], len(rows), c["observed"]))
    if c["query"] in ("lookup_share", "org_set_share") and c["verdict"] != "UNTESTABLE":
        num = sum(1 for x in rows if x["part"] == "numerator")
        if num != c["result"]["lookups"] or len(rows) != c["result"]["total"]:
            bad.append("%s: numerator %d of %d, result %s" % (c["id"], num, len(rows), c["result"]))
    if not os.path.exists(os.path.join(d, rec["html"])):
        bad.append(c["id"] + ": no page")
print("ok every claim's records CSV has as many rows as its figure counts (%d claims)" % n
      if not bad else "not ok every claim's records CSV has as many rows as its figure counts")
for b in bad[:10]:
    print("#   " + b)
EOF
cat csv.out
check "C01's records CSV: 2820 rows" test "$(($(wc -l <"$R/records/C01.csv") - 1))" -eq 2820
contains "report.html links C01's figure to its records" "$R/report.html" 'href="records/C01.html"'

# An evidence selector reads the same in show as in query and claims: a
# --source label names the item its number does, and one that names
# several items is refused, naming how many.
id=$(custody list "$C" --json | /usr/bin/python3 -c 'import json, sys
print([e["evidence"] for e in json.load(sys.stdin)["evidence"] if e["source"] == "server-log-ns1"][0])')
custody show "$C" "server-log-ns1:7" --raw >bylabel.raw 2>bylabel.err
custody show "$C" "$id:7" --raw >bynumber.raw
check "show: a --source label names the evidence its number does ($id)" \
    cmp -s bylabel.raw bynumber.raw
check "show: ... and shows a line" test -s bylabel.raw
expect_exit 2 "show: a label of several items is exit 2" custody show "$C" "published-logs:1"
contains "show: ... saying how many it names" "$T/err" "'published-logs' names 3 evidence items"
expect_exit 2 "show: a label of no evidence is exit 2" custody show "$C" "no-such-label:1"
contains "show: ... and the case's labels are listed" "$T/err" "published-logs"

# ---------------------------------------------------------------- refusals
expect_exit 2 "show: a bad locator is exit 2" custody show "$C" nonsense
contains "show: the bad locator is named" "$T/err" "EVIDENCE:LINE"
expect_exit 2 "show: a line past the end is exit 2" custody show "$C" 3:99999
contains "show: the last line is named" "$T/err" "lines: no line 99999"
expect_exit 2 "show: a capture has packets, not lines" custody show "$C" 2:5
cp -r "$C" changed
obj=$(find changed/objects -type f | head -1)
sha=$(basename "$(dirname "$obj")")$(basename "$obj")
chmod u+w "$obj"
printf X | dd of="$obj" bs=1 seek=300 conv=notrunc status=none
expect_exit 1 "show: an original whose bytes changed is refused (exit 1)" \
    custody show changed "${sha%"${sha#????????}"}@0"
contains "show: says it is not what was ingested" "$T/err" "not what was ingested"

# ---------------------------------------------------------------- list
custody list "$C" >list.txt
check "list: exit 0" test $? -eq 0
for f in "$EV"/*; do
	contains "list names ${f##*/}" list.txt "${f##*/}"
done
contains "list: the capture's counts by kind" list.txt "5956 DNS queries, 5956 responses"
contains "list: the time zone a log was read in (--tz UTC)" list.txt "time zone   UTC"
contains "list: synthetic evidence says so" list.txt "SYNTHETIC"
custody list "$C" --json >list.json
check "list --json: every evidence item, with records by kind" /usr/bin/python3 -c \
    'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["evidence"]) == 7 and d["evidence"][1]["records"]["flows"] > 0 and d["keys"]' list.json

# ---------------------------------------------------------------- sqlite3 and the extension
if need_cmd sqlite3 "a bundled query re-run in stock sqlite3"; then
	make -s -C "$TOP" BUILD="$BUILD" install DESTDIR="$T/inst" PREFIX=/usr >inst.out 2>&1
	SO=$T/inst/usr/lib/custody/custody.so
	check "make install puts the SQLite extension in PREFIX/lib/custody" test -f "$SO"
	mkdir un && tar -xf "$T/demo/alfa-2016.tar" -C un
	B=$(echo un/*)
	{ echo 'BEGIN;'; cat "$B/data/case.sql"; echo 'COMMIT;'; } | sqlite3 by-hand.db
	for id in C01 C05 C10 C11 K10; do
		/usr/bin/python3 - "$B" "$id" "${SO%.so}" <<'EOF' >"q.$id.sql"
import json, re, sys
b, cid, so = sys.argv[1:]
c = [x for x in json.load(open(b + "/data/report/report.json"))["claims"] if x["id"] == cid][0]
q = open("%s/data/queries/%s.sql" % (b, c["query"])).read()
params = dict(re.findall(r"^-- param (\w+) = (.*?): ", q, re.M))
params = {k: v.strip() for k, v in params.items()}
params.update(c["params"])
print(".load " + so)
print(".parameter init")
for k, v in params.items():
    print("INSERT INTO temp.sqlite_parameters(key, value) VALUES (':%s', '%s');"
          % (k, v.replace("'", "''")))
print(".mode json")
print(".read %s/data/queries/%s.sql" % (b, c["query"]))
print("-- observed %s %s" % (c["column"] or "", json.dumps(c["observed"])))
EOF
		sqlite3 by-hand.db <"q.$id.sql" >"q.$id.out" 2>"q.$id.err"
		check "$id: the bundled query re-run in stock sqlite3 with the extension gives the report's figure" \
		    /usr/bin/python3 - "q.$id.out" "q.$id.sql" <<'EOF'
import json, sys
rows = json.load(open(sys.argv[1]))
last = open(sys.argv[2]).read().splitlines()[-1].split(" ", 3)
col, want = last[2], json.loads(last[3])
row = rows[0]
got = row[col] if col else list(row.values())[0]
sys.exit(0 if got == want else 1)
EOF
	done
	sed 's/^/#   /' q.C10.err | head -3
fi

# ---------------------------------------------------------------- ingest's notes and progress
bind=$EV/synthetic-bind-ns1_cdcservices_com.log
new_case "$T/tz" >/dev/null 2>&1
custody ingest "$T/tz" --key "$T/key" --format bind --json "$bind" >tz.json 2>tz.err
contains "a log read without --tz: ingest says it was read as UTC" tz.err "were read as UTC"
check "... and ingest --json says so in notes" /usr/bin/python3 -c \
    'import json,sys; n=json.load(open(sys.argv[1]))["notes"]; assert n["time_zone"].startswith("UTC (assumed") and n["synthetic"].startswith("SYNTHETIC:")' tz.json
custody list "$T/tz" >tz.list
contains "list names the assumed zone" tz.list "time zone   UTC (assumed"
custody ingest -q "$T/tz" --key "$T/key" --format pcap "$EV/synthetic-capture-ns1_cdcservices_com.pcap" 2>/dev/null
custody log "$T/tz" >tz.log
contains "custody log names the file an ingest took in" tz.log "synthetic-capture-ns1_cdcservices_com.pcap (pcap): "
contains "... and counts DNS messages and flows apart" tz.log "DNS messages and "
CUSTODY_PHASES=1 custody ingest -q "$T/tz" --key "$T/key" --format csv \
    --columns time=time,client=querier,qname=name,qtype=type "$EV/synthetic-ns2_cdcservices_com.csv" 2>ph.err
contains "CUSTODY_PHASES lines carry the command's name" ph.err "custody-ingest: phase parse"
if need_cmd script "progress on a terminal"; then
	# script(1) gives the command a terminal; its output is what one would show
	script -qec "custody ingest '$T/tz' --key '$T/key' --format csv --columns time=time,client=querier,qname=name,qtype=type '$EV/synthetic-ns3_cdcservices_com.csv'" /dev/null >tty.out 2>&1
	for phase in copy parse index "parse digest" commit; do
		contains "on a terminal, ingest shows its phase: $phase" tty.out "synthetic-ns3_cdcservices_com.csv: $phase"
	done
	check "on a terminal, the parse shows how far into the file it is" \
	    grep -qE 'ns3_cdcservices_com.csv: parse +[0-9]+%' tty.out
fi

# A compressed original: its locators count in the decompressed stream,
# and show reads that stream (checked against the ingest event).
if need_cmd gzip "show on a compressed original"; then
	gzip -c "$EV/synthetic-ns2_cdcservices_com.csv" >ns2.csv.gz
	new_case "$T/gz" >/dev/null 2>&1
	custody ingest -q "$T/gz" --key "$T/key" --format csv \
	    --columns time=time,client=querier,qname=name,qtype=type ns2.csv.gz 2>/dev/null
	custody show "$T/gz" 1:17 --raw >gz.raw
	sed -n 17p "$EV/synthetic-ns2_cdcservices_com.csv" >gz.want
	check "show on a gzip original: line 17 of its decompressed stream" cmp -s gz.raw gz.want
fi
