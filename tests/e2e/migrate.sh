# migrate.sh: a case made by an earlier release (schema 3,
# tests/data/schema3) is read as it is, then migrated to the compact
# record layout (schema 5) with signed events; every fixed query, every
# parse digest, every record and every locator read the same as in the
# old layout (the case as schema 4 leaves it), verify --deep passes, and
# the migrated case takes new evidence.
. "$TOP/tests/e2e/lib.sh"
FX=$TOP/tests/data/schema3
D=$TOP/tests/data/text

# The case: its database from the dump, its originals from the files it
# was made from (the capture generated again with the same seed).
mkdir -p c/objects/sha256 c/tmp
sqlite3 c/case.db < "$FX/case.sql" || { notok "load the schema-3 dump"; exit 0; }
"$TOOLS/gen-pcap" -s 7 -t 20 300 cap.pcap >/dev/null
for f in cap.pcap "$D/bind-918.log" "$D/unbound.log" "$D/dnsmasq.log" "$D/zeek-dns.log" \
    "$D/zeek-dns.json" "$D/claimed.csv" "$D/local-ny.csv" "$D/orgmap.csv" "$D/events.csv"; do
	h=$(sha256sum "$f" | cut -c1-64)
	mkdir -p "c/objects/sha256/$(echo "$h" | cut -c1-2)"
	cp "$f" "c/objects/sha256/$(echo "$h" | cut -c1-2)/$(echo "$h" | cut -c3-)"
done
cp "$FX/fixture-key" key && cp "$FX/fixture-key.pub" key.pub && chmod 600 key
check "the schema-3 case loads (user_version 3)" test "$(sqlite3 c/case.db 'PRAGMA user_version')" = 3
expect_exit 0 "schema 3: verify --deep, as it is" custody verify c --deep

# Every fixed query, with parameters this case has data for.
H=mail1.trump-email.com
queries() {
	custody query c address_coverage --param addresses=198.51.100.4,10.9.9.9,217.12.96.15 --json
	custody query c address_coverage --param addresses=198.51.100.4,10.9.9.9 --param host=$H --json
	custody query c burstiness --param host=$H --json
	custody query c business_hours_share --param host=$H --param tz=America/New_York --json
	custody query c connection_acceptance --param host=$H --param port=53 --json
	custody query c connection_acceptance --param address=198.51.100.2 --param port=53 --json
	custody query c cooccurrence --param host=$H --param org="Alfa Bank" --param seconds=3600 --json
	custody query c corroborate --param evidence_a=capture --param evidence_b=published-logs \
	    --param tolerance_ms=1000 --json
	custody query c corroborate --param evidence_a=capture --param evidence_b=capture \
	    --param host=$H --param tolerance_ms=1000 --json
	custody query c count_ratio --param host=$H --param num="Alfa Bank" \
	    --param den="Spectrum Health" --json
	custody query c cross_server_duplicates --json
	custody query c daily_series --param host=$H --json
	custody query c daily_stats --param host=$H --json
	custody query c distinct_sources --param host=$H --json
	custody query c event_window_ratio --param host=$H --json
	custody query c first_querier --param host=$H --json
	custody query c gap_days --param host_a=$H --param host_b=mail0.mail0.com --json
	custody query c hourly_profile --param host=$H --param tz=Europe/Moscow --json
	custody query c interarrival_mode --param host=$H --json
	custody query c lookup_count --param host=$H --json
	custody query c lookup_count --param host=$H --param dedupe=server --json
	custody query c lookup_share --param host=$H --param org="Alfa Bank" --json
	custody query c org_set_share --param host=$H --param orgs="Alfa Bank,Spectrum Health" --json
	custody query c period_ratio --param host=$H --param periods=2016-09-23,2016-05-04/2016-05-06 \
	    --json
	custody query c preceded_by_session --param host=$H --param org="Alfa Bank,Documentation" \
	    --param port=53 --param minutes=5 --json
	custody query c qtype_mix --param host=$H --json
	custody query c requery_within_ttl --param host=$H --json
	custody query c resolution_status --param host=$H --json
	custody query c source_breakdown --param host=$H --json
	custody query c suffix_variants --param host=$H --json
	custody query c tcp_sessions --param port=53 --param org_a=Documentation \
	    --param org_b=Documentation --json
	custody query c time_order --param evidence=capture --json
}
records() {
	sqlite3 c/case.db "SELECT * FROM dns_message ORDER BY id" \
	    "SELECT evidence_id, loc_index, loc_offset, message_id, section, idx, name, type, class,
		ttl, rdata, quote(rdata_raw), typeof(rdata) FROM dns_answer ORDER BY message_id, idx" \
	    "SELECT * FROM flow ORDER BY id" "SELECT * FROM orgmap ORDER BY id" \
	    "SELECT * FROM timeline ORDER BY id" \
	    "SELECT id, parse_digest, records, time_first_ns, time_last_ns FROM evidence ORDER BY id"
}
# What the previous release gives: the case as its migration 4 leaves it
# (schema 4 adds two record tables, empty here: some queries read them).
cp -r c c4
sqlite3 c4/case.db < "$TOP/schema/migrate/4.sql"
mv c c3 && mv c4 c
queries >before.json 2>before.err
records >before.rec
check "every fixed query runs on the case in the old layout ($(wc -l <before.json) results)" \
    test "$(wc -l <before.json)" -eq 32 -a ! -s before.err
rm -rf c && mv c3 c
check "the schema-3 case was read, not migrated" test "$(sqlite3 c/case.db 'PRAGMA user_version')" = 3

# claims --key migrates (one signed event per schema step), then runs.
printf '[claim Z1]\ntext = x\nquery = lookup_count\nhost = %s\nevidence = capture\nexpect = >= 1\n' "$H" >z.ini
expect_exit 0 "claims --key migrates the case" custody claims c z.ini --key key
check "schema 5 after migration" test "$(sqlite3 c/case.db 'PRAGMA user_version')" = 5
check "one signed migrate event per step (schema:4, schema:5)" \
    test "$(sqlite3 c/case.db "SELECT count(*) FROM events WHERE line LIKE '% migrate schema:4 %'
	OR line LIKE '% migrate schema:5 %'")" = 2
check "the record tables are views over the compact tables" \
    test "$(sqlite3 c/case.db "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema
	WHERE type = 'view' ORDER BY name)")" = "dns_answer,dns_message,flow"
check "no table of the old layout is left" \
    test "$(sqlite3 c/case.db "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'v4_%'")" = 0

queries >after.json 2>after.err
records >after.rec
if cmp -s before.json after.json && [ ! -s after.err ]; then
	ok "every fixed query gives the same result after the migration"
else
	notok "every fixed query gives the same result after the migration"
	diff before.json after.json | head -10 | sed 's/^/#   /'
fi
if cmp -s before.rec after.rec; then
	ok "every record, locator and parse digest reads the same ($(wc -l <after.rec) rows)"
else
	notok "every record, locator and parse digest reads the same"
	diff before.rec after.rec | head -10 | sed 's/^/#   /'
fi
expect_exit 0 "migrated: verify --deep (records read back give every signed digest)" \
    custody verify c --deep
"$TOOLS/gen-pcap" -s 8 -t 10 200 cap2.pcap >/dev/null
expect_exit 0 "migrated: a new capture is ingested" custody ingest c --key key cap2.pcap
expect_exit 0 "migrated: verify --deep after more evidence" custody verify c --deep

# From schema 1 too: the same case with schema 2 and 3 undone.
mkdir -p c1 && cp -r c/objects c1/ && mkdir -p c1/tmp
sqlite3 c1/case.db < "$FX/case.sql"
sqlite3 c1/case.db "DROP TRIGGER events_no_replace; DROP INDEX dns_answer_addr; DROP INDEX flow_tcp;
    PRAGMA user_version = 1"
expect_exit 0 "schema 1: claims --key migrates through 2, 3, 4, 5" custody claims c1 z.ini --key key
check "schema 1: four signed steps" \
    test "$(sqlite3 c1/case.db "SELECT count(*) FROM events WHERE line LIKE '% migrate schema:%'")" = 4
expect_exit 0 "schema 1 migrated: verify --deep" custody verify c1 --deep
