#!/bin/sh
# install.sh: make install into a DESTDIR staging tree puts libcustody
# there as another program needs it (static and shared with its soname,
# custody.h, libcustody.pc, libcustody(3)); the example program of
# libcustody(3), built through pkg-config against the staged library,
# verifies a case (exit 0) and finds a changed original (exit 1), linked
# shared and linked static; make uninstall takes it all away again.
. "$(dirname "$0")/lib.sh"

need_cmd pkg-config "install" || exit 0
need_cmd readelf "install" || exit 0
CC=${CC:-cc}
need_cmd "$CC" "install" || exit 0

STAGE=$T/stage
P=/usr/local
L=$STAGE$P/lib
# The build's own make (MAKEFLAGS carries SANITIZE and the like from make
# check); everything is built already, so this only copies.
if make -C "$TOP" -s BUILD="$BUILD" PREFIX=$P DESTDIR="$STAGE" install >"$T/make.out" 2>&1; then
	ok "install: make install into a DESTDIR staging tree"
else
	notok "install: make install into a DESTDIR staging tree"
	sed 's/^/#   /' "$T/make.out" | head -10
	exit 0
fi

export PKG_CONFIG_PATH="$L/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$STAGE"
V=$(pkg-config --modversion libcustody 2>/dev/null)
check "install: pkg-config finds libcustody $V" test -n "$V"
case $V in 0.*) SOV=0.$(echo "$V" | cut -d. -f2) ;; *) SOV=$(echo "$V" | cut -d. -f1) ;; esac
for f in lib/libcustody.a "lib/libcustody.so.$V" include/custody.h lib/pkgconfig/libcustody.pc \
    share/man/man3/libcustody.3 bin/custody bin/custody-verify; do
	check "install: $f" test -f "$STAGE$P/$f"
done
check "install: libcustody.so.$SOV -> libcustody.so.$V" \
    test "$(readlink "$L/libcustody.so.$SOV")" = "libcustody.so.$V"
check "install: libcustody.so -> libcustody.so.$SOV" \
    test "$(readlink "$L/libcustody.so")" = "libcustody.so.$SOV"
readelf -d "$L/libcustody.so.$V" > "$T/dyn" 2>&1
contains "install: the shared library's soname is libcustody.so.$SOV" "$T/dyn" \
    "Library soname: [libcustody.so.$SOV]"
contains "install: the installed header names this version" "$STAGE$P/include/custody.h" \
    "#define CUSTODY_VERSION \"$V\""
contains "install: the header states the compatibility promise" "$STAGE$P/include/custody.h" \
    "promises this about compatibility"
nm -D --defined-only "$L/libcustody.so.$V" | awk '{print $3}' > "$T/exports"
check "install: the shared library exports only custody.h's functions" \
    sh -c "! grep -v '^custody_' '$T/exports' && grep -qx custody_case_open '$T/exports' &&
    grep -qx custody_version '$T/exports' && ! grep -qx custody_sink_open '$T/exports'"

# Built with sanitizers, the library needs them in the program too.
SAN=
grep -q 'libasan' "$T/dyn" && SAN="$SAN -fsanitize=address"
grep -q 'libubsan' "$T/dyn" && SAN="$SAN -fsanitize=undefined"
grep -q 'libtsan' "$T/dyn" && SAN="$SAN -fsanitize=thread"

# The example of libcustody(3), as printed there.
awk '/^\.Sh EXAMPLES/ { ex = 1 } ex && /^\.Bd -literal/ { on = 1; next }
	on && /^\.Ed/ { exit } on { gsub(/\\e/, "\\"); print }' \
    "$TOP/docs/man/libcustody.3" > "$T/verify-case.c"
check "install: libcustody(3) has an example program" grep -q 'custody_verify' "$T/verify-case.c"
cat > "$T/version.c" <<'EOF'
#include <stdio.h>
#include <string.h>

#include <custody.h>

int
main(void)
{
	printf("%s %s\n", CUSTODY_VERSION, custody_version());
	return strcmp(CUSTODY_VERSION, custody_version()) != 0;
}
EOF
# shellcheck disable=SC2046
if $CC $SAN -o "$T/verify-case" "$T/verify-case.c" $(pkg-config --cflags --libs libcustody) \
    >"$T/cc.out" 2>&1 &&
    $CC $SAN -o "$T/version" "$T/version.c" $(pkg-config --cflags --libs libcustody) >>"$T/cc.out" 2>&1; then
	ok "install: the example builds against the staged library through pkg-config"
else
	notok "install: the example builds against the staged library through pkg-config"
	sed 's/^/#   /' "$T/cc.out" | head -10
	exit 0
fi
readelf -d "$T/verify-case" > "$T/prog.dyn" 2>&1
contains "install: the program needs libcustody.so.$SOV" "$T/prog.dyn" "Shared library: [libcustody.so.$SOV]"
LD_LIBRARY_PATH=$L ldd "$T/verify-case" > "$T/ldd" 2>&1
contains "install: ... and loads it from the staging tree" "$T/ldd" "$L/libcustody.so.$SOV"
expect_exit 0 "install: custody_version() is the header's CUSTODY_VERSION" \
    env LD_LIBRARY_PATH="$L" "$T/version"
contains "install: ... $V" "$T/out" "$V $V"

new_case "$T/c" || { notok "install: a case to verify"; exit 0; }
printf 'an original\n' > "$T/one.txt"
custody ingest -q --format raw "$T/c" --key "$T/key" "$T/one.txt" >/dev/null 2>&1
cp -R "$T/c" "$T/c2"
expect_exit 0 "install: the program verifies a case with the shared library" \
    env LD_LIBRARY_PATH="$L" "$T/verify-case" "$T/c"
contains "install: ... chain and objects checked" "$T/out" "ok object: 1 original re-hashed"
obj=$(find "$T/c2/objects" -type f | head -n 1)
chmod u+w "$obj" && printf 'X' | dd of="$obj" bs=1 seek=3 conv=notrunc 2>/dev/null
expect_exit 1 "install: ... and finds a changed original (exit 1)" \
    env LD_LIBRARY_PATH="$L" "$T/verify-case" "$T/c2"
contains "install: ... naming it" "$T/out" "FAIL object: evidence 1 (one.txt)"

# Static: libcustody.a and what pkg-config --static adds.
# shellcheck disable=SC2046
if $CC $SAN -o "$T/verify-static" "$T/verify-case.c" $(pkg-config --cflags libcustody) \
    $(pkg-config --static --libs libcustody | sed 's/-lcustody\( \|$\)/-l:libcustody.a /') \
    >"$T/cc.out" 2>&1; then
	ok "install: the example links statically (pkg-config --static)"
	readelf -d "$T/verify-static" > "$T/static.dyn" 2>&1
	check "install: ... without libcustody.so" sh -c "! grep -q libcustody '$T/static.dyn'"
	expect_exit 0 "install: ... and verifies the case" "$T/verify-static" "$T/c"
	expect_exit 1 "install: ... and finds the changed original" "$T/verify-static" "$T/c2"
else
	notok "install: the example links statically (pkg-config --static)"
	sed 's/^/#   /' "$T/cc.out" | head -10
fi

if make -C "$TOP" -s BUILD="$BUILD" PREFIX=$P DESTDIR="$STAGE" uninstall >"$T/make.out" 2>&1 &&
    [ -z "$(find "$STAGE" ! -type d)" ]; then
	ok "install: make uninstall removes everything it installed"
else
	notok "install: make uninstall removes everything it installed"
	find "$STAGE" ! -type d | sed 's/^/#   left: /' | head -5
fi
