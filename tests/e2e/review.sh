# review.sh: custody review on bundles made by custody export: a good
# bundle passes every check (with and without --key), and each kind of
# tampering is caught by the check meant for it, with exit 1.
. "$TOP/tests/e2e/lib.sh"

if ! command -v custody-export >/dev/null 2>&1; then
	skip "review: custody export is not built on this branch"
	exit 0
fi
D=$TOP/tests/data/text
C=$TOP/casefiles/alfa-2016

new_case "$T/c" || { notok "review: cannot make a case"; exit 0; }
custody ingest "$T/c" --key "$T/key" --format bind --source ns1 --note "a test log" \
    "$D/bind-918.log" >/dev/null 2>&1 &&
custody ingest "$T/c" --key "$T/key" --format orgmap --source orgs "$D/orgmap.csv" >/dev/null 2>&1 &&
custody ingest "$T/c" --key "$T/key" --format csv --tz America/New_York --source claimed \
    "$D/local-ny.csv" >/dev/null 2>&1 &&
custody ingest "$T/c" --key "$T/key" --format events --source timeline "$D/events.csv" >/dev/null 2>&1 ||
	notok "review: ingest of the fixtures failed"
# An RFC 3161 token from a local authority, recorded before the export.
tsa=no
if make_tsa "$T/tsa" && custody timestamp "$T/c" --request "$T/req.tsq" >/dev/null 2>&1 &&
    tsa_reply "$T/tsa" "$T/req.tsq" "$T/resp.tsr" &&
    custody timestamp "$T/c" --reply "$T/resp.tsr" --key "$T/key" --ca "$T/tsa/ca.crt" >/dev/null 2>&1; then
	tsa=yes
fi
# Claims whose selectors name this case's labels (a selector that names
# no evidence is an error): one SUPPORTED, one UNTESTABLE (no capture).
cat > "$T/claims.ini" <<'EOF_CLAIMS'
[claim R1]
text   = the server's name was looked up
query  = lookup_count
host   = mail1.trump-email.com
evidence = ns1
expect = >= 1

[claim R2]
text   = no mail between the bank and the server
query  = tcp_sessions
port   = 25
org_a  = Alfa Bank
org_b  = Listrak, Inc.
evidence = ns1
expect = == 0
EOF_CLAIMS
expect_exit 0 "review: export a bundle with claims" \
    custody export "$T/c" -o "$T/b.tar" --key "$T/key" --claims "$T/claims.ini"
if grep -q warning "$T/err"; then notok "export: no warning within review's default limits"; else ok "export: no warning within review's default limits"; fi
TOPDIR=test-c

expect_exit 0 "review: a good bundle passes with --key" custody review "$T/b.tar" --pubkey "$T/key.pub"
cp "$T/out" "$T/good.out"
for check in tar bag layout keys signature:raw signature:minisign signature:signify \
    signature:ssh chain case-uco timestamp reingest records claims; do
	contains "review: PASS $check" "$T/good.out" "PASS $check "
done
if grep -q '^FAIL' "$T/good.out"; then notok "review: a good bundle has no FAIL line"; else ok "review: a good bundle has no FAIL line"; fi
[ "$(grep -c '^PASS reingest' "$T/good.out")" -eq 4 ] && ok "review: four originals re-ingested" || notok "review: four originals re-ingested"
contains "review: case.sql without record rows (the default), said so" "$T/good.out" \
    "PASS records case.sql carries no record rows (exported without --record-dump)"
check "export: case.sql has no record row by default" \
    test "$(tar -xOf "$T/b.tar" "$TOPDIR/data/case.sql" | grep -c '^INSERT INTO dns_message')" -eq 0

# --record-dump: case.sql with every record row, each table compared.
cp -a "$T/c" "$T/c2"
expect_exit 0 "review: export --record-dump" \
    custody export "$T/c2" -o "$T/b2.tar" --key "$T/key" --claims "$T/claims.ini" --record-dump
expect_exit 0 "review: a bundle with the record dump passes" custody review "$T/b2.tar" --pubkey "$T/key.pub"
[ "$(grep -c '^PASS records' "$T/out")" -eq 7 ] && ok "review: seven record tables compared" || notok "review: seven record tables compared"
check "review: --record-dump puts the record rows in case.sql" \
    test "$(tar -xOf "$T/b2.tar" "$TOPDIR/data/case.sql" | grep -c '^INSERT INTO dns_message')" -gt 0

# Review's limits are options; export warns before it writes past them.
expect_exit 2 "review --max-entry 1K: the bundle's originals are over it" \
    custody review "$T/b.tar" --pubkey "$T/key.pub" --max-entry 1K
contains "review --max-entry: ... the entry and the limit named" "$T/err" "1024"
expect_exit 2 "review --max-entries 10: the bundle has more" \
    custody review "$T/b.tar" --pubkey "$T/key.pub" --max-entries 10
expect_exit 2 "review --max-total 4K: the bundle holds more" \
    custody review "$T/b.tar" --pubkey "$T/key.pub" --max-total 4K
expect_exit 0 "review: limits above the bundle's pass" \
    custody review "$T/b.tar" --pubkey "$T/key.pub" --max-entry 1G --max-total 2G --max-entries 1000 --max-ratio 10
expect_exit 2 "review --max-entry 0: refused" custody review "$T/b.tar" --max-entry 0
expect_exit 2 "review --max-entries x: refused" custody review "$T/b.tar" --max-entries x
cp -a "$T/c" "$T/c3"
expect_exit 0 "export --max-entry 1K --max-entries 10: written all the same" \
    custody export -q "$T/c3" -o "$T/b3.tar" --key "$T/key" --max-entry 1K --max-entries 10
contains "export: warns of an entry over --max-entry" "$T/err" "over custody review's limit of 1024 bytes for one entry"
contains "export: warns of the entries over --max-entries" "$T/err" "over custody review's limit of 10 (review --max-entries)"
check "export: the bundle was written" test -s "$T/b3.tar"

if [ $tsa = yes ]; then
	contains "review: the token is found, unverified without --ca" "$T/good.out" "unverified: no --ca"
	expect_exit 0 "review: --ca verifies the token" custody review "$T/b.tar" --pubkey "$T/key.pub" --ca "$T/tsa/ca.crt"
	contains "review: ... and says so" "$T/out" "PASS timestamp data/timestamps/"
	make_tsa "$T/tsa2"
	expect_exit 1 "review: a token checked against another CA fails" custody review "$T/b.tar" --pubkey "$T/key.pub" --ca "$T/tsa2/ca.crt"
	contains "review: ... at the timestamp check" "$T/out" "FAIL timestamp"
else
	skip "review: time-stamp token (no local authority could be made)"
fi

expect_exit 0 "review: --json" custody review "$T/b.tar" --pubkey "$T/key.pub" --json
contains "review: --json says ok" "$T/out" '{"ok":true,'
contains "review: --json has checks" "$T/out" '"checks":[{"check":"tar","ok":true,'

expect_exit 0 "review: without --key, consistent but unverified" custody review "$T/b.tar"
contains "review: without --pubkey the signatures say unverified" "$T/out" "unverified: no --pubkey"

custody keygen -o "$T/other" >/dev/null 2>&1
expect_exit 1 "review: another --key fails" custody review "$T/b.tar" --pubkey "$T/other.pub"
contains "review: ... at the keys check" "$T/out" "FAIL keys the bundle's examiner key is"
contains "review: ... and every signature" "$T/out" "FAIL signature:ssh"
contains "review: ... and the chain" "$T/out" "FAIL chain"

expect_exit 0 "review: --workdir keeps the extracted bag and scratch case" \
    custody review "$T/b.tar" --pubkey "$T/key.pub" --workdir "$T/wd"
[ -f "$T/wd/bundle/$TOPDIR/bagit.txt" ] && [ -f "$T/wd/case/case.db" ] && ok "review: workdir holds bundle/ and case/" || notok "review: workdir holds bundle/ and case/"
custody bag-verify -q "$T/wd/bundle/$TOPDIR" 2>"$T/err" && ok "review: the exported bag passes bag-verify" || notok "review: the exported bag passes bag-verify"

# --- tampering. unpack; change; optionally re-hash the manifests as a
# forger without the key would; repack with GNU tar.
unpack() { rm -rf "$T/u"; mkdir "$T/u"; tar -xf "$T/b.tar" -C "$T/u"; B=$T/u/$TOPDIR; }
repack() { (cd "$T/u" && tar --format=pax -cf "$T/t.tar" "$TOPDIR"); }
# rehash: rewrite every manifest line from the files (a forger's move).
rehash() {
	for m in manifest-sha256.txt manifest-sha512.txt tagmanifest-sha256.txt tagmanifest-sha512.txt; do
		case $m in *256*) tool=sha256sum ;; *) tool=sha512sum ;; esac
		(cd "$B" && cut -d' ' -f3- "$m" | while IFS= read -r p; do $tool "$p"; done > "$m.new" && mv "$m.new" "$m")
	done
}
ev1=$(cd "$T" && tar -tf b.tar | grep "/data/evidence/" | grep bind | head -1)

unpack; printf 'X' | dd of="$T/u/$ev1" bs=1 seek=100 conv=notrunc 2>/dev/null; repack
expect_exit 1 "review tamper: one byte of an original" custody review "$T/t.tar" --pubkey "$T/key.pub"
contains "review tamper: ... caught by the manifest" "$T/out" "FAIL bag error: checksum: manifest-sha256.txt"

unpack; printf 'X' | dd of="$T/u/$ev1" bs=1 seek=100 conv=notrunc 2>/dev/null; rehash; repack
expect_exit 1 "review tamper: an original with manifests re-hashed" custody review "$T/t.tar" --pubkey "$T/key.pub"
contains "review tamper: ... caught by the signatures" "$T/out" "FAIL signature:raw"
contains "review tamper: ... and by re-ingest" "$T/out" "FAIL reingest"

rm -rf "$T/u"; mkdir "$T/u"; tar -xf "$T/b2.tar" -C "$T/u"; B=$T/u/$TOPDIR
n=$(grep -n '^INSERT INTO dns_message' "$B/data/case.sql" | head -1 | cut -d: -f1)
sed -i "${n}s/'udp'/'tcp'/" "$B/data/case.sql"; rehash; repack
expect_exit 1 "review tamper: a record row in case.sql" custody review "$T/t.tar" --pubkey "$T/key.pub"
contains "review tamper: ... caught by the record comparison" "$T/out" "FAIL records dns_message"

# A record row added to a case.sql exported without them.
unpack
sed -i '/^-- record rows left out/a INSERT INTO orgmap VALUES(1,1,1,0,'"'"'0.0.0.0/0'"'"',4,X'"'"'00000000'"'"',X'"'"'ffffffff'"'"','"'"'Everyone'"'"','"'"'forged'"'"',NULL,NULL);' "$B/data/case.sql"
rehash; repack
expect_exit 1 "review tamper: a record row added to a case.sql without them" custody review "$T/t.tar" --pubkey "$T/key.pub"
contains "review tamper: ... caught" "$T/out" "FAIL records case.sql holds"

unpack; sed -i 's/"verdict":"UNTESTABLE"/"verdict":"SUPPORTED"/' "$B/data/report/report.json"; rehash; repack
expect_exit 1 "review tamper: a verdict in report.json" custody review "$T/t.tar" --pubkey "$T/key.pub"
contains "review tamper: ... caught by the claims re-run" "$T/out" "FAIL claims claim"

unpack; head -n 3 "$B/data/custody.log" > "$B/log.tmp" && mv "$B/log.tmp" "$B/data/custody.log"; rehash; repack
expect_exit 1 "review tamper: the custody log cut short" custody review "$T/t.tar" --pubkey "$T/key.pub"
contains "review tamper: ... caught by the chain" "$T/out" "FAIL chain the last event"

unpack; sed -i 's/"uco-core:name": "ingest"/"uco-core:name": "seized"/' "$B/data/custody-case-uco.jsonld"
rehash; repack
expect_exit 1 "review tamper: an action renamed in the CASE/UCO file" custody review "$T/t.tar" --pubkey "$T/key.pub"
contains "review tamper: ... caught by regenerating it" "$T/out" "FAIL case-uco data/custody-case-uco.jsonld is not what"

unpack; printf 'smuggled\n' > "$B/notes.txt"; repack
expect_exit 1 "review tamper: an extra tag file" custody review "$T/t.tar" --pubkey "$T/key.pub"
contains "review tamper: ... caught by the layout" "$T/out" "FAIL layout tag file 'notes.txt'"

unpack; rm "$B/tagmanifest-sha256.txt.minisig"; repack
expect_exit 1 "review tamper: a signature removed" custody review "$T/t.tar" --pubkey "$T/key.pub"
contains "review tamper: ... is reported" "$T/out" "FAIL signature:minisign"

# The same bundle gzip-compressed is read (ratio well under the limit).
gzip -c "$T/b.tar" > "$T/b.tar.gz"
expect_exit 0 "review: a gzip-compressed bundle" custody review "$T/b.tar.gz" --pubkey "$T/key.pub"
