#!/bin/sh
# lint-source.sh: the part of `make lint` that checks the source against
# two house rules (STYLE.md): every untrusted byte goes through
# lib/base/reader.c, and no function lib/base/banned.h bans is called.
#
# 1. banned: a grep of lib/, cmd/ and lib/sql/ext/ (the extension does not include
#    banned.h) for a call of a banned function; comments are skipped.
# 2. reader fields: every lib/ and cmd/ file but reader.c is compiled
#    (-fsyntax-only) against a copy of lib/custody.h whose struct
#    custody_reader fields are renamed, so a file that reads r->data,
#    r->len or r->off by hand fails to compile. The copy lives in
#    build/lint/; lib/ is not touched.
# 3. pointer arithmetic on reader memory: a grep for what the reader's
#    API replaces, outside lib/base/reader.c:
#      custody_reader_ptr(r)[i], custody_reader_ptr(r) + n or - n,
#      *custody_reader_ptr(r), p - custody_reader_ptr(r),
#      memchr/memrchr/memmem/strchr/strrchr/strstr/strspn/strcspn over
#      custody_reader_ptr(r) (use custody_reader_find/word/field/until),
#      custody_reader_init(x, custody_reader_ptr(r), ...) (use sub,
#      window, chop).
#    Passing custody_reader_ptr() with custody_reader_left() to a function
#    that takes (bytes, length) is the intended use and is not matched.
#
# Environment: CC, CFLAGS (the build's ALL_CFLAGS without its -Ilib...),
# LIB_DIRS (the folders of lib/), BUILD.
set -u
BUILD=${BUILD:-build}
CC=${CC:-cc}
LIB_DIRS=${LIB_DIRS:-base sql store records formats analysis ingest bundle synth}
fail=0
src=; hdr=
for d in $LIB_DIRS; do src="$src lib/$d/*.c"; hdr="$hdr lib/$d/*.h"; done

banned='strcpy|strcat|strncpy|strncat|sprintf|vsprintf|sscanf|atoi|atol|atoll|atof|strtok|gmtime|localtime|ctime|ctime_r|asctime|asctime_r|gets|mktemp|tmpnam'
# strip /* ... */ on one line and lines inside block comments (" * ...")
# shellcheck disable=SC2086
hits=$(grep -nE "(^|[^A-Za-z0-9_.>])($banned)[[:space:]]*\\(" $src lib/*.h $hdr cmd/*.c cmd/*.h lib/sql/ext/*.c lib/sql/ext/*.h 2>/dev/null |
    grep -v '^lib/base/banned.h:' |
    sed 's|/\*.*\*/||g' | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(\*|/\*)' |
    grep -E "(^|[^A-Za-z0-9_.>])($banned)[[:space:]]*\\(")
if [ -n "$hits" ]; then
	echo "lint-source: banned functions (lib/base/banned.h says what to use instead):"
	echo "$hits"
	fail=1
fi

arith='custody_reader_ptr\([^()]*\)[[:space:]]*(\[|\+|-[^>])|\*[[:space:]]*custody_reader_ptr\(|-[[:space:]]*(\(const [a-z0-9_ ]+\*\))?[[:space:]]*custody_reader_ptr\(|(memchr|memrchr|memmem|strchr|strrchr|strstr|strspn|strcspn)[[:space:]]*\([[:space:]]*(\(const [a-z0-9_ ]+\*\))?[[:space:]]*custody_reader_ptr\(|custody_reader_init\([^,]*,[[:space:]]*custody_reader_ptr\('
# shellcheck disable=SC2086
hits=$(grep -nE "$arith" $src cmd/*.c lib/sql/ext/*.c 2>/dev/null | grep -v '^lib/base/reader.c:')
if [ -n "$hits" ]; then
	echo "lint-source: pointer arithmetic on reader memory outside lib/base/reader.c:"
	echo "$hits"
	fail=1
fi

L=$BUILD/lint
rm -rf "$L" && mkdir -p "$L" || exit 1
cp -R lib cmd "$L/" || exit 1
sed -e '/^struct custody_reader {$/,/^};$/s/\(data\|len\|off\);$/sealed_\1;/' lib/custody.h > "$L/lib/custody.h"
grep -q 'sealed_off;' "$L/lib/custody.h" || { echo "lint-source: could not seal custody.h"; exit 1; }
inc="-I$L/lib"
for d in $LIB_DIRS; do inc="$inc -I$L/lib/$d"; done
for f in "$L"/lib/*/*.c "$L"/cmd/*.c; do
	case $f in */lib/base/reader.c) continue ;; esac
	# shellcheck disable=SC2086
	out=$($CC $CFLAGS -DCUSTODY_VERSION='"lint"' $inc -fsyntax-only "$f" 2>&1) || {
		echo "lint-source: ${f#"$L"/} touches struct custody_reader's fields (only lib/base/reader.c may):"
		echo "$out" | grep -E 'sealed_|error' | head -5
		fail=1
	}
done
[ $fail -eq 0 ] && echo "lint-source: ok (banned functions, reader fields, reader pointer arithmetic)"
exit $fail
