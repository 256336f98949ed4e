# hostile.sh: custody review refuses hostile tars (made by
# tests/tools/gen-hostile, which writes raw headers) with exit 2 and a
# message naming the entry, and creates nothing outside its work
# directory. Each case runs in a fresh parent directory whose listing
# (outside the work directory) must not change.
. "$TOP/tests/e2e/lib.sh"

GEN=$TOOLS/gen-hostile
if [ ! -x "$GEN" ]; then
	notok "hostile: $GEN is not built"
	exit 0
fi

# hostile NAME ENTRY-TEXT: reviews $P/h.tar into $P/work, expects exit 2,
# ENTRY-TEXT in the message, and $P unchanged apart from work/.
hostile() {
	_name=$1 _want=$2
	(cd "$P" && find . -path ./work -prune -o -print | sort) > "$T/before"
	custody review "$P/h.tar" --workdir "$P/work" >"$T/out" 2>"$T/err"
	_rc=$?
	(cd "$P" && find . -path ./work -prune -o -print | sort) > "$T/after"
	if [ $_rc -eq 2 ]; then ok "hostile $_name: refused (exit 2)"
	else notok "hostile $_name: exit $_rc, wanted 2"; sed 's/^/#   /' "$T/out" "$T/err" | head -5; fi
	contains "hostile $_name: the message names the entry" "$T/err" "$_want"
	if cmp -s "$T/before" "$T/after"; then ok "hostile $_name: nothing created outside the work directory"
	else notok "hostile $_name: the parent directory changed"; diff "$T/before" "$T/after" | sed 's/^/#   /' | head -5; fi
}

# fresh: a new parent directory $P with an empty outside/ beside work/.
k=0
fresh() {
	k=$((k + 1)); P=$T/p$k; mkdir -p "$P/outside"
}

fresh; "$GEN" dotdot > "$P/h.tar"
hostile "../ escape" "entry 1 'top/../../escape.txt': refused: '..' component"
[ ! -e "$P/escape.txt" ] && [ ! -e "$T/escape.txt" ] && ok "hostile ../ escape: escape.txt exists nowhere" || notok "hostile ../ escape: escape.txt was written"

fresh; "$GEN" absolute "$P/outside/abs.txt" > "$P/h.tar"
hostile "absolute path" "refused: absolute path"
[ ! -e "$P/outside/abs.txt" ] && ok "hostile absolute path: the target was not created" || notok "hostile absolute path: the target was created"

fresh; "$GEN" symlink /etc > "$P/h.tar"
etc_before=$(ls -la /etc | sha256sum)
hostile "symlink to /etc" "entry 1 'top/link': refused: symbolic link to '/etc'"
[ "$(ls -la /etc | sha256sum)" = "$etc_before" ] && ok "hostile symlink to /etc: /etc untouched" || notok "hostile symlink to /etc: /etc changed"

fresh; "$GEN" symlink-file "$P/outside" > "$P/h.tar"
hostile "symlink then a file through it" "entry 1 'top/link': refused: symbolic link"
[ -z "$(ls -A "$P/outside")" ] && ok "hostile symlink then file: the link's target directory is still empty" || notok "hostile symlink then file: a file was planted through the link"

fresh; "$GEN" hardlink /etc/passwd > "$P/h.tar"
hostile "hard link" "entry 1 'top/hard': refused: hard link to '/etc/passwd'"

fresh; "$GEN" device > "$P/h.tar"
hostile "device node" "entry 1 'top/null': refused: character device"

fresh; "$GEN" fifo > "$P/h.tar"
hostile "FIFO" "entry 1 'top/fifo': refused: FIFO"

fresh; "$GEN" duplicate > "$P/h.tar"
hostile "duplicate entry" "entry 2 'top/a.txt': refused: duplicate"

fresh; "$GEN" bigsize > "$P/h.tar"
hostile "100 GiB declared size" "entry 1 'top/big': refused: declared size 107374182400 bytes"

# A gzip bomb: a 3 GiB entry of zeros, of which 256 MiB are compressed
# (about 1000:1); the reader must stop at its 100:1 limit, long before.
fresh
{ "$GEN" bomb-header; head -c 268435456 /dev/zero; } | gzip -1 > "$P/h.tar"
hostile "gzip bomb" "entry 1 'top/zeros': refused: compressed input expands past 100:1"
used=$(du -sk "$P/work" | cut -f1)
[ "$used" -lt 16384 ] && ok "hostile gzip bomb: under 16 MiB written before the refusal (${used} KiB)" || notok "hostile gzip bomb: ${used} KiB written"

fresh; "$GEN" deep > "$P/h.tar"
hostile "10,000-deep path" "refused: name longer than 1024 bytes (20005)"

fresh; "$GEN" nonutf8 > "$P/h.tar"
hostile "non-UTF-8 name" "entry 1 'top/bad-\\xff\\xfe.txt': refused: name is not UTF-8"

fresh; "$GEN" nfd > "$P/h.tar"
hostile "names equal after Unicode normalisation" "only by Unicode normalisation"

# Without --workdir the temporary work directory is removed afterwards.
fresh; "$GEN" symlink /etc > "$P/h.tar"
mkdir "$P/tmp"
TMPDIR=$P/tmp custody review "$P/h.tar" >/dev/null 2>&1
[ -z "$(ls -A "$P/tmp")" ] && ok "hostile: the default work directory is removed" || notok "hostile: the default work directory was left behind"

# --workdir must be empty (or absent).
fresh; "$GEN" good > "$P/h.tar"; mkdir "$P/work"; : > "$P/work/x"
expect_exit 2 "hostile: a non-empty --workdir is refused" custody review "$P/h.tar" --workdir "$P/work"
expect_exit 2 "hostile: a tar that is not a bundle cannot be checked" custody review "$P/h.tar" --workdir "$P/w2"
contains "hostile: ... and says why" "$T/err" "not a custody bundle"
printf 'not a tar at all\n' > "$P/n.tar"
expect_exit 2 "hostile: a file that is not a tar cannot be checked" custody review "$P/n.tar" --workdir "$P/w3"
