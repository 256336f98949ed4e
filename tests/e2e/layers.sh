#!/bin/sh
# layers.sh: lib/ is layered (issue 18): tests/layers.sh passes on the
# tree as built, names a file of lib/'s top that belongs to no folder,
# and fails on a planted tree where a lower folder calls up or includes a
# higher folder's header (so the check itself can fail).
. "$(dirname "$0")/lib.sh"

dirs=$(sed -n 's/^LIB_DIRS *= *//p' "$TOP/Makefile")
if out=$(sh "$TOP/tests/layers.sh" "$TOP/lib" "$BUILD/lib" "$dirs" 2>&1); then
	ok "layers: lib/ is layered ($dirs)"
else
	notok "layers: lib/ is layered"; echo "$out" | sed 's/^/#   /'
fi

stray=$(cd "$TOP/lib" && ls *.c 2>/dev/null; cd "$TOP/lib" && ls *.h | grep -vx 'custody.h\|internal.h')
if [ -z "$stray" ]; then
	ok "layers: every lib/ source lives in a layer's folder (only custody.h and internal.h at the top)"
else
	notok "layers: files at lib/'s top that belong to no layer: $stray"
fi

# A planted tree: low/a.c calls high/b.c's function and includes its header.
mkdir -p src/low src/high obj/low obj/high
printf 'int custody_b(void);\n' > src/high/b.h
printf '#include "b.h"\nint custody_b(void) { return 1; }\n' > src/high/b.c
printf 'int custody_a(void);\nint custody_b(void);\nint custody_a(void) { return custody_b(); }\n' > src/low/a.c
printf '#include "b.h"\n' > src/low/c.h
printf '#include "internal.h"\n' > src/high/d.h
cc -c -Isrc/high -o obj/high/b.o src/high/b.c && cc -c -o obj/low/a.o src/low/a.c 2>/dev/null
out=$(sh "$TOP/tests/layers.sh" src obj "low high" 2>&1); rc=$?
if [ $rc -eq 1 ] && echo "$out" | grep -q 'low/a.o uses custody_b of high/b.o' &&
    echo "$out" | grep -q 'low/c.h includes b.h of high/' &&
    echo "$out" | grep -q 'high/d.h includes internal.h'; then
	ok "layers: an upward call, an upward include and an include of internal.h are each named"
else
	notok "layers: planted violations not found (exit $rc)"; echo "$out" | sed 's/^/#   /'
fi
rm src/high/d.h
out=$(sh "$TOP/tests/layers.sh" src obj "high low" 2>&1) &&
    ok "layers: the same tree, ordered the other way, passes" ||
    { notok "layers: the reversed order should pass"; echo "$out" | sed 's/^/#   /'; }

# README's source tree names every file of lib/.
missing=
for f in "$TOP"/lib/*/*.c "$TOP"/lib/store/case_internal.h; do
	grep -q "${f##*/}" "$TOP/README.md" || missing="$missing ${f#$TOP/}"
done
[ -z "$missing" ] && ok "layers: README's source tree names every lib/ file" ||
    notok "layers: README does not name:$missing"
