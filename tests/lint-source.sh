#!/bin/sh
# lint-source.sh: the part of `make lint` that checks the source against
# two house rules (STYLE.md): every untrusted byte goes through
# lib/reader.c, and no function lib/banned.h bans is called.
#
# 1. banned: a grep of lib/, cmd/ and ext/ (ext/ does not include
#    banned.h) for a call of a banned function; comments are skipped.
# 2. reader fields: every lib/ and cmd/ file but lib/reader.c is compiled
#    (-fsyntax-only) against a copy of lib/custody.h whose struct
#    custody_reader fields are renamed, so a file that reads r->data,
#    r->len or r->off by hand fails to compile. The copy lives in
#    build/lint/; lib/ is not touched.
# 3. pointer arithmetic on reader memory: a grep for what the reader's
#    API replaces, outside lib/reader.c:
#      custody_reader_ptr(r)[i], custody_reader_ptr(r) + n or - n,
#      *custody_reader_ptr(r), p - custody_reader_ptr(r),
#      memchr/memrchr/memmem/strchr/strrchr/strstr/strspn/strcspn over
#      custody_reader_ptr(r) (use custody_reader_find/word/field/until),
#      custody_reader_init(x, custody_reader_ptr(r), ...) (use sub,
#      window, chop).
#    Passing custody_reader_ptr() with custody_reader_left() to a function
#    that takes (bytes, length) is the intended use and is not matched.
#
# Environment: CC, CFLAGS (the build's ALL_CFLAGS), BUILD.
set -u
BUILD=${BUILD:-build}
CC=${CC:-cc}
fail=0

banned='strcpy|strcat|strncpy|strncat|sprintf|vsprintf|sscanf|atoi|atol|atoll|atof|strtok|gmtime|localtime|ctime|ctime_r|asctime|asctime_r|gets|mktemp|tmpnam'
# strip /* ... */ on one line and lines inside block comments (" * ...")
hits=$(grep -nE "(^|[^A-Za-z0-9_.>])($banned)[[:space:]]*\\(" lib/*.c lib/*.h cmd/*.c cmd/*.h ext/*.c ext/*.h 2>/dev/null |
    grep -v '^lib/banned.h:' |
    sed 's|/\*.*\*/||g' | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(\*|/\*)' |
    grep -E "(^|[^A-Za-z0-9_.>])($banned)[[:space:]]*\\(")
if [ -n "$hits" ]; then
	echo "lint-source: banned functions (lib/banned.h says what to use instead):"
	echo "$hits"
	fail=1
fi

arith='custody_reader_ptr\([^()]*\)[[:space:]]*(\[|\+|-[^>])|\*[[:space:]]*custody_reader_ptr\(|-[[:space:]]*(\(const [a-z0-9_ ]+\*\))?[[:space:]]*custody_reader_ptr\(|(memchr|memrchr|memmem|strchr|strrchr|strstr|strspn|strcspn)[[:space:]]*\([[:space:]]*(\(const [a-z0-9_ ]+\*\))?[[:space:]]*custody_reader_ptr\(|custody_reader_init\([^,]*,[[:space:]]*custody_reader_ptr\('
hits=$(grep -nE "$arith" lib/*.c cmd/*.c ext/*.c 2>/dev/null | grep -v '^lib/reader.c:')
if [ -n "$hits" ]; then
	echo "lint-source: pointer arithmetic on reader memory outside lib/reader.c:"
	echo "$hits"
	fail=1
fi

L=$BUILD/lint
rm -rf "$L" && mkdir -p "$L/lib" "$L/cmd" || exit 1
cp lib/*.h lib/*.c "$L/lib/" && cp cmd/*.h cmd/*.c "$L/cmd/" || exit 1
sed -e '/^struct custody_reader {$/,/^};$/s/\(data\|len\|off\);$/sealed_\1;/' lib/custody.h > "$L/lib/custody.h"
grep -q 'sealed_off;' "$L/lib/custody.h" || { echo "lint-source: could not seal custody.h"; exit 1; }
for f in "$L"/lib/*.c "$L"/cmd/*.c; do
	case $f in */lib/reader.c) continue ;; esac
	# shellcheck disable=SC2086
	out=$($CC $CFLAGS -DCUSTODY_VERSION='"lint"' -I"$L/lib" -fsyntax-only "$f" 2>&1) || {
		echo "lint-source: ${f#"$L"/} touches struct custody_reader's fields (only lib/reader.c may):"
		echo "$out" | grep -E 'sealed_|error' | head -5
		fail=1
	}
done
[ $fail -eq 0 ] && echo "lint-source: ok (banned functions, reader fields, reader pointer arithmetic)"
exit $fail
