# zeek.sh: Zeek's own dns.log baselines against the captures they were
# made from (../shared/data/dns-pcaps/zeek): for every baseline whose
# capture is there too, ingesting Zeek's log and ingesting the capture
# give the same DNS messages (query or response, name), so a response
# Zeek matched to no query is not counted as a lookup. The baselines mask
# their timestamps (XXXXXXXXXX.XXXXXX); any fixed time stands in for them.
. "$TOP/tests/e2e/lib.sh"

need_shared "zeek baselines" || exit 0
need_cmd sqlite3 "zeek baselines" || exit 0
Z=$SHARED/dns-pcaps/zeek
new_case c || { notok "zeek: make case"; exit 1; }
n=0
for log in "$Z"/Baseline/*/dns.log; do
	[ -f "$log" ] || continue
	dir=$(basename "$(dirname "$log")")
	# SOURCES.md names the trace each baseline was made from
	trace=$(grep -F "Baseline/$dir/dns.log" "$SHARED/dns-pcaps/SOURCES.md" |
	    grep -o 'Traces/[A-Za-z0-9._-]*\.pcap[ng]*' | head -1)
	if [ -z "$trace" ] || [ ! -f "$Z/$trace" ]; then
		skip "zeek: $dir: its capture is not in the shared data"
		continue
	fi
	n=$((n + 1))
	sed 's/XXXXXXXXXX\.XXXXXX/1474638989.000000/' "$log" > "$dir.log"
	expect_exit 0 "zeek: $dir: Zeek's log ingests" custody ingest c --key key --format zeek \
	    --source "zeek-$dir" "$dir.log"
	expect_exit 0 "zeek: $dir: the capture ingests" custody ingest c --key key --format pcap \
	    --source "pcap-$dir" "$Z/$trace"
	for kind in zeek pcap; do
		sqlite3 c/case.db "SELECT m.qr, m.qname, count(*) FROM dns_message m JOIN evidence e
		    ON e.id = m.evidence_id WHERE e.source = '$kind-$dir' GROUP BY 1, 2 ORDER BY 1, 2" \
		    > "$dir.$kind"
	done
	if cmp -s "$dir.zeek" "$dir.pcap"; then
		ok "zeek: $dir: the same queries and responses as the capture ($(tr '\n' ' ' < "$dir.zeek"))"
	else
		notok "zeek: $dir: the same queries and responses as the capture"
		diff "$dir.zeek" "$dir.pcap" | sed 's/^/#   /'
	fi
done
check "zeek: every baseline with its capture was compared ($n)" test $n -ge 2
expect_exit 0 "zeek: the case verifies --deep" custody verify --deep c
