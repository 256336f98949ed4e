# intact.sh: what "verified" means (issue 14), one check per way around
# verify that was found: edits of case.db that change what queries read
# must make `custody verify --deep` exit 1; untouched cases must never
# read as broken (text that is not UTF-8, an ingest committing meanwhile,
# a hot journal); verify changes nothing; nothing under the case is
# reached through a symbolic link; selectors match exactly; --strict
# refuses a damaged capture; a bundle names base names, not paths.
. "$TOP/tests/e2e/lib.sh"

need_cmd sqlite3 "intact suite" || exit 0
new_case base || { notok "make base case"; exit 1; }
"$TOOLS/gen-pcap" -s 3 3000 cap.pcap >/dev/null || notok "gen-pcap"
D=$TOP/tests/data/text
custody ingest base --key key --format pcap --source capture cap.pcap >/dev/null 2>&1 &&
custody ingest base --key key --format orgmap --source orgs "$D/orgmap.csv" >/dev/null 2>&1 &&
custody ingest base --key key --format events --source timeline "$D/events.csv" >/dev/null 2>&1 ||
	notok "ingest the fixtures"
expect_exit 0 "an untouched case verifies --deep" custody verify --deep base

fresh() { rm -rf "$1"; cp -a base "$1"; }
sql() { sqlite3 "$1/case.db" "$2"; }
q() { # CASE QUERY K=V...: the query's rows as JSON
	_c=$1 _q=$2; shift 2
	_a=
	for _p in "$@"; do _a="$_a -p $_p"; done
	# shellcheck disable=SC2086
	custody query "$_c" "$_q" $_a --json 2>&1 | sed 's/.*"rows"://'
}

# ------------------------------------------------------------ edits --deep must see
# 1. A row whose evidence_id names no evidence (an extra orgmap row would
#    flip an organisation's share): found by --deep, and no query counts it.
fresh t1
before=$(q t1 distinct_sources host=a.example)
sql t1 "INSERT INTO orgmap(evidence_id, loc_index, loc_offset, cidr, family, net_lo, net_hi, org,
    source) VALUES (99, 1, 0, '0.0.0.0/0', 4, x'00000000', x'ffffffff', 'Everyone', 'forged')"
caught "orphan row: verify --deep names it" t1 "orgmap: 1 row names no evidence of the case" --deep
check "orphan row: queries do not read it" test "$(q t1 distinct_sources host=a.example)" = "$before"

# 2. Two index b-trees swapped behind SQLite's back (a lookup of a name
#    would read the index of organisations): integrity_check. (Schema 5:
#    the names' index is str_s; the message indexes are built on first use.)
fresh t2
a=$(sql t2 "SELECT rootpage FROM sqlite_schema WHERE name = 'str_s'")
b=$(sql t2 "SELECT rootpage FROM sqlite_schema WHERE name = 'orgmap_org'")
check "the indexes to swap exist ($a, $b)" test -n "$a" -a -n "$b"
sql t2 "PRAGMA writable_schema = ON;
    UPDATE sqlite_schema SET rootpage = $b WHERE name = 'str_s';
    UPDATE sqlite_schema SET rootpage = $a WHERE name = 'orgmap_org';" 2>/dev/null
caught "swapped index b-trees: integrity_check (--deep)" t2 "SQLite integrity_check" --deep

# 3. Bytes after a NUL in a stored text value: invisible to a C-string
#    comparison, not to a query that selects by label.
fresh t3
sql t3 "UPDATE evidence SET source = source || char(0) || 'hidden' WHERE id = 2"
caught "NUL inside a stored label" t3 "evidence 2 (orgmap.csv): its source differs"

# 4. Evidence columns claims read that no event signs: the time bounds.
fresh t4
sql t4 "UPDATE evidence SET time_last_ns = time_last_ns + 86400000000000 WHERE id = 1"
caught "time bounds recomputed by --deep" t4 "time_first_ns and time_last_ns differ" --deep

# 5. NUL and hidden bytes appended to a stored custody line.
fresh t5
sql t5 "DROP TRIGGER events_no_update; UPDATE events SET line = line || char(0) || ' timestamp sha256:00 ' WHERE seq = 2"
caught "hidden bytes after a NUL in a custody line" t5 "event 2: stored hash does not match its line"

# 6. A value stored with another type that prints the same: an org map
#    range as text instead of bytes (org_of would never match it).
fresh t6
sql t6 "PRAGMA writable_schema = ON;
    UPDATE sqlite_schema SET sql = replace(sql, 'net_lo      BLOB NOT NULL', 'net_lo      ANY NOT NULL') WHERE name = 'orgmap';" 2>/dev/null
sql t6 "UPDATE orgmap SET net_lo = hex(net_lo) WHERE id = 1"
caught "a column's declared type changed (schema)" t6 "table 'orgmap': its definition is not custody's"
caught "... and the value's type (--deep, row for row)" t6 "orgmap: the case's" --deep

# 7. An answer moved to another message of its evidence (schema 5: the
#    answers are rows of rr, which the view dns_answer reads).
fresh t7
sql t7 "UPDATE rr SET msg_id = msg_id + 1 WHERE (msg_id, idx) = (SELECT msg_id, idx FROM rr r
    WHERE NOT EXISTS (SELECT 1 FROM rr s WHERE s.msg_id = r.msg_id + 1 AND s.idx = r.idx)
    ORDER BY msg_id, idx LIMIT 1)"
caught "an answer re-linked to another message (--deep)" t7 "dns_answer: the case's" --deep

# 8. Rows renumbered: the dedupe counting unit keeps the lower id.
#    (Schema 5: the first message, its answers and its flow moved past the
#    last message.)
fresh t8
sql t8 "CREATE TEMP TABLE m AS SELECT min(id) AS lo, max(id) + 1 AS hi FROM msg;
    UPDATE msg SET id = (SELECT hi FROM m) WHERE id = (SELECT lo FROM m);
    UPDATE rr SET msg_id = (SELECT hi FROM m) WHERE msg_id = (SELECT lo FROM m);
    UPDATE uflow SET msg_id = (SELECT hi FROM m) WHERE msg_id = (SELECT lo FROM m)"
caught "rows reordered (--deep)" t8 "dns_message" --deep

# ------------------------------------------------------------ untouched cases are intact
# 9. Text that is not UTF-8: the row and the event hold the same bytes.
new_case u8 --examiner 2>/dev/null
rm -rf u8
custody init u8 --case-id u8 --examiner "$(printf 'Ex\377aminer')" --key key >/dev/null 2>&1
name=$(printf 'caf\351.log')
cp "$D/bind-918.log" "$name"
expect_exit 0 "not UTF-8: name, --source, --note and --examiner are accepted" \
    custody ingest u8 --key key --format bind --source "$(printf 'src\377')" \
    --note "$(printf 'n\300\257')" "$name"
expect_exit 0 "not UTF-8: the untouched case verifies --deep" custody verify --deep u8
check "not UTF-8: recorded escaped, the same in the row" \
    test "$(sql u8 "SELECT original_name || '|' || source FROM evidence")" = 'caf\xe9.log|src\xff'

# 10. verify in a loop while ingests commit: never a false result.
new_case cc
i=1
while [ $i -le 30 ]; do printf 'line %d\n' $i > "c$i.txt"; i=$((i + 1)); done
( i=1; while [ $i -le 30 ]; do custody ingest cc --key key --format raw "c$i.txt" >/dev/null 2>&1; i=$((i + 1)); done ) &
ing=$!
runs=0 false=0
while kill -0 $ing 2>/dev/null; do
	custody verify cc >/dev/null 2>"$T/err"
	rc=$?
	runs=$((runs + 1))
	if [ $rc -ne 0 ]; then false=$((false + 1)); sed 's/^/#   /' "$T/err" | head -3; fi
done
wait $ing
check "concurrency: $runs verify runs while 30 ingests committed, none failed ($false)" \
    test $false -eq 0 -a $runs -ge 1

# ------------------------------------------------------------ verify changes nothing
# 11. A stale journal: reported, not removed.
fresh t11
printf 'not a journal' > t11/case.db-journal
s=$(sha256sum t11/case.db t11/case.db-journal)
expect_exit 0 "stale journal: verify still reads the case" custody verify t11
check "stale journal: left in place, case.db unchanged" test "$(sha256sum t11/case.db t11/case.db-journal)" = "$s"
# 12. A hot journal of an interrupted write: the state it rolls back to is
#     verified from a copy; the case is not changed.
fresh t12
if [ -x /usr/bin/python3 ] && /usr/bin/python3 - t12/case.db <<'EOF'
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA cache_size = 2")
db.execute("BEGIN")
db.execute("UPDATE str SET s = 'forged.example'")  # schema 5: names are rows of str
os._exit(0)
EOF
then
	s=$(sha256sum t12/case.db t12/case.db-journal 2>/dev/null)
	expect_exit 0 "hot journal: verify --deep passes on the rolled-back state" custody verify --deep t12
	contains "hot journal: ... and says so" "$T/out" "hot journal left by an interrupted write"
	check "hot journal: case.db and its journal unchanged" \
	    test "$(sha256sum t12/case.db t12/case.db-journal 2>/dev/null)" = "$s"
else
	skip "hot journal: /usr/bin/python3 could not make one"
fi

# ------------------------------------------------------------ no link is followed
# 13. A link planted under objects/ pointing outside: cleanup (run by the
#     next writer) does not delete through it; verify names it.
fresh t13
mkdir outside
h=aa$(printf '%062d' 0)
: > "outside/$(echo "$h" | cut -c3-)"
ln -s "$T/outside" t13/objects/sha256/aa
ln -s "$T/outside" t13/tmp/linked
: > outside/ingest-keep
rmdir t13/tmp 2>/dev/null || rm -rf t13/tmp
ln -s "$T/outside" t13/tmp
printf 'x\n' > one.txt
custody ingest t13 --key key --format raw one.txt >/dev/null 2>&1
check "symlinks: nothing outside the case was deleted" \
    test -f "outside/$(echo "$h" | cut -c3-)" -a -f outside/ingest-keep
rm -f t13/tmp; mkdir t13/tmp
o=$(sql t13 "SELECT sha256 FROM evidence WHERE id = 1")
mkdir -p elsewhere
cp -a "t13/objects/sha256/$(echo "$o" | cut -c1-2)" elsewhere/
rm -rf "t13/objects/sha256/$(echo "$o" | cut -c1-2)"
ln -s "$T/elsewhere/$(echo "$o" | cut -c1-2)" "t13/objects/sha256/$(echo "$o" | cut -c1-2)"
caught "symlinks: an original reached through a link is not the case's" t13 "symbolic link"

# ------------------------------------------------------------ RFC 3161 tokens
if need_cmd openssl "timestamp token" && make_tsa "$T/tsa"; then
	fresh t14
	custody timestamp t14 --request req.tsq >/dev/null 2>&1 && tsa_reply "$T/tsa" req.tsq resp.tsr &&
	    custody timestamp t14 --reply resp.tsr --key key >/dev/null 2>&1 || notok "timestamp recorded"
	expect_exit 0 "token: verify re-hashes the stored token" custody verify t14
	contains "token: ... and says so" "$T/out" "its RFC 3161 token is stored and re-hashed"
	tok=$(sha256sum resp.tsr | cut -c1-64)
	rm -f "t14/objects/sha256/$(echo "$tok" | cut -c1-2)/$(echo "$tok" | cut -c3-)"
	caught "token: a deleted token is found" t14 "timestamp event 5: original is missing"
fi

# ------------------------------------------------------------ selectors, --strict, bundles
expect_exit 2 "selector: evidence=% is no pattern" custody query base lookup_count -p host=a.example -p evidence=%
contains "selector: ... the error lists the labels" "$T/err" "its labels: 'capture', 'orgs', 'timeline'"
expect_exit 0 "selector: an exact label" custody query base lookup_count -p host=a.example -p evidence=capture

size=$(wc -c < cap.pcap)
head -c $((size / 2 + 7)) cap.pcap > cut.pcap  # mid-record
fresh t15
s=$(case_state t15)
expect_exit 2 "--strict: a damaged capture is refused" custody ingest t15 --key key --strict cut.pcap
contains "--strict: ... naming the packet and why" "$T/err" "--strict refuses the file"
check "--strict: the case is unchanged" test "$(case_state t15)" = "$s"
expect_exit 0 "without --strict the damage is counted" custody ingest t15 --key key cut.pcap

fresh t16
mkdir -p "$T/secret/folder"
cp "$D/events.csv" "$T/secret/folder/ev2.csv"
sed -i 's/$/ /' "$T/secret/folder/ev2.csv"
custody ingest t16 --key key --format events "$T/secret/folder/ev2.csv" >/dev/null 2>&1
check "bundle privacy: the ingest event names the base name, not the path" \
    sh -c "! custody log t16 --raw | grep -q 'secret/folder'"
cp "$D/events.csv" "$T/secret/folder/ev3.csv"
printf '2016-01-02,x,y\n' >> "$T/secret/folder/ev3.csv"
custody ingest t16 --key key --format events --record-path "$T/secret/folder/ev3.csv" >/dev/null 2>&1
check "bundle privacy: --record-path signs the path" \
    sh -c "custody log t16 --raw | grep -q '\"original_path\":\"$T/secret/folder/ev3.csv\"'"
