#!/bin/sh
# export.sh: custody export and custody timestamp end to end. The bundle
# is listed with tar, its order checked with sort, its bytes compared
# across copies of a case (--seal-time and SOURCE_DATE_EPOCH), its time
# tokens checked with openssl ts against a local authority; refused
# exports change nothing and leave no file.
. "$(dirname "$0")/lib.sh"

SEAL=2030-01-02T03:04:05Z
SEAL_S=1893553445 # the same instant in seconds

new_case "$T/case" || { notok "export: setup"; exit 0; }
printf 'first original\n' > "$T/notes one.txt"
printf 'second \303\251t\303\251\n' > "$T/$(printf '\303\251t\303\251.log')"
head -c 200000 /dev/urandom > "$T/blob.bin"
for f in "$T/notes one.txt" "$T/$(printf '\303\251t\303\251.log')" "$T/blob.bin"; do
	custody ingest -q --format raw "$T/case" --key "$T/key" "$f" >/dev/null 2>&1 ||
	    notok "export: ingest $f"
done

# ---------------------------------------------------------------- trusted time
have_tsa=false
if make_tsa "$T/tsa"; then
	have_tsa=true
	expect_exit 0 "timestamp --request writes a request" \
	    custody timestamp "$T/case" --request "$T/req.tsq"
	cp "$T/req.tsq" "$T/req.kept"
	expect_exit 2 "timestamp --request does not overwrite a file" \
	    custody timestamp "$T/case" --request "$T/req.tsq"
	contains "timestamp --request: ... and says so" "$T/err" "req.tsq: already exists; not overwritten"
	check "timestamp --request: ... leaving it as it was" cmp -s "$T/req.tsq" "$T/req.kept"
	custody log --raw "$T/case" | tail -n 1 | cut -f1 | tr -d '\n' > "$T/head.line"
	if tsa_reply "$T/tsa" "$T/req.tsq" "$T/resp.tsr"; then
		check "timestamp: the token is over the custody head line (openssl ts -verify)" \
		    sh -c "openssl ts -verify -in '$T/resp.tsr' -data '$T/head.line' \
		    -CAfile '$T/tsa/ca.crt' >/dev/null 2>&1"
		check "timestamp: and over nothing else" sh -c "printf x >> '$T/head.line' &&
		    ! openssl ts -verify -in '$T/resp.tsr' -data '$T/head.line' \
		    -CAfile '$T/tsa/ca.crt' >/dev/null 2>&1"
		before=$(case_state "$T/case")
		expect_exit 1 "timestamp: a reply from an untrusted CA is refused" \
		    custody timestamp "$T/case" --reply "$T/resp.tsr" --key "$T/key" \
		    --ca "$T/tsa/tsa.crt"
		check "timestamp: the refused reply changed nothing" \
		    test "$(case_state "$T/case")" = "$before"
		cp "$T/resp.tsr" "$T/bad.tsr"
		# One byte of the TSA's signature (the DER still parses).
		printf 'X' | dd of="$T/bad.tsr" bs=1 seek=$(($(wc -c < "$T/bad.tsr") - 5)) \
		    conv=notrunc 2>/dev/null
		expect_exit 1 "timestamp: a reply with a damaged signature is refused" \
		    custody timestamp "$T/case" --reply "$T/bad.tsr" --key "$T/key" --ca "$T/tsa/ca.crt"
		expect_exit 0 "timestamp --reply --ca records the token" \
		    custody timestamp "$T/case" --reply "$T/resp.tsr" --key "$T/key" --ca "$T/tsa/ca.crt"
		contains "timestamp: signature and chain checked" "$T/out" "signature and chain"
		printf 'garbage' > "$T/garbage.tsr"
		expect_exit 2 "timestamp: a file that is no reply is an input error" \
		    custody timestamp "$T/case" --reply "$T/garbage.tsr" --key "$T/key"
		expect_exit 2 "timestamp: the same reply twice is refused" \
		    custody timestamp "$T/case" --reply "$T/resp.tsr" --key "$T/key"
		contains "timestamp: says it is recorded already" "$T/err" "recorded already"
		expect_exit 0 "timestamp: the case still verifies (token kept, not an orphan)" \
		    custody verify "$T/case"
		# A reply to another request (other nonce, other head).
		custody timestamp "$T/case" --request "$T/req2.tsq" >/dev/null 2>&1
		cp -a "$T/case" "$T/other"
		custody timestamp "$T/other" --request "$T/req3.tsq" >/dev/null 2>&1
		tsa_reply "$T/tsa" "$T/req3.tsq" "$T/resp3.tsr"
		expect_exit 1 "timestamp: a reply to another request is refused" \
		    custody timestamp "$T/case" --reply "$T/resp3.tsr" --key "$T/key"
		contains "timestamp: says why" "$T/err" "does not answer the request"
		chmod -R u+w "$T/other"; rm -rf "$T/other"
	else
		notok "timestamp: the local authority did not grant"
		have_tsa=false
	fi
else
	skip "timestamp: cannot make a local TSA with openssl"
fi

# ---------------------------------------------------------------- export
cp -a "$T/case" "$T/copy1"
cp -a "$T/case" "$T/copy2"
cp -a "$T/case" "$T/copy3"
expect_exit 0 "export: seals the case" \
    custody export "$T/case" -o "$T/b.tar" --key "$T/key" --seal-time "$SEAL"
contains "export: says where" "$T/out" "bundle:"
tar -tvf "$T/b.tar" > "$T/list" 2>"$T/err"
check "export: tar lists it" test -s "$T/list"
check "export: one top directory, the case id" sh -c \
    "tar -tf '$T/b.tar' | grep -v '^test-case/' | grep -q . && exit 1 || exit 0"
check "export: entries byte-sorted" sh -c "tar -tf '$T/b.tar' | LC_ALL=C sort -c"
check "export: modes 0555/0444, owner 0/0" sh -c \
    "! grep -v -e '^dr-xr-xr-x 0/0 ' -e '^-r--r--r-- 0/0 ' '$T/list'"
check "export: every time the seal time" sh -c \
    "! grep -v ' 2030-01-02 03:04 ' '$T/list'"
check "export: no atime, ctime or extended attributes recorded" sh -c \
    "! strings '$T/b.tar' | grep -q -e 'atime=' -e 'ctime=' -e 'SCHILY' -e 'LIBARCHIVE'"
tar -tf "$T/b.tar" > "$T/list.names"
for f in bagit.txt bag-info.txt manifest-sha256.txt manifest-sha512.txt \
    tagmanifest-sha256.txt tagmanifest-sha512.txt tagmanifest-sha256.txt.ed25519 \
    tagmanifest-sha256.txt.minisig tagmanifest-sha256.txt.sig tagmanifest-sha256.txt.sshsig \
    examiner.pem examiner.minisign.pub examiner.signify.pub allowed_signers \
    data/case.sql data/custody.log data/queries/lookup_count.sql; do
	check "export: has $f" grep -q "^test-case/$f\$" "$T/list.names"
done
check "export: originals named by digest and a safe name" sh -c \
    "tar -tf '$T/b.tar' | grep -q '^test-case/data/evidence/[0-9a-f]\{64\}-notes_one.txt\$' &&
     tar -tf '$T/b.tar' | grep -q '^test-case/data/evidence/[0-9a-f]\{64\}-__t__.log\$'"
if $have_tsa; then
	check "export: includes the time-stamp token" sh -c \
	    "tar -tf '$T/b.tar' | grep -q '^test-case/data/timestamps/[0-9]*.tsr\$'"
fi
mkdir "$T/x" && tar -xf "$T/b.tar" -C "$T/x" 2>/dev/null
B=$T/x/test-case
check "export: manifests check with sha256sum/sha512sum" sh -c \
    "cd '$B' && sha256sum -c --quiet manifest-sha256.txt && sha512sum -c --quiet manifest-sha512.txt &&
     sha256sum -c --quiet tagmanifest-sha256.txt && sha512sum -c --quiet tagmanifest-sha512.txt"
check "export: Payload-Oxum counts data/" sh -c \
    "cd '$B' && n=\$(find data -type f | wc -l) && s=\$(find data -type f -exec cat {} + | wc -c) &&
     grep -qx \"Payload-Oxum: \$s.\$n\" bag-info.txt"
check "export: the log ends with the export event at the seal time" sh -c \
    "tail -n 1 '$B/data/custody.log' | grep -q '^custody-event/1 [0-9]* 2030-01-02T03:04:05.000000Z [0-9a-f]* export bag:test-case '"
check "export: the bundle's log is the case's log" sh -c \
    "custody log --raw '$T/case' | cmp -s - '$B/data/custody.log'"
check "export: Custody-Head is the case's head" sh -c \
    "grep -qx \"Custody-Head: \$(tail -n 1 '$B/data/custody.log' | cut -f1 | tr -d '\n' | sha256sum | cut -c1-64)\" '$B/bag-info.txt'"
check "export: case.sql loads into sqlite3" sh -c \
    "sqlite3 '$T/reload.db' < '$B/data/case.sql' &&
     test \"\$(sqlite3 '$T/reload.db' 'SELECT count(*) FROM evidence')\" = 3"
expect_exit 0 "export: the case verifies afterwards" custody verify "$T/case"

# ---------------------------------------------------------------- determinism
expect_exit 0 "determinism: export a copy with --seal-time" \
    custody export "$T/copy1" -q -o "$T/one.tar" --key "$T/key" --seal-time "$SEAL"
mkdir "$T/elsewhere"
SOURCE_DATE_EPOCH=$SEAL_S expect_exit 0 "determinism: export a copy with SOURCE_DATE_EPOCH" \
    custody export "$T/copy2" -q -o "$T/elsewhere/two.tar" --key "$T/key"
check "determinism: same case, same seal time: byte-identical" cmp "$T/one.tar" "$T/elsewhere/two.tar"
check "determinism: and identical to the first export" cmp "$T/one.tar" "$T/b.tar"
expect_exit 0 "determinism: export a copy one second later" \
    custody export "$T/copy3" -q -o "$T/three.tar" --key "$T/key" --seal-time @$((SEAL_S + 1))
check "determinism: another seal time gives another file" sh -c "! cmp -s '$T/one.tar' '$T/three.tar'"

# ---------------------------------------------------------------- claims
# The case holds raw files only: claims that name no evidence (a selector
# naming none would be an error), UNTESTABLE here.
cat > "$T/claims.ini" <<'EOF_CLAIMS'
[claim E1]
text   = the server's name was looked up
query  = lookup_count
host   = mail1.trump-email.com
expect = >= 1
EOF_CLAIMS
cp -a "$T/copy1" "$T/copy4"
expect_exit 0 "claims: export --claims runs and includes them" \
    custody export "$T/copy4" -o "$T/claims.tar" --key "$T/key" --seal-time @$((SEAL_S + 5)) \
    --claims "$T/claims.ini" --json
contains "claims: --json names the head" "$T/out" '"head":"'
check "claims: claims file and report in the bundle" sh -c \
    "tar -tf '$T/claims.tar' | grep -q '^test-case/data/claims/claims.ini\$' &&
     tar -tf '$T/claims.tar' | grep -q '^test-case/data/report/report.json\$' &&
     tar -tf '$T/claims.tar' | grep -q '^test-case/data/report/report.html\$'"
check "claims: the export event records the claims file's hash" sh -c \
    "tar -xOf '$T/claims.tar' test-case/data/custody.log | tail -n 1 |
     grep -q \"\\\"claims_sha256\\\":\\\"\$(sha256sum < '$T/claims.ini' | cut -c1-64)\\\"\""

# ---------------------------------------------------------------- refusals
state=$(case_state "$T/case")
printf 'keep' > "$T/exists.tar"
expect_exit 2 "refuse: an existing bundle is not overwritten" \
    custody export "$T/case" -o "$T/exists.tar" --key "$T/key" --seal-time 2031-01-01T00:00:00Z
check "refuse: it is unchanged" test "$(cat "$T/exists.tar")" = keep
expect_exit 2 "refuse: a seal time that is no time" \
    custody export "$T/case" -o "$T/n1.tar" --key "$T/key" --seal-time yesterday
SOURCE_DATE_EPOCH=soon expect_exit 2 "refuse: a SOURCE_DATE_EPOCH that is no number" \
    custody export "$T/case" -o "$T/n2.tar" --key "$T/key"
expect_exit 2 "refuse: a seal time before the last event" \
    custody export "$T/case" -o "$T/n3.tar" --key "$T/key" --seal-time 2001-01-01T00:00:00Z
expect_exit 2 "refuse: no key" custody export "$T/case" -o "$T/n4.tar"
custody keygen -o "$T/other.key" >/dev/null 2>&1
expect_exit 2 "refuse: a key the case does not know" \
    custody export "$T/case" -o "$T/n5.tar" --key "$T/other.key" --seal-time 2031-01-01T00:00:00Z
expect_exit 2 "refuse: a bad claims file" \
    custody export "$T/case" -o "$T/n6.tar" --key "$T/key" --seal-time 2031-01-01T00:00:00Z \
    --claims "$T/notes one.txt"
check "refuse: none of them changed the case" test "$(case_state "$T/case")" = "$state"
check "refuse: none of them left a file" sh -c "! ls '$T' | grep -q -e '^n[0-9].tar' -e 'tmp-'"
# A stored original changed behind the case's back: exit 1, no bundle.
obj=$(find "$T/copy2/objects" -type f | head -n 1)
chmod u+w "$obj" && printf 'x' >> "$obj"
expect_exit 1 "refuse: a changed original (exit 1)" \
    custody export "$T/copy2" -o "$T/n7.tar" --key "$T/key" --seal-time 2031-01-01T00:00:00Z
check "refuse: and writes no bundle" test ! -e "$T/n7.tar"

# ---------------------------------------------------------------- export --tsa-reply
if $have_tsa; then
	cp -a "$T/case" "$T/tc"
	custody timestamp "$T/tc" --request "$T/tc.tsq" >/dev/null 2>&1
	if tsa_reply "$T/tsa" "$T/tc.tsq" "$T/tc.tsr"; then
		state=$(case_state "$T/tc")
		# resp3.tsr (above) answers another case's request: wrong imprint and nonce.
		expect_exit 1 "export --tsa-reply: a reply to another request is refused" \
		    custody export "$T/tc" -o "$T/tc0.tar" --key "$T/key" --tsa-reply "$T/resp3.tsr"
		check "export --tsa-reply: and nothing was recorded" \
		    test "$(case_state "$T/tc")" = "$state"
		check "export --tsa-reply: or written" test ! -e "$T/tc0.tar"
		expect_exit 0 "export --tsa-reply: records the reply and seals" \
		    custody export "$T/tc" -o "$T/tc.tar" --key "$T/key" --tsa-reply "$T/tc.tsr"
		mkdir "$T/tcx" && tar -xf "$T/tc.tar" -C "$T/tcx" 2>/dev/null
		check "export --tsa-reply: the bundle carries that very token" sh -c \
		    "for f in '$T'/tcx/*/data/timestamps/*.tsr; do cmp -s \"\$f\" '$T/tc.tsr' && exit 0; done; exit 1"
		expect_exit 0 "export --tsa-reply: the same reply again is no error" \
		    custody export "$T/tc" -o "$T/tc2.tar" --key "$T/key" --tsa-reply "$T/tc.tsr"
	else
		notok "export --tsa-reply: the local authority did not grant"
	fi
fi
