# custody: one non-recursive Makefile.
#
#   make                 build/bin/custody and every custody-VERB
#   make check           unit tests, end-to-end tests, docs checks; ends "N passed, N failed"
#   make SANITIZE=address,undefined check   the same under ASan+UBSan (in build/sanitize/)
#   make demo            the alfa-2016 case end to end
#   make bench           benchmarks against their peers (tests/bench), not timed in check
#   make install PREFIX=/usr/local DESTDIR=   (also lib/custody/custody.so, the SQLite extension)
#
# Missing Debian packages are installed by the build itself when it runs as
# root with apt-get available; otherwise it stops and prints the exact command.

PREFIX  ?= /usr/local
DESTDIR ?=
VERSION  = 0.1.0

ifeq ($(SANITIZE),)
BUILD   ?= build
HARDEN   = -D_FORTIFY_SOURCE=3 -fstack-protector-strong \
	   -fstack-clash-protection -fcf-protection
SANLD    =
else
BUILD   ?= build/sanitize
HARDEN   = -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
SANLD    = -fsanitize=$(SANITIZE)
endif

CC      ?= gcc
CSTD     = -std=c11 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64
WARN     = -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion \
	   -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
	   -Wold-style-definition -Wvla -Wcast-qual -Wwrite-strings \
	   -Wnull-dereference -Wimplicit-fallthrough -Wundef \
	   -Wdouble-promotion -Wpointer-arith -Wjump-misses-init -fno-common
WERROR  ?= -Werror
CFLAGS  ?= -O2 -g
PKGS     = libcrypto sqlite3 libarchive libpcap libcurl

# Recursive (=) on purpose: pkg-config runs when a recipe needs the flags,
# which is after the dependency check below has installed it.
ALL_CFLAGS = $(CSTD) $(WARN) $(WERROR) $(HARDEN) $(CFLAGS) -pthread $(LIB_INC) -I$(BUILD)/gen \
	     -DCUSTODY_VERSION='"$(VERSION)"' $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS       = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -pthread
TEST_LIBS  = $(shell pkg-config --libs cmocka 2>/dev/null)

# ---------------------------------------------------------------- sources
# lib/ by layer, lowest first: a folder uses only the folders before it
# (tests/layers.sh checks it; README, "Source tree").
LIB_DIRS  = base sql store records formats analysis ingest bundle synth
LIB_INC   = -Ilib $(LIB_DIRS:%=-Ilib/%)
LIB_SRC   = $(sort $(wildcard $(LIB_DIRS:%=lib/%/*.c)))
LIB_OBJ   = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/schema.o
CMD_SRC   = $(sort $(filter-out cmd/cli.c,$(wildcard cmd/*.c)))
CMD_BIN   = $(CMD_SRC:cmd/%.c=$(BUILD)/bin/%)
CLI_OBJ   = $(BUILD)/cmd/cli.o
TEST_SRC  = $(sort $(wildcard tests/test_*.c))
TEST_BIN  = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TOOL_SRC  = $(sort $(wildcard tests/tools/*.c))
TOOL_BIN  = $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tests/tools/%)
SCHEMA    = schema/case.sql schema/records.sql schema/indexes.sql schema/records-v4.sql \
	    $(sort $(wildcard schema/migrate/*.sql schema/queries/*.sql)) \
	    $(sort $(wildcard schema/extract/*.sql)) $(sort $(wildcard schema/records/*.sql))
# earlier query texts custody review still accepts (lib/analysis/query.c)
SCHEMA   += schema/superseded.txt

# custody's SQL functions as a SQLite loadable extension (lib/sql/ext/): sqlfunc.c
# and what it calls, built again with sqlite3ext.h in front and without
# sanitizers, so that stock sqlite3 can load it (`.load .../custody`).
EXT_SRC   = lib/sql/ext/custody-sqlite.c lib/sql/sqlfunc.c lib/base/error.c lib/base/time.c lib/base/tz.c lib/base/reader.c \
	    lib/base/prng.c lib/sql/dnsnames.c lib/base/util.c
EXT_OBJ   = $(EXT_SRC:%.c=$(BUILD)/ext-obj/%.o)
EXT_SO    = $(BUILD)/ext/custody.so

DEPS_STAMP = $(BUILD)/.deps-ok

# make V=1 shows the full commands.
ifeq ($(V),1)
Q   =
SAY = true
else
Q   = @
SAY = echo
endif

.PHONY: all check demo bench install uninstall clean deps format format-check lint
all: $(CMD_BIN) $(EXT_SO)

# ---------------------------------------------------------------- dependencies
# Debian packages the build needs (headers + pkg-config files), and those the
# tests use as oracles and peers. Each line: package, then how to tell it is there.
BUILD_DEBS = pkg-config libssl-dev libsqlite3-dev libpcap-dev libarchive-dev libcmocka-dev \
	     libcurl4-openssl-dev
# One line per use, so each package a test calls is named where a reader
# (or a fresh machine's check) looks for it.
CHECK_DEBS  = mandoc openssl sqlite3 locales python3 zip jq
# captures: tcpdump writes and reads them, tshark (and capinfos, from
# wireshark-common) decodes them as the peer of tests/e2e/pcap.sh and zeekconn.sh
CHECK_DEBS += tcpdump tshark
# real DNS servers on loopback: named, dig and dnstap-read; unbound;
# fstrm_capture for Unbound's dnstap (tests/e2e/dnstap.sh)
CHECK_DEBS += bind9 bind9-dnsutils unbound fstrm-bin
# signature formats checked with the stock tools
CHECK_DEBS += minisign signify-openbsd openssh-client
# report.html in headless Chromium, its PDF read back by pdftoppm and pdftotext
CHECK_DEBS += chromium poppler-utils
# custody extract against a real clickhouse-server (tests/clickhouse.sh)
CHECK_DEBS += clickhouse-server clickhouse-client
# compressed originals, checked against the stock decompressors
CHECK_DEBS += xz-utils zstd bzip2
# days of a real Unbound's log in minutes (libfaketime; tests/e2e/lint-server.sh)
CHECK_DEBS += faketime
# tests/e2e/case-uco.sh reads custody's CASE/UCO output as RDF (rdflib, for /usr/bin/python3).
CHECK_DEBS += python3-rdflib
# the house style: tests/e2e/format.sh checks the tree against .clang-format
CHECK_DEBS += clang-format

deps: $(DEPS_STAMP)
$(DEPS_STAMP): Makefile
	@sh tests/deps.sh build $(BUILD_DEBS)
	@mkdir -p $(@D) && touch $@

# ---------------------------------------------------------------- build rules
$(BUILD)/gen/schema.c: $(SCHEMA) $(wildcard schema/include/*.sql) tests/embed.sh | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)sh tests/embed.sh $(SCHEMA) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/schema.o: $(BUILD)/gen/schema.c
	$(Q)$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c $< -o $@

$(BUILD)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@$(SAY) "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

EXT_CFLAGS = $(CSTD) $(WARN) $(WERROR) -D_FORTIFY_SOURCE=3 -fstack-protector-strong $(CFLAGS) \
	     -fPIC -ffunction-sections -fdata-sections -fvisibility=hidden -pthread $(LIB_INC) \
	     -I$(BUILD)/gen -include lib/sql/ext/sqlite-api.h -DCUSTODY_VERSION='"$(VERSION)"' \
	     $(shell pkg-config --cflags $(PKGS) 2>/dev/null)

$(BUILD)/ext-obj/%.o: %.c lib/sql/ext/sqlite-api.h | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@$(SAY) "  CC      $< (SQLite extension)"
	$(Q)$(CC) $(EXT_CFLAGS) -MMD -MP -c $< -o $@

$(EXT_SO): $(EXT_OBJ)
	@mkdir -p $(@D)
	@$(SAY) "  LD      $@"
	$(Q)$(CC) -shared -o $@ $^ -Wl,--gc-sections -Wl,--no-undefined -lm -pthread \
	    $(shell pkg-config --libs libcrypto sqlite3 2>/dev/null)

$(BUILD)/libcustody.a: $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/bin/%: $(BUILD)/cmd/%.o $(CLI_OBJ) $(BUILD)/libcustody.a
	@mkdir -p $(@D)
	@$(SAY) "  LD      $@"
	$(Q)$(CC) $(SANLD) $(LDFLAGS) -o $@ $^ $(LIBS)

# lib/base/banned.h binds lib/, cmd/ and the fuzz harnesses; tests and their
# tools build fixtures and may use what it bans.
$(BUILD)/tests/%.o: ALL_CFLAGS += -DCUSTODY_ALLOW_BANNED

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(BUILD)/libcustody.a
	$(Q)$(CC) $(SANLD) $(LDFLAGS) -o $@ $^ $(TEST_LIBS) $(LIBS)

$(BUILD)/tests/tools/%: $(BUILD)/tests/tools/%.o $(BUILD)/libcustody.a
	$(Q)$(CC) $(SANLD) $(LDFLAGS) -o $@ $^ $(LIBS)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------- tests
# tests/run.sh runs every unit binary and every tests/e2e/*.sh, counts, and
# prints the closing "N passed, N failed" line.
check: $(CMD_BIN) $(EXT_SO) $(TEST_BIN) $(TOOL_BIN)
	@sh tests/deps.sh check $(CHECK_DEBS)
	@BUILD=$(BUILD) sh tests/run.sh

demo: $(CMD_BIN)
	@sh tests/deps.sh check $(CHECK_DEBS)
	@BIN=$(BUILD)/bin sh casefiles/alfa-2016/demo.sh

bench: $(CMD_BIN) $(TOOL_BIN)
	@BUILD=$(BUILD) sh tests/bench/run.sh

install: $(CMD_BIN) $(EXT_SO) install-lib
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/lib/custody
	install -m 0755 $(CMD_BIN) $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 $(EXT_SO) $(DESTDIR)$(PREFIX)/lib/custody/custody.so
	install -m 0644 docs/man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/

uninstall: uninstall-lib
	rm -f $(CMD_BIN:$(BUILD)/bin/%=$(DESTDIR)$(PREFIX)/bin/%)
	rm -f $(DESTDIR)$(PREFIX)/lib/custody/custody.so
	-rmdir $(DESTDIR)$(PREFIX)/lib/custody 2>/dev/null
	rm -f $(patsubst docs/man/%,$(DESTDIR)$(PREFIX)/share/man/man1/%,$(wildcard docs/man/*.1))

# ---------------------------------------------------------------- libcustody for other programs
# make install-lib (part of make install): libcustody.a, the shared library
# (soname libcustody.so.SOVERSION, and the libcustody.so link to build with),
# custody.h, libcustody.pc (written at install time, for that PREFIX; its
# Libs.private are the libraries custody calls, linked as shared ones, since
# their own static dependencies are not all packaged), and libcustody(3),
# which describes them and so is installed only with them. The shared library is linked from its own
# position-independent objects ($(BUILD)/pic/), so the commands and tests
# keep the code they had; it exports only what custody.h declares (a
# version script made from the header). SOVERSION: 0.MINOR before 1.0
# (every 0.x release may change the ABI), then MAJOR; see custody.h.
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
SOVERSION   = $(if $(filter 0,$(word 1,$(subst ., ,$(VERSION)))),0.$(word 2,$(subst ., ,$(VERSION))),$(word 1,$(subst ., ,$(VERSION))))
SONAME      = libcustody.so.$(SOVERSION)
SHLIB       = $(BUILD)/libcustody.so.$(VERSION)
PIC_OBJ     = $(LIB_OBJ:$(BUILD)/%.o=$(BUILD)/pic/%.o)
LIB_FILES   = $(BUILD)/libcustody.a $(SHLIB) $(BUILD)/custody.h

.PHONY: lib install-lib uninstall-lib
lib: $(LIB_FILES)
# tests/e2e/install.sh installs these into a staging tree.
check: $(LIB_FILES)

$(BUILD)/pic/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@$(SAY) "  CC -fPIC $<"
	$(Q)$(CC) $(ALL_CFLAGS) -fPIC -MMD -MP -c $< -o $@

$(BUILD)/pic/gen/schema.o: $(BUILD)/gen/schema.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -fPIC -Wno-overlength-strings -c $< -o $@

# Every function custody.h declares (a line that starts a declaration).
$(BUILD)/libcustody.map: lib/custody.h
	@mkdir -p $(@D)
	$(Q){ echo '{ global:'; \
	  sed -n 's/^[a-z][^(]*[ *]\(custody_[a-z0-9_]*\)(.*/\1;/p' lib/custody.h | sort -u; \
	  echo 'local: *; };'; } > $@.tmp && mv $@.tmp $@

$(SHLIB): $(PIC_OBJ) $(BUILD)/libcustody.map
	@$(SAY) "  LD      $@"
	$(Q)$(CC) $(SANLD) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined \
	    -Wl,--version-script=$(BUILD)/libcustody.map -o $@ $(PIC_OBJ) $(LIBS)

# The header as installed: its CUSTODY_VERSION is this release's.
$(BUILD)/custody.h: lib/custody.h Makefile
	$(Q)sed 's/^#define CUSTODY_VERSION ".*"$$/#define CUSTODY_VERSION "$(VERSION)"/' $< > $@

install-lib: $(LIB_FILES)
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) \
	    $(DESTDIR)$(PREFIX)/share/man/man3
	install -m 0644 $(BUILD)/libcustody.a $(DESTDIR)$(LIBDIR)/
	install -m 0755 $(SHLIB) $(DESTDIR)$(LIBDIR)/
	ln -sf libcustody.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libcustody.so
	install -m 0644 $(BUILD)/custody.h $(DESTDIR)$(INCLUDEDIR)/
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' 'includedir=$(INCLUDEDIR)' '' \
	    'Name: libcustody' \
	    'Description: forensic evidence cases, signed custody logs and sealed bundles' \
	    'Version: $(VERSION)' \
	    'Cflags: -I$${includedir}' 'Libs: -L$${libdir} -lcustody' 'Libs.private: $(strip $(LIBS))' \
	    > $(DESTDIR)$(LIBDIR)/pkgconfig/libcustody.pc
	install -m 0644 docs/man/libcustody.3 $(DESTDIR)$(PREFIX)/share/man/man3/

uninstall-lib:
	rm -f $(DESTDIR)$(LIBDIR)/libcustody.a $(DESTDIR)$(LIBDIR)/libcustody.so.$(VERSION) \
	    $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libcustody.so \
	    $(DESTDIR)$(INCLUDEDIR)/custody.h $(DESTDIR)$(LIBDIR)/pkgconfig/libcustody.pc \
	    $(DESTDIR)$(PREFIX)/share/man/man3/libcustody.3

# Every C file in the tree, in the house style .clang-format writes down.
FORMAT_SRC = $(sort $(wildcard lib/*.h lib/*/*.c lib/*/*.h cmd/*.c cmd/*.h lib/sql/ext/*.c lib/sql/ext/*.h \
	     tests/*.c tests/*.h tests/tools/*.c tests/fuzz/*.c tests/fuzz/*.h))

format:
	clang-format -i $(FORMAT_SRC)

format-check:
	clang-format --dry-run -Werror $(FORMAT_SRC)

lint: $(LIB_OBJ) format-check
	mandoc -Tlint -Wwarning docs/man/*.1 docs/man/*.3
	sh tests/layers.sh lib $(BUILD)/lib "$(LIB_DIRS)"
	@CC="$(CC)" CFLAGS="$(filter-out $(LIB_INC) -DCUSTODY_VERSION=%,$(ALL_CFLAGS))" \
	    LIB_DIRS="$(LIB_DIRS)" BUILD=$(BUILD) sh tests/lint-source.sh

clean:
	rm -rf build

.SECONDARY:

# ---------------------------------------------------------------- fuzzing
# make fuzz: every tests/fuzz/fuzz_*.c as a libFuzzer binary build/fuzz/fuzz_*,
# with the library compiled by clang under ASan+UBSan (build/fuzz/lib/).
# make fuzz-smoke: each harness for FUZZ_SECONDS (60) from its seeds; see
# tests/fuzz/smoke.sh. FUZZ=substr selects harnesses.
FUZZ_CC     = clang
FUZZ_DIR    = build/fuzz
FUZZ_SAN    = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# Smaller tables so that short inputs reach the paths where one is full
# (lib/formats/flows.h, lib/formats/parse_pcap.c); the limits themselves are tested at
# their real values by tests/test_limits.c.
FUZZ_TUNE   = -DCUSTODY_FLOW_SLOTS=64u -DCUSTODY_DNS_PAIR_SLOTS=64u -DCUSTODY_FRAG_SLOTS=16 \
	      -DCUSTODY_TCP_BUFFERED='(16u << 10)' -DCUSTODY_FRAG_BYTES='(16u << 10)'
FUZZ_CFLAGS = $(CSTD) -g -O1 $(FUZZ_SAN) -Wall -Wextra -Wno-unused-parameter -pthread \
	      $(FUZZ_TUNE) $(LIB_INC) -DCUSTODY_VERSION='"$(VERSION)"' $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
FUZZ_SRC    = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN    = $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_DIR)/%)
FUZZ_LIBOBJ = $(LIB_SRC:%.c=$(FUZZ_DIR)/%.o) $(FUZZ_DIR)/gen/schema.o
FUZZ_DEBS   = clang libclang-rt-14-dev llvm
FUZZ_SECONDS ?= 60
# Library code left out of coverage (not of ASan/UBSan): see the file.
FUZZ_IGNORE = tests/fuzz/coverage.ignore

# make hostile: the hostile-case suite at length (tests/tools/hostile-case.c;
# make check runs a short one): HOSTILE_CASES edits from HOSTILE_SEED.
HOSTILE_CASES ?= 2000
HOSTILE_SEED  ?= 20161031
.PHONY: hostile
hostile: $(CMD_BIN) $(TOOL_BIN)
	@HOSTILE_CASES=$(HOSTILE_CASES) HOSTILE_SEED=$(HOSTILE_SEED) BUILD=$(BUILD) \
	    TESTS=hostile-case sh tests/run.sh

.PHONY: fuzz fuzz-smoke valgrind
fuzz: $(FUZZ_BIN)

$(FUZZ_DIR)/.deps-ok: Makefile
	@sh tests/deps.sh build $(BUILD_DEBS) $(FUZZ_DEBS)
	@mkdir -p $(@D) && touch $@

$(FUZZ_DIR)/gen/schema.c: $(SCHEMA) $(wildcard schema/include/*.sql) tests/embed.sh | $(FUZZ_DIR)/.deps-ok
	@mkdir -p $(@D)
	$(Q)sh tests/embed.sh $(SCHEMA) > $@.tmp && mv $@.tmp $@

$(FUZZ_DIR)/gen/schema.o: $(FUZZ_DIR)/gen/schema.c
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_DIR)/lib/%.o: lib/%.c Makefile $(FUZZ_IGNORE) | $(FUZZ_DIR)/.deps-ok
	@mkdir -p $(@D)
	@$(SAY) "  FUZZCC  $<"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
	    -fsanitize-coverage-ignorelist=$(FUZZ_IGNORE) -MMD -MP -c $< -o $@

$(FUZZ_DIR)/libcustody.a: $(FUZZ_LIBOBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%.o: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h | $(FUZZ_DIR)/.deps-ok
	@mkdir -p $(@D)
	@$(SAY) "  FUZZCC  $<"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -Werror -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/fuzz_%.o $(FUZZ_DIR)/libcustody.a
	@$(SAY) "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LIBS)

fuzz-smoke: $(FUZZ_BIN) $(TOOL_BIN)
	@BUILD=$(BUILD) FUZZ_DIR=$(FUZZ_DIR) FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/smoke.sh

# make valgrind: the end-to-end tests with every custody binary under
# valgrind memcheck (tests/e2e/lib.sh honours VALGRIND); errors and
# definite leaks fail the test that ran the binary.
valgrind: $(CMD_BIN) $(TOOL_BIN)
	@sh tests/deps.sh build valgrind
	@BUILD=$(BUILD) sh tests/valgrind.sh
