#!/bin/sh
# format.sh: the tree is in the house style that .clang-format writes down
# (issue 18): `make format` leaves every C file as it is, and the check
# fails on a file that is not (a planted one), so it can fail.
. "$(dirname "$0")/lib.sh"

need_cmd clang-format format || exit 0

files=$(make -s -C "$TOP" --no-print-directory -f Makefile -f - print-format-src <<'MK'
print-format-src:
	@echo $(FORMAT_SRC)
MK
)
n=$(echo "$files" | wc -w)
if [ "$n" -lt 100 ]; then
	notok "format: FORMAT_SRC names only $n files"
elif out=$(cd "$TOP" && clang-format --dry-run -Werror $files 2>&1); then
	ok "format: all $n C files are as clang-format leaves them"
else
	notok "format: files differ from .clang-format (run make format)"
	echo "$out" | grep 'error:' | head -5 | sed 's/^/#   /'
fi

# A planted file in another style is found.
cp "$TOP/.clang-format" .
printf 'int f(int a){if(a) return 1; return 0;}\n' > planted.c
if clang-format --dry-run -Werror planted.c >/dev/null 2>&1; then
	notok "format: a file in another style passed the check"
else
	ok "format: a file in another style is found"
fi
