# docs.sh: the documentation says what the code does.
#
#   - every command (cmd/custody*.c) has docs/man/NAME.1, and the library
#     has docs/man/libcustody.3;
#   - every man page lints clean (mandoc -T lint);
#   - every long option in a command's longopts[] table or usage text
#     appears in its man page, and its EXIT STATUS lists 0, 1 and 2;
#   - every format custody-ingest knows is listed in custody-ingest.1;
#   - the hand-check recipe in docs/custody-model.md, run as written,
#     passes on a fresh case and fails on tampered copies of it.
. "$TOP/tests/e2e/lib.sh"

MAN=$TOP/docs/man

# render PAGE: the page as plain text (no overstrike), for option checks.
# Only mandoc renders mdoc reliably here; the Makefile installs it, and
# without it the option checks skip instead of grepping raw mdoc.
have_mandoc=0
command -v mandoc >/dev/null 2>&1 && have_mandoc=1
render() {
	mandoc -T ascii -O width=300 "$1" 2>/dev/null | sed 's/.\x08//g'
}

# long_opts FILE: the long options a command defines, one per line.
long_opts() {
	{
		sed -n 's/^[[:space:]]*{ "\([a-z][a-z0-9-]*\)", *[a-z_]*_argument,.*/\1/p' "$1"
		sed -n '/usage(FILE/,/^}/p' "$1" | grep -o -- '--[a-z][a-z0-9-]*' | sed 's/^--//'
	} | sort -u
}

# has_opt TEXT-FILE SOURCE OPT: the page mentions --OPT (rendered or source).
has_opt() {
	grep -qE -- "--$3([^a-z0-9-]|\$)" "$1" || grep -qE -- "Fl -$3([^a-z0-9-]|\$)" "$2"
}

for src in "$TOP"/cmd/custody*.c; do
	name=$(basename "$src" .c)
	page=$MAN/$name.1
	if [ ! -f "$page" ]; then
		notok "man page for $name (docs/man/$name.1 is missing)"
		continue
	fi
	ok "man page for $name"
	missing=
	if [ $have_mandoc = 1 ]; then
		render "$page" > "$T/page.txt"
		for opt in $(long_opts "$src"); do
			has_opt "$T/page.txt" "$page" "$opt" || missing="$missing --$opt"
		done
	fi
	if [ $have_mandoc = 0 ]; then
		skip "$name.1 documents every long option: mandoc is not installed (apt-get install mandoc)"
	elif [ -z "$missing" ]; then
		ok "$name.1 documents every long option of cmd/$name.c"
	else
		notok "$name.1 documents every long option of cmd/$name.c (missing:$missing)"
	fi
	# mdoc (.Sh, .It 0) or man (.SH, .TP then 0)
	st=$(sed -n '/^\.S[hH] EXIT STATUS/,/^\.S[hH] [^E]/p' "$page")
	if printf '%s\n' "$st" | grep -Eq '^(\.It )?0( |$)' &&
	    printf '%s\n' "$st" | grep -Eq '^(\.It )?1( |$)' &&
	    printf '%s\n' "$st" | grep -Eq '^(\.It )?2( |$)'; then
		ok "$name.1 EXIT STATUS lists 0, 1 and 2"
	else
		notok "$name.1 EXIT STATUS lists 0, 1 and 2"
	fi
done
check "man page for the library (libcustody.3)" test -f "$MAN/libcustody.3"

# Every page in docs/man lints clean.
if command -v mandoc >/dev/null 2>&1; then
	for page in "$MAN"/*.[0-9]; do
		if mandoc -T lint -W warning "$page" > "$T/lint" 2>&1; then
			ok "mandoc lint ${page##*/}"
		else
			notok "mandoc lint ${page##*/}"
			sed 's/^/#   /' "$T/lint" | head -5
		fi
	done
else
	skip "man page lint: mandoc is not installed (apt-get install mandoc)"
fi

# The formats custody-ingest knows are the ones its page lists.
formats=$(custody-ingest --help | sed -n 's/^formats: //p')
missing=
for f in $formats; do
	grep -qE "^\.It Li $f\$" "$MAN/custody-ingest.1" || missing="$missing $f"
done
if [ -n "$formats" ] && [ -z "$missing" ]; then
	ok "custody-ingest.1 lists every format ($formats)"
else
	notok "custody-ingest.1 lists every format (missing:$missing)"
fi

# The hand check of docs/custody-model.md, extracted and run as written.
need_cmd sqlite3 "hand check" || exit 0
need_cmd openssl "hand check" || exit 0
sed -n '/<!-- hand-check begin -->/,/<!-- hand-check end -->/p' "$TOP/docs/custody-model.md" |
    sed '/^<!--/d; /^```/d' > "$T/recipe.sh"
if [ ! -s "$T/recipe.sh" ]; then
	notok "hand-check recipe found in docs/custody-model.md"
	exit 0
fi
ok "hand-check recipe found in docs/custody-model.md"

new_case "$T/hc" || { notok "make a case for the hand check"; exit 0; }
printf '2016-09-23T13:56:29.000Z 192.0.2.15 mail1.trump-email.com A\n' > "$T/ns1.log"
head -c 100000 /dev/urandom > "$T/capture.bin"
custody ingest "$T/hc" --key "$T/key" --format raw --source "docs test" "$T/ns1.log" >/dev/null 2>&1
custody ingest "$T/hc" --key "$T/key" --format raw --note "tab	and \"quotes\"" "$T/capture.bin" >/dev/null 2>&1
head=$(custody verify "$T/hc" --json | sed -n 's/.*"head":"\([0-9a-f]*\)".*/\1/p')

# hand NAME WANT CASE HEAD: runs the recipe in a scratch directory; WANT is
# "pass" (exit 0 and "hand check passed") or "fail" (any other exit).
hand() {
	rm -rf "$T/scratch" && mkdir "$T/scratch"
	(cd "$T/scratch" && CASE=$3 PUB=$T/key.pub HEAD=$4 sh "$T/recipe.sh") > "$T/hc.out" 2>&1
	_rc=$?
	if [ "$2" = pass ] && [ $_rc -eq 0 ] && grep -q '^hand check passed$' "$T/hc.out"; then
		ok "$1"
	elif [ "$2" = fail ] && [ $_rc -ne 0 ]; then
		ok "$1"
	else
		notok "$1 (exit $_rc, wanted $2)"
		sed 's/^/#   /' "$T/hc.out" | tail -5
	fi
}

expect_exit 0 "custody verify passes the hand-check case" custody verify "$T/hc" --expect-head "$head"
hand "hand check passes a fresh case with its published head" pass "$T/hc" "$head"
check "hand check reaches the same head as custody verify" grep -q "^head $head\$" "$T/hc.out"
hand "hand check passes a fresh case without a head" pass "$T/hc" ""

cp -a "$T/hc" "$T/flip"
o=$(find "$T/flip/objects/sha256" -type f | head -1)
chmod u+w "$o" && printf 'X' | dd of="$o" bs=1 seek=3 conv=notrunc 2>/dev/null
hand "hand check fails a changed original" fail "$T/flip" "$head"

hand "hand check fails a head other than the published one" fail "$T/hc" \
    0000000000000000000000000000000000000000000000000000000000000000

cp -a "$T/hc" "$T/edit"
sqlite3 "$T/edit/case.db" "DROP TRIGGER events_no_update;
    UPDATE events SET line = replace(line, '\"docs test\"', '\"other\"') WHERE seq = 2;"
hand "hand check fails an edited custody line" fail "$T/edit" ""

cp -a "$T/hc" "$T/cut"
sqlite3 "$T/cut/case.db" "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 3;"
hand "hand check passes a cut log without a head (as documented)" pass "$T/cut" ""
hand "hand check fails a cut log against the published head" fail "$T/cut" "$head"

# Signatures still verify when whole events are swapped: only the number
# and previous-hash fields show it.
cp -a "$T/hc" "$T/swap"
sqlite3 "$T/swap/case.db" "DROP TRIGGER events_no_update;
    UPDATE events SET seq = -1 WHERE seq = 2; UPDATE events SET seq = 2 WHERE seq = 3;
    UPDATE events SET seq = 3 WHERE seq = -1;"
hand "hand check fails two swapped events" fail "$T/swap" ""
