#!/bin/sh
# byhand.sh: every command block of docs/verify-by-hand.md marked
# "<!-- check: NAME -->", run as written on a fresh bundle (with a time
# token from a local authority), must succeed; then, on a fresh copy of
# the bag with one byte changed in what that block checks, it must fail.
# A block whose tool is not installed is skipped. The blocks run on the
# bag as tar unpacks it (read-only), and as a user who is not root (when
# the test runs as root: nobody, through setpriv), as a reader would: a
# block that writes into the bag fails here as it would for them.
. "$(dirname "$0")/lib.sh"

DOC=$TOP/docs/verify-by-hand.md

# Extract the blocks: $T/blocks/NAME.sh
mkdir "$T/blocks"
awk -v dir="$T/blocks" '
	/^<!-- check: [a-z0-9-]+ -->$/ { name = $3; next }
	name != "" && /^```sh$/ { out = dir "/" name ".sh"; inblock = 1; next }
	inblock && /^```$/ { inblock = 0; name = ""; close(out); next }
	inblock { print > out }
' "$DOC"
check "byhand: the doc has its checks" test "$(ls "$T/blocks" | wc -l)" -ge 7

# A case with evidence, handed over from its first key to a second (the
# checks must follow the handover), a time token and an export by the
# second key.
new_case "$T/case" || { notok "byhand: setup"; exit 0; }
printf 'an original\n' > "$T/one.txt"
printf 'another, with a "quote" and a \\ backslash\n' > "$T/two.txt"
custody ingest -q --format raw "$T/case" --key "$T/key" "$T/one.txt" >/dev/null 2>&1
custody keygen -o "$T/key2" >/dev/null 2>&1 &&
    custody handover "$T/case" --key "$T/key" --to "$T/key2.pub" --examiner "Second Examiner" \
    --reason 'a "to_key_id":"0000" in a reason is no successor' >/dev/null 2>&1 ||
    notok "byhand: handover to a second key"
custody ingest -q --format raw "$T/case" --key "$T/key2" "$T/two.txt" >/dev/null 2>&1
tsa=false
if make_tsa "$T/tsa" && custody timestamp "$T/case" --request "$T/q.tsq" >/dev/null 2>&1 &&
    tsa_reply "$T/tsa" "$T/q.tsq" "$T/r.tsr" &&
    custody timestamp "$T/case" --reply "$T/r.tsr" --key "$T/key2" >/dev/null 2>&1; then
	tsa=true
fi
custody export -q "$T/case" -o "$T/bundle.tar" --key "$T/key2" --seal-time 2030-06-01T00:00:00Z ||
    { notok "byhand: export"; exit 0; }

# fresh DIR: the bag unpacked as the doc's step 1 does, in DIR, with the
# authority's certificate beside it; modes as the tar gives them (0444,
# 0555), readable by the user the blocks run as.
fresh() {
	{ [ ! -e "$1" ] || chmod -R u+w "$1"; } && rm -rf "$1" && mkdir -p "$1" &&
	    (cd "$1" && tar -xf "$T/bundle.tar" 2>/dev/null) && chmod 0755 "$1" && {
		[ "$tsa" = false ] || { chmod u+w "$1/test-case" &&
		    cp "$T/tsa/ca.crt" "$1/test-case/TSA_CA.pem" && chmod 0444 "$1/test-case/TSA_CA.pem" &&
		    chmod 0555 "$1/test-case"; }; }
}

# The user the blocks run as: this one, or nobody when this is root.
AS=
if [ "$(id -u)" -eq 0 ]; then
	if command -v setpriv >/dev/null 2>&1 &&
	    setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
		AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
		chmod 0755 "$T" # the unpacked bags are below it
		chmod 0644 "$T"/blocks/*.sh && chmod 0755 "$T/blocks"
		ok "byhand: the blocks run as nobody, not as root"
	else
		skip "byhand: as a user who is not root: setpriv cannot drop root here"
	fi
fi

# flip FILE [OFFSET]: changes one byte of FILE, in its middle by default
# (a hex digit or a letter stays printable, so only the content is wrong).
flip() {
	_off=${2:-$(($(wc -c < "$1") / 2))}
	_c=$(dd if="$1" bs=1 skip="$_off" count=1 2>/dev/null)
	if [ "$_c" = a ]; then _n=b; else _n=a; fi
	printf '%s' "$_n" | dd of="$1" bs=1 seek="$_off" conv=notrunc 2>/dev/null
}

# run NAME DIR: the block, as written, in the bag, as that user.
run() { (cd "$2/test-case" && $AS env HOME=/tmp sh -e "$T/blocks/$1.sh") >"$T/out" 2>&1; }

for block in "$T"/blocks/*.sh; do
	name=$(basename "$block" .sh)
	case $name in
	manifests) tools="sha256sum sha512sum"; target=data/custody.log ;;
	openssl) tools=openssl; target=tagmanifest-sha256.txt ;;
	minisign) tools=minisign; target=tagmanifest-sha256.txt ;;
	signify) tools=signify-openbsd; target=tagmanifest-sha256.txt ;;
	ssh) tools=ssh-keygen; target=tagmanifest-sha256.txt ;;
	chain) tools="openssl sha256sum"; target=data/custody.log ;;
	evidence) tools="sqlite3 sha256sum"; target=data/evidence ;;
	timestamp) tools=openssl; target=data/timestamps # a byte of the TSA's signature
		[ "$tsa" = true ] || { skip "byhand: $name: no local time-stamping authority"; continue; } ;;
	*) notok "byhand: $name: a check this test does not know"; continue ;;
	esac
	absent=
	for tool in $tools; do
		command -v "$tool" >/dev/null 2>&1 || absent=$tool
	done
	if [ -n "$absent" ]; then
		skip "byhand: $name: $absent is not installed"
		continue
	fi
	fresh "$T/good"
	if run "$name" "$T/good"; then
		ok "byhand: $name passes on the bundle"
	else
		notok "byhand: $name passes on the bundle"
		sed 's/^/#   /' "$T/out" | head -8
	fi
	fresh "$T/bad"
	if [ -d "$T/bad/test-case/$target" ]; then
		target=$target/$(ls "$T/bad/test-case/$target" | head -n 1)
	fi
	chmod u+w "$T/bad/test-case/$target"
	case $target in
	*.tsr) flip "$T/bad/test-case/$target" $(($(wc -c < "$T/bad/test-case/$target") - 5)) ;;
	*) flip "$T/bad/test-case/$target" ;;
	esac
	if run "$name" "$T/bad"; then
		notok "byhand: $name fails after one byte of $target changed"
	else
		ok "byhand: $name fails after one byte of $target changed"
	fi
done

# The chain check follows the handover: with the successor's key file
# holding the first key instead, or the first key's file missing, it fails.
if command -v openssl >/dev/null 2>&1 && [ -f "$T/blocks/chain.sh" ]; then
	k1=$(openssl pkey -pubin -in "$T/key.pub" -outform DER | tail -c 32 | sha256sum | cut -c1-64)
	k2=$(openssl pkey -pubin -in "$T/key2.pub" -outform DER | tail -c 32 | sha256sum | cut -c1-64)
	fresh "$T/good"
	check "byhand: chain: the bundle carries both keys of the handed-over case" \
	    test -f "$T/good/test-case/data/keys/$k1.pem" -a -f "$T/good/test-case/data/keys/$k2.pem"
	fresh "$T/bad"
	cp "$T/bad/test-case/data/keys/$k1.pem" "$T/bad/test-case/data/keys/$k2.pem"
	if run chain "$T/bad"; then
		notok "byhand: chain fails when the successor's key file holds the first key"
	else
		ok "byhand: chain fails when the successor's key file holds the first key"
	fi
	fresh "$T/bad"
	rm "$T/bad/test-case/data/keys/$k1.pem"
	if run chain "$T/bad"; then
		notok "byhand: chain fails without the first key's file"
	else
		ok "byhand: chain fails without the first key's file"
	fi
fi
