# tamper.sh: every kind of tampering the custody model promises to catch
# is made on a fresh copy of one case, and `custody verify` must exit 1
# with a message naming what was changed.
. "$TOP/tests/e2e/lib.sh"

need_cmd sqlite3 "tamper suite" || exit 0
new_case base || { notok "make base case"; exit 1; }
head -c 300000 /dev/urandom > a.bin
printf 'line one\nline two\n' > b.txt
head -c 300000 /dev/urandom > c.bin
custody ingest base --key key --format raw a.bin b.txt >/dev/null 2>&1
custody ingest base --key key --format raw --source "sensor 7" c.bin >/dev/null 2>&1
expect_exit 0 "untouched case verifies" custody verify base

obj() { # CASE FILE: path of the stored original of FILE
	h=$(sha256sum "$2" | cut -d' ' -f1)
	echo "$1/objects/sha256/$(echo "$h" | cut -c1-2)/$(echo "$h" | cut -c3-)"
}
fresh() { rm -rf "$1"; cp -a base "$1"; }
sql() { sqlite3 "$1/case.db" "$2"; }
unlock() { sql "$1" "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;"; }
# relock CASE: the triggers back as they were (a careful forger's last step).
relock() {
	sqlite3 base/case.db "SELECT sql || ';' FROM sqlite_schema WHERE type = 'trigger'
	    AND name IN ('events_no_update', 'events_no_delete')" > "$T/triggers.sql"
	sqlite3 "$1/case.db" < "$T/triggers.sql"
}

fresh t1; o=$(obj t1 a.bin); chmod u+w "$o"
printf '\377' | dd of="$o" bs=1 seek=1000 conv=notrunc 2>/dev/null
caught "flipped byte in an original" t1 "evidence 1 (a.bin): original's SHA-256"

fresh t2; o=$(obj t2 a.bin); chmod u+w "$o"; truncate -s 299999 "$o"
caught "truncated original" t2 "evidence 1 (a.bin): original is 299999 bytes, 300000 were ingested (truncated)"

fresh t3; rm -f "$(obj t3 b.txt)"
caught "deleted original" t3 "evidence 2 (b.txt): original is missing from the store"

fresh t4; o=$(obj t4 c.bin); chmod u+w "$o"; head -c 300000 /dev/urandom > "$o"
caught "original swapped for another file" t4 "evidence 3 (c.bin): original's SHA-256"

fresh t5; unlock t5
sql t5 "UPDATE events SET line = replace(line, '\"sensor 7\"', '\"sensor 8\"') WHERE seq = 4"
caught "edited field in a custody line (signature)" t5 "event 4 (ingest): signature does not verify"
caught "edited field in a custody line (stored hash)" t5 "event 4: stored hash does not match its line"

fresh t6; unlock t6; sql t6 "DELETE FROM events WHERE seq = 2"
caught "deleted middle event (sequence)" t6 "event 3: sequence jumps from 1 to 3"
caught "deleted middle event (link)" t6 "event 3: does not link to the event before it"

fresh t7; unlock t7
sql t7 "UPDATE events SET seq = -1 WHERE seq = 2; UPDATE events SET seq = 2 WHERE seq = 3; UPDATE events SET seq = 3 WHERE seq = -1;"
caught "two events swapped" t7 "event 2: its line says it is event 3"

fresh t8; unlock t8; sql t8 "UPDATE events SET signature = zeroblob(64) WHERE seq = 2"
caught "changed signature" t8 "event 2 (ingest): signature does not verify"

fresh t9; custody keygen -o other >/dev/null 2>&1
"$TOOLS/tamper" resign t9 other
caught "examiner key replaced, chain re-signed" t9 "the registered public key hashes to"
caught "examiner key replaced (init names the real key)" t9 "the examiner's key was replaced"

fresh t10; "$TOOLS/tamper" append t10 other
caught "event appended by an unregistered key" t10 "event 5 (note): signed by key"

# A key slipped into the key table, posing as one init registered.
fresh t15; "$TOOLS/tamper" smuggle t15 other
caught "key smuggled into the key table" t15 "in the key table, but no event of the chain registered it"

# Columns the ingest event also recorded: an edit must show.
fresh t16; sql t16 "UPDATE evidence SET source = 'sensor 9' WHERE id = 3"
caught "edited evidence row (source label)" t16 "evidence 3 (c.bin): its source differs"
fresh t17; sql t17 "UPDATE evidence SET note = 'added later' WHERE id = 1"
caught "edited evidence row (note)" t17 "evidence 1 (a.bin): its note differs"
fresh t18; sql t18 "UPDATE evidence SET summary = '{\"forged\":1}' WHERE id = 2"
caught "edited evidence row (summary)" t18 "evidence 2 (b.txt): its summary differs"
fresh t19; sql t19 "UPDATE meta SET value = 'someone else' WHERE name = 'examiner'"
caught "examiner renamed in the case metadata" t19 "names examiner"

fresh t11; sql t11 "UPDATE evidence SET size = size + 1 WHERE id = 2"
caught "edited evidence row (size)" t11 "evidence 2 (b.txt): its size differs from what ingest event 3 recorded"

fresh t12; # (change the first digit to another one: a replace() with a fixed digit
# would do nothing one time in sixteen)
sql t12 "UPDATE evidence SET sha512 = CASE WHEN substr(sha512, 1, 1) = '0' THEN '1' ELSE '0' END || substr(sha512, 2) WHERE id = 1"
caught "edited evidence row (digest)" t12 "evidence 1 (a.bin): its sha512 differs"

fresh t13; sql t13 "INSERT INTO dns_message(evidence_id, loc_index, loc_offset, time_ns, qr, qname) VALUES (2, 1, 0, 0, 0, 'forged.example')"
caught "record added to evidence (--deep)" t13 "records were added, removed or edited" --deep

# A chain whose tail was cut verifies on its own; only a head published
# elsewhere shows it.
fresh t14
head=$(custody verify t14 --json | sed 's/.*"head":"\([0-9a-f]*\)".*/\1/')
printf 'late\n' > late.txt
custody ingest t14 --key key --format raw late.txt >/dev/null 2>&1
head2=$(custody verify t14 --json | sed 's/.*"head":"\([0-9a-f]*\)".*/\1/')
expect_exit 0 "uncut chain matches its published head" custody verify t14 --expect-head "$head2"
unlock t14
h=$(sha256sum late.txt | cut -d' ' -f1)
sql t14 "DELETE FROM events WHERE seq = 5; DELETE FROM evidence WHERE sha256 = '$h';"
rm -f "$(obj t14 late.txt)"
relock t14
expect_exit 0 "a cut tail alone is not visible" custody verify t14
caught "chain whose tail was cut (--expect-head)" t14 "head is $head, expected $head2" --expect-head "$head2"

# The examiner's public key, given to the reviewer out of band.
fresh t15
expect_exit 0 "verify --key with the examiner's key" custody verify t15 --key key.pub
caught "verify --key with another key" t15 "not the given key" --key other.pub
