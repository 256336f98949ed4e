#!/bin/sh
# handover.sh: custody handover end to end. A case passes from its first
# key to a second held by another examiner; the first key can then sign
# nothing (refused, nothing changed); verify follows the chain and says who
# signed what; a line the old key forges after the handover is caught;
# the bundle carries both keys and reviews with either; a retirement,
# with a successor and without one (which closes the case), is recorded
# and enforced; bad handovers change nothing.
. "$(dirname "$0")/lib.sh"

new_case "$T/c" || { notok "handover: setup"; exit 0; }
for k in k2 k3 k4; do custody keygen -o "$T/$k" >/dev/null 2>&1 || notok "handover: keygen $k"; done
printf 'one\n' > "$T/one.txt"
printf 'two\n' > "$T/two.txt"
printf 'three\n' > "$T/three.txt"
custody ingest -q --format raw "$T/c" --key "$T/key" "$T/one.txt" >/dev/null 2>&1
id() { openssl pkey -pubin -in "$1" -outform DER 2>/dev/null | tail -c 32 | sha256sum | cut -c1-64; }
K1=$(id "$T/key.pub") K2=$(id "$T/k2.pub") K3=$(id "$T/k3.pub")
P1=$(echo "$K1" | cut -c1-16) P2=$(echo "$K2" | cut -c1-16)

# ---------------------------------------------------------------- refused, nothing changed
before=$(case_state "$T/c")
expect_exit 2 "handover: neither --to nor --retire" custody handover "$T/c" --key "$T/key"
expect_exit 2 "handover: --examiner without --to" \
    custody handover "$T/c" --key "$T/key" --retire --examiner X
expect_exit 2 "handover: to the key that holds the case" \
    custody handover "$T/c" --key "$T/key" --to "$T/key.pub"
expect_exit 2 "handover: a private key as --to" custody handover "$T/c" --key "$T/key" --to "$T/k2"
expect_exit 2 "handover: signed by a key that does not hold the case" \
    custody handover "$T/c" --key "$T/k2" --to "$T/k3.pub"
contains "handover: ... (one the case never had)" "$T/err" "is not registered in case test-c"
expect_exit 2 "handover: a successor name on two lines" \
    custody handover "$T/c" --key "$T/key" --to "$T/k2.pub" --examiner "$(printf 'a\nb')"
check "handover: the refused handovers changed nothing" test "$(case_state "$T/c")" = "$before"

# ---------------------------------------------------------------- the handover
expect_exit 0 "handover: --to with --examiner and --reason" \
    custody handover "$T/c" --key "$T/key" --to "$T/k2.pub" --examiner "B. Archivist" \
    --reason "the examiner left" --json
contains "handover: --json names both keys" "$T/out" "\"from_key\":\"$K1\",\"to_key\":\"$K2\",\"retired\":false"
custody log "$T/c" --json | tail -n 1 > "$T/ev.json"
contains "handover: the event names the successor" "$T/ev.json" "\"action\":\"handover\",\"subject\":\"key:$K2\""
contains "handover: ... its public key and holder" "$T/ev.json" "\"to_holder\":\"B. Archivist\""
contains "handover: ... and the reason" "$T/ev.json" "\"reason\":\"the examiner left\""
check "handover: the successor is in the key table" \
    test "$(sqlite3 "$T/c/case.db" "SELECT holder || ' ' || added_seq FROM keys WHERE key_id = '$K2'")" = "B. Archivist 3"

before=$(case_state "$T/c")
expect_exit 2 "handover: the old key can no longer sign" \
    custody ingest --format raw "$T/c" --key "$T/key" "$T/two.txt"
contains "handover: ... and is told who holds the case" "$T/err" "key $P2... holds it"
check "handover: ... nothing changed" test "$(case_state "$T/c")" = "$before"
expect_exit 2 "handover: nor hand the case over again" \
    custody handover "$T/c" --key "$T/key" --to "$T/k3.pub"
expect_exit 0 "handover: the successor signs" \
    custody ingest --format raw "$T/c" --key "$T/k2" "$T/two.txt"
custody log "$T/c" --json | tail -n 1 > "$T/ev.json"
contains "handover: ... as its holder" "$T/ev.json" "\"examiner\":\"B. Archivist\",\"key_id\":\"$K2\""
expect_exit 2 "handover: to a key that held the case before" \
    custody handover "$T/c" --key "$T/k2" --to "$T/key.pub"

# ---------------------------------------------------------------- verify
expect_exit 0 "handover: verify follows the handover" custody verify "$T/c"
contains "handover: verify says who signed what (first key)" "$T/out" \
    "ok keys: key $P1... (Test Examiner): registered by init, signed events 1 to 3 (3 events), handed the case over at event 3"
contains "handover: ... (successor)" "$T/out" \
    "ok keys: key $P2... (B. Archivist): registered by handover event 3, signed event 4, holds the case"
expect_exit 0 "handover: verify --key with the first key" custody verify "$T/c" --key "$T/key.pub"
expect_exit 0 "handover: verify --key with the successor" custody verify "$T/c" --key "$T/k2.pub"
contains "handover: ... which took the case over" "$T/out" "took the case over at event 3"
expect_exit 1 "handover: verify --key with a key of no handover" custody verify "$T/c" --key "$T/k3.pub"
expect_exit 0 "handover: verify --deep" custody verify --deep "$T/c"

# The old key forges a line after the handover (tamper appends a note
# signed by it, correctly chained): verify names it.
cp -R "$T/c" "$T/forged"
"$TOOLS/tamper" append "$T/forged" "$T/key" >/dev/null 2>&1 || notok "handover: tamper append"
expect_exit 1 "handover: a line signed by the old key after the handover" custody verify "$T/forged"
contains "handover: ... is named" "$T/err" "which handed over the case at event 3"

# ---------------------------------------------------------------- the bundle
expect_exit 0 "handover: export by the successor" \
    custody export "$T/c" -o "$T/b.tar" --key "$T/k2" --seal-time 2030-01-01T00:00:00Z
tar -tf "$T/b.tar" > "$T/list"
contains "handover: the bundle carries the first key" "$T/list" "test-c/data/keys/$K1.pem"
contains "handover: ... and the successor" "$T/list" "test-c/data/keys/$K2.pem"
tar -xOf "$T/b.tar" test-c/examiner.pem > "$T/sealer.pem"
check "handover: examiner.pem is the successor's key" test "$(id "$T/sealer.pem")" = "$K2"
tar -xOf "$T/b.tar" test-c/bag-info.txt > "$T/info"
contains "handover: Contact-Name is the successor's holder" "$T/info" "Contact-Name: B. Archivist"
expect_exit 0 "handover: review with the successor's key" custody review "$T/b.tar" --key "$T/k2.pub"
contains "handover: ... checks data/keys/" "$T/out" "PASS keys data/keys/ holds the 2 keys of the chain"
contains "handover: ... and says who signed what" "$T/out" "PASS keys key $P1... (Test Examiner)"
expect_exit 0 "handover: review with the first key" custody review "$T/b.tar" --key "$T/key.pub"
contains "handover: ... trusts the sealer through the handover" "$T/out" "(the successor of the --key given)"
expect_exit 1 "handover: review with a key of no handover" custody review "$T/b.tar" --key "$T/k3.pub"
contains "handover: ... fails the chain" "$T/out" "FAIL chain the chain was started by key $K1, and no handover names the --key given"

# A bundle whose successor key file was swapped for the first key's, the
# manifests re-hashed as a forger would: review names the file.
rm -rf "$T/u" && mkdir "$T/u" && tar -xf "$T/b.tar" -C "$T/u" 2>/dev/null && chmod -R u+w "$T/u" &&
cp "$T/u/test-c/data/keys/$K1.pem" "$T/u/test-c/data/keys/$K2.pem" &&
(cd "$T/u/test-c" && for m in manifest-sha256.txt manifest-sha512.txt tagmanifest-sha256.txt tagmanifest-sha512.txt; do
	case $m in *256*) tool=sha256sum ;; *) tool=sha512sum ;; esac
	cut -d' ' -f3- "$m" | while IFS= read -r p; do $tool "$p"; done > "$m.new" && mv "$m.new" "$m"
done) && (cd "$T/u" && tar --format=pax -cf "$T/t.tar" test-c)
expect_exit 1 "handover: review of a bundle with a swapped key file" custody review "$T/t.tar" --key "$T/k2.pub"
contains "handover: ... names it" "$T/out" "FAIL keys data/keys/$K2.pem does not hold key $K2"

# ---------------------------------------------------------------- retirement
expect_exit 0 "handover: --retire with --to" \
    custody handover "$T/c" --key "$T/k2" --to "$T/k3.pub" --retire
contains "handover: ... says so" "$T/out" "retired and handed the case over to key $K3"
custody ingest -q --format raw "$T/c" --key "$T/k3" "$T/three.txt" >/dev/null 2>&1 ||
	notok "handover: the successor of a retired key signs"
expect_exit 0 "handover: --retire alone retires the last key" \
    custody handover "$T/c" --key "$T/k3" --retire --reason archived
contains "handover: ... and closes the case" "$T/out" "retired; the case takes no further events"
printf 'four\n' > "$T/four.txt"
before=$(case_state "$T/c")
expect_exit 2 "handover: a closed case takes no event from the retired key" \
    custody ingest --format raw "$T/c" --key "$T/k3" "$T/four.txt"
contains "handover: ... and says why" "$T/err" "event 8 retired the last key of case test-c"
expect_exit 2 "handover: ... nor from any other" custody ingest --format raw "$T/c" --key "$T/k4" "$T/four.txt"
expect_exit 2 "handover: ... nor an export" custody export "$T/c" -o "$T/late.tar" --key "$T/k3"
check "handover: ... nothing changed, and no bundle" \
    sh -c "[ '$before' = \"\$(cd '$T/c' && find case.db objects -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum)\" ] && [ ! -e '$T/late.tar' ]"
expect_exit 0 "handover: a closed case verifies" custody verify "$T/c"
contains "handover: ... the retired key reported" "$T/out" "retired at event 8, closing the case"
contains "handover: ... the key retired with a successor too" "$T/out" "retired and handed the case over at event 6"
