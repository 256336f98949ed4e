# bagit-conformance.sh: custody bag-verify against the Library of Congress
# BagIt conformance suite (../shared/data/bagit-conformance, CASES.tsv).
#
# One "ok" per case: valid bags exit 0 with no error line; invalid bags
# (invalid/, linux-only/, windows-only/) exit 1 and report the reason the
# TSV gives, mapped below to bag-verify's stable keyword; warning bags
# exit 0 with a "warning: KEYWORD" line. Skips when the suite is absent.
. "$TOP/tests/e2e/lib.sh"

SUITE=$SHARED/bagit-conformance
if [ ! -f "$SUITE/CASES.tsv" ]; then
	skip "bagit conformance suite: $SUITE is absent"
	exit 0
fi

# keyword VERSION CASE: the keyword the expected reason maps to.
keyword() {
	case "$2" in
	baginfo-missing-encoding) echo "error: encoding" ;;
	bom-in-bagit.txt) echo "error: bom" ;;
	corrupt-data-file) echo "error: checksum: manifest-" ;;
	corrupt-tag-file) echo "error: checksum: tagmanifest-" ;;
	extra-file-in-bag) echo "error: unlisted" ;;
	invalid-version-number) echo "error: version" ;;
	missing-baginfo) echo "error: missing: tagmanifest-md5.txt:1: 'bag-info.txt'" ;;
	missing-bagit.txt) echo "error: missing-bagit" ;;
	out-of-scope-*) echo "error: out-of-scope" ;;
	same-filename-listed-twice-with-different-hashes) echo "error: duplicate" ;;
	bagit-with-invalid-whitespace) echo "error: whitespace" ;;
	notAllManifestsListAllFiles) echo "error: unlisted" ;;
	same-filename-listed-twice-with-the-same-hash)
		if [ "$1" = v1.0 ]; then echo "error: duplicate"; else echo "warning: duplicate"; fi ;;
	duplicate-file-with-different-case) echo "warning: case" ;;
	made-with-md5sum-tools) echo "warning: md5sum-marker" ;;
	relative-path) echo "warning: relative-path" ;;
	same-filename-listed-twice-with-different-normalization) echo "warning: normalization" ;;
	special-system-files) echo "warning: system-file" ;;
	*) echo "" ;;
	esac
}

n=0
while IFS='	' read -r ver cat name expected what; do
	[ "$ver" = version ] && continue
	n=$((n + 1))
	bag=$SUITE/$ver/$cat/$name
	id="bagit $ver/$cat/$name"
	custody bag-verify -q "$bag" >"$T/out" 2>"$T/err"
	rc=$?
	kw=$(keyword "$ver" "$name")
	case "$expected" in
	pass)
		if [ $rc -eq 0 ] && ! grep -q ': error: ' "$T/err"; then ok "$id: valid"
		else notok "$id: valid (exit $rc) -- $what"; sed 's/^/#   /' "$T/err" | head -5; fi ;;
	pass+warn)
		if [ -z "$kw" ]; then notok "$id: no keyword mapped for this case"
		elif [ $rc -eq 0 ] && grep -qF -- "$kw" "$T/err"; then ok "$id: valid with '$kw'"
		else notok "$id: wanted exit 0 and '$kw' (exit $rc) -- $what"; sed 's/^/#   /' "$T/err" | head -5; fi ;;
	fail)
		if [ -z "$kw" ]; then notok "$id: no keyword mapped for this case"
		elif [ $rc -eq 1 ] && grep -qF -- "$kw" "$T/err"; then ok "$id: invalid for '$kw'"
		else notok "$id: wanted exit 1 and '$kw' (exit $rc) -- $what"; sed 's/^/#   /' "$T/err" | head -5; fi ;;
	*)
		notok "$id: unknown expectation '$expected'" ;;
	esac
done < "$SUITE/CASES.tsv"
if [ $n -eq 60 ]; then ok "bagit suite: all 60 cases of CASES.tsv were run"
else notok "bagit suite: ran $n cases, CASES.tsv at this commit has 60"; fi

# The validator never reads outside the bag: a copy of the dot-notation
# case with the file its "../../../README.md" line names placed where
# that path leads must still fail for the path, not pass on the hash.
mkdir -p "$T/a/b/c"
cp -R "$SUITE/v0.97/invalid/out-of-scope-file-paths-using-dot-notation" "$T/a/b/c/bag"
printf 'x' > "$T/a/README.md"
expect_exit 1 "bagit: a ../ manifest line is refused even when the target exists" \
    custody bag-verify "$T/a/b/c/bag"
contains "bagit: ../ is reported as out-of-scope" "$T/err" "out-of-scope"
expect_exit 2 "bagit: a missing directory cannot be checked (exit 2)" custody bag-verify "$T/none"
