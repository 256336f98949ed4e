/*
 * testutil.h: helpers shared by the cmocka unit tests (header-only; each
 * test binary includes it once). Tests may include lib/internal.h to reach
 * the parser interface and the record sink.
 */
#ifndef CUSTODY_TESTUTIL_H
#define CUSTODY_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "internal.h"

/* Path of a file under the project (CUSTODY_TOP, set by tests/run.sh). */
static inline const char *
tu_path(const char *rel)
{
	static char buf[4096];
	const char *top = getenv("CUSTODY_TOP");

	snprintf(buf, sizeof(buf), "%s/%s", top != NULL ? top : ".", rel);
	return buf;
}

/* ../shared/data/REL, or NULL when the shared data is absent (skip). */
static inline const char *
tu_shared(const char *rel)
{
	static char buf[4096];
	const char *top = getenv("CUSTODY_TOP");
	struct stat st;

	snprintf(buf, sizeof(buf), "%s/../shared/data/%s",
	    top != NULL ? top : ".", rel);
	return stat(buf, &st) == 0 ? buf : NULL;
}

/* Reads a whole file (caller frees); fails the test if it cannot. */
static inline uint8_t *
tu_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = 0;
	*len = (size_t)n;
	return buf;
}

/* An in-memory database with the case schema and one evidence row (id 1). */
static inline sqlite3 *
tu_memdb(void)
{
	struct custody_error err = { 0 };
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(custody_db_create_schema(db, &err), CUSTODY_OK);
	assert_int_equal(custody_sql_register(db, &err), CUSTODY_OK);
	assert_int_equal(
	    sqlite3_exec(db,
	        "INSERT INTO evidence(id, sha256, sha512, size, original_name, format,"
	        " parser, parser_version, event_seq, parse_digest)"
	        " VALUES (1, 'x', 'x', 0, 'test', 'test', 'test', '0', 1, '')",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	return db;
}

/* Runs parser p over data into evidence 1 of db; returns its code. The
 * sink is finished (evidence row updated) when the parse succeeded. */
static inline enum custody_code
tu_parse(sqlite3 *db, const struct custody_parser *p, const char *name,
    const char *path, const uint8_t *data, size_t len,
    const struct custody_parse_opts *opts, struct custody_error *err)
{
	struct custody_parse_opts none;
	struct custody_parse_input in = { name, path, data, len, NULL };
	struct custody_sink *sink = NULL;
	enum custody_code rc;

	memset(&none, 0, sizeof(none));
	assert_int_equal(custody_sink_open(&sink, db, 1, err), CUSTODY_OK);
	rc = p->parse(&in, opts != NULL ? opts : &none, sink, err);
	if (rc == CUSTODY_OK)
		rc = custody_sink_finish(sink, err);
	custody_sink_free(sink);
	return rc;
}

/* tu_parse() with default options but --strict as given; err cleared first. */
static inline enum custody_code
tu_parse_strict(sqlite3 *db, const struct custody_parser *p, const char *name,
    const void *data, size_t len, bool strict, struct custody_error *err)
{
	struct custody_parse_opts o;

	memset(&o, 0, sizeof(o));
	memset(err, 0, sizeof(*err));
	o.strict = strict;
	return tu_parse(db, p, name, NULL, data, len, &o, err);
}

/* First column of the first row of sql as an integer (-1 when no row). */
static inline int64_t
tu_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* How many units of input evidence 1's parse skipped for reason (its
 * summary), and where the i-th example of them was ("index", "offset"). */
static inline int64_t
tu_skips(sqlite3 *db, const char *reason)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
	    "SELECT coalesce(json_extract(summary, '$.skipped.\"%s\"'), 0)"
	    " FROM evidence WHERE id = 1",
	    reason);
	return tu_int(db, sql);
}

static inline int64_t
tu_skip_at(sqlite3 *db, const char *reason, int i, const char *what)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
	    "SELECT coalesce(json_extract(summary, "
	    "'$.skipped_examples.\"%s\"[%d].%s'), -1) FROM evidence WHERE id = 1",
	    reason, i, what);
	return tu_int(db, sql);
}

/* First column of the first row as text into a static buffer ("" when none). */
static inline const char *
tu_text(sqlite3 *db, const char *sql)
{
	static char buf[4096];
	sqlite3_stmt *st;

	buf[0] = 0;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0) != NULL)
		snprintf(buf, sizeof(buf), "%s",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

/* ------------------------------------------------------------ temp dirs and files */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>

#include <openssl/evp.h>

/* Makes a fresh directory under $TMPDIR (or /tmp) into out; fails the test
 * if it cannot. */
static inline void
tu_mkdtemp(char *out, size_t outlen)
{
	const char *base = getenv("TMPDIR");

	if (base == NULL || base[0] == '\0')
		base = "/tmp";
	snprintf(out, outlen, "%s/custody-test-XXXXXX", base);
	assert_non_null(mkdtemp(out));
}

/* Number of entries in a directory other than . and .. (0 when it is
 * empty); fails the test if it cannot be read. */
static inline int
tu_count_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* Removes path and everything below it (no symlinks followed); missing is fine. */
static inline void
tu_rmtree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char *sub;
	size_t n;

	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	(void)chmod(path, 0700);
	if ((d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			n = strlen(path) + strlen(e->d_name) + 2;
			assert_non_null(sub = malloc(n));
			snprintf(sub, n, "%s/%s", path, e->d_name);
			tu_rmtree(sub);
			free(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

/* Writes len bytes to path (created or truncated) with the given mode. */
static inline void
tu_write(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	size_t done = 0;

	assert_true(fd >= 0);
	while (done < len) {
		ssize_t n = write(fd, (const char *)data + done, len - done);

		assert_true(n > 0);
		done += (size_t)n;
	}
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
}

/* Digest of md over p with OpenSSL's one-shot EVP_Digest, as lower-case
 * hex into out (2 * digest size + 1 bytes): the independent oracle. */
static inline void
tu_digest_hex(const EVP_MD *md, const void *p, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int dl = 0, i;

	assert_int_equal(EVP_Digest(p, n, d, &dl, md, NULL), 1);
	for (i = 0; i < dl; i++) {
		out[2 * i] = hx[d[i] >> 4];
		out[2 * i + 1] = hx[d[i] & 0xf];
	}
	out[2 * dl] = '\0';
}

/* Lower-case hex of n bytes (independent of custody_hex). */
static inline void
tu_hex(const uint8_t *p, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[p[i] >> 4];
		out[2 * i + 1] = hx[p[i] & 0xf];
	}
	out[2 * n] = '\0';
}

/* ------------------------------------------------------------ cases */

/* 2016-05-04T12:00:00Z, the time test actors act at (plus a step). */
#define TU_NOW_NS 1462363200000000000LL

/* Creates a fresh key (*key_out) and a case at dir for examiner "Test
 * Examiner" with id "test-case"; fails the test if it cannot. */
static inline struct custody_case *
tu_case_create(const char *dir, struct custody_key **key_out)
{
	struct custody_error err;
	struct custody_case *c = NULL;
	struct custody_actor who;

	memset(&err, 0, sizeof(err));
	assert_int_equal(custody_key_generate(key_out, &err), CUSTODY_OK);
	who.key = *key_out;
	who.now_ns = TU_NOW_NS;
	if (custody_case_create(&c, dir, "test-case", "Test Examiner", &who,
	        &err) != CUSTODY_OK)
		fail_msg("case create %s: %s", dir, err.msg);
	return c;
}

/* Integer result of sql on a database opened independently of custody
 * (read-only, no custody code involved). */
static inline int64_t
tu_db_int(const char *dbpath, const char *sql)
{
	sqlite3 *db = NULL;
	int64_t v;

	assert_int_equal(
	    sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	v = tu_int(db, sql);
	sqlite3_close(db);
	return v;
}

#endif
