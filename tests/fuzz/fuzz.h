/*
 * fuzz.h: what the libFuzzer harnesses of tests/fuzz/ share (header-only;
 * each harness includes it once).
 *
 * Parsers write through one sink, reset per input, for one in-memory
 * database with the case schema, made once per process. Most inputs are
 * parsed digest only: their rows are encoded and hashed, not stored (see
 * fz_parse()); the others are stored inside a transaction that is rolled
 * back. So an execution costs the parse and little else (10,000 a second
 * and more by harness: docs/robustness.md), and no state carries over
 * from one input to the next.
 *
 * The parse options are chosen from the input's length (not its bytes, so
 * every byte stays the parser's): odd lengths read local times in
 * America/New_York, lengths 7 mod 8 are strict. The same input always
 * runs with the same options, so a crash reproduces from its file alone.
 */
#ifndef CUSTODY_FUZZ_H
#define CUSTODY_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h> /* memfd_create, with _GNU_SOURCE: fz_memfd() */
#include <unistd.h>

#include <sqlite3.h>

#include "internal.h"

static sqlite3 *fz_db_handle;

/* Stops the run: a harness that cannot set up must not look like a pass. */
static inline void
fz_die(const char *what, const char *why)
{
	fprintf(stderr, "fuzz harness: %s: %s\n", what, why != NULL ? why : "");
	abort();
}

/*
 * SQLite allocates through glibc's own malloc here, not through ASan's.
 * Debian's SQLite is built without lookaside (SQLITE_OMIT_LOOKASIDE), so
 * every value, cursor and page of every input was an ASan allocation,
 * quarantined when freed: the next input's came from fresh memory, mapped
 * and faulted in, a fifth of fuzz_bind's time. SQLite is not instrumented
 * anyway; what this gives up is ASan's bounds on the buffers SQLite
 * hands back (column values) and LeakSanitizer's view of SQLite objects
 * left unfreed (make valgrind still sees those). The size is kept in
 * front of each block, as SQLite's own allocator does. Only where clang
 * says ASan is on (make fuzz): elsewhere (test_regress under gcc, or
 * TSan, which would see blocks reused across threads without their free)
 * SQLite keeps the system's malloc.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FZ_SQL_LIBC 1
#endif
#endif

#ifdef FZ_SQL_LIBC
extern void *__libc_malloc(size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static void *
fz_sql_malloc(int n)
{
	int64_t *p = __libc_malloc((size_t)n + 8);

	if (p == NULL)
		return NULL;
	p[0] = n;
	return p + 1;
}

static void
fz_sql_free(void *p)
{
	if (p != NULL)
		__libc_free((int64_t *)p - 1);
}

static void *
fz_sql_realloc(void *p, int n)
{
	int64_t *q;

	if (p == NULL) /* SQLite does not ask, but NULL - 1 is undefined */
		return fz_sql_malloc(n);
	q = __libc_realloc((int64_t *)p - 1, (size_t)n + 8);

	if (q == NULL)
		return NULL;
	q[0] = n;
	return q + 1;
}

static int
fz_sql_size(void *p)
{
	return p != NULL ? (int)((int64_t *)p)[-1] : 0;
}

static int
fz_sql_roundup(int n)
{
	return (n + 7) & ~7;
}

static int
fz_sql_init(void *arg)
{
	(void)arg;
	return SQLITE_OK;
}

static void
fz_sql_shutdown(void *arg)
{
	(void)arg;
}
#endif

static inline sqlite3 *
fz_db(void)
{
	struct custody_error err;
#ifdef FZ_SQL_LIBC
	static const sqlite3_mem_methods mem = { fz_sql_malloc, fz_sql_free,
		fz_sql_realloc, fz_sql_size, fz_sql_roundup, fz_sql_init,
		fz_sql_shutdown, NULL };
#endif

	if (fz_db_handle != NULL)
		return fz_db_handle;
	memset(&err, 0, sizeof(err));
#ifdef FZ_SQL_LIBC
	/* Before SQLite starts, or not at all (then it keeps malloc). */
	(void)sqlite3_config(SQLITE_CONFIG_MALLOC, &mem);
#endif
	if (sqlite3_open(":memory:", &fz_db_handle) != SQLITE_OK)
		fz_die("sqlite3_open", sqlite3_errmsg(fz_db_handle));
	if (custody_db_create_schema(fz_db_handle, &err) != CUSTODY_OK)
		fz_die("schema", err.msg);
	return fz_db_handle;
}

/* The options an input of len bytes is parsed with (see above). */
static inline void
fz_opts(struct custody_parse_opts *o, size_t len)
{
	memset(o, 0, sizeof(*o));
	o->year = 2016;
	if (len & 1)
		o->tz = "America/New_York";
	o->strict = (len & 7) == 7;
}

/* One prepared statement of the harness, kept for the process. */
static inline void
fz_exec(sqlite3_stmt **st, const char *sql)
{
	sqlite3 *db = fz_db();

	if (*st == NULL &&
	    sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
		fz_die(sql, sqlite3_errmsg(db));
	if (sqlite3_step(*st) != SQLITE_DONE)
		fz_die(sql, sqlite3_errmsg(db));
	sqlite3_reset(*st);
}

/*
 * Runs parser p over data (path: where the same bytes are on disk, for
 * the pcap parser, else NULL) through the sink, finishes it and computes
 * the parse digest as ingest does. The sink is set up once and reset per
 * input (custody_sink_reset(), at the end of the input and again at the
 * start of the next, where it reads the row ids: nothing of one input
 * reaches the next). Most inputs are parsed digest only
 * (custody_sink_digest_only()): their rows are encoded and hashed, never
 * stored, and the database is not touched. One input in FZ_READBACK (by
 * length, so that a finding reproduces) is stored as ingest stores it,
 * into evidence 1 of the scratch database inside a transaction rolled
 * back after: its summary is made again as ingest asks for it, and its
 * digest is read back from the rows as verify does; the two digests must
 * agree. So is every input when stored is true: for a parser whose rows
 * go to tables the stream never takes (schema 4's: FUZZ_TEXT_PARSER_STORED
 * below). A digest-only input whose digest the sink could not stream
 * (rows of one line that sort out of order, as two of a Zeek line can:
 * 2 % of fuzz_zeek's inputs) ends there, the digest refused: ingest would
 * read it back from the rows, which only a stored input has. Parsing
 * those again, stored, cost fuzz_zeek a fifth of its time; the stored
 * inputs among them still take that path. Returns the parser's code.
 *
 * FZ_READBACK is a prime: libFuzzer's length limits (-max_len, and the
 * largest seed) are powers of two or near them, and inputs pile up at the
 * limit; with 64 every input of 4,096 or 65,536 octets was read back, a
 * third of fuzz_pcap's time at -max_len=4096.
 */
#ifndef FZ_READBACK
#define FZ_READBACK 251
#endif
static inline enum custody_code
fz_parse(const struct custody_parser *p, const char *path, const uint8_t *data,
    size_t len, const struct custody_parse_opts *o, bool stored)
{
	static struct custody_sink *sink;
	static sqlite3_stmt *begin, *evidence, *rollback;
	struct custody_parse_input in = { "fuzz-input", path, data, len, NULL };
	struct custody_error err;
	sqlite3 *db = fz_db();
	enum custody_code rc;
	char digest[65], readback[65];
	bool check = len % FZ_READBACK == 0, store = stored || check;

	memset(&err, 0, sizeof(err));
	if (store) {
		fz_exec(&begin, "BEGIN");
		fz_exec(&evidence,
		    "INSERT INTO evidence(id, sha256, sha512, size, original_name, format, parser,"
		    " parser_version, event_seq, parse_digest)"
		    " VALUES (1, 'x', 'x', 0, 'fuzz', 'fuzz', 'fuzz', '0', 1, '')");
	}
	if (sink == NULL ? custody_sink_open(&sink, db, 1, &err) != CUSTODY_OK
	                 : custody_sink_reset(sink, 1, &err) != CUSTODY_OK)
		fz_die("sink", err.msg);
	if (!store)
		custody_sink_digest_only(sink);
	(void)p->detect(data, len);
	rc = p->parse(&in, o, sink, &err);
	if (rc == CUSTODY_OK)
		rc = custody_sink_finish(sink, &err);
	if (rc == CUSTODY_OK)
		rc = custody_sink_digest(sink, digest, &err);
	if (rc == CUSTODY_OK && check) {
		/* custody_sink_finish() stored the summary; this is the
		 * caller's copy, as ingest takes it */
		free(custody_sink_summary_json(sink));
		if (custody_parse_digest(db, 1, readback, &err) != CUSTODY_OK)
			fz_die("reading the digest back", err.msg);
		if (strcmp(digest, readback) != 0)
			fz_die("streamed and read-back parse digests differ",
			    p->name);
	}
	/* A refusal must say why. */
	if (rc != CUSTODY_OK && err.msg[0] == '\0')
		fz_die("parser failed without a message", p->name);
	/* The parse ends inside the input and its transaction: what it left
	 * queued or running (a failed parse) is ended before the rollback,
	 * and what it allocated is freed, or libFuzzer would take every
	 * input for a leak (and check it again, at length). */
	if (custody_sink_reset(sink, 1, &err) != CUSTODY_OK)
		fz_die("sink reset", err.msg);
	if (store)
		fz_exec(&rollback, "ROLLBACK");
	return rc;
}

#ifdef MFD_CLOEXEC
/* Writes data to *fd, a memfd made on first use (the harness's own, kept
 * across inputs), for code that reads an original by descriptor or path. */
static inline void
fz_memfd(int *fd, const char *name, const uint8_t *data, size_t len)
{
	size_t done = 0;

	if (*fd < 0 && (*fd = memfd_create(name, MFD_CLOEXEC)) < 0)
		fz_die("memfd_create", NULL);
	while (done < len) {
		ssize_t n = pwrite(*fd, data + done, len - done, (off_t)done);

		if (n <= 0)
			fz_die("pwrite", NULL);
		done += (size_t)n;
	}
	/* Cut to length after the write, not to 0 before it: the pages the
	 * last input left are written over, not freed and taken again. */
	if (ftruncate(*fd, (off_t)len) != 0)
		fz_die("ftruncate", NULL);
}
#endif

/* The harness of one text-log parser; _STORED: every input stored and
 * its digest read back (see fz_parse()). */
#define FUZZ_TEXT_PARSER_(parser, stored)                                      \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)            \
	{                                                                      \
		struct custody_parse_opts o;                                   \
                                                                               \
		fz_opts(&o, len);                                              \
		(void)fz_parse(&(parser), NULL, data, len, &o, stored);        \
		return 0;                                                      \
	}
#define FUZZ_TEXT_PARSER(parser)        FUZZ_TEXT_PARSER_(parser, false)
#define FUZZ_TEXT_PARSER_STORED(parser) FUZZ_TEXT_PARSER_(parser, true)

#endif

/* Outside the include guard: tests/test_regress.c includes several
 * harnesses, each with LLVMFuzzerTestOneInput renamed by a macro. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
