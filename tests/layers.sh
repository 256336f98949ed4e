#!/bin/sh
# layers.sh SRCDIR OBJDIR "DIR DIR ...": lib/ is layered (issue 18): the
# folders, lowest first, and a file may use only its own folder and the
# folders before it. Two checks, each printing every violation:
#  - symbols: every custody_* function or object a folder's objects use
#    (nm: U) and another lib object defines is defined in the same folder
#    or a lower one: the real dependency, whatever the headers say;
#  - includes: a file includes no header (#include "x.h") that lives in a
#    higher folder, nor lib/internal.h, which includes every layer's header
#    (each folder has its own: base.h ... synth.h, each including the one
#    below; internal.h is for tests).
# lib/custody.h, the public API at lib/'s top, is everyone's.
# Exit 0 when lib/ is layered, 1 with the list when not, 2 on bad use.
set -u
[ $# -eq 3 ] || { echo "usage: layers.sh SRCDIR OBJDIR \"DIRS\"" >&2; exit 2; }
src=$1 obj=$2 dirs=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

rank=0
for d in $dirs; do
	rank=$((rank + 1))
	[ -d "$src/$d" ] || { echo "layers.sh: no folder $src/$d" >&2; exit 2; }
	for f in "$src/$d"/*.[ch]; do
		[ -e "$f" ] && echo "${f##*/} $d $rank"
	done
	for o in "$obj/$d"/*.o; do
		[ -e "$o" ] || continue
		nm "$o" | awk -v o="${o##*/}" -v d="$d" -v r="$rank" '
			$1 == "U" && $2 ~ /^custody_/ { print "U", $2, o, d, r }
			NF == 3 && $2 ~ /^[TDBR]$/ && $3 ~ /^custody_/ { print "D", $3, o, d, r }'
	done >> "$tmp/syms"
done > "$tmp/files"
[ -s "$tmp/syms" ] || { echo "layers.sh: no objects under $obj" >&2; exit 2; }

# Symbols: a use whose definition is in a higher folder.
awk 'NR == FNR { if ($1 == "D") { def[$2] = $3; dd[$2] = $4; dr[$2] = $5 } next }
	$1 == "U" && ($2 in def) && dr[$2] + 0 > $5 + 0 {
		printf "%s/%s uses %s of %s/%s, a higher layer\n", $4, $3, $2, dd[$2], def[$2]
	}' "$tmp/syms" "$tmp/syms" > "$tmp/bad"

# Includes: a quoted header that lives in a higher folder.
for d in $dirs; do
	for f in "$src/$d"/*.[ch]; do
		[ -e "$f" ] || continue
		sed -n 's/^#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$f" |
		    awk -v f="$d/${f##*/}" -v d="$d" 'NR == FNR { folder[$1] = $2; rk[$1] = $3; if ($2 == d) mine = $3; next }
			($1 in folder) && rk[$1] + 0 > mine + 0 {
				printf "%s includes %s of %s/, a higher layer\n", f, $1, folder[$1]
			}
			$1 == "internal.h" {
				printf "%s includes internal.h, every layer: include its own folder'"'"'s header\n", f
			}' "$tmp/files" -
	done
done >> "$tmp/bad"

if [ -s "$tmp/bad" ]; then
	sort -u "$tmp/bad"
	echo "layers.sh: $(sort -u "$tmp/bad" | wc -l) uses against the layers ($dirs)"
	exit 1
fi
echo "layers.sh: lib/ is layered: $dirs"
